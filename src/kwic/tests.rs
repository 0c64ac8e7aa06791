use super::*;
use crate::corpus::{Fields, Statement};
use crate::count::{Counter, Counting};
use crate::matcher::ContextUnit;
use crate::Matcher;

fn bundled() -> Lexicon {
    Lexicon::bundled().unwrap()
}

/// The lines of `pattern`'s hits in `text`, read as a table row on line `line` (or a text
/// file's statement, without one) in the group `France`, with `width` characters of context.
fn lines(pattern: &str, text: &str, line: Option<u64>, width: usize) -> Vec<Line> {
    let lexicon = lexicon(pattern, &bundled()).unwrap();
    let matcher = Matcher::new(&lexicon).unwrap();
    let statement = Statement {
        id: "s1".into(),
        fields: Fields::new(Vec::new().into(), Vec::new()),
        text: text.into(),
        path: "debate.csv".into(),
        line,
    };
    let mut lines = statement_lines(&statement, &matcher, Counting::default(), width);
    for line in &mut lines {
        line.group = vec!["France".into()];
    }
    lines
}

#[test]
fn invalid_patterns_name_the_character_at_fault() {
    for (pattern, at, wanted) in [
        ("", 0, "empty"),
        ("sleeper ter*ror", 8, "may only end"),
        ("  cell NEAR/0 terror", 7, "distance"),
        ("a NEAR/2 b NEAR/3 c", 11, "only one"),
        ("NEAR/5 terror", 0, "both sides"),
        ("/resolution(/", 11, "unclosed group"),
        ("/unclosed", 9, "/like this/"),
        ("Иран ИГ* -- x", 9, "no letter"),
    ] {
        let error = lexicon(pattern, &bundled()).unwrap_err();
        assert_eq!(error.at, at, "{pattern}: {error}");
        assert!(error.message.contains(wanted), "{pattern}: {error}");
        let shown = error.to_string();
        let caret = shown.lines().last().unwrap();
        assert_eq!(caret.chars().count(), 2 + at + 1, "{shown}");
    }
}

#[test]
fn a_pattern_is_stemmed_in_the_language_of_its_script() {
    assert_eq!(language_of("террорист"), Language::Russian);
    assert_eq!(language_of("террор* NEAR/3 ISIL"), Language::Russian);
    assert_eq!(language_of("foreign fighter*"), Language::English);
    assert_eq!(language_of("/\\d+/"), Language::English);
    let found = lines(
        "террорист",
        "Террористы и террористическая угроза; террористов.",
        None,
        10,
    );
    let texts: Vec<&str> = found.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["Террористы", "террористов"]);
}

#[test]
fn context_is_cut_to_the_width_on_character_boundaries_on_one_line() {
    let text = "Ещё раз:\nиностранные\tбоевики-террористы возвращаются домой сегодня.";
    let found = lines("боевики-террористы", text, None, 12);
    assert_eq!(found.len(), 1, "{found:?}");
    let line = &found[0];
    assert_eq!(line.before, "иностранные ");
    assert_eq!(line.text, "боевики-террористы");
    assert_eq!(line.after, " возвращаютс");
    assert_eq!(line.chars, 21..39);
    assert_eq!(line.line, 2, "the hit stands on the text's second line");
    assert_eq!(line.group, ["France"]);
    assert_eq!(
        (line.doc.as_str(), line.file.as_str()),
        ("s1", "debate.csv")
    );
}

#[test]
fn a_table_row_gives_its_own_line_and_a_zero_width_gives_no_context() {
    let found = lines("sleeper cell*", "One.\nTwo sleeper cells.", Some(7), 0);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, 7);
    assert_eq!(
        (found[0].before.as_str(), found[0].after.as_str()),
        ("", "")
    );
}

#[test]
fn hits_carry_whether_and_by_what_context_licensed_them() {
    let text = "Weapons were sold at the fair. Terrorists bought weapons.";
    let found = lines("weapon", text, None, 20);
    let flags: Vec<(bool, &str)> = found
        .iter()
        .map(|l| (l.in_context, l.context.as_str()))
        .collect();
    assert_eq!(flags.len(), 2);
    assert!(flags[1].0, "{flags:?}");
    assert!(
        !flags[1].1.is_empty(),
        "the context word is named: {flags:?}"
    );
    let lexicon = lexicon("weapon", &bundled()).unwrap();
    let matcher = Matcher::new(&lexicon).unwrap();
    let mut counter = Counter::new(&matcher);
    let counting = Counting {
        context: ContextUnit::None,
        procedural: false,
    };
    assert!(counter
        .matches_of(text, counting)
        .iter()
        .all(|m| m.context.is_in()));
}

#[test]
fn characters_are_counted_from_either_end() {
    assert_eq!(last_chars("абвгд", 2), "гд");
    assert_eq!(last_chars("аб", 5), "аб");
    assert_eq!(last_chars("аб", 0), "");
    assert_eq!(first_chars("абвгд", 2), "аб");
    assert_eq!(first_chars("аб", 5), "аб");
    assert_eq!(first_chars("аб", 0), "");
    assert_eq!(one_line("a\r\nb\tc"), "a  b c");
}

#[test]
fn text_columns_are_as_wide_as_their_widest_field_whatever_the_width_asked() {
    let found = lines(
        "terror*",
        "Terrorists.\nNo; terrorism here.",
        None,
        1_000_000,
    );
    let mut out = Vec::new();
    let mut text = TextLines::new(&mut out);
    for line in &found {
        text.line(line).unwrap();
    }
    text.finish().unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "\
s1:1 [France]                   | Terrorists | . No; terrorism here.
s1:2 [France]  Terrorists. No;  | terrorism  |  here.
"
    );
}

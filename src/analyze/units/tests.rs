//! The breaks between words held to UAX #29 over whole texts, by example and by property.

use super::stops::{is_abbreviation, is_abbreviation_in, ABBREVIATIONS};
use super::*;
use crate::analyze::words;
use proptest::prelude::*;

fn word_ranges(text: &str) -> Vec<Range<usize>> {
    words(text).map(|(i, w)| i..i + w.len()).collect()
}

fn fast_breaks(text: &str) -> Vec<Break> {
    let mut breaks = Breaks::new();
    word_ranges(text)
        .windows(2)
        .map(|pair| breaks.between(text, pair[0].clone(), pair[1].start))
        .collect()
}

/// Each example: the text, then the break after each of its words but the last.
const EXAMPLES: &[(&str, &[Break])] = {
    use Break::*;
    &[
        ("human rights", &[Space]),
        ("human. Rights", &[Sentence]),
        ("human, rights", &[Clause]),
        ("прав, человека", &[Clause]),
        ("прав. Человека", &[Sentence]),
        ("Mr. Smith spoke.", &[Space, Space]),
        ("S/PV. 8699 is out", &[Space, Space, Space, Space]),
        (
            "resolution 2178 (2014). The Council",
            &[Space, Space, Sentence, Space],
        ),
        ("para. 5 of it", &[Space, Space, Space]),
        ("It ended. the end", &[Space, Space, Space]),
        ("It ended! Then", &[Space, Sentence]),
        ("Is it? Yes", &[Space, Sentence]),
        ("a line\nwrapped here", &[Space, Space, Space]),
        ("a paragraph\n\nand another", &[Space, Paragraph, Space]),
        ("a paragraph\n  \r\nand another", &[Space, Paragraph, Space]),
        ("the U.S. Government", &[Space, Space]),
        ("В. В. Путин", &[Space, Space]),
        ("т.е. Совет", &[Space]),
        ("ст. 5 Устава", &[Space, Space]),
        ("Он сказал. Совет", &[Space, Sentence]),
        ("Он сказал: «Совет", &[Space, Clause]),
        ("terrorism — and extremism", &[Clause, Space]),
        ("so-called \"Islamic State\"", &[Space, Space, Space]),
        ("fighters.\nThe Council", &[Sentence, Space]),
        ("fighters.” The Council", &[Sentence, Space]),
        ("Is it? — no", &[Space, Clause]),
        ("Yes!» Then", &[Sentence]),
        ("in 2015. 10 States", &[Space, Sentence, Space]),
        ("in 2015. 10 states", &[Space, Space, Space]),
        ("so… Then", &[Space]),
        ("So... Then", &[Sentence]),
        ("end.\u{2029}Next", &[Paragraph]),
        ("**Mr President**, I", &[Space, Clause]),
        ("It ended!Then", &[Space, Sentence]),
        ("2015.Then", &[Sentence]),
    ]
};

#[test]
fn examples() {
    assert_breaks(EXAMPLES);
}

/// Asserts the breaks of each example, found byte by byte and by the reference.
fn assert_breaks(examples: &[(&str, &[Break])]) {
    for (text, expected) in examples {
        assert_eq!(&fast_breaks(text), expected, "fast: {text:?}");
        let reference = reference_breaks(text, &word_ranges(text));
        assert_eq!(&reference, expected, "reference: {text:?}");
    }
}

#[test]
fn a_year_mark_ends_a_sentence_as_the_year_would() {
    use Break::*;
    assert_breaks(&[
        ("в 2015 г. Совет", &[Space, Space, Sentence]),
        ("в 2015\u{a0}г. Совет", &[Space, Space, Sentence]),
        ("в 2014-2015 гг. Совет", &[Space, Space, Space, Sentence]),
        ("в 2015 г.\nСовет", &[Space, Space, Sentence]),
    ]);
}

#[test]
fn a_year_mark_before_a_lowercase_word_and_a_town_mark_end_no_sentence() {
    use Break::*;
    assert_breaks(&[
        (
            "в 2015 г. в Нью-Йорке",
            &[Space, Space, Space, Space, Space],
        ),
        (
            "в 2015 г.\nв Нью-Йорке",
            &[Space, Space, Space, Space, Space],
        ),
        ("прибыл в г. Москву", &[Space, Space, Space]),
        ("в г. Москве. Совет", &[Space, Space, Sentence]),
    ]);
}

#[test]
fn a_time_of_day_or_etc_with_inner_stops_ends_a_sentence_before_a_capital() {
    use Break::*;
    assert_breaks(&[
        ("at 10 a.m. The meeting", &[Space, Space, Sentence, Space]),
        (
            "at 3 p.m.\nProvisional agenda",
            &[Space, Space, Sentence, Space],
        ),
        ("и т.д. Совет", &[Space, Sentence]),
        ("и т.п.\n11. Группа", &[Space, Sentence, Space]),
    ]);
}

#[test]
fn a_time_of_day_or_etc_with_inner_stops_ends_no_sentence_before_a_lowercase_word() {
    use Break::*;
    assert_breaks(&[
        ("at 10 a.m. on Monday", &[Space, Space, Space, Space]),
        ("и т.д. и т.п. в", &[Space, Space, Space, Space]),
        ("at 3 p.m.\nand at 6", &[Space, Space, Space, Space, Space]),
    ]);
}

#[test]
fn a_full_stop_ending_a_line_ends_a_sentence_before_a_lowercase_word() {
    use Break::*;
    assert_breaks(&[
        ("программ.\nпринимает к", &[Sentence, Space]),
        ("of 2014).\nрассмотрев", &[Space, Sentence]),
        ("в кексе>>.\nпринимая", &[Space, Sentence]),
        ("it ended.\r\nthe end", &[Space, Sentence, Space]),
    ]);
}

#[test]
fn a_full_stop_ending_a_line_after_an_abbreviation_a_short_word_or_dots_ends_no_sentence() {
    use Break::*;
    assert_breaks(&[
        ("программ. принимает к", &[Space, Space]),
        ("Mr.\nsmith", &[Space]),
        ("и др.\nв", &[Space, Space]),
        ("more...\nand", &[Space]),
        ("council (ibid.)\nas required", &[Space, Space, Space]),
        (
            "of Afghanistan”.\n[ibid., paragraph 2]",
            &[Space, Space, Clause, Space],
        ),
        ("a line\nwrapped here", &[Space, Space, Space]),
    ]);
}

#[test]
fn a_numbered_paragraph_starting_a_line_begins_its_sentence() {
    use Break::*;
    assert_breaks(&[
        (
            "both fields;\n9. Calls upon",
            &[Space, Sentence, Space, Space],
        ),
        ("both fields;\n9. призывает", &[Space, Sentence, Space]),
        ("6. Takes note", &[Space, Space]),
        ("criticality.\n6. Takes note", &[Sentence, Space, Space]),
        ("end.\n  12. The", &[Sentence, Space]),
        (
            "Mr. President,\n21. The theme",
            &[Space, Sentence, Space, Space],
        ),
        ("Conclusion\n\n7. We", &[Paragraph, Space]),
    ]);
}

#[test]
fn a_number_elsewhere_or_of_four_digits_is_no_paragraph_number() {
    use Break::*;
    assert_breaks(&[
        ("in paragraph 9. The", &[Space, Space, Sentence]),
        ("resolution\n2178. The", &[Space, Sentence]),
        ("item\n9.5 of it", &[Space, Space, Space]),
        (
            "the Group of\n10. Unfortunately",
            &[Space, Space, Space, Sentence],
        ),
        ("Agenda\n21. Efforts", &[Space, Sentence]),
        ("item 9. 10 States", &[Space, Sentence, Space]),
        ("the end\n(9. The", &[Space, Space, Sentence]),
    ]);
}

/// A line is long by its characters, carriage returns left out, counted block by block: lines
/// around the limit, of one-, two- and three-byte characters, with carriage returns among them.
#[test]
fn a_line_is_long_past_the_limit_in_characters() {
    for c in ["a", "ж", "…"] {
        for chars in [LONG_LINE - 1, LONG_LINE, LONG_LINE + 1, 4 * LONG_LINE] {
            let line = c.repeat(chars);
            assert_eq!(is_long(line.as_bytes()), chars > LONG_LINE, "{c} x {chars}");
            let returns = format!("{}{}", "\r".repeat(70), line);
            assert_eq!(
                is_long(returns.as_bytes()),
                chars > LONG_LINE,
                "{c} x {chars}, CRs"
            );
        }
    }
}

#[test]
fn a_line_break_next_to_a_long_line_ends_a_paragraph() {
    use Break::*;
    let long = format!("Terrorism {} threat.", "grows ".repeat(40));
    let cases = [
        // One paragraph per line: the line break ends it.
        (format!("{long}\nHuman rights"), Paragraph),
        // A short line before a long one, as a greeting before the speech.
        (format!("Thank you.\n{long}"), Paragraph),
        // A line break within a sentence stays a space, long line or not.
        (format!("Thank you\n{long}"), Space),
        (format!("{long}\r\nHuman rights"), Paragraph),
        // A full stop ending a long line ends the paragraph before a lowercase letter too.
        (format!("{long}\nпринимая во внимание"), Paragraph),
        (format!("{long}\n9. призывает"), Paragraph),
        // Wrapped lines: a space.
        ("Terrorism grows\nHuman rights".to_string(), Space),
    ];
    for (text, expected) in cases {
        let fast = fast_breaks(&text);
        let words = word_ranges(&text);
        let line_break = words
            .windows(2)
            .position(|pair| text[pair[0].end..pair[1].start].contains('\n'))
            .unwrap();
        assert_eq!(fast[line_break], expected, "{text:?}");
        assert_eq!(
            fast,
            reference_breaks(&text, &word_ranges(&text)),
            "{text:?}"
        );
    }
}

/// Text with lines long and short, for the line-length rule.
fn lines() -> impl Strategy<Value = String> {
    let line = prop::sample::select(vec![
        "a short line".to_string(),
        "Long. ".repeat(60),
        format!("{} end", "слово ".repeat(50)),
        String::new(),
        " \r".to_string(),
    ]);
    prop::collection::vec(line, 0..6).prop_map(|lines| lines.join("\n"))
}

fn prose() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\u{202f}",
        "„",
        "‘",
        "–",
        "ёлка",
        "Ёлка",
        "1.5",
        "word",
        "Word",
        "слово",
        "Слово",
        "Mr",
        "г",
        "U.S",
        "a.m",
        "т.д",
        "2015",
        "9",
        "\n9. ",
        ">>.\n",
        " ",
        " ",
        "  ",
        ". ",
        ".",
        ", ",
        "; ",
        ": ",
        "! ",
        "? ",
        "\n",
        "\n\n",
        "\r\n",
        " \n \n",
        "(",
        ")",
        "\"",
        "«",
        "»",
        "—",
        "-",
        "…",
        "\u{2029}",
        "\u{a0}",
        "\u{300}",
        "“",
        "”",
        "'",
        "’",
        ".)",
        "?\"",
        "!",
        "?",
        "...",
        "?!",
        ". 1",
        "*",
        "[",
        "]",
        "\u{2024}",
        "\u{2012}",
        "\u{2015}",
        "\u{2009}",
        "\u{b}",
        "\r",
        "é",
        "日",
        "\u{ad}",
        "Ѐ",
        "џ",
        "\u{85}",
        "\u{2028}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

/// Words with gaps of up to six characters between them, drawn from every kind the byte-level
/// rules tell apart, from characters they leave to the general path, and from letters and
/// digits that start or end a word in a gap.
fn gaps() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "word",
        "Word",
        "слово",
        "Слово",
        "Mr",
        "U.S",
        "2015",
        "г",
        "x",
        "é",
        "日本",
        "т.е",
        "т.п",
        "p.m",
        "гг",
        "12",
        "слова",
    ]);
    let marks = prop::sample::select(vec![
        " ", " ", ".", "!", "?", ",", ";", ":", "-", "—", "–", "‒", "―", "…", "\u{2024}", "\"",
        "'", "(", ")", "[", "]", "«", "»", "“", "”", "„", "‘", "’", "\n", "\r", "\t", "\u{a0}",
        "\u{202f}", "\u{2009}", "*", "#", "/", "&", "\u{b}", "\u{c}", "\u{2029}", "\u{85}",
        "\u{2028}", "\u{ad}", "\u{301}", "1", "a", "A", "я", "Я", "日", ">", "\n9. ",
    ]);
    let gap = prop::collection::vec(marks, 1..7).prop_map(|m| m.concat());
    prop::collection::vec((words, gap), 0..12)
        .prop_map(|pairs| pairs.into_iter().map(|(w, g)| format!("{w}{g}")).collect())
}

/// The gaps of `text` the byte-level rules decide, each with their answer and `general`'s.
fn byte_level_and_general(text: &str) -> Vec<(Break, Break)> {
    let mut breaks = Breaks::new();
    word_ranges(text)
        .windows(2)
        .map(|pair| {
            let (before, next) = (pair[0].clone(), pair[1].start);
            let fast = breaks.decide(text, before.clone(), next);
            (fast, breaks.general(text, before, next))
        })
        .collect()
}

/// Abbreviations are told alike from a word alone and from the text around it.
#[test]
fn abbreviations_are_told_alike_in_a_text() {
    let words = ABBREVIATIONS.iter().copied().chain([
        "M",
        "Ж",
        "É",
        "ǅ",
        "x",
        "U.S",
        "т.е",
        "Mrs.",
        "Mister",
        "Rev",
        "Revs",
        "пред",
        "предс",
        "г-жа",
        "No",
        "NO",
        "a.",
        "12345678",
        "1234.678",
        "123456789",
    ]);
    for word in words {
        for after in ["", ".", ". The rest of the text"] {
            let text = format!("{word}{after}");
            assert_eq!(
                is_abbreviation_in(&text, 0..word.len()),
                is_abbreviation(word),
                "{text:?}"
            );
        }
    }
}

/// A run of digits after a full stop longer than `general` looks ahead: the byte-level rules
/// leave it to `general`, which reads it as the end of a sentence.
#[test]
fn a_digit_run_past_the_lookahead_is_read_as_general_reads_it() {
    for digits in [LOOKAHEAD - 2, LOOKAHEAD, LOOKAHEAD + 2] {
        let text = format!("end. {} x", "1".repeat(digits));
        let found = byte_level_and_general(&text);
        assert!(
            found.iter().all(|(fast, general)| fast == general),
            "{found:?}"
        );
    }
}

proptest! {
    #[test]
    fn fast_breaks_agree_with_uax29(text in prose()) {
        let reference = reference_breaks(&text, &word_ranges(&text));
        prop_assert_eq!(fast_breaks(&text), reference);
    }

    #[test]
    fn long_lines_break_alike(text in lines()) {
        let reference = reference_breaks(&text, &word_ranges(&text));
        prop_assert_eq!(fast_breaks(&text), reference);
    }

    #[test]
    fn fast_breaks_agree_with_uax29_in_every_kind_of_gap(text in gaps()) {
        let reference = reference_breaks(&text, &word_ranges(&text));
        prop_assert_eq!(fast_breaks(&text), reference);
    }

    #[test]
    fn byte_level_rules_answer_as_the_general_path(text in prop_oneof![gaps(), prose()]) {
        for (fast, general) in byte_level_and_general(&text) {
            prop_assert_eq!(fast, general);
        }
    }

    #[test]
    fn any_string_has_breaks(text in "\\PC*") {
        let words = word_ranges(&text);
        let breaks = fast_breaks(&text);
        prop_assert_eq!(breaks.len(), words.len().saturating_sub(1));
    }
}

use super::read::read_from;
use super::*;
use crate::lexicon::Lexicon;
use crate::tally::Tally;
use crate::tally::{Counts, GroupKey};
use proptest::prelude::*;

/// The bundled lexicon, compiled once for all tests.
fn matcher() -> &'static Matcher {
    static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    MATCHER.get_or_init(|| Matcher::new(&Lexicon::bundled().unwrap()).unwrap())
}

/// A tally of two groups with entries, languages and a problem.
fn outcome(matcher: &Matcher, speaker: &str, tokens: u64) -> Outcome {
    let themes = matcher.themes().len();
    let mut tally = Tally::default();
    let mut counts = Counts {
        statements: 2,
        tokens,
        content_tokens: tokens / 2,
        hits: vec![0; themes],
        hits_all: vec![0; themes],
        ..Counts::default()
    };
    counts.hits[1] = 2;
    counts.hits_all[1] = 3;
    counts.mentions = vec![0; themes];
    counts.mentions[1] = 1;
    counts.mentions_all = vec![0; themes];
    counts.mentions_all[1] = 2;
    (counts.mentions_any, counts.mentions_any_all) = (1, 2);
    let entry = matcher.entries().iter().position(|e| e.theme == 1).unwrap();
    for (form, in_context) in [("cells", true), ("cell", false), ("cells", true)] {
        counts
            .entries
            .entry(entry)
            .or_default()
            .add(form, in_context);
    }
    tally.add(GroupKey(vec![speaker.to_string()]), &counts);
    tally.record(GroupKey(vec!["Г-н Б".to_string()]), 7, &vec![1; themes]);
    tally.record_language("en", true);
    tally.record_language("en", false);
    tally.record_language("ru", true);
    Outcome {
        tally,
        problems: vec![Problem::new(
            "a.csv",
            Some(3),
            ProblemKind::FieldCount,
            "row has 2 fields, the header 3",
        )],
        bytes: 1234,
        files: 2,
        ..Outcome::default()
    }
}

fn written(header: &Header, outcome: &Outcome, matcher: &Matcher) -> String {
    let mut out = Vec::new();
    write(header, outcome, matcher.entries(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn read_text(text: &str, matcher: &Matcher) -> Result<Partial, Error> {
    read_from(text.as_bytes(), "part.jsonl", matcher)
}

#[test]
fn partial_counts_read_back_as_written() {
    let matcher = matcher();
    let header = Header::new(matcher, &["speaker".to_string()], Counting::default());
    let outcome = outcome(matcher, "Mr. A", 40);
    let text = written(&header, &outcome, matcher);
    let part = read_text(&text, matcher).unwrap();
    assert_eq!(part.header, header);
    assert_eq!(part.outcome.tally, outcome.tally);
    assert_eq!(part.outcome.problems, outcome.problems);
    assert_eq!((part.outcome.files, part.outcome.bytes), (2, 1234));
    assert_eq!(written(&part.header, &part.outcome, matcher), text);
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(only_whole_numbers(&value), "{line}");
    }
}

fn only_whole_numbers(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Number(n) => n.is_u64(),
        serde_json::Value::Array(items) => items.iter().all(only_whole_numbers),
        serde_json::Value::Object(map) => map.values().all(only_whole_numbers),
        _ => true,
    }
}

#[test]
fn merged_parts_equal_the_added_tallies_in_any_order() {
    let matcher = matcher();
    let header = Header::new(matcher, &["speaker".to_string()], Counting::default());
    let (a, b) = (outcome(matcher, "Mr. A", 40), outcome(matcher, "Mr. C", 10));
    let mut expected = a.tally.clone();
    expected += b.tally.clone();
    for order in [[&a, &b], [&b, &a]] {
        let mut merger = Merger::default();
        for (i, outcome) in order.into_iter().enumerate() {
            let text = written(&header, outcome, matcher);
            let part = read_text(&text, matcher).unwrap();
            merger.add(&format!("part{i}"), part).unwrap();
        }
        assert_eq!(merger.parts(), 2);
        let (_, merged) = merger.finish().unwrap();
        assert_eq!(merged.tally, expected);
        assert_eq!(
            (merged.files, merged.bytes, merged.problems.len()),
            (4, 2468, 2)
        );
    }
}

#[test]
fn problem_kinds_read_back_by_name() {
    for kind in ProblemKind::ALL {
        assert_eq!(ProblemKind::from_name(kind.name()), Some(kind));
    }
    assert_eq!(ProblemKind::from_name("nonsense"), None);
}

/// The error for `text` (a partial-count file), as displayed.
fn error(text: &str, matcher: &Matcher) -> String {
    read_text(text, matcher).unwrap_err().to_string()
}

#[test]
fn bad_files_are_refused_with_file_and_line() {
    let matcher = matcher();
    let header = Header::new(matcher, &["speaker".to_string()], Counting::default());
    let text = written(&header, &outcome(matcher, "Mr. A", 40), matcher);
    let lines: Vec<&str> = text.lines().collect();
    let with = |n: usize, line: &str| {
        let mut changed = lines.clone();
        changed[n] = line;
        changed.join("\n")
    };
    let cases: Vec<(String, String, &str)> = vec![
        ("".into(), "part.jsonl: empty".into(), "empty"),
        (
            "speaker,statements\n".into(),
            "part.jsonl:1: not a partial-count file".into(),
            "a CSV",
        ),
        (
            text.replacen("\"version\":3", "\"version\":4", 1),
            "part.jsonl:1: partial-count format version 4; this ctlex".into(),
            "a newer format",
        ),
        (
            text.replacen("\"version\":3", "\"version\":1", 1),
            "part.jsonl:1: partial-count format version 1, written before partial counts held \
             hits in counter-terrorism context"
                .into(),
            "an older format",
        ),
        (
            text.replacen("\"version\":3", "\"version\":2", 1),
            "part.jsonl:1: partial-count format version 2, written before partial counts held \
             the statements that mention each theme"
                .into(),
            "the format before statements mentioning a theme",
        ),
        (
            text.replacen("\"ctlex\":\"", "\"ctlex\":\"9.", 1),
            "part.jsonl:1: counted by ctlex 9.".into(),
            "another ctlex",
        ),
        (
            text.replacen(&header.lexicon, &"0".repeat(64), 1),
            "part.jsonl:1: counted with another lexicon".into(),
            "another lexicon",
        ),
        (
            lines[..lines.len() - 1].join("\n"),
            format!(
                "part.jsonl: ends after line {} without its end record",
                lines.len() - 1
            ),
            "cut at a line end",
        ),
        (
            text[..text.len() - 10].to_string(),
            format!("part.jsonl:{}: not a whole JSON record", lines.len()),
            "cut inside a line",
        ),
        (
            with(1, "{\"record\":\"group\",\"key\":[\"x\"]}"),
            "part.jsonl:2: not a partial-count record: missing field `statements`".into(),
            "a field missing",
        ),
        (
            with(1, &lines[1].replacen("\"tokens\":40", "\"tokens\":4.5", 1)),
            "part.jsonl:2: not a partial-count record: invalid type: floating point".into(),
            "a float",
        ),
        (
            with(1, &lines[1].replacen("\"tokens\":40", "\"tokens\":-40", 1)),
            "part.jsonl:2: not a partial-count record: invalid value: integer `-40`".into(),
            "a negative count",
        ),
        (
            with(1, &lines[1].replacen("\"hits_all\":3,", "\"hits_all\":4,", 1)),
            "part.jsonl:2: entry".into(),
            "forms that do not add up",
        ),
        (
            with(1, &lines[1].replacen("\"hits\":2,", "\"hits\":4,", 1)),
            "part.jsonl:2: entry".into(),
            "an entry with more hits in context than in all",
        ),
        (
            with(1, &lines[1].replacen("\"hits\":[0,2,", "\"hits\":[2,", 1)),
            "part.jsonl:2: the group has 11 theme counts in `hits`, the header 12 themes".into(),
            "a theme count missing",
        ),
        (
            with(1, &lines[1].replacen("\"hits\":[0,2,", "\"hits\":[0,4,", 1)),
            "part.jsonl:2: theme 1 has more hits in context (4) than hits in all (3)".into(),
            "more hits in context than in all",
        ),
        (
            with(2, lines[1]),
            "part.jsonl:3: the group `Mr. A` appears a second time".into(),
            "a repeated group",
        ),
        (
            format!("{text}{}\n", lines[0]),
            format!(
                "part.jsonl:{}: a record after the end record",
                lines.len() + 1
            ),
            "two files run together",
        ),
        (
            with(
                lines.len() - 1,
                &lines[lines.len() - 1].replacen("\"groups\":2", "\"groups\":3", 1),
            ),
            format!(
                "part.jsonl:{}: the end record counts 3 groups, the file holds 2",
                lines.len()
            ),
            "a group missing",
        ),
        (
            with(5, "{\"record\":\"problem\",\"path\":\"a\",\"line\":null,\"kind\":\"odd\",\"message\":\"m\"}"),
            "part.jsonl:6: unknown kind of problem `odd`".into(),
            "an unknown problem",
        ),
    ];
    for (text, expected, what) in cases {
        let message = error(&text, matcher);
        assert!(
            message.starts_with(&expected),
            "{what}:\n expected {expected}\n got      {message}"
        );
    }
}

#[test]
fn a_header_may_leave_out_what_is_for_the_reader_only() {
    let matcher = matcher();
    let header = Header {
        inputs: vec!["chunk-1.jsonl".to_string()],
        ..Header::new(matcher, &["speaker".to_string()], Counting::default())
    };
    let text = written(&header, &outcome(matcher, "Mr. A", 40), matcher);
    let mut first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    for field in [
        "lexicon_source",
        "inputs",
        "text_column",
        "layout",
        "encoding",
    ] {
        first.as_object_mut().unwrap().remove(field);
    }
    let (_, rest) = text.split_once('\n').unwrap();
    let part = read_text(&format!("{first}\n{rest}"), matcher).unwrap();
    assert_eq!(part.header.inputs, Vec::<String>::new());
    assert_eq!(part.header.lexicon, header.lexicon);
}

#[test]
fn entries_are_checked_against_the_lexicon() {
    let matcher = matcher();
    let header = Header::new(matcher, &["speaker".to_string()], Counting::default());
    let text = written(&header, &outcome(matcher, "Mr. A", 40), matcher);
    let entry = matcher.entries().iter().position(|e| e.theme == 1).unwrap();
    let moved = text.replacen(
        &format!("\"entry\":{entry},"),
        &format!("\"entry\":{},", entry + 1),
        1,
    );
    assert!(error(&moved, matcher).contains(&format!("entry {} is `", entry + 1)));
    let beyond = text.replacen(&format!("\"entry\":{entry},"), "\"entry\":99999,", 1);
    assert!(error(&beyond, matcher).contains("entry 99999 is not in the lexicon"));
}

#[test]
fn parts_grouped_differently_do_not_merge() {
    let matcher = matcher();
    let outcome = outcome(matcher, "Mr. A", 40);
    let by_speaker = written(
        &Header::new(matcher, &["speaker".to_string()], Counting::default()),
        &outcome,
        matcher,
    );
    let by_delegation = written(
        &Header::new(matcher, &["delegation".to_string()], Counting::default()),
        &outcome,
        matcher,
    );
    let mut merger = Merger::default();
    merger
        .add("a.jsonl", read_text(&by_speaker, matcher).unwrap())
        .unwrap();
    let error = merger
        .add("b.jsonl", read_text(&by_delegation, matcher).unwrap())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "b.jsonl: grouped --by delegation, the other parts --by speaker (first: a.jsonl)"
    );
}

#[test]
fn parts_counted_in_other_contexts_do_not_merge() {
    let matcher = matcher();
    let outcome = outcome(matcher, "Mr. A", 40);
    let by = ["speaker".to_string()];
    let part = |counting: Counting| {
        let text = written(&Header::new(matcher, &by, counting), &outcome, matcher);
        read_text(&text, matcher).unwrap()
    };
    let mut merger = Merger::default();
    merger.add("a.jsonl", part(Counting::default())).unwrap();
    let sentence = Counting {
        context: ContextUnit::Sentence,
        procedural: true,
    };
    let error = merger.add("b.jsonl", part(sentence)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "b.jsonl: counted with --context sentence, procedural sentences included, the other \
         parts with --context passage (first: a.jsonl)"
    );
}

/// One statement's counts, and the part it falls in.
type Unit = (
    usize,
    u64,
    u64,
    Vec<u64>,
    Vec<(usize, usize)>,
    bool,
    bool,
    usize,
);

fn unit(parts: usize) -> impl Strategy<Value = Unit> {
    (
        0..4usize,
        0..500u64,
        0..500u64,
        proptest::collection::vec(0..3u64, 12),
        proptest::collection::vec((0..30usize, 0..3usize), 0..4),
        any::<bool>(),
        any::<bool>(),
        0..parts,
    )
}

/// Adds one statement to `outcome`.
fn add_unit(outcome: &mut Outcome, unit: &Unit) {
    let (key, tokens, content, hits, entries, russian, detected, _) = unit;
    let in_context: Vec<u64> = hits.iter().map(|h| h / 2).collect();
    let mut counts = Counts::statement(*tokens, (*content).min(*tokens), &in_context, hits);
    for &(entry, form) in entries {
        let form = ["fighters", "Fighter", "боевики"][form];
        counts
            .entries
            .entry(entry)
            .or_default()
            .add(form, form != "Fighter");
    }
    let speakers = ["Mr. A", "10", "2", "Г-н Б"];
    let key = GroupKey(vec![speakers[*key].to_string(), "x".to_string()]);
    outcome.tally.add(key, &counts);
    let language = if *russian { "ru" } else { "en" };
    outcome.tally.record_language(language, *detected);
    outcome.files += 1;
    outcome.bytes += tokens * 6;
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Statements dealt out to parts at random, each part written and read back, merged in
    /// any order: the tally and the bytes of one run over all the statements.
    #[test]
    fn any_slicing_merges_into_the_whole(
        (units, order) in (1..6usize).prop_flat_map(|parts| (
            proptest::collection::vec(unit(parts), 0..40),
            Just((0..parts).collect::<Vec<_>>()).prop_shuffle(),
        ))
    ) {
        let matcher = matcher();
        let header = Header::new(matcher, &["speaker".to_string(), "meeting".to_string()], Counting::default());
        let mut whole = Outcome::default();
        let mut parts: Vec<Outcome> = order.iter().map(|_| Outcome::default()).collect();
        for unit in &units {
            add_unit(&mut whole, unit);
            add_unit(&mut parts[unit.7], unit);
        }
        let mut merger = Merger::default();
        for &i in &order {
            // Each part counted an input of its own, as parts do.
            let own = Header { inputs: vec![format!("slice{i}")], ..header.clone() };
            let text = written(&own, &parts[i], matcher);
            merger.add(&format!("part{i}"), read_text(&text, matcher).unwrap()).unwrap();
        }
        let (merged_header, merged) = merger.finish().unwrap();
        prop_assert_eq!(&merged.tally, &whole.tally);
        let inputs: Vec<String> = order.iter().map(|i| format!("slice{i}")).collect();
        prop_assert_eq!(
            written(&merged_header, &merged, matcher),
            written(&Header { inputs, ..header }, &whole, matcher)
        );
    }
}

#[test]
fn sums_beyond_64_bits_are_refused() {
    let matcher = matcher();
    let header = Header::new(matcher, &["speaker".to_string()], Counting::default());
    let mut outcome = outcome(matcher, "Mr. A", 40);
    outcome.bytes = u64::MAX / 2;
    let part = |input: &str| {
        let header = Header {
            inputs: vec![input.to_string()],
            ..header.clone()
        };
        read_text(&written(&header, &outcome, matcher), matcher).unwrap()
    };
    let mut merger = Merger::default();
    merger.add("a", part("a.csv")).unwrap();
    let error = merger.add("b", part("b.csv")).unwrap_err();
    assert!(
        error.to_string().starts_with("b: counts too large"),
        "{error}"
    );
}

#[test]
fn a_part_or_an_input_counted_twice_is_refused() {
    let matcher = matcher();
    let header = Header::new(matcher, &["speaker".to_string()], Counting::default());
    let part = |inputs: &[&str], speaker: &str| {
        let header = Header {
            inputs: inputs.iter().map(|i| i.to_string()).collect(),
            ..header.clone()
        };
        read_text(
            &written(&header, &outcome(matcher, speaker, 40), matcher),
            matcher,
        )
        .unwrap()
    };
    let mut merger = Merger::default();
    merger.add("a.jsonl", part(&["x.csv"], "Mr. A")).unwrap();
    let twin = merger
        .add("copy.jsonl", part(&["x.csv"], "Mr. A"))
        .unwrap_err();
    assert!(
        twin.to_string()
            .starts_with("copy.jsonl: the same partial counts as a.jsonl, byte for byte"),
        "{twin}"
    );
    let overlap = merger
        .add("b.jsonl", part(&["y.csv", "x.csv"], "Mr. B"))
        .unwrap_err();
    assert!(
        overlap
            .to_string()
            .starts_with("b.jsonl: counted the input `x.csv`, which a.jsonl counted too"),
        "{overlap}"
    );
    let mut lenient = Merger::new(true);
    lenient.add("a.jsonl", part(&["x.csv"], "Mr. A")).unwrap();
    lenient
        .add("b.jsonl", part(&["y.csv", "x.csv"], "Mr. B"))
        .unwrap();
    assert_eq!(lenient.parts(), 2);
}

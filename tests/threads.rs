//! Property tests: the analyzer never panics, and one thread and many give byte-identical
//! reports; a sink that stops a run ends it.

use std::io::Write;
use std::ops::ControlFlow;

use ctlex::corpus::{Corpus, ReadOptions};
use ctlex::measures::Denominator;
use ctlex::pipeline::RunOptions;
use ctlex::report::csv::write_table;
use ctlex::report::matches::MatchCollector;
use ctlex::report::{tables, write_csv_with, CsvStyle, Format};
use ctlex::sink::{Found, MatchSink};
use ctlex::stopwords::StopWords;
use ctlex::{Lexicon, Matcher, Scanner};
use proptest::prelude::*;

/// Words from the bundled lexicons' world, mixed with noise, in both scripts.
fn statement() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "foreign",
        "terrorist",
        "fighters",
        "FTF",
        "sleeper",
        "cells",
        "stem",
        "cell",
        "CSTO",
        "иностранные",
        "боевики-террористы",
        "ИБТ",
        "ячейки",
        "спящие",
        "ОДКБ",
        "сеть",
        "resolution",
        "2396",
        "(2017)",
        "—",
        "ISIL",
        "Афганистан",
        "financing",
        "финансирование",
        "тeррoрист",
        "counter-terrorism",
        "the",
        "и",
        ",",
        ".",
    ]);
    prop::collection::vec(words, 0..40).prop_map(|w| w.join(" "))
}

/// The long table, the terms table and the hits of a run, as CSV.
fn report(path: &std::path::Path, matcher: &Matcher, threads: usize) -> Vec<u8> {
    let by = vec!["speaker".to_string(), "doc".to_string()];
    let options = ReadOptions {
        required_columns: vec!["speaker".into()],
        ..ReadOptions::default()
    };
    let corpus = Corpus::open(&[path.to_path_buf()], options).unwrap();
    let stop_words = StopWords::builtin();
    let collector = MatchCollector::new(
        matcher.themes(),
        matcher.entries(),
        matcher.context_entries(),
        &by,
        Some((Vec::new(), CsvStyle::default())),
        0,
        0,
    )
    .unwrap();
    let run = RunOptions {
        threads,
        stop_words: Some(&stop_words),
        entries: true,
        matches: Some(&collector),
        counting: Default::default(),
        groups: None,
    };
    let outcome = ctlex::pipeline::run_with(corpus, matcher, &by, &run, &|_, _| {}).unwrap();
    let (hits, _) = collector.finish().unwrap();
    let mut out = Vec::new();
    let (themes, tally) = (matcher.themes(), &outcome.tally);
    let (content, style) = (Denominator::Content, CsvStyle::default());
    write_csv_with(Format::Long, &by, themes, tally, content, style, &mut out).unwrap();
    let terms = tables::terms(&by, themes, matcher.entries(), tally);
    write_table(&terms, style, &mut out).unwrap();
    out.extend(hits.unwrap());
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn one_thread_and_many_give_identical_output(
        statements in prop::collection::vec((0..5u8, statement()), 1..300)
    ) {
        let lexicon = Lexicon::bundled().unwrap();
        let matcher = Matcher::new(&lexicon).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        let mut writer = csv::Writer::from_writer(std::fs::File::create(&path).unwrap());
        writer.write_record(["speaker", "text"]).unwrap();
        for (speaker, text) in &statements {
            writer.write_record([format!("speaker {speaker}"), text.clone()]).unwrap();
        }
        writer.into_inner().unwrap().flush().unwrap();
        let one = report(&path, &matcher, 1);
        prop_assert_eq!(&one, &report(&path, &matcher, 2));
        prop_assert_eq!(&one, &report(&path, &matcher, 4));
    }

    #[test]
    fn scanning_never_panics(text in any::<String>()) {
        let lexicon = Lexicon::bundled().unwrap();
        let matcher = Matcher::new(&lexicon).unwrap();
        let mut scanner = Scanner::new(&matcher);
        let scan = scanner.scan(&text, |m| assert!(m.bytes.end <= text.len()));
        prop_assert!(scan.tokens <= text.len());
    }
}

/// A sink that stops the run at the first batch it is given.
struct StopAtOnce;

impl MatchSink for StopAtOnce {
    fn batch(&self, _: u64, _: &[Found<'_>]) -> ControlFlow<()> {
        ControlFlow::Break(())
    }
}

#[test]
fn a_sink_stopping_the_run_ends_it_with_more_left_to_read_than_is_read_ahead() {
    let lexicon = Lexicon::bundled().unwrap();
    let matcher = Matcher::new(&lexicon).unwrap();
    // Eight batches of a megabyte or more, where a worker has two read ahead; and eight of
    // 5.5 MB, each more than two workers read ahead.
    for (threads, lines) in [(1, 100_000), (2, 100_000), (2, 500_000)] {
        let dir = tempfile::tempdir().unwrap();
        let text = "Terrorism.\n".repeat(lines);
        for i in 0..8 {
            std::fs::write(dir.path().join(format!("{i}.txt")), &text).unwrap();
        }
        let corpus = Corpus::open(&[dir.path().to_path_buf()], ReadOptions::default()).unwrap();
        let run = RunOptions {
            threads,
            matches: Some(&StopAtOnce),
            ..RunOptions::default()
        };
        let outcome = ctlex::pipeline::run_with(corpus, &matcher, &[], &run, &|_, _| {}).unwrap();
        assert!(outcome.stopped);
        assert!(
            outcome.files < 8,
            "{threads} threads: {} files",
            outcome.files
        );
    }
}

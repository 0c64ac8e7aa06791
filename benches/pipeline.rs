//! Stage and whole-pipeline benchmarks on the bundled sample corpus (`cargo bench`).
//!
//! Each benchmark asserts, on every run, the figures pinned below: they were measured once on the
//! sample corpus with the bundled lexicons (and agree with `ctlex analyze --by speaker`), as
//! tantivy's analyzer bench asserts its token count. A change that makes a stage fast by making
//! it wrong fails here instead of looking good; a change that moves a count on purpose updates
//! the figure and says why.

use std::path::{Path, PathBuf};

use ctlex::analyze::{words, Analyzer};
use ctlex::corpus::{Corpus, ReadOptions};
use ctlex::pipeline::Outcome;
use ctlex::{Lexicon, Matcher, Scanner};
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

/// Statements in the sample corpus.
const STATEMENTS: u64 = 20;
/// Bytes of statement text in the sample corpus.
const BYTES: usize = 63_332;
/// Words of the sample corpus: what the segmenter finds and the analyzer turns into tokens.
const WORDS: usize = 6_868;
/// Speakers in the sample corpus: the pipeline's groups `--by speaker`.
const SPEAKERS: usize = 19;
/// Hits per theme in the sample corpus with the bundled lexicons, in the lexicons' order, in
/// counter-terrorism context (`--context passage`), as a run counts them.
const HITS: [(&str, u64); 12] = [
    ("afghanistan", 22),
    ("cells", 9),
    ("crime_nexus", 24),
    ("financing", 43),
    ("ftf", 27),
    ("human_rights", 33),
    ("law_enforcement", 49),
    ("prevention", 16),
    ("propaganda_online", 33),
    ("regional_orgs", 68),
    ("un_framework", 53),
    ("weapons", 11),
];
/// Hits per theme wherever they stand (`hits_all`), as a run counts them: without the presiding
/// officer's procedural sentences.
const HITS_ALL: [(&str, u64); 12] = [
    ("afghanistan", 25),
    ("cells", 10),
    ("crime_nexus", 28),
    ("financing", 45),
    ("ftf", 28),
    ("human_rights", 45),
    ("law_enforcement", 62),
    ("prevention", 19),
    ("propaganda_online", 36),
    ("regional_orgs", 92),
    ("un_framework", 56),
    ("weapons", 14),
];
/// Every match the scanner finds in the sample corpus, procedural sentences included: the
/// President's opening names regional organizations three times more, and the UN framework.
const SCANNED: [(&str, u64); 12] = [
    ("afghanistan", 25),
    ("cells", 10),
    ("crime_nexus", 28),
    ("financing", 45),
    ("ftf", 28),
    ("human_rights", 45),
    ("law_enforcement", 62),
    ("prevention", 19),
    ("propaganda_online", 36),
    ("regional_orgs", 98),
    ("un_framework", 59),
    ("weapons", 14),
];

fn main() {
    divan::main();
}

fn corpus_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The sample corpus's statement texts.
fn texts() -> Vec<String> {
    let texts: Vec<String> = Corpus::open(&[corpus_folder()], ReadOptions::default())
        .expect("the sample corpus exists")
        .map(|item| item.expect("the sample corpus reads cleanly").text)
        .collect();
    assert_eq!(texts.len() as u64, STATEMENTS);
    assert_eq!(texts.iter().map(String::len).sum::<usize>(), BYTES);
    texts
}

fn matcher() -> Matcher {
    let lexicon = Lexicon::bundled().expect("bundled lexicons are valid");
    Matcher::new(&lexicon).expect("bundled lexicons compile")
}

/// Fails unless `hits`, per theme in `matcher`'s order, are the pinned `expected`.
fn assert_hits(matcher: &Matcher, hits: &[u64], expected: &[(&str, u64)]) {
    let named: Vec<(&str, u64)> = matcher
        .themes()
        .iter()
        .map(|theme| theme.id.as_str())
        .zip(hits.iter().copied())
        .collect();
    assert_eq!(named, expected);
}

#[divan::bench]
fn segment(bencher: Bencher) {
    let texts = texts();
    bencher.counter(BytesCount::new(BYTES)).bench(|| {
        let n: usize = texts.iter().map(|t| words(black_box(t)).count()).sum();
        assert_eq!(n, WORDS);
    });
}

#[divan::bench]
fn analyze(bencher: Bencher) {
    let texts = texts();
    let mut analyzer = Analyzer::new();
    let mut tokens = Vec::new();
    bencher.counter(BytesCount::new(BYTES)).bench_local(|| {
        let mut n = 0;
        for text in &texts {
            analyzer.analyze(black_box(text), &mut tokens);
            n += tokens.len();
        }
        assert_eq!(n, WORDS);
    });
}

#[divan::bench]
fn scan(bencher: Bencher) {
    let texts = texts();
    let matcher = matcher();
    let mut scanner = Scanner::new(&matcher);
    bencher.counter(BytesCount::new(BYTES)).bench_local(|| {
        let mut hits = vec![0; HITS.len()];
        for text in &texts {
            for (total, n) in hits.iter_mut().zip(scanner.count(black_box(text))) {
                *total += n;
            }
        }
        assert_hits(&matcher, &hits, &SCANNED);
    });
}

#[divan::bench]
fn pipeline(bencher: Bencher) {
    let matcher = matcher();
    let by = vec!["speaker".to_string()];
    let check = |outcome: Outcome| {
        let total = outcome.tally.total();
        assert_eq!(outcome.bytes, BYTES as u64);
        assert_eq!(total.statements, STATEMENTS);
        assert_eq!(total.tokens, WORDS as u64);
        assert_eq!(outcome.tally.groups().count(), SPEAKERS);
        assert_hits(&matcher, &total.hits, &HITS);
        assert_hits(&matcher, &total.hits_all, &HITS_ALL);
    };
    bencher.counter(BytesCount::new(BYTES)).bench_local(|| {
        let corpus = Corpus::open(&[corpus_folder()], ReadOptions::default()).unwrap();
        check(ctlex::pipeline::run(corpus, &matcher, &by, 0, &|_, _| {}).unwrap());
    });
}

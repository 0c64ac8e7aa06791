//! Stage and whole-pipeline benchmarks on the bundled sample corpus (`cargo bench`).
//!
//! Each benchmark checks the count it produced against a count made outside the timed loop, so
//! a change that makes a stage fast by making it wrong fails here instead of looking good.

use std::path::{Path, PathBuf};

use ctlex::analyze::{words, Analyzer};
use ctlex::corpus::{Corpus, ReadOptions};
use ctlex::{Lexicon, Matcher, Scanner};
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

fn corpus_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The sample corpus's statement texts.
fn texts() -> Vec<String> {
    Corpus::open(&[corpus_folder()], ReadOptions::default())
        .expect("the sample corpus exists")
        .map(|item| item.expect("the sample corpus reads cleanly").text)
        .collect()
}

fn bytes(texts: &[String]) -> usize {
    texts.iter().map(String::len).sum()
}

#[divan::bench]
fn segment(bencher: Bencher) {
    let texts = texts();
    let expected: usize = texts.iter().map(|t| words(t).count()).sum();
    bencher.counter(BytesCount::new(bytes(&texts))).bench(|| {
        let n: usize = texts.iter().map(|t| words(black_box(t)).count()).sum();
        assert_eq!(n, expected);
    });
}

#[divan::bench]
fn analyze(bencher: Bencher) {
    let texts = texts();
    let expected: usize = texts.iter().map(|t| words(t).count()).sum();
    let mut analyzer = Analyzer::new();
    let mut tokens = Vec::new();
    bencher
        .counter(BytesCount::new(bytes(&texts)))
        .bench_local(|| {
            let mut n = 0;
            for text in &texts {
                analyzer.analyze(black_box(text), &mut tokens);
                n += tokens.len();
            }
            assert_eq!(n, expected);
        });
}

#[divan::bench]
fn scan(bencher: Bencher) {
    let texts = texts();
    let lexicon = Lexicon::bundled().expect("bundled lexicons are valid");
    let matcher = Matcher::new(&lexicon).expect("bundled lexicons compile");
    let count = |scanner: &mut Scanner| -> u64 {
        texts
            .iter()
            .map(|t| scanner.count(t).iter().sum::<u64>())
            .sum()
    };
    let expected = count(&mut Scanner::new(&matcher));
    assert!(expected > 0, "the sample corpus has theme hits");
    let mut scanner = Scanner::new(&matcher);
    bencher
        .counter(BytesCount::new(bytes(&texts)))
        .bench_local(|| assert_eq!(count(&mut scanner), expected));
}

#[divan::bench]
fn pipeline(bencher: Bencher) {
    let lexicon = Lexicon::bundled().expect("bundled lexicons are valid");
    let matcher = Matcher::new(&lexicon).expect("bundled lexicons compile");
    let by = vec!["speaker".to_string()];
    let run = || {
        let corpus = Corpus::open(&[corpus_folder()], ReadOptions::default()).unwrap();
        ctlex::pipeline::run(corpus, &matcher, &by, 0, &|_, _| {}).unwrap()
    };
    let expected = run().tally;
    bencher
        .counter(BytesCount::new(bytes(&texts())))
        .bench_local(|| assert_eq!(run().tally, expected));
}

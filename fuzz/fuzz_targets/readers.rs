//! The CSV, TSV and JSON Lines readers (and the decoder in front of them) on any bytes: every
//! row is a statement or a reported problem, never a panic.
#![no_main]

use ctlex::corpus::{Corpus, Issue, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let name = match selector % 4 {
        0 => "input.csv",
        1 => "input.tsv",
        2 => "input.jsonl",
        _ => "input.txt",
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, rest).expect("a temporary file");
    let Ok(corpus) = Corpus::open(&[path], ReadOptions::default()) else {
        return;
    };
    for item in corpus {
        match item {
            Ok(statement) => assert!(!statement.id.is_empty()),
            Err(Issue::Problem(problem)) => assert!(!problem.message.is_empty()),
            Err(Issue::Fatal(_)) => {}
        }
    }
});

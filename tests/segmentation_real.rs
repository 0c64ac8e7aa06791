//! The fast word segmentation gives exactly the UAX #29 words of the reference implementation on
//! real corpora, and the fast scanner (which also stems only the Russian words that may stem to
//! a lexicon stem) exactly the matches of the reference scanner (which stems every word) with the
//! bundled lexicons: the optimised pipeline's output is byte-identical to the straightforward
//! one's. Reads `../shared/data` when
//! it is there (every twentieth file; every file with `CTLEX_FULL_CHECK=1`) and skips with a message
//! when it is not.

mod common;

use std::path::Path;

use ctlex::analyze::{for_each_word, for_each_word_reference};
use ctlex::{Lexicon, Matcher, Scanner};

fn text_files(folder: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            text_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "txt" || e == "en" || e == "ru")
        {
            out.push(path);
        }
    }
}

#[test]
fn fast_segmentation_matches_uax29_on_real_corpora() {
    let Some(data) = common::shared_data(&[]) else {
        return;
    };
    let full = std::env::var_os("CTLEX_FULL_CHECK").is_some();
    let mut files = Vec::new();
    text_files(&data, &mut files);
    let (mut checked, mut words) = (0, 0);
    let lexicon = Lexicon::bundled().unwrap();
    let matcher = Matcher::new(&lexicon).unwrap();
    let mut fast_scanner = Scanner::new(&matcher);
    let mut reference_scanner = Scanner::reference(&matcher);
    let mut matches = 0;
    for (i, path) in files.iter().enumerate() {
        if !full && i % 20 != 0 {
            continue;
        }
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let mut fast = Vec::new();
        for_each_word(&text, |at, w| fast.push((at, w)));
        let mut reference = Vec::new();
        for_each_word_reference(&text, |at, w| reference.push((at, w)));
        if fast != reference {
            let first = fast.iter().zip(&reference).position(|(a, b)| a != b);
            panic!(
                "{}: fast and reference segmentation differ (first at word {first:?}: {:?} vs {:?})",
                path.display(),
                first.map(|i| fast[i]),
                first.map(|i| reference[i])
            );
        }
        let mut fast_matches = Vec::new();
        let fast_scan = fast_scanner.scan(&text, |m| fast_matches.push(m));
        let mut reference_matches = Vec::new();
        let reference_scan = reference_scanner.scan(&text, |m| reference_matches.push(m));
        assert_eq!(fast_scan, reference_scan, "{}", path.display());
        assert!(
            fast_matches == reference_matches,
            "{}: matches differ",
            path.display()
        );
        checked += 1;
        words += fast.len();
        matches += fast_matches.len();
    }
    eprintln!("checked {checked} files, {words} words, {matches} matches: identical");
    assert!(checked > 0);
}

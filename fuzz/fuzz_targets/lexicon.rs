//! The lexicon parsers on any input: the entry syntax, TOML theme files and flat CSV lexicons
//! either load (and compile) or fail with an error, never a panic.
#![no_main]

use ctlex::lexicon::Pattern;
use ctlex::{Lexicon, Matcher};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let _ = Pattern::parse(&text);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let name = match selector % 3 {
        0 => "theme.toml",
        1 => "lexicon.csv",
        _ => "lexicon.tsv",
    };
    let path = dir.path().join(name);
    std::fs::write(&path, rest).expect("a temporary file");
    if let Ok(lexicon) = Lexicon::load(&path) {
        let _ = Matcher::new(&lexicon);
    }
});

//! Tokenizer, normalizer, stemmers and matcher on any text: never a panic, counts that do not
//! depend on the scanner's memory of earlier texts, and the tokens and counts of the reference
//! scanner (general UAX #29 segmentation, every word stemmed).
#![no_main]

use std::sync::OnceLock;

use ctlex::{Lexicon, Matcher, Scanner};
use libfuzzer_sys::fuzz_target;

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let lexicon = Lexicon::bundled().expect("the bundled lexicons are valid");
        Matcher::new(&lexicon).expect("the bundled lexicons compile")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut scanner = Scanner::new(matcher());
    let first = scanner.count(&text);
    let again = scanner.count(&text);
    assert_eq!(first, again, "a warm scanner counts differently");
    let mut reference = Scanner::reference(matcher());
    assert_eq!(reference.count(&text), first, "the reference counts differently");
    let spans = |scanner: &Scanner| -> Vec<(usize, usize)> {
        scanner.tokens().iter().map(|t| (t.start, t.end)).collect()
    };
    assert_eq!(spans(&reference), spans(&scanner), "the reference finds other words");
});

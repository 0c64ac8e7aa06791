//! Speaker headers and the record splitter on any text: never a panic; every turn's header
//! is a whole header and turns are numbered in order.
#![no_main]

use ctlex::corpus::record;
use ctlex::corpus::speaker::{self, Position};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for position in [Position::FileStart, Position::LineStart] {
        if let Some(header) = speaker::parse(&text, position) {
            assert!(text.is_char_boundary(header.end));
            assert!(!header.speaker.is_empty());
        }
    }
    let split = record::split(&text);
    for (i, turn) in split.turns.iter().enumerate() {
        assert_eq!(turn.turn, i + 1);
        assert!(!turn.header.speaker.is_empty());
    }
});

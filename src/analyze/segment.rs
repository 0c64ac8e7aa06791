//! Word segmentation: Unicode UAX #29 words, with a fast path.
//!
//! Text is cut at ASCII whitespace, a word boundary for UAX #29 except inside a run of spaces
//! (WB3d), which matters only when a combining mark after the run makes it a word — and a piece
//! with a combining mark goes to the general implementation, started at the run's start. Each
//! piece between is segmented on its own. A piece made only of ASCII, basic Cyrillic letters and a
//! few common punctuation marks (typographic quotes and apostrophes, dashes, guillemets, no-break
//! space) — nearly every piece of English or Russian prose — goes through a byte-level state
//! machine implementing the UAX #29 rules those characters can meet (WB5–WB13b). Any other piece
//! goes to the general UAX #29 implementation of `unicode-segmentation`. Within the fast path,
//! runs of letters (most of every word) are taken by a tight loop before the state machine looks
//! at what follows them. All paths give exactly the tokens `unicode_word_indices` gives, taken as
//! a reader sees them: a narrow no-break space separates words, and words with only invisible
//! characters between them (a zero-width space) are one (see [`words_as_read`]); the characters
//! that make a difference there all go to the general implementation. Property tests and a check
//! over real corpora hold the paths to the reference.

use unicode_segmentation::UnicodeSegmentation;

use super::normalize::is_ignorable;

/// The word-break class of a character, restricted to what the fast path handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// ASCII whitespace: where pieces are cut.
    Space,
    /// ALetter: ASCII and basic Cyrillic letters.
    Letter,
    /// Numeric: ASCII digits.
    Digit,
    /// ExtendNumLet: `_`.
    Connector,
    /// MidLetter: `:`.
    MidLetter,
    /// MidNumLet and Single_Quote: `.`, `'`, `‘`, `’`.
    MidNumLet,
    /// MidNum: `,`, `;`.
    MidNum,
    /// Everything else the fast path accepts: a boundary on both sides.
    Other,
    /// A byte starting a character that needs a closer look.
    NonAscii,
}

impl Class {
    #[inline]
    fn is_core(self) -> bool {
        matches!(self, Class::Letter | Class::Digit | Class::Connector)
    }
}

/// Classes of ASCII bytes; every byte ≥ 0x80 is `NonAscii`.
static ASCII: [Class; 256] = {
    let mut table = [Class::NonAscii; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => Class::Space,
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b'_' => Class::Connector,
            b':' => Class::MidLetter,
            b'.' | b'\'' => Class::MidNumLet,
            b',' | b';' => Class::MidNum,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// The class and UTF-8 length of the character at `bytes[at]`, or `None` when the fast path
/// does not handle it. `at` must be in bounds and on a character boundary.
#[inline(always)]
fn class_at(bytes: &[u8], at: usize) -> Option<(Class, usize)> {
    let b = bytes[at];
    let class = ASCII[usize::from(b)];
    if class != Class::NonAscii {
        return Some((class, 1));
    }
    match (b, *bytes.get(at + 1)?) {
        // U+0400–U+045F: basic Cyrillic letters, Ё and ё included.
        (0xD0, 0x80..=0xBF) | (0xD1, 0x80..=0x9F) => Some((Class::Letter, 2)),
        // U+00A0 no-break space, U+00AB «, U+00BB ».
        (0xC2, 0xA0 | 0xAB | 0xBB) => Some((Class::Other, 2)),
        (0xE2, 0x80) => match *bytes.get(at + 2)? {
            // U+2018 ‘, U+2019 ’.
            0x98 | 0x99 => Some((Class::MidNumLet, 3)),
            // U+2013 –, U+2014 —, U+201C “, U+201D ”, U+201E „, U+2026 ….
            0x93 | 0x94 | 0x9C | 0x9D | 0x9E | 0xA6 => Some((Class::Other, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// The end of the run of letters — ASCII or basic Cyrillic, the fast path's `Letter`s — that
/// starts at `bytes[at]`, or `at` if none does. `at` must be on a character boundary.
#[inline(always)]
fn skip_letters(bytes: &[u8], mut at: usize) -> usize {
    // Russian words are mostly basic Cyrillic: take four such letters (eight bytes) at a time,
    // once the first byte is a Cyrillic lead byte (so an English word pays one test).
    if bytes.get(at).is_some_and(|&b| b & 0xFE == 0xD0) {
        while let Some(&eight) = bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
            if !four_cyrillic_letters(u64::from_le_bytes(eight)) {
                break;
            }
            at += 8;
        }
    }
    while let Some(&b) = bytes.get(at) {
        at += match b {
            b'a'..=b'z' | b'A'..=b'Z' => 1,
            // U+0400–U+043F: in UTF-8 a 0xD0 byte is always followed by a continuation byte
            // (0x80–0xBF), so the lead byte alone tells the letter.
            0xD0 => 2,
            // U+0440–U+045F.
            0xD1 if bytes.get(at + 1).is_some_and(|&c| c <= 0x9F) => 2,
            _ => break,
        };
    }
    at
}

/// Whether eight bytes of UTF-8 that start on a character boundary are four basic Cyrillic
/// letters (U+0400–U+045F), as the letter loop of [`skip_letters`] takes them: every even byte is
/// the lead byte 0xD0 or 0xD1 (so every odd byte is its continuation byte), and a continuation
/// after 0xD1 is below 0xA0.
#[inline(always)]
fn four_cyrillic_letters(x: u64) -> bool {
    const LEADS: u64 = 0x00FF_00FF_00FF_00FF;
    // 0xD0 and 0xD1 differ in the lowest bit only.
    let leads = (x & LEADS & !0x0001_0001_0001_0001) == 0x00D0_00D0_00D0_00D0;
    // The lowest bit of each 0xD1, moved onto bit 5 (0x20) of the byte after it: set there in
    // a continuation byte of 0xA0 or more.
    let past_045f = (x << 13) & x & 0x2000_2000_2000_2000;
    leads && past_045f == 0
}

/// Words found in the current piece, held back until the piece is known to be all fast.
struct Pending {
    words: [(usize, usize); 16],
    len: usize,
}

/// Calls `emit(start, word)` for every UAX #29 word of `text` that has a letter or digit.
#[inline]
pub fn for_each_word<'t>(text: &'t str, mut emit: impl FnMut(usize, &'t str)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut pending = Pending {
        words: [(0, 0); 16],
        len: 0,
    };
    // Start of the current piece: just after the last ASCII whitespace.
    let mut piece = 0;
    let mut at = 0;
    'text: while at < n {
        if ASCII[usize::from(bytes[at])] == Class::Space {
            if pending.len > 0 {
                pending.flush(text, &mut emit);
            }
            at += 1;
            piece = at;
            continue;
        }
        let start = at;
        let mut alphanumeric = false;
        let mut previous = Class::Other;
        loop {
            // Most of a word is a run of letters: take it whole before the state machine.
            let run_end = skip_letters(bytes, at);
            if run_end != at {
                at = run_end;
                alphanumeric = true;
                previous = Class::Letter;
            }
            if at >= n {
                break;
            }
            let Some((next, next_len)) = class_at(bytes, at) else {
                at = general(text, piece, at, &mut pending, &mut emit);
                continue 'text;
            };
            if next.is_core() {
                alphanumeric |= next != Class::Connector;
                previous = next;
                at += next_len;
                continue;
            }
            if at == start {
                // Punctuation or a symbol between words.
                at += next_len;
                continue 'text;
            }
            if !matches!(next, Class::MidLetter | Class::MidNumLet | Class::MidNum) {
                break;
            }
            let after_at = at + next_len;
            if after_at >= n {
                break;
            }
            let Some((after, after_len)) = class_at(bytes, after_at) else {
                at = general(text, piece, after_at, &mut pending, &mut emit);
                continue 'text;
            };
            let letters = previous == Class::Letter && after == Class::Letter;
            let digits = previous == Class::Digit && after == Class::Digit;
            let joins = match next {
                // WB6, WB7: letter (MidLetter | MidNumLetQ) letter.
                Class::MidLetter => letters,
                // ... and WB11, WB12: digit (MidNum | MidNumLetQ) digit.
                Class::MidNumLet => letters || digits,
                _ => digits,
            };
            if !joins {
                break;
            }
            previous = after;
            at = after_at + after_len;
        }
        if alphanumeric && !pending.push(start, at) {
            at = general(text, piece, at, &mut pending, &mut emit);
        }
    }
    pending.flush(text, &mut emit);
}

impl Pending {
    #[inline]
    fn push(&mut self, start: usize, end: usize) -> bool {
        match self.words.get_mut(self.len) {
            Some(slot) => {
                *slot = (start, end);
                self.len += 1;
                true
            }
            None => false,
        }
    }

    #[inline(always)]
    fn flush<'t>(&mut self, text: &'t str, emit: &mut impl FnMut(usize, &'t str)) {
        for &(start, end) in &self.words[..self.len] {
            emit(start, &text[start..end]);
        }
        self.len = 0;
    }
}

/// Segments the current piece — which starts at `piece` and ends at the next ASCII whitespace
/// after `at` — with the general UAX #29 implementation, dropping what the fast path found in
/// it. Returns where the piece ends.
#[cold]
fn general<'t>(
    text: &'t str,
    piece: usize,
    at: usize,
    pending: &mut Pending,
    emit: &mut impl FnMut(usize, &'t str),
) -> usize {
    pending.len = 0;
    let bytes = text.as_bytes();
    // Segmenting starts at the whitespace before the piece, where WB4 attaches a piece's leading
    // combining marks, and at the start of that whitespace, which is a word boundary: WB3d keeps
    // spaces of every width together, so the run taken back includes non-ASCII ones.
    let space = piece
        - text[..piece]
            .chars()
            .rev()
            .take_while(|&c| is_space(c) || is_wseg_space(c))
            .map(char::len_utf8)
            .sum::<usize>();
    let end = at
        + bytes[at..]
            .iter()
            .position(|&b| ASCII[usize::from(b)] == Class::Space)
            .unwrap_or(bytes.len() - at);
    words_as_read(&text[space..end], space, emit);
    end
}

/// Calls `emit(base + start, word)` for the words of `text` as a reader sees them: the UAX #29
/// words with a letter or digit, except that a narrow no-break space (U+202F, which UAX #29
/// joins to letters and digits like `_`) separates words as any space does, and words with
/// only invisible characters between them (a zero-width space, which UAX #29 breaks at,
/// perhaps with direction marks and the like) are one word (`terror\u{200B}ism`).
fn words_as_read<'t>(text: &'t str, base: usize, emit: &mut impl FnMut(usize, &'t str)) {
    // The gap between two words joins them when it is invisible and there is one: a word that
    // starts with a space (UAX #29 gives a combining mark after a space a word of its own) is
    // not joined, which keeps every joined word between two ASCII spaces, where the fast path
    // cuts text.
    let joins = |gap: &str, next: &str| {
        !gap.is_empty() && gap.chars().all(is_ignorable) && !next.starts_with(char::is_whitespace)
    };
    // The word being joined, by its byte range in `text`.
    let mut joined: Option<(usize, usize)> = None;
    let mut word = |start: usize, end: usize| {
        joined = match joined {
            Some((first, last)) if joins(&text[last..start], &text[start..end]) => {
                Some((first, end))
            }
            Some((first, last)) => {
                emit(base + first, &text[first..last]);
                Some((start, end))
            }
            None => Some((start, end)),
        };
    };
    for (start, found) in text.unicode_word_indices() {
        if !found.contains('\u{202F}') {
            word(start, start + found.len());
            continue;
        }
        let mut at = start;
        for part in found.split('\u{202F}') {
            if part.chars().any(char::is_alphanumeric) {
                word(at, at + part.len());
            }
            at += part.len() + '\u{202F}'.len_utf8();
        }
    }
    if let Some((first, last)) = joined {
        emit(base + first, &text[first..last]);
    }
}

/// Whether `c` is ASCII whitespace, where the fast path cuts text into pieces.
fn is_space(c: char) -> bool {
    u8::try_from(c).is_ok_and(|b| ASCII[usize::from(b)] == Class::Space)
}

/// Whether `c` is a WSegSpace: U+0020 and the other spaces that allow a line break, which
/// UAX #29 keeps in one segment (WB3d).
fn is_wseg_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{1680}'
            | '\u{2000}'..='\u{2006}'
            | '\u{2008}'..='\u{200A}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// The reference: `unicode-segmentation`'s UAX #29 words over the whole text, without the fast
/// path, taken as a reader sees them (see [`words_as_read`]).
pub fn for_each_word_reference<'t>(text: &'t str, mut emit: impl FnMut(usize, &'t str)) {
    words_as_read(text, 0, &mut emit);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fast(text: &str) -> Vec<(usize, &str)> {
        let mut words = Vec::new();
        for_each_word(text, |at, w| words.push((at, w)));
        words
    }

    fn reference(text: &str) -> Vec<(usize, &str)> {
        let mut words = Vec::new();
        for_each_word_reference(text, |at, w| words.push((at, w)));
        words
    }

    #[test]
    fn examples_agree_with_uax29() {
        for text in [
            "Resolution 2396 (2017) — “ISIL”, counter-terrorism; U.N.! e.g. 1,000.5 a:b",
            "Council’s decision, the ‘returnees’ and FTFs' families",
            "Иностранные боевики-террористы «ИГИЛ» — угроза… Ёлка, ёж, ОДКБ/ШОС",
            "snake_case __ _a a_ 3_000 a1b2 1a. x.y.z. 1.2.3 1..2 a''b",
            "tab\tseparated\r\nlines\u{A0}with\u{A0}nbsp",
            "mixed: тeррoрист and Cyrillic-Latin ISIL-ИГИЛ",
            "accents: café naïve Ärger — combining e\u{301} soft\u{AD}hyphen",
            "emoji 👍🏽 and 日本語 and عربى and ‘quoted’",
            "",
            "   ",
            "'",
            "a",
            // A combining mark joins the spaces before it, ASCII or not, into one word.
            "\u{205F} \u{B47}",
            "x\u{3000}  \u{2009}\t\u{205F} \u{B47}y",
        ] {
            assert_eq!(fast(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn words_are_taken_as_a_reader_sees_them() {
        fn words(text: &str) -> Vec<&str> {
            fast(text).into_iter().map(|(_, w)| w).collect()
        }
        // UAX #29 joins a narrow no-break space to letters and digits, like `_`.
        let glued = "foreign\u{202F}terrorist 1\u{202F}000";
        assert_eq!(reference_uax29(glued).len(), 2);
        assert_eq!(words(glued), ["foreign", "terrorist", "1", "000"]);
        // Every other space separator separates words already.
        for space in [
            '\u{A0}', '\u{2000}', '\u{2005}', '\u{2007}', '\u{200A}', '\u{205F}', '\u{3000}',
        ] {
            let text = format!("foreign{space}terrorist");
            assert_eq!(words(&text), ["foreign", "terrorist"], "{space:?}");
        }
        // A zero-width space, which UAX #29 breaks at, is invisible: one word, as read.
        assert_eq!(reference_uax29("terror\u{200B}ism").len(), 2);
        assert_eq!(words("terror\u{200B}ism"), ["terror\u{200B}ism"]);
        assert_eq!(
            words("a terror\u{200B}\u{200E}\u{200B}ism b\u{200B} \u{200B}c"),
            ["a", "terror\u{200B}\u{200E}\u{200B}ism", "b", "c"]
        );
        // Words that touch are not joined, nor is a word that starts with a space (a combining
        // mark after a space), which the fast path sees in a piece of its own.
        assert_eq!(words("é \u{B47}"), ["é", " \u{B47}"]);
        assert_eq!(words("é\u{200B} \u{B47}"), ["é", " \u{B47}"]);
        // The other invisible characters never broke a word.
        for hidden in [
            '\u{AD}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{200E}', '\u{FEFF}',
        ] {
            let text = format!("terror{hidden}ism");
            assert_eq!(words(&text), [text.as_str()], "{hidden:?}");
        }
    }

    fn reference_uax29(text: &str) -> Vec<(usize, &str)> {
        text.unicode_word_indices().collect()
    }

    /// Strings built from the characters the fast path handles, plus some it does not.
    fn prose() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "Z", "ж", "Ё", "ё", "я", "Ѐ", "џ", "0", "9", "_", ":", ".", "'", ",", ";", " ",
            "\t", "\n", "\r", "-", "(", ")", "\"", "’", "‘", "«", "»", "—", "–", "“", "”", "„",
            "…", "\u{A0}", "é", "\u{301}", "\u{AD}", "ҁ", "\u{483}", "Ѡ", "日", "👍", "\u{200D}",
            "\u{2024}", "№", "%", "/", "\u{205F}", "\u{3000}", "\u{B47}", "\u{200B}", "\u{202F}",
            "\u{200E}", "\u{2060}", "\u{FEFF}", "ﬁ", "Ｆ",
        ]);
        prop::collection::vec(pieces, 0..48).prop_map(|p| p.concat())
    }

    /// Strings of letters at the edges of the run loop's ranges (U+0400, U+045F; U+03FF,
    /// U+0460, U+047F and U+0480 are next to them but not taken), between digits, punctuation
    /// and spaces.
    fn letter_runs() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "z", "A", "Z", "@", "[", "`", "{", "Ѐ", "Џ", "А", "Я", "а", "я", "ё", "ѐ", "џ",
            "Ͽ", "Ѡ", "ѿ", "Ҁ", "Ӑ", "0", "7", "_", ".", ",", ":", ";", "'", "’", "-", " ", "\n",
            "«", "»", "\u{301}", "\u{AD}",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
    }

    /// Long runs of basic Cyrillic letters (both lead bytes, the edges of both continuation
    /// ranges) broken now and then by a neighbouring letter the loop does not take, a Latin
    /// letter, a digit or a space.
    fn cyrillic_runs() -> impl Strategy<Value = String> {
        let letters = prop::sample::select(vec![
            "Ѐ", "Џ", "А", "Я", "а", "п", "р", "я", "ѐ", "ё", "џ", "ж", "ы",
        ]);
        let breaks = prop::sample::select(vec!["Ѡ", "ѿ", "Ҁ", "Ͽ", "a", "Z", "7", " ", "-"]);
        let piece = prop_oneof![8 => letters, 1 => breaks];
        prop::collection::vec(piece, 0..64).prop_map(|p| p.concat())
    }

    /// Where the run of `Letter`s starting at `at` ends, by `class_at`.
    fn letters_by_class(bytes: &[u8], mut at: usize) -> usize {
        while at < bytes.len() {
            match class_at(bytes, at) {
                Some((Class::Letter, len)) => at += len,
                _ => break,
            }
        }
        at
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn letter_runs_end_where_the_classes_say(text in prop_oneof![letter_runs(), cyrillic_runs()]) {
            let bytes = text.as_bytes();
            for (at, _) in text.char_indices() {
                prop_assert_eq!(skip_letters(bytes, at), letters_by_class(bytes, at), "at {}", at);
            }
        }

        #[test]
        fn fast_path_agrees_with_uax29_on_letter_runs(text in letter_runs()) {
            prop_assert_eq!(fast(&text), reference(&text));
        }

        #[test]
        fn fast_path_agrees_with_uax29(text in prose()) {
            prop_assert_eq!(fast(&text), reference(&text));
        }

        #[test]
        fn fast_path_agrees_with_uax29_on_any_string(text in any::<String>()) {
            prop_assert_eq!(fast(&text), reference(&text));
        }
    }
}

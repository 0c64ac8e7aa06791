//! A gap between two words read from its bytes: the UAX #29 sentence rules (SB6–SB11) run
//! directly over the characters of typeset English and Russian text, where
//! `unicode-segmentation` would be run over a copy of the word before, the gap and the text
//! after it.
//!
//! Every answer is the one `Breaks::general` gives for the same gap; where an answer would need
//! a character this module does not know, it gives none, and the caller asks `general`. It
//! decides no break on its own: blank lines, abbreviations and clause marks are the caller's.

use std::ops::Range;

use super::LOOKAHEAD;

/// The UAX #29 sentence break classes (`Sentence_Break`) of the characters known here. `Line`
/// is a line break, which stands for a space inside a gap (see
/// [`join_lines`](super::join_lines)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Sp,
    Line,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    /// `Any`: every other character, symbols and most punctuation.
    Other,
}

/// Classes of ASCII characters, as UAX #29's `Sentence_Break` property gives them.
static ASCII: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b' ' | b'\t' | 0x0B | 0x0C => Class::Sp,
            b'\n' | b'\r' => Class::Line,
            b'a'..=b'z' => Class::Lower,
            b'A'..=b'Z' => Class::Upper,
            b'0'..=b'9' => Class::Numeric,
            b'.' => Class::ATerm,
            b'!' | b'?' => Class::STerm,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Class::Close,
            b',' | b'-' | b':' | b';' => Class::SContinue,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// The class and UTF-8 length of the character at `bytes[at]`, for ASCII, basic Cyrillic
/// letters and the spaces, dashes, quotes and ellipsis of typeset text; `None` for any other
/// character (or when `at` is past the end).
#[inline(always)]
fn class_at(bytes: &[u8], at: usize) -> Option<(Class, usize)> {
    let b = *bytes.get(at)?;
    if b < 0x80 {
        return Some((ASCII[usize::from(b)], 1));
    }
    let class = match (b, *bytes.get(at + 1)?) {
        // U+00A0 no-break space; U+00AB «, U+00BB ».
        (0xC2, 0xA0) => (Class::Sp, 2),
        (0xC2, 0xAB | 0xBB) => (Class::Close, 2),
        // U+0400–U+042F, U+0430–U+045F.
        (0xD0, 0x80..=0xAF) => (Class::Upper, 2),
        (0xD0, 0xB0..=0xBF) | (0xD1, 0x80..=0x9F) => (Class::Lower, 2),
        (0xE2, 0x80) => match *bytes.get(at + 2)? {
            // U+2000–U+200A and U+202F: spaces.
            0x80..=0x8A | 0xAF => (Class::Sp, 3),
            // U+2012 ‒, U+2015 ―, U+2026 ….
            0x92 | 0x95 | 0xA6 => (Class::Other, 3),
            // U+2013 –, U+2014 —.
            0x93 | 0x94 => (Class::SContinue, 3),
            // U+2018–U+201F: quotation marks.
            0x98..=0x9F => (Class::Close, 3),
            // U+2024 one dot leader.
            0xA4 => (Class::ATerm, 3),
            _ => return None,
        },
        _ => return None,
    };
    Some(class)
}

/// What one pass over a gap's bytes found.
pub(super) struct Look {
    /// A line with nothing but spaces on it, or U+2029: the gap ends a paragraph.
    pub(super) blank_line: bool,
    /// A clause mark (see [`is_clause_mark`](super::is_clause_mark)).
    pub(super) clause: bool,
    /// A sentence terminator (`.`, `!`, `?` or U+2024): without one UAX #29 ends no sentence in
    /// the gap (SB4 and SB11 break only after a terminator or a paragraph separator).
    pub(super) terminator: bool,
}

/// What an ASCII byte of a gap is, for [`look_at`]: bits of the flags below.
static GAP_BYTES: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'.' | b'!' | b'?' => TERMINATOR,
            b',' | b';' | b':' => CLAUSE,
            b'\n' => NEWLINE,
            _ => 0,
        };
        b += 1;
    }
    table
};
const TERMINATOR: u8 = 1;
const CLAUSE: u8 = 2;
const NEWLINE: u8 = 4;

/// Looks at a gap when all its characters are ones [`class_at`] knows, or when it holds a
/// blank line; `None` otherwise.
#[inline]
pub(super) fn look_at(gap: &[u8]) -> Option<Look> {
    // Most gaps are ASCII, and at most one line break: their flags tell all.
    if gap.is_ascii() {
        let (mut flags, mut newlines) = (0, 0);
        for &b in gap {
            let bits = GAP_BYTES[usize::from(b)];
            flags |= bits;
            newlines += usize::from(bits == NEWLINE);
        }
        if newlines < 2 {
            return Some(Look {
                blank_line: false,
                clause: flags & CLAUSE != 0,
                terminator: flags & TERMINATOR != 0,
            });
        }
    }
    look_at_chars(gap)
}

/// [`look_at`], character by character.
fn look_at_chars(gap: &[u8]) -> Option<Look> {
    let mut look = Look {
        blank_line: false,
        clause: false,
        terminator: false,
    };
    let mut known = true;
    // Whether a line break stands before `at` with nothing but spaces since.
    let mut line_start = false;
    let mut at = 0;
    while at < gap.len() {
        let b = gap[at];
        match b {
            b'\n' if line_start => {
                look.blank_line = true;
                return Some(look);
            }
            b'\n' => line_start = true,
            b' ' | b'\t' | b'\r' => {}
            _ => line_start = false,
        }
        match class_at(gap, at) {
            Some((class, len)) => {
                look.terminator |= matches!(class, Class::ATerm | Class::STerm);
                look.clause |= match len {
                    1 => matches!(b, b',' | b';' | b':'),
                    // U+2012–U+2015: ‒ – — ―.
                    _ => len == 3 && b == 0xE2 && matches!(gap[at + 2], 0x92..=0x95),
                };
                at += len;
            }
            None => {
                // U+2029 ends a paragraph; anything else goes to the general path.
                if gap[at..].starts_with("\u{2029}".as_bytes()) {
                    look.blank_line = true;
                    return Some(look);
                }
                known = false;
                at += 1;
            }
        }
    }
    known.then_some(look)
}

/// The common sentence end: a full stop right after the word, spaces (a line break among them)
/// and a basic Latin or Cyrillic letter, which ends a sentence before a capital (SB11) and not
/// before a lowercase letter (SB8). `None` for any other gap.
#[inline]
pub(super) fn full_stop(bytes: &[u8], gap: &[u8], next: usize) -> Option<bool> {
    let (&b'.', spaces) = gap.split_first()? else {
        return None;
    };
    if spaces.is_empty() || !spaces.iter().all(|b| matches!(b, b' ' | b'\n' | b'\r')) {
        return None;
    }
    match class_at(bytes, next)?.0 {
        Class::Upper => Some(true),
        Class::Lower => Some(false),
        _ => None,
    }
}

/// What the sentence rules remember of the text before a character, as `unicode-segmentation`
/// keeps it: the last four parts, a run of `Close` or of `Sp` being one part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Other,
    UpperLower,
    ATerm,
    STerm,
    Close,
    Sp,
}

#[derive(Clone, Copy, Debug)]
struct State([Part; 4]);

impl State {
    fn next(self, class: Class) -> State {
        let [_, a, b, last] = self.0;
        let part = match class {
            Class::Sp | Class::Line => Part::Sp,
            Class::Lower | Class::Upper => Part::UpperLower,
            Class::ATerm => Part::ATerm,
            Class::STerm => Part::STerm,
            Class::Close => Part::Close,
            Class::Numeric | Class::SContinue | Class::Other => Part::Other,
        };
        if part == last && matches!(part, Part::Close | Part::Sp) {
            self
        } else {
            State([a, b, last, part])
        }
    }

    /// The terminator this state ends with, followed by `Close*` and, if `spaces`, `Sp*`.
    fn terminator(self, spaces: bool) -> Option<Part> {
        let parts = self.0;
        let mut at = 3;
        if spaces && parts[at] == Part::Sp {
            at -= 1;
        }
        if parts[at] == Part::Close {
            at -= 1;
        }
        Some(parts[at]).filter(|&part| matches!(part, Part::ATerm | Part::STerm))
    }
}

/// Whether UAX #29 ends a sentence in the gap between the word at `before` and the next word
/// at `next`, by the sentence rules (SB6–SB11) run over the gap as `unicode-segmentation` runs
/// them, state by state (line breaks in the gap read as spaces). `None` when an answer needs a
/// character [`class_at`] does not know, the last character of the word before a full stop, or
/// more of the text after the gap than [`Breaks::general`](super::Breaks::general) would look
/// at.
pub(super) fn sentence_in_gap(bytes: &[u8], before: &Range<usize>, next: usize) -> Option<bool> {
    // The word ends with a letter, a digit or a connector, never with a terminator, a closing
    // mark or a space: only SB7 looks at its last character, after a full stop.
    let word = &bytes[before.clone()];
    let last = if bytes.get(before.end) == Some(&b'.') {
        let two = word.len().checked_sub(2).and_then(|at| class_at(word, at));
        match (class_at(word, word.len() - 1), two) {
            (Some((class, 1)), _) | (_, Some((class, 2))) => class,
            _ => return None,
        }
    } else {
        Class::Other
    };
    let mut state = State([Part::Other; 4]).next(last);
    let mut at = before.end;
    loop {
        // A break right after the word is not in the gap; a break before the next word is.
        if at > before.end && state.terminator(true).is_some() {
            let (class, _) = class_at(bytes, at)?;
            if breaks_before(state, class, || sb8(bytes, at, next))? {
                return Some(true);
            }
        }
        if at >= next {
            return Some(false);
        }
        let (class, len) = class_at(bytes, at)?;
        state = state.next(class);
        at += len;
    }
}

/// Whether a sentence ends before a character of `class`, after `state`: `None` when SB8 is
/// needed and cannot say.
#[inline]
fn breaks_before(state: State, class: Class, sb8: impl FnOnce() -> Option<bool>) -> Option<bool> {
    // SB11 breaks only after SATerm Close* Sp*.
    let Some(terminator) = state.terminator(true) else {
        return Some(false);
    };
    let [_, _, before_last, last] = state.0;
    let kept = match class {
        // SB6.
        Class::Numeric => last == Part::ATerm,
        // SB7.
        Class::Upper => last == Part::ATerm && before_last == Part::UpperLower,
        // SB8a.
        Class::SContinue | Class::ATerm | Class::STerm => true,
        // SB9.
        Class::Close => state.terminator(false).is_some(),
        // SB9, SB10.
        Class::Sp | Class::Line => true,
        Class::Lower | Class::Other => false,
    };
    if kept {
        return Some(false);
    }
    // SB8: no break after a full stop when a lowercase letter follows before any other letter,
    // terminator or paragraph separator.
    if terminator == Part::ATerm && sb8()? {
        return Some(false);
    }
    // SB11.
    Some(true)
}

/// SB8's look ahead from `bytes[at]`: whether a lowercase letter comes before an uppercase one,
/// a terminator or a paragraph separator, as far as [`lookahead`](super::lookahead) lets the
/// general path see past `next`. `None` where that takes a character [`class_at`] does not know
/// or a line break after `next` (which may or may not stand in a blank line), or goes further
/// than `lookahead`.
fn sb8(bytes: &[u8], mut at: usize, next: usize) -> Option<bool> {
    loop {
        if at >= bytes.len() {
            // The text ends here: no lowercase letter.
            return Some(false);
        }
        if at >= next + LOOKAHEAD {
            return None;
        }
        let (class, len) = class_at(bytes, at)?;
        match class {
            Class::Lower => return Some(true),
            Class::Upper | Class::ATerm | Class::STerm => return Some(false),
            Class::Line if at >= next => return None,
            _ => at += len,
        }
    }
}

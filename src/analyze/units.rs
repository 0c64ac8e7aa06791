//! Sentence and paragraph boundaries, told between two consecutive words.
//!
//! The matcher asks, for each pair of neighbouring tokens, what stands between them: nothing but
//! space, a clause mark (`,` `;` `:` or a dash, which a multi-word entry never spans), the end of
//! a sentence (which neither a multi-word entry nor `NEAR` spans), or the end of a paragraph.
//!
//! Sentences are those of Unicode UAX #29, read with corrections for UN records: a single line
//! break is a space (records are hard-wrapped mid-sentence; a blank line or U+2029 ends a
//! paragraph); a full stop right after an abbreviation ("Mr.", "No.", "para.", "S/PV.", "art.",
//! "г. Москва", "ст.", "т.е." or an initial such as "V.") ends no sentence, but one after a year
//! mark ("в 2015 г.") or a time of day ("10 a.m.") does; a full stop that ends a line ends a
//! sentence before a lowercase letter too ("…программ.⏎принимает к сведению"); and a paragraph's
//! number starting a line begins a sentence ("…;⏎9. Calls upon") (`stops`). A line of more than
//! [`LONG_LINE`] characters was never wrapped: texts that put one paragraph on each line (the
//! General Debate corpus, most speeches taken from the web) end a paragraph where a sentence
//! ends at a single line break next to such a line.
//!
//! A single space, and a comma and a space, are decided at once. Any other gap made of ASCII,
//! basic Cyrillic letters and the spaces, dashes, quotes and ellipsis of typeset text is decided
//! by the sentence rules run over its bytes (`gap`); a gap with any other character goes to
//! `unicode-segmentation`'s sentence boundaries over the gap and the letters around it.
//! [`reference_breaks`] runs UAX #29 over a whole text instead; property tests hold all three to
//! the same answers. Like the rest of the analyzer, this never fails on any string.

mod gap;
mod stops;

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use gap::{full_stop, look_at, sentence_in_gap};
use stops::{ends_line_with_stop, opens_numbered_paragraph, stop_reads_on};

/// What separates two consecutive words, from weakest to strongest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Break {
    /// Space, a hyphen, quotes or brackets: the words may belong to one multi-word entry.
    Space,
    /// A comma, semicolon, colon or dash: the words stay in one sentence but no multi-word entry
    /// spans them.
    Clause,
    /// The end of a sentence.
    Sentence,
    /// The end of a paragraph (a blank line, or U+2029), which also ends a sentence.
    Paragraph,
}

/// A line of more characters than this is a paragraph on its own line, not a wrapped one: a
/// sentence that ends at a line break before or after it ends a paragraph. Wrapped records and
/// letters keep their lines under about a hundred characters.
pub const LONG_LINE: usize = 250;

/// Tells the breaks between words. Keeps a scratch buffer for the gaps it cannot decide from
/// their bytes, so it allocates only while that buffer grows.
#[derive(Debug, Default)]
pub struct Breaks {
    scratch: String,
}

impl Breaks {
    /// A break finder with an empty scratch buffer.
    pub fn new() -> Breaks {
        Breaks::default()
    }

    /// What stands between the word at `before` and the next word, which starts at `next` (both
    /// byte offsets into `text`; `before.end <= next`).
    #[inline(always)]
    pub fn between(&mut self, text: &str, before: Range<usize>, next: usize) -> Break {
        // Most words are followed by a single space, and many others by a comma and a space.
        // A hard-wrapped line ends in a line break with or without a space, which like a hyphen
        // or two spaces parts no unit, unless a paragraph's number follows
        // (`opens_numbered_paragraph`). Inlined in the pass over a text's gaps, so that these
        // cost no call.
        let bytes = text.as_bytes();
        match bytes.get(before.end..next) {
            Some(b" ") => Break::Space,
            Some(b", " | b"; " | b": ") => Break::Clause,
            Some(b"\n" | b" \n" | b"-" | b"  ")
                if !bytes.get(next).is_some_and(u8::is_ascii_digit) =>
            {
                Break::Space
            }
            _ => self.decide(text, before, next),
        }
    }

    /// Any gap but a single space or a comma and a space: a line break next to a long line ends
    /// a paragraph; else as [`Breaks::within_lines`] decides.
    #[inline(never)]
    fn decide(&mut self, text: &str, before: Range<usize>, next: usize) -> Break {
        // The most common sentence end, a full stop and a space before a basic letter, is told
        // by the letter's case and the word before (as `within_lines` tells it, in fewer steps;
        // a gap with no line break ends no long line).
        let bytes = text.as_bytes();
        let gap = &bytes[before.end..next];
        if gap == b". " {
            match full_stop(bytes, gap, next) {
                Some(true) if stop_reads_on(text, before.clone()) => return Break::Space,
                Some(true) => return Break::Sentence,
                Some(false) => return Break::Space,
                None => {}
            }
        }
        let found = self.within_lines(text, before.clone(), next);
        if found == Break::Sentence && ends_long_line(text, before.end..next) {
            Break::Paragraph
        } else {
            found
        }
    }

    /// The break between two words as if no line were long: from the gap's bytes when they are
    /// all characters the byte-level rules know (`gap`), else by [`Breaks::general`].
    fn within_lines(&mut self, text: &str, before: Range<usize>, next: usize) -> Break {
        let bytes = text.as_bytes();
        let gap = &bytes[before.end..next];
        let Some(look) = look_at(gap) else {
            return self.general(text, before, next);
        };
        if look.blank_line {
            return Break::Paragraph;
        }
        let sentence = look.terminator && {
            match full_stop(bytes, gap, next) {
                Some(ends) => ends,
                None => match sentence_in_gap(bytes, &before, next) {
                    Some(ends) => ends,
                    None => return self.general(text, before, next),
                },
            }
        };
        let marks = Marks {
            stop: look.terminator,
            clause: look.clause,
        };
        settle(text, before, next, sentence, marks)
    }

    /// The general case: UAX #29 sentence boundaries over the word before, the gap and the text
    /// after it up to its first letter (as far as the rules look ahead).
    #[cold]
    fn general(&mut self, text: &str, before: Range<usize>, next: usize) -> Break {
        let gap = &text[before.end..next];
        if has_blank_line(gap) {
            return Break::Paragraph;
        }
        let after = lookahead(&text[next..]);
        self.scratch.clear();
        self.scratch.push_str(&text[before.start..next]);
        self.scratch.push_str(after);
        join_lines(&mut self.scratch);
        let (from, to) = (before.len(), before.len() + gap.len());
        let mut sentence = false;
        let mut offset = 0;
        for piece in self.scratch.split_sentence_bounds() {
            offset += piece.len();
            if offset > from && offset <= to {
                sentence = true;
                break;
            }
        }
        classify(text, before, next, sentence)
    }
}

/// The break a gap makes after the word at `before`, up to the next word at `next`, given
/// whether UAX #29 ends a sentence in it: a blank line ends a paragraph; otherwise as
/// [`settle`] decides. The general path and the reference both decide so.
fn classify(text: &str, before: Range<usize>, next: usize, uax29_sentence: bool) -> Break {
    let gap = &text[before.end..next];
    if has_blank_line(gap) {
        Break::Paragraph
    } else {
        let marks = Marks {
            stop: gap.contains('.'),
            clause: gap.chars().any(is_clause_mark),
        };
        settle(text, before, next, uax29_sentence, marks)
    }
}

/// Marks a gap holds, as far as [`settle`] needs them.
struct Marks {
    /// A full stop (or, from the byte-level rules, any sentence terminator).
    stop: bool,
    /// A clause mark ([`is_clause_mark`]).
    clause: bool,
}

/// The break a gap with no blank line makes after the word at `before`, given whether UAX #29
/// ends a sentence in it and the marks it holds. A sentence ends where UAX #29 ends one, unless
/// at the full stop of an abbreviation ([`stop_reads_on`]); where a line ends with a full stop
/// ([`ends_line_with_stop`]); and before a numbered paragraph that starts a line
/// ([`opens_numbered_paragraph`]). Otherwise the gap is a clause mark or a space.
#[inline]
fn settle(
    text: &str,
    before: Range<usize>,
    next: usize,
    uax29_sentence: bool,
    marks: Marks,
) -> Break {
    let bytes = text.as_bytes();
    let gap = before.end..next;
    let sentence = if uax29_sentence {
        !(bytes.get(gap.start) == Some(&b'.') && stop_reads_on(text, before))
    } else {
        marks.stop && ends_line_with_stop(text, before, next)
    };
    if sentence || opens_numbered_paragraph(text, gap) {
        Break::Sentence
    } else if marks.clause {
        Break::Clause
    } else {
        Break::Space
    }
}

fn is_clause_mark(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '—' | '–' | '‒' | '―' | '，' | '；' | '：'
    )
}

/// Spaces within a line.
fn is_line_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r')
}

/// Whether `gap` holds a paragraph end: a line with nothing but spaces on it, or U+2029.
fn has_blank_line(gap: &str) -> bool {
    // Whether a line break came before, with nothing but spaces since.
    let mut line_start = false;
    for b in gap.bytes() {
        match b {
            b'\n' if line_start => return true,
            b'\n' => line_start = true,
            b' ' | b'\t' | b'\r' => {}
            _ => line_start = false,
        }
    }
    gap.contains('\u{2029}')
}

/// Whether a line break in the bytes `gap` of `text` stands next to a line of more than
/// [`LONG_LINE`] characters, before or after it.
fn ends_long_line(text: &str, gap: Range<usize>) -> bool {
    // A line of more than LONG_LINE characters has more than LONG_LINE bytes, and one of more
    // than WINDOW bytes has more than LONG_LINE characters: only that much is looked at.
    const WINDOW: usize = 4 * (LONG_LINE + 1);
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\n', &bytes[gap.clone()]).any(|i| {
        let at = gap.start + i;
        let from = at.saturating_sub(WINDOW);
        let before = match memchr::memrchr(b'\n', &bytes[from..at]) {
            Some(j) => is_long(&bytes[from + j + 1..at]),
            None => from > 0 || is_long(&bytes[..at]),
        };
        let to = (at + 1 + WINDOW).min(bytes.len());
        before
            || match memchr::memchr(b'\n', &bytes[at + 1..to]) {
                Some(j) => is_long(&bytes[at + 1..at + 1 + j]),
                None => to < bytes.len() || is_long(&bytes[at + 1..]),
            }
    })
}

/// Whether `line` has more than [`LONG_LINE`] characters, carriage returns left out; looks at
/// no more of it than it takes to tell. Characters are counted by their first bytes, so most
/// lines (wrapped ones are under [`LONG_LINE`] bytes) are told by their length alone.
///
/// The bytes are counted a block at a time, with no branch per byte (the compiler turns each
/// block into vector instructions), stopping after the block that passes the limit: texts with
/// one paragraph per line ask this at nearly every sentence that ends a line.
pub(crate) fn is_long(line: &[u8]) -> bool {
    const BLOCK: usize = 64;
    if line.len() <= LONG_LINE {
        return false;
    }
    let mut chars = 0;
    for block in line.chunks(BLOCK) {
        // A UTF-8 continuation byte is 10xxxxxx.
        let starts = block
            .iter()
            .map(|&b| u8::from(b & 0xC0 != 0x80 && b != b'\r'))
            .fold(0u8, u8::wrapping_add);
        chars += usize::from(starts);
        if chars > LONG_LINE {
            return true;
        }
    }
    false
}

/// The most bytes after a gap that [`lookahead`] looks at before it stops at any character.
const LOOKAHEAD: usize = 256;

/// The text from a word's start up to and including its first letter: as far as UAX #29's
/// sentence rules look ahead after a full stop (SB8). Bounded, so a long run of digits or
/// punctuation costs no more than this much.
fn lookahead(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|&(i, c)| c.is_alphabetic() || i >= LOOKAHEAD)
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    &text[..end]
}

/// Reads a single line break (and every carriage return) as spaces, in place and with the same
/// length, so that UAX #29 ends no sentence at the end of a hard-wrapped line; the line breaks
/// of a blank line stay, and end a paragraph.
fn join_lines(text: &mut String) {
    if !text.contains(['\n', '\r', '\u{85}', '\u{2028}']) {
        return;
    }
    let blank = |i: usize| {
        text[..i].trim_end_matches(is_line_space).ends_with('\n')
            || text[i + 1..]
                .trim_start_matches(is_line_space)
                .starts_with('\n')
    };
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '\n' if blank(i) => out.push('\n'),
            '\n' | '\r' | '\u{85}' | '\u{2028}' => {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()))
            }
            _ => out.push(c),
        }
    }
    *text = out;
}

/// The breaks between consecutive words of `text` (as many as words less one), found by running
/// UAX #29's sentence boundaries over the whole text: what [`Breaks::between`] is held to.
pub fn reference_breaks(text: &str, words: &[Range<usize>]) -> Vec<Break> {
    let mut joined = text.to_string();
    join_lines(&mut joined);
    let mut bounds: Vec<usize> = Vec::new();
    let mut offset = 0;
    for piece in joined.split_sentence_bounds() {
        offset += piece.len();
        bounds.push(offset);
    }
    // Line breaks next to a long line, found line by line over the whole text.
    let mut long_breaks = Vec::new();
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .scan(0, |start, line| {
            let at = *start;
            *start += line.len() + 1;
            Some((at, line))
        })
        .collect();
    for pair in lines.windows(2) {
        let ((_, line), (next_start, next_line)) = (pair[0], pair[1]);
        let long = |l: &str| l.chars().filter(|&c| c != '\r').count() > LONG_LINE;
        if long(line) || long(next_line) {
            long_breaks.push(next_start - 1);
        }
    }
    words
        .windows(2)
        .map(|pair| {
            let (before, next) = (&pair[0], pair[1].start);
            let ends = bounds.iter().any(|&b| b > before.end && b <= next);
            let found = classify(text, before.clone(), next, ends);
            let long = long_breaks.iter().any(|&b| b >= before.end && b < next);
            if long && found == Break::Sentence {
                Break::Paragraph
            } else {
                found
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;

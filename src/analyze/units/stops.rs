//! Which full stops end a sentence, told by the word before them and the text around it:
//! abbreviations ("Mr.", "No.", "para.", "S/PV.", "art.", "г-н", "т.е.", "ст.", initials), whose
//! full stop ends none; the year mark "г." after a number and times of day ("a.m."), which end
//! one as a word would; a full stop that ends a line, which ends one before a lowercase letter
//! too; and paragraph numbers starting a line, which begin a sentence. It reads only the word,
//! the gap after it and the bytes around them, and never fails.

use std::ops::Range;

/// Words after whose full stop a sentence goes on, compared as written. Single capital letters
/// (initials) and words with a full stop inside (`U.S`, `e.g`, `т.е`) are abbreviations too, but
/// for [`SENTENCE_ENDERS`]; "г" and "гг" after a number are not (see [`stop_reads_on`]).
pub(super) const ABBREVIATIONS: &[&str] = &[
    // English.
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Dr", "Prof", "St", "Mt", "Jr", "Sr", "Gen", "Lt", "Col",
    "Capt", "Maj", "Sgt", "Rev", "Hon", "Amb", "No", "Nos", "no", "nos", "para", "paras", "Para",
    "Paras", "art", "arts", "Art", "Arts", "p", "pp", "vol", "Vol", "ch", "Ch", "sect", "Sect",
    "cf", "vs", "viz", "approx", "Fig", "fig", "Corr", "Rev", "Add", "Suppl", "PV", "SPV",
    // Russian.
    "г", "гг", "г-н", "г-жа", "ст", "п", "пп", "ч", "чч", "им", "см", "стр", "рис", "т", "тт",
    "тыс", "млн", "млрд", "трлн", "руб", "долл", "коп", "обл", "ок", "напр", "проф", "акад",
    "англ", "рус", "прим", "разд", "гл", "абз", "подп", "пред",
];

/// Words with a full stop inside that mostly end their sentence ("at 10 a.m.", "и т.д."): their
/// final full stop ends a sentence as a word's would, before a capital and not before a
/// lowercase letter.
const SENTENCE_ENDERS: [&str; 4] = ["a.m", "p.m", "т.д", "т.п"];

/// The [`key`]s of [`SENTENCE_ENDERS`].
const SENTENCE_ENDER_KEYS: [u128; 4] = [
    key(SENTENCE_ENDERS[0].as_bytes()),
    key(SENTENCE_ENDERS[1].as_bytes()),
    key(SENTENCE_ENDERS[2].as_bytes()),
    key(SENTENCE_ENDERS[3].as_bytes()),
];

/// Whether the full stop right after the word at `word` ends no sentence, told by the word and
/// the text around it: an abbreviation's does not ([`is_abbreviation`]), except "г." or "гг."
/// after a number, which stands for a year ("в 2015 г.") and ends a sentence as "года." would
/// ("г. Москва" does not); nor does the full stop of a paragraph's number at the start of a line
/// ("6. Takes note", "6. принимает к сведению"), which begins the paragraph's sentence.
#[inline]
pub(super) fn stop_reads_on(text: &str, word: Range<usize>) -> bool {
    if is_abbreviation_in(text, word.clone()) {
        !is_year_mark(text, word)
    } else {
        is_paragraph_number(text, word)
    }
}

/// Whether the word at `word` is "г" or "гг" with a number before it, across spaces.
fn is_year_mark(text: &str, word: Range<usize>) -> bool {
    if !matches!(&text[word.clone()], "г" | "гг") {
        return false;
    }
    let before = text[..word.start].trim_end_matches(is_number_space);
    before.ends_with(|c: char| c.is_ascii_digit())
}

/// Spaces that stand between a number and its unit: within a line, and the no-break ones.
fn is_number_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

/// The most digits of a paragraph's number ("12. Calls upon"); a longer number is a year or a
/// count.
const PARAGRAPH_DIGITS: usize = 3;

/// Whether the word at `word` is a paragraph's number: up to [`PARAGRAPH_DIGITS`] digits that
/// start a line, after a line that ends with a mark ("…fields;", "Mr. President,") or a blank
/// one, or that start the text. After a line that ends with a word, a number that starts the
/// next one goes on the sentence ("…the so-called Group of⏎10. Unfortunately").
fn is_paragraph_number(text: &str, word: Range<usize>) -> bool {
    let line_spaces = [' ', '\t', '\r'];
    if word.len() > PARAGRAPH_DIGITS
        || !text.as_bytes()[word.clone()].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let before = text[..word.start].trim_end_matches(line_spaces);
    let Some(lines_before) = before.strip_suffix('\n') else {
        return before.is_empty();
    };
    let line_before = lines_before.trim_end_matches(line_spaces);
    line_before.is_empty()
        || line_before.ends_with(|c: char| {
            c == '\n' || c.is_ascii_punctuation() || matches!(c, '»' | '”' | '’' | '…')
        })
}

/// Whether the gap `gap` of `text` has a line break and, after it, a paragraph's number
/// ([`is_paragraph_number`]) followed by a full stop and a space ("…in both fields;⏎9. Calls
/// upon"): a numbered paragraph begins a sentence.
#[inline]
pub(super) fn opens_numbered_paragraph(text: &str, gap: Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let next = gap.end;
    if !bytes.get(next).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let digits = bytes[next..]
        .iter()
        .take(PARAGRAPH_DIGITS + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    digits <= PARAGRAPH_DIGITS
        && matches!(
            bytes.get(next + digits..next + digits + 2),
            Some([b'.', b' ' | b'\t'])
        )
        && is_paragraph_number(text, next..next + digits)
        && bytes[gap].contains(&b'\n')
}

/// The fewest characters of a word whose full stop ends a line and a sentence before a
/// lowercase letter: shorter ones ("etc.", "al.", "др.", "д.") are mostly abbreviations.
const LINE_END_WORD: usize = 4;

/// Whether the gap after the word at `before` ends its line with a full stop that ends a
/// sentence whatever letter starts the next line: the full stop is the last mark of the line,
/// after the word or its closing quotes and brackets (`кексе>>.`, `2014).`); the next word starts
/// the next line; and the stop is neither part of an ellipsis nor the stop of an abbreviation
/// ([`stop_reads_on`]) or of a word of fewer than [`LINE_END_WORD`] characters (a number of any
/// length will do). A text aligned sentence by sentence, or one paragraph a line, ends a
/// sentence there, where UAX #29 ends none before a lowercase letter ("…программ.⏎принимает к
/// сведению": Russian clauses start lowercase). A stop inside brackets or quotes (`(ibid.)⏎as
/// required`) or before a bracket on the next line (`”.⏎[ibid., paragraph 2]`) ends none.
pub(super) fn ends_line_with_stop(text: &str, before: Range<usize>, next: usize) -> bool {
    let is_line_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r');
    let gap = &text.as_bytes()[before.end..next];
    let Some(line_end) = memchr::memchr(b'\n', gap) else {
        return false;
    };
    let line = &gap[..line_end];
    let line = &line[..line.len() - line.iter().rev().take_while(|b| is_line_space(b)).count()];
    if line.last() != Some(&b'.') || !gap[line_end + 1..].iter().all(is_line_space) {
        return false;
    }
    let closing = &text[before.end..before.end + line.len() - 1];
    if !closing
        .chars()
        .all(|c| matches!(c, '"' | '\'' | ')' | ']' | '»' | '”' | '’' | '>'))
    {
        return false;
    }
    if !closing.is_empty() {
        return true;
    }
    let word = &text[before.clone()];
    let long = word.chars().count() >= LINE_END_WORD;
    (long || word.bytes().all(|b| b.is_ascii_digit())) && !stop_reads_on(text, before)
}

pub(super) fn is_abbreviation(word: &str) -> bool {
    let bytes = word.as_bytes();
    // No abbreviation or initial is longer than eight bytes: most words are ruled out by their
    // length.
    if bytes.len() > 8 {
        return bytes.contains(&b'.');
    }
    let inner_stop = bytes.contains(&b'.') && !SENTENCE_ENDER_KEYS.contains(&key(bytes));
    is_initial(word) || inner_stop || is_listed_abbreviation(bytes)
}

/// Whether `word` is an initial: a single capital letter ("V").
fn is_initial(word: &str) -> bool {
    word.len() <= 4 && {
        let mut chars = word.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
    }
}

/// [`is_abbreviation`] of the word at `word` in `text`, reading its bytes at once when eight
/// bytes of the text start there.
#[inline]
pub(super) fn is_abbreviation_in(text: &str, word: Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let len = word.len();
    let eight = bytes
        .get(word.start..)
        .and_then(|rest| rest.first_chunk::<8>());
    let (Some(eight), 1..=8) = (eight, len) else {
        return is_abbreviation(&text[word]);
    };
    let head = u64::from_le_bytes(*eight) & (u64::MAX >> (64 - 8 * len));
    // Full stops become zero bytes, and the zero bytes past the word do not.
    let stops = head ^ u64::from_le_bytes([b'.'; 8]);
    let full_stop = stops.wrapping_sub(0x0101_0101_0101_0101) & !stops & 0x8080_8080_8080_8080 != 0;
    let key = u128::from(head) | (len as u128) << 64;
    (full_stop && !SENTENCE_ENDER_KEYS.contains(&key))
        || is_initial(&text[word])
        || is_listed_key(key)
}

/// Whether a word of up to eight bytes is one of [`ABBREVIATIONS`].
fn is_listed_abbreviation(word: &[u8]) -> bool {
    is_listed_key(key(word))
}

/// Whether a [`key`] is that of one of [`ABBREVIATIONS`].
fn is_listed_key(key: u128) -> bool {
    let mut slot = slot_of(key);
    loop {
        match ABBREVIATION_SLOTS[slot] {
            found if found == key => return true,
            0 => return false,
            _ => slot = (slot + 1) % ABBREVIATION_SLOTS.len(),
        }
    }
}

/// A word of up to eight bytes as a number: its bytes, and its length above them (so never 0).
const fn key(word: &[u8]) -> u128 {
    let mut key = (word.len() as u128) << 64;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i] as u128) << (8 * i);
        i += 1;
    }
    key
}

/// Where a key's search starts in [`ABBREVIATION_SLOTS`].
const fn slot_of(key: u128) -> usize {
    let mixed = (key as u64 ^ (key >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> 56) as usize % ABBREVIATION_SLOTS.len()
}

/// The keys of [`ABBREVIATIONS`] in an open-addressing table (0 for an empty slot), which
/// answers a word in about one comparison, where a binary search's branches mispredict.
static ABBREVIATION_SLOTS: [u128; 256] = {
    let mut slots = [0; 256];
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        let word = ABBREVIATIONS[i].as_bytes();
        assert!(word.len() <= 8, "an abbreviation of more than 8 bytes");
        let key = key(word);
        let mut slot = slot_of(key);
        while slots[slot] != 0 && slots[slot] != key {
            slot = (slot + 1) % slots.len();
        }
        slots[slot] = key;
        i += 1;
    }
    slots
};

//! Word normalization: Unicode lowercase, `ё` → `е`, typographic apostrophes → `'`, invisible
//! format characters removed, compatibility forms (ligatures, fullwidth letters and digits)
//! spelled out, stress marks dropped and decomposed `ё`/`й` composed, and look-alike
//! Latin/Cyrillic letters inside one word folded to one script (`тeррoрист` typed with Latin `e`
//! and `o` becomes `террорист`).
//!
//! Normalization works on one word at a time and never splits or joins words: segmentation is
//! the tokenizer's job. For patterns that run over a whole text, [`FoldedText`] folds a text
//! character by character the same way (without the look-alike step, which needs words) and maps
//! offsets in the folded text back to the original.
//!
//! Everything here is for matching only: a word's surface form and its place in the text are
//! never changed.

use crate::lang::{LetterCounts, Script};

/// Pairs of letters that look alike in Latin and Cyrillic, case by case: capitals `A B C E H K
/// M O P T X` and small `a c e o p x y`.
const LOOK_ALIKES: [(char, char); 18] = [
    ('A', 'А'),
    ('B', 'В'),
    ('C', 'С'),
    ('E', 'Е'),
    ('H', 'Н'),
    ('K', 'К'),
    ('M', 'М'),
    ('O', 'О'),
    ('P', 'Р'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
];

/// What normalization learned about a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WordShape {
    /// The script whose stemmer the word goes to, if it has Latin or Cyrillic letters.
    pub script: Option<Script>,
    /// Number of Latin or Cyrillic letters (for the statement's dominant script).
    pub letters: u32,
}

/// Whether `c` is invisible and means nothing inside a word: the default-ignorable format
/// characters (soft hyphen, combining grapheme joiner, zero-width space and joiners, direction
/// marks, embeddings and isolates, word joiner and invisible operators, variation selectors,
/// BOM).
#[inline]
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
    )
}

/// `c` as a reader sees it, case kept: nothing for an invisible character, the letters of a
/// Latin ligature (`ﬁ` → `fi`), the plain letter or digit of a fullwidth one (`Ｆ` → `F`), as
/// NFKC has them; any other character is itself.
#[inline]
pub(crate) fn plain_char(c: char, mut push: impl FnMut(char)) {
    match c {
        c if is_ignorable(c) => {}
        '\u{FB00}'..='\u{FB06}' => {
            let letters = match c {
                '\u{FB00}' => "ff",
                '\u{FB01}' => "fi",
                '\u{FB02}' => "fl",
                '\u{FB03}' => "ffi",
                '\u{FB04}' => "ffl",
                _ => "st",
            };
            letters.chars().for_each(push);
        }
        // Fullwidth digits and letters: U+FF10–U+FF5A lie U+FEE0 above ASCII.
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c))
        }
        c => push(c),
    }
}

/// Lowercases and folds one character, calling `push` for each output character.
#[inline]
pub(crate) fn fold_char(c: char, mut push: impl FnMut(char)) {
    match c {
        // Typographic apostrophes and primes used as apostrophes.
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}' => push('\''),
        'ё' | 'Ё' => push('е'),
        c if c.is_ascii() => push(c.to_ascii_lowercase()),
        // Basic Cyrillic capitals: А–Я are 32 below а–я, Ѐ–Џ 80 below ѐ–џ.
        'А'..='Я' => push(char::from_u32(c as u32 + 32).unwrap_or(c)),
        'Ѐ'..='Џ' => push(char::from_u32(c as u32 + 80).unwrap_or(c)),
        'а'..='я' | 'ѐ'..='џ' => push(c),
        c => plain_char(c, |c| c.to_lowercase().for_each(&mut push)),
    }
}

/// What the combining mark `mark` makes of the character `before` it, when it is absorbed into
/// it: a stress mark (acute or grave) on a Cyrillic letter is dropped, a diaeresis on `е` makes
/// `ё` and a breve on `и` makes `й`, as composed (NFC) text has them. `None` when the mark stays
/// as it is. The result is always a basic Cyrillic letter, so its UTF-8 is as long as `before`'s.
#[inline]
pub(crate) fn absorb_mark(before: char, mark: char) -> Option<char> {
    match (before, mark) {
        ('е', '\u{0308}') => Some('ё'),
        ('Е', '\u{0308}') => Some('Ё'),
        ('и', '\u{0306}') => Some('й'),
        ('И', '\u{0306}') => Some('Й'),
        ('\u{0400}'..='\u{045F}', '\u{0300}' | '\u{0301}') => Some(before),
        _ => None,
    }
}

/// Whether `c` is a combining mark [`absorb_mark`] may absorb.
#[inline]
pub(crate) fn is_absorbable_mark(c: char) -> bool {
    matches!(c, '\u{0300}' | '\u{0301}' | '\u{0306}' | '\u{0308}')
}

/// Whether folding may start at `c` and fold the rest as it folds within a longer text: `c` is
/// neither a combining mark that folds into the character before it nor an invisible character,
/// which folds to nothing and leaves a mark after it to fold into the character before it.
#[inline]
pub(crate) fn starts_a_fold(c: char) -> bool {
    !is_absorbable_mark(c) && !is_ignorable(c)
}

/// Folds `text` character by character as [`FoldedText`] does, into `out`: [`fold_char`], and
/// combining marks absorbed by the folded character before them.
#[cfg(test)]
pub(crate) fn fold_text(text: &str, out: &mut String) {
    for c in text.chars() {
        if is_absorbable_mark(c) {
            if let Some(folded) = out.chars().next_back().and_then(|b| absorb_folded(b, c)) {
                out.pop();
                out.push(folded);
                continue;
            }
        }
        fold_char(c, |c| out.push(c));
    }
}

/// [`absorb_mark`] on a folded character, folding what it makes (`ё` → `е`).
#[inline]
fn absorb_folded(before: char, mark: char) -> Option<char> {
    let composed = absorb_mark(before, mark)?;
    let mut folded = composed;
    fold_char(composed, |c| folded = c);
    Some(folded)
}

/// A text, or a stretch of one, folded as [`fold_char`] folds each of its characters (with
/// combining marks absorbed as [`absorb_mark`] says), and the map from offsets in the folded
/// text back to offsets in the text. For patterns that run over a text: where they match in the
/// folded text, the map tells where that is in the original.
///
/// A stretch is folded in parts ([`FoldedText::start_at`], then [`FoldedText::push`]), so the
/// caller learns where each part starts in the folded text. Folded from a character that is not
/// a combining mark, a stretch folds as it does within the whole text.
#[derive(Debug, Default)]
pub(crate) struct FoldedText {
    bytes: Vec<u8>,
    /// Where the folded text's offsets part from the original's, in order.
    shifts: Vec<Shift>,
    /// Where the folded text ends in the original, in bytes.
    original_end: usize,
}

/// The high bit of each of eight bytes: none is set in eight bytes of ASCII.
const ASCII_HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Where a folded text's offsets part from the original's: from `folded` on, an offset maps to
/// `original` plus the distance (`fixed` false), or to `original` itself (`fixed` true: the
/// bytes of one character whose folding changed its length).
#[derive(Clone, Copy, Debug)]
struct Shift {
    folded: usize,
    original: usize,
    fixed: bool,
}

impl FoldedText {
    /// Folds `text`, replacing the text folded before (its buffers are reused).
    pub(crate) fn fold(&mut self, text: &str) {
        self.start_at(0);
        self.push(text);
    }

    /// Forgets the text folded before, to fold a stretch that starts at byte `original` of a
    /// text.
    pub(crate) fn start_at(&mut self, original: usize) {
        self.bytes.clear();
        self.shifts.clear();
        self.original_end = original;
        if original > 0 {
            self.shifts.push(Shift {
                folded: 0,
                original,
                fixed: false,
            });
        }
    }

    /// Folds `text`, the part of the original that follows what is folded already.
    pub(crate) fn push(&mut self, text: &str) {
        let origin = self.original_end;
        self.original_end += text.len();
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            if b.is_ascii() {
                // A run of ASCII, most of an English text, is copied and lowercased whole once
                // eight bytes of it are; a shorter one (the space between two Russian words) is
                // taken byte by byte.
                let eight = bytes.get(at..).and_then(|rest| rest.first_chunk::<8>());
                if eight.is_some_and(|&eight| u64::from_le_bytes(eight) & ASCII_HIGH_BITS == 0) {
                    at = self.push_ascii_run(bytes, at);
                } else {
                    self.bytes.push(b.to_ascii_lowercase());
                    at += 1;
                }
                continue;
            }
            // Basic Cyrillic (U+0400–U+045F) folds within two bytes: offsets stay aligned.
            if let Some(&second) = bytes.get(at + 1) {
                let folded = match (b, second) {
                    (0xD0, 0x81) | (0xD1, 0x91) => Some([0xD0, 0xB5]), // Ё, ё → е
                    (0xD0, 0x80..=0x8F) => Some([0xD1, second + 0x10]), // Ѐ–Џ
                    (0xD0, 0x90..=0x9F) => Some([0xD0, second + 0x20]), // А–П
                    (0xD0, 0xA0..=0xAF) => Some([0xD1, second - 0x20]), // Р–Я
                    (0xD0, 0xB0..=0xBF) | (0xD1, 0x80..=0x9F) => Some([b, second]),
                    _ => None,
                };
                if let Some(pair) = folded {
                    self.bytes.extend_from_slice(&pair);
                    at += 2;
                    continue;
                }
            }
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let before = self.bytes.len();
            let mut buffer = [0; 4];
            if !(is_absorbable_mark(c) && self.absorb(c)) {
                fold_char(c, |c| {
                    self.bytes
                        .extend_from_slice(c.encode_utf8(&mut buffer).as_bytes())
                });
            }
            at += c.len_utf8();
            if self.bytes.len() - before != c.len_utf8() {
                self.shifts.extend([
                    Shift {
                        folded: before,
                        original: origin + at - c.len_utf8(),
                        fixed: true,
                    },
                    Shift {
                        folded: self.bytes.len(),
                        original: origin + at,
                        fixed: false,
                    },
                ]);
            }
        }
    }

    /// Folds the run of ASCII at `bytes[at]`, found sixteen bytes at a time, and returns where
    /// it ends. Apart from [`FoldedText::push`]'s loop, which stays as tight as before for
    /// Russian text.
    #[inline(never)]
    fn push_ascii_run(&mut self, bytes: &[u8], at: usize) -> usize {
        let mut end = at + 1;
        while let Some(chunk) = bytes.get(end..end + 16) {
            if !chunk.is_ascii() {
                break;
            }
            end += 16;
        }
        while bytes.get(end).is_some_and(u8::is_ascii) {
            end += 1;
        }
        let start = self.bytes.len();
        self.bytes.extend_from_slice(&bytes[at..end]);
        self.bytes[start..].make_ascii_lowercase();
        end
    }

    /// Absorbs the combining mark `mark` into the folded character before it if
    /// [`absorb_mark`] says so, rewriting that character in place (it keeps its length).
    fn absorb(&mut self, mark: char) -> bool {
        let start = self.bytes.len().saturating_sub(4);
        let Some(last) = self.bytes[start..]
            .iter()
            .rposition(|&b| b & 0xC0 != 0x80)
            .map(|at| start + at)
        else {
            return false;
        };
        let Some(before) = std::str::from_utf8(&self.bytes[last..])
            .ok()
            .and_then(|s| s.chars().next())
        else {
            return false;
        };
        match absorb_folded(before, mark) {
            Some(folded) if folded.len_utf8() == before.len_utf8() => {
                self.bytes.truncate(last);
                let mut buffer = [0; 4];
                self.bytes
                    .extend_from_slice(folded.encode_utf8(&mut buffer).as_bytes());
                true
            }
            _ => false,
        }
    }

    /// The folded text, as UTF-8.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The offset in the original text of `offset` in the folded text. An offset inside a
    /// character whose folding changed its length maps to where that character starts.
    pub(crate) fn original(&self, offset: usize) -> usize {
        let shifts = &self.shifts;
        let shift = shifts.partition_point(|s| s.folded <= offset);
        let mapped = match shift.checked_sub(1).and_then(|i| shifts.get(i)) {
            None => offset,
            Some(s) if s.fixed => s.original,
            Some(s) => s.original + (offset - s.folded),
        };
        mapped.min(self.original_end)
    }
}

/// Normalizes `word` into `out` (cleared first) and reports its script.
pub(crate) fn normalize_word(word: &str, out: &mut String) -> WordShape {
    let mut counts = match fold_basic(word, out) {
        Some(counts) => counts,
        None => fold_word(word, out),
    };
    if counts.latin > 0 && counts.cyrillic > 0 {
        // Look-alikes are told by case (`B` looks like `В`, `b` like no Cyrillic letter), so a
        // word of both scripts is folded again from its plain surface form.
        let mut surface = String::new();
        if plain_surface(word, &mut surface) {
            counts = fold_word(&surface, out);
        }
    }
    let script = counts.dominant().map(|lang| lang.script());
    WordShape {
        script,
        letters: u32::try_from(counts.latin + counts.cyrillic).unwrap_or(u32::MAX),
    }
}

/// The form of `word` as a reader sees it, case kept, which acronyms are compared in: invisible
/// characters removed, compatibility forms spelled out, combining marks absorbed, and in a word
/// of both scripts the look-alike letters folded into one ([`fold_look_alikes`]). Writes it to
/// `out` (cleared first) and returns `true` when it differs from `word`; a word of ASCII alone or
/// of basic Cyrillic letters and ASCII non-letters (nearly every word) is told by one pass over
/// its bytes and returns `false` with `out` untouched.
pub(crate) fn plain_surface(word: &str, out: &mut String) -> bool {
    if is_plain(word) {
        return false;
    }
    out.clear();
    let mut counts = LetterCounts::default();
    for c in word.chars() {
        if is_absorbable_mark(c) {
            if let Some(composed) = out.chars().next_back().and_then(|b| absorb_mark(b, c)) {
                out.pop();
                out.push(composed);
                continue;
            }
        }
        plain_char(c, |c| {
            if let Some(script) = Script::of(c) {
                counts.add(script, 1);
            }
            out.push(c);
        });
    }
    if counts.latin > 0 && counts.cyrillic > 0 {
        fold_look_alikes(out, counts);
    }
    out != word
}

/// Whether `word` is its own plain surface form for certain: all ASCII, or basic Cyrillic
/// letters with ASCII that is not a letter.
#[inline]
fn is_plain(word: &str) -> bool {
    let bytes = word.as_bytes();
    if bytes.is_ascii() {
        return true;
    }
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        at += match b {
            b'a'..=b'z' | b'A'..=b'Z' => return false,
            0..=0x7F => 1,
            // U+0400–U+043F.
            0xD0 => 2,
            // U+0440–U+045F.
            0xD1 if bytes.get(at + 1).is_some_and(|&c| c <= 0x9F) => 2,
            _ => return false,
        };
    }
    true
}

/// [`fold_word`] for the words nearly every English and Russian word is: ASCII, with the small
/// letters `a`–`z` and `а`–`я` (no `ё`), perhaps a capital `A`–`Z` or `А`–`Я` first. Their fold
/// is the word itself, its first letter lowercased: the bytes are checked (four Russian letters
/// at a time) and copied, with no character decoded or encoded. `None` for any other word, with
/// `out` untouched.
#[inline]
fn fold_basic(word: &str, out: &mut String) -> Option<LetterCounts> {
    let bytes = word.as_bytes();
    let mut counts = LetterCounts::default();
    // A capital first, as its small letter.
    let (first, rest) = match *bytes {
        [b @ b'A'..=b'Z', ..] => {
            counts.latin += 1;
            (Some(char::from(b.to_ascii_lowercase())), 1)
        }
        [0xD0, c @ 0x90..=0xAF, ..] => {
            counts.cyrillic += 1;
            // А–Я are U+0410–U+042F, 32 below а–я.
            let capital = 0x400 + (u32::from(c) - 0x80);
            (char::from_u32(capital + 32), 2)
        }
        _ => (None, 0),
    };
    let mut at = rest;
    while let Some(eight) = bytes.get(at..).and_then(|tail| tail.first_chunk::<8>()) {
        if !four_small_russian(u64::from_le_bytes(*eight)) {
            break;
        }
        counts.cyrillic += 4;
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        at += match (b, bytes.get(at + 1)) {
            (b'a'..=b'z', _) => {
                counts.latin += 1;
                1
            }
            (b'A'..=b'Z', _) => return None,
            (0..=0x7F, _) => 1,
            // а–п, р–я.
            (0xD0, Some(0xB0..=0xBF)) | (0xD1, Some(0x80..=0x8F)) => {
                counts.cyrillic += 1;
                2
            }
            _ => return None,
        };
    }
    out.clear();
    out.extend(first);
    out.push_str(&word[rest..]);
    Some(counts)
}

/// Whether eight bytes of UTF-8 that start on a character boundary are four small Russian
/// letters `а`–`я` but `ё`: each pair is 0xD0 0xB0–0xBF or 0xD1 0x80–0x8F. Flipping the lead's
/// lowest bit and, after 0xD1, the bits 0x30 of the second byte turns every such pair into
/// 0xD0 0xB_, which one mask tells.
#[inline(always)]
fn four_small_russian(x: u64) -> bool {
    let after_d1 = x & 0x0001_0001_0001_0001;
    let flipped = x ^ (after_d1 * 0x3001);
    flipped & 0xF0FF_F0FF_F0FF_F0FF == 0xB0D0_B0D0_B0D0_B0D0
}

/// Folds every character of `word` into `out` (cleared first), counting letters per script.
fn fold_word(word: &str, out: &mut String) -> LetterCounts {
    out.clear();
    out.reserve(word.len());
    let mut counts = LetterCounts::default();
    for c in word.chars() {
        // Most characters are basic letters or digits: fold them here, the rest in `fold_char`.
        match c {
            'a'..='z' => counts.latin += 1,
            'A'..='Z' => {
                counts.latin += 1;
                out.push(c.to_ascii_lowercase());
                continue;
            }
            'а'..='я' => counts.cyrillic += 1,
            '0'..='9' => {}
            _ => {
                if is_absorbable_mark(c) {
                    if let Some(folded) = out.chars().next_back().and_then(|b| absorb_folded(b, c))
                    {
                        out.pop();
                        out.push(folded);
                        continue;
                    }
                }
                fold_char(c, |c| {
                    if let Some(script) = Script::of(c) {
                        counts.add(script, 1);
                    }
                    out.push(c);
                });
                continue;
            }
        }
        out.push(c);
    }
    counts
}

/// Rewrites the letters of one script in a word of both into the other, when every one of them
/// has a look-alike there (case by case, see [`LOOK_ALIKES`]): into the script of most of the
/// word's letters (Cyrillic on a tie) if it can, else into the other one. A genuinely mixed word
/// is left as it is; a word of one script never comes here.
fn fold_look_alikes(word: &mut String, counts: LetterCounts) {
    let swap = |c: char, to_cyrillic: bool| {
        LOOK_ALIKES.iter().find_map(|&(latin, cyrillic)| {
            if to_cyrillic {
                (c == latin).then_some(cyrillic)
            } else {
                (c == cyrillic).then_some(latin)
            }
        })
    };
    let majority = counts.cyrillic >= counts.latin;
    for to_cyrillic in [majority, !majority] {
        let from = if to_cyrillic {
            Script::Latin
        } else {
            Script::Cyrillic
        };
        let all_foldable = word
            .chars()
            .filter(|&c| Script::of(c) == Some(from))
            .all(|c| swap(c, to_cyrillic).is_some());
        if all_foldable {
            *word = word
                .chars()
                .map(|c| swap(c, to_cyrillic).unwrap_or(c))
                .collect();
            return;
        }
    }
}

#[cfg(test)]
mod tests;

//! Word normalization: Unicode lowercase, `ё` → `е`, typographic apostrophes → `'`, invisible
//! format characters removed, and look-alike Latin/Cyrillic letters inside one word folded to the
//! word's majority script (`тeррoрист` typed with Latin `e` and `o` becomes `террорист`).
//!
//! Normalization works on one word at a time and never splits or joins words: segmentation is
//! the tokenizer's job. For patterns that run over a whole text, [`FoldedText`] folds a text
//! character by character the same way (without the look-alike step, which needs words) and maps
//! offsets in the folded text back to the original.

use crate::lang::{LetterCounts, Script};

/// Pairs of letters that look alike in Latin and Cyrillic (after lowercasing).
const LOOK_ALIKES: [(char, char); 12] = [
    ('a', 'а'),
    ('b', 'в'),
    ('c', 'с'),
    ('e', 'е'),
    ('h', 'н'),
    ('k', 'к'),
    ('m', 'м'),
    ('o', 'о'),
    ('p', 'р'),
    ('t', 'т'),
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

/// Lowercases and folds one character, calling `push` for each output character.
#[inline]
pub(crate) fn fold_char(c: char, mut push: impl FnMut(char)) {
    match c {
        // Typographic apostrophes and primes used as apostrophes.
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}' => push('\''),
        'ё' | 'Ё' => push('е'),
        // Soft hyphen, zero-width space/joiners, word joiner, BOM: invisible inside words.
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        c if c.is_ascii() => push(c.to_ascii_lowercase()),
        // Basic Cyrillic capitals: А–Я are 32 below а–я, Ѐ–Џ 80 below ѐ–џ.
        'А'..='Я' => push(char::from_u32(c as u32 + 32).unwrap_or(c)),
        'Ѐ'..='Џ' => push(char::from_u32(c as u32 + 80).unwrap_or(c)),
        'а'..='я' | 'ѐ'..='џ' => push(c),
        c => c.to_lowercase().for_each(push),
    }
}

/// A whole text folded as [`fold_char`] folds each of its characters, and the map from offsets
/// in the folded text back to offsets in the text. For patterns that run over a whole text:
/// where they match in the folded text, the map tells where that is in the original.
#[derive(Debug, Default)]
pub(crate) struct FoldedText {
    bytes: Vec<u8>,
    /// Where the folded text's offsets part from the original's, in order.
    shifts: Vec<Shift>,
    /// Length of the original text in bytes.
    original_len: usize,
}

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
        self.bytes.clear();
        self.shifts.clear();
        self.original_len = text.len();
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            if b.is_ascii() {
                self.bytes.push(b.to_ascii_lowercase());
                at += 1;
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
            fold_char(c, |c| {
                self.bytes
                    .extend_from_slice(c.encode_utf8(&mut buffer).as_bytes())
            });
            at += c.len_utf8();
            if self.bytes.len() - before != c.len_utf8() {
                self.shifts.extend([
                    Shift {
                        folded: before,
                        original: at - c.len_utf8(),
                        fixed: true,
                    },
                    Shift {
                        folded: self.bytes.len(),
                        original: at,
                        fixed: false,
                    },
                ]);
            }
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
        mapped.min(self.original_len)
    }
}

/// Normalizes `word` into `out` (cleared first) and reports its script.
pub(crate) fn normalize_word(word: &str, out: &mut String) -> WordShape {
    let mut counts = fold_word(word, out);
    if counts.latin > 0 && counts.cyrillic > 0 {
        fold_look_alikes(out, &mut counts);
    }
    let script = counts.dominant().map(|lang| lang.script());
    WordShape {
        script,
        letters: u32::try_from(counts.latin + counts.cyrillic).unwrap_or(u32::MAX),
    }
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

/// Rewrites the minority script's letters of a mixed word into the majority script, but only when
/// every minority letter has a look-alike: a genuinely mixed word is left as it is.
fn fold_look_alikes(word: &mut String, counts: &mut LetterCounts) {
    let to_cyrillic = counts.cyrillic >= counts.latin;
    let swap = |c: char| {
        LOOK_ALIKES.iter().find_map(|&(latin, cyrillic)| {
            if to_cyrillic {
                (c == latin).then_some(cyrillic)
            } else {
                (c == cyrillic).then_some(latin)
            }
        })
    };
    let minority = if to_cyrillic {
        Script::Latin
    } else {
        Script::Cyrillic
    };
    let all_foldable = word
        .chars()
        .filter(|&c| Script::of(c) == Some(minority))
        .all(|c| swap(c).is_some());
    if !all_foldable {
        return;
    }
    *word = word.chars().map(|c| swap(c).unwrap_or(c)).collect();
    *counts = if to_cyrillic {
        LetterCounts {
            latin: 0,
            cyrillic: counts.latin + counts.cyrillic,
        }
    } else {
        LetterCounts {
            latin: counts.latin + counts.cyrillic,
            cyrillic: 0,
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_words() {
        struct Case {
            word: &'static str,
            normalized: &'static str,
            script: Option<Script>,
        }
        let cases = [
            Case {
                word: "Terrorism",
                normalized: "terrorism",
                script: Some(Script::Latin),
            },
            Case {
                word: "Council’s",
                normalized: "council's",
                script: Some(Script::Latin),
            },
            Case {
                word: "ОБЪЕДИНЁННЫХ",
                normalized: "объединенных",
                script: Some(Script::Cyrillic),
            },
            Case {
                word: "Ёлка",
                normalized: "елка",
                script: Some(Script::Cyrillic),
            },
            Case {
                word: "terror\u{AD}ism",
                normalized: "terrorism",
                script: Some(Script::Latin),
            },
            // Latin `e`, `o` and `p` typed inside a Russian word.
            Case {
                word: "тeррoрист",
                normalized: "террорист",
                script: Some(Script::Cyrillic),
            },
            // Cyrillic `е` typed inside an English word.
            Case {
                word: "tеrrorist",
                normalized: "terrorist",
                script: Some(Script::Latin),
            },
            // No look-alike for `ж`: a genuinely mixed word stays as it is.
            Case {
                word: "жabc",
                normalized: "жabc",
                script: Some(Script::Latin),
            },
            Case {
                word: "2396",
                normalized: "2396",
                script: None,
            },
        ];
        let mut out = String::new();
        for case in cases {
            let shape = normalize_word(case.word, &mut out);
            assert_eq!(out, case.normalized, "{}", case.word);
            assert_eq!(shape.script, case.script, "{}", case.word);
        }
    }

    /// Characters whose folding changes their length, or folds them away, and characters that
    /// fold to themselves, for [`folding_a_text_is_folding_each_character`].
    const FOLD_CHARS: &[char] = &[
        '\u{AD}', '\u{200B}', '\u{200D}', '\u{FEFF}', '’', '\u{2032}', 'İ', 'ẞ', 'Ⱥ', 'Σ', 'ß',
        'Ё', 'ё', 'Ѐ', 'Џ', 'ѐ', 'џ', 'Ѡ', 'Ω', 'A', 'z', ' ', '\n', '1',
    ];

    proptest::proptest! {
        /// Folding a whole text gives the bytes of folding each of its characters with
        /// `fold_char`, and maps where each character's fold starts back to where the character
        /// starts (a character folded away maps to the one after it).
        #[test]
        fn folding_a_text_is_folding_each_character(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    2 => proptest::char::range('\u{0}', '\u{7F}'),
                    2 => proptest::char::range('\u{400}', '\u{45F}'),
                    2 => proptest::sample::select(FOLD_CHARS),
                    1 => proptest::char::any(),
                ],
                0..40,
            ),
        ) {
            let text: String = chars.into_iter().collect();
            let mut folded = FoldedText::default();
            folded.fold(&text);
            let mut expected = String::new();
            // Where a character's fold starts, and where the character starts.
            let mut starts = Vec::new();
            for (at, c) in text.char_indices() {
                let start = expected.len();
                fold_char(c, |c| expected.push(c));
                if expected.len() > start {
                    starts.push((start, at));
                }
            }
            starts.push((expected.len(), text.len()));
            proptest::prop_assert_eq!(folded.as_bytes(), expected.as_bytes());
            for (start, at) in starts {
                proptest::prop_assert_eq!(folded.original(start), at, "{:?}", &expected[start..]);
            }
        }
    }

    proptest::proptest! {
        /// The shortcut for basic letters and digits folds as `fold_char` does.
        #[test]
        fn basic_letters_fold_like_any_other(word in "[a-zA-Zа-яА-ЯёЁ0-9’\\u{AD}ßΣ.]{0,12}") {
            let mut out = String::new();
            let counts = fold_word(&word, &mut out);
            let mut expected = String::new();
            let mut expected_counts = LetterCounts::default();
            for c in word.chars() {
                fold_char(c, |c| {
                    if let Some(script) = Script::of(c) {
                        expected_counts.add(script, 1);
                    }
                    expected.push(c);
                });
            }
            proptest::prop_assert_eq!(out, expected);
            proptest::prop_assert_eq!(counts, expected_counts);
        }
    }
}

//! How plausible a reading of some bytes is: the evidence that tells Windows-1251 from KOI8-R
//! and Windows-1252 on texts too short for letter frequencies alone, and that shows UTF-8 read
//! in a single-byte code page. It scores readings; it never decides what a reader does.
//!
//! A reading is judged by the characters its non-ASCII bytes became. Letters count as plausible
//! in words written as a language writes them: one script per word, one case or a capital
//! first (KOI8-R read as Windows-1251, and the reverse, swaps the cases: `пРЕДСЕДАТЕЛЬ`), no
//! `Ъ`, `Ь` or `Ы` first, a vowel in a lowercase word (`лбд` is no Russian word, `МВД` is an
//! acronym), at most two accented Latin letters in a row with an ASCII letter beside them
//! (Cyrillic read as Windows-1252 is a run of them: `Ïðåäñåäàòåëü`). A symbol right after a
//! letter counts against the reading (UTF-8 Cyrillic read as Windows-1251 is `Р°Р±`, UTF-8
//! accents read as Windows-1252 are `Ã©`); typographic punctuation counts for nothing, since the
//! code pages share it.

use encoding_rs::{Encoding, KOI8_R, WINDOWS_1251, WINDOWS_1252};

/// The single-byte encodings a reading is chosen among, the likeliest first.
pub(super) const SINGLE_BYTE: [&Encoding; 3] = [WINDOWS_1251, WINDOWS_1252, KOI8_R];

/// What a reading of some bytes looks like.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Reading {
    /// Non-ASCII letters in plausible words.
    pub(super) good: usize,
    /// Non-ASCII letters in implausible words, and symbols right after a letter.
    pub(super) bad: usize,
}

impl Reading {
    /// The plausibility of `text`.
    pub(super) fn of(text: &str) -> Reading {
        let mut reading = Reading::default();
        let mut word: Vec<char> = Vec::new();
        let mut after_letter = false;
        for c in text.chars() {
            if c.is_alphabetic() {
                word.push(c);
                after_letter = true;
                continue;
            }
            reading.add_word(&word);
            word.clear();
            if !c.is_ascii() && !is_typographic(c) && after_letter {
                reading.bad += 1;
            }
            after_letter = false;
        }
        reading.add_word(&word);
        reading
    }

    /// The plausibility of `bytes` read in `encoding`.
    pub(super) fn in_encoding(bytes: &[u8], encoding: &'static Encoding) -> Reading {
        Reading::of(&encoding.decode_without_bom_handling(bytes).0)
    }

    /// Plausible letters less implausible characters.
    pub(super) fn net(self) -> isize {
        self.good as isize - self.bad as isize
    }

    /// Whether the reading is plausible enough to be chosen on its own evidence: a few
    /// plausible letters and few implausible characters.
    pub(super) fn is_convincing(self) -> bool {
        self.good >= 2 && self.bad * 4 <= self.good
    }

    fn add_word(&mut self, word: &[char]) {
        let high = word.iter().filter(|c| !c.is_ascii()).count();
        if high == 0 {
            return;
        }
        if plausible_word(word) {
            self.good += high;
        } else {
            self.bad += high;
        }
    }
}

/// Punctuation every code page here has at the same bytes, or that text holds anywhere.
fn is_typographic(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '„'
            | '‘'
            | '’'
            | '‚'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '–'
            | '—'
            | '…'
            | '•'
            | '№'
            | '\u{a0}'
            | '\u{ad}'
    )
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{4FF}')
}

/// Lowercase Russian abbreviations without a vowel, which text writes as words.
const ABBREVIATIONS: [&str; 10] = [
    "млн", "млрд", "др", "пр", "гг", "вв", "см", "км", "кг", "стр",
];

/// Whether a word with non-ASCII letters is written as a language writes words.
fn plausible_word(word: &[char]) -> bool {
    let cyrillic = word.iter().filter(|&&c| is_cyrillic(c)).count();
    if cyrillic > 0 && cyrillic < word.len() {
        return false;
    }
    let upper = word.iter().filter(|c| c.is_uppercase()).count();
    let lower = word.iter().filter(|c| c.is_lowercase()).count();
    let one_case = upper == 0 || lower == 0 || (upper == 1 && word[0].is_uppercase());
    if !one_case {
        return false;
    }
    if cyrillic > 0 {
        plausible_russian(word, upper)
    } else {
        plausible_latin(word)
    }
}

fn plausible_russian(word: &[char], upper: usize) -> bool {
    if matches!(word[0], 'Ъ' | 'ъ' | 'Ь' | 'ь' | 'Ы' | 'ы') {
        return false;
    }
    // Acronyms are written in capitals (`МВД`); a lowercase word has a vowel.
    if upper == word.len() || word.len() < 2 {
        return true;
    }
    let vowel = |c: &char| "аеёиоуыэюяАЕЁИОУЫЭЮЯ".contains(*c);
    if word.iter().any(vowel) {
        return true;
    }
    let lower: String = word.iter().flat_map(|c| c.to_lowercase()).collect();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn plausible_latin(word: &[char]) -> bool {
    let mut run = 0;
    for c in word {
        run = if c.is_ascii() { 0 } else { run + 1 };
        if run > 2 {
            return false;
        }
    }
    word.len() <= 2 || word.iter().any(char::is_ascii)
}

/// How often each letter of the Russian alphabet, а to я, occurs in Russian text, per 10,000
/// letters (ё counted as е).
const RUSSIAN_LETTERS: [u16; 32] = [
    801, 159, 454, 170, 298, 849, 94, 165, 735, 121, 349, 440, 321, 670, 1097, 281, 473, 547, 626,
    262, 26, 97, 48, 144, 73, 36, 4, 190, 174, 32, 64, 201,
];

/// The mean log frequency in Russian of the Cyrillic letters of `text`, in any case: higher
/// for Russian, lower for Russian decoded with the wrong code page. Zero without Cyrillic
/// letters.
pub(super) fn russian_plausibility(text: &str) -> f64 {
    let (sum, letters) = text
        .chars()
        .filter_map(|c| match c {
            'ё' | 'Ё' => Some(5),
            'а'..='я' => Some(c as usize - 'а' as usize),
            'А'..='Я' => Some(c as usize - 'А' as usize),
            _ => None,
        })
        .filter_map(|letter| RUSSIAN_LETTERS.get(letter))
        .fold((0.0, 0usize), |(sum, n), &per_10k| {
            (sum + (f64::from(per_10k) / 10_000.0).ln(), n + 1)
        });
    if letters == 0 {
        0.0
    } else {
        sum / letters as f64
    }
}

/// How much more plausible, in mean log frequency, KOI8-R's letters must be than Windows-1251's
/// for KOI8-R to be chosen when the words alone do not tell: Windows-1251 is by far the more
/// common, and a few acronyms have rare letters in either.
const KOI8_MARGIN: f64 = 0.25;

/// The single-byte encoding `bytes` read most plausibly in, with its reading. Ties go to
/// `prior` when it is among them, else to the likelier encoding.
pub(super) fn most_plausible(
    bytes: &[u8],
    prior: Option<&'static Encoding>,
) -> (&'static Encoding, Reading) {
    let readings = SINGLE_BYTE.map(|e| (e, Reading::in_encoding(bytes, e)));
    let best = readings.iter().map(|(_, r)| r.net()).max().unwrap_or(0);
    let tied: Vec<(&'static Encoding, Reading)> = readings
        .iter()
        .copied()
        .filter(|(_, r)| r.net() == best)
        .collect();
    if let Some(&found) = tied.iter().find(|(e, _)| Some(*e) == prior) {
        return found;
    }
    let cyrillic_tie = tied.len() >= 2 && tied.iter().all(|(e, _)| *e != WINDOWS_1252);
    if cyrillic_tie {
        let letters =
            |e: &'static Encoding| russian_plausibility(&e.decode_without_bom_handling(bytes).0);
        if letters(KOI8_R) > letters(WINDOWS_1251) + KOI8_MARGIN {
            return readings[2];
        }
    }
    tied[0]
}

/// Whether `bytes`, which are not valid UTF-8 and have `valid` multi-byte characters and
/// `invalid` bad sequences, are damaged UTF-8 rather than text in a single-byte code page: bad
/// bytes among valid multi-byte sequences (which single-byte text seldom forms), unless a
/// single-byte reading is convincingly more plausible, as it is for short text that formed one
/// by chance.
pub(super) fn is_damaged_utf8(bytes: &[u8], valid: usize, invalid: usize) -> bool {
    if valid == 0 || invalid > valid {
        return false;
    }
    let (_, best) = most_plausible(bytes, None);
    !(best.is_convincing() && best.net() > Reading::of(&String::from_utf8_lossy(bytes)).net())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    #[test]
    fn words_as_languages_write_them_are_plausible() {
        let cases: [(&str, usize, usize); 12] = [
            ("Председатель Совета", 18, 0),
            ("пРЕДСЕДАТЕЛЬ", 0, 12),
            ("ФСБ, МВД и СВР", 10, 0),
            ("лбд", 0, 3),
            ("млн", 3, 0),
            ("Ïðåäñåäàòåëü", 0, 12),
            ("résumé, Ça va, été", 5, 0),
            ("rйsumй", 0, 2),
            ("РёРЅРѕСЃ", 0, 8),
            ("Р°Р±", 2, 2),
            ("rÃ©sumÃ©", 0, 4),
            ("“quoted” — 30 °C", 0, 0),
        ];
        for (text, good, bad) in cases {
            assert_eq!(Reading::of(text), Reading { good, bad }, "{text}");
        }
    }

    #[test]
    fn latin_accents_are_read_as_windows_1252() {
        for text in ["résumé", "Ça va, déjà vu", "Curaçao and São Tomé"] {
            let (found, reading) = most_plausible(&encoded(text, WINDOWS_1252), None);
            assert_eq!(found, WINDOWS_1252, "{text}");
            assert!(reading.is_convincing(), "{text}");
        }
    }

    #[test]
    fn utf8_read_in_a_single_byte_code_page_is_less_plausible() {
        for text in ["Иностранные боевики-террористы", "ИБТ", "résumé", "Ёлка"]
        {
            let right = Reading::of(text);
            for encoding in SINGLE_BYTE {
                let misread = Reading::in_encoding(text.as_bytes(), encoding);
                assert!(
                    misread.net() < right.net(),
                    "{text} in {}: {misread:?}",
                    encoding.name()
                );
            }
        }
    }

    #[test]
    fn russian_letters_are_more_plausible_than_their_misreadings() {
        let right = russian_plausibility("СОВЕТ БЕЗОПАСНОСТИ");
        assert_eq!(right, russian_plausibility("совет безопасности"));
        assert!(right > russian_plausibility("янбер аегноюямнярх"));
        assert_eq!(russian_plausibility("no Cyrillic"), 0.0);
    }
}

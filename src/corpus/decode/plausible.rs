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
        let mut word = Word::default();
        let mut after_letter = false;
        for (at, c) in text.char_indices() {
            if c.is_alphabetic() {
                word.push(at, c);
                after_letter = true;
                continue;
            }
            reading.add_word(&word, text);
            word = Word::default();
            if !c.is_ascii() && after_letter && !is_typographic(c) {
                reading.bad += 1;
            }
            after_letter = false;
        }
        reading.add_word(&word, text);
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

    fn add_word(&mut self, word: &Word, text: &str) {
        if word.high == 0 {
            return;
        }
        if word.is_plausible(text) {
            self.good += word.high;
        } else {
            self.bad += word.high;
        }
    }
}

/// What a word of a reading is made of, gathered letter by letter.
#[derive(Clone, Copy, Debug, Default)]
struct Word {
    /// Where the word starts in the text.
    start: usize,
    /// Where it ends.
    end: usize,
    letters: usize,
    /// Non-ASCII letters.
    high: usize,
    cyrillic: usize,
    upper: usize,
    lower: usize,
    first_upper: bool,
    /// Whether it starts with `Ъ`, `Ь` or `Ы`.
    first_sign: bool,
    vowel: bool,
    ascii: bool,
    /// The longest run of non-ASCII letters, and the current one.
    longest_run: usize,
    run: usize,
}

impl Word {
    fn push(&mut self, at: usize, c: char) {
        if self.letters == 0 {
            self.start = at;
            self.first_upper = c.is_uppercase();
            self.first_sign = matches!(c, 'Ъ' | 'ъ' | 'Ь' | 'ь' | 'Ы' | 'ы');
        }
        self.end = at + c.len_utf8();
        self.letters += 1;
        self.upper += usize::from(c.is_uppercase());
        self.lower += usize::from(c.is_lowercase());
        if c.is_ascii() {
            self.ascii = true;
            self.run = 0;
        } else {
            self.high += 1;
            self.run += 1;
            self.longest_run = self.longest_run.max(self.run);
        }
        if is_cyrillic(c) {
            self.cyrillic += 1;
            self.vowel |= "аеёиоуыэюяАЕЁИОУЫЭЮЯ".contains(c);
        }
    }

    /// Whether the word is written as a language writes words.
    fn is_plausible(&self, text: &str) -> bool {
        if self.cyrillic > 0 && self.cyrillic < self.letters {
            return false;
        }
        let one_case = self.upper == 0 || self.lower == 0 || (self.upper == 1 && self.first_upper);
        if !one_case {
            return false;
        }
        if self.cyrillic == 0 {
            return self.longest_run <= 2 && (self.letters <= 2 || self.ascii);
        }
        if self.first_sign {
            return false;
        }
        // Acronyms are written in capitals (`МВД`); a lowercase word has a vowel.
        if self.upper == self.letters || self.letters < 2 || self.vowel {
            return true;
        }
        let word = text
            .get(self.start..self.end)
            .unwrap_or_default()
            .to_lowercase();
        ABBREVIATIONS.contains(&word.as_str())
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
const ABBREVIATIONS: [&str; 17] = [
    "млн", "млрд", "др", "пр", "гг", "вв", "ст", "стр", "гр", "пп", "тт", "мм", "см", "км", "кг",
    "мг", "кв",
];

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

/// Whether the letters of `bytes` are more common in Russian read in `to` than in `from`, when
/// both are Cyrillic code pages: what a change between them must show besides its words, since
/// most words of running text keep one case in either.
pub(super) fn letters_agree(bytes: &[u8], from: &'static Encoding, to: &'static Encoding) -> bool {
    let cyrillic = |e: &'static Encoding| e == WINDOWS_1251 || e == KOI8_R;
    if !cyrillic(from) || !cyrillic(to) {
        return true;
    }
    let letters =
        |e: &'static Encoding| russian_plausibility(&e.decode_without_bom_handling(bytes).0);
    letters(to) > letters(from)
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

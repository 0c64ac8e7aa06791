//! Turning input bytes into text: the one place where encodings are decided, for every reader.
//!
//! Supported: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, Windows-1252, Windows-1251 and
//! KOI8-R. The order of evidence is: the encoding the user forced, a BOM, valid UTF-8, then a
//! detector (chardetng) whose guess is checked for plausibility (Russian text decoded with the
//! wrong Cyrillic code page comes out in rare letters, and Cyrillic decoded as Windows-1252 comes
//! out as accented Latin soup). Every decision is recorded, and text is never
//! silently altered: replaced bytes are counted and reported.

mod files;

use std::fmt;

use encoding_rs::{Encoding, KOI8_R, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1251, WINDOWS_1252};

pub(crate) use files::{open_stream, read_file, FileText};
pub use files::{Decoding, EncodingLog, OnDecision, MAX_FILE_BYTES};

/// Bytes looked at to decide the encoding of a streamed (tabular) file.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The encodings ctlex reads, by the names `--encoding` accepts.
pub(crate) const SUPPORTED: [(&str, &Encoding); 7] = [
    ("utf-8", UTF_8),
    ("utf-16le", UTF_16LE),
    ("utf-16be", UTF_16BE),
    ("windows-1252", WINDOWS_1252),
    ("windows-1251", WINDOWS_1251),
    ("koi8-r", KOI8_R),
    ("utf-16", UTF_16LE),
];

/// A text encoding ctlex can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextEncoding(&'static Encoding);

impl TextEncoding {
    pub(crate) const UTF_8: TextEncoding = TextEncoding(UTF_8);

    /// The encoding called `name` (`utf-8`, `utf-16le`, `utf-16be`, `windows-1252`/`cp1252`,
    /// `windows-1251`/`cp1251`, `koi8-r`), if ctlex reads it.
    pub fn from_name(name: &str) -> Option<TextEncoding> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        let name = match name.as_str() {
            "utf8" => "utf-8",
            "cp1252" | "latin1" | "latin-1" | "iso-8859-1" => "windows-1252",
            "cp1251" => "windows-1251",
            "koi8r" => "koi8-r",
            other => other,
        };
        SUPPORTED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, e)| TextEncoding(e))
    }

    /// The encoding's standard name, such as `UTF-8` or `windows-1251`.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The names `--encoding` lists: the first name of each encoding ctlex reads.
    pub fn names() -> impl Iterator<Item = &'static str> {
        SUPPORTED
            .iter()
            .enumerate()
            .filter(|(i, (_, encoding))| !SUPPORTED[..*i].iter().any(|(_, e)| e == encoding))
            .map(|(_, (name, _))| *name)
    }

    pub(crate) fn encoding(self) -> &'static Encoding {
        self.0
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the encoding was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// The user forced the encoding.
    Forced,
    /// A byte order mark names the encoding.
    Bom,
    /// The bytes are valid UTF-8.
    ValidUtf8,
    /// Mostly valid UTF-8 with a few invalid sequences, which were replaced.
    DamagedUtf8,
    /// Detected from the bytes as a single-byte encoding.
    Detected,
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Evidence::Forced => "forced",
            Evidence::Bom => "byte order mark",
            Evidence::ValidUtf8 => "valid UTF-8",
            Evidence::DamagedUtf8 => "UTF-8 with invalid sequences",
            Evidence::Detected => "detected",
        })
    }
}

/// The decision about one input's encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The encoding the input is read in.
    pub encoding: TextEncoding,
    /// How that encoding was decided.
    pub evidence: Evidence,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.encoding, self.evidence)
    }
}

/// Decoded text with the decision that produced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text.
    pub text: String,
    /// The decision the text was decoded by.
    pub decision: Decision,
    /// Byte sequences that could not be decoded and were replaced with U+FFFD.
    pub replaced: usize,
    /// NUL bytes removed from the text.
    pub(crate) nuls: usize,
}

/// Decides the encoding of `bytes` (all of a file, or its start).
pub fn decide(bytes: &[u8], forced: Option<TextEncoding>) -> Decision {
    if let Some(decision) = decide_by_mark(bytes, forced) {
        return decision;
    }
    // Most input is valid UTF-8: say so after one fast validation, before counting anything.
    if is_utf8(bytes) {
        return VALID_UTF8;
    }
    decide_by_content(bytes)
}

const VALID_UTF8: Decision = Decision {
    encoding: TextEncoding::UTF_8,
    evidence: Evidence::ValidUtf8,
};

/// The decision made before looking at the text: the encoding the user forced, or a BOM's.
fn decide_by_mark(bytes: &[u8], forced: Option<TextEncoding>) -> Option<Decision> {
    if let Some(encoding) = forced {
        return Some(Decision {
            encoding,
            evidence: Evidence::Forced,
        });
    }
    Encoding::for_bom(bytes).map(|(encoding, _)| Decision {
        encoding: TextEncoding(encoding),
        evidence: Evidence::Bom,
    })
}

/// Whether all of `bytes` is valid UTF-8, by encoding_rs's validator (SIMD, several times
/// faster than the standard library's on non-ASCII text).
fn is_utf8(bytes: &[u8]) -> bool {
    Encoding::utf8_valid_up_to(bytes) == bytes.len()
}

/// The decision for unmarked bytes that are not all valid UTF-8.
fn decide_by_content(bytes: &[u8]) -> Decision {
    let (valid, invalid) = utf8_census(bytes);
    if invalid == 0 {
        // Valid but for a sequence cut off at the end, as at the end of a sniffed prefix.
        return VALID_UTF8;
    }
    // Bad bytes among valid multi-byte sequences are damage, not another encoding: text in a
    // single-byte code page almost never forms a valid UTF-8 sequence.
    if valid > 0 && invalid <= valid {
        return Decision {
            encoding: TextEncoding::UTF_8,
            evidence: Evidence::DamagedUtf8,
        };
    }
    Decision {
        encoding: TextEncoding(detect_single_byte(bytes)),
        evidence: Evidence::Detected,
    }
}

/// Valid multi-byte characters and invalid sequences in `bytes`. A sequence cut off at the end
/// (as at the end of a sniffed prefix) is not counted as invalid.
fn utf8_census(bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    let mut chunks = bytes.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        let last = chunks.peek().is_none();
        let cut_at_end = last && chunk.invalid().len() < 4;
        if !chunk.invalid().is_empty() && !cut_at_end {
            invalid += 1;
        }
    }
    (valid, invalid)
}

/// Bytes of a file looked at to tell its single-byte encoding.
const DETECT_BYTES: usize = 256 * 1024;

/// One of Windows-1252, Windows-1251 and KOI8-R for bytes that are not UTF-8: chardetng's
/// guess, checked by how plausible each Cyrillic reading is.
fn detect_single_byte(bytes: &[u8]) -> &'static Encoding {
    let bytes = bytes.get(..DETECT_BYTES).unwrap_or(bytes);
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, false);
    let high_letters = bytes.iter().filter(|&&b| b >= 0xC0).count();
    let ascii_letters = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let cyrillic_guess = guess == WINDOWS_1251 || guess == KOI8_R || guess == encoding_rs::IBM866;
    // Latin text has a few accented letters among many ASCII ones; Cyrillic text is mostly high
    // bytes. Trust the detector unless the byte census contradicts it.
    if !cyrillic_guess && high_letters * 2 < ascii_letters {
        return WINDOWS_1252;
    }
    if !cyrillic_guess && high_letters == 0 {
        return WINDOWS_1252;
    }
    // The two Cyrillic code pages put the same letters at different bytes (and swap the cases),
    // so Russian read with the wrong one is made of rare letters: judge each reading by how
    // common its letters are in Russian, whatever their case, so that text in capitals is read
    // as rightly as running text.
    let plausibility = |encoding: &'static Encoding| {
        russian_plausibility(&encoding.decode_without_bom_handling(bytes).0)
    };
    if plausibility(KOI8_R) > plausibility(WINDOWS_1251) {
        KOI8_R
    } else {
        WINDOWS_1251
    }
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
fn russian_plausibility(text: &str) -> f64 {
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

/// Decodes all of `bytes`.
pub fn decode(bytes: &[u8], forced: Option<TextEncoding>) -> Decoded {
    decode_as(bytes, decide(bytes, forced))
}

/// Decodes all of `bytes`, taking them over: valid UTF-8 becomes the text without a copy, and
/// is validated once. Decides as [`decide`] does.
pub(crate) fn decode_owned(bytes: Vec<u8>, forced: Option<TextEncoding>) -> Decoded {
    if let Some(decision) = decide_by_mark(&bytes, forced) {
        return decode_as(&bytes, decision);
    }
    if is_utf8(&bytes) {
        debug_assert!(std::str::from_utf8(&bytes).is_ok());
        // SAFETY: `is_utf8` has just found every byte of `bytes` to be valid UTF-8, by the same
        // definition as the standard library's (encoding_rs follows the WHATWG Encoding
        // Standard, which rejects overlong forms, surrogates and code points past U+10FFFF).
        // `String::from_utf8` would validate all of it a second time, with a slower validator.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return without_nuls(text, VALID_UTF8, 0);
    }
    decode_as(&bytes, decide_by_content(&bytes))
}

fn decode_as(bytes: &[u8], decision: Decision) -> Decoded {
    let (text, had_errors) = decision.encoding.encoding().decode_with_bom_removal(bytes);
    let replaced = if !had_errors {
        0
    } else if decision.encoding == TextEncoding::UTF_8 {
        let found = text.matches('\u{FFFD}').count();
        found.saturating_sub(count_replacement_chars(bytes))
    } else {
        text.matches('\u{FFFD}').count()
    };
    without_nuls(text.into_owned(), decision, replaced)
}

/// The decoded text with its NUL bytes removed and counted.
fn without_nuls(mut text: String, decision: Decision, replaced: usize) -> Decoded {
    let nuls = count_nuls(text.as_bytes());
    if nuls > 0 {
        text.retain(|c| c != '\0');
    }
    Decoded {
        text,
        decision,
        replaced,
        nuls,
    }
}

/// U+FFFD characters already present in UTF-8 input, which are not decoding errors.
fn count_replacement_chars(bytes: &[u8]) -> usize {
    bytes
        .windows(3)
        .filter(|w| *w == [0xEF, 0xBF, 0xBD])
        .count()
}

/// Whether `bytes` (the start of a file) look like a binary file rather than text: NUL bytes in
/// more than one position in a hundred, outside UTF-16 (which is told by its BOM).
pub(crate) fn is_binary(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some_and(|(e, _)| e == UTF_16LE || e == UTF_16BE) {
        return false;
    }
    let sample = bytes.get(..bytes.len().min(SNIFF_BYTES)).unwrap_or(bytes);
    count_nuls(sample) * 100 > sample.len()
}

/// NUL bytes in `bytes`. Almost all text has none, which a vectorized search shows in a small
/// fraction of an instruction per byte.
fn count_nuls(bytes: &[u8]) -> usize {
    memchr::memchr_iter(0, bytes).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH: &str = "Foreign terrorist fighters crossed the border; the Council’s résumé.";
    const RUSSIAN: &str =
        "Иностранные боевики-террористы пересекают границу, и Совет Безопасности обеспокоен этим.";

    fn encoded(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{} cannot encode the sample", encoding.name());
        bytes.into_owned()
    }

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        let mut bytes = if little_endian {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            let pair = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend(pair);
        }
        bytes
    }

    #[test]
    fn each_encoding_is_listed_once() {
        let names: Vec<&str> = TextEncoding::names().collect();
        assert_eq!(
            names,
            [
                "utf-8",
                "utf-16le",
                "utf-16be",
                "windows-1252",
                "windows-1251",
                "koi8-r"
            ]
        );
    }

    #[test]
    fn every_supported_encoding_decodes_to_the_original() {
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(RUSSIAN.as_bytes());
        let cases: Vec<(&str, Vec<u8>, &str, Evidence)> = vec![
            (
                ENGLISH,
                ENGLISH.as_bytes().to_vec(),
                "UTF-8",
                Evidence::ValidUtf8,
            ),
            (RUSSIAN, bom, "UTF-8", Evidence::Bom),
            (RUSSIAN, utf16(RUSSIAN, true), "UTF-16LE", Evidence::Bom),
            (ENGLISH, utf16(ENGLISH, false), "UTF-16BE", Evidence::Bom),
            (
                ENGLISH,
                encoded(ENGLISH, WINDOWS_1252),
                "windows-1252",
                Evidence::Detected,
            ),
            (
                RUSSIAN,
                encoded(RUSSIAN, WINDOWS_1251),
                "windows-1251",
                Evidence::Detected,
            ),
            (
                RUSSIAN,
                encoded(RUSSIAN, KOI8_R),
                "KOI8-R",
                Evidence::Detected,
            ),
        ];
        for (original, bytes, name, evidence) in cases {
            let decoded = decode(&bytes, None);
            assert_eq!(decoded.text, original, "{name}");
            assert_eq!(decoded.decision.encoding.name(), name);
            assert_eq!(decoded.decision.evidence, evidence, "{name}");
            assert_eq!(decoded.replaced, 0, "{name}");
        }
    }

    #[test]
    fn damaged_utf8_is_replaced_and_counted() {
        let mut bytes = RUSSIAN.as_bytes().to_vec();
        bytes.insert(10, 0xFF);
        let decoded = decode(&bytes, None);
        assert_eq!(decoded.decision.evidence, Evidence::DamagedUtf8);
        assert_eq!(decoded.replaced, 1);
        assert!(decoded.text.ends_with("обеспокоен этим."));
    }

    #[test]
    fn replacement_characters_in_the_input_are_not_damage() {
        let decoded = decode("a \u{FFFD} b".as_bytes(), None);
        assert_eq!(decoded.replaced, 0);
    }

    #[test]
    fn a_forced_encoding_wins() {
        let bytes = encoded(RUSSIAN, KOI8_R);
        let forced = TextEncoding::from_name("cp1251");
        let decoded = decode(&bytes, forced);
        assert_eq!(decoded.decision.evidence, Evidence::Forced);
        assert_ne!(decoded.text, RUSSIAN);
        assert_eq!(
            decode(&bytes, TextEncoding::from_name("KOI8-R")).text,
            RUSSIAN
        );
    }

    #[test]
    fn names_accepted_by_the_command_line() {
        for name in [
            "utf-8",
            "UTF8",
            "utf-16le",
            "utf-16be",
            "cp1252",
            "windows-1251",
            "koi8-r",
        ] {
            assert!(TextEncoding::from_name(name).is_some(), "{name}");
        }
        assert_eq!(TextEncoding::from_name("ebcdic"), None);
    }

    #[test]
    fn binary_files_are_told_from_utf16() {
        assert!(is_binary(&[0, 1, 2, 3, 0, 0, 7, 8]));
        assert!(!is_binary(&utf16(ENGLISH, true)));
        assert!(!is_binary(ENGLISH.as_bytes()));
        let mut text = ENGLISH.repeat(10).into_bytes();
        text.push(0);
        assert!(!is_binary(&text));
        let decoded = decode(&text, None);
        assert_eq!(decoded.nuls, 1);
        assert!(!decoded.text.contains('\0'));
    }

    /// Russian in each case style, short and long, in both Cyrillic code pages.
    const RUSSIAN_SAMPLES: &[&str] = &[
        "ИГИЛ",
        "ООН",
        "РАТС ШОС",
        "ОДКБ И СНГ",
        "СОВЕТ БЕЗОПАСНОСТИ",
        "ВНИМАНИЕ: СОВЕТ ОСУЖДАЕТ ТЕРРОРИЗМ",
        "ЗАЯВЛЕНИЕ ПРЕДСЕДАТЕЛЯ СОВЕТА БЕЗОПАСНОСТИ ОБ УГРОЗЕ СО СТОРОНЫ ИНОСТРАННЫХ БОЕВИКОВ",
        "Совет Безопасности",
        "Совет Безопасности Осуждает Террористические Акты",
        "Г-н Карпов: ОДКБ и ШОС укрепляют сотрудничество.",
        "совет безопасности",
        "терроризм",
        "совет безопасности осуждает терроризм во всех его формах и проявлениях",
        "ещё раз о финансировании терроризма",
    ];

    #[test]
    fn russian_in_capitals_mixed_or_lower_case_is_read_in_its_code_page() {
        for &encoding in &[WINDOWS_1251, KOI8_R] {
            for sample in RUSSIAN_SAMPLES {
                let decoded = decode(&encoded(sample, encoding), None);
                assert_eq!(
                    (decoded.text.as_str(), decoded.decision.encoding.name()),
                    (*sample, encoding.name()),
                    "{sample} in {}",
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

    proptest::proptest! {
        /// Any bytes decode without panicking, and the decision is one of the supported encodings.
        #[test]
        fn any_bytes_decode(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let decoded = decode(&bytes, None);
            proptest::prop_assert!(SUPPORTED.iter().any(|(_, e)| *e == decoded.decision.encoding.encoding()));
            let _ = is_binary(&bytes);
        }

        /// Taking the bytes over gives what decoding a borrowed copy gives: for text that is
        /// valid UTF-8 (validated once, then taken as it is), for text with a byte changed
        /// (damaged, or cut off at the end), and for arbitrary bytes.
        #[test]
        fn decoding_owned_bytes_is_decoding_borrowed_ones(
            text in "[a-zа-яё \u{0}\u{FFFD}—’.,\u{10000}-\u{10FFFF}]{0,64}",
            at in proptest::num::usize::ANY,
            byte in proptest::num::u8::ANY,
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..128),
        ) {
            let mut damaged = text.clone().into_bytes();
            if let Some(b) = damaged.get_mut(at % text.len().max(1)) {
                *b = byte;
            }
            for input in [text.into_bytes(), damaged, bytes] {
                proptest::prop_assert_eq!(decode_owned(input.clone(), None), decode(&input, None));
            }
        }
    }
}

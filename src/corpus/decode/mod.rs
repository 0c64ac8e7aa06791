//! Turning input bytes into text: the one place where encodings are decided, for every reader.
//!
//! Supported: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, Windows-1252, Windows-1251 and
//! KOI8-R. The order of evidence is: the encoding the user forced, a BOM, valid UTF-8, then the
//! single-byte code page whose reading is the most plausible ([`plausible`]). A decision made on
//! the start of an input never decides the rest unseen: text that is not valid UTF-8 is decoded
//! line by line and a table row by row, each part checked against it ([`Parts`]), while valid
//! UTF-8 is validated once and taken as it is. Every decision is recorded, and text is never
//! silently altered: replaced bytes, removed NULs and parts read in another encoding are counted
//! and reported.

mod files;
mod parts;
mod plausible;

use std::fmt;

use encoding_rs::{Encoding, KOI8_R, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1251, WINDOWS_1252};

use plausible::{is_damaged_utf8, most_plausible, SINGLE_BYTE};

pub(crate) use files::{decode_file, open_stream, read_file, FileText};
pub use files::{Decoding, EncodingLog, OnDecision, MAX_FILE_BYTES};
pub(crate) use parts::{Findings, Parts, Unit};

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
    /// The first line with bytes replaced or NULs removed.
    pub(crate) first_damage: Option<u64>,
    /// Each line read in another encoding than the lines before it, or found to read better
    /// in another encoding than the forced one, with what was found.
    pub(crate) changes: Vec<(u64, Findings)>,
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
    let sample = bytes.get(..DETECT_BYTES).unwrap_or(bytes);
    if is_damaged_utf8(sample, valid, invalid) {
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

/// One of Windows-1252, Windows-1251 and KOI8-R for bytes that are not UTF-8: the reading
/// whose words are the most plausible (see [`plausible`]), chardetng's guess breaking a tie
/// between Latin and Cyrillic.
fn detect_single_byte(bytes: &[u8]) -> &'static Encoding {
    let bytes = bytes.get(..DETECT_BYTES).unwrap_or(bytes);
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, false);
    // Between the two Cyrillic code pages the guess is no help on short text, where letter
    // frequencies mislead it: the readings' words and letters decide.
    let prior = SINGLE_BYTE
        .into_iter()
        .find(|&e| e == guess && e == WINDOWS_1252);
    most_plausible(bytes, prior).0
}

/// Decodes all of `bytes`.
pub fn decode(bytes: &[u8], forced: Option<TextEncoding>) -> Decoded {
    decode_owned(bytes.to_vec(), forced)
}

/// Decodes all of `bytes`, taking them over: valid UTF-8 becomes the text without a copy, and
/// is validated once. Decides as [`decide`] does; text that is not valid UTF-8, and text in a
/// forced single-byte encoding, is then decoded line by line, each line checked (see
/// [`Parts`]).
pub(crate) fn decode_owned(bytes: Vec<u8>, forced: Option<TextEncoding>) -> Decoded {
    if let Some(decision) = decide_by_mark(&bytes, forced) {
        let single_byte = SINGLE_BYTE.contains(&decision.encoding.encoding());
        if decision.evidence == Evidence::Forced && single_byte {
            return decode_lines(&bytes, decision);
        }
        return decode_whole(&bytes, decision);
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
    decode_lines(&bytes, decide_by_content(&bytes))
}

/// All of `bytes` decoded at once by `decision` (a byte order mark's, a forced multi-byte
/// encoding's).
fn decode_whole(bytes: &[u8], decision: Decision) -> Decoded {
    let (text, had_errors) = decision.encoding.encoding().decode_with_bom_removal(bytes);
    let replaced = if !had_errors {
        0
    } else if decision.encoding == TextEncoding::UTF_8 {
        replaced_in(&text, bytes)
    } else {
        text.matches('\u{FFFD}').count()
    };
    without_nuls(text.into_owned(), decision, replaced)
}

/// `bytes` decoded line by line, starting in `decision`'s encoding.
fn decode_lines(bytes: &[u8], decision: Decision) -> Decoded {
    let mut parts = Parts::new(decision, false);
    let mut decoded = Decoded {
        text: String::with_capacity(bytes.len()),
        decision,
        replaced: 0,
        nuls: 0,
        first_damage: None,
        changes: Vec::new(),
    };
    for (line, bytes) in (1..).zip(bytes.split_inclusive(|&b| b == b'\n')) {
        let (text, found) = parts.part(bytes);
        decoded.text.push_str(&text);
        if found.replaced + found.nuls > 0 {
            decoded.replaced += found.replaced;
            decoded.nuls += found.nuls;
            decoded.first_damage.get_or_insert(line);
        }
        if found.switched.is_some() || found.misread.is_some() {
            decoded.changes.push((line, found));
        }
    }
    decoded
}

/// The decoded text with its NUL bytes removed and counted.
fn without_nuls(mut text: String, decision: Decision, replaced: usize) -> Decoded {
    let first_damage = (replaced > 0 || memchr::memchr(0, text.as_bytes()).is_some()).then(|| {
        let at = text.find(['\0', '\u{FFFD}']).unwrap_or_default();
        1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() as u64
    });
    let nuls = remove_nuls(&mut text);
    Decoded {
        text,
        decision,
        replaced,
        nuls,
        first_damage,
        changes: Vec::new(),
    }
}

/// Removes the NUL bytes of `text`, and says how many there were.
fn remove_nuls(text: &mut String) -> usize {
    let nuls = count_nuls(text.as_bytes());
    if nuls > 0 {
        text.retain(|c| c != '\0');
    }
    nuls
}

/// Byte sequences of `bytes` that decoding as UTF-8 replaced with U+FFFD in `text`: its U+FFFD
/// characters but those already in the input, which are not decoding errors.
fn replaced_in(text: &str, bytes: &[u8]) -> usize {
    let found = memchr::memmem::find_iter(text.as_bytes(), "\u{FFFD}".as_bytes()).count();
    let present = memchr::memmem::find_iter(bytes, "\u{FFFD}".as_bytes()).count();
    found.saturating_sub(present)
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
        // Acronyms whose letters are rarer in Russian than those KOI8-R would read them as,
        // and Cyrillic among English.
        "ФСБ, МВД, СВР",
        "CTED and the ИБТ",
        "ЦРУ",
        "Ещё",
        "Эхо",
        "РФ и ОДКБ",
        "МИД РФ",
        "ОДКБ: ЦРУ, ФБР",
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

    proptest::proptest! {
        /// Any bytes decode without panicking, and the decision is one of the supported encodings.
        #[test]
        fn any_bytes_decode(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let decoded = decode(&bytes, None);
            proptest::prop_assert!(SUPPORTED.iter().any(|(_, e)| *e == decoded.decision.encoding.encoding()));
            let _ = is_binary(&bytes);
        }

        /// Valid UTF-8 is taken as it is, whatever it holds, and nothing is reported.
        #[test]
        fn valid_utf8_is_never_reported(text in "[^\u{0}\u{FEFF}]{0,200}") {
            let decoded = decode(text.as_bytes(), None);
            proptest::prop_assert_eq!(&decoded.text, &text);
            proptest::prop_assert_eq!(decoded.decision, VALID_UTF8);
            proptest::prop_assert_eq!((decoded.replaced, decoded.nuls), (0, 0));
            proptest::prop_assert!(decoded.changes.is_empty());
        }
    }
}

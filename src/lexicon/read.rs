//! Reading a lexicon file as text, in whatever encoding the tool that wrote it chose.
//!
//! Encodings are decided by the corpus's decoder (`corpus::decode`): UTF-8 with or without a
//! byte order mark, UTF-16 with one, and Windows-1251, KOI8-R or Windows-1252 for bytes that are
//! not UTF-8, each reading checked for plausibility. This adapter adds what a lexicon needs
//! beyond a corpus: UTF-16 without a byte order mark, told by where its NUL bytes fall, and
//! refusal instead of repair. A corpus file with a bad byte is counted with the byte replaced; a
//! lexicon with one would hold an entry that is not what its author wrote, so it is refused with
//! the line of the first bad byte. This module never guesses silently: what it cannot read
//! exactly is an error naming the file and line.

use std::path::Path;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

use super::line_of;
use crate::corpus::decode::{self, Decision, Evidence, TextEncoding, MAX_FILE_BYTES};
use crate::error::{Error, LexiconError};

/// Bytes looked at to tell UTF-16 without a byte order mark by its NUL bytes.
const SNIFF_BYTES: usize = 64 * 1024;

/// A lexicon file decoded: its text and how its encoding was decided.
#[derive(Debug)]
pub(crate) struct LexiconText {
    /// The text, without a byte order mark.
    pub text: String,
    /// The encoding it was read in, and why.
    pub decision: Decision,
}

/// Reads and decodes a whole lexicon file.
pub(crate) fn read(path: &Path) -> Result<LexiconText, Error> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    let file = path.display().to_string();
    if size > MAX_FILE_BYTES {
        return Err(LexiconError::in_file(
            &file,
            None,
            format!(
                "{} MB is more than a lexicon file may have ({} MB)",
                size >> 20,
                MAX_FILE_BYTES >> 20
            ),
        )
        .into());
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(decode_lexicon(&file, &bytes)?)
}

/// Decodes the bytes of the lexicon file `file`, or says why they cannot be read exactly.
pub(crate) fn decode_lexicon(file: &str, bytes: &[u8]) -> Result<LexiconText, LexiconError> {
    if bytes.is_empty() {
        return Err(LexiconError::in_file(file, None, "the file is empty"));
    }
    let marked_utf16 =
        Encoding::for_bom(bytes).is_some_and(|(e, _)| e == UTF_16LE || e == UTF_16BE);
    let forced = if marked_utf16 || memchr::memchr(0, bytes).is_none() {
        None
    } else if let Some(encoding) = utf16_by_nuls(bytes) {
        TextEncoding::from_name(encoding.name())
    } else {
        let line = line_of_byte(bytes, memchr::memchr(0, bytes).unwrap_or(0));
        return Err(LexiconError::in_file(
            file,
            Some(line),
            "not text: the file holds NUL bytes, and they do not fall as in UTF-16; save the \
             lexicon as UTF-8 text",
        ));
    };
    let mut decoded = decode::decode(bytes, forced);
    if decoded.decision.evidence == Evidence::Detected
        && decoded.decision.encoding.name() == "windows-1252"
        && cyrillic_misread(&decoded.text)
    {
        if let Some(cyrillic) = decide_on_non_ascii(bytes) {
            decoded = decode::decode(bytes, Some(cyrillic));
        }
    }
    // Told by its NUL bytes, or by its non-ASCII words: detected, not forced by the user.
    let decision = match decoded.decision.evidence {
        Evidence::Forced => Decision {
            evidence: Evidence::Detected,
            ..decoded.decision
        },
        _ => decoded.decision,
    };
    if decoded.replaced > 0 {
        let line = match decision.evidence {
            Evidence::DamagedUtf8 | Evidence::ValidUtf8 => {
                let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |_| 0);
                line_of_byte(bytes, valid)
            }
            _ => decoded
                .text
                .find('\u{FFFD}')
                .map_or(1, |at| line_of(&decoded.text, at)),
        };
        return Err(LexiconError::in_file(
            file,
            Some(line),
            format!(
                "not valid {}: {} byte sequence(s) cannot be read, the first on this line; save \
                 the lexicon as UTF-8",
                decision.encoding, decoded.replaced
            ),
        ));
    }
    if let Some(at) = decoded
        .text
        .find(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}'))
    {
        return Err(LexiconError::in_file(
            file,
            Some(line_of(&decoded.text, at)),
            format!(
                "not text: read as {decision}, the file holds the control character U+{:04X}; \
                 save the lexicon as UTF-8 text",
                decoded.text[at..].chars().next().map_or(0, u32::from)
            ),
        ));
    }
    Ok(LexiconText {
        text: decoded.text,
        decision,
    })
}

/// Whether a Windows-1252 reading holds a word of three or more letters all accented (À to ÿ):
/// Russian read in the wrong code page. A lexicon's ASCII (ids, headers, English entries) can
/// outweigh its Russian and make a whole file look Latin, but Latin words are never made of
/// accented letters alone.
fn cyrillic_misread(text: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic()).any(|word| {
        word.chars().count() >= 3 && word.chars().all(|c| ('\u{C0}'..='\u{FF}').contains(&c))
    })
}

/// The encoding the corpus decoder decides for the non-ASCII words of `bytes` alone (their
/// spaces kept), when it is a Cyrillic one: in a lexicon, the ASCII tells nothing of the code
/// page.
fn decide_on_non_ascii(bytes: &[u8]) -> Option<TextEncoding> {
    let words: Vec<u8> = bytes
        .iter()
        .copied()
        .filter(|&b| !b.is_ascii() || b.is_ascii_whitespace())
        .collect();
    let decision = decode::decide(&words, None);
    (decision.evidence == Evidence::Detected && decision.encoding.name() != "windows-1252")
        .then_some(decision.encoding)
}

/// 1-based line of the byte at `offset`.
fn line_of_byte(bytes: &[u8], offset: usize) -> usize {
    memchr::memchr_iter(b'\n', &bytes[..offset.min(bytes.len())]).count() + 1
}

/// UTF-16 without a byte order mark, told by its NUL bytes: every ASCII character (the newlines,
/// delimiters and ids of any lexicon) has a NUL for its high byte, which falls at odd offsets in
/// little-endian and at even ones in big-endian. `None` unless the NULs fall almost all on one
/// side, in at least one unit in ten, and the reading is in the scripts of a lexicon (other
/// bytes with a NUL among them read as UTF-16 come out as CJK characters).
fn utf16_by_nuls(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let (mut even, mut odd) = (0usize, 0usize);
    for at in memchr::memchr_iter(0, sample) {
        if at % 2 == 0 {
            even += 1;
        } else {
            odd += 1;
        }
    }
    let (most, fewest, encoding) = if odd >= even {
        (odd, even, UTF_16LE)
    } else {
        (even, odd, UTF_16BE)
    };
    if most * 10 < sample.len() / 2 || fewest * 20 > most {
        return None;
    }
    let text = encoding.decode_without_bom_handling(sample).0;
    let expected = text
        .chars()
        .filter(
            |&c| matches!(c, '\0'..='\u{24F}' | '\u{400}'..='\u{52F}' | '\u{2000}'..='\u{206F}'),
        )
        .count();
    (expected * 10 >= text.chars().count() * 9).then_some(encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEXICON: &str = "theme;language;pattern\nftf;ru;иностранные боевики\nftf;en;fighter\n";

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| match little_endian {
                true => u.to_le_bytes(),
                false => u.to_be_bytes(),
            })
            .collect()
    }

    #[test]
    fn reads_every_encoding_a_lexicon_comes_in() {
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(LEXICON.as_bytes());
        let cp1251 = encoding_rs::WINDOWS_1251.encode(LEXICON).0.into_owned();
        let koi8 = encoding_rs::KOI8_R.encode(LEXICON).0.into_owned();
        let mut utf16_bom = vec![0xFF, 0xFE];
        utf16_bom.extend(utf16(LEXICON, true));
        for (bytes, encoding) in [
            (LEXICON.as_bytes().to_vec(), "UTF-8"),
            (bom, "UTF-8"),
            (cp1251, "windows-1251"),
            (koi8, "KOI8-R"),
            (utf16(LEXICON, true), "UTF-16LE"),
            (utf16(LEXICON, false), "UTF-16BE"),
            (utf16_bom, "UTF-16LE"),
        ] {
            let read = decode_lexicon("l.csv", &bytes).unwrap();
            assert_eq!(read.text, LEXICON, "{encoding}");
            assert_eq!(read.decision.encoding.name(), encoding);
        }
    }

    #[test]
    fn latin_with_accents_stays_windows_1252() {
        let text = "theme,language,pattern\nx,en,café crème\nx,en,naïve résumé\n";
        let bytes = encoding_rs::WINDOWS_1252.encode(text).0.into_owned();
        let read = decode_lexicon("l.csv", &bytes).unwrap();
        assert_eq!(read.text, text);
        assert_eq!(read.decision.encoding.name(), "windows-1252");
    }

    #[test]
    fn refuses_what_it_cannot_read_exactly_with_the_line() {
        let mut damaged = LEXICON.as_bytes().to_vec();
        damaged.insert(LEXICON.find("fighter").unwrap(), 0xFF);
        let binary = [0u8, 1, 2, 0, 0, 0, 7, 0, 0, 9, 0, 0];
        let mut nul = LEXICON.as_bytes().to_vec();
        nul.insert(LEXICON.find("ftf;en").unwrap(), 0);
        let mut odd_utf16 = utf16(LEXICON, true);
        odd_utf16.extend([0x00, 0xD8, b'\n', 0]);
        for (bytes, line, message) in [
            (damaged, Some(3), "not valid UTF-8: 1 byte sequence(s)"),
            (
                binary.to_vec(),
                Some(1),
                "not text: the file holds NUL bytes",
            ),
            (nul, Some(3), "not text"),
            (odd_utf16, Some(4), "not valid UTF-16LE"),
            (Vec::new(), None, "empty"),
            (b"a\x01b\n".to_vec(), Some(1), "control character U+0001"),
            (b"theme,language,pattern\0\n".to_vec(), Some(1), "not text"),
        ] {
            let err = decode_lexicon("l.csv", &bytes).unwrap_err();
            assert_eq!(err.line, line, "{err}");
            assert!(err.message.contains(message), "{err}");
        }
    }

    proptest::proptest! {
        /// Any bytes are read or refused, never a panic; what is read holds no NUL.
        #[test]
        fn any_bytes_are_read_or_refused(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..256),
        ) {
            if let Ok(read) = decode_lexicon("l.csv", &bytes) {
                proptest::prop_assert!(!read.text.contains('\0'));
            }
        }
    }
}

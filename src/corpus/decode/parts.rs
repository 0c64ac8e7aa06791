//! Decoding an input part by part (a table's rows, a text's lines), each checked against the
//! encoding the input is read in, so that a decision made on the start of a file never decides
//! the rest of it unseen.
//!
//! A part that is valid UTF-8 in a UTF-8 input is taken after one validation, as the whole input
//! would have been: only other parts are looked at further. A part that is not plausible in the
//! encoding read so far but is, unambiguously, in another one (invalid UTF-8 that reads as
//! Windows-1251 Russian, valid UTF-8 in a Windows-1251 table, Cyrillic in a table whose start
//! was English in Windows-1252) is read in that one, as are the parts after it, until another
//! change; each change away from the input's own encoding is a finding to report with its line.
//! With a forced encoding, nothing is re-read: the first part that reads better otherwise is
//! reported. NUL bytes are removed and counted wherever they are. Nothing here fails.

use encoding_rs::{Encoding, UTF_8};

use super::plausible::{is_damaged_utf8, letters_agree, most_plausible, Reading};
use super::{is_utf8, remove_nuls, replaced_in, Decision, Evidence};
use crate::error::{Problem, ProblemKind};

/// How the parts of one input are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Each part is checked, and read in another encoding when it is plainly in one.
    Checked,
    /// The user forced the encoding: parts are read in it, and the first that reads better in
    /// another encoding is reported.
    Forced,
    /// The input was turned into UTF-8 before it got here (UTF-16 with a byte order mark).
    Transcoded,
}

/// Decodes the parts of one input in order.
#[derive(Debug)]
pub(crate) struct Parts {
    /// The input's own encoding, as decided for all of it.
    base: &'static Encoding,
    /// The encoding the latest part was read in.
    current: &'static Encoding,
    mode: Mode,
    /// Whether a forced encoding was already reported as implausible.
    warned: bool,
}

/// Two encodings: the one a part was to be read in, and the one it was or would better be.
pub(crate) type Change = (&'static Encoding, &'static Encoding);

/// What reading one part found besides its text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Findings {
    /// Byte sequences replaced with U+FFFD.
    pub replaced: usize,
    /// NUL bytes removed.
    pub nuls: usize,
    /// The encoding the part was read in, when that changed here to one other than the
    /// input's: from which, to which.
    pub switched: Option<Change>,
    /// The forced encoding and the one the part reads plausibly in, for the first part that
    /// does.
    pub misread: Option<Change>,
    /// The encoding the part was read in.
    encoding: Option<&'static Encoding>,
}

/// What a part is called in reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A table's row or a JSON line.
    Row,
    /// A line of text.
    Line,
}

impl Parts {
    /// The parts of an input read by `decision`; `transcoded` when the bytes handed over are
    /// already UTF-8, whatever the input's encoding.
    pub(crate) fn new(decision: Decision, transcoded: bool) -> Parts {
        let encoding = if transcoded {
            UTF_8
        } else {
            decision.encoding.encoding()
        };
        let mode = if transcoded {
            Mode::Transcoded
        } else if decision.evidence == Evidence::Forced {
            Mode::Forced
        } else {
            Mode::Checked
        };
        Parts {
            base: encoding,
            current: encoding,
            mode,
            warned: false,
        }
    }

    /// Decodes one part.
    pub(crate) fn part(&mut self, bytes: &[u8]) -> (String, Findings) {
        let (mut values, findings) = self.fields(bytes, [bytes]);
        (values.pop().unwrap_or_default(), findings)
    }

    /// Decodes one part, taking its bytes over: valid UTF-8 in a UTF-8 input becomes the text
    /// without a copy.
    pub(crate) fn part_owned(&mut self, bytes: Vec<u8>) -> (String, Findings) {
        if self.current != UTF_8 {
            return self.part(&bytes);
        }
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                let findings = Findings {
                    nuls: remove_nuls(&mut text),
                    ..Findings::default()
                };
                (text, findings)
            }
            Err(e) => self.part(e.as_bytes()),
        }
    }

    /// Decodes the `fields` of one row, `row` being all their bytes: the row is read in one
    /// encoding, decided on all of it.
    pub(crate) fn fields<'a, I>(&mut self, row: &[u8], fields: I) -> (Vec<String>, Findings)
    where
        I: IntoIterator<Item = &'a [u8]>,
        I::IntoIter: Clone,
    {
        let fields = fields.into_iter();
        let mut findings = Findings::default();
        let valid = if self.current == UTF_8 {
            // The common case: one validation of each field, as reading them as strings needs.
            fields
                .clone()
                .map(|f| std::str::from_utf8(f).ok().map(str::to_owned))
                .collect::<Option<Vec<String>>>()
        } else if row.is_ascii() {
            Some(
                fields
                    .clone()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
            )
        } else {
            None
        };
        let mut values = match valid {
            Some(values) => values,
            None => {
                // Fields are judged apart: run together, the end of one and the start of the
                // next would make one word.
                let joined: Vec<u8>;
                let row = if fields.clone().nth(1).is_some() {
                    joined = fields.clone().collect::<Vec<_>>().join(&b'\n');
                    &joined
                } else {
                    row
                };
                let encoding = self.choose(row, &mut findings);
                findings.encoding = Some(encoding);
                fields
                    .map(|f| {
                        let (text, _) = encoding.decode_without_bom_handling(f);
                        if encoding == UTF_8 {
                            findings.replaced += replaced_in(&text, f);
                        }
                        text.into_owned()
                    })
                    .collect()
            }
        };
        findings.nuls = values.iter_mut().map(remove_nuls).sum();
        (values, findings)
    }

    /// The encoding to read `row` in, which is not ASCII nor, in UTF-8, valid.
    fn choose(&mut self, row: &[u8], findings: &mut Findings) -> &'static Encoding {
        match self.mode {
            Mode::Transcoded => UTF_8,
            Mode::Forced => {
                if !self.warned {
                    let plausible = self.reread(row);
                    // UTF-8 is told by its structure, which single-byte text hardly ever has;
                    // another code page by its words.
                    let misread = plausible != self.current
                        && (plausible == UTF_8
                            || Reading::in_encoding(row, plausible).net()
                                > Reading::in_encoding(row, self.current).net());
                    if misread {
                        self.warned = true;
                        findings.misread = Some((self.current, plausible));
                    }
                }
                self.current
            }
            Mode::Checked => {
                let to = self.reread(row);
                if to != self.current {
                    if to != self.base {
                        findings.switched = Some((self.current, to));
                    }
                    self.current = to;
                }
                to
            }
        }
    }

    /// The encoding `row` reads most plausibly in, if that is unambiguous; else the current
    /// one.
    fn reread(&self, row: &[u8]) -> &'static Encoding {
        if is_utf8(row) {
            // Text in a single-byte code page hardly ever forms valid UTF-8 sequences.
            return UTF_8;
        }
        if self.current != UTF_8 && Reading::in_encoding(row, self.current).bad == 0 {
            return self.current;
        }
        let (valid, invalid) = utf8_sequences(row);
        if is_damaged_utf8(row, valid, invalid) {
            return UTF_8;
        }
        let prior = (self.current != UTF_8).then_some(self.current);
        match most_plausible(row, prior) {
            (encoding, reading)
                if reading.is_convincing() && letters_agree(row, self.current, encoding) =>
            {
                encoding
            }
            _ => self.current,
        }
    }
}

/// Valid multi-byte characters and invalid sequences in `bytes`.
fn utf8_sequences(bytes: &[u8]) -> (usize, usize) {
    bytes.utf8_chunks().fold((0, 0), |(valid, invalid), chunk| {
        (
            valid + chunk.valid().chars().filter(|c| !c.is_ascii()).count(),
            invalid + usize::from(!chunk.invalid().is_empty()),
        )
    })
}

impl Findings {
    /// Whether there is anything to report.
    pub(crate) fn any(&self) -> bool {
        self.replaced > 0 || self.nuls > 0 || self.switched.is_some() || self.misread.is_some()
    }

    /// What was found but the damage, which a whole file reports once.
    pub(crate) fn changes_only(&self) -> Findings {
        Findings {
            replaced: 0,
            nuls: 0,
            ..*self
        }
    }

    /// The problems to report for a part of `path` at `line`.
    pub(crate) fn problems(&self, path: &str, line: Option<u64>, unit: Unit) -> Vec<Problem> {
        let unit = match unit {
            Unit::Row => "row",
            Unit::Line => "line",
        };
        let problem = |kind, message: String| Problem::new(path.to_string(), line, kind, message);
        let mut problems = Vec::new();
        if let Some((from, to)) = self.switched {
            problems.push(problem(
                ProblemKind::Encoding,
                format!(
                    "this {unit} is not {}, as those before it were read, but {}: read as {} from here; the text was counted",
                    from.name(),
                    to.name(),
                    to.name()
                ),
            ));
        }
        if let Some((forced, plausible)) = self.misread {
            problems.push(problem(
                ProblemKind::Encoding,
                format!(
                    "this {unit} reads as {}, not as the forced {} (text in the wrong encoding comes out as `Р°Р±` or `Ã©`); read as {} all the same, later {unit}s not checked",
                    plausible.name(),
                    forced.name(),
                    forced.name()
                ),
            ));
        }
        let encoding = self.encoding.unwrap_or(UTF_8);
        if let Some(damage) = damage(self.replaced, encoding, self.nuls) {
            problems.push(problem(ProblemKind::Degraded, damage));
        }
        problems
    }
}

/// What was replaced or removed while decoding, if anything, as a report says it.
pub(super) fn damage(replaced: usize, encoding: &'static Encoding, nuls: usize) -> Option<String> {
    let mut damage = Vec::new();
    if replaced > 0 {
        damage.push(format!(
            "{replaced} byte sequence(s) not valid {} replaced with U+FFFD",
            encoding.name()
        ));
    }
    if nuls > 0 {
        damage.push(format!("{nuls} NUL byte(s) removed"));
    }
    (!damage.is_empty()).then(|| format!("{}; the text was counted", damage.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::decode::TextEncoding;
    use encoding_rs::{KOI8_R, WINDOWS_1251, WINDOWS_1252};

    const RUSSIAN: &str = "Иностранные боевики-террористы пересекают границы.";

    fn parts(encoding: &'static Encoding, evidence: Evidence) -> Parts {
        Parts::new(
            Decision {
                encoding: TextEncoding(encoding),
                evidence,
            },
            false,
        )
    }

    fn encoded(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    #[test]
    fn each_part_is_read_in_its_own_encoding_and_changes_are_found() {
        let mut decoder = parts(WINDOWS_1252, Evidence::Detected);
        let lines: Vec<(Vec<u8>, Option<Change>)> = vec![
            (b"plain English".to_vec(), None),
            (encoded("“quoted” — dashed", WINDOWS_1252), None),
            (
                encoded(RUSSIAN, WINDOWS_1251),
                Some((WINDOWS_1252, WINDOWS_1251)),
            ),
            (encoded("“again” — Россия", WINDOWS_1251), None),
            (RUSSIAN.as_bytes().to_vec(), Some((WINDOWS_1251, UTF_8))),
            // Back to the input's own encoding: no change to report.
            (encoded("résumé", WINDOWS_1252), None),
        ];
        for (bytes, switched) in lines {
            let (text, findings) = decoder.part(&bytes);
            assert!(!text.contains('\u{FFFD}'), "{text}");
            assert_eq!(findings.switched, switched, "{text}");
        }
    }

    /// Found on the UN parallel corpus in Windows-1251: `ru` and `Согласно`, the ends of two
    /// fields, made one mixed-script word, and the row was taken for KOI8-R.
    #[test]
    fn the_fields_of_a_row_are_not_run_together() {
        let text = encoded(
            "Согласно ст. 3 этого закона, йеменское гражданство предоставляется любому ребенку",
            WINDOWS_1251,
        );
        let fields: [&[u8]; 3] = [b"r0-556", b"ru", &text];
        let row = fields.concat();
        let mut decoder = parts(WINDOWS_1251, Evidence::Detected);
        let (values, findings) = decoder.fields(&row, fields);
        assert!(values[2].starts_with("Согласно ст. 3"));
        assert!(!findings.any(), "{findings:?}");
    }

    #[test]
    fn damaged_utf8_stays_utf8_and_is_counted() {
        let mut decoder = parts(UTF_8, Evidence::ValidUtf8);
        let mut bytes = RUSSIAN.as_bytes().to_vec();
        bytes.insert(4, 0xFF);
        let (text, findings) = decoder.part(&bytes);
        assert_eq!(findings.replaced, 1);
        assert_eq!(findings.switched, None);
        assert!(text.ends_with("границы."));
        // A lone stray byte in English is damage too, not another encoding.
        let (_, findings) = decoder.part(b"stray \xFF byte");
        assert_eq!((findings.replaced, findings.switched), (1, None));
    }

    #[test]
    fn a_forced_encoding_is_kept_and_its_first_misreading_found() {
        for forced in [WINDOWS_1251, KOI8_R, WINDOWS_1252] {
            let mut decoder = parts(forced, Evidence::Forced);
            let (_, findings) = decoder.part(b"plain");
            assert!(!findings.any());
            let (text, findings) = decoder.part(RUSSIAN.as_bytes());
            assert_eq!(
                text,
                forced.decode_without_bom_handling(RUSSIAN.as_bytes()).0
            );
            assert_eq!(findings.misread, Some((forced, UTF_8)), "{}", forced.name());
            let (_, findings) = decoder.part(RUSSIAN.as_bytes());
            assert_eq!(findings.misread, None);
        }
        let mut decoder = parts(WINDOWS_1251, Evidence::Forced);
        let (_, findings) = decoder.part(&encoded(RUSSIAN, WINDOWS_1251));
        assert!(!findings.any());
    }

    #[test]
    fn nul_bytes_are_removed_and_counted_in_any_part() {
        let mut decoder = parts(UTF_8, Evidence::ValidUtf8);
        let (values, findings) = decoder.fields(b"a\0bc\0", [&b"a\0b"[..], &b"c\0"[..]]);
        assert_eq!(values, ["ab", "c"]);
        assert_eq!(findings.nuls, 2);
        let problems = findings.problems("t.csv", Some(7), Unit::Row);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].kind, ProblemKind::Degraded);
        assert_eq!(problems[0].line, Some(7));
    }

    proptest::proptest! {
        /// Valid UTF-8 in a UTF-8 input is taken as it is and never reported.
        #[test]
        fn valid_utf8_is_never_reported(text in "[^\u{0}]{0,80}") {
            let mut decoder = parts(UTF_8, Evidence::ValidUtf8);
            let (decoded, findings) = decoder.part(text.as_bytes());
            proptest::prop_assert_eq!(decoded, text);
            proptest::prop_assert!(!findings.any());
        }

        /// Taking the bytes over decodes them as borrowing them does.
        #[test]
        fn taking_a_part_over_is_borrowing_it(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64),
            text in "[a-zа-я\u{0} ]{0,32}",
        ) {
            for input in [bytes, text.into_bytes()] {
                let owned = parts(UTF_8, Evidence::ValidUtf8).part_owned(input.clone());
                let borrowed = parts(UTF_8, Evidence::ValidUtf8).part(&input);
                proptest::prop_assert_eq!(owned, borrowed);
            }
        }

        /// Any bytes decode without panicking, in any mode.
        #[test]
        fn any_part_decodes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..128)) {
            for encoding in [UTF_8, WINDOWS_1251, WINDOWS_1252, KOI8_R] {
                for evidence in [Evidence::Detected, Evidence::Forced] {
                    let _ = parts(encoding, evidence).part(&bytes);
                }
            }
        }
    }
}

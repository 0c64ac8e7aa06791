//! Decoding whole files and streams: the size and binary checks, the problems a file yields,
//! and the record of every decision a run hands back.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::parts::{damage, Parts, Unit};
use super::{
    decide, decode_owned, is_binary, Decision, Decoded, Evidence, TextEncoding, SNIFF_BYTES,
};
use crate::error::{Problem, ProblemKind};

/// Largest file read whole (a `.txt` statement or record); larger ones are reported and skipped
/// rather than held in memory. A statement is scanned in bounded windows, but its text (and,
/// for regular expressions, its normalized text) is held whole. Tables and JSON Lines are
/// streamed and have no such limit.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// Told each input's encoding decision as it is made (for `--verbose`).
pub type OnDecision = Arc<dyn Fn(&Path, Decision) + Send + Sync>;

/// How readers decode: an encoding forced by the user, and who is told each decision.
#[derive(Clone, Default)]
pub struct Decoding {
    /// The encoding to read every input in instead of deciding one (`--encoding`).
    pub forced: Option<TextEncoding>,
    /// Told each input's decision as it is made.
    pub on_decision: Option<OnDecision>,
    /// Every input's decision, which a run hands back in its outcome.
    pub(crate) log: Arc<Mutex<EncodingLog>>,
}

impl fmt::Debug for Decoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decoding")
            .field("forced", &self.forced)
            .field("on_decision", &self.on_decision.is_some())
            .finish_non_exhaustive()
    }
}

impl Decoding {
    /// Decoding in the `forced` encoding, else the one detected per input, telling
    /// `on_decision` each decision.
    pub fn new(forced: Option<TextEncoding>, on_decision: Option<OnDecision>) -> Decoding {
        Decoding {
            forced,
            on_decision,
            log: Arc::default(),
        }
    }

    /// Records `decision` for `path`, and tells whoever asked.
    pub(crate) fn tell(&self, path: &Path, decision: Decision) {
        if let Some(on_decision) = &self.on_decision {
            on_decision(path, decision);
        }
        if let Ok(mut log) = self.log.lock() {
            log.record(path, decision);
        }
    }

    /// The decisions recorded so far, moved out.
    pub(crate) fn take_log(&self) -> EncodingLog {
        self.log
            .lock()
            .map(|mut log| std::mem::take(&mut *log))
            .unwrap_or_default()
    }
}

/// Inputs listed one by one in an [`EncodingLog`] before the rest are only counted.
const LISTED_INPUTS: usize = 1000;

/// The encoding decisions of a run: how many inputs each decision covered, and the inputs that
/// were not plainly valid UTF-8, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct EncodingLog {
    /// Inputs per decision, such as `UTF-8 (valid UTF-8)` or `windows-1251 (detected)`.
    pub decisions: BTreeMap<String, u64>,
    /// Each input read otherwise than as valid UTF-8, with its decision.
    pub other_than_utf8: Vec<(String, String)>,
    /// Such inputs past the first thousand, counted only.
    pub other_than_utf8_unlisted: u64,
}

impl EncodingLog {
    fn record(&mut self, path: &Path, decision: Decision) {
        *self.decisions.entry(decision.to_string()).or_default() += 1;
        if decision.evidence == Evidence::ValidUtf8 {
            return;
        }
        if self.other_than_utf8.len() < LISTED_INPUTS {
            self.other_than_utf8
                .push((path.display().to_string(), decision.to_string()));
        } else {
            self.other_than_utf8_unlisted += 1;
        }
    }
}

/// A whole file decoded, or why it yields no text.
#[derive(Debug)]
pub(crate) struct FileText {
    /// The text, unless the file was skipped.
    pub text: Option<String>,
    /// Problems to report: the reason for skipping, or what was degraded or read in another
    /// encoding, with the line.
    pub problems: Vec<Problem>,
}

/// The problem of a file that cannot be opened or read.
fn unreadable(path: &Path) -> impl Fn(std::io::Error) -> Problem + Copy + '_ {
    move |e| {
        Problem::new(
            path.display().to_string(),
            None,
            ProblemKind::Unreadable,
            format!("unreadable, skipped: {e}"),
        )
    }
}

/// Reads and decodes one text file. Unreadable, empty, binary and undecodable files yield a
/// problem and no text; replaced bytes, removed NULs and lines read in another encoding yield
/// the text and problems.
pub(crate) fn read_file(path: &Path, decoding: &Decoding) -> Result<FileText, Problem> {
    let unreadable = unreadable(path);
    // One open serves the size check and the read: the size is that of the file read, and the
    // path is resolved once.
    let mut file = File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    check_size(path, size)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(unreadable)?;
    decode_file(path, bytes, decoding)
}

/// Decodes the whole file `path` whose `bytes` are already read (from disk, or handed over by
/// whoever fetched them), with the checks and problems of [`read_file`].
pub(crate) fn decode_file(
    path: &Path,
    bytes: Vec<u8>,
    decoding: &Decoding,
) -> Result<FileText, Problem> {
    check_size(path, bytes.len() as u64)?;
    check_start(path, &bytes, decoding)?;
    let decoded = decode_owned(bytes, decoding.forced);
    decoding.tell(path, decoded.decision);
    // Counting characters is a pass over the text, needed only when something was replaced.
    if decoded.replaced > 0 {
        let characters = decoded.text.chars().count();
        if decoded.replaced * 10 > characters {
            return Err(Problem::new(
                path.display().to_string(),
                None,
                ProblemKind::Undecodable,
                format!(
                    "not {}: {} of {characters} characters undecodable, skipped",
                    decoded.decision.encoding, decoded.replaced
                ),
            ));
        }
    }
    Ok(FileText {
        problems: file_problems(path, &decoded),
        text: Some(decoded.text),
    })
}

/// Fails for a file of `size` bytes larger than [`MAX_FILE_BYTES`].
fn check_size(path: &Path, size: u64) -> Result<(), Problem> {
    if size <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(Problem::new(
        path.display().to_string(),
        None,
        ProblemKind::TooLarge,
        format!(
            "{} MB, more than the {} MB a text file may have; skipped (split it, or give it as a table)",
            size >> 20,
            MAX_FILE_BYTES >> 20
        ),
    ))
}

/// The problems of a decoded file: each change of encoding at its line, and the damage, at
/// the first line damaged.
fn file_problems(path: &Path, decoded: &Decoded) -> Vec<Problem> {
    let display = path.display().to_string();
    let mut problems: Vec<Problem> = decoded
        .changes
        .iter()
        .flat_map(|(line, found)| {
            found
                .changes_only()
                .problems(&display, Some(*line), Unit::Line)
        })
        .collect();
    let encoding = decoded.decision.encoding.encoding();
    if let Some(message) = damage(decoded.replaced, encoding, decoded.nuls) {
        problems.push(Problem::new(
            display,
            decoded.first_damage,
            ProblemKind::Degraded,
            message,
        ));
    }
    problems
}

/// Fails for an empty file, and for a binary one unless an encoding is forced.
fn check_start(path: &Path, start: &[u8], decoding: &Decoding) -> Result<(), Problem> {
    let problem = |kind, message: &str| {
        Err(Problem::new(
            path.display().to_string(),
            None,
            kind,
            message,
        ))
    };
    if start.is_empty() {
        return problem(ProblemKind::Empty, "empty file, skipped");
    }
    if decoding.forced.is_none() && is_binary(start) {
        return problem(ProblemKind::Binary, "binary file (NUL bytes), skipped");
    }
    Ok(())
}

/// A streamed file: a reader of its bytes, and the [`Parts`] that decode its rows, starting
/// from the decision made on its first [`SNIFF_BYTES`]. UTF-16 is turned into UTF-8 as it is
/// read; every other encoding passes as it is (the delimiters, quotes and line ends of a table
/// are ASCII in all of them), without a UTF-8 byte order mark. Unreadable, empty and binary
/// files are problems.
pub(crate) fn open_stream(
    path: &Path,
    decoding: &Decoding,
) -> Result<(Box<dyn Read + Send>, Parts), Problem> {
    let unreadable = unreadable(path);
    let mut file = BufReader::with_capacity(SNIFF_BYTES, File::open(path).map_err(unreadable)?);
    let start = file.fill_buf().map_err(unreadable)?;
    check_start(path, start, decoding)?;
    let decision = decide(start, decoding.forced);
    decoding.tell(path, decision);
    let bom = encoding_rs::Encoding::for_bom(start);
    if let Some((encoding, length)) = bom {
        if encoding == encoding_rs::UTF_8 {
            file.consume(length);
        } else {
            let reader = encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_override(true)
                .build(file);
            return Ok((Box::new(reader), Parts::new(decision, true)));
        }
    } else if decision.encoding.encoding().output_encoding() != decision.encoding.encoding() {
        // UTF-16 forced on a file without a byte order mark.
        let reader = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(decision.encoding.encoding()))
            .build(file);
        return Ok((Box::new(reader), Parts::new(decision, true)));
    }
    Ok((Box::new(file), Parts::new(decision, false)))
}

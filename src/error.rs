//! The library's error types.
//!
//! Every error caused by input names where the input was at fault: the file, and the line when
//! there is one. Errors are raised only where things are built (opening a file, loading a
//! lexicon, compiling a pattern); once text is flowing, bad text is data, not an error.

use std::fmt;
use std::path::PathBuf;

/// Anything that stops ctlex from doing what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why it could not be read or written.
        #[source]
        source: std::io::Error,
    },
    /// A lexicon is invalid.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// The input cannot be processed as asked (e.g. a `--by` column that does not exist).
    #[error("{0}")]
    Input(Problem),
    /// The request itself is inconsistent.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// An invalid lexicon file or entry.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct LexiconError {
    /// The lexicon file (for bundled lexicons, its path in the source tree).
    pub file: String,
    /// 1-based line of the offending entry, when known.
    pub line: Option<usize>,
    /// The offending entry as written.
    pub entry: Option<String>,
    /// What is wrong with it.
    pub message: String,
}

impl LexiconError {
    /// An error about a lexicon file, or one line of it, that no single entry is to blame for.
    pub(crate) fn in_file(
        file: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> LexiconError {
        LexiconError {
            file: file.into(),
            line,
            entry: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(entry) = &self.entry {
            write!(f, ": entry `{entry}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A piece of input that could not be used: a file, or one row of it. The run goes on without
/// it, and it is reported.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The input file.
    pub path: String,
    /// 1-based line of the offending row, when the problem is one row.
    pub line: Option<u64>,
    /// What is wrong with the input.
    pub message: String,
    /// What kind of problem it is.
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem of `kind` with `path`, at `line` when it is one row.
    pub fn new(
        path: impl Into<String>,
        line: Option<u64>,
        kind: ProblemKind,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            path: path.into(),
            line,
            message: message.into(),
            kind,
        }
    }
}

/// What went wrong with a piece of input, for the run's summary and the `--errors` report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemKind {
    /// The file could not be read (permissions, a symlink loop, an I/O error): skipped.
    Unreadable,
    /// A text file too large to hold in memory: skipped.
    TooLarge,
    /// NUL bytes throughout: not text, skipped.
    Binary,
    /// No bytes: skipped.
    Empty,
    /// A file in a folder that is not a statement file (a PDF, a table, a named pipe): skipped.
    NotRead,
    /// Mostly not decodable in the forced encoding: skipped.
    Undecodable,
    /// A table row with the wrong number of fields: skipped.
    FieldCount,
    /// A table without the text column, or a JSON line without the text field: skipped.
    MissingText,
    /// A line or row that cannot be parsed (invalid JSON, not an object): skipped.
    BadRow,
    /// A table header naming a column twice (skipped), a JSON object with a key twice (line
    /// skipped).
    DuplicateName,
    /// An id seen before: counted all the same.
    DuplicateId,
    /// Bytes replaced or removed while decoding: counted all the same.
    Degraded,
    /// A part of a file read in another encoding than the parts before it, or reading better in
    /// another encoding than the forced one: counted all the same.
    Encoding,
    /// A file read from a folder with a `metadata.csv` that has no row for it: counted all the
    /// same, with its stem as speaker.
    Metadata,
    /// Anything else.
    #[default]
    Other,
}

impl ProblemKind {
    /// Whether the input was left out (rather than counted in a degraded form).
    pub fn is_skip(self) -> bool {
        !matches!(
            self,
            ProblemKind::DuplicateId
                | ProblemKind::Degraded
                | ProblemKind::Encoding
                | ProblemKind::Metadata
        )
    }

    /// A short name, as the `--errors` report writes it.
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::Unreadable => "unreadable",
            ProblemKind::TooLarge => "too_large",
            ProblemKind::Binary => "binary",
            ProblemKind::Empty => "empty",
            ProblemKind::NotRead => "not_read",
            ProblemKind::Undecodable => "undecodable",
            ProblemKind::FieldCount => "field_count",
            ProblemKind::MissingText => "missing_text",
            ProblemKind::BadRow => "bad_row",
            ProblemKind::DuplicateName => "duplicate_name",
            ProblemKind::DuplicateId => "duplicate_id",
            ProblemKind::Degraded => "degraded",
            ProblemKind::Encoding => "encoding",
            ProblemKind::Metadata => "metadata",
            ProblemKind::Other => "other",
        }
    }

    /// Every kind, in order.
    pub(crate) const ALL: [ProblemKind; 15] = [
        ProblemKind::Unreadable,
        ProblemKind::TooLarge,
        ProblemKind::Binary,
        ProblemKind::Empty,
        ProblemKind::NotRead,
        ProblemKind::Undecodable,
        ProblemKind::FieldCount,
        ProblemKind::MissingText,
        ProblemKind::BadRow,
        ProblemKind::DuplicateName,
        ProblemKind::DuplicateId,
        ProblemKind::Degraded,
        ProblemKind::Encoding,
        ProblemKind::Metadata,
        ProblemKind::Other,
    ];

    /// The kind [`ProblemKind::name`] calls `name`.
    pub fn from_name(name: &str) -> Option<ProblemKind> {
        ProblemKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Problem {}

/// A result whose error is, unless said otherwise, ctlex's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A CSV writer's error as the I/O error underneath it, so a closed pipe is seen as one.
pub(crate) fn csv_io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        kind => std::io::Error::other(format!("{kind:?}")),
    }
}

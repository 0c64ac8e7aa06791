//! Reading meeting records: each file decoded, split into turns and handed over as statements
//! with the speaker's metadata.

use std::collections::VecDeque;
use std::io;
use std::path::Path;
use std::sync::Arc;

use super::{meeting_from_file_name, split, Record};
use crate::corpus::decode::{self, TextEncoding};
use crate::corpus::layout::{FileReader, InputFile, Notes};
use crate::corpus::{names, require_columns, Fields, Issue, Names, ReadOptions, Statement};
use crate::error::{Error, Problem, ProblemKind};

/// The fields of a turn, as statement metadata.
const FIELDS: [&str; 8] = [
    "file",
    "meeting",
    "turn",
    "speaker",
    "delegation",
    "delegation_iso3",
    "role",
    "spoke_in",
];

/// Reads each file as a whole record; each turn is a statement.
pub(crate) struct Records {
    names: Names,
    notes: Arc<Notes>,
}

impl Records {
    pub(crate) fn open(
        root: &Path,
        options: &ReadOptions,
        notes: Arc<Notes>,
    ) -> Result<Records, Error> {
        require_columns(root, options, &FIELDS)?;
        Ok(Records {
            names: names(&FIELDS),
            notes,
        })
    }
}

/// Splits the record read from `path`; a record that does not name its meeting is named after
/// its file.
fn split_file(path: &Path, text: &str) -> Record {
    let mut record = split(text);
    if record.meeting.is_empty() {
        let name = path.file_name().map(|n| n.to_string_lossy());
        record.meeting = name
            .and_then(|n| meeting_from_file_name(&n))
            .unwrap_or_default();
    }
    record
}

/// Reads the meeting record at `path` whole, decodes it as every reader does (in `forced`
/// encoding, else the one detected) and splits it into speaker turns. Bytes replaced while
/// decoding and a record without any speaker header are problems; only a file that cannot be
/// read is an error.
pub fn read(path: &Path, forced: Option<TextEncoding>) -> io::Result<(Record, Vec<Problem>)> {
    let decoded = decode::decode_owned(std::fs::read(path)?, forced);
    let problem = |message: String| {
        Problem::new(
            path.display().to_string(),
            None,
            ProblemKind::Degraded,
            message,
        )
    };
    let mut problems = Vec::new();
    if decoded.replaced > 0 {
        problems.push(problem(format!(
            "{} byte sequence(s) not valid {} replaced with U+FFFD",
            decoded.replaced, decoded.decision.encoding
        )));
    }
    let record = split_file(path, &decoded.text);
    if record.turns.is_empty() {
        problems.push(problem(
            "no speaker header found; its text is one turn with empty speaker fields".into(),
        ));
    }
    Ok((record, problems))
}

impl FileReader for Records {
    fn read(
        &mut self,
        file: &InputFile<'_>,
        text: String,
        out: &mut VecDeque<Result<Statement, Issue>>,
    ) {
        let record = split_file(file.path, &text);
        let path: Arc<str> = file.path.display().to_string().into();
        if let Some(unsplit) = record.unsplit {
            out.push_back(Ok(Statement {
                id: file.id.clone(),
                fields: Fields::new(
                    self.names.clone(),
                    vec![file.relative.clone(), record.meeting.clone()],
                ),
                text: unsplit,
                path: path.clone(),
                line: None,
            }));
            out.push_back(Err(Issue::Problem(Problem::new(
                path.to_string(),
                None,
                ProblemKind::Degraded,
                "no speaker header found: read as one statement with empty speaker fields",
            ))));
            return;
        }
        for turn in record.turns {
            let header = turn.header;
            if header.delegation_iso3.is_empty() && !header.delegation.is_empty() {
                self.notes.unknown_delegation(&header.delegation);
            }
            let values = vec![
                file.relative.clone(),
                record.meeting.clone(),
                turn.turn.to_string(),
                header.speaker,
                header.delegation,
                header.delegation_iso3,
                header.role,
                header.spoke_in,
            ];
            out.push_back(Ok(Statement {
                id: format!("{}#{}", file.id, turn.turn),
                fields: Fields::new(self.names.clone(), values),
                text: turn.text,
                path: path.clone(),
                line: None,
            }));
        }
    }
}

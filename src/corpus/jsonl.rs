//! JSON Lines: one JSON object a line, the text in one field (`text` unless told otherwise).
//! Other scalar fields are metadata; nested values are kept as JSON text. A line that is not an
//! object, or lacks a text string, is reported with its line number and skipped.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::{decode, decode_lossy, invalid_utf8, Fields, Issue, ReadOptions, Statement};
use crate::error::{Problem, ProblemKind};

pub(super) struct JsonLines {
    path: PathBuf,
    display: Arc<str>,
    reader: BufReader<Box<dyn Read + Send>>,
    options: Arc<ReadOptions>,
    qualify_ids: bool,
    line: u64,
    row: u64,
    buffer: Vec<u8>,
    pending: Option<Problem>,
    done: bool,
}

impl JsonLines {
    pub(super) fn open(
        path: &Path,
        options: Arc<ReadOptions>,
        qualify_ids: bool,
    ) -> Result<JsonLines, Issue> {
        let (input, _) = decode::open_stream(path, &options.decoding).map_err(Issue::Problem)?;
        Ok(JsonLines {
            path: path.to_path_buf(),
            display: path.display().to_string().into(),
            reader: BufReader::with_capacity(1 << 16, input),
            options,
            qualify_ids,
            line: 0,
            row: 0,
            buffer: Vec::new(),
            pending: None,
            done: false,
        })
    }

    fn problem(&self, kind: ProblemKind, message: String) -> Option<Result<Statement, Issue>> {
        Some(Err(Issue::Problem(Problem::new(
            self.display.to_string(),
            Some(self.line),
            kind,
            message,
        ))))
    }

    fn parse(&mut self, line: &str) -> Option<Result<Statement, Issue>> {
        let object = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                return self.problem(
                    ProblemKind::BadRow,
                    "not a JSON object; line skipped".into(),
                )
            }
            Err(e) => {
                return self.problem(
                    ProblemKind::BadRow,
                    format!("invalid JSON, line skipped: {e}"),
                )
            }
        };
        let text_field = self.options.text_column.as_str();
        let text = match object.get(text_field) {
            Some(Value::String(text)) => text.clone(),
            Some(_) => {
                return self.problem(
                    ProblemKind::MissingText,
                    format!("field `{text_field}` is not a string; line skipped"),
                )
            }
            None => {
                return self.problem(
                    ProblemKind::MissingText,
                    format!("no field `{text_field}`; line skipped"),
                )
            }
        };
        self.row += 1;
        let (names, values): (Vec<Box<str>>, Vec<String>) = object
            .iter()
            .filter(|(name, _)| name.as_str() != text_field)
            .map(|(name, value)| (name.as_str().into(), scalar(value)))
            .unzip();
        let fields = Fields::new(names.into(), values);
        let id = match fields.get("id").filter(|id| !id.is_empty()) {
            Some(id) => id.to_string(),
            None if self.qualify_ids => format!("{}:{}", self.display, self.row),
            None => self.row.to_string(),
        };
        Some(Ok(Statement {
            id,
            fields,
            text,
            path: self.display.clone(),
            line: Some(self.line),
        }))
    }
}

/// A JSON value as metadata text: strings as they are, null as empty, the rest as JSON.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl Iterator for JsonLines {
    type Item = Result<Statement, Issue>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(problem) = self.pending.take() {
            return Some(Err(Issue::Problem(problem)));
        }
        while !self.done {
            self.buffer.clear();
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => return None,
                Ok(_) => self.line += 1,
                Err(e) => {
                    self.line += 1;
                    // The position in the file is unknown: stop reading it.
                    self.done = true;
                    return self.problem(
                        ProblemKind::Unreadable,
                        format!("read error, rest of file skipped: {e}"),
                    );
                }
            }
            let (line, replaced) = decode_lossy(std::mem::take(&mut self.buffer));
            if replaced > 0 {
                self.pending = Some(invalid_utf8(&self.path, Some(self.line), replaced));
            }
            let line = line.trim_start_matches('\u{feff}').trim();
            if line.is_empty() {
                continue;
            }
            return self.parse(line);
        }
        None
    }
}

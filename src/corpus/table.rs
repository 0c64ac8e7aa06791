//! CSV and TSV tables: one statement a row, the text in one column (`text` unless told
//! otherwise), every other column metadata. A row with the wrong number of fields is reported
//! with its line and skipped. TSV is read without quoting, as TSV is written.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{
    decode, decode_lossy, header_names, invalid_utf8, missing_column_problem, missing_columns,
    Fields, Issue, Names, ReadOptions, Statement,
};
use crate::error::{Problem, ProblemKind};

pub(super) struct Table {
    path: PathBuf,
    display: Arc<str>,
    reader: csv::Reader<Box<dyn Read + Send>>,
    names: Names,
    text: usize,
    id: Option<usize>,
    qualify_ids: bool,
    row: u64,
    record: csv::ByteRecord,
    /// A problem to report before reading on (set when a row is counted despite one).
    pending: Option<Problem>,
    done: bool,
}

impl Table {
    pub(super) fn open(
        path: &Path,
        delimiter: u8,
        options: Arc<ReadOptions>,
        qualify_ids: bool,
    ) -> Result<Table, Issue> {
        let (input, _) = decode::open_stream(path, &options.decoding).map_err(Issue::Problem)?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .quoting(delimiter != b'\t')
            .from_reader(input);
        let headers = reader.byte_headers().map_err(|e| {
            Issue::Problem(Problem::new(
                path.display().to_string(),
                Some(1),
                ProblemKind::Unreadable,
                format!("unreadable header, file skipped: {e}"),
            ))
        })?;
        let names = header_names(headers);
        let found: Vec<&str> = names.iter().map(|n| &**n).collect();
        let position = |name: &str| found.iter().position(|n| *n == name);
        let missing: Vec<&str> = options
            .required_columns
            .iter()
            .map(String::as_str)
            .filter(|c| position(c).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(Issue::Fatal(missing_columns(path, &missing, &found)));
        }
        let text = position(&options.text_column).ok_or_else(|| {
            let mut problem = missing_column_problem(path, &[options.text_column.as_str()], &found);
            problem.message.push_str("; file skipped");
            Issue::Problem(problem)
        })?;
        let id = position("id");
        Ok(Table {
            path: path.to_path_buf(),
            display: path.display().to_string().into(),
            reader,
            names: names.into(),
            text,
            id,
            qualify_ids,
            row: 0,
            record: csv::ByteRecord::new(),
            pending: None,
            done: false,
        })
    }

    fn problem(&self, line: Option<u64>, kind: ProblemKind, message: String) -> Problem {
        Problem::new(self.display.to_string(), line, kind, message)
    }
}

impl Iterator for Table {
    type Item = Result<Statement, Issue>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(problem) = self.pending.take() {
            return Some(Err(Issue::Problem(problem)));
        }
        if self.done {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Err(e) => {
                let line = e.position().map(|p| p.line());
                let (kind, message) = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => (
                        ProblemKind::FieldCount,
                        format!("row has {len} fields, the header has {expected_len}; row skipped"),
                    ),
                    csv::ErrorKind::Io(io) => {
                        self.done = true;
                        (
                            ProblemKind::Unreadable,
                            format!("read error, rest of file skipped: {io}"),
                        )
                    }
                    other => (
                        ProblemKind::BadRow,
                        format!("unreadable row skipped: {other:?}"),
                    ),
                };
                Some(Err(Issue::Problem(self.problem(line, kind, message))))
            }
            Ok(true) => {
                self.row += 1;
                let line = self.record.position().map(|p| p.line());
                let mut replaced = 0;
                let values: Vec<String> = self
                    .record
                    .iter()
                    .map(|field| {
                        let (value, bad) = decode_lossy(field.to_vec());
                        replaced += bad;
                        value
                    })
                    .collect();
                if replaced > 0 {
                    self.pending = Some(invalid_utf8(&self.path, line, replaced));
                }
                let mut fields = Fields::new(self.names.clone(), values);
                let text = std::mem::take(&mut fields.values[self.text]);
                let id = match self.id.map(|i| fields.values[i].trim()) {
                    Some(id) if !id.is_empty() => id.to_string(),
                    _ if self.qualify_ids => format!("{}:{}", self.display, self.row),
                    _ => self.row.to_string(),
                };
                Some(Ok(Statement {
                    id,
                    fields,
                    text,
                    path: self.display.clone(),
                    line,
                }))
            }
        }
    }
}

//! CSV and TSV tables: one statement a row, the text in one column (`text` unless told
//! otherwise), every other column metadata. A row with the wrong number of fields is reported
//! with its line and skipped; so is the line of a quote never closed (see [`super::rows`]),
//! and the rows after it are read. A header naming a column twice is refused. TSV is read
//! without quoting, as TSV is written.

use std::collections::VecDeque;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use super::decode::{self, Parts, Unit};
use super::rows::{next_start, take_unclosed, Rows, Shared};
use super::{
    header_names, missing_column_problem, missing_columns, Fields, Issue, Names, ReadOptions,
    Statement,
};
use crate::error::{Problem, ProblemKind};

pub(super) struct Table {
    display: Arc<str>,
    reader: csv::Reader<Box<dyn Read + Send>>,
    names: Names,
    text: usize,
    id: Option<usize>,
    qualify_ids: bool,
    record: csv::ByteRecord,
    /// Decodes each row, checking it against the file's encoding.
    parts: Parts,
    /// Problems to report before reading on (a row counted despite one, unclosed quotes).
    pending: VecDeque<Problem>,
    /// Where rows start, and the unclosed quotes left out, as the rows were found.
    found: Shared,
    done: bool,
}

impl Table {
    pub(super) fn open(
        path: &Path,
        delimiter: u8,
        options: Arc<ReadOptions>,
        qualify_ids: bool,
    ) -> Result<Table, Issue> {
        let (input, mut parts) =
            decode::open_stream(path, &options.decoding).map_err(Issue::Problem)?;
        let rows = Shared::default();
        let quoting = delimiter != b'\t';
        let input = Rows::new(BufReader::new(input), delimiter, quoting, rows.clone());
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .quoting(quoting)
            .from_reader(Box::new(input) as Box<dyn Read + Send>);
        let headers = reader.byte_headers().map_err(|e| {
            Issue::Problem(Problem::new(
                path.display().to_string(),
                Some(1),
                ProblemKind::Unreadable,
                format!("unreadable header, file skipped: {e}"),
            ))
        })?;
        let header_line = next_start(&rows).unwrap_or(1);
        let (names, found) = parts.fields(headers.as_slice(), headers);
        let pending: VecDeque<Problem> = found
            .problems(&path.display().to_string(), Some(header_line), Unit::Row)
            .into();
        let names = header_names(names);
        let found: Vec<&str> = names.iter().map(|n| &**n).collect();
        if let Some(mut problem) = duplicate_columns(path, header_line, &found) {
            problem.message.push_str("; file skipped");
            return Err(Issue::Problem(problem));
        }
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
            display: path.display().to_string().into(),
            reader,
            names: names.into(),
            text,
            id,
            qualify_ids,
            record: csv::ByteRecord::new(),
            parts,
            pending,
            found: rows,
            done: false,
        })
    }

    fn problem(&self, line: Option<u64>, kind: ProblemKind, message: String) -> Problem {
        Problem::new(self.display.to_string(), line, kind, message)
    }

    /// Queues the unclosed quotes found so far.
    fn take_unclosed(&mut self) {
        for unclosed in take_unclosed(&self.found) {
            let problem = self.problem(
                Some(unclosed.opened),
                ProblemKind::BadRow,
                unclosed.message(),
            );
            self.pending.push_back(problem);
        }
    }
}

/// The problem of a header that names a column more than once, if it does. Columns without a
/// name (`id,text,,`, as spreadsheets export) cannot be asked for by name, so they are no
/// ambiguity.
pub(super) fn duplicate_columns(path: &Path, line: u64, names: &[&str]) -> Option<Problem> {
    let mut twice = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() || names.get(..i).is_some_and(|before| before.contains(name)) {
            continue;
        }
        let columns: Vec<String> = names
            .iter()
            .enumerate()
            .filter(|(_, n)| *n == name)
            .map(|(j, _)| (j + 1).to_string())
            .collect();
        if columns.len() > 1 {
            let times = if columns.len() == 2 {
                "twice"
            } else {
                "more than twice"
            };
            twice.push(format!(
                "column `{name}` appears {times} (columns {})",
                join_and(&columns)
            ));
        }
    }
    (!twice.is_empty()).then(|| {
        Problem::new(
            path.display().to_string(),
            Some(line),
            ProblemKind::DuplicateName,
            format!(
                "{}: which one to read is unclear; rename one of them",
                twice.join("; ")
            ),
        )
    })
}

/// `1`, `1 and 2`, `1, 2 and 3`.
fn join_and(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

impl Iterator for Table {
    type Item = Result<Statement, Issue>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(problem) = self.pending.pop_front() {
            return Some(Err(Issue::Problem(problem)));
        }
        if self.done {
            return None;
        }
        let read = self.reader.read_byte_record(&mut self.record);
        self.take_unclosed();
        match read {
            Ok(false) => {
                self.done = true;
                self.pending.pop_front().map(|p| Err(Issue::Problem(p)))
            }
            Err(e) => {
                let line = match e.kind() {
                    csv::ErrorKind::Io(_) => None,
                    _ => next_start(&self.found).or_else(|| e.position().map(|p| p.line())),
                };
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
                let line =
                    next_start(&self.found).or_else(|| self.record.position().map(|p| p.line()));
                let (values, found) = self.parts.fields(self.record.as_slice(), &self.record);
                if found.any() {
                    self.pending
                        .extend(found.problems(&self.display, line, Unit::Row));
                }
                let mut fields = Fields::new(self.names.clone(), values);
                let text = std::mem::take(&mut fields.values[self.text]);
                // Without an id column, the row's line: mending a row above does not change it.
                let row = line.unwrap_or_default();
                let id = match self.id.map(|i| fields.values[i].trim()) {
                    Some(id) if !id.is_empty() => id.to_string(),
                    _ if self.qualify_ids => format!("{}:{row}", self.display),
                    _ => row.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_named_twice() {
        let cases: [(&[&str], Option<&str>); 5] = [
            (&["id", "text"], None),
            (&["id", "text", "", ""], None),
            (
                &["text", "id", "text"],
                Some("column `text` appears twice (columns 1 and 3)"),
            ),
            (
                &["a", "a", "b", "a"],
                Some("column `a` appears more than twice (columns 1, 2 and 4)"),
            ),
            (
                &["a", "b", "a", "b"],
                Some("column `a` appears twice (columns 1 and 3); column `b` appears twice (columns 2 and 4)"),
            ),
        ];
        for (names, expected) in cases {
            let problem = duplicate_columns(Path::new("t.csv"), 1, names);
            let message = problem.map(|p| p.message);
            match expected {
                None => assert_eq!(message, None, "{names:?}"),
                Some(start) => assert!(
                    message.as_deref().is_some_and(|m| m.starts_with(start)),
                    "{names:?}: {message:?}"
                ),
            }
        }
    }
}

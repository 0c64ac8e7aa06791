//! JSON Lines: one JSON object a line, the text in one field (`text` unless told otherwise).
//! Other scalar fields are metadata; nested values are kept as JSON text. A line that is not an
//! object, lacks a text string, or gives one key twice (a JSON parser would keep the last value
//! without a word), is reported with its line number and skipped.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::decode::{self, Parts, Unit};
use super::{Fields, Issue, ReadOptions, Statement};
use crate::error::{Problem, ProblemKind};

pub(super) struct JsonLines {
    display: Arc<str>,
    reader: BufReader<Box<dyn Read + Send>>,
    options: Arc<ReadOptions>,
    qualify_ids: bool,
    line: u64,
    buffer: Vec<u8>,
    /// Decodes each line, checking it against the file's encoding.
    parts: Parts,
    pending: VecDeque<Problem>,
    done: bool,
}

impl JsonLines {
    pub(super) fn open(
        path: &Path,
        options: Arc<ReadOptions>,
        qualify_ids: bool,
    ) -> Result<JsonLines, Issue> {
        let (input, parts) =
            decode::open_stream(path, &options.decoding).map_err(Issue::Problem)?;
        Ok(JsonLines {
            display: path.display().to_string().into(),
            reader: BufReader::with_capacity(1 << 16, input),
            options,
            qualify_ids,
            line: 0,
            buffer: Vec::new(),
            parts,
            pending: VecDeque::new(),
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
        let object = match serde_json::from_str::<Object>(line) {
            Ok(Object { twice, .. }) if !twice.is_empty() => {
                let keys: Vec<String> = twice.iter().map(|k| format!("`{k}`")).collect();
                return self.problem(
                    ProblemKind::DuplicateName,
                    format!(
                        "key {} appears twice in the object: which value to read is unclear; line skipped",
                        keys.join(", ")
                    ),
                );
            }
            Ok(Object { map, .. }) => map,
            Err(e) if e.is_data() => {
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
        let (names, values): (Vec<Box<str>>, Vec<String>) = object
            .iter()
            .filter(|(name, _)| name.as_str() != text_field)
            .map(|(name, value)| (name.as_str().into(), scalar(value)))
            .unzip();
        let fields = Fields::new(names.into(), values);
        let id = match fields.get("id").filter(|id| !id.is_empty()) {
            Some(id) => id.to_string(),
            None if self.qualify_ids => format!("{}:{}", self.display, self.line),
            None => self.line.to_string(),
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

/// A JSON object with the keys it gives more than once.
struct Object {
    map: Map<String, Value>,
    twice: Vec<String>,
}

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Object, D::Error> {
        struct ObjectVisitor;

        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = Object;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Object, A::Error> {
                let mut object = Object {
                    map: Map::new(),
                    twice: Vec::new(),
                };
                while let Some((key, value)) = access.next_entry::<String, Value>()? {
                    if object.map.contains_key(&key) {
                        if !object.twice.contains(&key) {
                            object.twice.push(key);
                        }
                        continue;
                    }
                    object.map.insert(key, value);
                }
                Ok(object)
            }
        }

        deserializer.deserialize_map(ObjectVisitor)
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
        if let Some(problem) = self.pending.pop_front() {
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
            let (line, found) = self.parts.part_owned(std::mem::take(&mut self.buffer));
            if found.any() {
                self.pending
                    .extend(found.problems(&self.display, Some(self.line), Unit::Row));
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

//! Corpus readers: folders of `.txt` files, CSV/TSV tables and JSON Lines, all turned into a
//! stream of [`Statement`]s.
//!
//! Reading is streamed: one file or one row at a time, so memory does not grow with the corpus.
//! A reader never stops the run for one bad file or row: it reports a [`Problem`] and goes on. It
//! stops only for what makes the whole request impossible (an input that does not exist, a
//! `--by` column the input does not have).

pub mod decode;
pub mod delegation;
pub mod file_bytes;
pub mod inputs;
mod jsonl;
pub mod layout;
pub mod record;
mod rows;
mod seen;
pub mod speaker;
mod table;
mod text;
mod ungdc;
mod unsc;

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashSet, VecDeque};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Problem, ProblemKind};

pub use decode::{Decoding, EncodingLog, OnDecision, TextEncoding};
pub use layout::{Choice, Layout, Notes};

/// Names of metadata fields, shared by all statements of one source.
pub type Names = Arc<[Box<str>]>;

/// Metadata of a statement: named text values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    names: Names,
    values: Vec<String>,
}

impl Fields {
    /// Pairs `names` with `values`; missing values are empty, extra values are dropped.
    pub fn new(names: Names, mut values: Vec<String>) -> Fields {
        values.resize(names.len(), String::new());
        Fields { names, values }
    }

    /// The value of the field `name`, if the statement's source has such a field.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.names
            .iter()
            .position(|n| &**n == name)
            .map(|i| self.values[i].as_str())
    }

    /// Every field as `(name, value)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names
            .iter()
            .map(|n| &**n)
            .zip(self.values.iter().map(String::as_str))
    }
}

/// One statement: a text with its metadata and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// The statement's id: the `id` column, else the file path, else the row's line number.
    pub id: String,
    /// The statement's metadata fields, by name.
    pub fields: Fields,
    /// The statement's text.
    pub text: String,
    /// The input file.
    pub path: Arc<str>,
    /// 1-based line where the statement starts, for tables.
    pub line: Option<u64>,
}

/// How to read inputs.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Column (or JSON field) holding the text in tables.
    pub text_column: String,
    /// Metadata columns every tabular input must have (the `--by` columns).
    pub required_columns: Vec<String>,
    /// The layout of folders and `.txt` files; detected when `None`.
    pub layout: Option<Layout>,
    /// How bytes become text.
    pub decoding: Decoding,
    /// Stop at the first problem instead of reporting it and going on.
    pub strict: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            text_column: "text".into(),
            required_columns: Vec::new(),
            layout: None,
            decoding: Decoding::default(),
            strict: false,
        }
    }
}

/// Why reading did not yield a statement.
#[derive(Debug)]
pub enum Issue {
    /// Something was skipped or degraded; the run goes on.
    Problem(Problem),
    /// The run cannot go on.
    Fatal(Error),
}

impl From<Error> for Issue {
    fn from(error: Error) -> Issue {
        Issue::Fatal(error)
    }
}

type Source = Box<dyn Iterator<Item = Result<Statement, Issue>> + Send>;

/// A batch of statements for one worker, with what went wrong while reading it.
#[derive(Debug, Default)]
pub struct Batch {
    /// The statements read, in reading order.
    pub statements: Vec<Statement>,
    /// Input skipped or degraded while reading the batch.
    pub problems: Vec<Problem>,
    /// The error that ended reading, if one did in this batch.
    pub fatal: Option<Error>,
    /// Bytes of text in this batch.
    pub bytes: u64,
    /// Files whose first statement is in this batch.
    pub files: u64,
}

/// What reading a corpus noted besides statements and problems.
pub(crate) struct Findings {
    notes: Arc<Notes>,
    options: Arc<ReadOptions>,
}

impl Findings {
    /// The notes and encoding decisions, once the corpus has been read.
    pub(crate) fn take(self) -> (Notes, EncodingLog) {
        (self.notes.take(), self.options.decoding.take_log())
    }
}

/// The statements of all inputs, in input order.
pub struct Corpus {
    /// Inputs still to read, with their layout (`None` for tables).
    pending: VecDeque<(PathBuf, Option<Choice>)>,
    choices: Vec<Choice>,
    notes: Arc<Notes>,
    /// The files read so far, so that each is read once.
    seen: Arc<seen::SeenFiles>,
    current: Option<Source>,
    options: Arc<ReadOptions>,
    /// Whether ids need the input's path to stay unique.
    qualify_ids: bool,
    finished: bool,
    /// Hashes of the ids seen so far, to report duplicates in bounded memory.
    ids: HashSet<u64, BuildHasherDefault<DefaultHasher>>,
    /// A problem to report after the statement just returned.
    after: Option<Problem>,
}

impl Corpus {
    /// Prepares to read `inputs`, choosing the layout of each folder and `.txt` file; fails at
    /// once if one does not exist.
    ///
    /// An input given twice (by two paths, or a folder inside one given before) is read once,
    /// with a note.
    pub fn open(inputs: &[PathBuf], options: ReadOptions) -> Result<Corpus, Error> {
        let notes = Arc::new(Notes::default());
        let mut pending = VecDeque::with_capacity(inputs.len());
        let mut distinct = DistinctInputs::default();
        for input in inputs {
            std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
            if let Some(note) = distinct.repeat(input) {
                notes.remark(note);
                continue;
            }
            pending.push_back((input.clone(), choose_layout(input, options.layout)));
        }
        Ok(Corpus {
            choices: pending.iter().filter_map(|(_, c)| c.clone()).collect(),
            qualify_ids: pending.len() > 1,
            pending,
            notes,
            seen: Arc::default(),
            current: None,
            options: Arc::new(options),
            finished: false,
            ids: HashSet::default(),
            after: None,
        })
    }

    /// The layout chosen for each folder and `.txt` input, with the reason.
    pub fn layouts(&self) -> &[Choice] {
        &self.choices
    }

    /// The notes of reading so far (remarks, unknown delegation names), for a caller that reads
    /// the statements itself rather than through the pipeline: ask once the corpus is read.
    pub fn notes(&self) -> &Notes {
        &self.notes
    }

    /// What reading notes besides statements, to be taken once the corpus has been read.
    pub(crate) fn findings(&self) -> Findings {
        Findings {
            notes: self.notes.clone(),
            options: self.options.clone(),
        }
    }

    fn open_source(&self, path: &Path, choice: Option<&Choice>) -> Result<Source, Issue> {
        let options = self.options.clone();
        let qualify = self.qualify_ids;
        let notes = self.notes.clone();
        let seen = self.seen.clone();
        let tree = |reader: Box<dyn layout::FileReader>| -> Source {
            let decoding = options.decoding.clone();
            Box::new(layout::LayoutTree::new(
                path,
                reader,
                qualify,
                (notes.clone(), seen.clone()),
                decoding,
            ))
        };
        let text_tree = || -> Source {
            Box::new(text::TextTree::new(
                path,
                options.clone(),
                qualify,
                (notes.clone(), seen.clone()),
            ))
        };
        if let Some(choice) = choice {
            return Ok(match choice.layout {
                Layout::Text => text_tree(),
                Layout::Unsc => tree(Box::new(unsc::Speeches::open(
                    path,
                    &options,
                    notes.clone(),
                )?)),
                Layout::Ungdc => tree(Box::new(ungdc::Speeches::open(
                    path,
                    &options,
                    notes.clone(),
                )?)),
                Layout::Record => tree(Box::new(record::Records::open(
                    path,
                    &options,
                    notes.clone(),
                )?)),
            });
        }
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") => Ok(Box::new(table::Table::open(path, b',', options, qualify)?)),
            Some("tsv" | "tab") => Ok(Box::new(table::Table::open(path, b'\t', options, qualify)?)),
            Some("jsonl" | "ndjson") => Ok(Box::new(jsonl::JsonLines::open(path, options, qualify)?)),
            Some("txt") => Ok(text_tree()),
            _ => Err(Issue::Fatal(Error::Usage(format!(
                "{}: unsupported input; give a folder of .txt files, a .txt, .csv, .tsv or .jsonl file",
                path.display()
            )))),
        }
    }

    /// Groups statements into batches of about `max_bytes` of text.
    pub fn batches(self, max_bytes: u64) -> impl Iterator<Item = Batch> {
        Batches {
            corpus: self,
            max_bytes,
            last_path: None,
        }
    }
}

impl Iterator for Corpus {
    type Item = Result<Statement, Issue>;

    /// The next statement or problem; with `--strict`, the first problem ends the corpus as a
    /// fatal error. A statement whose id was seen before is counted and reported.
    fn next(&mut self) -> Option<Self::Item> {
        let item = match self.after.take() {
            Some(problem) => Err(Issue::Problem(problem)),
            None => self.next_item()?,
        };
        match item {
            Err(Issue::Problem(problem)) if self.options.strict => {
                self.finished = true;
                Some(Err(Issue::Fatal(Error::Input(problem))))
            }
            Ok(statement) => {
                let mut hasher = DefaultHasher::new();
                statement.id.hash(&mut hasher);
                if !self.ids.insert(hasher.finish()) {
                    self.after = Some(Problem::new(
                        statement.path.to_string(),
                        statement.line,
                        ProblemKind::DuplicateId,
                        format!(
                            "id `{}` appears more than once; counted all the same",
                            statement.id
                        ),
                    ));
                }
                Some(Ok(statement))
            }
            other => Some(other),
        }
    }
}

impl Corpus {
    fn next_item(&mut self) -> Option<Result<Statement, Issue>> {
        loop {
            if self.finished {
                return None;
            }
            if let Some(source) = &mut self.current {
                match source.next() {
                    Some(Err(Issue::Fatal(e))) => {
                        self.finished = true;
                        return Some(Err(Issue::Fatal(e)));
                    }
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let (path, choice) = self.pending.pop_front()?;
            match self.open_source(&path, choice.as_ref()) {
                Ok(source) => self.current = Some(source),
                Err(Issue::Problem(problem)) => return Some(Err(Issue::Problem(problem))),
                Err(Issue::Fatal(e)) => {
                    self.finished = true;
                    return Some(Err(Issue::Fatal(e)));
                }
            }
        }
    }
}

/// The inputs given so far, to tell one given again (by another path, or inside a folder given
/// before).
#[derive(Default)]
struct DistinctInputs {
    /// Each input kept, with its identity and, for a folder, its canonical path.
    kept: Vec<(PathBuf, Option<seen::FileKey>, Option<PathBuf>)>,
}

impl DistinctInputs {
    /// The note for `input` when it repeats an input kept before; else keeps it.
    fn repeat(&mut self, input: &Path) -> Option<String> {
        let key = seen::file_key(input);
        let what = if input.is_dir() { "folder" } else { "file" };
        for (earlier, earlier_key, _) in &self.kept {
            if key.is_some() && key == *earlier_key {
                return Some(format!(
                    "{} is the same {what} as {}, read once",
                    input.display(),
                    earlier.display()
                ));
            }
        }
        let canonical = input
            .is_dir()
            .then(|| std::fs::canonicalize(input).ok())
            .flatten();
        if let Some(inside) = &canonical {
            for (earlier, _, folder) in &self.kept {
                if folder.as_ref().is_some_and(|f| inside.starts_with(f)) {
                    return Some(format!(
                        "{} is inside {}, read once as part of it",
                        input.display(),
                        earlier.display()
                    ));
                }
            }
        }
        self.kept.push((input.to_path_buf(), key, canonical));
        None
    }
}

/// The layout of a folder or `.txt` input: the one asked for, or the one detected. Tables
/// (`.csv`, `.tsv`, `.jsonl`) have none: they are read as tables whatever is asked.
fn choose_layout(input: &Path, asked: Option<Layout>) -> Option<Choice> {
    // Anything but a folder or a `.txt` file is a table: also a named pipe or `/dev/stdin`.
    let is_table = !input.is_dir()
        && !input
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    if is_table {
        return None;
    }
    Some(match asked {
        Some(layout) => Choice {
            input: input.to_path_buf(),
            layout,
            reason: "--layout".into(),
        },
        None => layout::detect(input),
    })
}

struct Batches {
    corpus: Corpus,
    max_bytes: u64,
    /// The file of the last statement, to count files.
    last_path: Option<Arc<str>>,
}

impl Iterator for Batches {
    type Item = Batch;

    fn next(&mut self) -> Option<Batch> {
        let mut batch = Batch::default();
        while batch.bytes < self.max_bytes && batch.statements.len() < 4096 {
            match self.corpus.next() {
                None => break,
                Some(Ok(statement)) => {
                    if self.last_path.as_ref() != Some(&statement.path) {
                        batch.files += 1;
                        self.last_path = Some(statement.path.clone());
                    }
                    batch.bytes += statement.text.len() as u64;
                    batch.statements.push(statement);
                }
                Some(Err(Issue::Problem(problem))) => batch.problems.push(problem),
                Some(Err(Issue::Fatal(e))) => {
                    batch.fatal = Some(e);
                    break;
                }
            }
        }
        let empty =
            batch.statements.is_empty() && batch.problems.is_empty() && batch.fatal.is_none();
        (!empty).then_some(batch)
    }
}

/// Column names of a decoded CSV/TSV header, without a byte-order mark or surrounding spaces.
pub(crate) fn header_names(header: Vec<String>) -> Vec<Box<str>> {
    header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().into())
        .collect()
}

/// The error for an input lacking columns the request needs.
pub(crate) fn missing_columns(path: &Path, missing: &[&str], found: &[&str]) -> Error {
    Error::Input(missing_column_problem(path, missing, found))
}

/// The problem of an input lacking columns, listing those it has.
pub(crate) fn missing_column_problem(path: &Path, missing: &[&str], found: &[&str]) -> Problem {
    Problem {
        kind: ProblemKind::MissingText,
        path: path.display().to_string(),
        line: None,
        message: format!(
            "no column {} (columns: {})",
            missing
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", "),
            found.join(", ")
        ),
    }
}

/// Fails unless `names` holds every column the request needs.
pub(crate) fn require_columns(
    path: &Path,
    options: &ReadOptions,
    names: &[&str],
) -> Result<(), Error> {
    let missing: Vec<&str> = options
        .required_columns
        .iter()
        .map(String::as_str)
        .filter(|c| !names.contains(c))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing_columns(path, &missing, names))
    }
}

/// Field names shared by the statements of one source.
pub(crate) fn names(fields: &[&str]) -> Names {
    fields.iter().map(|&f| f.into()).collect::<Vec<_>>().into()
}

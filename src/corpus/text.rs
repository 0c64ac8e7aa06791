//! Folders of plain-text statements: every `.txt` file below a folder is one statement.
//!
//! Metadata comes from the nearest `metadata.csv` in the file's folder or above it (within the
//! input folder), keyed by a `file` column that holds the file's name, its stem, or its path
//! relative to that `metadata.csv`. It is decoded as statements are. Without a row, `speaker`
//! is the file's stem and the file is reported; rows that name no file read are noted once the
//! folder has been read, and two rows for one file are refused.

use std::collections::{HashMap, VecDeque};
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::decode::{self, FileText, Unit};
use super::layout::{FolderWalk, Notes};
use super::rows::{next_start, take_unclosed, Rows, Shared};
use super::seen::{self, SeenFiles};
use super::{
    header_names, missing_columns, require_columns, Fields, Issue, Names, ReadOptions, Statement,
};
use crate::error::{Error, Problem, ProblemKind};

const METADATA_FILE: &str = "metadata.csv";

/// Rows that name no file listed in a note before the rest are counted.
const ROWS_LISTED: usize = 5;

/// One row of a `metadata.csv`.
struct Row {
    /// The line it starts on.
    line: u64,
    /// Its `file` value.
    key: String,
    values: Vec<String>,
    /// Whether it named a file read.
    used: bool,
}

/// One `metadata.csv`.
struct Metadata {
    /// The file itself.
    path: PathBuf,
    /// The folder it describes.
    folder: PathBuf,
    /// Column names, with `speaker` added when the file has none.
    names: Names,
    /// Index of the `speaker` column in `names`.
    speaker: usize,
    /// Row indexes by their `file` value.
    keys: HashMap<String, usize>,
    rows: Vec<Row>,
    /// Files read without a row: their path below `folder`, name and stem.
    without_row: Vec<[String; 3]>,
}

impl Metadata {
    /// The index of the row naming the file whose path below the folder, name and stem are
    /// `names`, if one does.
    fn row_of(&self, names: &[String; 3]) -> Option<usize> {
        names.iter().find_map(|key| self.keys.get(key).copied())
    }

    /// The note on rows that named no file read, if any.
    fn unused_rows(&self) -> Option<String> {
        let unused: Vec<String> = self
            .rows
            .iter()
            .filter(|row| !row.used)
            .map(|row| {
                let lower = row.key.to_lowercase();
                let alike = self
                    .without_row
                    .iter()
                    .find(|names| names.iter().any(|n| n.to_lowercase() == lower));
                match alike {
                    Some([relative, ..]) => format!(
                        "line {} `{}` (the file `{relative}` differs only in case)",
                        row.line, row.key
                    ),
                    None => format!("line {} `{}`", row.line, row.key),
                }
            })
            .collect();
        if unused.is_empty() {
            return None;
        }
        let mut listed = unused.get(..ROWS_LISTED).unwrap_or(&unused).join("; ");
        if unused.len() > ROWS_LISTED {
            listed.push_str(&format!("; and {} more", unused.len() - ROWS_LISTED));
        }
        Some(format!(
            "{}: {} row(s) name no file read: {listed}",
            self.path.display(),
            unused.len()
        ))
    }
}

pub(super) struct TextTree {
    root: PathBuf,
    walk: FolderWalk,
    options: Arc<ReadOptions>,
    qualify_ids: bool,
    /// The `metadata.csv` files loaded so far.
    loaded: Vec<Metadata>,
    /// The metadata governing each folder seen so far, as an index into `loaded`.
    metadata: HashMap<PathBuf, Option<usize>>,
    plain_names: Names,
    checked_plain: bool,
    queue: VecDeque<Result<Statement, Issue>>,
    notes: Arc<Notes>,
    seen: Arc<SeenFiles>,
    finished: bool,
}

impl TextTree {
    pub(super) fn new(
        root: &Path,
        options: Arc<ReadOptions>,
        qualify_ids: bool,
        (notes, seen): (Arc<Notes>, Arc<SeenFiles>),
    ) -> TextTree {
        TextTree {
            root: root.to_path_buf(),
            walk: FolderWalk::new(root, &[METADATA_FILE], notes.clone()),
            options,
            qualify_ids,
            loaded: Vec::new(),
            metadata: HashMap::new(),
            plain_names: Arc::from(vec!["file".into(), "speaker".into()]),
            checked_plain: false,
            queue: VecDeque::new(),
            notes,
            seen,
            finished: false,
        }
    }

    /// The metadata for files in `folder`, loading `metadata.csv` files on first use.
    fn metadata_for(&mut self, folder: &Path) -> Result<Option<usize>, Error> {
        if let Some(found) = self.metadata.get(folder) {
            return Ok(*found);
        }
        let here = folder.join(METADATA_FILE);
        let found = if here.is_file() {
            let (metadata, problems) = load_metadata(&here, folder, &self.options)?;
            self.queue
                .extend(problems.into_iter().map(|p| Err(Issue::Problem(p))));
            self.loaded.push(metadata);
            Some(self.loaded.len() - 1)
        } else if folder != self.root && folder.starts_with(&self.root) {
            match folder.parent() {
                Some(parent) => self.metadata_for(parent)?,
                None => None,
            }
        } else {
            None
        };
        self.metadata.insert(folder.to_path_buf(), found);
        Ok(found)
    }

    fn read(&mut self, path: &Path) {
        let (text, degraded) = match decode::read_file(path, &self.options.decoding) {
            Ok(FileText {
                text: Some(text),
                problems,
            }) => (text, problems),
            Ok(FileText {
                text: None,
                problems,
            }) => {
                self.queue
                    .extend(problems.into_iter().map(|p| Err(Issue::Problem(p))));
                return;
            }
            Err(problem) => {
                self.queue.push_back(Err(Issue::Problem(problem)));
                return;
            }
        };
        let (fields, without_row) = match self.fields(path) {
            Ok(fields) => fields,
            Err(e) => {
                self.queue.push_back(Err(Issue::Fatal(e)));
                return;
            }
        };
        let id = match fields.get("id").filter(|id| !id.is_empty()) {
            Some(id) => id.to_string(),
            None if self.qualify_ids => slash_path(path),
            None => slash_path(self.relative(path)),
        };
        self.queue.push_back(Ok(Statement {
            id,
            fields,
            text,
            path: path.display().to_string().into(),
            line: None,
        }));
        // Counted all the same, and reported so that nothing degrades silently.
        self.queue.extend(
            degraded
                .into_iter()
                .chain(without_row)
                .map(|p| Err(Issue::Problem(p))),
        );
    }

    /// The path below the input folder (the file name when the input is the file itself).
    fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        match path.strip_prefix(&self.root) {
            Ok(relative) if !relative.as_os_str().is_empty() => relative,
            _ => path.file_name().map_or(path, Path::new),
        }
    }

    /// The file's fields, and the problem of a file its `metadata.csv` has no row for.
    fn fields(&mut self, path: &Path) -> Result<(Fields, Option<Problem>), Error> {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = path.parent().unwrap_or(Path::new(""));
        let found = self.metadata_for(folder)?;
        let Some(metadata) = found.and_then(|i| self.loaded.get_mut(i)) else {
            if !self.checked_plain {
                self.checked_plain = true;
                check_columns(&self.root, &self.plain_names, &self.options)?;
            }
            let file = slash_path(self.relative(path));
            let fields = Fields::new(self.plain_names.clone(), vec![file, stem]);
            return Ok((fields, None));
        };
        let relative = slash_path(path.strip_prefix(&metadata.folder).unwrap_or(path));
        let name = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let names = [relative, name, stem.clone()];
        let (mut values, problem) = match metadata.row_of(&names) {
            Some(i) => {
                let row = &mut metadata.rows[i];
                row.used = true;
                (row.values.clone(), None)
            }
            None => {
                let problem = Problem::new(
                    path.display().to_string(),
                    None,
                    ProblemKind::Metadata,
                    format!(
                        "no row of {} names this file (by its path, name or stem); counted with speaker `{stem}`, its stem",
                        metadata.path.display()
                    ),
                );
                metadata.without_row.push(names);
                (Vec::new(), Some(problem))
            }
        };
        values.resize(metadata.names.len(), String::new());
        if values[metadata.speaker].is_empty() {
            values[metadata.speaker] = stem;
        }
        Ok((Fields::new(metadata.names.clone(), values), problem))
    }

    /// Notes the rows of every `metadata.csv` read whole that named no file read: only when
    /// the input is a folder that holds it, since a single file leaves the others unread.
    fn note_unused_rows(&self) {
        if !self.root.is_dir() {
            return;
        }
        for metadata in &self.loaded {
            if !metadata.folder.starts_with(&self.root) {
                continue;
            }
            if let Some(note) = metadata.unused_rows() {
                self.notes.remark(note);
            }
        }
    }
}

impl Iterator for TextTree {
    type Item = Result<Statement, Issue>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if self.finished {
                return None;
            }
            let path = match self.walk.next() {
                Some(Ok(path)) => path,
                Some(Err(problem)) => return Some(Err(Issue::Problem(problem))),
                None => {
                    self.finished = true;
                    self.note_unused_rows();
                    continue;
                }
            };
            match self.seen.earlier(&path) {
                Some(first) => self.notes.remark(seen::read_once(&path, &first)),
                None => self.read(&path),
            }
        }
    }
}

fn check_columns(at: &Path, names: &Names, options: &ReadOptions) -> Result<(), Error> {
    let found: Vec<&str> = names.iter().map(|n| &**n).collect();
    require_columns(at, options, &found)
}

/// Reads a `metadata.csv`, decoded as statements are (a byte order mark, valid UTF-8, else the
/// encoding detected), with the problems met on the way (bytes replaced, quotes never closed).
/// What makes it unusable (no `file` column, a column named twice, a row that cannot be read,
/// two rows for one file) is an error.
fn load_metadata(
    path: &Path,
    folder: &Path,
    options: &ReadOptions,
) -> Result<(Metadata, Vec<Problem>), Error> {
    let bad = |line: Option<u64>, message: String| {
        Error::Input(Problem::new(
            path.display().to_string(),
            line,
            ProblemKind::Other,
            message,
        ))
    };
    let (input, mut parts) = decode::open_stream(path, &options.decoding).map_err(|problem| {
        // Metadata the request depends on is not skipped: the run stops.
        let reason = problem.message.trim_end_matches(", skipped");
        bad(None, format!("cannot be read as metadata: {reason}"))
    })?;
    let found = Shared::default();
    let rows = Rows::new(BufReader::new(input), b',', true, found.clone());
    let mut reader = csv::ReaderBuilder::new().from_reader(rows);
    let header = reader
        .byte_headers()
        .map_err(|e| bad(Some(1), e.to_string()))?;
    let header_line = next_start(&found).unwrap_or(1);
    let (header, header_found) = parts.fields(header.as_slice(), header);
    let mut names = header_names(header);
    let columns: Vec<&str> = names.iter().map(|n| &**n).collect();
    if let Some(problem) = super::table::duplicate_columns(path, header_line, &columns) {
        return Err(Error::Input(problem));
    }
    let Some(file_column) = names.iter().position(|n| &**n == "file") else {
        let found: Vec<&str> = names.iter().map(|n| &**n).collect();
        return Err(missing_columns(path, &["file"], &found));
    };
    let speaker = match names.iter().position(|n| &**n == "speaker") {
        Some(i) => i,
        None => {
            names.push("speaker".into());
            names.len() - 1
        }
    };
    let names: Names = names.into();
    check_columns(path, &names, options)?;
    let mut problems =
        header_found.problems(&path.display().to_string(), Some(header_line), Unit::Row);
    let mut keys = HashMap::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let read = reader.read_byte_record(&mut record);
        problems.extend(take_unclosed(&found).into_iter().map(|unclosed| {
            Problem::new(
                path.display().to_string(),
                Some(unclosed.opened),
                ProblemKind::BadRow,
                unclosed.message(),
            )
        }));
        let line = match &read {
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => None,
            _ => next_start(&found).or_else(|| record.position().map(|p| p.line())),
        };
        match read {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(bad(line, format!("unreadable metadata row: {e}"))),
        }
        let (values, found) = parts.fields(record.as_slice(), &record);
        let values: Vec<String> = values.iter().map(|v| v.trim().to_string()).collect();
        problems.extend(found.problems(&path.display().to_string(), line, Unit::Row));
        let key = values.get(file_column).cloned().unwrap_or_default();
        let line = line.unwrap_or_default();
        if let Some(&first) = keys.get(&key) {
            let first: &Row = &rows[first];
            return Err(bad(
                Some(line),
                format!(
                    "file `{key}` has two rows, lines {} and {line}: which one describes it is unclear",
                    first.line
                ),
            ));
        }
        keys.insert(key.clone(), rows.len());
        rows.push(Row {
            line,
            key,
            values,
            used: false,
        });
    }
    let metadata = Metadata {
        path: path.to_path_buf(),
        folder: folder.to_path_buf(),
        names,
        speaker,
        keys,
        rows,
        without_row: Vec::new(),
    };
    Ok((metadata, problems))
}

/// A path with `/` separators, as ids and reports show it on every platform.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

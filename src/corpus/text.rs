//! Folders of plain-text statements: every `.txt` file below a folder is one statement.
//!
//! Metadata comes from the nearest `metadata.csv` in the file's folder or above it (within the
//! input folder), keyed by a `file` column that holds the file's name, its stem, or its path
//! relative to that `metadata.csv`. Without a row, `speaker` is the file's stem.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::decode::{self, FileText};
use super::layout::{FolderWalk, Notes};
use super::seen::{self, SeenFiles};
use super::{
    header_names, missing_columns, require_columns, Fields, Issue, Names, ReadOptions, Statement,
};
use crate::error::{Error, Problem, ProblemKind};

const METADATA_FILE: &str = "metadata.csv";

/// One `metadata.csv`.
struct Metadata {
    /// The folder it describes.
    folder: PathBuf,
    /// Column names, with `speaker` added when the file has none.
    names: Names,
    /// Index of the `speaker` column in `names`.
    speaker: usize,
    /// Rows by the value of their `file` column.
    rows: HashMap<String, Vec<String>>,
}

pub(super) struct TextTree {
    root: PathBuf,
    walk: FolderWalk,
    options: Arc<ReadOptions>,
    qualify_ids: bool,
    /// The metadata governing each folder seen so far.
    metadata: HashMap<PathBuf, Option<Arc<Metadata>>>,
    plain_names: Names,
    checked_plain: bool,
    queue: VecDeque<Result<Statement, Issue>>,
    notes: Arc<Notes>,
    seen: Arc<SeenFiles>,
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
            metadata: HashMap::new(),
            plain_names: Arc::from(vec!["file".into(), "speaker".into()]),
            checked_plain: false,
            queue: VecDeque::new(),
            notes,
            seen,
        }
    }

    /// The metadata for files in `folder`, loading `metadata.csv` files on first use.
    fn metadata_for(&mut self, folder: &Path) -> Result<Option<Arc<Metadata>>, Error> {
        if let Some(found) = self.metadata.get(folder) {
            return Ok(found.clone());
        }
        let here = folder.join(METADATA_FILE);
        let found = if here.is_file() {
            Some(Arc::new(load_metadata(&here, folder, &self.options)?))
        } else if folder != self.root && folder.starts_with(&self.root) {
            match folder.parent() {
                Some(parent) => self.metadata_for(parent)?,
                None => None,
            }
        } else {
            None
        };
        self.metadata.insert(folder.to_path_buf(), found.clone());
        Ok(found)
    }

    fn read(&mut self, path: &Path) {
        let (text, degraded) = match decode::read_file(path, &self.options.decoding) {
            Ok(FileText {
                text: Some(text),
                problem,
            }) => (text, problem),
            Ok(FileText {
                text: None,
                problem,
            }) => {
                self.queue.extend(problem.map(|p| Err(Issue::Problem(p))));
                return;
            }
            Err(problem) => {
                self.queue.push_back(Err(Issue::Problem(problem)));
                return;
            }
        };
        let fields = match self.fields(path) {
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
        self.queue.extend(degraded.map(|p| Err(Issue::Problem(p))));
    }

    /// The path below the input folder (the file name when the input is the file itself).
    fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        match path.strip_prefix(&self.root) {
            Ok(relative) if !relative.as_os_str().is_empty() => relative,
            _ => path.file_name().map_or(path, Path::new),
        }
    }

    fn fields(&mut self, path: &Path) -> Result<Fields, Error> {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = path.parent().unwrap_or(Path::new(""));
        let Some(metadata) = self.metadata_for(folder)? else {
            if !self.checked_plain {
                self.checked_plain = true;
                check_columns(&self.root, &self.plain_names, &self.options)?;
            }
            let file = slash_path(self.relative(path));
            return Ok(Fields::new(self.plain_names.clone(), vec![file, stem]));
        };
        let relative = slash_path(path.strip_prefix(&metadata.folder).unwrap_or(path));
        let name = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut values = [&relative, &name, &stem]
            .iter()
            .find_map(|key| metadata.rows.get(*key))
            .cloned()
            .unwrap_or_else(|| vec![String::new(); metadata.names.len()]);
        values.resize(metadata.names.len(), String::new());
        if values[metadata.speaker].is_empty() {
            values[metadata.speaker] = stem;
        }
        Ok(Fields::new(metadata.names.clone(), values))
    }
}

impl Iterator for TextTree {
    type Item = Result<Statement, Issue>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            let path = match self.walk.next()? {
                Ok(path) => path,
                Err(problem) => return Some(Err(Issue::Problem(problem))),
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

fn load_metadata(path: &Path, folder: &Path, options: &ReadOptions) -> Result<Metadata, Error> {
    let bad = |line: Option<u64>, message: String| {
        Error::Input(Problem::new(
            path.display().to_string(),
            line,
            ProblemKind::Other,
            message,
        ))
    };
    let mut reader = csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(|e| bad(None, e.to_string()))?;
    let mut names = header_names(
        reader
            .byte_headers()
            .map_err(|e| bad(Some(1), e.to_string()))?,
    );
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
    let mut rows = HashMap::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line());
                return Err(bad(line, format!("unreadable metadata row: {e}")));
            }
        }
        let values: Vec<String> = record
            .iter()
            .map(|v| String::from_utf8_lossy(v).trim().to_string())
            .collect();
        let key = values.get(file_column).cloned().unwrap_or_default();
        let line = record.position().map(|p| p.line());
        if rows.insert(key.clone(), values).is_some() {
            return Err(bad(line, format!("file `{key}` appears twice")));
        }
    }
    Ok(Metadata {
        folder: folder.to_path_buf(),
        names,
        speaker,
        rows,
    })
}

/// A path with `/` separators, as ids and reports show it on every platform.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

//! Corpus layouts: how a folder or `.txt` file is organised, found by its shape (file names,
//! tables beside the files, speaker headers inside them) unless the user names it, and the one
//! folder walk that every file-per-statement layout shares.
//!
//! Detection only looks (at most a few hundred file names and a few file openings); it never
//! reads a corpus twice and never decides anything about a single statement.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use walkdir::WalkDir;

use super::seen::{self, SeenFiles};
use super::{record, speaker, ungdc, unsc, Issue, Statement};
use crate::error::{Problem, ProblemKind};

/// How an input folder or `.txt` file is organised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layout {
    /// One statement per `.txt` file, metadata from `metadata.csv`.
    Text,
    /// The UN Security Council Debates corpus: `UNSC_YYYY_SPV.NNNN_spchNNN.txt` speech files,
    /// with `speaker.tsv` and `meta.tsv` when present.
    Unsc,
    /// The UN General Debate corpus: `Session NN - YYYY/ISO3_NN_YYYY.txt`.
    Ungdc,
    /// Whole verbatim meeting records, split into speaker turns.
    Record,
}

impl Layout {
    /// Every layout's name, as [`Layout::name`] gives it.
    pub const NAMES: [&'static str; 4] = ["text", "unsc", "ungdc", "record"];

    /// The name `--layout` takes for this layout.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Text => "text",
            Layout::Unsc => "unsc",
            Layout::Ungdc => "ungdc",
            Layout::Record => "record",
        }
    }

    /// The layout called `name` (in any case; `txt`, `gd` and `records` also do), if there is one.
    pub fn from_name(name: &str) -> Option<Layout> {
        match name.to_ascii_lowercase().as_str() {
            "text" | "txt" => Some(Layout::Text),
            "unsc" => Some(Layout::Unsc),
            "ungdc" | "gd" => Some(Layout::Ungdc),
            "record" | "records" => Some(Layout::Record),
            _ => None,
        }
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The layout chosen for one input, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The input the layout is for.
    pub input: PathBuf,
    /// The layout chosen.
    pub layout: Layout,
    /// Why: `--layout`, or what detection saw.
    pub reason: String,
}

/// File names looked at to detect a folder's layout.
const SAMPLE_NAMES: usize = 400;
/// Files opened to see whether they are whole meeting records.
const SAMPLE_OPENED: usize = 12;
/// Bytes read from each of them.
const SAMPLE_BYTES: u64 = 64 * 1024;

/// Detects the layout of a folder or `.txt` file.
pub(crate) fn detect(path: &Path) -> Choice {
    let choice = |layout, reason: String| Choice {
        input: path.to_path_buf(),
        layout,
        reason,
    };
    if path.is_file() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if unsc::SpeechName::parse(&name).is_some() {
            return choice(Layout::Unsc, "a Security Council speech file name".into());
        }
        if ungdc::SpeechName::parse(&name).is_some() {
            return choice(Layout::Ungdc, "a General Debate file name".into());
        }
        if looks_like_record(path) {
            return choice(
                Layout::Record,
                "speaker headers on several lines, and a meeting symbol or opening line".into(),
            );
        }
        return choice(Layout::Text, "one statement".into());
    }
    if path.join("metadata.csv").is_file() {
        return choice(Layout::Text, "metadata.csv".into());
    }
    let tables: Vec<&str> = unsc::TABLES
        .into_iter()
        .filter(|t| path.join(t).is_file())
        .collect();
    let (mut files, mut unsc_names, mut ungdc_names) = (0, 0, 0);
    let mut opened = Vec::new();
    for path in walk(path).filter_map(Result::ok).take(SAMPLE_NAMES) {
        if !is_statement_file(&path) {
            continue;
        }
        files += 1;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if unsc::SpeechName::parse(&name).is_some() {
            unsc_names += 1;
        } else if ungdc::SpeechName::parse(&name).is_some() {
            ungdc_names += 1;
        } else if opened.len() < SAMPLE_OPENED {
            opened.push(path);
        }
    }
    if files > 0 && unsc_names * 2 >= files {
        let tables = if tables.is_empty() {
            "no speaker.tsv or meta.tsv".to_string()
        } else {
            tables.join(" and ")
        };
        return choice(
            Layout::Unsc,
            format!("{unsc_names} of {files} sampled .txt files named UNSC_YYYY_SPV.NNNN_spchNNN.txt; {tables}"),
        );
    }
    if files > 0 && ungdc_names * 2 >= files {
        return choice(
            Layout::Ungdc,
            format!("{ungdc_names} of {files} sampled .txt files named ISO3_NN_YYYY.txt"),
        );
    }
    let records = opened.iter().filter(|p| looks_like_record(p)).count();
    if !opened.is_empty() && records * 2 > opened.len() {
        return choice(
            Layout::Record,
            format!(
                "{records} of {} sampled .txt files hold several speaker headers",
                opened.len()
            ),
        );
    }
    choice(Layout::Text, "one statement per .txt file".into())
}

/// Whether the start of the file holds several speaker headers at line starts and the marks of
/// a meeting record (its symbol or its opening line), as a whole meeting record does.
fn looks_like_record(path: &Path) -> bool {
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(SAMPLE_BYTES).read_to_end(&mut bytes));
    if read.is_err() {
        return false;
    }
    let text = super::decode::decode(&bytes, None).text;
    let headers = text
        .lines()
        .filter(|line| speaker::parse(line, speaker::Position::LineStart).is_some())
        .take(3)
        .count();
    headers >= 2 && record::has_meeting_marks(&text)
}

/// Things worth telling the user that are not problems with the input.
#[derive(Debug, Default)]
pub struct Notes {
    /// Delegation names not in the table, kept as written.
    unknown_delegations: Mutex<BTreeSet<String>>,
    /// Other remarks, each once, with the number of files it concerns.
    remarks: Mutex<BTreeMap<String, usize>>,
}

impl Notes {
    pub(crate) fn unknown_delegation(&self, name: &str) {
        if let Ok(mut names) = self.unknown_delegations.lock() {
            if !names.contains(name) {
                names.insert(name.to_string());
            }
        }
    }

    /// Notes `remark` about one more file.
    pub(crate) fn remark(&self, remark: String) {
        if let Ok(mut remarks) = self.remarks.lock() {
            *remarks.entry(remark).or_default() += 1;
        }
    }

    /// Delegation names that were not in the table, sorted.
    pub fn unknown_delegations(&self) -> Vec<String> {
        self.unknown_delegations
            .lock()
            .map(|names| names.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The notes so far, moved out of `self`.
    pub(crate) fn take(&self) -> Notes {
        Notes {
            unknown_delegations: Mutex::new(take(&self.unknown_delegations)),
            remarks: Mutex::new(take(&self.remarks)),
        }
    }

    /// Remarks, sorted, each with the number of files it concerns when more than one.
    pub fn remarks(&self) -> Vec<String> {
        self.remarks
            .lock()
            .map(|remarks| {
                remarks
                    .iter()
                    .map(|(remark, &files)| match files {
                        1 => remark.clone(),
                        n => format!("{remark} ({n} files)"),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The contents of `notes`, moved out.
fn take<T: Default>(notes: &Mutex<T>) -> T {
    notes
        .lock()
        .map(|mut notes| std::mem::take(&mut *notes))
        .unwrap_or_default()
}

/// The `.txt` files below `root` (or `root` itself), sorted by name; macOS `._*` companions and
/// hidden files are left out. Walk errors (unreadable folders, symlink loops) come as problems.
pub(crate) fn walk(root: &Path) -> impl Iterator<Item = Result<PathBuf, Problem>> + use<> {
    let root = root.to_path_buf();
    WalkDir::new(&root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(move |entry| match entry {
            Ok(entry) => entry.file_type().is_file().then(|| Ok(entry.into_path())),
            Err(e) => Some(Err(Problem::new(
                e.path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string()),
                None,
                ProblemKind::Unreadable,
                format!("skipped: {e}"),
            ))),
        })
}

/// Documentation that a corpus folder may hold beside its statements, by file name.
const DOCUMENTATION: [&str; 6] = [
    "readme",
    "license",
    "licence",
    "changelog",
    "copying",
    "notice",
];

/// Names listed in a note before the rest are counted.
const NAMES_LISTED: usize = 5;

/// What a folder walk met.
enum Met {
    /// A statement file, to read.
    Statement,
    /// A file the layout reads for itself (`metadata.csv`, `speaker.tsv`).
    Companion,
    /// A name starting with `.` (a hidden file or folder, or a macOS `._*` file).
    Hidden,
    /// Documentation beside the statements (`README.md`, `LICENSE`).
    Documentation,
    /// Anything else, with the reason it is not read.
    NotRead(String),
}

/// What the walk does with the file at `path` whose type is `file_type` (after symlinks); `top`
/// when the file is the input itself.
fn classify(path: &Path, file_type: std::fs::FileType, top: bool, companions: &[&str]) -> Met {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') && !top {
        return Met::Hidden;
    }
    if companions.contains(&&*name) {
        return Met::Companion;
    }
    if !file_type.is_file() {
        return Met::NotRead(format!(
            "not a regular file ({}); skipped",
            special_file(file_type)
        ));
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "txt" => Met::Statement,
        "md" | "markdown" => Met::Documentation,
        _ if DOCUMENTATION.contains(&stem.as_str()) => Met::Documentation,
        "pdf" => Met::NotRead(
            "a PDF: convert it to text first (`pdftotext -layout FILE.pdf`); skipped".into(),
        ),
        "doc" | "docx" | "odt" | "rtf" | "pages" => Met::NotRead(
            "a word-processor document: save it as plain text (.txt) to read it; skipped".into(),
        ),
        "csv" | "tsv" | "tab" | "jsonl" | "ndjson" => Met::NotRead(
            "a table in a folder is not read (a folder's statements are its .txt files); give it as an input of its own; skipped".into(),
        ),
        "" => Met::NotRead("not a .txt file (no extension); skipped".into()),
        other => Met::NotRead(format!("not a .txt file (.{other}); skipped")),
    }
}

/// What kind of file that is not a regular file `file_type` is.
fn special_file(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    let _ = file_type;
    "not a file"
}

/// The statement files below a folder (or the `.txt` input itself), sorted by name; every
/// other file is accounted for: a problem for a file that is not read (a PDF, a table, a named
/// pipe called `.txt`), a note, when the walk ends, for hidden files and folders, macOS `._*`
/// companions and documentation. Walk errors (unreadable folders, symlink loops) come as
/// problems.
pub(crate) struct FolderWalk {
    root: PathBuf,
    entries: walkdir::IntoIter,
    /// Names of files the layout reads for itself.
    companions: &'static [&'static str],
    notes: Arc<Notes>,
    hidden: usize,
    resource_forks: usize,
    documentation: Vec<String>,
    noted: bool,
}

impl FolderWalk {
    pub(crate) fn new(
        root: &Path,
        companions: &'static [&'static str],
        notes: Arc<Notes>,
    ) -> FolderWalk {
        let entries = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        FolderWalk {
            root: root.to_path_buf(),
            entries,
            companions,
            notes,
            hidden: 0,
            resource_forks: 0,
            documentation: Vec::new(),
            noted: false,
        }
    }

    /// Notes what was left out without a problem, once the walk is over.
    fn note(&mut self) {
        if std::mem::replace(&mut self.noted, true) {
            return;
        }
        let root = self.root.display();
        if self.resource_forks > 0 {
            self.notes.remark(format!(
                "{root}: skipped {} macOS `._*` companion file(s), which hold no text",
                self.resource_forks
            ));
        }
        if self.hidden > 0 {
            self.notes.remark(format!(
                "{root}: skipped {} hidden file(s) or folder(s) (names starting with `.`)",
                self.hidden
            ));
        }
        if !self.documentation.is_empty() {
            let mut names = self.documentation.clone();
            let more = names.len().saturating_sub(NAMES_LISTED);
            names.truncate(NAMES_LISTED);
            let mut listed = names.join(", ");
            if more > 0 {
                listed.push_str(&format!(" and {more} more"));
            }
            self.notes
                .remark(format!("{root}: not read, as documentation: {listed}"));
        }
    }
}

impl Iterator for FolderWalk {
    type Item = Result<PathBuf, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let entry = match self.entries.next() {
                Some(Ok(entry)) => entry,
                Some(Err(e)) => {
                    let path = e.path().map_or_else(
                        || self.root.display().to_string(),
                        |p| p.display().to_string(),
                    );
                    return Some(Err(Problem::new(
                        path,
                        None,
                        ProblemKind::Unreadable,
                        format!("skipped: {e}"),
                    )));
                }
                None => {
                    self.note();
                    return None;
                }
            };
            if entry.file_type().is_dir() {
                if entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.') {
                    // A hidden folder (`.git`) is not entered.
                    self.hidden += 1;
                    self.entries.skip_current_dir();
                }
                continue;
            }
            let (file_type, top) = (entry.file_type(), entry.depth() == 0);
            let path = entry.into_path();
            match classify(&path, file_type, top, self.companions) {
                Met::Statement => return Some(Ok(path)),
                Met::Companion => {}
                Met::Hidden => {
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                    if name.is_some_and(|n| n.starts_with("._")) {
                        self.resource_forks += 1;
                    } else {
                        self.hidden += 1;
                    }
                }
                Met::Documentation => self
                    .documentation
                    .push(slash_path(path.strip_prefix(&self.root).unwrap_or(&path))),
                Met::NotRead(reason) => {
                    return Some(Err(Problem::new(
                        path.display().to_string(),
                        None,
                        ProblemKind::NotRead,
                        reason,
                    )))
                }
            }
        }
    }
}

/// Whether `path` is a statement file: a `.txt` file that is not hidden.
pub(crate) fn is_statement_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        && !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// A `.txt` file of a layout, as its reader sees it.
pub(crate) struct InputFile<'a> {
    pub path: &'a Path,
    /// Its path below the input folder, with `/` separators (the file name for a file input).
    pub relative: String,
    /// The statement id for the whole file.
    pub id: String,
}

/// Reads the statements of one file of a layout.
pub(crate) trait FileReader: Send {
    fn read(
        &mut self,
        file: &InputFile<'_>,
        text: String,
        out: &mut VecDeque<Result<Statement, Issue>>,
    );

    /// Names of the files beside the statements that the layout reads for itself.
    fn companions(&self) -> &'static [&'static str] {
        &[]
    }
}

/// A folder (or file) of one layout, read file by file.
pub(crate) struct LayoutTree<R> {
    root: PathBuf,
    walk: FolderWalk,
    reader: R,
    qualify_ids: bool,
    notes: Arc<Notes>,
    seen: Arc<SeenFiles>,
    decoding: super::decode::Decoding,
    queue: VecDeque<Result<Statement, Issue>>,
}

impl<R: FileReader + ?Sized> FileReader for Box<R> {
    fn read(
        &mut self,
        file: &InputFile<'_>,
        text: String,
        out: &mut VecDeque<Result<Statement, Issue>>,
    ) {
        (**self).read(file, text, out);
    }

    fn companions(&self) -> &'static [&'static str] {
        (**self).companions()
    }
}

impl<R: FileReader> LayoutTree<R> {
    pub(crate) fn new(
        root: &Path,
        reader: R,
        qualify_ids: bool,
        (notes, seen): (Arc<Notes>, Arc<SeenFiles>),
        decoding: super::decode::Decoding,
    ) -> LayoutTree<R> {
        LayoutTree {
            root: root.to_path_buf(),
            walk: FolderWalk::new(root, reader.companions(), notes.clone()),
            reader,
            qualify_ids,
            notes,
            seen,
            decoding,
            queue: VecDeque::new(),
        }
    }

    fn read(&mut self, path: &Path) {
        if let Some(first) = self.seen.earlier(path) {
            self.notes.remark(seen::read_once(path, &first));
            return;
        }
        let text = match super::decode::read_file(path, &self.decoding) {
            Ok(decoded) => {
                self.queue
                    .extend(decoded.problems.into_iter().map(|p| Err(Issue::Problem(p))));
                match decoded.text {
                    Some(text) => text,
                    None => return,
                }
            }
            Err(problem) => {
                self.queue.push_back(Err(Issue::Problem(problem)));
                return;
            }
        };
        let relative = match path.strip_prefix(&self.root) {
            Ok(relative) if !relative.as_os_str().is_empty() => slash_path(relative),
            _ => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        let id = if self.qualify_ids {
            slash_path(path)
        } else {
            relative.clone()
        };
        let file = InputFile { path, relative, id };
        let mut out = VecDeque::new();
        self.reader.read(&file, text, &mut out);
        // Problems found while reading a file are reported after its statements.
        self.queue.extend(out);
    }
}

impl<R: FileReader> Iterator for LayoutTree<R> {
    type Item = Result<Statement, Issue>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            match self.walk.next()? {
                Ok(path) => self.read(&path),
                Err(problem) => return Some(Err(Issue::Problem(problem))),
            }
        }
    }
}

/// A path with `/` separators, as ids and reports show it on every platform.
pub(crate) fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

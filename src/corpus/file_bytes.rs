//! Statement files read one by one, from bytes already in memory or from a path: for engines
//! that list the files of a corpus folder themselves (Spark's `binaryFile` source) and hand over
//! each file's bytes (fetched from an object store) or its path (on a file system every worker
//! sees).
//!
//! Decoding (the size, empty and binary checks, the encoding decision, the damage reported) and
//! the layout's reader are those of a folder walk, so a file gives the statements and problems
//! `ctlex analyze` gets from it in its folder. Which files belong to the corpus is the caller's
//! walk: this module reads only the files it is given.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::decode::{decode_file, read_file, Decoding, FileText};
use super::layout::{slash_path, FileReader, FolderWalk, InputFile, Layout, Notes};
use super::{record, ungdc, Issue, ReadOptions, Statement};
use crate::error::{Error, Problem};

/// The layouts whose files carry everything their statements need (no `metadata.csv` or
/// `speaker.tsv` beside them), and so can be read one file at a time from bytes.
pub const LAYOUTS: [Layout; 2] = [Layout::Ungdc, Layout::Record];

/// A reader of one layout's files, from their bytes.
pub struct FileBytes {
    reader: Box<dyn FileReader>,
    decoding: Decoding,
    notes: Arc<Notes>,
}

impl FileBytes {
    /// Reads files of `layout` as the folder `root` (named in messages only) would be read with
    /// `options`: their decoding, and the columns the request needs, which fail here as they
    /// fail for the folder. A layout outside [`LAYOUTS`] is a usage error naming those that are.
    pub fn new(layout: Layout, root: &Path, options: &ReadOptions) -> Result<FileBytes, Error> {
        let notes = Arc::new(Notes::default());
        let reader: Box<dyn FileReader> = match layout {
            Layout::Ungdc => Box::new(ungdc::Speeches::open(root, options, notes.clone())?),
            Layout::Record => Box::new(record::Records::open(root, options, notes.clone())?),
            Layout::Text | Layout::Unsc => {
                let names: Vec<&str> = LAYOUTS.iter().map(|l| l.name()).collect();
                return Err(Error::Usage(format!(
                    "layout {layout} reads tables beside its files, so its files cannot be read \
                     one by one; read from bytes: {}",
                    names.join(", ")
                )));
            }
        };
        Ok(FileBytes {
            reader,
            decoding: options.decoding.clone(),
            notes,
        })
    }

    /// The statements of the file at `path` (its full path, as messages name it) whose path
    /// below the input folder is `relative` (with `/` separators: the `file` field and the id),
    /// and the problems met, in the order a folder walk yields them. A file that yields no text
    /// (empty, binary, undecodable, too large) gives its problem and no statement.
    pub fn read(
        &mut self,
        path: &str,
        relative: &str,
        bytes: Vec<u8>,
    ) -> Vec<Result<Statement, Problem>> {
        let decoded = decode_file(Path::new(path), bytes, &self.decoding);
        self.statements(path, relative, decoded)
    }

    /// [`FileBytes::read`] for the file at `path` on this machine's file system, read as the
    /// folder walk reads it (an unreadable file is a problem).
    pub fn read_path(&mut self, path: &str, relative: &str) -> Vec<Result<Statement, Problem>> {
        let decoded = read_file(Path::new(path), &self.decoding);
        self.statements(path, relative, decoded)
    }

    fn statements(
        &mut self,
        path: &str,
        relative: &str,
        decoded: Result<FileText, Problem>,
    ) -> Vec<Result<Statement, Problem>> {
        let mut out = VecDeque::new();
        match decoded {
            Ok(decoded) => {
                let degraded = decoded.problems.into_iter().map(|p| Err(Issue::Problem(p)));
                out.extend(degraded);
                if let Some(text) = decoded.text {
                    let file = InputFile {
                        path: Path::new(path),
                        relative: relative.to_string(),
                        id: relative.to_string(),
                    };
                    self.reader.read(&file, text, &mut out);
                }
            }
            Err(problem) => out.push_back(Err(Issue::Problem(problem))),
        }
        out.into_iter()
            .filter_map(|item| match item {
                Ok(statement) => Some(Ok(statement)),
                Err(Issue::Problem(problem)) => Some(Err(problem)),
                // File readers report problems only; nothing they meet stops a run.
                Err(Issue::Fatal(_)) => None,
            })
            .collect()
    }

    /// What reading noted besides problems (delegations not in the table, files not named as
    /// the layout names them).
    pub fn notes(&self) -> &Notes {
        &self.notes
    }
}

/// The statement files below the folder `root` (or `root` itself), in the order of a layout's
/// walk, each with its path below `root` (with `/` separators; the file name for a file): the
/// files [`FileBytes`] reads one by one. The other files are problems (a PDF, a table, a named
/// pipe) or notes (hidden files, documentation), as for `ctlex analyze`; so are walk errors.
pub fn statement_files(root: &Path) -> (Vec<(PathBuf, String)>, Vec<Problem>, Vec<String>) {
    let notes = Arc::new(Notes::default());
    let (mut files, mut problems) = (Vec::new(), Vec::new());
    for found in FolderWalk::new(root, &[], notes.clone()) {
        match found {
            Ok(path) => {
                let relative = match path.strip_prefix(root) {
                    Ok(relative) if !relative.as_os_str().is_empty() => slash_path(relative),
                    _ => path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                };
                files.push((path, relative));
            }
            Err(problem) => problems.push(problem),
        }
    }
    (files, problems, notes.remarks())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::error::ProblemKind;

    /// Every statement and problem of `folder` read by [`Corpus`] with `layout`.
    fn from_folder(folder: &Path, layout: Layout) -> (Vec<Statement>, Vec<Problem>) {
        let options = ReadOptions {
            layout: Some(layout),
            ..ReadOptions::default()
        };
        let (mut statements, mut problems) = (Vec::new(), Vec::new());
        for item in Corpus::open(&[folder.to_path_buf()], options).unwrap() {
            match item {
                Ok(statement) => statements.push(statement),
                Err(Issue::Problem(problem)) => problems.push(problem),
                Err(Issue::Fatal(e)) => panic!("{e}"),
            }
        }
        (statements, problems)
    }

    #[test]
    fn files_read_from_bytes_give_the_statements_of_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("Session 70 - 2015");
        std::fs::create_dir(&session).unwrap();
        let files: [(&str, &[u8]); 3] = [
            ("FRA_70_2015.txt", b"Terrorism must be fought.\n"),
            (
                "RUS_70_2015.txt",
                "\u{feff}Terrorists cross borders.".as_bytes(),
            ),
            // Windows-1252: the folder reader decodes it, and so must the bytes reader.
            (
                "GBR_70_2015.txt",
                b"Caf\xe9 terrorism \x96 and financing.\n",
            ),
        ];
        for (name, bytes) in files {
            std::fs::write(session.join(name), bytes).unwrap();
        }
        let (expected, expected_problems) = from_folder(dir.path(), Layout::Ungdc);

        let mut reader =
            FileBytes::new(Layout::Ungdc, dir.path(), &ReadOptions::default()).unwrap();
        let (mut statements, mut problems) = (Vec::new(), Vec::new());
        let mut names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
        names.sort();
        for name in names {
            let path = session.join(name);
            let relative = format!("Session 70 - 2015/{name}");
            let bytes = std::fs::read(&path).unwrap();
            for item in reader.read(&path.display().to_string(), &relative, bytes) {
                match item {
                    Ok(statement) => statements.push(statement),
                    Err(problem) => problems.push(problem),
                }
            }
        }
        assert_eq!(statements, expected);
        assert_eq!(problems, expected_problems);
        let path = session.join("GBR_70_2015.txt").display().to_string();
        let read = reader.read_path(&path, "Session 70 - 2015/GBR_70_2015.txt");
        assert_eq!(read, vec![Ok(statements[1].clone())]);
        assert_eq!(
            statements[1].fields.get("delegation"),
            Some("United Kingdom")
        );
    }

    #[test]
    fn the_statement_files_of_a_folder_are_listed_with_what_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("Session 70 - 2015");
        std::fs::create_dir(&session).unwrap();
        for name in [
            "FRA_70_2015.txt",
            "AFG_70_2015.txt",
            "notes.pdf",
            "README.md",
            ".hidden.txt",
        ] {
            std::fs::write(session.join(name), "text").unwrap();
        }
        let (files, problems, notes) = statement_files(dir.path());
        let relative: Vec<&str> = files.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(
            relative,
            [
                "Session 70 - 2015/AFG_70_2015.txt",
                "Session 70 - 2015/FRA_70_2015.txt"
            ]
        );
        assert_eq!(files[0].0, session.join("AFG_70_2015.txt"));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].path.ends_with("notes.pdf"), "{problems:?}");
        assert_eq!(notes.len(), 2, "{notes:?}");
    }

    #[test]
    fn an_empty_or_binary_file_from_bytes_is_a_problem_naming_it() {
        let mut reader =
            FileBytes::new(Layout::Ungdc, Path::new("gd"), &ReadOptions::default()).unwrap();
        for (bytes, kind) in [
            (Vec::new(), ProblemKind::Empty),
            (b"ab\0\0\0cd".to_vec(), ProblemKind::Binary),
        ] {
            let read = reader.read("gd/AFG_70_2015.txt", "AFG_70_2015.txt", bytes);
            let [Err(problem)] = read.as_slice() else {
                panic!("{read:?}")
            };
            assert_eq!(
                (problem.kind, problem.path.as_str()),
                (kind, "gd/AFG_70_2015.txt")
            );
        }
    }

    #[test]
    fn layouts_with_tables_beside_their_files_are_refused_from_bytes() {
        let refused = FileBytes::new(Layout::Text, Path::new("c"), &ReadOptions::default());
        let message = refused.err().unwrap().to_string();
        assert!(message.contains("ungdc, record"), "{message}");
    }
}

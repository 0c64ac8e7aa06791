//! Counting Arrow columns, for Spark's `mapInArrow` step: texts (or whole files) come in as the
//! buffers of an Arrow string or binary array, with no Python object per row, and the counts go
//! back as one buffer of 64-bit integers, column after column, which pyarrow wraps as Arrow
//! arrays without copying.
//!
//! Files are decoded and read by [`ctlex::corpus::file_bytes`], the folder readers of
//! `ctlex analyze`; texts and files are counted by [`Analyzer::count`], as `analyze` counts
//! them. Nothing here counts or reads by itself.

use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use ctlex::corpus::file_bytes::{statement_files, FileBytes};
use ctlex::corpus::{Decoding, Layout, ReadOptions, Statement};
use ctlex::tally::Counts;
use ctlex::Error;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use crate::readers::{encoding, layout, problem_row, reading_notes};
use crate::{hits_all_of, hits_of, text_statement, thread_pool, to_py, Analyzer};

/// Text read before it is handed over to be counted, as `ctlex analyze` batches it.
const CHUNK_BYTES: usize = 1 << 20;

/// An Arrow string or binary array as its buffers, as `ctlex.arrow.buffers` hands it over:
/// offsets (32-bit, or 64-bit when `wide`), values, the validity bitmap (`None` without nulls),
/// the array's offset into them and its length. (The buffers come as `bytes`: the buffer
/// protocol is not in the stable ABI of the oldest Python the package supports.)
#[derive(FromPyObject)]
pub(crate) struct ArrowStrings<'py>(
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Option<Bound<'py, PyBytes>>,
    usize,
    usize,
    bool,
);

/// The values of an [`ArrowStrings`], read in place.
struct Values<'a> {
    offsets: &'a [u8],
    data: &'a [u8],
    validity: Option<&'a [u8]>,
    offset: usize,
    len: usize,
    wide: bool,
}

impl<'a> Values<'a> {
    fn new(array: &'a ArrowStrings<'_>) -> Values<'a> {
        let ArrowStrings(offsets, data, validity, offset, len, wide) = array;
        Values {
            offsets: offsets.as_bytes(),
            data: data.as_bytes(),
            validity: validity.as_ref().map(|v| v.as_bytes()),
            offset: *offset,
            len: *len,
            wide: *wide,
        }
    }

    /// Where value `i` starts in `data` (its end is where value `i + 1` starts).
    fn boundary(&self, i: usize) -> Option<usize> {
        let width = if self.wide { 8 } else { 4 };
        let at = (self.offset + i) * width;
        let bytes = self.offsets.get(at..at + width)?;
        let value = if self.wide {
            i64::from_ne_bytes(bytes.try_into().ok()?)
        } else {
            i64::from(i32::from_ne_bytes(bytes.try_into().ok()?))
        };
        usize::try_from(value).ok()
    }

    /// Value `i`, or `None` when it is null (or the buffers do not hold it).
    fn get(&self, i: usize) -> Option<&[u8]> {
        if let Some(validity) = &self.validity {
            let bit = self.offset + i;
            if validity.get(bit / 8)? & (1 << (bit % 8)) == 0 {
                return None;
            }
        }
        self.data.get(self.boundary(i)?..self.boundary(i + 1)?)
    }

    /// Value `i` as text (invalid UTF-8, which an Arrow string never holds, replaced).
    fn text(&self, i: usize) -> Option<String> {
        self.get(i)
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
    }
}

/// The counts of `rows` rows as one buffer of native 64-bit integers, column after column:
/// `statements`, `tokens`, `content_tokens`, the hits of each theme, then its hits wherever they
/// stand. `counts[row]` is `None` for a row that is no statement (all zero).
fn count_columns<'py>(
    py: Python<'py>,
    analyzer: &Analyzer,
    counts: &[Option<&Counts>],
) -> Bound<'py, PyBytes> {
    let themes = analyzer.theme_count();
    let value = |c: &Counts, column: usize| match column {
        0 => 1,
        1 => c.tokens,
        2 => c.content_tokens,
        k if k < 3 + themes => hits_of(c, k - 3),
        k => hits_all_of(c, k - 3 - themes),
    };
    let width = 3 + 2 * themes;
    let mut out = Vec::with_capacity(width * counts.len() * 8);
    for column in 0..width {
        for row in counts {
            let value = row.map_or(0, |c| value(c, column));
            out.extend_from_slice(&(value as i64).to_ne_bytes());
        }
    }
    PyBytes::new(py, &out)
}

/// Counts the texts of an Arrow string column (each labelled with the matching value of
/// `languages`, detected where that is null or absent) on `threads` threads; see
/// [`count_columns`] for what comes back. A null text is no statement: its row is all zero.
#[pyfunction]
#[pyo3(signature = (analyzer, texts, languages=None, threads=Some(1)))]
pub(crate) fn count_text_column<'py>(
    py: Python<'py>,
    analyzer: &Analyzer,
    texts: ArrowStrings<'py>,
    languages: Option<ArrowStrings<'py>>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyBytes>> {
    let texts = Values::new(&texts);
    let languages = languages.as_ref().map(Values::new);
    if let Some(languages) = languages.as_ref().filter(|l| l.len != texts.len) {
        return Err(PyValueError::new_err(format!(
            "languages has {} values for {} texts",
            languages.len, texts.len
        )));
    }
    let mut rows = Vec::with_capacity(texts.len);
    let mut statements = Vec::with_capacity(texts.len);
    for i in 0..texts.len {
        let Some(text) = texts.text(i) else {
            rows.push(None);
            continue;
        };
        rows.push(Some(statements.len()));
        let language = languages.as_ref().and_then(|l| l.text(i));
        statements.push(text_statement(i, text, language));
    }
    let counted = analyzer.count(py, &statements, threads, false)?;
    let counts: Vec<Option<&Counts>> = rows
        .iter()
        .map(|row| row.and_then(|s| counted.get(s)).map(|c| &c.counts))
        .collect();
    Ok(count_columns(py, analyzer, &counts))
}

/// Reads the files of one layout from their bytes (the Arrow binary column `contents`, with
/// each file's full path in `paths` and its path below the input folder in `relative`), or from
/// `paths` on this machine's file system when `contents` is `None`, as `ctlex analyze` reads
/// them from a folder, and counts their statements on `threads` threads.
///
/// Returns a dict: `counts` (see [`count_columns`], one row per statement), `rows` (the number
/// of statements), `fields` (metadata column → one string per statement, for the columns in
/// `fields`), `problems` (dicts as `read_corpus` gives them) and `notes`.
#[pyfunction]
#[pyo3(signature = (analyzer, paths, relative, contents, layout_name, root, fields, encoding_name=None, threads=Some(1)))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn count_file_bytes<'py>(
    py: Python<'py>,
    analyzer: &Analyzer,
    paths: Vec<String>,
    relative: Vec<String>,
    contents: Option<ArrowStrings<'py>>,
    layout_name: &str,
    root: &str,
    fields: Vec<String>,
    encoding_name: Option<&str>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let layout = layout(Some(layout_name))?.unwrap_or(Layout::Ungdc);
    let options = ReadOptions {
        required_columns: fields.clone(),
        layout: Some(layout),
        decoding: Decoding::new(encoding(encoding_name)?, None),
        ..ReadOptions::default()
    };
    let mut reader = FileBytes::new(layout, Path::new(root), &options).map_err(|e| to_py(py, e))?;
    let contents = contents.as_ref().map(Values::new);
    let files = contents.as_ref().map_or(paths.len(), |c| c.len);
    if paths.len() != files || relative.len() != files {
        return Err(PyValueError::new_err(format!(
            "{} paths and {} relative paths for {files} files",
            paths.len(),
            relative.len(),
        )));
    }
    let pool = thread_pool(threads)?;
    let files_reader = &mut reader;
    // As `ctlex analyze` does, one thread reads and decodes while the others count: files are
    // handed over in chunks of about a megabyte of text.
    let (statements, counted, problems) = py.detach(|| {
        std::thread::scope(|scope| {
            let (sender, chunks) = sync_channel::<Vec<Statement>>(2);
            let reading = scope.spawn(move || {
                let (mut problems, mut chunk, mut bytes) = (Vec::new(), Vec::new(), 0);
                for (i, (path, relative)) in paths.iter().zip(&relative).enumerate() {
                    let read = match &contents {
                        Some(contents) => {
                            let bytes = contents.get(i).unwrap_or_default().to_vec();
                            files_reader.read(path, relative, bytes)
                        }
                        None => files_reader.read_path(path, relative),
                    };
                    for item in read {
                        match item {
                            Ok(statement) => {
                                bytes += statement.text.len();
                                chunk.push(statement);
                            }
                            Err(problem) => problems.push(problem),
                        }
                    }
                    if bytes >= CHUNK_BYTES {
                        bytes = 0;
                        if sender.send(std::mem::take(&mut chunk)).is_err() {
                            break;
                        }
                    }
                }
                // The receiver counts until the channel closes: it cannot be gone before.
                let _ = sender.send(chunk);
                problems
            });
            let (mut statements, mut counted) = (Vec::new(), Vec::new());
            for chunk in chunks {
                counted.extend(analyzer.count_on(&chunk, pool.as_ref(), false));
                statements.extend(chunk);
            }
            let problems = reading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (statements, counted, problems)
        })
    });
    let counts: Vec<Option<&Counts>> = counted.iter().map(|c| Some(&c.counts)).collect();
    let columns = PyDict::new(py);
    for field in &fields {
        let values: Vec<&str> = statements
            .iter()
            .map(|s| s.fields.get(field).unwrap_or(""))
            .collect();
        columns.set_item(field, values)?;
    }
    let read = PyDict::new(py);
    read.set_item("counts", count_columns(py, analyzer, &counts))?;
    read.set_item("rows", statements.len())?;
    read.set_item("fields", columns)?;
    let problems = problems
        .iter()
        .map(|p| problem_row(py, p))
        .collect::<PyResult<Vec<_>>>()?;
    read.set_item("problems", PyList::new(py, problems)?)?;
    read.set_item("notes", reading_notes(reader.notes()))?;
    Ok(read)
}

/// The statement files below `root` (a folder, or one file) as a layout's walk finds them: a
/// dict of `files` (tuples of the full path, the path below `root` and the size in bytes),
/// `problems` (the files not read, as dicts) and `notes` (hidden files, documentation).
#[pyfunction]
pub(crate) fn list_statement_files<'py>(
    py: Python<'py>,
    root: PathBuf,
) -> PyResult<Bound<'py, PyDict>> {
    if let Err(source) = std::fs::metadata(&root) {
        let path = root.clone();
        return Err(to_py(py, Error::Io { path, source }));
    }
    let (files, problems, notes) = py.detach(|| {
        let (files, problems, notes) = statement_files(&root);
        let sized: Vec<(String, String, u64)> = files
            .into_iter()
            .map(|(path, relative)| {
                let size = std::fs::metadata(&path).map_or(0, |m| m.len());
                (path.display().to_string(), relative, size)
            })
            .collect();
        (sized, problems, notes)
    });
    let listed = PyDict::new(py);
    listed.set_item("files", files)?;
    let problems = problems
        .iter()
        .map(|p| problem_row(py, p))
        .collect::<PyResult<Vec<_>>>()?;
    listed.set_item("problems", PyList::new(py, problems)?)?;
    listed.set_item("notes", notes)?;
    Ok(listed)
}

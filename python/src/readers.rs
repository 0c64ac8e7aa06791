//! `read_corpus`: the statements of a corpus as `ctlex analyze` reads them (layouts, metadata,
//! verbatim records split at speaker headers, encodings, `--where`, `--groups`), with every
//! problem met on the way. It only converts: reading is [`ctlex::corpus::Corpus`]'s.

use std::path::PathBuf;

use ctlex::corpus::{Corpus, Decoding, Issue, Layout, Notes, ReadOptions, Statement, TextEncoding};
use ctlex::filter::{Condition, Filter};
use ctlex::group::column_value;
use ctlex::groups::Groups;
use ctlex::tally::GroupKey;
use ctlex::Problem;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::to_py;

/// The layout named as `--layout` names it; `None` or `"auto"` to detect it.
pub(crate) fn layout(name: Option<&str>) -> PyResult<Option<Layout>> {
    match name {
        None | Some("auto") => Ok(None),
        Some(name) => Layout::from_name(name).map(Some).ok_or_else(|| {
            PyValueError::new_err(format!(
                "unknown layout `{name}`; use one of: auto, {}",
                Layout::NAMES.join(", ")
            ))
        }),
    }
}

/// The encoding named as `--encoding` names it; `None` to detect it file by file.
pub(crate) fn encoding(name: Option<&str>) -> PyResult<Option<TextEncoding>> {
    match name {
        None => Ok(None),
        Some(name) => TextEncoding::from_name(name).map(Some).ok_or_else(|| {
            let names: Vec<&str> = TextEncoding::names().collect();
            PyValueError::new_err(format!(
                "unknown encoding `{name}`; use one of: {}",
                names.join(", ")
            ))
        }),
    }
}

/// The `--where` conditions, each parsed as the command line parses it (and with its message).
fn filter(conditions: Vec<String>) -> PyResult<Filter> {
    conditions
        .iter()
        .map(|spec| {
            Condition::parse(spec)
                .map_err(|e| PyValueError::new_err(format!("--where `{spec}`: {e}")))
        })
        .collect::<PyResult<Vec<_>>>()
        .map(Filter::new)
}

/// A problem as a dict: `file`, `line` (or `None`), `kind`, `message`.
pub(crate) fn problem_row<'py>(py: Python<'py>, problem: &Problem) -> PyResult<Bound<'py, PyDict>> {
    let row = PyDict::new(py);
    row.set_item("file", &problem.path)?;
    row.set_item("line", problem.line)?;
    row.set_item("kind", problem.kind.name())?;
    row.set_item("message", &problem.message)?;
    Ok(row)
}

/// The groups of the file (or bundled name) `name`, for its own columns.
fn open_groups(name: &str) -> PyResult<Groups> {
    let groups = Groups::open(name).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let by: Vec<String> = groups.columns().map(str::to_string).collect();
    groups
        .for_by(&by)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// A statement as a dict: `id`, `file`, `line`, its metadata fields, the group labels of the
/// grouped columns (`<column>_group`), then `text`.
fn statement_row<'py>(
    py: Python<'py>,
    statement: &Statement,
    groups: Option<(&Groups, &[String])>,
) -> PyResult<Bound<'py, PyDict>> {
    let row = PyDict::new(py);
    row.set_item("id", &statement.id)?;
    row.set_item("file", &*statement.path)?;
    row.set_item("line", statement.line)?;
    let mut metadata = Vec::new();
    for (name, value) in statement.fields.iter() {
        metadata.push((name.to_string(), value.to_string()));
    }
    if let Some((groups, columns)) = groups {
        let key = GroupKey(
            columns
                .iter()
                .map(|c| column_value(statement, c, "").into_owned())
                .collect(),
        );
        for (column, label) in columns.iter().zip(groups.label(&key).0) {
            metadata.push((format!("{column}_group"), label));
        }
    }
    for (name, value) in metadata {
        row.set_item(name, value)?;
    }
    row.set_item("text", &statement.text)?;
    Ok(row)
}

/// The notes of reading, in the words `ctlex analyze` prints them.
pub(crate) fn reading_notes(notes: &Notes) -> Vec<String> {
    let mut remarks = notes.remarks();
    let unknown = notes.unknown_delegations();
    if !unknown.is_empty() {
        remarks.push(format!(
            "{} delegation name(s) not in the delegation table, kept as written without \
             delegation_iso3: {}",
            unknown.len(),
            unknown.join("; ")
        ));
    }
    remarks
}

/// Reads `paths` as `ctlex analyze` reads them: the statements the `conditions` (and the groups
/// file `groups`, when given) keep, as dicts, with the problems met while reading: a dict of
/// `statements`, `problems`, `layouts` (the layout chosen for each folder, and why) and `notes`.
#[pyfunction]
#[pyo3(signature = (paths, layout_name=None, conditions=Vec::new(), groups=None, encoding_name=None, text_column="text"))]
pub fn read_statements<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    layout_name: Option<&str>,
    conditions: Vec<String>,
    groups: Option<&str>,
    encoding_name: Option<&str>,
    text_column: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let filter = filter(conditions)?;
    let groups = groups.map(open_groups).transpose()?;
    let grouped: Vec<String> = groups
        .iter()
        .flat_map(|g| g.columns().map(str::to_string))
        .collect();
    let options = ReadOptions {
        text_column: text_column.to_string(),
        required_columns: filter.read_columns().map(str::to_string).collect(),
        layout: layout(layout_name)?,
        decoding: Decoding::new(encoding(encoding_name)?, None),
        strict: false,
    };
    let mut corpus = Corpus::open(&paths, options).map_err(|e| to_py(py, e))?;
    let layouts: Vec<String> = corpus
        .layouts()
        .iter()
        .map(|c| format!("{}: layout {} ({})", c.input.display(), c.layout, c.reason))
        .collect();
    let (mut statements, mut problems, mut ungrouped) = (Vec::new(), Vec::new(), 0u64);
    for item in corpus.by_ref() {
        match item {
            Ok(statement) if !filter.keeps(&statement) => {}
            Ok(statement) if groups.as_ref().is_some_and(|g| !g.covers(&statement)) => {
                ungrouped += 1;
            }
            Ok(statement) => {
                let grouping = groups.as_ref().map(|g| (g, grouped.as_slice()));
                statements.push(statement_row(py, &statement, grouping)?);
            }
            Err(Issue::Problem(problem)) => problems.push(problem_row(py, &problem)?),
            Err(Issue::Fatal(error)) => return Err(to_py(py, error)),
        }
    }
    let mut notes = reading_notes(corpus.notes());
    notes.extend(groups.as_ref().and_then(|g| g.ungrouped_note(ungrouped)));
    let read = PyDict::new(py);
    read.set_item("statements", PyList::new(py, statements)?)?;
    read.set_item("problems", PyList::new(py, problems)?)?;
    read.set_item("layouts", layouts)?;
    read.set_item("notes", notes)?;
    Ok(read)
}

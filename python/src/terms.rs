//! The `--terms` table of `ctlex analyze` for texts counted in memory: per group, theme and
//! entry, its hits in context and wherever they stand, and the forms it caught most.

use ctlex::count::StatementCounts;
use ctlex::report::tables;
use ctlex::report::Cell;
use ctlex::tally::{GroupKey, Tally};
use ctlex::Matcher;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3::IntoPyObjectExt;

/// The terms table of `counted` (counted with entries) by `groups` (one group for all without),
/// as a dict of `columns` (names) and `rows` (lists of str, int or `None` for an empty cell),
/// built by the same library function as `ctlex analyze --terms`. The group column is `group`.
pub(crate) fn terms_table<'py>(
    py: Python<'py>,
    matcher: &Matcher,
    counted: &[StatementCounts],
    groups: Option<&[String]>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut tally = Tally::default();
    let by: Vec<String> = match groups {
        Some(groups) => {
            for (group, c) in groups.iter().zip(counted) {
                tally.add(GroupKey(vec![group.clone()]), &c.counts);
            }
            vec!["group".to_string()]
        }
        None => {
            for c in counted {
                tally.add(GroupKey(Vec::new()), &c.counts);
            }
            Vec::new()
        }
    };
    let table = tables::terms(&by, matcher.themes(), matcher.entries(), &tally);
    let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let cells = row.iter().map(|cell| match cell {
                Cell::Text(text) => text.into_bound_py_any(py),
                Cell::Count(n) => n.into_bound_py_any(py),
                Cell::Number(x) => x.into_bound_py_any(py),
            });
            PyList::new(py, cells.collect::<PyResult<Vec<_>>>()?)
        })
        .collect::<PyResult<Vec<_>>>()?;
    let out = PyDict::new(py);
    out.set_item("columns", columns)?;
    out.set_item("rows", PyList::new(py, rows)?)?;
    Ok(out)
}

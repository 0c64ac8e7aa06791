//! `validate`: the lexicon scored against a hand-coded gold standard, as `ctlex validate` scores
//! it. It only converts: reading the gold file and scoring are [`ctlex::validate`]'s.

use std::path::PathBuf;

use ctlex::count::Counting;
use ctlex::validate::{fire, Gold, Scores};
use ctlex::Matcher;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::{context_unit, load_lexicon, to_py};

/// Scores the lexicons at `lexicons` (default: the bundled ones) against the gold file
/// `gold_path`, its references resolved in `data`: a dict of `scores` (one dict per measure,
/// language and theme, then the micro and macro averages, in the order of `ctlex validate`),
/// `stale` (the items left out, with why) and `items` (items scored per language).
#[pyfunction]
#[pyo3(signature = (gold_path, data=None, context="passage", include_procedural=false, lexicons=None))]
pub fn validate_gold<'py>(
    py: Python<'py>,
    gold_path: PathBuf,
    data: Option<PathBuf>,
    context: &str,
    include_procedural: bool,
    lexicons: Option<PathBuf>,
) -> PyResult<Bound<'py, PyDict>> {
    let counting = Counting {
        context: context_unit(context)?,
        procedural: include_procedural,
    };
    let gold = Gold::read(&gold_path, data.as_deref()).map_err(|e| to_py(py, e))?;
    let lexicon = load_lexicon(py, lexicons)?;
    let matcher = Matcher::new(&lexicon).map_err(|e| to_py(py, ctlex::Error::Lexicon(e)))?;
    let themes: Vec<String> = matcher.themes().iter().map(|t| t.id.clone()).collect();
    for item in &gold.items {
        if let Some(theme) = item.themes.iter().find(|t| !themes.contains(t)) {
            return Err(PyValueError::new_err(format!(
                "{}:{}: item `{}` is coded `{theme}`, which is not a theme of the lexicon",
                gold_path.display(),
                item.line,
                item.id
            )));
        }
    }
    let scores = py.detach(|| {
        let fired = fire(&matcher, &gold.items, counting);
        Scores::new(&gold.items, &fired, &themes)
    });
    let rows = scores
        .lines()
        .into_iter()
        .map(|line| {
            let row = PyDict::new(py);
            row.set_item("measure", line.measure.name())?;
            row.set_item("language", line.language.map_or("all", |l| l.code()))?;
            row.set_item("theme", &line.theme)?;
            row.set_item("positives", line.confusion.positives())?;
            row.set_item("predicted", line.confusion.predicted())?;
            row.set_item("true_positives", line.confusion.true_positives)?;
            row.set_item("precision", line.precision)?;
            row.set_item("recall", line.recall)?;
            row.set_item("f1", line.f1)?;
            Ok(row)
        })
        .collect::<PyResult<Vec<_>>>()?;
    let stale = gold
        .stale
        .iter()
        .map(|s| {
            let row = PyDict::new(py);
            row.set_item("line", s.line)?;
            row.set_item("id", &s.id)?;
            row.set_item("file", &s.file)?;
            row.set_item("reason", &s.reason)?;
            Ok(row)
        })
        .collect::<PyResult<Vec<_>>>()?;
    let items = PyDict::new(py);
    for (language, n) in &scores.items {
        items.set_item(language.code(), n)?;
    }
    let validated = PyDict::new(py);
    validated.set_item("scores", PyList::new(py, rows)?)?;
    validated.set_item("stale", PyList::new(py, stale)?)?;
    validated.set_item("items", items)?;
    Ok(validated)
}

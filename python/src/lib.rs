//! The native half of the `ctlex` Python package: the library's lexicons, matcher and per-statement
//! counts behind a small Python API.
//!
//! Texts are copied out of Python once, then counted on rayon's threads with the GIL released, so
//! other Python threads (and Spark's Arrow reader) run meanwhile. Everything returned is a plain
//! Python structure (lists, dicts, ints, floats, strings); the pure-Python half (`ctlex/`) adds the
//! pandas views. This module never counts anything itself: it only converts between Python and
//! [`ctlex::pipeline`], so its numbers are those of `ctlex analyze`.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use ctlex::audit::lint::{self, Severity};
use ctlex::corpus::{Fields, Statement};
use ctlex::count::{
    count_each, count_each_with_entries, statement_hits, Counting, StatementCounts,
};
use ctlex::matcher::{Context, ContextUnit};
use ctlex::measures::{ranks, Denominator, Keyness, Rate};
use ctlex::plan::{MainOutput, OutputPlan};
use ctlex::stopwords::StopWords;
use ctlex::tally::{Counts, GroupKey, Tally};
use ctlex::{Error, Lexicon, Matcher};
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;

mod columns;
mod readers;
mod terms;
mod validation;

pyo3::create_exception!(
    _ctlex,
    LexiconError,
    PyValueError,
    "An invalid lexicon; `file` and `line` say where (the message too)."
);

/// A Python exception for a library error: lexicon errors name their file and line.
pub(crate) fn to_py(py: Python<'_>, error: Error) -> PyErr {
    match error {
        Error::Lexicon(e) => {
            let err = LexiconError::new_err(e.to_string());
            let value = err.value(py);
            // Setting attributes on a fresh exception object cannot fail in practice; if it
            // did, the message still says everything.
            let _ = value.setattr("file", e.file.clone());
            let _ = value.setattr("line", e.line);
            err
        }
        Error::Io { path, source } => {
            let message = format!("{}: {source}", path.display());
            if source.kind() == std::io::ErrorKind::NotFound {
                PyFileNotFoundError::new_err(message)
            } else {
                PyOSError::new_err(message)
            }
        }
        other => PyValueError::new_err(other.to_string()),
    }
}

pub(crate) fn load_lexicon(py: Python<'_>, lexicons: Option<PathBuf>) -> PyResult<Lexicon> {
    match lexicons {
        Some(path) => Lexicon::load(&path).map_err(|e| to_py(py, e)),
        None => Lexicon::bundled().map_err(|e| to_py(py, Error::Lexicon(e))),
    }
}

/// The lint findings of a lexicon, as dicts.
fn findings<'py>(py: Python<'py>, lexicon: &Lexicon) -> PyResult<Bound<'py, PyList>> {
    let rows = lint::lint(lexicon)
        .into_iter()
        .map(|finding| {
            let row = PyDict::new(py);
            let severity = match finding.severity {
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            row.set_item("severity", severity)?;
            row.set_item("file", &*finding.file)?;
            row.set_item("line", finding.line)?;
            row.set_item("message", &finding.message)?;
            row.set_item("text", finding.to_string())?;
            Ok(row)
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, rows)
}

/// Lints the lexicons at `lexicons` (default: the bundled ones) without compiling them first,
/// so an entry that does not compile is a finding, not an exception.
#[pyfunction]
#[pyo3(signature = (lexicons=None))]
fn lint_lexicons(py: Python<'_>, lexicons: Option<PathBuf>) -> PyResult<Bound<'_, PyList>> {
    let lexicon = load_lexicon(py, lexicons)?;
    findings(py, &lexicon)
}

/// Lexicons compiled for counting, with the denominator of the rates and how hits are counted
/// (the context unit, procedural sentences).
#[pyclass(module = "ctlex._ctlex", frozen)]
pub(crate) struct Analyzer {
    lexicon: Lexicon,
    matcher: Matcher,
    denominator: Denominator,
    counting: Counting,
    stop_words: StopWords,
}

impl Analyzer {
    /// Counts `statements` on `threads` threads (default: one per core) with the GIL released,
    /// each with its hits per entry when `terms`.
    pub(crate) fn count(
        &self,
        py: Python<'_>,
        statements: &[Statement],
        threads: Option<usize>,
        terms: bool,
    ) -> PyResult<Vec<StatementCounts>> {
        let pool = thread_pool(threads)?;
        Ok(py.detach(|| self.count_on(statements, pool.as_ref(), terms)))
    }

    /// [`Analyzer::count`] on `pool` (or rayon's global pool), for a caller that has released
    /// the GIL.
    pub(crate) fn count_on(
        &self,
        statements: &[Statement],
        pool: Option<&rayon::ThreadPool>,
        terms: bool,
    ) -> Vec<StatementCounts> {
        let plan = OutputPlan {
            main: MainOutput::Statements,
            denominator: self.denominator,
            ..OutputPlan::default()
        };
        let stop_words = plan.needs().content_tokens.then_some(&self.stop_words);
        let (matcher, counting) = (&self.matcher, self.counting);
        let count = || {
            if terms {
                count_each_with_entries(statements, matcher, stop_words, counting)
            } else {
                count_each(statements, matcher, stop_words, counting)
            }
        };
        match pool {
            Some(pool) => pool.install(count),
            None => count(),
        }
    }

    /// The number of themes.
    pub(crate) fn theme_count(&self) -> usize {
        self.matcher.themes().len()
    }

    /// Theme id → `value(theme index)`, in theme order.
    fn theme_map<'py, T: IntoPyObject<'py>>(
        &self,
        py: Python<'py>,
        value: impl Fn(usize) -> T,
    ) -> PyResult<Bound<'py, PyDict>> {
        let map = PyDict::new(py);
        for (i, theme) in self.matcher.themes().iter().enumerate() {
            map.set_item(&theme.id, value(i))?;
        }
        Ok(map)
    }
}

/// What `Analyzer.analyze` returns: rows per text, per group (with groups) and the terms table
/// (when asked).
type Analyzed<'py> = (
    Bound<'py, PyList>,
    Option<Bound<'py, PyList>>,
    Option<Bound<'py, PyDict>>,
);

/// A pool of `threads` threads, or `None` for rayon's global pool (one thread per core).
pub(crate) fn thread_pool(threads: Option<usize>) -> PyResult<Option<rayon::ThreadPool>> {
    match threads {
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(Some)
            .map_err(|e| PyOSError::new_err(format!("cannot start {n} threads: {e}"))),
        None => Ok(None),
    }
}

/// The `i`-th text handed over from Python, as a statement labelled `language` (detected
/// when `None`).
pub(crate) fn text_statement(i: usize, text: String, language: Option<String>) -> Statement {
    static NAMES: OnceLock<ctlex::corpus::Names> = OnceLock::new();
    static PATH: OnceLock<Arc<str>> = OnceLock::new();
    let names = NAMES.get_or_init(|| Arc::from(vec![Box::<str>::from("language")]));
    Statement {
        id: i.to_string(),
        fields: Fields::new(names.clone(), vec![language.unwrap_or_default()]),
        text,
        path: PATH.get_or_init(|| Arc::from("<python>")).clone(),
        line: None,
    }
}

/// Hits of theme `i` in `counts`, in counter-terrorism context.
pub(crate) fn hits_of(counts: &Counts, i: usize) -> u64 {
    counts.hits.get(i).copied().unwrap_or(0)
}

/// Hits of theme `i` in `counts`, wherever they stand.
pub(crate) fn hits_all_of(counts: &Counts, i: usize) -> u64 {
    counts.hits_all.get(i).copied().unwrap_or(0)
}

/// The context unit named as `--context` names it.
pub(crate) fn context_unit(name: &str) -> PyResult<ContextUnit> {
    ContextUnit::ALL
        .into_iter()
        .find(|unit| unit.name() == name)
        .ok_or_else(|| {
            let names: Vec<String> = ContextUnit::ALL
                .iter()
                .map(|unit| format!("{:?}", unit.name()))
                .collect();
            PyValueError::new_err(format!(
                "context must be one of {}, not {name:?}",
                names.join(", ")
            ))
        })
}

#[pymethods]
impl Analyzer {
    #[new]
    #[pyo3(signature = (lexicons=None, denominator="tokens", context="passage", include_procedural=false))]
    fn new(
        py: Python<'_>,
        lexicons: Option<PathBuf>,
        denominator: &str,
        context: &str,
        include_procedural: bool,
    ) -> PyResult<Analyzer> {
        let denominator = match denominator {
            "tokens" => Denominator::Tokens,
            "content" => Denominator::Content,
            other => {
                return Err(PyValueError::new_err(format!(
                    "denominator must be \"tokens\" or \"content\", not {other:?}"
                )))
            }
        };
        let counting = Counting {
            context: context_unit(context)?,
            procedural: include_procedural,
        };
        let lexicon = load_lexicon(py, lexicons)?;
        let matcher = Matcher::new(&lexicon).map_err(|e| to_py(py, Error::Lexicon(e)))?;
        Ok(Analyzer {
            lexicon,
            matcher,
            denominator,
            counting,
            stop_words: StopWords::builtin(),
        })
    }

    /// Theme ids, in the order of every table.
    #[getter]
    fn themes(&self) -> Vec<String> {
        self.matcher.themes().iter().map(|t| t.id.clone()).collect()
    }

    /// Theme id → label.
    #[getter]
    fn labels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let labels = PyDict::new(py);
        for theme in self.matcher.themes() {
            labels.set_item(&theme.id, &theme.label)?;
        }
        Ok(labels)
    }

    #[getter]
    fn denominator(&self) -> &'static str {
        self.denominator.name()
    }

    /// The unit in which a context word puts a hit in counter-terrorism context.
    #[getter]
    fn context(&self) -> &'static str {
        self.counting.context.name()
    }

    /// Whether the hits in procedural sentences count.
    #[getter]
    fn include_procedural(&self) -> bool {
        self.counting.procedural
    }

    /// Counts `texts` (see the Python wrapper): per text, per group when `groups` is given, and
    /// with `terms` the `--terms` table (by group, or all texts as one).
    #[pyo3(signature = (texts, languages=None, groups=None, threads=None, terms=false))]
    fn analyze<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<String>,
        languages: Option<Vec<Option<String>>>,
        groups: Option<Vec<String>>,
        threads: Option<usize>,
        terms: bool,
    ) -> PyResult<Analyzed<'py>> {
        for (name, len) in [
            ("languages", languages.as_ref().map(Vec::len)),
            ("groups", groups.as_ref().map(Vec::len)),
        ] {
            if let Some(len) = len.filter(|&len| len != texts.len()) {
                return Err(PyValueError::new_err(format!(
                    "{name} has {len} values for {} texts",
                    texts.len()
                )));
            }
        }
        let mut languages = languages.unwrap_or_default().into_iter();
        let statements: Vec<Statement> = texts
            .into_iter()
            .enumerate()
            .map(|(i, text)| text_statement(i, text, languages.next().flatten()))
            .collect();
        let counted = self.count(py, &statements, threads, terms)?;
        let matcher = &self.matcher;

        let per_text = counted
            .iter()
            .map(|c| {
                let row = PyDict::new(py);
                row.set_item("tokens", c.counts.tokens)?;
                row.set_item("content_tokens", c.counts.content_tokens)?;
                row.set_item("language", &c.language)?;
                row.set_item("detected", c.detected)?;
                row.set_item("hits", self.theme_map(py, |i| hits_of(&c.counts, i))?)?;
                let all = self.theme_map(py, |i| hits_all_of(&c.counts, i))?;
                row.set_item("hits_all", all)?;
                Ok(row)
            })
            .collect::<PyResult<Vec<_>>>()?;

        let terms = terms
            .then(|| terms::terms_table(py, matcher, &counted, groups.as_deref()))
            .transpose()?;
        let per_group = match groups {
            None => None,
            Some(groups) => {
                let mut tally = Tally::default();
                for (group, c) in groups.into_iter().zip(&counted) {
                    tally.add(GroupKey(vec![group]), &c.counts);
                }
                let total = tally.total();
                let total_base = self.denominator.of(&total);
                let rows = tally
                    .groups()
                    .map(|(key, counts)| {
                        let row = PyDict::new(py);
                        row.set_item("group", key.0.first().map_or("", String::as_str))?;
                        row.set_item("statements", counts.statements)?;
                        row.set_item("tokens", counts.tokens)?;
                        row.set_item("content_tokens", counts.content_tokens)?;
                        row.set_item("hits", self.theme_map(py, |i| hits_of(counts, i))?)?;
                        let all = self.theme_map(py, |i| hits_all_of(counts, i))?;
                        row.set_item("hits_all", all)?;
                        let base = self.denominator.of(counts);
                        let rates = self.theme_map(py, |i| {
                            Rate::new(hits_of(counts, i), base).map(|r| r.per_1000)
                        })?;
                        row.set_item("per_1000", rates)?;
                        let rate = |i| Rate::new(hits_of(counts, i), base);
                        let low = self.theme_map(py, |i| rate(i).map(|r| r.low))?;
                        row.set_item("per_1000_low", low)?;
                        let high = self.theme_map(py, |i| rate(i).map(|r| r.high))?;
                        row.set_item("per_1000_high", high)?;
                        let all_hits = counts.total_hits();
                        let share = self.theme_map(py, |i| {
                            (all_hits > 0).then(|| hits_of(counts, i) as f64 / all_hits as f64)
                        })?;
                        row.set_item("share", share)?;
                        let group_hits: Vec<u64> = (0..self.matcher.themes().len())
                            .map(|i| hits_of(counts, i))
                            .collect();
                        let group_ranks = ranks(&group_hits);
                        let rank =
                            self.theme_map(py, |i| group_ranks.get(i).copied().unwrap_or(0))?;
                        row.set_item("rank", rank)?;
                        // Against all other groups together, as `--format long` has it.
                        let keyness = |i| {
                            let h = hits_of(counts, i);
                            let others = hits_of(&total, i) - h;
                            Keyness::new(h, base, others, total_base - base)
                        };
                        let g2 = self.theme_map(py, |i| keyness(i).map(|k| k.g2))?;
                        row.set_item("g2", g2)?;
                        let p = self.theme_map(py, |i| keyness(i).map(|k| k.p_value))?;
                        row.set_item("p_value", p)?;
                        let ratio = self.theme_map(py, |i| keyness(i).map(|k| k.log_ratio))?;
                        row.set_item("log_ratio", ratio)?;
                        Ok(row)
                    })
                    .collect::<PyResult<Vec<_>>>()?;
                Some(PyList::new(py, rows)?)
            }
        };
        Ok((PyList::new(py, per_text)?, per_group, terms))
    }

    /// Every match in `text`, in text order, with its context.
    #[pyo3(signature = (text, language=None))]
    fn matches<'py>(
        &self,
        py: Python<'py>,
        text: String,
        language: Option<String>,
    ) -> PyResult<Bound<'py, PyList>> {
        let statement = Statement {
            id: String::new(),
            fields: Fields::new(
                Arc::from(vec![Box::<str>::from("language")]),
                vec![language.unwrap_or_default()],
            ),
            text,
            path: Arc::from("<python>"),
            line: None,
        };
        let hits = py.detach(|| statement_hits(&statement, &self.matcher, self.counting));
        let text = statement.text.as_str();
        // Byte offsets from character offsets, walking the text once: hits are in text order.
        let mut boundaries = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .enumerate();
        let mut byte_at = |char_index: usize| {
            boundaries
                .find(|&(c, _)| c == char_index)
                .map_or(text.len(), |(_, b)| b)
        };
        let mut rows = Vec::with_capacity(hits.len());
        let mut last = (usize::MAX, 0);
        for hit in hits {
            let start = if hit.chars.start == last.0 {
                last.1
            } else {
                byte_at(hit.chars.start)
            };
            last = (hit.chars.start, start);
            let end = start
                + text.get(start..).map_or(0, |rest| {
                    rest.char_indices()
                        .nth(hit.chars.len())
                        .map_or(rest.len(), |(i, _)| i)
                });
            let entry = self.matcher.entries().get(hit.entry);
            let row = PyDict::new(py);
            row.set_item("theme", self.matcher.themes().get(hit.theme).map(|t| &t.id))?;
            row.set_item("entry", entry.map(|e| &e.pattern))?;
            row.set_item("entry_language", entry.map(|e| e.language.code()))?;
            row.set_item("text", text.get(start..end).unwrap_or(""))?;
            row.set_item("start", hit.chars.start)?;
            row.set_item("end", hit.chars.end)?;
            row.set_item("byte_start", start)?;
            row.set_item("byte_end", end)?;
            row.set_item("before", &hit.before)?;
            row.set_item("after", &hit.after)?;
            row.set_item("in_context", hit.context.is_in())?;
            let licensed_by = match hit.context {
                Context::Word(entry) => self.matcher.context_entries().get(entry),
                Context::Anywhere | Context::Outside => None,
            };
            row.set_item("context", licensed_by.map(|e| &e.pattern))?;
            rows.push(row);
        }
        PyList::new(py, rows)
    }

    /// The lint findings of this analyzer's lexicons.
    fn lint<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        findings(py, &self.lexicon)
    }
}

/// Every hit of `pattern` in each of `texts`, with `width` characters of context, as `ctlex kwic`
/// finds them: one dict per hit, texts in order and hits in text order.
#[pyfunction]
#[pyo3(signature = (pattern, texts, width=40, context="passage", include_procedural=false, in_context=false, lexicons=None))]
#[allow(clippy::too_many_arguments)]
fn kwic_lines<'py>(
    py: Python<'py>,
    pattern: &str,
    texts: Vec<String>,
    width: usize,
    context: &str,
    include_procedural: bool,
    in_context: bool,
    lexicons: Option<PathBuf>,
) -> PyResult<Bound<'py, PyList>> {
    let counting = Counting {
        context: context_unit(context)?,
        procedural: include_procedural,
    };
    let base = load_lexicon(py, lexicons)?;
    let lexicon =
        ctlex::kwic::lexicon(pattern, &base).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let matcher = Matcher::new(&lexicon).map_err(|e| to_py(py, Error::Lexicon(e)))?;
    let per_text: Vec<Vec<ctlex::kwic::Line>> = py.detach(|| {
        texts
            .into_par_iter()
            .map(|text| {
                let statement = Statement {
                    id: String::new(),
                    fields: Fields::new(Arc::from(Vec::<Box<str>>::new()), Vec::new()),
                    text,
                    path: Arc::from("<python>"),
                    line: None,
                };
                ctlex::kwic::statement_lines(&statement, &matcher, counting, width)
            })
            .collect()
    });
    let mut rows = Vec::new();
    for (index, lines) in per_text.iter().enumerate() {
        for line in lines.iter().filter(|l| l.in_context || !in_context) {
            let row = PyDict::new(py);
            row.set_item("text", index)?;
            row.set_item("line", line.line)?;
            row.set_item("start", line.chars.start)?;
            row.set_item("end", line.chars.end)?;
            row.set_item("before", &line.before)?;
            row.set_item("match", &line.text)?;
            row.set_item("after", &line.after)?;
            row.set_item("in_context", line.in_context)?;
            row.set_item(
                "context",
                (!line.context.is_empty()).then_some(&line.context),
            )?;
            rows.push(row);
        }
    }
    PyList::new(py, rows)
}

#[pymodule]
fn _ctlex(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Analyzer>()?;
    m.add_function(wrap_pyfunction!(lint_lexicons, m)?)?;
    m.add_function(wrap_pyfunction!(kwic_lines, m)?)?;
    m.add_function(wrap_pyfunction!(readers::read_statements, m)?)?;
    m.add_function(wrap_pyfunction!(columns::count_text_column, m)?)?;
    m.add_function(wrap_pyfunction!(columns::count_file_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(columns::list_statement_files, m)?)?;
    m.add_function(wrap_pyfunction!(validation::validate_gold, m)?)?;
    m.add("LexiconError", m.py().get_type::<LexiconError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

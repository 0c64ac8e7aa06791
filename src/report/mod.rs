//! Report writers. Each output is built as a [`Table`] of typed cells, or, for a table that may
//! be as long as the corpus (the main CSV table, hits), as [`Rows`] made one at a time while the
//! writer takes them, and each writer renders tables in its own form: CSV ([`csv`]), a workbook
//! ([`xlsx`]), an HTML page ([`html`]), an SVG heatmap ([`svg`]), a manifest ([`manifest`]).
//! Writers only format what the tally holds; they never count.
//!
//! In CSV, numbers are written in plain decimal notation with a `.` decimal point, at most six
//! decimals (p-values below 0.000001 in scientific notation); a measure whose denominator is
//! zero is an empty cell (NA in R and pandas), never a made-up zero. Text that comes from the
//! input is neutralised so that spreadsheets never run it as a formula (see [`neutralize`]).

pub mod compare;
pub mod csv;
pub mod heatmap;
pub mod html;
pub mod manifest;
pub mod matches;
mod problems;
pub mod svg;
pub mod tables;
pub mod trends;
mod turns;
pub mod xlsx;

use std::borrow::Cow;
use std::io::Write;

pub use problems::write_problems_csv;
pub use turns::{write_turns_csv, TurnRow, TURN_COLUMNS};

use crate::lexicon::ThemeInfo;
use crate::measures::Denominator;
use crate::tally::Tally;

pub use self::csv::CsvStyle;

/// The shape of the CSV report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// The `--by` columns, `statements`, `tokens`, then one column of hits per theme.
    #[default]
    Wide,
    /// The wide table with the theme cells `--values` asks for, and a column of all themes
    /// together (see [`tables::wide_values_rows`]).
    WideValues(tables::Values),
    /// The `--by` columns, `theme`, `hits`, `tokens`, `per_1000`, `share`, then the comparison
    /// measures (see [`tables::long`]).
    Long,
}

/// What a column holds, which decides how writers format it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text; from the input unless it is a theme id or an entry of the lexicon.
    Text,
    /// A whole number.
    Count,
    /// A rate per 1,000 units.
    Rate,
    /// A proportion from 0 to 1.
    Share,
    /// A test statistic or effect size.
    Statistic,
    /// A p-value.
    Probability,
}

/// A column of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The column's header.
    pub name: String,
    /// What the column holds, which decides how its cells are written.
    pub kind: Kind,
}

impl Column {
    /// A column called `name` holding `kind`.
    pub fn new(name: impl Into<String>, kind: Kind) -> Column {
        Column {
            name: name.into(),
            kind,
        }
    }
}

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A count.
    Count(u64),
    /// A measure; `None` when it is undefined (a zero denominator).
    Number(Option<f64>),
}

/// Rows of typed cells under named columns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The rows, each with a cell per column.
    pub rows: Vec<Vec<Cell>>,
}

/// A table whose rows are made one at a time, as a writer takes them: however many rows it has,
/// it holds one in memory. Rendered it gives the bytes of the same table built whole.
pub struct Rows<'a> {
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The rows, each with a cell per column, made as they are taken.
    pub rows: Box<dyn Iterator<Item = Vec<Cell>> + 'a>,
}

impl Rows<'_> {
    /// Every row made and kept: the table built whole, for a writer that needs it so.
    pub fn collect(self) -> Table {
        Table {
            columns: self.columns,
            rows: self.rows.collect(),
        }
    }
}

/// Writes `tally` as CSV in `format`, rates per 1,000 tokens, in the default [`CsvStyle`].
pub fn write_csv(
    format: Format,
    by: &[String],
    themes: &[ThemeInfo],
    tally: &Tally,
    out: impl Write,
) -> std::io::Result<()> {
    let (denominator, style) = (Denominator::Tokens, CsvStyle::default());
    write_csv_with(format, by, themes, tally, denominator, style, out)
}

/// Writes `tally` as CSV in `format`, rates per 1,000 `denominator` units, in `style`.
pub fn write_csv_with(
    format: Format,
    by: &[String],
    themes: &[ThemeInfo],
    tally: &Tally,
    denominator: Denominator,
    style: CsvStyle,
    out: impl Write,
) -> std::io::Result<()> {
    let rows = match format {
        Format::Wide => tables::wide_rows(by, themes, tally),
        Format::WideValues(values) => {
            tables::wide_values_rows(by, themes, tally, values, denominator)
        }
        Format::Long => tables::long_rows(by, themes, tally, denominator),
    };
    csv::write_rows(rows, style, out)
}

/// Characters that make a spreadsheet read a cell as a formula (or, for tab and carriage
/// return, that some spreadsheets strip before doing so).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet could run `text` as a formula.
pub(crate) fn is_formula_like(text: &str) -> bool {
    text.starts_with(FORMULA_STARTS)
}

/// `text` made inert for spreadsheets: text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, which spreadsheets show as text and never evaluate.
pub fn neutralize(text: &str) -> Cow<'_, str> {
    if is_formula_like(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Width of an aligned text column of theme ids headed `theme`: the longest id, or the heading.
pub fn theme_column_width<'a>(ids: impl IntoIterator<Item = &'a str>) -> usize {
    ids.into_iter()
        .map(str::len)
        .max()
        .unwrap_or(0)
        .max("theme".len())
}

/// A number with at most six decimals and no trailing zeros: `2.5`, `0.333333`, `0`.
pub fn decimal(value: f64) -> String {
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A p-value: six decimals like [`decimal`], or three significant digits in scientific notation
/// when smaller than 0.000001 (`2.29e-12`), so a tiny p-value never reads as zero.
pub(crate) fn probability(value: f64) -> String {
    if value != 0.0 && value.abs() < 1e-6 {
        format!("{value:.2e}")
    } else {
        decimal(value)
    }
}

/// Themes named by `ids`, for tests.
#[cfg(test)]
pub(crate) fn test_themes(ids: &[&str]) -> Vec<ThemeInfo> {
    ids.iter()
        .map(|id| ThemeInfo {
            id: id.to_string(),
            label: id.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        for (value, text) in [
            (2.5, "2.5"),
            (1.0 / 3.0, "0.333333"),
            (0.0, "0"),
            (12.0, "12"),
            (0.0000004, "0"),
            (-0.0000004, "0"),
        ] {
            assert_eq!(decimal(value), text);
        }
    }

    #[test]
    fn probabilities_never_read_as_zero() {
        for (value, text) in [
            (0.0929015763701205, "0.092902"),
            (1.0, "1"),
            (0.0, "0"),
            (2.2867e-12, "2.29e-12"),
        ] {
            assert_eq!(probability(value), text);
        }
    }

    #[test]
    fn formula_like_text_is_neutralised() {
        for (text, expected) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+7 495", "'+7 495"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Mr. A", "Mr. A"),
            ("Г-н Б", "Г-н Б"),
            ("", ""),
        ] {
            assert_eq!(neutralize(text), expected);
        }
    }
}

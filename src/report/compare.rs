//! The contrast of two groups, theme by theme, as `ctlex compare` writes it: a wide table (one
//! row per theme, each group's columns named after it), a long one (one row per theme and group),
//! and a section of the HTML report. Like every writer, it only formats what the tally holds.

use std::fmt::Write as _;
use std::io::{self, Write};

use std::ops::ControlFlow;

use crate::groups::Groups;
use crate::lexicon::ThemeInfo;
use crate::measures::{Denominator, Keyness, Rate};
use crate::sink::{Found, MatchSink};
use crate::tally::{Counts, GroupKey, Tally};

use super::heatmap::escape;
use super::html::{write_html, Page};
use super::{decimal, probability, Cell, Column, Kind, Table};

/// Two groups of one run, and their counts.
pub struct Comparison<'a> {
    /// How each group is named in column headers and titles.
    pub names: [String; 2],
    /// Each group's counts.
    pub counts: [&'a Counts; 2],
    /// The two groups alone, for the outputs that show groups (terms, workbook, report).
    pub tally: Tally,
}

impl Comparison<'_> {
    /// Theme by theme, the first group against the second: each one's hits in counter-terrorism
    /// context and wherever they stand, denominator and rate (of the hits in context) with its
    /// interval, in columns named `<group>_hits` and so on, then the log ratio of the rates and
    /// the signed G² with its p-value (positive: more in the first group).
    pub fn wide(&self, themes: &[ThemeInfo], denominator: Denominator) -> Table {
        let mut columns = vec![Column::new("theme", Kind::Text)];
        for name in &self.names {
            columns.extend(side_columns(&format!("{name}_"), denominator));
        }
        columns.extend(keyness_columns());
        let [a, b] = self.counts;
        let rows = (0..themes.len())
            .map(|i| {
                let mut row = vec![Cell::Text(themes[i].id.clone())];
                row.extend(side_cells(a, i, denominator));
                row.extend(side_cells(b, i, denominator));
                row.extend(keyness_cells(a, b, i, denominator));
                row
            })
            .collect();
        Table { columns, rows }
    }

    /// One row per theme and group, the first group first: the group's hits, denominator and
    /// rate as in [`Comparison::wide`], and the keyness of the group against the other one (so
    /// the two rows of a theme have opposite signs).
    pub fn long(&self, themes: &[ThemeInfo], denominator: Denominator) -> Table {
        let mut columns = vec![
            Column::new("theme", Kind::Text),
            Column::new("group", Kind::Text),
        ];
        columns.extend(side_columns("", denominator));
        columns.extend(keyness_columns());
        let [a, b] = self.counts;
        let mut rows = Vec::with_capacity(2 * themes.len());
        for (i, theme) in themes.iter().enumerate() {
            for (name, (this, other)) in self.names.iter().zip([(a, b), (b, a)]) {
                let mut row = vec![Cell::Text(theme.id.clone()), Cell::Text(name.clone())];
                row.extend(side_cells(this, i, denominator));
                row.extend(keyness_cells(this, other, i, denominator));
                rows.push(row);
            }
        }
        Table { columns, rows }
    }

    /// The section of the HTML report: the wide table under a heading naming both groups.
    pub fn html_section(&self, themes: &[ThemeInfo], denominator: Denominator) -> String {
        let table = self.wide(themes, denominator);
        let [a, b] = &self.names;
        let mut h = String::new();
        // Writing to a String cannot fail.
        let _ = write_section(&mut h, a, b, &table);
        h
    }

    /// Writes the HTML report `page` with the comparison's section before its first heading.
    pub fn write_report(
        &self,
        page: &Page,
        themes: &[ThemeInfo],
        denominator: Denominator,
        mut out: impl Write,
    ) -> io::Result<()> {
        let mut html = Vec::new();
        write_html(page, &mut html)?;
        let at = memchr::memmem::find(&html, b"<h2")
            .or_else(|| memchr::memmem::rfind(&html, b"</body>"))
            .unwrap_or(html.len());
        out.write_all(&html[..at])?;
        out.write_all(self.html_section(themes, denominator).as_bytes())?;
        out.write_all(&html[at..])?;
        out.flush()
    }
}

/// Passes on to `inner` the matches of the statements in either of two groups, so that the hits a
/// comparison shows are those of its groups.
pub struct TwoGroups<'s> {
    /// Where the matches go.
    pub inner: &'s dyn MatchSink,
    /// The two groups' keys.
    pub keys: [GroupKey; 2],
    /// The groups of `--groups`, when the keys name them.
    pub groups: Option<&'s Groups>,
}

impl MatchSink for TwoGroups<'_> {
    fn batch(&self, seq: u64, found: &[Found<'_>]) -> ControlFlow<()> {
        let kept: Vec<Found<'_>> = found
            .iter()
            .filter(|f| {
                self.keys.iter().any(|key| match self.groups {
                    Some(groups) => groups.label_has(f.group, key),
                    None => f.group == key,
                })
            })
            .copied()
            .collect();
        self.inner.batch(seq, &kept)
    }
}

fn write_section(h: &mut String, a: &str, b: &str, table: &Table) -> std::fmt::Result {
    writeln!(
        h,
        "<h2 id=\"compare\">{} against {}</h2>\n<p class=\"note\">Per theme, each group's hits \
         and rate per 1,000 with its 95% interval; the log ratio and signed G² are positive \
         where {} uses the theme more. Click a column head to sort.</p>",
        escape(a),
        escape(b),
        escape(a)
    )?;
    writeln!(h, "<table class=\"sortable\"><thead><tr>")?;
    for column in &table.columns {
        let class = if column.kind == Kind::Text {
            " class=\"g\""
        } else {
            ""
        };
        write!(h, "<th{class}>{}</th>", escape(&column.name))?;
    }
    writeln!(h, "</tr></thead><tbody>")?;
    for row in &table.rows {
        write!(h, "<tr>")?;
        for (cell, column) in row.iter().zip(&table.columns) {
            let (text, class) = match cell {
                Cell::Text(text) => (escape(text), " class=\"g\""),
                Cell::Count(n) => (n.to_string(), ""),
                Cell::Number(None) => (String::new(), ""),
                Cell::Number(Some(v)) if column.kind == Kind::Probability => (probability(*v), ""),
                Cell::Number(Some(v)) => (decimal(*v), ""),
            };
            write!(h, "<td{class} data-v=\"{text}\">{text}</td>")?;
        }
        writeln!(h, "</tr>")?;
    }
    writeln!(h, "</tbody></table>")
}

/// A group's columns, each name after `prefix`.
fn side_columns(prefix: &str, denominator: Denominator) -> [Column; 6] {
    [
        Column::new(format!("{prefix}hits"), Kind::Count),
        Column::new(format!("{prefix}hits_all"), Kind::Count),
        Column::new(
            format!("{prefix}{}", denominator_column(denominator)),
            Kind::Count,
        ),
        Column::new(format!("{prefix}per_1000"), Kind::Rate),
        Column::new(format!("{prefix}per_1000_low"), Kind::Rate),
        Column::new(format!("{prefix}per_1000_high"), Kind::Rate),
    ]
}

fn keyness_columns() -> [Column; 3] {
    [
        Column::new("log_ratio", Kind::Statistic),
        Column::new("g2", Kind::Statistic),
        Column::new("p_value", Kind::Probability),
    ]
}

/// A group's cells for theme `i`: hits, hits anywhere, denominator, rate with its interval.
fn side_cells(counts: &Counts, i: usize, denominator: Denominator) -> [Cell; 6] {
    let (h, base) = (hits(counts, i), denominator.of(counts));
    let rate = Rate::new(h, base);
    [
        Cell::Count(h),
        Cell::Count(counts.hits_all.get(i).copied().unwrap_or(0)),
        Cell::Count(base),
        Cell::Number(rate.map(|r| r.per_1000)),
        Cell::Number(rate.map(|r| r.low)),
        Cell::Number(rate.map(|r| r.high)),
    ]
}

/// The keyness of theme `i` in `this` against `other`.
fn keyness_cells(this: &Counts, other: &Counts, i: usize, denominator: Denominator) -> [Cell; 3] {
    let keyness = Keyness::new(
        hits(this, i),
        denominator.of(this),
        hits(other, i),
        denominator.of(other),
    );
    [
        Cell::Number(keyness.map(|k| k.log_ratio)),
        Cell::Number(keyness.map(|k| k.g2)),
        Cell::Number(keyness.map(|k| k.p_value)),
    ]
}

fn hits(counts: &Counts, theme: usize) -> u64 {
    counts.hits.get(theme).copied().unwrap_or(0)
}

fn denominator_column(denominator: Denominator) -> &'static str {
    match denominator {
        Denominator::Tokens => "tokens",
        Denominator::Content => "content_tokens",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(tokens: u64, hits: &[u64]) -> Counts {
        Counts {
            statements: 1,
            tokens,
            hits: hits.to_vec(),
            hits_all: hits.to_vec(),
            ..Counts::default()
        }
    }

    #[test]
    fn the_long_rows_of_a_theme_have_keyness_of_opposite_signs() {
        let themes = crate::report::test_themes(&["ftf"]);
        let (a, b) = (counts(100, &[5]), counts(200, &[2]));
        let comparison = Comparison {
            names: ["A".into(), "B".into()],
            counts: [&a, &b],
            tally: Tally::default(),
        };
        let long = comparison.long(&themes, Denominator::Tokens);
        let g2 = |row: &[Cell]| match row[9] {
            Cell::Number(Some(g)) => g,
            _ => panic!("no G²"),
        };
        assert_eq!(g2(&long.rows[0]), -g2(&long.rows[1]));
        assert!(g2(&long.rows[0]) > 0.0, "more in A");
        let wide = comparison.wide(&themes, Denominator::Tokens);
        assert_eq!(wide.columns[1].name, "A_hits");
        assert_eq!(wide.columns[7].name, "B_hits");
    }

    #[test]
    fn the_section_escapes_group_names() {
        let themes = crate::report::test_themes(&["ftf"]);
        let (a, b) = (counts(10, &[1]), counts(10, &[0]));
        let comparison = Comparison {
            names: ["<A>".into(), "B & C".into()],
            counts: [&a, &b],
            tally: Tally::default(),
        };
        let section = comparison.html_section(&themes, Denominator::Tokens);
        assert!(section.contains("&lt;A&gt; against B &amp; C"), "{section}");
        assert!(section.contains("<th>&lt;A&gt;_hits</th>"), "{section}");
    }
}

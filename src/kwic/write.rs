//! The two forms a concordance is written in: CSV, one hit a row, text from the input
//! neutralised like every CSV ctlex writes ([`CsvLines`]); and aligned lines for a terminal, the
//! hits one under another ([`TextLines`]).

use std::io::{self, Write};

use super::Line;
use crate::report::csv::{CsvStyle, CsvTableWriter};
use crate::report::{Cell, Column, Kind};

/// Lines aligned together on a terminal: the widths of a block are those of its longest fields.
const TEXT_BLOCK: usize = 500;

/// Receives a concordance's lines in reading order.
pub trait LineWriter {
    /// Writes one line.
    fn line(&mut self, line: &Line) -> io::Result<()>;
    /// Writes what is still held and flushes.
    fn finish(&mut self) -> io::Result<()>;
}

/// The columns of a concordance in CSV, with the `by` columns after the statement's place.
pub fn columns(by: &[String]) -> Vec<Column> {
    let mut columns = vec![
        Column::new("doc", Kind::Text),
        Column::new("file", Kind::Text),
        Column::new("line", Kind::Count),
    ];
    columns.extend(by.iter().map(|c| Column::new(c.as_str(), Kind::Text)));
    columns.extend([
        Column::new("start", Kind::Count),
        Column::new("end", Kind::Count),
        Column::new("before", Kind::Text),
        Column::new("match", Kind::Text),
        Column::new("after", Kind::Text),
        Column::new("in_context", Kind::Text),
        Column::new("context", Kind::Text),
    ]);
    columns
}

/// A concordance as CSV.
pub struct CsvLines<W: Write> {
    writer: Option<CsvTableWriter<W>>,
}

impl<W: Write> CsvLines<W> {
    /// Writes the header (with the `by` columns) to `out` in `style`.
    pub fn new(out: W, style: CsvStyle, by: &[String]) -> io::Result<CsvLines<W>> {
        Ok(CsvLines {
            writer: Some(CsvTableWriter::new(out, style, &columns(by))?),
        })
    }
}

impl<W: Write> LineWriter for CsvLines<W> {
    fn line(&mut self, line: &Line) -> io::Result<()> {
        let mut row = vec![
            Cell::Text(line.doc.clone()),
            Cell::Text(line.file.clone()),
            Cell::Count(line.line),
        ];
        row.extend(line.group.iter().map(|v| Cell::Text(v.clone())));
        row.extend([
            Cell::Count(line.chars.start as u64),
            Cell::Count(line.chars.end as u64),
            Cell::Text(line.before.clone()),
            Cell::Text(line.text.clone()),
            Cell::Text(line.after.clone()),
            Cell::Text(line.in_context.to_string()),
            Cell::Text(line.context.clone()),
        ]);
        match &mut self.writer {
            Some(writer) => writer.row(&row),
            None => Ok(()),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        match self.writer.take() {
            Some(writer) => writer.finish()?.flush(),
            None => Ok(()),
        }
    }
}

/// A concordance for reading: per hit, where it is (`doc:line` and the `by` values), the
/// context before it right-aligned, the hit between bars, the context after it, and
/// `(not in context)` for a hit that counter-terrorism context did not license.
///
/// ```text
/// 08_russian-federation.txt:5 [Russian Federation]  …threat posed by foreign | terrorist fighters | remains…
/// ```
pub struct TextLines<W: Write> {
    out: W,
    block: Vec<Line>,
}

impl<W: Write> TextLines<W> {
    /// Writes to `out`; each column is as wide as its widest field in the block.
    pub fn new(out: W) -> TextLines<W> {
        TextLines {
            out,
            block: Vec::new(),
        }
    }

    fn flush_block(&mut self) -> io::Result<()> {
        let places: Vec<String> = self.block.iter().map(place).collect();
        let widest = |field: fn(&Line) -> &str| {
            let lines = self.block.iter();
            lines.map(|l| field(l).chars().count()).max().unwrap_or(0)
        };
        let place_width = places.iter().map(|p| p.chars().count()).max().unwrap_or(0);
        let (before_width, hit_width, after_width) = (
            widest(|l| &l.before),
            widest(|l| &l.text),
            widest(|l| &l.after),
        );
        for (line, place) in self.block.iter().zip(&places) {
            let mark = if line.in_context {
                ""
            } else {
                "  (not in context)"
            };
            let text = format!(
                "{place:<place_width$}  {:>before_width$} | {:<hit_width$} | {:<after_width$}{mark}",
                line.before, line.text, line.after,
            );
            writeln!(self.out, "{}", text.trim_end())?;
        }
        self.block.clear();
        Ok(())
    }
}

/// Where a hit is, as the text form shows it: `doc:line`, then the `by` values in brackets.
fn place(line: &Line) -> String {
    let mut place = format!("{}:{}", line.doc, line.line);
    if !line.group.is_empty() {
        place.push_str(&format!(" [{}]", line.group.join(", ")));
    }
    place
}

impl<W: Write> LineWriter for TextLines<W> {
    fn line(&mut self, line: &Line) -> io::Result<()> {
        self.block.push(line.clone());
        if self.block.len() >= TEXT_BLOCK {
            self.flush_block()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.flush_block()?;
        self.out.flush()
    }
}

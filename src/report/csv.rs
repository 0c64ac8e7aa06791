//! CSV rendering of tables: RFC 4180 quoting, a chosen delimiter, optionally the form Excel opens
//! with a double click (UTF-8 with a byte-order mark, CRLF line ends), and text from the input
//! neutralised so that no cell runs as a formula.

use std::io::{self, Write};

use super::{decimal, neutralize, probability, Cell, Column, Kind, Rows, Table};
use crate::error::csv_io_error;

/// How CSV is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvStyle {
    /// The field separator (`,` by default; `;` where the decimal separator is a comma, `\t`).
    pub delimiter: u8,
    /// UTF-8 with a byte-order mark and CRLF line ends, for Excel.
    pub excel: bool,
    /// Text cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading `'`.
    pub neutralize: bool,
    /// Numbers with a `,` decimal separator, for spreadsheets in such locales.
    pub decimal_comma: bool,
}

impl Default for CsvStyle {
    fn default() -> Self {
        CsvStyle {
            delimiter: b',',
            excel: false,
            neutralize: true,
            decimal_comma: false,
        }
    }
}

/// Writes a table row by row; the header is written on creation.
pub(crate) struct CsvTableWriter<W: Write> {
    writer: ::csv::Writer<W>,
    style: CsvStyle,
    kinds: Vec<Kind>,
    record: Vec<String>,
}

impl<W: Write> CsvTableWriter<W> {
    pub(crate) fn new(mut out: W, style: CsvStyle, columns: &[Column]) -> io::Result<Self> {
        if style.excel {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let terminator = if style.excel {
            ::csv::Terminator::CRLF
        } else {
            ::csv::Terminator::Any(b'\n')
        };
        let mut writer = ::csv::WriterBuilder::new()
            .delimiter(style.delimiter)
            .terminator(terminator)
            .from_writer(out);
        let header: Vec<String> = columns
            .iter()
            .map(|c| text(&c.name, style).to_string())
            .collect();
        writer.write_record(&header).map_err(csv_io_error)?;
        Ok(CsvTableWriter {
            writer,
            style,
            kinds: columns.iter().map(|c| c.kind).collect(),
            record: Vec::new(),
        })
    }

    pub(crate) fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.record.clear();
        for (i, cell) in cells.iter().enumerate() {
            let kind = self.kinds.get(i).copied().unwrap_or(Kind::Text);
            let number = match cell {
                Cell::Text(t) => {
                    self.record.push(text(t, self.style).into_owned());
                    continue;
                }
                Cell::Count(n) => n.to_string(),
                Cell::Number(None) => String::new(),
                Cell::Number(Some(x)) if kind == Kind::Probability => probability(*x),
                Cell::Number(Some(x)) => decimal(*x),
            };
            self.record.push(if self.style.decimal_comma {
                number.replace('.', ",")
            } else {
                number
            });
        }
        self.writer
            .write_record(&self.record)
            .map_err(csv_io_error)?;
        Ok(())
    }

    /// Flushes and returns the output. A failed flush keeps its error's kind, so that a
    /// closed pipe is still seen as one.
    pub(crate) fn finish(self) -> io::Result<W> {
        self.writer.into_inner().map_err(|e| e.into_error())
    }
}

fn text(value: &str, style: CsvStyle) -> std::borrow::Cow<'_, str> {
    if style.neutralize {
        neutralize(value)
    } else {
        value.into()
    }
}

/// Writes a whole table.
pub fn write_table(table: &Table, style: CsvStyle, out: impl Write) -> io::Result<()> {
    write_each(&table.columns, &table.rows, style, out)
}

/// Writes a table row by row as its rows are made, holding one at a time.
pub fn write_rows(rows: Rows<'_>, style: CsvStyle, out: impl Write) -> io::Result<()> {
    write_each(&rows.columns, rows.rows, style, out)
}

/// Writes the header of `columns`, then each of `rows`.
fn write_each(
    columns: &[Column],
    rows: impl IntoIterator<Item = impl AsRef<[Cell]>>,
    style: CsvStyle,
    out: impl Write,
) -> io::Result<()> {
    let mut writer = CsvTableWriter::new(out, style, columns)?;
    for row in rows {
        writer.row(row.as_ref())?;
    }
    writer.finish()?.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            columns: vec![
                Column::new("speaker", Kind::Text),
                Column::new("hits", Kind::Count),
                Column::new("per_1000", Kind::Rate),
                Column::new("p_value", Kind::Probability),
            ],
            rows: vec![
                vec![
                    Cell::Text("=HYPERLINK(\"http://x\",\"y\")".into()),
                    Cell::Count(3),
                    Cell::Number(Some(7.5)),
                    Cell::Number(Some(1e-9)),
                ],
                vec![
                    Cell::Text("Г-н Б".into()),
                    Cell::Count(0),
                    Cell::Number(None),
                    Cell::Number(None),
                ],
            ],
        }
    }

    fn render(style: CsvStyle) -> String {
        let mut out = Vec::new();
        write_table(&table(), style, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_csv_neutralises_formulas() {
        assert_eq!(
            render(CsvStyle::default()),
            "speaker,hits,per_1000,p_value\n\
             \"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",3,7.5,1.00e-9\n\
             Г-н Б,0,,\n"
        );
    }

    #[test]
    fn excel_csv_has_bom_crlf_and_semicolons() {
        let style = CsvStyle {
            delimiter: b';',
            excel: true,
            neutralize: false,
            decimal_comma: true,
        };
        assert_eq!(
            render(style),
            "\u{feff}speaker;hits;per_1000;p_value\r\n\
             \"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";3;7,5;1,00e-9\r\n\
             Г-н Б;0;;\r\n"
        );
    }
}

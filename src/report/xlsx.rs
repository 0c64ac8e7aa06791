//! The workbook: one sheet per table, with the header row and the label columns (the `--by`
//! columns) frozen, an autofilter, numbers stored as numbers with formats that suit them, and a
//! colour scale over the rates of the summary. Each sheet prints in landscape, one page wide,
//! with the header row repeated on every page.
//!
//! Text from the input that a spreadsheet could take for a formula is stored as text with
//! Excel's quote prefix (shown as written, never evaluated) unless neutralising is turned off.

use std::io::{self, Seek, Write};

use rust_xlsxwriter::{
    Color, ConditionalFormat3ColorScale, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::{is_formula_like, Cell, Column, Kind, Table};

/// Rows a worksheet holds below its header (Excel's limit is 1,048,576 rows in all).
pub(crate) const MAX_ROWS: usize = 1_048_575;

/// Where the colour scale goes on a sheet: the columns to colour, each on its own scale.
#[derive(Clone, Copy, Debug, Default)]
pub enum Scale {
    /// No colour scale.
    #[default]
    None,
    /// Every column of this kind.
    Columns(Kind),
}

/// A sheet to write.
pub struct Sheet<'a> {
    /// The sheet's name.
    pub name: &'a str,
    /// The table it holds.
    pub table: &'a Table,
    /// Where its colour scale goes.
    pub scale: Scale,
    /// How many columns on the left label the rows (the `--by` columns), frozen beside the
    /// header row.
    pub labels: usize,
}

/// Builds workbooks.
pub struct WorkbookWriter {
    workbook: Workbook,
    neutralize: bool,
    header: Format,
    quoted: Format,
    /// A note per sheet whose table did not fit.
    pub truncated: Vec<String>,
}

impl WorkbookWriter {
    /// An empty workbook; with `neutralize`, text that looks like a formula is written quoted.
    pub fn new(neutralize: bool) -> WorkbookWriter {
        WorkbookWriter {
            workbook: Workbook::new(),
            neutralize,
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDE4EE))
                .set_border_bottom(FormatBorder::Thin),
            quoted: Format::new().set_quote_prefix(),
            truncated: Vec::new(),
        }
    }

    /// Adds a sheet. Large tables go through a constant-memory sheet.
    pub fn add(&mut self, sheet: &Sheet) -> io::Result<()> {
        self.add_sheet(sheet).map_err(xlsx_io_error)
    }

    fn add_sheet(&mut self, sheet: &Sheet) -> Result<(), XlsxError> {
        let big = sheet.table.rows.len() > 10_000;
        let worksheet = if big {
            self.workbook.add_worksheet_with_constant_memory()
        } else {
            self.workbook.add_worksheet()
        };
        worksheet.set_name(sheet.name)?;
        let rows = sheet.table.rows.len().min(MAX_ROWS);
        if rows < sheet.table.rows.len() {
            self.truncated.push(format!(
                "sheet {}: the first {rows} of {} rows",
                sheet.name,
                sheet.table.rows.len()
            ));
        }
        write_sheet(
            worksheet,
            &sheet.table.columns,
            &sheet.table.rows[..rows],
            sheet.labels,
            &Style {
                header: &self.header,
                quoted: &self.quoted,
                neutralize: self.neutralize,
            },
        )?;
        if let Scale::Columns(kind) = sheet.scale {
            if rows > 0 {
                for (col, column) in sheet.table.columns.iter().enumerate() {
                    if column.kind == kind {
                        let scale = ConditionalFormat3ColorScale::new()
                            .set_minimum_color(Color::RGB(0xF7FBFF))
                            .set_midpoint_color(Color::RGB(0x9ECAE1))
                            .set_maximum_color(Color::RGB(0x2171B5));
                        let col = col_num(col);
                        worksheet.add_conditional_format(1, col, row_num(rows), col, &scale)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Adds a two-column sheet of names and values.
    pub fn add_pairs(&mut self, name: &str, pairs: &[(String, String)]) -> io::Result<()> {
        let table = Table {
            columns: vec![
                Column::new("key", Kind::Text),
                Column::new("value", Kind::Text),
            ],
            rows: pairs
                .iter()
                .map(|(k, v)| vec![Cell::Text(k.clone()), Cell::Text(v.clone())])
                .collect(),
        };
        self.add(&Sheet {
            name,
            table: &table,
            scale: Scale::None,
            labels: 1,
        })
    }

    /// Writes the workbook.
    pub fn save<W: Write + Seek + Send>(mut self, out: W) -> io::Result<()> {
        self.workbook.save_to_writer(out).map_err(xlsx_io_error)
    }
}

/// The workbook writer's error as an I/O error: the one underneath it when there is one.
fn xlsx_io_error(e: XlsxError) -> io::Error {
    match e {
        XlsxError::IoError(e) => e,
        e => io::Error::other(e),
    }
}

struct Style<'a> {
    header: &'a Format,
    quoted: &'a Format,
    neutralize: bool,
}

fn write_sheet(
    worksheet: &mut Worksheet,
    columns: &[Column],
    rows: &[Vec<Cell>],
    labels: usize,
    style: &Style,
) -> Result<(), XlsxError> {
    let formats: Vec<Option<Format>> = columns.iter().map(|c| number_format(c.kind)).collect();
    for (col, column) in columns.iter().enumerate() {
        let width = match column.kind {
            Kind::Text => 18.0,
            _ => (column.name.chars().count() as f64 + 2.0).max(9.0),
        };
        worksheet.set_column_width(col_num(col), width)?;
    }
    for (col, column) in columns.iter().enumerate() {
        worksheet.write_string_with_format(0, col_num(col), &column.name, style.header)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        let row = row_num(r + 1);
        for (c, cell) in cells.iter().enumerate() {
            let col = col_num(c);
            let format = formats.get(c).and_then(Option::as_ref);
            match (cell, format) {
                (Cell::Text(text), _) if style.neutralize && is_formula_like(text) => {
                    worksheet.write_string_with_format(row, col, text, style.quoted)?;
                }
                (Cell::Text(text), _) => {
                    if !text.is_empty() {
                        worksheet.write_string(row, col, text)?;
                    }
                }
                (Cell::Count(n), _) => {
                    worksheet.write_number(row, col, *n as f64)?;
                }
                (Cell::Number(None), _) => {}
                (Cell::Number(Some(x)), Some(format)) => {
                    worksheet.write_number_with_format(row, col, *x, format)?;
                }
                (Cell::Number(Some(x)), None) => {
                    worksheet.write_number(row, col, *x)?;
                }
            }
        }
    }
    let last_col = col_num(columns.len().saturating_sub(1));
    worksheet.set_freeze_panes(1, col_num(labels.min(columns.len())))?;
    if !columns.is_empty() {
        worksheet.autofilter(0, 0, row_num(rows.len()), last_col)?;
    }
    worksheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
}

fn number_format(kind: Kind) -> Option<Format> {
    let pattern = match kind {
        Kind::Rate => "0.00",
        Kind::Share => "0.0%",
        Kind::Statistic => "0.00",
        // General: small p-values show in scientific notation rather than as 0.0000.
        Kind::Text | Kind::Count | Kind::Probability => return None,
    };
    Some(Format::new().set_num_format(pattern))
}

fn row_num(row: usize) -> u32 {
    u32::try_from(row).unwrap_or(u32::MAX)
}

fn col_num(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

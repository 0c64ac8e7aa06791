//! LIWC-22 dictionaries (`.dicx`): a CSV whose header names the categories from its second
//! column on, and whose rows are a term followed by an `X` under each category it belongs to.
//!
//! ```text
//! DicTerm,Foreign fighters,Cells
//! foreign fighter*,X,
//! спящие ячейки,,X
//! ```
//!
//! Read as a LIWC `.dic` is (see [`super::liwc`]): category names become theme ids, a term's
//! language is told by its script, and two categories that would become one theme are refused.
//! A cell that is neither empty nor `X`, and a term under no category, are refused with their
//! line rather than guessed at.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::flat::{csv_error, record_line};
use super::yaml::{language_of, same_theme, theme_id, unsupported_glob};
use super::{Entry, EntryKind, LineIndex, Location, Theme};
use crate::error::LexiconError;

/// Reads a LIWC-22 dictionary; `file` names it in errors.
pub(super) fn parse(file: &str, text: &str) -> Result<Vec<Theme>, LexiconError> {
    let file: Arc<str> = file.into();
    let error = |line: usize, message: String| LexiconError::in_file(&*file, Some(line), message);
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let lines = LineIndex::new(text);
    let mut records = reader.records();
    let header = match records.next() {
        Some(record) => record.map_err(|e| csv_error(&file, 0, e))?,
        None => return Err(error(1, "the dictionary is empty".into())),
    };
    // Per column from the second: the theme id and the category as written.
    let mut categories: Vec<(String, String)> = Vec::new();
    for (column, name) in header.iter().enumerate().skip(1) {
        let name = name.trim();
        let id = theme_id(name);
        if id.is_empty() {
            return Err(error(
                1,
                format!("column {} has no category name", column + 1),
            ));
        }
        if let Some((_, first)) = categories.iter().find(|(_, first)| first == name) {
            return Err(error(
                1,
                format!("category `{first}` is declared twice; give each column a name of its own"),
            ));
        }
        if let Some(at) = categories.iter().position(|(other, _)| *other == id) {
            let first = &categories[at].1;
            let first_at = format!("column {}", at + 2);
            return Err(error(1, same_theme(first, &first_at, name, &id)));
        }
        categories.push((id, name.to_string()));
    }
    if categories.is_empty() {
        return Err(error(
            1,
            "a LIWC-22 dictionary has a header of the term column and one column per category"
                .into(),
        ));
    }
    let mut themes: BTreeMap<String, Theme> = BTreeMap::new();
    for record in records {
        let record = record.map_err(|e| csv_error(&file, 0, e))?;
        let line = record_line(text, &lines, &record);
        let term = record.get(0).unwrap_or("").trim();
        if term.is_empty() {
            continue;
        }
        if let Some(message) = unsupported_glob(term) {
            return Err(error(line, message));
        }
        let entry_error = |message: String| LexiconError {
            entry: Some(term.to_string()),
            ..error(line, message)
        };
        let mut marked = 0;
        for (i, cell) in record.iter().enumerate().skip(1) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let Some((id, name)) = categories.get(i - 1) else {
                return Err(entry_error(format!(
                    "column {} has a mark but no category in the header",
                    i + 1
                )));
            };
            if !cell.eq_ignore_ascii_case("x") {
                return Err(entry_error(format!(
                    "the cell under `{name}` is `{cell}`: mark a category with X, or leave it \
                     empty"
                )));
            }
            marked += 1;
            let theme = themes
                .entry(id.clone())
                .or_insert_with(|| Theme::empty(id, file.clone()));
            theme.entries.push(Entry {
                language: language_of(term),
                kind: EntryKind::Include,
                pattern: term.to_string(),
                location: Location {
                    file: file.clone(),
                    line,
                },
            });
        }
        if marked == 0 {
            return Err(entry_error(
                "marks no category: put an X under at least one".into(),
            ));
        }
    }
    Ok(themes.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Language;

    #[test]
    fn reads_terms_under_their_categories() {
        let text = "\u{feff}DicTerm,Foreign fighters,cells\r\nforeign fighter*,X,\r\nспящие ячейки,x,X\r\n";
        let themes = parse("d.dicx", text).unwrap();
        let got = crate::lexicon::entry_rows(&themes);
        assert_eq!(
            got,
            [
                ("cells", Language::Russian, "спящие ячейки", 3),
                ("foreign_fighters", Language::English, "foreign fighter*", 2),
                ("foreign_fighters", Language::Russian, "спящие ячейки", 3),
            ]
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        for (text, line, message) in [
            ("", 1, "empty"),
            ("DicTerm\nword\n", 1, "one column per category"),
            ("DicTerm,a,\nword,X\n", 1, "column 3 has no category name"),
            ("DicTerm,a\nword,X,X\n", 2, "column 3 has a mark"),
            (
                "DicTerm,FTF,ftf\n",
                1,
                "`FTF` (column 2) and `ftf` both become theme `ftf`",
            ),
            ("DicTerm,a,b\n\nword,,\n", 3, "marks no category"),
        ] {
            let err = parse("d.dicx", text).unwrap_err();
            assert_eq!(err.line, Some(line), "{text:?}: {err}");
            assert!(err.message.contains(message), "{text:?}: {err}");
        }
    }
}

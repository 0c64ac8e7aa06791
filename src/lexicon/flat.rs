//! The flat lexicon format: a CSV (or TSV) with one entry a row, the form a spreadsheet user
//! edits. Columns, found by name: `theme`, `language` (`en`/`ru`), `pattern`, and optionally
//! `kind` (`entry`, the default, or `exclude`) and `label`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use super::{Entry, EntryKind, Lexicon, Location, Theme};
use crate::error::{csv_io_error, Error, LexiconError};
use crate::lang::Language;

pub(super) fn load(path: &Path, delimiter: u8) -> Result<Vec<Theme>, Error> {
    let file: Arc<str> = path.display().to_string().into();
    let error = |line: Option<usize>, message: String| LexiconError {
        file: file.to_string(),
        line,
        entry: None,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_path(path)
        .map_err(|e| csv_error(path, e))?;
    let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
    let column = |name: &str| {
        headers.iter().position(|h| {
            h.trim_start_matches('\u{feff}')
                .trim()
                .eq_ignore_ascii_case(name)
        })
    };
    let (Some(theme_col), Some(language_col), Some(pattern_col)) =
        (column("theme"), column("language"), column("pattern"))
    else {
        let found: Vec<&str> = headers.iter().collect();
        return Err(error(
            Some(1),
            format!(
                "a flat lexicon needs the columns theme, language, pattern; found: {}",
                found.join(", ")
            ),
        )
        .into());
    };
    let (kind_col, label_col) = (column("kind"), column("label"));
    let mut themes: BTreeMap<String, Theme> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, e))?;
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        let field = |col: usize| record.get(col).unwrap_or("").trim();
        let (id, language, pattern) = (field(theme_col), field(language_col), field(pattern_col));
        if id.is_empty() && language.is_empty() && pattern.is_empty() {
            continue;
        }
        let entry_error = |message: String| LexiconError {
            entry: Some(pattern.to_string()),
            ..error(Some(line), message)
        };
        let language = Language::from_code(language)
            .ok_or_else(|| entry_error(format!("unknown language `{language}` (use en or ru)")))?;
        let kind = match kind_col.map(field).unwrap_or("") {
            "" | "entry" | "include" => EntryKind::Include,
            "exclude" | "exclusion" => EntryKind::Exclude,
            other => {
                return Err(
                    entry_error(format!("unknown kind `{other}` (use entry or exclude)")).into(),
                )
            }
        };
        let theme = themes
            .entry(id.to_string())
            .or_insert_with(|| Theme::empty(id, file.clone()));
        if let Some(label) = label_col.map(field).filter(|l| !l.is_empty()) {
            theme.label = label.to_string();
        }
        theme.entries.push(Entry {
            language,
            kind,
            pattern: pattern.to_string(),
            location: Location {
                file: file.clone(),
                line,
            },
        });
    }
    Ok(themes.into_values().collect())
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(source) => Error::io(path, source),
        kind => Error::Lexicon(LexiconError {
            file: path.display().to_string(),
            line: line.and_then(|l| usize::try_from(l).ok()),
            entry: None,
            message: format!("{kind:?}"),
        }),
    }
}

/// Writes every entry and exclusion as flat CSV: `theme,language,pattern,kind`.
pub fn write_flat_csv(lexicon: &Lexicon, out: impl Write) -> std::io::Result<()> {
    write_flat(lexicon, out).map_err(csv_io_error)
}

fn write_flat(lexicon: &Lexicon, out: impl Write) -> csv::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(["theme", "language", "pattern", "kind"])?;
    for theme in lexicon.themes() {
        for entry in &theme.entries {
            writer.write_record([
                theme.id.as_str(),
                entry.language.code(),
                entry.pattern.as_str(),
                entry.kind.name(),
            ])?;
        }
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn loads_rows_into_themes() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "flat.csv",
            "theme,language,pattern\nftf,en,foreign terrorist fighter\ncells,ru,спящие ячейки\nftf,ru,ИБТ\n",
        );
        let lexicon = Lexicon::new(load(&path, b',').unwrap()).unwrap();
        let themes = lexicon.themes();
        assert_eq!(themes.len(), 2);
        assert_eq!(themes[1].id, "ftf");
        assert_eq!(themes[1].entries[1].pattern, "ИБТ");
        assert_eq!(themes[1].entries[1].location.line, 4);
    }

    #[test]
    fn round_trips_through_export() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "flat.csv",
            "theme,language,pattern,kind\ncells,en,sleeper cell,entry\ncells,en,stem cell,exclude\n",
        );
        let lexicon = Lexicon::new(load(&path, b',').unwrap()).unwrap();
        let mut out = Vec::new();
        write_flat_csv(&lexicon, &mut out).unwrap();
        let exported = write(&dir, "out.csv", std::str::from_utf8(&out).unwrap());
        let again = Lexicon::new(load(&exported, b',').unwrap()).unwrap();
        let patterns = |l: &Lexicon| -> Vec<(EntryKind, String)> {
            l.themes()[0]
                .entries
                .iter()
                .map(|e| (e.kind, e.pattern.clone()))
                .collect()
        };
        assert_eq!(patterns(&lexicon), patterns(&again));
    }

    #[test]
    fn bundled_lexicons_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let lexicon = Lexicon::bundled().unwrap();
        let mut out = Vec::new();
        write_flat_csv(&lexicon, &mut out).unwrap();
        let exported = write(&dir, "out.csv", std::str::from_utf8(&out).unwrap());
        let again = Lexicon::new(load(&exported, b',').unwrap()).unwrap();
        let key = |l: &Lexicon| -> Vec<(String, EntryKind, Language, String)> {
            l.entries()
                .map(|(i, e)| {
                    let id = l.themes()[i].id.clone();
                    (id, e.kind, e.language, e.pattern.clone())
                })
                .collect()
        };
        assert_eq!(key(&lexicon), key(&again));
    }

    #[test]
    fn errors_name_file_line_and_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "flat.csv",
            "theme,language,pattern\nftf,fr,combattant\n",
        );
        let err = load(&path, b',').unwrap_err().to_string();
        assert!(
            err.ends_with("flat.csv:2: entry `combattant`: unknown language `fr` (use en or ru)"),
            "{err}"
        );
        let path = write(&dir, "cols.csv", "theme,pattern\nftf,x\n");
        let err = load(&path, b',').unwrap_err().to_string();
        assert!(err.contains("found: theme, pattern"), "{err}");
    }
}

//! The flat lexicon format: a CSV (or TSV) with one entry a row, the form a spreadsheet user
//! edits. Columns, found by name: `theme`, `language` (`en`/`ru`), `pattern`, and optionally
//! `kind` (`entry`, the default, or `exclude`) and the theme's `label`, `context` rule
//! (`required`, `linked`, `anywhere`) and `scope` note. A theme's label, rule and scope may be
//! written on every row of the theme or on one; two different ones for one theme are refused.
//!
//! The delimiter is told by the header line: `,`, `;` (what a spreadsheet in a Russian or
//! continental European locale writes) or a tab, whatever the file's extension. A first line
//! `sep=;`, which spreadsheets write to name the delimiter, names it. A cell that ctlex
//! neutralised on export (`'=…`, `'-…`: a `'` before a character a spreadsheet would run as a
//! formula) reads as it was before.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

use super::{ContextRule, Entry, EntryKind, Lexicon, LineIndex, Location, Theme};
use crate::error::LexiconError;
use crate::lang::Language;
use crate::report::csv::{write_table, CsvStyle};
use crate::report::{is_formula_like, Cell, Column, Kind, Table};

/// The delimiters a flat lexicon may use, in the order they are preferred on a tie.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// The columns a flat lexicon needs.
const REQUIRED: [&str; 3] = ["theme", "language", "pattern"];

/// The columns `lexicon export` writes: the required ones and `kind` first, as before the
/// theme's own columns were added, so that a reader by position still finds them.
const WRITTEN: [&str; 7] = [
    "theme", "language", "pattern", "kind", "label", "context", "scope",
];

/// Reads a flat lexicon from its text; `file` names it in errors.
pub(super) fn parse(file: &str, text: &str) -> Result<Vec<Theme>, LexiconError> {
    let file: Arc<str> = file.into();
    let error = |line: usize, message: String| LexiconError::in_file(&*file, Some(line), message);
    let (body, skipped, delimiter) = match sep_line(text) {
        Some((rest, delimiter)) => (rest, 1, delimiter),
        None => (text, 0, delimiter_of(text)),
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(body.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| csv_error(&file, skipped, e))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| header_is(h, name));
    let (Some(theme_col), Some(language_col), Some(pattern_col)) =
        (column("theme"), column("language"), column("pattern"))
    else {
        let found: Vec<&str> = headers.iter().map(str::trim).collect();
        return Err(error(
            1 + skipped,
            format!(
                "a flat lexicon needs the columns theme, language, pattern (separated by `,`, \
                 `;` or a tab); found: {}",
                found.join(", ")
            ),
        ));
    };
    let kind_col = column("kind");
    let (label_col, context_col, scope_col) = (column("label"), column("context"), column("scope"));
    let lines = LineIndex::new(body);
    let mut themes: BTreeMap<String, Theme> = BTreeMap::new();
    let mut given = ThemeColumns::default();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&file, skipped, e))?;
        let line = record_line(body, &lines, &record) + skipped;
        // A scope note may run over several lines; any other field that does is a quote left
        // open, which would swallow the rows after it.
        let runs_over =
            |(col, field): (usize, &str)| Some(col) != scope_col && field.contains('\n');
        if record.iter().enumerate().any(runs_over) {
            return Err(error(
                line,
                "a field runs over several lines: a quote opened in this row is not closed".into(),
            ));
        }
        let field = |col: usize| restore(record.get(col).unwrap_or("").trim());
        let (id, language, pattern) = (field(theme_col), field(language_col), field(pattern_col));
        if id.is_empty() && language.is_empty() && pattern.is_empty() {
            continue;
        }
        let entry_error = |message: String| LexiconError {
            entry: Some(pattern.to_string()),
            ..error(line, message)
        };
        let language = Language::from_code(language)
            .ok_or_else(|| entry_error(format!("unknown language `{language}` (use en or ru)")))?;
        let kind = match kind_col.map(field).unwrap_or("") {
            "" | "entry" | "include" => EntryKind::Include,
            "exclude" | "exclusion" => EntryKind::Exclude,
            other => {
                return Err(entry_error(format!(
                    "unknown kind `{other}` (use entry or exclude)"
                )))
            }
        };
        let theme = themes
            .entry(id.to_string())
            .or_insert_with(|| Theme::empty(id, file.clone()));
        for (name, col) in [
            ("label", label_col),
            ("context", context_col),
            ("scope", scope_col),
        ] {
            let value = col.map(field).unwrap_or("");
            given
                .note(id, name, value, line)
                .map_err(|message| error(line, message))?;
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
    let mut themes: Vec<Theme> = themes.into_values().collect();
    for theme in &mut themes {
        given
            .apply(theme)
            .map_err(|(line, message)| error(line, message))?;
    }
    Ok(themes)
}

/// The label, context rule and scope each theme's rows give, with the line that gave each.
#[derive(Default)]
struct ThemeColumns {
    /// (theme id, column) → (value, line).
    values: BTreeMap<(String, &'static str), (String, usize)>,
}

impl ThemeColumns {
    /// Notes the value of `column` on the row at `line`; an empty cell gives nothing, and a
    /// value other than the one an earlier row gave is refused.
    fn note(
        &mut self,
        id: &str,
        column: &'static str,
        value: &str,
        line: usize,
    ) -> Result<(), String> {
        if value.is_empty() {
            return Ok(());
        }
        match self.values.get(&(id.to_string(), column)) {
            Some((first, _)) if first == value => Ok(()),
            Some((first, first_line)) => Err(format!(
                "theme `{id}` has the {column} `{first}` (line {first_line}) and `{value}` \
                 here: give each theme one {column}"
            )),
            None => {
                self.values
                    .insert((id.to_string(), column), (value.to_string(), line));
                Ok(())
            }
        }
    }

    /// Gives `theme` the label, context rule and scope its rows gave.
    fn apply(&self, theme: &mut Theme) -> Result<(), (usize, String)> {
        let get = |column| self.values.get(&(theme.id.clone(), column));
        if let Some((label, _)) = get("label") {
            theme.label = label.clone();
        }
        if let Some((scope, _)) = get("scope") {
            theme.scope = scope.clone();
        }
        if let Some((name, line)) = get("context") {
            theme.context = ContextRule::from_name(name).ok_or_else(|| {
                let names: Vec<&str> = ContextRule::ALL.iter().map(|rule| rule.name()).collect();
                (
                    *line,
                    format!("unknown context rule `{name}` (use {})", names.join(", ")),
                )
            })?;
        }
        Ok(())
    }
}

/// A cell as it was before ctlex neutralised it on export: without the `'` put before a
/// character a spreadsheet would run as a formula.
fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if is_formula_like(rest) => rest,
        _ => cell,
    }
}

/// The 1-based line of `body` on which `record` starts (its first byte, past any line ends
/// before it: the reader's own line count misses the `\n` of a `\r\n` ending the row before).
pub(super) fn record_line(body: &str, lines: &LineIndex, record: &csv::StringRecord) -> usize {
    let start = record
        .position()
        .and_then(|p| usize::try_from(p.byte()).ok())
        .unwrap_or(0);
    let start = start
        + body.as_bytes()[start.min(body.len())..]
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
    lines.line(start)
}

/// Whether a header cell names the column `name`.
fn header_is(cell: &str, name: &str) -> bool {
    cell.trim_start_matches('\u{feff}')
        .trim()
        .trim_matches('"')
        .eq_ignore_ascii_case(name)
}

/// A first line `sep=X` naming the delimiter: the text after it, and the delimiter.
fn sep_line(text: &str) -> Option<(&str, u8)> {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let named = first.trim_end_matches('\r').trim().strip_prefix("sep=")?;
    match named.as_bytes() {
        [delimiter] if DELIMITERS.contains(delimiter) => Some((rest, *delimiter)),
        _ => None,
    }
}

/// The delimiter of the header line: the one that splits it into the required columns, else
/// the one that splits it into the most cells (a comma when none splits it).
fn delimiter_of(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let cells = |delimiter: u8| -> Vec<String> {
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .from_reader(header.as_bytes())
            .records()
            .next()
            .and_then(Result::ok)
            .map(|record| record.iter().map(str::to_string).collect())
            .unwrap_or_default()
    };
    let split: Vec<(u8, Vec<String>)> = DELIMITERS.iter().map(|&d| (d, cells(d))).collect();
    let complete = split.iter().find(|(_, cells)| {
        REQUIRED
            .iter()
            .all(|name| cells.iter().any(|cell| header_is(cell, name)))
    });
    complete
        .or_else(|| split.iter().rev().max_by_key(|(_, cells)| cells.len()))
        .map_or(b',', |(delimiter, _)| *delimiter)
}

/// A CSV reader's error as a sentence with its line (counting the `sep=` line skipped).
pub(super) fn csv_error(file: &str, skipped: usize, e: csv::Error) -> LexiconError {
    let line = e
        .position()
        .and_then(|p| usize::try_from(p.line()).ok())
        .map(|line| line + skipped);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} fields where the rows before it have {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "this row is not valid UTF-8".to_string(),
        _ => format!("the file cannot be read as CSV: {e}"),
    };
    LexiconError::in_file(file, line, message)
}

/// Writes every entry and exclusion as flat CSV in `style`, one a row, with its theme's label
/// and context rule, and the theme's scope on its first row: the columns of [`WRITTEN`]. Text a
/// spreadsheet would run as a formula is neutralised, as in every CSV ctlex writes, and reads
/// back as it was.
pub fn write_flat_csv(lexicon: &Lexicon, style: CsvStyle, out: impl Write) -> std::io::Result<()> {
    let text = |s: &str| Cell::Text(s.to_string());
    let mut rows = Vec::new();
    for theme in lexicon.themes() {
        for (i, entry) in theme.entries.iter().enumerate() {
            rows.push(vec![
                text(&theme.id),
                text(entry.language.code()),
                text(&entry.pattern),
                text(entry.kind.name()),
                text(&theme.label),
                text(theme.context.name()),
                text(if i == 0 { &theme.scope } else { "" }),
            ]);
        }
    }
    let table = Table {
        columns: WRITTEN
            .iter()
            .map(|name| Column::new(*name, Kind::Text))
            .collect(),
        rows,
    };
    write_table(
        &table,
        CsvStyle {
            neutralize: true,
            ..style
        },
        out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(path: &std::path::Path) -> Result<Vec<Theme>, LexiconError> {
        parse(
            &path.display().to_string(),
            &std::fs::read_to_string(path).unwrap(),
        )
    }

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
        let lexicon = Lexicon::new(load(&path).unwrap()).unwrap();
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
        let lexicon = Lexicon::new(load(&path).unwrap()).unwrap();
        let mut out = Vec::new();
        write_flat_csv(&lexicon, CsvStyle::default(), &mut out).unwrap();
        let exported = write(&dir, "out.csv", std::str::from_utf8(&out).unwrap());
        let again = Lexicon::new(load(&exported).unwrap()).unwrap();
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
    fn bundled_lexicons_round_trip_in_either_style() {
        let lexicon = Lexicon::bundled().unwrap();
        // What a theme is, short of where it was written and its examples (which a flat
        // lexicon does not carry).
        type Key = (
            String,
            String,
            String,
            ContextRule,
            Vec<(Language, EntryKind, String)>,
        );
        let key = |l: &Lexicon| -> Vec<Key> {
            l.themes()
                .iter()
                .map(|t| {
                    let entries = t
                        .entries
                        .iter()
                        .map(|e| (e.language, e.kind, e.pattern.clone()));
                    (
                        t.id.clone(),
                        t.label.clone(),
                        t.scope.clone(),
                        t.context,
                        entries.collect(),
                    )
                })
                .collect()
        };
        for excel in [false, true] {
            let mut out = Vec::new();
            let style = CsvStyle {
                excel,
                ..CsvStyle::default()
            };
            write_flat_csv(&lexicon, style, &mut out).unwrap();
            let again = Lexicon::new(parse("out.csv", std::str::from_utf8(&out).unwrap()).unwrap());
            assert_eq!(key(&lexicon), key(&again.unwrap()), "excel: {excel}");
        }
    }

    #[test]
    fn theme_columns_may_stand_on_one_row_but_never_disagree() {
        let text = "theme,language,pattern,label,context,scope\n\
                    ftf,en,fighter,,,\n\
                    ftf,ru,боевик,FTF,linked,\"Who travels\nto fight.\"\n\
                    ftf,en,'=x,FTF,,\n";
        let themes = parse("l.csv", text).unwrap();
        let ftf = &themes[0];
        assert_eq!(
            (ftf.label.as_str(), ftf.context),
            ("FTF", ContextRule::Linked)
        );
        assert_eq!(ftf.scope, "Who travels\nto fight.");
        assert_eq!(ftf.entries[2].pattern, "=x");
        for (text, line, says) in [
            (
                "theme,language,pattern,context\nftf,en,a,linked\nftf,en,b,anywhere\n",
                3,
                "context `linked` (line 2)",
            ),
            (
                "theme,language,pattern,context\nftf,en,a,sometimes\n",
                2,
                "unknown context rule `sometimes` (use required, paragraph, linked, sentence, anywhere)",
            ),
        ] {
            let err = parse("l.csv", text).unwrap_err();
            assert_eq!(err.line, Some(line), "{err}");
            assert!(err.message.contains(says), "{err}");
        }
    }

    #[test]
    fn the_delimiter_is_told_by_the_header_line() {
        let rows = [
            "theme,language,pattern",
            "ftf,en,fighter, foreign",
            "ftf,ru,боевик",
        ];
        for (name, delimiter, prefix) in [
            ("comma", ",", ""),
            ("semicolon", ";", ""),
            ("tab", "\t", ""),
            ("excel's sep line", ";", "sep=;\r\n"),
        ] {
            let text: String = rows
                .iter()
                .map(|row| {
                    let cells: Vec<String> = row
                        .splitn(3, ',')
                        .map(|cell| match cell.contains(',') && delimiter == "," {
                            true => format!("\"{cell}\""),
                            false => cell.to_string(),
                        })
                        .collect();
                    cells.join(delimiter) + "\r\n"
                })
                .collect();
            let themes = parse("l.csv", &format!("{prefix}{text}")).unwrap();
            let entries: Vec<(&str, usize)> = themes[0]
                .entries
                .iter()
                .map(|e| (e.pattern.as_str(), e.location.line))
                .collect();
            let skip = usize::from(!prefix.is_empty());
            assert_eq!(
                entries,
                [("fighter, foreign", 2 + skip), ("боевик", 3 + skip)],
                "{name}"
            );
        }
    }

    #[test]
    fn errors_name_file_line_and_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "flat.csv",
            "theme,language,pattern\nftf,fr,combattant\n",
        );
        let err = load(&path).unwrap_err().to_string();
        assert!(
            err.ends_with("flat.csv:2: entry `combattant`: unknown language `fr` (use en or ru)"),
            "{err}"
        );
        let path = write(&dir, "cols.csv", "theme,pattern\nftf,x\n");
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("found: theme, pattern"), "{err}");
        let err = parse("q.csv", "theme;language;pattern\nftf;en;\"open\nftf;ru;x\n").unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        assert!(err.message.contains("quote"), "{err}");
    }
}

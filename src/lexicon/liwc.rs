//! LIWC dictionaries (`.dic`): categories between two `%` lines, then one pattern a line followed
//! by the numbers of its categories (separated by tabs or spaces).
//!
//! ```text
//! %
//! 1    ftf
//! 2    cells
//! %
//! foreign fighter*    1
//! sleeper cell    2
//! ```
//!
//! Category names become theme ids (see [`super::yaml::theme_id`]); a pattern's language is told
//! by its script. LIWC has no exclusions, no NEAR rules and no languages; its conditional entries
//! (`like (02 134)53`) are refused with their line.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::yaml::{language_of, same_theme, theme_id, unsupported_glob};
use super::{Entry, EntryKind, Location, Theme};
use crate::error::LexiconError;

/// Reads a LIWC dictionary; `file` names it in errors.
pub(super) fn parse(file: &str, text: &str) -> Result<Vec<Theme>, LexiconError> {
    let file: Arc<str> = file.into();
    let error = |line: usize, message: String| LexiconError::in_file(&*file, Some(line), message);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_start_matches('\u{feff}').trim()))
        .filter(|(_, line)| !line.is_empty());
    match lines.next() {
        Some((_, "%")) => {}
        Some((line, _)) => {
            return Err(error(
                line,
                "a LIWC dictionary starts with a `%` line".into(),
            ))
        }
        None => return Err(error(1, "the dictionary is empty".into())),
    }
    // Category number → (theme id, name as written, line).
    let mut categories: BTreeMap<&str, (String, String, usize)> = BTreeMap::new();
    for (line, text) in lines.by_ref() {
        if text == "%" {
            break;
        }
        let mut parts = text.split_whitespace();
        let (Some(number), Some(_)) = (parts.next(), parts.clone().next()) else {
            return Err(error(
                line,
                format!("a category line is `number name`: `{text}`"),
            ));
        };
        let name: Vec<&str> = parts.collect();
        let (id, name) = (theme_id(&name.join("_")), name.join(" "));
        if let Some((_, first, first_line)) = categories.get(number) {
            return Err(error(
                line,
                format!(
                    "category {number} is declared twice: `{first}` (line {first_line}) and \
                     `{name}`; give each category a number of its own"
                ),
            ));
        }
        if let Some((_, first, first_line)) = categories.values().find(|(other, ..)| *other == id) {
            return Err(error(
                line,
                same_theme(first, &format!("line {first_line}"), &name, &id),
            ));
        }
        categories.insert(number, (id, name, line));
    }
    let mut themes: BTreeMap<String, Theme> = BTreeMap::new();
    for (line, text) in lines {
        if text.contains('(') || text.contains('<') {
            return Err(error(
                line,
                format!("conditional LIWC entries are not supported: `{text}`"),
            ));
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let split = words
            .iter()
            .rposition(|w| !w.chars().all(|c| c.is_ascii_digit()))
            .map_or(0, |i| i + 1);
        let (pattern, numbers) = words.split_at(split);
        if pattern.is_empty() || numbers.is_empty() {
            return Err(error(
                line,
                format!("an entry is a pattern followed by category numbers: `{text}`"),
            ));
        }
        let pattern = pattern.join(" ");
        if let Some(message) = unsupported_glob(&pattern) {
            return Err(error(line, message));
        }
        for number in numbers {
            let Some((id, ..)) = categories.get(number) else {
                return Err(LexiconError {
                    entry: Some(pattern),
                    ..error(line, format!("category {number} is not declared"))
                });
            };
            let theme = themes
                .entry(id.clone())
                .or_insert_with(|| Theme::empty(id, file.clone()));
            theme.entries.push(Entry {
                language: language_of(&pattern),
                kind: EntryKind::Include,
                pattern: pattern.clone(),
                location: Location {
                    file: file.clone(),
                    line,
                },
            });
        }
    }
    Ok(themes.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Language;

    #[test]
    fn reads_categories_and_entries() {
        let text = "%\n1\tForeign fighters\n2\tcells\n%\nforeign fighter*\t1\nспящие ячейки\t2 1\n";
        let themes = parse("d.dic", text).unwrap();
        let got = crate::lexicon::entry_rows(&themes);
        assert_eq!(
            got,
            [
                ("cells", Language::Russian, "спящие ячейки", 6),
                ("foreign_fighters", Language::English, "foreign fighter*", 5),
                ("foreign_fighters", Language::Russian, "спящие ячейки", 6),
            ]
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        for (text, line, message) in [
            ("1 a\n%\n", 1, "starts with"),
            ("%\n1 a\n%\nword 3\n", 4, "category 3 is not declared"),
            ("%\n1 a\n%\nword\n", 4, "followed by category numbers"),
            ("%\n1 a\n%\nlike (02 134)53\n", 4, "conditional"),
            ("%\n1\n%\n", 2, "number name"),
            ("%\n1 a\n%\n*ism 1\n", 4, "leading `*`"),
            (
                "%\n1 a\n1 b\n%\n",
                3,
                "category 1 is declared twice: `a` (line 2) and `b`",
            ),
            (
                "%\n1 FTF\n2 ftf\n%\n",
                3,
                "`FTF` (line 2) and `ftf` both become theme `ftf`",
            ),
            ("%\n1 a b\n2 a_b\n%\n", 3, "`a b` (line 2) and `a_b`"),
        ] {
            let err = parse("d.dic", text).unwrap_err();
            assert_eq!(err.line, Some(line), "{text:?}: {err}");
            assert!(err.message.contains(message), "{text:?}: {err}");
        }
    }
}

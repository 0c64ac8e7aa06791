//! The native lexicon format: one TOML file per theme, both languages side by side.
//!
//! ```toml
//! id = "cells"
//! label = "Sleeper cells and terrorist networks"
//! scope = "What counts, what does not, and how this theme differs from its neighbours."
//! context = "required"    # hits count as counter-terrorism discourse only in context
//!                         # ("linked": and not by another item of their list; "anywhere")
//!
//! [en]
//! entries = ["sleeper cell", "cell NEAR/5 terrorist"]
//! exclude = ["stem cell"]
//! positive = ["Sleeper cells remain active in the region."]
//! negative = ["Stem cell research was discussed."]
//!
//! [ru]
//! entries = ["спящие ячейки"]
//! ```

use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::{line_of, ContextRule, Entry, EntryKind, Example, LineIndex, Location, Theme};
use crate::error::LexiconError;
use crate::lang::Language;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    id: String,
    label: Option<String>,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    context: ContextRule,
    #[serde(default)]
    en: Section,
    #[serde(default)]
    ru: Section,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    #[serde(default)]
    entries: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    positive: Vec<Spanned<String>>,
    #[serde(default)]
    negative: Vec<Spanned<String>>,
}

/// Parses one theme file; `file` names it in errors.
pub(crate) fn parse(file: &str, text: &str) -> Result<Theme, LexiconError> {
    let parsed: ThemeFile = toml::from_str(text).map_err(|e| {
        LexiconError::in_file(
            file,
            e.span().map(|span| line_of(text, span.start)),
            // One line, as every lexicon error is: "invalid array: expected `]`".
            e.message().trim().lines().collect::<Vec<_>>().join(": "),
        )
    })?;
    let file: Arc<str> = file.into();
    let lines = LineIndex::new(text);
    let location = |span: &Spanned<String>| Location {
        file: file.clone(),
        line: lines.line(span.span().start),
    };
    let mut entries = Vec::new();
    let mut examples = Vec::new();
    // The parsed strings are moved, not copied: the examples alone are most of the files' text.
    let ThemeFile {
        id,
        label,
        scope,
        context,
        en,
        ru,
    } = parsed;
    for (language, section) in [(Language::English, en), (Language::Russian, ru)] {
        let Section {
            entries: include,
            exclude,
            positive,
            negative,
        } = section;
        for (kind, list) in [(EntryKind::Include, include), (EntryKind::Exclude, exclude)] {
            entries.extend(list.into_iter().map(|pattern| Entry {
                language,
                kind,
                location: location(&pattern),
                pattern: pattern.into_inner(),
            }));
        }
        for (positive, list) in [(true, positive), (false, negative)] {
            examples.extend(list.into_iter().map(|text| Example {
                language,
                positive,
                location: location(&text),
                text: text.into_inner(),
            }));
        }
    }
    Ok(Theme {
        label: label.unwrap_or_else(|| id.clone()),
        id,
        scope: scope.trim().to_string(),
        context,
        entries,
        examples,
        file,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"id = "cells"
label = "Cells"
scope = "Sleeper cells."

[en]
entries = [
  "sleeper cell",
  "cell NEAR/5 terrorist",
]
exclude = ["stem cell"]
positive = ["Sleeper cells remain."]
negative = ["Stem cells."]

[ru]
entries = ["спящие ячейки"]
"#;

    #[test]
    fn reads_entries_with_lines() {
        let theme = parse("cells.toml", SAMPLE).unwrap();
        assert_eq!(theme.id, "cells");
        let lines: Vec<(EntryKind, Language, &str, usize)> = theme
            .entries
            .iter()
            .map(|e| (e.kind, e.language, e.pattern.as_str(), e.location.line))
            .collect();
        assert_eq!(
            lines,
            [
                (EntryKind::Include, Language::English, "sleeper cell", 7),
                (
                    EntryKind::Include,
                    Language::English,
                    "cell NEAR/5 terrorist",
                    8
                ),
                (EntryKind::Exclude, Language::English, "stem cell", 10),
                (EntryKind::Include, Language::Russian, "спящие ячейки", 15),
            ]
        );
        assert_eq!(theme.examples.len(), 2);
        assert!(theme.examples[0].positive);
        assert_eq!(theme.examples[1].location.line, 12);
    }

    #[test]
    fn syntax_errors_name_file_and_line() {
        let err = parse("bad.toml", "id = \"x\"\n[en]\nentries = [\"a\",\n").unwrap_err();
        assert_eq!(err.file, "bad.toml");
        assert!(err.line.is_some(), "{err}");
        let err = parse("bad.toml", "id = \"x\"\n[en]\nentry = [\"a\"]\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("unknown field"), "{err}");
    }
}

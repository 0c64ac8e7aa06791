//! YAML dictionaries in the shape quanteda reads and writes: a mapping from category to a list of
//! patterns, possibly nested.
//!
//! ```yaml
//! ftf:                       # a theme: a list of patterns, language told by each one's script
//!   - foreign terrorist fighter*
//!   - иностранные боевики-террористы
//! cells:                     # or a mapping with the languages and exclusions apart
//!   en: [sleeper cell]
//!   ru: [спящие ячейки]
//!   exclude:
//!     en: [stem cell]
//! crime:                     # other keys are sub-dictionaries: themes crime_drugs, crime_arms
//!   drugs: [drug trafficking]
//!   arms: [arms trafficking]
//! ```
//!
//! Keys become theme ids (lowercased; other characters than letters and digits become `_`). The
//! writer produces the second form, which keeps every entry and exclusion, but not labels, scope
//! notes or examples.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

use serde::Serialize;
use serde_yaml_ng::Value;

use super::{line_of, Entry, EntryKind, Lexicon, Location, Theme};
use crate::error::LexiconError;
use crate::lang::{Language, Script};

/// The language of a pattern written without one: Russian when it has a Cyrillic letter.
pub(super) fn language_of(pattern: &str) -> Language {
    if pattern
        .chars()
        .any(|c| Script::of(c) == Some(Script::Cyrillic))
    {
        Language::Russian
    } else {
        Language::English
    }
}

/// Why an imported pattern cannot be read, for the glob forms of quanteda and LIWC that the entry
/// syntax has no equivalent for (`?` wildcards, a leading `*`). Regular expressions are exempt.
pub(super) fn unsupported_glob(pattern: &str) -> Option<String> {
    let pattern = pattern.trim();
    if pattern.starts_with('/') {
        None
    } else if pattern.contains('?') {
        Some(format!("`?` wildcards are not supported: `{pattern}`"))
    } else if pattern.starts_with('*') {
        Some(format!("a leading `*` is not supported: `{pattern}`"))
    } else {
        None
    }
}

/// A dictionary key as a theme id: lowercase ASCII letters, digits and `_`.
pub(super) fn theme_id(key: &str) -> String {
    key.trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Why two categories are refused: their names differ, but they make the same theme id.
pub(super) fn same_theme(first: &str, first_at: &str, second: &str, id: &str) -> String {
    format!(
        "categories `{first}` ({first_at}) and `{second}` both become theme `{id}`, which \
         would merge them unseen: rename one, or put their patterns under one name"
    )
}

struct Reader<'a> {
    file: Arc<str>,
    text: &'a str,
    /// Where to look for the next pattern's line: patterns are met in file order.
    cursor: usize,
    themes: BTreeMap<String, Theme>,
    /// Each theme id met so far, with the category name it came from and that name's line.
    names: BTreeMap<String, (String, usize)>,
}

impl Reader<'_> {
    fn error(&self, line: Option<usize>, message: String) -> LexiconError {
        LexiconError::in_file(&*self.file, line, message)
    }

    /// The line of the next occurrence of `pattern`, moving the cursor past it.
    fn locate(&mut self, pattern: &str) -> usize {
        match self
            .text
            .get(self.cursor..)
            .and_then(|rest| rest.find(pattern))
        {
            Some(offset) => {
                self.cursor += offset + pattern.len();
                line_of(self.text, self.cursor)
            }
            None => line_of(self.text, self.cursor),
        }
    }

    fn patterns(&mut self, value: &Value, key: &str) -> Result<Vec<(String, usize)>, LexiconError> {
        let items: Vec<&Value> = match value {
            Value::Sequence(items) => items.iter().collect(),
            Value::String(_) => vec![value],
            _ => {
                let line = Some(line_of(self.text, self.cursor));
                return Err(self.error(line, format!("`{key}` must be a list of patterns")));
            }
        };
        let mut patterns = Vec::new();
        for item in items {
            let pattern = match item {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => {
                    let line = Some(line_of(self.text, self.cursor));
                    return Err(self.error(line, format!("`{key}` holds a value that is not text")));
                }
            };
            let line = self.locate(&pattern);
            if let Some(message) = unsupported_glob(&pattern) {
                return Err(self.error(Some(line), message));
            }
            patterns.push((pattern, line));
        }
        Ok(patterns)
    }

    fn push(
        &mut self,
        id: &str,
        kind: EntryKind,
        language: Option<Language>,
        patterns: Vec<(String, usize)>,
    ) {
        let file = self.file.clone();
        let theme = self
            .themes
            .entry(id.to_string())
            .or_insert_with(|| Theme::empty(id, file.clone()));
        theme
            .entries
            .extend(patterns.into_iter().map(|(pattern, line)| Entry {
                language: language.unwrap_or_else(|| language_of(&pattern)),
                kind,
                pattern,
                location: Location {
                    file: file.clone(),
                    line,
                },
            }));
    }

    /// Takes `id` for the category `name` (its key, or its keys from the top joined by `: `),
    /// refusing a second category with another name and the same id.
    fn claim(&mut self, id: &str, name: &str, key: &str) -> Result<(), LexiconError> {
        let line = self.locate(key);
        match self.names.get(id) {
            Some((first, first_line)) if first != name => Err(self.error(
                Some(line),
                same_theme(first, &format!("line {first_line}"), name, id),
            )),
            Some(_) => Ok(()),
            None => {
                self.names.insert(id.to_string(), (name.to_string(), line));
                Ok(())
            }
        }
    }

    fn node(&mut self, id: &str, name: &str, value: &Value) -> Result<(), LexiconError> {
        let Value::Mapping(mapping) = value else {
            let patterns = self.patterns(value, id)?;
            self.push(id, EntryKind::Include, None, patterns);
            return Ok(());
        };
        for (key, value) in mapping {
            let Some(key) = key.as_str() else {
                let line = Some(line_of(self.text, self.cursor));
                return Err(self.error(line, format!("a key under `{id}` is not text")));
            };
            match (key, value) {
                ("en" | "ru", _) => {
                    let patterns = self.patterns(value, key)?;
                    self.push(id, EntryKind::Include, Language::from_code(key), patterns);
                }
                ("exclude", Value::Mapping(languages)) => {
                    for (language, list) in languages {
                        let code = language.as_str().unwrap_or("");
                        let Some(language) = Language::from_code(code) else {
                            let line = Some(line_of(self.text, self.cursor));
                            return Err(self.error(
                                line,
                                format!(
                                    "`exclude` of `{id}`: unknown language `{code}` (use en or ru)"
                                ),
                            ));
                        };
                        let patterns = self.patterns(list, "exclude")?;
                        self.push(id, EntryKind::Exclude, Some(language), patterns);
                    }
                }
                ("exclude", _) => {
                    let patterns = self.patterns(value, key)?;
                    self.push(id, EntryKind::Exclude, None, patterns);
                }
                _ => {
                    let (id, name) = (format!("{id}_{}", theme_id(key)), format!("{name}: {key}"));
                    self.claim(&id, &name, key)?;
                    self.node(&id, &name, value)?
                }
            }
        }
        Ok(())
    }
}

/// Reads a YAML dictionary; `file` names it in errors.
pub(super) fn parse(file: &str, text: &str) -> Result<Vec<Theme>, LexiconError> {
    let mut reader = Reader {
        file: file.into(),
        text,
        cursor: 0,
        themes: BTreeMap::new(),
        names: BTreeMap::new(),
    };
    let value: Value = serde_yaml_ng::from_str(text)
        .map_err(|e| reader.error(e.location().map(|l| l.line()), e.to_string()))?;
    let Value::Mapping(top) = value else {
        return Err(reader.error(
            Some(1),
            "a YAML dictionary is a mapping from category to patterns".into(),
        ));
    };
    for (key, value) in &top {
        let Some(key) = key.as_str() else {
            return Err(reader.error(None, "a category name is not text".into()));
        };
        let id = theme_id(key);
        reader.claim(&id, key, key)?;
        reader.node(&id, key, value)?;
    }
    Ok(reader.themes.into_values().collect())
}

#[derive(Serialize)]
struct YamlTheme<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    en: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ru: Vec<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    exclude: BTreeMap<&'static str, Vec<&'a str>>,
}

/// Writes every entry and exclusion as a YAML dictionary, one key per theme.
pub fn write_yaml(lexicon: &Lexicon, mut out: impl Write) -> std::io::Result<()> {
    let mut themes: BTreeMap<&str, YamlTheme> = BTreeMap::new();
    for theme in lexicon.themes() {
        let patterns = |kind, language| -> Vec<&str> {
            theme
                .entries_of(kind, language)
                .map(|e| e.pattern.as_str())
                .collect()
        };
        let mut exclude = BTreeMap::new();
        for language in Language::ALL {
            let list = patterns(EntryKind::Exclude, language);
            if !list.is_empty() {
                exclude.insert(language.code(), list);
            }
        }
        themes.insert(
            &theme.id,
            YamlTheme {
                en: patterns(EntryKind::Include, Language::English),
                ru: patterns(EntryKind::Include, Language::Russian),
                exclude,
            },
        );
    }
    let text = serde_yaml_ng::to_string(&themes).map_err(std::io::Error::other)?;
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(themes: &[Theme]) -> Vec<(String, EntryKind, Language, String, usize)> {
        themes
            .iter()
            .flat_map(|t| {
                t.entries.iter().map(|e| {
                    (
                        t.id.clone(),
                        e.kind,
                        e.language,
                        e.pattern.clone(),
                        e.location.line,
                    )
                })
            })
            .collect()
    }

    #[test]
    fn reads_lists_languages_exclusions_and_nesting() {
        let text = "\
Foreign Fighters:
  - foreign terrorist fighter*
  - иностранные боевики
cells:
  en: [sleeper cell]
  ru:
    - спящие ячейки
  exclude:
    en: [stem cell]
crime:
  drugs:
    - drug trafficking
  exclude: [cell phone]
";
        let themes = parse("d.yml", text).unwrap();
        use EntryKind::{Exclude, Include};
        use Language::{English, Russian};
        let s = |x: &str| x.to_string();
        assert_eq!(
            entries(&themes),
            [
                (s("cells"), Include, English, s("sleeper cell"), 5),
                (s("cells"), Include, Russian, s("спящие ячейки"), 7),
                (s("cells"), Exclude, English, s("stem cell"), 9),
                (s("crime"), Exclude, English, s("cell phone"), 13),
                (
                    s("crime_drugs"),
                    Include,
                    English,
                    s("drug trafficking"),
                    12
                ),
                (
                    s("foreign_fighters"),
                    Include,
                    English,
                    s("foreign terrorist fighter*"),
                    2
                ),
                (
                    s("foreign_fighters"),
                    Include,
                    Russian,
                    s("иностранные боевики"),
                    3
                ),
            ]
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        let err = parse("d.yml", "a:\n  - x\n b: [").unwrap_err();
        assert_eq!(err.file, "d.yml");
        assert!(err.line.is_some(), "{err}");
        let err = parse("d.yml", "- a\n- b\n").unwrap_err();
        assert!(err.message.contains("mapping"), "{err}");
        let err = parse("d.yml", "a:\n  - ok\n  - terror?\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("`?` wildcards"), "{err}");
        let err = parse("d.yml", "FTF: [a]\nb: [c]\nftf: [d]\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(
            err.message
                .starts_with("categories `FTF` (line 1) and `ftf` both become theme `ftf`"),
            "{err}"
        );
        let err = parse("d.yml", "a:\n  b: [x]\na_b: [y]\n").unwrap_err();
        assert!(err.message.contains("`a: b` (line 2) and `a_b`"), "{err}");
        let err = parse("d.yml", "a:\n  exclude:\n    fr: [x]\n").unwrap_err();
        assert!(err.message.contains("unknown language `fr`"), "{err}");
    }

    #[test]
    fn bundled_lexicons_round_trip() {
        let lexicon = Lexicon::bundled().unwrap();
        let mut out = Vec::new();
        write_yaml(&lexicon, &mut out).unwrap();
        let again =
            Lexicon::new(parse("out.yml", std::str::from_utf8(&out).unwrap()).unwrap()).unwrap();
        let key = |l: &Lexicon| -> Vec<(String, EntryKind, Language, String)> {
            let mut all: Vec<_> = l
                .themes()
                .iter()
                .flat_map(|t| {
                    t.entries
                        .iter()
                        .map(|e| (t.id.clone(), e.kind, e.language, e.pattern.clone()))
                })
                .collect();
            all.sort();
            all
        };
        assert_eq!(key(&lexicon), key(&again));
    }
}

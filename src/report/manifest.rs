//! The manifest written beside every output (`<output>.manifest.json`, and a sheet of the
//! workbook): the tool and its version, the lexicon with a hash per theme, every option, every
//! input with its size and hash, what was counted, and how long it took — enough to reproduce a
//! table in a paper. Hashes are BLAKE3, in hex. The manifest only records what the run hands
//! it: it reads no input.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::lexicon::{Lexicon, Theme};

/// Everything needed to reproduce a run, with its options `O`.
#[derive(Clone, Debug, Serialize)]
pub struct Manifest<O> {
    /// The tool's name.
    pub tool: &'static str,
    /// The tool's version.
    pub version: &'static str,
    /// The command line as given.
    pub command: Vec<String>,
    /// Every option with its value (defaults included).
    pub options: O,
    /// The lexicon used.
    pub lexicon: LexiconRecord,
    /// Each input with its size and hash.
    pub inputs: Vec<InputRecord>,
    /// How the inputs were decoded: inputs per decision, and those not read as valid UTF-8.
    pub encodings: EncodingsRecord,
    /// What the run counted.
    pub counts: CountsRecord,
    /// The files this run wrote.
    pub outputs: Vec<String>,
    /// What a reader of the outputs should know about how they were made.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// How long the run took, in seconds.
    pub seconds: f64,
    /// When the run finished, in seconds since 1970-01-01 UTC.
    pub finished_unix: u64,
}

/// The lexicon a run used.
#[derive(Clone, Debug, Serialize)]
pub struct LexiconRecord {
    /// `bundled`, or the path given with `--lexicons`.
    pub source: String,
    /// Its themes, in order.
    pub themes: Vec<ThemeRecord>,
    /// The context lexicon, whose words put a hit in counter-terrorism context.
    pub context: Option<ThemeRecord>,
    /// The procedural lexicon, whose sentences count for no theme.
    pub procedural: Option<ThemeRecord>,
}

/// One theme of the lexicon a run used.
#[derive(Clone, Debug, Serialize)]
pub struct ThemeRecord {
    /// The theme's id.
    pub id: String,
    /// The theme's human-readable name.
    pub label: String,
    /// How many entries and exclusions it has.
    pub entries: usize,
    /// Hash of the theme's entries and exclusions (kind, language, pattern; in order).
    pub hash: String,
}

/// One input of a run.
#[derive(Clone, Debug, Serialize)]
pub struct InputRecord {
    /// The input's path.
    pub path: String,
    /// Files read under the input (1 for a file).
    pub files: u64,
    /// Bytes of the file, or of every file read under the folder.
    pub bytes: u64,
    /// Hash of the file, or for a folder of each file's relative path and contents in path order.
    pub hash: String,
}

/// How the inputs were decoded.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EncodingsRecord {
    /// Inputs per decision, such as `UTF-8 (valid UTF-8)` or `windows-1251 (detected)`.
    pub decisions: BTreeMap<String, u64>,
    /// Each input read otherwise than as valid UTF-8, with its decision.
    pub other_than_utf8: Vec<(String, String)>,
    /// Such inputs past the first thousand, counted only.
    pub other_than_utf8_unlisted: u64,
}

/// What a run counted, in all.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CountsRecord {
    /// Statements counted.
    pub statements: u64,
    /// Tokens counted.
    pub tokens: u64,
    /// Absent when the run did not need them.
    pub content_tokens: Option<u64>,
    /// Hits of all themes together, in counter-terrorism context.
    pub hits: u64,
    /// Hits of all themes together, wherever they stand.
    pub hits_all: u64,
    /// Inputs or rows that were skipped or degraded.
    pub problems: u64,
    /// Statements per language.
    pub languages: BTreeMap<String, u64>,
}

/// The lexicon's record: a hash per theme.
pub fn lexicon_record(lexicon: &Lexicon, source: String) -> LexiconRecord {
    LexiconRecord {
        source,
        themes: lexicon.themes().iter().map(theme_record).collect(),
        context: lexicon.context().map(theme_record),
        procedural: lexicon.procedural().map(theme_record),
    }
}

fn theme_record(theme: &Theme) -> ThemeRecord {
    let mut hasher = blake3::Hasher::new();
    for entry in &theme.entries {
        hasher.update(entry.kind.name().as_bytes());
        hasher.update(b"\t");
        hasher.update(entry.language.code().as_bytes());
        hasher.update(b"\t");
        hasher.update(entry.pattern.as_bytes());
        hasher.update(b"\n");
    }
    ThemeRecord {
        id: theme.id.clone(),
        label: theme.label.clone(),
        entries: theme.entries.len(),
        hash: hasher.finalize().to_hex().to_string(),
    }
}

impl<O: Serialize> Manifest<O> {
    /// Writes the manifest as pretty JSON.
    pub fn write(&self, mut out: impl Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut out, self)?;
        out.write_all(b"\n")
    }

    /// The manifest as name/value pairs (`counts.tokens`, `lexicon.themes.3.hash`…) for a sheet.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        if let Ok(value) = serde_json::to_value(self) {
            flatten(String::new(), &value, &mut pairs);
        }
        pairs
    }
}

fn flatten(prefix: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    let join = |key: &str| {
        if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        }
    };
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                flatten(join(key), value, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                flatten(join(&i.to_string()), value, out);
            }
        }
        serde_json::Value::String(text) => out.push((prefix, text.clone())),
        other => out.push((prefix, other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_flatten_nested_values() {
        let mut pairs = Vec::new();
        let value = serde_json::json!({"a": {"b": [1, "x"]}, "c": true});
        flatten(String::new(), &value, &mut pairs);
        assert_eq!(
            pairs,
            [
                ("a.b.0".to_string(), "1".to_string()),
                ("a.b.1".to_string(), "x".to_string()),
                ("c".to_string(), "true".to_string())
            ]
        );
    }
}

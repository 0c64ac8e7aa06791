//! The manifest written beside every output (`<output>.manifest.json`, and a sheet of the
//! workbook): the tool and its version, the lexicon with a hash per theme, every option, every
//! input with its size and hash, what was counted, and how long it took — enough to reproduce a
//! table in a paper. Hashes are BLAKE3, in hex.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use serde::Serialize;

use crate::corpus::decode::EncodingLog;
use crate::lexicon::{Lexicon, Theme};

/// Everything needed to reproduce a run.
#[derive(Clone, Debug, Serialize)]
pub struct Manifest {
    pub tool: &'static str,
    pub version: &'static str,
    /// The command line as given.
    pub command: Vec<String>,
    /// Every option with its value (defaults included).
    pub options: serde_json::Value,
    pub lexicon: LexiconRecord,
    pub inputs: Vec<InputRecord>,
    /// How the inputs were decoded: inputs per decision, and those not read as valid UTF-8.
    pub encodings: EncodingLog,
    pub counts: CountsRecord,
    /// The files this run wrote.
    pub outputs: Vec<String>,
    /// What a reader of the outputs should know about how they were made.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub seconds: f64,
    /// When the run finished, in seconds since 1970-01-01 UTC.
    pub finished_unix: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct LexiconRecord {
    /// `bundled`, or the path given with `--lexicons`.
    pub source: String,
    pub themes: Vec<ThemeRecord>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ThemeRecord {
    pub id: String,
    pub label: String,
    pub entries: usize,
    /// Hash of the theme's entries and exclusions (kind, language, pattern; in order).
    pub hash: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct InputRecord {
    pub path: String,
    /// Files read under the input (1 for a file).
    pub files: u64,
    pub bytes: u64,
    /// Hash of the file, or for a folder of each file's relative path and contents in path order.
    pub hash: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct CountsRecord {
    pub statements: u64,
    pub tokens: u64,
    /// Absent when the run did not need them.
    pub content_tokens: Option<u64>,
    pub hits: u64,
    /// Inputs or rows that were skipped or degraded.
    pub problems: u64,
    /// Statements per language.
    pub languages: std::collections::BTreeMap<String, u64>,
}

/// The lexicon's record: a hash per theme.
pub fn lexicon_record(lexicon: &Lexicon, source: String) -> LexiconRecord {
    LexiconRecord {
        source,
        themes: lexicon.themes().iter().map(theme_record).collect(),
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

/// The record of one input: a file, or a folder hashed file by file in path order.
pub fn input_record(path: &Path) -> io::Result<InputRecord> {
    let mut hasher = blake3::Hasher::new();
    let mut buffer = vec![0; 1 << 16];
    let (mut files, mut bytes) = (0, 0);
    if path.is_dir() {
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.map_err(io::Error::other)?;
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry.path().strip_prefix(path).unwrap_or(entry.path());
            hasher.update(relative.to_string_lossy().as_bytes());
            hasher.update(b"\0");
            bytes += hash_file(entry.path(), &mut hasher, &mut buffer)?;
            files += 1;
        }
    } else if !std::fs::metadata(path)?.is_file() {
        // A named pipe or a device has been read already and cannot be read again.
        return Ok(InputRecord {
            path: path.display().to_string(),
            files: 1,
            bytes: 0,
            hash: "not hashed: not a regular file".into(),
        });
    } else {
        bytes = hash_file(path, &mut hasher, &mut buffer)?;
        files = 1;
    }
    Ok(InputRecord {
        path: path.display().to_string(),
        files,
        bytes,
        hash: hasher.finalize().to_hex().to_string(),
    })
}

/// The records of a run's inputs, hashed on a thread of their own so that reading the inputs a
/// second time overlaps the analysis instead of following it.
pub struct InputHashing(JoinHandle<io::Result<Vec<InputRecord>>>);

impl InputHashing {
    /// Starts hashing `paths`; fails only when the system cannot start a thread.
    pub fn start(paths: &[PathBuf]) -> io::Result<InputHashing> {
        let paths = paths.to_vec();
        std::thread::Builder::new()
            .name("input hashing".into())
            .spawn(move || {
                paths
                    .iter()
                    .map(|path| {
                        input_record(path).map_err(|e| {
                            io::Error::new(e.kind(), format!("cannot hash {}: {e}", path.display()))
                        })
                    })
                    .collect()
            })
            .map(InputHashing)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot start hashing the inputs: {e}")))
    }

    /// The records, in the order of the paths given.
    pub fn finish(self) -> io::Result<Vec<InputRecord>> {
        self.0
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("hashing the inputs failed")))
    }
}

/// Feeds the file at `path` to `hasher` through `buffer`, returning its length.
fn hash_file(path: &Path, hasher: &mut blake3::Hasher, buffer: &mut [u8]) -> io::Result<u64> {
    let mut file = std::fs::File::open(path)?;
    let mut total = 0;
    loop {
        let n = file.read(buffer)?;
        if n == 0 {
            return Ok(total);
        }
        hasher.update(buffer.get(..n).unwrap_or_default());
        total += n as u64;
    }
}

impl Manifest {
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
    fn folders_hash_paths_and_contents() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "abc").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.txt"), "de").unwrap();
        let first = input_record(dir.path()).unwrap();
        assert_eq!((first.files, first.bytes), (2, 5));
        std::fs::write(dir.path().join("sub/b.txt"), "dE").unwrap();
        let second = input_record(dir.path()).unwrap();
        assert_ne!(first.hash, second.hash);
        let file = input_record(&dir.path().join("a.txt")).unwrap();
        assert_eq!(file.hash, blake3::hash(b"abc").to_hex().to_string());
    }

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

//! Reading a hand-coded gold standard: sentences (or whole statements) with the themes a coder
//! found in them.
//!
//! A gold file is CSV, TSV or JSON Lines with the fields `id`, `language`, `themes` and,
//! optionally, `ct_themes` (the themes addressed as counter-terrorism discourse). Each item
//! carries its text in one of two ways:
//! - `text`, and optionally `passage` (the sentence with its neighbours; `text` must occur in it);
//! - a reference into a data folder: `file` (relative to the folder), `start` and `end` (byte
//!   offsets of the sentence in the file), `hash` (the first hex digits of the BLAKE3 hash of
//!   those bytes) and optionally `passage_start` and `passage_end`. A project can then keep a
//!   gold standard over text it may not copy.
//!
//! Theme lists are separated by `;` (or given as JSON arrays). Every error names the file and
//! line; a reference whose text no longer matches its hash is not an error but a stale item,
//! reported and left out, so a changed data file shows up without stopping the rest.

use std::collections::HashMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::lang::Language;

/// One hand-coded item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldItem {
    /// The item's id in the gold file.
    pub id: String,
    /// The language of the item's text.
    pub language: Language,
    /// The text the item is analyzed in: its passage, or the coded text alone.
    pub text: String,
    /// The coded sentence (or statement) within `text`.
    pub focus: Range<usize>,
    /// The themes the item is about, sorted.
    pub themes: Vec<String>,
    /// The themes it addresses as counter-terrorism discourse, sorted; `None` when not coded.
    pub ct_themes: Option<Vec<String>>,
    /// 1-based line of the item in the gold file.
    pub line: u64,
}

/// A reference whose bytes no longer hash to what the gold file recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stale {
    /// The id of the item left out.
    pub id: String,
    /// 1-based line of the item in the gold file.
    pub line: u64,
    /// The data file the item refers to.
    pub file: String,
    /// Why the reference no longer holds.
    pub reason: String,
}

/// A gold standard, read and resolved.
#[derive(Clone, Debug, Default)]
pub struct Gold {
    /// The items, in file order.
    pub items: Vec<GoldItem>,
    /// Items left out because their reference is stale.
    pub stale: Vec<Stale>,
}

/// The fields of one row, by name.
type Row = HashMap<String, Field>;

#[derive(Clone, Debug)]
enum Field {
    Text(String),
    List(Vec<String>),
}

impl Gold {
    /// Reads `path`; references are resolved against `data` (required only when some item has
    /// one).
    pub fn read(path: &Path, data: Option<&Path>) -> Result<Gold, Error> {
        let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
        let name = path.display().to_string();
        let text = String::from_utf8(bytes).map_err(|e| {
            usage(format!(
                "{name}: not UTF-8 (at byte {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let rows = match extension(path).as_str() {
            "jsonl" | "ndjson" | "json" => json_rows(&name, text)?,
            "tsv" | "tab" => table_rows(&name, text, b'\t')?,
            _ => table_rows(&name, text, b',')?,
        };
        let mut resolver = Resolver::new(data);
        let mut gold = Gold::default();
        for (line, row) in rows {
            let at = |message: String| usage(format!("{name}:{line}: {message}"));
            let id = text_field(&row, "id").ok_or_else(|| at("no `id`".into()))?;
            let language =
                text_field(&row, "language").ok_or_else(|| at("no `language`".into()))?;
            let language = Language::from_code(&language)
                .ok_or_else(|| at(format!("language `{language}` is neither en nor ru")))?;
            let themes = list_field(&row, "themes").ok_or_else(|| at("no `themes`".into()))?;
            let ct_themes = list_field(&row, "ct_themes");
            if let Some(ct) = &ct_themes {
                if let Some(outside) = ct.iter().find(|t| !themes.contains(t)) {
                    return Err(at(format!("ct_themes has `{outside}`, which themes lacks")));
                }
            }
            let resolved = if row.contains_key("text") {
                own_text(&row).map_err(at)?
            } else {
                match resolver.resolve(&row) {
                    Ok(resolved) => resolved,
                    Err(Resolve::Invalid(message)) => return Err(at(message)),
                    Err(Resolve::Stale { file, reason }) => {
                        gold.stale.push(Stale {
                            id,
                            line,
                            file,
                            reason,
                        });
                        continue;
                    }
                }
            };
            gold.items.push(GoldItem {
                id,
                language,
                text: one_paragraph(resolved.0),
                focus: resolved.1,
                themes,
                ct_themes,
                line,
            });
        }
        Ok(gold)
    }
}

fn usage(message: String) -> Error {
    Error::Usage(message)
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn text_field(row: &Row, name: &str) -> Option<String> {
    match row.get(name)? {
        Field::Text(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
        _ => None,
    }
}

/// A theme list: `;`-separated text or a JSON array, sorted and without repeats. An empty field
/// is an empty list; a missing one is `None`.
fn list_field(row: &Row, name: &str) -> Option<Vec<String>> {
    let mut list: Vec<String> = match row.get(name)? {
        Field::Text(text) => text
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        Field::List(list) => list.clone(),
    };
    list.sort();
    list.dedup();
    Some(list)
}

/// A passage as the coder read it: one paragraph, its single line breaks read as spaces (with
/// the same length, so the focus stays in place) and its blank lines kept. A passage that spans
/// lines (a sentence with the lines before and after it) is one unit of reading, whatever the
/// length of its lines.
fn one_paragraph(text: String) -> String {
    if !text.contains('\n') {
        return text;
    }
    let blank = |i: usize| {
        let before = text[..i].trim_end_matches([' ', '\t', '\r']);
        let after = text[i + 1..].trim_start_matches([' ', '\t', '\r']);
        before.ends_with('\n') || after.starts_with('\n') || before.is_empty() || after.is_empty()
    };
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        out.push(if c == '\n' && !blank(i) { ' ' } else { c });
    }
    out
}

/// The text and focus of an item that carries its own text.
fn own_text(row: &Row) -> Result<(String, Range<usize>), String> {
    let text = text_field(row, "text").ok_or("an empty `text`")?;
    match text_field(row, "passage") {
        None => Ok((text.clone(), 0..text.len())),
        Some(passage) => {
            let start = passage
                .find(&text)
                .ok_or("the `text` does not occur in its `passage`")?;
            Ok((passage, start..start + text.len()))
        }
    }
}

enum Resolve {
    Invalid(String),
    Stale { file: String, reason: String },
}

/// Reads referenced data files, once each.
struct Resolver<'a> {
    data: Option<&'a Path>,
    files: HashMap<PathBuf, Vec<u8>>,
}

impl<'a> Resolver<'a> {
    fn new(data: Option<&'a Path>) -> Resolver<'a> {
        Resolver {
            data,
            files: HashMap::new(),
        }
    }

    fn resolve(&mut self, row: &Row) -> Result<(String, Range<usize>), Resolve> {
        let invalid = |m: &str| Resolve::Invalid(m.to_string());
        let file = text_field(row, "file").ok_or(invalid("neither `text` nor `file`"))?;
        let offset = |name: &str| -> Result<Option<usize>, Resolve> {
            match text_field(row, name) {
                None => Ok(None),
                Some(v) => v
                    .parse()
                    .map(Some)
                    .map_err(|_| Resolve::Invalid(format!("`{name}` is not a byte offset: {v}"))),
            }
        };
        let start = offset("start")?.ok_or(invalid("a `file` without `start`"))?;
        let end = offset("end")?.ok_or(invalid("a `file` without `end`"))?;
        let hash = text_field(row, "hash").ok_or(invalid("a `file` without `hash`"))?;
        let passage = match (offset("passage_start")?, offset("passage_end")?) {
            (Some(s), Some(e)) => s..e,
            (None, None) => start..end,
            _ => return Err(invalid("`passage_start` and `passage_end` go together")),
        };
        if start > end || passage.start > start || end > passage.end {
            return Err(invalid(
                "the sentence must lie within its passage, start before end",
            ));
        }
        let data = self.data.ok_or(invalid(
            "a reference into a data folder, but no data folder was given (--data)",
        ))?;
        let path = data.join(&file);
        if !self.files.contains_key(&path) {
            let bytes = fs::read(&path).map_err(|e| Resolve::Stale {
                file: file.clone(),
                reason: format!("cannot read {}: {e}", path.display()),
            })?;
            self.files.insert(path.clone(), bytes);
        }
        let bytes = &self.files[&path];
        let stale = |reason: String| Resolve::Stale {
            file: file.clone(),
            reason,
        };
        let Some(passage_bytes) = bytes.get(passage.clone()) else {
            return Err(stale(format!(
                "{} is only {} bytes long",
                file,
                bytes.len()
            )));
        };
        let actual = blake3::hash(&bytes[start..end]).to_hex();
        if hash.len() < 8 || !actual.starts_with(&hash.to_ascii_lowercase()) {
            return Err(stale(format!(
                "bytes {start}..{end} hash to {}, not {hash}",
                &actual[..hash.len().clamp(8, 64)]
            )));
        }
        let text = String::from_utf8(passage_bytes.to_vec())
            .map_err(|_| stale(format!("bytes {start}..{end} are not UTF-8 text")))?;
        let focus = start - passage.start..end - passage.start;
        if !text.is_char_boundary(focus.start) || !text.is_char_boundary(focus.end) {
            return Err(stale("the offsets cut a character".into()));
        }
        Ok((text, focus))
    }
}

/// The rows of a CSV or TSV gold file with their 1-based lines.
fn table_rows(name: &str, text: &str, delimiter: u8) -> Result<Vec<(u64, Row)>, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| usage(format!("{name}:1: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = headers.iter().find(|h| !seen.insert(*h)) {
        return Err(usage(format!(
            "{name}:1: the column `{twice}` appears twice"
        )));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            usage(format!("{name}:{line}: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let row = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.clone(), Field::Text(v.to_string())))
            .collect();
        rows.push((line, row));
    }
    Ok(rows)
}

/// The objects of a JSON Lines gold file with their 1-based lines; blank lines are skipped.
fn json_rows(name: &str, text: &str) -> Result<Vec<(u64, Row)>, Error> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let at = |message: String| usage(format!("{name}:{number}: {message}"));
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| at(format!("not JSON: {e}")))?;
        let object = value
            .as_object()
            .ok_or_else(|| at("not a JSON object".into()))?;
        let mut row = Row::new();
        for (key, value) in object {
            let field = match value {
                serde_json::Value::String(s) => Field::Text(s.clone()),
                serde_json::Value::Number(n) => Field::Text(n.to_string()),
                serde_json::Value::Null => continue,
                serde_json::Value::Array(items) => Field::List(
                    items
                        .iter()
                        .map(|item| item.as_str().map(str::to_string))
                        .collect::<Option<_>>()
                        .ok_or_else(|| at(format!("`{key}` must be a list of strings")))?,
                ),
                _ => return Err(at(format!("`{key}` must be text, a number or a list"))),
            };
            row.insert(key.to_ascii_lowercase(), field);
        }
        rows.push((number, row));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }

    fn hash(text: &str) -> String {
        blake3::hash(text.as_bytes()).to_hex()[..16].to_string()
    }

    #[test]
    fn a_passage_is_read_as_one_paragraph() {
        assert_eq!(one_paragraph("a\nb\r\nc".into()), "a b\r c");
        assert_eq!(one_paragraph("a\n\nb".into()), "a\n\nb");
        assert_eq!(one_paragraph("no break".into()), "no break");
    }

    #[test]
    fn items_with_their_own_text() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "id,language,text,passage,themes,ct_themes\n\
                   a,en,Fighters returned.,ISIL lost. Fighters returned. Then,ftf;cells,ftf\n\
                   b,ru,Текст.,,,\n";
        let gold = Gold::read(&write(dir.path(), "g.csv", csv), None).unwrap();
        let a = &gold.items[0];
        assert_eq!(&a.text[a.focus.clone()], "Fighters returned.");
        assert_eq!(a.themes, ["cells", "ftf"]);
        assert_eq!(a.ct_themes.as_deref(), Some(&["ftf".to_string()][..]));
        let b = &gold.items[1];
        assert_eq!(
            (b.language, b.themes.len(), b.line),
            (Language::Russian, 0, 3)
        );
        assert_eq!(b.ct_themes, Some(vec![]));

        let jsonl =
            "{\"id\":\"c\",\"language\":\"en\",\"text\":\"x\",\"themes\":[\"ftf\",\"ftf\"]}\n";
        let gold = Gold::read(&write(dir.path(), "g.jsonl", jsonl), None).unwrap();
        assert_eq!(gold.items[0].themes, ["ftf"]);
        assert_eq!(gold.items[0].ct_themes, None);
    }

    #[test]
    fn references_are_resolved_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let body = "Intro line.\n\nThe returnees were tried. Nothing else.\n";
        write(&data, "s/a.txt", body);
        let start = body.find("The").unwrap();
        let end = body.find(" Nothing").unwrap();
        let csv = format!(
            "id,language,file,start,end,hash,passage_start,passage_end,themes\n\
             ok,en,s/a.txt,{start},{end},{},13,{},ftf\n\
             changed,en,s/a.txt,{start},{end},{},13,{},ftf\n\
             missing,en,s/b.txt,0,1,{},,,\n",
            hash(&body[start..end]),
            body.len(),
            hash("something else"),
            body.len(),
            hash("x"),
        );
        let path = write(dir.path(), "g.csv", &csv);
        let gold = Gold::read(&path, Some(&data)).unwrap();
        assert_eq!(gold.items.len(), 1);
        let ok = &gold.items[0];
        assert_eq!(&ok.text[ok.focus.clone()], "The returnees were tried.");
        assert!(ok.text.ends_with("Nothing else.\n"));
        let stale: Vec<(&str, u64)> = gold.stale.iter().map(|s| (&s.id[..], s.line)).collect();
        assert_eq!(stale, [("changed", 3), ("missing", 4)]);

        let err = Gold::read(&path, None).unwrap_err().to_string();
        assert!(err.contains("g.csv:2") && err.contains("--data"), "{err}");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        for (contents, expected) in [
            (
                "id,language,text,themes\na,fr,x,\n",
                "g.csv:2: language `fr`",
            ),
            ("id,language,text\na,en,x\n", "g.csv:2: no `themes`"),
            (
                "id,language,text,themes,ct_themes\na,en,x,ftf,cells\n",
                "g.csv:2: ct_themes",
            ),
            (
                "id,language,text,themes,id\na,en,x,,b\n",
                "g.csv:1: the column `id`",
            ),
            ("id,language,text,themes\na,en,x,\nb,en\n", "g.csv:3"),
            (
                "id,language,themes\na,en,\n",
                "g.csv:2: neither `text` nor `file`",
            ),
        ] {
            let path = write(dir.path(), "g.csv", contents);
            let err = Gold::read(&path, None).unwrap_err().to_string();
            assert!(err.contains(expected), "{contents:?}: {err}");
        }
        for (contents, expected) in [
            ("{\"id\":\"a\"}\n", "g.jsonl:1: no `language`"),
            ("\n{\"id\":\"a\"}\n[1]\n", "g.jsonl:3: not a JSON object"),
            (
                "{\"id\":\"a\",\"themes\":[1]}\n",
                "g.jsonl:1: `themes` must be a list of strings",
            ),
        ] {
            let path = write(dir.path(), "g.jsonl", contents);
            let err = Gold::read(&path, None).unwrap_err().to_string();
            assert!(err.contains(expected), "{contents:?}: {err}");
        }
    }
}

//! Partial counts: a run's tally as a file whose counts add up with those of other runs.
//!
//! `ctlex analyze --format partial` writes what it counted as JSON Lines: a header (format
//! version, ctlex version, `--by` columns, the themes and a fingerprint of the lexicon), one
//! record per group with its raw counts and the surface forms of every entry that fired, the
//! statements per language, the problems met in the input, and an end record that says how many
//! of each came before it, so a file cut short is noticed. Only integers and strings: nothing is
//! rounded, so the sum of any parts, in any order, is exactly the tally of one run over all of
//! their inputs. Rates and tests are computed from the sum, never summed themselves.
//!
//! [`read`] checks a part against the lexicon it is merged with, and [`Merger`] checks that the
//! parts were counted alike (same `--by`, lexicon and ctlex version) before it adds them up.
//! Every complaint names the file and, when one line is at fault, the line. Nothing here reads a
//! corpus or writes a report.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, ProblemKind};
use crate::lexicon::{fingerprint, EntryInfo};
use crate::matcher::Matcher;
use crate::pipeline::Outcome;
use crate::tally::{Counts, EntryCount, GroupKey, LanguageCount};

/// The `format` of every header.
pub const FORMAT: &str = "ctlex-partial";

/// The version of the file format this ctlex writes and reads.
pub const VERSION: u64 = 1;

/// The first record of a partial-count file: what the counts mean.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format version, [`VERSION`] when written by this ctlex.
    pub version: u64,
    /// The ctlex version that counted: tokenization, stemming and stop words belong to it.
    pub ctlex: String,
    /// The `--by` columns, in order; each group's key has one value per column.
    pub by: Vec<String>,
    /// Theme ids in lexicon order; each group's `hits` has one count per theme.
    pub themes: Vec<String>,
    /// Entries (and exclusions) of the lexicon; `entry` in a group record indexes them.
    pub entries: u64,
    /// BLAKE3 fingerprint of the lexicon as compiled: theme ids and every entry's theme, kind,
    /// language and pattern, in order.
    pub lexicon: String,
    /// Where the lexicon came from: `bundled` or the `--lexicons` path (for the reader only,
    /// like the fields below; a file may leave them out).
    #[serde(default)]
    pub lexicon_source: String,
    /// The inputs counted, as given.
    #[serde(default)]
    pub inputs: Vec<String>,
    /// How the inputs were read.
    #[serde(default)]
    pub text_column: String,
    #[serde(default)]
    pub layout: Option<String>,
    #[serde(default)]
    pub encoding: Option<String>,
}

impl Header {
    /// The header of counts made with `matcher`, grouped by `by`; the fields for the reader are
    /// left empty.
    pub fn new(matcher: &Matcher, by: &[String]) -> Header {
        Header {
            format: FORMAT.to_string(),
            version: VERSION,
            ctlex: env!("CARGO_PKG_VERSION").to_string(),
            by: by.to_vec(),
            themes: matcher.themes().iter().map(|t| t.id.clone()).collect(),
            entries: matcher.entries().len() as u64,
            lexicon: fingerprint(matcher.themes(), matcher.entries()),
            lexicon_source: String::new(),
            inputs: Vec::new(),
            text_column: String::new(),
            layout: None,
            encoding: None,
        }
    }

    /// Why counts made under `self` and under `other` do not add up, if they do not.
    fn mismatch(&self, other: &Header) -> Option<String> {
        if self.ctlex != other.ctlex {
            return Some(format!(
                "counted by ctlex {}, the other parts by ctlex {}: versions may tokenize and match \
                 differently, so count every part with one version",
                self.ctlex, other.ctlex
            ));
        }
        if self.by != other.by {
            return Some(format!(
                "grouped --by {}, the other parts --by {}",
                show_by(&self.by),
                show_by(&other.by)
            ));
        }
        if self.lexicon != other.lexicon {
            return Some(format!(
                "counted with another lexicon ({}) than the other parts ({}): {}",
                self.lexicon_source,
                other.lexicon_source,
                lexicon_difference(&self.themes, self.entries, &other.themes, other.entries)
            ));
        }
        None
    }
}

fn show_by(by: &[String]) -> String {
    if by.is_empty() {
        "(nothing)".to_string()
    } else {
        by.join(",")
    }
}

/// How two lexicons differ, as far as a header tells.
fn lexicon_difference(
    themes: &[String],
    entries: u64,
    other_themes: &[String],
    other_entries: u64,
) -> String {
    let missing = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter().filter(|t| !b.contains(t)).cloned().collect()
    };
    let (only_here, only_there) = (missing(themes, other_themes), missing(other_themes, themes));
    if !only_here.is_empty() || !only_there.is_empty() {
        format!(
            "themes only in this part: {}; only in the other: {}",
            list_or_none(&only_here),
            list_or_none(&only_there)
        )
    } else if themes != other_themes {
        "the same themes in another order".to_string()
    } else if entries != other_entries {
        format!("the same themes, with {entries} entries against {other_entries}")
    } else {
        format!("the same themes and {entries} entries, but some entries differ")
    }
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

/// One line of a partial-count file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
enum Record {
    Header(Header),
    Group(GroupRecord),
    Language(LanguageRecord),
    Problem(ProblemRecord),
    End(EndRecord),
}

/// The counts of one group.
#[derive(Debug, Serialize, Deserialize)]
struct GroupRecord {
    /// One value per `--by` column.
    key: Vec<String>,
    statements: u64,
    tokens: u64,
    content_tokens: u64,
    /// One count per theme, in header order.
    hits: Vec<u64>,
    /// The entries that fired, by index.
    #[serde(default)]
    entries: Vec<EntryRecord>,
}

/// The hits of one entry in one group, with every surface form it caught.
#[derive(Debug, Serialize, Deserialize)]
struct EntryRecord {
    /// Index into the lexicon's entries.
    entry: u64,
    /// The entry as written, to check the index against and for the reader.
    pattern: String,
    hits: u64,
    /// Matched text (whitespace runs as one space) → hits.
    forms: BTreeMap<String, u64>,
}

#[derive(Debug, Serialize, Deserialize)]
struct LanguageRecord {
    language: String,
    statements: u64,
    /// Statements whose language came from their letters.
    detected: u64,
}

/// Input that was skipped or counted degraded.
#[derive(Debug, Serialize, Deserialize)]
struct ProblemRecord {
    path: String,
    line: Option<u64>,
    kind: String,
    message: String,
}

/// The last record: how many of each came before it, and run-wide counts.
#[derive(Debug, Default, Serialize, Deserialize)]
struct EndRecord {
    groups: u64,
    languages: u64,
    problems: u64,
    statements: u64,
    /// Files that yielded at least one statement.
    files: u64,
    /// Bytes of statement text analyzed.
    bytes: u64,
}

/// A partial-count file that cannot be used: the file, the line when one line is at fault, and
/// why.
fn refused(path: &str, line: Option<u64>, message: String) -> Error {
    Error::Input(Problem::new(path, line, ProblemKind::Other, message))
}

/// The counts of one partial-count file.
#[derive(Debug)]
pub struct Partial {
    pub header: Header,
    pub outcome: Outcome,
    /// The sum of every count in the file; the merge keeps the sum of these below 2^64, so no
    /// sum of counts can overflow.
    mass: u64,
}

/// Writes `outcome` as partial counts under `header`; `entries` are the matcher's, whose
/// patterns are written beside their indices.
pub fn write(
    header: &Header,
    outcome: &Outcome,
    entries: &[EntryInfo],
    mut out: impl Write,
) -> io::Result<()> {
    let mut line = |record: &Record| -> io::Result<()> {
        serde_json::to_writer(&mut out, record)?;
        out.write_all(b"\n")
    };
    line(&Record::Header(header.clone()))?;
    let tally = &outcome.tally;
    let mut groups = 0;
    for (key, counts) in tally.groups() {
        line(&Record::Group(GroupRecord {
            key: key.0.clone(),
            statements: counts.statements,
            tokens: counts.tokens,
            content_tokens: counts.content_tokens,
            hits: counts.hits.clone(),
            entries: counts
                .entries
                .iter()
                .map(|(&index, count)| EntryRecord {
                    entry: index as u64,
                    pattern: entries
                        .get(index)
                        .map_or_else(String::new, |e| e.pattern.clone()),
                    hits: count.hits,
                    forms: count.forms.clone(),
                })
                .collect(),
        }))?;
        groups += 1;
    }
    let mut languages = 0;
    for (language, count) in tally.languages() {
        line(&Record::Language(LanguageRecord {
            language: language.to_string(),
            statements: count.statements,
            detected: count.detected,
        }))?;
        languages += 1;
    }
    for problem in &outcome.problems {
        line(&Record::Problem(ProblemRecord {
            path: problem.path.clone(),
            line: problem.line,
            kind: problem.kind.name().to_string(),
            message: problem.message.clone(),
        }))?;
    }
    line(&Record::End(EndRecord {
        groups,
        languages,
        problems: outcome.problems.len() as u64,
        statements: tally.statements(),
        files: outcome.files,
        bytes: outcome.bytes,
    }))?;
    out.flush()
}

/// Reads the partial-count file at `path`, checking it against `matcher`.
pub fn read(path: &Path, matcher: &Matcher) -> Result<Partial, Error> {
    let name = path.display().to_string();
    let file =
        std::fs::File::open(path).map_err(|e| refused(&name, None, format!("cannot read: {e}")))?;
    read_from(io::BufReader::new(file), &name, matcher)
}

/// Reads partial counts from `reader`, named `name` in errors, checking them against `matcher`.
pub fn read_from(
    mut reader: impl BufRead,
    name: &str,
    matcher: &Matcher,
) -> Result<Partial, Error> {
    let mut reading = Reading {
        name,
        matcher,
        line: 0,
        header: None,
        outcome: Outcome::default(),
        counted: EndRecord::default(),
        mass: 0,
        ended: false,
    };
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        let read = reader
            .read_until(b'\n', &mut buffer)
            .map_err(|e| reading.error(format!("cannot read: {e}")))?;
        if read == 0 {
            break;
        }
        reading.line += 1;
        let text = std::str::from_utf8(&buffer)
            .map_err(|_| reading.error("not valid UTF-8".to_string()))?;
        if text.trim().is_empty() {
            continue;
        }
        reading.record(text)?;
    }
    reading.finish()
}

/// The state of reading one file.
struct Reading<'a> {
    name: &'a str,
    matcher: &'a Matcher,
    /// The current line, from 1.
    line: u64,
    header: Option<Header>,
    outcome: Outcome,
    /// What has been read so far, to check against the end record.
    counted: EndRecord,
    mass: u64,
    ended: bool,
}

impl Reading<'_> {
    fn error(&self, message: String) -> Error {
        refused(self.name, (self.line > 0).then_some(self.line), message)
    }

    /// Adds `values` to the mass of the file, failing when it no longer fits in 64 bits.
    fn weigh(&mut self, values: impl IntoIterator<Item = u64>) -> Result<(), Error> {
        for value in values {
            self.mass = self.mass.checked_add(value).ok_or_else(|| {
                self.error("counts too large: their sum exceeds 2^64".to_string())
            })?;
        }
        Ok(())
    }

    fn record(&mut self, text: &str) -> Result<(), Error> {
        if self.ended {
            return Err(self.error(
                "a record after the end record: two files run together? Give each part to merge \
                 as its own file"
                    .to_string(),
            ));
        }
        let Some(header) = &self.header else {
            let header = self.header(text)?;
            self.header = Some(header);
            return Ok(());
        };
        let (by, themes) = (header.by.len(), header.themes.len());
        let record: Record = serde_json::from_str(text).map_err(|e| self.json_error(&e))?;
        match record {
            Record::Header(_) => Err(self.error(
                "a second header: two files run together? Give each part to merge as its own file"
                    .to_string(),
            )),
            Record::Group(group) => self.group(group, by, themes),
            Record::Language(language) => self.language(language),
            Record::Problem(problem) => self.problem(problem),
            Record::End(end) => self.end(end),
        }
    }

    /// Reads and checks the header, the first line.
    fn header(&self, text: &str) -> Result<Header, Error> {
        let not_partial = || {
            self.error(format!(
                "not a partial-count file: its first line is not a `{FORMAT}` header \
                 (partial counts are written by `ctlex analyze --format partial`)"
            ))
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|_| not_partial())?;
        if value.get("record").and_then(|r| r.as_str()) != Some("header")
            || value.get("format").and_then(|f| f.as_str()) != Some(FORMAT)
        {
            return Err(not_partial());
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(VERSION) => {}
            Some(version) => {
                return Err(self.error(format!(
                    "partial-count format version {version}; this ctlex ({}) reads version \
                     {VERSION}",
                    env!("CARGO_PKG_VERSION")
                )))
            }
            None => return Err(self.error("the header has no format version".to_string())),
        }
        let header = match serde_json::from_value::<Record>(value) {
            Ok(Record::Header(header)) => header,
            Ok(_) => return Err(not_partial()),
            Err(e) => return Err(self.error(format!("bad header: {e}"))),
        };
        let expected = Header::new(self.matcher, &header.by);
        if header.ctlex != expected.ctlex {
            return Err(self.error(format!(
                "counted by ctlex {}; this is ctlex {}: versions may tokenize and match \
                 differently, so count every part with the version that merges them",
                header.ctlex, expected.ctlex
            )));
        }
        if header.lexicon != expected.lexicon {
            return Err(self.error(format!(
                "counted with another lexicon ({}) than the one given to merge: {}; give merge \
                 the --lexicons the parts were counted with",
                header.lexicon_source,
                lexicon_difference(
                    &header.themes,
                    header.entries,
                    &expected.themes,
                    expected.entries
                )
            )));
        }
        if header.themes != expected.themes || header.entries != expected.entries {
            return Err(self.error(
                "the header's themes or number of entries do not match its lexicon fingerprint"
                    .to_string(),
            ));
        }
        Ok(header)
    }

    /// `serde_json`'s complaint, with the column and without its own line number (always 1).
    fn json_error(&self, e: &serde_json::Error) -> Error {
        let text = e.to_string();
        let message = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(message, _)| message);
        let what = if e.is_eof() {
            "not a whole JSON record (a file cut short?)"
        } else if e.is_syntax() {
            "not valid JSON"
        } else {
            "not a partial-count record"
        };
        self.error(format!("{what}: {message} at column {}", e.column()))
    }

    fn group(&mut self, group: GroupRecord, by_columns: usize, themes: usize) -> Result<(), Error> {
        if group.key.len() != by_columns {
            return Err(self.error(format!(
                "the group has {} key values, the header {by_columns} --by columns",
                group.key.len()
            )));
        }
        if group.hits.len() != themes {
            return Err(self.error(format!(
                "the group has {} theme counts, the header {themes} themes",
                group.hits.len()
            )));
        }
        if group.content_tokens > group.tokens {
            return Err(self.error(format!(
                "more content tokens ({}) than tokens ({})",
                group.content_tokens, group.tokens
            )));
        }
        let key = GroupKey(group.key);
        if self.outcome.tally.group(&key).is_some() {
            return Err(self.error(format!(
                "the group `{}` appears a second time",
                key.0.join(",")
            )));
        }
        self.weigh([group.statements, group.tokens, group.content_tokens])?;
        self.weigh(group.hits.iter().copied())?;
        let mut counts = Counts {
            statements: group.statements,
            tokens: group.tokens,
            content_tokens: group.content_tokens,
            hits: group.hits,
            entries: BTreeMap::new(),
        };
        for entry in group.entries {
            let (index, count) = self.entry(entry)?;
            if counts.entries.insert(index, count).is_some() {
                return Err(self.error(format!("entry {index} is listed twice in the group")));
            }
        }
        self.counted.groups += 1;
        self.counted.statements = self.counted.statements.saturating_add(counts.statements);
        self.outcome.tally.add(key, &counts);
        Ok(())
    }

    fn entry(&mut self, entry: EntryRecord) -> Result<(usize, EntryCount), Error> {
        let entries = self.matcher.entries();
        let known = usize::try_from(entry.entry)
            .ok()
            .and_then(|i| Some((i, entries.get(i)?)));
        let Some((index, info)) = known else {
            return Err(self.error(format!(
                "entry {} is not in the lexicon, which has {} entries",
                entry.entry,
                entries.len()
            )));
        };
        if info.pattern != entry.pattern {
            return Err(self.error(format!(
                "entry {index} is `{}` in the file, `{}` in the lexicon",
                entry.pattern, info.pattern
            )));
        }
        self.weigh([entry.hits])?;
        self.weigh(entry.forms.values().copied())?;
        let forms: u64 = entry.forms.values().sum();
        if forms != entry.hits {
            return Err(self.error(format!(
                "entry {index} (`{}`) has {} hits, but its forms add up to {forms}",
                entry.pattern, entry.hits
            )));
        }
        Ok((
            index,
            EntryCount {
                hits: entry.hits,
                forms: entry.forms,
            },
        ))
    }

    fn language(&mut self, language: LanguageRecord) -> Result<(), Error> {
        if language.detected > language.statements {
            return Err(self.error(format!(
                "language `{}`: more statements detected ({}) than counted ({})",
                language.language, language.detected, language.statements
            )));
        }
        if self
            .outcome
            .tally
            .languages()
            .any(|(known, _)| known == language.language)
        {
            return Err(self.error(format!(
                "language `{}` appears a second time",
                language.language
            )));
        }
        self.weigh([language.statements, language.detected])?;
        self.outcome.tally.add_language(
            &language.language,
            LanguageCount {
                statements: language.statements,
                detected: language.detected,
            },
        );
        self.counted.languages += 1;
        Ok(())
    }

    fn problem(&mut self, problem: ProblemRecord) -> Result<(), Error> {
        let kind = ProblemKind::from_name(&problem.kind)
            .ok_or_else(|| self.error(format!("unknown kind of problem `{}`", problem.kind)))?;
        self.outcome.problems.push(Problem::new(
            problem.path,
            problem.line,
            kind,
            problem.message,
        ));
        self.counted.problems += 1;
        Ok(())
    }

    fn end(&mut self, end: EndRecord) -> Result<(), Error> {
        let counted = &self.counted;
        for (what, said, read) in [
            ("groups", end.groups, counted.groups),
            ("languages", end.languages, counted.languages),
            ("problems", end.problems, counted.problems),
            ("statements", end.statements, counted.statements),
        ] {
            if said != read {
                return Err(self.error(format!(
                    "the end record counts {said} {what}, the file holds {read}: records are \
                     missing or were added"
                )));
            }
        }
        let language_statements: u64 = self
            .outcome
            .tally
            .languages()
            .map(|(_, c)| c.statements)
            .sum();
        if language_statements != end.statements {
            return Err(self.error(format!(
                "{} statements by language, {} by group",
                language_statements, end.statements
            )));
        }
        self.weigh([end.files, end.bytes])?;
        self.outcome.files = end.files;
        self.outcome.bytes = end.bytes;
        self.ended = true;
        Ok(())
    }

    fn finish(self) -> Result<Partial, Error> {
        let Some(header) = self.header else {
            return Err(refused(
                self.name,
                None,
                "empty: not a partial-count file".to_string(),
            ));
        };
        if !self.ended {
            return Err(refused(
                self.name,
                None,
                format!(
                    "ends after line {} without its end record: the file is cut short",
                    self.line
                ),
            ));
        }
        Ok(Partial {
            header,
            outcome: self.outcome,
            mass: self.mass,
        })
    }
}

/// Adds partial counts up, checking that each was counted like the first.
#[derive(Debug, Default)]
pub struct Merger {
    first: Option<(String, Header)>,
    inputs: Vec<String>,
    outcome: Outcome,
    mass: u64,
    parts: u64,
}

impl Merger {
    /// Adds the counts of `part`, read from the file `name`.
    pub fn add(&mut self, name: &str, part: Partial) -> Result<(), Error> {
        let error = |message: String| refused(name, None, message);
        if let Some((first_name, first)) = &self.first {
            if let Some(mismatch) = part.header.mismatch(first) {
                return Err(error(format!("{mismatch} (first: {first_name})")));
            }
        }
        self.mass = self.mass.checked_add(part.mass).ok_or_else(|| {
            error("counts too large: their sum with the other parts' exceeds 2^64".to_string())
        })?;
        let Partial {
            header, outcome, ..
        } = part;
        self.inputs.extend(header.inputs.iter().cloned());
        if self.first.is_none() {
            self.first = Some((name.to_string(), header));
        }
        let merged = &mut self.outcome;
        merged.tally += outcome.tally;
        merged.problems.extend(outcome.problems);
        merged.files += outcome.files;
        merged.bytes += outcome.bytes;
        self.parts += 1;
        Ok(())
    }

    /// Parts added so far.
    pub fn parts(&self) -> u64 {
        self.parts
    }

    /// The header of the sum (the inputs of every part) and the summed counts; `None` when no
    /// part was added.
    pub fn finish(self) -> Option<(Header, Outcome)> {
        let (_, mut header) = self.first?;
        header.inputs = self.inputs;
        Some((header, self.outcome))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::tally::Tally;
    use proptest::prelude::*;

    /// The bundled lexicon, compiled once for all tests.
    fn matcher() -> &'static Matcher {
        static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
        MATCHER.get_or_init(|| Matcher::new(&Lexicon::bundled().unwrap()).unwrap())
    }

    /// A tally of two groups with entries, languages and a problem.
    fn outcome(matcher: &Matcher, speaker: &str, tokens: u64) -> Outcome {
        let themes = matcher.themes().len();
        let mut tally = Tally::default();
        let mut counts = Counts {
            statements: 2,
            tokens,
            content_tokens: tokens / 2,
            hits: vec![0; themes],
            ..Counts::default()
        };
        counts.hits[1] = 3;
        let entry = matcher.entries().iter().position(|e| e.theme == 1).unwrap();
        for form in ["cells", "cell", "cells"] {
            counts.entries.entry(entry).or_default().add(form);
        }
        tally.add(GroupKey(vec![speaker.to_string()]), &counts);
        tally.record(GroupKey(vec!["Г-н Б".to_string()]), 7, &vec![1; themes]);
        tally.record_language("en", true);
        tally.record_language("en", false);
        tally.record_language("ru", true);
        Outcome {
            tally,
            problems: vec![Problem::new(
                "a.csv",
                Some(3),
                ProblemKind::FieldCount,
                "row has 2 fields, the header 3",
            )],
            bytes: 1234,
            files: 2,
        }
    }

    fn written(header: &Header, outcome: &Outcome, matcher: &Matcher) -> String {
        let mut out = Vec::new();
        write(header, outcome, matcher.entries(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn read_text(text: &str, matcher: &Matcher) -> Result<Partial, Error> {
        read_from(text.as_bytes(), "part.jsonl", matcher)
    }

    #[test]
    fn partial_counts_read_back_as_written() {
        let matcher = matcher();
        let header = Header::new(matcher, &["speaker".to_string()]);
        let outcome = outcome(matcher, "Mr. A", 40);
        let text = written(&header, &outcome, matcher);
        let part = read_text(&text, matcher).unwrap();
        assert_eq!(part.header, header);
        assert_eq!(part.outcome.tally, outcome.tally);
        assert_eq!(part.outcome.problems, outcome.problems);
        assert_eq!((part.outcome.files, part.outcome.bytes), (2, 1234));
        assert_eq!(written(&part.header, &part.outcome, matcher), text);
        for line in text.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(only_whole_numbers(&value), "{line}");
        }
    }

    fn only_whole_numbers(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::Number(n) => n.is_u64(),
            serde_json::Value::Array(items) => items.iter().all(only_whole_numbers),
            serde_json::Value::Object(map) => map.values().all(only_whole_numbers),
            _ => true,
        }
    }

    #[test]
    fn merged_parts_equal_the_added_tallies_in_any_order() {
        let matcher = matcher();
        let header = Header::new(matcher, &["speaker".to_string()]);
        let (a, b) = (outcome(matcher, "Mr. A", 40), outcome(matcher, "Mr. C", 10));
        let mut expected = a.tally.clone();
        expected += b.tally.clone();
        for order in [[&a, &b], [&b, &a]] {
            let mut merger = Merger::default();
            for (i, outcome) in order.into_iter().enumerate() {
                let text = written(&header, outcome, matcher);
                let part = read_text(&text, matcher).unwrap();
                merger.add(&format!("part{i}"), part).unwrap();
            }
            assert_eq!(merger.parts(), 2);
            let (_, merged) = merger.finish().unwrap();
            assert_eq!(merged.tally, expected);
            assert_eq!(
                (merged.files, merged.bytes, merged.problems.len()),
                (4, 2468, 2)
            );
        }
    }

    #[test]
    fn problem_kinds_read_back_by_name() {
        for kind in ProblemKind::ALL {
            assert_eq!(ProblemKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(ProblemKind::from_name("nonsense"), None);
    }

    /// The error for `text` (a partial-count file), as displayed.
    fn error(text: &str, matcher: &Matcher) -> String {
        read_text(text, matcher).unwrap_err().to_string()
    }

    #[test]
    fn bad_files_are_refused_with_file_and_line() {
        let matcher = matcher();
        let header = Header::new(matcher, &["speaker".to_string()]);
        let text = written(&header, &outcome(matcher, "Mr. A", 40), matcher);
        let lines: Vec<&str> = text.lines().collect();
        let with = |n: usize, line: &str| {
            let mut changed = lines.clone();
            changed[n] = line;
            changed.join("\n")
        };
        let cases: Vec<(String, String, &str)> = vec![
            ("".into(), "part.jsonl: empty".into(), "empty"),
            (
                "speaker,statements\n".into(),
                "part.jsonl:1: not a partial-count file".into(),
                "a CSV",
            ),
            (
                text.replacen("\"version\":1", "\"version\":2", 1),
                "part.jsonl:1: partial-count format version 2; this ctlex".into(),
                "a newer format",
            ),
            (
                text.replacen("\"ctlex\":\"", "\"ctlex\":\"9.", 1),
                "part.jsonl:1: counted by ctlex 9.".into(),
                "another ctlex",
            ),
            (
                text.replacen(&header.lexicon, &"0".repeat(64), 1),
                "part.jsonl:1: counted with another lexicon".into(),
                "another lexicon",
            ),
            (
                lines[..lines.len() - 1].join("\n"),
                format!(
                    "part.jsonl: ends after line {} without its end record",
                    lines.len() - 1
                ),
                "cut at a line end",
            ),
            (
                text[..text.len() - 10].to_string(),
                format!("part.jsonl:{}: not a whole JSON record", lines.len()),
                "cut inside a line",
            ),
            (
                with(1, "{\"record\":\"group\",\"key\":[\"x\"]}"),
                "part.jsonl:2: not a partial-count record: missing field `statements`".into(),
                "a field missing",
            ),
            (
                with(1, &lines[1].replacen("\"tokens\":40", "\"tokens\":4.5", 1)),
                "part.jsonl:2: not a partial-count record: invalid type: floating point".into(),
                "a float",
            ),
            (
                with(1, &lines[1].replacen("\"tokens\":40", "\"tokens\":-40", 1)),
                "part.jsonl:2: not a partial-count record: invalid value: integer `-40`".into(),
                "a negative count",
            ),
            (
                with(1, &lines[1].replacen("\"hits\":3", "\"hits\":4", 1)),
                "part.jsonl:2: entry".into(),
                "forms that do not add up",
            ),
            (
                with(1, &lines[1].replacen("\"hits\":[0,3,", "\"hits\":[3,", 1)),
                "part.jsonl:2: the group has 11 theme counts, the header 12 themes".into(),
                "a theme count missing",
            ),
            (
                with(2, lines[1]),
                "part.jsonl:3: the group `Mr. A` appears a second time".into(),
                "a repeated group",
            ),
            (
                format!("{text}{}\n", lines[0]),
                format!(
                    "part.jsonl:{}: a record after the end record",
                    lines.len() + 1
                ),
                "two files run together",
            ),
            (
                with(
                    lines.len() - 1,
                    &lines[lines.len() - 1].replacen("\"groups\":2", "\"groups\":3", 1),
                ),
                format!(
                    "part.jsonl:{}: the end record counts 3 groups, the file holds 2",
                    lines.len()
                ),
                "a group missing",
            ),
            (
                with(5, "{\"record\":\"problem\",\"path\":\"a\",\"line\":null,\"kind\":\"odd\",\"message\":\"m\"}"),
                "part.jsonl:6: unknown kind of problem `odd`".into(),
                "an unknown problem",
            ),
        ];
        for (text, expected, what) in cases {
            let message = error(&text, matcher);
            assert!(
                message.starts_with(&expected),
                "{what}:\n expected {expected}\n got      {message}"
            );
        }
    }

    #[test]
    fn a_header_may_leave_out_what_is_for_the_reader_only() {
        let matcher = matcher();
        let header = Header {
            inputs: vec!["chunk-1.jsonl".to_string()],
            ..Header::new(matcher, &["speaker".to_string()])
        };
        let text = written(&header, &outcome(matcher, "Mr. A", 40), matcher);
        let mut first: serde_json::Value =
            serde_json::from_str(text.lines().next().unwrap()).unwrap();
        for field in [
            "lexicon_source",
            "inputs",
            "text_column",
            "layout",
            "encoding",
        ] {
            first.as_object_mut().unwrap().remove(field);
        }
        let (_, rest) = text.split_once('\n').unwrap();
        let part = read_text(&format!("{first}\n{rest}"), matcher).unwrap();
        assert_eq!(part.header.inputs, Vec::<String>::new());
        assert_eq!(part.header.lexicon, header.lexicon);
    }

    #[test]
    fn entries_are_checked_against_the_lexicon() {
        let matcher = matcher();
        let header = Header::new(matcher, &["speaker".to_string()]);
        let text = written(&header, &outcome(matcher, "Mr. A", 40), matcher);
        let entry = matcher.entries().iter().position(|e| e.theme == 1).unwrap();
        let moved = text.replacen(
            &format!("\"entry\":{entry},"),
            &format!("\"entry\":{},", entry + 1),
            1,
        );
        assert!(error(&moved, matcher).contains(&format!("entry {} is `", entry + 1)));
        let beyond = text.replacen(&format!("\"entry\":{entry},"), "\"entry\":99999,", 1);
        assert!(error(&beyond, matcher).contains("entry 99999 is not in the lexicon"));
    }

    #[test]
    fn parts_grouped_differently_do_not_merge() {
        let matcher = matcher();
        let outcome = outcome(matcher, "Mr. A", 40);
        let by_speaker = written(
            &Header::new(matcher, &["speaker".to_string()]),
            &outcome,
            matcher,
        );
        let by_delegation = written(
            &Header::new(matcher, &["delegation".to_string()]),
            &outcome,
            matcher,
        );
        let mut merger = Merger::default();
        merger
            .add("a.jsonl", read_text(&by_speaker, matcher).unwrap())
            .unwrap();
        let error = merger
            .add("b.jsonl", read_text(&by_delegation, matcher).unwrap())
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "b.jsonl: grouped --by delegation, the other parts --by speaker (first: a.jsonl)"
        );
    }

    /// One statement's counts, and the part it falls in.
    type Unit = (
        usize,
        u64,
        u64,
        Vec<u64>,
        Vec<(usize, usize)>,
        bool,
        bool,
        usize,
    );

    fn unit(parts: usize) -> impl Strategy<Value = Unit> {
        (
            0..4usize,
            0..500u64,
            0..500u64,
            proptest::collection::vec(0..3u64, 12),
            proptest::collection::vec((0..30usize, 0..3usize), 0..4),
            any::<bool>(),
            any::<bool>(),
            0..parts,
        )
    }

    /// Adds one statement to `outcome`.
    fn add_unit(outcome: &mut Outcome, unit: &Unit) {
        let (key, tokens, content, hits, entries, russian, detected, _) = unit;
        let mut counts = Counts {
            statements: 1,
            tokens: *tokens,
            content_tokens: (*content).min(*tokens),
            hits: hits.clone(),
            ..Counts::default()
        };
        for &(entry, form) in entries {
            let form = ["fighters", "Fighter", "боевики"][form];
            counts.entries.entry(entry).or_default().add(form);
        }
        let speakers = ["Mr. A", "10", "2", "Г-н Б"];
        let key = GroupKey(vec![speakers[*key].to_string(), "x".to_string()]);
        outcome.tally.add(key, &counts);
        let language = if *russian { "ru" } else { "en" };
        outcome.tally.record_language(language, *detected);
        outcome.files += 1;
        outcome.bytes += tokens * 6;
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Statements dealt out to parts at random, each part written and read back, merged in
        /// any order: the tally and the bytes of one run over all the statements.
        #[test]
        fn any_slicing_merges_into_the_whole(
            (units, order) in (1..6usize).prop_flat_map(|parts| (
                proptest::collection::vec(unit(parts), 0..40),
                Just((0..parts).collect::<Vec<_>>()).prop_shuffle(),
            ))
        ) {
            let matcher = matcher();
            let header = Header::new(matcher, &["speaker".to_string(), "meeting".to_string()]);
            let mut whole = Outcome::default();
            let mut parts: Vec<Outcome> = order.iter().map(|_| Outcome::default()).collect();
            for unit in &units {
                add_unit(&mut whole, unit);
                add_unit(&mut parts[unit.7], unit);
            }
            let mut merger = Merger::default();
            for &i in &order {
                let text = written(&header, &parts[i], matcher);
                merger.add(&format!("part{i}"), read_text(&text, matcher).unwrap()).unwrap();
            }
            let (merged_header, merged) = merger.finish().unwrap();
            prop_assert_eq!(&merged.tally, &whole.tally);
            prop_assert_eq!(
                written(&merged_header, &merged, matcher),
                written(&header, &whole, matcher)
            );
        }
    }

    #[test]
    fn sums_beyond_64_bits_are_refused() {
        let matcher = matcher();
        let header = Header::new(matcher, &["speaker".to_string()]);
        let mut outcome = outcome(matcher, "Mr. A", 40);
        outcome.bytes = u64::MAX / 2;
        let text = written(&header, &outcome, matcher);
        let mut merger = Merger::default();
        merger.add("a", read_text(&text, matcher).unwrap()).unwrap();
        let error = merger
            .add("b", read_text(&text, matcher).unwrap())
            .unwrap_err();
        assert!(
            error.to_string().starts_with("b: counts too large"),
            "{error}"
        );
    }
}

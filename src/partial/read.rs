//! Reading partial counts back, checking every record against the lexicon and the end record.

use std::collections::BTreeMap;
use std::io::{self, BufRead};
use std::path::Path;

use super::{
    lexicon_difference, refused, EndRecord, EntryRecord, GroupRecord, Header, LanguageRecord,
    Partial, ProblemRecord, Record, FORMAT, VERSION,
};
use crate::count::Counting;
use crate::error::{Error, Problem, ProblemKind};
use crate::matcher::Matcher;
use crate::pipeline::Outcome;
use crate::tally::{Counts, EntryCount, GroupKey, LanguageCount};

/// Reads the partial-count file at `path`, checking it against `matcher`.
pub fn read(path: &Path, matcher: &Matcher) -> Result<Partial, Error> {
    let name = path.display().to_string();
    let file =
        std::fs::File::open(path).map_err(|e| refused(&name, None, format!("cannot read: {e}")))?;
    read_from(io::BufReader::new(file), &name, matcher)
}

/// Reads partial counts from `reader`, named `name` in errors, checking them against `matcher`.
pub(crate) fn read_from(
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
    let mut digest = blake3::Hasher::new();
    loop {
        buffer.clear();
        let read = reader
            .read_until(b'\n', &mut buffer)
            .map_err(|e| reading.error(format!("cannot read: {e}")))?;
        if read == 0 {
            break;
        }
        digest.update(&buffer);
        reading.line += 1;
        let text = std::str::from_utf8(&buffer)
            .map_err(|_| reading.error("not valid UTF-8".to_string()))?;
        if text.trim().is_empty() {
            continue;
        }
        reading.record(text)?;
    }
    let mut part = reading.finish()?;
    part.digest = digest.finalize().to_hex().to_string();
    Ok(part)
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
            Some(1) => {
                return Err(self.error(format!(
                    "partial-count format version 1, written before partial counts held hits in \
                     counter-terrorism context beside all hits; this ctlex ({}) reads version \
                     {VERSION}: count the part again with this ctlex",
                    env!("CARGO_PKG_VERSION")
                )))
            }
            Some(2) => {
                return Err(self.error(format!(
                    "partial-count format version 2, written before partial counts held the \
                     statements that mention each theme; this ctlex ({}) reads version \
                     {VERSION}: count the part again with this ctlex",
                    env!("CARGO_PKG_VERSION")
                )))
            }
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
        let counting = Counting {
            context: header.context,
            procedural: header.procedural,
        };
        let expected = Header::new(self.matcher, &header.by, counting);
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
        for (name, hits) in [
            ("hits", &group.hits),
            ("hits_all", &group.hits_all),
            ("mentions", &group.mentions),
            ("mentions_all", &group.mentions_all),
        ] {
            if hits.len() != themes {
                return Err(self.error(format!(
                    "the group has {} theme counts in `{name}`, the header {themes} themes",
                    hits.len()
                )));
            }
        }
        if let Some(theme) = (0..themes).find(|&i| group.hits[i] > group.hits_all[i]) {
            return Err(self.error(format!(
                "theme {theme} has more hits in context ({}) than hits in all ({})",
                group.hits[theme], group.hits_all[theme]
            )));
        }
        let too_many = (0..themes).find(|&i| {
            group.mentions[i] > group.mentions_all[i].min(group.hits[i])
                || group.mentions_all[i] > group.hits_all[i].min(group.statements)
        });
        if let Some(theme) = too_many {
            return Err(self.error(format!(
                "theme {theme} is mentioned in more statements ({} in context, {} in all) than \
                 it has hits or the group statements",
                group.mentions[theme], group.mentions_all[theme]
            )));
        }
        if group.mentions_any > group.mentions_any_all || group.mentions_any_all > group.statements
        {
            return Err(self.error(format!(
                "more statements mention a theme ({} in context, {} in all) than the group has \
                 ({})",
                group.mentions_any, group.mentions_any_all, group.statements
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
        self.weigh(group.hits_all.iter().copied())?;
        let mut counts = Counts {
            statements: group.statements,
            tokens: group.tokens,
            content_tokens: group.content_tokens,
            hits: group.hits,
            hits_all: group.hits_all,
            mentions: group.mentions,
            mentions_all: group.mentions_all,
            mentions_any: group.mentions_any,
            mentions_any_all: group.mentions_any_all,
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
        self.weigh([entry.hits, entry.hits_all])?;
        self.weigh(entry.forms.values().copied())?;
        if entry.hits > entry.hits_all {
            return Err(self.error(format!(
                "entry {index} (`{}`) has more hits in context ({}) than hits in all ({})",
                entry.pattern, entry.hits, entry.hits_all
            )));
        }
        let forms: u64 = entry.forms.values().sum();
        if forms != entry.hits_all {
            return Err(self.error(format!(
                "entry {index} (`{}`) has {} hits in all, but its forms add up to {forms}",
                entry.pattern, entry.hits_all
            )));
        }
        Ok((
            index,
            EntryCount {
                hits: entry.hits,
                hits_all: entry.hits_all,
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
            digest: String::new(),
        })
    }
}

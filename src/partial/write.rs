//! Writing a run's outcome as partial counts.

use std::io::{self, Write};

use super::{EndRecord, EntryRecord, GroupRecord, Header, LanguageRecord, ProblemRecord, Record};
use crate::lexicon::EntryInfo;
use crate::pipeline::Outcome;

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
            hits_all: counts.hits_all.clone(),
            mentions: counts.mentions.clone(),
            mentions_all: counts.mentions_all.clone(),
            mentions_any: counts.mentions_any,
            mentions_any_all: counts.mentions_any_all,
            entries: counts
                .entries
                .iter()
                .map(|(&index, count)| EntryRecord {
                    entry: index as u64,
                    pattern: entries
                        .get(index)
                        .map_or_else(String::new, |e| e.pattern.clone()),
                    hits: count.hits,
                    hits_all: count.hits_all,
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

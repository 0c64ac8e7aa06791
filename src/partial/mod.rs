//! Partial counts: a run's tally as a file whose counts add up with those of other runs.
//!
//! `ctlex analyze --format partial` writes what it counted as JSON Lines: a header (format
//! version, ctlex version, `--by` columns, the themes, a fingerprint of the lexicon and how hits
//! were counted: the context unit and procedural sentences), one record per group with its raw
//! counts of both measures (`hits` in counter-terrorism context and `hits_all`) and the surface forms of every entry that fired, the
//! statements per language, the problems met in the input, and an end record that says how many
//! of each came before it, so a file cut short is noticed. Only integers and strings: nothing is
//! rounded, so the sum of any parts, in any order, is exactly the tally of one run over all of
//! their inputs. Rates and tests are computed from the sum, never summed themselves.
//!
//! [`read`] checks a part against the lexicon it is merged with, and [`Merger`] checks that the
//! parts were counted alike (same `--by`, lexicon and ctlex version) before it adds them up.
//! Every complaint names the file and, when one line is at fault, the line. Nothing here reads a
//! corpus or writes a report.

mod merge;
mod read;
mod write;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::count::Counting;
use crate::error::{Error, Problem, ProblemKind};
use crate::matcher::{ContextUnit, Matcher};
use crate::pipeline::Outcome;

pub use merge::Merger;
pub use read::read;
pub use write::write;

/// The `format` of every header.
pub const FORMAT: &str = "ctlex-partial";

/// The version of the file format this ctlex writes and reads: 2 since counts carry both
/// measures, `hits` in counter-terrorism context and `hits_all`; 3 since they carry the
/// statements that mention each theme (`mentions`, `mentions_all`) and any theme.
pub const VERSION: u64 = 3;

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
    /// BLAKE3 fingerprint of the lexicon as compiled ([`Matcher::fingerprint`]): theme ids,
    /// every entry's theme, kind, language and pattern, in order, the context rules and the
    /// context lexicon.
    pub lexicon: String,
    /// The unit in which a context word put a hit in counter-terrorism context.
    pub context: ContextUnit,
    /// Whether the hits of procedural sentences were counted.
    pub procedural: bool,
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
    /// The `--layout` given, if one was.
    #[serde(default)]
    pub layout: Option<String>,
    /// The `--encoding` given, if one was.
    #[serde(default)]
    pub encoding: Option<String>,
}

impl Header {
    /// The header of counts made with `matcher`, grouped by `by`, counted as `counting` says;
    /// the fields for the reader are left empty.
    pub fn new(matcher: &Matcher, by: &[String], counting: Counting) -> Header {
        Header {
            format: FORMAT.to_string(),
            version: VERSION,
            ctlex: env!("CARGO_PKG_VERSION").to_string(),
            by: by.to_vec(),
            themes: matcher.themes().iter().map(|t| t.id.clone()).collect(),
            entries: matcher.entries().len() as u64,
            lexicon: matcher.fingerprint(),
            context: counting.context,
            procedural: counting.procedural,
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
        if (self.context, self.procedural) != (other.context, other.procedural) {
            let how = |h: &Header| {
                let procedural = if h.procedural {
                    ", procedural sentences included"
                } else {
                    ""
                };
                format!("--context {}{procedural}", h.context.name())
            };
            return Some(format!(
                "counted with {}, the other parts with {}",
                how(self),
                how(other)
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
    /// One count per theme, in header order: hits in counter-terrorism context.
    hits: Vec<u64>,
    /// One count per theme, in header order: hits wherever they stand.
    hits_all: Vec<u64>,
    /// One count per theme, in header order: statements with a hit in `hits`.
    mentions: Vec<u64>,
    /// One count per theme, in header order: statements with a hit in `hits_all`.
    mentions_all: Vec<u64>,
    /// Statements with a hit of any theme in `hits`.
    mentions_any: u64,
    /// Statements with a hit of any theme in `hits_all`.
    mentions_any_all: u64,
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
    /// Hits in counter-terrorism context.
    hits: u64,
    /// Hits wherever they stand.
    hits_all: u64,
    /// Matched text (whitespace runs as one space) → hits wherever they stand.
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
    /// How the counts were made.
    pub header: Header,
    /// The counts.
    pub outcome: Outcome,
    /// The sum of every count in the file; the merge keeps the sum of these below 2^64, so no
    /// sum of counts can overflow.
    mass: u64,
    /// BLAKE3 of the file's bytes: the same counts merged twice are refused.
    digest: String,
}

#[cfg(test)]
mod tests;

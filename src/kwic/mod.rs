//! Keyword in context: every hit of one pattern with the text around it, as an analyst reads a
//! concordance. The pattern is any lexicon entry (stem, `prefix*`, phrase, `NEAR/n`, `/regex/`),
//! compiled as the only entry of a theme of its own beside the context and procedural lexicons
//! of the lexicon it stands for ([`lexicon`]), so the pipeline finds, drops and licenses its hits
//! exactly as it does a theme's. [`Concordance`] is the sink that turns them into [`Line`]s and
//! hands them, in reading order, to a [`LineWriter`] ([`write`]).
//!
//! Nothing here counts: the pipeline does, and the lines are only what it found.

pub mod write;

use std::collections::BTreeMap;
use std::io;
use std::ops::{ControlFlow, Range};
use std::sync::{Arc, Mutex};

use crate::corpus::Statement;
use crate::count::{Counter, Counting};
use crate::lang::{LetterCounts, Script};
use crate::lexicon::{ContextRule, Entry, EntryInfo, EntryKind, Location, Pattern, Theme};
use crate::matcher::Context;
use crate::sink::{text_order, Found, MatchSink};
use crate::tally::GroupKey;
use crate::{Language, Lexicon, Matcher};

pub use write::{CsvLines, LineWriter, TextLines};

/// The id of the theme a pattern is compiled in.
pub const THEME: &str = "kwic";

/// Where the pattern's entry says it was written, in compile errors.
const PATTERN_SOURCE: &str = "the kwic pattern";

/// An invalid pattern, with where in it the fault lies.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "invalid pattern at character {}: {message}\n  {pattern}\n  {caret}^",
    at + 1,
    caret = " ".repeat(*at)
)]
pub struct PatternError {
    /// The pattern as given.
    pub pattern: String,
    /// The character (counted from 0) where the fault lies.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

/// The lexicon of `pattern` alone, in the theme [`THEME`] (whose hits need counter-terrorism
/// context, like most themes'), with the context and procedural lexicons of `base`. Its
/// language is the script of most of its letters: Cyrillic for Russian, else English.
pub fn lexicon(pattern: &str, base: &Lexicon) -> Result<Lexicon, PatternError> {
    Pattern::parse(pattern).map_err(|message| PatternError {
        pattern: pattern.to_string(),
        at: fault_position(pattern, &message),
        message: without_drawing(&message),
    })?;
    let file: Arc<str> = PATTERN_SOURCE.into();
    let theme = Theme {
        id: THEME.into(),
        label: pattern.trim().into(),
        scope: String::new(),
        context: ContextRule::Required,
        entries: vec![Entry {
            language: language_of(pattern),
            kind: EntryKind::Include,
            pattern: pattern.trim().into(),
            location: Location {
                file: file.clone(),
                line: 1,
            },
        }],
        examples: Vec::new(),
        file,
    };
    let lexicon = Lexicon::new(vec![theme]).map_err(|e| PatternError {
        pattern: pattern.to_string(),
        at: 0,
        message: e.message,
    })?;
    Ok(lexicon
        .with_context(base.context().cloned())
        .with_procedural(base.procedural().cloned()))
}

/// The language whose script most of `pattern`'s letters are in (`NEAR/n` aside).
fn language_of(pattern: &str) -> Language {
    let mut letters = LetterCounts::default();
    let words = pattern
        .split_whitespace()
        .filter(|w| !w.starts_with("NEAR/"));
    for c in words.flat_map(str::chars) {
        if let Some(script) = Script::of(c) {
            letters.add(script, 1);
        }
    }
    letters.dominant().unwrap_or(Language::English)
}

/// The character of `pattern` at which the fault `message` describes lies: the word it quotes,
/// the `NEAR` it is about, or where a regular expression's parser points.
fn fault_position(pattern: &str, message: &str) -> usize {
    let lead = pattern.len() - pattern.trim_start().len();
    let trimmed = pattern.trim();
    let byte = if message.contains("regular expression") {
        regex_fault(message).map_or(trimmed.len(), |at| at + 1)
    } else if message.contains("NEAR") {
        let nears: Vec<usize> = trimmed.match_indices("NEAR/").map(|(at, _)| at).collect();
        let at = if message.contains("only one") { 1 } else { 0 };
        nears.get(at).copied().unwrap_or(0)
    } else {
        pieces(trimmed)
            .find(|(_, piece)| message.contains(&format!("`{piece}`")))
            .map_or(0, |(at, _)| at)
    };
    pattern
        .get(..lead + byte)
        .map_or(0, |head| head.chars().count())
}

/// A regex parser's message without its drawing of the expression (the error shows the
/// pattern with its own caret): `invalid regular expression: unclosed group`.
fn without_drawing(message: &str) -> String {
    match message
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("error: "))
    {
        Some(fault) if message.starts_with("invalid regular expression") => {
            format!("invalid regular expression: {fault}")
        }
        _ => message.to_string(),
    }
}

/// Each whitespace-separated piece of `text` with its byte offset.
fn pieces(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |piece| (piece.as_ptr() as usize - text.as_ptr() as usize, piece))
}

/// The byte of the expression (between the slashes) where the regex parser's caret points: its
/// message shows the expression on one line and a `^` under the fault on the next.
fn regex_fault(message: &str) -> Option<usize> {
    let lines: Vec<&str> = message.lines().collect();
    let caret = lines.iter().position(|l| l.trim_start().starts_with('^'))?;
    let shown = lines.get(caret.checked_sub(1)?)?;
    let indent = shown.len() - shown.trim_start().len();
    let column = lines[caret].len() - lines[caret].trim_start().len();
    // The caret counts characters; the expression's bytes are what the caller wants.
    let chars = column.checked_sub(indent)?;
    let body = shown.trim_start();
    Some(
        body.char_indices()
            .nth(chars)
            .map_or(body.len(), |(i, _)| i),
    )
}

/// How a concordance is cut and what it keeps.
#[derive(Clone, Copy, Debug)]
pub struct KwicOptions {
    /// Characters of context on each side of a hit.
    pub width: usize,
    /// Stop after this many lines.
    pub limit: Option<u64>,
    /// Keep only the hits in counter-terrorism context.
    pub in_context_only: bool,
}

/// One hit in its context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The statement's id.
    pub doc: String,
    /// The file it was read from.
    pub file: String,
    /// The table row's line, or for a statement read from a text file, the line of the hit
    /// within the statement (1-based).
    pub line: u64,
    /// The values of the `--by` columns.
    pub group: Vec<String>,
    /// Character offsets of the hit in the statement (0-based, end exclusive).
    pub chars: Range<usize>,
    /// Up to `width` characters before the hit, line breaks and tabs as spaces.
    pub before: String,
    /// The hit as written, likewise.
    pub text: String,
    /// Up to `width` characters after the hit, likewise.
    pub after: String,
    /// Whether counter-terrorism context licensed the hit.
    pub in_context: bool,
    /// The context entry that licensed it, if one did.
    pub context: String,
}

/// The lines of the hits of `matcher` (compiled from [`lexicon`]) in one statement held in
/// memory, found as a run finds them with `counting`, in text order, without a group: the entry
/// point for callers that hold texts rather than files (the Python package).
pub fn statement_lines(
    statement: &Statement,
    matcher: &Matcher,
    counting: Counting,
    width: usize,
) -> Vec<Line> {
    let mut counter = Counter::new(matcher);
    let mut matches = counter.matches_of(&statement.text, counting).to_vec();
    text_order(&mut matches);
    let found = Found {
        statement,
        group: &GroupKey(Vec::new()),
        matches: &matches,
    };
    lines_of(&found, width, matcher.context_entries())
}

/// The lines of one statement's hits, cut to `width` characters of context;
/// `context_entries` name the words that licensed them.
pub fn lines_of(found: &Found<'_>, width: usize, context_entries: &[EntryInfo]) -> Vec<Line> {
    let statement = found.statement;
    let text = statement.text.as_str();
    let mut lines = Vec::with_capacity(found.matches.len());
    // Matches are in text order, so characters and line breaks are counted forward.
    let (mut byte, mut chars, mut breaks) = (0, 0, 0);
    for m in found.matches {
        let Some(head) = text.get(byte..m.bytes.start) else {
            continue;
        };
        chars += head.chars().count();
        breaks += head.matches('\n').count() as u64;
        byte = m.bytes.start;
        let hit = text.get(m.bytes.clone()).unwrap_or("");
        lines.push(Line {
            doc: statement.id.clone(),
            file: statement.path.to_string(),
            line: statement.line.unwrap_or(1 + breaks),
            group: found.group.0.clone(),
            chars: chars..chars + hit.chars().count(),
            before: one_line(last_chars(text.get(..m.bytes.start).unwrap_or(""), width)),
            text: one_line(hit),
            after: one_line(first_chars(text.get(m.bytes.end..).unwrap_or(""), width)),
            in_context: m.context.is_in(),
            context: match m.context {
                Context::Word(entry) => context_entries
                    .get(entry)
                    .map_or_else(String::new, |e| e.pattern.clone()),
                Context::Anywhere | Context::Outside => String::new(),
            },
        });
    }
    lines
}

/// The last `n` characters of `text`.
fn last_chars(text: &str, n: usize) -> &str {
    match n.checked_sub(1) {
        None => "",
        Some(back) => text
            .char_indices()
            .rev()
            .nth(back)
            .map_or(text, |(i, _)| &text[i..]),
    }
}

/// The first `n` characters of `text`.
fn first_chars(text: &str, n: usize) -> &str {
    text.char_indices().nth(n).map_or(text, |(i, _)| &text[..i])
}

/// `text` on one line: every control character (line breaks, tabs) a space.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The sink of a concordance: turns each batch's matches into [`Line`]s and writes them in
/// reading order, and stops the run at the limit or at the first write error.
pub struct Concordance<'a> {
    options: KwicOptions,
    context_entries: &'a [EntryInfo],
    state: Mutex<State<'a>>,
}

struct State<'a> {
    /// The sequence number of the next batch to write.
    next: u64,
    /// Batches that arrived before their turn.
    pending: BTreeMap<u64, Vec<Line>>,
    out: Box<dyn LineWriter + Send + 'a>,
    written: u64,
    error: Option<io::Error>,
}

impl<'a> Concordance<'a> {
    /// Writes lines to `out` as `options` say; `context_entries` are the matcher's.
    pub fn new(
        options: KwicOptions,
        context_entries: &'a [EntryInfo],
        out: Box<dyn LineWriter + Send + 'a>,
    ) -> Concordance<'a> {
        Concordance {
            options,
            context_entries,
            state: Mutex::new(State {
                next: 0,
                pending: BTreeMap::new(),
                out,
                written: 0,
                error: None,
            }),
        }
    }

    /// Finishes the output; returns how many lines were written and whether the limit was
    /// reached, or the first error met in writing.
    pub fn finish(self) -> io::Result<(u64, bool)> {
        let mut state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(error) = state.error.take() {
            return Err(error);
        }
        state.out.finish()?;
        let full = self.options.limit.is_some_and(|l| state.written >= l);
        Ok((state.written, full))
    }
}

impl State<'_> {
    /// Writes the batches now in order, up to `limit` lines; breaks when done or failed.
    fn drain(&mut self, limit: Option<u64>) -> ControlFlow<()> {
        while let Some(lines) = self.pending.remove(&self.next) {
            self.next += 1;
            for line in &lines {
                if limit.is_some_and(|l| self.written >= l) {
                    return ControlFlow::Break(());
                }
                if let Err(e) = self.out.line(line) {
                    self.error = Some(e);
                    return ControlFlow::Break(());
                }
                self.written += 1;
            }
        }
        if limit.is_some_and(|l| self.written >= l) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

impl MatchSink for Concordance<'_> {
    fn batch(&self, seq: u64, found: &[Found<'_>]) -> ControlFlow<()> {
        let mut lines = Vec::new();
        for statement in found {
            lines.extend(lines_of(
                statement,
                self.options.width,
                self.context_entries,
            ));
        }
        if self.options.in_context_only {
            lines.retain(|line| line.in_context);
        }
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.error.is_some() {
            return ControlFlow::Break(());
        }
        state.pending.insert(seq, lines);
        state.drain(self.options.limit)
    }
}

#[cfg(test)]
mod tests;

//! Where a run's hits go. The pipeline hands each batch's raw matches, statement by statement, to
//! a [`MatchSink`]; the sink decides what to make of them (a [`Hit`] with its context for a
//! reviewer, per-entry coverage for a lexicon editor) and may stop the run. The pipeline never
//! formats a hit, and a sink never scans text.

use std::ops::{ControlFlow, Range};

use crate::corpus::Statement;
use crate::matcher::{Context, Match};
use crate::tally::GroupKey;

/// Characters of context kept on each side of a hit.
pub const CONTEXT_CHARS: usize = 60;

/// The matches of one statement, in text order (by start, theme, end, entry).
#[derive(Clone, Copy, Debug)]
pub struct Found<'a> {
    /// The statement.
    pub statement: &'a Statement,
    /// The values of the `--by` columns.
    pub group: &'a GroupKey,
    /// Its matches, in text order.
    pub matches: &'a [Match],
}

/// Receives the matches of each batch. Batches arrive in any order; `seq` numbers them in
/// reading order from 0, and every batch is delivered exactly once, also when it has no match
/// (then `found` is empty). A sink returns [`ControlFlow::Break`] to stop the run: the batches
/// read after that are not analyzed.
pub trait MatchSink: Sync {
    /// Receives batch number `seq`; [`ControlFlow::Break`] stops the run.
    fn batch(&self, seq: u64, found: &[Found<'_>]) -> ControlFlow<()>;
}

/// One hit with what a reviewer needs to check it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The statement id.
    pub statement: String,
    /// The values of the `--by` columns.
    pub group: GroupKey,
    /// Index into the matcher's themes.
    pub theme: usize,
    /// Index into the matcher's entries.
    pub entry: usize,
    /// The matched text, with line breaks and tabs as spaces.
    pub text: String,
    /// Up to [`CONTEXT_CHARS`] characters before and after the match, likewise.
    pub before: String,
    /// The context after the match, like `before`.
    pub after: String,
    /// Character offsets of the match in the statement text (0-based, end exclusive).
    pub chars: Range<usize>,
    /// How the hit stands to counter-terrorism context, and the context entry that put it
    /// there.
    pub context: Context,
}

impl Found<'_> {
    /// The hits of this statement, in text order, appended to `hits`.
    pub(crate) fn hits_into(&self, hits: &mut Vec<Hit>) {
        let text = self.statement.text.as_str();
        // Matches are in text order, so offsets are counted forward from the last one.
        let (mut byte, mut chars) = (0, 0);
        for m in self.matches {
            chars += text
                .get(byte..m.bytes.start)
                .map_or(0, |s| s.chars().count());
            byte = m.bytes.start;
            let start = chars;
            let end = start + text.get(m.bytes.clone()).map_or(0, |s| s.chars().count());
            hits.push(Hit {
                statement: self.statement.id.clone(),
                group: self.group.clone(),
                theme: m.theme,
                entry: m.entry,
                text: spaced(text.get(m.bytes.clone()).unwrap_or("")),
                before: spaced(context_before(text, m.bytes.start)),
                after: spaced(context_after(text, m.bytes.end)),
                chars: start..end,
                context: m.context,
            });
        }
    }
}

/// Sorts one statement's matches into the text order a sink receives them in.
pub(crate) fn text_order(matches: &mut [Match]) {
    matches.sort_unstable_by_key(|m| (m.bytes.start, m.theme, m.bytes.end, m.entry));
}

/// Up to [`CONTEXT_CHARS`] characters of `text` before byte `at`.
fn context_before(text: &str, at: usize) -> &str {
    let head = text.get(..at).unwrap_or("");
    let start = head
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    head.get(start..).unwrap_or("")
}

/// Up to [`CONTEXT_CHARS`] characters of `text` from byte `at`.
fn context_after(text: &str, at: usize) -> &str {
    let tail = text.get(at..).unwrap_or("");
    let end = tail
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(tail.len(), |(i, _)| i);
    tail.get(..end).unwrap_or("")
}

/// `text` with line breaks, tabs and other control characters as spaces, so a hit stays on one
/// line of a table.
fn spaced(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_sixty_characters_each_side() {
        let text = format!("{}ИГИЛ{}", "д".repeat(70), "e".repeat(70));
        let start = text.find("ИГИЛ").unwrap();
        let end = start + "ИГИЛ".len();
        assert_eq!(context_before(&text, start), "д".repeat(60));
        assert_eq!(context_after(&text, end), "e".repeat(60));
        assert_eq!(context_before("ab cd", 3), "ab ");
        assert_eq!(context_after("ab cd", 3), "cd");
    }

    #[test]
    fn hits_stay_on_one_line() {
        assert_eq!(spaced("sleeper\r\ncells\t!"), "sleeper  cells !");
    }
}

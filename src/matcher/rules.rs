//! Rule matching: where the compiled rules match (phrases of terms, phrases with a `NEAR`
//! context, regular expressions), as candidates that count for a theme or block a span.
//!
//! Rules only find candidates and never choose among them: overlaps, exclusions and the order
//! of matches are the selection's.

use std::ops::Range;

use super::memo::{word_flags, HAS_TERMS, STARTS_RULE};
use super::regexes::Stretch;
use super::{Scanner, TermId, Units};
use crate::analyze::{starts_a_fold, Token};

/// Bytes of a statement whose regex matches are found at once (see
/// [`Scanner::find_regex_matches`]).
pub(super) const STRETCH_BYTES: usize = 64 << 10;

/// What a rule's matches do: count for a theme, block a span, or put a span in
/// counter-terrorism context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Owner {
    Theme(usize),
    /// An exclusion of a theme: blocks a span for that theme alone.
    Exclusion(usize),
    /// An entry of the context lexicon.
    Context,
    /// An exclusion of the context lexicon: blocks a span for the context alone.
    ContextExclusion,
    /// An entry of the procedural lexicon: its sentence counts for no theme.
    Procedural,
}

impl Owner {
    pub(super) fn is_exclusion(self) -> bool {
        matches!(self, Owner::Exclusion(_) | Owner::ContextExclusion)
    }
}

/// A token pattern: a sequence of terms, optionally required to have a context nearby.
#[derive(Debug)]
pub(super) struct Rule {
    pub(super) owner: Owner,
    pub(super) entry: usize,
    pub(super) anchor: Vec<TermId>,
    /// Gaps of the anchor where the entry allows a clause mark (bit `i`: after term `i`).
    pub(super) commas: u64,
    pub(super) near: Option<(Vec<TermId>, usize)>,
}

/// Where a rule matched, before the selection keeps or drops it.
#[derive(Clone, Debug)]
pub(super) struct Candidate {
    pub(super) owner: Owner,
    pub(super) entry: usize,
    pub(super) tokens: Range<usize>,
    pub(super) bytes: Range<usize>,
}

impl Scanner<'_> {
    /// Candidates of the token rules starting at `starts` (indices into `tokens`): exclusions
    /// anywhere there, counting ones only when they start in `own`.
    pub(super) fn find_token_matches(&mut self, starts: Range<usize>, own: Range<usize>) {
        let view = TokenView {
            tokens: &self.tokens,
            units: &self.units,
            word_terms: &self.word_terms,
            term_pool: &self.term_pool,
        };
        let matcher = self.matcher;
        let tokens = self.tokens.get(starts.clone()).unwrap_or(&[]);
        for (start, token) in (starts.start..).zip(tokens) {
            if word_flags(&self.starts_rule, token.word) & STARTS_RULE == 0 {
                continue;
            }
            // Most rules that start here take two words or more, and the next word satisfies
            // no term of most of them: that rules them out before their sequence is compared,
            // most often by the next word's flags, without looking up its terms.
            let next_has_terms = view
                .tokens
                .get(start + 1)
                .is_some_and(|next| word_flags(&self.starts_rule, next.word) & HAS_TERMS != 0);
            let mut next_terms = None;
            for &term in view.terms(start) {
                let Some(rule_ids) = matcher.rules_by_first_term.get(term as usize) else {
                    continue;
                };
                for &rule_id in rule_ids {
                    let rule = &matcher.rules[rule_id as usize];
                    if !rule.owner.is_exclusion() && !own.contains(&start) {
                        continue;
                    }
                    if let Some(second) = rule.anchor.get(1) {
                        if !next_has_terms {
                            continue;
                        }
                        let next = next_terms.get_or_insert_with(|| view.terms(start + 1));
                        if !next.contains(second) {
                            continue;
                        }
                    }
                    if !view.sequence_at(start, &rule.anchor, rule.commas) {
                        continue;
                    }
                    let end = start + rule.anchor.len();
                    if let Some((context, window)) = &rule.near {
                        if !view.near(start..end, context, *window) {
                            continue;
                        }
                    }
                    self.candidates.push(Candidate {
                        owner: rule.owner,
                        entry: rule.entry,
                        bytes: self.tokens[start].start..self.tokens[end - 1].end,
                        tokens: start..end,
                    });
                }
            }
        }
    }

    /// Readies the regex search for a new statement.
    pub(super) fn start_regex_search(&mut self) {
        self.regex_hits.clear();
        self.regex_exclusions.clear();
        self.regex_progress = RegexProgress::default();
        self.regex_search.start_statement(&self.matcher.regexes);
    }

    /// Finds the regex matches that start before byte `end` of `text` (all of them past its
    /// end), in byte offsets of `text`, stretch by stretch: only a stretch and its margins are
    /// folded at once, however long the statement.
    pub(super) fn find_regex_matches(&mut self, text: &str, end: usize) {
        let regexes = &self.matcher.regexes;
        if regexes.is_empty() {
            return;
        }
        let (before, after) = regexes.margins();
        let end = end.min(text.len());
        while self.regex_progress.searched < end {
            let start = self.regex_progress.searched;
            let stop = text.ceil_char_boundary(start.saturating_add(self.stretch_bytes.max(1)));
            // Folded text is never longer than the original but where folding lengthens a
            // character, and much shorter only where it drops invisible ones: widen the
            // context until it holds the margins.
            let mut margin = before.max(after);
            let (own, base) = loop {
                let from = context_start(text, start.saturating_sub(margin));
                let to = context_end(text, stop.saturating_add(margin));
                let folded = &mut self.folded;
                folded.start_at(from);
                folded.push(&text[from..start]);
                let own_start = folded.as_bytes().len();
                folded.push(&text[start..stop]);
                let own_end = folded.as_bytes().len();
                folded.push(&text[stop..to]);
                let len = folded.as_bytes().len();
                if (own_start >= before || from == 0)
                    && (len - own_end >= after || to == text.len())
                {
                    // The stretch folds as it does within the whole text (it starts at no
                    // combining mark), so its start lies this far into the whole folded text.
                    let base = self.regex_progress.folded.saturating_sub(own_start);
                    break (own_start..own_end, base);
                }
                margin = margin.saturating_mul(2);
            };
            self.regex_progress.searched = stop;
            self.regex_progress.folded += own.len();
            let stretch = Stretch {
                text: self.folded.as_bytes(),
                own,
                base,
            };
            let folded = &self.folded;
            let (hits, exclusions) = (&mut self.regex_hits, &mut self.regex_exclusions);
            let new = hits.len();
            self.regex_search.find(regexes, &stretch, |rule, found| {
                let list = match rule.owner.is_exclusion() {
                    false => &mut *hits,
                    true => &mut *exclusions,
                };
                list.push(Candidate {
                    owner: rule.owner,
                    entry: rule.entry,
                    tokens: 0..0,
                    bytes: folded.original(found.start)..folded.original(found.end),
                });
            });
            hits[new..].sort_by_key(|c| c.bytes.start);
        }
    }
}

/// How far a statement's regexes have been searched.
#[derive(Debug, Default)]
pub(super) struct RegexProgress {
    /// Bytes of the statement searched: every match starting before them is found.
    searched: usize,
    /// The length of those bytes folded.
    folded: usize,
}

/// Where to start folding context for a stretch, at or before `at`: a character boundary where
/// folding may start ([`starts_a_fold`]: not a combining mark, which folds with the character
/// before it, nor an invisible character, across which a mark after it does).
fn context_start(text: &str, at: usize) -> usize {
    let mut at = text.floor_char_boundary(at);
    while text[at..].chars().next().is_some_and(|c| !starts_a_fold(c)) {
        match text[..at].char_indices().next_back() {
            Some((before, _)) => at = before,
            None => break,
        }
    }
    at
}

/// Where to stop folding context for a stretch, at or after `at`: a character boundary, past
/// any combining marks that fold into the character before and the invisible characters
/// between them.
fn context_end(text: &str, at: usize) -> usize {
    let mut at = text.ceil_char_boundary(at);
    while let Some(c) = text[at..].chars().next().filter(|&c| !starts_a_fold(c)) {
        at += c.len_utf8();
    }
    at
}

/// Read-only view of a scanned text's tokens, the units they stand in and the terms each
/// satisfies.
struct TokenView<'a> {
    tokens: &'a [Token],
    units: &'a [Units],
    word_terms: &'a [Range<u32>],
    term_pool: &'a [TermId],
}

impl TokenView<'_> {
    fn terms(&self, token: usize) -> &[TermId] {
        let range = &self.word_terms[self.tokens[token].word];
        &self.term_pool[range.start as usize..range.end as usize]
    }

    /// Whether the terms of `sequence` stand at `start` one after the other, within one
    /// sentence and with no clause mark between them but at the gaps `commas` allows.
    #[inline]
    fn sequence_at(&self, start: usize, sequence: &[TermId], commas: u64) -> bool {
        let end = start + sequence.len();
        end <= self.tokens.len()
            && sequence
                .iter()
                .enumerate()
                .all(|(i, term)| self.terms(start + i).contains(term))
            && self.within_clause(start..end, commas)
    }

    fn within_clause(&self, tokens: Range<usize>, commas: u64) -> bool {
        let (first, last) = (self.units[tokens.start], self.units[tokens.end - 1]);
        first.clause == last.clause
            || (commas != 0
                && first.sentence == last.sentence
                && (tokens.start + 1..tokens.end).all(|i| {
                    self.units[i].clause == self.units[i - 1].clause
                        || commas & (1 << (i - 1 - tokens.start)) != 0
                }))
    }

    /// Whether `context` occurs, not overlapping `anchor`, within `window` tokens of it and in
    /// the same sentence.
    fn near(&self, anchor: Range<usize>, context: &[TermId], window: usize) -> bool {
        let len = context.len();
        let lowest = (anchor.start + 1).saturating_sub(window + len);
        let highest = (anchor.end - 1 + window).min(self.tokens.len());
        let sentence = self.units[anchor.start].sentence;
        (lowest..=highest).any(|at| {
            (at + len <= anchor.start || at >= anchor.end)
                && self.sequence_at(at, context, 0)
                && self.units[at].sentence == sentence
        })
    }
}

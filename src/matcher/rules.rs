//! Rule matching: where the compiled rules match (phrases of terms, phrases with a `NEAR`
//! context, regular expressions), as candidates that count for a theme or block a span.
//!
//! Rules only find candidates and never choose among them: overlaps, exclusions and the order
//! of matches are the selection's.

use std::ops::Range;

use super::memo::{word_flags, HAS_TERMS, STARTS_RULE};
use super::{Scanner, TermId, Units};
use crate::analyze::Token;

/// What a rule's matches do: count for a theme, block a span, or put a span in
/// counter-terrorism context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Owner {
    Theme(usize),
    /// Blocks a span for every theme.
    Exclusion,
    /// An entry of the context lexicon.
    Context,
    /// An exclusion of the context lexicon: blocks a span for the context alone.
    ContextExclusion,
    /// An entry of the procedural lexicon: its sentence counts for no theme.
    Procedural,
}

impl Owner {
    pub(super) fn is_exclusion(self) -> bool {
        matches!(self, Owner::Exclusion | Owner::ContextExclusion)
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

    /// Finds the regex matches of the whole text, in byte offsets of `text`.
    pub(super) fn find_regex_matches(&mut self, text: &str) {
        self.regex_hits.clear();
        self.regex_exclusions.clear();
        if self.matcher.regexes.is_empty() {
            return;
        }
        self.folded.fold(text);
        let folded = &self.folded;
        let (hits, exclusions) = (&mut self.regex_hits, &mut self.regex_exclusions);
        self.regex_search
            .find(&self.matcher.regexes, folded.as_bytes(), |rule, found| {
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
        self.regex_hits.sort_by_key(|c| c.bytes.start);
    }
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

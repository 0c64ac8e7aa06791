//! Selection: of a window's candidates, drop every one an exclusion covers and keep, per theme,
//! the leftmost-longest ones that do not overlap, continuing from earlier windows. The context
//! lexicon is selected the same way, as one more theme whose matches are marks, not hits.
//!
//! Selection looks only at candidates' spans, never at the text or its terms, and never lets a
//! theme's matches overlap or one theme's matches hide another's.

use std::cmp::Reverse;

use super::rules::Owner;
use super::scan::token_range;
use super::{Context, ContextMark, Match, Scanner};

/// Bits of `Scanner::excluded`: a token blocked for the themes, for the context, or both.
const FOR_THEMES: u8 = 1;
const FOR_CONTEXT: u8 = 2;

impl Scanner<'_> {
    /// Drops excluded candidates and picks, per theme, leftmost-longest non-overlapping
    /// matches, continuing from the matches of earlier windows. `base` is the global index of
    /// the first token held.
    pub(super) fn select(&mut self, base: usize, on_match: &mut impl FnMut(Match)) {
        self.excluded.clear();
        self.excluded.resize(self.tokens.len(), 0);
        let blocks = |owner| match owner {
            Owner::Exclusion => FOR_THEMES,
            Owner::ContextExclusion => FOR_CONTEXT,
            Owner::Theme(_) | Owner::Context | Owner::Procedural => 0,
        };
        for candidate in &self.candidates {
            let bits = blocks(candidate.owner);
            if bits != 0 {
                self.excluded[candidate.tokens.clone()]
                    .iter_mut()
                    .for_each(|b| *b |= bits);
            }
        }
        for exclusion in &self.regex_exclusions {
            let tokens = token_range(&self.tokens, 0, &exclusion.bytes);
            let bits = blocks(exclusion.owner);
            self.excluded[tokens].iter_mut().for_each(|b| *b |= bits);
        }
        let excluded = &self.excluded;
        self.candidates.retain(|c| {
            let bit = match c.owner {
                Owner::Theme(_) => FOR_THEMES,
                Owner::Context => FOR_CONTEXT,
                Owner::Procedural => return true,
                Owner::Exclusion | Owner::ContextExclusion => return false,
            };
            excluded[c.tokens.clone()].iter().all(|b| b & bit == 0)
        });
        self.candidates.sort_unstable_by_key(|c| {
            (
                c.owner,
                c.tokens.start,
                Reverse(c.tokens.end),
                c.bytes.start,
                c.entry,
            )
        });
        let themes = self.matcher.themes.len();
        for candidate in self.candidates.drain(..) {
            let slot = match candidate.owner {
                Owner::Theme(theme) => theme,
                Owner::Context => themes,
                Owner::Procedural => themes + 1,
                Owner::Exclusion | Owner::ContextExclusion => continue,
            };
            let tokens = candidate.tokens.start + base..candidate.tokens.end + base;
            if tokens.start < self.last_end[slot] {
                continue;
            }
            self.last_end[slot] = tokens.end;
            // A regex match between two tokens stands in the units of the token after it.
            let units = self
                .units
                .get(candidate.tokens.start)
                .or(self.units.last())
                .copied()
                .unwrap_or_default();
            if slot == themes + 1 {
                if self.procedural_sentences.last() != Some(&units.sentence) {
                    self.procedural_sentences.push(units.sentence);
                }
                continue;
            }
            if slot == themes {
                self.context_marks.push(ContextMark {
                    bytes: candidate.bytes,
                    sentence: units.sentence,
                    paragraph: units.paragraph,
                    entry: candidate.entry,
                });
                continue;
            }
            on_match(Match {
                theme: slot,
                entry: candidate.entry,
                tokens,
                bytes: candidate.bytes,
                sentence: units.sentence,
                paragraph: units.paragraph,
                context: Context::Anywhere,
            });
        }
    }
}

//! Selection: of a window's candidates, drop every one an exclusion of its own theme covers and
//! keep, per theme, the leftmost-longest ones that do not overlap, continuing from earlier
//! windows. The context lexicon is selected the same way, as one more theme whose matches are
//! marks, not hits, and whose exclusions are its own.
//!
//! Selection looks only at candidates' spans, never at the text or its terms, and never lets a
//! theme's matches overlap, one theme's matches hide another's, or one theme's exclusions block
//! another's matches.

use std::cmp::Reverse;
use std::ops::Range;

use super::rules::Owner;
use super::scan::token_range;
use super::{Context, ContextMark, Match, Scanner};

impl Scanner<'_> {
    /// Drops excluded candidates and picks, per theme, leftmost-longest non-overlapping
    /// matches, continuing from the matches of earlier windows. `base` is the global index of
    /// the first token held.
    pub(super) fn select(&mut self, base: usize, on_match: &mut impl FnMut(Match)) {
        let themes = self.matcher.themes.len();
        // A slot per theme, then the context lexicon's: the one an owner's matches fill, or
        // its exclusions block.
        let slot = |owner| match owner {
            Owner::Theme(theme) | Owner::Exclusion(theme) => Some(theme),
            Owner::Context | Owner::ContextExclusion => Some(themes),
            Owner::Procedural => None,
        };
        self.excluded.reset(self.tokens.len(), themes + 1);
        let token_exclusions = self.candidates.iter().map(|c| (c.owner, c.tokens.clone()));
        let regex_exclusions = (self.regex_exclusions.iter())
            .map(|e| (e.owner, token_range(&self.tokens, 0, &e.bytes)));
        for (owner, tokens) in token_exclusions.chain(regex_exclusions) {
            if let (true, Some(slot)) = (owner.is_exclusion(), slot(owner)) {
                self.excluded.block(tokens, slot);
            }
        }
        let excluded = &self.excluded;
        self.candidates
            .retain(|c| match (c.owner.is_exclusion(), slot(c.owner)) {
                (true, _) => false,
                (false, Some(slot)) => !excluded.blocks(c.tokens.clone(), slot),
                (false, None) => true,
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
        for candidate in self.candidates.drain(..) {
            let slot = match candidate.owner {
                Owner::Theme(theme) => theme,
                Owner::Context => themes,
                Owner::Procedural => themes + 1,
                Owner::Exclusion(_) | Owner::ContextExclusion => continue,
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

/// Per token held, a bit per theme and one for the context lexicon after them: whether an
/// exclusion of that theme (or of the context) covers the token. A token takes one `u64` per 64
/// slots; a window that no exclusion touches allocates and clears nothing.
#[derive(Debug, Default)]
pub(super) struct ExclusionMask {
    tokens: usize,
    /// `u64`s per token.
    words: usize,
    /// Empty until an exclusion blocks a token of the window.
    bits: Vec<u64>,
}

impl ExclusionMask {
    /// Unblocks every slot of `tokens` tokens.
    fn reset(&mut self, tokens: usize, slots: usize) {
        self.tokens = tokens;
        self.words = slots.div_ceil(64);
        self.bits.clear();
    }

    /// Blocks `tokens` for `slot`.
    fn block(&mut self, tokens: Range<usize>, slot: usize) {
        if self.bits.is_empty() {
            self.bits.resize(self.tokens * self.words, 0);
        }
        let (word, bit) = (slot / 64, 1u64 << (slot % 64));
        for token in tokens {
            self.bits[token * self.words + word] |= bit;
        }
    }

    /// Whether any of `tokens` is blocked for `slot`.
    fn blocks(&self, mut tokens: Range<usize>, slot: usize) -> bool {
        let (word, bit) = (slot / 64, 1u64 << (slot % 64));
        !self.bits.is_empty() && tokens.any(|token| self.bits[token * self.words + word] & bit != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::ExclusionMask;

    #[test]
    fn a_blocked_slot_blocks_no_other_slot_past_the_first_word() {
        let mut mask = ExclusionMask::default();
        mask.reset(4, 130);
        assert!(!mask.blocks(0..4, 66));
        mask.block(1..3, 66);
        assert!(mask.blocks(2..4, 66));
        assert!(!mask.blocks(3..4, 66));
        assert!(!mask.blocks(0..4, 2));
        assert!(!mask.blocks(0..4, 129));
        mask.reset(4, 130);
        assert!(!mask.blocks(0..4, 66));
    }
}

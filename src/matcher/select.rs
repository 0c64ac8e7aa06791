//! Selection: of a window's candidates, drop every one an exclusion covers and keep, per theme,
//! the leftmost-longest ones that do not overlap, continuing from earlier windows.
//!
//! Selection looks only at candidates' spans, never at the text or its terms, and never lets a
//! theme's matches overlap or one theme's matches hide another's.

use std::cmp::Reverse;

use super::rules::Owner;
use super::scan::token_range;
use super::{Match, Scanner};

impl Scanner<'_> {
    /// Drops excluded candidates and picks, per theme, leftmost-longest non-overlapping
    /// matches, continuing from the matches of earlier windows. `base` is the global index of
    /// the first token held.
    pub(super) fn select(&mut self, base: usize, on_match: &mut impl FnMut(Match)) {
        self.excluded.clear();
        self.excluded.resize(self.tokens.len(), false);
        for candidate in &self.candidates {
            if candidate.owner == Owner::Exclusion {
                self.excluded[candidate.tokens.clone()].fill(true);
            }
        }
        for exclusion in &self.regex_exclusions {
            let tokens = token_range(&self.tokens, 0, &exclusion.bytes);
            self.excluded[tokens].fill(true);
        }
        let excluded = &self.excluded;
        self.candidates.retain(|c| {
            matches!(c.owner, Owner::Theme(_)) && !excluded[c.tokens.clone()].contains(&true)
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
            let Owner::Theme(theme) = candidate.owner else {
                continue;
            };
            let tokens = candidate.tokens.start + base..candidate.tokens.end + base;
            if tokens.start >= self.last_end[theme] {
                self.last_end[theme] = tokens.end;
                on_match(Match {
                    theme,
                    entry: candidate.entry,
                    tokens,
                    bytes: candidate.bytes,
                });
            }
        }
    }
}

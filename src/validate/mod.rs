//! Validation of a lexicon against hand-coded text: what `ctlex validate` computes.
//!
//! A gold standard ([`gold`]) is a set of sentences or statements whose themes a coder marked
//! from the codebook alone; the lexicon's hits in the same texts ([`score::Fired`]) are scored
//! against the coder's marks ([`score`]) for both of ctlex's measures: the topic (`hits_all`
//! against `themes`) and counter-terrorism discourse (`hits` against `ct_themes`). Validating a
//! dictionary this way is what tells a user what its counts mean.
//!
//! This module reads and scores; it never prints.

pub mod gold;
pub mod score;

pub use gold::{Gold, GoldItem, Stale};
pub use score::{Confusion, Disagreement, Fired, Line, Measure, Scores};

use crate::count::{Counter, Counting};
use crate::matcher::{Context, Matcher};

/// The hits of `matcher` in each item's text, as a run counts them with `counting`: with their
/// context read in its unit, and without the hits of a presiding officer's procedural sentences
/// unless it keeps them.
pub fn fire(matcher: &Matcher, items: &[GoldItem], counting: Counting) -> Vec<Vec<Fired>> {
    let mut counter = Counter::new(matcher);
    items
        .iter()
        .map(|item| {
            counter
                .matches_of(&item.text, counting)
                .iter()
                .map(|m| Fired {
                    theme: matcher.themes()[m.theme].id.clone(),
                    entry: matcher.entries()[m.entry].pattern.clone(),
                    context: match m.context {
                        Context::Outside => None,
                        Context::Anywhere => Some(String::new()),
                        Context::Word(entry) => {
                            Some(matcher.context_entries()[entry].pattern.clone())
                        }
                    },
                    bytes: m.bytes.clone(),
                })
                .collect()
        })
        .collect()
}

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

use crate::matcher::{Context, ContextUnit, Matcher, Scanner};

/// The hits of `matcher` in each item's text, with their context read in `unit`s; hits in a
/// presiding officer's procedural sentences are left out unless `procedural` says to keep them.
pub fn fire(
    matcher: &Matcher,
    items: &[GoldItem],
    unit: ContextUnit,
    procedural: bool,
) -> Vec<Vec<Fired>> {
    let mut scanner = Scanner::new(matcher);
    items
        .iter()
        .map(|item| {
            let mut found = Vec::new();
            scanner.scan(&item.text, |m| found.push(m));
            found
                .into_iter()
                .filter(|m| procedural || !scanner.is_procedural(m))
                .map(|m| Fired {
                    theme: matcher.themes()[m.theme].id.clone(),
                    entry: matcher.entries()[m.entry].pattern.clone(),
                    context: match scanner.context_of(unit, &m) {
                        Context::Outside => None,
                        Context::Anywhere => Some(String::new()),
                        Context::Word(entry) => {
                            Some(matcher.context_entries()[entry].pattern.clone())
                        }
                    },
                    bytes: m.bytes,
                })
                .collect()
        })
        .collect()
}

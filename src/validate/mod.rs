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

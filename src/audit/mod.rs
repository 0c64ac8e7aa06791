//! Audits of a lexicon: its lint, its parity between English and Russian on parallel text, and
//! its coverage of a corpus.
//!
//! Audits stand above the matcher and use it as any caller does; the lexicon and the matcher
//! never import them. An audit reports on a lexicon and never changes what is counted.

pub mod coverage;
pub mod lint;
pub mod parity;

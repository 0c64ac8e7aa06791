//! Audits of a lexicon: its lint, and its parity between English and Russian on parallel text.
//!
//! Audits stand above the matcher and use it as any caller does; the lexicon and the matcher
//! never import them. An audit reports on a lexicon and never changes what is counted.

pub mod lint;
pub mod parity;

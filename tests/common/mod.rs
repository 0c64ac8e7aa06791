//! What the end-to-end tests share: a temporary folder in which the real binary runs
//! ([`Workdir`]), the comparison of whole outputs ([`assert_output`]), and the fixtures several
//! tests read (the small lexicon, the sample debate, `../shared/data`).
//!
//! Every test binary compiles this module and uses a part of it: hence the `allow`s.
#![allow(dead_code, unused_imports)]

mod diff;
mod errors;
mod fixtures;
mod workdir;

pub use diff::{assert_output, assert_output_of};
pub use errors::{kinds, problems};
pub use fixtures::{lexicon_with, sample_corpus, sample_statements, shared_data, LEXICON};
pub use workdir::Workdir;

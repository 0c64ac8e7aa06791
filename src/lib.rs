//! # ctlex
//!
//! Measures what delegations emphasise when they speak about terrorism at the United Nations: a
//! parallel pipeline that reads English and Russian statements, tokenizes them (UAX #29 words),
//! stems them (Snowball), matches bilingual theme lexicons and counts theme hits per speaker,
//! delegation, or any other metadata column.
//!
//! ```
//! use ctlex::{Lexicon, Matcher, Scanner};
//!
//! let lexicon = Lexicon::bundled()?;
//! let matcher = Matcher::new(&lexicon)?;
//! let mut scanner = Scanner::new(&matcher);
//!
//! let ftf = matcher.themes().iter().position(|t| t.id == "ftf").unwrap();
//! let english = scanner.count("Foreign terrorist fighters are a growing concern.");
//! let russian = scanner.count("Иностранные боевики-террористы вызывают растущую обеспокоенность.");
//! assert_eq!(english[ftf], 1);
//! assert_eq!(russian[ftf], 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The stages, each in its own module: [`corpus`] reads statements, [`analyze`] turns text into
//! tokens, [`lexicon`] loads themes, [`matcher`] finds hits, [`count`] measures one statement and
//! [`group`] decides its group, [`tally`] adds them up, [`report`] writes them, and [`pipeline`]
//! runs it all in parallel. An [`plan::OutputPlan`] decides once what a run counts; hits go to a
//! [`sink::MatchSink`]; [`partial`] writes a tally as a file whose counts add up with those of
//! other runs; [`audit`] checks a lexicon: its lint, its parity on parallel text, and its coverage
//! of a corpus through the same pipeline.

#![warn(missing_docs, unreachable_pub)]

pub mod analyze;
pub mod audit;
pub mod corpus;
pub mod count;
pub mod error;
pub mod filter;
pub mod group;
pub mod groups;
pub mod kwic;
pub mod lang;
pub mod lexicon;
pub mod matcher;
pub mod measures;
pub mod partial;
pub mod pipeline;
pub mod plan;
pub mod report;
pub mod sink;
pub mod stopwords;
pub mod tally;
pub mod validate;

pub use error::{Error, LexiconError, Problem};
pub use lang::Language;
pub use lexicon::Lexicon;
pub use matcher::{Match, Matcher, Scanner};
pub use tally::Tally;

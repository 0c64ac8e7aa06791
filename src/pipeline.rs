//! The parallel pipeline: batches of statements → per-worker scanner → per-worker tally →
//! one merged tally.
//!
//! Reading happens in order behind rayon's `par_bridge`; each worker owns a [`Scanner`] (with its
//! own word memo) and a [`Tally`], so the hot path takes no lock. Tallies add up in any order,
//! so the result does not depend on the number of threads.

use rayon::prelude::*;

use crate::corpus::{Corpus, Statement};
use crate::error::{Error, Problem};
use crate::lang::Language;
use crate::matcher::{Matcher, Scanner};
use crate::tally::{GroupKey, Tally};

/// Grouping columns computed by ctlex rather than read from the input.
pub const VIRTUAL_COLUMNS: [&str; 3] = ["doc", "language", "file"];

/// Bytes of text per batch handed to a worker.
const BATCH_BYTES: u64 = 1 << 20;

/// What a run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub tally: Tally,
    /// Input that was skipped or degraded, in reading order.
    pub problems: Vec<Problem>,
    /// Bytes of statement text analyzed.
    pub bytes: u64,
    /// Files that yielded at least one statement.
    pub files: u64,
}

/// Per-worker state.
struct Worker<'m> {
    scanner: Scanner<'m>,
    hits: Vec<u64>,
    part: Part,
}

/// What one worker has counted so far.
#[derive(Default)]
struct Part {
    tally: Tally,
    problems: Vec<(u64, Vec<Problem>)>,
    fatal: Option<(u64, Error)>,
    bytes: u64,
    files: u64,
}

impl Part {
    fn merge(mut self, other: Part) -> Part {
        self.tally += other.tally;
        self.problems.extend(other.problems);
        self.bytes += other.bytes;
        self.files += other.files;
        self.fatal = match (self.fatal, other.fatal) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        self
    }
}

/// Counts the themes of `matcher` in `corpus`, grouped by the `by` columns, on `threads`
/// threads (0: one per core). `on_batch(bytes, statements)` is called after each batch.
pub fn run(
    corpus: Corpus,
    matcher: &Matcher,
    by: &[String],
    threads: usize,
    on_batch: &(dyn Fn(u64, u64) + Sync),
) -> Result<Outcome, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    let part = pool.install(|| {
        corpus
            .batches(BATCH_BYTES)
            .enumerate()
            .par_bridge()
            .fold(
                || Worker {
                    scanner: Scanner::new(matcher),
                    hits: vec![0; matcher.themes().len()],
                    part: Part::default(),
                },
                |mut worker, (seq, batch)| {
                    let seq = seq as u64;
                    for statement in &batch.statements {
                        worker.count(statement, by);
                    }
                    on_batch(batch.bytes, batch.statements.len() as u64);
                    worker.part.bytes += batch.bytes;
                    worker.part.files += batch.files;
                    if !batch.problems.is_empty() {
                        worker.part.problems.push((seq, batch.problems));
                    }
                    if let Some(fatal) = batch.fatal {
                        worker.part.fatal = Some((seq, fatal));
                    }
                    worker
                },
            )
            .map(|worker| worker.part)
            .reduce(Part::default, Part::merge)
    });
    if let Some((_, fatal)) = part.fatal {
        return Err(fatal);
    }
    let mut problems = part.problems;
    problems.sort_by_key(|(seq, _)| *seq);
    Ok(Outcome {
        tally: part.tally,
        problems: problems.into_iter().flat_map(|(_, p)| p).collect(),
        bytes: part.bytes,
        files: part.files,
    })
}

impl Worker<'_> {
    fn count(&mut self, statement: &Statement, by: &[String]) {
        self.hits.fill(0);
        let hits = &mut self.hits;
        let scan = self.scanner.scan(&statement.text, |m| hits[m.theme] += 1);
        let (language, detected) = statement_language(statement, scan.letters.dominant());
        let key = GroupKey(
            by.iter()
                .map(|column| group_value(statement, column, &language))
                .collect(),
        );
        let tally = &mut self.part.tally;
        tally.record(key, scan.tokens as u64, &self.hits);
        tally.record_language(&language, detected);
    }
}

/// A statement's language: its `language` metadata when given (as `en`/`ru` when recognised),
/// else its dominant script, else `und`. The flag says whether it was detected.
pub fn statement_language(statement: &Statement, dominant: Option<Language>) -> (String, bool) {
    match statement.fields.get("language").map(str::trim) {
        Some(given) if !given.is_empty() => (
            Language::from_code(given)
                .map_or_else(|| given.to_lowercase(), |l| l.code().to_string()),
            false,
        ),
        _ => (dominant.map_or("und", Language::code).to_string(), true),
    }
}

fn group_value(statement: &Statement, column: &str, language: &str) -> String {
    match column {
        "doc" => statement.id.clone(),
        "language" => language.to_string(),
        "file" => statement
            .fields
            .get("file")
            .map_or_else(|| statement.path.to_string(), str::to_string),
        other => statement.fields.get(other).unwrap_or("").to_string(),
    }
}

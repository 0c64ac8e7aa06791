//! The parallel pipeline: batches of statements → per-worker scanner → per-worker tally →
//! one merged tally.
//!
//! A reader thread reads batches in order a few batches ahead (a bounded queue, so memory stays
//! bounded), and rayon's `par_bridge` hands them to the workers; each worker owns a [`Scanner`]
//! (with its own word memo) and a [`Tally`], so the hot path takes no lock. Tallies add up in any order,
//! so the result does not depend on the number of threads.
//!
//! Optionally a worker also counts content tokens (with a stop-word list), per-entry hits with
//! their surface forms, and hands every hit with its context to a [`MatchSink`], one batch at a
//! time with the batch's sequence number, so the sink can write hits in reading order.

use rayon::prelude::*;

use crate::analyze::{Analyzer, Token};
use crate::corpus::{Batch, Corpus, Statement};
use crate::error::{Error, Problem};
use crate::lang::Language;
use crate::matcher::{Match, Matcher, Scanner};
use crate::stopwords::StopWords;
use crate::tally::{Counts, GroupKey, Tally};

/// Grouping columns computed by ctlex rather than read from the input.
pub const VIRTUAL_COLUMNS: [&str; 3] = ["doc", "language", "file"];

/// Bytes of text per batch handed to a worker.
const BATCH_BYTES: u64 = 1 << 20;
/// Bytes of text read ahead of the workers before the reader waits (a batch may exceed it: a
/// long statement is one batch).
const READ_AHEAD_BYTES: u64 = 64 << 20;

/// The bytes of text read but not yet analyzed, so the reader can wait for the workers; `None`
/// once the workers have stopped, so the reader never waits for them in vain.
#[derive(Default)]
struct InFlight {
    bytes: std::sync::Mutex<Option<u64>>,
    analyzed: std::sync::Condvar,
}

impl InFlight {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<u64>> {
        self.bytes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits until no more than [`READ_AHEAD_BYTES`] are in flight.
    fn wait(&self) {
        let mut bytes = self.lock();
        while bytes.is_some_and(|b| b > READ_AHEAD_BYTES) {
            bytes = self
                .analyzed
                .wait(bytes)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    fn read(&self, bytes: u64) {
        if let Some(in_flight) = self.lock().as_mut() {
            *in_flight += bytes;
        }
    }

    fn analyzed(&self, bytes: u64) {
        if let Some(in_flight) = self.lock().as_mut() {
            *in_flight = in_flight.saturating_sub(bytes);
        }
        self.analyzed.notify_all();
    }
}

/// Tells the reader that the workers have stopped, however they stop.
struct WorkersStopped<'a>(&'a InFlight);

impl Drop for WorkersStopped<'_> {
    fn drop(&mut self) {
        *self.0.lock() = None;
        self.0.analyzed.notify_all();
    }
}

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

/// Characters of context kept on each side of a hit.
pub const CONTEXT_CHARS: usize = 60;

/// What a run counts besides tokens and theme hits.
#[derive(Clone, Copy, Default)]
pub struct RunOptions<'a> {
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Count content tokens: tokens whose word is not in this list.
    pub stop_words: Option<&'a StopWords>,
    /// Count hits per entry with the surface forms they caught.
    pub entries: bool,
    /// Receives every hit with its context.
    pub matches: Option<&'a dyn MatchSink>,
}

/// One hit with what a reviewer needs to check it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The statement id.
    pub statement: String,
    /// The values of the `--by` columns.
    pub group: GroupKey,
    /// Index into the matcher's themes.
    pub theme: usize,
    /// Index into the matcher's entries.
    pub entry: usize,
    /// The matched text, with line breaks and tabs as spaces.
    pub text: String,
    /// Up to [`CONTEXT_CHARS`] characters before and after the match, likewise.
    pub before: String,
    pub after: String,
    /// Character offsets of the match in the statement text (0-based, end exclusive).
    pub chars: std::ops::Range<usize>,
}

/// Receives the hits of each batch. Batches arrive in any order; `seq` numbers them in reading
/// order from 0, and every batch is delivered exactly once, also when it has no hits.
pub trait MatchSink: Sync {
    fn batch(&self, seq: u64, hits: Vec<Hit>);
}

/// Per-worker state.
struct Worker<'m> {
    scanner: Scanner<'m>,
    hits: Vec<u64>,
    part: Part,
    /// Per word id of the scanner's analyzer: 1 for a stop word, 0 for a content word.
    stop: Vec<u8>,
    /// The analyzer generation `stop` belongs to.
    stop_generation: u64,
    /// The current statement's matches, when entries or hits are collected.
    matches: Vec<Match>,
    /// The current batch's hits for the sink.
    batch_hits: Vec<Hit>,
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
    let options = RunOptions {
        threads,
        ..RunOptions::default()
    };
    run_with(corpus, matcher, by, &options, on_batch)
}

/// [`run`], counting what `options` asks for besides.
pub fn run_with(
    corpus: Corpus,
    matcher: &Matcher,
    by: &[String],
    options: &RunOptions,
    on_batch: &(dyn Fn(u64, u64) + Sync),
) -> Result<Outcome, Error> {
    let threads = options.threads;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("worker {i}"))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    let in_flight = InFlight {
        bytes: std::sync::Mutex::new(Some(0)),
        ..InFlight::default()
    };
    let part = std::thread::scope(|scope| -> Result<Part, Error> {
        // Reading and decoding overlap with analysis instead of holding up a worker; a few
        // batches and at most about READ_AHEAD_BYTES of text are read ahead.
        let (sender, batches) = std::sync::mpsc::sync_channel(2 * pool.current_num_threads() + 2);
        let in_flight = &in_flight;
        std::thread::Builder::new()
            .name("reader".into())
            .spawn_scoped(scope, move || {
                // Each batch is read once fewer than READ_AHEAD_BYTES wait for the workers.
                for batch in corpus.batches(BATCH_BYTES).enumerate() {
                    in_flight.read(batch.1.bytes);
                    if sender.send(batch).is_err() {
                        break;
                    }
                    in_flight.wait();
                }
            })
            .map_err(|e| Error::Usage(format!("cannot start the reader thread: {e}")))?;
        let on_batch = |bytes, statements| {
            in_flight.analyzed(bytes);
            on_batch(bytes, statements);
        };
        let _stopped = WorkersStopped(in_flight);
        Ok(pool.install(|| analyze_batches(batches.into_iter(), matcher, by, options, &on_batch)))
    })?;
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

/// What one statement adds to its group, and the language it was counted as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementCounts {
    /// One statement's tokens, content tokens (zero without stop words) and hits per theme.
    pub counts: Counts,
    /// Its language, as [`statement_language`] decides it.
    pub language: String,
    /// Whether the language came from its letters rather than its metadata.
    pub detected: bool,
}

/// Counts each statement on its own, exactly as a run counts it, in parallel on the current
/// rayon pool; the results are in the order of `statements`. With `stop_words`, content tokens
/// are counted too.
///
/// This is the entry point for callers that hold statements in memory (the Python package,
/// an engine that hands over one chunk of rows at a time) rather than in files.
pub fn count_each(
    statements: &[Statement],
    matcher: &Matcher,
    stop_words: Option<&StopWords>,
) -> Vec<StatementCounts> {
    statements
        .par_iter()
        .map_init(
            || Worker::new(matcher),
            |worker, statement| worker.measure(statement, stop_words, false),
        )
        .collect()
}

/// The hits of one statement, in text order, as a run with a [`MatchSink`] reports them (with
/// an empty group).
pub fn statement_hits(statement: &Statement, matcher: &Matcher) -> Vec<Hit> {
    let mut worker = Worker::new(matcher);
    worker.measure(statement, None, true);
    worker.collect_hits(statement, &GroupKey(Vec::new()));
    worker.batch_hits
}

impl<'m> Worker<'m> {
    fn new(matcher: &'m Matcher) -> Worker<'m> {
        Worker {
            scanner: Scanner::new(matcher),
            hits: vec![0; matcher.themes().len()],
            part: Part::default(),
            stop: Vec::new(),
            stop_generation: 0,
            matches: Vec::new(),
            batch_hits: Vec::new(),
        }
    }

    fn count(&mut self, statement: &Statement, by: &[String], options: &RunOptions) {
        let keep = options.entries || options.matches.is_some();
        let StatementCounts {
            mut counts,
            language,
            detected,
        } = self.measure(statement, options.stop_words, keep);
        let key = GroupKey(
            by.iter()
                .map(|column| group_value(statement, column, &language))
                .collect(),
        );
        let text = statement.text.as_str();
        if options.entries {
            for m in &self.matches {
                let form = collapse_whitespace(text.get(m.bytes.clone()).unwrap_or(""));
                counts.entries.entry(m.entry).or_default().add(&form);
            }
        }
        if options.matches.is_some() {
            self.collect_hits(statement, &key);
        }
        let tally = &mut self.part.tally;
        tally.add(key, &counts);
        tally.record_language(&language, detected);
    }

    /// Scans one statement and counts what it adds to its group; with `keep`, its matches stay
    /// in `self.matches`.
    fn measure(
        &mut self,
        statement: &Statement,
        stop_words: Option<&StopWords>,
        keep: bool,
    ) -> StatementCounts {
        self.hits.fill(0);
        self.matches.clear();
        let (hits, matches) = (&mut self.hits, &mut self.matches);
        let mut content = ContentTokens {
            stop_words,
            stop: &mut self.stop,
            generation: &mut self.stop_generation,
            count: 0,
        };
        let scan = self.scanner.scan_with(
            &statement.text,
            |m| {
                hits[m.theme] += 1;
                if keep {
                    matches.push(m);
                }
            },
            |analyzer, tokens| content.add(analyzer, tokens),
        );
        let content_tokens = content.count;
        let (language, detected) = statement_language(statement, scan.letters.dominant());
        StatementCounts {
            counts: Counts {
                statements: 1,
                tokens: scan.tokens as u64,
                content_tokens,
                hits: self.hits.clone(),
                ..Counts::default()
            },
            language,
            detected,
        }
    }

    /// Turns the kept matches of `statement` into hits for the sink, in text order.
    fn collect_hits(&mut self, statement: &Statement, key: &GroupKey) {
        let text = statement.text.as_str();
        self.matches
            .sort_unstable_by_key(|m| (m.bytes.start, m.theme, m.bytes.end, m.entry));
        // Matches are in text order now, so offsets are counted forward from the last one.
        let (mut byte, mut chars) = (0, 0);
        for m in &self.matches {
            chars += text
                .get(byte..m.bytes.start)
                .map_or(0, |s| s.chars().count());
            byte = m.bytes.start;
            let start = chars;
            let end = start + text.get(m.bytes.clone()).map_or(0, |s| s.chars().count());
            self.batch_hits.push(Hit {
                statement: statement.id.clone(),
                group: key.clone(),
                theme: m.theme,
                entry: m.entry,
                text: spaced(text.get(m.bytes.clone()).unwrap_or("")),
                before: spaced(context_before(text, m.bytes.start)),
                after: spaced(context_after(text, m.bytes.end)),
                chars: start..end,
            });
        }
    }
}

/// Counts content tokens as a scan hands its tokens over. Whether a word is a stop word is
/// looked up once per distinct word and remembered by word id.
struct ContentTokens<'a> {
    /// None: content tokens are not counted.
    stop_words: Option<&'a StopWords>,
    /// Per word id of the scanner's analyzer: 1 for a stop word, 0 for a content word.
    stop: &'a mut Vec<u8>,
    /// The analyzer generation `stop` belongs to.
    generation: &'a mut u64,
    count: u64,
}

impl ContentTokens<'_> {
    fn add(&mut self, analyzer: &Analyzer, tokens: &[Token]) {
        let Some(stop_words) = self.stop_words else {
            return;
        };
        if analyzer.generation() != *self.generation {
            self.stop.clear();
            *self.generation = analyzer.generation();
        }
        for id in self.stop.len()..analyzer.vocabulary_len() {
            self.stop
                .push(u8::from(stop_words.contains(analyzer.word(id))));
        }
        let stop = &*self.stop;
        let stopped: u64 = tokens
            .iter()
            .map(|t| u64::from(stop.get(t.word).copied().unwrap_or(0)))
            .sum();
        self.count += tokens.len() as u64 - stopped;
    }
}

/// Up to [`CONTEXT_CHARS`] characters of `text` before byte `at`.
fn context_before(text: &str, at: usize) -> &str {
    let head = text.get(..at).unwrap_or("");
    let start = head
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    head.get(start..).unwrap_or("")
}

/// Up to [`CONTEXT_CHARS`] characters of `text` from byte `at`.
fn context_after(text: &str, at: usize) -> &str {
    let tail = text.get(at..).unwrap_or("");
    let end = tail
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(tail.len(), |(i, _)| i);
    tail.get(..end).unwrap_or("")
}

/// `text` with line breaks, tabs and other control characters as spaces, so a hit stays on one
/// line of a table.
fn spaced(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `text` with each run of whitespace as one space.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// Counts batches on the current rayon pool, each worker with its own scanner and tally.
fn analyze_batches(
    batches: impl Iterator<Item = (usize, Batch)> + Send,
    matcher: &Matcher,
    by: &[String],
    options: &RunOptions,
    on_batch: &(dyn Fn(u64, u64) + Sync),
) -> Part {
    batches
        .par_bridge()
        .fold(
            || Worker::new(matcher),
            |mut worker, (seq, batch)| {
                let seq = seq as u64;
                for statement in &batch.statements {
                    worker.count(statement, by, options);
                }
                if let Some(sink) = options.matches {
                    sink.batch(seq, std::mem::take(&mut worker.batch_hits));
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_sixty_characters_each_side() {
        let text = format!("{}ИГИЛ{}", "д".repeat(70), "e".repeat(70));
        let start = text.find("ИГИЛ").unwrap();
        let end = start + "ИГИЛ".len();
        assert_eq!(context_before(&text, start), "д".repeat(60));
        assert_eq!(context_after(&text, end), "e".repeat(60));
        assert_eq!(context_before("ab cd", 3), "ab ");
        assert_eq!(context_after("ab cd", 3), "cd");
    }

    fn statement(text: &str, language: &str) -> Statement {
        Statement {
            id: "s".into(),
            fields: crate::corpus::Fields::new(["language".into()].into(), vec![language.into()]),
            text: text.into(),
            path: "memory".into(),
            line: None,
        }
    }

    #[test]
    fn each_statement_is_counted_in_order_as_a_run_counts_it() {
        let lexicon = crate::Lexicon::bundled().unwrap();
        let matcher = Matcher::new(&lexicon).unwrap();
        let ftf = matcher.themes().iter().position(|t| t.id == "ftf").unwrap();
        let texts = [
            ("Foreign terrorist fighters return home.", ""),
            ("Иностранные боевики-террористы возвращаются.", ""),
            ("", "RU"),
            ("Foreign terrorist fighters, again.", "french"),
        ];
        let statements: Vec<Statement> = texts.iter().map(|(t, l)| statement(t, l)).collect();
        let stop_words = StopWords::builtin();
        let counted = count_each(&statements, &matcher, Some(&stop_words));
        let summary: Vec<(u64, u64, u64, &str, bool)> = counted
            .iter()
            .map(|c| {
                let counts = &c.counts;
                let hits = (counts.statements, counts.tokens, counts.hits[ftf]);
                (hits.0, hits.1, hits.2, c.language.as_str(), c.detected)
            })
            .collect();
        assert_eq!(
            summary,
            [
                (1, 5, 1, "en", true),
                (1, 4, 1, "ru", true),
                (1, 0, 0, "ru", false),
                (1, 4, 1, "french", false),
            ]
        );
        // "Foreign terrorist fighters return home": no stop word; "again" is not one either.
        assert_eq!(counted[0].counts.content_tokens, 5);
        let mut scanner = Scanner::new(&matcher);
        for (statement, counts) in statements.iter().zip(&counted) {
            assert_eq!(scanner.count(&statement.text), counts.counts.hits);
        }
    }

    #[test]
    fn hits_of_one_statement_carry_character_offsets() {
        let lexicon = crate::Lexicon::bundled().unwrap();
        let matcher = Matcher::new(&lexicon).unwrap();
        let text = "Ещё: foreign terrorist fighters.";
        let hits = statement_hits(&statement(text, ""), &matcher);
        assert_eq!(hits.len(), 1);
        let hit = &hits[0];
        assert_eq!(matcher.themes()[hit.theme].id, "ftf");
        assert_eq!(hit.chars, 5..31);
        assert_eq!(hit.text, "foreign terrorist fighters");
        assert_eq!((hit.before.as_str(), hit.after.as_str()), ("Ещё: ", "."));
    }

    #[test]
    fn hits_stay_on_one_line() {
        assert_eq!(spaced("sleeper\r\ncells\t!"), "sleeper  cells !");
        assert_eq!(collapse_whitespace("sleeper \n  cells"), "sleeper cells");
    }
}

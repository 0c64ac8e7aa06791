//! The parallel pipeline: batches of statements → per-worker scanner → per-worker tally →
//! one merged tally.
//!
//! A reader thread reads batches in order a few batches ahead (a bounded queue, so memory stays
//! bounded), and each thread of the pool runs one worker, made once, that takes the next batch
//! from the queue until it is empty; each worker owns a [`Scanner`](crate::Scanner) (with its
//! own word memo) and a [`Tally`], so the hot path takes no lock. Tallies add up in any order,
//! so the result does not depend on the number of threads.
//!
//! Optionally a worker also counts content tokens (with a stop-word list), per-entry hits with
//! their surface forms, and hands every statement's matches to a [`MatchSink`], one batch at a
//! time with the batch's sequence number, so the sink can write hits in reading order. What one
//! statement adds is decided in [`crate::count`], its group in [`crate::group`]; this module only
//! spreads the work and adds the parts up.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use crate::corpus::{Batch, Corpus, EncodingLog, Notes};
use crate::count::{Counter, Counting};
use crate::error::{Error, Problem};
use crate::filter::Filter;
use crate::groups::Groups;
use crate::matcher::{Match, Matcher};
use crate::sink::{Found, MatchSink};
use crate::stopwords::StopWords;
use crate::tally::{GroupKey, Tally};

/// Bytes of text per batch handed to a worker.
const BATCH_BYTES: u64 = 1 << 20;
/// Batches of text read but not yet analyzed per worker (the one it works on, and the next)
/// before the reader waits: enough that a worker finishing a batch finds the next one read,
/// few enough that memory grows by two batches per worker and not with the corpus.
const BATCHES_AHEAD_PER_WORKER: u64 = 2;

/// Bytes of text read but not yet analyzed past which the reader waits, for `workers` workers
/// (a batch may exceed it: a long statement is one batch).
fn read_ahead_bytes(workers: usize) -> u64 {
    BATCH_BYTES * BATCHES_AHEAD_PER_WORKER * workers.max(1) as u64
}

/// The bytes of text read but not yet analyzed, so the reader can wait for the workers; `None`
/// once the workers have stopped, so the reader never waits for them in vain.
#[derive(Default)]
struct InFlight {
    bytes: Mutex<Option<u64>>,
    analyzed: Condvar,
    /// The [`read_ahead_bytes`] of the run.
    limit: u64,
}

impl InFlight {
    fn lock(&self) -> MutexGuard<'_, Option<u64>> {
        self.bytes.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until no more than the limit is in flight.
    fn wait(&self) {
        let mut bytes = self.lock();
        while bytes.is_some_and(|b| b > self.limit) {
            bytes = self
                .analyzed
                .wait(bytes)
                .unwrap_or_else(PoisonError::into_inner);
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
    /// The counts, per group.
    pub tally: Tally,
    /// Input that was skipped or degraded, in reading order.
    pub problems: Vec<Problem>,
    /// Bytes of statement text analyzed.
    pub bytes: u64,
    /// Files that yielded at least one statement.
    pub files: u64,
    /// Statements read, those a [`Filter`] left out included (0 for counts merged from
    /// partial-count files, which do not record it).
    pub read: u64,
    /// Statements kept by the [`Filter`] but left out for being in no group of
    /// [`RunOptions::groups`].
    pub ungrouped: u64,
    /// Whether the sink stopped the run before the end of the corpus.
    pub stopped: bool,
    /// How each input was decoded.
    pub encodings: EncodingLog,
    /// What reading noted that is not a problem (unknown delegation names, skipped companion
    /// files).
    pub notes: Notes,
}

/// What a run counts besides tokens and theme hits.
#[derive(Clone, Copy, Default)]
pub struct RunOptions<'a> {
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Count content tokens: tokens whose word is not in this list.
    pub stop_words: Option<&'a StopWords>,
    /// Count hits per entry with the surface forms they caught.
    pub entries: bool,
    /// Receives every statement's matches.
    pub matches: Option<&'a dyn MatchSink>,
    /// How hits are counted: the context unit, and whether procedural sentences count.
    pub counting: Counting,
    /// Groups of values: a statement counts once in each of its groups, and not at all when it
    /// is in none.
    pub groups: Option<&'a Groups>,
}

/// Per-worker state.
struct Worker<'m> {
    counter: Counter<'m>,
    part: Part,
    /// The current batch's matches for the sink, statement after statement.
    matches: Vec<Match>,
    /// Per statement of the current batch with matches: its index, group and matches.
    found: Vec<(usize, GroupKey, Range<usize>)>,
}

/// What one worker has counted so far.
#[derive(Default)]
struct Part {
    tally: Tally,
    problems: Vec<(u64, Vec<Problem>)>,
    fatal: Option<(u64, Error)>,
    bytes: u64,
    files: u64,
    read: u64,
    ungrouped: u64,
}

impl Part {
    fn merge(mut self, other: Part) -> Part {
        self.tally += other.tally;
        self.problems.extend(other.problems);
        self.bytes += other.bytes;
        self.files += other.files;
        self.read += other.read;
        self.ungrouped += other.ungrouped;
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
    run_filtered(corpus, matcher, by, options, &Filter::default(), on_batch)
}

/// [`run_with`], on the statements `filter` keeps: the others are read, and counted in
/// [`Outcome::read`], but never analyzed, counted or handed to the sink.
pub fn run_filtered(
    corpus: Corpus,
    matcher: &Matcher,
    by: &[String],
    options: &RunOptions,
    filter: &Filter,
    on_batch: &(dyn Fn(u64, u64) + Sync),
) -> Result<Outcome, Error> {
    let threads = options.threads;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("worker {i}"))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    let in_flight = InFlight {
        bytes: Mutex::new(Some(0)),
        limit: read_ahead_bytes(pool.current_num_threads()),
        ..InFlight::default()
    };
    let stopped = AtomicBool::new(false);
    let findings = corpus.findings();
    let part = std::thread::scope(|scope| -> Result<Part, Error> {
        // Reading and decoding overlap with analysis instead of holding up a worker; a few
        // batches per worker are read ahead.
        let (sender, batches) = std::sync::mpsc::sync_channel(2 * pool.current_num_threads() + 2);
        let in_flight = &in_flight;
        std::thread::Builder::new()
            .name("reader".into())
            .spawn_scoped(scope, move || {
                // Each batch is read once no more than the limit waits for the workers.
                for batch in corpus.batches(BATCH_BYTES).enumerate() {
                    in_flight.read(batch.1.bytes);
                    if sender.send(batch).is_err() {
                        break;
                    }
                    in_flight.wait();
                }
            })
            .map_err(|e| Error::Usage(format!("cannot start the reader thread: {e}")))?;
        let _stopped = WorkersStopped(in_flight);
        let run = Run {
            matcher,
            by,
            options,
            filter,
            on_batch,
            in_flight,
            stopped: &stopped,
        };
        // One worker per thread of the pool, its scanner made once (a fold over `par_bridge`
        // made one scanner more than there are threads); a worker waiting for the next batch
        // sleeps in the queue.
        let queue = Mutex::new(batches);
        let parts = pool.broadcast(|_| run.worker(&queue));
        // Dropped before the reader is waited for, so that a reader still sending stops.
        drop(queue);
        Ok(parts.into_iter().fold(Part::default(), Part::merge))
    })?;
    if let Some((_, fatal)) = part.fatal {
        return Err(fatal);
    }
    let mut problems = part.problems;
    problems.sort_by_key(|(seq, _)| *seq);
    let (notes, encodings) = findings.take();
    Ok(Outcome {
        tally: part.tally,
        problems: problems.into_iter().flat_map(|(_, p)| p).collect(),
        bytes: part.bytes,
        files: part.files,
        read: part.read,
        ungrouped: part.ungrouped,
        stopped: stopped.into_inner(),
        encodings,
        notes,
    })
}

/// What every worker of one run shares.
struct Run<'r> {
    matcher: &'r Matcher,
    by: &'r [String],
    options: &'r RunOptions<'r>,
    filter: &'r Filter,
    on_batch: &'r (dyn Fn(u64, u64) + Sync),
    /// Told of every batch taken from the queue, analyzed or not, so the reader reads on.
    in_flight: &'r InFlight,
    /// Set when the sink stops the run: the batches still to come are not analyzed.
    stopped: &'r AtomicBool,
}

impl Run<'_> {
    /// Counts the batches of `queue` on the current thread until the queue is empty (or the
    /// sink stops the run), with a scanner and tally of its own.
    fn worker(&self, queue: &Mutex<Receiver<(usize, Batch)>>) -> Part {
        let mut worker = Worker {
            counter: Counter::new(self.matcher),
            part: Part::default(),
            matches: Vec::new(),
            found: Vec::new(),
        };
        loop {
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
            let Ok((seq, batch)) = next else { break };
            if self.stopped.load(Ordering::Relaxed) {
                // Left unanalyzed, but no longer in flight: a reader waiting for room sends
                // the batch another worker still waits for, and that worker stops too.
                self.in_flight.analyzed(batch.bytes);
                break;
            }
            self.batch(&mut worker, seq as u64, batch);
        }
        worker.part
    }

    fn batch(&self, worker: &mut Worker, seq: u64, batch: Batch) {
        let options = self.options;
        for (index, statement) in batch.statements.iter().enumerate() {
            if !self.filter.keeps(statement) {
                continue;
            }
            if options.groups.is_some_and(|g| !g.covers(statement)) {
                worker.part.ungrouped += 1;
                continue;
            }
            let tally = &mut worker.part.tally;
            let found = worker.counter.count(statement, self.by, options, tally);
            if let Some(group) = found.filter(|_| !worker.counter.matches().is_empty()) {
                let start = worker.matches.len();
                worker.matches.extend_from_slice(worker.counter.matches());
                worker
                    .found
                    .push((index, group, start..worker.matches.len()));
            }
        }
        if let Some(sink) = options.matches {
            let found: Vec<Found> = worker
                .found
                .iter()
                .map(|(index, group, matches)| Found {
                    statement: &batch.statements[*index],
                    group,
                    matches: &worker.matches[matches.clone()],
                })
                .collect();
            if sink.batch(seq, &found).is_break() {
                self.stopped.store(true, Ordering::Relaxed);
            }
            worker.matches.clear();
            worker.found.clear();
        }
        self.in_flight.analyzed(batch.bytes);
        (self.on_batch)(batch.bytes, batch.statements.len() as u64);
        worker.part.bytes += batch.bytes;
        worker.part.files += batch.files;
        worker.part.read += batch.statements.len() as u64;
        if !batch.problems.is_empty() {
            worker.part.problems.push((seq, batch.problems));
        }
        if let Some(fatal) = batch.fatal {
            worker.part.fatal = Some((seq, fatal));
        }
    }
}

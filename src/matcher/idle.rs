//! What scanners learned, kept by their matcher for the next scanners: a scanner's words, the
//! terms each satisfies and the regexes' lazy automata take time to learn, and a caller that
//! makes scanners call after call (the Python bindings count one batch of a Spark partition at a
//! time) would otherwise learn them again for every call: every word stemmed and classified,
//! every regex's states determinized anew.

use std::ops::Range;
use std::sync::Mutex;

use crate::analyze::{Analyzer, Segmentation};

use super::regexes::RegexSearch;
use super::{Scanner, TermId};

/// A dropped scanner's vocabulary, memo and regex caches, for a scanner made alike.
pub(super) struct Learned {
    pub(super) analyzer: Analyzer,
    pub(super) word_terms: Vec<Range<u32>>,
    pub(super) term_pool: Vec<TermId>,
    pub(super) starts_rule: Vec<u64>,
    pub(super) regex_search: RegexSearch,
}

/// The learned states of a matcher's dropped scanners, at most one per thread of the pool
/// they were dropped on: what the matcher's workers knew stays, and no more.
#[derive(Default)]
pub(super) struct Idle(Mutex<Vec<Learned>>);

impl std::fmt::Debug for Idle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.0.lock().map_or(0, |kept| kept.len());
        f.debug_tuple("Idle").field(&kept).finish()
    }
}

impl Idle {
    /// A learned state whose analyzer finds words with `segmentation` and shares the matcher's
    /// vocabulary or not, as asked; the one learned last.
    pub(super) fn take(&self, segmentation: Segmentation, sharing: bool) -> Option<Learned> {
        let mut kept = self.0.lock().ok()?;
        let at = kept.iter().rposition(|learned| {
            learned.analyzer.segmentation() == segmentation
                && learned.analyzer.is_sharing() == sharing
        })?;
        Some(kept.swap_remove(at))
    }

    /// Keeps `learned` unless as many states as the current pool has threads are kept.
    fn keep(&self, learned: Learned) {
        if let Ok(mut kept) = self.0.lock() {
            if kept.len() < rayon::current_num_threads() {
                kept.push(learned);
            }
        }
    }
}

impl Drop for Scanner<'_> {
    fn drop(&mut self) {
        if !self.reusable {
            return;
        }
        self.matcher.idle.keep(Learned {
            analyzer: std::mem::take(&mut self.analyzer),
            word_terms: std::mem::take(&mut self.word_terms),
            term_pool: std::mem::take(&mut self.term_pool),
            starts_rule: std::mem::take(&mut self.starts_rule),
            regex_search: std::mem::take(&mut self.regex_search),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::lexicon;
    use super::super::Matcher;
    use super::*;

    /// Runs `check` on a pool of one thread, where scanners keep their own vocabularies.
    fn on_one_thread(check: impl FnOnce() + Send) {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        pool.install(check);
    }

    #[test]
    fn a_scanner_starts_from_what_the_last_one_dropped_learned() {
        on_one_thread(learned_state_is_taken_over);
    }

    fn learned_state_is_taken_over() {
        let matcher = Matcher::new(&lexicon(
            &[("a", "fighter"), ("a", "/\\bforeign\\s+fighters?\\b/")],
            &[],
        ))
        .unwrap();
        let text = "Foreign fighters return; a fighter was tried.";
        let mut first = Scanner::new(&matcher);
        let counted = first.count(text);
        let words = first.analyzer.vocabulary_len();
        assert!(words >= 7, "{words}");
        drop(first);
        let mut second = Scanner::new(&matcher);
        assert_eq!(second.analyzer.vocabulary_len(), words);
        assert_eq!(second.word_terms.len(), words);
        assert_eq!(second.count(text), counted);
        assert_eq!(second.analyzer.vocabulary_len(), words);
        // Another scanner made meanwhile starts afresh: a learned state serves one scanner.
        let third = Scanner::new(&matcher);
        assert_eq!(third.analyzer.vocabulary_len(), 0);
    }

    #[test]
    fn the_reference_scanner_neither_keeps_nor_takes_a_learned_state() {
        on_one_thread(reference_stays_apart);
    }

    fn reference_stays_apart() {
        let matcher = Matcher::new(&lexicon(&[("a", "fighter")], &[])).unwrap();
        let mut reference = Scanner::reference(&matcher);
        reference.count("A fighter.");
        drop(reference);
        assert_eq!(Scanner::new(&matcher).analyzer.vocabulary_len(), 0);
        Scanner::new(&matcher).count("A fighter.");
        assert_eq!(Scanner::reference(&matcher).analyzer.vocabulary_len(), 0);
    }
}

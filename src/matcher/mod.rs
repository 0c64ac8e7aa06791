//! A lexicon compiled for matching, and the per-worker [`Scanner`] that finds its matches.
//!
//! Every word of every entry becomes a *term* (a stem, a prefix or an acronym). The scanner asks,
//! once per distinct word of the corpus, which terms the word satisfies, and remembers the answer;
//! on the hot path a token costs a vocabulary lookup and, for the rare token that starts an entry,
//! a check of the tokens that follow. Within one theme, matches are leftmost-longest and never
//! overlap; themes are independent, each with its own exclusions: a span a theme's exclusion
//! matches counts for no match of that theme, and a span the context lexicon's exclusion matches
//! for no context mark. A long text is matched in overlapping windows that find exactly the
//! matches of the whole text, so a scan's working set stays bounded however long one statement
//! is.
//!
//! Compiling can fail (an invalid entry, reported with file, line and entry); scanning cannot.
//!
//! The stages, one file each: `compile` builds a matcher from a lexicon; `memo` remembers, per
//! distinct word, the terms it satisfies; `scan` cuts a long text into pieces and windows;
//! `rules` finds where each rule matches; `select` keeps, per theme, the leftmost-longest matches
//! that no exclusion of their theme covers.

mod compile;
mod context;
mod idle;
mod memo;
mod regexes;
mod rules;
mod scan;
mod select;
#[cfg(test)]
mod tests;

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::analyze::{Analyzer, FoldedText, PrefixSet, Segmentation, SharedWords, Token};
use crate::error::LexiconError;
use crate::lang::LetterCounts;
use crate::lexicon::{ContextRule, EntryInfo, Lexicon, ThemeInfo};
pub use context::{Context, ContextMark, ContextUnit};
use idle::Idle;
use regexes::{RegexSearch, Regexes};
use rules::{Candidate, RegexProgress, Rule, STRETCH_BYTES};
use scan::PIECE_BYTES;
use select::ExclusionMask;

type TermId = u32;
type RuleId = u32;

/// One hit of one theme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index into [`Matcher::themes`].
    pub theme: usize,
    /// Index into [`Matcher::entries`]: the entry that matched.
    pub entry: usize,
    /// The matched tokens.
    pub tokens: Range<usize>,
    /// The matched bytes of the scanned text.
    pub bytes: Range<usize>,
    /// The sentence of the text the match starts in, counted from 0.
    pub sentence: u32,
    /// The paragraph of the text the match starts in, counted from 0.
    pub paragraph: u32,
    /// How the match stands to counter-terrorism context. A scan hands every match over as
    /// [`Context::Anywhere`]: whether a context word stands near it is known only once the
    /// scan has read past it, and a counter then reads it in its unit.
    pub context: Context,
}

/// Which clause, sentence and paragraph of its text a token stands in, each counted from 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Units {
    clause: u32,
    sentence: u32,
    paragraph: u32,
}

/// A lexicon compiled for matching. Shared read-only by all workers.
#[derive(Debug)]
pub struct Matcher {
    themes: Vec<ThemeInfo>,
    /// Per theme: whether its hits need counter-terrorism context.
    context_rules: Vec<ContextRule>,
    entries: Vec<EntryInfo>,
    /// The entries of the context lexicon; [`ContextMark::entry`] indexes this.
    context_entries: Vec<EntryInfo>,
    stems: FxHashMap<Box<str>, Vec<TermId>>,
    /// Tells the analyzers which stems are worth computing.
    wanted_stems: Arc<PrefixSet>,
    /// The vocabulary the scanners of a run share.
    words: Arc<SharedWords>,
    acronyms: FxHashMap<Box<str>, Vec<TermId>>,
    /// Words matched by their normalized form, unstemmed: function words and short Russian
    /// words, whose stems would make most Russian words worth stemming.
    exact: FxHashMap<Box<str>, Vec<TermId>>,
    /// Prefix terms by their text, the longest prefix's length in bytes, and the set of them,
    /// to tell quickly whether a word starts with any.
    prefixes: FxHashMap<Box<str>, Vec<TermId>>,
    longest_prefix: usize,
    prefix_set: PrefixSet,
    rules: Vec<Rule>,
    rules_by_first_term: Vec<Vec<RuleId>>,
    regexes: Regexes,
    /// The most tokens a rule's words take.
    longest_anchor: usize,
    /// The most tokens a rule looks at before or after its first one (its words and its
    /// `NEAR` context).
    reach: usize,
    /// What the scanners dropped so far learned, for the next ones.
    idle: Idle,
}

impl Matcher {
    /// Compiles a lexicon; an invalid entry is an error naming its file, line and text.
    pub fn new(lexicon: &Lexicon) -> Result<Matcher, LexiconError> {
        compile::compile(lexicon)
    }

    /// Themes in report order (by id).
    pub fn themes(&self) -> &[ThemeInfo] {
        &self.themes
    }

    /// Entries and exclusions in lexicon order; [`Match::entry`] indexes this.
    pub fn entries(&self) -> &[EntryInfo] {
        &self.entries
    }

    /// The context lexicon's entries and exclusions, in lexicon order ([`ContextMark::entry`]
    /// indexes this); their `theme` is the number of themes, past the last one.
    pub fn context_entries(&self) -> &[EntryInfo] {
        &self.context_entries
    }

    /// Whether a theme's hits need counter-terrorism context.
    pub fn context_rule(&self, theme: usize) -> ContextRule {
        self.context_rules[theme]
    }

    /// The fingerprint of everything in the lexicon that decides a count: its themes and
    /// entries, their context rules and the context lexicon (see [`crate::lexicon::fingerprint`]).
    pub fn fingerprint(&self) -> String {
        crate::lexicon::fingerprint(
            &self.themes,
            &self.entries,
            &self.context_rules,
            &self.context_entries,
        )
    }
}

/// What a scan learned about a text besides its matches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Number of tokens.
    pub tokens: usize,
    /// Letters per script, for the text's dominant language.
    pub letters: LetterCounts,
}

/// Finds a matcher's matches in texts. One per worker thread: it owns the analyzer and the
/// per-word memo, and reuses its buffers, so scanning allocates only for new words.
pub struct Scanner<'m> {
    matcher: &'m Matcher,
    analyzer: Analyzer,
    /// The tokens of the part of the text being matched.
    tokens: Vec<Token>,
    /// The units each of `tokens` stands in.
    units: Vec<Units>,
    /// Where the context lexicon matched in the text scanned last, in text order.
    context_marks: Vec<ContextMark>,
    /// The sentences of the text scanned last where the procedural lexicon matched, in order.
    procedural_sentences: Vec<u32>,
    /// Per word id: the range of `term_pool` holding the terms the word satisfies.
    word_terms: Vec<Range<u32>>,
    term_pool: Vec<TermId>,
    /// Two bits per word id: whether the word can start a rule, and whether it satisfies any
    /// term. Small enough to stay in cache, so the common token, which starts nothing, costs one
    /// bit test.
    starts_rule: Vec<u64>,
    candidates: Vec<Candidate>,
    /// Per token held: the themes, and the context, whose exclusions block it.
    excluded: ExclusionMask,
    /// The text folded for the regular expressions.
    folded: FoldedText,
    regex_search: RegexSearch,
    regex_progress: RegexProgress,
    /// The regex matches found and not yet taken by a window, by start: counting ones, and
    /// exclusions that may still cover a token held.
    regex_hits: Vec<Candidate>,
    regex_exclusions: Vec<Candidate>,
    /// Per theme, and for the context lexicon after them: the global token index where its last
    /// match ended.
    last_end: Vec<usize>,
    piece_bytes: usize,
    /// Bytes of text whose regex matches are found at once (see `rules.rs`).
    stretch_bytes: usize,
    /// Forget the words between windows even when the vocabulary is not full (for tests).
    forget_between_windows: bool,
    /// Whether the matcher keeps what the scanner learned when it is dropped, for the next
    /// scanner made alike.
    reusable: bool,
}

impl<'m> Scanner<'m> {
    /// A scanner for `matcher`, finding words the default way. Made on a rayon pool of more
    /// than one thread, it shares its vocabulary with the other scanners of `matcher`, so a
    /// word is analyzed once per run (see `docs/DESIGN.md`, the shared vocabulary); one worker
    /// gains nothing from sharing, and its own table doubles in place.
    pub fn new(matcher: &'m Matcher) -> Scanner<'m> {
        Scanner::with_segmentation(matcher, Segmentation::default())
    }

    /// A scanner whose analyzer finds words with the given implementation.
    pub(crate) fn with_segmentation(
        matcher: &'m Matcher,
        segmentation: Segmentation,
    ) -> Scanner<'m> {
        Scanner::with_vocabulary(matcher, segmentation, rayon::current_num_threads() > 1)
    }

    /// A scanner sharing `matcher`'s vocabulary or keeping its own.
    fn with_vocabulary(
        matcher: &'m Matcher,
        segmentation: Segmentation,
        sharing: bool,
    ) -> Scanner<'m> {
        let mut scanner = match matcher.idle.take(segmentation, sharing) {
            Some(learned) => {
                let mut scanner = Scanner::with_analyzer(matcher, learned.analyzer);
                scanner.word_terms = learned.word_terms;
                scanner.term_pool = learned.term_pool;
                scanner.starts_rule = learned.starts_rule;
                scanner.regex_search = learned.regex_search;
                scanner
            }
            None => {
                let mut analyzer = Analyzer::with_segmentation(segmentation)
                    .looking_for(matcher.wanted_stems.clone());
                if sharing {
                    analyzer = analyzer.sharing(matcher.words.clone());
                }
                Scanner::with_analyzer(matcher, analyzer)
            }
        };
        scanner.reusable = true;
        scanner
    }

    /// The straightforward scanner the fast one is held to: words found by the general UAX #29
    /// implementation, and every word stemmed. Its matches are the same.
    pub fn reference(matcher: &'m Matcher) -> Scanner<'m> {
        Scanner::with_analyzer(
            matcher,
            Analyzer::with_segmentation(Segmentation::Reference),
        )
    }

    fn with_analyzer(matcher: &'m Matcher, analyzer: Analyzer) -> Scanner<'m> {
        Scanner {
            matcher,
            analyzer,
            tokens: Vec::new(),
            units: Vec::new(),
            context_marks: Vec::new(),
            procedural_sentences: Vec::new(),
            word_terms: Vec::new(),
            term_pool: Vec::new(),
            starts_rule: Vec::new(),
            candidates: Vec::new(),
            excluded: ExclusionMask::default(),
            folded: FoldedText::default(),
            regex_search: RegexSearch::default(),
            regex_progress: RegexProgress::default(),
            regex_hits: Vec::new(),
            regex_exclusions: Vec::new(),
            last_end: Vec::new(),
            piece_bytes: PIECE_BYTES,
            stretch_bytes: STRETCH_BYTES,
            forget_between_windows: false,
            reusable: false,
        }
    }

    /// Scans `text`, calling `on_match` for each hit: in theme order and then text order, window
    /// by window for a text longer than one window.
    pub fn scan(&mut self, text: &str, on_match: impl FnMut(Match)) -> Scan {
        self.scan_with(text, on_match, |_, _| {})
    }

    /// Hits per theme in `text` (indexed like [`Matcher::themes`]).
    pub fn count(&mut self, text: &str) -> Vec<u64> {
        let mut hits = vec![0; self.matcher.themes.len()];
        self.scan(text, |m| hits[m.theme] += 1);
        hits
    }

    /// The tokens of the last window of the last scanned text (all of them for a text of up to
    /// a megabyte); [`Scanner::scan_with`] hands over every token.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The analyzer, to look up the words of [`Scanner::tokens`].
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// Where the context lexicon matched in the text scanned last, in text order.
    pub fn context_marks(&self) -> &[ContextMark] {
        &self.context_marks
    }

    /// Whether a match of the text scanned last stands in a procedural sentence.
    pub(crate) fn is_procedural(&self, found: &Match) -> bool {
        self.procedural_sentences
            .binary_search(&found.sentence)
            .is_ok()
    }

    /// How a match of `text`, the text scanned last, stands to counter-terrorism context, read
    /// in `unit`s.
    pub(crate) fn context_of(&self, unit: ContextUnit, found: &Match, text: &str) -> Context {
        context::context_of(
            unit,
            self.matcher.context_rules[found.theme],
            &self.context_marks,
            found,
            text,
        )
    }
}

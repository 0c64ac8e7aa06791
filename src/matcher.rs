//! A lexicon compiled for matching, and the per-worker [`Scanner`] that finds its matches.
//!
//! Every word of every entry becomes a *term* (a stem, a prefix or an acronym). The scanner asks,
//! once per distinct word of the corpus, which terms the word satisfies, and remembers the answer;
//! on the hot path a token costs a vocabulary lookup and, for the rare token that starts an entry,
//! a check of the tokens that follow. Within one theme, matches are leftmost-longest and never
//! overlap; themes are independent; a span matched by any exclusion counts for no theme. A long
//! text is matched in overlapping windows that find exactly the matches of the whole text, so a
//! scan's working set stays bounded however long one statement is.
//!
//! Compiling can fail (an invalid entry, reported with file, line and entry); scanning cannot.

use std::cmp::Reverse;
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::analyze::{fold_char, Analyzer, PrefixSet, Segmentation, Stemmers, Token, Word};
use crate::error::LexiconError;
use crate::lang::{Language, LetterCounts};
use crate::lexicon::pattern::is_acronym;
use crate::lexicon::{EntryKind, Lexicon, Pattern, Term};

type TermId = u32;
type RuleId = u32;

/// What a rule's matches do: count for a theme, or block a span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Theme(usize),
    Exclusion,
}

/// A token pattern: a sequence of terms, optionally required to have a context nearby.
#[derive(Debug)]
struct Rule {
    owner: Owner,
    entry: usize,
    anchor: Vec<TermId>,
    near: Option<(Vec<TermId>, usize)>,
}

#[derive(Debug)]
struct RegexRule {
    owner: Owner,
    entry: usize,
    /// Runs on bytes, so the normalized text can be built without re-validating it.
    regex: regex::bytes::Regex,
}

/// A theme as the reports need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeInfo {
    pub id: String,
    pub label: String,
}

/// An entry as the reports need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryInfo {
    /// Index of the entry's theme in [`Matcher::themes`].
    pub theme: usize,
    pub kind: EntryKind,
    pub language: Language,
    pub pattern: String,
}

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
}

/// A lexicon compiled for matching. Shared read-only by all workers.
#[derive(Debug)]
pub struct Matcher {
    themes: Vec<ThemeInfo>,
    entries: Vec<EntryInfo>,
    stems: FxHashMap<Box<str>, Vec<TermId>>,
    /// Tells the analyzers which stems are worth computing.
    wanted_stems: Arc<PrefixSet>,
    acronyms: FxHashMap<Box<str>, Vec<TermId>>,
    /// Prefix terms by their text, the longest prefix's length in bytes, and the set of them,
    /// to tell quickly whether a word starts with any.
    prefixes: FxHashMap<Box<str>, Vec<TermId>>,
    longest_prefix: usize,
    prefix_set: PrefixSet,
    rules: Vec<Rule>,
    rules_by_first_term: Vec<Vec<RuleId>>,
    regexes: Vec<RegexRule>,
    /// The most tokens a rule's words take.
    longest_anchor: usize,
    /// The most tokens a rule looks at before or after its first one (its words and its
    /// `NEAR` context).
    reach: usize,
}

impl Matcher {
    /// Compiles a lexicon; an invalid entry is an error naming its file, line and text.
    pub fn new(lexicon: &Lexicon) -> Result<Matcher, LexiconError> {
        let mut builder = Builder {
            stemmers: Stemmers::default(),
            terms: FxHashMap::default(),
            matcher: Matcher {
                themes: lexicon
                    .themes()
                    .iter()
                    .map(|t| ThemeInfo {
                        id: t.id.clone(),
                        label: t.label.clone(),
                    })
                    .collect(),
                entries: Vec::new(),
                stems: FxHashMap::default(),
                wanted_stems: Arc::default(),
                acronyms: FxHashMap::default(),
                prefixes: FxHashMap::default(),
                longest_prefix: 0,
                prefix_set: PrefixSet::default(),
                rules: Vec::new(),
                rules_by_first_term: Vec::new(),
                regexes: Vec::new(),
                longest_anchor: 0,
                reach: 0,
            },
        };
        for (theme, entry) in lexicon.entries() {
            let index = builder.matcher.entries.len();
            let owner = match entry.kind {
                EntryKind::Include => Owner::Theme(theme),
                EntryKind::Exclude => Owner::Exclusion,
            };
            match Pattern::parse(&entry.pattern).map_err(|message| entry.error(message))? {
                Pattern::Sequence(terms) => builder.add_rule(owner, index, &terms, None),
                Pattern::Near {
                    anchor,
                    context,
                    window,
                } => builder.add_rule(owner, index, &anchor, Some((&context, window))),
                Pattern::Regex(regex) => builder.matcher.regexes.push(RegexRule {
                    owner,
                    entry: index,
                    regex,
                }),
            }
            builder.matcher.entries.push(EntryInfo {
                theme,
                kind: entry.kind,
                language: entry.language,
                pattern: entry.pattern.clone(),
            });
        }
        let mut matcher = builder.matcher;
        matcher.wanted_stems = Arc::new(PrefixSet::new(matcher.stems.keys().map(|s| &**s)));
        matcher.prefix_set = PrefixSet::new(matcher.prefixes.keys().map(|s| &**s));
        Ok(matcher)
    }

    /// Themes in report order (by id).
    pub fn themes(&self) -> &[ThemeInfo] {
        &self.themes
    }

    /// Entries and exclusions in lexicon order; [`Match::entry`] indexes this.
    pub fn entries(&self) -> &[EntryInfo] {
        &self.entries
    }

    /// Tokens of context a window needs on each side for its matches to be those of the whole
    /// text: the farthest a rule looks, plus the words of an exclusion that may cover its match.
    fn margin(&self) -> usize {
        self.longest_anchor + self.reach + 1
    }

    /// The terms a word satisfies, appended to `out`.
    fn classify(&self, word: Word, out: &mut Vec<TermId>) {
        if let Some(ids) = word.stem.and_then(|stem| self.stems.get(stem)) {
            out.extend(ids);
        }
        for form in acronym_forms(word.surface) {
            if let Some(ids) = self.acronyms.get(form) {
                out.extend(ids);
            }
        }
        let normalized = word.normalized;
        if !self.prefix_set.starts(normalized) {
            return;
        }
        for (at, c) in normalized.char_indices() {
            let end = at + c.len_utf8();
            if end > self.longest_prefix {
                break;
            }
            if let Some(ids) = self.prefixes.get(&normalized[..end]) {
                out.extend(ids);
            }
        }
    }
}

/// The surface forms under which a word may be an acronym of the lexicon: as written, and for a
/// Latin acronym without its plural or possessive ending (`FTFs`, `FTF's`).
fn acronym_forms(surface: &str) -> impl Iterator<Item = &str> {
    let stripped = ["'s", "\u{2019}s", "s"]
        .iter()
        .find_map(|suffix| surface.strip_suffix(suffix))
        .filter(|rest| rest.ends_with(|c: char| c.is_ascii_uppercase()) && is_acronym(rest));
    std::iter::once(surface).chain(stripped)
}

struct Builder {
    stemmers: Stemmers,
    terms: FxHashMap<(u8, String), TermId>,
    matcher: Matcher,
}

impl Builder {
    fn term(&mut self, term: &Term) -> TermId {
        let key = match term {
            Term::Word(word) => (0, self.stemmers.stem_word(word)),
            Term::Prefix(prefix) => (1, prefix.clone()),
            Term::Acronym(acronym) => (2, acronym.clone()),
        };
        if let Some(&id) = self.terms.get(&key) {
            return id;
        }
        let id = TermId::try_from(self.terms.len()).unwrap_or(TermId::MAX);
        let matcher = &mut self.matcher;
        let text: Box<str> = key.1.as_str().into();
        match key.0 {
            0 => matcher.stems.entry(text).or_default().push(id),
            1 => {
                matcher.longest_prefix = matcher.longest_prefix.max(text.len());
                matcher.prefixes.entry(text).or_default().push(id);
            }
            _ => matcher.acronyms.entry(text).or_default().push(id),
        }
        matcher.rules_by_first_term.push(Vec::new());
        self.terms.insert(key, id);
        id
    }

    fn terms(&mut self, terms: &[Term]) -> Vec<TermId> {
        terms.iter().map(|t| self.term(t)).collect()
    }

    fn add_rule(
        &mut self,
        owner: Owner,
        entry: usize,
        anchor: &[Term],
        near: Option<(&[Term], usize)>,
    ) {
        let anchor = self.terms(anchor);
        let near = near.map(|(context, window)| (self.terms(context), window));
        // Tokens the rule looks at before and after its first one.
        let (behind, ahead) = match &near {
            Some((context, window)) => (
                window + context.len(),
                anchor.len() + window + context.len(),
            ),
            None => (0, anchor.len()),
        };
        let matcher = &mut self.matcher;
        matcher.longest_anchor = matcher.longest_anchor.max(anchor.len());
        matcher.reach = matcher.reach.max(behind).max(ahead);
        let id = RuleId::try_from(self.matcher.rules.len()).unwrap_or(RuleId::MAX);
        self.matcher.rules_by_first_term[anchor[0] as usize].push(id);
        self.matcher.rules.push(Rule {
            owner,
            entry,
            anchor,
            near,
        });
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

#[derive(Clone, Debug)]
struct Candidate {
    owner: Owner,
    entry: usize,
    tokens: Range<usize>,
    bytes: Range<usize>,
}

/// Text is analyzed in pieces of about this many bytes, so the tokens, candidates and marks a
/// scan keeps stay bounded however long one statement is (see [`Scanner::scan`]).
const PIECE_BYTES: usize = 1 << 20;

/// Where a normalized text's offsets part from the original's: from `normalized` on, an offset
/// maps to `original` plus the distance (`fixed` false), or to `original` itself (`fixed` true:
/// the bytes of one character whose folding changed its length).
#[derive(Clone, Copy, Debug)]
struct Shift {
    normalized: usize,
    original: usize,
    fixed: bool,
}

/// A scan's progress through a long text, piece by piece.
#[derive(Default)]
struct Progress {
    /// Global index of the first token still held in `Scanner::tokens`.
    base: usize,
    /// Bytes of the text analyzed so far (a cut between pieces).
    analyzed: usize,
    /// Whether the whole text has been analyzed.
    done: bool,
    letters: LetterCounts,
}

/// Finds a matcher's matches in texts. One per worker thread: it owns the analyzer and the
/// per-word memo, and reuses its buffers, so scanning allocates only for new words.
pub struct Scanner<'m> {
    matcher: &'m Matcher,
    analyzer: Analyzer,
    /// The tokens of the part of the text being matched.
    tokens: Vec<Token>,
    /// Per word id: the range of `term_pool` holding the terms the word satisfies.
    word_terms: Vec<Range<u32>>,
    term_pool: Vec<TermId>,
    /// One bit per word id: whether the word can start a rule. Small enough to stay in cache,
    /// so the common token, which starts nothing, costs one bit test.
    starts_rule: Vec<u64>,
    candidates: Vec<Candidate>,
    excluded: Vec<bool>,
    normalized: Vec<u8>,
    shifts: Vec<Shift>,
    /// The regex matches of the whole text, by start: counting ones and exclusions.
    regex_hits: Vec<Candidate>,
    regex_exclusions: Vec<Candidate>,
    /// Per theme: the global token index where its last match ended.
    last_end: Vec<usize>,
    piece_bytes: usize,
    /// Forget the words between windows even when the vocabulary is not full (for tests).
    forget_between_windows: bool,
}

impl<'m> Scanner<'m> {
    pub fn new(matcher: &'m Matcher) -> Scanner<'m> {
        Scanner::with_segmentation(matcher, Segmentation::default())
    }

    /// A scanner whose analyzer finds words with the given implementation.
    pub fn with_segmentation(matcher: &'m Matcher, segmentation: Segmentation) -> Scanner<'m> {
        let analyzer =
            Analyzer::with_segmentation(segmentation).looking_for(matcher.wanted_stems.clone());
        Scanner::with_analyzer(matcher, analyzer)
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
            word_terms: Vec::new(),
            term_pool: Vec::new(),
            starts_rule: Vec::new(),
            candidates: Vec::new(),
            excluded: Vec::new(),
            normalized: Vec::new(),
            shifts: Vec::new(),
            regex_hits: Vec::new(),
            regex_exclusions: Vec::new(),
            last_end: Vec::new(),
            piece_bytes: PIECE_BYTES,
            forget_between_windows: false,
        }
    }

    /// Scans `text`, calling `on_match` for each hit: in theme order and then text order, window
    /// by window for a text longer than one window.
    pub fn scan(&mut self, text: &str, on_match: impl FnMut(Match)) -> Scan {
        self.scan_with(text, on_match, |_, _| {})
    }

    /// [`Scanner::scan`], handing every token to `on_tokens` once, as it is found, together
    /// with the analyzer that knows its word.
    ///
    /// A long text is analyzed in pieces cut after ASCII whitespace and before an ASCII
    /// character other than a second space (where no word boundary depends on what comes
    /// before), and matched in windows that overlap by the farthest any rule looks (its words,
    /// its `NEAR` context, an exclusion covering it), so the matches are those of the whole text
    /// at once. Regular expressions run over the whole normalized text,
    /// since how far a match reaches cannot be bounded in advance.
    pub fn scan_with(
        &mut self,
        text: &str,
        mut on_match: impl FnMut(Match),
        mut on_tokens: impl FnMut(&Analyzer, &[Token]),
    ) -> Scan {
        if self.analyzer.is_full() {
            self.forget_words();
        }
        self.find_regex_matches(text);
        self.last_end.clear();
        self.last_end.resize(self.matcher.themes.len(), 0);
        self.tokens.clear();
        let margin = self.matcher.margin();
        let mut progress = Progress::default();
        // Windows: `own` tokens are matched; the tokens before and after are context only.
        let (mut own_start, mut regex_from) = (0, 0);
        loop {
            while !progress.done && progress.base + self.tokens.len() <= own_start + margin {
                self.analyze_piece(text, &mut progress, &mut on_tokens);
            }
            let total = progress.base + self.tokens.len();
            let (own_end, own_end_byte) = if progress.done {
                (total, usize::MAX)
            } else {
                let end = total - margin;
                (end, self.tokens[end - 1 - progress.base].end)
            };
            // The regex hits whose first token is one of this window's own.
            let regex_to = regex_from
                + self.regex_hits[regex_from..].partition_point(|c| c.bytes.start < own_end_byte);
            let reach = self.regex_hits[regex_from..regex_to]
                .iter()
                .map(|c| c.bytes.end)
                .max()
                .unwrap_or(0);
            while !progress.done && progress.analyzed < reach {
                self.analyze_piece(text, &mut progress, &mut on_tokens);
            }
            let mut context_end = own_end;
            for hit in &mut self.regex_hits[regex_from..regex_to] {
                hit.tokens = token_range(&self.tokens, progress.base, &hit.bytes);
                context_end = context_end.max(hit.tokens.end);
            }
            while !progress.done && progress.base + self.tokens.len() < context_end + margin {
                self.analyze_piece(text, &mut progress, &mut on_tokens);
            }
            let base = progress.base;
            self.find_token_matches(
                own_start
                    .saturating_sub(self.matcher.longest_anchor)
                    .max(base)
                    - base..context_end - base,
                own_start - base..own_end - base,
            );
            for hit in &self.regex_hits[regex_from..regex_to] {
                self.candidates.push(Candidate {
                    tokens: hit.tokens.start - base..hit.tokens.end - base,
                    ..hit.clone()
                });
            }
            self.select(base, &mut on_match);
            if progress.done && own_end == progress.base + self.tokens.len() {
                break;
            }
            (own_start, regex_from) = (own_end, regex_to);
            // Keep only the tokens a later window still looks back to.
            let keep = own_start.saturating_sub(margin).max(base);
            self.tokens.drain(..keep - base);
            progress.base = keep;
            if self.analyzer.is_full() || self.forget_between_windows {
                self.forget_words();
                self.analyzer.relabel(text, &mut self.tokens);
                self.classify_new_words();
            }
        }
        Scan {
            tokens: progress.base + self.tokens.len(),
            letters: progress.letters,
        }
    }

    /// Analyzes the next piece of `text`, appending its tokens.
    fn analyze_piece(
        &mut self,
        text: &str,
        progress: &mut Progress,
        on_tokens: &mut impl FnMut(&Analyzer, &[Token]),
    ) {
        let start = progress.analyzed;
        let end = next_cut(text, start, self.piece_bytes);
        let before = self.tokens.len();
        let letters =
            self.analyzer
                .analyze_at(text.get(start..end).unwrap_or(""), start, &mut self.tokens);
        progress.letters.latin += letters.latin;
        progress.letters.cyrillic += letters.cyrillic;
        progress.analyzed = end;
        progress.done = end >= text.len();
        self.classify_new_words();
        on_tokens(&self.analyzer, &self.tokens[before..]);
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

    /// Forgets every word seen, keeping memory bounded on unbounded vocabularies.
    fn forget_words(&mut self) {
        self.analyzer.clear();
        self.word_terms.clear();
        self.term_pool.clear();
        self.starts_rule.clear();
    }

    fn classify_new_words(&mut self) {
        for id in self.word_terms.len()..self.analyzer.vocabulary_len() {
            let start = self.term_pool.len();
            self.matcher
                .classify(self.analyzer.word(id), &mut self.term_pool);
            let starts = self.term_pool[start..].iter().any(|&term| {
                self.matcher
                    .rules_by_first_term
                    .get(term as usize)
                    .is_some_and(|rules| !rules.is_empty())
            });
            if id % 64 == 0 {
                self.starts_rule.push(0);
            }
            if starts {
                self.starts_rule[id / 64] |= 1 << (id % 64);
            }
            let range = to_u32(start)..to_u32(self.term_pool.len());
            self.word_terms.push(range);
        }
    }

    /// Candidates of the token rules starting at `starts` (indices into `tokens`): exclusions
    /// anywhere there, counting ones only when they start in `own`.
    fn find_token_matches(&mut self, starts: Range<usize>, own: Range<usize>) {
        let view = TokenView {
            tokens: &self.tokens,
            word_terms: &self.word_terms,
            term_pool: &self.term_pool,
        };
        let matcher = self.matcher;
        let tokens = self.tokens.get(starts.clone()).unwrap_or(&[]);
        for (start, token) in (starts.start..).zip(tokens) {
            if self.starts_rule[token.word / 64] & (1 << (token.word % 64)) == 0 {
                continue;
            }
            for &term in view.terms(start) {
                let Some(rule_ids) = matcher.rules_by_first_term.get(term as usize) else {
                    continue;
                };
                for &rule_id in rule_ids {
                    let rule = &matcher.rules[rule_id as usize];
                    if rule.owner != Owner::Exclusion && !own.contains(&start) {
                        continue;
                    }
                    if !view.sequence_at(start, &rule.anchor) {
                        continue;
                    }
                    let end = start + rule.anchor.len();
                    if let Some((context, window)) = &rule.near {
                        if !view.near(start..end, context, *window) {
                            continue;
                        }
                    }
                    self.candidates.push(Candidate {
                        owner: rule.owner,
                        entry: rule.entry,
                        bytes: self.tokens[start].start..self.tokens[end - 1].end,
                        tokens: start..end,
                    });
                }
            }
        }
    }

    /// Finds the regex matches of the whole text, in byte offsets of `text`.
    fn find_regex_matches(&mut self, text: &str) {
        self.regex_hits.clear();
        self.regex_exclusions.clear();
        if self.matcher.regexes.is_empty() {
            return;
        }
        // The normalized text, and where its offsets part from the text's (a folded character
        // changed length).
        self.normalized.clear();
        self.shifts.clear();
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            if b.is_ascii() {
                self.normalized.push(b.to_ascii_lowercase());
                at += 1;
                continue;
            }
            // Basic Cyrillic (U+0400–U+045F) folds within two bytes: offsets stay aligned.
            if let Some(&second) = bytes.get(at + 1) {
                let folded = match (b, second) {
                    (0xD0, 0x81) | (0xD1, 0x91) => Some([0xD0, 0xB5]), // Ё, ё → е
                    (0xD0, 0x80..=0x8F) => Some([0xD1, second + 0x10]), // Ѐ–Џ
                    (0xD0, 0x90..=0x9F) => Some([0xD0, second + 0x20]), // А–П
                    (0xD0, 0xA0..=0xAF) => Some([0xD1, second - 0x20]), // Р–Я
                    (0xD0, 0xB0..=0xBF) | (0xD1, 0x80..=0x9F) => Some([b, second]),
                    _ => None,
                };
                if let Some(pair) = folded {
                    self.normalized.extend_from_slice(&pair);
                    at += 2;
                    continue;
                }
            }
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let before = self.normalized.len();
            let mut buffer = [0; 4];
            fold_char(c, |c| {
                self.normalized
                    .extend_from_slice(c.encode_utf8(&mut buffer).as_bytes())
            });
            at += c.len_utf8();
            if self.normalized.len() - before != c.len_utf8() {
                self.shifts.extend([
                    Shift {
                        normalized: before,
                        original: at - c.len_utf8(),
                        fixed: true,
                    },
                    Shift {
                        normalized: self.normalized.len(),
                        original: at,
                        fixed: false,
                    },
                ]);
            }
        }
        let shifts = &self.shifts;
        let original = |offset: usize| {
            let shift = shifts.partition_point(|s| s.normalized <= offset);
            let mapped = match shift.checked_sub(1).and_then(|i| shifts.get(i)) {
                None => offset,
                Some(s) if s.fixed => s.original,
                Some(s) => s.original + (offset - s.normalized),
            };
            mapped.min(text.len())
        };
        // Each regex on its own: its literal prefilter skips most text, which a combined
        // `RegexSet` cannot do.
        for rule in &self.matcher.regexes {
            let found = match rule.owner {
                Owner::Theme(_) => &mut self.regex_hits,
                Owner::Exclusion => &mut self.regex_exclusions,
            };
            found.extend(
                rule.regex
                    .find_iter(&self.normalized)
                    .map(|found| Candidate {
                        owner: rule.owner,
                        entry: rule.entry,
                        tokens: 0..0,
                        bytes: original(found.start())..original(found.end()),
                    }),
            );
        }
        self.regex_hits.sort_by_key(|c| c.bytes.start);
    }

    /// Drops excluded candidates and picks, per theme, leftmost-longest non-overlapping
    /// matches, continuing from the matches of earlier windows. `base` is the global index of
    /// the first token held.
    fn select(&mut self, base: usize, on_match: &mut impl FnMut(Match)) {
        self.excluded.clear();
        self.excluded.resize(self.tokens.len(), false);
        for candidate in &self.candidates {
            if candidate.owner == Owner::Exclusion {
                self.excluded[candidate.tokens.clone()].fill(true);
            }
        }
        for exclusion in &self.regex_exclusions {
            let tokens = token_range(&self.tokens, 0, &exclusion.bytes);
            self.excluded[tokens].fill(true);
        }
        let excluded = &self.excluded;
        self.candidates.retain(|c| {
            matches!(c.owner, Owner::Theme(_)) && !excluded[c.tokens.clone()].contains(&true)
        });
        self.candidates.sort_unstable_by_key(|c| {
            (
                c.owner,
                c.tokens.start,
                Reverse(c.tokens.end),
                c.bytes.start,
                c.entry,
            )
        });
        for candidate in self.candidates.drain(..) {
            let Owner::Theme(theme) = candidate.owner else {
                continue;
            };
            let tokens = candidate.tokens.start + base..candidate.tokens.end + base;
            if tokens.start >= self.last_end[theme] {
                self.last_end[theme] = tokens.end;
                on_match(Match {
                    theme,
                    entry: candidate.entry,
                    tokens,
                    bytes: candidate.bytes,
                });
            }
        }
    }
}

/// The tokens (indices into `tokens`, plus `base`) that overlap `bytes`; for bytes between
/// tokens, the empty range at the next token.
fn token_range(tokens: &[Token], base: usize, bytes: &Range<usize>) -> Range<usize> {
    let first = tokens.partition_point(|t| t.end <= bytes.start);
    let last = tokens.partition_point(|t| t.start < bytes.end);
    base + first..base + last.max(first)
}

/// The end of the piece of `text` that starts at `start`: the first cut at least `piece` bytes
/// on, or the end of the text. A cut falls after ASCII whitespace and before an ASCII
/// character, where no word boundary rule looks across it — but not between two spaces, which
/// UAX #29 keeps in one segment (WB3d) that a combining mark after them makes a word.
fn next_cut(text: &str, start: usize, piece: usize) -> usize {
    let bytes = text.as_bytes();
    let from = start.saturating_add(piece.max(1));
    if from >= bytes.len() {
        return bytes.len();
    }
    bytes
        .get(from..)
        .and_then(|rest| {
            rest.iter()
                .zip(rest.iter().skip(1))
                .position(|(&before, &after)| {
                    before.is_ascii_whitespace()
                        && after.is_ascii()
                        && !(before == b' ' && after == b' ')
                })
        })
        .map_or(bytes.len(), |at| from + at + 1)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Read-only view of a scanned text's tokens and the terms each satisfies.
struct TokenView<'a> {
    tokens: &'a [Token],
    word_terms: &'a [Range<u32>],
    term_pool: &'a [TermId],
}

impl TokenView<'_> {
    fn terms(&self, token: usize) -> &[TermId] {
        let range = &self.word_terms[self.tokens[token].word];
        &self.term_pool[range.start as usize..range.end as usize]
    }

    fn sequence_at(&self, start: usize, sequence: &[TermId]) -> bool {
        start + sequence.len() <= self.tokens.len()
            && sequence
                .iter()
                .enumerate()
                .all(|(i, term)| self.terms(start + i).contains(term))
    }

    /// Whether `context` occurs, not overlapping `anchor`, within `window` tokens of it.
    fn near(&self, anchor: Range<usize>, context: &[TermId], window: usize) -> bool {
        let len = context.len();
        let lowest = (anchor.start + 1).saturating_sub(window + len);
        let highest = (anchor.end - 1 + window).min(self.tokens.len());
        (lowest..=highest).any(|at| {
            (at + len <= anchor.start || at >= anchor.end) && self.sequence_at(at, context)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Entry, Location, Theme};

    /// One matching rule exercised on one text: `entries` are `(theme, pattern)` pairs (an entry's
    /// language follows its script), `want` the expected `(theme, matched text)` in output order.
    struct MatchTest {
        name: &'static str,
        entries: &'static [(&'static str, &'static str)],
        exclude: &'static [&'static str],
        text: &'static str,
        want: &'static [(&'static str, &'static str)],
    }

    fn entry(kind: EntryKind, pattern: &str) -> Entry {
        let cyrillic = pattern
            .chars()
            .any(|c| crate::lang::Script::of(c) == Some(crate::lang::Script::Cyrillic));
        Entry {
            language: if cyrillic {
                Language::Russian
            } else {
                Language::English
            },
            kind,
            pattern: pattern.to_string(),
            location: Location {
                file: "test.toml".into(),
                line: 1,
            },
        }
    }

    fn lexicon(entries: &[(&str, &str)], exclude: &[&str]) -> Lexicon {
        let mut themes: Vec<Theme> = Vec::new();
        for &(id, pattern) in entries {
            let theme = match themes.iter_mut().find(|t| t.id == id) {
                Some(theme) => theme,
                None => {
                    themes.push(Theme {
                        id: id.into(),
                        label: id.into(),
                        scope: String::new(),
                        context: Default::default(),
                        entries: vec![],
                        examples: vec![],
                        file: "test.toml".into(),
                    });
                    themes.last_mut().unwrap()
                }
            };
            theme.entries.push(entry(EntryKind::Include, pattern));
        }
        themes[0]
            .entries
            .extend(exclude.iter().map(|p| entry(EntryKind::Exclude, p)));
        Lexicon::new(themes).unwrap()
    }

    fn run(test: &MatchTest) {
        let matcher = Matcher::new(&lexicon(test.entries, test.exclude)).unwrap();
        let mut scanner = Scanner::new(&matcher);
        let mut got = Vec::new();
        scanner.scan(test.text, |m| {
            got.push((
                matcher.themes()[m.theme].id.clone(),
                test.text[m.bytes].to_string(),
            ))
        });
        let want: Vec<(String, String)> = test
            .want
            .iter()
            .map(|(t, s)| (t.to_string(), s.to_string()))
            .collect();
        assert_eq!(got, want, "{}: {:?}", test.name, test.text);
    }

    const TESTS: &[MatchTest] = &[
        // Stems: every inflection.
        MatchTest {
            name: "english plural and possessive",
            entries: &[("a", "fighter")],
            exclude: &[],
            text: "A fighter, two fighters and the fighters’ families.",
            want: &[("a", "fighter"), ("a", "fighters"), ("a", "fighters")],
        },
        MatchTest {
            name: "russian hyphenated compound across cases",
            entries: &[("a", "боевики-террористы")],
            exclude: &[],
            text: "Боевики-террористы, боевиков-террористов и боевикам-террористам.",
            want: &[("a", "Боевики-террористы"), ("a", "боевиков-террористов"), ("a", "боевикам-террористам")],
        },
        MatchTest {
            name: "hyphenated entry meets unhyphenated text",
            entries: &[("a", "counter-terrorism")],
            exclude: &[],
            text: "counter terrorism and counter-terrorism, not counterterrorism",
            want: &[("a", "counter terrorism"), ("a", "counter-terrorism")],
        },
        MatchTest {
            name: "russian phrase in oblique cases",
            entries: &[("a", "иностранные боевики-террористы")],
            exclude: &[],
            text: "угроза со стороны иностранных боевиков-террористов и иностранным боевикам-террористам",
            want: &[("a", "иностранных боевиков-террористов"), ("a", "иностранным боевикам-террористам")],
        },
        MatchTest {
            name: "ё is е",
            entries: &[("a", "объединённые")],
            exclude: &[],
            text: "Объединенных Наций и объединённых",
            want: &[("a", "Объединенных"), ("a", "объединённых")],
        },
        // Prefixes.
        MatchTest {
            name: "english prefix",
            entries: &[("a", "radicali*")],
            exclude: &[],
            text: "Radicalization, radicalised youth and radical views.",
            want: &[("a", "Radicalization"), ("a", "radicalised")],
        },
        MatchTest {
            name: "russian prefix",
            entries: &[("a", "радикализ*")],
            exclude: &[],
            text: "радикализация, радикализации, радикальный",
            want: &[("a", "радикализация"), ("a", "радикализации")],
        },
        // Acronyms.
        MatchTest {
            name: "english acronym is case-sensitive, with plural and possessive",
            entries: &[("a", "RATS"), ("b", "FTF")],
            exclude: &[],
            text: "RATS met; rats fled. FTFs and FTF's but ftf.",
            want: &[("a", "RATS"), ("b", "FTFs"), ("b", "FTF's")],
        },
        MatchTest {
            name: "russian acronym is case-sensitive",
            entries: &[("a", "ОДКБ"), ("b", "СНГ")],
            exclude: &[],
            text: "ОДКБ и СНГ, но не одкб и снг.",
            want: &[("a", "ОДКБ"), ("b", "СНГ")],
        },
        MatchTest {
            name: "acronyms of the other script still match",
            entries: &[("a", "ISIL"), ("b", "ОДКБ")],
            exclude: &[],
            text: "Угроза ИГИЛ и ISIL. The CSTO (ОДКБ) agreed.",
            want: &[("a", "ISIL"), ("b", "ОДКБ")],
        },
        // Multi-word expressions.
        MatchTest {
            name: "english multi-word needs consecutive tokens",
            entries: &[("a", "sleeper cell")],
            exclude: &[],
            text: "Sleeper cells exist; a sleeper in a cell does not count.",
            want: &[("a", "Sleeper cells")],
        },
        MatchTest {
            name: "russian multi-word needs consecutive tokens",
            entries: &[("a", "спящие ячейки")],
            exclude: &[],
            text: "спящих ячеек нет, спящие в ячейке нет, спящие ячейки есть",
            want: &[("a", "спящие ячейки")],
        },
        // NEAR.
        MatchTest {
            name: "english NEAR before and after, within the window only",
            entries: &[("a", "cell NEAR/3 terrorist")],
            exclude: &[],
            text: "terrorist cell x x x x cell x x terrorists x x x x x x cell x x x x terrorist",
            want: &[("a", "cell"), ("a", "cell")],
        },
        MatchTest {
            name: "russian NEAR",
            entries: &[("a", "ячейк* NEAR/4 террорист*")],
            exclude: &[],
            text: "ячейка террористов, раз два три четыре пять, ячейка таблицы, раз два три четыре пять, террористическая ячейка",
            want: &[("a", "ячейка"), ("a", "ячейка")],
        },
        MatchTest {
            name: "NEAR context must not overlap the anchor",
            entries: &[("a", "terrorist NEAR/2 terrorist")],
            exclude: &[],
            text: "a terrorist here and a terrorist there; one terrorist",
            want: &[],
        },
        // Regex.
        MatchTest {
            name: "regex over normalized text",
            entries: &[("a", r"/resolution\s+2396(\s*\(2017\))?/")],
            exclude: &[],
            text: "Resolution 2396 (2017) and resolution 2396 again",
            want: &[("a", "Resolution 2396 (2017)"), ("a", "resolution 2396")],
        },
        MatchTest {
            name: "russian regex",
            entries: &[("a", r"/резолюци\w*\s+2178/")],
            exclude: &[],
            text: "Резолюция 2178 и в резолюции 2178",
            want: &[("a", "Резолюция 2178"), ("a", "резолюции 2178")],
        },
        MatchTest {
            name: "regex offsets survive characters that change length when folded",
            entries: &[("a", r"/резолюци\w*\s+2178/"), ("b", "/ёлк/")],
            exclude: &[],
            text: "Counter\u{AD}terrorism: Ёлка, РЕЗОЛЮЦИЯ 2178 и ЁЛКА",
            want: &[("a", "РЕЗОЛЮЦИЯ 2178")],
        },
        // Exclusions.
        MatchTest {
            name: "english exclusion blocks every theme",
            entries: &[("a", "cell"), ("b", "stem*")],
            exclude: &["stem cell"],
            text: "stem cells and terrorist cells; stemming the flow",
            want: &[("a", "cells"), ("b", "stemming")],
        },
        MatchTest {
            name: "russian exclusion",
            entries: &[("a", "пропаганд*")],
            exclude: &["пропаганда здорового образа жизни"],
            text: "пропаганда здорового образа жизни и пропаганда терроризма",
            want: &[("a", "пропаганда")],
        },
        MatchTest {
            name: "exclusion by prefix",
            entries: &[("a", "fighter")],
            exclude: &["firefighter*"],
            text: "firefighters and foreign fighters",
            want: &[("a", "fighters")],
        },
        // Overlaps.
        MatchTest {
            name: "leftmost-longest within a theme",
            entries: &[("a", "foreign terrorist fighter"), ("a", "terrorist fighter"), ("a", "fighter")],
            exclude: &[],
            text: "foreign terrorist fighters and terrorist fighters and fighters",
            want: &[("a", "foreign terrorist fighters"), ("a", "terrorist fighters"), ("a", "fighters")],
        },
        MatchTest {
            name: "overlapping entries do not double count within a theme",
            entries: &[("a", "боевик*"), ("a", "боевики-террористы")],
            exclude: &[],
            text: "боевики-террористы",
            want: &[("a", "боевики-террористы")],
        },
        MatchTest {
            name: "themes are independent",
            entries: &[("a", "terrorist financing"), ("b", "financing")],
            exclude: &[],
            text: "terrorist financing",
            want: &[("a", "terrorist financing"), ("b", "financing")],
        },
        MatchTest {
            name: "look-alike latin letters inside a russian word",
            entries: &[("a", "террорист")],
            exclude: &[],
            text: "тeррoрист",
            want: &[("a", "тeррoрист")],
        },
    ];

    #[test]
    fn matching_rules() {
        for test in TESTS {
            run(test);
        }
    }

    #[test]
    fn invalid_entries_name_file_line_and_entry() {
        let lexicon = lexicon(&[("a", "cell NEAR/x terror")], &[]);
        let err = Matcher::new(&lexicon).unwrap_err().to_string();
        assert_eq!(
            err,
            "test.toml:1: entry `cell NEAR/x terror`: NEAR needs a distance from 1 to 1000: NEAR/5"
        );
    }

    /// A match as `(theme, entry, tokens, bytes)`.
    type Found = (usize, usize, Range<usize>, Range<usize>);

    /// Every match, the token count and the letters of `text`, scanned in pieces of `piece`
    /// bytes, with the number of tokens handed over piece by piece.
    fn scan_in_pieces(matcher: &Matcher, text: &str, piece: usize) -> (Vec<Found>, Scan, usize) {
        let mut scanner = Scanner::new(matcher);
        scanner.piece_bytes = piece;
        // Words forgotten between windows must be found again for the tokens kept.
        scanner.forget_between_windows = piece % 2 == 1;
        let mut matches = Vec::new();
        let mut handed = 0;
        let scan = scanner.scan_with(
            text,
            |m| matches.push((m.theme, m.entry, m.tokens, m.bytes)),
            |_, tokens| handed += tokens.len(),
        );
        matches.sort_by_key(|m| (m.0, m.2.start, m.3.start));
        (matches, scan, handed)
    }

    /// Words that start, continue, surround and block matches of [`window_lexicon`] and of the
    /// bundled lexicons, with characters whose folding changes their length, line breaks and
    /// runs of spaces.
    const WINDOW_WORDS: &[&str] = &[
        "foreign",
        "terrorist",
        "fighters",
        "fighter",
        "cell",
        "cells",
        "stem",
        "sleeper",
        "x",
        "the",
        "of",
        "resolution",
        "2396",
        "(2017)",
        "ISIL",
        "FTFs",
        "internal",
        "law",
        "international",
        "боевики-террористы",
        "ячейка",
        "террористов",
        "таблицы",
        "ОДКБ",
        "резолюции",
        "2178",
        "Ёлка",
        "counter\u{AD}terrorism",
        "Council’s",
        "İstanbul",
        ",",
        ".",
        "\n",
        "  ",
        "\t",
        "сеть",
        "resolution 2396 (2017)",
        "resolution\n2396",
        "cell x terrorist",
        "foreign terrorist fighters",
        "ячейка таблицы",
        "stem cell",
        "internal law",
        "Ёлка, x",
        "резолюции 2178",
        "x x x",
        "sleeper cell",
    ];

    fn window_lexicon() -> Lexicon {
        lexicon(
            &[
                ("a", "foreign terrorist fighter"),
                ("a", "terrorist fighter"),
                ("a", "fighter"),
                ("b", "cell NEAR/3 terrorist"),
                ("b", "ячейк* NEAR/4 террорист*"),
                ("b", "sleeper cell"),
                ("c", r"/resolution\s+2396(\s*\(2017\))?/"),
                ("c", r"/резолюци\w*\s+2178/"),
                ("c", "/ёлка[ ,.]+x/"),
                ("d", "terror*"),
                ("d", "боевик*"),
                ("d", "ISIL"),
                ("e", "ISIL NEAR/20 ОДКБ"),
                ("e", "sleeper cell NEAR/9 foreign terrorist"),
            ],
            &["stem cell", "ячейк* таблиц*", "/internal law/", "x x x"],
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Scanning a text in windows of any size finds exactly the matches, tokens and letters
        /// of scanning it whole, for phrases, `NEAR`, prefixes, acronyms, regular expressions
        /// and exclusions of both kinds.
        #[test]
        fn windows_of_any_size_match_like_the_whole_text(
            words in proptest::collection::vec(proptest::sample::select(WINDOW_WORDS), 0..400),
            piece in 1usize..300,
        ) {
            let text = words.join(" ");
            for matcher in [window_matcher(), bundled_matcher()] {
                let whole = scan_in_pieces(matcher, &text, usize::MAX);
                let windowed = scan_in_pieces(matcher, &text, piece);
                proptest::prop_assert_eq!(&whole, &windowed, "pieces of {} bytes", piece);
                proptest::prop_assert_eq!(whole.1.tokens, whole.2);
            }
        }
    }

    /// Characters around which word boundaries depend on context: spaces of several kinds, line
    /// ends, combining marks, joiners, apostrophes, periods, digits, regional indicators.
    const TRICKY_CHARS: &[char] = &[
        ' ',
        ' ',
        '\n',
        '\r',
        '\t',
        '\u{0B}',
        '\u{A0}',
        '\u{3000}',
        '\u{205F}',
        '\u{B47}',
        'a',
        'Z',
        'б',
        'Ё',
        '1',
        '.',
        ',',
        ':',
        '\'',
        '’',
        '_',
        '-',
        '\u{301}',
        '\u{200D}',
        '\u{AD}',
        '\u{1F600}',
        '\u{1F1FA}',
        '\u{1F1F8}',
        'א',
        '\u{5F4}',
        'ア',
        '中',
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Pieces are cut where the words found do not change: the tokens handed over piece by
        /// piece are those of the whole text, for any text.
        #[test]
        fn pieces_find_the_words_of_the_whole_text(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    3 => proptest::sample::select(TRICKY_CHARS),
                    1 => proptest::char::any(),
                ],
                0..300,
            ),
            piece in 1usize..40,
        ) {
            let text: String = chars.into_iter().collect();
            let tokens = |piece: usize| {
                let mut scanner = Scanner::new(bundled_matcher());
                scanner.piece_bytes = piece;
                let mut found = Vec::new();
                let scan = scanner.scan_with(&text, |_| {}, |_, tokens| {
                    found.extend(tokens.iter().map(|t| t.start..t.end));
                });
                (found, scan)
            };
            proptest::prop_assert_eq!(tokens(piece), tokens(usize::MAX));
        }
    }

    fn window_matcher() -> &'static Matcher {
        static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
        MATCHER.get_or_init(|| Matcher::new(&window_lexicon()).unwrap())
    }

    fn bundled_matcher() -> &'static Matcher {
        static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
        MATCHER.get_or_init(|| Matcher::new(&Lexicon::bundled().unwrap()).unwrap())
    }

    #[test]
    fn the_fast_scanner_matches_like_the_reference_on_the_sample_corpus() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let files: Vec<_> = crate::corpus::layout::walk(&corpus)
            .map(Result::unwrap)
            .filter(|path| crate::corpus::layout::is_statement_file(path))
            .collect();
        let matcher = bundled_matcher();
        let (mut fast, mut reference) = (Scanner::new(matcher), Scanner::reference(matcher));
        let mut hits = 0;
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let scans = (
                fast.scan(&text, |m| a.push(m)),
                reference.scan(&text, |m| b.push(m)),
            );
            assert_eq!(scans.0, scans.1, "{}", path.display());
            assert_eq!(a, b, "{}", path.display());
            hits += a.len();
        }
        assert!(
            files.len() >= 10 && hits > 100,
            "{} files, {hits} hits",
            files.len()
        );
    }

    #[test]
    fn a_long_text_is_matched_in_windows_like_the_whole() {
        let sentence =
            "Foreign terrorist fighters and a sleeper cell of terrorists met; resolution \
                        2396 (2017) on ISIL. Ячейка террористов и ОДКБ, stem cells, internal law. ";
        let text = sentence.repeat(400);
        let whole = scan_in_pieces(window_matcher(), &text, usize::MAX);
        assert!(whole.0.len() > 2000, "{} matches", whole.0.len());
        for piece in [1, 7, 100, 4096] {
            let windowed = scan_in_pieces(window_matcher(), &text, piece);
            assert_eq!(windowed.1, whole.1, "{piece}");
            let first = windowed.0.iter().zip(&whole.0).position(|(a, b)| a != b);
            assert_eq!(
                first.map(|i| (&windowed.0[i], &whole.0[i])),
                None,
                "pieces of {piece}: first difference (windowed, whole)"
            );
            assert_eq!(windowed.0.len(), whole.0.len(), "{piece}");
        }
    }

    #[test]
    fn pieces_are_cut_after_ascii_whitespace_before_ascii() {
        assert_eq!(next_cut("ab cd ef", 0, 1), 3);
        assert_eq!(next_cut("ab cd ef", 3, 1), 6);
        assert_eq!(next_cut("ab cd ef", 6, 1), 8);
        assert_eq!(
            next_cut("ab \u{301}d ef", 0, 1),
            7,
            "not before a combining mark"
        );
        assert_eq!(
            next_cut("ab  \u{B47}d ef", 0, 1),
            9,
            "not between two spaces"
        );
        assert_eq!(next_cut("ab \t d", 0, 1), 3, "after a space, before a tab");
        assert_eq!(next_cut("abcdef", 0, 2), 6, "no whitespace: one piece");
        assert_eq!(next_cut("ab", 0, usize::MAX), 2);
    }

    #[test]
    fn vocabulary_can_be_cleared_between_texts() {
        let matcher = Matcher::new(&lexicon(&[("a", "fighter")], &[])).unwrap();
        let mut scanner = Scanner::new(&matcher);
        assert_eq!(scanner.count("fighters"), [1]);
        scanner.forget_words();
        assert_eq!(scanner.count("the fighters"), [1]);
    }
}

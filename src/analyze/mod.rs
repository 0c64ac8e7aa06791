//! Text analysis: segment → normalize → stem.
//!
//! Words are found by Unicode UAX #29 word boundaries; a token is a word with at least one letter
//! or digit. Hyphens split words, so `боевиков-террористов` is two tokens and is matched part by
//! part. Each distinct surface form is normalized and stemmed once and then remembered in the
//! analyzer's vocabulary, so the common case per token is one hash lookup and no allocation.
//!
//! The analyzer knows nothing about lexicons and never fails: any string is valid input. It may
//! be told which stems its caller looks for, and then leaves unstemmed the Russian words whose
//! stem cannot be one of them.

mod interner;
mod normalize;
mod prefixes;
mod segment;
mod shared;
mod units;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

pub(crate) use normalize::{normalize_word, plain_surface};
pub(crate) use prefixes::PrefixSet;
pub use segment::{for_each_word, for_each_word_reference};
pub(crate) use units::is_long as is_long_line;
pub use units::{reference_breaks, Break, Breaks, LONG_LINE};

pub(crate) use normalize::{starts_a_fold, FoldedText};
pub(crate) use shared::SharedWords;

use crate::lang::{Language, LetterCounts, Script};

/// Index of a word in an [`Analyzer`]'s vocabulary.
pub(crate) type WordId = usize;

/// Past this many distinct surface forms the vocabulary is cleared, so memory stays bounded on
/// corpora with unbounded vocabularies.
const VOCABULARY_LIMIT: usize = 1 << 20;
/// Past this many bytes in the word index or the words' text the vocabulary is cleared too.
const BYTES_LIMIT: usize = 256 << 20;

/// One occurrence of a word in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the word's first byte in the analyzed text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// The word, in the analyzer's vocabulary.
    pub word: WordId,
}

/// A distinct surface form with its normalized form and stem, as an [`Analyzer`] keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word exactly as written.
    pub surface: &'a str,
    /// Lowercased and folded.
    pub normalized: &'a str,
    /// Snowball stem of `normalized` in the language of its script; digits and other scripts
    /// are their own stem. `None` for a Russian word whose stem cannot be one the analyzer was
    /// told to look for.
    pub stem: Option<&'a str>,
    /// The stemming language, from the word's own script.
    pub language: Option<Language>,
    /// Latin or Cyrillic letters in the word.
    pub letters: u32,
}

/// Where a vocabulary word's forms lie in the analyzer's text: the surface form from `start`,
/// then the normalized form unless it is the same, then the stem unless it begins the
/// normalized form. So a word takes 32 bytes: one offset, and lengths of 32 bits (a form over
/// 4 GB is cut short there, and read as empty if the cut falls inside a character).
#[derive(Clone, Copy, Debug)]
struct Entry {
    start: usize,
    surface: u32,
    normalized: u32,
    stem: u32,
    letters: u32,
    language: Option<Language>,
    /// What a [`Tagger`] said of the word, with [`TAGGED`] set; 0 when none was asked.
    tags: u8,
    /// Which forms have bytes of their own: [`NORMALIZED_APART`], [`STEM_APART`], or whether
    /// there is no stem at all ([`NO_STEM`]).
    layout: u8,
}

const NORMALIZED_APART: u8 = 1;
const STEM_APART: u8 = 2;
const NO_STEM: u8 = 4;

impl Entry {
    const EMPTY: Entry = Entry {
        start: 0,
        surface: 0,
        normalized: 0,
        stem: 0,
        letters: 0,
        language: None,
        tags: 0,
        layout: 0,
    };

    /// The entry of forms at `surface`, `normalized` and `stem` in the text, laid out as
    /// [`Analyzer::new_word`] appends them.
    fn new(
        surface: Range<usize>,
        normalized: Range<usize>,
        stem: Option<Range<usize>>,
        language: Option<Language>,
        letters: u32,
    ) -> Entry {
        let len = |range: &Range<usize>| u32::try_from(range.len()).unwrap_or(u32::MAX);
        let mut layout = 0;
        if normalized.start != surface.start {
            layout |= NORMALIZED_APART;
        }
        match &stem {
            None => layout |= NO_STEM,
            Some(stem) if stem.start != normalized.start => layout |= STEM_APART,
            Some(_) => {}
        }
        Entry {
            start: surface.start,
            surface: len(&surface),
            normalized: len(&normalized),
            stem: stem.as_ref().map_or(0, len),
            letters,
            language,
            tags: 0,
            layout,
        }
    }

    fn surface(&self) -> Range<usize> {
        self.start..self.start + self.surface as usize
    }

    fn normalized(&self) -> Range<usize> {
        let surface = self.surface();
        let start = if self.layout & NORMALIZED_APART != 0 {
            surface.end
        } else {
            surface.start
        };
        start..start + self.normalized as usize
    }

    fn stem(&self) -> Option<Range<usize>> {
        let normalized = self.normalized();
        let start = match self.layout {
            layout if layout & NO_STEM != 0 => return None,
            layout if layout & STEM_APART != 0 => normalized.end,
            _ => normalized.start,
        };
        Some(start..start + self.stem as usize)
    }

    /// The word, its forms read by `form` at the ranges the entry gives.
    fn word<'a>(&self, form: impl Fn(Range<usize>) -> &'a str) -> Word<'a> {
        Word {
            surface: form(self.surface()),
            normalized: form(self.normalized()),
            stem: self.stem().map(&form),
            language: self.language,
            letters: self.letters,
        }
    }

    /// What the word tables keep with a word's id: its letters, shifted left by one with the
    /// low bit set for Cyrillic (0 for words without Latin or Cyrillic letters).
    fn meta(&self) -> u32 {
        let letters = self.letters.min(u32::MAX >> 1) << 1;
        match self.language {
            Some(Language::Russian) => letters | 1,
            Some(Language::English) => letters,
            None => 0,
        }
    }
}

/// Works out a few bits about a new word that its analyzer's caller would otherwise work out
/// for itself: with a vocabulary shared by a run's workers, once per run instead of once per
/// worker (see [`Analyzer::tags`]).
pub(crate) trait Tagger {
    /// The bits for `word`, below [`TAGGED`].
    fn tag(&self, word: Word<'_>) -> u8;
}

/// Set in [`Entry::tags`] when a [`Tagger`] was asked.
const TAGGED: u8 = 0x80;

/// Snowball stemmers for both languages.
pub(crate) struct Stemmers {
    english: rust_stemmers::Stemmer,
    russian: rust_stemmers::Stemmer,
}

impl Default for Stemmers {
    fn default() -> Self {
        Stemmers {
            english: Language::English.stemmer(),
            russian: Language::Russian.stemmer(),
        }
    }
}

impl Stemmers {
    /// Stems an already normalized word in `language`.
    ///
    /// A Russian stem is always a prefix of the word: the Russian Snowball algorithm only
    /// removes endings (a test holds it to that), which is what lets an analyzer skip stemming
    /// words that start with no wanted stem.
    pub(crate) fn stem<'a>(&self, language: Language, normalized: &'a str) -> Cow<'a, str> {
        match language {
            Language::English => self.english.stem(normalized),
            Language::Russian => self.russian.stem(normalized),
        }
    }

    /// The stem of one word, normalized and stemmed as it would be inside a text.
    pub(crate) fn stem_word(&self, surface: &str) -> String {
        let mut normalized = String::new();
        match normalize_word(surface, &mut normalized).script {
            Some(script) => self.stem(script.language(), &normalized).into_owned(),
            None => normalized,
        }
    }
}

/// Splits text into tokens (UAX #29 words with a letter or digit, taken as a reader sees them:
/// see [`for_each_word`]), without analyzing them.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut words = Vec::new();
    for_each_word(text, |at, word| words.push((at, word)));
    words.into_iter()
}

/// Which implementation finds the words. Both give the same tokens; the reference exists to
/// prove it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Segmentation {
    /// A byte-level fast path for English and Russian prose, falling back to the general
    /// UAX #29 implementation piece by piece.
    #[default]
    Fast,
    /// The general UAX #29 implementation for all text.
    Reference,
}

/// Turns texts into tokens, remembering every distinct word it has seen.
///
/// One analyzer belongs to one worker thread; it is cheap to create. The workers of a run may
/// share their vocabulary (`Analyzer::sharing`): words go to the shared one while it has room,
/// and past that to the analyzer's own.
#[derive(Default)]
pub struct Analyzer {
    stemmers: Stemmers,
    segmentation: Segmentation,
    /// The stems the caller looks for, when it said so.
    wanted: Option<Arc<PrefixSet>>,
    /// The vocabulary shared with the run's other workers, and the table of it this analyzer
    /// reads.
    shared: Option<(Arc<SharedWords>, Arc<shared::Table>)>,
    /// The id of the analyzer's own first word: 0 without a shared vocabulary, `usize::MAX`
    /// while the shared one grows, and its final length once it is full.
    own_base: WordId,
    /// The analyzer's own words (with their final ids) and the cache of recent words.
    index: interner::Interner,
    vocabulary: Vec<Entry>,
    /// The forms of every vocabulary word, one after the other.
    text: String,
    /// The normalized form of the word being added.
    scratch: String,
    /// The forms of a word on its way to the shared vocabulary.
    forms: String,
    /// With a shared vocabulary, the words of the last piece analyzed that the cache of recent
    /// words did not answer.
    looked_up: Vec<WordId>,
    generation: u64,
}

impl Analyzer {
    /// An analyzer with an empty vocabulary, as [`Default`] makes it.
    pub fn new() -> Self {
        Self::default()
    }

    /// An analyzer finding words with the given implementation.
    pub(crate) fn with_segmentation(segmentation: Segmentation) -> Self {
        Analyzer {
            segmentation,
            ..Self::default()
        }
    }

    /// Tells the analyzer that only stems starting with one of `wanted`'s strings matter to its
    /// caller: Russian words that start with none of them are not stemmed ([`Word::stem`] is
    /// `None`). Stemming is most of the cost of a new word, and most Russian words are new.
    pub(crate) fn looking_for(mut self, wanted: Arc<PrefixSet>) -> Self {
        self.wanted = Some(wanted);
        self
    }

    /// Shares `words` with the other analyzers given it. They must all be made alike (the
    /// same [`Analyzer::looking_for`]), since a word is analyzed by whichever meets it first.
    pub(crate) fn sharing(mut self, words: Arc<SharedWords>) -> Self {
        let table = words.table();
        self.shared = Some((words, table));
        self.own_base = WordId::MAX;
        self
    }

    /// Appends the tokens of `text` to `tokens` (cleared first) and returns the letters per
    /// script, from which the text's dominant language follows.
    pub fn analyze(&mut self, text: &str, tokens: &mut Vec<Token>) -> LetterCounts {
        tokens.clear();
        self.analyze_at(text, 0, tokens, None)
    }

    /// Appends the tokens of `text`, a piece of a longer text starting at byte `offset` of it,
    /// to `tokens`, with offsets into the longer text, and returns the piece's letters. New
    /// words of a shared vocabulary are tagged by `tagger`.
    pub(crate) fn analyze_at(
        &mut self,
        text: &str,
        offset: usize,
        tokens: &mut Vec<Token>,
        tagger: Option<&dyn Tagger>,
    ) -> LetterCounts {
        let piece = Piece {
            text,
            offset,
            tagger,
        };
        self.looked_up.clear();
        let mut lookups = Lookups::new();
        let segmentation = self.segmentation;
        let mut add = |start: usize, surface: &str| {
            lookups.push(self, piece, tokens, start, surface);
        };
        match segmentation {
            Segmentation::Fast => for_each_word(text, &mut add),
            Segmentation::Reference => for_each_word_reference(text, &mut add),
        }
        lookups.finish(self, piece, tokens)
    }

    /// Gives `tokens` of `text` (from an earlier generation) their word ids in this one.
    pub(crate) fn relabel(&mut self, text: &str, tokens: &mut [Token]) {
        let piece = Piece {
            text,
            offset: 0,
            tagger: None,
        };
        for token in tokens {
            let surface = piece.surface(token);
            token.word = self.intern(surface, &interner::Hashed::of(surface), None).0;
        }
    }

    /// The vocabulary entry of a token's word.
    pub fn word(&self, id: WordId) -> Word<'_> {
        match &self.shared {
            Some((words, _)) if id < self.own_base => words.entry(id).word(|r| words.form(r)),
            _ => self.vocabulary[id - self.own_base].word(|r| self.text.get(r).unwrap_or_default()),
        }
    }

    /// How the analyzer finds words.
    pub(crate) fn segmentation(&self) -> Segmentation {
        self.segmentation
    }

    /// Whether the analyzer shares a vocabulary with others ([`Analyzer::sharing`]).
    pub(crate) fn is_sharing(&self) -> bool {
        self.shared.is_some()
    }

    /// With a shared vocabulary, the words of the last piece analyzed that the cache of recent
    /// words did not answer: any word met for the first time since the last
    /// [`Analyzer::clear`] is among them (a word enters that cache only once looked up).
    pub(crate) fn looked_up(&self) -> &[WordId] {
        &self.looked_up
    }

    /// What the [`Tagger`] said of a word of the shared vocabulary, if one was asked.
    pub(crate) fn tags(&self, id: WordId) -> Option<u8> {
        match &self.shared {
            Some((words, _)) if id < self.own_base => {
                let tags = words.entry(id).tags;
                (tags & TAGGED != 0).then_some(tags & !TAGGED)
            }
            _ => None,
        }
    }

    /// Word ids are below this: the words seen since the last [`Analyzer::clear`], and with a
    /// shared vocabulary all of its words (those other workers added too).
    pub(crate) fn vocabulary_len(&self) -> usize {
        match &self.shared {
            Some((words, _)) if self.own_base == WordId::MAX => words.len(),
            _ => self.own_base + self.vocabulary.len(),
        }
    }

    /// Whether the vocabulary has grown past its limit and should be cleared between texts.
    pub(crate) fn is_full(&self) -> bool {
        self.vocabulary.len() >= VOCABULARY_LIMIT
            || self.index.bytes() >= BYTES_LIMIT
            || self.text.len() >= BYTES_LIMIT
    }

    /// Forgets every word of the analyzer's own; word ids handed out before are invalid
    /// afterwards (those of a shared vocabulary stay what they were, but the caller cannot tell
    /// them apart, so it forgets whatever it keeps by word id).
    pub fn clear(&mut self) {
        self.index.clear();
        self.vocabulary.clear();
        self.text = String::new();
        self.generation += 1;
    }

    /// How many times the vocabulary was cleared: word ids are only comparable within one
    /// generation, so a cache keyed by word id is stale when this changes.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The word's id and its meta ([`Entry::meta`]), analyzing it if it is new.
    #[inline]
    fn intern(
        &mut self,
        surface: &str,
        hashed: &interner::Hashed,
        tagger: Option<&dyn Tagger>,
    ) -> (WordId, u32) {
        if let Some((id, meta)) = self.index.recent(surface, hashed) {
            return (id as WordId, meta);
        }
        if let Some(found) = self.intern_shared(surface, hashed, tagger) {
            return found;
        }
        match self.index.get(surface, hashed) {
            Ok((id, meta)) => (id as WordId, meta),
            Err(probe) => {
                let id = self.own_base + self.vocabulary.len();
                let entry = self.new_word(surface, Destination::Own);
                let meta = entry.meta();
                self.vocabulary.push(entry);
                // Ids past the table's range stay unindexed: each occurrence is a new word.
                if let Some(id) = u32::try_from(id).ok().filter(|&id| id != u32::MAX) {
                    self.index.insert(surface, id, meta, probe);
                }
                (id, meta)
            }
        }
    }

    /// The word's id and meta in the shared vocabulary, adding it there if it is new and the
    /// vocabulary has room, tagged by `tagger`; `None` without one, or when the word is to be
    /// the analyzer's own.
    #[inline]
    fn intern_shared(
        &mut self,
        surface: &str,
        hashed: &interner::Hashed,
        tagger: Option<&dyn Tagger>,
    ) -> Option<(WordId, u32)> {
        let (words, table) = self.shared.as_ref()?;
        let (id, meta) = match words.find(table, surface, hashed) {
            Some(found) => found,
            None if self.own_base != WordId::MAX => return None,
            None => {
                let mut entry = self.new_word(surface, Destination::Shared);
                if let Some(tagger) = tagger {
                    let word = entry.word(|r| self.forms.get(r).unwrap_or_default());
                    entry.tags = TAGGED | tagger.tag(word);
                }
                let (words, table) = self.shared.as_mut()?;
                let word = shared::NewWord {
                    forms: &self.forms,
                    entry,
                };
                match words.insert(table, surface, hashed, &word) {
                    Some(found) => found,
                    None => {
                        self.own_base = words.len();
                        return None;
                    }
                }
            }
        };
        self.index.remember(surface, hashed, id, meta);
        Some((id as WordId, meta))
    }

    /// Normalizes and stems a new word, appending its forms to the analyzer's text, or for the
    /// shared vocabulary writing them from the start of `forms`.
    fn new_word(&mut self, surface: &str, destination: Destination) -> Entry {
        let shape = normalize_word(surface, &mut self.scratch);
        let normalized = &*self.scratch;
        let language = shape.script.map(Script::language);
        let stem = match language {
            Some(Language::Russian)
                if self
                    .wanted
                    .as_ref()
                    .is_some_and(|wanted| !wanted.starts(normalized)) =>
            {
                None
            }
            Some(language) => Some(self.stemmers.stem(language, normalized)),
            None => Some(Cow::Borrowed(normalized)),
        };
        let text = match destination {
            Destination::Own => &mut self.text,
            Destination::Shared => {
                self.forms.clear();
                &mut self.forms
            }
        };
        let surface = push(text, surface);
        let normalized_range = if normalized == &text[surface.clone()] {
            surface.clone()
        } else {
            push(text, normalized)
        };
        let stem = stem.map(|stem| {
            if normalized.starts_with(&*stem) {
                normalized_range.start..normalized_range.start + stem.len()
            } else {
                push(text, &stem)
            }
        });
        Entry::new(surface, normalized_range, stem, language, shape.letters)
    }
}

/// Where a new word's forms go.
#[derive(Clone, Copy)]
enum Destination {
    Own,
    Shared,
}

/// Appends `s` to `text`, returning where it lies.
fn push(text: &mut String, s: &str) -> Range<usize> {
    let start = text.len();
    text.push_str(s);
    start..text.len()
}

/// A piece of a longer text: its text, and where it starts in the longer one (token offsets
/// refer to the longer text).
#[derive(Clone, Copy)]
struct Piece<'t> {
    text: &'t str,
    offset: usize,
    tagger: Option<&'t dyn Tagger>,
}

impl<'t> Piece<'t> {
    fn surface(self, token: &Token) -> &'t str {
        self.text
            .get(token.start - self.offset..token.end - self.offset)
            .unwrap_or("")
    }
}

/// How many word lookups may wait for memory at once.
const AHEAD: usize = 8;

/// The word lookups of a piece's tokens that wait for memory, and the letters of the tokens
/// whose words are known.
///
/// Frequent words are answered by the interner's cache of recent words, which stays in the
/// CPU's cache. A rarer word is looked up in memory the CPU has not cached: its lookup starts
/// when the token is found and finishes [`AHEAD`] such lookups later, so the waits for memory
/// overlap instead of coming one after another. Lookups finish in token order, so a new word
/// is added before a later token of it is looked up.
struct Lookups {
    /// Tokens waiting for their word, oldest first: index and what the lookup computed.
    waiting: [(usize, interner::Hashed); AHEAD],
    oldest: usize,
    len: usize,
    letters: LetterCounts,
}

impl Lookups {
    fn new() -> Lookups {
        Lookups {
            waiting: [(0, interner::Hashed::default()); AHEAD],
            oldest: 0,
            len: 0,
            letters: LetterCounts::default(),
        }
    }

    /// Appends the token of `surface`, found at byte `start` of the piece, with its word if the
    /// cache of recent words knows it, and otherwise starts its lookup.
    #[inline]
    fn push(
        &mut self,
        analyzer: &mut Analyzer,
        piece: Piece,
        tokens: &mut Vec<Token>,
        start: usize,
        surface: &str,
    ) {
        let hashed = interner::Hashed::of(surface);
        let mut token = Token {
            start: piece.offset + start,
            end: piece.offset + start + surface.len(),
            word: 0,
        };
        match analyzer.index.recent(surface, &hashed) {
            Some((word, packed)) => {
                token.word = word as WordId;
                self.add_letters(packed);
            }
            None => {
                if self.len == AHEAD {
                    self.finish_oldest(analyzer, piece, tokens);
                }
                self.waiting[(self.oldest + self.len) % AHEAD] = (tokens.len(), hashed);
                self.len += 1;
                // The lookup started `ago` lookups before this one.
                let earlier = |ago: usize| {
                    let earlier = self.len.checked_sub(ago + 1)?;
                    Some(&self.waiting[(self.oldest + earlier) % AHEAD].1)
                };
                match &analyzer.shared {
                    Some((words, table)) => {
                        table.prefetch(&hashed);
                        // Slot, entry, then surface form, each once the one before has had
                        // time to arrive.
                        if let Some(hashed) = earlier(AHEAD / 2 - 1) {
                            words.prefetch_entry(table, hashed);
                        }
                        if let Some(hashed) = earlier(AHEAD - 2) {
                            words.prefetch_surface(table, hashed);
                        }
                    }
                    None => {
                        analyzer.index.prefetch(&hashed);
                        // The lookup started half the queue ago has had time to load its slot:
                        // start loading the record it points to.
                        if let Some(hashed) = earlier(AHEAD / 2) {
                            analyzer.index.prefetch_record(hashed);
                        }
                    }
                }
            }
        }
        tokens.push(token);
    }

    /// Finishes every waiting lookup, returning the letters of the piece's tokens.
    fn finish(
        mut self,
        analyzer: &mut Analyzer,
        piece: Piece,
        tokens: &mut [Token],
    ) -> LetterCounts {
        while self.len > 0 {
            self.finish_oldest(analyzer, piece, tokens);
        }
        self.letters
    }

    #[inline]
    fn finish_oldest(&mut self, analyzer: &mut Analyzer, piece: Piece, tokens: &mut [Token]) {
        let (index, hashed) = self.waiting[self.oldest];
        self.oldest = (self.oldest + 1) % AHEAD;
        self.len -= 1;
        let token = &mut tokens[index];
        let (word, packed) = analyzer.intern(piece.surface(token), &hashed, piece.tagger);
        token.word = word;
        if analyzer.shared.is_some() {
            analyzer.looked_up.push(word);
        }
        self.add_letters(packed);
    }

    #[inline]
    fn add_letters(&mut self, packed: u32) {
        let script = if packed & 1 == 1 {
            Script::Cyrillic
        } else {
            Script::Latin
        };
        self.letters.add(script, u64::from(packed >> 1));
    }
}

#[cfg(test)]
mod tests;

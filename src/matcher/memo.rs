//! The per-word memo: which terms each distinct word of the corpus satisfies, asked once per
//! word and remembered by the scanner, with one bit per word telling whether it can start a rule.
//!
//! What a word satisfies depends on the word alone, never on its neighbours: the memo never
//! decides a match, and is only ever extended or forgotten whole.

use super::{Matcher, Scanner, TermId};
use crate::analyze::{plain_surface, Tagger, Word};
use crate::lexicon::pattern::is_acronym;

impl Matcher {
    /// The terms a word satisfies, appended to `out`.
    fn classify(&self, word: Word, out: &mut Vec<TermId>) {
        if let Some(ids) = word.stem.and_then(|stem| self.stems.get(stem)) {
            out.extend(ids);
        }
        if let Some(ids) = self.exact.get(word.normalized) {
            out.extend(ids);
        }
        // Acronyms are compared in the word's plain form, so one written with hidden
        // characters or a look-alike letter of the other script (`OДКБ`) still counts. An
        // acronym has no small letter, and a word that starts with a basic small letter keeps
        // it first in its plain form, with or without a plural ending: most words are told so.
        if !starts_small(word.surface) {
            let mut plain = String::new();
            let surface = if plain_surface(word.surface, &mut plain) {
                &plain
            } else {
                word.surface
            };
            for form in acronym_forms(surface) {
                if let Some(ids) = self.acronyms.get(form) {
                    out.extend(ids);
                }
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

    /// A word's flags in `Scanner::starts_rule`, from the terms it satisfies.
    fn flags(&self, terms: &[TermId]) -> u64 {
        let starts = terms.iter().any(|&term| {
            self.rules_by_first_term
                .get(term as usize)
                .is_some_and(|rules| !rules.is_empty())
        });
        match (starts, terms.is_empty()) {
            (true, _) => STARTS_RULE | HAS_TERMS,
            (false, false) => HAS_TERMS,
            (false, true) => 0,
        }
    }
}

/// A word of a shared vocabulary is tagged with its flags once per run, so a scanner meeting
/// it classifies it only when it satisfies a term, which few words do.
impl Tagger for Matcher {
    fn tag(&self, word: Word<'_>) -> u8 {
        let mut terms = Vec::new();
        self.classify(word, &mut terms);
        self.flags(&terms) as u8
    }
}

/// Whether `word` starts with a basic Latin or Russian small letter (`a`–`z`, `а`–`я`), which
/// is its own plain form and a small letter, so no acronym form of the word can match.
#[inline]
fn starts_small(word: &str) -> bool {
    match word.as_bytes() {
        [b'a'..=b'z', ..] => true,
        // а–п are 0xD0 0xB0–0xBF, р–я 0xD1 0x80–0x8F.
        [0xD0, 0xB0..=0xBF, ..] | [0xD1, 0x80..=0x8F, ..] => true,
        _ => false,
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

impl Scanner<'_> {
    /// Forgets every word seen, keeping memory bounded on unbounded vocabularies.
    pub(super) fn forget_words(&mut self) {
        self.analyzer.clear();
        self.word_terms.clear();
        self.term_pool.clear();
        self.starts_rule.clear();
    }

    /// Classifies the words of the piece just analyzed that this scanner has not met before.
    ///
    /// Ids of the analyzer's own vocabulary are given in order and every one is met, so the
    /// new ones are those past the memo. Ids of a vocabulary shared by the run's workers run up
    /// to every word any of them has met, so a word is classified when this scanner meets it:
    /// among the words the analyzer looked up past its cache of recent words (a word that cache
    /// answers was looked up, and so classified, before).
    pub(super) fn classify_new_words(&mut self) {
        if !self.analyzer.is_sharing() {
            for id in self.word_terms.len()..self.analyzer.vocabulary_len() {
                self.classify_word(id);
            }
            return;
        }
        for at in 0..self.analyzer.looked_up().len() {
            let id = self.analyzer.looked_up()[at];
            self.classify_met(id);
        }
    }

    /// Classifies the words of all the tokens held, as after their words were forgotten.
    pub(super) fn classify_tokens(&mut self) {
        if !self.analyzer.is_sharing() {
            return self.classify_new_words();
        }
        for at in 0..self.tokens.len() {
            let id = self.tokens[at].word;
            self.classify_met(id);
        }
    }

    /// Classifies word `id` of a shared vocabulary unless the memo has it.
    #[inline]
    fn classify_met(&mut self, id: usize) {
        self.cover(id);
        if word_flags(&self.starts_rule, id) != UNKNOWN {
            return;
        }
        match self.analyzer.tags(id) {
            Some(0) => self.set_word(id, 0, self.term_pool.len()),
            _ => self.classify_word(id),
        }
    }

    /// Classifies word `id`, at or past the end of the memo or marked [`UNKNOWN`] in it.
    fn classify_word(&mut self, id: usize) {
        let start = self.term_pool.len();
        self.matcher
            .classify(self.analyzer.word(id), &mut self.term_pool);
        let flags = self.matcher.flags(&self.term_pool[start..]);
        self.set_word(id, flags, start);
    }

    /// Extends the memo to word `id`, the words added marked [`UNKNOWN`].
    #[inline]
    fn cover(&mut self, id: usize) {
        if id >= self.word_terms.len() {
            self.word_terms.resize(id + 1, UNKNOWN_TERMS);
            self.starts_rule
                .resize((id + 1).div_ceil(WORDS_PER_FLAGS), ALL_UNKNOWN);
        }
    }

    /// Records word `id`'s flags, and its terms as those of the term pool from `start` on.
    fn set_word(&mut self, id: usize, flags: u64, start: usize) {
        self.cover(id);
        let shift = 2 * (id % WORDS_PER_FLAGS);
        let word = &mut self.starts_rule[id / WORDS_PER_FLAGS];
        *word = (*word & !(3 << shift)) | flags << shift;
        self.word_terms[id] = to_u32(start)..to_u32(self.term_pool.len());
    }
}

/// A word's flags in `Scanner::starts_rule`, two bits a word: whether it can start a rule, and
/// whether it satisfies any term at all (a word that satisfies none continues no rule either).
/// A word that starts a rule satisfies a term, so [`UNKNOWN`], starting one without any term,
/// is free to mean a word not classified yet.
pub(super) const STARTS_RULE: u64 = 1;
pub(super) const HAS_TERMS: u64 = 2;
const UNKNOWN: u64 = STARTS_RULE;
const WORDS_PER_FLAGS: usize = 32;
/// A word of flags all [`UNKNOWN`].
const ALL_UNKNOWN: u64 = 0x5555_5555_5555_5555;
/// The terms of a word not classified yet (never read: its flags say so first).
const UNKNOWN_TERMS: std::ops::Range<u32> = 0..0;

/// The flags of `word` in `Scanner::starts_rule`.
#[inline(always)]
pub(super) fn word_flags(flags: &[u64], word: usize) -> u64 {
    (flags[word / WORDS_PER_FLAGS] >> (2 * (word % WORDS_PER_FLAGS))) & 3
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

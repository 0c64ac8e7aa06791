//! The per-word memo: which terms each distinct word of the corpus satisfies, asked once per
//! word and remembered by the scanner, with one bit per word telling whether it can start a rule.
//!
//! What a word satisfies depends on the word alone, never on its neighbours: the memo never
//! decides a match, and is only ever extended or forgotten whole.

use super::{Matcher, Scanner, TermId};
use crate::analyze::{plain_surface, Word};
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

    pub(super) fn classify_new_words(&mut self) {
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
            if id % WORDS_PER_FLAGS == 0 {
                self.starts_rule.push(0);
            }
            let flags = match (starts, self.term_pool.len() > start) {
                (true, _) => STARTS_RULE | HAS_TERMS,
                (false, true) => HAS_TERMS,
                (false, false) => 0,
            };
            self.starts_rule[id / WORDS_PER_FLAGS] |= flags << (2 * (id % WORDS_PER_FLAGS));
            let range = to_u32(start)..to_u32(self.term_pool.len());
            self.word_terms.push(range);
        }
    }
}

/// A word's flags in `Scanner::starts_rule`, two bits a word: whether it can start a rule, and
/// whether it satisfies any term at all (a word that satisfies none continues no rule either).
pub(super) const STARTS_RULE: u64 = 1;
pub(super) const HAS_TERMS: u64 = 2;
const WORDS_PER_FLAGS: usize = 32;

/// The flags of `word` in `Scanner::starts_rule`.
#[inline(always)]
pub(super) fn word_flags(flags: &[u64], word: usize) -> u64 {
    (flags[word / WORDS_PER_FLAGS] >> (2 * (word % WORDS_PER_FLAGS))) & 3
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

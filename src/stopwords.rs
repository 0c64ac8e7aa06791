//! The built-in English and Russian stop-word lists, for the `content` denominator: tokens that
//! are not function words. Russian has no articles and fewer auxiliaries, so the same statement
//! has fewer tokens in Russian than in English; content tokens leave function words out of the
//! denominator in both languages (the README reports how this works out on a parallel text).
//!
//! The lists are data (`stopwords/en.txt`, `stopwords/ru.txt`), compiled into the binary. Words
//! are looked up by their normalized form (lowercase, `ё` → `е`, `'` apostrophes).

use rustc_hash::FxHashSet;

use crate::analyze::Word;

const ENGLISH: &str = include_str!("../stopwords/en.txt");
const RUSSIAN: &str = include_str!("../stopwords/ru.txt");

/// A set of function words.
#[derive(Clone, Debug)]
pub struct StopWords {
    words: FxHashSet<&'static str>,
}

impl StopWords {
    /// The built-in English and Russian lists together.
    pub fn builtin() -> StopWords {
        let words = [ENGLISH, RUSSIAN]
            .into_iter()
            .flat_map(str::lines)
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect();
        StopWords { words }
    }

    /// Whether `word` is a function word.
    pub fn contains(&self, word: Word) -> bool {
        self.contains_normalized(word.normalized)
    }

    /// Whether a normalized word is a function word.
    pub(crate) fn contains_normalized(&self, normalized: &str) -> bool {
        self.words.contains(normalized)
    }

    /// Number of words in the lists.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the lists hold no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analyzer;

    #[test]
    fn function_words_of_both_languages() {
        let stop = StopWords::builtin();
        let mut analyzer = Analyzer::new();
        let mut tokens = Vec::new();
        for (surface, expected) in [
            ("The", true),
            ("of", true),
            ("don’t", true),
            ("terrorism", false),
            ("и", true),
            ("Её", true),
            ("в", true),
            ("терроризм", false),
        ] {
            analyzer.analyze(surface, &mut tokens);
            let word = analyzer.word(tokens[0].word);
            assert_eq!(stop.contains(word), expected, "{surface}");
        }
        assert!(stop.len() > 300);
    }

    #[test]
    fn lists_are_normalized_and_unique() {
        for list in [ENGLISH, RUSSIAN] {
            let mut seen = FxHashSet::default();
            for word in list
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
            {
                assert_eq!(word, word.trim().to_lowercase().replace('ё', "е"), "{word}");
                assert!(seen.insert(word), "{word} twice");
            }
        }
    }
}

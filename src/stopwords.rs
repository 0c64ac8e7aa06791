//! The built-in English and Russian stop-word lists, for the `content` denominator: tokens that
//! are not function words. Russian has no articles and fewer auxiliaries, so the same statement
//! has fewer tokens in Russian than in English; content tokens leave function words out of the
//! denominator in both languages (the README reports how this works out on a parallel text).
//!
//! The lists are data (`stopwords/en.txt`, `stopwords/ru.txt`), compiled into the binary. Words
//! are looked up by their normalized form (lowercase, `ё` → `е`, `'` apostrophes).
//!
//! A user's list (`analyze --stopwords FILE`) replaces both: one word a line, in either language,
//! `#` starting a comment line, in any encoding a lexicon file may have. Its words are normalized
//! as the text is, and a line that is not one word is refused with its line.

use std::path::Path;

use rustc_hash::FxHashSet;
use serde::{Serialize, Serializer};

use crate::analyze::{Analyzer, Word};
use crate::error::{Error, LexiconError};

const ENGLISH: &str = include_str!("../stopwords/en.txt");
const RUSSIAN: &str = include_str!("../stopwords/ru.txt");

/// A set of function words, and the file it came from when it is not the built-in lists. It
/// serializes as that file's record (see [`StopWordsFile`]), or `null` for the built-in lists.
#[derive(Clone, Debug)]
pub struct StopWords {
    words: FxHashSet<Box<str>>,
    file: Option<StopWordsFile>,
}

/// Where a user's stop-word list came from, as a manifest records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StopWordsFile {
    /// The file as given.
    pub path: String,
    /// BLAKE3 of its bytes, in hex.
    pub hash: String,
    /// How many distinct words it holds.
    pub words: usize,
}

/// The lines of a list that hold a word: not blank, not a `#` comment; with their 1-based line.
fn listed(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

impl StopWords {
    /// The built-in English and Russian lists together.
    pub fn builtin() -> StopWords {
        let words = [ENGLISH, RUSSIAN]
            .into_iter()
            .flat_map(listed)
            .map(|(_, word)| word.into())
            .collect();
        StopWords { words, file: None }
    }

    /// The user's list at `path`, in place of the built-in ones.
    pub fn from_file(path: &Path) -> Result<StopWords, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let file = path.display().to_string();
        let text = crate::lexicon::read::decode_lexicon(&file, &bytes)?.text;
        let mut analyzer = Analyzer::new();
        let mut tokens = Vec::new();
        let mut words = FxHashSet::default();
        for (line, text) in listed(&text) {
            analyzer.analyze(text, &mut tokens);
            match tokens.as_slice() {
                [token] => {
                    words.insert(analyzer.word(token.word).normalized.into());
                }
                _ => {
                    return Err(LexiconError::in_file(
                        file,
                        Some(line),
                        format!("a stop-word list has one word a line: `{text}`"),
                    )
                    .into())
                }
            }
        }
        let file = StopWordsFile {
            path: file,
            hash: blake3::hash(&bytes).to_hex().to_string(),
            words: words.len(),
        };
        Ok(StopWords {
            words,
            file: Some(file),
        })
    }

    /// The user's file the words came from; `None` for the built-in lists.
    pub fn file(&self) -> Option<&StopWordsFile> {
        self.file.as_ref()
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

impl Serialize for StopWords {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.file.serialize(serializer)
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
    fn a_users_list_is_normalized_and_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stop.txt");
        let text = "\u{feff}# ours\r\nThe\r\n\r\nЁЖ\r\nthe\n";
        std::fs::write(&path, text).unwrap();
        let stop = StopWords::from_file(&path).unwrap();
        assert!(stop.contains_normalized("the") && stop.contains_normalized("еж"));
        assert!(!stop.contains_normalized("of"));
        let file = stop.file().unwrap();
        assert_eq!(file.words, 2);
        assert_eq!(
            file.hash,
            blake3::hash(text.as_bytes()).to_hex().to_string()
        );
        std::fs::write(&path, "the\nof the\n").unwrap();
        let err = StopWords::from_file(&path).unwrap_err().to_string();
        assert!(
            err.contains("stop.txt:2") && err.contains("`of the`"),
            "{err}"
        );
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

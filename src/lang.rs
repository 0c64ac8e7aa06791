//! Languages and scripts.
//!
//! ctlex knows two languages, English and Russian. A word is stemmed by the language of its own
//! script (Latin or Cyrillic), so a Russian statement that quotes "ISIL" still stems that word as
//! English. This module maps our own [`Language`] onto `rust_stemmers`, so the stemming library never
//! appears in the public API. It must never guess a language from anything but letters.

use std::fmt;

/// A language ctlex can analyze.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// English.
    English,
    /// Russian.
    Russian,
}

impl Language {
    /// Both languages, in code order.
    pub(crate) const ALL: [Language; 2] = [Language::English, Language::Russian];

    /// The ISO 639-1 code used in metadata, lexicons and reports.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Russian => "ru",
        }
    }

    /// Reads a language from metadata: ISO 639-1/639-2 codes or names, in either language.
    pub(crate) fn from_code(value: &str) -> Option<Language> {
        match value.trim().to_lowercase().as_str() {
            "en" | "eng" | "english" | "английский" => Some(Language::English),
            "ru" | "rus" | "russian" | "русский" => Some(Language::Russian),
            _ => None,
        }
    }

    /// The script whose letters this language is written in.
    pub(crate) fn script(self) -> Script {
        match self {
            Language::English => Script::Latin,
            Language::Russian => Script::Cyrillic,
        }
    }

    pub(crate) fn stemmer(self) -> rust_stemmers::Stemmer {
        rust_stemmers::Stemmer::create(match self {
            Language::English => rust_stemmers::Algorithm::English,
            Language::Russian => rust_stemmers::Algorithm::Russian,
        })
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The script of a letter, as far as ctlex cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Script {
    Latin,
    Cyrillic,
}

impl Script {
    /// The script of `c`, or `None` for digits, punctuation and letters of other scripts.
    pub(crate) fn of(c: char) -> Option<Script> {
        match c {
            'a'..='z' | 'A'..='Z' => Some(Script::Latin),
            // Basic Cyrillic: every character of U+0400–U+045F is a letter.
            '\u{0400}'..='\u{045F}' => Some(Script::Cyrillic),
            '\u{0400}'..='\u{052F}'
            | '\u{1C80}'..='\u{1C8F}'
            | '\u{2DE0}'..='\u{2DFF}'
            | '\u{A640}'..='\u{A69F}'
                if c.is_alphabetic() =>
            {
                Some(Script::Cyrillic)
            }
            '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' if c.is_alphabetic() => {
                Some(Script::Latin)
            }
            _ => None,
        }
    }

    /// The language whose stemmer handles words of this script.
    pub(crate) fn language(self) -> Language {
        match self {
            Script::Latin => Language::English,
            Script::Cyrillic => Language::Russian,
        }
    }
}

/// Letters counted per script, to find a text's dominant language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LetterCounts {
    pub(crate) latin: u64,
    pub(crate) cyrillic: u64,
}

impl LetterCounts {
    pub(crate) fn add(&mut self, script: Script, letters: u64) {
        match script {
            Script::Latin => self.latin += letters,
            Script::Cyrillic => self.cyrillic += letters,
        }
    }

    /// The language with more letters; `None` when the text has no Latin or Cyrillic letter.
    /// A tie goes to Russian: a Russian text quoting English names is the commoner case.
    pub fn dominant(self) -> Option<Language> {
        match (self.latin, self.cyrillic) {
            (0, 0) => None,
            (latin, cyrillic) if cyrillic >= latin => Some(Language::Russian),
            _ => Some(Language::English),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts() {
        for (c, want) in [
            ('a', Some(Script::Latin)),
            ('É', Some(Script::Latin)),
            ('ж', Some(Script::Cyrillic)),
            ('Ё', Some(Script::Cyrillic)),
            ('7', None),
            ('-', None),
            ('ع', None),
        ] {
            assert_eq!(Script::of(c), want, "{c}");
        }
    }

    #[test]
    fn codes() {
        assert_eq!(Language::from_code(" RU "), Some(Language::Russian));
        assert_eq!(Language::from_code("English"), Some(Language::English));
        assert_eq!(Language::from_code("fr"), None);
    }

    #[test]
    fn dominant_language() {
        let counts = |latin, cyrillic| LetterCounts { latin, cyrillic };
        assert_eq!(counts(0, 0).dominant(), None);
        assert_eq!(counts(10, 3).dominant(), Some(Language::English));
        assert_eq!(counts(3, 10).dominant(), Some(Language::Russian));
        assert_eq!(counts(5, 5).dominant(), Some(Language::Russian));
    }
}

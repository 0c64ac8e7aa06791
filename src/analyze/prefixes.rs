//! A set of strings asked whether a word starts with one of them.
//!
//! The analyzer uses it to leave unstemmed the Russian words whose stem cannot be a wanted one,
//! and the matcher to skip the prefix lookups of words that start no prefix term: both run once
//! per new word, and on a Russian corpus most words are new to a worker at some point.

use aho_corasick::{AhoCorasick, Anchored, Input, StartKind};

/// Strings, compiled into an anchored Aho–Corasick automaton: a word is read once, however many
/// strings there are.
#[derive(Clone, Debug, Default)]
pub(crate) struct PrefixSet {
    automaton: Automaton,
}

#[derive(Clone, Debug, Default)]
enum Automaton {
    #[default]
    Empty,
    Compiled(AhoCorasick),
    /// Too large to compile: every word may start with one of the strings, which is only slower.
    TooLarge,
}

impl PrefixSet {
    /// The set of `strings` (an empty string is a prefix of every word).
    pub(crate) fn new<'a>(strings: impl IntoIterator<Item = &'a str>) -> PrefixSet {
        let strings: Vec<&str> = strings.into_iter().collect();
        if strings.is_empty() {
            return PrefixSet::default();
        }
        let automaton = match AhoCorasick::builder()
            .start_kind(StartKind::Anchored)
            .build(strings)
        {
            Ok(automaton) => Automaton::Compiled(automaton),
            Err(_) => Automaton::TooLarge,
        };
        PrefixSet { automaton }
    }

    /// Whether `word` starts with one of the strings.
    #[inline]
    pub(crate) fn starts(&self, word: &str) -> bool {
        match &self.automaton {
            Automaton::Empty => false,
            Automaton::Compiled(automaton) => {
                automaton.is_match(Input::new(word).anchored(Anchored::Yes))
            }
            Automaton::TooLarge => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_prefixes_only() {
        let set = PrefixSet::new(["террорист", "мир", "ИГ", "fight", "cell"]);
        for word in [
            "террористы",
            "террорист",
            "мирный",
            "ИГИЛ",
            "fighters",
            "cell",
        ] {
            assert!(set.starts(word), "{word}");
        }
        for word in [
            "террор",
            "терпение",
            "ми",
            "иг",
            "cel",
            "",
            "afighter",
            "and",
        ] {
            assert!(!set.starts(word), "{word}");
        }
        assert!(!PrefixSet::new([]).starts("anything"));
        assert!(PrefixSet::new([""]).starts("anything"));
    }

    proptest! {
        #[test]
        fn agrees_with_starts_with(
            strings in proptest::collection::vec("[абвтер]{0,6}|[ab]{1,8}", 0..8),
            word in "[абвтерab]{0,12}",
        ) {
            let set = PrefixSet::new(strings.iter().map(String::as_str));
            let expected = strings.iter().any(|s| word.starts_with(s.as_str()));
            prop_assert_eq!(set.starts(&word), expected);
        }
    }
}

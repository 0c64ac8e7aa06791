//! The entry syntax: one line of a lexicon parsed into a [`Pattern`].
//!
//! - `word` — every inflection sharing the word's Snowball stem;
//! - `word*` — a prefix of the normalized surface form;
//! - `SCO`, `ОДКБ` (capitals) — an acronym, matched case-sensitively on the surface form;
//! - `several words` — consecutive tokens of one clause, each by the rules above; hyphenated
//!   words are split the way text is, so `counter-terrorism` is the two words `counter terrorism`;
//!   a comma written after a word (`условия, способствующие`) lets the entry match across a
//!   clause mark there, within the sentence;
//! - `a NEAR/n b` — `a` counts only when `b` occurs within `n` tokens of it;
//! - `/regex/` — a regular expression over the normalized text, always a whole entry (never
//!   among words nor beside `NEAR/n`), and never one that can match the empty string.
//!
//! Parsing checks syntax only; stemming happens when a lexicon is compiled into a matcher.

pub use super::expression::Expression;
use crate::analyze;

/// Why a `/regex/` written among words, or beside `NEAR/n`, is refused.
const REGEX_STANDS_ALONE: &str = "a regular expression is a whole entry, /like this/: it cannot \
     stand among words or on either side of NEAR/n, which takes words (with `*` for a prefix) on \
     both sides";

/// Largest `n` accepted in `NEAR/n`.
pub(crate) const MAX_NEAR: usize = 1000;

/// One word of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// Matches words with the same stem as this word (as written; stemmed at compile time).
    Word(String),
    /// Matches normalized surface forms starting with this (normalized) prefix.
    Prefix(String),
    /// Matches this exact surface form; Latin acronyms also match their plural and possessive.
    Acronym(String),
}

/// A parsed lexicon entry.
#[derive(Clone, Debug)]
pub enum Pattern {
    /// Consecutive tokens.
    Sequence(Vec<Term>),
    /// `anchor` counts only when `context` occurs within `window` tokens of it.
    Near {
        /// The words that count, written before `NEAR/n`.
        anchor: Vec<Term>,
        /// The words that must occur nearby, written after `NEAR/n`.
        context: Vec<Term>,
        /// The `n` of `NEAR/n`: how many tokens away `context` may be.
        window: usize,
    },
    /// A regular expression over the normalized statement text (as UTF-8 bytes, which is how
    /// the matcher runs it).
    Regex(Expression),
}

impl Pattern {
    /// Parses one entry. The error message does not repeat the entry.
    pub fn parse(source: &str) -> Result<Pattern, String> {
        let source = source.trim();
        if source.is_empty() {
            return Err("empty entry".into());
        }
        let pieces: Vec<&str> = source.split_whitespace().collect();
        let has_near = pieces.iter().any(|p| p.starts_with("NEAR/"));
        if let Some(body) = source.strip_prefix('/') {
            if has_near || (pieces.len() > 1 && pieces[0].len() > 1 && pieces[0].ends_with('/')) {
                return Err(REGEX_STANDS_ALONE.into());
            }
            let body = body
                .strip_suffix('/')
                .filter(|body| !body.is_empty())
                .ok_or("a regular expression must be written /like this/")?;
            return Expression::new(body).map(Pattern::Regex);
        }
        if pieces.iter().any(|p| p.len() > 1 && p.starts_with('/')) {
            return Err(REGEX_STANDS_ALONE.into());
        }
        let near: Vec<usize> = pieces
            .iter()
            .enumerate()
            .filter(|(_, p)| p.starts_with("NEAR/"))
            .map(|(i, _)| i)
            .collect();
        match near[..] {
            [] => Ok(Pattern::Sequence(terms(&pieces)?)),
            [at] => {
                let window = pieces[at]["NEAR/".len()..]
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_NEAR).contains(n))
                    .ok_or_else(|| format!("NEAR needs a distance from 1 to {MAX_NEAR}: NEAR/5"))?;
                let (anchor, context) = (&pieces[..at], &pieces[at + 1..]);
                if anchor.is_empty() || context.is_empty() {
                    return Err("NEAR needs words on both sides: `cell NEAR/5 terrorist`".into());
                }
                Ok(Pattern::Near {
                    anchor: terms(anchor)?,
                    context: terms(context)?,
                    window,
                })
            }
            _ => Err("only one NEAR per entry".into()),
        }
    }
}

/// The gaps of a sequence (or of a `NEAR` entry's anchor) where the entry is written with a
/// comma, which lets it match across a clause mark there: bit `i` is the gap after term `i`.
pub(crate) fn comma_gaps(source: &str) -> u64 {
    // Most entries have no comma: their words need not be found here.
    if !source.contains(',') {
        return 0;
    }
    let mut gaps = 0;
    let mut terms = 0;
    for piece in source.split_whitespace() {
        if piece.starts_with("NEAR/") {
            break;
        }
        let word = piece.trim_end_matches(',').trim_end_matches('*');
        terms += analyze::words(word).count();
        if piece.ends_with(',') && (1..=64).contains(&terms) {
            gaps |= 1 << (terms - 1);
        }
    }
    gaps
}

/// Whether a written word is an acronym: two or more characters, at least one capital letter
/// and no lowercase letter (`SCO`, `ОДКБ`, `G20`).
pub(crate) fn is_acronym(word: &str) -> bool {
    word.chars().count() >= 2
        && word.chars().any(char::is_uppercase)
        && !word.chars().any(char::is_lowercase)
}

fn terms(pieces: &[&str]) -> Result<Vec<Term>, String> {
    let mut terms = Vec::new();
    for piece in pieces {
        let piece = piece.strip_suffix(',').unwrap_or(piece);
        let (word, prefix) = match piece.strip_suffix('*') {
            Some(word) => (word, true),
            None => (piece, false),
        };
        if word.contains('*') {
            return Err(format!(
                "`*` may only end a word, as in `terror*`: `{piece}`"
            ));
        }
        let parts: Vec<(usize, &str)> = analyze::words(word).collect();
        let Some(&(last_start, last)) = parts.last() else {
            return Err(format!("`{piece}` has no letter or digit"));
        };
        if prefix && last_start + last.len() != word.len() {
            return Err(format!("`*` must follow a letter or digit: `{piece}`"));
        }
        for (i, &(_, part)) in parts.iter().enumerate() {
            terms.push(if prefix && i + 1 == parts.len() {
                let mut normalized = String::new();
                analyze::normalize_word(part, &mut normalized);
                Term::Prefix(normalized)
            } else if is_acronym(part) {
                Term::Acronym(part.to_string())
            } else {
                Term::Word(part.to_string())
            });
        }
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sequence(source: &str) -> Vec<Term> {
        match Pattern::parse(source) {
            Ok(Pattern::Sequence(terms)) => terms,
            other => panic!("{source}: {other:?}"),
        }
    }

    fn word(w: &str) -> Term {
        Term::Word(w.into())
    }

    #[test]
    fn parses_words_prefixes_and_acronyms() {
        assert_eq!(sequence("fighter"), [word("fighter")]);
        assert_eq!(sequence("Радикализ*"), [Term::Prefix("радикализ".into())]);
        assert_eq!(sequence("RATS"), [Term::Acronym("RATS".into())]);
        assert_eq!(sequence("ОДКБ"), [Term::Acronym("ОДКБ".into())]);
        assert_eq!(sequence("Taliban"), [word("Taliban")]);
        assert_eq!(sequence("sleeper  cell"), [word("sleeper"), word("cell")]);
    }

    #[test]
    fn hyphenated_entries_split_like_text() {
        assert_eq!(
            sequence("counter-terrorism"),
            [word("counter"), word("terrorism")]
        );
        assert_eq!(
            sequence("боевики-террор*"),
            [word("боевики"), Term::Prefix("террор".into())]
        );
        assert_eq!(
            sequence("ISIL-Khorasan"),
            [Term::Acronym("ISIL".into()), word("Khorasan")]
        );
    }

    #[test]
    fn commas_mark_the_gaps_a_sequence_may_cross() {
        assert_eq!(
            sequence("услови*, способствующ*"),
            [
                Term::Prefix("услови".into()),
                Term::Prefix("способствующ".into())
            ]
        );
        assert_eq!(comma_gaps("услови*, способствующ*"), 0b1);
        assert_eq!(comma_gaps("боевики-террористы, вернувшиеся домой"), 0b10);
        assert_eq!(comma_gaps("a b, c NEAR/3 d, e"), 0b10);
        assert_eq!(comma_gaps("human rights"), 0);
    }

    #[test]
    fn parses_near() {
        match Pattern::parse("sleeper cell NEAR/5 terror*").unwrap() {
            Pattern::Near {
                anchor,
                context,
                window,
            } => {
                assert_eq!(anchor, [word("sleeper"), word("cell")]);
                assert_eq!(context, [Term::Prefix("terror".into())]);
                assert_eq!(window, 5);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_regex() {
        assert!(matches!(
            Pattern::parse(r"/resolution\s+2396/"),
            Ok(Pattern::Regex(_))
        ));
    }

    #[test]
    fn rejects_bad_entries() {
        for (source, message) in [
            ("", "empty"),
            ("  ", "empty"),
            ("*", "no letter"),
            ("ter*ror", "may only end"),
            ("terror-*", "must follow"),
            ("--", "no letter"),
            ("cell NEAR/0 terror", "distance"),
            ("cell NEAR/x terror", "distance"),
            ("NEAR/5 terror", "both sides"),
            ("cell NEAR/5", "both sides"),
            ("a NEAR/2 b NEAR/3 c", "only one"),
            ("/(unclosed/", "invalid regular"),
            ("//", "/like this/"),
            ("/open", "/like this/"),
            ("cell NEAR/5 /terror.*/", "whole entry"),
            ("/terror/ NEAR/5 cell", "whole entry"),
            ("/terror/ cell", "whole entry"),
            ("sleeper /cells?/", "whole entry"),
            ("/a NEAR/5 b/", "whole entry"),
            ("/(terror)?/", "empty string"),
            (r"/\b/", "empty string"),
            ("/x*|fighter/", "empty string"),
        ] {
            match Pattern::parse(source) {
                Err(e) => assert!(e.contains(message), "{source:?}: {e}"),
                Ok(p) => panic!("{source:?} parsed as {p:?}"),
            }
        }
    }
}

//! `/regex/` entries: compiling them, refusing those that can match the empty string, and
//! telling what the normalized text lets them match.
//!
//! A regular expression runs over a statement's normalized text (the matcher's folded text):
//! lowercase, `ё` as `е`, typographic apostrophes as `'`,
//! invisible characters removed, ligatures and fullwidth letters as plain ones. So a part that
//! needs a character the normalized text never holds (a capital, `ё`) can never match, and a
//! match that holds no letter or digit stands on no word. [`Expression::reach`] tells both, for
//! the lint; an expression that can match the empty string would count a hit at every place it
//! does, and is refused here, wherever the lexicon is compiled.

use std::fmt;
use std::sync::{Arc, OnceLock};

use regex_automata::{meta, nfa::thompson::WhichCaptures, util::syntax, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

use crate::analyze::FoldedText;

/// Largest compiled size of one expression.
const SIZE_LIMIT: usize = 1 << 22;
/// Memory for the lazy DFA of one expression written in ASCII, per worker (forward and reverse
/// each). A regex is searched only in short spans around its literals, which need few states: at
/// 64 KB the bundled lexicons' regexes take 2.6 MB of caches a worker over the General Debate
/// sessions (7 MB at 256 KB), and the run executes fewer instructions. An expression with other
/// characters (Russian ones) gets twice as much: its letters take two bytes each, so the same
/// text takes about twice the states, and at 64 KB its caches filled and were cleared often
/// enough on Russian literature to cost 6% of the run.
const DFA_CACHE: usize = 64 << 10;

/// Characters of a class range looked at before it is taken to hold a character the normalized
/// text can have (ranges that long are never made of capitals alone).
const RANGE_LOOK: u32 = 1 << 16;

/// A `/regex/` entry: parsed and checked when it is read, compiled when first needed.
///
/// Compiling is most of the cost of loading the bundled lexicons (a Unicode `\w` alone is
/// hundreds of automaton states), and most runs need few of their regexes: the matcher looks for
/// a regex's literals first (see `matcher/regexes.rs`). Clones share the syntax tree and the
/// compiled regex.
#[derive(Clone, Debug)]
pub struct Expression {
    pattern: Box<str>,
    hir: Arc<Hir>,
    /// Matches bytes (the folded text is not validated again), with the same configuration
    /// `regex::bytes::Regex` has; a search can be held to a span of the text and still look
    /// around it.
    compiled: Arc<OnceLock<Result<meta::Regex, String>>>,
}

impl Expression {
    /// Compiles the expression written between the slashes. The error message does not repeat
    /// the entry.
    pub(crate) fn new(body: &str) -> Result<Expression, String> {
        let hir = syntax::parse_with(body, &syntax_config())
            .map_err(|e| format!("invalid regular expression: {e}"))?;
        if hir.properties().minimum_len() == Some(0) {
            return Err(
                "this regular expression can match the empty string, which would count \
                 a hit wherever it does: make every way through it take at least one character \
                 (`/terror\\w*/`, not `/(terror)?/`)"
                    .into(),
            );
        }
        Ok(Expression {
            pattern: body.into(),
            hir: Arc::new(hir),
            compiled: Arc::default(),
        })
    }

    /// The compiled regex, compiled by the first caller. It fails only when the expression is
    /// too large to compile.
    pub(crate) fn regex(&self) -> Result<&meta::Regex, String> {
        let compiled = self.compiled.get_or_init(|| {
            meta::Builder::new()
                .configure(
                    meta::Config::new()
                        .match_kind(MatchKind::LeftmostFirst)
                        .utf8_empty(false)
                        .nfa_size_limit(Some(SIZE_LIMIT))
                        .hybrid_cache_capacity(dfa_cache(&self.pattern))
                        // Only where a match starts and ends is wanted: the PikeVM keeps no
                        // slots for the groups, which took most of its cache on regexes with a
                        // few groups and Unicode classes.
                        .which_captures(WhichCaptures::Implicit)
                        // Where the lazy DFA gives up (a non-ASCII letter beside a Unicode
                        // `\b`), the PikeVM takes over: the backtracker's bitset of visited
                        // states grew to 256 KB per regex and worker, for no gain in time.
                        .backtrack(false),
                )
                .build_from_hir(&self.hir)
                .map_err(|e| format!("invalid regular expression: {}", Invalid(&e)))
        });
        compiled.as_ref().map_err(Clone::clone)
    }

    /// The expression's syntax tree.
    pub(crate) fn hir(&self) -> &Hir {
        &self.hir
    }

    /// The expression as written between the slashes.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// What the normalized text lets the expression match.
    pub fn reach(&self) -> Reach {
        let hir = &self.hir;
        let mut walk = Walk::default();
        let can = walk.can(hir);
        Reach {
            never: (!can.matches).then(|| walk.culprit(hir)).flatten(),
            dead_part: can.matches.then_some(walk.dead_part).flatten(),
            no_word: can.matches && !can.word,
            may_miss_words: can.matches && can.word && can.no_word,
        }
    }
}

/// A failure to compile, worded as `regex` words it.
struct Invalid<'a>(&'a meta::BuildError);

impl fmt::Display for Invalid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0.size_limit(), self.0.syntax_error()) {
            (Some(limit), _) => write!(f, "Compiled regex exceeds size limit of {limit} bytes."),
            (None, Some(error)) => write!(f, "{error}"),
            (None, None) => write!(f, "{}", self.0),
        }
    }
}

/// How `regex::bytes` parses an expression.
fn syntax_config() -> syntax::Config {
    syntax::Config::new().utf8(false)
}

/// The lazy DFA cache of the regex `pattern`, per worker and direction (see [`DFA_CACHE`]).
fn dfa_cache(pattern: &str) -> usize {
    if pattern.is_ascii() {
        DFA_CACHE
    } else {
        2 * DFA_CACHE
    }
}

/// What an [`Expression`] can match in normalized text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// What every match needs and the normalized text never holds, when there is such a thing:
    /// the expression never matches. `[]` for a class that holds no character at all.
    pub never: Option<String>,
    /// A part that can never match (an alternative, or an optional part), while the rest can.
    pub dead_part: Option<String>,
    /// Every match holds no letter or digit: its hits stand on no word.
    pub no_word: bool,
    /// Some matches hold a letter or digit, and some hold none.
    pub may_miss_words: bool,
}

/// What a piece of an expression can match: anything at all, text with a letter or digit, text
/// without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Can {
    matches: bool,
    word: bool,
    no_word: bool,
}

impl Can {
    const NOTHING: Can = Can {
        matches: false,
        word: false,
        no_word: false,
    };
    const ANYTHING: Can = Can {
        matches: true,
        word: true,
        no_word: true,
    };
    /// Only the empty string (an assertion, zero repetitions).
    const EMPTY: Can = Can {
        matches: true,
        word: false,
        no_word: true,
    };
}

/// A walk over an expression's syntax tree, folding characters as the normalized text is.
#[derive(Default)]
struct Walk {
    folded: FoldedText,
    buffer: String,
    /// The first part found that can never match.
    dead_part: Option<String>,
}

impl Walk {
    /// Whether the normalized text can hold `c`: whether folding leaves it as it is.
    fn kept(&mut self, c: char) -> bool {
        self.buffer.clear();
        self.buffer.push(c);
        self.folded.fold(&self.buffer);
        self.folded.as_bytes() == self.buffer.as_bytes()
    }

    fn can(&mut self, hir: &Hir) -> Can {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => Can::EMPTY,
            HirKind::Literal(literal) => {
                let mut word = false;
                for chunk in literal.0.utf8_chunks() {
                    for c in chunk.valid().chars() {
                        if !self.kept(c) {
                            return Can::NOTHING;
                        }
                        word |= c.is_alphanumeric();
                    }
                }
                Can {
                    matches: true,
                    word,
                    no_word: !word,
                }
            }
            HirKind::Class(class) => self.class(class),
            HirKind::Repetition(repetition) => {
                if repetition.max == Some(0) {
                    return Can::EMPTY;
                }
                let sub = self.can(&repetition.sub);
                if !sub.matches && repetition.min == 0 {
                    self.dead(&repetition.sub);
                }
                let optional = repetition.min == 0;
                Can {
                    matches: sub.matches || optional,
                    word: sub.word,
                    no_word: sub.no_word || optional,
                }
            }
            HirKind::Capture(capture) => self.can(&capture.sub),
            HirKind::Concat(parts) => {
                let cans: Vec<Can> = parts.iter().map(|part| self.can(part)).collect();
                let matches = cans.iter().all(|c| c.matches);
                Can {
                    matches,
                    word: matches && cans.iter().any(|c| c.word),
                    no_word: matches && cans.iter().all(|c| c.no_word),
                }
            }
            HirKind::Alternation(branches) => {
                let mut can = Can::NOTHING;
                for branch in branches {
                    let one = self.can(branch);
                    if !one.matches {
                        self.dead(branch);
                    }
                    can.matches |= one.matches;
                    can.word |= one.word;
                    can.no_word |= one.no_word;
                }
                can
            }
        }
    }

    fn class(&mut self, class: &Class) -> Can {
        let mut can = Can::NOTHING;
        let see = |can: &mut Can, kept: bool, word: bool| {
            can.matches |= kept;
            can.word |= kept && word;
            can.no_word |= kept && !word;
            can.word && can.no_word
        };
        match class {
            Class::Unicode(class) => {
                for range in class.ranges() {
                    let (start, end) = (u32::from(range.start()), u32::from(range.end()));
                    if end - start >= RANGE_LOOK {
                        // Never capitals alone: say it holds both kinds.
                        return Can::ANYTHING;
                    }
                    for c in (start..=end).filter_map(char::from_u32) {
                        let kept = self.kept(c);
                        if see(&mut can, kept, c.is_alphanumeric()) {
                            return can;
                        }
                    }
                }
            }
            Class::Bytes(class) => {
                for range in class.ranges() {
                    for b in range.start()..=range.end() {
                        if !b.is_ascii() {
                            // A piece of a character: take it as possible, of either kind.
                            return Can::ANYTHING;
                        }
                        if see(&mut can, !b.is_ascii_uppercase(), b.is_ascii_alphanumeric()) {
                            return can;
                        }
                    }
                }
            }
        }
        can
    }

    /// Notes `hir` as a part that can never match, if it is the first.
    fn dead(&mut self, hir: &Hir) {
        if self.dead_part.is_none() {
            self.dead_part = self.culprit(hir).map(|_| Shown(hir).to_string());
        }
    }

    /// What makes `hir` unable to match: the first character or class that the normalized text
    /// never holds, along a way every match takes.
    fn culprit(&mut self, hir: &Hir) -> Option<String> {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => None,
            HirKind::Literal(literal) => literal
                .0
                .utf8_chunks()
                .flat_map(|chunk| chunk.valid().chars())
                .find(|&c| !self.kept(c))
                .map(String::from),
            HirKind::Class(class) if class.is_empty() => Some(String::from("[]")),
            HirKind::Class(class) => (!self.class(class).matches).then(|| Shown(hir).to_string()),
            HirKind::Repetition(repetition) if repetition.min > 0 => self.culprit(&repetition.sub),
            HirKind::Repetition(_) => None,
            HirKind::Capture(capture) => self.culprit(&capture.sub),
            HirKind::Concat(parts) => parts.iter().find_map(|part| self.culprit(part)),
            HirKind::Alternation(branches) => {
                let all: Option<Vec<String>> =
                    branches.iter().map(|branch| self.culprit(branch)).collect();
                all.and_then(|all| all.into_iter().next())
            }
        }
    }
}

/// A part of an expression as a reader would write it: a literal as its text, anything else as
/// the syntax tree renders it, without the groups around it.
struct Shown<'a>(&'a Hir);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut hir = self.0;
        while let HirKind::Capture(capture) = hir.kind() {
            hir = &capture.sub;
        }
        match hir.kind() {
            HirKind::Literal(literal) => f.write_str(&String::from_utf8_lossy(&literal.0)),
            _ => write!(f, "{hir}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(body: &str) -> Reach {
        Expression::new(body).unwrap().reach()
    }

    #[test]
    fn refuses_what_can_match_the_empty_string() {
        for body in [
            "(terror)?",
            r"\b",
            "x*|fighter",
            "^",
            "(?:)",
            r"\bterror\w*|\b",
        ] {
            let err = Expression::new(body).unwrap_err();
            assert!(err.contains("empty string"), "{body}: {err}");
        }
        for body in ["terror", r"\bterror\w*", "x+|fighter", r"resolution\s+2396"] {
            assert!(Expression::new(body).is_ok(), "{body}");
        }
    }

    #[test]
    fn tells_what_the_normalized_text_never_holds() {
        struct Case {
            body: &'static str,
            never: Option<&'static str>,
            dead_part: Option<&'static str>,
            no_word: bool,
            may_miss_words: bool,
        }
        let cases = [
            Case {
                body: r"\bterror(ist)?s?\b",
                never: None,
                dead_part: None,
                no_word: false,
                may_miss_words: false,
            },
            Case {
                body: "Taliban",
                never: Some("T"),
                dead_part: None,
                no_word: false,
                may_miss_words: false,
            },
            Case {
                body: "(?i)Taliban",
                never: None,
                dead_part: None,
                no_word: false,
                may_miss_words: false,
            },
            Case {
                body: "ещё",
                never: Some("ё"),
                dead_part: None,
                no_word: false,
                may_miss_words: false,
            },
            Case {
                body: "ИГИЛ|ДАИШ",
                never: Some("И"),
                dead_part: None,
                no_word: false,
                may_miss_words: false,
            },
            Case {
                body: "[А-ЯЁ]+ов",
                never: Some("[ЁА-Я]"),
                dead_part: None,
                no_word: false,
                may_miss_words: false,
            },
            Case {
                body: "боевик[а-яё]*|ИГИЛ",
                never: None,
                dead_part: Some("ИГИЛ"),
                no_word: false,
                may_miss_words: false,
            },
            Case {
                body: "da’esh|da'esh",
                never: None,
                dead_part: Some("da’esh"),
                no_word: false,
                may_miss_words: false,
            },
            Case {
                body: "isil(-K)?",
                never: None,
                dead_part: Some("-K"),
                no_word: false,
                may_miss_words: false,
            },
            Case {
                body: r"[.;]+|\s",
                never: None,
                dead_part: None,
                no_word: true,
                may_miss_words: false,
            },
            Case {
                body: "terror|,",
                never: None,
                dead_part: None,
                no_word: false,
                may_miss_words: true,
            },
            Case {
                body: r"[^\s\S]",
                never: Some("[]"),
                dead_part: None,
                no_word: false,
                may_miss_words: false,
            },
        ];
        for case in cases {
            let got = reach(case.body);
            let want = Reach {
                never: case.never.map(String::from),
                dead_part: case.dead_part.map(String::from),
                no_word: case.no_word,
                may_miss_words: case.may_miss_words,
            };
            assert_eq!(got, want, "{}", case.body);
        }
    }

    /// Expressions of letters in both scripts and cases, digits and the regex syntax.
    const SOURCES: &str = r"[a-zA-Zа-яА-ЯёЁ.,;\\^$|()?*+{}\[\]\- 0-9]{0,24}";

    proptest::proptest! {
        /// Whatever is written between the slashes is compiled or refused, and what compiles
        /// is judged, never a panic; what can match the empty string never compiles.
        #[test]
        fn any_expression_is_compiled_or_refused(body in SOURCES) {
            if let Ok(expression) = Expression::new(&body) {
                proptest::prop_assert!(!expression.regex().unwrap().is_match(b""));
                let _ = expression.reach();
            }
        }
    }
}

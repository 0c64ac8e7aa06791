//! Regular-expression entries, searched only where they can match.
//!
//! A regex runs over a statement's folded text, a stretch at a time (see [`Stretch`]), and most
//! regexes match nowhere in most statements: searching each one over all of it costs a pass over
//! the text per regex. But every
//! match of most regexes holds one of a few literal strings (`/\brockets?\b/` holds `rocket`,
//! `/\ba\s+weapon\s+of\s+war\b/` holds `weapon`), and often cannot reach more than so many
//! bytes before or after it. So one Aho–Corasick pass finds where the regexes' literals are, and
//! each regex is searched only in the spans around its own literals' places (merged where they
//! overlap or touch), reaching as far as its matches can, and no farther than
//! [`FARTHEST_REACH`] bytes where they are unbounded (`\s+`, `\w*`). A regex with no literal of
//! [`SHORTEST_LITERAL`] bytes or more that every match holds is searched over the whole text.
//!
//! This finds exactly the matches of searching the whole text, but for a match that reaches
//! more than [`FARTHEST_REACH`] bytes from its literal (a phrase of some 150 words, or a run of
//! spaces as long). A match holds an occurrence of one of its literals and lies within that
//! occurrence's span; a search held to a span still looks at the text around it for `\b` and
//! `^`; and in each span the search goes on from the end of the last match, as it does over the
//! whole text. A property test holds it to that.
//!
//! The bound keeps a regex's work proportional to the places of its literals, not to the length
//! of the statement: without it, a regex unbounded before its literal was searched from the start
//! of the statement to its last literal, and in a statement of 40 MB (a whole session in one
//! file) the lazy DFA gives up at the first non-ASCII letter next to a Unicode `\b`, leaving the
//! slow PikeVM to scan most of the text.

use std::cmp::Reverse;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex_automata::{meta, Input};
use regex_syntax::hir::{Hir, HirKind};

use super::rules::Owner;
use crate::lexicon::Expression;

/// The shortest literal worth looking for: shorter ones are in most texts.
const SHORTEST_LITERAL: usize = 3;
/// How far from an occurrence of its literal an unbounded regex is looked for, in bytes of
/// folded text, before and after it.
const FARTHEST_REACH: usize = 1 << 10;
/// The most literals one regex is looked for by (an alternation of many words is searched
/// everywhere instead).
const MOST_LITERALS: usize = 64;

/// A regular expression, run over the folded text.
#[derive(Debug)]
pub(super) struct RegexRule {
    pub(super) owner: Owner,
    pub(super) entry: usize,
    expression: Expression,
}

/// How far a regex's matches reach around an occurrence of one of its literals: bytes before
/// its start and after its end, `None` for no bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Reach {
    before: Option<usize>,
    after: Option<usize>,
}

/// Literals one of which every match of an expression holds, and how far a match reaches around
/// the one it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Needed {
    literals: Vec<Vec<u8>>,
    reach: Reach,
}

impl Needed {
    /// How well the literals tell where a match can be: the longer the shortest of them and the
    /// fewer they are, the better.
    fn quality(&self) -> (usize, Reverse<usize>) {
        let shortest = self.literals.iter().map(Vec::len).min().unwrap_or(0);
        (shortest, Reverse(self.literals.len()))
    }
}

/// The compiled regexes of a lexicon, with the literals that tell where each can match.
#[derive(Debug, Default)]
pub(super) struct Regexes {
    rules: Vec<RegexRule>,
    /// Per rule: how far its matches reach around its literals; `None` for a rule searched
    /// over the whole text.
    reach: Vec<Option<Reach>>,
    /// Every rule's literals, each once, found in one pass.
    literals: Vec<Vec<u8>>,
    finder: Option<AhoCorasick>,
    /// Per literal: the rules that need it.
    needing: Vec<Vec<usize>>,
    /// Bytes of folded text a stretch needs before and after it (see [`Stretch`]).
    margins: (usize, usize),
}

impl Regexes {
    pub(super) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub(super) fn push(&mut self, owner: Owner, entry: usize, expression: &Expression) {
        let rule = self.rules.len();
        let needed =
            needed(expression.hir()).filter(|needed| needed.quality().0 >= SHORTEST_LITERAL);
        self.reach.push(needed.as_ref().map(|needed| needed.reach));
        for literal in needed.map_or_else(Vec::new, |needed| needed.literals) {
            let at = match self.literals.iter().position(|known| *known == literal) {
                Some(at) => at,
                None => {
                    self.literals.push(literal);
                    self.needing.push(Vec::new());
                    self.literals.len() - 1
                }
            };
            if self.needing[at].last() != Some(&rule) {
                self.needing[at].push(rule);
            }
        }
        self.rules.push(RegexRule {
            owner,
            entry,
            expression: expression.clone(),
        });
    }

    /// Builds the literal finder, once every regex is in. A set of literals too large to build
    /// leaves the regexes that need them searched everywhere.
    pub(super) fn finish(&mut self) {
        if !self.literals.is_empty() {
            // A full DFA: the literals are few, and the text is long.
            self.finder = AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .build(&self.literals)
                .ok();
            if self.finder.is_none() {
                self.reach.iter_mut().for_each(|reach| *reach = None);
            }
        }
        // A match starting in a stretch holds a literal at most `before` bytes after its start,
        // and ends at most `after` bytes past the literal's end, or `FARTHEST_REACH` past its
        // start for a regex with no literal; `\b` and `^` look one character further.
        let reaches = self.reach.iter().flatten();
        let before = reaches.clone().map(Reach::before).max().unwrap_or(0);
        let after = reaches.map(Reach::after).max().unwrap_or(0);
        let literal = self.literals.iter().map(Vec::len).max().unwrap_or(0);
        let look = 4; // the longest character in UTF-8
        self.margins = (
            before + look,
            (before + literal + after).max(FARTHEST_REACH) + look,
        );
    }

    /// Bytes of folded text a stretch needs before it and after it, for its matches to be
    /// those of searching the whole text.
    pub(super) fn margins(&self) -> (usize, usize) {
        self.margins
    }
}

impl Reach {
    /// Bytes before a literal's start a match may start, at most.
    fn before(&self) -> usize {
        self.before.unwrap_or(FARTHEST_REACH)
    }

    /// Bytes past a literal's end a match may end, at most.
    fn after(&self) -> usize {
        self.after.unwrap_or(FARTHEST_REACH)
    }
}

/// A stretch of a statement's folded text, with the text around it: the matches that start in
/// the stretch are found in it, and the text around is only looked at.
pub(super) struct Stretch<'t> {
    /// The folded text: the stretch, and at least [`Regexes::margins`] bytes before and after
    /// it where the statement has them.
    pub(super) text: &'t [u8],
    /// Where the stretch is in `text`.
    pub(super) own: Range<usize>,
    /// Where `text` starts in the statement's whole folded text.
    pub(super) base: usize,
}

/// A scanner's working state for the regexes: their caches, the spans to search, and where
/// each rule's last match in the statement ended.
#[derive(Debug, Default)]
pub(super) struct RegexSearch {
    /// Per rule, once it has been searched.
    caches: Vec<Option<meta::Cache>>,
    spans: Vec<Vec<Range<usize>>>,
    /// Per rule: where its last match ended, in the statement's whole folded text.
    resume: Vec<usize>,
}

impl RegexSearch {
    /// Readies the search for a new statement.
    pub(super) fn start_statement(&mut self, regexes: &Regexes) {
        if self.caches.len() != regexes.rules.len() {
            self.caches = regexes.rules.iter().map(|_| None).collect();
            self.spans = vec![Vec::new(); regexes.rules.len()];
        }
        self.resume.clear();
        self.resume.resize(regexes.rules.len(), 0);
    }

    /// Calls `found` with each match of each regex that starts in the stretch: rule by rule, in
    /// lexicon order, and each rule's matches in text order, as searching the whole text one
    /// rule at a time finds them. Stretches are searched in order, from the statement's start.
    pub(super) fn find(
        &mut self,
        regexes: &Regexes,
        stretch: &Stretch,
        mut found: impl FnMut(&RegexRule, Range<usize>),
    ) {
        let (text, own) = (stretch.text, &stretch.own);
        for (spans, reach) in self.spans.iter_mut().zip(&regexes.reach) {
            spans.clear();
            if reach.is_none() {
                spans.push(own.start..text.len());
            }
        }
        if let Some(finder) = &regexes.finder {
            for occurrence in finder.find_overlapping_iter(text) {
                // A match starting in the stretch holds no literal before it.
                if occurrence.start() < own.start {
                    continue;
                }
                for &rule in &regexes.needing[occurrence.pattern()] {
                    let Some(reach) = regexes.reach[rule] else {
                        continue;
                    };
                    let start = occurrence.start().saturating_sub(reach.before());
                    if start >= own.end {
                        continue;
                    }
                    let end = occurrence
                        .end()
                        .saturating_add(reach.after())
                        .min(text.len());
                    self.spans[rule].push(start..end);
                }
            }
        }
        for (rule, (spans, cache)) in self.spans.iter_mut().zip(&mut self.caches).enumerate() {
            let resume = &mut self.resume[rule];
            let rule = &regexes.rules[rule];
            if spans.is_empty() {
                continue;
            }
            // Compiling fails only for a regex too large, which a lexicon read from files is
            // refused for when the matcher is compiled, and the bundled ones are not (a test
            // compiles each).
            let Ok(regex) = rule.expression.regex() else {
                continue;
            };
            let cache = cache.get_or_insert_with(|| regex.create_cache());
            merge(spans);
            // Matches before the stretch, and up to the end of the last match, were found by
            // the stretches before.
            let from = own.start.max(resume.saturating_sub(stretch.base));
            'spans: for span in spans.iter() {
                if span.end <= from {
                    continue;
                }
                let mut input = Input::new(text).span(span.start.max(from)..span.end);
                while let Some(m) = regex.search_with(cache, &input) {
                    if m.start() >= own.end {
                        break 'spans;
                    }
                    found(rule, m.range());
                    *resume = stretch.base + m.end();
                    // Matches are never empty (such regexes are refused), but a search must
                    // move on whatever it finds.
                    let next = m.end().max(m.start() + 1);
                    if next > span.end {
                        break;
                    }
                    input.set_start(next);
                }
            }
        }
    }
}

/// Sorts spans and joins those that overlap or touch.
fn merge(spans: &mut Vec<Range<usize>>) {
    if spans.len() < 2 {
        return;
    }
    spans.sort_unstable_by_key(|span| span.start);
    let mut kept = 0;
    for at in 1..spans.len() {
        let span = spans[at].clone();
        if span.start <= spans[kept].end {
            spans[kept].end = spans[kept].end.max(span.end);
        } else {
            kept += 1;
            spans[kept] = span;
        }
    }
    spans.truncate(kept + 1);
}

/// The literals one of which every match of `hir` holds, with how far a match reaches around
/// it; `None` when there are none to tell.
fn needed(hir: &Hir) -> Option<Needed> {
    match hir.kind() {
        HirKind::Literal(literal) => Some(Needed {
            literals: vec![literal.0.to_vec()],
            reach: Reach {
                before: Some(0),
                after: Some(0),
            },
        }),
        HirKind::Capture(capture) => needed(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min > 0 => {
            let one = needed(&repetition.sub)?;
            // The other repetitions may stand on either side of the one holding the literal.
            let others = repetition.max.and_then(|max| {
                let count = usize::try_from(max - 1).ok()?;
                repetition
                    .sub
                    .properties()
                    .maximum_len()?
                    .checked_mul(count)
            });
            Some(Needed {
                reach: Reach {
                    before: add(one.reach.before, others),
                    after: add(one.reach.after, others),
                },
                ..one
            })
        }
        HirKind::Concat(parts) => {
            let (at, best) = parts
                .iter()
                .enumerate()
                .filter_map(|(at, part)| Some((at, needed(part)?)))
                .max_by_key(|(_, needed)| needed.quality())?;
            Some(Needed {
                reach: Reach {
                    before: add(best.reach.before, longest(&parts[..at])),
                    after: add(best.reach.after, longest(&parts[at + 1..])),
                },
                ..best
            })
        }
        HirKind::Alternation(branches) => {
            let mut all = Needed {
                literals: Vec::new(),
                reach: Reach {
                    before: Some(0),
                    after: Some(0),
                },
            };
            for branch in branches {
                let branch = needed(branch)?;
                all.literals.extend(branch.literals);
                all.reach.before = farthest(all.reach.before, branch.reach.before);
                all.reach.after = farthest(all.reach.after, branch.reach.after);
            }
            all.literals.sort_unstable();
            all.literals.dedup();
            (all.literals.len() <= MOST_LITERALS).then_some(all)
        }
        _ => None,
    }
}

/// The longest match of parts one after the other, in bytes.
fn longest(parts: &[Hir]) -> Option<usize> {
    parts.iter().try_fold(0usize, |sum, part| {
        sum.checked_add(part.properties().maximum_len()?)
    })
}

fn add(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    a?.checked_add(b?)
}

fn farthest(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    Some(a?.max(b?))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn needed_by(body: &str) -> Option<Needed> {
        needed(Expression::new(body).unwrap().hir())
    }

    fn literals(body: &str) -> Vec<String> {
        needed_by(body)
            .map(|needed| {
                needed
                    .literals
                    .iter()
                    .map(|l| String::from_utf8_lossy(l).into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_regex_is_looked_for_by_its_longest_literal() {
        assert_eq!(literals(r"\ba\s+weapon\s+of\s+war\b"), ["weapon"]);
        assert_eq!(literals(r"\brockets?\b"), ["rocket"]);
        assert_eq!(literals(r"(^|[^\w-])солдат\w*"), ["солдат"]);
        assert_eq!(
            literals(r"\b(into|in)\s+the\s+arms\s+of\b"),
            ["arms"],
            "`the` is shorter than `arms`, and `into|in` has a two-byte branch"
        );
    }

    #[test]
    fn an_alternation_needs_one_literal_of_each_branch() {
        assert_eq!(
            literals(r"\b(murderous|vicious)\s+ideas"),
            ["murderous", "vicious"]
        );
        assert_eq!(literals(r"terror(ist)?|extremis"), ["extremis", "terror"]);
        assert_eq!(needed_by(r"terror|\w+"), None, "a branch with no literal");
    }

    #[test]
    fn how_far_a_match_reaches_around_its_literal() {
        let reach = |body| needed_by(body).unwrap().reach;
        assert_eq!(
            reach(r"\bnationals\b[^.]{0,60}\b(isil|daesh)\b"),
            Reach {
                before: Some(0),
                after: Some(60 * 4 + 5)
            }
        );
        assert_eq!(
            reach(r"(cells?|networks?){2}"),
            Reach {
                before: Some(8),
                after: Some(9)
            }
        );
        assert_eq!(
            reach(r"\broots?\s+of\s+terrorism"),
            Reach {
                before: None,
                after: Some(0)
            },
            "`terrorism` is the longest literal, and `\\s+` has no bound"
        );
    }

    #[test]
    fn optional_parts_and_classes_need_nothing() {
        assert_eq!(literals(r"(terror)?ism"), ["ism"]);
        assert_eq!(needed_by(r"[a-z]+"), None);
        assert_eq!(needed_by(r"(?i)taliban"), None);
    }

    #[test]
    fn spans_are_merged_where_they_overlap_or_touch() {
        let mut spans = vec![10..20, 0..5, 5..7, 18..30, 40..41];
        merge(&mut spans);
        assert_eq!(spans, [0..7, 10..30, 40..41]);
    }

    fn search(regexes: &Regexes, text: &str) -> Vec<(usize, Range<usize>)> {
        let mut found = Vec::new();
        let mut search = RegexSearch::default();
        search.start_statement(regexes);
        let stretch = Stretch {
            text: text.as_bytes(),
            own: 0..text.len(),
            base: 0,
        };
        search.find(regexes, &stretch, |rule, range| {
            found.push((rule.entry, range))
        });
        found
    }

    #[test]
    fn an_unbounded_regex_is_looked_for_only_so_far_from_its_literal() {
        let regexes = regexes(&[r"\broots?\s+of\s+terrorism"]);
        let near = format!("{}roots  of terrorism", "x ".repeat(FARTHEST_REACH));
        let start = near.len() - "roots  of terrorism".len();
        assert_eq!(search(&regexes, &near), [(0, start..near.len())]);
        // `terrorism`, the longest literal, starts `FARTHEST_REACH` bytes after the match.
        let spaces = " ".repeat(FARTHEST_REACH - "roots of ".len());
        let far = format!("roots{spaces} of terrorism");
        assert_eq!(
            search(&regexes, &far),
            [(0, 0..far.len())],
            "just within reach"
        );
        let farther = format!("roots {spaces} of terrorism");
        assert_eq!(search(&regexes, &farther)[..], [], "one byte too far");
        assert_eq!(whole_text(&regexes, farther.as_bytes()).len(), 1);
    }

    /// Every match of searching the whole text, rule by rule.
    fn whole_text(regexes: &Regexes, text: &[u8]) -> Vec<(usize, Range<usize>)> {
        let mut all = Vec::new();
        for rule in &regexes.rules {
            let regex = rule.expression.regex().unwrap();
            all.extend(regex.find_iter(text).map(|m| (rule.entry, m.range())));
        }
        all
    }

    fn regexes(bodies: &[&str]) -> Regexes {
        let mut regexes = Regexes::default();
        for (entry, body) in bodies.iter().enumerate() {
            let expression = Expression::new(body).unwrap();
            regexes.push(Owner::Theme(0), entry, &expression);
        }
        regexes.finish();
        regexes
    }

    const BODIES: &[&str] = &[
        r"\ba\s+weapon\s+of\s+war\b",
        r"\brockets?\b",
        r"\bnationals\b[^.;:!?]{0,12}\b(isil|daesh)\b",
        r"(cells?|networks?){2}",
        r"\broots?\s+of\s+terrorism",
        r"(^|[^\w-])солдат\w*",
        r"\bweapon\b",
        r"[a-z]+ism\b",
    ];

    proptest! {
        #[test]
        fn searching_around_literals_finds_what_searching_everything_finds(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("a"), Just("weapon"), Just("of"), Just("war"), Just("rockets"),
                    Just("rocket"), Just("nationals"), Just("isil"), Just("daesh"), Just("cell"),
                    Just("cells"), Just("network"), Just("roots"), Just("root"),
                    Just("terrorism"), Just("солдаты"), Just("-солдат"), Just("."), Just(" "),
                    Just("\n"), Just("x"), Just("weaponry"),
                ],
                0..60,
            ),
            glue in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just("  ")], 60),
        ) {
            let mut text = String::new();
            for (word, glue) in words.iter().zip(&glue) {
                text.push_str(word);
                text.push_str(glue);
            }
            let regexes = regexes(BODIES);
            prop_assert!(text.len() < FARTHEST_REACH);
            prop_assert_eq!(search(&regexes, &text), whole_text(&regexes, text.as_bytes()));
        }
    }
}

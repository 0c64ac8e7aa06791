//! What one statement adds to its group: its tokens, content tokens, hits per theme and, when
//! asked, hits per entry with the forms they caught. Used the same way by every run (one
//! counter per worker) and by callers that hold statements in memory ([`count_each`]).

use rayon::prelude::*;

use crate::analyze::{Analyzer, Token};
use crate::corpus::speaker::{self, Position};
use crate::corpus::Statement;
use crate::group::{group_key, statement_language};
use crate::matcher::{ContextUnit, Match, Matcher, Scanner};
use crate::pipeline::RunOptions;
use crate::sink::{text_order, Found, Hit};
use crate::stopwords::StopWords;
use crate::tally::{Counts, GroupKey, Tally};

/// How a statement's hits are counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counting {
    /// How near a hit a context word must stand for the hit to count in `hits` (every hit
    /// counts in `hits_all`).
    pub context: ContextUnit,
    /// Count the hits in a presiding officer's procedural sentences too (by default they count
    /// for no theme, in either measure).
    pub procedural: bool,
}

/// What one statement adds to its group, and the language it was counted as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementCounts {
    /// One statement's tokens, content tokens (zero without stop words) and hits per theme.
    pub counts: Counts,
    /// Its language, as [`statement_language`] decides it.
    pub language: String,
    /// Whether the language came from its letters rather than its metadata.
    pub detected: bool,
}

/// Counts each statement on its own, exactly as a run counts it with `counting`, in parallel on
/// the current rayon pool; the results are in the order of `statements`. With `stop_words`,
/// content tokens are counted too.
///
/// This is the entry point for callers that hold statements in memory (the Python package,
/// an engine that hands over one chunk of rows at a time) rather than in files.
pub fn count_each(
    statements: &[Statement],
    matcher: &Matcher,
    stop_words: Option<&StopWords>,
    counting: Counting,
) -> Vec<StatementCounts> {
    count_all(statements, matcher, stop_words, counting, false)
}

/// [`count_each`], with each statement's hits per entry and the forms they caught in
/// [`Counts::entries`], as a run counts them for `--terms`.
pub fn count_each_with_entries(
    statements: &[Statement],
    matcher: &Matcher,
    stop_words: Option<&StopWords>,
    counting: Counting,
) -> Vec<StatementCounts> {
    count_all(statements, matcher, stop_words, counting, true)
}

/// [`count_each`], with the hits per entry when `entries`.
fn count_all(
    statements: &[Statement],
    matcher: &Matcher,
    stop_words: Option<&StopWords>,
    counting: Counting,
    entries: bool,
) -> Vec<StatementCounts> {
    statements
        .par_iter()
        .map_init(
            || Counter::new(matcher),
            |counter, statement| {
                let mut counted = counter.measure(statement, stop_words, counting, entries);
                if entries {
                    counter.add_entries(&statement.text, &mut counted.counts);
                }
                counted
            },
        )
        .collect()
}

/// The hits of one statement counted with `counting`, in text order, as a run hands them to a
/// sink (with an empty group), each with its context.
pub fn statement_hits(statement: &Statement, matcher: &Matcher, counting: Counting) -> Vec<Hit> {
    let mut counter = Counter::new(matcher);
    counter.measure(statement, None, counting, true);
    text_order(&mut counter.matches);
    let mut hits = Vec::new();
    let group = GroupKey(Vec::new());
    Found {
        statement,
        group: &group,
        matches: &counter.matches,
    }
    .hits_into(&mut hits);
    hits
}

/// A scanner with what it needs to count statements one after another: one per worker.
pub(crate) struct Counter<'m> {
    scanner: Scanner<'m>,
    hits: Vec<u64>,
    hits_all: Vec<u64>,
    memo: StopMemo,
    /// The current statement's matches, when entries or a sink want them.
    matches: Vec<Match>,
}

impl<'m> Counter<'m> {
    pub(crate) fn new(matcher: &'m Matcher) -> Counter<'m> {
        Counter {
            scanner: Scanner::new(matcher),
            hits: vec![0; matcher.themes().len()],
            hits_all: vec![0; matcher.themes().len()],
            memo: StopMemo::default(),
            matches: Vec::new(),
        }
    }

    /// Counts `statement` into `tally` in its group by the `by` columns (with
    /// [`RunOptions::groups`], once in each of its groups), as `options` ask. When a sink wants
    /// the matches, returns the group (with groups, all of them in one key), and [`Counter::matches`] holds them in
    /// text order.
    pub(crate) fn count(
        &mut self,
        statement: &Statement,
        by: &[String],
        options: &RunOptions,
        tally: &mut Tally,
    ) -> Option<GroupKey> {
        let keep = options.entries || options.matches.is_some();
        let StatementCounts {
            mut counts,
            language,
            detected,
        } = self.measure(statement, options.stop_words, options.counting, keep);
        let key = group_key(statement, by, &language);
        if options.entries {
            self.add_entries(&statement.text, &mut counts);
        }
        let found = options.matches.is_some().then(|| {
            text_order(&mut self.matches);
            match options.groups {
                Some(groups) => groups.label(&key),
                None => key.clone(),
            }
        });
        match options.groups {
            // A statement counts once in each of its groups.
            Some(groups) => {
                for key in groups.keys(&key) {
                    tally.add(key, &counts);
                }
            }
            None => tally.add(key, &counts),
        }
        tally.record_language(&language, detected);
        found
    }

    /// Adds the hits of the last statement's matches (kept, of `text`) to `counts` per entry,
    /// each with the form it caught, as `--terms` lists them.
    fn add_entries(&self, text: &str, counts: &mut Counts) {
        for m in &self.matches {
            let form = collapse_whitespace(text.get(m.bytes.clone()).unwrap_or(""));
            counts
                .entries
                .entry(m.entry)
                .or_default()
                .add(&form, m.context.is_in());
        }
    }

    /// The last statement's matches, when they were kept.
    pub(crate) fn matches(&self) -> &[Match] {
        &self.matches
    }

    /// The matches of `text` that a run counts with `counting`, each with its context, in the
    /// order the scan found them.
    pub(crate) fn matches_of(&mut self, text: &str, counting: Counting) -> &[Match] {
        self.find(text, None, counting);
        &self.matches
    }

    /// Scans `text` into `self.matches`, leaving out what a run never counts (a speaker header,
    /// procedural sentences unless `counting` keeps them) and reading each match's context;
    /// returns the scan and, with `stop_words`, the content tokens.
    fn find(
        &mut self,
        text: &str,
        stop_words: Option<&StopWords>,
        counting: Counting,
    ) -> (crate::matcher::Scan, u64) {
        self.matches.clear();
        let (matches, memo) = (&mut self.matches, &mut self.memo);
        let mut content_tokens = 0;
        let scan = self.scanner.scan_with(
            text,
            |m| matches.push(m),
            |analyzer, tokens| {
                if let Some(stop_words) = stop_words {
                    content_tokens += memo.content_tokens(stop_words, analyzer, tokens);
                }
            },
        );
        let scanner = &self.scanner;
        // A speaker header (`Mr. X (Afghanistan):`) at the start of a statement names who
        // speaks; it is never discourse, whichever layout or table brought it.
        let header = speaker::parse(text, Position::FileStart).map_or(0, |h| h.end);
        if header > 0 {
            self.matches.retain(|m| m.bytes.start >= header);
        }
        if !counting.procedural {
            self.matches.retain(|m| !scanner.is_procedural(m));
        }
        for m in &mut self.matches {
            m.context = scanner.context_of(counting.context, m, text);
        }
        (scan, content_tokens)
    }

    /// Scans one statement and counts what it adds to its group as `counting` says; with
    /// `keep`, its matches stay in `self.matches`, each with its context.
    fn measure(
        &mut self,
        statement: &Statement,
        stop_words: Option<&StopWords>,
        counting: Counting,
        keep: bool,
    ) -> StatementCounts {
        self.hits.fill(0);
        self.hits_all.fill(0);
        let (scan, content_tokens) = self.find(&statement.text, stop_words, counting);
        for m in &self.matches {
            self.hits[m.theme] += u64::from(m.context.is_in());
            self.hits_all[m.theme] += 1;
        }
        if !keep {
            self.matches.clear();
        }
        let (language, detected) = statement_language(statement, scan.letters.dominant());
        StatementCounts {
            counts: Counts::statement(
                scan.tokens as u64,
                content_tokens,
                &self.hits,
                &self.hits_all,
            ),
            language,
            detected,
        }
    }
}

/// Whether each word of a scanner's analyzer is a stop word, looked up once per distinct word
/// and remembered by word id.
#[derive(Default)]
struct StopMemo {
    /// Per word id: 1 for a stop word, 0 for a content word, [`StopMemo::UNKNOWN`] for a word
    /// not looked at yet (a scanner may come with the words its predecessor learned, most of
    /// which this counter never meets).
    stop: Vec<u8>,
    /// The analyzer generation `stop` belongs to.
    generation: u64,
}

impl StopMemo {
    const UNKNOWN: u8 = 2;

    /// How many of `tokens` are not in `stop_words`.
    fn content_tokens(
        &mut self,
        stop_words: &StopWords,
        analyzer: &Analyzer,
        tokens: &[Token],
    ) -> u64 {
        if analyzer.generation() != self.generation {
            self.stop.clear();
            self.generation = analyzer.generation();
        }
        self.stop.resize(
            analyzer.vocabulary_len().max(self.stop.len()),
            Self::UNKNOWN,
        );
        let mut stopped = 0;
        for token in tokens {
            let Some(stop) = self.stop.get_mut(token.word) else {
                continue;
            };
            if *stop == Self::UNKNOWN {
                *stop = u8::from(stop_words.contains(analyzer.word(token.word)));
            }
            stopped += u64::from(*stop);
        }
        tokens.len() as u64 - stopped
    }
}

/// `text` with each run of whitespace as one space.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(text: &str, language: &str) -> Statement {
        Statement {
            id: "s".into(),
            fields: crate::corpus::Fields::new(["language".into()].into(), vec![language.into()]),
            text: text.into(),
            path: "memory".into(),
            line: None,
        }
    }

    #[test]
    fn each_statement_is_counted_in_order_as_a_run_counts_it() {
        let lexicon = crate::Lexicon::bundled().unwrap();
        let matcher = Matcher::new(&lexicon).unwrap();
        let ftf = matcher.themes().iter().position(|t| t.id == "ftf").unwrap();
        let texts = [
            ("Foreign terrorist fighters return home.", ""),
            ("Иностранные боевики-террористы возвращаются.", ""),
            ("", "RU"),
            ("Foreign terrorist fighters, again.", "french"),
        ];
        let statements: Vec<Statement> = texts.iter().map(|(t, l)| statement(t, l)).collect();
        let stop_words = StopWords::builtin();
        let counted = count_each(
            &statements,
            &matcher,
            Some(&stop_words),
            Counting::default(),
        );
        let summary: Vec<(u64, u64, u64, &str, bool)> = counted
            .iter()
            .map(|c| {
                let counts = &c.counts;
                let hits = (counts.statements, counts.tokens, counts.hits[ftf]);
                (hits.0, hits.1, hits.2, c.language.as_str(), c.detected)
            })
            .collect();
        assert_eq!(
            summary,
            [
                (1, 5, 1, "en", true),
                (1, 4, 1, "ru", true),
                (1, 0, 0, "ru", false),
                (1, 4, 1, "french", false),
            ]
        );
        // "Foreign terrorist fighters return home": no stop word; "again" is not one either.
        assert_eq!(counted[0].counts.content_tokens, 5);
        let mut scanner = Scanner::new(&matcher);
        for (statement, counts) in statements.iter().zip(&counted) {
            assert_eq!(scanner.count(&statement.text), counts.counts.hits);
        }
    }

    #[test]
    fn entries_of_each_statement_hold_the_forms_they_caught() {
        let lexicon = crate::Lexicon::bundled().unwrap();
        let matcher = Matcher::new(&lexicon).unwrap();
        let text = "Foreign terrorist fighters and foreign  terrorist fighter.";
        let statements = [statement(text, "")];
        let counted = count_each_with_entries(&statements, &matcher, None, Counting::default());
        let plain = count_each(&statements, &matcher, None, Counting::default());
        assert!(plain[0].counts.entries.is_empty());
        let entries = &counted[0].counts.entries;
        let all: u64 = entries.values().map(|e| e.hits_all).sum();
        assert_eq!(all, counted[0].counts.hits_all.iter().sum::<u64>());
        let forms: Vec<(&str, u64)> = entries.values().flat_map(|e| e.top_forms(3)).collect();
        assert!(
            forms.contains(&("foreign terrorist fighter", 1)),
            "{forms:?}"
        );
    }

    #[test]
    fn hits_of_one_statement_carry_character_offsets() {
        let lexicon = crate::Lexicon::bundled().unwrap();
        let matcher = Matcher::new(&lexicon).unwrap();
        let text = "Ещё: foreign terrorist fighters.";
        let hits = statement_hits(&statement(text, ""), &matcher, Counting::default());
        assert_eq!(hits.len(), 1);
        let hit = &hits[0];
        assert_eq!(matcher.themes()[hit.theme].id, "ftf");
        assert_eq!(hit.chars, 5..31);
        assert_eq!(hit.text, "foreign terrorist fighters");
        assert_eq!((hit.before.as_str(), hit.after.as_str()), ("Ещё: ", "."));
    }

    #[test]
    fn a_speaker_header_is_never_counted() {
        let lexicon = crate::Lexicon::bundled().unwrap();
        let matcher = Matcher::new(&lexicon).unwrap();
        let counting = Counting {
            context: ContextUnit::None,
            procedural: false,
        };
        let themes: Vec<String> = [
            "Mr. Karzai (Afghanistan): Afghanistan fights terrorism.",
            "Г-н Небензя (Российская Федерация): ОДКБ и ШОС.",
            "Afghanistan (the delegation): no header here, a sentence.",
        ]
        .iter()
        .map(|text| {
            statement_hits(&statement(text, ""), &matcher, counting)
                .iter()
                .map(|hit| format!("{}@{}", matcher.themes()[hit.theme].id, hit.chars.start))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
        assert_eq!(
            themes,
            [
                "afghanistan@26",
                "regional_orgs@36 regional_orgs@43",
                "afghanistan@0"
            ]
        );
    }

    #[test]
    fn forms_collapse_whitespace() {
        assert_eq!(collapse_whitespace("sleeper \n  cells"), "sleeper cells");
    }
}

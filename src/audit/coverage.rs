//! Entry coverage: what each entry of a lexicon actually catches in a corpus.
//!
//! Per entry: its hits, the statements it fires in, its share of its theme's hits, and the
//! surface forms it caught, most frequent first (so an editor sees that `перемещ*` caught
//! `перемещенных лиц`). Rows are sorted so that dead entries (no hit) come first and then the
//! greedy ones (the largest share of their theme). Exclusions produce no hits and are not listed.
//! Coverage only observes: it changes no count. It is a run of the one pipeline, whose matches
//! it takes as a [`MatchSink`].

use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::sync::Mutex;

use crate::corpus::Corpus;
use crate::error::csv_io_error;
use crate::error::Error;
use crate::lexicon::EntryKind;
use crate::matcher::Matcher;
use crate::pipeline::{self, Outcome, RunOptions};
use crate::report::neutralize;
use crate::sink::{Found, MatchSink};

/// What one entry caught.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntryCoverage {
    /// Hits of the entry.
    pub hits: u64,
    /// Statements in which the entry fired at least once.
    pub statements: u64,
    /// Caught surface forms (lowercased, spaces collapsed) with their counts.
    pub forms: HashMap<String, u64>,
}

/// Coverage of every entry of a matcher, indexed like [`Matcher::entries`].
#[derive(Clone, Debug)]
pub struct Coverage {
    /// What each entry caught, indexed like [`Matcher::entries`].
    pub entries: Vec<EntryCoverage>,
    /// Statements counted.
    pub statements: u64,
}

impl Coverage {
    /// Coverage of every entry of `matcher`, with nothing counted yet.
    pub fn new(matcher: &Matcher) -> Coverage {
        Coverage {
            entries: vec![EntryCoverage::default(); matcher.entries().len()],
            statements: 0,
        }
    }

    /// Records what each entry caught in one statement.
    pub fn add(&mut self, found: &Found<'_>) {
        let text = found.statement.text.as_str();
        let mut fired = Vec::new();
        for m in found.matches {
            let form = text.get(m.bytes.clone()).unwrap_or("");
            let form = form
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if let Some(entry) = self.entries.get_mut(m.entry) {
                entry.hits += 1;
                *entry.forms.entry(form).or_default() += 1;
                fired.push(m.entry);
            }
        }
        fired.sort_unstable();
        fired.dedup();
        for entry in fired {
            self.entries[entry].statements += 1;
        }
    }

    /// Hits per theme, indexed like [`Matcher::themes`].
    fn theme_hits(&self, matcher: &Matcher) -> Vec<u64> {
        let mut hits = vec![0; matcher.themes().len()];
        for (info, coverage) in matcher.entries().iter().zip(&self.entries) {
            hits[info.theme] += coverage.hits;
        }
        hits
    }

    /// Writes one CSV row per entry, dead entries first, then by share of the theme's hits:
    /// `theme,language,pattern,hits,statements,theme_share,top_forms`, with at most `top`
    /// forms as `form (count)` separated by `; `.
    pub fn write_csv(&self, matcher: &Matcher, top: usize, out: impl Write) -> io::Result<()> {
        let theme_hits = self.theme_hits(matcher);
        let share = |entry: usize| -> f64 {
            let theme = matcher.entries()[entry].theme;
            match theme_hits[theme] {
                0 => 0.0,
                total => self.entries[entry].hits as f64 / total as f64,
            }
        };
        let mut order: Vec<usize> = (0..self.entries.len())
            .filter(|&e| matcher.entries()[e].kind == EntryKind::Include)
            .collect();
        order.sort_by(|&a, &b| {
            let dead = |e: usize| self.entries[e].hits > 0;
            dead(a)
                .cmp(&dead(b))
                .then(share(b).total_cmp(&share(a)))
                .then(self.entries[b].hits.cmp(&self.entries[a].hits))
                .then(a.cmp(&b))
        });
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        let header = writer.write_record([
            "theme",
            "language",
            "pattern",
            "hits",
            "statements",
            "theme_share",
            "top_forms",
        ]);
        header.map_err(csv_io_error)?;
        for entry in order {
            let info = &matcher.entries()[entry];
            let coverage = &self.entries[entry];
            let mut forms: Vec<(&String, &u64)> = coverage.forms.iter().collect();
            forms.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let forms: Vec<String> = forms
                .iter()
                .take(top)
                .map(|(form, count)| format!("{form} ({count})"))
                .collect();
            let row = writer.write_record([
                matcher.themes()[info.theme].id.as_str(),
                info.language.code(),
                &*neutralize(&info.pattern),
                &coverage.hits.to_string(),
                &coverage.statements.to_string(),
                &format!("{:.4}", share(entry)),
                &*neutralize(&forms.join("; ")),
            ]);
            row.map_err(csv_io_error)?;
        }
        writer.flush()
    }
}

/// Measures the coverage of `matcher`'s entries in `corpus` on `threads` threads (0: one per
/// core), with the outcome of the run (its problems, above all).
pub fn run(
    corpus: Corpus,
    matcher: &Matcher,
    threads: usize,
) -> Result<(Coverage, Outcome), Error> {
    let sink = Mutex::new(Coverage::new(matcher));
    let options = RunOptions {
        threads,
        matches: Some(&sink),
        ..RunOptions::default()
    };
    let outcome = pipeline::run_with(corpus, matcher, &[], &options, &|_, _| {})?;
    let mut coverage = sink.into_inner().unwrap_or_else(|e| e.into_inner());
    coverage.statements = outcome.tally.statements();
    Ok((coverage, outcome))
}

/// Coverage adds up in any order, so workers share one behind a lock, taken once a batch.
impl MatchSink for Mutex<Coverage> {
    fn batch(&self, _seq: u64, found: &[Found<'_>]) -> ControlFlow<()> {
        let mut coverage = self.lock().unwrap_or_else(|e| e.into_inner());
        for statement in found {
            coverage.add(statement);
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Statement;
    use crate::tally::GroupKey;
    use crate::{Lexicon, Scanner};

    /// Records what `scanner` finds in `text` as a run would hand it over.
    fn add(coverage: &mut Coverage, scanner: &mut Scanner, text: &str) {
        let mut matches = Vec::new();
        scanner.scan(text, |m| matches.push(m));
        let statement = Statement {
            id: "s".into(),
            fields: crate::corpus::Fields::new(Vec::new().into(), Vec::new()),
            text: text.into(),
            path: "memory".into(),
            line: None,
        };
        coverage.add(&Found {
            statement: &statement,
            group: &GroupKey(Vec::new()),
            matches: &matches,
        });
    }

    #[test]
    fn dead_entries_first_then_greedy_with_their_forms() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.csv");
        std::fs::write(
            &path,
            "theme,language,pattern\nftf,en,fighter\nftf,en,returnee\nftf,ru,боевик\n",
        )
        .unwrap();
        let lexicon = Lexicon::load(&path).unwrap();
        let matcher = Matcher::new(&lexicon).unwrap();
        let mut scanner = Scanner::new(&matcher);
        let mut coverage = Coverage::new(&matcher);
        add(
            &mut coverage,
            &mut scanner,
            "Fighters, fighters and one Fighter.",
        );
        add(
            &mut coverage,
            &mut scanner,
            "Боевики вернулись; returnees too.",
        );
        let mut out = Vec::new();
        coverage.write_csv(&matcher, 2, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "theme,language,pattern,hits,statements,theme_share,top_forms\n\
             ftf,en,fighter,3,1,0.6000,fighters (2); fighter (1)\n\
             ftf,en,returnee,1,1,0.2000,returnees (1)\n\
             ftf,ru,боевик,1,1,0.2000,боевики (1)\n"
        );
        let mut coverage = Coverage::new(&matcher);
        add(&mut coverage, &mut scanner, "Only fighters here.");
        let mut out = Vec::new();
        coverage.write_csv(&matcher, 2, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "theme,language,pattern,hits,statements,theme_share,top_forms\n\
             ftf,en,returnee,0,0,0.0000,\n\
             ftf,ru,боевик,0,0,0.0000,\n\
             ftf,en,fighter,1,1,1.0000,fighters (1)\n"
        );
    }
}

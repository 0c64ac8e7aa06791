//! The audit trail: every hit with its context, written as it is found. Workers hand over their
//! hits batch by batch in any order; batches are written in reading order, so the file is the
//! same for any number of threads, and memory holds only the batches that arrived early.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::sync::Mutex;

use crate::lexicon::{EntryInfo, ThemeInfo};
use crate::sink::{Found, Hit, MatchSink};

use super::csv::{CsvStyle, CsvTableWriter};
use super::tables::{hit_columns, hit_row};

/// What to do with hits: write them all as CSV, keep the first few for a workbook and examples
/// per theme for a report.
pub struct MatchCollector<'a, W: Write + Send> {
    themes: &'a [ThemeInfo],
    entries: &'a [EntryInfo],
    context_entries: &'a [EntryInfo],
    state: Mutex<State<W>>,
}

struct State<W: Write + Send> {
    /// The sequence number of the next batch to write.
    next: u64,
    /// Batches that arrived before their turn.
    pending: BTreeMap<u64, Vec<Hit>>,
    csv: Option<CsvTableWriter<W>>,
    error: Option<io::Error>,
    collected: Collected,
    keep: usize,
    examples_per_theme: usize,
}

/// What a collector kept.
#[derive(Debug, Default)]
pub struct Collected {
    /// All hits seen.
    pub total: u64,
    /// The first hits, in reading order.
    pub first: Vec<Hit>,
    /// The first hits of each theme, indexed like the themes.
    pub examples: Vec<Vec<Hit>>,
}

impl<'a, W: Write + Send> MatchCollector<'a, W> {
    /// Writes every hit as CSV to `csv` (when given), keeps the first `keep` hits, and the first
    /// `examples_per_theme` hits of each theme. `entries` and `context_entries` are the
    /// matcher's, which name the entry that caught a hit and the context word that licensed it.
    pub fn new(
        themes: &'a [ThemeInfo],
        entries: &'a [EntryInfo],
        context_entries: &'a [EntryInfo],
        by: &[String],
        csv: Option<(W, CsvStyle)>,
        keep: usize,
        examples_per_theme: usize,
    ) -> io::Result<Self> {
        let csv = match csv {
            Some((out, style)) => Some(CsvTableWriter::new(out, style, &hit_columns(by))?),
            None => None,
        };
        Ok(MatchCollector {
            themes,
            entries,
            context_entries,
            state: Mutex::new(State {
                next: 0,
                pending: BTreeMap::new(),
                csv,
                error: None,
                collected: Collected {
                    examples: vec![Vec::new(); themes.len()],
                    ..Collected::default()
                },
                keep,
                examples_per_theme,
            }),
        })
    }

    /// Ends collecting: the CSV output (flushed) and what was kept.
    pub fn finish(self) -> io::Result<(Option<W>, Collected)> {
        let state = self
            .state
            .into_inner()
            .map_err(|_| io::Error::other("a worker stopped while writing hits"))?;
        if let Some(error) = state.error {
            return Err(error);
        }
        if !state.pending.is_empty() {
            return Err(io::Error::other("hits of some batches were never written"));
        }
        let out = match state.csv {
            Some(csv) => {
                let mut out = csv.finish()?;
                out.flush()?;
                Some(out)
            }
            None => None,
        };
        Ok((out, state.collected))
    }
}

impl<W: Write + Send> State<W> {
    fn write(&mut self, hits: Vec<Hit>, lexicon: (&[ThemeInfo], &[EntryInfo], &[EntryInfo])) {
        let (themes, entries, context_entries) = lexicon;
        for hit in hits {
            if let (Some(csv), None) = (&mut self.csv, &self.error) {
                if let Err(e) = csv.row(&hit_row(&hit, themes, entries, context_entries)) {
                    self.error = Some(e);
                }
            }
            let collected = &mut self.collected;
            collected.total += 1;
            if let Some(examples) = collected.examples.get_mut(hit.theme) {
                if examples.len() < self.examples_per_theme {
                    examples.push(hit.clone());
                }
            }
            if collected.first.len() < self.keep {
                collected.first.push(hit);
            }
        }
    }
}

impl<W: Write + Send> MatchSink for MatchCollector<'_, W> {
    /// Keeps the run going after a write error, which [`MatchCollector::finish`] reports: the
    /// counts stay whole.
    fn batch(&self, seq: u64, found: &[Found<'_>]) -> ControlFlow<()> {
        let mut hits = Vec::new();
        for statement in found {
            statement.hits_into(&mut hits);
        }
        self.hits(seq, hits);
        ControlFlow::Continue(())
    }
}

impl<W: Write + Send> MatchCollector<'_, W> {
    /// Takes the hits of batch `seq`, and writes every batch whose turn has come.
    fn hits(&self, seq: u64, hits: Vec<Hit>) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.pending.insert(seq, hits);
        loop {
            let next = state.next;
            let Some(hits) = state.pending.remove(&next) else {
                break;
            };
            state.write(hits, (self.themes, self.entries, self.context_entries));
            state.next += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tally::GroupKey;

    fn hit(statement: &str, theme: usize) -> Hit {
        Hit {
            statement: statement.into(),
            group: GroupKey(vec!["=cmd".into()]),
            theme,
            entry: 0,
            text: "ISIL".into(),
            before: "the ".into(),
            after: " threat".into(),
            chars: 4..8,
            context: if statement == "b" {
                crate::matcher::Context::Outside
            } else {
                crate::matcher::Context::Word(0)
            },
        }
    }

    #[test]
    fn batches_are_written_in_reading_order() {
        let themes = [ThemeInfo {
            id: "t".into(),
            label: "T".into(),
        }];
        let entries = [EntryInfo {
            theme: 0,
            kind: crate::lexicon::EntryKind::Include,
            language: crate::Language::English,
            pattern: "ISIL".into(),
        }];
        let context = [EntryInfo {
            theme: 1,
            kind: crate::lexicon::EntryKind::Include,
            language: crate::Language::English,
            pattern: "terror*".into(),
        }];
        let collector = MatchCollector::new(
            &themes,
            &entries,
            &context,
            &["speaker".into()],
            Some((Vec::new(), CsvStyle::default())),
            2,
            1,
        )
        .unwrap();
        collector.hits(2, vec![hit("c", 0)]);
        collector.hits(1, vec![]);
        collector.hits(0, vec![hit("a", 0), hit("b", 0)]);
        let (out, collected) = collector.finish().unwrap();
        assert_eq!(
            String::from_utf8(out.unwrap()).unwrap(),
            "statement,speaker,theme,entry,text,before,after,start,end,in_context,context\n\
             a,'=cmd,t,ISIL,ISIL,the , threat,4,8,true,terror*\n\
             b,'=cmd,t,ISIL,ISIL,the , threat,4,8,false,\n\
             c,'=cmd,t,ISIL,ISIL,the , threat,4,8,true,terror*\n"
        );
        assert_eq!(collected.total, 3);
        assert_eq!(collected.first, [hit("a", 0), hit("b", 0)]);
        assert_eq!(collected.examples, [vec![hit("a", 0)]]);
    }

    #[test]
    fn a_missing_batch_is_an_error() {
        let collector = MatchCollector::<Vec<u8>>::new(&[], &[], &[], &[], None, 0, 0).unwrap();
        collector.hits(1, vec![]);
        assert!(collector.finish().is_err());
    }
}

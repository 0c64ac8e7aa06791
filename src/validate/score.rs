//! Scoring a lexicon's hits against a gold standard: precision, recall and F1 per theme and
//! language, micro- and macro-averaged, for both measures ctlex reports.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::lang::Language;

use super::gold::GoldItem;

/// Which of ctlex's two measures is scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    /// Hits in counter-terrorism context (`hits`) against the coded `ct_themes`.
    CounterTerrorism,
    /// Hits anywhere (`hits_all`) against the coded `themes`: what the item is about.
    Topic,
}

impl Measure {
    /// Both measures.
    pub const ALL: [Measure; 2] = [Measure::CounterTerrorism, Measure::Topic];

    /// The name the report uses.
    pub fn name(self) -> &'static str {
        match self {
            Measure::CounterTerrorism => "ct",
            Measure::Topic => "topic",
        }
    }
}

/// One hit the lexicon found in an item's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fired {
    /// The id of the theme that fired.
    pub theme: String,
    /// The entry that matched, as written in the lexicon.
    pub entry: String,
    /// Byte range in the item's text.
    pub bytes: Range<usize>,
    /// Whether the hit is in counter-terrorism context, and the context word that put it there.
    pub context: Option<String>,
}

/// True and false positives and false negatives of one cell of the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Confusion {
    /// Items both the lexicon and the coder marked with the theme.
    pub true_positives: u64,
    /// Items the lexicon marked with the theme and the coder did not.
    pub false_positives: u64,
    /// Items the coder marked with the theme and the lexicon did not.
    pub false_negatives: u64,
}

impl Confusion {
    /// Items the coder marked.
    pub fn positives(&self) -> u64 {
        self.true_positives + self.false_negatives
    }

    /// Items the lexicon marked.
    pub fn predicted(&self) -> u64 {
        self.true_positives + self.false_positives
    }

    /// `None` when the lexicon marked nothing.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.true_positives, self.predicted())
    }

    /// `None` when the coder marked nothing.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.true_positives, self.positives())
    }

    /// `None` when neither marked anything.
    pub fn f1(&self) -> Option<f64> {
        ratio(
            2 * self.true_positives,
            2 * self.true_positives + self.false_positives + self.false_negatives,
        )
    }

    fn add(&mut self, other: &Confusion) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// Where a theme's verdict on an item differs from the coder's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// Index of the item among those scored.
    pub item: usize,
    /// The measure on which the verdicts differ.
    pub measure: Measure,
    /// The theme's id.
    pub theme: String,
    /// `true` when the lexicon marked the theme and the coder did not.
    pub extra: bool,
}

/// A whole validation: per measure, language and theme, the confusion counts.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    /// Confusion counts per measure, language and theme id.
    pub cells: BTreeMap<(Measure, Language, String), Confusion>,
    /// Items scored, per language.
    pub items: BTreeMap<Language, u64>,
    /// Every disagreement, in item order.
    pub disagreements: Vec<Disagreement>,
}

/// One line of the summary: a theme, or the micro or macro average of a language or of both.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The measure scored.
    pub measure: Measure,
    /// `None` for both languages together.
    pub language: Option<Language>,
    /// A theme id, `micro` or `macro`.
    pub theme: String,
    /// The counts the scores come from.
    pub confusion: Confusion,
    /// True positives over every item the lexicon marked; `None` when it marked none.
    pub precision: Option<f64>,
    /// True positives over every item the coder marked; `None` when the coder marked none.
    pub recall: Option<f64>,
    /// The harmonic mean of precision and recall; `None` when neither marked anything.
    pub f1: Option<f64>,
}

impl Scores {
    /// Scores `fired[i]`, the hits in `items[i]`'s text, against the coder's themes; `themes`
    /// are the lexicon's theme ids (every one gets a line, hit or not).
    pub fn new(items: &[GoldItem], fired: &[Vec<Fired>], themes: &[String]) -> Scores {
        let mut scores = Scores::default();
        for language in Language::ALL {
            for measure in Measure::ALL {
                for theme in themes {
                    scores
                        .cells
                        .insert((measure, language, theme.clone()), Confusion::default());
                }
            }
        }
        for (index, (item, fired)) in items.iter().zip(fired).enumerate() {
            *scores.items.entry(item.language).or_default() += 1;
            let in_focus: Vec<&Fired> = fired
                .iter()
                .filter(|f| item.focus.contains(&f.bytes.start))
                .collect();
            for measure in Measure::ALL {
                let coded: BTreeSet<&str> = match measure {
                    Measure::Topic => item.themes.iter().map(String::as_str).collect(),
                    Measure::CounterTerrorism => match &item.ct_themes {
                        Some(ct) => ct.iter().map(String::as_str).collect(),
                        None => continue,
                    },
                };
                let found: BTreeSet<&str> = in_focus
                    .iter()
                    .filter(|f| measure == Measure::Topic || f.context.is_some())
                    .map(|f| f.theme.as_str())
                    .collect();
                for theme in coded.union(&found) {
                    let cell = scores
                        .cells
                        .entry((measure, item.language, theme.to_string()))
                        .or_default();
                    match (coded.contains(theme), found.contains(theme)) {
                        (true, true) => cell.true_positives += 1,
                        (false, true) => cell.false_positives += 1,
                        (true, false) => cell.false_negatives += 1,
                        (false, false) => unreachable!("a theme of the union"),
                    }
                    if coded.contains(theme) != found.contains(theme) {
                        scores.disagreements.push(Disagreement {
                            item: index,
                            measure,
                            theme: theme.to_string(),
                            extra: found.contains(theme),
                        });
                    }
                }
            }
        }
        scores
    }

    /// The summary: per measure, each language's themes with their micro and macro averages,
    /// then both languages' averages. The macro average is the mean F1 of the themes the coder
    /// marked at least once in that language.
    pub fn lines(&self) -> Vec<Line> {
        let mut lines = Vec::new();
        for measure in Measure::ALL {
            let mut all = Vec::new();
            for language in Language::ALL {
                let cells: Vec<(&String, &Confusion)> = self
                    .cells
                    .iter()
                    .filter(|((m, l, _), _)| *m == measure && *l == language)
                    .map(|((_, _, theme), c)| (theme, c))
                    .collect();
                for (theme, confusion) in &cells {
                    lines.push(line(measure, Some(language), theme, **confusion));
                }
                let confusions: Vec<Confusion> = cells.iter().map(|(_, c)| **c).collect();
                lines.extend(averages(measure, Some(language), &confusions));
                all.extend(confusions);
            }
            lines.extend(averages(measure, None, &all));
        }
        lines
    }
}

fn line(measure: Measure, language: Option<Language>, theme: &str, confusion: Confusion) -> Line {
    Line {
        measure,
        language,
        theme: theme.to_string(),
        precision: confusion.precision(),
        recall: confusion.recall(),
        f1: confusion.f1(),
        confusion,
    }
}

/// The micro and macro lines of a set of cells.
fn averages(measure: Measure, language: Option<Language>, cells: &[Confusion]) -> [Line; 2] {
    let mut sum = Confusion::default();
    cells.iter().for_each(|c| sum.add(c));
    let micro = line(measure, language, "micro", sum);
    let f1s: Vec<f64> = cells
        .iter()
        .filter(|c| c.positives() > 0)
        .map(|c| c.f1().unwrap_or(0.0))
        .collect();
    let mean = |values: &[f64]| {
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    let precisions: Vec<f64> = cells
        .iter()
        .filter(|c| c.positives() > 0)
        .map(|c| c.precision().unwrap_or(0.0))
        .collect();
    let recalls: Vec<f64> = cells
        .iter()
        .filter(|c| c.positives() > 0)
        .filter_map(Confusion::recall)
        .collect();
    let macro_line = Line {
        measure,
        language,
        theme: "macro".to_string(),
        confusion: sum,
        precision: mean(&precisions),
        recall: mean(&recalls),
        f1: mean(&f1s),
    };
    [micro, macro_line]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(language: Language, themes: &[&str], ct: Option<&[&str]>) -> GoldItem {
        let owned = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        GoldItem {
            id: String::new(),
            language,
            text: "0123456789".into(),
            focus: 2..8,
            themes: owned(themes),
            ct_themes: ct.map(owned),
            line: 0,
        }
    }

    fn hit(theme: &str, at: usize, in_context: bool) -> Fired {
        Fired {
            theme: theme.into(),
            entry: "x".into(),
            bytes: at..at + 1,
            context: in_context.then(|| "terror*".to_string()),
        }
    }

    #[test]
    fn counts_agreements_per_measure_language_and_theme() {
        use Language::*;
        let items = [
            item(English, &["ftf"], Some(&["ftf"])),
            item(English, &["ftf", "weapons"], Some(&["weapons"])),
            item(English, &[], Some(&[])),
            item(Russian, &["ftf"], None),
        ];
        let fired = [
            vec![hit("ftf", 3, true)],
            vec![hit("ftf", 3, true), hit("weapons", 9, true)],
            vec![hit("ftf", 4, false)],
            vec![hit("ftf", 2, true)],
        ];
        let themes = ["ftf".to_string(), "weapons".to_string()];
        let scores = Scores::new(&items, &fired, &themes);
        let cell = |m, l, t: &str| scores.cells[&(m, l, t.to_string())];
        let c = |tp, fp, fn_| Confusion {
            true_positives: tp,
            false_positives: fp,
            false_negatives: fn_,
        };
        assert_eq!(cell(Measure::Topic, English, "ftf"), c(2, 1, 0));
        assert_eq!(cell(Measure::Topic, English, "weapons"), c(0, 0, 1));
        assert_eq!(cell(Measure::CounterTerrorism, English, "ftf"), c(1, 1, 0));
        assert_eq!(
            cell(Measure::CounterTerrorism, English, "weapons"),
            c(0, 0, 1)
        );
        assert_eq!(cell(Measure::Topic, Russian, "ftf"), c(1, 0, 0));
        assert_eq!(cell(Measure::CounterTerrorism, Russian, "ftf"), c(0, 0, 0));
        assert_eq!(scores.disagreements.len(), 4);

        let lines = scores.lines();
        let micro = lines
            .iter()
            .find(|l| {
                l.measure == Measure::Topic && l.language == Some(English) && l.theme == "micro"
            })
            .unwrap();
        assert_eq!(micro.confusion, c(2, 1, 1));
        assert_eq!(micro.precision, Some(2.0 / 3.0));
        let macro_line = lines
            .iter()
            .find(|l| {
                l.measure == Measure::Topic && l.language == Some(English) && l.theme == "macro"
            })
            .unwrap();
        assert_eq!(macro_line.f1, Some((0.8 + 0.0) / 2.0));
    }

    #[test]
    fn empty_cells_have_no_ratios() {
        let c = Confusion::default();
        assert_eq!((c.precision(), c.recall(), c.f1()), (None, None, None));
    }
}

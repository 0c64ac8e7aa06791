//! Cross-language parity: does a Russian text score like its English original?
//!
//! Reads line-aligned parallel text (line *n* of one file translates line *n* of the other), scans
//! both sides with the same compiled lexicon, and per theme compares hit totals and the presence
//! of the theme per line pair: precision, recall and F1 of Russian against English, and Cohen's
//! kappa. It can keep the line pairs on which the languages disagree, for an editor to read. It
//! never changes what is counted.

use std::io::{self, Write};
use std::path::Path;

use crate::error::Error;
use crate::matcher::{Matcher, Scanner};
use crate::report::csv::{write_table, CsvStyle};
use crate::report::{Cell, Column, Kind, Table};

/// Agreement of one theme between the two sides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThemeParity {
    pub(crate) en_hits: u64,
    pub(crate) ru_hits: u64,
    /// Line pairs where the theme fires on both sides.
    pub both: u64,
    /// … only in English.
    pub(crate) en_only: u64,
    /// … only in Russian.
    pub(crate) ru_only: u64,
    /// … on neither side.
    pub neither: u64,
}

fn ratio(numerator: u64, denominator: u64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

impl ThemeParity {
    /// Russian hits over English hits.
    pub(crate) fn hit_ratio(&self) -> Option<f64> {
        ratio(self.ru_hits, self.en_hits)
    }

    /// Of the lines where Russian fires, the share where English fires too.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.both, self.both + self.ru_only)
    }

    /// Of the lines where English fires, the share where Russian fires too.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.both, self.both + self.en_only)
    }

    pub(crate) fn f1(&self) -> Option<f64> {
        ratio(2 * self.both, 2 * self.both + self.en_only + self.ru_only)
    }

    /// Cohen's kappa of theme presence; `None` when chance agreement is total.
    pub fn kappa(&self) -> Option<f64> {
        let n = (self.both + self.en_only + self.ru_only + self.neither) as f64;
        if n == 0.0 {
            return None;
        }
        let observed = (self.both + self.neither) as f64 / n;
        let en = (self.both + self.en_only) as f64 / n;
        let ru = (self.both + self.ru_only) as f64 / n;
        let chance = en * ru + (1.0 - en) * (1.0 - ru);
        (chance < 1.0).then(|| (observed - chance) / (1.0 - chance))
    }
}

/// A line pair on which one theme fires on one side only (or with different hit counts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// 1-based line.
    pub line: usize,
    /// Index of the theme in [`Matcher::themes`].
    pub theme: usize,
    pub(crate) en_hits: u64,
    pub(crate) ru_hits: u64,
    pub(crate) en_text: String,
    pub(crate) ru_text: String,
    /// The entries that fired for the theme, per side.
    pub(crate) en_entries: Vec<String>,
    pub(crate) ru_entries: Vec<String>,
}

/// Parity of every theme of a matcher over a parallel text.
#[derive(Clone, Debug)]
pub struct Parity {
    /// Line pairs compared.
    pub lines: usize,
    /// Indexed like [`Matcher::themes`].
    pub themes: Vec<ThemeParity>,
    /// Line pairs where a theme's presence differs, in line and theme order (when asked for).
    pub disagreements: Vec<Disagreement>,
}

/// Hits and firing entries of each theme in one text.
fn hits(scanner: &mut Scanner, text: &str, themes: usize) -> (Vec<u64>, Vec<Vec<usize>>) {
    let mut counts = vec![0; themes];
    let mut entries = vec![Vec::new(); themes];
    scanner.scan(text, |m| {
        counts[m.theme] += 1;
        entries[m.theme].push(m.entry);
    });
    (counts, entries)
}

impl Parity {
    /// Compares aligned lines; `keep_disagreements` keeps the line pairs that differ.
    pub fn compare<'a>(
        matcher: &Matcher,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        keep_disagreements: bool,
    ) -> Parity {
        let themes = matcher.themes().len();
        let mut scanner = Scanner::new(matcher);
        let mut parity = Parity {
            lines: 0,
            themes: vec![ThemeParity::default(); themes],
            disagreements: Vec::new(),
        };
        let patterns = |entries: &[usize]| -> Vec<String> {
            entries
                .iter()
                .filter_map(|&e| matcher.entries().get(e))
                .map(|e| e.pattern.clone())
                .collect()
        };
        for (line, (en_text, ru_text)) in pairs.into_iter().enumerate() {
            parity.lines += 1;
            let (en, en_entries) = hits(&mut scanner, en_text, themes);
            let (ru, ru_entries) = hits(&mut scanner, ru_text, themes);
            for (theme, stats) in parity.themes.iter_mut().enumerate() {
                stats.en_hits += en[theme];
                stats.ru_hits += ru[theme];
                match (en[theme] > 0, ru[theme] > 0) {
                    (true, true) => stats.both += 1,
                    (true, false) => stats.en_only += 1,
                    (false, true) => stats.ru_only += 1,
                    (false, false) => stats.neither += 1,
                }
                if keep_disagreements && (en[theme] > 0) != (ru[theme] > 0) {
                    parity.disagreements.push(Disagreement {
                        line: line + 1,
                        theme,
                        en_hits: en[theme],
                        ru_hits: ru[theme],
                        en_text: en_text.to_string(),
                        ru_text: ru_text.to_string(),
                        en_entries: patterns(&en_entries[theme]),
                        ru_entries: patterns(&ru_entries[theme]),
                    });
                }
            }
        }
        parity
    }

    /// Reads two line-aligned files and compares them; they must have the same number of lines.
    pub fn from_files(
        matcher: &Matcher,
        en_path: &Path,
        ru_path: &Path,
        keep_disagreements: bool,
    ) -> Result<Parity, Error> {
        let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| Error::io(path, e));
        let (en, ru) = (read(en_path)?, read(ru_path)?);
        let (en_lines, ru_lines) = (en.lines().count(), ru.lines().count());
        if en_lines != ru_lines {
            return Err(Error::Usage(format!(
                "{} has {en_lines} lines but {} has {ru_lines}: parallel files must be \
                 line-aligned",
                en_path.display(),
                ru_path.display()
            )));
        }
        Ok(Parity::compare(
            matcher,
            en.lines().zip(ru.lines()),
            keep_disagreements,
        ))
    }

    /// Writes the per-theme table as aligned text.
    pub fn write_table(&self, matcher: &Matcher, mut out: impl Write) -> io::Result<()> {
        let width =
            crate::report::theme_column_width(matcher.themes().iter().map(|t| t.id.as_str()));
        writeln!(
            out,
            "{:width$}  {:>7} {:>7} {:>6}  {:>6} {:>6} {:>6}  {:>9} {:>6} {:>6} {:>6}",
            "theme",
            "en_hits",
            "ru_hits",
            "ru/en",
            "en_ln",
            "ru_ln",
            "both",
            "precision",
            "recall",
            "f1",
            "kappa"
        )?;
        let cell = |value: Option<f64>| value.map_or("-".to_string(), |v| format!("{v:.3}"));
        for (info, stats) in matcher.themes().iter().zip(&self.themes) {
            writeln!(
                out,
                "{:width$}  {:>7} {:>7} {:>6}  {:>6} {:>6} {:>6}  {:>9} {:>6} {:>6} {:>6}",
                info.id,
                stats.en_hits,
                stats.ru_hits,
                cell(stats.hit_ratio()),
                stats.both + stats.en_only,
                stats.both + stats.ru_only,
                stats.both,
                cell(stats.precision()),
                cell(stats.recall()),
                cell(stats.f1()),
                cell(stats.kappa())
            )?;
        }
        writeln!(out, "({} line pairs)", self.lines)
    }

    /// The per-theme table, one row a theme, as `write_table` prints it: undefined figures (a
    /// ratio over zero) are empty cells.
    pub fn table(&self, matcher: &Matcher) -> Table {
        let columns = [
            ("theme", Kind::Text),
            ("en_hits", Kind::Count),
            ("ru_hits", Kind::Count),
            ("ru_en_ratio", Kind::Statistic),
            ("en_lines", Kind::Count),
            ("ru_lines", Kind::Count),
            ("both", Kind::Count),
            ("precision", Kind::Share),
            ("recall", Kind::Share),
            ("f1", Kind::Share),
            ("kappa", Kind::Statistic),
            ("line_pairs", Kind::Count),
        ];
        let rows = matcher
            .themes()
            .iter()
            .zip(&self.themes)
            .map(|(info, stats)| {
                vec![
                    Cell::Text(info.id.clone()),
                    Cell::Count(stats.en_hits),
                    Cell::Count(stats.ru_hits),
                    Cell::Number(stats.hit_ratio()),
                    Cell::Count(stats.both + stats.en_only),
                    Cell::Count(stats.both + stats.ru_only),
                    Cell::Count(stats.both),
                    Cell::Number(stats.precision()),
                    Cell::Number(stats.recall()),
                    Cell::Number(stats.f1()),
                    Cell::Number(stats.kappa()),
                    Cell::Count(self.lines as u64),
                ]
            });
        Table {
            columns: columns.map(|(name, kind)| Column::new(name, kind)).to_vec(),
            rows: rows.collect(),
        }
    }

    /// Writes the per-theme table as CSV, its text neutralised like every CSV ctlex writes.
    pub fn write_csv(&self, matcher: &Matcher, out: impl Write) -> io::Result<()> {
        write_table(&self.table(matcher), CsvStyle::default(), out)
    }

    /// Writes the kept disagreements, each with both texts and the entries that fired.
    pub fn write_disagreements(&self, matcher: &Matcher, mut out: impl Write) -> io::Result<()> {
        for d in &self.disagreements {
            let id = matcher.themes().get(d.theme).map_or("?", |t| t.id.as_str());
            writeln!(
                out,
                "\nline {}  {id}  en {} ru {}",
                d.line, d.en_hits, d.ru_hits
            )?;
            for (tag, text, entries) in [
                ("EN", &d.en_text, &d.en_entries),
                ("RU", &d.ru_text, &d.ru_entries),
            ] {
                writeln!(out, "  {tag}: {text}")?;
                if !entries.is_empty() {
                    writeln!(out, "      fired: {}", entries.join(" | "))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lexicon;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn agreement_figures() {
        // 10 pairs: both 4, en only 1, ru only 1, neither 4.
        let stats = ThemeParity {
            en_hits: 6,
            ru_hits: 5,
            both: 4,
            en_only: 1,
            ru_only: 1,
            neither: 4,
        };
        assert!(close(stats.hit_ratio(), 5.0 / 6.0));
        assert!(close(stats.precision(), 0.8));
        assert!(close(stats.recall(), 0.8));
        assert!(close(stats.f1(), 0.8));
        // observed 0.8, chance 0.5*0.5 + 0.5*0.5 = 0.5, kappa 0.6.
        assert!(close(stats.kappa(), 0.6));
        assert_eq!(ThemeParity::default().kappa(), None);
        assert_eq!(ThemeParity::default().hit_ratio(), None);
    }

    #[test]
    fn compares_line_pairs_and_keeps_disagreements() {
        let lexicon = Lexicon::bundled().unwrap();
        let matcher = Matcher::new(&lexicon).unwrap();
        let ftf = matcher.themes().iter().position(|t| t.id == "ftf").unwrap();
        let pairs = [
            (
                "Foreign terrorist fighters returned home.",
                "Иностранные боевики-террористы вернулись домой.",
            ),
            ("The weather was fine.", "Погода была хорошей."),
            (
                "Foreign terrorist fighters travel abroad.",
                "Они выезжают за рубеж.",
            ),
        ];
        let parity = Parity::compare(&matcher, pairs, true);
        assert_eq!(parity.lines, 3);
        let stats = parity.themes[ftf];
        assert_eq!((stats.en_hits, stats.ru_hits), (2, 1));
        assert_eq!(
            (stats.both, stats.en_only, stats.ru_only, stats.neither),
            (1, 1, 0, 1)
        );
        let ftf_disagreements: Vec<&Disagreement> = parity
            .disagreements
            .iter()
            .filter(|d| d.theme == ftf)
            .collect();
        assert_eq!(ftf_disagreements.len(), 1);
        assert_eq!(ftf_disagreements[0].line, 3);
        assert_eq!(
            ftf_disagreements[0].en_entries,
            ["foreign terrorist fighter"]
        );
    }

    #[test]
    fn files_must_be_aligned() {
        let dir = tempfile::tempdir().unwrap();
        let (en, ru) = (dir.path().join("a.en"), dir.path().join("a.ru"));
        std::fs::write(&en, "one\ntwo\n").unwrap();
        std::fs::write(&ru, "один\n").unwrap();
        let matcher = Matcher::new(&Lexicon::bundled().unwrap()).unwrap();
        let err = Parity::from_files(&matcher, &en, &ru, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("has 2 lines but"), "{err}");
    }
}

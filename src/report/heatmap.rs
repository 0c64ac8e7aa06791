//! The groups × themes grid that the HTML report and the SVG heatmap draw: rates per 1,000 with
//! their intervals and keyness, and a colour per cell. By default colour is relative to the
//! highest rate of the whole table, so equal colours are equal rates wherever they stand; scaled
//! per column ([`HeatScale::Column`]), each column shows which groups stress that theme most, and
//! one hit in a rare theme is as deep as the most frequent theme's top.

use crate::lexicon::ThemeInfo;
use crate::measures::{Denominator, Keyness, Rate};
use crate::tally::Tally;

/// What the colours of the heatmap are relative to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HeatScale {
    /// The highest rate of the whole table: colours compare across themes.
    #[default]
    Table,
    /// Each theme's highest rate: colours compare groups within a theme only.
    Column,
}

impl HeatScale {
    /// What the colour of a cell means, in a sentence.
    pub(crate) fn explained(self, highest: f64) -> String {
        match self {
            HeatScale::Table => format!(
                "Colour: the rate against the highest of the whole table ({}), so equal colours \
                 are equal rates.",
                super::decimal(highest)
            ),
            HeatScale::Column => "Colour: the rate against its theme's highest group, so \
                                  colours compare groups within a theme only."
                .to_string(),
        }
    }
}

/// How the heatmap is drawn: what keys the groups, what rates are per 1,000 of, and how the
/// colours are scaled.
#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    /// The `--by` columns that key the groups.
    pub by: &'a [String],
    /// What rates are per 1,000 of.
    pub denominator: Denominator,
    /// What the colours are relative to.
    pub scale: HeatScale,
}

impl View<'_> {
    /// What the rates are per 1,000 of, in words: `tokens` or `content tokens`.
    pub(crate) fn unit(&self) -> &'static str {
        match self.denominator {
            Denominator::Tokens => "tokens",
            Denominator::Content => "content tokens",
        }
    }

    /// What the groups are, in words: the `--by` columns joined.
    pub(crate) fn groups(&self) -> String {
        self.by.join(" · ")
    }
}

/// One cell of the grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct HeatCell {
    pub hits: u64,
    pub rate: Option<Rate>,
    pub keyness: Option<Keyness>,
    /// The rate over the highest rate it is scaled against, from 0 to 1.
    pub level: f64,
}

/// Rows of cells, one row per group.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Heatmap {
    pub themes: Vec<String>,
    pub groups: Vec<String>,
    /// Units of the denominator per group.
    pub(crate) denominators: Vec<u64>,
    pub cells: Vec<Vec<HeatCell>>,
    /// The lowest and highest rates of the table (0 and 0 when no group has tokens).
    pub(crate) lowest: f64,
    pub(crate) highest: f64,
}

impl Heatmap {
    pub(crate) fn new(
        themes: &[ThemeInfo],
        tally: &Tally,
        denominator: Denominator,
        scale: HeatScale,
    ) -> Heatmap {
        let total = tally.total();
        let total_base = denominator.of(&total);
        let hits_of = |hits: &[u64], i: usize| hits.get(i).copied().unwrap_or(0);
        let mut map = Heatmap {
            themes: themes.iter().map(|t| t.id.clone()).collect(),
            groups: Vec::new(),
            denominators: Vec::new(),
            cells: Vec::new(),
            lowest: 0.0,
            highest: 0.0,
        };
        for (key, counts) in tally.groups() {
            let base = denominator.of(counts);
            map.groups.push(key.0.join(" · "));
            map.denominators.push(base);
            map.cells.push(
                (0..themes.len())
                    .map(|i| {
                        let hits = hits_of(&counts.hits, i);
                        HeatCell {
                            hits,
                            rate: Rate::new(hits, base),
                            keyness: Keyness::new(
                                hits,
                                base,
                                hits_of(&total.hits, i) - hits,
                                total_base - base,
                            ),
                            level: 0.0,
                        }
                    })
                    .collect(),
            );
        }
        let rates = |theme: Option<usize>| {
            map.cells.iter().flat_map(move |row| {
                row.iter()
                    .enumerate()
                    .filter(move |(i, _)| theme.is_none_or(|t| t == *i))
                    .filter_map(|(_, cell)| cell.rate.map(|r| r.per_1000))
            })
        };
        map.highest = rates(None).fold(0.0, f64::max);
        map.lowest = rates(None).reduce(f64::min).unwrap_or(0.0);
        let highest: Vec<f64> = (0..themes.len())
            .map(|theme| match scale {
                HeatScale::Table => map.highest,
                HeatScale::Column => rates(Some(theme)).fold(0.0, f64::max),
            })
            .collect();
        for row in &mut map.cells {
            for (cell, &highest) in row.iter_mut().zip(&highest) {
                cell.level = match cell.rate {
                    Some(rate) if highest > 0.0 => rate.per_1000 / highest,
                    _ => 0.0,
                };
            }
        }
        map
    }
}

/// A colour from pale to deep blue for `level` from 0 to 1, as `#rrggbb`, and whether text on
/// it should be white.
pub fn colour(level: f64) -> (String, bool) {
    let level = level.clamp(0.0, 1.0);
    let (pale, deep) = ([0xF7, 0xFB, 0xFF], [0x08, 0x45, 0x94]);
    let mix = |i: usize| {
        let (a, b) = (f64::from(pale[i]), f64::from(deep[i]));
        (a + (b - a) * level).round() as u8
    };
    (
        format!("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2)),
        level > 0.55,
    )
}

/// `text` with the characters that HTML and XML give meaning to escaped, and those XML 1.0
/// forbids (control characters other than tab and line ends, U+FFFE, U+FFFF) replaced with
/// U+FFFD, so that a group or theme name can never make the page or the image invalid.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tally::GroupKey;

    fn two_groups() -> Tally {
        let mut tally = Tally::default();
        tally.record(GroupKey(vec!["x".into()]), 1000, &[4, 0]);
        tally.record(GroupKey(vec!["y".into()]), 500, &[1, 1]);
        tally
    }

    #[test]
    fn levels_are_relative_to_the_theme_maximum_when_scaled_per_column() {
        let themes = crate::report::test_themes(&["a", "b"]);
        let map = Heatmap::new(
            &themes,
            &two_groups(),
            Denominator::Tokens,
            HeatScale::Column,
        );
        assert_eq!(map.groups, ["x", "y"]);
        assert_eq!(map.cells[0][0].level, 1.0);
        assert_eq!(map.cells[1][0].level, 0.5);
        assert_eq!(map.cells[0][1].level, 0.0);
        assert_eq!(map.cells[1][1].level, 1.0);
        assert!(map.cells[0][0].keyness.unwrap().g2 > 0.0);
    }

    #[test]
    fn one_hit_in_a_rare_theme_is_pale_when_the_whole_table_sets_the_scale() {
        let themes = crate::report::test_themes(&["a", "b"]);
        let map = Heatmap::new(
            &themes,
            &two_groups(),
            Denominator::Tokens,
            HeatScale::Table,
        );
        // Rates: x 4 and 0, y 2 and 2 per 1,000.
        assert_eq!((map.lowest, map.highest), (0.0, 4.0));
        assert_eq!(map.cells[0][0].level, 1.0);
        assert_eq!(map.cells[1][0].level, 0.5);
        assert_eq!(map.cells[1][1].level, 0.5);
    }

    #[test]
    fn colours_and_escapes() {
        assert_eq!(colour(0.0), ("#f7fbff".to_string(), false));
        assert_eq!(colour(1.0), ("#084594".to_string(), true));
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape("a\u{1}b\u{ffff}\tc"), "a\u{fffd}b\u{fffd}\tc");
    }
}

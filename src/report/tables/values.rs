//! The wide table with the theme cells `--values` asks for: hits, rates, or the statements that
//! mention each theme, counted or as a share of the group's.

use crate::lexicon::ThemeInfo;
use crate::measures::{Denominator, Rate};
use crate::tally::{Counts, Tally};

use super::{per_group, ratio};
use crate::report::{Cell, Column, Kind, Rows};

/// What the theme cells of the wide table hold (`--values`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Values {
    /// Hits.
    #[default]
    Hits,
    /// Hits per 1,000 units of the denominator.
    Per1000,
    /// The share of the group's statements that mention the theme, from 0 to 1.
    Share,
    /// The statements that mention the theme.
    Statements,
}

impl Values {
    /// The name `--values` takes.
    pub fn name(self) -> &'static str {
        match self {
            Values::Hits => "hits",
            Values::Per1000 => "per_1000",
            Values::Share => "share",
            Values::Statements => "statements",
        }
    }

    /// What a theme's cell holds.
    fn kind(self) -> Kind {
        match self {
            Values::Hits | Values::Statements => Kind::Count,
            Values::Per1000 => Kind::Rate,
            Values::Share => Kind::Share,
        }
    }

    /// The cell of `hits` found in `mentions` of the group's statements (`counts`).
    fn cell(self, counts: &Counts, denominator: Denominator, hits: u64, mentions: u64) -> Cell {
        match self {
            Values::Hits => Cell::Count(hits),
            Values::Per1000 => {
                Cell::Number(Rate::new(hits, denominator.of(counts)).map(|r| r.per_1000))
            }
            Values::Share => ratio(mentions, counts.statements),
            Values::Statements => Cell::Count(mentions),
        }
    }
}

/// The name of the column of all themes together in the table of [`wide_values_rows`].
pub const ANY_THEME: &str = "any_theme";

/// One row per group, like [`wide`], with `values` in the theme cells: the `--by` columns,
/// `statements`, `tokens` (and `content_tokens` for rates per 1,000 content tokens), one column
/// per theme in counter-terrorism context, [`ANY_THEME`] (all themes together: their hits, or the
/// statements that mention any of them), then the same wherever the hits stand (`<theme>_all`,
/// `any_theme_all`).
pub fn wide_values_rows<'a>(
    by: &[String],
    themes: &'a [ThemeInfo],
    tally: &'a Tally,
    values: Values,
    denominator: Denominator,
) -> Rows<'a> {
    let kind = values.kind();
    let mut columns = Vec::new();
    for suffix in ["", "_all"] {
        columns.extend(
            themes
                .iter()
                .map(|t| Column::new(format!("{}{suffix}", t.id), kind)),
        );
        columns.push(Column::new(format!("{ANY_THEME}{suffix}"), kind));
    }
    let with_content = values == Values::Per1000 && denominator == Denominator::Content;
    per_group(by, columns, tally, with_content, move |counts, row| {
        let measures = [
            (&counts.hits, &counts.mentions, counts.mentions_any),
            (
                &counts.hits_all,
                &counts.mentions_all,
                counts.mentions_any_all,
            ),
        ];
        for (hits, mentions, mentions_any) in measures {
            let each = |i: usize| {
                let of = |v: &Vec<u64>| v.get(i).copied().unwrap_or(0);
                (of(hits), of(mentions))
            };
            row.extend((0..themes.len()).map(|i| {
                let (h, m) = each(i);
                values.cell(counts, denominator, h, m)
            }));
            row.push(values.cell(counts, denominator, hits.iter().sum(), mentions_any));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::csv::write_rows;
    use crate::report::tables::tests::{tally, themes};
    use crate::report::CsvStyle;
    use crate::tally::GroupKey;

    #[test]
    fn wide_values_choose_what_the_theme_cells_hold() {
        let by = ["speaker".to_string()];
        let (themes, mut tally) = (themes(), tally());
        tally.add(
            GroupKey(vec!["Mr. A".into()]),
            &Counts::statement(600, 350, &[0, 2], &[1, 2]),
        );
        let table = |values, denominator| {
            let rows = wide_values_rows(&by, &themes, &tally, values, denominator);
            let mut out = Vec::new();
            write_rows(rows, CsvStyle::default(), &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let header = "speaker,statements,tokens,a,b,any_theme,a_all,b_all,any_theme_all\n";
        // Mr. A: the statement of `tally()` (hits 3 and 1, all 4 and 1; no mentions recorded
        // for it, as it was added as a group) and one with hits 0 and 2, all 1 and 2.
        assert_eq!(
            table(Values::Hits, Denominator::Tokens),
            format!("{header}Mr. A,2,1000,3,3,6,5,3,8\nГ-н Б,1,0,0,0,0,0,0,0\n")
        );
        assert_eq!(
            table(Values::Statements, Denominator::Tokens),
            format!("{header}Mr. A,2,1000,0,1,1,1,1,1\nГ-н Б,1,0,0,0,0,0,0,0\n")
        );
        assert_eq!(
            table(Values::Share, Denominator::Tokens),
            format!("{header}Mr. A,2,1000,0,0.5,0.5,0.5,0.5,0.5\nГ-н Б,1,0,0,0,0,0,0,0\n")
        );
        assert_eq!(
            table(Values::Per1000, Denominator::Tokens),
            format!("{header}Mr. A,2,1000,3,3,6,5,3,8\nГ-н Б,1,0,,,,,,\n")
        );
        assert_eq!(
            table(Values::Per1000, Denominator::Content),
            "speaker,statements,tokens,content_tokens,a,b,any_theme,a_all,b_all,any_theme_all\n\
             Mr. A,2,1000,600,5,5,10,8.333333,5,13.333333\nГ-н Б,1,0,0,,,,,,\n"
        );
    }
}

//! The report tables, built from a tally: what every writer renders.

use std::rc::Rc;

use crate::lexicon::{EntryInfo, ThemeInfo};
use crate::matcher::Context;
use crate::measures::{ranks, Denominator, Keyness, Rate};
use crate::sink::Hit;
use crate::tally::{Counts, Tally};

use super::{Cell, Column, Kind, Rows, Table};

mod values;

pub use values::{wide_values_rows, Values, ANY_THEME};

/// Surface forms listed per entry in the terms table.
pub(crate) const TOP_FORMS: usize = 3;

fn group_columns(by: &[String]) -> Vec<Column> {
    by.iter()
        .map(|c| Column::new(c.as_str(), Kind::Text))
        .collect()
}

fn group_cells(values: &[String]) -> Vec<Cell> {
    values.iter().map(|v| Cell::Text(v.clone())).collect()
}

/// A theme's hits in counter-terrorism context.
fn hits(counts: &Counts, theme: usize) -> u64 {
    counts.hits.get(theme).copied().unwrap_or(0)
}

/// A theme's hits wherever they stand.
fn hits_all(counts: &Counts, theme: usize) -> u64 {
    counts.hits_all.get(theme).copied().unwrap_or(0)
}

fn ratio(numerator: u64, denominator: u64) -> Cell {
    Cell::Number((denominator > 0).then(|| numerator as f64 / denominator as f64))
}

/// One row per group: the `--by` columns, `statements`, `tokens`, hits per theme in
/// counter-terrorism context (a column named after the theme), then hits per theme wherever they
/// stand (`<theme>_all`).
pub fn wide(by: &[String], themes: &[ThemeInfo], tally: &Tally) -> Table {
    wide_rows(by, themes, tally).collect()
}

/// The rows of [`wide`], made one group at a time as they are taken.
pub fn wide_rows<'a>(by: &[String], themes: &'a [ThemeInfo], tally: &'a Tally) -> Rows<'a> {
    let mut columns: Vec<Column> = themes
        .iter()
        .map(|t| Column::new(t.id.as_str(), Kind::Count))
        .collect();
    columns.extend(
        themes
            .iter()
            .map(|t| Column::new(format!("{}_all", t.id), Kind::Count)),
    );
    per_group(by, columns, tally, false, move |counts, row| {
        row.extend((0..themes.len()).map(|i| Cell::Count(hits(counts, i))));
        row.extend((0..themes.len()).map(|i| Cell::Count(hits_all(counts, i))));
    })
}

/// One row per group: the `--by` columns, `statements`, `tokens`, `content_tokens`, then the
/// rate per 1,000 `denominator` units of each theme, headed `<theme>_per_1000` (per 1,000
/// tokens) or `<theme>_per_1000_content` (per 1,000 content tokens), so a rate is never taken
/// for a count.
pub fn rates(
    by: &[String],
    themes: &[ThemeInfo],
    tally: &Tally,
    denominator: Denominator,
) -> Table {
    let suffix = match denominator {
        Denominator::Tokens => "_per_1000",
        Denominator::Content => "_per_1000_content",
    };
    let columns = themes
        .iter()
        .map(|t| Column::new(format!("{}{suffix}", t.id), Kind::Rate))
        .collect();
    per_group(by, columns, tally, true, |counts, row| {
        row.extend((0..themes.len()).map(|theme| {
            let rate = Rate::new(hits(counts, theme), denominator.of(counts));
            Cell::Number(rate.map(|r| r.per_1000))
        }));
    })
    .collect()
}

/// One row per group with its sizes (`statements`, `tokens` and, `with_content`,
/// `content_tokens`), then the `columns` that `cells(counts, row)` appends.
fn per_group<'a>(
    by: &[String],
    columns: Vec<Column>,
    tally: &'a Tally,
    with_content: bool,
    cells: impl Fn(&Counts, &mut Vec<Cell>) + 'a,
) -> Rows<'a> {
    let mut all = group_columns(by);
    all.push(Column::new("statements", Kind::Count));
    all.push(Column::new("tokens", Kind::Count));
    if with_content {
        all.push(Column::new("content_tokens", Kind::Count));
    }
    all.extend(columns);
    let rows = tally.groups().map(move |(key, counts)| {
        let mut row = group_cells(&key.0);
        row.push(Cell::Count(counts.statements));
        row.push(Cell::Count(counts.tokens));
        if with_content {
            row.push(Cell::Count(counts.content_tokens));
        }
        cells(counts, &mut row);
        row
    });
    Rows {
        columns: all,
        rows: Box::new(rows),
    }
}

/// The columns of [`long`] after the `--by` columns.
pub(crate) const LONG_COLUMNS: [(&str, Kind); 13] = [
    ("theme", Kind::Text),
    ("hits", Kind::Count),
    ("hits_all", Kind::Count),
    ("tokens", Kind::Count),
    ("per_1000", Kind::Rate),
    ("share", Kind::Share),
    ("content_tokens", Kind::Count),
    ("per_1000_low", Kind::Rate),
    ("per_1000_high", Kind::Rate),
    ("rank", Kind::Count),
    ("g2", Kind::Statistic),
    ("p_value", Kind::Probability),
    ("log_ratio", Kind::Statistic),
];

/// One row per group and theme: hits in counter-terrorism context and wherever they stand, then,
/// for the hits in context, the rate per 1,000 `denominator` units with its exact Poisson 95%
/// interval, the share of the group's hits, the theme's rank within the group, and its keyness
/// against all other groups together.
pub fn long(by: &[String], themes: &[ThemeInfo], tally: &Tally, denominator: Denominator) -> Table {
    long_rows(by, themes, tally, denominator).collect()
}

/// The rows of [`long`], made one group at a time as they are taken: only the totals the
/// keyness needs are computed first.
pub fn long_rows<'a>(
    by: &[String],
    themes: &'a [ThemeInfo],
    tally: &'a Tally,
    denominator: Denominator,
) -> Rows<'a> {
    let mut columns = group_columns(by);
    columns.extend(
        LONG_COLUMNS
            .iter()
            .map(|&(name, kind)| Column::new(name, kind)),
    );
    let total = tally.total();
    let total_base = denominator.of(&total);
    let total_hits: Rc<[u64]> = (0..themes.len()).map(|i| hits(&total, i)).collect();
    let rows = tally.groups().flat_map(move |(key, counts)| {
        let base = denominator.of(counts);
        let group_hits: Vec<u64> = (0..themes.len()).map(|i| hits(counts, i)).collect();
        let group_ranks = ranks(&group_hits);
        let all_hits = counts.total_hits();
        let total_hits = Rc::clone(&total_hits);
        themes.iter().enumerate().map(move |(i, theme)| {
            let h = group_hits.get(i).copied().unwrap_or(0);
            let rate = Rate::new(h, base);
            let others = total_hits.get(i).copied().unwrap_or(0) - h;
            let keyness = Keyness::new(h, base, others, total_base - base);
            let mut row = group_cells(&key.0);
            row.extend([
                Cell::Text(theme.id.clone()),
                Cell::Count(h),
                Cell::Count(hits_all(counts, i)),
                Cell::Count(counts.tokens),
                Cell::Number(rate.map(|r| r.per_1000)),
                ratio(h, all_hits),
                Cell::Count(counts.content_tokens),
                Cell::Number(rate.map(|r| r.low)),
                Cell::Number(rate.map(|r| r.high)),
                Cell::Count(group_ranks.get(i).copied().unwrap_or(0) as u64),
                Cell::Number(keyness.map(|k| k.g2)),
                Cell::Number(keyness.map(|k| k.p_value)),
                Cell::Number(keyness.map(|k| k.log_ratio)),
            ]);
            row
        })
    });
    Rows {
        columns,
        rows: Box::new(rows),
    }
}

/// One row per group, theme and entry that caught anything: its hits in counter-terrorism context
/// and wherever they stand, and its most frequent surface forms with their hits (wherever they
/// stand). Entries are listed by hits in context, most first, then by all hits, then in lexicon
/// order.
pub fn terms(by: &[String], themes: &[ThemeInfo], entries: &[EntryInfo], tally: &Tally) -> Table {
    let mut columns = group_columns(by);
    columns.extend([
        Column::new("theme", Kind::Text),
        Column::new("entry", Kind::Text),
        Column::new("language", Kind::Text),
        Column::new("hits", Kind::Count),
        Column::new("hits_all", Kind::Count),
    ]);
    for n in 1..=TOP_FORMS {
        columns.push(Column::new(format!("form_{n}"), Kind::Text));
        columns.push(Column::new(format!("form_{n}_hits"), Kind::Count));
    }
    let mut rows = Vec::new();
    for (key, counts) in tally.groups() {
        let mut listed: Vec<_> = counts
            .entries
            .iter()
            .filter_map(|(&index, count)| Some((entries.get(index)?, index, count)))
            .collect();
        listed.sort_by_key(|(entry, index, count)| {
            let most = (
                std::cmp::Reverse(count.hits),
                std::cmp::Reverse(count.hits_all),
            );
            (entry.theme, most, *index)
        });
        for (entry, _, count) in listed {
            let mut row = group_cells(&key.0);
            row.extend([
                Cell::Text(
                    themes
                        .get(entry.theme)
                        .map_or_else(String::new, |t| t.id.clone()),
                ),
                Cell::Text(entry.pattern.clone()),
                Cell::Text(entry.language.code().to_string()),
                Cell::Count(count.hits),
                Cell::Count(count.hits_all),
            ]);
            let forms = count.top_forms(TOP_FORMS);
            for n in 0..TOP_FORMS {
                match forms.get(n) {
                    Some((form, hits)) => {
                        row.push(Cell::Text(form.to_string()));
                        row.push(Cell::Count(*hits));
                    }
                    None => row.extend([Cell::Text(String::new()), Cell::Number(None)]),
                }
            }
            rows.push(row);
        }
    }
    Table { columns, rows }
}

/// The columns of the matches table.
pub fn hit_columns(by: &[String]) -> Vec<Column> {
    let mut columns = vec![Column::new("statement", Kind::Text)];
    columns.extend(group_columns(by));
    columns.extend([
        Column::new("theme", Kind::Text),
        Column::new("entry", Kind::Text),
        Column::new("text", Kind::Text),
        Column::new("before", Kind::Text),
        Column::new("after", Kind::Text),
        Column::new("start", Kind::Count),
        Column::new("end", Kind::Count),
        Column::new("in_context", Kind::Text),
        Column::new("context", Kind::Text),
    ]);
    columns
}

/// One row of the matches table; `context_entries` are the matcher's, which name the context
/// word that licensed a hit.
pub fn hit_row(
    hit: &Hit,
    themes: &[ThemeInfo],
    entries: &[EntryInfo],
    context_entries: &[EntryInfo],
) -> Vec<Cell> {
    let mut row = vec![Cell::Text(hit.statement.clone())];
    row.extend(group_cells(&hit.group.0));
    row.extend([
        Cell::Text(
            themes
                .get(hit.theme)
                .map_or_else(String::new, |t| t.id.clone()),
        ),
        Cell::Text(
            entries
                .get(hit.entry)
                .map_or_else(String::new, |e| e.pattern.clone()),
        ),
        Cell::Text(hit.text.clone()),
        Cell::Text(hit.before.clone()),
        Cell::Text(hit.after.clone()),
        Cell::Count(hit.chars.start as u64),
        Cell::Count(hit.chars.end as u64),
        Cell::Text(hit.context.is_in().to_string()),
        Cell::Text(match hit.context {
            Context::Word(entry) => context_entries
                .get(entry)
                .map_or_else(String::new, |e| e.pattern.clone()),
            Context::Anywhere | Context::Outside => String::new(),
        }),
    ]);
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::csv::write_table;
    use crate::report::CsvStyle;
    use crate::tally::GroupKey;

    pub(super) fn themes() -> Vec<ThemeInfo> {
        crate::report::test_themes(&["a", "b"])
    }

    fn csv(table: &Table) -> String {
        let mut out = Vec::new();
        write_table(table, CsvStyle::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    pub(super) fn tally() -> Tally {
        let mut tally = Tally::default();
        let mut a = Counts {
            statements: 1,
            tokens: 400,
            content_tokens: 250,
            hits: vec![3, 1],
            hits_all: vec![4, 1],
            ..Counts::default()
        };
        a.entries.entry(0).or_default().add("fighters", true);
        a.entries.entry(0).or_default().add("fighter", false);
        tally.add(GroupKey(vec!["Mr. A".into()]), &a);
        tally.record(GroupKey(vec!["Г-н Б".into()]), 0, &[0, 0]);
        tally
    }

    #[test]
    fn wide_and_rates() {
        let by = ["speaker".to_string()];
        assert_eq!(
            csv(&wide(&by, &themes(), &tally())),
            "speaker,statements,tokens,a,b,a_all,b_all\nMr. A,1,400,3,1,4,1\nГ-н Б,1,0,0,0,0,0\n"
        );
        assert_eq!(
            csv(&rates(&by, &themes(), &tally(), Denominator::Content)),
            "speaker,statements,tokens,content_tokens,a_per_1000_content,b_per_1000_content\n\
             Mr. A,1,400,250,12,4\n\
             Г-н Б,1,0,0,,\n"
        );
    }

    #[test]
    fn long_starts_with_the_basic_columns() {
        let table = long(
            &["speaker".to_string()],
            &themes(),
            &tally(),
            Denominator::Tokens,
        );
        let text = csv(&table);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("speaker,theme,hits,hits_all,tokens,per_1000,share,"));
        assert!(lines[1].starts_with("Mr. A,a,3,4,400,7.5,0.75,250,"));
        assert!(lines[2].starts_with("Mr. A,b,1,1,400,2.5,0.25,250,"));
        // The only group with tokens has no other group to be compared with.
        assert!(lines[1].ends_with(",1,,,"), "{}", lines[1]);
        assert_eq!(lines[3], "Г-н Б,a,0,0,0,,,0,,,1,,,");
    }

    #[test]
    fn tables_written_row_by_row_are_the_tables_built_whole() {
        let by = ["speaker".to_string()];
        let (themes, tally) = (themes(), tally());
        for style in [
            CsvStyle::default(),
            CsvStyle {
                excel: true,
                delimiter: b';',
                neutralize: false,
                decimal_comma: true,
            },
        ] {
            let streamed = |rows: Rows| {
                let mut out = Vec::new();
                crate::report::csv::write_rows(rows, style, &mut out).unwrap();
                out
            };
            let whole = |table: &Table| {
                let mut out = Vec::new();
                write_table(table, style, &mut out).unwrap();
                out
            };
            assert_eq!(
                streamed(wide_rows(&by, &themes, &tally)),
                whole(&wide(&by, &themes, &tally))
            );
            for denominator in [Denominator::Tokens, Denominator::Content] {
                assert_eq!(
                    streamed(long_rows(&by, &themes, &tally, denominator)),
                    whole(&long(&by, &themes, &tally, denominator))
                );
            }
        }
    }

    #[test]
    fn terms_list_forms() {
        let entries = [EntryInfo {
            theme: 1,
            kind: crate::lexicon::EntryKind::Include,
            language: crate::Language::English,
            pattern: "fighter".into(),
        }];
        assert_eq!(
            csv(&terms(&["speaker".to_string()], &themes(), &entries, &tally())),
            "speaker,theme,entry,language,hits,hits_all,form_1,form_1_hits,form_2,form_2_hits,form_3,form_3_hits\n\
             Mr. A,b,fighter,en,1,2,fighter,1,fighters,1,,\n"
        );
    }
}

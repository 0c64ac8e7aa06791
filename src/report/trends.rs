//! Trends over time: small multiples, one panel per theme, a line per group, rates per 1,000 with
//! their exact 95% intervals as bands. Drawn from a tally whose `--by` has a time column (years,
//! sessions, dates); the other `--by` columns name the lines.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::lexicon::ThemeInfo;
use crate::measures::{Denominator, Rate};
use crate::tally::Tally;

use super::heatmap::escape;

/// The most lines a panel draws: the groups with the most hits; the others are named as left out.
pub const MAX_LINES: usize = 8;
/// Column names taken for time, whatever their values, before any column is tried by its values.
const TIME_NAMES: [&str; 7] = [
    "year",
    "session",
    "date",
    "month",
    "period",
    "meeting_date",
    "time",
];

const PANEL_WIDTH: f64 = 360.0;
const PANEL_HEIGHT: f64 = 210.0;
const COLUMNS: usize = 3;
/// Inside a panel: room for the title, the y labels and the x labels.
const PLOT_LEFT: f64 = 46.0;
const PLOT_RIGHT: f64 = 14.0;
const PLOT_TOP: f64 = 30.0;
const PLOT_BOTTOM: f64 = 34.0;
/// Rough width of a character of the legend font.
const CHAR_WIDTH: f64 = 7.0;
/// Ten colours that stay apart in print and for most colour-blind readers.
const PALETTE: [&str; MAX_LINES] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
];

/// Why a tally cannot be drawn over time.
#[derive(Debug, thiserror::Error)]
pub enum TrendsError {
    /// No `--by` column reads as time.
    #[error(
        "--trends needs a --by column of years, sessions or dates (a column named year, session \
         or date, or one whose every value is a number or a YYYY-MM-DD date); --by {0} has none"
    )]
    NoTimeColumn(String),
}

/// One group's line: its rate per theme at each time it has statements.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    label: String,
    hits: u64,
    /// Per theme, the points in time order.
    points: Vec<Vec<(f64, Rate)>>,
}

/// What the trends picture draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Trends {
    themes: Vec<ThemeInfo>,
    time_column: String,
    by_lines: String,
    /// Every time with statements, in order, with the label it came with.
    times: Vec<(f64, String)>,
    lines: Vec<Line>,
    left_out: usize,
    denominator: Denominator,
}

impl Trends {
    /// The lines of `tally`, counted `--by` the columns `by`.
    pub fn new(
        themes: &[ThemeInfo],
        by: &[String],
        tally: &Tally,
        denominator: Denominator,
    ) -> Result<Trends, TrendsError> {
        let keys: Vec<&[String]> = tally.groups().map(|(key, _)| key.0.as_slice()).collect();
        let time = time_column(by, &keys).ok_or_else(|| TrendsError::NoTimeColumn(by.join(",")))?;
        let mut times: Vec<(f64, String)> = Vec::new();
        let mut lines: Vec<Line> = Vec::new();
        let mut line_of: HashMap<String, usize> = HashMap::new();
        for (key, counts) in tally.groups() {
            let Some(at) = key.0.get(time).and_then(|v| time_value(v)) else {
                continue;
            };
            if !times.iter().any(|(t, _)| *t == at) {
                times.push((at, key.0[time].clone()));
            }
            let label = key
                .0
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != time)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join(" · ");
            let index = *line_of.entry(label.clone()).or_insert_with(|| {
                lines.push(Line {
                    label,
                    hits: 0,
                    points: vec![Vec::new(); themes.len()],
                });
                lines.len() - 1
            });
            let line = &mut lines[index];
            let base = denominator.of(counts);
            for (theme, points) in line.points.iter_mut().enumerate() {
                let hits = counts.hits.get(theme).copied().unwrap_or(0);
                line.hits += hits;
                if let Some(rate) = Rate::new(hits, base) {
                    points.push((at, rate));
                }
            }
        }
        times.sort_by(|a, b| a.0.total_cmp(&b.0));
        for line in &mut lines {
            for points in &mut line.points {
                points.sort_by(|a, b| a.0.total_cmp(&b.0));
            }
        }
        // The lines with the most hits, then by name, so that the picture is the same every run.
        lines.sort_by(|a, b| b.hits.cmp(&a.hits).then_with(|| a.label.cmp(&b.label)));
        let left_out = lines.len().saturating_sub(MAX_LINES);
        lines.truncate(MAX_LINES);
        lines.sort_by(|a, b| a.label.cmp(&b.label));
        let by_lines: Vec<&str> = by
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != time)
            .map(|(_, c)| c.as_str())
            .collect();
        Ok(Trends {
            themes: themes.to_vec(),
            time_column: by[time].clone(),
            by_lines: by_lines.join(", "),
            times,
            lines,
            left_out,
            denominator,
        })
    }

    /// Writes the picture as one SVG image.
    pub fn write_svg(&self, mut out: impl Write) -> io::Result<()> {
        let mut svg = String::new();
        self.render(&mut svg).map_err(io::Error::other)?;
        out.write_all(svg.as_bytes())?;
        out.flush()
    }

    /// Writes the picture in a self-contained HTML page.
    pub fn write_html(&self, mut out: impl Write) -> io::Result<()> {
        let mut svg = String::new();
        self.render(&mut svg).map_err(io::Error::other)?;
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{}</title>\n<style>body{{margin:16px;font-family:'DejaVu Sans',Helvetica,\
             Arial,sans-serif}}svg{{max-width:100%;height:auto}}@page{{size:landscape}}</style>\n\
             </head>\n<body>\n{svg}</body>\n</html>\n",
            escape(&self.title())
        )?;
        out.flush()
    }

    fn title(&self) -> String {
        format!(
            "Counter-terrorism hits per 1,000 {} by {}",
            self.unit(),
            self.time_column
        )
    }

    fn unit(&self) -> &'static str {
        match self.denominator {
            Denominator::Tokens => "tokens",
            Denominator::Content => "content tokens",
        }
    }

    fn render(&self, s: &mut String) -> std::fmt::Result {
        let rows = self.themes.len().div_ceil(COLUMNS).max(1);
        let width = PANEL_WIDTH * COLUMNS as f64 + 20.0;
        let legend = self.legend_rows(width - 20.0);
        let header = 76.0 + 20.0 * legend.len() as f64;
        let height = header + PANEL_HEIGHT * rows as f64 + 10.0;
        writeln!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\" font-family=\"'DejaVu Sans',Helvetica,Arial,\
             sans-serif\" font-size=\"12\" fill=\"#1b1f24\">\n\
             <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
        )?;
        writeln!(
            s,
            "<text x=\"10\" y=\"26\" font-size=\"18\" font-weight=\"bold\">{}</text>",
            escape(&self.title())
        )?;
        let lines_by = if self.by_lines.is_empty() {
            "one line for the whole corpus".to_string()
        } else {
            format!("one line per {}", self.by_lines)
        };
        let left_out = match self.left_out {
            0 => String::new(),
            n => format!(
                "; {n} more group{} with fewer hits not drawn (choose with --where)",
                if n == 1 { "" } else { "s" }
            ),
        };
        writeln!(
            s,
            "<text x=\"10\" y=\"46\" fill=\"#57606a\">{}; bands: exact 95% intervals; each \
             panel has its own scale{}.</text>",
            escape(&lines_by),
            escape(&left_out)
        )?;
        for (row, items) in legend.iter().enumerate() {
            let y = 68.0 + 20.0 * row as f64;
            for &(index, x) in items {
                let colour = PALETTE[index % PALETTE.len()];
                writeln!(
                    s,
                    "<line x1=\"{x}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" \
                     stroke-width=\"3\"/><text x=\"{}\" y=\"{}\">{}</text>",
                    y - 4.0,
                    x + 22.0,
                    y - 4.0,
                    x + 28.0,
                    y,
                    escape(&self.lines[index].label)
                )?;
            }
        }
        for (theme, info) in self.themes.iter().enumerate() {
            let x = 10.0 + PANEL_WIDTH * (theme % COLUMNS) as f64;
            let y = header + PANEL_HEIGHT * (theme / COLUMNS) as f64;
            self.panel(s, theme, info, x, y)?;
        }
        writeln!(s, "</svg>")
    }

    /// Places the legend's items in rows no wider than `width`: per row, (line index, x).
    fn legend_rows(&self, width: f64) -> Vec<Vec<(usize, f64)>> {
        let mut rows: Vec<Vec<(usize, f64)>> = Vec::new();
        let mut x = f64::INFINITY;
        for (index, line) in self.lines.iter().enumerate() {
            let item = 40.0 + CHAR_WIDTH * line.label.chars().count() as f64;
            if x + item > width {
                rows.push(Vec::new());
                x = 10.0;
            }
            if let Some(row) = rows.last_mut() {
                row.push((index, x));
            }
            x += item;
        }
        rows
    }

    fn panel(
        &self,
        s: &mut String,
        theme: usize,
        info: &ThemeInfo,
        x0: f64,
        y0: f64,
    ) -> std::fmt::Result {
        let (left, right) = (x0 + PLOT_LEFT, x0 + PANEL_WIDTH - PLOT_RIGHT);
        let (top, bottom) = (y0 + PLOT_TOP, y0 + PANEL_HEIGHT - PLOT_BOTTOM);
        let highest = self
            .lines
            .iter()
            .flat_map(|l| &l.points[theme])
            .map(|(_, rate)| rate.high)
            .fold(0.0, f64::max);
        let top_value = nice_ceiling(highest);
        let (first, last) = match (self.times.first(), self.times.last()) {
            (Some(first), Some(last)) => (first.0, last.0),
            _ => (0.0, 0.0),
        };
        let x_of = |t: f64| {
            if last > first {
                left + (t - first) / (last - first) * (right - left)
            } else {
                (left + right) / 2.0
            }
        };
        let y_of = |v: f64| bottom - v / top_value * (bottom - top);
        writeln!(
            s,
            "<g><text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">{}</text>\
             <text x=\"{}\" y=\"{}\" fill=\"#57606a\" font-size=\"11\" text-anchor=\"end\">{}\
             </text>",
            left,
            y0 + 18.0,
            escape(&info.id),
            right,
            y0 + 18.0,
            escape(&shorten(&info.label, label_room(&info.id, right - left)))
        )?;
        for step in 0..=4 {
            let value = top_value * f64::from(step) / 4.0;
            let y = y_of(value);
            writeln!(
                s,
                "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" \
                 stroke=\"{}\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" \
                 font-size=\"11\">{}</text>",
                if step == 0 { "#57606a" } else { "#e1e4e8" },
                left - 6.0,
                y + 4.0,
                tick_label(value)
            )?;
        }
        for (t, label) in self.x_ticks() {
            let x = x_of(t);
            writeln!(
                s,
                "<line x1=\"{x:.1}\" y1=\"{bottom}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#57606a\"/>\
                 <text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{}</text>",
                bottom + 4.0,
                bottom + 17.0,
                escape(label)
            )?;
        }
        for (index, line) in self.lines.iter().enumerate() {
            let colour = PALETTE[index % PALETTE.len()];
            for run in self.runs(&line.points[theme]) {
                let upper: Vec<String> = run
                    .iter()
                    .map(|(t, r)| format!("{:.1},{:.1}", x_of(*t), y_of(r.high)))
                    .collect();
                let lower: Vec<String> = run
                    .iter()
                    .rev()
                    .map(|(t, r)| format!("{:.1},{:.1}", x_of(*t), y_of(r.low)))
                    .collect();
                writeln!(
                    s,
                    "<polygon points=\"{} {}\" fill=\"{colour}\" fill-opacity=\"0.14\"/>",
                    upper.join(" "),
                    lower.join(" ")
                )?;
                let points: Vec<String> = run
                    .iter()
                    .map(|(t, r)| format!("{:.1},{:.1}", x_of(*t), y_of(r.per_1000)))
                    .collect();
                writeln!(
                    s,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" \
                     stroke-width=\"1.8\"><title>{}</title></polyline>",
                    points.join(" "),
                    escape(&line.label)
                )?;
                for (t, r) in run {
                    writeln!(
                        s,
                        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.4\" fill=\"{colour}\"/>",
                        x_of(*t),
                        y_of(r.per_1000)
                    )?;
                }
            }
        }
        writeln!(s, "</g>")
    }

    /// `points` cut where the group has no statements at a time between two of its points, so
    /// that no line crosses a gap.
    fn runs<'p>(&self, points: &'p [(f64, Rate)]) -> Vec<&'p [(f64, Rate)]> {
        let position = |t: f64| self.times.iter().position(|(at, _)| *at == t);
        let mut runs = Vec::new();
        let mut start = 0;
        for i in 1..=points.len() {
            let breaks = i == points.len()
                || match (position(points[i - 1].0), position(points[i].0)) {
                    (Some(a), Some(b)) => b != a + 1,
                    _ => true,
                };
            if breaks {
                runs.push(&points[start..i]);
                start = i;
            }
        }
        runs
    }

    /// At most eight labelled times, evenly spread, the first and the last among them.
    fn x_ticks(&self) -> Vec<(f64, &str)> {
        let n = self.times.len();
        let step = n.div_ceil(7).max(1);
        let mut indices: Vec<usize> = (0..n).step_by(step).collect();
        if let Some(&last) = indices.last() {
            if last != n - 1 {
                // A last label too close to the one before would overlap it.
                if (n - 1 - last) * 2 < step {
                    indices.pop();
                }
                indices.push(n - 1);
            }
        }
        indices
            .into_iter()
            .map(|i| (self.times[i].0, self.times[i].1.as_str()))
            .collect()
    }
}

/// Which of the `by` columns is time: one with a time name whose values read as time, or else
/// the first whose every value does.
fn time_column(by: &[String], keys: &[&[String]]) -> Option<usize> {
    let reads_as_time = |column: usize| {
        !keys.is_empty()
            && keys
                .iter()
                .all(|key| key.get(column).is_some_and(|v| time_value(v).is_some()))
    };
    let named = by.iter().position(|c| {
        let name = c.to_lowercase();
        TIME_NAMES.contains(&name.as_str()) || name.ends_with("_year") || name.ends_with("_date")
    });
    named
        .filter(|&c| reads_as_time(c))
        .or_else(|| (0..by.len()).find(|&c| reads_as_time(c)))
}

/// A time as a number: a number as it stands (a year, a session), or a date `YYYY-MM-DD` or
/// `YYYY-MM` as a year with its fraction.
fn time_value(value: &str) -> Option<f64> {
    let value = value.trim();
    if let Ok(number) = value.parse::<f64>() {
        return number.is_finite().then_some(number);
    }
    let mut parts = value.splitn(3, '-');
    let year: f64 = parts.next()?.parse::<u16>().ok()?.into();
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = match parts.next() {
        Some(day) => day.get(..2).unwrap_or(day).parse().ok()?,
        None => 1,
    };
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| year + (f64::from(month) - 1.0) / 12.0 + (f64::from(day) - 1.0) / 372.0)
}

/// The smallest of 1, 2, 2.5 and 5 times a power of ten at or above `value` (1 for zero).
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&candidate| candidate >= value * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// A tick's value with as many decimals as it needs (at most three).
fn tick_label(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// How many characters of a panel's label fit beside its theme id on a plot `width` wide (the id
/// in bold 14 px, the label in 11 px).
fn label_room(id: &str, width: f64) -> usize {
    let free = width - 9.0 * id.chars().count() as f64 - 16.0;
    (free / 6.2).max(0.0) as usize
}

/// `text` in at most `chars` characters, the last an ellipsis when cut.
fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let kept: String = text.chars().take(chars.saturating_sub(1)).collect();
    if kept.is_empty() {
        kept
    } else {
        kept + "…"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tally::GroupKey;

    fn key(values: &[&str]) -> GroupKey {
        GroupKey(values.iter().map(|v| v.to_string()).collect())
    }

    fn tally() -> Tally {
        let mut tally = Tally::default();
        tally.record(key(&["Россия", "2015"]), 1000, &[2, 0]);
        tally.record(key(&["Россия", "2016"]), 1000, &[4, 1]);
        tally.record(key(&["Россия", "2018"]), 2000, &[2, 0]);
        tally.record(key(&["United States", "2015"]), 1000, &[1, 3]);
        tally.record(key(&["United States", "2017"]), 1000, &[0, 2]);
        tally
    }

    #[test]
    fn the_time_column_is_found_by_its_name_or_its_values() {
        let by = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let keys: Vec<Vec<String>> = vec![by(&["France", "2015"]), by(&["Chad", "2016"])];
        let keys: Vec<&[String]> = keys.iter().map(Vec::as_slice).collect();
        assert_eq!(time_column(&by(&["delegation", "year"]), &keys), Some(1));
        assert_eq!(time_column(&by(&["delegation", "term"]), &keys), Some(1));
        let words: Vec<Vec<String>> = vec![by(&["France", "high"])];
        let words: Vec<&[String]> = words.iter().map(Vec::as_slice).collect();
        assert_eq!(time_column(&by(&["delegation", "year"]), &words), None);
        assert_eq!(time_value("2026-03-12").map(f64::floor), Some(2026.0));
        assert!(time_value("2026-03-12").unwrap() > time_value("2026-03-01").unwrap());
        assert_eq!(time_value("2026-13-01"), None);
        assert_eq!(time_value("79"), Some(79.0));
        assert_eq!(time_value("NaN"), None);
    }

    #[test]
    fn a_line_per_group_a_panel_per_theme_and_gaps_stay_gaps() {
        let themes = crate::report::test_themes(&["ftf", "weapons"]);
        let by = vec!["delegation".to_string(), "year".to_string()];
        let trends = Trends::new(&themes, &by, &tally(), Denominator::Tokens).unwrap();
        assert_eq!(trends.time_column, "year");
        assert_eq!(trends.lines.len(), 2);
        let mut out = Vec::new();
        trends.write_svg(&mut out).unwrap();
        let svg = String::from_utf8(out).unwrap();
        assert!(svg.contains("Counter-terrorism hits per 1,000 tokens by year"));
        assert!(svg.contains("one line per delegation"));
        assert!(svg.contains(">Россия</text>") && svg.contains(">United States</text>"));
        assert!(svg.contains(">ftf</text>") && svg.contains(">weapons</text>"));
        // Russia speaks in 2015, 2016 and 2018, the United States in 2015 and 2017: each has
        // two runs in each of the two panels, and no line crosses a year it was silent in.
        assert_eq!(svg.matches("<polyline").count(), 2 * (2 + 2));
        assert_eq!(svg.matches("<circle").count(), 2 * (3 + 2));
        assert!(svg.contains(">2015</text>") && svg.contains(">2018</text>"));
    }

    #[test]
    fn the_groups_beyond_the_most_drawn_are_named_as_left_out() {
        let themes = crate::report::test_themes(&["a"]);
        let mut tally = Tally::default();
        for g in 0..(MAX_LINES + 2) {
            tally.record(key(&[&format!("g{g:02}"), "2020"]), 1000, &[g as u64]);
        }
        let by = vec!["delegation".to_string(), "year".to_string()];
        let trends = Trends::new(&themes, &by, &tally, Denominator::Tokens).unwrap();
        assert_eq!(trends.lines.len(), MAX_LINES);
        assert!(!trends
            .lines
            .iter()
            .any(|l| l.label == "g00" || l.label == "g01"));
        let mut out = Vec::new();
        trends.write_html(&mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert!(page.contains("2 more groups with fewer hits not drawn"));
        assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<meta charset=\"utf-8\">"));
    }

    #[test]
    fn a_tally_without_time_is_refused_with_its_columns() {
        let themes = crate::report::test_themes(&["a"]);
        let mut tally = Tally::default();
        tally.record(key(&["France"]), 1000, &[1]);
        let by = vec!["delegation".to_string()];
        let error = Trends::new(&themes, &by, &tally, Denominator::Tokens).unwrap_err();
        assert!(error.to_string().contains("--by delegation has none"));
    }

    #[test]
    fn ceilings_and_ticks_read_well() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(0.37), 0.5);
        assert_eq!(nice_ceiling(2.2), 2.5);
        assert_eq!(nice_ceiling(5.0), 5.0);
        assert_eq!(nice_ceiling(7.1), 10.0);
        assert_eq!(tick_label(0.125), "0.125");
        assert_eq!(tick_label(2.0), "2");
        assert_eq!(shorten("Afghanistan", 11), "Afghanistan");
        assert_eq!(shorten("Afghanistan", 6), "Afgha…");
        assert_eq!(shorten("Afghanistan", 0), "");
    }
}

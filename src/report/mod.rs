//! Report writers: theme frequencies as CSV, wide (one row per group) or long (one row per group
//! and theme). Writers only format what the tally holds; they never count.
//!
//! Numbers are written in plain decimal notation with a `.` decimal point, at most six decimals;
//! a rate whose denominator is zero is an empty cell (NA in R and pandas), never a made-up zero.

mod problems;
mod turns;

use std::io::Write;

pub use problems::write_problems_csv;
pub use turns::{write_turns_csv, TURN_COLUMNS};

use crate::matcher::ThemeInfo;
use crate::tally::Tally;

/// The shape of the CSV report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// The `--by` columns, `statements`, `tokens`, then one column of hits per theme.
    #[default]
    Wide,
    /// The `--by` columns, `theme`, `hits`, `tokens`, `per_1000`, `share`.
    Long,
}

/// Writes `tally` as CSV.
pub fn write_csv(
    format: Format,
    by: &[String],
    themes: &[ThemeInfo],
    tally: &Tally,
    out: impl Write,
) -> csv::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    let mut header: Vec<&str> = by.iter().map(String::as_str).collect();
    match format {
        Format::Wide => {
            header.extend(["statements", "tokens"]);
            header.extend(themes.iter().map(|t| t.id.as_str()));
            writer.write_record(&header)?;
            for (key, counts) in tally.groups() {
                let mut row: Vec<String> = key.0.clone();
                row.push(counts.statements.to_string());
                row.push(counts.tokens.to_string());
                row.extend((0..themes.len()).map(|i| hits(&counts.hits, i).to_string()));
                writer.write_record(&row)?;
            }
        }
        Format::Long => {
            header.extend(["theme", "hits", "tokens", "per_1000", "share"]);
            writer.write_record(&header)?;
            for (key, counts) in tally.groups() {
                let total = counts.total_hits();
                for (i, theme) in themes.iter().enumerate() {
                    let hits = hits(&counts.hits, i);
                    let mut row: Vec<String> = key.0.clone();
                    row.push(theme.id.clone());
                    row.push(hits.to_string());
                    row.push(counts.tokens.to_string());
                    row.push(ratio(hits as f64 * 1000.0, counts.tokens));
                    row.push(ratio(hits as f64, total));
                    writer.write_record(&row)?;
                }
            }
        }
    }
    writer.flush()?;
    Ok(())
}

fn hits(hits: &[u64], theme: usize) -> u64 {
    hits.get(theme).copied().unwrap_or(0)
}

/// `numerator / denominator` in plain decimal, or an empty cell when the denominator is zero.
fn ratio(numerator: f64, denominator: u64) -> String {
    if denominator == 0 {
        return String::new();
    }
    decimal(numerator / denominator as f64)
}

/// A number with at most six decimals and no trailing zeros: `2.5`, `0.333333`, `0`.
pub fn decimal(value: f64) -> String {
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tally::GroupKey;

    fn themes() -> Vec<ThemeInfo> {
        ["a", "b"]
            .iter()
            .map(|id| ThemeInfo {
                id: id.to_string(),
                label: id.to_string(),
            })
            .collect()
    }

    fn write(format: Format, tally: &Tally) -> String {
        let mut out = Vec::new();
        write_csv(format, &["speaker".into()], &themes(), tally, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn decimals() {
        for (value, text) in [
            (2.5, "2.5"),
            (1.0 / 3.0, "0.333333"),
            (0.0, "0"),
            (12.0, "12"),
            (0.0000004, "0"),
        ] {
            assert_eq!(decimal(value), text);
        }
    }

    #[test]
    fn wide_and_long() {
        let mut tally = Tally::default();
        tally.record(GroupKey(vec!["Mr. A".into()]), 400, &[3, 1]);
        tally.record(GroupKey(vec!["Г-н Б".into()]), 0, &[0, 0]);
        assert_eq!(
            write(Format::Wide, &tally),
            "speaker,statements,tokens,a,b\nMr. A,1,400,3,1\nГ-н Б,1,0,0,0\n"
        );
        assert_eq!(
            write(Format::Long, &tally),
            "speaker,theme,hits,tokens,per_1000,share\n\
             Mr. A,a,3,400,7.5,0.75\n\
             Mr. A,b,1,400,2.5,0.25\n\
             Г-н Б,a,0,0,,\n\
             Г-н Б,b,0,0,,\n"
        );
    }
}

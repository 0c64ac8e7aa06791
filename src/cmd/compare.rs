//! The contrast `ctlex compare` writes: two groups of one run, theme by theme, as the main table
//! (wide or long), and handed to the other outputs (workbook sheet, report section, terms).

use ctlex::filter::split_values;
use ctlex::pipeline::Outcome;
use ctlex::report::compare::Comparison;
use ctlex::report::csv::write_table;
use ctlex::report::Format;
use ctlex::tally::{Counts, GroupKey, Tally};
use ctlex::Matcher;

use super::write_main;
use crate::config::AnalyzeConfig;
use crate::files::Batch;
use crate::outputs::Outputs;

/// What joins the values of a group named by several `--by` columns in column headers.
const NAME_JOIN: &str = "/";

/// The keys of the groups named `a` and `b`, refused when they are one group.
pub(super) fn keys(by: &[String], [a, b]: [&String; 2]) -> anyhow::Result<[GroupKey; 2]> {
    let (a_key, b_key) = (group_key(by, a)?, group_key(by, b)?);
    if a_key == b_key {
        anyhow::bail!("`compare {a} {b}` compares `{a}` with itself; name two different groups");
    }
    Ok([a_key, b_key])
}

/// Writes the contrast of the groups `a` and `b` of `outcome` as the main table, and returns it
/// for the other outputs.
pub(super) fn write<'a>(
    batch: &mut Batch,
    config: &AnalyzeConfig,
    [a_key, b_key]: &[GroupKey; 2],
    matcher: &Matcher,
    outcome: &'a Outcome,
    outputs: &Outputs,
) -> anyhow::Result<Comparison<'a>> {
    let by = &config.by;
    let (a, b) = (&a_key.0.join(","), &b_key.0.join(","));
    let filter = &config.reading.filter;
    let kept = |key: &GroupKey, name: &str| {
        find_group(&outcome.tally, by, key, name).map_err(|e| match &config.groups {
            Some(groups) => anyhow::anyhow!("{e} (grouped by --groups {groups})"),
            None if !filter.is_empty() => anyhow::anyhow!("{e} (kept by --where {filter})"),
            None => e,
        })
    };
    let (a_counts, b_counts) = (kept(a_key, a)?, kept(b_key, b)?);
    let mut tally = Tally::default();
    tally.add(a_key.clone(), a_counts);
    tally.add(b_key.clone(), b_counts);
    let comparison = Comparison {
        names: [a_key.0.join(NAME_JOIN), b_key.0.join(NAME_JOIN)],
        counts: [a_counts, b_counts],
        tally,
    };
    let (themes, denominator) = (matcher.themes(), outputs.denominator());
    let table = match config.format.table() {
        Some(Format::Long) => comparison.long(themes, denominator),
        _ => comparison.wide(themes, denominator),
    };
    write_main(batch, config.output.as_deref(), |out| {
        write_table(&table, outputs.style(), out)
    })?;
    if !config.quiet {
        for ((side, name), counts) in ["a", "b"]
            .iter()
            .zip(&comparison.names)
            .zip(comparison.counts)
        {
            say!(
                "ctlex: {side} = {name}: {} statements, {} tokens, {} content tokens",
                counts.statements,
                counts.tokens,
                counts.content_tokens
            );
        }
    }
    Ok(comparison)
}

/// The key of the group named `name`: its `--by` values, separated by commas, a comma inside a
/// value written `\,` or the value quoted, as `--where` reads them. With one `--by` column a
/// name with unescaped commas is taken whole, so `"Korea, Republic of"` needs no escaping.
fn group_key(by: &[String], name: &str) -> anyhow::Result<GroupKey> {
    let values = split_values(name).map_err(|e| anyhow::anyhow!("group `{name}` {e}"))?;
    if by.len() == 1 && values.len() > 1 {
        return Ok(GroupKey(vec![name.trim().to_string()]));
    }
    if values.len() != by.len() {
        anyhow::bail!(
            "group `{name}` has {} value(s), but --by names {} column(s) ({}); separate the \
             values with commas, and write a comma inside a value as `\\,`",
            values.len(),
            by.len(),
            by.join(",")
        );
    }
    Ok(GroupKey(values))
}

/// The counts of the group with `key`, named `name` by the user.
fn find_group<'t>(
    tally: &'t Tally,
    by: &[String],
    key: &GroupKey,
    name: &str,
) -> anyhow::Result<&'t Counts> {
    if let Some(counts) = tally.group(key) {
        return Ok(counts);
    }
    let known: Vec<String> = tally
        .groups()
        .take(12)
        .map(|(key, _)| match &key.0[..] {
            [value] => format!("`{value}`"),
            values => {
                let values: Vec<String> = values.iter().map(|v| v.replace(',', "\\,")).collect();
                format!("`{}`", values.join(","))
            }
        })
        .collect();
    anyhow::bail!(
        "no group `{name}` by {}; groups are: {}{}",
        by.join(","),
        known.join(", "),
        if tally.groups().count() > known.len() {
            ", …"
        } else {
            ""
        }
    )
}

//! The contrast `ctlex compare` writes: two groups of one run, theme by theme.

use ctlex::pipeline::Outcome;
use ctlex::report::{self, tables};
use ctlex::tally::{Counts, GroupKey, Tally};
use ctlex::Matcher;

use super::write_main;
use crate::config::AnalyzeConfig;
use crate::files::Batch;
use crate::outputs::Outputs;

/// Writes the contrast of the groups `a` and `b` of `outcome`.
pub(super) fn write<'a>(
    batch: &mut Batch,
    config: &AnalyzeConfig,
    [a, b]: [&String; 2],
    matcher: &Matcher,
    outcome: &'a Outcome,
    outputs: &Outputs,
) -> anyhow::Result<()> {
    let by = &config.by;
    let (a_counts, b_counts) = (
        find_group(&outcome.tally, by, a),
        find_group(&outcome.tally, by, b),
    );
    let filter = &config.reading.filter;
    let kept = |found: anyhow::Result<&'a Counts>| match found {
        Err(e) if !filter.is_empty() => Err(anyhow::anyhow!("{e} (kept by --where {filter})")),
        found => found,
    };
    let (a_counts, b_counts) = (kept(a_counts)?, kept(b_counts)?);
    let table = tables::compare(matcher.themes(), a_counts, b_counts, outputs.denominator());
    write_main(batch, config.output.as_deref(), |out| {
        report::csv::write_table(&table, outputs.style(), out)
    })?;
    if !config.quiet {
        for (side, name, counts) in [("a", a, a_counts), ("b", b, b_counts)] {
            say!(
                "ctlex: {side} = {name}: {} statements, {} tokens, {} content tokens",
                counts.statements,
                counts.tokens,
                counts.content_tokens
            );
        }
    }
    Ok(())
}

/// The counts of the group named `name` (its `--by` values, comma-separated for several).
fn find_group<'t>(tally: &'t Tally, by: &[String], name: &str) -> anyhow::Result<&'t Counts> {
    let values: Vec<String> = if by.len() == 1 {
        vec![name.to_string()]
    } else {
        name.split(',').map(|v| v.trim().to_string()).collect()
    };
    if let Some(counts) = tally.group(&GroupKey(values)) {
        return Ok(counts);
    }
    let known: Vec<String> = tally
        .groups()
        .take(12)
        .map(|(key, _)| format!("`{}`", key.0.join(",")))
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

//! `ctlex merge`: partial counts added up into the tables one run over all their inputs writes.

use std::cell::Cell;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use ctlex::partial;
use ctlex::plan::MainOutput;

use super::{
    batch_problems, claim_outputs, counted_summary, language_summary, lexicon_source, load_lexicon,
    output_file, warn_problems, write_counts,
};
use crate::config::MergeConfig;
use crate::files::Batch;
use crate::outputs::{Outputs, RunRecord};

/// The options of a merge with what the parts were counted from, for its manifest.
#[derive(serde::Serialize)]
struct MergeRecord<'a> {
    #[serde(flatten)]
    config: &'a MergeConfig,
    by: &'a [String],
    counted_from: &'a [String],
}

pub(super) fn run(config: &MergeConfig) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    for (flag, asked) in [
        ("--matches", &config.outputs.matches),
        ("--report", &config.outputs.report),
    ] {
        if asked.is_some() {
            anyhow::bail!(
                "{flag} needs the text of the statements, which partial counts do not hold: \
                 ask `ctlex analyze` for it"
            );
        }
    }
    // Held until the last file is in place, so that no other run mixes its files with these.
    let _locks = claim_outputs(
        "partial-count input",
        &config.parts,
        config.lexicons.as_deref(),
        config.output.as_deref(),
        config.errors.as_deref(),
        &config.outputs,
    )?;
    let (lexicon, matcher) = load_lexicon(config.lexicons.as_deref())?;
    let mut merger = partial::Merger::new(config.allow_overlap);
    for path in &config.parts {
        let part = partial::read(path, &matcher)?;
        merger.add(&path.display().to_string(), part)?;
    }
    let parts = merger.parts();
    let (header, outcome) = merger.finish().context("no partial counts to merge")?;
    let by = header.by.clone();
    let outputs = Outputs::prepare(&config.outputs, &by, &matcher)?;
    let output = output_file(config.output.as_deref());
    // Every file of the merge goes into place together at the end, the manifests last.
    let mut batch = Batch::default();
    write_counts(
        &mut batch,
        output,
        config.format,
        &header,
        &matcher,
        &outcome,
        &outputs,
    )?;
    batch_problems(
        &mut batch,
        config.errors.as_deref(),
        &outcome.problems,
        config.outputs.style.neutralize,
    )?;
    let mut notes = vec![format!(
        "added up from {parts} partial-count files (the inputs); the inputs they counted are \
         options.counted_from"
    )];
    if config.outputs.xlsx.is_some() {
        notes.push(
            "the matches sheet is empty: partial counts hold no hits in context \
             (`ctlex analyze --matches` writes them)"
                .to_string(),
        );
    }
    let options = MergeRecord {
        config,
        by: &header.by,
        counted_from: &header.inputs,
    };
    let record = RunRecord {
        lexicon: &lexicon,
        lexicon_source: lexicon_source(config.lexicons.as_deref()),
        inputs: &config.parts,
        input_hashing: Cell::new(outputs.hash_inputs(&config.parts, output)?),
        options: &options,
        started,
        main_output: output,
        // Partial counts always hold content tokens.
        plan: outputs.plan(MainOutput::Partial),
        encodings: &outcome.encodings,
        notes,
    };
    outputs.finish(batch, &by, &matcher, &outcome, None, &record)?;
    warn_problems(&outcome.problems);
    if !config.quiet {
        say!(
            "ctlex: merged {parts} parts in {:.2} s: {}; {:.1} MB of text; languages: {}",
            started.elapsed().as_secs_f64(),
            counted_summary(&outcome),
            outcome.bytes as f64 / 1e6,
            language_summary(&outcome.tally),
        );
    }
    Ok(super::exit_status(outcome.problems.len()))
}

//! `ctlex kwic`: one pattern's hits in their context, read, found and licensed exactly as
//! `analyze` counts a theme's hits, written as aligned lines or CSV while the corpus is read.

use std::cell::Cell;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use ctlex::corpus::Corpus;
use ctlex::kwic::{self, Concordance, CsvLines, KwicOptions, LineWriter, TextLines};
use ctlex::pipeline::{self, RunOptions};
use ctlex::plan::MainOutput;
use ctlex::{Lexicon, Matcher};

use super::{
    batch_problems, claim_outputs, counted_summary, inputs_or_default, lexicon_source, output_file,
    warn_problems,
};
use crate::cli::KwicFormat;
use crate::config::KwicConfig;
use crate::files::{Batch, PendingFile};
use crate::outputs::{Outputs, RunRecord};

/// Writes every hit of the pattern with its context.
pub(super) fn run(config: &KwicConfig) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let inputs = inputs_or_default(&config.inputs);
    let reading = &config.reading;
    // Held until the last file is in place, so that no other run mixes its files with these.
    let _locks = claim_outputs(
        "input",
        &inputs,
        config.lexicons.as_deref(),
        config.output.as_deref(),
        reading.errors.as_deref(),
        &config.outputs,
    )?;
    let base = match config.lexicons.as_deref() {
        Some(path) => Lexicon::load(path)?,
        None => Lexicon::bundled()?,
    };
    let lexicon = kwic::lexicon(&config.pattern, &base)?;
    let matcher = Matcher::new(&lexicon)?;
    let by = &config.by;
    let options = reading.read_options(&config.text_column, reading.required_columns(by));
    let corpus = Corpus::open(&inputs, options)?;

    let outputs = Outputs::prepare(&config.outputs, by, &matcher)?;
    let main_output = output_file(config.output.as_deref());
    let input_hashing = outputs.hash_inputs(&inputs, main_output)?;
    let file = main_output.map(PendingFile::create).transpose()?;
    let out: Box<dyn Write + Send> = match &file {
        Some(file) => Box::new(BufWriter::with_capacity(1 << 16, file.handle()?)),
        None => Box::new(BufWriter::new(io::stdout())),
    };
    let text = match config.format {
        KwicFormat::Text => true,
        KwicFormat::Csv => false,
        KwicFormat::Auto => main_output.is_none() && io::stdout().is_terminal(),
    };
    let lines: Box<dyn LineWriter + Send> = if text {
        Box::new(TextLines::new(out))
    } else {
        Box::new(CsvLines::new(out, config.outputs.style, by)?)
    };
    let sink = Concordance::new(
        KwicOptions {
            width: config.width,
            limit: config.limit,
            in_context_only: config.in_context,
        },
        matcher.context_entries(),
        lines,
    );
    let run_options = RunOptions {
        threads: super::analyze::threads(config.threads, config.quiet),
        matches: Some(&sink),
        counting: config.counting,
        ..RunOptions::default()
    };
    let outcome = pipeline::run_filtered(
        corpus,
        &matcher,
        by,
        &run_options,
        &reading.filter,
        &|_, _| {},
    );
    let outcome = super::finished_run(outcome, reading, config.outputs.style.neutralize)?;
    let (written, full) = sink.finish()?;

    let mut batch = Batch::default();
    batch_problems(
        &mut batch,
        reading.errors.as_deref(),
        &outcome.problems,
        config.outputs.style.neutralize,
    )?;
    if let Some(file) = file {
        batch.add(file);
    }
    let filtered = reading
        .filter
        .kept_note(outcome.tally.statements(), outcome.read);
    let record = RunRecord {
        lexicon: &lexicon,
        lexicon_source: lexicon_source(config.lexicons.as_deref()),
        inputs: &inputs,
        input_hashing: Cell::new(input_hashing),
        options: config,
        started,
        main_output,
        // The plan of a wide table, which counts no content tokens, as kwic does not.
        plan: outputs.plan(MainOutput::Wide),
        encodings: &outcome.encodings,
        notes: filtered.iter().cloned().collect(),
    };
    outputs.finish(batch, by, &matcher, &outcome, None, &record)?;

    warn_problems(&outcome.problems);
    if !config.quiet {
        let shown = if full {
            format!("the first {written} hits (--limit)")
        } else {
            format!("{written} hits")
        };
        say!("ctlex: kwic `{}`: {shown}", config.pattern.trim());
        if let Some(note) = filtered {
            say!("ctlex: {note}");
        }
        if !outcome.stopped {
            say!("ctlex: read {}", counted_summary(&outcome));
        }
    }
    Ok(super::exit_status(outcome.problems.len()))
}

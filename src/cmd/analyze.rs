//! `ctlex analyze` and `ctlex compare`: one run of the pipeline over the inputs, its main table
//! (or the contrast of two groups) and every extra output the options ask for.

use std::cell::Cell;
use std::io::{self, IsTerminal};
use std::mem::ManuallyDrop;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ctlex::corpus::Corpus;
use ctlex::partial;
use ctlex::pipeline::{self, Outcome, RunOptions};
use ctlex::report::compare::TwoGroups;
use ctlex::Matcher;
use indicatif::{ProgressBar, ProgressStyle};

use super::{
    batch_problems, claim_outputs, counted_summary, inputs_or_default, language_summary,
    lexicon_source, load_lexicon, output_file, warn_problems, write_counts,
};
use crate::config::AnalyzeConfig;
use crate::files::Batch;
use crate::outputs::{Outputs, RunRecord};

/// Counts and writes the table per group, or with `compare`, the contrast of two groups.
pub(super) fn run(config: &AnalyzeConfig) -> anyhow::Result<ExitCode> {
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
    let threads = threads(config.threads, config.quiet);
    let (lexicon, matcher) = load_lexicon(config.lexicons.as_deref())?;
    // Both last until the process exits: freeing them (every regex's syntax tree, every term's
    // tables) took millions of instructions at the end of every run, for nothing.
    let (lexicon, matcher) = (ManuallyDrop::new(lexicon), ManuallyDrop::new(matcher));
    let by = &config.by;
    let options = reading.read_options(&config.text_column, config.required_columns());
    let corpus = Corpus::open(&inputs, options)?;
    let outputs = Outputs::prepare(&config.outputs, by, &matcher)?;
    if !config.quiet {
        for choice in corpus.layouts() {
            say!(
                "ctlex: {}: layout {} ({})",
                choice.input.display(),
                choice.layout,
                choice.reason
            );
        }
    }

    let plan = outputs.plan(config.main_output());
    let compared = match &config.compare {
        Some([a, b]) => Some(super::compare::keys(by, [a, b])?),
        None => None,
    };
    let mut run_options = RunOptions {
        groups: config.groups.as_ref(),
        ..outputs.run_options(threads, &plan, config.counting)
    };
    // A comparison's hits are those of its two groups.
    let two_groups = compared
        .clone()
        .zip(run_options.matches)
        .map(|(keys, inner)| TwoGroups {
            inner,
            keys,
            groups: config.groups.as_ref(),
        });
    if let Some(two_groups) = &two_groups {
        run_options.matches = Some(two_groups);
    }
    let main_output = output_file(config.output.as_deref());
    let input_hashing = outputs.hash_inputs(&inputs, main_output)?;
    let progress = Progress::new(config.quiet, started);
    let on_batch = |bytes, statements| progress.batch(bytes, statements);
    let filter = &reading.filter;
    let outcome = pipeline::run_filtered(corpus, &matcher, by, &run_options, filter, &on_batch);
    progress.bar.finish_and_clear();
    let outcome = super::finished_run(outcome, reading, config.outputs.style.neutralize)?;
    // Every file of the run goes into place together at the end, the manifests last.
    let mut batch = Batch::default();
    batch_problems(
        &mut batch,
        reading.errors.as_deref(),
        &outcome.problems,
        config.outputs.style.neutralize,
    )?;

    let comparison = match &compared {
        None => {
            write_counts(
                &mut batch,
                config.output.as_deref(),
                config.format,
                &partial_header(config, &inputs, &matcher),
                &matcher,
                &outcome,
                &outputs,
            )?;
            None
        }
        Some(keys) => Some(super::compare::write(
            &mut batch, config, keys, &matcher, &outcome, &outputs,
        )?),
    };
    let filtered = filter.kept_note(super::statements_kept(&outcome), outcome.read);
    let ungrouped = config
        .groups
        .as_ref()
        .and_then(|groups| groups.ungrouped_note(outcome.ungrouped));
    let notes: Vec<String> = filtered.iter().chain(&ungrouped).cloned().collect();
    let record = RunRecord {
        lexicon: &lexicon,
        lexicon_source: lexicon_source(config.lexicons.as_deref()),
        inputs: &inputs,
        input_hashing: Cell::new(input_hashing),
        options: config,
        started,
        main_output,
        plan,
        encodings: &outcome.encodings,
        notes,
    };
    outputs.finish(batch, by, &matcher, &outcome, comparison.as_ref(), &record)?;

    warn_problems(&outcome.problems);
    report_notes(&outcome);
    if !config.quiet {
        say!(
            "ctlex: read {}; {:.1} MB in {:.2} s; languages: {}",
            counted_summary(&outcome),
            outcome.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64(),
            language_summary(&outcome.tally),
        );
        for note in filtered.iter().chain(&ungrouped) {
            say!("ctlex: {note}");
        }
    }
    Ok(super::exit_status(outcome.problems.len()))
}

/// The most worker threads a run starts: 4 per core, and never more than this.
const MAX_THREADS: usize = 256;

/// The worker threads to start for `--threads asked` (0: one per core): at most 4 per core and
/// [`MAX_THREADS`], with a note when fewer than asked.
pub(super) fn threads(asked: Option<usize>, quiet: bool) -> usize {
    let Some(asked) = asked else { return 0 };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = (4 * cores).min(MAX_THREADS);
    if asked <= most {
        return asked;
    }
    if !quiet {
        say!(
            "ctlex: note: --threads {asked} is more than this machine can use ({cores} cores); \
             running {most} threads"
        );
    }
    most
}

/// Tells what reading noted that is not a problem.
fn report_notes(outcome: &Outcome) {
    for remark in outcome.notes.remarks() {
        say!("ctlex: note: {remark}");
    }
    let unknown = outcome.notes.unknown_delegations();
    if !unknown.is_empty() {
        say!(
            "ctlex: note: {} delegation name(s) not in the delegation table, kept as written without delegation_iso3: {}",
            unknown.len(),
            unknown.join("; ")
        );
    }
}

/// The header of the partial counts of an `analyze` run.
fn partial_header(
    config: &AnalyzeConfig,
    inputs: &[std::path::PathBuf],
    matcher: &Matcher,
) -> partial::Header {
    partial::Header {
        lexicon_source: lexicon_source(config.lexicons.as_deref()),
        inputs: inputs.iter().map(|p| p.display().to_string()).collect(),
        text_column: config.text_column.clone(),
        layout: config.reading.layout.clone(),
        encoding: config.reading.encoding.clone(),
        ..partial::Header::new(matcher, &config.by, config.counting)
    }
}

/// A spinner with the statements read so far, on a terminal and unless `--quiet`.
struct Progress {
    bar: ProgressBar,
    started: Instant,
    bytes: AtomicU64,
    statements: AtomicU64,
}

impl Progress {
    fn new(quiet: bool, started: Instant) -> Progress {
        let bar = if quiet || !io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::new_spinner();
            bar.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("valid template"));
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        };
        Progress {
            bar,
            started,
            bytes: AtomicU64::new(0),
            statements: AtomicU64::new(0),
        }
    }

    /// Counts one batch analyzed.
    fn batch(&self, batch_bytes: u64, batch_statements: u64) {
        let bytes = self.bytes.fetch_add(batch_bytes, Ordering::Relaxed) + batch_bytes;
        let statements = self
            .statements
            .fetch_add(batch_statements, Ordering::Relaxed)
            + batch_statements;
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{statements} statements, {:.1} MB, {:.0} statements/s",
            bytes as f64 / 1e6,
            statements as f64 / seconds
        ));
    }
}

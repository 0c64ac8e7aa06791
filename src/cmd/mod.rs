//! One command per file: each takes its typed config, runs the library and reports to the
//! terminal. What every command shares (loading the lexicon, writing the main output, the summary
//! of problems and the exit status) lives here once.

mod analyze;
mod compare;
mod kwic;
mod lexicon;
mod merge;
mod parity;
mod split;
mod validate;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use ctlex::error::ProblemKind;
use ctlex::pipeline::Outcome;
use ctlex::{partial, report, Lexicon, Matcher, Problem, Tally};

use crate::cli::FormatArg;
use crate::config::{Config, OutputConfig, ReadingConfig};
use crate::files::{self, Batch};
use crate::outputs::Outputs;

/// Problems printed one by one before the rest are only counted.
const PROBLEMS_SHOWN: usize = 20;

/// The exit status of a run refused because another run is writing one of its outputs (75,
/// "try again later" in `sysexits.h`).
const BUSY: u8 = 75;

/// Runs the command `config` describes.
pub fn run(config: Config) -> anyhow::Result<ExitCode> {
    let result = match config {
        Config::Analyze(config) => analyze::run(&config),
        Config::Merge(config) => merge::run(&config),
        Config::Split(config) => split::run(&config),
        Config::Lexicon(command) => lexicon::run(&command),
        Config::Parity(args) => parity::run(&args).map(|()| ExitCode::SUCCESS),
        Config::Validate(args) => validate::run(&args),
        Config::Kwic(config) => kwic::run(&config),
    };
    match result {
        Err(e) => match e.downcast_ref::<files::Busy>() {
            Some(busy) => {
                say!("ctlex: error: {busy}");
                Ok(ExitCode::from(BUSY))
            }
            None => Err(e),
        },
        ok => ok,
    }
}

/// The lexicon at `path`, or the bundled one, compiled.
fn load_lexicon(path: Option<&Path>) -> anyhow::Result<(Lexicon, Matcher)> {
    let lexicon = match path {
        Some(path) => Lexicon::load(path)?,
        None => Lexicon::bundled().context("the bundled lexicons are invalid")?,
    };
    let matcher = Matcher::new(&lexicon)?;
    Ok((lexicon, matcher))
}

/// `bundled`, or the `--lexicons` path.
fn lexicon_source(path: Option<&Path>) -> String {
    path.map_or_else(|| "bundled".to_string(), |p| p.display().to_string())
}

/// The inputs given, or the `corpus` folder when none is.
fn inputs_or_default(inputs: &[PathBuf]) -> Vec<PathBuf> {
    if inputs.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        inputs.to_vec()
    }
}

/// The main output's file: `None` for standard output (no `-o`, or `-o -`, `/dev/stdout`).
fn output_file(path: Option<&Path>) -> Option<&Path> {
    path.filter(|path| !files::is_stdout(path))
}

/// Writes `write` to standard output.
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    write(&mut out).and_then(|()| out.flush())?;
    Ok(())
}

/// Writes to `path` atomically (a temporary file renamed into place), or to stdout.
fn write_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    match output_file(path) {
        Some(path) => files::write_file(path, write),
        None => write_stdout(write),
    }
}

/// Writes the main output to standard output now, or to its file in `batch`.
fn write_main(
    batch: &mut Batch,
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    match output_file(path) {
        Some(path) => batch.write(path, write),
        None => write_stdout(write),
    }
}

/// Writes every problem to `path` as CSV, at once (formula-like cells neutralised unless
/// `--raw-cells`).
fn write_problems(path: &Path, problems: &[Problem], neutralize: bool) -> anyhow::Result<()> {
    write_output(Some(path), |out| {
        report::write_problems_csv(problems, neutralize, out)
    })
}

/// Adds the `--errors` file, when asked for, to the files `batch` puts in place together.
fn batch_problems(
    batch: &mut Batch,
    path: Option<&Path>,
    problems: &[Problem],
    neutralize: bool,
) -> anyhow::Result<()> {
    match path {
        Some(path) => batch.write(path, |out| {
            report::write_problems_csv(problems, neutralize, out)
        }),
        None => Ok(()),
    }
}

/// Claims the outputs of a run before anything is read: refuses those that would overwrite one of
/// its `inputs` (`what` names them), its lexicons or one another, and two outputs sharing
/// standard output (`--errors` may share it with the main table: the problems come first); then
/// locks them all, so that no other run writes them until this one has put its files in place
/// (see [`files::lock_outputs`]; a run that finds one locked ends with [`BUSY`]). The locks are
/// held until the returned value is dropped.
fn claim_outputs(
    what: &str,
    inputs: &[PathBuf],
    lexicons: Option<&Path>,
    main: Option<&Path>,
    errors: Option<&Path>,
    outputs: &OutputConfig,
) -> anyhow::Result<files::OutputLocks> {
    let extras = outputs.named();
    let written = run_outputs(main, errors, outputs);
    refuse_overwriting(what, inputs, lexicons, &written)?;

    let mut stdout_taken = output_file(main).is_none().then_some("the main table");
    for (option, path) in extras {
        if !files::is_stdout(path) {
            continue;
        }
        if let Some(taken) = stdout_taken {
            anyhow::bail!(
                "`{option} {}` asks for standard output, which already carries {taken}; give                  {option} a file, or the main table one with -o",
                path.display()
            );
        }
        stdout_taken = Some(option);
    }
    let paths: Vec<&Path> = written.into_iter().map(|(_, path)| path).collect();
    files::lock_outputs(&paths)
}

/// Every output a run of `analyze` or `merge` names, with the option that names it.
fn run_outputs<'a>(
    main: Option<&'a Path>,
    errors: Option<&'a Path>,
    outputs: &'a OutputConfig,
) -> Vec<(&'static str, &'a Path)> {
    let mut written: Vec<(&str, &Path)> = main.map(|p| ("-o", p)).into_iter().collect();
    written.extend(errors.map(|p| ("--errors", p)));
    written.extend(outputs.named());
    written
}

/// Refuses, before anything is read, `written` outputs that would overwrite one of `inputs`
/// (`what` names them), a `metadata.csv` read beside a `.txt` input, the lexicons, or one another.
fn refuse_overwriting(
    what: &str,
    inputs: &[PathBuf],
    lexicons: Option<&Path>,
    written: &[(&str, &Path)],
) -> anyhow::Result<()> {
    let mut read: Vec<(&str, PathBuf)> = Vec::new();
    for input in inputs {
        read.push((what, input.clone()));
        if input.extension().is_some_and(|e| e == "txt") {
            let metadata = input.with_file_name("metadata.csv");
            if metadata.is_file() {
                read.push(("metadata", metadata));
            }
        }
    }
    read.extend(lexicons.map(|p| ("lexicon input (--lexicons)", p.to_path_buf())));
    let read: Vec<(&str, &Path)> = read.iter().map(|(w, p)| (*w, p.as_path())).collect();
    files::refuse_overlaps(&read, written)
}

/// Writes the main output of `analyze` or `merge` into `batch` (or to standard output): the
/// table `format` asks for, grouped by the header's `--by` columns, or the partial counts under
/// `header`.
fn write_counts(
    batch: &mut Batch,
    path: Option<&Path>,
    format: FormatArg,
    header: &partial::Header,
    matcher: &Matcher,
    outcome: &Outcome,
    outputs: &Outputs,
) -> anyhow::Result<()> {
    let (style, denominator) = (outputs.style(), outputs.denominator());
    write_main(batch, path, |out| match format.table() {
        Some(table) => report::write_csv_with(
            outputs.table(table),
            &header.by,
            matcher.themes(),
            &outcome.tally,
            denominator,
            style,
            out,
        ),
        None => partial::write(header, outcome, matcher.entries(), out),
    })
}

/// The outcome of a run that read its inputs to the end; with `--strict`, the first problem
/// instead, written to the `--errors` file when asked for, as the error that stops the run.
fn finished_run(
    outcome: Result<Outcome, ctlex::Error>,
    reading: &ReadingConfig,
    neutralize: bool,
) -> anyhow::Result<Outcome> {
    match outcome {
        Ok(outcome) => Ok(outcome),
        Err(ctlex::Error::Input(problem)) if reading.strict => {
            if let Some(path) = &reading.errors {
                write_problems(path, std::slice::from_ref(&problem), neutralize)?;
            }
            anyhow::bail!("{problem} (stopped by --strict)");
        }
        Err(e) => Err(e.into()),
    }
}

/// The exit status of a command that finished: 2 when some input was skipped or degraded.
fn exit_status(problems: usize) -> ExitCode {
    if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// Warns of `problems`, every one of them.
fn warn_each(problems: &[Problem]) {
    for problem in problems {
        say!("ctlex: warning: {problem}");
    }
}

/// Warns of the first problems with the input, and counts the rest.
fn warn_problems(problems: &[Problem]) {
    warn_each(problems.get(..PROBLEMS_SHOWN).unwrap_or(problems));
    if problems.len() > PROBLEMS_SHOWN {
        say!(
            "ctlex: warning: … and {} more problems",
            problems.len() - PROBLEMS_SHOWN
        );
    }
}

/// `en 13, ru 7 (7 detected)`: statements per language, or `none`.
fn language_summary(tally: &Tally) -> String {
    let languages: Vec<String> = tally
        .languages()
        .map(|(language, count)| match count.detected {
            0 => format!("{language} {}", count.statements),
            detected => format!("{language} {} ({detected} detected)", count.statements),
        })
        .collect();
    if languages.is_empty() {
        "none".to_string()
    } else {
        languages.join(", ")
    }
}

/// `skipped K: 2 binary, 1 empty` and, when some input was counted in a degraded form,
/// `counted with problems D: 1 degraded`.
fn problem_summary(problems: &[Problem]) -> String {
    let mut kinds: BTreeMap<ProblemKind, usize> = BTreeMap::new();
    for problem in problems {
        *kinds.entry(problem.kind).or_default() += 1;
    }
    let part = |skip: bool| {
        let counts: Vec<(String, usize)> = kinds
            .iter()
            .filter(|(kind, _)| kind.is_skip() == skip)
            .map(|(kind, n)| (format!("{n} {}", kind.name()), *n))
            .collect();
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        let names: Vec<String> = counts.into_iter().map(|(name, _)| name).collect();
        (total, names.join(", "))
    };
    let (skipped, skipped_kinds) = part(true);
    let (degraded, degraded_kinds) = part(false);
    let mut summary = match skipped {
        0 => "skipped 0".to_string(),
        n => format!("skipped {n}: {skipped_kinds}"),
    };
    if degraded > 0 {
        summary.push_str(&format!(
            "; counted with problems {degraded}: {degraded_kinds}"
        ));
    }
    summary
}

/// `N statements from F files; <problems>`: what a run or a merge counted.
/// The statements a run kept: counted (with `--groups` a statement counts in each of its
/// groups, but its language counts it once), and left out for being in no group.
fn statements_kept(outcome: &Outcome) -> u64 {
    let counted: u64 = outcome.tally.languages().map(|(_, c)| c.statements).sum();
    counted + outcome.ungrouped
}

fn counted_summary(outcome: &Outcome) -> String {
    format!(
        "{} statements from {} files; {}",
        statements_kept(outcome),
        outcome.files,
        problem_summary(&outcome.problems)
    )
}

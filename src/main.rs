//! The `ctlex` binary: argv → arguments → run → exit code. All counting lives in the library;
//! this file only wires it to files, the terminal and exit codes.

mod cli;
mod outputs;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use ctlex::corpus::{record, Corpus, Decoding, Issue, Layout, ReadOptions, TextEncoding};
use ctlex::lexicon::coverage::Coverage;
use ctlex::lexicon::{self, write_flat_csv, EntryKind};
use ctlex::parity::Parity;
use ctlex::pipeline::{self, VIRTUAL_COLUMNS};
use ctlex::{report, Language, Lexicon, Matcher, Scanner};
use indicatif::{ProgressBar, ProgressStyle};

use cli::{
    AnalyzeArgs, Cli, Command, CompareArgs, CoverageArgs, ExportArgs, ExportFormat, LexiconCommand,
    LexiconSource, LintArgs, ParityArgs, ReadingArgs, SplitArgs,
};
use ctlex::report::tables;
use ctlex::tally::{GroupKey, Tally};

/// Problems printed one by one before the rest are only counted.
const PROBLEMS_SHOWN: usize = 20;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if let Err(e) = outputs::remove_temporaries_on_interrupt() {
        eprintln!("ctlex: warning: an interrupted run may leave temporary files: {e}");
    }
    let result = match cli.command {
        Command::Analyze(args) => analyze(args, None),
        Command::Compare(CompareArgs { a, b, run }) => analyze(run, Some([a, b])),
        Command::Lexicon(LexiconCommand::List(source)) => list(&source).map(|()| ExitCode::SUCCESS),
        Command::Lexicon(LexiconCommand::Export(args)) => export(&args).map(|()| ExitCode::SUCCESS),
        Command::Lexicon(LexiconCommand::Lint(args)) => lint(&args),
        Command::Lexicon(LexiconCommand::Coverage(args)) => coverage(&args),
        Command::Parity(args) => parity(&args).map(|()| ExitCode::SUCCESS),
        Command::Split(args) => split(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ctlex: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn load_lexicon(source: &LexiconSource) -> anyhow::Result<(Lexicon, Matcher)> {
    let lexicon = match &source.lexicons {
        Some(path) => Lexicon::load(path)?,
        None => Lexicon::bundled().context("the bundled lexicons are invalid")?,
    };
    let matcher = Matcher::new(&lexicon)?;
    Ok((lexicon, matcher))
}

/// Counts and writes the table per group, or with `compare`, the contrast of two groups.
fn analyze(args: AnalyzeArgs, compare: Option<[String; 2]>) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let (lexicon, matcher) = load_lexicon(&args.lexicon)?;
    let by: Vec<String> = args.by.iter().map(|c| c.trim().to_string()).collect();
    if by.iter().any(String::is_empty) {
        anyhow::bail!("--by needs column names, e.g. --by delegation,language");
    }
    let inputs = inputs_or_default(&args.inputs);
    let options = ReadOptions {
        text_column: args.text_column.clone(),
        required_columns: by
            .iter()
            .filter(|c| !VIRTUAL_COLUMNS.contains(&c.as_str()))
            .cloned()
            .collect(),
        layout: layout_arg(&args.reading)?,
        decoding: Decoding {
            forced: encoding_arg(args.reading.encoding.as_deref())?,
            verbose: args.reading.verbose,
            ..Decoding::default()
        },
        strict: args.reading.strict,
    };
    let encodings = options.decoding.log.clone();
    let corpus = Corpus::open(&inputs, options)?;
    let outputs = outputs::Outputs::prepare(&args.outputs, &by, &matcher)?;
    if !args.quiet {
        for choice in corpus.layouts() {
            eprintln!(
                "ctlex: {}: layout {} ({})",
                choice.input.display(),
                choice.layout,
                choice.reason
            );
        }
    }
    let notes = corpus.notes();

    let progress = if args.quiet || !io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new_spinner();
        bar.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("valid template"));
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    };
    let (bytes, statements) = (AtomicU64::new(0), AtomicU64::new(0));
    let on_batch = |batch_bytes: u64, batch_statements: u64| {
        let bytes = bytes.fetch_add(batch_bytes, Ordering::Relaxed) + batch_bytes;
        let statements =
            statements.fetch_add(batch_statements, Ordering::Relaxed) + batch_statements;
        let seconds = started.elapsed().as_secs_f64().max(1e-3);
        progress.set_message(format!(
            "{statements} statements, {:.1} MB, {:.0} statements/s",
            bytes as f64 / 1e6,
            statements as f64 / seconds
        ));
    };
    // Content tokens cost a pass over the tokens: counted only where they are shown or used.
    let content = compare.is_some() || matches!(args.format, cli::FormatArg::Long);
    let run_options = outputs.run_options(args.threads.unwrap_or(0), content);
    let outcome = pipeline::run_with(corpus, &matcher, &by, &run_options, &on_batch);
    progress.finish_and_clear();
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(ctlex::Error::Input(problem)) if args.reading.strict => {
            if let Some(path) = &args.reading.errors {
                write_output(Some(path), |out| {
                    report::write_problems_csv(std::slice::from_ref(&problem), out)
                        .map_err(report::csv::io_error)
                })?;
            }
            anyhow::bail!("{problem} (stopped by --strict)");
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(path) = &args.reading.errors {
        write_output(Some(path), |out| {
            report::write_problems_csv(&outcome.problems, out).map_err(report::csv::io_error)
        })?;
    }

    let (style, denominator) = (outputs.style(), outputs.denominator());
    match &compare {
        None => write_output(args.output.as_deref(), |out| {
            report::write_csv_with(
                args.format.into(),
                &by,
                matcher.themes(),
                &outcome.tally,
                denominator,
                style,
                out,
            )
        })?,
        Some([a, b]) => {
            let (a_counts, b_counts) = (
                find_group(&outcome.tally, &by, a)?,
                find_group(&outcome.tally, &by, b)?,
            );
            let table = tables::compare(matcher.themes(), a_counts, b_counts, denominator);
            write_output(args.output.as_deref(), |out| {
                report::csv::write_table(&table, style, out)
            })?;
            if !args.quiet {
                for (side, name, counts) in [("a", a, a_counts), ("b", b, b_counts)] {
                    eprintln!(
                        "ctlex: {side} = {name}: {} statements, {} tokens, {} content tokens",
                        counts.statements, counts.tokens, counts.content_tokens
                    );
                }
            }
        }
    }
    let record = outputs::RunRecord {
        lexicon: &lexicon,
        lexicon_source: args
            .lexicon
            .lexicons
            .as_ref()
            .map_or_else(|| "bundled".to_string(), |p| p.display().to_string()),
        inputs: &inputs,
        options: options_record(&args, &by, compare.as_ref()),
        started,
        main_output: args.output.as_deref(),
        content,
        encodings: encodings.lock().map(|log| log.clone()).unwrap_or_default(),
    };
    outputs.finish(&by, &matcher, &outcome, &record)?;

    for problem in outcome.problems.iter().take(PROBLEMS_SHOWN) {
        eprintln!("ctlex: warning: {problem}");
    }
    if outcome.problems.len() > PROBLEMS_SHOWN {
        eprintln!(
            "ctlex: warning: … and {} more problems",
            outcome.problems.len() - PROBLEMS_SHOWN
        );
    }
    for remark in notes.remarks() {
        eprintln!("ctlex: note: {remark}");
    }
    let unknown = notes.unknown_delegations();
    if !unknown.is_empty() {
        eprintln!(
            "ctlex: note: {} delegation name(s) not in the delegation table, kept as written without delegation_iso3: {}",
            unknown.len(),
            unknown.join("; ")
        );
    }
    if !args.quiet {
        let languages: Vec<String> = outcome
            .tally
            .languages()
            .map(|(language, count)| match count.detected {
                0 => format!("{language} {}", count.statements),
                detected => format!("{language} {} ({detected} detected)", count.statements),
            })
            .collect();
        eprintln!(
            "ctlex: read {} statements from {} files; {}; {:.1} MB in {:.2} s; languages: {}",
            outcome.tally.statements(),
            outcome.files,
            problem_summary(&outcome.problems),
            outcome.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64(),
            if languages.is_empty() {
                "none".to_string()
            } else {
                languages.join(", ")
            },
        );
    }
    Ok(if outcome.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// The counts of the group named `name` (its `--by` values, comma-separated for several).
fn find_group<'t>(
    tally: &'t Tally,
    by: &[String],
    name: &str,
) -> anyhow::Result<&'t ctlex::tally::Counts> {
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

/// Every option of a run, for its manifest.
fn options_record(
    args: &AnalyzeArgs,
    by: &[String],
    compare: Option<&[String; 2]>,
) -> serde_json::Value {
    let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
    let o = &args.outputs;
    serde_json::json!({
        "command": if compare.is_some() { "compare" } else { "analyze" },
        "compare": compare,
        "inputs": args.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "lexicons": path(&args.lexicon.lexicons),
        "by": by,
        "format": format!("{:?}", args.format).to_lowercase(),
        "text_column": args.text_column,
        "threads": args.threads,
        "output": path(&args.output),
        "denominator": ctlex::measures::Denominator::from(o.denominator).name(),
        "terms": path(&o.terms),
        "matches": path(&o.matches),
        "xlsx": path(&o.xlsx),
        "report": path(&o.report),
        "heatmap": path(&o.heatmap),
        "excel": o.excel,
        "delimiter": o.delimiter,
        "decimal_comma": o.decimal_comma,
        "raw_cells": o.raw_cells,
    })
}

/// `skipped K: 2 binary, 1 empty` and, when some input was counted in a degraded form,
/// `counted with problems D: 1 degraded`.
fn problem_summary(problems: &[ctlex::Problem]) -> String {
    let mut kinds: std::collections::BTreeMap<ctlex::error::ProblemKind, usize> =
        std::collections::BTreeMap::new();
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

/// The `--layout` the user asked for, if any.
fn layout_arg(reading: &ReadingArgs) -> anyhow::Result<Option<Layout>> {
    match reading.layout.as_deref() {
        None | Some("auto") => Ok(None),
        Some(name) => Layout::from_name(name).map(Some).ok_or_else(|| {
            anyhow::anyhow!(
                "unknown layout `{name}`; use one of: auto, {}",
                Layout::NAMES.join(", ")
            )
        }),
    }
}

/// The `--encoding` the user forced, if any.
fn encoding_arg(name: Option<&str>) -> anyhow::Result<Option<TextEncoding>> {
    match name {
        None => Ok(None),
        Some(name) => TextEncoding::from_name(name).map(Some).ok_or_else(|| {
            anyhow::anyhow!(
                "unknown encoding `{name}`; use one of: utf-8, utf-16le, utf-16be, windows-1252, windows-1251, koi8-r"
            )
        }),
    }
}

/// `ctlex split`: each record's speaker turns as CSV.
fn split(args: &SplitArgs) -> anyhow::Result<ExitCode> {
    let forced = encoding_arg(args.encoding.as_deref())?;
    let mut records = Vec::with_capacity(args.inputs.len());
    let mut problems = 0;
    for path in &args.inputs {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let decoded = ctlex::corpus::decode::decode(&bytes, forced);
        if decoded.replaced > 0 {
            problems += 1;
            eprintln!(
                "ctlex: warning: {}: {} byte sequence(s) not valid {} replaced with U+FFFD",
                path.display(),
                decoded.replaced,
                decoded.decision.encoding
            );
        }
        let mut record = record::split(&decoded.text);
        if record.meeting.is_empty() {
            let name = path.file_name().map(|n| n.to_string_lossy());
            record.meeting = name
                .and_then(|n| record::meeting_from_file_name(&n))
                .unwrap_or_default();
        }
        if record.turns.is_empty() {
            problems += 1;
            eprintln!(
                "ctlex: warning: {}: no speaker header found; its text is one turn with empty speaker fields",
                path.display()
            );
        }
        records.push(record);
    }
    write_output(args.output.as_deref(), |out| {
        report::write_turns_csv(&records, out).map_err(report::csv::io_error)
    })?;
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn list(source: &LexiconSource) -> anyhow::Result<()> {
    let (lexicon, _) = load_lexicon(source)?;
    let mut out = io::stdout().lock();
    let width = lexicon
        .themes()
        .iter()
        .map(|t| t.id.len())
        .max()
        .unwrap_or(5)
        .max(5);
    writeln!(
        out,
        "{:width$}  {:>5} {:>5}  {:>7} {:>7}  label",
        "theme", "en", "ru", "excl en", "excl ru"
    )?;
    for theme in lexicon.themes() {
        let count = |kind, language| theme.entries_of(kind, language).count();
        writeln!(
            out,
            "{:width$}  {:>5} {:>5}  {:>7} {:>7}  {}",
            theme.id,
            count(EntryKind::Include, Language::English),
            count(EntryKind::Include, Language::Russian),
            count(EntryKind::Exclude, Language::English),
            count(EntryKind::Exclude, Language::Russian),
            theme.label
        )?;
    }
    Ok(())
}

fn export(args: &ExportArgs) -> anyhow::Result<()> {
    let (lexicon, _) = load_lexicon(&args.lexicon)?;
    match args.format {
        ExportFormat::FlatCsv => write_output(args.output.as_deref(), |out| {
            write_flat_csv(&lexicon, out).map_err(report::csv::io_error)
        }),
        ExportFormat::Yaml => write_output(args.output.as_deref(), |out| {
            lexicon::write_yaml(&lexicon, out)
        }),
    }
}

fn lint(args: &LintArgs) -> anyhow::Result<ExitCode> {
    let lexicon = match &args.path {
        Some(path) => Lexicon::load(path)?,
        None => Lexicon::bundled()?,
    };
    let findings = lexicon::lint::lint(&lexicon);
    let mut out = io::stdout().lock();
    for finding in &findings {
        writeln!(out, "{finding}")?;
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == lexicon::lint::Severity::Error)
        .count();
    let entries = lexicon.entries().count();
    let examples: usize = lexicon.themes().iter().map(|t| t.examples.len()).sum();
    eprintln!(
        "ctlex: linted {} themes, {entries} entries, {examples} examples: {errors} errors, {} \
         warnings",
        lexicon.themes().len(),
        findings.len() - errors
    );
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn coverage(args: &CoverageArgs) -> anyhow::Result<ExitCode> {
    let (_, matcher) = load_lexicon(&args.lexicon)?;
    let inputs = inputs_or_default(&args.inputs);
    let options = ReadOptions {
        text_column: args.text_column.clone(),
        ..ReadOptions::default()
    };
    let mut scanner = Scanner::new(&matcher);
    let mut coverage = Coverage::new(&matcher);
    let mut problems = 0;
    for item in Corpus::open(&inputs, options)? {
        match item {
            Ok(statement) => coverage.add(&mut scanner, &statement.text),
            Err(Issue::Problem(problem)) => {
                problems += 1;
                eprintln!("ctlex: warning: {problem}");
            }
            Err(Issue::Fatal(e)) => return Err(e.into()),
        }
    }
    write_output(args.output.as_deref(), |out| {
        coverage
            .write_csv(&matcher, args.top, out)
            .map_err(report::csv::io_error)
    })?;
    Ok(if problems > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn parity(args: &ParityArgs) -> anyhow::Result<()> {
    let (_, matcher) = load_lexicon(&args.lexicon)?;
    let theme = match &args.theme {
        Some(id) => Some(
            matcher
                .themes()
                .iter()
                .position(|t| &t.id == id)
                .with_context(|| format!("--theme: no theme `{id}` in the lexicon"))?,
        ),
        None => None,
    };
    let mut parity = Parity::from_files(&matcher, &args.en, &args.ru, args.disagreements)?;
    if let Some(theme) = theme {
        parity.disagreements.retain(|d| d.theme == theme);
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    parity.write_table(&matcher, &mut out)?;
    parity.write_disagreements(&matcher, &mut out)?;
    out.flush()?;
    Ok(())
}

/// The inputs given, or the `corpus` folder when none is.
fn inputs_or_default(inputs: &[PathBuf]) -> Vec<PathBuf> {
    if inputs.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        inputs.to_vec()
    }
}

/// Writes to `path` atomically (a temporary file renamed into place), or to stdout.
fn write_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let Some(path) = path else {
        let mut out = io::BufWriter::new(io::stdout().lock());
        write(&mut out).and_then(|()| out.flush())?;
        return Ok(());
    };
    outputs::write_file(path, write)
}

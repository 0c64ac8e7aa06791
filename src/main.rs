//! The `ctlex` binary: argv → arguments → run → exit code. All counting lives in the library;
//! this file only wires it to files, the terminal and exit codes.

mod cli;
mod outputs;

use std::cell::Cell;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use ctlex::audit::lint;
use ctlex::audit::parity::Parity;
use ctlex::corpus::{record, Corpus, Decoding, Issue, Layout, ReadOptions, TextEncoding};
use ctlex::lexicon::coverage::Coverage;
use ctlex::lexicon::{self, write_flat_csv, EntryKind};
use ctlex::partial;
use ctlex::pipeline::{self, VIRTUAL_COLUMNS};
use ctlex::{report, Language, Lexicon, Matcher, Scanner};
use indicatif::{ProgressBar, ProgressStyle};

use cli::{
    AnalyzeArgs, Cli, Command, CompareArgs, CoverageArgs, ExportArgs, ExportFormat, LexiconCommand,
    LexiconSource, LintArgs, MergeArgs, ParityArgs, ReadingArgs, SplitArgs,
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
        Command::Merge(args) => merge(&args),
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
    let partial = compare.is_none() && matches!(args.format, cli::FormatArg::Partial);
    let content = compare.is_some() || matches!(args.format, cli::FormatArg::Long) || partial;
    let mut run_options = outputs.run_options(args.threads.unwrap_or(0), content);
    // Partial counts hold everything any table of a merge can show.
    run_options.entries |= partial;
    let input_hashing = outputs.hash_inputs(&inputs, args.output.as_deref())?;
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
        None => write_counts(
            args.output.as_deref(),
            args.format,
            &partial_header(&args, &by, &inputs, &matcher),
            &matcher,
            &outcome,
            &outputs,
        )?,
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
        lexicon_source: lexicon_source(&args.lexicon),
        inputs: &inputs,
        input_hashing: Cell::new(input_hashing),
        options: options_record(&args, &by, compare.as_ref()),
        started,
        main_output: args.output.as_deref(),
        content,
        encodings: encodings.lock().map(|log| log.clone()).unwrap_or_default(),
        notes: Vec::new(),
    };
    outputs.finish(&by, &matcher, &outcome, &record)?;

    warn_problems(&outcome.problems);
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
        eprintln!(
            "ctlex: read {} statements from {} files; {}; {:.1} MB in {:.2} s; languages: {}",
            outcome.tally.statements(),
            outcome.files,
            problem_summary(&outcome.problems),
            outcome.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64(),
            language_summary(&outcome.tally),
        );
    }
    Ok(if outcome.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Warns of the first problems with the input, and counts the rest.
fn warn_problems(problems: &[ctlex::Problem]) {
    for problem in problems.iter().take(PROBLEMS_SHOWN) {
        eprintln!("ctlex: warning: {problem}");
    }
    if problems.len() > PROBLEMS_SHOWN {
        eprintln!(
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

/// `bundled`, or the `--lexicons` path.
fn lexicon_source(source: &LexiconSource) -> String {
    source
        .lexicons
        .as_ref()
        .map_or_else(|| "bundled".to_string(), |p| p.display().to_string())
}

/// Writes the main output of `analyze` or `merge`: the table `format` asks for, grouped by the
/// header's `--by` columns, or the partial counts under `header`.
fn write_counts(
    path: Option<&Path>,
    format: cli::FormatArg,
    header: &partial::Header,
    matcher: &Matcher,
    outcome: &pipeline::Outcome,
    outputs: &outputs::Outputs,
) -> anyhow::Result<()> {
    let (style, denominator) = (outputs.style(), outputs.denominator());
    write_output(path, |out| match format.table() {
        Some(table) => report::write_csv_with(
            table,
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

/// The header of the partial counts of an `analyze` run.
fn partial_header(
    args: &AnalyzeArgs,
    by: &[String],
    inputs: &[PathBuf],
    matcher: &Matcher,
) -> partial::Header {
    partial::Header {
        lexicon_source: lexicon_source(&args.lexicon),
        inputs: inputs.iter().map(|p| p.display().to_string()).collect(),
        text_column: args.text_column.clone(),
        layout: args.reading.layout.clone(),
        encoding: args.reading.encoding.clone(),
        ..partial::Header::new(matcher, by)
    }
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
    let path = display_path;
    let mut record = serde_json::json!({
        "command": if compare.is_some() { "compare" } else { "analyze" },
        "compare": compare,
        "inputs": args.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "lexicons": path(&args.lexicon.lexicons),
        "by": by,
        "format": format!("{:?}", args.format).to_lowercase(),
        "text_column": args.text_column,
        "threads": args.threads,
        "output": path(&args.output),
    });
    add_output_options(&mut record, &args.outputs);
    record
}

fn display_path(path: &Option<PathBuf>) -> Option<String> {
    path.as_ref().map(|p| p.display().to_string())
}

/// Adds the options of the extra outputs to a manifest's `options`.
fn add_output_options(record: &mut serde_json::Value, o: &cli::OutputArgs) {
    let path = display_path;
    let options = serde_json::json!({
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
    });
    if let (Some(record), serde_json::Value::Object(options)) = (record.as_object_mut(), options) {
        record.extend(options);
    }
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

/// `ctlex merge`: partial counts added up into the tables one run over all their inputs writes.
fn merge(args: &MergeArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    for (flag, asked) in [
        ("--matches", &args.outputs.matches),
        ("--report", &args.outputs.report),
    ] {
        if asked.is_some() {
            anyhow::bail!(
                "{flag} needs the text of the statements, which partial counts do not hold: \
                 ask `ctlex analyze` for it"
            );
        }
    }
    let (lexicon, matcher) = load_lexicon(&args.lexicon)?;
    let mut merger = partial::Merger::default();
    for path in &args.parts {
        let part = partial::read(path, &matcher)?;
        merger.add(&path.display().to_string(), part)?;
    }
    let parts = merger.parts();
    let (header, outcome) = merger.finish().context("no partial counts to merge")?;
    let by = header.by.clone();
    let outputs = outputs::Outputs::prepare(&args.outputs, &by, &matcher)?;
    let output = args.output.as_deref();
    write_counts(output, args.format, &header, &matcher, &outcome, &outputs)?;
    if let Some(path) = &args.errors {
        write_output(Some(path), |out| {
            report::write_problems_csv(&outcome.problems, out).map_err(io::Error::from)
        })?;
    }
    let mut notes = vec![format!(
        "added up from {parts} partial-count files (the inputs); the inputs they counted are \
         options.counted_from"
    )];
    if args.outputs.xlsx.is_some() {
        notes.push(
            "the matches sheet is empty: partial counts hold no hits in context \
             (`ctlex analyze --matches` writes them)"
                .to_string(),
        );
    }
    let record = outputs::RunRecord {
        lexicon: &lexicon,
        lexicon_source: lexicon_source(&args.lexicon),
        inputs: &args.parts,
        input_hashing: Cell::new(outputs.hash_inputs(&args.parts, args.output.as_deref())?),
        options: merge_options_record(args, &header),
        started,
        main_output: args.output.as_deref(),
        content: true,
        encodings: Default::default(),
        notes,
    };
    outputs.finish(&by, &matcher, &outcome, &record)?;
    warn_problems(&outcome.problems);
    if !args.quiet {
        eprintln!(
            "ctlex: merged {parts} parts in {:.2} s: {} statements from {} files; {}; {:.1} MB \
             of text; languages: {}",
            started.elapsed().as_secs_f64(),
            outcome.tally.statements(),
            outcome.files,
            problem_summary(&outcome.problems),
            outcome.bytes as f64 / 1e6,
            language_summary(&outcome.tally),
        );
    }
    Ok(if outcome.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Every option of a merge, for its manifest.
fn merge_options_record(args: &MergeArgs, header: &partial::Header) -> serde_json::Value {
    let mut record = serde_json::json!({
        "command": "merge",
        "parts": args.parts.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "lexicons": display_path(&args.lexicon.lexicons),
        "by": header.by,
        "format": format!("{:?}", args.format).to_lowercase(),
        "output": display_path(&args.output),
        "errors": display_path(&args.errors),
        "counted_from": header.inputs,
    });
    add_output_options(&mut record, &args.outputs);
    record
}

fn list(source: &LexiconSource) -> anyhow::Result<()> {
    let (lexicon, _) = load_lexicon(source)?;
    let mut out = io::stdout().lock();
    let width = report::theme_column_width(lexicon.themes().iter().map(|t| t.id.as_str()));
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
    let findings = lint::lint(&lexicon);
    let mut out = io::stdout().lock();
    for finding in &findings {
        writeln!(out, "{finding}")?;
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == lint::Severity::Error)
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

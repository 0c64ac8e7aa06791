//! The `ctlex` binary: argv → arguments → run → exit code. All counting lives in the library;
//! this file only wires it to files, the terminal and exit codes.

mod cli;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use ctlex::corpus::{Corpus, Issue, ReadOptions};
use ctlex::lexicon::coverage::Coverage;
use ctlex::lexicon::{self, write_flat_csv, EntryKind};
use ctlex::parity::Parity;
use ctlex::pipeline::{self, VIRTUAL_COLUMNS};
use ctlex::{report, Language, Lexicon, Matcher, Scanner};
use indicatif::{ProgressBar, ProgressStyle};

use cli::{
    AnalyzeArgs, Cli, Command, CoverageArgs, ExportArgs, ExportFormat, LexiconCommand,
    LexiconSource, LintArgs, ParityArgs,
};

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
    let result = match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Lexicon(LexiconCommand::List(source)) => list(&source).map(|()| ExitCode::SUCCESS),
        Command::Lexicon(LexiconCommand::Export(args)) => export(&args).map(|()| ExitCode::SUCCESS),
        Command::Lexicon(LexiconCommand::Lint(args)) => lint(&args),
        Command::Lexicon(LexiconCommand::Coverage(args)) => coverage(&args),
        Command::Parity(args) => parity(&args).map(|()| ExitCode::SUCCESS),
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

fn analyze(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let (_, matcher) = load_lexicon(&args.lexicon)?;
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
    };
    let corpus = Corpus::open(&inputs, options)?;

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
    let outcome = pipeline::run(corpus, &matcher, &by, args.threads.unwrap_or(0), &on_batch);
    progress.finish_and_clear();
    let outcome = outcome?;

    write_output(args.output.as_deref(), |out| {
        report::write_csv(
            args.format.into(),
            &by,
            matcher.themes(),
            &outcome.tally,
            out,
        )
        .map_err(io::Error::from)
    })?;

    for problem in outcome.problems.iter().take(PROBLEMS_SHOWN) {
        eprintln!("ctlex: warning: {problem}");
    }
    if outcome.problems.len() > PROBLEMS_SHOWN {
        eprintln!(
            "ctlex: warning: … and {} more problems",
            outcome.problems.len() - PROBLEMS_SHOWN
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
            "ctlex: read {} statements ({:.1} MB) in {:.2} s; languages: {}; problems: {}",
            outcome.tally.statements(),
            outcome.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64(),
            if languages.is_empty() {
                "none".to_string()
            } else {
                languages.join(", ")
            },
            outcome.problems.len()
        );
    }
    Ok(if outcome.problems.is_empty() {
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
            write_flat_csv(&lexicon, out).map_err(csv_io_error)
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
        required_columns: Vec::new(),
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
            .map_err(csv_io_error)
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

/// A CSV writer's error as the I/O error underneath it, so a closed pipe is seen as one.
fn csv_io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        kind => io::Error::other(format!("{kind:?}")),
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
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("cannot create a file in {}", folder.display()))?;
    {
        let mut out = io::BufWriter::new(temporary.as_file_mut());
        write(&mut out)
            .and_then(|()| out.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    temporary
        .persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

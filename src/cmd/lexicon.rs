//! `ctlex lexicon`: list, export, lint a lexicon, and measure what each entry catches.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ctlex::audit::{coverage, lint};
use ctlex::corpus::{Corpus, ReadOptions};
use ctlex::lexicon::{self, write_flat_csv, EntryKind};
use ctlex::report::CsvStyle;
use ctlex::{report, Language, Lexicon};

use super::{inputs_or_default, load_lexicon, refuse_overwriting, warn_each, write_output};
use crate::cli::{
    CodebookArgs, CoverageArgs, ExportArgs, ExportFormat, LexiconCommand, LexiconSource, LintArgs,
};

pub(super) fn run(command: &LexiconCommand) -> anyhow::Result<ExitCode> {
    match command {
        LexiconCommand::List(source) => list(source).map(|()| ExitCode::SUCCESS),
        LexiconCommand::Export(args) => export(args).map(|()| ExitCode::SUCCESS),
        LexiconCommand::Lint(args) => lint(args),
        LexiconCommand::Coverage(args) => coverage(args),
        LexiconCommand::Codebook(args) => codebook(args).map(|()| ExitCode::SUCCESS),
    }
}

/// Refuses an `-o` that is one of `inputs` or the lexicons, before anything is read.
fn refuse_output_over(
    inputs: &[PathBuf],
    lexicons: Option<&Path>,
    output: Option<&Path>,
) -> anyhow::Result<()> {
    let output: Vec<(&str, &Path)> = output.map(|p| ("-o", p)).into_iter().collect();
    refuse_overwriting("input", inputs, lexicons, &output)
}

fn codebook(args: &CodebookArgs) -> anyhow::Result<()> {
    refuse_output_over(
        &[],
        args.lexicon.lexicons.as_deref(),
        args.output.as_deref(),
    )?;
    let (lexicon, _) = load_lexicon(args.lexicon.lexicons.as_deref())?;
    let text = lexicon::codebook(&lexicon);
    write_output(args.output.as_deref(), |out| out.write_all(text.as_bytes()))
}

/// Says on stderr which files of the lexicon were read otherwise than as plain UTF-8, so that
/// a lexicon from a spreadsheet can be seen to have been read in the encoding it was saved in.
fn note_encodings(lexicon: &Lexicon) {
    for (file, decision) in lexicon.read_as() {
        say!("ctlex: note: read {file} as {decision}");
    }
}

fn list(source: &LexiconSource) -> anyhow::Result<()> {
    let (lexicon, _) = load_lexicon(source.lexicons.as_deref())?;
    note_encodings(&lexicon);
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
    refuse_output_over(
        &[],
        args.lexicon.lexicons.as_deref(),
        args.output.as_deref(),
    )?;
    if args.excel && !matches!(args.format, ExportFormat::FlatCsv) {
        anyhow::bail!("--excel shapes a flat CSV: use it with --format flat-csv (the default)");
    }
    let (lexicon, _) = load_lexicon(args.lexicon.lexicons.as_deref())?;
    match args.format {
        ExportFormat::FlatCsv => {
            let style = CsvStyle {
                excel: args.excel,
                ..CsvStyle::default()
            };
            write_output(args.output.as_deref(), |out| {
                write_flat_csv(&lexicon, style, out)
            })
        }
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
    note_encodings(&lexicon);
    // The context and procedural lexicons are linted as lexicons of their own: their examples
    // must make them fire, like a theme's.
    let beside: Vec<Lexicon> = [lexicon.context(), lexicon.procedural()]
        .into_iter()
        .flatten()
        .map(|theme| Lexicon::new(vec![theme.clone()]))
        .collect::<Result<_, _>>()?;
    let mut out = io::stdout().lock();
    let (mut errors, mut warnings, mut entries, mut examples) = (0, 0, 0, 0);
    for lexicon in std::iter::once(&lexicon).chain(&beside) {
        let findings = lint::lint(lexicon);
        for finding in &findings {
            writeln!(out, "{finding}")?;
        }
        let found_errors = findings
            .iter()
            .filter(|f| f.severity == lint::Severity::Error)
            .count();
        errors += found_errors;
        warnings += findings.len() - found_errors;
        entries += lexicon.entries().count();
        examples += lexicon
            .themes()
            .iter()
            .map(|t| t.examples.len())
            .sum::<usize>();
    }
    say!(
        "ctlex: linted {} themes and {} lexicons beside them, {entries} entries, {examples} \
         examples: {errors} errors, {warnings} warnings",
        lexicon.themes().len(),
        beside.len()
    );
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn coverage(args: &CoverageArgs) -> anyhow::Result<ExitCode> {
    let inputs = inputs_or_default(&args.inputs);
    refuse_output_over(
        &inputs,
        args.lexicon.lexicons.as_deref(),
        args.output.as_deref(),
    )?;
    let (_, matcher) = load_lexicon(args.lexicon.lexicons.as_deref())?;
    let options = ReadOptions {
        text_column: args.text_column.clone(),
        ..ReadOptions::default()
    };
    let (coverage, outcome) = coverage::run(Corpus::open(&inputs, options)?, &matcher, 0)?;
    warn_each(&outcome.problems);
    write_output(args.output.as_deref(), |out| {
        coverage.write_csv(&matcher, args.top, out)
    })?;
    Ok(super::exit_status(outcome.problems.len()))
}

//! Command-line arguments (clap derive) and their translation into what the library needs.
//! Nothing here reads a corpus or counts anything.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use ctlex::report::Format;

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  usage error or fatal error (bad lexicon, missing input, missing --by column)
  2  finished, but some input was skipped or degraded (each problem is reported on stderr;
     with --strict the first problem stops the run with 1)

Examples:
  ctlex analyze                                  # the corpus/ folder, per speaker, wide CSV
  ctlex analyze debate.csv --by delegation -o themes.csv
  ctlex analyze speeches/ --by delegation,language --format long
  ctlex analyze statements.jsonl --text-column body --by doc
  ctlex analyze corpus/ --lexicons my-lexicon.csv
  ctlex lexicon list
  ctlex lexicon export --format flat-csv -o lexicon.csv
  ctlex analyze unsc/ --by delegation_iso3       # Security Council speeches, layout detected
  ctlex analyze ungdc/ --by delegation_iso3,year # General Debate corpus
  ctlex split S_PV.8500.txt -o turns.csv         # a meeting record's speaker turns";

/// Theme frequencies of English and Russian UN counter-terrorism statements.
#[derive(Debug, Parser)]
#[command(name = "ctlex", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Count theme hits per group and write them as CSV.
    #[command(after_help = AFTER_HELP)]
    Analyze(AnalyzeArgs),
    /// Inspect and convert lexicons.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
    /// Split verbatim meeting records into speaker turns and write them as CSV.
    Split(SplitArgs),
}

#[derive(Debug, Args)]
pub struct LexiconSource {
    /// A folder of TOML theme files, one TOML file, or a flat CSV/TSV (theme,language,pattern)
    /// that replaces the bundled lexicons.
    #[arg(long, value_name = "PATH")]
    pub lexicons: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Folders of .txt files, .txt, .csv, .tsv or .jsonl files [default: corpus]
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    #[command(flatten)]
    pub lexicon: LexiconSource,

    /// Metadata columns to group by, comma-separated; `doc` gives one row per statement,
    /// `language` the statement's given or detected language, `file` its file.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "speaker",
        value_name = "COLUMNS"
    )]
    pub by: Vec<String>,

    /// Output shape: wide (one row per group) or long (one row per group and theme).
    #[arg(long, value_enum, default_value_t = FormatArg::Wide)]
    pub format: FormatArg,

    /// Column (CSV/TSV) or field (JSONL) holding the statement text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_column: String,

    /// Worker threads [default: one per core]
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// Write the CSV to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// No progress bar and no summary on stderr (problems are still reported).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    #[command(flatten)]
    pub reading: ReadingArgs,
}

/// How inputs are read: layout, encoding, and what to do with problems.
#[derive(Debug, Args)]
pub struct ReadingArgs {
    /// Layout of folders and .txt files: text, unsc (Security Council speeches), ungdc
    /// (General Debate), record (whole meeting records) [default: detected]
    #[arg(long, value_name = "LAYOUT")]
    pub layout: Option<String>,

    /// Read every input in this encoding: utf-8, utf-16le, utf-16be, windows-1252,
    /// windows-1251, koi8-r [default: detected per input]
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,

    /// Say on stderr which encoding each input was read in.
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// Write every problem (skipped or degraded input) to FILE as CSV.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,

    /// Stop at the first problem with the input (exit code 1).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// Meeting records (.txt), in English or Russian.
    #[arg(value_name = "RECORD", required = true)]
    pub inputs: Vec<PathBuf>,

    /// Write the CSV to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Read the records in this encoding [default: detected]
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Wide,
    Long,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Wide => Format::Wide,
            FormatArg::Long => Format::Long,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// List themes with their entry counts per language.
    List(LexiconSource),
    /// Write the lexicon in another format.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub lexicon: LexiconSource,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::FlatCsv)]
    pub format: ExportFormat,

    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// theme,language,pattern,kind — one entry a row.
    FlatCsv,
}

//! Command-line arguments (clap derive) and their translation into typed configs
//! ([`Cli::into_config`]), which the commands run and the manifest records. Nothing here reads a
//! corpus or counts anything.

mod convert;
mod report_choices;

pub use report_choices::{HeatmapScaleArg, ValuesArg};

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

use ctlex::matcher::ContextUnit;
use ctlex::measures::Denominator;
use ctlex::plan::MainOutput;
use ctlex::report::Format;

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  usage error or fatal error (bad lexicon or kwic pattern, missing input, missing --by or
     --where column, a bad --groups file, a bad or mismatched partial-count file given to merge)
  2  finished, but some input was skipped or degraded (each problem is reported on stderr;
     with --strict the first problem stops the run with 1)

Examples:
  ctlex analyze                                  # the corpus/ folder, per speaker, wide CSV
  ctlex analyze debate.csv --by delegation -o themes.csv
  ctlex analyze speeches/ --by delegation,language --format long
  ctlex analyze statements.jsonl --text-column body --by doc
  ctlex analyze corpus/ --lexicons my-lexicon.csv
  ctlex analyze --by delegation --format long --denominator content --xlsx themes.xlsx
  ctlex analyze --matches hits.csv --terms terms.csv --report report.html
  ctlex compare \"Russian Federation\" France --by delegation
  ctlex compare CSTO P5 ungdc/ --by delegation_iso3 --groups groups.csv --xlsx blocs.xlsx
  ctlex lexicon list
  ctlex lexicon export --format flat-csv -o lexicon.csv
  ctlex lexicon lint my-lexicons/
  ctlex lexicon coverage speeches/ -o coverage.csv
  ctlex parity speeches.en speeches.ru --disagreements --theme ftf
  ctlex analyze unsc/ --by delegation_iso3       # Security Council speeches, layout detected
  ctlex analyze ungdc/ --by delegation_iso3,year # General Debate corpus
  ctlex split S_PV.8500.txt -o turns.csv         # a meeting record's speaker turns
  ctlex analyze part1/ --by delegation --format partial -o part1.jsonl
  ctlex merge part*.jsonl --format long --terms terms.csv -o themes.csv
  ctlex kwic 'terror* NEAR/5 financ*' --by delegation --limit 20
  ctlex kwic боевик* debate.csv --where language=ru -o hits.csv
  ctlex analyze --by delegation --where 'year>=2015' --where delegation=France,Germany";

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
    /// Contrast two groups theme by theme: rates with intervals, log ratio, signed G², p-value
    /// (one row per theme, or with --format long one per theme and group), in every output asked
    /// for.
    #[command(after_help = AFTER_HELP)]
    Compare(CompareArgs),
    /// Inspect and convert lexicons.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
    /// Compare theme hits on line-aligned English and Russian translations of the same text.
    Parity(ParityArgs),
    /// Score the lexicon against hand-coded sentences: precision, recall and F1 per theme and
    /// language, for hits in counter-terrorism context and for hits anywhere.
    Validate(ValidateArgs),
    /// Split verbatim meeting records into speaker turns and write them as CSV.
    Split(SplitArgs),
    /// Add up partial counts (`analyze --format partial`) of any number of chunks of a corpus
    /// into the tables one run over the whole corpus writes.
    #[command(
        after_help = AFTER_HELP,
        mut_arg("matches", |a| a.hide(true)),
        mut_arg("report", |a| a.hide(true))
    )]
    Merge(MergeArgs),
    /// Keyword in context: every hit of one pattern (any lexicon entry, in English or Russian)
    /// with the text around it, found and licensed as `analyze` counts a theme's hits.
    #[command(after_help = AFTER_HELP)]
    Kwic(KwicArgs),
}

#[derive(Debug, Args)]
pub struct KwicArgs {
    /// A lexicon entry: a word (all its inflections), `prefix*`, several words for a phrase,
    /// `word NEAR/5 other`, or `/regular expression/`; stemmed in its own script's language.
    #[arg(value_name = "PATTERN")]
    pub pattern: String,

    /// Folders of .txt files, .txt, .csv, .tsv or .jsonl files [default: corpus]
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    // The lexicon whose context and procedural lexicons apply (its themes are not used).
    #[command(flatten)]
    pub lexicon: LexiconSource,

    /// Metadata columns to show with each hit, comma-separated (`doc`, `language` and `file`
    /// are computed, as for analyze) [default: none]
    #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
    pub by: Vec<String>,

    /// Column (CSV/TSV) or field (JSONL) holding the statement text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_column: String,

    /// Characters of context on each side of a hit.
    #[arg(long, default_value_t = 40, value_name = "N")]
    pub width: usize,

    /// Show at most N hits (the first N in reading order).
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

    /// Show only the hits in counter-terrorism context (those `analyze` counts in `hits`).
    #[arg(long)]
    pub in_context: bool,

    /// text (aligned lines), csv, or auto: text on a terminal, else CSV.
    #[arg(long, value_enum, default_value_t = KwicFormat::Auto)]
    pub format: KwicFormat,

    /// Write to FILE instead of standard output (CSV unless --format text).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Worker threads, at most 4 per core and 256 [default: one per core]
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// No summary on stderr (problems are still reported).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// The unit in which a counter-terrorism word puts a hit in context, as for analyze.
    #[arg(long, value_enum, default_value_t = ContextArg::Passage, value_name = "UNIT")]
    pub context: ContextArg,

    /// Show the hits in a presiding officer's procedural sentences too.
    #[arg(long)]
    pub include_procedural: bool,

    /// Keep CSV cells as they are, even those a spreadsheet would run as a formula.
    #[arg(long)]
    pub raw_cells: bool,

    #[command(flatten)]
    pub reading: ReadingArgs,
}

/// The form `kwic` writes its lines in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum KwicFormat {
    /// Text on a terminal, CSV elsewhere.
    Auto,
    /// Aligned lines, for reading.
    Text,
    /// One hit a row.
    Csv,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Partial-count files written by `ctlex analyze --format partial`, in any order.
    #[arg(value_name = "PART", required = true)]
    pub parts: Vec<PathBuf>,

    // The lexicon the parts were counted with.
    #[command(flatten)]
    pub lexicon: LexiconSource,

    /// Output shape: wide, long, or partial (the sum as one partial-count file, to merge again).
    #[arg(long, value_enum, default_value_t = FormatArg::Wide)]
    pub format: FormatArg,

    /// Write the CSV to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// No summary on stderr (problems the parts recorded are still reported).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Write every problem the parts recorded in their input to FILE as CSV.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,

    /// Merge parts that name the same input (by default refused: its statements would count
    /// twice), for parts that split one input by other means.
    #[arg(long)]
    pub allow_overlap: bool,

    // --matches and --report are hidden and refused: they need the statements' text.
    #[command(flatten)]
    pub outputs: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ParityArgs {
    /// English text, one segment a line.
    #[arg(value_name = "EN_FILE")]
    pub en: PathBuf,

    /// Its Russian translation, line by line.
    #[arg(value_name = "RU_FILE")]
    pub ru: PathBuf,

    #[command(flatten)]
    pub lexicon: LexiconSource,

    /// After the table, print every line pair on which a theme fires in one language only, with
    /// the entries that fired.
    #[arg(long)]
    pub disagreements: bool,

    /// With --disagreements, only those of this theme.
    #[arg(long, value_name = "ID", requires = "disagreements")]
    pub theme: Option<String>,

    /// Write the per-theme table to FILE as CSV instead of printing it (the disagreements
    /// asked for still go to standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LexiconSource {
    /// A folder of TOML theme files, one TOML file, a flat CSV/TSV (theme,language,pattern), a
    /// YAML dictionary (.yml/.yaml, quanteda's shape), a LIWC .dic or a LIWC-22 .dicx file,
    /// which replaces the bundled lexicons.
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

    /// Gather a --by column's values into groups: a CSV file with the columns column,value,group
    /// (`delegation_iso3,RUS,CSTO`), or a bundled one: csto, sco, cis, p5. A statement counts
    /// once in each of its groups (group totals overlap); one in no group is left out.
    #[arg(long, value_name = "FILE")]
    pub groups: Option<String>,

    /// Output shape: wide (one row per group), long (one row per group and theme), or partial
    /// (raw counts as JSON Lines, for `ctlex merge`).
    #[arg(long, value_enum, default_value_t = FormatArg::Wide)]
    pub format: FormatArg,

    /// Column (CSV/TSV) or field (JSONL) holding the statement text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_column: String,

    /// Worker threads, at most 4 per core and 256 [default: one per core]
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// Write the CSV to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// No progress bar and no summary on stderr (problems are still reported).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// How near a hit a counter-terrorism word must stand for the hit to count in `hits`: its
    /// sentence, its passage (the sentence with its neighbours in the paragraph), its statement,
    /// or none (every hit counts, as in `hits_all`).
    #[arg(long, value_enum, default_value_t = ContextArg::Passage, value_name = "UNIT")]
    pub context: ContextArg,

    /// Count the hits in a presiding officer's procedural sentences too (giving the floor,
    /// invitations to participate, votes): by default they count for no theme.
    #[arg(long)]
    pub include_procedural: bool,

    /// Stop words for the content-token denominator from FILE (one word a line, English and
    /// Russian together, `#` comments) in place of the built-in lists.
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,

    #[command(flatten)]
    pub outputs: OutputArgs,

    #[command(flatten)]
    pub reading: ReadingArgs,
}

/// Measures, evidence and the forms results are handed over in.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// What rates are per 1,000 of: all tokens, or content tokens (tokens that are not English
    /// or Russian stop words; see the README on how far either is fair across languages).
    #[arg(long, value_enum, default_value_t = DenominatorArg::Tokens)]
    pub denominator: DenominatorArg,

    /// What the theme cells of the wide table hold: hits, hits per 1,000 tokens (per 1,000
    /// content tokens with --denominator content), the share of the group's statements that
    /// mention the theme, or the number of those statements. Given, the table also gets a
    /// column of all themes together (any_theme, any_theme_all) [default: hits, without it]
    #[arg(long, value_enum, value_name = "VALUES")]
    pub values: Option<ValuesArg>,

    /// How the heatmap's colours are scaled: against the highest rate in the whole table, or
    /// each theme against its own highest group.
    #[arg(long, value_enum, default_value_t = HeatmapScaleArg::Table, value_name = "SCALE")]
    pub heatmap_scale: HeatmapScaleArg,

    /// Also write, per group, theme and entry, the hits and the three most frequent forms
    /// caught, as CSV.
    #[arg(long, value_name = "FILE")]
    pub terms: Option<PathBuf>,

    /// Also write every hit with 60 characters of context on each side, as CSV (streamed).
    #[arg(long, value_name = "FILE")]
    pub matches: Option<PathBuf>,

    /// Also write a workbook: rates, hits, the long table, terms, the first 100,000 hits and the
    /// manifest.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,

    /// Also write a self-contained HTML page with the heatmap, top entries and hits in context.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Also write the heatmap as an SVG image.
    #[arg(long, value_name = "FILE")]
    pub heatmap: Option<PathBuf>,

    /// Also draw the themes over time, one panel per theme and a line per group, as an SVG
    /// image or (named .html) a page; --by must include a column of years, sessions or dates.
    #[arg(long, value_name = "FILE")]
    pub trends: Option<PathBuf>,

    /// CSV for Excel: UTF-8 with a byte-order mark and CRLF line ends.
    #[arg(long)]
    pub excel: bool,

    /// CSV field separator: `,`, `;` (for locales with a decimal comma) or `tab`.
    #[arg(long, default_value = ",", value_name = "CHAR")]
    pub delimiter: String,

    /// CSV numbers with a `,` decimal separator (with --delimiter ';', for such locales).
    #[arg(long)]
    pub decimal_comma: bool,

    /// Keep text cells as they are, even those a spreadsheet would run as a formula (by default
    /// text from the input starting with = + - @, a tab or a carriage return is neutralised).
    #[arg(long)]
    pub raw_cells: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The first group: its --by values (or --groups group), comma-separated when --by has
    /// several columns; a comma inside a value is written `\,` or the value quoted.
    #[arg(value_name = "A")]
    pub a: String,

    /// The second group.
    #[arg(value_name = "B")]
    pub b: String,

    #[command(flatten)]
    pub run: AnalyzeArgs,
}

/// How far from a hit a counter-terrorism word may stand for the hit to count as
/// counter-terrorism discourse.
#[derive(Clone, Copy, Debug, Serialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ContextArg {
    /// In the hit's sentence.
    Sentence,
    /// In its sentence or the one before or after it, within the paragraph.
    Passage,
    /// In its paragraph.
    Paragraph,
    /// Anywhere in the statement.
    Statement,
    /// Nowhere: every hit counts.
    None,
}

impl From<ContextArg> for ContextUnit {
    fn from(context: ContextArg) -> ContextUnit {
        match context {
            ContextArg::Sentence => ContextUnit::Sentence,
            ContextArg::Passage => ContextUnit::Passage,
            ContextArg::Paragraph => ContextUnit::Paragraph,
            ContextArg::Statement => ContextUnit::Statement,
            ContextArg::None => ContextUnit::None,
        }
    }
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Hand-coded sentences or statements: CSV, TSV or JSON Lines with id, language, themes,
    /// ct_themes and either text (and passage) or file, start, end and hash (see
    /// docs/validation.md).
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,

    /// The folder that `file` references in the gold file are relative to.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,

    #[command(flatten)]
    pub lexicon: LexiconSource,

    /// The unit in which a counter-terrorism word puts a hit in context.
    #[arg(long, value_enum, default_value_t = ContextArg::Passage)]
    pub context: ContextArg,

    /// Count hits in a presiding officer's procedural sentences too.
    #[arg(long)]
    pub include_procedural: bool,

    /// Write the scores as CSV to FILE (they are printed as a table in any case).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write every item on which the lexicon and the coder disagree, with the entries that
    /// fired and the context word, to FILE as CSV.
    #[arg(long, value_name = "FILE")]
    pub disagreements: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, Serialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum DenominatorArg {
    Tokens,
    Content,
}

impl From<DenominatorArg> for Denominator {
    fn from(denominator: DenominatorArg) -> Denominator {
        match denominator {
            DenominatorArg::Tokens => Denominator::Tokens,
            DenominatorArg::Content => Denominator::Content,
        }
    }
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

    /// Keep only the statements whose COLUMN holds one of the VALUEs (separated by commas;
    /// `\,` or quotes for a comma inside one), or with `!=` none of them, or with `>=` / `<=` a
    /// number at least or at most N (`year>=2015`). Repeat it for conditions that must all hold.
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    pub filters: Vec<String>,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FormatArg {
    Wide,
    Long,
    Partial,
}

impl FormatArg {
    /// The table this format asks for; `None` for partial counts.
    pub fn table(self) -> Option<Format> {
        match self {
            FormatArg::Wide => Some(Format::Wide),
            FormatArg::Long => Some(Format::Long),
            FormatArg::Partial => None,
        }
    }

    /// The main output of a run writing this format.
    pub fn main_output(self) -> MainOutput {
        match self {
            FormatArg::Wide => MainOutput::Wide,
            FormatArg::Long => MainOutput::Long,
            FormatArg::Partial => MainOutput::Partial,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// List themes with their entry counts per language.
    List(LexiconSource),
    /// Write the lexicon in another format.
    Export(ExportArgs),
    /// Check a lexicon: duplicates, broad or unexercised entries, mixed scripts, examples.
    Lint(LintArgs),
    /// Per entry, the hits and surface forms it catches in a corpus; dead and greedy entries
    /// first.
    Coverage(CoverageArgs),
    /// Write the codebook: each theme's scope and context rule, for coders and readers (the
    /// bundled lexicons' codebook is docs/codebook.md).
    Codebook(CodebookArgs),
}

#[derive(Debug, Args)]
pub struct CodebookArgs {
    #[command(flatten)]
    pub lexicon: LexiconSource,

    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Folders of .txt files, .txt, .csv, .tsv or .jsonl files [default: corpus]
    #[arg(value_name = "CORPUS")]
    pub inputs: Vec<PathBuf>,

    #[command(flatten)]
    pub lexicon: LexiconSource,

    /// Column (CSV/TSV) or field (JSONL) holding the statement text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_column: String,

    /// Surface forms listed per entry.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub top: usize,

    /// Write the CSV to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// A lexicon in any format --lexicons reads [default: the bundled lexicons]
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub lexicon: LexiconSource,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::FlatCsv)]
    pub format: ExportFormat,

    /// The flat CSV for Excel: UTF-8 with a byte-order mark (so Cyrillic shows as written) and
    /// CRLF line ends. It reads back with --lexicons as the same lexicon.
    #[arg(long)]
    pub excel: bool,

    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// theme,language,pattern,kind,label,context,scope — one entry a row.
    FlatCsv,
    /// A YAML dictionary: per theme, en and ru lists and their exclusions.
    Yaml,
}

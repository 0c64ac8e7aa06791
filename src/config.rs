//! The commands' typed configs: every option checked and in the library's types, as the
//! commands run them and the manifest records them ([`crate::cli`] builds them from arguments).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use ctlex::corpus::{Decoding, Layout, OnDecision, ReadOptions, TextEncoding};
use ctlex::count::Counting;
use ctlex::filter::Filter;
use ctlex::group::VIRTUAL_COLUMNS;
use ctlex::groups::Groups;
use ctlex::measures::Denominator;
use ctlex::plan::MainOutput;
use ctlex::report::heatmap::HeatScale;
use ctlex::report::{CsvStyle, Format};
use ctlex::stopwords::StopWords;

use crate::cli::{
    DenominatorArg, FormatArg, HeatmapScaleArg, KwicFormat, LexiconCommand, ParityArgs,
    ValidateArgs, ValuesArg,
};

/// A command, its options checked and typed.
pub enum Config {
    /// `analyze`, or with two groups to contrast, `compare`.
    Analyze(AnalyzeConfig),
    Merge(MergeConfig),
    Split(SplitConfig),
    Lexicon(LexiconCommand),
    Parity(ParityArgs),
    Validate(ValidateArgs),
    Kwic(KwicConfig),
}

/// Every option of `kwic`, as the manifest records it.
#[derive(Debug, Serialize)]
pub struct KwicConfig {
    pub command: &'static str,
    pub pattern: String,
    /// The inputs as given (none: the `corpus` folder).
    pub inputs: Vec<PathBuf>,
    pub lexicons: Option<PathBuf>,
    pub by: Vec<String>,
    pub text_column: String,
    pub width: usize,
    pub limit: Option<u64>,
    pub in_context: bool,
    pub format: KwicFormat,
    pub output: Option<PathBuf>,
    pub threads: Option<usize>,
    pub quiet: bool,
    #[serde(flatten)]
    pub counting: Counting,
    /// The CSV style (only `--raw-cells` applies), and no extra outputs.
    #[serde(flatten)]
    pub outputs: OutputConfig,
    #[serde(flatten)]
    pub reading: ReadingConfig,
}

/// Every option of `analyze` and `compare`, as the manifest records it.
#[derive(Debug, Serialize)]
pub struct AnalyzeConfig {
    pub command: &'static str,
    /// The two groups `compare` contrasts.
    pub compare: Option<[String; 2]>,
    /// The inputs as given (none: the `corpus` folder).
    pub inputs: Vec<PathBuf>,
    pub lexicons: Option<PathBuf>,
    pub by: Vec<String>,
    /// `--groups`: the file (and its hash) gathering a `--by` column's values into groups.
    pub groups: Option<Groups>,
    pub format: FormatArg,
    pub text_column: String,
    pub threads: Option<usize>,
    pub output: Option<PathBuf>,
    pub quiet: bool,
    /// The context unit, and whether the hits of procedural sentences count.
    #[serde(flatten)]
    pub counting: Counting,
    #[serde(flatten)]
    pub outputs: OutputConfig,
    #[serde(flatten)]
    pub reading: ReadingConfig,
}

/// Every option of `merge`, as the manifest records it.
#[derive(Debug, Serialize)]
pub struct MergeConfig {
    pub command: &'static str,
    pub parts: Vec<PathBuf>,
    pub lexicons: Option<PathBuf>,
    pub format: FormatArg,
    pub output: Option<PathBuf>,
    pub quiet: bool,
    pub errors: Option<PathBuf>,
    /// Merge parts that name the same input.
    pub allow_overlap: bool,
    #[serde(flatten)]
    pub outputs: OutputConfig,
}

pub struct SplitConfig {
    pub inputs: Vec<PathBuf>,
    pub output: Option<PathBuf>,
    pub encoding: Option<TextEncoding>,
}

/// The extra outputs and the CSV style.
#[derive(Debug, Serialize)]
pub struct OutputConfig {
    pub denominator: DenominatorArg,
    /// `--values`: what the wide table's theme cells hold, when asked for.
    pub values: Option<ValuesArg>,
    pub heatmap_scale: HeatmapScaleArg,
    pub terms: Option<PathBuf>,
    pub matches: Option<PathBuf>,
    pub xlsx: Option<PathBuf>,
    pub report: Option<PathBuf>,
    pub heatmap: Option<PathBuf>,
    pub trends: Option<PathBuf>,
    pub excel: bool,
    pub delimiter: String,
    pub decimal_comma: bool,
    pub raw_cells: bool,
    /// The stop words of the content denominator: `null` for the built-in lists, else the
    /// user's file with its hash.
    pub stopwords: StopWords,
    /// The CSV style the options above ask for.
    #[serde(skip)]
    pub style: CsvStyle,
}

/// How inputs are read.
#[derive(Debug, Serialize)]
pub struct ReadingConfig {
    /// `--layout` as given; `auto` or none is detection.
    pub layout: Option<String>,
    #[serde(skip)]
    pub layout_asked: Option<Layout>,
    /// `--encoding` as given.
    pub encoding: Option<String>,
    #[serde(skip)]
    pub encoding_forced: Option<TextEncoding>,
    pub verbose: bool,
    pub errors: Option<PathBuf>,
    pub strict: bool,
    /// The `--where` conditions a statement must meet to be counted.
    #[serde(rename = "where")]
    pub filter: Filter,
}

impl ReadingConfig {
    /// How the library reads the inputs: the text in `text_column`, tables required to have
    /// `required_columns`, and with `--verbose` each encoding decision said on stderr.
    pub fn read_options(&self, text_column: &str, required_columns: Vec<String>) -> ReadOptions {
        let on_decision = self.verbose.then(|| {
            Arc::new(|path: &Path, decision| {
                say!("ctlex: {}: {decision}", path.display());
            }) as OnDecision
        });
        ReadOptions {
            text_column: text_column.to_string(),
            required_columns,
            layout: self.layout_asked,
            decoding: Decoding::new(self.encoding_forced, on_decision),
            strict: self.strict,
        }
    }

    /// The columns every tabular input must have: the `by` columns and those `--where` tests,
    /// less those ctlex computes.
    pub fn required_columns(&self, by: &[String]) -> Vec<String> {
        let mut columns: Vec<String> = Vec::new();
        let named = by
            .iter()
            .map(String::as_str)
            .chain(self.filter.read_columns());
        for column in named.filter(|c| !VIRTUAL_COLUMNS.contains(c)) {
            if !columns.iter().any(|c| c == column) {
                columns.push(column.to_string());
            }
        }
        columns
    }
}

impl AnalyzeConfig {
    /// The `--by` and `--where` columns every tabular input must have: those ctlex does not
    /// compute.
    pub fn required_columns(&self) -> Vec<String> {
        self.reading.required_columns(&self.by)
    }

    /// The main output: the table `--format` asks for, or the contrast of two groups.
    pub fn main_output(&self) -> MainOutput {
        match self.compare {
            Some(_) => MainOutput::Compare,
            None => self.format.main_output(),
        }
    }
}

impl OutputConfig {
    pub fn denominator(&self) -> Denominator {
        self.denominator.into()
    }

    /// The table to write for `format`: the wide table with `--values` when they were given.
    pub fn table(&self, format: Format) -> Format {
        match (format, self.values) {
            (Format::Wide, Some(values)) => Format::WideValues(values.into()),
            (format, _) => format,
        }
    }

    /// How the heatmap's colours are scaled.
    pub fn heat_scale(&self) -> HeatScale {
        self.heatmap_scale.into()
    }

    /// The extra outputs asked for, each with its option.
    pub fn named(&self) -> Vec<(&'static str, &Path)> {
        [
            ("--terms", &self.terms),
            ("--matches", &self.matches),
            ("--xlsx", &self.xlsx),
            ("--report", &self.report),
            ("--heatmap", &self.heatmap),
            ("--trends", &self.trends),
        ]
        .into_iter()
        .filter_map(|(option, path)| Some((option, path.as_deref()?)))
        .collect()
    }
}

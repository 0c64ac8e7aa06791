//! Turning parsed arguments into typed configs: every check clap cannot make (columns, layout,
//! encoding, delimiter), with the messages a user sees. Nothing here reads input.

use ctlex::corpus::{Layout, TextEncoding};
use ctlex::count::Counting;
use ctlex::report::CsvStyle;

use super::*;
use crate::config::{AnalyzeConfig, Config, MergeConfig, OutputConfig, ReadingConfig, SplitConfig};

impl Cli {
    /// The command's typed config; fails on an option value clap does not check.
    pub fn into_config(self) -> anyhow::Result<Config> {
        Ok(match self.command {
            Command::Analyze(args) => Config::Analyze(args.into_config(None)?),
            Command::Compare(CompareArgs { a, b, run }) => {
                Config::Analyze(run.into_config(Some([a, b]))?)
            }
            Command::Merge(args) => Config::Merge(MergeConfig {
                command: "merge",
                parts: args.parts,
                lexicons: args.lexicon.lexicons,
                format: args.format,
                output: args.output,
                quiet: args.quiet,
                errors: args.errors,
                outputs: args.outputs.into_config()?,
            }),
            Command::Split(args) => Config::Split(SplitConfig {
                encoding: encoding(args.encoding.as_deref())?,
                inputs: args.inputs,
                output: args.output,
            }),
            Command::Lexicon(command) => Config::Lexicon(command),
            Command::Parity(args) => Config::Parity(args),
            Command::Validate(args) => Config::Validate(args),
        })
    }
}

impl AnalyzeArgs {
    fn into_config(self, compare: Option<[String; 2]>) -> anyhow::Result<AnalyzeConfig> {
        let by: Vec<String> = self.by.iter().map(|c| c.trim().to_string()).collect();
        if by.iter().any(String::is_empty) {
            anyhow::bail!("--by needs column names, e.g. --by delegation,language");
        }
        let reading = self.reading;
        Ok(AnalyzeConfig {
            command: if compare.is_some() {
                "compare"
            } else {
                "analyze"
            },
            compare,
            inputs: self.inputs,
            lexicons: self.lexicon.lexicons,
            by,
            format: self.format,
            text_column: self.text_column,
            threads: self.threads,
            output: self.output,
            quiet: self.quiet,
            counting: Counting {
                context: self.context.into(),
                procedural: self.include_procedural,
            },
            reading: ReadingConfig {
                layout_asked: layout(reading.layout.as_deref())?,
                encoding_forced: encoding(reading.encoding.as_deref())?,
                layout: reading.layout,
                encoding: reading.encoding,
                verbose: reading.verbose,
                errors: reading.errors,
                strict: reading.strict,
            },
            outputs: self.outputs.into_config()?,
        })
    }
}

impl OutputArgs {
    fn into_config(self) -> anyhow::Result<OutputConfig> {
        let style = csv_style(&self)?;
        Ok(OutputConfig {
            denominator: self.denominator,
            terms: self.terms,
            matches: self.matches,
            xlsx: self.xlsx,
            report: self.report,
            heatmap: self.heatmap,
            excel: self.excel,
            delimiter: self.delimiter,
            decimal_comma: self.decimal_comma,
            raw_cells: self.raw_cells,
            style,
        })
    }
}

/// The CSV style the options ask for.
fn csv_style(args: &OutputArgs) -> anyhow::Result<CsvStyle> {
    let delimiter = match args.delimiter.as_str() {
        "tab" | "\\t" | "\t" => b'\t',
        text => match text.as_bytes() {
            [byte] if byte.is_ascii_punctuation() || *byte == b' ' => *byte,
            _ => anyhow::bail!(
                "--delimiter needs one punctuation character such as `,` or `;`, or `tab`; got `{text}`"
            ),
        },
    };
    if matches!(delimiter, b'"' | b'\'' | b'.' | b'-' | b'=') {
        anyhow::bail!(
            "--delimiter `{}` would clash with quoting, numbers or neutralised cells",
            delimiter as char
        );
    }
    Ok(CsvStyle {
        delimiter,
        excel: args.excel,
        neutralize: !args.raw_cells,
        decimal_comma: args.decimal_comma,
    })
}

/// The `--layout` the user asked for, if any.
fn layout(name: Option<&str>) -> anyhow::Result<Option<Layout>> {
    match name {
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
fn encoding(name: Option<&str>) -> anyhow::Result<Option<TextEncoding>> {
    match name {
        None => Ok(None),
        Some(name) => TextEncoding::from_name(name).map(Some).ok_or_else(|| {
            let names: Vec<&str> = TextEncoding::names().collect();
            anyhow::anyhow!(
                "unknown encoding `{name}`; use one of: {}",
                names.join(", ")
            )
        }),
    }
}

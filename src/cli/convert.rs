//! Turning parsed arguments into typed configs: every check clap cannot make (columns, layout,
//! encoding, delimiter), with the messages a user sees. Nothing here reads input.

use ctlex::corpus::{Layout, TextEncoding};
use ctlex::count::Counting;
use ctlex::report::CsvStyle;

use std::path::Path;

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
                output: {
                    check_name("-o", args.output.as_deref(), args.format.kind())?;
                    check_name("--errors", args.errors.as_deref(), Kind::Table)?;
                    args.output
                },
                command: "merge",
                parts: args.parts,
                lexicons: args.lexicon.lexicons,
                format: args.format,
                quiet: args.quiet,
                errors: args.errors,
                allow_overlap: args.allow_overlap,
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
        if self.threads == Some(0) {
            anyhow::bail!("--threads needs 1 or more; leave it out for one thread per core");
        }
        let main = if compare.is_some() {
            Kind::Table
        } else {
            self.format.kind()
        };
        check_name("-o", self.output.as_deref(), main)?;
        check_name("--errors", reading.errors.as_deref(), Kind::Table)?;
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
        for (option, path, kind) in [
            ("--terms", &self.terms, Kind::Table),
            ("--matches", &self.matches, Kind::Table),
            ("--xlsx", &self.xlsx, Kind::Workbook),
            ("--report", &self.report, Kind::Page),
            ("--heatmap", &self.heatmap, Kind::Image),
        ] {
            check_name(option, path.as_deref(), kind)?;
        }
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

/// The kinds of file ctlex writes, as their names say them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Table,
    Partial,
    Workbook,
    Page,
    Image,
}

impl Kind {
    /// The kind a file name's extension says, if it says one.
    fn of_name(path: &Path) -> Option<Kind> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "csv" | "tsv" => Kind::Table,
            "jsonl" => Kind::Partial,
            "xlsx" | "xls" => Kind::Workbook,
            "html" | "htm" => Kind::Page,
            "svg" => Kind::Image,
            _ => return None,
        })
    }

    /// What a file of this kind is, and which option writes it.
    fn described(self) -> (&'static str, &'static str) {
        match self {
            Kind::Table => ("a CSV table", "-o, --terms or --matches"),
            Kind::Partial => ("partial counts", "--format partial -o"),
            Kind::Workbook => ("an Excel workbook", "--xlsx"),
            Kind::Page => ("an HTML page", "--report"),
            Kind::Image => ("an SVG image", "--heatmap"),
        }
    }
}

impl FormatArg {
    fn kind(self) -> Kind {
        match self.table() {
            Some(_) => Kind::Table,
            None => Kind::Partial,
        }
    }
}

/// Refuses an output named for another kind of file than `option` writes (`-o themes.xlsx`,
/// `--xlsx themes.csv`): the file would not open as its name promises. Names without a known
/// extension, and standard output, are taken as they are.
fn check_name(option: &str, path: Option<&Path>, writes: Kind) -> anyhow::Result<()> {
    let Some(path) = path else { return Ok(()) };
    let Some(named) = Kind::of_name(path) else {
        return Ok(());
    };
    // A table and partial counts are both text a main output may hold.
    let table_or_partial = |k: Kind| matches!(k, Kind::Table | Kind::Partial);
    if named == writes || (option == "-o" && table_or_partial(named) && table_or_partial(writes)) {
        return Ok(());
    }
    let (what, _) = writes.described();
    let (named_what, named_option) = named.described();
    anyhow::bail!(
        "`{option} {}`: {option} writes {what}, but the name says {named_what}, which \
         {named_option} writes; give {option} a name that fits",
        path.display()
    )
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

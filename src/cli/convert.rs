//! Turning parsed arguments into typed configs: every check clap cannot make (columns, layout,
//! encoding, delimiter), with the messages a user sees. Nothing here reads input but a
//! `--stopwords` list, so that a bad one is refused before the corpus is read.

use ctlex::corpus::{Layout, TextEncoding};
use ctlex::count::Counting;
use ctlex::report::CsvStyle;
use ctlex::stopwords::StopWords;

use std::path::Path;

use super::*;
use ctlex::filter::{Condition, Filter};
use ctlex::groups::Groups;

use crate::config::{
    AnalyzeConfig, Config, KwicConfig, MergeConfig, OutputConfig, ReadingConfig, SplitConfig,
};

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
                    check_values(args.outputs.values, args.format == FormatArg::Wide)?;
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
            Command::Kwic(args) => Config::Kwic(args.into_config()?),
        })
    }
}

impl AnalyzeArgs {
    fn into_config(self, compare: Option<[String; 2]>) -> anyhow::Result<AnalyzeConfig> {
        let by = columns(&self.by)?;
        let reading = self.reading;
        check_threads(self.threads)?;
        let main = if compare.is_some() {
            if self.format.table().is_none() {
                anyhow::bail!("compare writes a table: --format wide or long, not partial");
            }
            Kind::Table
        } else {
            self.format.kind()
        };
        let groups = match self.groups.as_deref() {
            Some(_) if self.format.table().is_none() => anyhow::bail!(
                "--groups does not apply to --format partial (partial counts do not record \
                 the groups); count by the grouped column and group the merged tables instead"
            ),
            Some(name) => Some(Groups::open(name)?.for_by(&by)?),
            None => None,
        };
        check_name("-o", self.output.as_deref(), main)?;
        check_name("--errors", reading.errors.as_deref(), Kind::Table)?;
        let wide = compare.is_none() && self.format == FormatArg::Wide;
        check_values(self.outputs.values, wide)?;
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
            groups,
            format: self.format,
            text_column: self.text_column,
            threads: self.threads,
            output: self.output,
            quiet: self.quiet,
            counting: Counting {
                context: self.context.into(),
                procedural: self.include_procedural,
            },
            reading: reading.into_config()?,
            outputs: OutputConfig {
                stopwords: match &self.stopwords {
                    Some(path) => StopWords::from_file(path)?,
                    None => StopWords::builtin(),
                },
                ..self.outputs.into_config()?
            },
        })
    }
}

/// Refuses `--values` for a main output other than the `wide` table, which alone has them.
fn check_values(values: Option<ValuesArg>, wide: bool) -> anyhow::Result<()> {
    match values {
        Some(values) if !wide => anyhow::bail!(
            "--values {} chooses the cells of the wide table; the long table and compare have \
             columns of their own (in the long table, share is of the group's hits, not of its \
             statements): leave --values out or use --format wide",
            values
                .to_possible_value()
                .map_or_else(String::new, |v| v.get_name().to_string())
        ),
        _ => Ok(()),
    }
}

impl KwicArgs {
    fn into_config(self) -> anyhow::Result<KwicConfig> {
        check_threads(self.threads)?;
        let by = if self.by.is_empty() {
            Vec::new()
        } else {
            columns(&self.by)?
        };
        let writes = match self.format {
            KwicFormat::Text => None,
            KwicFormat::Auto | KwicFormat::Csv => Some(Kind::Table),
        };
        if let Some(kind) = writes {
            check_name("-o", self.output.as_deref(), kind)?;
        }
        check_name("--errors", self.reading.errors.as_deref(), Kind::Table)?;
        Ok(KwicConfig {
            command: "kwic",
            pattern: self.pattern,
            inputs: self.inputs,
            lexicons: self.lexicon.lexicons,
            by,
            text_column: self.text_column,
            width: self.width,
            limit: self.limit,
            in_context: self.in_context,
            format: self.format,
            output: self.output,
            threads: self.threads,
            quiet: self.quiet,
            counting: Counting {
                context: self.context.into(),
                procedural: self.include_procedural,
            },
            outputs: OutputConfig {
                denominator: DenominatorArg::Tokens,
                values: None,
                heatmap_scale: HeatmapScaleArg::Table,
                terms: None,
                matches: None,
                xlsx: None,
                report: None,
                heatmap: None,
                trends: None,
                excel: false,
                delimiter: ",".into(),
                decimal_comma: false,
                raw_cells: self.raw_cells,
                stopwords: StopWords::builtin(),
                style: CsvStyle {
                    neutralize: !self.raw_cells,
                    ..CsvStyle::default()
                },
            },
            reading: self.reading.into_config()?,
        })
    }
}

impl ReadingArgs {
    fn into_config(self) -> anyhow::Result<ReadingConfig> {
        let conditions = self
            .filters
            .iter()
            .map(|spec| {
                Condition::parse(spec).map_err(|e| anyhow::anyhow!("--where `{spec}`: {e}"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(ReadingConfig {
            layout_asked: layout(self.layout.as_deref())?,
            encoding_forced: encoding(self.encoding.as_deref())?,
            layout: self.layout,
            encoding: self.encoding,
            verbose: self.verbose,
            errors: self.errors,
            strict: self.strict,
            filter: Filter::new(conditions),
        })
    }
}

/// The `--by` columns, trimmed; refused when one is empty.
fn columns(by: &[String]) -> anyhow::Result<Vec<String>> {
    let by: Vec<String> = by.iter().map(|c| c.trim().to_string()).collect();
    if by.iter().any(String::is_empty) {
        anyhow::bail!("--by needs column names, e.g. --by delegation,language");
    }
    Ok(by)
}

/// Refuses `--threads 0`.
fn check_threads(threads: Option<usize>) -> anyhow::Result<()> {
    if threads == Some(0) {
        anyhow::bail!("--threads needs 1 or more; leave it out for one thread per core");
    }
    Ok(())
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
        if let Some(path) = self.trends.as_deref() {
            // The picture alone, or in a page.
            let kind = match Kind::of_name(path) {
                Some(Kind::Page) => Kind::Page,
                _ => Kind::Image,
            };
            check_name("--trends", Some(path), kind)?;
        }
        Ok(OutputConfig {
            denominator: self.denominator,
            values: self.values,
            heatmap_scale: self.heatmap_scale,
            terms: self.terms,
            matches: self.matches,
            xlsx: self.xlsx,
            report: self.report,
            heatmap: self.heatmap,
            trends: self.trends,
            excel: self.excel,
            delimiter: self.delimiter,
            decimal_comma: self.decimal_comma,
            raw_cells: self.raw_cells,
            stopwords: StopWords::builtin(),
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

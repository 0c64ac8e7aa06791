//! Everything a run writes besides the main table: terms, hits, the workbook, the HTML report,
//! the SVG heatmap and a manifest beside every file, each written whole or not at all.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use ctlex::corpus::inputs::InputHashing;
use ctlex::corpus::EncodingLog;
use ctlex::count::Counting;
use ctlex::measures::Denominator;
use ctlex::pipeline::{Outcome, RunOptions};
use ctlex::plan::{MainOutput, OutputPlan};
use ctlex::report::compare::Comparison;
use ctlex::report::csv::{write_table, CsvStyle};
use ctlex::report::heatmap::View;
use ctlex::report::html::{write_html, Page};
use ctlex::report::manifest::{self, CountsRecord, EncodingsRecord, InputRecord, Manifest};
use ctlex::report::matches::{Collected, MatchCollector};
use ctlex::report::svg::write_svg;
use ctlex::report::tables;
use ctlex::report::trends::Trends;
use ctlex::report::xlsx::{Scale, Sheet, WorkbookWriter};
use ctlex::report::Kind;
use ctlex::stopwords::StopWords;
use ctlex::tally::Tally;
use ctlex::{Lexicon, Matcher};
use serde::Serialize;

use crate::config::OutputConfig;
use crate::files::{is_special, Batch, PendingFile};

/// Hits kept for the workbook's matches sheet.
pub const WORKBOOK_HITS: usize = 100_000;
/// Hits in context shown per theme in the HTML report.
const REPORT_EXAMPLES: usize = 4;

/// The extra outputs of one run, from before the run (the streamed hits) to the manifests.
pub struct Outputs<'a> {
    args: &'a OutputConfig,
    stop_words: StopWords,
    matches_file: Option<PendingFile>,
    collector: MatchCollector<'a, BufWriter<File>>,
}

/// What the manifests need to know about the run.
pub struct RunRecord<'a, O> {
    pub lexicon: &'a Lexicon,
    pub lexicon_source: String,
    pub inputs: &'a [PathBuf],
    /// The inputs' records for the manifest, being hashed while the corpus is analysed.
    pub input_hashing: Cell<Option<InputHashing>>,
    /// Every option of the run.
    pub options: &'a O,
    pub started: Instant,
    /// The main output, when it went to a file.
    pub main_output: Option<&'a Path>,
    /// What the run counted for its outputs.
    pub plan: OutputPlan,
    /// How each input was decoded.
    pub encodings: &'a EncodingLog,
    /// What a reader of the outputs should know about how they were made.
    pub notes: Vec<String>,
}

impl<'a> Outputs<'a> {
    /// Opens the hits file, when asked for, before the run streams into it.
    pub fn prepare(
        args: &'a OutputConfig,
        by: &[String],
        matcher: &'a Matcher,
    ) -> anyhow::Result<Outputs<'a>> {
        let style = args.style;
        let matches_file = args
            .matches
            .as_deref()
            .map(PendingFile::create)
            .transpose()?;
        let csv = match &matches_file {
            Some(file) => Some((BufWriter::with_capacity(1 << 16, file.handle()?), style)),
            None => None,
        };
        let collector = MatchCollector::new(
            matcher.themes(),
            matcher.entries(),
            matcher.context_entries(),
            by,
            csv,
            if args.xlsx.is_some() {
                WORKBOOK_HITS
            } else {
                0
            },
            if args.report.is_some() {
                REPORT_EXAMPLES
            } else {
                0
            },
        )?;
        Ok(Outputs {
            args,
            stop_words: args.stopwords.clone(),
            matches_file,
            collector,
        })
    }

    pub fn style(&self) -> CsvStyle {
        self.args.style
    }

    pub fn denominator(&self) -> Denominator {
        self.args.denominator()
    }

    /// The table to write for `format`, with the `--values` asked for.
    pub fn table(&self, format: ctlex::report::Format) -> ctlex::report::Format {
        self.args.table(format)
    }

    /// Every file this run will write, the main output first when it goes to a file.
    fn written(&self, main_output: Option<&Path>) -> Vec<PathBuf> {
        let args = self.args;
        let mut written: Vec<PathBuf> = main_output.iter().map(|p| p.to_path_buf()).collect();
        written.extend(
            [
                &args.matches,
                &args.terms,
                &args.xlsx,
                &args.report,
                &args.heatmap,
                &args.trends,
            ]
            .into_iter()
            .flatten()
            .cloned(),
        );
        written
    }

    /// Starts hashing the inputs when a manifest will record them: beside a file, or in the
    /// workbook.
    pub fn hash_inputs(
        &self,
        inputs: &[PathBuf],
        main_output: Option<&Path>,
    ) -> io::Result<Option<InputHashing>> {
        let recorded = self.args.xlsx.is_some()
            || self
                .written(main_output)
                .iter()
                .any(|path| !is_special(path));
        recorded.then(|| InputHashing::start(inputs)).transpose()
    }

    /// The plan of a run whose main output is `main`.
    pub fn plan(&self, main: MainOutput) -> OutputPlan {
        let args = self.args;
        OutputPlan {
            main,
            denominator: self.denominator(),
            terms: args.terms.is_some(),
            matches: args.matches.is_some(),
            workbook: args.xlsx.is_some(),
            report: args.report.is_some(),
        }
    }

    /// What the pipeline should count for `plan`, on `threads` threads, as `counting` says.
    pub fn run_options(
        &self,
        threads: usize,
        plan: &OutputPlan,
        counting: Counting,
    ) -> RunOptions<'_> {
        let needs = plan.needs();
        RunOptions {
            threads,
            stop_words: needs.content_tokens.then_some(&self.stop_words),
            entries: needs.entries,
            matches: needs.hits.then_some(&self.collector as _),
            counting,
            groups: None,
        }
    }

    /// Writes every extra output and a manifest beside each file written (the main output's
    /// included, when it went to a file), and puts the files of `batch` (the main output's, the
    /// problems') and these in place together, the manifests last. With a `comparison`, the
    /// outputs show its two groups, the workbook gains its sheet and the report its section.
    pub fn finish(
        self,
        mut batch: Batch,
        by: &[String],
        matcher: &Matcher,
        outcome: &Outcome,
        comparison: Option<&Comparison>,
        run: &RunRecord<impl Serialize>,
    ) -> anyhow::Result<()> {
        let counted_content = run.plan.needs().content_tokens;
        let written = self.written(run.main_output);
        let manifest = build_manifest(outcome, run, &written, counted_content)?;
        let Outputs {
            args,
            matches_file,
            collector,
            ..
        } = self;
        let (_, collected) = collector.finish().context("cannot write the hits")?;
        let (denominator, style) = (args.denominator(), args.style);

        if let Some(file) = matches_file {
            batch.add(file);
        }
        let (themes, entries) = (matcher.themes(), matcher.entries());
        let tally = comparison.map_or(&outcome.tally, |c| &c.tally);
        if let Some(path) = &args.terms {
            let table = tables::terms(by, themes, entries, tally);
            batch.write(path, |out| write_table(&table, style, out))?;
        }
        if let Some(path) = &args.xlsx {
            batch.add(write_workbook(
                path,
                by,
                matcher,
                tally,
                comparison,
                denominator,
                &collected,
                &manifest,
                style,
            )?);
        }
        if let Some(path) = &args.report {
            let summary = format!(
                "{} statements, {} tokens ({} content tokens), from {}; lexicon: {}",
                tally.statements(),
                manifest.counts.tokens,
                manifest.counts.content_tokens.unwrap_or(0),
                run.inputs
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                run.lexicon_source
            );
            let title = format!("ctlex: themes by {}", by.join(", "));
            let page = Page {
                title: &title,
                summary: &summary,
                by,
                denominator,
                scale: args.heat_scale(),
                themes,
                entries,
                tally,
                examples: &collected.examples,
            };
            batch.write(path, |out| match comparison {
                Some(comparison) => comparison.write_report(&page, themes, denominator, out),
                None => write_html(&page, out),
            })?;
        }
        if let Some(path) = &args.heatmap {
            let view = View {
                by,
                denominator,
                scale: args.heat_scale(),
            };
            batch.write(path, |out| write_svg(themes, tally, &view, out))?;
        }
        if let Some(path) = &args.trends {
            let trends = Trends::new(themes, by, tally, denominator)?;
            let page = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
            batch.write(path, |out| {
                if page {
                    trends.write_html(out)
                } else {
                    trends.write_svg(out)
                }
            })?;
        }
        // A manifest goes beside a file, not beside a device or a pipe.
        for path in written.iter().filter(|path| !is_special(path)) {
            let mut name = path.as_os_str().to_owned();
            name.push(".manifest.json");
            batch.write(Path::new(&name), |out| manifest.write(out))?;
        }
        batch.commit()
    }
}

fn build_manifest<'r, O: Serialize>(
    outcome: &Outcome,
    run: &RunRecord<'r, O>,
    written: &[PathBuf],
    counted_content: bool,
) -> anyhow::Result<Manifest<&'r O>> {
    let total = outcome.tally.total();
    // Without hashing started, no manifest records the inputs.
    let inputs = match run.input_hashing.take() {
        Some(hashing) => hashing.finish()?,
        None => Vec::new(),
    };
    let inputs = inputs
        .into_iter()
        .map(|digest| InputRecord {
            path: digest.path,
            files: digest.files,
            bytes: digest.bytes,
            hash: digest.hash,
        })
        .collect();
    let EncodingLog {
        decisions,
        other_than_utf8,
        other_than_utf8_unlisted,
    } = run.encodings.clone();
    Ok(Manifest {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        command: std::env::args().collect(),
        options: run.options,
        lexicon: manifest::lexicon_record(run.lexicon, run.lexicon_source.clone()),
        inputs,
        encodings: EncodingsRecord {
            decisions,
            other_than_utf8,
            other_than_utf8_unlisted,
        },
        counts: CountsRecord {
            statements: total.statements,
            tokens: total.tokens,
            content_tokens: counted_content.then_some(total.content_tokens),
            hits: total.total_hits(),
            hits_all: total.hits_all.iter().sum(),
            problems: outcome.problems.len() as u64,
            languages: outcome
                .tally
                .languages()
                .map(|(language, count)| (language.to_string(), count.statements))
                .collect(),
        },
        outputs: written.iter().map(|p| p.display().to_string()).collect(),
        notes: run.notes.clone(),
        seconds: run.started.elapsed().as_secs_f64(),
        finished_unix: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    })
}

#[allow(clippy::too_many_arguments)]
fn write_workbook(
    path: &Path,
    by: &[String],
    matcher: &Matcher,
    tally: &Tally,
    comparison: Option<&Comparison>,
    denominator: Denominator,
    collected: &Collected,
    manifest: &Manifest<impl Serialize>,
    style: CsvStyle,
) -> anyhow::Result<PendingFile> {
    let (themes, entries) = (matcher.themes(), matcher.entries());
    let summary = tables::rates(by, themes, tally, denominator);
    let wide = tables::wide(by, themes, tally);
    let long = tables::long(by, themes, tally, denominator);
    let terms = tables::terms(by, themes, entries, tally);
    let hits = ctlex::report::Table {
        columns: tables::hit_columns(by),
        rows: collected
            .first
            .iter()
            .map(|hit| tables::hit_row(hit, themes, entries, matcher.context_entries()))
            .collect(),
    };
    let mut workbook = WorkbookWriter::new(style.neutralize);
    // The matches sheet's rows are labelled by the statement's id before the groups.
    let labels = by.len();
    // A comparison's sheet comes first, its rows labelled by theme.
    let compared = comparison.map(|c| c.wide(themes, denominator));
    let sheets = compared
        .iter()
        .map(|table| ("compare", table, Scale::None, 1))
        .chain([
            ("summary", &summary, Scale::Columns(Kind::Rate), labels),
            ("hits", &wide, Scale::None, labels),
            ("long", &long, Scale::None, labels),
            ("terms", &terms, Scale::None, labels),
            ("matches", &hits, Scale::None, labels + 1),
        ]);
    let cannot = || format!("cannot write {}", path.display());
    for (name, table, scale, labels) in sheets {
        let sheet = Sheet {
            name,
            table,
            scale,
            labels,
        };
        workbook.add(&sheet).with_context(cannot)?;
    }
    let mut pairs = manifest.pairs();
    if collected.total > collected.first.len() as u64 {
        pairs.push((
            "note".into(),
            format!(
                "the matches sheet holds the first {} of {} hits; --matches writes them all",
                collected.first.len(),
                collected.total
            ),
        ));
    }
    for note in &workbook.truncated {
        pairs.push(("note".into(), note.clone()));
    }
    workbook
        .add_pairs("manifest", &pairs)
        .with_context(cannot)?;
    let file = PendingFile::create(path)?;
    workbook.save(file.handle()?).with_context(cannot)?;
    Ok(file)
}

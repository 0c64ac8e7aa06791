//! Everything a run writes besides the main table: terms, hits, the workbook, the HTML report,
//! the SVG heatmap and a manifest beside every file. Every file is written to a temporary file in
//! its folder and renamed into place only when complete, so a failed run leaves no half a file.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use ctlex::corpus::decode::EncodingLog;
use ctlex::measures::Denominator;
use ctlex::pipeline::{Outcome, RunOptions};
use ctlex::plan::{MainOutput, OutputPlan};
use ctlex::report::csv::{write_table, CsvStyle};
use ctlex::report::html::{write_html, Page};
use ctlex::report::manifest::{self, CountsRecord, Manifest};
use ctlex::report::matches::{Collected, MatchCollector};
use ctlex::report::svg::write_svg;
use ctlex::report::tables;
use ctlex::report::xlsx::{Scale, Sheet, WorkbookWriter};
use ctlex::report::Kind;
use ctlex::stopwords::StopWords;
use ctlex::{Lexicon, Matcher};
use tempfile::NamedTempFile;

use crate::cli::OutputArgs;

/// Hits kept for the workbook's matches sheet.
pub const WORKBOOK_HITS: usize = 100_000;
/// Hits in context shown per theme in the HTML report.
const REPORT_EXAMPLES: usize = 4;

/// A file being written: a temporary file beside its destination, renamed into place when
/// finished. A destination that is not a regular file (`/dev/null`, a named pipe) is written in
/// place instead: renaming over it would replace the device or pipe with a file.
pub struct PendingFile {
    path: PathBuf,
    target: Target,
}

enum Target {
    Temporary(NamedTempFile),
    InPlace(File),
}

/// The temporary files being written, so that an interrupted run can remove them.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// From now on, SIGINT (Ctrl-C), SIGTERM and SIGHUP remove every temporary file still being
/// written and end the process with 128 + the signal's number (130 for Ctrl-C), so an
/// interrupted run leaves no partial file. The list of temporary files stays locked until the
/// process has ended, so no file is renamed into place meanwhile.
#[cfg(unix)]
pub fn remove_temporaries_on_interrupt() -> io::Result<()> {
    use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let pending = pending();
                for path in pending.iter() {
                    // A file renamed into place or removed already is gone from here: nothing to do.
                    let _ = std::fs::remove_file(path);
                }
                eprintln!("ctlex: interrupted; no partial file left");
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

#[cfg(not(unix))]
pub fn remove_temporaries_on_interrupt() -> io::Result<()> {
    Ok(())
}

/// Whether `path` exists and is something other than a regular file or a folder.
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

impl PendingFile {
    pub fn create(path: &Path) -> anyhow::Result<PendingFile> {
        if is_special(path) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            return Ok(PendingFile {
                path: path.to_path_buf(),
                target: Target::InPlace(file),
            });
        }
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        // A temporary file is private (0600); the finished file is an ordinary one.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        // Listed as it is created, so that no interruption falls between the two.
        let mut pending = pending();
        let temporary = builder
            .tempfile_in(folder)
            .with_context(|| format!("cannot create a file in {}", folder.display()))?;
        pending.push(temporary.path().to_path_buf());
        drop(pending);
        Ok(PendingFile {
            path: path.to_path_buf(),
            target: Target::Temporary(temporary),
        })
    }

    /// A second handle on the file being written, for a writer that must own one.
    pub fn handle(&self) -> anyhow::Result<File> {
        let file = match &self.target {
            Target::Temporary(temporary) => temporary.as_file(),
            Target::InPlace(file) => file,
        };
        file.try_clone()
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    /// Renames the finished file into place (a file written in place is already there).
    pub fn persist(self) -> anyhow::Result<()> {
        let path = self.path;
        if let Target::Temporary(temporary) = self.target {
            let mut pending = pending();
            let temporary_path = temporary.path().to_path_buf();
            let persisted = temporary.persist(&path);
            pending.retain(|p| *p != temporary_path);
            persisted.with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }
}

/// Writes the file at `path` with `write`, atomically.
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let file = PendingFile::create(path)?;
    {
        let mut out = BufWriter::new(file.handle()?);
        write(&mut out)
            .and_then(|()| out.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    file.persist()
}

/// The CSV style the options ask for.
pub fn csv_style(args: &OutputArgs) -> anyhow::Result<CsvStyle> {
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

/// The extra outputs of one run, from before the run (the streamed hits) to the manifests.
pub struct Outputs<'a> {
    args: &'a OutputArgs,
    style: CsvStyle,
    stop_words: StopWords,
    matches_file: Option<PendingFile>,
    collector: MatchCollector<'a, BufWriter<File>>,
}

/// What the manifests need to know about the run.
pub struct RunRecord<'a> {
    pub lexicon: &'a Lexicon,
    pub lexicon_source: String,
    pub inputs: &'a [PathBuf],
    /// The inputs' records for the manifest, being hashed while the corpus is analysed.
    pub input_hashing: Cell<Option<manifest::InputHashing>>,
    pub options: serde_json::Value,
    pub started: Instant,
    /// The main output, when it went to a file.
    pub main_output: Option<&'a Path>,
    /// What the run counted for its outputs.
    pub plan: OutputPlan,
    /// How each input was decoded.
    pub encodings: EncodingLog,
    /// What a reader of the outputs should know about how they were made.
    pub notes: Vec<String>,
}

impl<'a> Outputs<'a> {
    /// Opens the hits file, when asked for, before the run streams into it.
    pub fn prepare(
        args: &'a OutputArgs,
        by: &[String],
        matcher: &'a Matcher,
    ) -> anyhow::Result<Outputs<'a>> {
        let style = csv_style(args)?;
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
            style,
            stop_words: StopWords::builtin(),
            matches_file,
            collector,
        })
    }

    pub fn style(&self) -> CsvStyle {
        self.style
    }

    pub fn denominator(&self) -> Denominator {
        self.args.denominator.into()
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
    ) -> io::Result<Option<manifest::InputHashing>> {
        let recorded = self.args.xlsx.is_some()
            || self
                .written(main_output)
                .iter()
                .any(|path| !is_special(path));
        recorded
            .then(|| manifest::InputHashing::start(inputs))
            .transpose()
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

    /// What the pipeline should count for `plan`, on `threads` threads.
    pub fn run_options(&self, threads: usize, plan: &OutputPlan) -> RunOptions<'_> {
        let needs = plan.needs();
        RunOptions {
            threads,
            stop_words: needs.content_tokens.then_some(&self.stop_words),
            entries: needs.entries,
            matches: needs.hits.then_some(&self.collector as _),
        }
    }

    /// Writes every extra output and a manifest beside each file written (the main output's
    /// included, when it went to a file).
    pub fn finish(
        self,
        by: &[String],
        matcher: &Matcher,
        outcome: &Outcome,
        run: &RunRecord,
    ) -> anyhow::Result<()> {
        let counted_content = run.plan.needs().content_tokens;
        let written = self.written(run.main_output);
        let manifest = build_manifest(outcome, run, &written, counted_content)?;
        let Outputs {
            args,
            style,
            matches_file,
            collector,
            ..
        } = self;
        let (_, collected) = collector.finish().context("cannot write the hits")?;
        let denominator: Denominator = args.denominator.into();

        if let Some(file) = matches_file {
            file.persist()?;
        }
        let (themes, entries, tally) = (matcher.themes(), matcher.entries(), &outcome.tally);
        if let Some(path) = &args.terms {
            let table = tables::terms(by, themes, entries, tally);
            write_file(path, |out| write_table(&table, style, out))?;
        }
        if let Some(path) = &args.xlsx {
            write_workbook(
                path,
                by,
                matcher,
                outcome,
                denominator,
                &collected,
                &manifest,
                style,
            )?;
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
                themes,
                entries,
                tally,
                examples: &collected.examples,
            };
            write_file(path, |out| write_html(&page, out))?;
        }
        if let Some(path) = &args.heatmap {
            write_file(path, |out| write_svg(themes, tally, denominator, out))?;
        }
        // A manifest goes beside a file, not beside a device or a pipe.
        for path in written.iter().filter(|path| !is_special(path)) {
            let mut name = path.as_os_str().to_owned();
            name.push(".manifest.json");
            write_file(Path::new(&name), |out| manifest.write(out))?;
        }
        Ok(())
    }
}

fn build_manifest(
    outcome: &Outcome,
    run: &RunRecord,
    written: &[PathBuf],
    counted_content: bool,
) -> anyhow::Result<Manifest> {
    let total = outcome.tally.total();
    // Without hashing started, no manifest records the inputs.
    let inputs = match run.input_hashing.take() {
        Some(hashing) => hashing.finish()?,
        None => Vec::new(),
    };
    Ok(Manifest {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        command: std::env::args().collect(),
        options: run.options.clone(),
        lexicon: manifest::lexicon_record(run.lexicon, run.lexicon_source.clone()),
        inputs,
        encodings: run.encodings.clone(),
        counts: CountsRecord {
            statements: total.statements,
            tokens: total.tokens,
            content_tokens: counted_content.then_some(total.content_tokens),
            hits: total.total_hits(),
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
    outcome: &Outcome,
    denominator: Denominator,
    collected: &Collected,
    manifest: &Manifest,
    style: CsvStyle,
) -> anyhow::Result<()> {
    let (themes, entries, tally) = (matcher.themes(), matcher.entries(), &outcome.tally);
    let summary = tables::rates(by, themes, tally, denominator);
    let wide = tables::wide(by, themes, tally);
    let long = tables::long(by, themes, tally, denominator);
    let terms = tables::terms(by, themes, entries, tally);
    let hits = ctlex::report::Table {
        columns: tables::hit_columns(by),
        rows: collected
            .first
            .iter()
            .map(|hit| tables::hit_row(hit, themes, entries))
            .collect(),
    };
    let mut workbook = WorkbookWriter::new(style.neutralize);
    let sheets = [
        ("summary", &summary, Scale::Columns(Kind::Rate)),
        ("hits", &wide, Scale::None),
        ("long", &long, Scale::None),
        ("terms", &terms, Scale::None),
        ("matches", &hits, Scale::None),
    ];
    let cannot = || format!("cannot write {}", path.display());
    for (name, table, scale) in sheets {
        workbook
            .add(&Sheet { name, table, scale })
            .with_context(cannot)?;
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
    file.persist()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_written_in_place_and_files_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.csv");
        assert!(!is_special(&file), "a file that does not exist yet");
        std::fs::write(&file, "old").unwrap();
        assert!(!is_special(&file));
        assert!(!is_special(dir.path()));
        #[cfg(unix)]
        assert!(is_special(Path::new("/dev/null")));
    }

    #[cfg(unix)]
    #[test]
    fn writing_to_dev_null_leaves_it_a_device() {
        use std::os::unix::fs::FileTypeExt;
        write_file(Path::new("/dev/null"), |out| out.write_all(b"discarded")).unwrap();
        let kind = std::fs::metadata("/dev/null").unwrap().file_type();
        assert!(kind.is_char_device(), "/dev/null is no longer a device");
    }
}

//! `ctlex validate`: the lexicon scored against hand-coded sentences.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use ctlex::count::Counting;
use ctlex::validate::{fire, Fired, Gold, GoldItem, Line, Scores};

use super::{exit_status, load_lexicon, refuse_overwriting, write_output};
use crate::cli::ValidateArgs;

pub(super) fn run(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let mut inputs = vec![args.gold.clone()];
    inputs.extend(args.data.clone());
    let written: Vec<(&str, &Path)> = [
        ("-o", args.output.as_deref()),
        ("--disagreements", args.disagreements.as_deref()),
    ]
    .into_iter()
    .filter_map(|(option, path)| Some((option, path?)))
    .collect();
    refuse_overwriting("input", &inputs, args.lexicon.lexicons.as_deref(), &written)?;
    let gold = Gold::read(&args.gold, args.data.as_deref())?;
    for stale in &gold.stale {
        say!(
            "ctlex: {}:{}: item `{}` left out: {}: {}",
            args.gold.display(),
            stale.line,
            stale.id,
            stale.file,
            stale.reason
        );
    }
    let (_, matcher) = load_lexicon(args.lexicon.lexicons.as_deref())?;
    let themes: Vec<String> = matcher.themes().iter().map(|t| t.id.clone()).collect();
    if let Some((item, theme)) = unknown_theme(&gold.items, &themes) {
        anyhow::bail!(
            "{}:{}: item `{}` is coded `{theme}`, which is not a theme of the lexicon",
            args.gold.display(),
            item.line,
            item.id
        );
    }
    let counting = Counting {
        context: args.context.into(),
        procedural: args.include_procedural,
    };
    let fired = fire(&matcher, &gold.items, counting);
    let scores = Scores::new(&gold.items, &fired, &themes);
    let lines = scores.lines();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let counts: Vec<String> = scores
        .items
        .iter()
        .map(|(language, n)| format!("{} {n}", language.code()))
        .collect();
    writeln!(
        out,
        "{} items ({}) from {}, context: {}{}",
        gold.items.len(),
        counts.join(", "),
        args.gold.display(),
        counting.context.name(),
        if args.include_procedural {
            ", procedural sentences included"
        } else {
            ""
        }
    )?;
    write_table(&lines, &mut out)?;
    out.flush()?;
    if let Some(path) = &args.output {
        write_output(Some(path), |out| write_scores_csv(&lines, out))?;
    }
    if let Some(path) = &args.disagreements {
        write_disagreements(path, &gold.items, &fired, &scores)?;
    }
    Ok(exit_status(gold.stale.len()))
}

/// The first item coded with a theme the lexicon does not have.
fn unknown_theme<'g>(items: &'g [GoldItem], themes: &[String]) -> Option<(&'g GoldItem, String)> {
    items.iter().find_map(|item| {
        item.themes
            .iter()
            .find(|t| !themes.contains(t))
            .map(|t| (item, t.clone()))
    })
}

fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.2}"))
}

fn language(line: &Line) -> &'static str {
    line.language.map_or("all", |l| l.code())
}

/// The scores as an aligned table, one line per measure, language and theme.
fn write_table(lines: &[Line], out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{:7} {:8} {:18} {:>9} {:>9} {:>5} {:>9} {:>6} {:>5}",
        "measure", "language", "theme", "positives", "predicted", "tp", "precision", "recall", "f1"
    )?;
    for line in lines {
        writeln!(
            out,
            "{:7} {:8} {:18} {:>9} {:>9} {:>5} {:>9} {:>6} {:>5}",
            line.measure.name(),
            language(line),
            line.theme,
            line.confusion.positives(),
            line.confusion.predicted(),
            line.confusion.true_positives,
            ratio(line.precision),
            ratio(line.recall),
            ratio(line.f1)
        )?;
    }
    Ok(())
}

fn write_scores_csv(lines: &[Line], out: &mut dyn Write) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "measure",
        "language",
        "theme",
        "positives",
        "predicted",
        "true_positives",
        "precision",
        "recall",
        "f1",
    ])?;
    for line in lines {
        csv.write_record([
            line.measure.name(),
            language(line),
            &line.theme,
            &line.confusion.positives().to_string(),
            &line.confusion.predicted().to_string(),
            &line.confusion.true_positives.to_string(),
            &ratio(line.precision),
            &ratio(line.recall),
            &ratio(line.f1),
        ])?;
    }
    csv.flush()
}

/// Every disagreement with the item's text, the entries of the theme that fired in it (or,
/// for a miss, anywhere in its passage) and the context words of its passage.
fn write_disagreements(
    path: &Path,
    items: &[GoldItem],
    fired: &[Vec<Fired>],
    scores: &Scores,
) -> anyhow::Result<()> {
    write_output(Some(path), |out| {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record([
            "id", "language", "measure", "theme", "verdict", "entries", "context", "text",
        ])?;
        for d in &scores.disagreements {
            let (item, fired) = (&items[d.item], &fired[d.item]);
            let of_theme = fired.iter().filter(|f| f.theme == d.theme);
            let entries: Vec<String> = of_theme
                .map(|f| {
                    let place = if item.focus.contains(&f.bytes.start) {
                        ""
                    } else {
                        " (outside the sentence)"
                    };
                    let context = if f.context.is_some() {
                        ""
                    } else {
                        " (no context)"
                    };
                    format!("{}{place}{context}", f.entry)
                })
                .collect();
            let mut context: Vec<&str> = fired
                .iter()
                .filter_map(|f| f.context.as_deref())
                .filter(|c| !c.is_empty())
                .collect();
            context.dedup();
            csv.write_record([
                item.id.as_str(),
                item.language.code(),
                d.measure.name(),
                d.theme.as_str(),
                if d.extra { "extra" } else { "missed" },
                entries.join(" | ").as_str(),
                context.join(" | ").as_str(),
                &item.text[item.focus.clone()],
            ])?;
        }
        csv.flush()
    })
}

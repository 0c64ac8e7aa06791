//! `ctlex parity`: theme hits on line-aligned English and Russian translations of one text, as
//! an aligned table on the terminal or, with `-o`, as CSV.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;
use ctlex::audit::parity::Parity;

use super::{load_lexicon, output_file, refuse_overwriting, write_output};
use crate::cli::ParityArgs;

pub(super) fn run(args: &ParityArgs) -> anyhow::Result<()> {
    let output = output_file(args.output.as_deref());
    let written: Vec<(&str, &Path)> = output.map(|path| ("-o", path)).into_iter().collect();
    let inputs = [args.en.clone(), args.ru.clone()];
    refuse_overwriting("input", &inputs, args.lexicon.lexicons.as_deref(), &written)?;
    let (_, matcher) = load_lexicon(args.lexicon.lexicons.as_deref())?;
    let theme = match &args.theme {
        Some(id) => Some(
            matcher
                .themes()
                .iter()
                .position(|t| &t.id == id)
                .with_context(|| format!("--theme: no theme `{id}` in the lexicon"))?,
        ),
        None => None,
    };
    let mut parity = Parity::from_files(&matcher, &args.en, &args.ru, args.disagreements)?;
    if let Some(theme) = theme {
        parity.disagreements.retain(|d| d.theme == theme);
    }
    if let Some(path) = output {
        write_output(Some(path), |out| parity.write_csv(&matcher, out))?;
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    if output.is_none() {
        parity.write_table(&matcher, &mut out)?;
    }
    parity.write_disagreements(&matcher, &mut out)?;
    out.flush()?;
    Ok(())
}

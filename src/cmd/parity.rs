//! `ctlex parity`: theme hits on line-aligned English and Russian translations of one text.

use std::io::{self, Write};

use anyhow::Context;
use ctlex::audit::parity::Parity;

use super::load_lexicon;
use crate::cli::ParityArgs;

pub(super) fn run(args: &ParityArgs) -> anyhow::Result<()> {
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
    let mut out = io::BufWriter::new(io::stdout().lock());
    parity.write_table(&matcher, &mut out)?;
    parity.write_disagreements(&matcher, &mut out)?;
    out.flush()?;
    Ok(())
}

//! `ctlex split`: each meeting record's speaker turns as CSV.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use ctlex::corpus::record::{self, Record};
use ctlex::report::{self, TurnRow};

use super::{refuse_overwriting, warn_each, write_output};
use crate::config::SplitConfig;

pub(super) fn run(config: &SplitConfig) -> anyhow::Result<ExitCode> {
    let output: Vec<(&str, &Path)> = config.output.iter().map(|p| ("-o", p.as_path())).collect();
    refuse_overwriting("input", &config.inputs, None, &output)?;
    let mut records = Vec::with_capacity(config.inputs.len());
    let mut problems = 0;
    for path in &config.inputs {
        let (record, found) = record::read(path, config.encoding)
            .with_context(|| format!("cannot read {}", path.display()))?;
        warn_each(&found);
        problems += found.len();
        records.push(record);
    }
    write_output(config.output.as_deref(), |out| {
        report::write_turns_csv(records.iter().flat_map(turn_rows), out)
    })?;
    Ok(super::exit_status(problems))
}

/// The rows of one record: its turns, or its text as one turn with empty speaker fields when
/// no speaker header was found.
fn turn_rows(record: &Record) -> impl Iterator<Item = TurnRow<'_>> {
    let meeting = record.meeting.as_str();
    let unsplit = record.unsplit.as_deref().map(|text| TurnRow {
        meeting,
        turn: 1,
        text,
        ..TurnRow::default()
    });
    unsplit
        .into_iter()
        .chain(record.turns.iter().map(move |turn| {
            let header = &turn.header;
            TurnRow {
                meeting,
                turn: turn.turn,
                speaker: &header.speaker,
                delegation: &header.delegation,
                delegation_iso3: &header.delegation_iso3,
                role: &header.role,
                spoke_in: &header.spoke_in,
                text: &turn.text,
            }
        }))
}

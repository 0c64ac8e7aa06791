//! The speaker turns of meeting records as CSV (`ctlex split`), so that a user can inspect how a
//! record was segmented. Only formats turns; never reads, splits or counts.

use std::borrow::Cow;
use std::io::{self, Write};

use super::neutralize;
use crate::error::csv_io_error;

/// The columns of `ctlex split`.
pub const TURN_COLUMNS: [&str; 8] = [
    "meeting",
    "turn",
    "speaker",
    "delegation",
    "delegation_iso3",
    "role",
    "spoke_in",
    "text",
];

/// One speaker turn of a meeting record, as [`TURN_COLUMNS`] lists its cells.
#[derive(Clone, Copy, Debug, Default)]
pub struct TurnRow<'a> {
    /// The meeting's symbol (`S/PV.8500`), when the record names it.
    pub meeting: &'a str,
    /// 1-based, in the record's order.
    pub turn: usize,
    /// The speaker as written.
    pub speaker: &'a str,
    /// The speaker's delegation.
    pub delegation: &'a str,
    /// The delegation's ISO 3166 alpha-3 code, when known.
    pub delegation_iso3: &'a str,
    /// The office named instead of a person, in English.
    pub role: &'a str,
    /// The language the speech was delivered in, in English.
    pub spoke_in: &'a str,
    /// What was said.
    pub text: &'a str,
}

/// Writes `turns` as CSV, one row per turn, in order.
pub fn write_turns_csv<'a>(
    turns: impl IntoIterator<Item = TurnRow<'a>>,
    out: impl Write,
) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(TURN_COLUMNS).map_err(csv_io_error)?;
    for turn in turns {
        writer
            .write_record(
                [
                    neutralize(turn.meeting),
                    Cow::Owned(turn.turn.to_string()),
                    neutralize(turn.speaker),
                    neutralize(turn.delegation),
                    neutralize(turn.delegation_iso3),
                    neutralize(turn.role),
                    neutralize(turn.spoke_in),
                    neutralize(turn.text),
                ]
                .iter()
                .map(|cell| cell.as_bytes()),
            )
            .map_err(csv_io_error)?;
    }
    writer.flush()
}

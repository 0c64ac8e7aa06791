//! The speaker turns of meeting records as CSV (`ctlex split`), so that a user can inspect how a
//! record was segmented. Only formats turns; never splits or counts.

use std::io::Write;

use crate::corpus::record::Record;

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

/// Writes the speaker turns of `records` as CSV, one row per turn, in order.
pub fn write_turns_csv(records: &[Record], out: impl Write) -> csv::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(TURN_COLUMNS)?;
    for record in records {
        if let Some(text) = &record.unsplit {
            // Text without any speaker header is kept, with empty speaker fields.
            writer.write_record([record.meeting.as_str(), "1", "", "", "", "", "", text])?;
        }
        for turn in &record.turns {
            let header = &turn.header;
            writer.write_record([
                record.meeting.as_str(),
                &turn.turn.to_string(),
                &header.speaker,
                &header.delegation,
                &header.delegation_iso3,
                &header.role,
                &header.spoke_in,
                &turn.text,
            ])?;
        }
    }
    writer.flush()?;
    Ok(())
}

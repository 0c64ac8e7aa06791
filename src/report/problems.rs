//! The `--errors` report: every problem with the input as CSV (`path, line, kind, message`), in
//! reading order, so that a user can see exactly what was skipped or degraded.

use std::io::{self, Write};

use crate::error::{csv_io_error, Problem};

/// Writes `problems` as CSV.
pub fn write_problems_csv(problems: &[Problem], out: impl Write) -> io::Result<()> {
    write_problems(problems, out).map_err(csv_io_error)
}

fn write_problems(problems: &[Problem], out: impl Write) -> csv::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(["path", "line", "kind", "message"])?;
    for problem in problems {
        let line = problem.line.map(|l| l.to_string()).unwrap_or_default();
        writer.write_record([
            problem.path.as_str(),
            &line,
            problem.kind.name(),
            &problem.message,
        ])?;
    }
    writer.flush()?;
    Ok(())
}

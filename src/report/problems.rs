//! The `--errors` report: every problem with the input as CSV (`path, line, kind, message`), in
//! reading order, so that a user can see exactly what was skipped or degraded.

use std::borrow::Cow;
use std::io::{self, Write};

use super::neutralize;
use crate::error::{csv_io_error, Problem};

/// Writes `problems` as CSV; with `neutralize`, a path or message a spreadsheet could run as a
/// formula (a file named `=x.csv`) is neutralised like every text cell from the input.
pub fn write_problems_csv(
    problems: &[Problem],
    neutralize: bool,
    out: impl Write,
) -> io::Result<()> {
    write_problems(problems, neutralize, out).map_err(csv_io_error)
}

/// `text` as a cell: neutralised, or as it is.
fn cell(text: &str, neutral: bool) -> Cow<'_, str> {
    if neutral {
        neutralize(text)
    } else {
        Cow::Borrowed(text)
    }
}

fn write_problems(problems: &[Problem], neutral: bool, out: impl Write) -> csv::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(["path", "line", "kind", "message"])?;
    for problem in problems {
        let line = problem.line.map(|l| l.to_string()).unwrap_or_default();
        writer.write_record([
            &*cell(&problem.path, neutral),
            &line,
            problem.kind.name(),
            &*cell(&problem.message, neutral),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

//! The rows of a CSV or TSV stream, found line by line before the CSV reader parses them, so
//! that each row's line is known and a quote never closed cannot swallow the rows after it.
//!
//! A quoted field may hold line breaks, so one stray `"` makes a CSV reader take every later
//! line as part of one field, up to the next quote or the end of the file: rows vanish into one
//! statement and nothing says so. [`Rows`] sits between the decoded bytes and the CSV reader,
//! follows the quoting as the CSV reader will, and holds back the lines of a row whose quote is
//! open. When the quote stays open to the end of the file, for more than [`MAX_QUOTED_LINES`]
//! lines, or closes on a later line in the middle of a field (`"` followed by more text, as
//! when the next row's quoted field closes it), the row's lines up to the one where the quote
//! opened are left out and the lines after it are read again as rows. What it left out is
//! recorded as an [`Unclosed`] for the table to report.
//!
//! It also leaves out blank lines (which the CSV reader would skip) and records the line each
//! row it passes on starts at, since the CSV reader's own count is thrown off by blank lines and
//! `\r\n` line ends. A carriage return alone ends a line, as it ends a row for the CSV reader.
//! It never changes a row it passes on, and it holds at most one row in memory, as the CSV
//! reader does. TSV is read without quoting: every line is a row.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::sync::{Arc, Mutex};

/// Lines a quoted field may span before its quote is taken to be unclosed.
pub(super) const MAX_QUOTED_LINES: usize = 10_000;

/// How far an unclosed quote reached before it was noticed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reach {
    /// To the end of the file.
    EndOfFile,
    /// Past [`MAX_QUOTED_LINES`] lines.
    TooManyLines,
    /// To a quote on this later line followed by more text in the same field.
    ClosedLater(u64),
}

/// Lines left out for an unclosed quote: from the row's first line to the line where the quote
/// opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Unclosed {
    /// The row's first line.
    pub first: u64,
    /// The line where the unclosed quote opened.
    pub opened: u64,
    /// How far it reached.
    pub reach: Reach,
}

impl Unclosed {
    /// What happened, for the report.
    pub(super) fn message(&self) -> String {
        let reach = match self.reach {
            Reach::EndOfFile => "is never closed: it would make every line to the end of the file one field".to_string(),
            Reach::TooManyLines => format!(
                "is still open {MAX_QUOTED_LINES} lines later, too far for a field"
            ),
            Reach::ClosedLater(line) => format!(
                "closes only on line {line}, in the middle of a field, so the rows between would be one field"
            ),
        };
        let skipped = if self.first == self.opened {
            format!("line {} skipped", self.opened)
        } else {
            format!("lines {}-{} (one row) skipped", self.first, self.opened)
        };
        format!(
            "a quote opened on line {} {reach}; {skipped}, the lines after it read as rows",
            self.opened
        )
    }
}

/// Where the scan of a line is, as a CSV reader would be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// At the start of a field.
    FieldStart,
    /// In an unquoted field, where a quote is an ordinary character.
    Field,
    /// In a quoted field.
    Quoted,
    /// Just after a quote in a quoted field: a second quote is an escaped one, anything else
    /// ends the quoting.
    QuoteInQuoted,
}

/// What [`Rows`] tells the table: where the rows it passed on start, and what it left out.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// The first line of each row passed on, in order, until the table takes it.
    pub starts: VecDeque<u64>,
    /// Unclosed quotes, until the table reports them.
    pub unclosed: Vec<Unclosed>,
}

/// Shared between [`Rows`] and the table reading from it.
pub(super) type Shared = Arc<Mutex<Found>>;

/// The line where the next row the CSV reader reads starts, as [`Rows`] found it.
pub(super) fn next_start(found: &Shared) -> Option<u64> {
    found.lock().ok()?.starts.pop_front()
}

/// The unclosed quotes found so far, moved out.
pub(super) fn take_unclosed(found: &Shared) -> Vec<Unclosed> {
    found
        .lock()
        .map(|mut found| std::mem::take(&mut found.unclosed))
        .unwrap_or_default()
}

/// A reader that yields its input's rows, without blank lines and the lines of unclosed quotes.
pub(super) struct Rows<R> {
    inner: R,
    delimiter: u8,
    /// Whether `"` quotes fields (CSV) or is an ordinary character (TSV).
    quoting: bool,
    state: State,
    /// The line where the open quote opened.
    opened: u64,
    /// The number the next line read from `inner` will have.
    next_line: u64,
    /// Lines of a row whose quote is open, with their numbers.
    held: Vec<(u64, Vec<u8>)>,
    /// Lines to scan again after an unclosed quote, before reading on.
    replay: VecDeque<(u64, Vec<u8>)>,
    out: Vec<u8>,
    out_pos: usize,
    done: bool,
    found: Shared,
}

impl<R: BufRead> Rows<R> {
    /// The rows of `inner`, a table split by `delimiter` (quoted when `quoting`); where they
    /// start and what is left out goes to `found`.
    pub(super) fn new(inner: R, delimiter: u8, quoting: bool, found: Shared) -> Self {
        Rows {
            inner,
            delimiter,
            quoting,
            state: State::FieldStart,
            opened: 0,
            next_line: 1,
            held: Vec::new(),
            replay: VecDeque::new(),
            out: Vec::new(),
            out_pos: 0,
            done: false,
            found,
        }
    }

    /// Scans one more line; false at the end of the input.
    fn step(&mut self) -> io::Result<bool> {
        let (number, line) = match self.replay.pop_front() {
            Some(line) => line,
            None if self.done => return Ok(false),
            None => {
                let mut line = Vec::new();
                if self.inner.read_until(b'\n', &mut line)? == 0 {
                    self.done = true;
                    if !self.held.is_empty() {
                        self.unclosed(Reach::EndOfFile);
                        return Ok(true);
                    }
                    return Ok(false);
                }
                self.next_line += 1;
                let number = self.next_line - 1;
                // A carriage return alone ends a line too, for the CSV reader as for an editor.
                let first = self.split_at_bare_returns(number, line);
                (number, first)
            }
        };
        let whole = !self.quoting || memchr::memchr(b'"', &line).is_none();
        if self.state == State::FieldStart && whole {
            // The common line: no quote, so it is a whole row, unless it is blank.
            if line.iter().any(|&b| b != b'\n' && b != b'\r') {
                self.pass(number, &line);
            }
            return Ok(true);
        }
        let closed_later = self.scan(number, &line);
        self.held.push((number, line));
        if closed_later {
            self.unclosed(Reach::ClosedLater(number));
        } else if self.state != State::Quoted {
            self.state = State::FieldStart;
            let held = std::mem::take(&mut self.held);
            if let Some((first, _)) = held.first() {
                self.pass(*first, &[]);
            }
            for (_, line) in held {
                self.out.extend_from_slice(&line);
            }
        } else if self.held.len() > MAX_QUOTED_LINES {
            self.unclosed(Reach::TooManyLines);
        }
        Ok(true)
    }

    /// The first line of `bytes` (line `number`), ended by `\n` or by a `\r` alone; the lines
    /// after it, if it holds several, are queued with the numbers that follow.
    fn split_at_bare_returns(&mut self, number: u64, mut bytes: Vec<u8>) -> Vec<u8> {
        let bare = |bytes: &[u8]| {
            memchr::memchr_iter(b'\r', bytes)
                .find(|&i| bytes.get(i + 1).is_some_and(|&next| next != b'\n'))
        };
        let Some(end) = bare(&bytes) else {
            return bytes;
        };
        let mut rest = bytes.split_off(end + 1);
        let mut next = number;
        while !rest.is_empty() {
            next += 1;
            let tail = match bare(&rest) {
                Some(end) => rest.split_off(end + 1),
                None => Vec::new(),
            };
            self.replay.push_back((next, rest));
            rest = tail;
        }
        self.next_line = next + 1;
        bytes
    }

    /// Passes on a row starting at line `first` (its bytes, or the start of them).
    fn pass(&mut self, first: u64, bytes: &[u8]) {
        if let Ok(mut found) = self.found.lock() {
            found.starts.push_back(first);
        }
        self.out.extend_from_slice(bytes);
    }

    /// Follows the quoting through `line`; true when a quote opened on an earlier line closes
    /// here with more text after it in the same field.
    fn scan(&mut self, number: u64, line: &[u8]) -> bool {
        let ends_field = |b: u8| b == self.delimiter || b == b'\n' || b == b'\r';
        for &b in line {
            self.state = match self.state {
                State::FieldStart if b == b'"' => {
                    self.opened = number;
                    State::Quoted
                }
                State::FieldStart | State::Field if ends_field(b) => State::FieldStart,
                State::FieldStart | State::Field => State::Field,
                State::Quoted if b == b'"' => State::QuoteInQuoted,
                State::Quoted => State::Quoted,
                State::QuoteInQuoted if b == b'"' => State::Quoted,
                State::QuoteInQuoted if ends_field(b) => State::FieldStart,
                State::QuoteInQuoted if self.opened != number => return true,
                State::QuoteInQuoted => State::Field,
            };
        }
        false
    }

    /// Leaves out the held row's lines up to the one where the quote opened, and queues the
    /// rest to be read again.
    fn unclosed(&mut self, reach: Reach) {
        let first = self.held.first().map_or(self.opened, |(n, _)| *n);
        if let Ok(mut found) = self.found.lock() {
            found.unclosed.push(Unclosed {
                first,
                opened: self.opened,
                reach,
            });
        }
        let held = std::mem::take(&mut self.held);
        // Walked backwards so that the lines to read again keep their order in front of the
        // queue.
        for (number, line) in held.into_iter().rev() {
            if number > self.opened {
                self.replay.push_front((number, line));
            }
        }
        self.state = State::FieldStart;
    }
}

impl<R: BufRead> Read for Rows<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos >= self.out.len() {
            self.out.clear();
            self.out_pos = 0;
            if !self.step()? {
                return Ok(0);
            }
        }
        let available = self.out.get(self.out_pos..).unwrap_or_default();
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of `text`, each with its end: `\n`, `\r\n` or `\r` alone.
    fn lines(text: &str) -> Vec<&str> {
        let bytes = text.as_bytes();
        let mut lines = Vec::new();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let end = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if end {
                lines.push(&text[start..=i]);
                start = i + 1;
            }
        }
        if start < text.len() {
            lines.push(&text[start..]);
        }
        lines
    }

    /// The rows passed on, with the lines they start at, and what was left out.
    fn rows(input: &str) -> (String, Vec<u64>, Vec<Unclosed>) {
        let found = Shared::default();
        let mut out = String::new();
        Rows::new(input.as_bytes(), b',', true, found.clone())
            .read_to_string(&mut out)
            .unwrap();
        let found = std::mem::take(&mut *found.lock().unwrap());
        (out, found.starts.into(), found.unclosed)
    }

    #[test]
    fn quoting_that_closes_passes_unchanged() {
        for (input, starts) in [
            ("a,b\n1,2\n", vec![1, 2]),
            ("a,b\n1,\"x, y\"\n", vec![1, 2]),
            ("a,b\n1,\"two\nlines\"\n2,z", vec![1, 2, 4]),
            ("a,b\n1,\"an \"\"escaped\"\" quote\"\n", vec![1, 2]),
            ("a,b\n1,5\" inches\n", vec![1, 2]),
            ("a,b\r\n1,\"x\r\ny\"\r\n", vec![1, 2]),
            ("a,b\n1,\"lenient\"tail\n", vec![1, 2]),
        ] {
            assert_eq!(
                rows(input),
                (input.to_string(), starts, vec![]),
                "{input:?}"
            );
        }
    }

    #[test]
    fn blank_lines_are_left_out_and_rows_keep_their_lines() {
        assert_eq!(
            rows("a,b\n\n1,2\r\n\r\n\n2,3\n"),
            ("a,b\n1,2\r\n2,3\n".to_string(), vec![1, 3, 6], vec![])
        );
        // Carriage returns alone end lines, as the CSV reader ends rows there.
        assert_eq!(
            rows("a,b\r1,2\r\r3,\"x\ry\"\r4,5\n6,7"),
            (
                "a,b\r1,2\r3,\"x\ry\"\r4,5\n6,7".to_string(),
                vec![1, 2, 4, 6, 7],
                vec![]
            )
        );
    }

    #[test]
    fn an_unclosed_quote_leaves_out_its_line_and_reads_on() {
        let cases = [
            (
                "a,b\n1,\"open\n2,x\n3,y\n",
                "a,b\n2,x\n3,y\n",
                vec![1, 3, 4],
                Unclosed {
                    first: 2,
                    opened: 2,
                    reach: Reach::EndOfFile,
                },
            ),
            (
                "a,b\n1,\"open\n2,\"x\"\n",
                "a,b\n2,\"x\"\n",
                vec![1, 3],
                Unclosed {
                    first: 2,
                    opened: 2,
                    reach: Reach::ClosedLater(3),
                },
            ),
            (
                "a,b\n1,\"ok\nstill\",\"open\n2,y",
                "a,b\n2,y",
                vec![1, 4],
                Unclosed {
                    first: 2,
                    opened: 3,
                    reach: Reach::EndOfFile,
                },
            ),
            (
                "a,b\n1,\"open",
                "a,b\n",
                vec![1],
                Unclosed {
                    first: 2,
                    opened: 2,
                    reach: Reach::EndOfFile,
                },
            ),
        ];
        for (input, output, starts, unclosed) in cases {
            assert_eq!(
                rows(input),
                (output.to_string(), starts, vec![unclosed]),
                "{input:?}"
            );
        }
    }

    #[test]
    fn a_field_open_too_long_is_unclosed() {
        let mut input = String::from("a,b\n1,\"open\n");
        for i in 0..MAX_QUOTED_LINES + 5 {
            input.push_str(&format!("{i},row\n"));
        }
        let (out, starts, found) = rows(&input);
        assert_eq!(
            found,
            [Unclosed {
                first: 2,
                opened: 2,
                reach: Reach::TooManyLines
            }]
        );
        assert_eq!(out, input.replacen("1,\"open\n", "", 1));
        assert_eq!(starts.get(..3), Some(&[1, 3, 4][..]));
    }

    proptest::proptest! {
        /// Whatever the bytes, every line passed on is a line of the input, in order, and the
        /// row starts are increasing.
        #[test]
        fn rows_are_lines_of_the_input(input in "[a\",\n\r]{0,60}") {
            let (out, starts, _) = rows(&input);
            let mut input_lines = lines(&input).into_iter();
            for line in lines(&out) {
                proptest::prop_assert!(input_lines.any(|l| l == line), "{:?}", line);
            }
            proptest::prop_assert!(starts.windows(2).all(|w| w[0] < w[1]));
        }
    }
}

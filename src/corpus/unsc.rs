//! The UN Security Council Debates corpus: one `.txt` file per speech, named
//! `UNSC_YYYY_SPV.NNNN[ResumptionN]_spchNNN.txt` (or, for the 2020 video-conference meetings,
//! `UNSC_2020_SPV.2020_397_spch001.txt`), in any folder tree, with the corpus's `speaker.tsv`
//! (one row per speech) and `meta.tsv` (one row per meeting) when present.
//!
//! The tables are read by column name, never by position (versions of the corpus differ), as TSV
//! without quoting; a row broken in two by a stray newline is put back together. A speech's
//! fields come from its header first (what the record says), then from the tables, then from its
//! file name. A speech without a header and without a table row keeps empty speaker fields.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use regex::Regex;

use super::layout::{FileReader, InputFile, Notes};
use super::speaker::{self, Position};
use super::{
    delegation, missing_columns, require_columns, Fields, Issue, Names, ReadOptions, Statement,
};
use crate::error::{Error, Problem, ProblemKind};

/// The corpus's tables, looked for in the input folder and the two folders above it.
pub(crate) const TABLES: [&str; 2] = ["speaker.tsv", "meta.tsv"];

/// The fields every speech has, before the tables' other columns.
const FIELDS: [&str; 10] = [
    "file",
    "meeting",
    "year",
    "speech",
    "speaker",
    "delegation",
    "delegation_iso3",
    "role",
    "spoke_in",
    "has_header",
];

/// What a speech file's name says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SpeechName {
    pub year: String,
    /// The meeting's document symbol: `S/PV.7138`, `S/PV.4726 (Resumption 1)`, `S/2020/397`.
    pub meeting: String,
    /// The meeting's part of the file name: `UNSC_2014_SPV.7138`, the key of `meta.tsv`.
    pub basename: String,
    pub speech: u32,
}

impl SpeechName {
    pub(crate) fn parse(name: &str) -> Option<SpeechName> {
        static REGEX: OnceLock<Regex> = OnceLock::new();
        let regex = REGEX.get_or_init(|| {
            Regex::new(r"^(?P<base>UNSC_(?P<year>\d{4})_SPV\.(?P<number>\d+)(?:_(?P<second>\d+))?(?:Resumption(?P<resumption>\d+))?)_spch(?P<speech>\d+)\.txt$")
                .expect("the speech file pattern is valid")
        });
        let captures = regex.captures(name)?;
        let number = captures.name("number")?.as_str();
        let mut meeting = match captures.name("second") {
            // The 2020 meetings held by video conference have records as letters, S/2020/397.
            Some(second) => format!("S/{number}/{}", second.as_str()),
            None => format!("S/PV.{number}"),
        };
        if let Some(resumption) = captures.name("resumption") {
            meeting.push_str(&format!(" (Resumption {})", resumption.as_str()));
        }
        Some(SpeechName {
            year: captures.name("year")?.as_str().to_string(),
            meeting,
            basename: captures.name("base")?.as_str().to_string(),
            speech: captures.name("speech")?.as_str().parse().ok()?,
        })
    }
}

/// One of the corpus's tables: rows by key, values by column.
#[derive(Debug, Default)]
struct KeyedTable {
    columns: Vec<String>,
    rows: HashMap<String, Vec<String>>,
}

impl KeyedTable {
    fn value<'t>(&'t self, row: &'t [String], column: &str) -> Option<&'t str> {
        let i = self.columns.iter().position(|c| c == column)?;
        row.get(i).map(String::as_str).filter(|v| !v.is_empty())
    }
}

/// Reads a TSV table without quoting, keyed by the first of `keys` it has. Rows with too few
/// fields are joined with the next row when together they make one row (a stray newline inside
/// a field); other bad rows are reported and skipped.
fn load_table(
    path: &Path,
    keys: &[&str],
    problems: &mut Vec<Problem>,
) -> Result<KeyedTable, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = super::decode::decode(&bytes, None).text;
    let mut lines = text.lines().enumerate();
    let columns: Vec<String> = match lines.next() {
        Some((_, header)) => header.split('\t').map(|c| c.trim().to_string()).collect(),
        None => return Ok(KeyedTable::default()),
    };
    let Some(key) = keys
        .iter()
        .find_map(|k| columns.iter().position(|c| c == k))
    else {
        let found: Vec<&str> = columns.iter().map(String::as_str).collect();
        return Err(missing_columns(path, keys, &found));
    };
    let problem = |line: usize, message: String| {
        Problem::new(
            path.display().to_string(),
            Some(line as u64 + 1),
            ProblemKind::FieldCount,
            message,
        )
    };
    let mut table = KeyedTable {
        columns: columns.clone(),
        rows: HashMap::new(),
    };
    let width = columns.len();
    let too_many = |n: usize| format!("row has {n} fields, the header has {width}; row skipped");
    // A short row waits for the next line to complete it; a lone field after a complete row
    // is the end of that row's last field.
    let mut pending: Option<(usize, Vec<String>)> = None;
    let mut last: Option<String> = None;
    let flush =
        |table: &mut KeyedTable, last: &Option<String>, (start, row): (usize, Vec<String>)| {
            let previous = last.as_ref().and_then(|k| table.rows.get_mut(k));
            match (row.as_slice(), previous.and_then(|r| r.last_mut())) {
                ([alone], Some(field)) => {
                    field.push(' ');
                    field.push_str(alone);
                    None
                }
                _ => Some(problem(start, too_many(row.len()))),
            }
        };
    for (number, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<String> = line.split('\t').map(|f| f.trim().to_string()).collect();
        let fields = match pending.take() {
            Some((start, mut row)) if row.len() + fields.len() - 1 <= width => {
                let mut rest = fields.into_iter();
                if let (Some(end), Some(next)) = (row.last_mut(), rest.next()) {
                    end.push(' ');
                    end.push_str(&next);
                }
                row.extend(rest);
                if row.len() < width {
                    pending = Some((start, row));
                    continue;
                }
                (start, row)
            }
            Some(short) => {
                problems.extend(flush(&mut table, &last, short));
                (number, fields)
            }
            None => (number, fields),
        };
        match fields.1.len() {
            n if n == width => {
                let key = fields.1.get(key).cloned().unwrap_or_default();
                table.rows.insert(key.clone(), fields.1);
                last = Some(key);
            }
            n if n < width => pending = Some(fields),
            n => problems.push(problem(fields.0, too_many(n))),
        }
    }
    if let Some(short) = pending {
        problems.extend(flush(&mut table, &last, short));
    }
    Ok(table)
}

/// The first of `names` found in `folder` or the two folders above it.
fn find_table(folder: &Path, name: &str) -> Option<PathBuf> {
    folder
        .ancestors()
        .take(3)
        .map(|f| f.join(name))
        .find(|p| p.is_file())
}

/// Reads speech files, joining them to the corpus's tables.
pub(crate) struct Speeches {
    names: Names,
    speakers: Option<KeyedTable>,
    meetings: Option<KeyedTable>,
    /// Table columns carried as they are: (table is `speakers`, column index, field index).
    extra: Vec<(bool, usize, usize)>,
    /// Problems found in the tables, reported with the first speech.
    problems: Vec<Problem>,
    notes: Arc<Notes>,
}

impl Speeches {
    pub(crate) fn open(
        root: &Path,
        options: &ReadOptions,
        notes: Arc<Notes>,
    ) -> Result<Speeches, Error> {
        let folder = if root.is_file() {
            root.parent().unwrap_or(Path::new("."))
        } else {
            root
        };
        let mut problems = Vec::new();
        let speakers = match find_table(folder, "speaker.tsv") {
            Some(path) => Some(load_table(&path, &["filename", "file"], &mut problems)?),
            None => None,
        };
        let meetings = match find_table(folder, "meta.tsv") {
            Some(path) => Some(load_table(
                &path,
                &["basename", "filename", "file"],
                &mut problems,
            )?),
            None => None,
        };
        let mut names: Vec<Box<str>> = FIELDS.iter().map(|&f| f.into()).collect();
        let mut extra = Vec::new();
        for (is_speakers, table) in [(true, &speakers), (false, &meetings)] {
            for (i, column) in table.iter().flat_map(|t| t.columns.iter().enumerate()) {
                if column.is_empty() || names.iter().any(|n| **n == **column) {
                    continue;
                }
                extra.push((is_speakers, i, names.len()));
                names.push(column.as_str().into());
            }
        }
        let names: Names = names.into();
        let found: Vec<&str> = names.iter().map(|n| &**n).collect();
        require_columns(root, options, &found)?;
        Ok(Speeches {
            names,
            speakers,
            meetings,
            extra,
            problems,
            notes,
        })
    }
}

impl FileReader for Speeches {
    fn companions(&self) -> &'static [&'static str] {
        &TABLES
    }

    fn read(
        &mut self,
        file: &InputFile<'_>,
        text: String,
        out: &mut VecDeque<Result<Statement, Issue>>,
    ) {
        out.extend(self.problems.drain(..).map(|p| Err(Issue::Problem(p))));
        let name = file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parsed = SpeechName::parse(&name);
        let header = speaker::parse(&text, Position::FileStart);
        let speech_row = self.speakers.as_ref().and_then(|t| {
            let stem = name.strip_suffix(".txt").unwrap_or(&name);
            t.rows
                .get(&name)
                .or_else(|| t.rows.get(stem))
                .map(|r| (t, r))
        });
        let meeting_row = self.meetings.as_ref().and_then(|t| {
            let base = parsed.as_ref().map(|p| p.basename.as_str())?;
            t.rows
                .get(base)
                .or_else(|| t.rows.get(&format!("{base}.txt")))
                .map(|r| (t, r))
        });
        let from_table = |columns: &[&str]| -> String {
            let Some((table, row)) = speech_row else {
                return String::new();
            };
            columns
                .iter()
                .find_map(|c| table.value(row, c))
                .unwrap_or("")
                .to_string()
        };
        let h = header.clone().unwrap_or_default();
        let or = |first: String, second: String| if first.is_empty() { second } else { first };
        let mut delegation_name = h.delegation.clone();
        let mut iso3 = h.delegation_iso3.clone();
        if delegation_name.is_empty() {
            let written = from_table(&["speaker_country", "country"]);
            match delegation::find(&written) {
                Some(found) => {
                    delegation_name = found.name.to_string();
                    iso3 = found.iso3.to_string();
                }
                None => delegation_name = written,
            }
        }
        if iso3.is_empty() && !delegation_name.is_empty() {
            self.notes.unknown_delegation(&delegation_name);
        }
        let mut values = vec![
            file.relative.clone(),
            parsed
                .as_ref()
                .map(|p| p.meeting.clone())
                .unwrap_or_default(),
            or(
                parsed.as_ref().map(|p| p.year.clone()).unwrap_or_default(),
                from_table(&["year"]),
            ),
            parsed
                .as_ref()
                .map(|p| p.speech.to_string())
                .unwrap_or_default(),
            or(h.speaker.clone(), from_table(&["speaker"])),
            delegation_name,
            iso3,
            or(h.role.clone(), from_table(&["role", "role_in_un"])),
            h.spoke_in.clone(),
            if header.is_some() { "yes" } else { "no" }.to_string(),
        ];
        values.resize(self.names.len(), String::new());
        for &(is_speakers, column, field) in &self.extra {
            let row = if is_speakers {
                speech_row.map(|(_, r)| r)
            } else {
                meeting_row.map(|(_, r)| r)
            };
            if let (Some(value), Some(slot)) =
                (row.and_then(|r| r.get(column)), values.get_mut(field))
            {
                slot.clone_from(value);
            }
        }
        if parsed.is_none() {
            self.notes.remark(
                "files not named like Security Council speeches (UNSC_YYYY_SPV.NNNN_spchNNN.txt) were read with the fields their header gives".into(),
            );
        }
        let text = match header {
            Some(header) => text.get(header.end..).unwrap_or("").to_string(),
            None => text,
        };
        out.push_front(Ok(Statement {
            id: file.id.clone(),
            fields: Fields::new(self.names.clone(), values),
            text,
            path: file.path.display().to_string().into(),
            line: None,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_file_names() {
        let cases = [
            (
                "UNSC_2014_SPV.7138_spch002.txt",
                "2014",
                "S/PV.7138",
                "UNSC_2014_SPV.7138",
                2,
            ),
            (
                "UNSC_2003_SPV.4726Resumption1_spch052.txt",
                "2003",
                "S/PV.4726 (Resumption 1)",
                "UNSC_2003_SPV.4726Resumption1",
                52,
            ),
            (
                "UNSC_2020_SPV.2020_397_spch001.txt",
                "2020",
                "S/2020/397",
                "UNSC_2020_SPV.2020_397",
                1,
            ),
            (
                "UNSC_1995_SPV.3500_spch1234.txt",
                "1995",
                "S/PV.3500",
                "UNSC_1995_SPV.3500",
                1234,
            ),
        ];
        for (name, year, meeting, basename, speech) in cases {
            let parsed = SpeechName::parse(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(
                (
                    parsed.year.as_str(),
                    parsed.meeting.as_str(),
                    parsed.basename.as_str(),
                    parsed.speech
                ),
                (year, meeting, basename, speech),
                "{name}"
            );
        }
        for name in [
            "UNSC_2014_SPV.7138.txt",
            "speech.txt",
            "UNSC_2014_SPV.7138_spch002.csv",
            "AFG_50_1995.txt",
        ] {
            assert_eq!(SpeechName::parse(name), None, "{name}");
        }
    }

    #[test]
    fn tables_are_read_by_name_and_broken_rows_mended() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("speaker.tsv");
        std::fs::write(
            &path,
            "\tspeaker\tfilename\tcountry\n\
             1\tMr. A\tUNSC_2014_SPV.7138_spch002.txt\tFrance\n\
             2\tMr. B\tUNSC_2014_SPV.7138_spch003.txt\tUnited\n\
             Kingdom\n\
             3\ttoo\tmany\tfields\there\n\
             4\tMs. C\tUNSC_2014_SPV.7138_spch004.txt\tChile\n\
             5\tMr.\n\
             E\tUNSC_2014_SPV.7138_spch005.txt\tPeru\n",
        )
        .unwrap();
        let mut problems = Vec::new();
        let table = load_table(&path, &["filename"], &mut problems).unwrap();
        assert_eq!(table.rows.len(), 4);
        let row = &table.rows["UNSC_2014_SPV.7138_spch003.txt"];
        assert_eq!(table.value(row, "country"), Some("United Kingdom"));
        let row = &table.rows["UNSC_2014_SPV.7138_spch005.txt"];
        assert_eq!(table.value(row, "speaker"), Some("Mr. E"));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(5));
    }
}

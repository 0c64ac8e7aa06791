//! The UN General Debate corpus: `Session NN - YYYY/ISO3_NN_YYYY.txt`, one delegation's General
//! Debate speech per file. The file name gives the delegation's code, the session and the year;
//! the delegation table gives its name. The files carry no speaker header.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use regex::Regex;

use super::layout::{FileReader, InputFile, Notes};
use super::{delegation, names, require_columns, Fields, Issue, Names, ReadOptions, Statement};
use crate::error::Error;

/// The files name no speaker: as for any `.txt` file without metadata, `speaker` is the file's
/// stem (`AFG_50_1995`), one per speech.
const FIELDS: [&str; 6] = [
    "file",
    "delegation",
    "delegation_iso3",
    "session",
    "year",
    "speaker",
];

/// What a General Debate file's name says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SpeechName {
    pub code: String,
    pub session: u32,
    pub year: u32,
}

impl SpeechName {
    pub(crate) fn parse(name: &str) -> Option<SpeechName> {
        static REGEX: OnceLock<Regex> = OnceLock::new();
        let regex = REGEX.get_or_init(|| {
            Regex::new(r"^(?P<code>[A-Z]{2,3})_(?P<session>\d{1,3})_(?P<year>\d{4})\.txt$")
                .expect("the General Debate file pattern is valid")
        });
        let captures = regex.captures(name)?;
        Some(SpeechName {
            code: captures.name("code")?.as_str().to_string(),
            session: captures.name("session")?.as_str().parse().ok()?,
            year: captures.name("year")?.as_str().parse().ok()?,
        })
    }
}

pub(crate) struct Speeches {
    names: Names,
    notes: Arc<Notes>,
}

impl Speeches {
    pub(crate) fn open(
        root: &Path,
        options: &ReadOptions,
        notes: Arc<Notes>,
    ) -> Result<Speeches, Error> {
        require_columns(root, options, &FIELDS)?;
        Ok(Speeches {
            names: names(&FIELDS),
            notes,
        })
    }
}

impl FileReader for Speeches {
    fn read(
        &mut self,
        file: &InputFile<'_>,
        text: String,
        out: &mut VecDeque<Result<Statement, Issue>>,
    ) {
        let name = file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let values = match SpeechName::parse(&name) {
            Some(parsed) => {
                let delegation_name = match delegation::by_code(&parsed.code) {
                    Some(found) => found.name.to_string(),
                    None => {
                        self.notes.unknown_delegation(&parsed.code);
                        parsed.code.clone()
                    }
                };
                vec![
                    file.relative.clone(),
                    delegation_name,
                    parsed.code,
                    parsed.session.to_string(),
                    parsed.year.to_string(),
                    stem(&name),
                ]
            }
            None => {
                self.notes.remark(
                    "files not named like General Debate speeches (ISO3_NN_YYYY.txt) were read without delegation, session and year".into(),
                );
                let empty = String::new;
                vec![
                    file.relative.clone(),
                    empty(),
                    empty(),
                    empty(),
                    empty(),
                    stem(&name),
                ]
            }
        };
        out.push_back(Ok(Statement {
            id: file.id.clone(),
            fields: Fields::new(self.names.clone(), values),
            text,
            path: file.path.display().to_string().into(),
            line: None,
        }));
    }
}

fn stem(name: &str) -> String {
    name.strip_suffix(".txt").unwrap_or(name).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_debate_file_names() {
        let parsed = SpeechName::parse("AFG_50_1995.txt").unwrap();
        assert_eq!(
            (parsed.code.as_str(), parsed.session, parsed.year),
            ("AFG", 50, 1995)
        );
        assert_eq!(SpeechName::parse("EU_66_2011.txt").unwrap().code, "EU");
        for name in [
            "._AFG_50_1995.txt",
            "afg_50_1995.txt",
            "AFG_50_95.txt",
            "AFG_50_1995.csv",
        ] {
            assert_eq!(SpeechName::parse(name), None, "{name}");
        }
    }
}

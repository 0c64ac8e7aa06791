//! `--groups`: the values of a column gathered into named groups (delegations into blocs), read
//! from a CSV file of `column,value,group` rows or taken from the files bundled in `groups/`.
//!
//! A value may be in several groups, and a statement then counts once in each: group totals
//! overlap. A statement whose value is in no group is left out of the counts. Loading is where a
//! group file fails, with its file and line; once the run goes, grouping never fails.

use std::fmt;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::corpus::Statement;
use crate::group::column_value;
use crate::tally::GroupKey;

/// The group files bundled with ctlex, by short name (`--groups csto`).
const BUNDLED: [(&str, &str); 4] = [
    ("cis", include_str!("../groups/cis.csv")),
    ("csto", include_str!("../groups/csto.csv")),
    ("p5", include_str!("../groups/p5.csv")),
    ("sco", include_str!("../groups/sco.csv")),
];

/// The columns of a group file, in the order they are written.
const HEADER: [&str; 3] = ["column", "value", "group"];

/// What separates a statement's groups where one cell names them all (the hits table).
pub const GROUP_SEPARATOR: &str = "; ";

/// A group file that cannot be used, with where it is wrong.
#[derive(Debug, thiserror::Error)]
pub enum GroupsError {
    /// A line of the file is wrong.
    #[error("{file}:{line}: {message}")]
    Line {
        /// The file, as given.
        file: String,
        /// The line, from 1.
        line: u64,
        /// What is wrong with it.
        message: String,
    },
    /// The file as a whole is wrong, or does not fit the run.
    #[error("{file}: {message}")]
    File {
        /// The file, as given.
        file: String,
        /// What is wrong with it.
        message: String,
    },
    /// The file does not fit `--by`.
    #[error("{0}")]
    Usage(String),
}

/// Named groups of the values of one or more columns, as the manifest records them: where they
/// were read from and the BLAKE3 hash of the file.
#[derive(Clone, Debug, Serialize)]
pub struct Groups {
    /// The file as given, or `bundled:NAME` for a bundled one.
    pub path: String,
    /// The BLAKE3 hash of the file's bytes, in hex.
    pub blake3: String,
    /// The grouped columns, in the order the file first names them.
    #[serde(skip)]
    columns: Vec<GroupedColumn>,
}

/// One column's values and their groups.
#[derive(Clone, Debug)]
struct GroupedColumn {
    name: String,
    /// Where the column stands in `--by`, once [`Groups::for_by`] has placed it.
    index: usize,
    /// Each value's groups, in the file's order.
    groups: FxHashMap<String, Vec<String>>,
}

impl Groups {
    /// The short names of the bundled group files.
    pub fn bundled_names() -> impl Iterator<Item = &'static str> {
        BUNDLED.iter().map(|(name, _)| *name)
    }

    /// The groups of the file `name`, or when there is no such file, of the bundled file of that
    /// short name (`csto`, `sco`, `cis`, `p5`, letter case ignored).
    pub fn open(name: &str) -> Result<Groups, GroupsError> {
        let path = Path::new(name);
        if path.exists() {
            let bytes = std::fs::read(path).map_err(|e| GroupsError::File {
                file: name.to_string(),
                message: format!("cannot read: {e}"),
            })?;
            return Groups::parse(name, &bytes);
        }
        let short = name.trim_end_matches(".csv").to_ascii_lowercase();
        match BUNDLED.iter().find(|(bundled, _)| *bundled == short) {
            Some((bundled, text)) => Groups::parse(&format!("bundled:{bundled}"), text.as_bytes()),
            None => Err(GroupsError::File {
                file: name.to_string(),
                message: format!(
                    "no such file, and not a bundled group file ({})",
                    Groups::bundled_names().collect::<Vec<_>>().join(", ")
                ),
            }),
        }
    }

    /// Reads `bytes`, the file `file`: a header row naming `column`, `value` and `group` (in any
    /// order), then one row per value and group; lines starting with `#` are comments.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Groups, GroupsError> {
        let at = |line: u64, message: String| GroupsError::Line {
            file: file.to_string(),
            line,
            message,
        };
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        // Comment lines are emptied, not removed, so that lines keep their numbers.
        let uncommented: Vec<u8> = bytes
            .split_inclusive(|b| *b == b'\n')
            .flat_map(|line| match line.trim_ascii_start().first() {
                Some(b'#') => &line[line.len() - usize::from(line.ends_with(b"\n"))..],
                _ => line,
            })
            .copied()
            .collect();
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(uncommented.as_slice());
        // The line a record starts on: the reader's own line numbers leave out empty lines, and
        // its offset may stand before them.
        let line_at = |position: Option<&csv::Position>| {
            let byte = position
                .map_or(0, |p| p.byte() as usize)
                .min(uncommented.len());
            let skipped = uncommented[byte..]
                .iter()
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .count();
            let before = &uncommented[..byte + skipped];
            1 + before.iter().filter(|b| **b == b'\n').count() as u64
        };
        let line_of = |e: &csv::Error| line_at(e.position());
        let header = reader
            .headers()
            .map_err(|e| at(line_of(&e), e.to_string()))?
            .clone();
        let header_line = line_at(header.position());
        let mut places = [usize::MAX; 3];
        for (i, name) in header.iter().enumerate() {
            let name = name.trim();
            match HEADER.iter().position(|h| h.eq_ignore_ascii_case(name)) {
                Some(h) => places[h] = i,
                None => {
                    return Err(at(
                        header_line,
                        format!(
                            "unknown column `{name}`; a group file has the columns {}",
                            HEADER.join(",")
                        ),
                    ))
                }
            }
        }
        if let Some(missing) = places.iter().position(|p| *p == usize::MAX) {
            return Err(at(
                header_line,
                format!(
                    "no column `{}`; a group file has the columns {}",
                    HEADER[missing],
                    HEADER.join(",")
                ),
            ));
        }
        let mut columns: Vec<GroupedColumn> = Vec::new();
        let mut seen: FxHashMap<(String, String, String), u64> = FxHashMap::default();
        for record in reader.records() {
            let record = record.map_err(|e| at(line_of(&e), e.to_string()))?;
            let line = line_at(record.position());
            let [column, value, group] = places.map(|p| record.get(p).unwrap_or("").trim());
            for (what, text) in [("column", column), ("value", value), ("group", group)] {
                if text.is_empty() {
                    return Err(at(line, format!("empty {what}")));
                }
            }
            let row = (column.to_string(), value.to_string(), group.to_string());
            if let Some(first) = seen.insert(row, line) {
                return Err(at(line, format!("duplicate row (first on line {first})")));
            }
            let grouped = match columns.iter_mut().position(|c| c.name == column) {
                Some(i) => &mut columns[i],
                None => {
                    columns.push(GroupedColumn {
                        name: column.to_string(),
                        index: 0,
                        groups: FxHashMap::default(),
                    });
                    columns.last_mut().expect("just pushed")
                }
            };
            grouped
                .groups
                .entry(value.to_string())
                .or_default()
                .push(group.to_string());
        }
        if columns.is_empty() {
            return Err(GroupsError::File {
                file: file.to_string(),
                message: "no groups (a group file has a row column,value,group per value)".into(),
            });
        }
        Ok(Groups {
            path: file.to_string(),
            blake3: blake3::hash(bytes).to_hex().to_string(),
            columns,
        })
    }

    /// The columns the file groups.
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }

    /// These groups for a run grouped by the `by` columns: the file's columns that `by` names
    /// are grouped, the others are ignored. Refused when `by` names none of them, or when one is
    /// `language`, which is known only once a statement has been scanned.
    pub fn for_by(mut self, by: &[String]) -> Result<Groups, GroupsError> {
        let named: Vec<String> = self.columns().map(str::to_string).collect();
        self.columns
            .retain_mut(|c| match by.iter().position(|b| *b == c.name) {
                Some(index) => {
                    c.index = index;
                    true
                }
                None => false,
            });
        if self.columns.is_empty() {
            return Err(GroupsError::Usage(format!(
                "--groups {} groups by {}, which --by does not name; add it to --by, e.g. --by {}",
                self.path,
                named.join(", "),
                named[0]
            )));
        }
        if self.columns().any(|c| c == "language") {
            return Err(GroupsError::Usage(format!(
                "--groups {}: the `language` column cannot be grouped (it is known only once a \
                 statement is read); group a metadata column instead",
                self.path
            )));
        }
        Ok(self)
    }

    /// Whether `statement` is in a group of every grouped column; a statement that is not is
    /// left out of the counts.
    pub fn covers(&self, statement: &Statement) -> bool {
        self.columns.iter().all(|c| {
            let value = column_value(statement, &c.name, "");
            c.groups.contains_key(value.trim())
        })
    }

    /// The groups of the statement whose values by `--by` are `key`: `key` with each grouped
    /// value replaced by one of its groups, in every combination (none when a grouped value is
    /// in no group).
    pub fn keys(&self, key: &GroupKey) -> Vec<GroupKey> {
        let mut keys = vec![key.clone()];
        for column in &self.columns {
            let Some(value) = key.0.get(column.index) else {
                continue;
            };
            let groups = column
                .groups
                .get(value.trim())
                .map_or(&[][..], Vec::as_slice);
            keys = keys
                .iter()
                .flat_map(|key| {
                    groups.iter().map(move |group| {
                        let mut key = key.clone();
                        key.0[column.index] = group.clone();
                        key
                    })
                })
                .collect();
        }
        keys
    }

    /// `key` with each grouped value replaced by all its groups in one cell, separated by
    /// [`GROUP_SEPARATOR`]: how one row of the hits table names a statement's groups.
    pub fn label(&self, key: &GroupKey) -> GroupKey {
        let mut label = key.clone();
        for column in &self.columns {
            if let Some(value) = label.0.get_mut(column.index) {
                if let Some(groups) = column.groups.get(value.trim()) {
                    *value = groups.join(GROUP_SEPARATOR);
                }
            }
        }
        label
    }

    /// Whether the statement labelled `label` (by [`Groups::label`]) is in the group `key`.
    pub fn label_has(&self, label: &GroupKey, key: &GroupKey) -> bool {
        label.0.len() == key.0.len()
            && label.0.iter().zip(&key.0).enumerate().all(|(i, (l, k))| {
                l == k
                    || self
                        .columns
                        .iter()
                        .any(|c| c.index == i && l.split(GROUP_SEPARATOR).any(|group| group == k))
            })
    }

    /// The note of a run that left out `ungrouped` statements: `2 statements in no group of
    /// blocs.csv (left out)`.
    pub fn ungrouped_note(&self, ungrouped: u64) -> Option<String> {
        (ungrouped > 0).then(|| {
            format!(
                "{ungrouped} statement{} in no group of {} (left out)",
                if ungrouped == 1 { "" } else { "s" },
                self.path
            )
        })
    }
}

impl fmt::Display for Groups {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCS: &str = "\
# A comment line, as the bundled files date their lists.
column,value,group
delegation_iso3,RUS,CSTO
delegation_iso3,KAZ,CSTO
delegation_iso3,RUS,P5
";

    fn key(values: &[&str]) -> GroupKey {
        GroupKey(values.iter().map(|v| v.to_string()).collect())
    }

    fn by(columns: &[&str]) -> Vec<String> {
        columns.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_value_in_several_groups_gives_a_key_for_each() {
        let groups = Groups::parse("blocs.csv", BLOCS.as_bytes())
            .unwrap()
            .for_by(&by(&["year", "delegation_iso3"]))
            .unwrap();
        assert_eq!(
            groups.keys(&key(&["2020", "RUS"])),
            [key(&["2020", "CSTO"]), key(&["2020", "P5"])]
        );
        assert_eq!(
            groups.keys(&key(&["2020", "KAZ"])),
            [key(&["2020", "CSTO"])]
        );
        assert!(groups.keys(&key(&["2020", "BRA"])).is_empty());
        let label = groups.label(&key(&["2020", "RUS"]));
        assert_eq!(label, key(&["2020", "CSTO; P5"]));
        assert!(groups.label_has(&label, &key(&["2020", "P5"])));
        assert!(!groups.label_has(&label, &key(&["2021", "P5"])));
    }

    #[test]
    fn bad_files_are_refused_with_their_line() {
        for (text, wanted) in [
            ("column,value,bloc\n", "g.csv:1: unknown column `bloc`"),
            ("column,value\n", "g.csv:1: no column `group`"),
            ("column,value,group\nx,,G\n", "g.csv:2: empty value"),
            (
                "column,value,group\n# note\nx,1, \n",
                "g.csv:3: empty group",
            ),
            (
                "column,value,group\nx,1,G\nx,2,G\nx,1,G\n",
                "g.csv:4: duplicate row (first on line 2)",
            ),
            ("column,value,group\n", "g.csv: no groups"),
        ] {
            let error = Groups::parse("g.csv", text.as_bytes()).unwrap_err();
            assert!(error.to_string().contains(wanted), "{text:?}: {error}");
        }
    }

    #[test]
    fn the_bundled_files_load_and_are_found_by_short_name() {
        for name in Groups::bundled_names() {
            let groups = Groups::open(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(groups.columns().collect::<Vec<_>>(), ["delegation_iso3"]);
            assert_eq!(groups.path, format!("bundled:{name}"));
        }
        let p5 = Groups::open("P5")
            .unwrap()
            .for_by(&by(&["delegation_iso3"]))
            .unwrap();
        assert_eq!(p5.keys(&key(&["GBR"])), [key(&["P5"])]);
    }

    #[test]
    fn a_file_whose_columns_by_does_not_name_is_refused() {
        let groups = Groups::parse("blocs.csv", BLOCS.as_bytes()).unwrap();
        let error = groups.for_by(&by(&["delegation"])).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("blocs.csv groups by delegation_iso3, which --by does not name"),
            "{error}"
        );
    }
}

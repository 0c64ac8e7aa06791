//! `--where`: which statements a run keeps, by their metadata. A [`Filter`] is a list of
//! [`Condition`]s that must all hold (`delegation=France,Germany`, `year>=2015`); a statement it
//! leaves out is read but never analyzed, counted or reported. The columns are those `--by`
//! reads (metadata, and `doc`, `language` and `file`, which ctlex computes the way
//! [`crate::group`] does).
//!
//! A filter never fails on a statement: a value that is missing or not a number simply does not
//! satisfy a condition. Parsing is where it fails, with a message that names the condition.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::corpus::Statement;
use crate::group::{column_value, statement_language, VIRTUAL_COLUMNS};
use crate::lang::{LetterCounts, Script};

/// Conditions a statement must all meet to be counted; none keeps every statement.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Filter {
    conditions: Vec<Condition>,
}

/// One `--where` condition, as the manifest records it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    /// The column tested.
    pub column: String,
    /// The test: `=`, `!=`, `>=` or `<=`.
    pub test: Test,
    /// The values: any of them for `=`, none of them for `!=`, the bound for `>=` and `<=`.
    pub values: Vec<String>,
    /// The bound of `>=` and `<=` as a number.
    #[serde(skip)]
    bound: f64,
}

/// How a condition compares a statement's value with its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Test {
    /// The value is one of the values.
    #[serde(rename = "=")]
    OneOf,
    /// The value is none of the values.
    #[serde(rename = "!=")]
    NoneOf,
    /// The value is a number no smaller than the bound.
    #[serde(rename = ">=")]
    AtLeast,
    /// The value is a number no larger than the bound.
    #[serde(rename = "<=")]
    AtMost,
}

impl Test {
    /// The operator as written, longest first so that `>=` is not read as `=`.
    const OPERATORS: [(&'static str, Test); 4] = [
        ("!=", Test::NoneOf),
        (">=", Test::AtLeast),
        ("<=", Test::AtMost),
        ("=", Test::OneOf),
    ];

    fn operator(self) -> &'static str {
        Test::OPERATORS
            .iter()
            .find(|(_, test)| *test == self)
            .map_or("=", |(op, _)| op)
    }
}

impl Filter {
    /// A filter of `conditions`, each parsed with [`Condition::parse`].
    pub fn new(conditions: Vec<Condition>) -> Filter {
        Filter { conditions }
    }

    /// Whether the filter keeps every statement.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty()
    }

    /// The conditions, in the order given.
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// The columns the inputs must have: those tested that ctlex does not compute.
    pub fn read_columns(&self) -> impl Iterator<Item = &str> + '_ {
        self.conditions
            .iter()
            .map(|c| c.column.as_str())
            .filter(|c| !VIRTUAL_COLUMNS.contains(c))
    }

    /// What the filter did, for the summary and the manifest: `--where year>=2015: kept 12 of
    /// 20 statements read`; `None` when there is no filter.
    pub fn kept_note(&self, kept: u64, read: u64) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let mut note = format!("--where {self}: kept {kept} of {read} statements read");
        if kept == 0 && read > 0 {
            note.push_str(" (values are compared exactly, letter case included)");
        }
        Some(note)
    }

    /// Whether `statement` meets every condition.
    pub fn keeps(&self, statement: &Statement) -> bool {
        // The language is worked out once, and only when a condition asks for it.
        let mut language: Option<String> = None;
        self.conditions.iter().all(|condition| {
            let value: Cow<'_, str> = if condition.column == "language" {
                let language = language
                    .get_or_insert_with(|| statement_language(statement, dominant(statement)).0);
                Cow::Owned(language.clone())
            } else {
                column_value(statement, &condition.column, "")
            };
            condition.holds(value.trim())
        })
    }
}

impl fmt::Display for Filter {
    /// The conditions as they would be written: `year>=2015 and delegation=France`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, condition) in self.conditions.iter().enumerate() {
            if i > 0 {
                f.write_str(" and ")?;
            }
            write!(f, "{condition}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let values: Vec<String> = self.values.iter().map(|v| v.replace(',', "\\,")).collect();
        write!(
            f,
            "{}{}{}",
            self.column,
            self.test.operator(),
            values.join(",")
        )
    }
}

impl Condition {
    /// Parses `COLUMN=VALUE[,VALUE…]`, `COLUMN!=VALUE[,VALUE…]`, `COLUMN>=N` or `COLUMN<=N`.
    /// Values are separated by commas; a comma inside a value is written `\,` or the value is
    /// quoted (`"Korea, Republic of"`). The message of an error does not repeat `spec`.
    pub fn parse(spec: &str) -> Result<Condition, String> {
        let (at, operator, test) = Test::OPERATORS
            .iter()
            .filter_map(|(op, test)| spec.find(op).map(|at| (at, *op, *test)))
            .min_by_key(|(at, op, _)| (*at, std::cmp::Reverse(op.len())))
            .ok_or("needs COLUMN=VALUE, COLUMN>=N or COLUMN<=N, e.g. year>=2015")?;
        let column = spec[..at].trim();
        if column.is_empty() {
            return Err(format!("needs a column name before `{operator}`"));
        }
        let values = split_values(&spec[at + operator.len()..])?;
        if values.iter().all(String::is_empty) {
            return Err(format!("needs a value after `{column}{operator}`"));
        }
        let bound = match (test, &values[..]) {
            (Test::AtLeast | Test::AtMost, [value]) => number(value)
                .ok_or_else(|| format!("`{operator}` needs a number, not `{value}`"))?,
            (Test::AtLeast | Test::AtMost, _) => {
                return Err(format!("`{operator}` takes one number"));
            }
            _ => 0.0,
        };
        Ok(Condition {
            column: column.to_string(),
            test,
            values,
            bound,
        })
    }

    /// Whether a statement whose value in the column is `value` meets the condition.
    fn holds(&self, value: &str) -> bool {
        match self.test {
            Test::OneOf => self.values.iter().any(|v| v == value),
            Test::NoneOf => self.values.iter().all(|v| v != value),
            Test::AtLeast => number(value).is_some_and(|n| n >= self.bound),
            Test::AtMost => number(value).is_some_and(|n| n <= self.bound),
        }
    }
}

/// A finite number written in plain decimal notation, like a year or a count.
fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The values of a condition: separated by commas, each trimmed, with `\` taking the next
/// character as it is and `"…"` keeping commas (a `""` inside quotes is one quote).
pub fn split_values(text: &str) -> Result<Vec<String>, String> {
    let mut values = vec![String::new()];
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        let value = values.last_mut().expect("never empty");
        match c {
            '\\' => match chars.next() {
                Some(next) => value.push(next),
                None => return Err("ends with a lone `\\`".into()),
            },
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                value.push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => values.push(String::new()),
            c => value.push(c),
        }
    }
    if quoted {
        return Err("has a quote `\"` that is not closed".into());
    }
    Ok(values.iter().map(|v| v.trim().to_string()).collect())
}

/// The language a statement's letters give it (as its scan would), for a statement without a
/// `language` column.
fn dominant(statement: &Statement) -> Option<crate::Language> {
    if statement
        .fields
        .get("language")
        .is_some_and(|l| !l.trim().is_empty())
    {
        return None;
    }
    let mut letters = LetterCounts::default();
    for c in statement.text.chars() {
        if let Some(script) = Script::of(c) {
            letters.add(script, 1);
        }
    }
    letters.dominant()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Fields;

    fn statement(fields: &[(&str, &str)], text: &str) -> Statement {
        let names: Vec<Box<str>> = fields.iter().map(|(n, _)| (*n).into()).collect();
        Statement {
            id: "s1".into(),
            fields: Fields::new(
                names.into(),
                fields.iter().map(|(_, v)| v.to_string()).collect(),
            ),
            text: text.into(),
            path: "debate.csv".into(),
            line: Some(2),
        }
    }

    fn filter(specs: &[&str]) -> Filter {
        Filter::new(specs.iter().map(|s| Condition::parse(s).unwrap()).collect())
    }

    #[test]
    fn conditions_parse_into_column_test_and_values() {
        for (spec, column, test, values) in [
            (
                "delegation=France",
                "delegation",
                Test::OneOf,
                vec!["France"],
            ),
            (
                " delegation = France , Germany ",
                "delegation",
                Test::OneOf,
                vec!["France", "Germany"],
            ),
            (
                "delegation=Korea\\, Republic of,Chad",
                "delegation",
                Test::OneOf,
                vec!["Korea, Republic of", "Chad"],
            ),
            (
                "delegation=\"Korea, Republic of\",Chad",
                "delegation",
                Test::OneOf,
                vec!["Korea, Republic of", "Chad"],
            ),
            (
                "title=\"the \"\"best\"\"\"",
                "title",
                Test::OneOf,
                vec!["the \"best\""],
            ),
            ("year>=2015", "year", Test::AtLeast, vec!["2015"]),
            ("year<=2020.5", "year", Test::AtMost, vec!["2020.5"]),
            ("language!=ru", "language", Test::NoneOf, vec!["ru"]),
            ("note=a=b", "note", Test::OneOf, vec!["a=b"]),
        ] {
            let condition = Condition::parse(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
            assert_eq!(
                (condition.column.as_str(), condition.test, condition.values),
                (
                    column,
                    test,
                    values.iter().map(|v| v.to_string()).collect::<Vec<_>>()
                ),
                "{spec}"
            );
        }
    }

    #[test]
    fn malformed_conditions_say_what_is_wrong() {
        for (spec, wanted) in [
            ("delegation", "needs COLUMN=VALUE"),
            ("=France", "column name"),
            ("delegation=", "needs a value"),
            ("year>=recent", "needs a number"),
            ("year>=2015,2016", "one number"),
            ("delegation=\"Korea", "not closed"),
            ("delegation=France\\", "lone"),
        ] {
            let error = Condition::parse(spec).unwrap_err();
            assert!(error.contains(wanted), "{spec}: {error}");
        }
    }

    #[test]
    fn every_condition_must_hold() {
        let france = statement(&[("delegation", "France"), ("year", "2016")], "Text.");
        let chad = statement(&[("delegation", "Chad"), ("year", " 2014 ")], "Text.");
        let undated = statement(&[("delegation", "France"), ("year", "n/a")], "Text.");
        for (specs, kept) in [
            (vec![], [true, true, true]),
            (vec!["delegation=France"], [true, false, true]),
            (vec!["delegation=France,Chad"], [true, true, true]),
            (vec!["delegation!=France"], [false, true, false]),
            (vec!["year>=2015"], [true, false, false]),
            (vec!["year<=2015"], [false, true, false]),
            (
                vec!["delegation=France", "year>=2015"],
                [true, false, false],
            ),
            (vec!["missing=x"], [false, false, false]),
            (vec!["missing!=x"], [true, true, true]),
        ] {
            let filter = filter(&specs);
            let got = [&france, &chad, &undated].map(|s| filter.keeps(s));
            assert_eq!(got, kept, "{specs:?}");
        }
    }

    #[test]
    fn computed_columns_are_tested_as_group_gives_them() {
        let given = statement(&[("language", "RU")], "Plain English text.");
        let detected = statement(&[], "Текст на русском языке, with a little English.");
        let ru = filter(&["language=ru"]);
        assert!(ru.keeps(&given), "the language column decides, as a code");
        assert!(ru.keeps(&detected), "else the letters decide");
        assert!(filter(&["doc=s1", "file=debate.csv"]).keeps(&given));
        assert!(!filter(&["doc=s2"]).keeps(&given));
    }

    #[test]
    fn the_note_says_how_many_were_kept_of_how_many_read() {
        assert_eq!(Filter::default().kept_note(3, 3), None);
        let filter = filter(&["year>=2015"]);
        assert_eq!(
            filter.kept_note(12, 20).unwrap(),
            "--where year>=2015: kept 12 of 20 statements read"
        );
        assert!(filter
            .kept_note(0, 20)
            .unwrap()
            .contains("compared exactly"));
    }

    #[test]
    fn only_read_columns_are_required_of_inputs() {
        let filter = filter(&["language=en", "year>=2015", "doc=a", "delegation=France"]);
        assert_eq!(
            filter.read_columns().collect::<Vec<_>>(),
            ["year", "delegation"]
        );
    }

    #[test]
    fn a_filter_reads_back_as_written_and_records_its_conditions() {
        let filter = filter(&["delegation=Korea\\, Republic of,Chad", "year>=2015"]);
        assert_eq!(
            filter.to_string(),
            "delegation=Korea\\, Republic of,Chad and year>=2015"
        );
        assert_eq!(
            serde_json::to_string(&filter).unwrap(),
            r#"[{"column":"delegation","test":"=","values":["Korea, Republic of","Chad"]},{"column":"year","test":">=","values":["2015"]}]"#
        );
    }
}

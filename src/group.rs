//! The grouping policy: which group a statement is counted in, and the language it is counted
//! as. Computed columns (`doc`, `language`, `file`) are decided here and nowhere else.

use std::borrow::Cow;

use crate::corpus::Statement;
use crate::lang::Language;
use crate::tally::GroupKey;

/// Grouping columns computed by ctlex rather than read from the input.
pub const VIRTUAL_COLUMNS: [&str; 3] = ["doc", "language", "file"];

/// A statement's language: its `language` metadata when given (as `en`/`ru` when recognised),
/// else its dominant script, else `und`. The flag says whether it was detected.
pub fn statement_language(statement: &Statement, dominant: Option<Language>) -> (String, bool) {
    match statement.fields.get("language").map(str::trim) {
        Some(given) if !given.is_empty() => (
            Language::from_code(given)
                .map_or_else(|| given.to_lowercase(), |l| l.code().to_string()),
            false,
        ),
        _ => (dominant.map_or("und", Language::code).to_string(), true),
    }
}

/// The group of `statement` by the `by` columns, counted as `language`.
pub(crate) fn group_key(statement: &Statement, by: &[String], language: &str) -> GroupKey {
    GroupKey(
        by.iter()
            .map(|column| group_value(statement, column, language))
            .collect(),
    )
}

fn group_value(statement: &Statement, column: &str, language: &str) -> String {
    column_value(statement, column, language).into_owned()
}

/// The value of `column` for `statement` counted as `language`: computed for `doc`, `language`
/// and `file`, else its metadata (empty when it has no such field).
pub fn column_value<'s>(statement: &'s Statement, column: &str, language: &'s str) -> Cow<'s, str> {
    match column {
        "doc" => Cow::Borrowed(&statement.id),
        "language" => Cow::Borrowed(language),
        "file" => Cow::Borrowed(statement.fields.get("file").unwrap_or(&statement.path)),
        other => Cow::Borrowed(statement.fields.get(other).unwrap_or("")),
    }
}

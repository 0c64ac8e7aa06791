//! The lint of `/regex/` entries: what the normalized text lets each match (see
//! [`crate::lexicon::Expression::reach`]). A regex that can never match, or whose every match
//! stands on no word, is an error; a part that can never match, or matches that may hold no
//! word, are warnings.

use super::{Finding, Severity};
use crate::lexicon::{Lexicon, Pattern};

/// What the normalized text is, for the messages.
const NORMALIZED: &str =
    "regular expressions run over the normalized text: lowercase, with `ё` as `е` and `’` as `'`";

/// Regex entries and exclusions that match nothing, or match but stand on no word.
pub(super) fn regexes(lexicon: &Lexicon) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (_, entry) in lexicon.entries() {
        let Ok(Pattern::Regex(expression)) = Pattern::parse(&entry.pattern) else {
            continue;
        };
        let reach = expression.reach();
        let regex = format!("regex `/{}/`", expression.as_str());
        let mut flag = |severity, message: String| {
            findings.push(Finding::at(severity, &entry.location, message));
        };
        if let Some(missing) = reach.never {
            let why = match missing.as_str() {
                "[]" => "it needs a character of a class that holds none".to_string(),
                _ => format!("the normalized text has no `{missing}` ({NORMALIZED})"),
            };
            flag(Severity::Error, format!("{regex} can never match: {why}"));
            continue;
        }
        if let Some(part) = reach.dead_part {
            flag(
                Severity::Warning,
                format!("{regex}: the part `{part}` can never match ({NORMALIZED})"),
            );
        }
        if reach.no_word {
            flag(
                Severity::Error,
                format!(
                    "{regex} can match no word: its hits would stand on spaces and punctuation \
                     alone"
                ),
            );
        } else if reach.may_miss_words {
            flag(
                Severity::Warning,
                format!(
                    "{regex} can match spaces or punctuation alone, and such a hit stands on no \
                     word"
                ),
            );
        }
    }
    findings
}

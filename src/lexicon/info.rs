//! A lexicon as its reports and partial counts see it: themes and entries by index, without
//! their matching rules, and the fingerprint that tells two compiled lexicons apart.
//!
//! Nothing here matches text or knows how entries are compiled; it never imports the matcher.

use std::fmt::Write;

use super::{ContextRule, EntryKind};
use crate::lang::Language;

/// A theme as the reports need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeInfo {
    /// Short identifier, also the theme's column name in reports.
    pub id: String,
    /// The theme's human-readable name.
    pub label: String,
}

/// An entry as the reports need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryInfo {
    /// Index of the entry's theme in [`crate::Matcher::themes`].
    pub theme: usize,
    /// Whether it is an entry or an exclusion.
    pub kind: EntryKind,
    /// The language it matches in.
    pub language: Language,
    /// The pattern as written in the lexicon.
    pub pattern: String,
}

/// The lexicon's fingerprint: BLAKE3 of its theme ids, every entry (theme, kind, language,
/// pattern) in matcher order, which is what group records index, each theme's context rule, and
/// every entry of the context lexicon. Labels do not count.
pub fn fingerprint(
    themes: &[ThemeInfo],
    entries: &[EntryInfo],
    rules: &[ContextRule],
    context_entries: &[EntryInfo],
) -> String {
    // The lines are written into one text and hashed at once: hashing each field on its own,
    // and formatting each entry's line into a string of its own, cost more than the hashing.
    let mut text = String::with_capacity(
        entries
            .iter()
            .chain(context_entries)
            .map(|e| e.pattern.len() + 32)
            .sum::<usize>()
            + 64 * (themes.len() + rules.len()),
    );
    text.push_str("ctlex lexicon\n");
    for theme in themes {
        text.push_str("theme\t");
        text.push_str(&theme.id);
        text.push('\n');
    }
    let mut entry = |tag: &str, entry: &EntryInfo| {
        text.push_str(tag);
        text.push('\t');
        // Writing to a `String` cannot fail.
        let _ = write!(text, "{}", entry.theme);
        text.push('\t');
        text.push_str(entry.kind.name());
        text.push('\t');
        text.push_str(entry.language.code());
        text.push('\t');
        text.push_str(&entry.pattern);
        text.push('\n');
    };
    for e in entries {
        entry("entry", e);
    }
    for e in context_entries {
        entry("context", e);
    }
    for rule in rules {
        text.push_str("rule\t");
        text.push_str(rule.name());
        text.push('\n');
    }
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

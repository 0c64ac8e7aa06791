//! A lexicon as its reports and partial counts see it: themes and entries by index, without
//! their matching rules, and the fingerprint that tells two compiled lexicons apart.
//!
//! Nothing here matches text or knows how entries are compiled; it never imports the matcher.

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
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"ctlex lexicon\n");
    for theme in themes {
        hasher.update(b"theme\t");
        hasher.update(theme.id.as_bytes());
        hasher.update(b"\n");
    }
    let mut entry = |tag: &str, entry: &EntryInfo| {
        let line = format!(
            "{tag}\t{}\t{}\t{}\t",
            entry.theme,
            entry.kind.name(),
            entry.language.code()
        );
        hasher.update(line.as_bytes());
        hasher.update(entry.pattern.as_bytes());
        hasher.update(b"\n");
    };
    for e in entries {
        entry("entry", e);
    }
    for e in context_entries {
        entry("context", e);
    }
    for rule in rules {
        hasher.update(b"rule\t");
        hasher.update(rule.name().as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize().to_hex().to_string()
}

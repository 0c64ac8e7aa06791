//! Theme lexicons: the model, its loaders and its writers.
//!
//! A [`Lexicon`] is a set of [`Theme`]s, each with entries and exclusions in both languages and
//! example sentences. Lexicons come from TOML theme files (the native, human-edited format; the
//! bundled ones are compiled into the binary) or from a flat CSV `theme,language,pattern` that a
//! spreadsheet user edits. Loading checks structure; entry syntax is checked when the lexicon is
//! compiled into a [`crate::Matcher`]. Every error names the file and line.

mod bundled;
mod codebook;
mod dicx;
mod expression;
mod flat;
mod info;
mod liwc;
mod load;
pub mod pattern;
pub(crate) mod read;
pub(crate) mod theme_file;
mod yaml;

use std::sync::Arc;

use crate::corpus::decode::Decision;
use crate::error::LexiconError;
use crate::lang::Language;

pub use codebook::codebook;
pub use expression::{Expression, Reach};
pub use flat::write_flat_csv;
pub use info::{fingerprint, EntryInfo, ThemeInfo};
pub use pattern::{Pattern, Term};
pub use yaml::write_yaml;

/// Column names a theme id may not take, because the reports use them.
const RESERVED_IDS: [&str; 6] = ["statements", "tokens", "theme", "hits", "per_1000", "share"];

/// Where a piece of a lexicon was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The lexicon file.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: usize,
}

/// Whether an entry counts for its theme or blocks a span from counting for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    /// An entry: its matches count for its theme.
    Include,
    /// An exclusion: the spans it matches count for no entry of its theme.
    Exclude,
}

impl EntryKind {
    /// The kind's name in flat lexicons and reports: `entry` or `exclude`.
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Include => "entry",
            EntryKind::Exclude => "exclude",
        }
    }
}

/// One entry or exclusion, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The language it matches in.
    pub language: Language,
    /// Whether it is an entry or an exclusion.
    pub kind: EntryKind,
    /// The pattern as written (see [`Pattern`]).
    pub pattern: String,
    /// Where it was written.
    pub location: Location,
}

impl Entry {
    pub(crate) fn error(&self, message: impl Into<String>) -> LexiconError {
        LexiconError {
            file: self.location.file.to_string(),
            line: Some(self.location.line),
            entry: Some(self.pattern.clone()),
            message: message.into(),
        }
    }
}

/// An example sentence that must (positive) or must not (negative) make its theme fire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// The language of the sentence.
    pub language: Language,
    /// Whether the theme must fire (`true`) or must not (`false`).
    pub positive: bool,
    /// The sentence.
    pub text: String,
    /// Where it was written.
    pub location: Location,
}

/// Whether a theme's hits count as counter-terrorism discourse only in context.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ContextRule {
    /// A hit counts (in `hits`) only when a word of the context lexicon stands in the same
    /// context unit; anywhere else it counts in `hits_all` alone.
    #[default]
    Required,
    /// As `Required`, but where the run reads context in passages the unit is the hit's whole
    /// paragraph: for themes whose entries are counter-terrorism measures in themselves, whose
    /// paragraph a reader takes as a whole. A run in sentences or statements reads its own unit.
    Paragraph,
    /// As `Required`, but a context word that is only another item of a list the hit stands in
    /// ("terrorism, climate change and human rights") does not count: for frame themes, whose
    /// words run through any list of the world's troubles.
    Linked,
    /// As `Linked`, but the context word must stand in the hit's own sentence, whatever unit the
    /// run reads context in: for frame themes whose words are the subject of any debate (the
    /// Charter, international law), so that only a sentence tying them to terrorism counts.
    Sentence,
    /// Every hit counts: the theme's entries carry counter-terrorism in themselves.
    Anywhere,
}

impl ContextRule {
    /// Every rule, in the order the codebook explains them.
    pub const ALL: [ContextRule; 5] = [
        ContextRule::Required,
        ContextRule::Paragraph,
        ContextRule::Linked,
        ContextRule::Sentence,
        ContextRule::Anywhere,
    ];

    /// The rule a theme file or flat lexicon names (`required`, `paragraph`, `linked`,
    /// `sentence`, `anywhere`).
    pub fn from_name(name: &str) -> Option<ContextRule> {
        ContextRule::ALL
            .into_iter()
            .find(|rule| rule.name() == name)
    }

    /// The name theme files use.
    pub fn name(self) -> &'static str {
        match self {
            ContextRule::Required => "required",
            ContextRule::Paragraph => "paragraph",
            ContextRule::Linked => "linked",
            ContextRule::Sentence => "sentence",
            ContextRule::Anywhere => "anywhere",
        }
    }
}

/// One theme: what it is about and the words that show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Short identifier, also the theme's column name in reports.
    pub id: String,
    /// The theme's human-readable name.
    pub label: String,
    /// What counts for the theme, what does not, and how it differs from its neighbours.
    pub scope: String,
    /// Whether its hits need counter-terrorism context.
    pub context: ContextRule,
    /// Entries and exclusions in file order.
    pub entries: Vec<Entry>,
    /// Sentences that must, or must not, make the theme fire.
    pub examples: Vec<Example>,
    /// The file the theme came from.
    pub file: Arc<str>,
}

impl Theme {
    /// A theme with no entries yet, labelled by its id (for formats without labels or scope).
    pub(crate) fn empty(id: &str, file: Arc<str>) -> Theme {
        Theme {
            id: id.to_string(),
            label: id.to_string(),
            scope: String::new(),
            context: ContextRule::default(),
            entries: Vec::new(),
            examples: Vec::new(),
            file,
        }
    }

    /// Entries of one kind and language.
    pub fn entries_of(
        &self,
        kind: EntryKind,
        language: Language,
    ) -> impl Iterator<Item = &Entry> + '_ {
        self.entries
            .iter()
            .filter(move |e| e.kind == kind && e.language == language)
    }
}

/// A validated set of themes, sorted by id, with the context lexicon that tells which of their
/// hits are counter-terrorism discourse and the procedural lexicon that tells which sentences
/// are the running of a meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lexicon {
    themes: Vec<Theme>,
    context: Option<Theme>,
    procedural: Option<Theme>,
    /// The files read otherwise than as plain UTF-8, with how their encoding was decided.
    read_as: Vec<(Arc<str>, Decision)>,
    /// Whether its regexes are known to compile (the bundled lexicons', which a test compiles),
    /// so a matcher may compile each when it is first needed.
    regexes_known_to_compile: bool,
}

impl Lexicon {
    /// Builds a lexicon, sorting themes by id and checking ids.
    pub fn new(mut themes: Vec<Theme>) -> Result<Lexicon, LexiconError> {
        themes.sort_by(|a, b| a.id.cmp(&b.id));
        for theme in &themes {
            check_id(theme)?;
        }
        if let Some(pair) = themes.windows(2).find(|pair| pair[0].id == pair[1].id) {
            return Err(LexiconError::in_file(
                &*pair[1].file,
                None,
                format!(
                    "theme `{}` is defined twice (also in {})",
                    pair[1].id, pair[0].file
                ),
            ));
        }
        if themes.is_empty() {
            return Err(LexiconError::in_file("", None, "the lexicon has no themes"));
        }
        Ok(Lexicon {
            themes,
            context: None,
            procedural: None,
            read_as: Vec::new(),
            regexes_known_to_compile: false,
        })
    }

    /// The bundled context lexicon: the words that make a passage counter-terrorism discourse
    /// (`lexicons/context/counter_terrorism.toml` in the source tree).
    pub(crate) fn bundled_context() -> Result<Theme, LexiconError> {
        let (name, text) = bundled::CONTEXT;
        theme_file::parse(&format!("lexicons/context/{name}"), text)
    }

    /// The bundled procedural lexicon: the words of a presiding officer running a meeting
    /// (`lexicons/context/procedural.toml` in the source tree).
    pub(crate) fn bundled_procedural() -> Result<Theme, LexiconError> {
        let (name, text) = bundled::PROCEDURAL;
        theme_file::parse(&format!("lexicons/context/{name}"), text)
    }

    /// This lexicon with `context` as its context lexicon (or none: then no hit is in context).
    pub fn with_context(self, context: Option<Theme>) -> Lexicon {
        Lexicon { context, ..self }
    }

    /// This lexicon with `procedural` as its procedural lexicon (or none: then no sentence is
    /// procedural).
    pub(crate) fn with_procedural(self, procedural: Option<Theme>) -> Lexicon {
        Lexicon { procedural, ..self }
    }

    /// The procedural lexicon: a sentence where it matches counts for no theme.
    pub fn procedural(&self) -> Option<&Theme> {
        self.procedural.as_ref()
    }

    /// This lexicon with the bundled context and procedural lexicons.
    fn with_bundled_units(self) -> Result<Lexicon, LexiconError> {
        Ok(self
            .with_context(Some(Lexicon::bundled_context()?))
            .with_procedural(Some(Lexicon::bundled_procedural()?)))
    }

    /// The context lexicon, whose hits are counted for no theme but put the hits of the
    /// themes near them in counter-terrorism context.
    pub fn context(&self) -> Option<&Theme> {
        self.context.as_ref()
    }

    /// The lexicons bundled with ctlex (the `lexicons/` folder of the source tree).
    pub fn bundled() -> Result<Lexicon, LexiconError> {
        let themes = bundled::FILES
            .iter()
            .map(|(name, text)| theme_file::parse(&format!("lexicons/{name}"), text))
            .collect::<Result<Vec<_>, _>>()?;
        let lexicon = Lexicon::new(themes)?.with_bundled_units()?;
        Ok(Lexicon {
            regexes_known_to_compile: true,
            ..lexicon
        })
    }

    /// Whether the regexes are known to compile, so that a matcher may compile each when it is
    /// first needed rather than all before it starts.
    pub(crate) fn regexes_known_to_compile(&self) -> bool {
        self.regexes_known_to_compile
    }

    /// The files of the lexicon read otherwise than as plain UTF-8 (with a byte order mark, in
    /// UTF-16 or a single-byte code page), each with how its encoding was decided.
    pub fn read_as(&self) -> &[(Arc<str>, Decision)] {
        &self.read_as
    }

    /// The themes.
    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    /// Every entry and exclusion of every theme, with its theme's index.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &Entry)> + '_ {
        self.themes
            .iter()
            .enumerate()
            .flat_map(|(i, theme)| theme.entries.iter().map(move |entry| (i, entry)))
    }
}

fn check_id(theme: &Theme) -> Result<(), LexiconError> {
    let id = &theme.id;
    let well_formed = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let message = if !well_formed {
        format!("theme id `{id}` must be lowercase ASCII letters, digits and `_`, starting with a letter")
    } else if RESERVED_IDS.contains(&id.as_str()) {
        format!("theme id `{id}` is reserved for a report column")
    } else {
        return Ok(());
    };
    Err(LexiconError::in_file(&*theme.file, None, message))
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Where each line of a text starts, for finding the lines of many offsets without rescanning
/// the text for each.
pub(crate) struct LineIndex {
    /// Byte offset just past each `\n`.
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        LineIndex {
            starts: text.match_indices('\n').map(|(at, _)| at + 1).collect(),
        }
    }

    /// 1-based line of a byte offset, as [`line_of`] gives it.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) + 1
    }
}

/// Each entry of `themes` as (theme id, language, pattern, line): what the dictionary readers'
/// tests compare.
#[cfg(test)]
pub(crate) fn entry_rows(themes: &[Theme]) -> Vec<(&str, crate::lang::Language, &str, usize)> {
    themes
        .iter()
        .flat_map(|t| {
            t.entries.iter().map(move |e| {
                (
                    t.id.as_str(),
                    e.language,
                    e.pattern.as_str(),
                    e.location.line,
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn bundled_lexicon_has_the_twelve_themes() {
        let lexicon = Lexicon::bundled().unwrap();
        let ids: Vec<&str> = lexicon.themes().iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "afghanistan",
                "cells",
                "crime_nexus",
                "financing",
                "ftf",
                "human_rights",
                "law_enforcement",
                "prevention",
                "propaganda_online",
                "regional_orgs",
                "un_framework",
                "weapons"
            ]
        );
        for theme in lexicon.themes() {
            for language in Language::ALL {
                assert!(
                    theme.entries_of(EntryKind::Include, language).count() > 0,
                    "{} has no {language} entries",
                    theme.id
                );
            }
        }
    }

    #[test]
    fn every_bundled_regex_compiles() {
        let lexicon = Lexicon::bundled().unwrap();
        assert!(lexicon.regexes_known_to_compile());
        let mut compiled = 0;
        for (_, entry) in lexicon.entries() {
            if let Ok(Pattern::Regex(expression)) = Pattern::parse(&entry.pattern) {
                if let Err(message) = expression.regex() {
                    panic!("{}:{}: {message}", entry.location.file, entry.location.line);
                }
                compiled += 1;
            }
        }
        assert!(compiled > 50, "{compiled} regexes");
    }

    #[test]
    fn every_file_in_the_lexicons_folder_is_bundled() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut bundled: Vec<String> = bundled::FILES.iter().map(|(n, _)| n.to_string()).collect();
        bundled.sort();
        assert_eq!(on_disk, bundled);
    }

    #[test]
    fn a_folder_brings_its_own_context_and_procedural_lexicons() {
        let folder = std::env::temp_dir().join(format!("ctlex-load-units-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(folder.join("context")).unwrap();
        std::fs::write(
            folder.join("ftf.toml"),
            "id = \"ftf\"\nlabel = \"FTF\"\n[en]\nentries = [\"foreign fighter\"]\n",
        )
        .unwrap();
        // Only the themes: both units are the bundled ones.
        let lexicon = Lexicon::load(&folder).unwrap();
        assert_eq!(lexicon.context(), Lexicon::bundled_context().ok().as_ref());
        assert_eq!(
            lexicon.procedural(),
            Lexicon::bundled_procedural().ok().as_ref()
        );
        // A context lexicon beside them replaces the bundled one; the procedural stays bundled.
        std::fs::write(
            folder.join("context").join("counter_terrorism.toml"),
            "id = \"counter_terrorism\"\nlabel = \"CT\"\n[en]\nentries = [\"insurgent\"]\n",
        )
        .unwrap();
        let lexicon = Lexicon::load(&folder).unwrap();
        let context = lexicon.context().unwrap();
        assert_eq!(context.entries.len(), 1);
        assert_eq!(context.entries[0].pattern, "insurgent");
        assert!(context.file.ends_with("counter_terrorism.toml"));
        assert_eq!(
            lexicon.procedural(),
            Lexicon::bundled_procedural().ok().as_ref()
        );
        // And a procedural one replaces the bundled procedural lexicon.
        std::fs::write(
            folder.join("context").join("procedural.toml"),
            "id = \"procedural\"\nlabel = \"P\"\n[en]\nentries = [\"give the floor\"]\n",
        )
        .unwrap();
        let lexicon = Lexicon::load(&folder).unwrap();
        assert_eq!(
            lexicon.procedural().unwrap().entries[0].pattern,
            "give the floor"
        );
        assert_eq!(lexicon.context().unwrap().entries[0].pattern, "insurgent");
        // A broken one is an error naming its file.
        std::fs::write(folder.join("context").join("procedural.toml"), "id = 3\n").unwrap();
        let err = Lexicon::load(&folder).unwrap_err().to_string();
        assert!(err.contains("procedural.toml"), "{err}");
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn rejects_bad_and_duplicate_ids() {
        let theme = |id: &str, file: &str| Theme::empty(id, file.into());
        let err = Lexicon::new(vec![theme("ftf", "a.toml"), theme("ftf", "b.toml")]).unwrap_err();
        assert!(err.to_string().contains("defined twice"), "{err}");
        let err = Lexicon::new(vec![theme("Bad Id", "a.toml")]).unwrap_err();
        assert!(
            err.to_string().starts_with("a.toml: theme id `Bad Id`"),
            "{err}"
        );
        let err = Lexicon::new(vec![theme("tokens", "a.toml")]).unwrap_err();
        assert!(err.to_string().contains("reserved"), "{err}");
    }

    #[test]
    fn lines_of_offsets() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
        let text = "a\nbb\n\nc\n";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 1 {
            assert_eq!(index.line(offset), line_of(text, offset), "offset {offset}");
        }
    }
}

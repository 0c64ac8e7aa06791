//! Compiling a lexicon into a [`Matcher`]: every word of every entry becomes a term (a stem, a
//! prefix or an acronym, each kept once however many entries use it), and every entry a rule
//! over terms or a regular expression.
//!
//! Compiling is the only stage that can fail: an invalid entry is an error naming its file, line
//! and text. It never sees the texts to be scanned.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::idle::Idle;
use super::regexes::Regexes;
use super::rules::{Owner, Rule};
use super::{Matcher, RuleId, TermId};
use crate::analyze::{normalize_word, plain_surface, PrefixSet, Stemmers};
use crate::error::LexiconError;
use crate::lang::Script;
use crate::lexicon::pattern::comma_gaps;
use crate::lexicon::{Entry, EntryInfo, EntryKind, Lexicon, Pattern, Term, ThemeInfo};
use crate::stopwords::StopWords;

/// Compiles a lexicon; an invalid entry is an error naming its file, line and text.
pub(super) fn compile(lexicon: &Lexicon) -> Result<Matcher, LexiconError> {
    let mut builder = Builder {
        compile_regexes: !lexicon.regexes_known_to_compile(),
        stemmers: Stemmers::default(),
        stop_words: StopWords::builtin(),
        terms: FxHashMap::default(),
        words: FxHashMap::default(),
        matcher: Matcher {
            themes: lexicon
                .themes()
                .iter()
                .map(|t| ThemeInfo {
                    id: t.id.clone(),
                    label: t.label.clone(),
                })
                .collect(),
            context_rules: lexicon.themes().iter().map(|t| t.context).collect(),
            entries: Vec::new(),
            context_entries: Vec::new(),
            stems: FxHashMap::default(),
            wanted_stems: Arc::default(),
            words: Arc::default(),
            acronyms: FxHashMap::default(),
            exact: FxHashMap::default(),
            prefixes: FxHashMap::default(),
            longest_prefix: 0,
            prefix_set: PrefixSet::default(),
            rules: Vec::new(),
            rules_by_first_term: Vec::new(),
            regexes: Regexes::default(),
            longest_anchor: 0,
            reach: 0,
            idle: Idle::default(),
        },
    };
    for (theme, entry) in lexicon.entries() {
        let index = builder.matcher.entries.len();
        let owner = match entry.kind {
            EntryKind::Include => Owner::Theme(theme),
            EntryKind::Exclude => Owner::Exclusion(theme),
        };
        builder.add_entry(owner, index, entry)?;
        builder.matcher.entries.push(info(theme, entry));
    }
    let past_themes = lexicon.themes().len();
    for entry in lexicon.context().map_or(&[][..], |c| &c.entries) {
        let index = builder.matcher.context_entries.len();
        let owner = match entry.kind {
            EntryKind::Include => Owner::Context,
            EntryKind::Exclude => Owner::ContextExclusion,
        };
        builder.add_entry(owner, index, entry)?;
        builder
            .matcher
            .context_entries
            .push(info(past_themes, entry));
    }
    let procedural = lexicon.procedural().map_or(&[][..], |p| &p.entries);
    for entry in procedural.iter().filter(|e| e.kind == EntryKind::Include) {
        builder.add_entry(Owner::Procedural, 0, entry)?;
    }
    let mut matcher = builder.matcher;
    matcher.regexes.finish();
    matcher.wanted_stems = Arc::new(PrefixSet::new(matcher.stems.keys().map(|s| &**s)));
    matcher.prefix_set = PrefixSet::new(matcher.prefixes.keys().map(|s| &**s));
    Ok(matcher)
}

fn info(theme: usize, entry: &Entry) -> EntryInfo {
    EntryInfo {
        theme,
        kind: entry.kind,
        language: entry.language,
        pattern: entry.pattern.clone(),
    }
}

/// A term as compiled, by kind: each distinct one gets one [`TermId`], however many entries use
/// it. A word is kept by its stem, so the inflections of one word are one term.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum TermKey {
    Stem(String),
    Prefix(String),
    Acronym(String),
    /// A word matched as written (normalized), unstemmed.
    Exact(String),
}

/// A matcher being compiled, with the terms given ids so far.
struct Builder {
    /// Compile each regex now, so that one too large to compile is refused with its entry.
    compile_regexes: bool,
    stemmers: Stemmers,
    stop_words: StopWords,
    terms: FxHashMap<TermKey, TermId>,
    /// The id of every word seen so far, as written.
    words: FxHashMap<String, TermId>,
    matcher: Matcher,
}

impl Builder {
    /// The id of `term`, given the next free one if it is new. A word written as before takes
    /// its id from the words seen, without being stemmed again: a lexicon's entries share many
    /// words.
    fn term(&mut self, term: &Term) -> TermId {
        let Term::Word(word) = term else {
            let key = self.key(term);
            return self.id(key);
        };
        if let Some(&id) = self.words.get(word.as_str()) {
            return id;
        }
        let key = self.key(term);
        let id = self.id(key);
        self.words.insert(word.clone(), id);
        id
    }

    /// What `term` is kept by: a word's stem, or its normalized form when it is matched as
    /// written.
    fn key(&mut self, term: &Term) -> TermKey {
        match term {
            Term::Word(word) if self.is_exact(word) => {
                let mut normalized = String::new();
                normalize_word(word, &mut normalized);
                TermKey::Exact(normalized)
            }
            Term::Word(word) => TermKey::Stem(self.stemmers.stem_word(word)),
            Term::Prefix(prefix) => TermKey::Prefix(prefix.clone()),
            Term::Acronym(acronym) => {
                let mut plain = String::new();
                TermKey::Acronym(if plain_surface(acronym, &mut plain) {
                    plain
                } else {
                    acronym.clone()
                })
            }
        }
    }

    /// The id of the term kept by `key`, given the next free one if it is new.
    fn id(&mut self, key: TermKey) -> TermId {
        if let Some(&id) = self.terms.get(&key) {
            return id;
        }
        let id = TermId::try_from(self.terms.len()).unwrap_or(TermId::MAX);
        let matcher = &mut self.matcher;
        let (table, text) = match &key {
            TermKey::Stem(stem) => (&mut matcher.stems, stem),
            TermKey::Prefix(prefix) => {
                matcher.longest_prefix = matcher.longest_prefix.max(prefix.len());
                (&mut matcher.prefixes, prefix)
            }
            TermKey::Acronym(acronym) => (&mut matcher.acronyms, acronym),
            TermKey::Exact(word) => (&mut matcher.exact, word),
        };
        table.entry(text.as_str().into()).or_default().push(id);
        matcher.rules_by_first_term.push(Vec::new());
        self.terms.insert(key, id);
        id
    }

    /// Compiles one entry into a rule or a regular expression for `owner`.
    fn add_entry(&mut self, owner: Owner, index: usize, entry: &Entry) -> Result<(), LexiconError> {
        let commas = comma_gaps(&entry.pattern);
        match Pattern::parse(&entry.pattern).map_err(|message| entry.error(message))? {
            Pattern::Sequence(terms) => self.add_rule(owner, index, (&terms, commas), None),
            Pattern::Near {
                anchor,
                context,
                window,
            } => self.add_rule(owner, index, (&anchor, commas), Some((&context, window))),
            Pattern::Regex(expression) => {
                if self.compile_regexes {
                    expression.regex().map_err(|message| entry.error(message))?;
                }
                self.matcher.regexes.push(owner, index, &expression)
            }
        }
        Ok(())
    }

    /// Whether an entry's word is matched by its normalized form rather than its stem: a
    /// function word, which does not inflect, or a Russian word of one or two letters. Their
    /// stems would be prefixes of most Russian words, which would then all have to be stemmed
    /// (see [`crate::analyze::Analyzer::looking_for`]).
    fn is_exact(&self, word: &str) -> bool {
        let mut normalized = String::new();
        normalize_word(word, &mut normalized);
        let short_russian = normalized.chars().count() <= 2
            && normalized
                .chars()
                .any(|c| Script::of(c) == Some(Script::Cyrillic));
        short_russian || self.stop_words.contains_normalized(&normalized)
    }

    fn terms(&mut self, terms: &[Term]) -> Vec<TermId> {
        terms.iter().map(|t| self.term(t)).collect()
    }

    fn add_rule(
        &mut self,
        owner: Owner,
        entry: usize,
        (anchor, commas): (&[Term], u64),
        near: Option<(&[Term], usize)>,
    ) {
        let anchor = self.terms(anchor);
        let near = near.map(|(context, window)| (self.terms(context), window));
        // Tokens the rule looks at before and after its first one.
        let (behind, ahead) = match &near {
            Some((context, window)) => (
                window + context.len(),
                anchor.len() + window + context.len(),
            ),
            None => (0, anchor.len()),
        };
        let matcher = &mut self.matcher;
        matcher.longest_anchor = matcher.longest_anchor.max(anchor.len());
        matcher.reach = matcher.reach.max(behind).max(ahead);
        let id = RuleId::try_from(self.matcher.rules.len()).unwrap_or(RuleId::MAX);
        self.matcher.rules_by_first_term[anchor[0] as usize].push(id);
        self.matcher.rules.push(Rule {
            owner,
            entry,
            anchor,
            commas,
            near,
        });
    }
}

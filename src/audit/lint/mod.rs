//! The lexicon lint: checks that a lexicon is well made, beyond being valid.
//!
//! Errors are defects that distort counts: duplicate entries, entries too broad to mean anything,
//! words mixing Latin and Cyrillic letters (invisible typos), regular expressions that can never
//! match or match no word, and examples that do not hold.
//! Warnings are doubts an editor should settle: entries that no example exercises, entries that
//! fire on another theme's trap sentences (unless the sentence is also listed as a positive
//! example of the theme that fires: then the overlap is deliberate), and themes whose two languages are far apart in size.
//! Every finding names the file and, where there is one, the line. The lint never changes a
//! lexicon.

mod regexes;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::analyze::{self, Stemmers};
use crate::lang::{Language, Script};
use crate::lexicon::{Entry, EntryKind, Lexicon, Location, Pattern, Term, Theme};
use crate::matcher::{Matcher, Scanner};

/// Entries whose only word has a stem or prefix shorter than this are too broad.
const MIN_STEM_CHARS: usize = 3;

/// Largest allowed ratio between a theme's entry counts in its two languages.
const MAX_LANGUAGE_RATIO: usize = 2;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look, but the lexicon is usable.
    Warning,
    /// A mistake: `ctlex lexicon lint` fails on it.
    Error,
}

/// One problem found by the lint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// How serious the problem is.
    pub severity: Severity,
    /// The lexicon file the problem is in.
    pub file: Arc<str>,
    /// 1-based line, when the finding is about one entry or example.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, ": {severity}: {}", self.message)
    }
}

impl Finding {
    fn at(severity: Severity, location: &Location, message: String) -> Finding {
        Finding {
            severity,
            file: location.file.clone(),
            line: Some(location.line),
            message,
        }
    }
}

/// Lints a lexicon. Findings are sorted by file, line and message.
pub fn lint(lexicon: &Lexicon) -> Vec<Finding> {
    let matcher = match Matcher::new(lexicon) {
        Ok(matcher) => matcher,
        Err(e) => {
            return vec![Finding {
                severity: Severity::Error,
                file: e.file.as_str().into(),
                line: e.line,
                message: match e.entry {
                    Some(entry) => format!("entry `{entry}`: {}", e.message),
                    None => e.message,
                },
            }]
        }
    };
    let mut findings = Vec::new();
    let stemmers = Stemmers::default();
    findings.extend(duplicates(lexicon, &stemmers));
    findings.extend(too_broad(lexicon, &stemmers));
    findings.extend(mixed_scripts(lexicon));
    findings.extend(regexes::regexes(lexicon));
    findings.extend(examples(lexicon, &matcher));
    findings.extend(unexercised_exclusions(lexicon));
    findings.extend(language_balance(lexicon));
    findings.sort_by(|a, b| {
        (&a.file, a.line, &a.message, a.severity).cmp(&(&b.file, b.line, &b.message, b.severity))
    });
    findings.dedup();
    findings
}

/// What an entry matches, independent of how it is spelled: stems, prefixes and acronyms.
fn canonical(pattern: &str, stemmers: &Stemmers) -> Option<String> {
    let terms = |terms: &[Term]| -> String {
        terms
            .iter()
            .map(|term| match term {
                Term::Word(word) => format!("={}", stemmers.stem_word(word)),
                Term::Prefix(prefix) => format!("{prefix}*"),
                Term::Acronym(acronym) => format!("^{acronym}"),
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    Some(match Pattern::parse(pattern).ok()? {
        Pattern::Sequence(sequence) => terms(&sequence),
        Pattern::Near {
            anchor,
            context,
            window,
        } => format!("{} NEAR/{window} {}", terms(&anchor), terms(&context)),
        Pattern::Regex(regex) => format!("/{}/", regex.as_str()),
    })
}

/// Two entries, or two exclusions, of one theme that match the same. Exclusions are a theme's
/// own, so two themes may exclude the same span.
fn duplicates(lexicon: &Lexicon, stemmers: &Stemmers) -> Vec<Finding> {
    let mut seen: HashMap<(usize, EntryKind, String), &Entry> = HashMap::new();
    let mut findings = Vec::new();
    for (index, entry) in lexicon.entries() {
        let Some(key) = canonical(&entry.pattern, stemmers) else {
            continue;
        };
        let key = (index, entry.kind, key);
        match seen.get(&key) {
            Some(first) => findings.push(Finding::at(
                Severity::Error,
                &entry.location,
                format!(
                    "{} `{}` duplicates `{}` ({}:{})",
                    entry.kind.name(),
                    entry.pattern,
                    first.pattern,
                    first.location.file,
                    first.location.line
                ),
            )),
            None => {
                seen.insert(key, entry);
            }
        }
    }
    findings
}

/// Entries whose single word (or single NEAR anchor) has a stem or prefix under three letters.
fn too_broad(lexicon: &Lexicon, stemmers: &Stemmers) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (_, entry) in lexicon.entries() {
        let anchor = match Pattern::parse(&entry.pattern) {
            Ok(Pattern::Sequence(terms)) => terms,
            Ok(Pattern::Near { anchor, .. }) => anchor,
            _ => continue,
        };
        let stem = match &anchor[..] {
            [Term::Word(word)] => stemmers.stem_word(word),
            [Term::Prefix(prefix)] => prefix.clone(),
            _ => continue,
        };
        if stem.chars().count() < MIN_STEM_CHARS {
            findings.push(Finding::at(
                Severity::Error,
                &entry.location,
                format!(
                    "{} `{}` is too broad: its stem `{stem}` has fewer than {MIN_STEM_CHARS} letters",
                    entry.kind.name(),
                    entry.pattern
                ),
            ));
        }
    }
    findings
}

/// The first word of `text` with both Latin and Cyrillic letters.
fn mixed_word(text: &str) -> Option<&str> {
    analyze::words(text).map(|(_, word)| word).find(|word| {
        let scripts = || word.chars().filter_map(Script::of);
        scripts().any(|s| s == Script::Latin) && scripts().any(|s| s == Script::Cyrillic)
    })
}

/// Entries and examples with a word that mixes Latin and Cyrillic letters.
fn mixed_scripts(lexicon: &Lexicon) -> Vec<Finding> {
    let entries = lexicon
        .entries()
        .filter(|(_, e)| !e.pattern.trim_start().starts_with('/'))
        .map(|(_, e)| (&e.location, e.kind.name(), e.pattern.as_str()));
    let examples = lexicon.themes().iter().flat_map(|theme| {
        theme
            .examples
            .iter()
            .map(|e| (&e.location, "example", e.text.as_str()))
    });
    entries
        .chain(examples)
        .filter_map(|(location, what, text)| {
            let word = mixed_word(text)?;
            Some(Finding::at(
                Severity::Error,
                location,
                format!("{what} `{text}`: the word `{word}` mixes Latin and Cyrillic letters"),
            ))
        })
        .collect()
}

/// Runs every example: own positives must fire and own negatives must not (errors); entries that
/// fire on another theme's negative example, and entries no example exercises, are warnings.
fn examples(lexicon: &Lexicon, matcher: &Matcher) -> Vec<Finding> {
    let entries: Vec<&Entry> = lexicon.entries().map(|(_, e)| e).collect();
    let themes = lexicon.themes();
    let mut scanner = Scanner::new(matcher);
    let mut exercised = vec![false; entries.len()];
    let mut findings = Vec::new();
    for (own, theme) in themes.iter().enumerate() {
        for example in &theme.examples {
            let mut fired: Vec<(usize, usize)> = Vec::new();
            scanner.scan(&example.text, |m| fired.push((m.theme, m.entry)));
            for &(_, entry) in &fired {
                exercised[entry] = true;
            }
            let own_hits = fired.iter().filter(|(t, _)| *t == own).count();
            if example.positive && own_hits == 0 {
                findings.push(Finding::at(
                    Severity::Error,
                    &example.location,
                    format!(
                        "positive example does not make `{}` fire: {}",
                        theme.id, example.text
                    ),
                ));
            }
            if example.positive {
                continue;
            }
            for &(other, entry) in &fired {
                let deliberate = themes[other]
                    .examples
                    .iter()
                    .any(|e| e.positive && e.text == example.text);
                if other != own && deliberate {
                    continue;
                }
                let entry = entries[entry];
                let (severity, message) = if other == own {
                    (
                        Severity::Error,
                        format!(
                            "negative example fires `{}` through `{}` ({}:{}): {}",
                            theme.id,
                            entry.pattern,
                            entry.location.file,
                            entry.location.line,
                            example.text
                        ),
                    )
                } else {
                    (
                        Severity::Warning,
                        format!(
                            "entry `{}` of `{}` fires on a negative example of `{}` ({}:{}): {}",
                            entry.pattern,
                            themes[other].id,
                            theme.id,
                            example.location.file,
                            example.location.line,
                            example.text
                        ),
                    )
                };
                let location = if other == own {
                    &example.location
                } else {
                    &entry.location
                };
                findings.push(Finding::at(severity, location, message));
            }
        }
    }
    for (entry, _) in entries
        .iter()
        .zip(&exercised)
        .filter(|(e, done)| e.kind == EntryKind::Include && !**done)
    {
        findings.push(Finding::at(
            Severity::Warning,
            &entry.location,
            format!("entry `{}` is exercised by no example", entry.pattern),
        ));
    }
    findings
}

/// Exclusions that match no example of any theme. Exclusions produce no hits of their own, so
/// each is compiled alone, as an entry, and run over every example.
fn unexercised_exclusions(lexicon: &Lexicon) -> Vec<Finding> {
    let exclusions: Vec<&Entry> = lexicon
        .entries()
        .map(|(_, e)| e)
        .filter(|e| e.kind == EntryKind::Exclude)
        .collect();
    let probes: Vec<Theme> = exclusions
        .iter()
        .enumerate()
        .map(|(i, exclusion)| Theme {
            id: format!("x{i:06}"),
            label: String::new(),
            scope: String::new(),
            context: Default::default(),
            entries: vec![Entry {
                kind: EntryKind::Include,
                ..(*exclusion).clone()
            }],
            examples: Vec::new(),
            file: exclusion.location.file.clone(),
        })
        .collect();
    if probes.is_empty() {
        return Vec::new();
    }
    let Ok(matcher) = Lexicon::new(probes).and_then(|probes| Matcher::new(&probes)) else {
        return Vec::new();
    };
    let mut scanner = Scanner::new(&matcher);
    let mut exercised = vec![false; exclusions.len()];
    for example in lexicon.themes().iter().flat_map(|t| &t.examples) {
        scanner.scan(&example.text, |m| exercised[m.theme] = true);
    }
    exclusions
        .iter()
        .zip(&exercised)
        .filter(|(_, done)| !**done)
        .map(|(exclusion, _)| {
            Finding::at(
                Severity::Warning,
                &exclusion.location,
                format!(
                    "exclusion `{}` matches no example sentence",
                    exclusion.pattern
                ),
            )
        })
        .collect()
}

/// Themes whose entry counts differ by more than 2× between the languages.
fn language_balance(lexicon: &Lexicon) -> Vec<Finding> {
    let mut findings = Vec::new();
    for theme in lexicon.themes() {
        let en = theme
            .entries_of(EntryKind::Include, Language::English)
            .count();
        let ru = theme
            .entries_of(EntryKind::Include, Language::Russian)
            .count();
        if en.max(ru) > MAX_LANGUAGE_RATIO * en.min(ru) {
            findings.push(Finding {
                severity: Severity::Warning,
                file: theme.file.clone(),
                line: None,
                message: format!(
                    "theme `{}` has {en} English and {ru} Russian entries (more than \
                     {MAX_LANGUAGE_RATIO}× apart)",
                    theme.id
                ),
            });
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::theme_file;

    struct LintTest {
        name: &'static str,
        /// Theme files as (file name, TOML text).
        files: &'static [(&'static str, &'static str)],
        /// Each expected finding as `file:line: severity: start of message`.
        want: &'static [&'static str],
    }

    const CLEAN: &str = r#"id = "cells"
[en]
entries = ["sleeper cell"]
exclude = ["stem cell"]
positive = ["Sleeper cells remain."]
negative = ["Stem cells grow."]
[ru]
entries = ["спящие ячейки"]
positive = ["Спящие ячейки остаются."]
"#;

    const TESTS: &[LintTest] = &[
        LintTest {
            name: "a clean theme has no finding",
            files: &[("cells.toml", CLEAN)],
            want: &[],
        },
        LintTest {
            name: "duplicates, also through inflection",
            files: &[(
                "a.toml",
                "id = \"a\"\n[en]\nentries = [\"fighter\", \"fighters\"]\npositive = [\"fighters\"]\n[ru]\nentries = [\"боевик\"]\npositive = [\"боевик\"]\n",
            )],
            want: &[
                "a.toml:3: error: entry `fighters` duplicates `fighter` (a.toml:3)",
                "a.toml:3: warning: entry `fighters` is exercised by no example",
            ],
        },
        LintTest {
            name: "duplicate exclusions within a theme, not across themes",
            files: &[
                ("a.toml", "id = \"a\"\n[en]\nentries = [\"alpha\"]\nexclude = [\"stem cell\", \"stem cells\"]\npositive = [\"alpha\"]\nnegative = [\"stem cell\"]\n[ru]\nentries = [\"альфа\"]\npositive = [\"альфа\"]\n"),
                ("b.toml", "id = \"b\"\n[en]\nentries = [\"beta\"]\nexclude = [\"stem cells\"]\npositive = [\"beta\"]\nnegative = [\"stem cell\"]\n[ru]\nentries = [\"бета\"]\npositive = [\"бета\"]\n"),
            ],
            want: &["a.toml:4: error: exclude `stem cells` duplicates `stem cell`"],
        },
        LintTest {
            name: "short stems and prefixes are too broad, acronyms and phrases are not",
            files: &[(
                "a.toml",
                "id = \"a\"\n[en]\nentries = [\"ax\", \"ex*\", \"UN\", \"to join\", \"at NEAR/3 sea\"]\npositive = [\"ax exit UN to join at sea\"]\n[ru]\nentries = [\"альфа\", \"бета\", \"гамма\"]\npositive = [\"альфа бета гамма\"]\n",
            )],
            want: &[
                "a.toml:3: error: entry `at NEAR/3 sea` is too broad",
                "a.toml:3: error: entry `ax` is too broad",
                "a.toml:3: error: entry `ex*` is too broad",
            ],
        },
        LintTest {
            name: "words mixing scripts, in entries and examples",
            files: &[(
                "a.toml",
                "id = \"a\"\n[en]\nentries = [\"alpha\"]\npositive = [\"alpha\"]\n[ru]\nentries = [\"тeррор\"]\npositive = [\"террор тeррор\"]\n",
            )],
            want: &[
                "a.toml:6: error: entry `тeррор`: the word `тeррор` mixes",
                "a.toml:7: error: example `террор тeррор`: the word `тeррор` mixes",
            ],
        },
        LintTest {
            name: "examples that do not hold, and entries no example exercises",
            files: &[(
                "a.toml",
                "id = \"a\"\n[en]\nentries = [\"alpha\", \"gamma\"]\nexclude = [\"delta force\"]\npositive = [\"beta\"]\nnegative = [\"alpha\"]\n[ru]\nentries = [\"альфа\"]\npositive = [\"альфа\"]\n",
            )],
            want: &[
                "a.toml:3: warning: entry `gamma` is exercised by no example",
                "a.toml:4: warning: exclusion `delta force` matches no example",
                "a.toml:5: error: positive example does not make `a` fire",
                "a.toml:6: error: negative example fires `a` through `alpha`",
            ],
        },
        LintTest {
            name: "an entry firing on another theme's negative example",
            files: &[
                ("a.toml", "id = \"a\"\n[en]\nentries = [\"alpha\"]\npositive = [\"alpha\"]\nnegative = [\"a beta\"]\n[ru]\nentries = [\"альфа\"]\npositive = [\"альфа\"]\n"),
                ("b.toml", "id = \"b\"\n[en]\nentries = [\"beta\"]\npositive = [\"beta\"]\n[ru]\nentries = [\"бета\"]\npositive = [\"бета\"]\n"),
            ],
            want: &["b.toml:3: warning: entry `beta` of `b` fires on a negative example of `a` (a.toml:5)"],
        },
        LintTest {
            name: "a sentence that is negative for one theme and positive for another is deliberate",
            files: &[
                ("a.toml", "id = \"a\"\n[en]\nentries = [\"alpha\"]\npositive = [\"alpha\"]\nnegative = [\"a beta\"]\n[ru]\nentries = [\"альфа\"]\npositive = [\"альфа\"]\n"),
                ("b.toml", "id = \"b\"\n[en]\nentries = [\"beta\"]\npositive = [\"a beta\"]\n[ru]\nentries = [\"бета\"]\npositive = [\"бета\"]\n"),
            ],
            want: &[],
        },
        LintTest {
            name: "languages more than twice apart",
            files: &[(
                "a.toml",
                "id = \"a\"\n[en]\nentries = [\"alpha\", \"beta\", \"gamma\"]\npositive = [\"alpha beta gamma\"]\n[ru]\nentries = [\"альфа\"]\npositive = [\"альфа\"]\n",
            )],
            want: &["a.toml: warning: theme `a` has 3 English and 1 Russian entries"],
        },
        LintTest {
            name: "regexes that can never match, or match where there is no word",
            files: &[(
                "a.toml",
                "id = \"a\"\n[en]\nentries = [\"alpha\", \"/Taliban/\", \"/alpha|,/\", \"/beta|BETA/\"]\npositive = [\"alpha, beta\"]\n[ru]\nentries = [\"альфа\", \"бета\"]\npositive = [\"альфа бета\"]\n",
            )],
            want: &[
                "a.toml:3: warning: entry `/Taliban/` is exercised by no example",
                "a.toml:3: warning: entry `/alpha|,/` is exercised by no example",
                "a.toml:3: error: regex `/Taliban/` can never match: the normalized text has no `T`",
                "a.toml:3: warning: regex `/alpha|,/` can match spaces or punctuation alone",
                "a.toml:3: warning: regex `/beta|BETA/`: the part `BETA` can never match",
            ],
        },
        LintTest {
            name: "an invalid entry is one error",
            files: &[(
                "a.toml",
                "id = \"a\"\n[en]\nentries = [\"cell NEAR/x terror\"]\n",
            )],
            want: &["a.toml:3: error: entry `cell NEAR/x terror`: NEAR needs a distance"],
        },
    ];

    #[test]
    fn lint_table() {
        for test in TESTS {
            let themes = test
                .files
                .iter()
                .map(|(file, text)| theme_file::parse(file, text).unwrap())
                .collect();
            let lexicon = Lexicon::new(themes).unwrap();
            let got: Vec<String> = lint(&lexicon).iter().map(ToString::to_string).collect();
            let matches = got.len() == test.want.len()
                && got.iter().zip(test.want).all(|(g, w)| g.starts_with(w));
            assert!(
                matches,
                "{}\nexpected:\n  {}\nactual:\n  {}",
                test.name,
                test.want.join("\n  "),
                got.join("\n  ")
            );
        }
    }
}

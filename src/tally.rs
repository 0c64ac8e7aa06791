//! Counts that add up: per-group statements, tokens and theme hits.
//!
//! Tallies from different workers merge with `+=` in any order and give the same result, which is
//! what makes the output identical for any number of threads. Nothing here does I/O.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::AddAssign;

/// The values of the `--by` columns for one group.
///
/// Groups sort value by value; numbers (such as row ids) sort numerically and before text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GroupKey(pub Vec<String>);

impl Ord for GroupKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| compare_values(a, b))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| self.0.len().cmp(&other.0.len()))
    }
}

impl PartialOrd for GroupKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn compare_values(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

/// Counts for one group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Statements in the group.
    pub statements: u64,
    /// Tokens in the group's statements.
    pub tokens: u64,
    /// Tokens that are not stop words (zero unless the run counted them).
    pub content_tokens: u64,
    /// Hits per theme in counter-terrorism context (every hit of a theme that needs none),
    /// indexed like the matcher's themes: what ctlex reports as `hits`.
    pub hits: Vec<u64>,
    /// Hits per theme wherever they stand: `hits_all`. Never less than `hits`.
    pub hits_all: Vec<u64>,
    /// Statements with at least one hit of the theme in `hits`, per theme.
    pub mentions: Vec<u64>,
    /// Statements with at least one hit of the theme in `hits_all`, per theme.
    pub mentions_all: Vec<u64>,
    /// Statements with at least one hit of any theme in `hits`.
    pub mentions_any: u64,
    /// Statements with at least one hit of any theme in `hits_all`.
    pub mentions_any_all: u64,
    /// Hits and surface forms per entry, by index into the matcher's entries (empty unless the
    /// run collected them).
    pub entries: BTreeMap<usize, EntryCount>,
}

/// The hits of one lexicon entry in one group, with the surface forms it caught.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntryCount {
    /// Hits of the entry in counter-terrorism context (all of them when its theme needs none).
    pub hits: u64,
    /// Hits of the entry wherever they stand.
    pub hits_all: u64,
    /// Matched text (whitespace runs as one space) → hits, wherever they stand.
    pub forms: BTreeMap<String, u64>,
}

impl EntryCount {
    /// Adds one hit caught as `form`, in counter-terrorism context or not.
    pub fn add(&mut self, form: &str, in_context: bool) {
        self.hits += u64::from(in_context);
        self.hits_all += 1;
        match self.forms.get_mut(form) {
            Some(n) => *n += 1,
            None => {
                self.forms.insert(form.to_string(), 1);
            }
        }
    }

    /// The `n` most frequent forms, most frequent first, ties in text order.
    pub fn top_forms(&self, n: usize) -> Vec<(&str, u64)> {
        let mut forms: Vec<(&str, u64)> =
            self.forms.iter().map(|(f, &c)| (f.as_str(), c)).collect();
        forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        forms.truncate(n);
        forms
    }
}

impl AddAssign<&EntryCount> for EntryCount {
    fn add_assign(&mut self, other: &EntryCount) {
        self.hits += other.hits;
        self.hits_all += other.hits_all;
        for (form, n) in &other.forms {
            *self.forms.entry(form.clone()).or_default() += n;
        }
    }
}

impl Counts {
    /// The counts of one statement of `tokens` tokens (`content_tokens` of them not stop words)
    /// with these hits per theme, and so the statements that mention each theme: one or none.
    pub fn statement(tokens: u64, content_tokens: u64, hits: &[u64], hits_all: &[u64]) -> Counts {
        let mentioned =
            |hits: &[u64]| -> Vec<u64> { hits.iter().map(|&h| u64::from(h > 0)).collect() };
        Counts {
            statements: 1,
            tokens,
            content_tokens,
            hits: hits.to_vec(),
            hits_all: hits_all.to_vec(),
            mentions: mentioned(hits),
            mentions_all: mentioned(hits_all),
            mentions_any: u64::from(hits.iter().any(|&h| h > 0)),
            mentions_any_all: u64::from(hits_all.iter().any(|&h| h > 0)),
            entries: BTreeMap::new(),
        }
    }

    /// Hits of all themes together, in counter-terrorism context.
    pub fn total_hits(&self) -> u64 {
        self.hits.iter().sum()
    }
}

/// Adds `theirs` to `mine` element by element, growing `mine` to fit.
fn add_each(mine: &mut Vec<u64>, theirs: &[u64]) {
    if mine.len() < theirs.len() {
        mine.resize(theirs.len(), 0);
    }
    for (mine, theirs) in mine.iter_mut().zip(theirs) {
        *mine += theirs;
    }
}

impl AddAssign<&Counts> for Counts {
    fn add_assign(&mut self, other: &Counts) {
        self.statements += other.statements;
        self.tokens += other.tokens;
        self.content_tokens += other.content_tokens;
        for (entry, count) in &other.entries {
            *self.entries.entry(*entry).or_default() += count;
        }
        add_each(&mut self.hits, &other.hits);
        add_each(&mut self.hits_all, &other.hits_all);
        add_each(&mut self.mentions, &other.mentions);
        add_each(&mut self.mentions_all, &other.mentions_all);
        self.mentions_any += other.mentions_any;
        self.mentions_any_all += other.mentions_any_all;
    }
}

/// How many statements were in each language, and how many of those were detected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LanguageCount {
    /// Statements in the language.
    pub statements: u64,
    /// Statements whose language came from their letters, not their metadata.
    pub detected: u64,
}

/// Counts per group, and per language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    groups: BTreeMap<GroupKey, Counts>,
    languages: BTreeMap<String, LanguageCount>,
}

impl Tally {
    /// Adds one statement whose `hits` all stand in counter-terrorism context.
    pub fn record(&mut self, key: GroupKey, tokens: u64, hits: &[u64]) {
        self.add(key, &Counts::statement(tokens, 0, hits, hits));
    }

    /// Adds the counts of one or more statements to a group.
    pub fn add(&mut self, key: GroupKey, counts: &Counts) {
        match self.groups.get_mut(&key) {
            Some(mine) => *mine += counts,
            None => {
                self.groups.insert(key, counts.clone());
            }
        }
    }

    /// The counts of one group.
    pub fn group(&self, key: &GroupKey) -> Option<&Counts> {
        self.groups.get(key)
    }

    /// All groups added together.
    pub fn total(&self) -> Counts {
        let mut total = Counts::default();
        for counts in self.groups.values() {
            total += counts;
        }
        total
    }

    /// Adds one statement's language.
    pub(crate) fn record_language(&mut self, language: &str, detected: bool) {
        let count = self.languages.entry(language.to_string()).or_default();
        count.statements += 1;
        count.detected += u64::from(detected);
    }

    /// Adds the statements of one language, as counted elsewhere.
    pub(crate) fn add_language(&mut self, language: &str, count: LanguageCount) {
        let mine = self.languages.entry(language.to_string()).or_default();
        mine.statements += count.statements;
        mine.detected += count.detected;
    }

    /// Groups in report order.
    pub fn groups(&self) -> impl Iterator<Item = (&GroupKey, &Counts)> {
        self.groups.iter()
    }

    /// Statements per language, by language code.
    pub fn languages(&self) -> impl Iterator<Item = (&str, &LanguageCount)> {
        self.languages.iter().map(|(l, c)| (l.as_str(), c))
    }

    /// All statements counted.
    pub fn statements(&self) -> u64 {
        self.groups.values().map(|c| c.statements).sum()
    }
}

impl AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        for (key, counts) in other.groups {
            self.add(key, &counts);
        }
        for (language, count) in other.languages {
            self.add_language(&language, count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(values: &[&str]) -> GroupKey {
        GroupKey(values.iter().map(|v| v.to_string()).collect())
    }

    #[test]
    fn groups_sort_numbers_numerically_and_first() {
        let mut keys = vec![
            key(&["b"]),
            key(&["10"]),
            key(&["2"]),
            key(&["1a"]),
            key(&["a"]),
        ];
        keys.sort();
        assert_eq!(
            keys,
            [
                key(&["2"]),
                key(&["10"]),
                key(&["1a"]),
                key(&["a"]),
                key(&["b"])
            ]
        );
    }

    #[test]
    fn tallies_add_up_in_any_order() {
        let mut a = Tally::default();
        a.record(key(&["x"]), 10, &[1, 0]);
        a.record_language("en", false);
        let mut b = Tally::default();
        b.record(key(&["x"]), 5, &[0, 2]);
        b.record(key(&["y"]), 7, &[1, 1]);
        b.record_language("ru", true);
        let mut ab = a.clone();
        ab += b.clone();
        let mut ba = b;
        ba += a;
        assert_eq!(ab, ba);
        let x = ab.groups().next().unwrap().1;
        assert_eq!(
            (x.statements, x.tokens, x.hits.clone(), x.hits_all.clone()),
            (2, 15, vec![1, 2], vec![1, 2])
        );
        assert_eq!(ab.statements(), 3);
        assert_eq!((x.mentions.clone(), x.mentions_any), (vec![1, 1], 2));
        let y = ab.groups().nth(1).unwrap().1;
        assert_eq!((y.mentions.clone(), y.mentions_any), (vec![1, 1], 1));
    }

    #[test]
    fn a_statement_mentions_each_theme_it_hits_once() {
        let one = Counts::statement(20, 12, &[0, 3, 0], &[2, 3, 0]);
        assert_eq!(
            (one.mentions, one.mentions_all),
            (vec![0, 1, 0], vec![1, 1, 0])
        );
        assert_eq!((one.mentions_any, one.mentions_any_all), (1, 1));
        let none = Counts::statement(5, 5, &[0, 0], &[1, 0]);
        assert_eq!((none.mentions_any, none.mentions_any_all), (0, 1));
    }

    #[test]
    fn entry_counts_add_up_and_rank_forms() {
        let mut a = EntryCount::default();
        for (form, in_context) in [
            ("fighters", true),
            ("fighter", false),
            ("fighters", true),
            ("FTFs", true),
        ] {
            a.add(form, in_context);
        }
        let mut b = EntryCount::default();
        b.add("fighter", true);
        b.add("FTFs", false);
        let mut ab = a.clone();
        ab += &b;
        let mut ba = b.clone();
        ba += &a;
        assert_eq!(ab, ba);
        assert_eq!((ab.hits, ab.hits_all), (4, 6));
        assert_eq!(
            ab.top_forms(3),
            [("FTFs", 2), ("fighter", 2), ("fighters", 2)]
        );
        assert_eq!(a.top_forms(1), [("fighters", 2)]);

        let mut x = Counts {
            content_tokens: 3,
            ..Counts::default()
        };
        x.entries.insert(4, a);
        let mut y = Counts {
            content_tokens: 2,
            ..Counts::default()
        };
        y.entries.insert(4, b);
        x += &y;
        assert_eq!((x.content_tokens, x.entries[&4].hits_all), (5, 6));
    }
}

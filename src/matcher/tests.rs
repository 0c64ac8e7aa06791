//! The matcher's examples, each searched for under every configuration of the scanner: the fast
//! scanner with its own or a shared vocabulary and the reference scanner, a cold, warm or
//! forgotten memo, and the haystack whole or cut into many pieces and windows. A configuration may change how a haystack is read, never what
//! matches in it.

use super::*;
use crate::lang::Language;
use crate::lexicon::{Entry, EntryKind, Location, Theme};

/// One search: a lexicon of `entries`, `(theme, pattern)` pairs (an entry's language follows
/// its script), and `exclude`, a haystack, and the matches `expected` in it as `(theme, matched
/// text)` in output order.
struct SearchTest {
    name: &'static str,
    entries: &'static [(&'static str, &'static str)],
    exclude: &'static [&'static str],
    haystack: &'static str,
    expected: &'static [(&'static str, &'static str)],
}

/// Which scanner searches.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// [`Scanner::new`], with a vocabulary of its own.
    Fast,
    /// [`Scanner::new`], sharing the matcher's vocabulary with every scanner of it before.
    Shared,
    /// [`Scanner::reference`].
    Reference,
}

/// What the scanner's memo holds when it scans the haystack.
#[derive(Clone, Copy, Debug)]
enum Memo {
    /// Nothing: every word is new.
    Cold,
    /// Every word of the haystack, from scanning it once before.
    Warm,
    /// Nothing again: the haystack was scanned once before and its words forgotten.
    Forgotten,
}

/// One way to run a scanner over a haystack.
struct Config {
    name: &'static str,
    scanner: Kind,
    memo: Memo,
    /// Filler words put before and after the haystack, to spread it over windows that start and
    /// end away from the text's ends.
    padding: usize,
    /// Bytes per piece of text analyzed, so how many windows the haystack spans.
    piece_bytes: usize,
    forget_between_windows: bool,
}

const CONFIGS: &[Config] = &[
    Config {
        name: "fast",
        scanner: Kind::Fast,
        memo: Memo::Cold,
        padding: 0,
        piece_bytes: PIECE_BYTES,
        forget_between_windows: false,
    },
    Config {
        name: "reference",
        scanner: Kind::Reference,
        memo: Memo::Cold,
        padding: 0,
        piece_bytes: PIECE_BYTES,
        forget_between_windows: false,
    },
    Config {
        name: "fast, warm memo",
        scanner: Kind::Fast,
        memo: Memo::Warm,
        padding: 0,
        piece_bytes: PIECE_BYTES,
        forget_between_windows: false,
    },
    Config {
        name: "reference, memo forgotten",
        scanner: Kind::Reference,
        memo: Memo::Forgotten,
        padding: 0,
        piece_bytes: PIECE_BYTES,
        forget_between_windows: false,
    },
    Config {
        name: "fast, shared vocabulary",
        scanner: Kind::Shared,
        memo: Memo::Cold,
        padding: 0,
        piece_bytes: PIECE_BYTES,
        forget_between_windows: false,
    },
    Config {
        name: "fast, shared vocabulary, pieces of 7 bytes, words forgotten between windows",
        scanner: Kind::Shared,
        memo: Memo::Warm,
        padding: 30,
        piece_bytes: 7,
        forget_between_windows: true,
    },
    Config {
        name: "fast, a window per word",
        scanner: Kind::Fast,
        memo: Memo::Cold,
        padding: 30,
        piece_bytes: 1,
        forget_between_windows: false,
    },
    Config {
        name: "fast, a window per word, words forgotten between windows",
        scanner: Kind::Fast,
        memo: Memo::Warm,
        padding: 30,
        piece_bytes: 1,
        forget_between_windows: true,
    },
    Config {
        name: "reference, pieces of 7 bytes",
        scanner: Kind::Reference,
        memo: Memo::Cold,
        padding: 30,
        piece_bytes: 7,
        forget_between_windows: false,
    },
    Config {
        name: "fast, pieces of 7 bytes, warm memo",
        scanner: Kind::Fast,
        memo: Memo::Warm,
        padding: 30,
        piece_bytes: 7,
        forget_between_windows: false,
    },
];

impl Config {
    /// The matches of `test`'s haystack, padded, as `(theme, matched text)` in output order.
    fn search(&self, matcher: &Matcher, test: &SearchTest) -> Vec<(String, String)> {
        let (before, after) = (
            "filler ".repeat(self.padding),
            " filler".repeat(self.padding),
        );
        let haystack = format!("{before}{}{after}", test.haystack);
        let mut scanner = match self.scanner {
            Kind::Fast => Scanner::with_vocabulary(matcher, Segmentation::Fast, false),
            Kind::Shared => Scanner::with_vocabulary(matcher, Segmentation::Fast, true),
            Kind::Reference => Scanner::reference(matcher),
        };
        scanner.piece_bytes = self.piece_bytes;
        scanner.stretch_bytes = self.piece_bytes;
        scanner.forget_between_windows = self.forget_between_windows;
        match self.memo {
            Memo::Cold => {}
            Memo::Warm => {
                scanner.scan(&haystack, |_| {});
            }
            Memo::Forgotten => {
                scanner.scan(&haystack, |_| {});
                scanner.forget_words();
            }
        }
        let mut found = Vec::new();
        scanner.scan(&haystack, |m| {
            found.push((
                matcher.themes()[m.theme].id.clone(),
                haystack[m.bytes].to_string(),
            ))
        });
        found
    }
}

fn entry(kind: EntryKind, pattern: &str) -> Entry {
    let cyrillic = pattern
        .chars()
        .any(|c| crate::lang::Script::of(c) == Some(crate::lang::Script::Cyrillic));
    Entry {
        language: if cyrillic {
            Language::Russian
        } else {
            Language::English
        },
        kind,
        pattern: pattern.to_string(),
        location: Location {
            file: "test.toml".into(),
            line: 1,
        },
    }
}

pub(super) fn lexicon(entries: &[(&str, &str)], exclude: &[&str]) -> Lexicon {
    let mut themes: Vec<Theme> = Vec::new();
    for &(id, pattern) in entries {
        let theme = match themes.iter_mut().find(|t| t.id == id) {
            Some(theme) => theme,
            None => {
                themes.push(Theme::empty(id, "test.toml".into()));
                themes.last_mut().unwrap()
            }
        };
        theme.entries.push(entry(EntryKind::Include, pattern));
    }
    themes[0]
        .entries
        .extend(exclude.iter().map(|p| entry(EntryKind::Exclude, p)));
    Lexicon::new(themes).unwrap()
}

const SEARCHES: &[SearchTest] = &[
    // Stems: every inflection.
    SearchTest {
        name: "english plural and possessive",
        entries: &[("a", "fighter")],
        exclude: &[],
        haystack: "A fighter, two fighters and the fighters’ families.",
        expected: &[("a", "fighter"), ("a", "fighters"), ("a", "fighters")],
    },
    SearchTest {
        name: "russian hyphenated compound across cases",
        entries: &[("a", "боевики-террористы")],
        exclude: &[],
        haystack: "Боевики-террористы, боевиков-террористов и боевикам-террористам.",
        expected: &[("a", "Боевики-террористы"), ("a", "боевиков-террористов"), ("a", "боевикам-террористам")],
    },
    SearchTest {
        name: "hyphenated entry meets unhyphenated text",
        entries: &[("a", "counter-terrorism")],
        exclude: &[],
        haystack: "counter terrorism and counter-terrorism, not counterterrorism",
        expected: &[("a", "counter terrorism"), ("a", "counter-terrorism")],
    },
    SearchTest {
        name: "russian phrase in oblique cases",
        entries: &[("a", "иностранные боевики-террористы")],
        exclude: &[],
        haystack: "угроза со стороны иностранных боевиков-террористов и иностранным боевикам-террористам",
        expected: &[("a", "иностранных боевиков-террористов"), ("a", "иностранным боевикам-террористам")],
    },
    SearchTest {
        name: "ё is е",
        entries: &[("a", "объединённые")],
        exclude: &[],
        haystack: "Объединенных Наций и объединённых",
        expected: &[("a", "Объединенных"), ("a", "объединённых")],
    },
    // Prefixes.
    SearchTest {
        name: "english prefix",
        entries: &[("a", "radicali*")],
        exclude: &[],
        haystack: "Radicalization, radicalised youth and radical views.",
        expected: &[("a", "Radicalization"), ("a", "radicalised")],
    },
    SearchTest {
        name: "russian prefix",
        entries: &[("a", "радикализ*")],
        exclude: &[],
        haystack: "радикализация, радикализации, радикальный",
        expected: &[("a", "радикализация"), ("a", "радикализации")],
    },
    // Acronyms.
    SearchTest {
        name: "english acronym is case-sensitive, with plural and possessive",
        entries: &[("a", "RATS"), ("b", "FTF")],
        exclude: &[],
        haystack: "RATS met; rats fled. FTFs and FTF's but ftf.",
        expected: &[("a", "RATS"), ("b", "FTFs"), ("b", "FTF's")],
    },
    SearchTest {
        name: "russian acronym is case-sensitive",
        entries: &[("a", "ОДКБ"), ("b", "СНГ")],
        exclude: &[],
        haystack: "ОДКБ и СНГ, но не одкб и снг.",
        expected: &[("a", "ОДКБ"), ("b", "СНГ")],
    },
    SearchTest {
        name: "acronyms of the other script still match",
        entries: &[("a", "ISIL"), ("b", "ОДКБ")],
        exclude: &[],
        haystack: "Угроза ИГИЛ и ISIL. The CSTO (ОДКБ) agreed.",
        expected: &[("a", "ISIL"), ("b", "ОДКБ")],
    },
    SearchTest {
        name: "acronyms match through hidden characters and look-alike letters",
        entries: &[("a", "ОДКБ"), ("b", "ISIL"), ("c", "ДАИШ"), ("d", "FTF")],
        exclude: &[],
        haystack: "OДКБ, ＩＳＩＬ, IS\u{AD}IL, ДAИШ, FТFs; but not ISIS or CTO.",
        expected: &[
            ("a", "OДКБ"),
            ("b", "ＩＳＩＬ"),
            ("b", "IS\u{AD}IL"),
            ("c", "ДAИШ"),
            ("d", "FТFs"),
        ],
    },
    SearchTest {
        name: "hidden characters and compatibility forms match like plain text",
        entries: &[
            ("a", "foreign terrorist fighter"),
            ("b", "terrorism"),
            ("c", "терроризм"),
            ("d", "conflict"),
        ],
        exclude: &[],
        haystack: "foreign\u{202F}terrorist ﬁghters; terror\u{200B}ism; терро\u{301}ризм; conﬂict",
        expected: &[
            ("a", "foreign\u{202F}terrorist ﬁghters"),
            ("b", "terror\u{200B}ism"),
            ("c", "терро\u{301}ризм"),
            ("d", "conﬂict"),
        ],
    },
    // Multi-word expressions.
    SearchTest {
        name: "english multi-word needs consecutive tokens",
        entries: &[("a", "sleeper cell")],
        exclude: &[],
        haystack: "Sleeper cells exist; a sleeper in a cell does not count.",
        expected: &[("a", "Sleeper cells")],
    },
    SearchTest {
        name: "russian multi-word needs consecutive tokens",
        entries: &[("a", "спящие ячейки")],
        exclude: &[],
        haystack: "спящих ячеек нет, спящие в ячейке нет, спящие ячейки есть",
        expected: &[("a", "спящие ячейки")],
    },
    // NEAR.
    SearchTest {
        name: "english NEAR before and after, within the window only",
        entries: &[("a", "cell NEAR/3 terrorist")],
        exclude: &[],
        haystack: "terrorist cell x x x x cell x x terrorists x x x x x x cell x x x x terrorist",
        expected: &[("a", "cell"), ("a", "cell")],
    },
    SearchTest {
        name: "russian NEAR",
        entries: &[("a", "ячейк* NEAR/4 террорист*")],
        exclude: &[],
        haystack: "ячейка террористов, раз два три четыре пять, ячейка таблицы, раз два три четыре пять, террористическая ячейка",
        expected: &[("a", "ячейка"), ("a", "ячейка")],
    },
    SearchTest {
        name: "NEAR context must not overlap the anchor",
        entries: &[("a", "terrorist NEAR/2 terrorist")],
        exclude: &[],
        haystack: "a terrorist here and a terrorist there; one terrorist",
        expected: &[],
    },
    // Regex.
    SearchTest {
        name: "regex over normalized text",
        entries: &[("a", r"/resolution\s+2396(\s*\(2017\))?/")],
        exclude: &[],
        haystack: "Resolution 2396 (2017) and resolution 2396 again",
        expected: &[("a", "Resolution 2396 (2017)"), ("a", "resolution 2396")],
    },
    SearchTest {
        name: "russian regex",
        entries: &[("a", r"/резолюци\w*\s+2178/")],
        exclude: &[],
        haystack: "Резолюция 2178 и в резолюции 2178",
        expected: &[("a", "Резолюция 2178"), ("a", "резолюции 2178")],
    },
    SearchTest {
        name: "regex offsets survive characters that change length when folded",
        entries: &[("a", r"/резолюци\w*\s+2178/"), ("b", "/ёлк/")],
        exclude: &[],
        haystack: "Counter\u{AD}terrorism: Ёлка, РЕЗОЛЮЦИЯ 2178 и ЁЛКА",
        expected: &[("a", "РЕЗОЛЮЦИЯ 2178")],
    },
    // Exclusions.
    SearchTest {
        name: "an exclusion blocks its own theme only",
        entries: &[("a", "cell"), ("b", "stem*")],
        exclude: &["stem cell"],
        haystack: "terrorist cells; stem cells and stemming the flow",
        expected: &[("a", "cells"), ("b", "stem"), ("b", "stemming")],
    },
    SearchTest {
        name: "a regex exclusion blocks its own theme only",
        entries: &[("a", "breeding ground"), ("b", "poverty")],
        exclude: &[r"/poverty[^.]{0,40}breeding\s+ground/"],
        haystack: "Camps are a breeding ground. Poverty is a breeding ground",
        expected: &[("a", "breeding ground"), ("b", "Poverty")],
    },
    SearchTest {
        name: "russian exclusion",
        entries: &[("a", "пропаганд*")],
        exclude: &["пропаганда здорового образа жизни"],
        haystack: "пропаганда здорового образа жизни и пропаганда терроризма",
        expected: &[("a", "пропаганда")],
    },
    SearchTest {
        name: "exclusion by prefix",
        entries: &[("a", "fighter")],
        exclude: &["firefighter*"],
        haystack: "firefighters and foreign fighters",
        expected: &[("a", "fighters")],
    },
    // Overlaps.
    SearchTest {
        name: "leftmost-longest within a theme",
        entries: &[("a", "foreign terrorist fighter"), ("a", "terrorist fighter"), ("a", "fighter")],
        exclude: &[],
        haystack: "foreign terrorist fighters and terrorist fighters and fighters",
        expected: &[("a", "foreign terrorist fighters"), ("a", "terrorist fighters"), ("a", "fighters")],
    },
    SearchTest {
        name: "overlapping entries do not double count within a theme",
        entries: &[("a", "боевик*"), ("a", "боевики-террористы")],
        exclude: &[],
        haystack: "боевики-террористы",
        expected: &[("a", "боевики-террористы")],
    },
    SearchTest {
        name: "themes are independent",
        entries: &[("a", "terrorist financing"), ("b", "financing")],
        exclude: &[],
        haystack: "terrorist financing",
        expected: &[("a", "terrorist financing"), ("b", "financing")],
    },
    SearchTest {
        name: "look-alike latin letters inside a russian word",
        entries: &[("a", "террорист")],
        exclude: &[],
        haystack: "тeррoрист",
        expected: &[("a", "тeррoрист")],
    },
];

#[test]
fn matching_rules_in_every_configuration() {
    for test in SEARCHES {
        let matcher = Matcher::new(&lexicon(test.entries, test.exclude)).unwrap();
        let expected: Vec<(String, String)> = test
            .expected
            .iter()
            .map(|(t, s)| (t.to_string(), s.to_string()))
            .collect();
        for config in CONFIGS {
            let found = config.search(&matcher, test);
            assert_eq!(
                found, expected,
                "{} ({}): {:?}",
                test.name, config.name, test.haystack
            );
        }
    }
}

#[test]
fn invalid_entries_name_file_line_and_entry() {
    let lexicon = lexicon(&[("a", "cell NEAR/x terror")], &[]);
    let err = Matcher::new(&lexicon).unwrap_err().to_string();
    assert_eq!(
        err,
        "test.toml:1: entry `cell NEAR/x terror`: NEAR needs a distance from 1 to 1000: NEAR/5"
    );
}

#[test]
fn a_regex_too_large_to_compile_is_refused_with_its_entry() {
    let lexicon = lexicon(&[("a", r"/\w{1000}/")], &[]);
    let err = Matcher::new(&lexicon).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "test.toml:1: entry `/\\w{1000}/`: invalid regular expression: Compiled regex \
             exceeds size limit"
        ),
        "{err}"
    );
}

pub(super) fn bundled_matcher() -> &'static Matcher {
    static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    MATCHER.get_or_init(|| Matcher::new(&Lexicon::bundled().unwrap()).unwrap())
}

#[test]
fn the_fast_scanner_matches_like_the_reference_on_the_sample_corpus() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let files: Vec<_> = crate::corpus::layout::walk(&corpus)
        .map(Result::unwrap)
        .filter(|path| crate::corpus::layout::is_statement_file(path))
        .collect();
    let matcher = bundled_matcher();
    let (mut fast, mut reference) = (Scanner::new(matcher), Scanner::reference(matcher));
    let mut hits = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let scans = (
            fast.scan(&text, |m| a.push(m)),
            reference.scan(&text, |m| b.push(m)),
        );
        assert_eq!(scans.0, scans.1, "{}", path.display());
        assert_eq!(a, b, "{}", path.display());
        hits += a.len();
    }
    assert!(
        files.len() >= 10 && hits > 100,
        "{} files, {hits} hits",
        files.len()
    );
}

#[test]
fn scanners_sharing_a_vocabulary_on_several_threads_match_like_one_alone() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let texts: Vec<String> = crate::corpus::layout::walk(&corpus)
        .map(Result::unwrap)
        .filter(|path| crate::corpus::layout::is_statement_file(path))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    let matcher = Matcher::new(&Lexicon::bundled().unwrap()).unwrap();
    let scan_all = |sharing: bool, order: &mut dyn Iterator<Item = usize>| {
        let mut scanner = Scanner::with_vocabulary(&matcher, Segmentation::Fast, sharing);
        let mut found = vec![Vec::new(); texts.len()];
        for at in order {
            scanner.scan(&texts[at], |m| found[at].push(m));
        }
        found
    };
    let alone = scan_all(false, &mut (0..texts.len()));
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|worker| {
                let scan_all = &scan_all;
                let n = texts.len();
                // Each thread meets the texts in another order, so each adds words first.
                let order = move |i: usize| (i + worker * n / 4) % n;
                scope.spawn(move || scan_all(true, &mut (0..n).map(order)))
            })
            .collect();
        for worker in workers {
            assert_eq!(worker.join().unwrap(), alone);
        }
    });
    assert!(matcher.words.len() > 1_000, "{:?}", matcher.words);
}

#[test]
fn vocabulary_can_be_cleared_between_texts() {
    let matcher = Matcher::new(&lexicon(&[("a", "fighter")], &[])).unwrap();
    let mut scanner = Scanner::new(&matcher);
    assert_eq!(scanner.count("fighters"), [1]);
    scanner.forget_words();
    assert_eq!(scanner.count("the fighters"), [1]);
}

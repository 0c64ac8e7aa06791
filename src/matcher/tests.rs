use super::*;
use crate::lang::Language;
use crate::lexicon::{Entry, EntryKind, Location, Theme};

/// One matching rule exercised on one text: `entries` are `(theme, pattern)` pairs (an entry's
/// language follows its script), `want` the expected `(theme, matched text)` in output order.
struct MatchTest {
    name: &'static str,
    entries: &'static [(&'static str, &'static str)],
    exclude: &'static [&'static str],
    text: &'static str,
    want: &'static [(&'static str, &'static str)],
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

fn run(test: &MatchTest) {
    let matcher = Matcher::new(&lexicon(test.entries, test.exclude)).unwrap();
    let mut scanner = Scanner::new(&matcher);
    let mut got = Vec::new();
    scanner.scan(test.text, |m| {
        got.push((
            matcher.themes()[m.theme].id.clone(),
            test.text[m.bytes].to_string(),
        ))
    });
    let want: Vec<(String, String)> = test
        .want
        .iter()
        .map(|(t, s)| (t.to_string(), s.to_string()))
        .collect();
    assert_eq!(got, want, "{}: {:?}", test.name, test.text);
}

const TESTS: &[MatchTest] = &[
    // Stems: every inflection.
    MatchTest {
        name: "english plural and possessive",
        entries: &[("a", "fighter")],
        exclude: &[],
        text: "A fighter, two fighters and the fighters’ families.",
        want: &[("a", "fighter"), ("a", "fighters"), ("a", "fighters")],
    },
    MatchTest {
        name: "russian hyphenated compound across cases",
        entries: &[("a", "боевики-террористы")],
        exclude: &[],
        text: "Боевики-террористы, боевиков-террористов и боевикам-террористам.",
        want: &[("a", "Боевики-террористы"), ("a", "боевиков-террористов"), ("a", "боевикам-террористам")],
    },
    MatchTest {
        name: "hyphenated entry meets unhyphenated text",
        entries: &[("a", "counter-terrorism")],
        exclude: &[],
        text: "counter terrorism and counter-terrorism, not counterterrorism",
        want: &[("a", "counter terrorism"), ("a", "counter-terrorism")],
    },
    MatchTest {
        name: "russian phrase in oblique cases",
        entries: &[("a", "иностранные боевики-террористы")],
        exclude: &[],
        text: "угроза со стороны иностранных боевиков-террористов и иностранным боевикам-террористам",
        want: &[("a", "иностранных боевиков-террористов"), ("a", "иностранным боевикам-террористам")],
    },
    MatchTest {
        name: "ё is е",
        entries: &[("a", "объединённые")],
        exclude: &[],
        text: "Объединенных Наций и объединённых",
        want: &[("a", "Объединенных"), ("a", "объединённых")],
    },
    // Prefixes.
    MatchTest {
        name: "english prefix",
        entries: &[("a", "radicali*")],
        exclude: &[],
        text: "Radicalization, radicalised youth and radical views.",
        want: &[("a", "Radicalization"), ("a", "radicalised")],
    },
    MatchTest {
        name: "russian prefix",
        entries: &[("a", "радикализ*")],
        exclude: &[],
        text: "радикализация, радикализации, радикальный",
        want: &[("a", "радикализация"), ("a", "радикализации")],
    },
    // Acronyms.
    MatchTest {
        name: "english acronym is case-sensitive, with plural and possessive",
        entries: &[("a", "RATS"), ("b", "FTF")],
        exclude: &[],
        text: "RATS met; rats fled. FTFs and FTF's but ftf.",
        want: &[("a", "RATS"), ("b", "FTFs"), ("b", "FTF's")],
    },
    MatchTest {
        name: "russian acronym is case-sensitive",
        entries: &[("a", "ОДКБ"), ("b", "СНГ")],
        exclude: &[],
        text: "ОДКБ и СНГ, но не одкб и снг.",
        want: &[("a", "ОДКБ"), ("b", "СНГ")],
    },
    MatchTest {
        name: "acronyms of the other script still match",
        entries: &[("a", "ISIL"), ("b", "ОДКБ")],
        exclude: &[],
        text: "Угроза ИГИЛ и ISIL. The CSTO (ОДКБ) agreed.",
        want: &[("a", "ISIL"), ("b", "ОДКБ")],
    },
    // Multi-word expressions.
    MatchTest {
        name: "english multi-word needs consecutive tokens",
        entries: &[("a", "sleeper cell")],
        exclude: &[],
        text: "Sleeper cells exist; a sleeper in a cell does not count.",
        want: &[("a", "Sleeper cells")],
    },
    MatchTest {
        name: "russian multi-word needs consecutive tokens",
        entries: &[("a", "спящие ячейки")],
        exclude: &[],
        text: "спящих ячеек нет, спящие в ячейке нет, спящие ячейки есть",
        want: &[("a", "спящие ячейки")],
    },
    // NEAR.
    MatchTest {
        name: "english NEAR before and after, within the window only",
        entries: &[("a", "cell NEAR/3 terrorist")],
        exclude: &[],
        text: "terrorist cell x x x x cell x x terrorists x x x x x x cell x x x x terrorist",
        want: &[("a", "cell"), ("a", "cell")],
    },
    MatchTest {
        name: "russian NEAR",
        entries: &[("a", "ячейк* NEAR/4 террорист*")],
        exclude: &[],
        text: "ячейка террористов, раз два три четыре пять, ячейка таблицы, раз два три четыре пять, террористическая ячейка",
        want: &[("a", "ячейка"), ("a", "ячейка")],
    },
    MatchTest {
        name: "NEAR context must not overlap the anchor",
        entries: &[("a", "terrorist NEAR/2 terrorist")],
        exclude: &[],
        text: "a terrorist here and a terrorist there; one terrorist",
        want: &[],
    },
    // Regex.
    MatchTest {
        name: "regex over normalized text",
        entries: &[("a", r"/resolution\s+2396(\s*\(2017\))?/")],
        exclude: &[],
        text: "Resolution 2396 (2017) and resolution 2396 again",
        want: &[("a", "Resolution 2396 (2017)"), ("a", "resolution 2396")],
    },
    MatchTest {
        name: "russian regex",
        entries: &[("a", r"/резолюци\w*\s+2178/")],
        exclude: &[],
        text: "Резолюция 2178 и в резолюции 2178",
        want: &[("a", "Резолюция 2178"), ("a", "резолюции 2178")],
    },
    MatchTest {
        name: "regex offsets survive characters that change length when folded",
        entries: &[("a", r"/резолюци\w*\s+2178/"), ("b", "/ёлк/")],
        exclude: &[],
        text: "Counter\u{AD}terrorism: Ёлка, РЕЗОЛЮЦИЯ 2178 и ЁЛКА",
        want: &[("a", "РЕЗОЛЮЦИЯ 2178")],
    },
    // Exclusions.
    MatchTest {
        name: "english exclusion blocks every theme",
        entries: &[("a", "cell"), ("b", "stem*")],
        exclude: &["stem cell"],
        text: "stem cells and terrorist cells; stemming the flow",
        want: &[("a", "cells"), ("b", "stemming")],
    },
    MatchTest {
        name: "russian exclusion",
        entries: &[("a", "пропаганд*")],
        exclude: &["пропаганда здорового образа жизни"],
        text: "пропаганда здорового образа жизни и пропаганда терроризма",
        want: &[("a", "пропаганда")],
    },
    MatchTest {
        name: "exclusion by prefix",
        entries: &[("a", "fighter")],
        exclude: &["firefighter*"],
        text: "firefighters and foreign fighters",
        want: &[("a", "fighters")],
    },
    // Overlaps.
    MatchTest {
        name: "leftmost-longest within a theme",
        entries: &[("a", "foreign terrorist fighter"), ("a", "terrorist fighter"), ("a", "fighter")],
        exclude: &[],
        text: "foreign terrorist fighters and terrorist fighters and fighters",
        want: &[("a", "foreign terrorist fighters"), ("a", "terrorist fighters"), ("a", "fighters")],
    },
    MatchTest {
        name: "overlapping entries do not double count within a theme",
        entries: &[("a", "боевик*"), ("a", "боевики-террористы")],
        exclude: &[],
        text: "боевики-террористы",
        want: &[("a", "боевики-террористы")],
    },
    MatchTest {
        name: "themes are independent",
        entries: &[("a", "terrorist financing"), ("b", "financing")],
        exclude: &[],
        text: "terrorist financing",
        want: &[("a", "terrorist financing"), ("b", "financing")],
    },
    MatchTest {
        name: "look-alike latin letters inside a russian word",
        entries: &[("a", "террорист")],
        exclude: &[],
        text: "тeррoрист",
        want: &[("a", "тeррoрист")],
    },
];

#[test]
fn matching_rules() {
    for test in TESTS {
        run(test);
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
fn vocabulary_can_be_cleared_between_texts() {
    let matcher = Matcher::new(&lexicon(&[("a", "fighter")], &[])).unwrap();
    let mut scanner = Scanner::new(&matcher);
    assert_eq!(scanner.count("fighters"), [1]);
    scanner.forget_words();
    assert_eq!(scanner.count("the fighters"), [1]);
}

//! End-to-end tests of `ctlex kwic`: the real binary on tables written to a temporary folder and
//! on the sample debate, with whole outputs compared, and its hits held to `analyze`'s counts.

mod common;

use std::process::Command;

use common::{assert_output, sample_corpus, Workdir};

const DEBATE_CSV: &str = "\
id,speaker,year,text
1,Mr. Smith,2014,\"Mr. Smith (Counter-Terrorism Committee): Terrorists must be stopped.
Terrorist financing is a threat to us all.\"
2,Ms. Jones,2016,\"=HYPERLINK terrorist groups, and weapons at a fair.

The fair sold weapons.\"
3,Г-н Петров,2018,Террористы и террористические организации угрожают нам.
";

fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.create("debate.csv", DEBATE_CSV);
    wd
}

/// `ctlex kwic PATTERN debate.csv ARGS…`.
fn kwic(wd: &Workdir, pattern: &str, args: &[&str]) -> Command {
    let mut command = wd.ctlex(&["kwic", pattern, "debate.csv"]);
    command.args(args);
    command
}

#[test]
fn kwic_writes_every_hit_with_its_context_place_and_group_as_csv() {
    let wd = workdir();
    let out = wd.stdout(&mut kwic(
        &wd,
        "terror*",
        &["--by", "speaker,year", "--width", "12", "--format", "csv"],
    ));
    // The speaker header's `Terrorism` is not a hit, the formula-like context is neutralised, line
    // breaks are spaces, and the Russian prefix is matched in the Russian statement only.
    assert_output(
        &out,
        "\
doc,file,line,speaker,year,start,end,before,match,after,in_context,context
1,debate.csv,2,Mr. Smith,2014,41,51,Committee): ,Terrorists, must be sto,true,terror*
1,debate.csv,2,Mr. Smith,2014,69,78,be stopped. ,Terrorist, financing i,true,terror*
2,debate.csv,4,Ms. Jones,2016,11,20,'=HYPERLINK ,terrorist,\" groups, and\",true,terror*
",
    );
}

#[test]
fn a_russian_pattern_is_stemmed_in_russian_and_matches_its_inflections() {
    let wd = workdir();
    let out = wd.stdout(&mut kwic(
        &wd,
        "террористический",
        &["--width", "8", "--format", "csv"],
    ));
    assert_output(
        &out,
        "\
doc,file,line,start,end,before,match,after,in_context,context
3,debate.csv,7,13,29,ристы и ,террористические, организ,true,террор*
",
    );
}

#[test]
fn in_context_keeps_the_hits_that_analyze_counts_in_hits() {
    let wd = workdir();
    let csv = |extra: &[&str]| {
        let mut args = vec!["--format", "csv"];
        args.extend(extra);
        let out = wd.stdout(&mut kwic(&wd, "weapon", &args));
        out.lines()
            .skip(1)
            .map(|l| l.split(',').nth(9).unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(csv(&[]), ["true", "false"]);
    assert_eq!(csv(&["--in-context"]), ["true"]);
    assert_eq!(csv(&["--context", "none"]), ["true", "true"]);
    assert_eq!(csv(&["--context", "statement"]), ["true", "true"]);
}

#[test]
fn limit_stops_after_the_first_hits_in_reading_order() {
    let wd = workdir();
    let (out, err) = wd.run(
        &mut kwic(&wd, "terror*", &["--limit", "2", "--format", "csv"]),
        0,
    );
    let docs: Vec<&str> = out.lines().skip(1).map(|l| &l[..1]).collect();
    assert_eq!(docs, ["1", "1"]);
    assert!(err.contains("the first 2 hits (--limit)"), "{err}");
}

#[test]
fn text_lines_align_the_hits_under_one_another() {
    let wd = workdir();
    let out = wd.stdout(&mut kwic(
        &wd,
        "terror*",
        &["--format", "text", "--width", "10", "--by", "speaker"],
    ));
    assert_output(
        &out,
        "\
1:2 [Mr. Smith]  mmittee):  | Terrorists |  must be s
1:2 [Mr. Smith]   stopped.  | Terrorist  |  financing
2:4 [Ms. Jones]  HYPERLINK  | terrorist  |  groups, a
",
    );
    let bars: Vec<Vec<usize>> = out
        .lines()
        .map(|l| {
            l.char_indices()
                .filter(|(_, c)| *c == '|')
                .map(|(i, _)| l[..i].chars().count())
                .collect()
        })
        .collect();
    assert!(bars.windows(2).all(|w| w[0] == w[1]), "{bars:?}");
}

#[test]
fn hits_out_of_context_are_marked_in_text_lines() {
    let wd = workdir();
    let out = wd.stdout(&mut kwic(
        &wd,
        "weapon",
        &["--format", "text", "--width", "6"],
    ));
    assert_output(
        &out,
        "\
2:4  , and  | weapons |  at a
2:4   sold  | weapons | .       (not in context)
",
    );
}

#[test]
fn an_invalid_pattern_is_refused_naming_the_character_at_fault() {
    let wd = workdir();
    for (pattern, at) in [
        (
            "cell NEAR/0 terror",
            "at character 6: NEAR needs a distance",
        ),
        (
            "/resolution(/",
            "at character 12: invalid regular expression: unclosed group",
        ),
        ("sleeper ter*ror", "at character 9: `*` may only end a word"),
    ] {
        let err = wd.stderr(&mut kwic(&wd, pattern, &[]), 1);
        assert!(err.contains(at), "{pattern}: {err}");
        assert!(err.contains(pattern), "the pattern is shown: {err}");
    }
}

#[test]
fn kwic_to_a_file_writes_csv_with_a_manifest_beside_it() {
    let wd = workdir();
    let (_, err) = wd.run(
        &mut kwic(&wd, "terror*", &["-o", "hits.csv", "--limit", "1"]),
        0,
    );
    assert!(err.contains("the first 1 hits"), "{err}");
    assert_eq!(
        wd.read("hits.csv").lines().count(),
        2,
        "a header and one hit"
    );
    let manifest = wd.read("hits.csv.manifest.json");
    assert!(manifest.contains("\"pattern\": \"terror*\""), "{manifest}");
    assert!(manifest.contains("\"command\": \"kwic\""), "{manifest}");
}

#[test]
fn kwic_reads_only_the_statements_where_keeps() {
    let wd = workdir();
    let (out, err) = wd.run(
        &mut kwic(
            &wd,
            "terror*",
            &["--where", "year>=2015", "--format", "csv"],
        ),
        0,
    );
    let docs: Vec<&str> = out.lines().skip(1).map(|l| &l[..1]).collect();
    assert_eq!(docs, ["2"]);
    assert!(
        err.contains("--where year>=2015: kept 2 of 3 statements read"),
        "{err}"
    );
}

/// The hits of `terror*` in the sample debate, by `kwic` and by `analyze` with the same pattern
/// as a one-entry lexicon: the same statements, the same hits, the same context.
#[test]
fn kwic_finds_on_the_sample_debate_exactly_the_hits_analyze_counts() {
    let wd = Workdir::new();
    let corpus = sample_corpus();
    let corpus = corpus.to_str().unwrap();
    for pattern in [
        "terror*",
        "финансирова*",
        "foreign terrorist fighter",
        "financ* NEAR/5 terror*",
    ] {
        wd.create(
            "one.csv",
            format!("theme,language,pattern\nx,en,{pattern}\n"),
        );
        let counts = wd.stdout(&mut wd.ctlex(&[
            "analyze",
            corpus,
            "--lexicons",
            "one.csv",
            "--by",
            "doc",
            "-q",
        ]));
        let (mut hits, mut hits_all) = (0, 0);
        for row in counts.lines().skip(1) {
            let cells: Vec<u64> = row.split(',').skip(1).map(|c| c.parse().unwrap()).collect();
            hits += cells[2];
            hits_all += cells[3];
        }
        let lines = wd.stdout(&mut wd.ctlex(&["kwic", pattern, corpus, "--format", "csv", "-q"]));
        let flags: Vec<&str> = lines
            .lines()
            .skip(1)
            .map(|l| l.rsplit(',').nth(1).unwrap())
            .collect();
        assert!(hits_all > 0, "{pattern}: no hit in the sample");
        assert_eq!(flags.len() as u64, hits_all, "{pattern}: every hit");
        let in_context = flags.iter().filter(|f| **f == "true").count() as u64;
        assert_eq!(in_context, hits, "{pattern}: hits in context");
    }
}

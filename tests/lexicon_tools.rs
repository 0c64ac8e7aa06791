//! End-to-end tests of the lexicon tools: lint, export and import in every format, parity and
//! coverage, run as the real binary in a temporary folder.

mod common;

use common::{assert_output, Workdir};

#[test]
fn bundled_lexicons_lint_clean() {
    let wd = Workdir::new();
    let (stdout, stderr) = wd.run(&mut wd.ctlex(&["lexicon", "lint"]), 0);
    assert_eq!(stdout, "");
    assert!(stderr.contains(": 0 errors, 0 warnings"), "{stderr}");
}

#[test]
fn lint_fails_on_errors_with_file_and_line() {
    let wd = Workdir::new();
    wd.create(
        "bad.csv",
        "theme,language,pattern\nftf,en,fighter\nftf,en,fighters\nftf,ru,боевик\n",
    );
    let (stdout, _) = wd.run(&mut wd.ctlex(&["lexicon", "lint", "bad.csv"]), 1);
    assert!(
        stdout.contains("bad.csv:3: error: entry `fighters` duplicates `fighter` (bad.csv:2)"),
        "{stdout}"
    );
}

#[test]
fn every_export_reads_back_with_the_same_entries() {
    let wd = Workdir::new();
    let list = wd.stdout(&mut wd.ctlex(&["lexicon", "list"]));
    for (format, file) in [("flat-csv", "out.csv"), ("yaml", "out.yml")] {
        wd.stdout(&mut wd.ctlex(&["lexicon", "export", "--format", format, "-o", file]));
        let again = wd.stdout(&mut wd.ctlex(&["lexicon", "list", "--lexicons", file]));
        // Labels are not carried by these formats: compare the counts only.
        let counts = |listing: &str| -> Vec<String> {
            listing
                .lines()
                .map(|l| l.split_whitespace().take(5).collect::<Vec<_>>().join(" "))
                .collect()
        };
        assert_eq!(counts(&list), counts(&again), "{format}");
    }
}

#[test]
fn reads_a_liwc_dictionary() {
    let wd = Workdir::new();
    wd.create(
        "d.dic",
        "%\n1\tforeign_fighters\n%\nforeign fighter*\t1\nиностранные боевики\t1\n",
    );
    wd.create(
        "s.csv",
        "speaker,text\nA,Foreign fighters and иностранных боевиков.\n",
    );
    let out = wd.stdout(&mut wd.ctlex(&["analyze", "s.csv", "--lexicons", "d.dic", "-q"]));
    assert_output(
        &out,
        "speaker,statements,tokens,foreign_fighters,foreign_fighters_all\nA,1,5,0,2\n",
    );
}

#[test]
fn parity_reports_agreement_and_disagreements() {
    let wd = Workdir::new();
    wd.create("a.en", "Foreign terrorist fighters crossed the border.\nThe weather was fine.\nSleeper cells were found.\n");
    wd.create("a.ru", "Иностранные боевики-террористы пересекли границу.\nПогода была хорошей.\nБыли обнаружены люди.\n");
    let out = wd.stdout(&mut wd.ctlex(&[
        "parity",
        "a.en",
        "a.ru",
        "--disagreements",
        "--theme",
        "cells",
    ]));
    let ftf = out.lines().find(|l| l.starts_with("ftf ")).unwrap();
    let ftf: Vec<&str> = ftf.split_whitespace().collect();
    assert_eq!(
        ftf,
        ["ftf", "1", "1", "1.000", "1", "1", "1", "1.000", "1.000", "1.000", "1.000"]
    );
    assert!(out.contains("\nline 3  cells  en 1 ru 0\n"), "{out}");
    assert!(out.contains("      fired: sleeper cell\n"), "{out}");
    assert!(!out.contains("line 1 "), "{out}");
}

#[test]
fn coverage_lists_dead_entries_first_and_the_forms_caught() {
    let wd = Workdir::new();
    wd.create(
        "l.csv",
        "theme,language,pattern\nftf,en,fighter\nftf,en,relocator*\nftf,ru,боевик\n",
    );
    wd.create(
        "s.csv",
        "speaker,text\nA,Fighters and a fighter.\nB,Боевики ушли.\n",
    );
    let out = wd.stdout(&mut wd.ctlex(&["lexicon", "coverage", "s.csv", "--lexicons", "l.csv"]));
    assert_output(
        &out,
        "theme,language,pattern,hits,statements,theme_share,top_forms\n\
         ftf,en,relocator*,0,0,0.0000,\n\
         ftf,en,fighter,2,1,0.6667,fighter (1); fighters (1)\n\
         ftf,ru,боевик,1,1,0.3333,боевики (1)\n",
    );
}

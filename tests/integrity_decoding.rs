//! Decoding is checked over the whole input, not decided once from its start: each input here
//! changes encoding, holds NUL bytes or is forced into the wrong encoding past the part a sniff
//! would look at, and the test checks that every statement is counted in its own encoding and
//! each change is reported with its file and line.

mod common;

use common::{kinds, lexicon_with, problems, Workdir};
use encoding_rs::{Encoding, KOI8_R, WINDOWS_1251};

const RUSSIAN: &str = "Иностранные боевики-террористы пересекают границы.";
const ENGLISH: &str = "The Council met on “peace and security” — again and at length.";

fn lexicon() -> String {
    lexicon_with(&[
        "foreign terrorist fighter",
        "иностранные боевики-террористы",
        "ИБТ",
        "ОДКБ",
    ])
}

fn encoded(text: &str, encoding: &'static Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{} cannot hold {text:?}", encoding.name());
    bytes.into_owned()
}

/// The `ftf` hits of each statement of `--by doc` output, as `doc=hits`, for statements with
/// any.
fn hits(stdout: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let ftf = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "ftf")
        .expect("an ftf column");
    reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[ftf] != "0")
        .map(|r| format!("{}={}", &r[0], &r[ftf]))
        .collect()
}

/// Runs `analyze --by doc` on `inputs` (and `extra` arguments), which must exit with 2: the
/// hits of each statement with any, and the problems reported, with stderr.
fn run(
    wd: &Workdir,
    inputs: &[&str],
    extra: &[&str],
) -> (Vec<String>, Vec<(String, String)>, String) {
    let mut args = inputs.to_vec();
    args.extend(["--by", "doc", "--errors", "errors.csv"]);
    args.extend(extra);
    let (stdout, stderr) = wd.run(&mut wd.analyze(&args), 2);
    assert!(!stdout.contains('\0'));
    (hits(&stdout), problems(wd, "errors.csv"), stderr)
}

/// Rows of English enough to fill more than the first 64 KB of a table, from line 2 on.
fn english_rows(rows: usize) -> String {
    (0..rows)
        .map(|i| format!("e{i},{ENGLISH} Row {i}.\n"))
        .collect()
}

#[test]
fn a_windows_1251_table_that_starts_in_english_counts_its_russian_rows() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    // Russian Excel's export: English rows with curly quotes and dashes first (bytes that
    // Windows-1252 reads alike), the Russian rows after the first 64 KB, then one row pasted in
    // UTF-8.
    let mut table = format!("id,text\n{}", english_rows(1200));
    for i in 0..3 {
        table.push_str(&format!("r{i},{RUSSIAN}\n"));
    }
    let mut bytes = encoded(&table, WINDOWS_1251);
    bytes.extend(format!("u0,{RUSSIAN}\n").as_bytes());
    wd.create("t.csv", bytes);
    let (hits, found, stderr) = run(&wd, &["t.csv"], &[]);
    assert_eq!(hits, ["r0=1", "r1=1", "r2=1", "u0=1"], "{stderr}");
    assert_eq!(
        kinds(&found),
        ["encoding t.csv:1202", "encoding t.csv:1205"],
        "{found:?}"
    );
    assert!(found[0].1.contains("windows-1251"), "{found:?}");
    assert!(found[1].1.contains("UTF-8"), "{found:?}");
    assert!(stderr.contains("t.csv:1202: "), "{stderr}");
}

#[test]
fn nul_bytes_after_the_first_64_kb_are_reported_with_their_line() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    let late = "Foreign \0terrorist fighters crossed.";
    wd.create(
        "t.csv",
        format!("id,text\n{}late,{late}\n", english_rows(1200)),
    );
    wd.create("t.txt", format!("{}{late}\n", english_rows(1200)));
    let (hits, found, stderr) = run(&wd, &["t.csv", "t.txt"], &[]);
    assert_eq!(hits, ["late=1", "t.txt=1"], "{stderr}");
    assert_eq!(
        kinds(&found),
        ["degraded t.csv:1202", "degraded t.txt:1201"],
        "{found:?}"
    );
    assert!(found[0].1.contains("1 NUL byte(s) removed"), "{found:?}");
}

#[test]
fn a_forced_single_byte_encoding_on_utf8_russian_is_reported() {
    for forced in ["windows-1251", "koi8-r", "latin-1"] {
        let wd = Workdir::new();
        wd.create("lexicon.csv", lexicon());
        wd.create(
            "t.csv",
            format!("id,speaker,text\nen,A,{ENGLISH}\nru,B,{RUSSIAN}\nru2,B,{RUSSIAN}\n"),
        );
        wd.create("t.txt", format!("{ENGLISH}\n{RUSSIAN}\n"));
        let (_, found, stderr) = run(&wd, &["t.csv", "t.txt"], &["--encoding", forced]);
        // ENGLISH's curly quotes are UTF-8 too: the first line read wrongly is reported, once
        // for each file.
        assert_eq!(
            kinds(&found),
            ["encoding t.csv:2", "encoding t.txt:1"],
            "{forced}: {found:?}"
        );
        assert!(
            found.iter().all(|(_, message)| message.contains("UTF-8")),
            "{forced}: {found:?}"
        );
        assert!(stderr.contains("t.csv:2: "), "{stderr}");
    }
}

#[test]
fn a_text_that_continues_in_another_encoding_is_read_in_both() {
    let wd = Workdir::new();
    wd.create("lexicon.csv", lexicon());
    // A short UTF-8 start and a long Windows-1251 rest, and the other way round.
    let mut short_start = format!("{RUSSIAN}\n").into_bytes();
    short_start.extend(encoded(&format!("{RUSSIAN}\n").repeat(3), WINDOWS_1251));
    wd.create("a.txt", short_start);
    let mut long_start = format!("{RUSSIAN}\n").repeat(3).into_bytes();
    long_start.extend(encoded(&format!("{RUSSIAN}\n"), WINDOWS_1251));
    wd.create("b.txt", long_start);
    let (hits, found, stderr) = run(&wd, &["a.txt", "b.txt"], &[]);
    assert_eq!(hits, ["a.txt=4", "b.txt=4"], "{stderr}");
    assert_eq!(
        kinds(&found),
        ["encoding a.txt:1", "encoding b.txt:4"],
        "{found:?}"
    );
    assert!(found[1].1.contains("windows-1251"), "{found:?}");
}

#[test]
fn short_windows_1251_texts_are_not_taken_for_koi8_r_or_windows_1252() {
    let wd = Workdir::new();
    wd.create(
        "lexicon.csv",
        lexicon_with(&["ИБТ", "ОДКБ", "иностранные боевики-террористы"]),
    );
    // Acronyms in capitals (which Windows-1251 puts where KOI8-R has lowercase letters) and
    // Cyrillic among English (few letters beside many ASCII ones, as Windows-1252 text has).
    let texts = ["CTED and the ИБТ", "РФ и ОДКБ", "ОДКБ: ЦРУ, ФБР"];
    let names: Vec<String> = (0..texts.len()).map(|i| format!("s{i}.txt")).collect();
    for (name, text) in names.iter().zip(texts) {
        wd.create(name, encoded(text, WINDOWS_1251));
    }
    let mut args: Vec<&str> = names.iter().map(String::as_str).collect();
    args.extend(["--by", "doc"]);
    let stdout = wd.stdout(&mut wd.analyze(&args));
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let counts: Vec<String> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let hits = |theme: &str| r[column(&format!("{theme}_all"))].to_string();
            format!("{} {} {}", &r[0], hits("ftf"), hits("regional"))
        })
        .collect();
    assert_eq!(
        counts,
        ["s0.txt 1 0", "s1.txt 0 1", "s2.txt 0 1"],
        "{stdout}"
    );
    // Russian in KOI8-R is still read as KOI8-R.
    wd.create("k.txt", encoded(&format!("{RUSSIAN} ОДКБ"), KOI8_R));
    let stdout = wd.stdout(&mut wd.analyze(&["k.txt", "--by", "doc"]));
    assert_eq!(hits(&stdout), ["k.txt=1"]);
}

//! End-to-end tests of the spreadsheet path: a lexicon exported for Excel reads back as the same
//! lexicon, a LIWC-22 `.dicx` dictionary is read like a `.dic`, parity writes its table as CSV,
//! and the content denominator takes the user's stop words, recorded in the manifest.

mod common;

use common::{assert_output, Workdir};

/// The bundled lexicons, exported as `name` by `ctlex lexicon export` with `flags`.
fn export_bundled(wd: &Workdir, name: &str, flags: &[&str]) -> Vec<u8> {
    let mut args = vec!["lexicon", "export", "-o", name];
    args.extend(flags);
    wd.stdout(&mut wd.ctlex(&args));
    std::fs::read(wd.path(name)).unwrap()
}

#[test]
fn an_excel_export_is_utf8_with_a_byte_order_mark_and_crlf_line_ends() {
    let wd = Workdir::new();
    let bytes = export_bundled(&wd, "sheet.csv", &["--excel"]);
    let text = String::from_utf8(bytes).unwrap();
    let header = "\u{feff}theme,language,pattern,kind,label,context,scope\r\n";
    assert!(text.starts_with(header), "{:?}", &text[..80]);
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    assert!(
        text.contains("\r\nftf,ru,иностранные боевики-террористы,entry,Foreign terrorist fighters,paragraph,\r\n"),
        "a Russian entry row with its theme's label and context rule"
    );
}

#[test]
fn an_excel_export_reads_back_as_the_same_lexicon() {
    let wd = Workdir::new();
    export_bundled(&wd, "sheet.csv", &["--excel"]);
    // The codebook is made of the labels, scopes and context rules; the YAML export of the
    // entries and exclusions per language.
    for view in [
        vec!["lexicon", "codebook"],
        vec!["lexicon", "export", "--format", "yaml"],
        vec!["lexicon", "list"],
    ] {
        let bundled = wd.stdout(&mut wd.ctlex(&view));
        let mut again = view.clone();
        again.extend(["--lexicons", "sheet.csv"]);
        assert_output(&wd.stdout(&mut wd.ctlex(&again)), &bundled);
    }
}

#[test]
fn a_sheet_edited_with_semicolons_and_a_label_on_one_row_reads_back() {
    let wd = Workdir::new();
    wd.create(
        "edited.csv",
        "\u{feff}theme;language;pattern;kind;label;context;scope\r\n\
         ftf;en;foreign fighter;entry;Foreign fighters;anywhere;People who travel to fight.\r\n\
         ftf;ru;'-боевик;entry;;;\r\n\
         ftf;en;fighter jet;exclude;;;\r\n",
    );
    let list = wd.stdout(&mut wd.ctlex(&["lexicon", "list", "--lexicons", "edited.csv"]));
    assert!(list.contains("Foreign fighters"), "{list}");
    let yaml = wd.stdout(&mut wd.ctlex(&[
        "lexicon",
        "export",
        "--format",
        "yaml",
        "--lexicons",
        "edited.csv",
    ]));
    assert!(
        yaml.contains("-боевик"),
        "the `'` of a neutralised cell is undone:\n{yaml}"
    );
    assert!(!yaml.contains("'-боевик"), "{yaml}");
    let codebook = wd.stdout(&mut wd.ctlex(&["lexicon", "codebook", "--lexicons", "edited.csv"]));
    assert!(codebook.contains("| anywhere |"), "{codebook}");
}

#[test]
fn two_labels_for_one_theme_are_refused_with_the_line() {
    let wd = Workdir::new();
    wd.create(
        "two.csv",
        "theme,language,pattern,label\nftf,en,foreign fighter,Fighters\nftf,ru,боевик,Боевики\n",
    );
    let err = wd.stderr(
        &mut wd.ctlex(&["lexicon", "list", "--lexicons", "two.csv"]),
        1,
    );
    assert!(err.contains("two.csv:3"), "{err}");
    assert!(err.contains("`Fighters` (line 2)"), "{err}");
}

#[test]
fn excel_is_refused_for_yaml() {
    let wd = Workdir::new();
    let err = wd.stderr(
        &mut wd.ctlex(&["lexicon", "export", "--format", "yaml", "--excel"]),
        1,
    );
    assert!(err.contains("--excel") && err.contains("flat-csv"), "{err}");
}

/// A LIWC-22 dictionary as it saves one: the term, then an `X` under each of its categories.
const DICX: &str = "DicTerm,Foreign fighters,Cells\r\n\
                    foreign fighter*,X,\r\n\
                    спящие ячейки,,X\r\n\
                    sleeper cell,,x\r\n\
                    иностранн* боевик*,X,X\r\n";

#[test]
fn a_liwc22_dicx_is_read_like_a_dic() {
    let wd = Workdir::new();
    wd.create("d.dicx", DICX);
    let list = wd.stdout(&mut wd.ctlex(&["lexicon", "list", "--lexicons", "d.dicx"]));
    assert_output(
        &list,
        "theme                en    ru  excl en excl ru  label\n\
         cells                 1     2        0       0  cells\n\
         foreign_fighters      1     1        0       0  foreign_fighters\n",
    );
    wd.create(
        "s.csv",
        "speaker,text\nA,Foreign fighters and иностранных боевиков.\n",
    );
    let out = wd.stdout(&mut wd.ctlex(&[
        "analyze",
        "s.csv",
        "--lexicons",
        "d.dicx",
        "--context",
        "none",
        "-q",
    ]));
    assert!(out.starts_with("speaker,statements,tokens,cells,"), "{out}");
}

#[test]
fn a_dicx_with_merging_or_unknown_cells_is_refused_with_file_and_line() {
    let wd = Workdir::new();
    for (contents, says) in [
        (
            "DicTerm,FTF,ftf\nfighter,X,\n",
            "d.dicx:1: categories `FTF` (column 2) and `ftf`",
        ),
        (
            "DicTerm,ftf,ftf\nfighter,X,\n",
            "d.dicx:1: category `ftf` is declared twice",
        ),
        (
            "DicTerm,ftf\nfighter,yes\n",
            "d.dicx:2: entry `fighter`: the cell under `ftf` is `yes`",
        ),
        (
            "DicTerm,ftf,cells\nfighter,,\n",
            "d.dicx:2: entry `fighter`: marks no category",
        ),
        (
            "DicTerm,ftf\nfighter,X\n*ism,X\n",
            "d.dicx:3: a leading `*`",
        ),
        ("DicTerm\nfighter\n", "d.dicx:1: a LIWC-22 dictionary"),
    ] {
        wd.create("d.dicx", contents);
        let err = wd.stderr(
            &mut wd.ctlex(&["lexicon", "list", "--lexicons", "d.dicx"]),
            1,
        );
        assert!(err.contains(says), "{contents:?}: not `{says}`:\n{err}");
    }
}

const EN: &str = "Foreign terrorist fighters crossed the border.\nThe weather was fine.\nSleeper cells were found.\n";
const RU: &str = "Иностранные боевики-террористы пересекли границу.\nПогода была хорошей.\nБыли обнаружены люди.\n";

#[test]
fn parity_writes_its_table_as_csv() {
    let wd = Workdir::new();
    wd.create("a.en", EN);
    wd.create("a.ru", RU);
    wd.create(
        "l.csv",
        "theme,language,pattern\nftf,en,foreign terrorist fighter\nftf,ru,иностранные боевики-террористы\ncells,en,sleeper cell\ncells,ru,спящие ячейки\n",
    );
    let stdout = wd.stdout(&mut wd.ctlex(&[
        "parity",
        "a.en",
        "a.ru",
        "--lexicons",
        "l.csv",
        "-o",
        "parity.csv",
    ]));
    assert_eq!(stdout, "", "the table goes to the file");
    assert_output(
        &wd.read("parity.csv"),
        "theme,en_hits,ru_hits,ru_en_ratio,en_lines,ru_lines,both,precision,recall,f1,kappa,line_pairs\n\
         cells,1,0,0,1,0,0,,0,0,0,3\n\
         ftf,1,1,1,1,1,1,1,1,1,1,3\n",
    );
    assert!(
        !wd.names().iter().any(|n| n.contains(".tmp")),
        "{:?}",
        wd.names()
    );
}

#[test]
fn parity_refuses_to_write_over_its_inputs() {
    let wd = Workdir::new();
    wd.create("a.en", EN);
    wd.create("a.ru", RU);
    let err = wd.stderr(&mut wd.ctlex(&["parity", "a.en", "a.ru", "-o", "a.ru"]), 1);
    assert!(
        err.contains("a.ru") && !err.contains("unexpected argument"),
        "{err}"
    );
    assert_eq!(wd.read("a.ru"), RU);
}

#[test]
fn user_stop_words_replace_the_builtin_ones_and_the_manifest_records_them() {
    let wd = Workdir::new();
    wd.create(
        "s.csv",
        "speaker,text\nA,The fighters of the state and боевики в городе.\n",
    );
    let content = |extra: &[&str]| -> String {
        let mut args = vec![
            "analyze",
            "s.csv",
            "--format",
            "long",
            "--denominator",
            "content",
            "-q",
            "-o",
            "out.csv",
        ];
        args.extend(extra);
        wd.stdout(&mut wd.ctlex(&args));
        wd.read("out.csv")
    };
    // Long rows: speaker, theme, hits, hits_all, tokens, per_1000, share, content_tokens, ...
    let content_tokens = |table: &str| -> Vec<String> {
        let rows = table
            .lines()
            .skip(1)
            .map(|row| row.split(',').nth(7).unwrap().to_string());
        rows.collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    // `the` (twice), `of`, `and`, `в` are built-in stop words: 4 content tokens of 9.
    assert_eq!(content_tokens(&content(&[])), ["4"]);
    let list = "\u{feff}# our own list\r\nthe\r\nState\r\n\r\nГороде\r\n";
    wd.create("stop.txt", list);
    // `the` (twice), `state`, `городе` are the only stop words now: 5 content tokens.
    assert_eq!(
        content_tokens(&content(&["--stopwords", "stop.txt"])),
        ["5"]
    );
    let manifest = wd.read("out.csv.manifest.json");
    let hash = blake3::hash(list.as_bytes()).to_hex().to_string();
    assert!(manifest.contains(&hash), "{manifest}");
    assert!(manifest.contains("stop.txt"), "{manifest}");
}

#[test]
fn a_stop_word_list_with_two_words_on_a_line_is_refused_with_the_line() {
    let wd = Workdir::new();
    wd.create("s.csv", "speaker,text\nA,Fighters.\n");
    wd.create("stop.txt", "the\nof the\n");
    let err = wd.stderr(
        &mut wd.ctlex(&["analyze", "s.csv", "--stopwords", "stop.txt", "-q"]),
        1,
    );
    assert!(err.contains("stop.txt:2"), "{err}");
}

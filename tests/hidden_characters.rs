//! Text that hides its words — invisible characters, ligatures and fullwidth letters, stress
//! marks, decomposed letters, Latin look-alikes in Cyrillic words, unusual spaces — counts like
//! the plain text, with the bundled lexicon, and its hits still point into the text as written.

mod common;

use common::Workdir;

/// The same statement, plainly and with its words hidden as extracted or pasted text hides them.
const PLAIN: &str = "Foreign terrorist fighters travel to conflict zones; FTF returnees and PNR \
    data, a watchlist, and the CSTO (ОДКБ) respond. Иностранные боевики-террористы (ИБТ) \
    угрожают региону; ОДКБ тоже, как и иностранные боевики-террористы.";
const HIDDEN: &str = "Foreign terrorist \u{FB01}ghters travel to con\u{FB02}ict zones; \
    \u{FF26}\u{FF34}\u{FF26} returnees and P\u{AD}NR data, a watch\u{200B}list, and the CSTO \
    (O\u{0414}\u{041A}\u{0411}) respond. \u{FEFF}Иностранные\u{202F}боевики-терро\u{200D}ристы \
    (ИБТ\u{200E}) угрожают региону; ОДКБ тоже, как и иностра\u{301}нные бое\u{301}вики-террори\u{301}сты.";

/// `(statement, theme, entry, text, start, end)` of each hit.
type Hit = (String, String, String, String, usize, usize);

fn hits(wd: &Workdir) -> Vec<Hit> {
    let mut reader = csv::Reader::from_path(wd.path("hits.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (statement, theme, entry, text, start, end) = (
        column("statement"),
        column("theme"),
        column("entry"),
        column("text"),
        column("start"),
        column("end"),
    );
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            (
                record[statement].to_string(),
                record[theme].to_string(),
                record[entry].to_string(),
                record[text].to_string(),
                record[start].parse().unwrap(),
                record[end].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn hidden_characters_count_like_plain_text() {
    let wd = Workdir::new();
    let mut statements = csv::Writer::from_path(wd.path("statements.csv")).unwrap();
    statements.write_record(["id", "text"]).unwrap();
    statements.write_record(["plain", PLAIN]).unwrap();
    statements.write_record(["hidden", HIDDEN]).unwrap();
    statements.flush().unwrap();
    wd.stdout(wd.command("analyze").args([
        "statements.csv",
        "-q",
        "--by",
        "id",
        "--matches",
        "hits.csv",
        "-o",
        "counts.csv",
    ]));
    let hits = hits(&wd);
    let of = |id: &str| -> Vec<(String, String)> {
        hits.iter()
            .filter(|h| h.0 == id)
            .map(|h| (h.1.clone(), h.2.clone()))
            .collect()
    };
    let plain = of("plain");
    assert!(plain.len() >= 9, "{plain:?}");
    assert_eq!(of("hidden"), plain);
    // Offsets are characters of the text as written, hidden characters and all.
    let chars: Vec<char> = HIDDEN.chars().collect();
    let mut seen = Vec::new();
    for (_, _, entry, text, start, end) in hits.iter().filter(|h| h.0 == "hidden") {
        let written: String = chars[*start..*end].iter().collect();
        assert_eq!(&written, text, "{entry}");
        seen.push(text.as_str());
    }
    for hidden in [
        "\u{FB01}ghters",
        "con\u{FB02}ict",
        "\u{FF26}\u{FF34}\u{FF26}",
        "P\u{AD}NR",
        "watch\u{200B}list",
        "O\u{0414}\u{041A}\u{0411}",
        "Иностранные\u{202F}боевики-терро\u{200D}ристы",
        "ИБТ\u{200E}",
        "иностра\u{301}нные",
    ] {
        assert!(
            seen.iter().any(|text| text.contains(hidden)),
            "no hit on {hidden:?}: {seen:?}"
        );
    }
}

//! `--trends`: the themes over time, one panel per theme and a line per group, drawn from a run
//! whose `--by` has a column of years, as an SVG image or an HTML page.

mod common;

use common::Workdir;

/// Statements by two delegations over three years; Russia says nothing in 2017.
fn debate(wd: &Workdir) {
    let mut csv = String::from("year,delegation,text\n");
    let rows = [
        (
            "2015",
            "France",
            "Foreign terrorist fighters return home, and terrorism grows.",
        ),
        (
            "2016",
            "France",
            "The financing of terrorism must be cut off at its source.",
        ),
        (
            "2017",
            "France",
            "Foreign terrorist fighters and their families are a concern.",
        ),
        (
            "2015",
            "Россия",
            "Иностранные боевики-террористы возвращаются домой.",
        ),
        (
            "2016",
            "Россия",
            "Финансирование терроризма необходимо пресечь.",
        ),
    ];
    for (year, delegation, text) in rows {
        csv.push_str(&format!("{year},{delegation},\"{text}\"\n"));
    }
    wd.create("debate.csv", csv);
}

#[test]
fn trends_draw_a_panel_per_theme_and_a_line_per_delegation() {
    let wd = Workdir::new();
    debate(&wd);
    wd.run(
        &mut wd.ctlex(&[
            "analyze",
            "debate.csv",
            "-q",
            "--by",
            "delegation,year",
            "-o",
            "themes.csv",
            "--trends",
            "trends.svg",
        ]),
        0,
    );
    let svg = wd.read("trends.svg");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("Counter-terrorism hits per 1,000 tokens by year"));
    assert!(svg.contains("one line per delegation"));
    // The legend names both delegations, Cyrillic as written.
    assert!(svg.contains(">France</text>") && svg.contains(">Россия</text>"));
    // Twelve bundled themes, twelve panels.
    assert_eq!(svg.matches("<g>").count(), 12);
    for theme in ["ftf", "financing", "weapons"] {
        assert!(svg.contains(&format!(">{theme}</text>")), "{theme}");
    }
    // Each panel: France one run of three years, Russia one of two.
    assert_eq!(svg.matches("<polyline").count(), 12 * 2);
    assert_eq!(svg.matches("<circle").count(), 12 * (3 + 2));
    assert!(svg.contains(">2015</text>") && svg.contains(">2017</text>"));
    assert!(wd.names().contains(&"trends.svg.manifest.json".to_string()));
}

#[test]
fn trends_named_html_are_a_page_with_the_picture() {
    let wd = Workdir::new();
    debate(&wd);
    wd.run(
        &mut wd.ctlex(&[
            "analyze",
            "debate.csv",
            "-q",
            "--by",
            "year",
            "--trends",
            "t.html",
        ]),
        0,
    );
    let page = wd.read("t.html");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<meta charset=\"utf-8\">") && page.contains("<svg "));
    assert!(page.contains("one line for the whole corpus"));
}

#[test]
fn trends_without_a_time_column_are_refused_and_nothing_is_written() {
    let wd = Workdir::new();
    debate(&wd);
    let stderr = wd.stderr(
        &mut wd.ctlex(&[
            "analyze",
            "debate.csv",
            "-q",
            "--by",
            "delegation",
            "-o",
            "themes.csv",
            "--trends",
            "t.svg",
        ]),
        1,
    );
    assert!(stderr.contains("--by delegation has none"), "{stderr}");
    assert!(!wd
        .names()
        .iter()
        .any(|n| n.starts_with("themes") || n.starts_with("t.")));
}

#[test]
fn trends_named_for_another_format_are_refused() {
    let wd = Workdir::new();
    debate(&wd);
    let stderr = wd.stderr(
        &mut wd.ctlex(&["analyze", "debate.csv", "--by", "year", "--trends", "t.csv"]),
        1,
    );
    assert!(stderr.contains("--trends t.csv"), "{stderr}");
}

//! The HTML report and the trends page render in a real browser: headless Chromium loads them
//! without network, the heatmap table and the trend lines are in the rendered page, and a
//! screenshot comes out as a PNG. Skipped, with a message, where no Chromium is installed
//! (`scripts/report-screenshot.sh` installs it).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Workdir;

const BROWSERS: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

fn browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn headless(browser: &Path, args: &[&str]) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .args(args)
        .output()
        .unwrap()
}

/// Screenshots `url` into `png` in a window of `size` and checks it is a PNG of more than
/// `min_bytes` (a nearly empty page is a few kilobytes).
fn assert_screenshot(browser: &Path, url: &str, png: &Path, size: &str, min_bytes: usize) {
    let screenshot = format!("--screenshot={}", png.display());
    let window = format!("--window-size={size}");
    headless(browser, &[&screenshot, &window, url]);
    let bytes = std::fs::read(png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(
        bytes.len() > min_bytes,
        "a nearly empty screenshot: {} bytes",
        bytes.len()
    );
}

#[test]
fn report_renders_in_a_headless_browser() {
    let Some(browser) = browser() else {
        eprintln!("skipped: no Chromium on PATH (scripts/report-screenshot.sh installs it)");
        return;
    };
    let wd = Workdir::new();
    wd.create(
        "s.csv",
        "delegation,text\n\
         Russian Federation,Иностранные боевики-террористы и ОДКБ.\n\
         France,Foreign terrorist fighters and human rights.\n",
    );
    wd.assert_exit(
        wd.command("analyze")
            .args(["s.csv", "--by", "delegation", "-q", "--report", "r.html"]),
        0,
    );
    let url = format!("file://{}", wd.path("r.html").display());

    let dom = headless(&browser, &["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("class=\"heat sortable\""), "{dom}");
    assert!(
        dom.contains("Russian Federation") && dom.contains("France"),
        "{dom}"
    );

    assert_screenshot(&browser, &url, &wd.path("r.png"), "1000,700", 10_000);
}

#[test]
fn trends_render_in_a_headless_browser() {
    let Some(browser) = browser() else {
        eprintln!("skipped: no Chromium on PATH (scripts/report-screenshot.sh installs it)");
        return;
    };
    let wd = Workdir::new();
    wd.create(
        "s.csv",
        "year,delegation,text\n\
         2015,Российская Федерация,Иностранные боевики-террористы и ОДКБ.\n\
         2016,Российская Федерация,Финансирование терроризма и ОДКБ.\n\
         2015,France,Foreign terrorist fighters and human rights.\n\
         2016,France,The financing of terrorism must stop.\n",
    );
    wd.assert_exit(
        wd.command("analyze").args([
            "s.csv",
            "--by",
            "delegation,year",
            "-q",
            "--trends",
            "t.html",
        ]),
        0,
    );
    let url = format!("file://{}", wd.path("t.html").display());

    // The browser parsed the picture: the legend's Cyrillic name and every panel are in the DOM.
    let dom = headless(&browser, &["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("Российская Федерация"), "{dom}");
    assert_eq!(dom.matches("<polyline").count(), 12 * 2, "{dom}");

    assert_screenshot(&browser, &url, &wd.path("t.png"), "1150,1000", 20_000);
}

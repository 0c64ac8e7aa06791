//! The one comparison of whole outputs: on a mismatch, expected and actual side by side, line by
//! line, with the first differing line pointed out.

/// Lines shown before the first difference when an output is too long to show whole.
const BEFORE: usize = 3;
/// Lines shown in all when an output is too long to show whole.
const WINDOW: usize = 40;

/// Fails, showing both side by side, unless `actual` is `expected`.
#[track_caller]
pub fn assert_output(actual: &str, expected: &str) {
    assert_output_of("output", actual, expected);
}

/// As [`assert_output`], naming `what` is compared.
#[track_caller]
pub fn assert_output_of(what: &str, actual: &str, expected: &str) {
    if actual != expected {
        panic!("{what} differs:\n{}", side_by_side(actual, expected));
    }
}

/// The lines of `expected` and `actual` in two columns, `≠` between those that differ and `>`
/// before the first of them. Carriage returns show as `␍`, and a missing final newline as an
/// empty last line, so no difference is invisible.
fn side_by_side(actual: &str, expected: &str) -> String {
    let lines =
        |text: &str| -> Vec<String> { text.split('\n').map(|l| l.replace('\r', "␍")).collect() };
    let (e, a) = (lines(expected), lines(actual));
    let rows = e.len().max(a.len());
    let line = |side: &[String], i: usize| side.get(i).cloned();
    let first = (0..rows)
        .find(|&i| line(&e, i) != line(&a, i))
        .unwrap_or(rows);
    let (from, to) = if rows <= WINDOW {
        (0, rows)
    } else {
        let from = first.saturating_sub(BEFORE);
        (from, (from + WINDOW).min(rows))
    };
    let width = e[from..to.min(e.len())]
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max("expected".len());
    let mut table = format!(
        "first difference at line {}\n  {:width$} | actual\n",
        first + 1,
        "expected"
    );
    if from > 0 {
        table.push_str(&format!("  … {from} equal line(s)\n"));
    }
    for i in from..to {
        let (el, al) = (line(&e, i), line(&a, i));
        let pointer = if i == first { '>' } else { ' ' };
        let mark = if el == al { ' ' } else { '≠' };
        let show = |l: Option<String>| l.unwrap_or_else(|| "∅".to_string());
        table.push_str(&format!(
            "{pointer} {:width$} {mark} {}\n",
            show(el),
            show(al)
        ));
    }
    if to < rows {
        table.push_str(&format!("  … {} more line(s)\n", rows - to));
    }
    table
}

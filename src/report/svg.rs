//! The heatmap as one SVG image for slides: groups × themes, rates per 1,000 in the cells,
//! colour relative to each theme's highest group (as in the HTML report).

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::lexicon::ThemeInfo;
use crate::measures::Denominator;
use crate::tally::Tally;

use super::heatmap::{colour, escape, Heatmap};

const CELL_WIDTH: usize = 58;
const CELL_HEIGHT: usize = 24;
const HEADER_HEIGHT: usize = 130;
/// Rough width of a character of the label font, for the label column.
const CHAR_WIDTH: usize = 7;

/// Writes the heatmap of `tally`.
pub fn write_svg(
    themes: &[ThemeInfo],
    tally: &Tally,
    denominator: Denominator,
    mut out: impl Write,
) -> io::Result<()> {
    let map = Heatmap::new(themes, tally, denominator);
    let mut svg = String::new();
    render(&map, denominator, &mut svg).map_err(io::Error::other)?;
    out.write_all(svg.as_bytes())?;
    out.flush()
}

fn render(map: &Heatmap, denominator: Denominator, s: &mut String) -> std::fmt::Result {
    let label_width = 16
        + CHAR_WIDTH
            * map
                .groups
                .iter()
                .map(|g| g.chars().count())
                .max()
                .unwrap_or(0);
    let width = label_width + CELL_WIDTH * map.themes.len() + 10;
    let height = HEADER_HEIGHT + CELL_HEIGHT * map.groups.len() + 34;
    writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"Helvetica,Arial,sans-serif\" \
         font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
    )?;
    for (i, theme) in map.themes.iter().enumerate() {
        let x = label_width + i * CELL_WIDTH + CELL_WIDTH / 2 + 4;
        let y = HEADER_HEIGHT - 6;
        writeln!(
            s,
            "<text transform=\"translate({x},{y}) rotate(-60)\">{}</text>",
            escape(theme)
        )?;
    }
    for (r, (group, cells)) in map.groups.iter().zip(&map.cells).enumerate() {
        let y = HEADER_HEIGHT + r * CELL_HEIGHT;
        writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_width - 8,
            y + 16,
            escape(group)
        )?;
        for (c, cell) in cells.iter().enumerate() {
            let x = label_width + c * CELL_WIDTH;
            let (fill, white) = colour(cell.level);
            writeln!(
                s,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{CELL_WIDTH}\" height=\"{CELL_HEIGHT}\" \
                 fill=\"{fill}\" stroke=\"#ffffff\"/>"
            )?;
            if let Some(rate) = cell.rate {
                writeln!(
                    s,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\">{:.1}</text>",
                    x + CELL_WIDTH / 2,
                    y + 16,
                    if white { "#ffffff" } else { "#1b1f24" },
                    rate.per_1000
                )?;
            }
        }
    }
    let unit = match denominator {
        Denominator::Tokens => "tokens",
        Denominator::Content => "content tokens",
    };
    writeln!(
        s,
        "<text x=\"8\" y=\"{}\" fill=\"#57606a\">Theme hits per 1,000 {unit}; colour relative \
         to each theme's highest group.</text>\n</svg>",
        height - 12
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tally::GroupKey;

    #[test]
    fn one_rect_and_value_per_cell() {
        let themes = crate::report::test_themes(&["a", "b"]);
        let mut tally = Tally::default();
        tally.record(GroupKey(vec!["R & D".into()]), 2000, &[5, 1]);
        let mut out = Vec::new();
        write_svg(&themes, &tally, Denominator::Tokens, &mut out).unwrap();
        let svg = String::from_utf8(out).unwrap();
        assert_eq!(svg.matches("<rect x=").count(), 2);
        assert!(svg.contains(">2.5</text>") && svg.contains(">0.5</text>"));
        assert!(svg.contains("R &amp; D"));
    }
}

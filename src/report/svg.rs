//! The heatmap as one SVG image for slides: groups × themes, rates per 1,000 in the cells, with a
//! title saying what is shown, axis labels, and a legend of the colour ramp with the values at its
//! ends. Colour is scaled as [`HeatScale`] says (by default against the whole table).

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::lexicon::ThemeInfo;
use crate::tally::Tally;

use super::heatmap::{colour, escape, HeatScale, Heatmap, View};

const CELL_WIDTH: usize = 58;
const CELL_HEIGHT: usize = 24;
/// Height of the title and the note under it.
const TITLE_HEIGHT: usize = 56;
/// Height of the rotated theme names above the grid.
const THEMES_HEIGHT: usize = 120;
/// Width of the rotated name of the groups' axis, left of the group names.
const AXIS_WIDTH: usize = 28;
/// Rough width of a character of the label font, for the label column.
const CHAR_WIDTH: usize = 7;
const LEGEND_WIDTH: usize = 220;
/// Fonts tried in order: the first has Latin and Cyrillic on most systems, the next ones cover
/// Cyrillic where it is missing.
pub(crate) const FONTS: &str =
    "Helvetica,Arial,'DejaVu Sans','Noto Sans','Liberation Sans','PT Sans',sans-serif";
/// Fill of a cell without a rate (a group without tokens).
const NO_RATE: &str = "#e5e7eb";

/// Writes the heatmap of `tally`, drawn as `view` says.
pub fn write_svg(
    themes: &[ThemeInfo],
    tally: &Tally,
    view: &View,
    mut out: impl Write,
) -> io::Result<()> {
    let map = Heatmap::new(themes, tally, view.denominator, view.scale);
    let mut svg = String::new();
    render(&map, view, &mut svg).map_err(io::Error::other)?;
    out.write_all(svg.as_bytes())?;
    out.flush()
}

/// A rate as shown in a cell: one decimal, two below 0.1 so a small rate does not read as 0.
fn shown(rate: f64) -> String {
    if rate > 0.0 && rate < 0.1 {
        format!("{rate:.2}")
    } else {
        format!("{rate:.1}")
    }
}

fn render(map: &Heatmap, view: &View, s: &mut String) -> std::fmt::Result {
    let groups_axis = view.groups();
    let longest = map.groups.iter().map(|g| g.chars().count()).max();
    let label_width = AXIS_WIDTH + 16 + CHAR_WIDTH * longest.unwrap_or(0);
    let grid_width = CELL_WIDTH * map.themes.len();
    let title = format!(
        "Theme hits per 1,000 {} by {}",
        view.unit(),
        view.by.join(", ")
    );
    // A theme name rotated by 60° reaches half its length to the right of its column.
    let longest_theme = map.themes.iter().map(|t| t.chars().count()).max();
    let right = 10 + CHAR_WIDTH * longest_theme.unwrap_or(0) / 2;
    let width = (label_width + grid_width + right)
        .max(LEGEND_WIDTH + 260)
        .max(16 + CHAR_WIDTH * title.chars().count());
    let grid_top = TITLE_HEIGHT + THEMES_HEIGHT;
    let grid_bottom = grid_top + CELL_HEIGHT * map.groups.len();
    let height = grid_bottom + 96;
    writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"{FONTS}\" font-size=\"12\">\n\
         <title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
        escape(&title)
    )?;
    writeln!(
        s,
        "<text x=\"8\" y=\"22\" font-size=\"16\" font-weight=\"bold\">{}</text>\n\
         <text x=\"8\" y=\"42\" fill=\"#57606a\">{}</text>",
        escape(&title),
        escape(&map_note(map, view.scale))
    )?;
    for (i, theme) in map.themes.iter().enumerate() {
        let x = label_width + i * CELL_WIDTH + CELL_WIDTH / 2 + 4;
        let y = grid_top - 6;
        writeln!(
            s,
            "<text transform=\"translate({x},{y}) rotate(-60)\">{}</text>",
            escape(theme)
        )?;
    }
    for (r, (group, cells)) in map.groups.iter().zip(&map.cells).enumerate() {
        let y = grid_top + r * CELL_HEIGHT;
        writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_width - 8,
            y + 16,
            escape(group)
        )?;
        for (c, cell) in cells.iter().enumerate() {
            let x = label_width + c * CELL_WIDTH;
            let (fill, white) = match cell.rate {
                Some(_) => colour(cell.level),
                None => (NO_RATE.to_string(), false),
            };
            writeln!(
                s,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{CELL_WIDTH}\" height=\"{CELL_HEIGHT}\" \
                 fill=\"{fill}\" stroke=\"#ffffff\"/>"
            )?;
            if let Some(rate) = cell.rate {
                writeln!(
                    s,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                    x + CELL_WIDTH / 2,
                    y + 16,
                    if white { "#ffffff" } else { "#1b1f24" },
                    shown(rate.per_1000)
                )?;
            }
        }
    }
    // Axis labels: the groups' columns along the left, "theme" under the grid.
    let middle = (grid_top + grid_bottom) / 2;
    writeln!(
        s,
        "<text transform=\"translate(18,{middle}) rotate(-90)\" text-anchor=\"middle\" \
         font-weight=\"bold\">{}</text>\n\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">theme</text>",
        escape(&groups_axis),
        label_width + grid_width / 2,
        grid_bottom + 18
    )?;
    legend(map, view, grid_bottom + 40, s)?;
    writeln!(s, "</svg>")
}

/// What the colours mean, in one line.
fn map_note(map: &Heatmap, scale: HeatScale) -> String {
    format!(
        "{} Grey: no tokens in the group.",
        scale.explained(map.highest)
    )
}

/// The colour ramp from 0 to the value of its deepest colour, labelled at both ends.
fn legend(map: &Heatmap, view: &View, top: usize, s: &mut String) -> std::fmt::Result {
    let (x, steps) = (8, 20);
    let step = LEGEND_WIDTH / steps;
    for i in 0..steps {
        let (fill, _) = colour(i as f64 / (steps - 1) as f64);
        writeln!(
            s,
            "<rect x=\"{}\" y=\"{top}\" width=\"{step}\" height=\"14\" fill=\"{fill}\"/>",
            x + i * step
        )?;
    }
    let high = match view.scale {
        HeatScale::Table => shown(map.highest),
        HeatScale::Column => "theme's highest".to_string(),
    };
    writeln!(
        s,
        "<rect x=\"{x}\" y=\"{top}\" width=\"{}\" height=\"14\" fill=\"none\" \
         stroke=\"#8c959f\"/>\n\
         <text x=\"{x}\" y=\"{}\">0</text>\n\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n\
         <text x=\"{}\" y=\"{}\" fill=\"#57606a\">hits per 1,000 {} (lowest cell {})</text>",
        step * steps,
        top + 28,
        x + step * steps,
        top + 28,
        escape(&high),
        x + step * steps + 12,
        top + 11,
        view.unit(),
        shown(map.lowest)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::Denominator;
    use crate::tally::GroupKey;

    fn image(tally: &Tally, by: &[String], scale: HeatScale) -> String {
        let themes = crate::report::test_themes(&["a", "b"]);
        let view = View {
            by,
            denominator: Denominator::Tokens,
            scale,
        };
        let mut out = Vec::new();
        write_svg(&themes, tally, &view, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_rect_and_value_per_cell() {
        let mut tally = Tally::default();
        tally.record(GroupKey(vec!["R & D".into()]), 2000, &[5, 1]);
        let svg = image(&tally, &["speaker".into()], HeatScale::Table);
        assert_eq!(svg.matches("stroke=\"#ffffff\"/>").count(), 2);
        assert!(svg.contains(">2.5</text>") && svg.contains(">0.5</text>"));
        assert!(svg.contains("R &amp; D"));
    }

    #[test]
    fn the_image_says_what_it_shows_with_a_legend_and_axis_labels() {
        let mut tally = Tally::default();
        tally.record(GroupKey(vec!["Г-н Небензя".into()]), 2000, &[5, 1]);
        tally.record(GroupKey(vec!["Mr. A".into()]), 1000, &[0, 0]);
        let svg = image(&tally, &["speaker".into()], HeatScale::Table);
        assert!(svg.contains("<title>Theme hits per 1,000 tokens by speaker</title>"));
        assert!(svg.contains("font-weight=\"bold\">Theme hits per 1,000 tokens by speaker<"));
        // Axis labels, and the ramp's ends: 0 and the table's highest rate.
        assert!(svg.contains("rotate(-90)\" text-anchor=\"middle\" font-weight=\"bold\">speaker<"));
        assert!(svg.contains("font-weight=\"bold\">theme</text>"));
        assert!(svg.contains(">0</text>") && svg.contains("text-anchor=\"end\">2.5</text>"));
        assert!(svg.contains("against the highest of the whole table (2.5)"));
        assert!(svg.contains("Г-н Небензя") && svg.contains("'DejaVu Sans'"));
        let column = image(&tally, &["speaker".into()], HeatScale::Column);
        assert!(
            column.contains("compare groups within a theme only")
                && column.contains("highest</text>")
        );
    }
}

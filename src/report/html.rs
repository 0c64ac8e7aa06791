//! The HTML report: one self-contained page (no network, no external files) with the groups ×
//! themes heatmap of rates (values in the cells, details on hover, the table sortable by any
//! column), each theme's top entries, and a few hits in context per theme.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::lexicon::{EntryInfo, ThemeInfo};
use crate::measures::Denominator;
use crate::sink::Hit;
use crate::tally::Tally;

use super::heatmap::{colour, escape, HeatScale, Heatmap};
use super::{decimal, probability};

/// Entries listed per theme.
const TOP_ENTRIES: usize = 5;

/// What the page shows.
pub struct Page<'a> {
    /// The page's title.
    pub title: &'a str,
    /// One line on what was read (statements, tokens, inputs).
    pub summary: &'a str,
    /// The `--by` columns that key the groups.
    pub by: &'a [String],
    /// What rates are per 1,000 of.
    pub denominator: Denominator,
    /// What the heatmap's colours are relative to.
    pub scale: HeatScale,
    /// The matcher's themes.
    pub themes: &'a [ThemeInfo],
    /// The matcher's entries.
    pub entries: &'a [EntryInfo],
    /// The counts to show.
    pub tally: &'a Tally,
    /// Hits per theme to show in context.
    pub examples: &'a [Vec<Hit>],
}

const STYLE: &str = "
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans','Noto Sans',sans-serif;margin:24px;color:#1b1f24}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
p.note{color:#57606a;margin:4px 0 14px}
table{border-collapse:collapse}
th,td{padding:4px 7px;border:1px solid #e1e4e8;text-align:right;white-space:nowrap}
th{background:#f3f5f8;cursor:pointer;user-select:none;font-weight:600}
th.g,td.g{text-align:left}
table.heat th.t{writing-mode:vertical-rl;transform:rotate(180deg);text-align:left;height:150px}
td.w{color:#fff}
.themes{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:14px}
.theme{border:1px solid #e1e4e8;border-radius:6px;padding:8px 12px}
.theme h3{font-size:15px;margin:2px 0 6px}
.theme table{width:100%}
.theme table td,.theme table th{font-size:12px}
.theme table td{white-space:normal;word-break:break-word}
.kwic{font-size:12px;margin:6px 0 0;padding:0;list-style:none}
.kwic li{margin:3px 0}
mark{background:#ffe08a;padding:0 2px}
.src{color:#57606a}
";

const SCRIPT: &str = "
document.querySelectorAll('table.sortable').forEach(function(table){
  table.querySelectorAll('th').forEach(function(th,col){
    th.addEventListener('click',function(){
      var body=table.tBodies[0],rows=Array.from(body.rows);
      var up=th.dataset.dir!=='up';th.dataset.dir=up?'up':'down';
      rows.sort(function(a,b){
        var x=a.cells[col].dataset.v,y=b.cells[col].dataset.v;
        var nx=parseFloat(x),ny=parseFloat(y),c;
        if(!isNaN(nx)&&!isNaN(ny)){c=nx-ny}else{c=String(x).localeCompare(String(y))}
        return up?c:-c});
      rows.forEach(function(r){body.appendChild(r)})})})});
";

/// Writes the page.
pub fn write_html(page: &Page, mut out: impl Write) -> io::Result<()> {
    let mut html = String::new();
    render(page, &mut html).map_err(io::Error::other)?;
    out.write_all(html.as_bytes())?;
    out.flush()
}

fn render(page: &Page, h: &mut String) -> std::fmt::Result {
    let map = Heatmap::new(page.themes, page.tally, page.denominator, page.scale);
    let unit = match page.denominator {
        Denominator::Tokens => "tokens",
        Denominator::Content => "content tokens",
    };
    writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>",
        escape(page.title)
    )?;
    writeln!(h, "<h1>{}</h1>", escape(page.title))?;
    writeln!(h, "<p class=\"note\">{}</p>", escape(page.summary))?;
    writeln!(
        h,
        "<h2>Theme hits per 1,000 {unit}, by {}</h2>\
         <p class=\"note\">{} Hover a cell for hits, the exact 95% Poisson interval and \
         keyness against all other groups; click a column head to sort.</p>",
        escape(&page.by.join(", ")),
        escape(&page.scale.explained(map.highest))
    )?;
    writeln!(h, "<table class=\"heat sortable\"><thead><tr>")?;
    writeln!(
        h,
        "<th class=\"g\">{}</th><th>{unit}</th>",
        escape(&page.by.join(" · "))
    )?;
    for (theme, info) in map.themes.iter().zip(page.themes) {
        writeln!(
            h,
            "<th class=\"t\" title=\"{}\">{}</th>",
            escape(&info.label),
            escape(theme)
        )?;
    }
    writeln!(h, "</tr></thead><tbody>")?;
    for ((group, base), cells) in map.groups.iter().zip(&map.denominators).zip(&map.cells) {
        write!(
            h,
            "<tr><td class=\"g\" data-v=\"{0}\">{0}</td><td data-v=\"{base}\">{base}</td>",
            escape(group)
        )?;
        for (theme, cell) in map.themes.iter().zip(cells) {
            let Some(rate) = cell.rate else {
                write!(h, "<td data-v=\"\"></td>")?;
                continue;
            };
            let (background, white) = colour(cell.level);
            let mut title = format!(
                "{theme} — {group}\nhits: {} of {base} {unit}\nper 1,000: {} (95% CI {}–{})",
                cell.hits,
                decimal(rate.per_1000),
                decimal(rate.low),
                decimal(rate.high)
            );
            if let Some(k) = cell.keyness {
                let _ = write!(
                    title,
                    "\nvs. all other groups: G² {}, p {}, log₂ ratio {}",
                    decimal(k.g2),
                    probability(k.p_value),
                    decimal(k.log_ratio)
                );
            }
            write!(
                h,
                "<td{} style=\"background:{background}\" data-v=\"{}\" title=\"{}\">{:.1}</td>",
                if white { " class=\"w\"" } else { "" },
                rate.per_1000,
                escape(&title),
                rate.per_1000
            )?;
        }
        writeln!(h, "</tr>")?;
    }
    writeln!(h, "</tbody></table>")?;

    writeln!(
        h,
        "<h2>Themes: top entries and hits in context</h2><div class=\"themes\">"
    )?;
    let total = page.tally.total();
    for (index, theme) in page.themes.iter().enumerate() {
        writeln!(
            h,
            "<div class=\"theme\"><h3>{} <span class=\"src\">— {}</span></h3>",
            escape(&theme.id),
            escape(&theme.label)
        )?;
        let mut top: Vec<_> = total
            .entries
            .iter()
            .filter_map(|(&e, count)| {
                let entry = page.entries.get(e)?;
                (entry.theme == index).then_some((entry, e, count))
            })
            .collect();
        top.sort_by_key(|(_, e, count)| (std::cmp::Reverse(count.hits), *e));
        if top.is_empty() {
            writeln!(h, "<p class=\"note\">No hits.</p>")?;
        } else {
            writeln!(
                h,
                "<table class=\"sortable\"><thead><tr><th class=\"g\">entry</th><th>hits</th>\
                 <th class=\"g\">most frequent forms</th></tr></thead><tbody>"
            )?;
            for (entry, _, count) in top.into_iter().take(TOP_ENTRIES) {
                let forms: Vec<String> = count
                    .top_forms(3)
                    .into_iter()
                    .map(|(form, n)| format!("{} ({n})", escape(form)))
                    .collect();
                writeln!(
                    h,
                    "<tr><td class=\"g\" data-v=\"{0}\">{0}</td><td data-v=\"{1}\">{1}</td>\
                     <td class=\"g\" data-v=\"\">{2}</td></tr>",
                    escape(&entry.pattern),
                    count.hits,
                    forms.join(", ")
                )?;
            }
            writeln!(h, "</tbody></table>")?;
        }
        if let Some(hits) = page.examples.get(index).filter(|e| !e.is_empty()) {
            writeln!(h, "<ul class=\"kwic\">")?;
            for hit in hits {
                writeln!(
                    h,
                    "<li>…{}<mark>{}</mark>{}… <span class=\"src\">({}, {})</span></li>",
                    escape(&hit.before),
                    escape(&hit.text),
                    escape(&hit.after),
                    escape(&hit.group.0.join(" · ")),
                    escape(&hit.statement)
                )?;
            }
            writeln!(h, "</ul>")?;
        }
        writeln!(h, "</div>")?;
    }
    writeln!(h, "</div>")?;
    writeln!(
        h,
        "<p class=\"note\">Made by ctlex {}. Keyness: signed log-likelihood G² of the group \
         against all other groups together (positive: more frequent in the group), p-value on \
         one degree of freedom, log₂ ratio of the two rates.</p>",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(h, "<script>{SCRIPT}</script></body></html>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tally::GroupKey;

    #[test]
    fn page_is_self_contained_and_escaped() {
        let themes = [ThemeInfo {
            id: "ftf".into(),
            label: "Foreign fighters".into(),
        }];
        let mut tally = Tally::default();
        tally.record(GroupKey(vec!["<b>A</b>".into()]), 1000, &[4]);
        tally.record(GroupKey(vec!["B".into()]), 1000, &[1]);
        let page = Page {
            title: "Debate",
            summary: "2 statements",
            by: &["speaker".into()],
            denominator: Denominator::Tokens,
            scale: HeatScale::Table,
            themes: &themes,
            entries: &[],
            tally: &tally,
            examples: &[],
        };
        let mut out = Vec::new();
        write_html(&page, &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(html.contains("&lt;b&gt;A&lt;/b&gt;"));
        assert!(!html.contains("<b>A</b>"));
        assert!(html.contains(">4.0</td>") && html.contains(">1.0</td>"));
        assert!(!html.contains("http://") && !html.contains("https://"));
    }
}

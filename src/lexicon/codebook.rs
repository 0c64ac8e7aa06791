//! The codebook: what each theme counts, written out of the lexicon files for people.
//!
//! A hand coder codes from it without seeing a single entry, and a reader of ctlex's tables
//! learns from it what a count claims. It is made from the themes' labels, scopes and context
//! rules and the context lexicon's scope, never from entries, so that coding against it stays
//! independent of the lexicon it validates. `docs/codebook.md` is this text for the bundled
//! lexicons; a test keeps the two the same.

use std::fmt::Write;

use super::{ContextRule, Lexicon};

/// The codebook of `lexicon`, as Markdown.
pub fn codebook(lexicon: &Lexicon) -> String {
    let mut out = String::new();
    out.push_str(
        "# Codebook\n\n\
         What each theme of the lexicon counts. This file is generated from the lexicon files \
         (`ctlex lexicon codebook -o docs/codebook.md`); edit the `scope` and `context` of a \
         theme file, not this page.\n\n\
         ## What a hit claims\n\n\
         A hit is a claim that a statement speaks about a theme. ctlex measures it two ways \
         (`ctlex validate` scores both):\n\n\
         - the topic: the theme's subject anywhere, whatever the debate is about;\n\
         - counter-terrorism discourse: the theme addressed as part of it. A hit of a theme \
         whose context rule is *required* counts here only when a counter-terrorism word (below) \
         stands in the same context unit: the sentence, the passage (the sentence with its \
         neighbours in the paragraph), the paragraph or the statement, as `--context` says. A \
         theme whose rule is *paragraph* counts as *required* does, but reads the hit's whole \
         paragraph where the run reads passages: for themes whose entries name \
         counter-terrorism measures themselves, which a coder takes from anywhere in the \
         paragraph. A theme whose rule is *linked* counts as *required* does, except that a \
         counter-terrorism word of the hit's own sentence that is only another item of the list \
         the hit stands in (\"terrorism, climate change and human rights\") does not license \
         it. A theme whose rule is *sentence* counts as *linked* does, but only with the \
         counter-terrorism word in the hit's own sentence, whatever the unit. A theme whose rule \
         is *anywhere* counts every hit.\n\n\
         Procedural lines of a presiding officer (giving the floor, inviting representatives to \
         participate, vote tallies, opening and closing a meeting) are not discourse and count \
         for no theme.\n\n",
    );
    if let Some(context) = lexicon.context() {
        let _ = write!(
            out,
            "## The counter-terrorism context\n\n{}\n\n",
            paragraph(&context.scope)
        );
    }
    out.push_str("## Themes\n\n| id | theme | context rule |\n|---|---|---|\n");
    for theme in lexicon.themes() {
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {} | {} |",
            theme.id,
            theme.id,
            theme.label,
            theme.context.name()
        );
    }
    for theme in lexicon.themes() {
        let _ = write!(
            out,
            "\n### {}\n\n{}: {}\n\n{}\n",
            theme.id,
            theme.label,
            match theme.context {
                ContextRule::Required => "counted as counter-terrorism discourse only in context",
                ContextRule::Paragraph => {
                    "counted as counter-terrorism discourse only in context, read in its whole \
                     paragraph"
                }
                ContextRule::Linked => {
                    "counted as counter-terrorism discourse only in context, and not when the \
                     context word is only another item of the same list"
                }
                ContextRule::Sentence => {
                    "counted as counter-terrorism discourse only with a context word in its own \
                     sentence, and not when that word is only another item of the same list"
                }
                ContextRule::Anywhere => "counted as counter-terrorism discourse anywhere",
            },
            if theme.scope.is_empty() {
                "(No scope is written for this theme.)".to_string()
            } else {
                paragraph(&theme.scope)
            }
        );
    }
    out
}

/// A scope as one Markdown paragraph: its lines joined.
fn paragraph(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_codebook_is_the_bundled_lexicons_codebook() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/codebook.md");
        let expected = codebook(&Lexicon::bundled().unwrap());
        let actual = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            actual == expected,
            "docs/codebook.md is out of date: run `ctlex lexicon codebook -o docs/codebook.md`"
        );
    }

    #[test]
    fn every_theme_has_its_section_and_rule() {
        let lexicon = Lexicon::bundled().unwrap();
        let text = codebook(&lexicon);
        for theme in lexicon.themes() {
            let row = format!("| {} | {} |", theme.label, theme.context.name());
            assert!(
                text.contains(&format!("\n### {}\n", theme.id)),
                "{}",
                theme.id
            );
            assert!(text.contains(&row), "{row}");
        }
        assert!(text.contains("## The counter-terrorism context"));
    }

    #[test]
    #[ignore = "writes docs/codebook.md"]
    fn write_codebook() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/codebook.md");
        std::fs::write(path, codebook(&Lexicon::bundled().unwrap())).unwrap();
    }
}

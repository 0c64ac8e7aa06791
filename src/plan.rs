//! What a run must count, decided once from what it will write. Content tokens cost a pass over
//! the tokens and entries a map per group, so they are counted only where an output shows or
//! uses them.

use crate::measures::Denominator;

/// The main output of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MainOutput {
    /// One row per group and the hits per theme.
    #[default]
    Wide,
    /// One row per group and theme, with content tokens among the columns.
    Long,
    /// Partial counts, which hold everything any table of a merge can show.
    Partial,
    /// The contrast of two groups, with their content tokens.
    Compare,
    /// One row per statement with its content tokens (the Python package's tables).
    Statements,
}

/// Everything a run writes, as far as it decides what to count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutputPlan {
    /// The main table the run writes.
    pub main: MainOutput,
    /// What rates are per 1,000 of.
    pub denominator: Denominator,
    /// The per-entry table (`--terms`).
    pub terms: bool,
    /// Every hit in context (`--matches`).
    pub matches: bool,
    /// The workbook (`--xlsx`): rates, terms and the first hits.
    pub workbook: bool,
    /// The HTML report (`--report`): rates, top entries and hits in context.
    pub report: bool,
}

/// What a run must count besides tokens and hits per theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// Tokens that are not stop words.
    pub content_tokens: bool,
    /// Hits per entry with the forms they caught.
    pub entries: bool,
    /// Every hit with its context, handed to a sink.
    pub hits: bool,
}

impl OutputPlan {
    /// What the outputs of this plan show or use.
    pub fn needs(&self) -> Needs {
        let main_content = !matches!(self.main, MainOutput::Wide);
        let evidence = self.workbook || self.report;
        Needs {
            content_tokens: main_content || self.denominator == Denominator::Content || evidence,
            entries: self.main == MainOutput::Partial || self.terms || evidence,
            hits: self.matches || evidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_output_asks_for_what_it_shows() {
        let plan = |main, change: fn(&mut OutputPlan)| {
            let mut plan = OutputPlan {
                main,
                ..OutputPlan::default()
            };
            change(&mut plan);
            let needs = plan.needs();
            (needs.content_tokens, needs.entries, needs.hits)
        };
        let nothing: fn(&mut OutputPlan) = |_| {};
        assert_eq!(plan(MainOutput::Wide, nothing), (false, false, false));
        assert_eq!(plan(MainOutput::Long, nothing), (true, false, false));
        assert_eq!(plan(MainOutput::Compare, nothing), (true, false, false));
        assert_eq!(plan(MainOutput::Partial, nothing), (true, true, false));
        let content: fn(&mut OutputPlan) = |p| p.denominator = Denominator::Content;
        assert_eq!(plan(MainOutput::Wide, content), (true, false, false));
        assert_eq!(
            plan(MainOutput::Wide, |p| p.terms = true),
            (false, true, false)
        );
        assert_eq!(
            plan(MainOutput::Wide, |p| p.matches = true),
            (false, false, true)
        );
        assert_eq!(
            plan(MainOutput::Wide, |p| p.workbook = true),
            (true, true, true)
        );
        assert_eq!(
            plan(MainOutput::Wide, |p| p.report = true),
            (true, true, true)
        );
    }
}

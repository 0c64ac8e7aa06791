//! Counter-terrorism context: whether a hit stands near a word of the context lexicon.
//!
//! The scan marks where the context lexicon matches ([`ContextMark`]: its sentence and
//! paragraph); a hit of a theme whose rule is [`ContextRule::Required`] or
//! [`ContextRule::Linked`] is in context when a mark stands in the same unit — its sentence,
//! its passage (the sentence with the one before and the one after, within the paragraph), its
//! paragraph, or the whole statement; in a block of unwrapped lines each line is a paragraph,
//! see [`lines_apart`] — one of a [`ContextRule::Paragraph`] theme likewise, but read in its
//! paragraph where the run reads passages, and one of a [`ContextRule::Sentence`] theme when a
//! mark stands in its own sentence, whatever the unit. This stage only reads marks and matches,
//! and the text between a hit and a mark: for `linked` and `sentence` themes, a context word
//! that is only another item of the list the hit stands in does not license it ([`lists`]).

mod lists;

use std::ops::Range;

use super::Match;
use crate::analyze::is_long_line;
use crate::lexicon::ContextRule;

/// Where the context lexicon matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextMark {
    /// The matched bytes of the scanned text.
    pub bytes: Range<usize>,
    /// The sentence of the text the mark is in, counted from 0.
    pub sentence: u32,
    /// The paragraph of the text the mark is in, counted from 0.
    pub paragraph: u32,
    /// Index into [`crate::Matcher::context_entries`].
    pub entry: usize,
}

/// How far from a hit a context word may stand.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ContextUnit {
    /// In the hit's sentence.
    Sentence,
    /// In the hit's sentence or the one before or after it, within its paragraph.
    #[default]
    Passage,
    /// In the hit's paragraph (in a block of unwrapped lines, its line).
    Paragraph,
    /// Anywhere in the statement.
    Statement,
    /// Nowhere: every hit counts, as if every theme's rule were `anywhere`.
    None,
}

impl ContextUnit {
    /// Every unit, narrowest first.
    pub const ALL: [ContextUnit; 5] = [
        ContextUnit::Sentence,
        ContextUnit::Passage,
        ContextUnit::Paragraph,
        ContextUnit::Statement,
        ContextUnit::None,
    ];

    /// The name `--context` takes.
    pub fn name(self) -> &'static str {
        match self {
            ContextUnit::Sentence => "sentence",
            ContextUnit::Passage => "passage",
            ContextUnit::Paragraph => "paragraph",
            ContextUnit::Statement => "statement",
            ContextUnit::None => "none",
        }
    }
}

/// How one hit stands to counter-terrorism context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Counted anywhere: its theme needs no context, or the run asked for none.
    Anywhere,
    /// In context, licensed by this entry of the context lexicon.
    Word(usize),
    /// Not in context: counted in `hits_all` only.
    Outside,
}

impl Context {
    /// Whether the hit counts as counter-terrorism discourse.
    pub fn is_in(self) -> bool {
        self != Context::Outside
    }
}

/// The context of `found`, a hit of a theme with `rule` in `text`, given the text's `marks` in
/// text order. The licensing word is the nearest: one in the hit's own sentence first (but not
/// one that is only another item of the hit's list), then the sentence before, then the one
/// after, then (for a paragraph or a statement) the nearest of its paragraph, the one before
/// first, then (for a statement) the first in the text.
pub(super) fn context_of(
    unit: ContextUnit,
    rule: ContextRule,
    marks: &[ContextMark],
    found: &Match,
    text: &str,
) -> Context {
    if rule == ContextRule::Anywhere || unit == ContextUnit::None {
        return Context::Anywhere;
    }
    let unit = match (rule, unit) {
        (ContextRule::Sentence, _) => ContextUnit::Sentence,
        (ContextRule::Paragraph, ContextUnit::Passage) => ContextUnit::Paragraph,
        _ => unit,
    };
    // A mark of the hit's own sentence that is only another item of the hit's list licenses
    // no hit of a `linked` or `sentence` theme.
    let licenses = |m: &ContextMark| {
        !matches!(rule, ContextRule::Linked | ContextRule::Sentence)
            || m.sentence != found.sentence
            || !listed_together(text, &m.bytes, &found.bytes)
    };
    // A mark of another sentence is in the hit's paragraph when the analyzer put it there and
    // no line of an unwrapped block parts them.
    let same_paragraph = |m: &&ContextMark| {
        m.paragraph == found.paragraph
            && (m.sentence == found.sentence || !lines_apart(text, &m.bytes, &found.bytes))
    };
    let in_sentence = |sentence: u32| {
        let at = marks.partition_point(|m| m.sentence < sentence);
        marks[at..]
            .iter()
            .take_while(|m| m.sentence == sentence)
            .filter(same_paragraph)
            .find(|m| licenses(m))
            .map(|m| Context::Word(m.entry))
    };
    let own = in_sentence(found.sentence);
    let near = || {
        own.or_else(|| found.sentence.checked_sub(1).and_then(in_sentence))
            .or_else(|| in_sentence(found.sentence + 1))
    };
    // Marks are in sentence order and a paragraph is a run of sentences, so the paragraph's
    // marks are the run around the hit's sentence that shares its paragraph.
    let in_paragraph = || {
        let at = marks.partition_point(|m| m.sentence < found.sentence);
        let before = marks[..at]
            .iter()
            .rev()
            .take_while(|m| m.paragraph == found.paragraph)
            .find(same_paragraph);
        // The hit's own sentence was read first, list rule and all.
        let after = marks[at..]
            .iter()
            .skip_while(|m| m.sentence == found.sentence)
            .take_while(|m| m.paragraph == found.paragraph)
            .find(same_paragraph);
        let distance = |m: &ContextMark| m.sentence.abs_diff(found.sentence);
        match (before, after) {
            (Some(before), Some(after)) if distance(after) < distance(before) => Some(after),
            (before, after) => before.or(after),
        }
        .map(|m| Context::Word(m.entry))
    };
    let licence = match unit {
        ContextUnit::Sentence => own,
        ContextUnit::Passage => near(),
        ContextUnit::Paragraph => near().or_else(in_paragraph),
        ContextUnit::Statement => near().or_else(in_paragraph).or_else(|| {
            marks
                .iter()
                .find(|m| licenses(m))
                .map(|m| Context::Word(m.entry))
        }),
        ContextUnit::None => unreachable!("answered above"),
    };
    licence.unwrap_or(Context::Outside)
}

/// How far from a line break the lines of its block are read, to tell whether the block holds
/// a line that was never wrapped.
const BLOCK_BYTES: usize = 8 * 1024;

/// Whether a line break that ends a sentence stands between the matches at `a` and `b`, in a
/// block of lines (between blank lines) that holds a line of more than
/// [`LONG_LINE`](crate::analyze::LONG_LINE) characters, as the analyzer measures a line
/// ([`is_long_line`]). Such a block puts one paragraph on each line, and a hand coder reads each
/// line as a paragraph of its own, however short ("I end by urging everyone that this is a
/// critical time for Afghanistan." after a line on terrorists): a mark there is in another
/// paragraph, though the analyzer, which ends a paragraph only at a line break next to a long
/// line, may have joined the short lines into one. Lines are read no farther than
/// [`BLOCK_BYTES`] from the break.
fn lines_apart(text: &str, a: &Range<usize>, b: &Range<usize>) -> bool {
    let (from, to) = (a.end.min(b.end), a.start.max(b.start));
    // A line break where a sentence ends, not one that wraps a sentence.
    let ends_sentence = |at: &usize| {
        text[..*at]
            .trim_end()
            .trim_end_matches(['"', '\'', '”', '’', '»', ')'])
            .ends_with(['.', '!', '?', '…'])
    };
    let Some(at) = text.get(from..to).and_then(|gap| {
        gap.match_indices('\n')
            .map(|(i, _)| from + i)
            .find(ends_sentence)
    }) else {
        return false;
    };
    block_has_long_line(text, at)
}

/// Whether the block of lines around the line break at `at` (up to a blank line, and no
/// farther than [`BLOCK_BYTES`] on either side) holds a line of more than
/// [`LONG_LINE`](crate::analyze::LONG_LINE) characters ([`is_long_line`]). Lines are found a
/// line break at a time, and most are told by their first byte and their length.
fn block_has_long_line(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let start = text
        .ceil_char_boundary(at.saturating_sub(BLOCK_BYTES))
        .min(at);
    let end = text.floor_char_boundary(at + 1 + BLOCK_BYTES).max(at + 1);
    // Whether a line of the block ends the search: a blank one ends it, a long one answers it.
    let ends = |line: Range<usize>| -> Option<bool> {
        let line = &text[line];
        // A line that starts with a visible ASCII character is not blank.
        let visible = line.as_bytes().first().is_some_and(u8::is_ascii_graphic);
        if !visible && line.trim().is_empty() {
            Some(false)
        } else if is_long_line(line.as_bytes()) {
            Some(true)
        } else {
            None
        }
    };
    // The lines before the break, nearest first.
    let mut line_end = at;
    loop {
        let line_start =
            memchr::memrchr(b'\n', &bytes[start..line_end]).map_or(start, |i| start + i + 1);
        match ends(line_start..line_end) {
            Some(true) => return true,
            Some(false) => break,
            None if line_start == start => break,
            None => line_end = line_start - 1,
        }
    }
    // The lines after it.
    let mut line_start = at + 1;
    loop {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..end]).map_or(end, |i| line_start + i);
        match ends(line_start..line_end) {
            Some(found) => return found,
            None if line_end == end => return false,
            None => line_start = line_end + 1,
        }
    }
}

/// How much of the text after the later of two list items is read to see whether the list goes
/// on.
const AFTER_BYTES: usize = 80;
/// How much of the text before the earlier of two list items is read to see whether the list
/// started before it.
const BEFORE_BYTES: usize = 80;

/// Whether the matches at `a` and `b`, of one sentence of `text`, are two items of one
/// enumeration. Overlapping matches are not.
fn listed_together(text: &str, a: &Range<usize>, b: &Range<usize>) -> bool {
    let between = if a.end <= b.start {
        a.end..b.start
    } else if b.end <= a.start {
        b.end..a.start
    } else {
        return false;
    };
    let after = text.get(a.end.max(b.end)..).unwrap_or("");
    let after = &after[..after.floor_char_boundary(AFTER_BYTES)];
    // The sentence before the earlier item, as far back as the list may show itself.
    let earlier = a.start.min(b.start);
    let from = text
        .ceil_char_boundary(earlier.saturating_sub(BEFORE_BYTES))
        .min(earlier);
    let before = text.get(from..earlier).unwrap_or("");
    let before = before
        .rfind(lists::SENTENCE_ENDS)
        .map_or(before, |end| &before[end + 1..]);
    text.get(between)
        .is_some_and(|between| lists::coordinated(before, between, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(sentence: u32, paragraph: u32, entry: usize) -> ContextMark {
        ContextMark {
            bytes: 0..0,
            sentence,
            paragraph,
            entry,
        }
    }

    fn hit(sentence: u32, paragraph: u32) -> Match {
        Match {
            theme: 0,
            entry: 0,
            tokens: 0..1,
            bytes: 0..1,
            sentence,
            paragraph,
            context: Context::Anywhere,
        }
    }

    #[test]
    fn a_hit_is_in_context_when_a_mark_shares_its_unit() {
        use Context::*;
        use ContextUnit as U;
        // Sentences 0–1 are paragraph 0; 2–4 paragraph 1.
        let marks = [mark(1, 0, 7), mark(3, 1, 8), mark(4, 1, 9)];
        let cases = [
            // (hit sentence, paragraph, unit, expected)
            (1, 0, U::Sentence, Word(7)),
            (0, 0, U::Sentence, Outside),
            (0, 0, U::Passage, Word(7)),
            (2, 1, U::Passage, Word(8)),
            (3, 1, U::Passage, Word(8)),
            (2, 1, U::Sentence, Outside),
            (4, 1, U::Passage, Word(9)),
            (2, 1, U::Paragraph, Word(8)),
            (2, 1, U::Statement, Word(8)),
            (0, 0, U::None, Anywhere),
        ];
        for (sentence, paragraph, unit, expected) in cases {
            let found = hit(sentence, paragraph);
            let context = context_of(unit, ContextRule::Required, &marks, &found, "");
            assert_eq!(context, expected, "sentence {sentence}, {unit:?}");
        }
        // The sentence before a paragraph's first is in another paragraph: not a neighbour.
        let marks = [mark(1, 0, 7)];
        let found = hit(2, 1);
        assert_eq!(
            context_of(U::Passage, ContextRule::Required, &marks, &found, ""),
            Outside
        );
        assert_eq!(
            context_of(U::Statement, ContextRule::Required, &marks, &found, ""),
            Word(7)
        );
        assert_eq!(
            context_of(U::Sentence, ContextRule::Anywhere, &[], &found, ""),
            Anywhere
        );
    }

    /// A paragraph reaches past the passage to the nearest mark of the hit's paragraph, the one
    /// before on a tie, and no farther; a `paragraph` theme reads it where the run reads
    /// passages, and its run's own unit otherwise.
    #[test]
    fn a_paragraph_unit_or_rule_reads_the_whole_paragraph_of_the_hit() {
        use Context::*;
        use ContextRule as R;
        use ContextUnit as U;
        // Sentences 0–7 are paragraph 0; 8 paragraph 1.
        let marks = [mark(0, 0, 1), mark(6, 0, 2), mark(8, 1, 3)];
        let cases = [
            // (hit sentence, unit, rule, expected)
            (3, U::Passage, R::Required, Outside),
            (3, U::Paragraph, R::Required, Word(1)),
            (4, U::Paragraph, R::Required, Word(2)),
            (7, U::Paragraph, R::Required, Word(2)),
            (3, U::Passage, R::Paragraph, Word(1)),
            (3, U::Sentence, R::Paragraph, Outside),
            (3, U::Statement, R::Paragraph, Word(1)),
            (3, U::None, R::Paragraph, Anywhere),
            (3, U::Paragraph, R::Sentence, Outside),
        ];
        for (sentence, unit, rule, expected) in cases {
            let found = hit(sentence, 0);
            let context = context_of(unit, rule, &marks, &found, "");
            assert_eq!(context, expected, "sentence {sentence}, {unit:?}, {rule:?}");
        }
        // Paragraph 1 is not paragraph 0, however near.
        let found = hit(8, 1);
        let marks = [mark(0, 0, 1), mark(6, 0, 2)];
        assert_eq!(
            context_of(U::Paragraph, R::Paragraph, &marks, &found, ""),
            Outside
        );
        assert_eq!(
            context_of(U::Statement, R::Paragraph, &marks, &found, ""),
            Word(1)
        );
    }

    /// Texts scanned with a lexicon and a context lexicon, end to end: which hits come out, and
    /// in which sentence, in the passage unit.
    #[test]
    fn units_bound_entries_and_context() {
        use crate::lexicon::Lexicon;
        use crate::matcher::tests::lexicon;
        use crate::matcher::{Matcher, Scanner};

        let themes = lexicon(
            &[
                ("hr", "human rights"),
                ("hr", "права человека"),
                ("prevention", "услови*, способствующ*"),
                ("ftf", "fighter NEAR/5 return*"),
            ],
            &[],
        );
        let context = Lexicon::new(vec![{
            let mut theme = crate::lexicon::Theme::empty("counter_terrorism", "c.toml".into());
            theme.entries = lexicon(&[("c", "terror*")], &[]).themes()[0]
                .entries
                .clone();
            theme
        }])
        .unwrap()
        .themes()[0]
            .clone();
        let matcher = Matcher::new(&themes.with_context(Some(context))).unwrap();
        let mut scanner = Scanner::new(&matcher);
        let mut scan = |text: &str| {
            let mut found = Vec::new();
            scanner.scan(text, |m| found.push(m));
            found
                .iter()
                .map(|m| {
                    let context = scanner.context_of(ContextUnit::Passage, m, text);
                    (
                        text[m.bytes.clone()].to_string(),
                        m.sentence,
                        context.is_in(),
                    )
                })
                .collect::<Vec<_>>()
        };
        let s =
            |text: &str, sentence: u32, in_context: bool| (text.to_string(), sentence, in_context);
        assert_eq!(scan("It was human. Rights came later."), []);
        assert_eq!(scan("прав, человека"), []);
        assert_eq!(
            scan("условия, способствующие терроризму; условия способствующие"),
            [
                s("условия, способствующие", 0, false),
                s("условия способствующие", 0, false)
            ]
        );
        assert_eq!(scan("условия. Способствующие"), []);
        assert_eq!(scan("The fighter left. Many return home."), []);
        assert_eq!(
            scan("Fighters return home. Human rights matter."),
            [s("Fighters", 0, false), s("Human rights", 1, false)]
        );
        assert_eq!(
            scan("Terrorism grows.\n\nHuman rights matter. Mr. Smith agrees. Human rights!"),
            [s("Human rights", 1, false), s("Human rights", 3, false)]
        );
        assert_eq!(
            scan("Human rights matter. Counter-terrorism must respect them. Human rights again."),
            [s("Human rights", 0, true), s("Human rights", 2, true)]
        );
        assert_eq!(
            scan("Права человека. Это было давно. Терроризм."),
            [s("Права человека", 0, false)]
        );
    }

    /// A matcher whose theme `hr` ("human rights") has `rule`, `crime` ("organized crime") is
    /// `required`, and whose context lexicon is `terror*`.
    fn matcher_with_rule(rule: crate::lexicon::ContextRule) -> crate::matcher::Matcher {
        use crate::lexicon::{Lexicon, Theme};
        use crate::matcher::tests::lexicon;

        let mut themes = lexicon(&[("hr", "human rights"), ("crime", "organized crime")], &[])
            .themes()
            .to_vec();
        for theme in &mut themes {
            if theme.id == "hr" {
                theme.context = rule;
            }
        }
        let context = {
            let mut theme = Theme::empty("counter_terrorism", "c.toml".into());
            theme.entries = lexicon(&[("c", "terror*")], &[]).themes()[0]
                .entries
                .clone();
            theme
        };
        let themes = Lexicon::new(themes).unwrap().with_context(Some(context));
        crate::matcher::Matcher::new(&themes).unwrap()
    }

    /// Each hit of `text` with whether it is in context when read in `unit`.
    fn hits_in_context(
        matcher: &crate::matcher::Matcher,
        unit: ContextUnit,
        text: &str,
    ) -> Vec<(String, bool)> {
        let mut scanner = crate::matcher::Scanner::new(matcher);
        let mut found = Vec::new();
        scanner.scan(text, |m| found.push(m));
        found
            .iter()
            .map(|m| {
                let id = &matcher.themes()[m.theme].id;
                (id.clone(), scanner.context_of(unit, m, text).is_in())
            })
            .collect()
    }

    /// A `linked` theme's hit is not licensed by a context word that is only another item of
    /// its list; a `required` theme's is.
    #[test]
    fn a_linked_theme_is_not_licensed_by_another_item_of_its_list() {
        let matcher = matcher_with_rule(crate::lexicon::ContextRule::Linked);
        let in_context = |text: &str| hits_in_context(&matcher, ContextUnit::Passage, text);
        let hr = |yes: bool| vec![("hr".to_string(), yes)];
        assert_eq!(
            in_context("We face poverty, terrorism, climate change and human rights abuses."),
            hr(false)
        );
        assert_eq!(
            in_context("Terrorism; continuous human rights abuses; climate change."),
            hr(false)
        );
        assert_eq!(
            in_context("We face terrorism, poverty and organized crime."),
            vec![("crime".to_string(), true)]
        );
        assert_eq!(
            in_context("Countering terrorism and human rights go together."),
            hr(true)
        );
        assert_eq!(
            in_context("In the fight against terrorism, human rights must be respected."),
            hr(true)
        );
        // Another sentence of the passage still licenses it.
        assert_eq!(
            in_context("Poverty, terrorism and human rights abuses. Terrorists struck again."),
            hr(true)
        );
    }

    /// A `sentence` theme's hit needs its context word in its own sentence, whatever the unit,
    /// and not as another item of its list; with no context unit every hit counts.
    #[test]
    fn a_sentence_theme_is_licensed_only_in_its_own_sentence() {
        let matcher = matcher_with_rule(crate::lexicon::ContextRule::Sentence);
        let hr = |yes: bool| vec![("hr".to_string(), yes)];
        let next = "Human rights abuses continue. Terrorists struck again.";
        for unit in [
            ContextUnit::Sentence,
            ContextUnit::Passage,
            ContextUnit::Statement,
        ] {
            assert_eq!(hits_in_context(&matcher, unit, next), hr(false), "{unit:?}");
            let own = "In the fight against terrorism, human rights must be respected.";
            assert_eq!(hits_in_context(&matcher, unit, own), hr(true), "{unit:?}");
            let listed = "We face poverty, terrorism, climate change and human rights abuses.";
            assert_eq!(
                hits_in_context(&matcher, unit, listed),
                hr(false),
                "{unit:?}"
            );
        }
        assert_eq!(hits_in_context(&matcher, ContextUnit::None, next), hr(true));
        // The `required` theme beside it still reads the run's unit.
        assert_eq!(
            hits_in_context(
                &matcher,
                ContextUnit::Passage,
                "Organized crime grows. Terrorists profit."
            ),
            vec![("crime".to_string(), true)]
        );
    }

    /// In a block of lines where one line was never wrapped, each line is a paragraph as a
    /// coder reads it: a mark on the line before, across a sentence end at the line break,
    /// licenses no hit; a line break that wraps a sentence does not part them.
    #[test]
    fn a_mark_on_another_line_of_unwrapped_paragraphs_is_in_another_paragraph() {
        let matcher = matcher_with_rule(crate::lexicon::ContextRule::Required);
        let crime = |yes: bool| vec![("crime".to_string(), yes)];
        let long = "We spoke at length about the weather, the harvest and the markets. ".repeat(5);
        let in_context = |text: &str| hits_in_context(&matcher, ContextUnit::Passage, text);
        let apart = format!("{long}\nTerrorists struck again.\nOrganized crime grows.\n{long}");
        assert_eq!(in_context(&apart), crime(false));
        // Nor does a paragraph reach across such a line, two lines up or down.
        let paragraph = |text: &str| hits_in_context(&matcher, ContextUnit::Paragraph, text);
        let farther = format!("{long}\nTerrorists struck. Then rain.\nOrganized crime grows.\n");
        assert_eq!(paragraph(&farther), crime(false));
        let below = format!("Organized crime grows.\nIt rained. It poured.\nTerror came.\n{long}");
        assert_eq!(paragraph(&below), crime(false));
        let one =
            format!("{long}\nTerrorists struck. Then rain. It poured. Organized crime grows.");
        assert_eq!(paragraph(&one), crime(true));
        // Lines are measured in characters: a Cyrillic line of 168 characters (300 bytes) is
        // wrapped; one of 308 is not.
        let russian = |n: usize| "Мы долго говорили о погоде. ".repeat(n);
        let lines = |line: &str| format!("{line}\nTerrorists struck.\nOrganized crime grows.\n");
        assert_eq!(in_context(&lines(&russian(6))), crime(true));
        assert_eq!(in_context(&lines(&russian(11))), crime(false));
        // The same lines in a hard-wrapped text (no long line): one paragraph.
        assert_eq!(
            in_context("Short line.\nTerrorists struck again.\nOrganized crime grows.\n"),
            crime(true)
        );
        // A line break inside a sentence wraps it, long line or not.
        let wrapped = format!("{long}\nTerrorists struck again. Organized\ncrime grows.\n{long}");
        assert_eq!(in_context(&wrapped), crime(true));
        // One line: neighbours as ever.
        let one = format!("{long} Terrorists struck again. Organized crime grows.");
        assert_eq!(in_context(&one), crime(true));
    }

    #[test]
    fn procedural_sentences_are_marked() {
        use crate::lexicon::Lexicon;
        use crate::matcher::tests::lexicon;
        use crate::matcher::{Matcher, Scanner};

        let themes = lexicon(
            &[
                ("afghanistan", "Afghanistan"),
                ("afghanistan", "Афганистан*"),
            ],
            &[],
        )
        .with_procedural(Some(Lexicon::bundled_procedural().unwrap()));
        let matcher = Matcher::new(&themes).unwrap();
        let mut scanner = Scanner::new(&matcher);
        let text =
            "I invite the representatives of Afghanistan and Albania to participate in this \
                    meeting. Afghanistan needs help.\nIn favour:\nAfghanistan, Albania\nAbstaining:\nChina\n\n\
                    Предоставляю слово представителю Афганистана. Афганистан страдает.";
        let mut found = Vec::new();
        scanner.scan(text, |m| found.push(m));
        let procedural: Vec<(&str, bool)> = found
            .iter()
            .map(|m| (&text[m.bytes.clone()], scanner.is_procedural(m)))
            .collect();
        assert_eq!(
            procedural,
            [
                ("Afghanistan", true),
                ("Afghanistan", false),
                ("Afghanistan", true),
                ("Афганистана", true),
                ("Афганистан", false),
            ]
        );
    }
}

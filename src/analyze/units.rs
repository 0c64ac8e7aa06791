//! Sentence and paragraph boundaries, told between two consecutive words.
//!
//! The matcher asks, for each pair of neighbouring tokens, what stands between them: nothing but
//! space, a clause mark (`,` `;` `:` or a dash, which a multi-word entry never spans), the end of
//! a sentence (which neither a multi-word entry nor `NEAR` spans), or the end of a paragraph.
//!
//! Sentences are those of Unicode UAX #29, read with two corrections for UN records: a single
//! line break is a space (records are hard-wrapped mid-sentence; a blank line or U+2029 ends a
//! paragraph), and a full stop right after an abbreviation ("Mr.", "No.", "para.", "S/PV.",
//! "art.", "г.", "ст.", "т.е." or an initial such as "V.") ends no sentence. A line of more than
//! [`LONG_LINE`] characters was never wrapped: texts that put one paragraph on each line (the
//! General Debate corpus, most speeches taken from the web) end a paragraph at a single line
//! break next to such a line.
//!
//! The common gap (spaces, a comma, a full stop before a capital) is decided from its bytes; any
//! other goes to `unicode-segmentation`'s sentence boundaries over the gap and the letters
//! around it. [`reference_breaks`] runs UAX #29 over a whole text instead; property tests hold
//! the two to the same answers. Like the rest of the analyzer, this never fails on any string.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// What separates two consecutive words, from weakest to strongest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Break {
    /// Space, a hyphen, quotes or brackets: the words may belong to one multi-word entry.
    Space,
    /// A comma, semicolon, colon or dash: the words stay in one sentence but no multi-word entry
    /// spans them.
    Clause,
    /// The end of a sentence.
    Sentence,
    /// The end of a paragraph (a blank line, or U+2029), which also ends a sentence.
    Paragraph,
}

/// Words after whose full stop a sentence goes on, compared as written. Single capital letters
/// (initials) and words with a full stop inside (`U.S`, `e.g`, `т.е`) are abbreviations too.
const ABBREVIATIONS: &[&str] = &[
    // English.
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Dr", "Prof", "St", "Mt", "Jr", "Sr", "Gen", "Lt", "Col",
    "Capt", "Maj", "Sgt", "Rev", "Hon", "Amb", "No", "Nos", "no", "nos", "para", "paras", "Para",
    "Paras", "art", "arts", "Art", "Arts", "p", "pp", "vol", "Vol", "ch", "Ch", "sect", "Sect",
    "cf", "vs", "viz", "approx", "Fig", "fig", "Corr", "Rev", "Add", "Suppl", "PV", "SPV",
    // Russian.
    "г", "гг", "г-н", "г-жа", "ст", "п", "пп", "ч", "чч", "им", "см", "стр", "рис", "т", "тт",
    "тыс", "млн", "млрд", "трлн", "руб", "долл", "коп", "обл", "ок", "напр", "проф", "акад",
    "англ", "рус", "прим", "разд", "гл", "абз", "подп", "пред",
];

/// A line of more characters than this is a paragraph on its own line, not a wrapped one: a
/// line break before or after it ends a paragraph. Wrapped records and letters keep their
/// lines under about a hundred characters.
pub const LONG_LINE: usize = 250;

/// Tells the breaks between words. Keeps a scratch buffer for the gaps it cannot decide from
/// their bytes, so it allocates only while that buffer grows.
#[derive(Debug, Default)]
pub struct Breaks {
    scratch: String,
}

impl Breaks {
    /// A break finder with an empty scratch buffer.
    pub fn new() -> Breaks {
        Breaks::default()
    }

    /// What stands between the word at `before` and the next word, which starts at `next` (both
    /// byte offsets into `text`; `before.end <= next`).
    pub fn between(&mut self, text: &str, before: Range<usize>, next: usize) -> Break {
        let gap = &text.as_bytes()[before.end..next];
        if gap == b" " {
            return Break::Space;
        }
        let found = self.within_lines(text, before.clone(), next);
        if found < Break::Paragraph && ends_long_line(text, before.end..next) {
            Break::Paragraph
        } else {
            found
        }
    }

    /// The break between two words as if no line were long.
    fn within_lines(&mut self, text: &str, before: Range<usize>, next: usize) -> Break {
        let word = &text[before.clone()];
        match simple(&text[before.end..next], text[next..].chars().next()) {
            Some(Simple::Decided(found)) => found,
            Some(Simple::FullStop) if is_abbreviation(word) => Break::Space,
            Some(Simple::FullStop) => Break::Sentence,
            None => self.general(text, before, next),
        }
    }

    /// The general case: UAX #29 sentence boundaries over the word before, the gap and the text
    /// after it up to its first letter (as far as the rules look ahead).
    fn general(&mut self, text: &str, before: Range<usize>, next: usize) -> Break {
        let gap = &text[before.end..next];
        if has_blank_line(gap) {
            return Break::Paragraph;
        }
        let after = lookahead(&text[next..]);
        self.scratch.clear();
        self.scratch.push_str(&text[before.start..next]);
        self.scratch.push_str(after);
        join_lines(&mut self.scratch);
        let (from, to) = (before.len(), before.len() + gap.len());
        let mut sentence = false;
        let mut offset = 0;
        for piece in self.scratch.split_sentence_bounds() {
            offset += piece.len();
            if offset > from && offset <= to {
                sentence = true;
                break;
            }
        }
        classify(&text[before], gap, sentence)
    }
}

/// The break a gap makes after `word`, given whether UAX #29 ends a sentence in it: a blank
/// line ends a paragraph; a sentence end counts unless it is the full stop of an abbreviation;
/// otherwise a clause mark or a space. The general path and the reference both decide so.
fn classify(word: &str, gap: &str, uax29_sentence: bool) -> Break {
    if has_blank_line(gap) {
        Break::Paragraph
    } else if uax29_sentence && !(gap.starts_with('.') && is_abbreviation(word)) {
        Break::Sentence
    } else if gap.chars().any(is_clause_mark) {
        Break::Clause
    } else {
        Break::Space
    }
}

/// What the byte-level look at a gap found.
enum Simple {
    Decided(Break),
    /// A full stop, spaces and a capital: a sentence end unless the word before abbreviates.
    FullStop,
}

/// Decides a gap followed by a basic Latin or Cyrillic letter or an ASCII digit when it holds
/// no sentence terminator but at most a full stop right after the word, and nothing but spaces
/// and common punctuation; returns `None` for the general path. Without a terminator or a
/// paragraph separator UAX #29 ends no sentence (SB4, SB11), so such a gap is a clause mark or a
/// space; a full stop before spaces and a capital ends one (SB11), before a lowercase letter not
/// (SB8).
fn simple(gap: &str, next: Option<char>) -> Option<Simple> {
    let next = next.filter(|&c| c.is_ascii_alphanumeric() || is_basic_cyrillic(c))?;
    let mut clause = false;
    // Line breaks since the last character that is not a space.
    let mut newlines = 0;
    for (i, c) in gap.char_indices() {
        match c {
            '\n' => {
                newlines += 1;
                if newlines == 2 {
                    return Some(Simple::Decided(Break::Paragraph));
                }
            }
            ' ' | '\t' | '\r' => {}
            // Spaces, but not within a blank line.
            '\u{a0}' | '\u{202f}' => newlines = 0,
            ',' | ';' | ':' | '—' | '–' => {
                clause = true;
                newlines = 0;
            }
            '-' | '"' | '\'' | '(' | ')' | '«' | '»' | '“' | '”' | '„' | '‘' | '’' => {
                newlines = 0
            }
            '.' if i == 0 && spaces(&gap.as_bytes()[1..]) => {
                return if next.is_uppercase() {
                    Some(Simple::FullStop)
                } else if next.is_lowercase() {
                    Some(Simple::Decided(Break::Space))
                } else {
                    None
                };
            }
            _ => return None,
        }
    }
    Some(Simple::Decided(if clause {
        Break::Clause
    } else {
        Break::Space
    }))
}

/// The Cyrillic letters of Russian: А–я, Ё and ё.
fn is_basic_cyrillic(c: char) -> bool {
    matches!(c, 'А'..='я' | 'Ё' | 'ё')
}

/// Whether a gap is nothing but ASCII spaces with at most a single line break among them.
fn spaces(gap: &[u8]) -> bool {
    !gap.is_empty()
        && gap
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        && gap.iter().filter(|&&b| b == b'\n').count() <= 1
}

fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    let initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    // No abbreviation is longer than eight bytes: most words are ruled out by their length.
    initial || word.contains('.') || (word.len() <= 8 && ABBREVIATIONS.contains(&word))
}

fn is_clause_mark(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '—' | '–' | '‒' | '―' | '，' | '；' | '：'
    )
}

/// Spaces within a line.
fn is_line_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r')
}

/// Whether `gap` holds a paragraph end: a line with nothing but spaces on it, or U+2029.
fn has_blank_line(gap: &str) -> bool {
    let lines: Vec<&str> = gap.split('\n').collect();
    let interior = &lines[1..lines.len().max(2) - 1];
    interior.iter().any(|line| line.chars().all(is_line_space)) || gap.contains('\u{2029}')
}

/// Whether a line break in the bytes `gap` of `text` stands next to a line of more than
/// [`LONG_LINE`] characters, before or after it.
fn ends_long_line(text: &str, gap: Range<usize>) -> bool {
    let bytes = text.as_bytes();
    bytes[gap.clone()]
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .any(|(i, _)| {
            let at = gap.start + i;
            let before = text[..at].rsplit('\n').next().unwrap_or("");
            let after = text[at + 1..].split('\n').next().unwrap_or("");
            is_long(before) || is_long(after)
        })
}

/// Whether `line` has more than [`LONG_LINE`] characters, carriage returns left out; looks at
/// no more of it than it takes to tell.
fn is_long(line: &str) -> bool {
    line.chars().filter(|&c| c != '\r').nth(LONG_LINE).is_some()
}

/// The text from a word's start up to and including its first letter: as far as UAX #29's
/// sentence rules look ahead after a full stop (SB8). Bounded, so a long run of digits or
/// punctuation costs no more than this much.
fn lookahead(text: &str) -> &str {
    const LIMIT: usize = 256;
    let end = text
        .char_indices()
        .find(|&(i, c)| c.is_alphabetic() || i >= LIMIT)
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    &text[..end]
}

/// Reads a single line break (and every carriage return) as spaces, in place and with the same
/// length, so that UAX #29 ends no sentence at the end of a hard-wrapped line; the line breaks
/// of a blank line stay, and end a paragraph.
fn join_lines(text: &mut String) {
    if !text.contains(['\n', '\r', '\u{85}', '\u{2028}']) {
        return;
    }
    let blank = |i: usize| {
        text[..i].trim_end_matches(is_line_space).ends_with('\n')
            || text[i + 1..]
                .trim_start_matches(is_line_space)
                .starts_with('\n')
    };
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '\n' if blank(i) => out.push('\n'),
            '\n' | '\r' | '\u{85}' | '\u{2028}' => {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()))
            }
            _ => out.push(c),
        }
    }
    *text = out;
}

/// The breaks between consecutive words of `text` (as many as words less one), found by running
/// UAX #29's sentence boundaries over the whole text: what [`Breaks::between`] is held to.
pub fn reference_breaks(text: &str, words: &[Range<usize>]) -> Vec<Break> {
    let mut joined = text.to_string();
    join_lines(&mut joined);
    let mut bounds: Vec<usize> = Vec::new();
    let mut offset = 0;
    for piece in joined.split_sentence_bounds() {
        offset += piece.len();
        bounds.push(offset);
    }
    // Line breaks next to a long line, found line by line over the whole text.
    let mut long_breaks = Vec::new();
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .scan(0, |start, line| {
            let at = *start;
            *start += line.len() + 1;
            Some((at, line))
        })
        .collect();
    for pair in lines.windows(2) {
        let ((_, line), (next_start, next_line)) = (pair[0], pair[1]);
        let long = |l: &str| l.chars().filter(|&c| c != '\r').count() > LONG_LINE;
        if long(line) || long(next_line) {
            long_breaks.push(next_start - 1);
        }
    }
    words
        .windows(2)
        .map(|pair| {
            let (before, next) = (&pair[0], pair[1].start);
            let ends = bounds.iter().any(|&b| b > before.end && b <= next);
            let found = classify(&text[before.clone()], &text[before.end..next], ends);
            let long = long_breaks.iter().any(|&b| b >= before.end && b < next);
            if long {
                found.max(Break::Paragraph)
            } else {
                found
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::words;
    use proptest::prelude::*;

    fn word_ranges(text: &str) -> Vec<Range<usize>> {
        words(text).map(|(i, w)| i..i + w.len()).collect()
    }

    fn fast_breaks(text: &str) -> Vec<Break> {
        let mut breaks = Breaks::new();
        word_ranges(text)
            .windows(2)
            .map(|pair| breaks.between(text, pair[0].clone(), pair[1].start))
            .collect()
    }

    /// Each example: the text, then the break after each of its words but the last.
    const EXAMPLES: &[(&str, &[Break])] = {
        use Break::*;
        &[
            ("human rights", &[Space]),
            ("human. Rights", &[Sentence]),
            ("human, rights", &[Clause]),
            ("прав, человека", &[Clause]),
            ("прав. Человека", &[Sentence]),
            ("Mr. Smith spoke.", &[Space, Space]),
            ("S/PV. 8699 is out", &[Space, Space, Space, Space]),
            (
                "resolution 2178 (2014). The Council",
                &[Space, Space, Sentence, Space],
            ),
            ("para. 5 of it", &[Space, Space, Space]),
            ("It ended. the end", &[Space, Space, Space]),
            ("It ended! Then", &[Space, Sentence]),
            ("Is it? Yes", &[Space, Sentence]),
            ("a line\nwrapped here", &[Space, Space, Space]),
            ("a paragraph\n\nand another", &[Space, Paragraph, Space]),
            ("a paragraph\n  \r\nand another", &[Space, Paragraph, Space]),
            ("the U.S. Government", &[Space, Space]),
            ("В. В. Путин", &[Space, Space]),
            ("в 2015 г. Совет", &[Space, Space, Space]),
            ("т.е. Совет", &[Space]),
            ("ст. 5 Устава", &[Space, Space]),
            ("Он сказал. Совет", &[Space, Sentence]),
            ("Он сказал: «Совет", &[Space, Clause]),
            ("terrorism — and extremism", &[Clause, Space]),
            ("so-called \"Islamic State\"", &[Space, Space, Space]),
            ("fighters.\nThe Council", &[Sentence, Space]),
            ("fighters.” The Council", &[Sentence, Space]),
        ]
    };

    #[test]
    fn examples() {
        for (text, expected) in EXAMPLES {
            assert_eq!(&fast_breaks(text), expected, "fast: {text:?}");
            let reference = reference_breaks(text, &word_ranges(text));
            assert_eq!(&reference, expected, "reference: {text:?}");
        }
    }

    #[test]
    fn a_line_break_next_to_a_long_line_ends_a_paragraph() {
        use Break::*;
        let long = format!("Terrorism {} threat.", "grows ".repeat(40));
        let cases = [
            // One paragraph per line: the line break ends it.
            (format!("{long}\nHuman rights"), Paragraph),
            // A short line before a long one, as a greeting before the speech.
            (format!("Thank you\n{long}"), Paragraph),
            (format!("{long}\r\nHuman rights"), Paragraph),
            // Wrapped lines: a space.
            ("Terrorism grows\nHuman rights".to_string(), Space),
        ];
        for (text, expected) in cases {
            let fast = fast_breaks(&text);
            let words = word_ranges(&text);
            let line_break = words
                .windows(2)
                .position(|pair| text[pair[0].end..pair[1].start].contains('\n'))
                .unwrap();
            assert_eq!(fast[line_break], expected, "{text:?}");
            assert_eq!(
                fast,
                reference_breaks(&text, &word_ranges(&text)),
                "{text:?}"
            );
        }
    }

    /// Text with lines long and short, for the line-length rule.
    fn lines() -> impl Strategy<Value = String> {
        let line = prop::sample::select(vec![
            "a short line".to_string(),
            "Long. ".repeat(60),
            format!("{} end", "слово ".repeat(50)),
            String::new(),
            " \r".to_string(),
        ]);
        prop::collection::vec(line, 0..6).prop_map(|lines| lines.join("\n"))
    }

    fn prose() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "\u{202f}",
            "„",
            "‘",
            "–",
            "ёлка",
            "Ёлка",
            "1.5",
            "word",
            "Word",
            "слово",
            "Слово",
            "Mr",
            "г",
            "U.S",
            "2015",
            " ",
            " ",
            "  ",
            ". ",
            ".",
            ", ",
            "; ",
            ": ",
            "! ",
            "? ",
            "\n",
            "\n\n",
            "\r\n",
            " \n \n",
            "(",
            ")",
            "\"",
            "«",
            "»",
            "—",
            "-",
            "…",
            "\u{2029}",
            "\u{a0}",
            "\u{300}",
            "“",
            "”",
            "'",
            "’",
            ".)",
            "?\"",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn fast_breaks_agree_with_uax29(text in prose()) {
            let reference = reference_breaks(&text, &word_ranges(&text));
            prop_assert_eq!(fast_breaks(&text), reference);
        }

        #[test]
        fn long_lines_break_alike(text in lines()) {
            let reference = reference_breaks(&text, &word_ranges(&text));
            prop_assert_eq!(fast_breaks(&text), reference);
        }

        #[test]
        fn any_string_has_breaks(text in "\\PC*") {
            let words = word_ranges(&text);
            let breaks = fast_breaks(&text);
            prop_assert_eq!(breaks.len(), words.len().saturating_sub(1));
        }
    }
}

//! Whole verbatim meeting records (S/PV.NNNN), converted from PDF, in English or Russian, split
//! into speaker turns in order.
//!
//! Page furniture (running heads with the symbol and date, page numbers, job numbers such as
//! `19-29133 (E)`, the disclaimer paragraph) and procedural lines that are nobody's speech (the
//! meeting opening, suspension and closing, the agenda block, the lists of names of a vote) are
//! removed; hard-wrapped lines are joined and words hyphenated across a line break rejoined.
//! Text before the first speaker header is the cover page and is not a turn. A turn starts only
//! at a whole speaker header at the start of a line: nothing here guesses who spoke.

mod reader;

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use super::speaker::{self, Header, Position};

pub use reader::read;
pub(crate) use reader::Records;

/// One speaker turn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Turn {
    /// 1-based position in the record.
    pub turn: usize,
    /// Who spoke, as the turn's header says.
    pub header: Header,
    /// What was said, header and furniture removed, lines joined.
    pub text: String,
}

/// A meeting record split into turns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// The meeting's symbol (`S/PV.8500`), when the record names it.
    pub meeting: String,
    /// The speaker turns, in order.
    pub turns: Vec<Turn>,
    /// The record's text without furniture, when it has no speaker turn at all.
    pub unsplit: Option<String>,
}

struct Patterns {
    symbol: Regex,
    meeting_number: Regex,
    footer: Regex,
    opening: Regex,
    date: Regex,
    disclaimer: Regex,
    procedural: Regex,
    agenda: Regex,
    vote_list: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let regex = |pattern: &str| Regex::new(pattern).expect("record patterns are valid");
        Patterns {
            symbol: regex(r"S/PV\.\s?(\d+)(?:\s*\((?:Resumption|Возобновление|возобновление)\s*(\d+)\))?"),
            meeting_number: regex(r"(?i)\b(\d{3,5})(?:st|nd|rd|th|[-‑]?е|[-‑]?м)\s+(?:meeting|заседани)"),
            // Page numbers (`12`, `- 3 -`, `2/25`), job numbers (`19-29133 (E)`) and bar codes
            // (`*1929133*`), alone or together on a line.
            footer: regex(r"^\s*(?:(?:\d{1,4}\s*/\s*\d{1,4}|\d{2}-\d{5}[A-Z]?(?:\s*\([A-Z]\))?|\*\d{5,}\*|[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4})\s*)+$"),
            opening: regex(r"^\s*(?:The meeting was called to order|Заседание открывается)\b"),
            date: regex(r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b|\b\d{1,2}\s+\p{L}+\s+\d{4}\b"),
            disclaimer: regex(r"^\s*(?:This record contains the text of speeches|В настоящем отчете содержатся тексты выступлений)"),
            procedural: regex(r"^\s*(?:The meeting (?:was called to order|rose|was suspended|was resumed|resumed|was adjourned|ended)\b|Заседание (?:открывается|закрывается|прерывается|возобновляется|объявляется)\b|The agenda was adopted\.?\s*$|Повестка дня утверждается\.?\s*$|Adoption of the agenda\s*$|Утверждение повестки дня\s*$|A vote was taken by show of hands\.?\s*$|Проводится голосование поднятием рук\.?\s*$)"),
            agenda: regex(r"^\s*(?:Agenda|Повестка дня)\s*$"),
            vote_list: regex(r"^\s*(?:In favour|Against|Abstaining|Голосовали за|Голосовали против|Воздержались)\s*:\s*$"),
        }
    })
}

/// The meeting a file's name gives, for records named like Security Council speech files.
pub(crate) fn meeting_from_file_name(name: &str) -> Option<String> {
    super::unsc::SpeechName::parse(name).map(|parsed| parsed.meeting)
}

/// Whether `text` shows the marks of a verbatim meeting record: a meeting symbol (`S/PV.8500`)
/// or the line opening the meeting. Speaker headers alone do not make a record: notes of a
/// debate have them too.
pub(crate) fn has_meeting_marks(text: &str) -> bool {
    let patterns = patterns();
    patterns.symbol.is_match(text) || text.lines().any(|l| patterns.opening.is_match(l))
}

/// The meeting's symbol, from the first symbol or meeting number in the record.
fn meeting(text: &str) -> String {
    let patterns = patterns();
    let head: String = text.lines().take(200).collect::<Vec<_>>().join("\n");
    if let Some(captures) = patterns.symbol.captures(&head) {
        let number = captures.get(1).map_or("", |m| m.as_str());
        return match captures.get(2) {
            Some(resumption) => format!("S/PV.{number} (Resumption {})", resumption.as_str()),
            None => format!("S/PV.{number}"),
        };
    }
    patterns
        .meeting_number
        .captures(&head)
        .and_then(|c| c.get(1))
        .map_or_else(String::new, |n| format!("S/PV.{}", n.as_str()))
}

/// What a line of the record is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Blank,
    /// Furniture and procedure: dropped.
    Dropped,
    /// The line opening the meeting (dropped): speaker turns come after it.
    Opening,
}

/// Classifies every line, marking furniture and procedure as dropped.
fn classify(lines: &[&str]) -> Vec<Kind> {
    let patterns = patterns();
    let mut kinds = vec![Kind::Text; lines.len()];
    let mut i = 0;
    while let Some(line) = lines.get(i).copied() {
        let kind = kinds.get_mut(i);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(kind) = kind {
                *kind = Kind::Blank;
            }
            i += 1;
            continue;
        }
        let furniture = patterns.footer.is_match(line) || is_running_head(line);
        if furniture {
            if let Some(kind) = kind {
                *kind = Kind::Dropped;
            }
            i += 1;
            continue;
        }
        let block_end = if patterns.disclaimer.is_match(line) {
            // The paragraph ends at the documents address or at a blank line.
            let end = (i..lines.len().min(i + 12))
                .find(|&j| {
                    lines.get(j).is_some_and(|l| {
                        l.contains("documents.un.org") || (j > i && l.trim().is_empty())
                    })
                })
                .unwrap_or(i);
            Some(end + 1)
        } else if patterns.procedural.is_match(line) {
            // A wrapped procedural line goes on until its full stop.
            let end = (i..lines.len().min(i + 3))
                .find(|&j| lines.get(j).is_some_and(|l| ends_sentence(l)))
                .unwrap_or(i);
            Some(end + 1)
        } else if patterns.agenda.is_match(line) {
            // The agenda block runs until the next procedural line or speaker header.
            let end = (i + 1..lines.len())
                .find(|&j| {
                    lines.get(j).is_some_and(|l| {
                        patterns.procedural.is_match(l)
                            || speaker::parse(l, Position::LineStart).is_some()
                    })
                })
                .unwrap_or(lines.len());
            Some(end)
        } else if patterns.vote_list.is_match(line) {
            // The names of those voting, up to the first line that is not a list of names (a
            // blank line, the next vote heading, the next turn), which is kept.
            let end = (i + 1..lines.len())
                .find(|&j| lines.get(j).is_none_or(|l| !is_name_list(l)))
                .unwrap_or(lines.len());
            Some(end)
        } else {
            None
        };
        match block_end {
            Some(end) => {
                for kind in kinds.iter_mut().take(end).skip(i) {
                    *kind = Kind::Dropped;
                }
                if patterns.opening.is_match(line) {
                    if let Some(kind) = kinds.get_mut(i) {
                        *kind = Kind::Opening;
                    }
                }
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    kinds
}

/// Words a delegation's name wrapped onto a new line may start with (`the Grenadines`).
const NAME_LINKS: [&str; 4] = ["the", "of", "and", "и"];

/// Whether `line` is a line of a vote's list of delegations: names separated by commas, each of
/// a few words starting with a capital (or, at the line start, the rest of a wrapped name), and
/// nothing that ends a sentence or a speaker header.
fn is_name_list(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.is_empty()
        || trimmed.contains(['.', ':', ';', '?', '!', '"', '“', '”', '«', '»'])
        || speaker::parse(trimmed, Position::LineStart).is_some()
    {
        return false;
    }
    trimmed
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .enumerate()
        .all(|(i, name)| {
            let words: Vec<&str> = name.split_whitespace().collect();
            let capital = name.chars().next().is_some_and(char::is_uppercase);
            let link = i == 0 && words.first().is_some_and(|w| NAME_LINKS.contains(w));
            words.len() <= 8 && (capital || link)
        })
}

/// A running head: the meeting symbol with a date, or the symbol alone on its line.
fn is_running_head(line: &str) -> bool {
    let patterns = patterns();
    let Some(symbol) = patterns.symbol.find(line) else {
        return false;
    };
    let rest = format!(
        "{}{}",
        line.get(..symbol.start()).unwrap_or(""),
        line.get(symbol.end()..).unwrap_or("")
    );
    line.chars().count() < 200 && (rest.trim().is_empty() || patterns.date.is_match(&rest))
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '”', '»', ')', '…'])
}

/// Splits a whole record into speaker turns.
pub fn split(text: &str) -> Record {
    let text = text.replace('\u{c}', "\n");
    let lines: Vec<&str> = text.lines().collect();
    let kinds = classify(&lines);
    // Before the meeting opens (the cover page: `Председатель: г-жа …`), nobody speaks.
    let mut opened = !kinds.contains(&Kind::Opening);
    let mut kept: Vec<(&str, bool)> = Vec::with_capacity(lines.len());
    for (line, kind) in lines.iter().zip(&kinds) {
        match kind {
            Kind::Text => kept.push((line, opened)),
            Kind::Blank => kept.push(("", opened)),
            Kind::Dropped => {}
            Kind::Opening => opened = true,
        }
    }
    // Line starts in the kept text, to find headers that wrap onto a second line.
    let mut buffer = String::with_capacity(text.len());
    let mut starts = Vec::with_capacity(kept.len());
    for (line, _) in &kept {
        starts.push(buffer.len());
        buffer.push_str(line.trim_end());
        buffer.push('\n');
    }
    let mut headers: Vec<(usize, Header)> = Vec::new();
    let mut resume = 0;
    // A record without an opening line may be a single speech, whose first line is its header
    // and may carry OCR noise in the name.
    let first_line = (!kinds.contains(&Kind::Opening))
        .then(|| kept.iter().position(|(line, _)| !line.trim().is_empty()))
        .flatten();
    for (i, (&start, &(line, opened))) in starts.iter().zip(&kept).enumerate() {
        if start < resume || !opened || line.trim().is_empty() {
            continue;
        }
        let position = if Some(i) == first_line {
            Position::FileStart
        } else {
            Position::LineStart
        };
        if let Some(header) = buffer
            .get(start..)
            .and_then(|rest| speaker::parse(rest, position))
        {
            resume = start + header.end;
            headers.push((start, header));
        }
    }
    let words = WordSet::new(&buffer);
    let mut record = Record {
        meeting: meeting(&text),
        ..Record::default()
    };
    if headers.is_empty() {
        let unsplit = join_lines(&buffer, &words);
        record.unsplit = (!unsplit.is_empty()).then_some(unsplit);
        return record;
    }
    for (i, (start, header)) in headers.iter().enumerate() {
        let end = headers.get(i + 1).map_or(buffer.len(), |(next, _)| *next);
        let body = buffer.get(start + header.end..end).unwrap_or("");
        record.turns.push(Turn {
            turn: i + 1,
            header: header.clone(),
            text: join_lines(body, &words),
        });
    }
    record
}

/// The words of a record, lowercased, to decide whether a hyphen at a line end is part of the
/// word (`counter-terrorism`, `боевики-террористы`) or only breaks it (`coun-tries`).
struct WordSet {
    words: HashSet<String>,
}

impl WordSet {
    fn new(text: &str) -> WordSet {
        let mut words = HashSet::new();
        for line in text.lines() {
            let mut tokens = line.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''));
            // The last token of a line may be cut by a hyphen: it is not evidence.
            let last = tokens.next_back();
            for token in tokens.chain(last.filter(|t| !t.ends_with('-'))) {
                let token = token.trim_matches('-');
                if token.is_empty() {
                    continue;
                }
                words.insert(token.to_lowercase());
                for part in token.split('-').filter(|p| !p.is_empty()) {
                    words.insert(part.to_lowercase());
                }
            }
        }
        WordSet { words }
    }

    /// Whether `left-` at a line end and `right` at the next line's start are one hyphenated
    /// word (keep the hyphen) rather than one word broken in two (drop it).
    fn keeps_hyphen(&self, left: &str, right: &str) -> bool {
        let (left, right) = (left.to_lowercase(), right.to_lowercase());
        if self.words.contains(&format!("{left}-{right}")) {
            return true;
        }
        if self.words.contains(&format!("{left}{right}")) {
            return false;
        }
        self.words.contains(&left) && self.words.contains(&right)
    }
}

/// Joins hard-wrapped lines into paragraphs (rejoining hyphenated words) and paragraphs into
/// text, separated by a blank line unless a page break cut a sentence.
fn join_lines(body: &str, words: &WordSet) -> String {
    let mut text = String::with_capacity(body.len());
    let mut blank_before = false;
    for line in body.lines().map(str::trim) {
        if line.is_empty() {
            blank_before = !text.is_empty();
            continue;
        }
        if text.is_empty() {
            text.push_str(line);
            blank_before = false;
            continue;
        }
        let starts_lower = line.chars().next().is_some_and(char::is_lowercase);
        if blank_before && (ends_sentence(&text) || !starts_lower) {
            text.push_str("\n\n");
            text.push_str(line);
        } else if let Some(stem) = hyphenated_end(&text).filter(|_| starts_lower) {
            let right: String = line.chars().take_while(|c| c.is_alphanumeric()).collect();
            if words.keeps_hyphen(stem, &right) {
                text.push_str(line);
            } else {
                text.truncate(text.len() - text_hyphen_len(&text));
                text.push_str(line);
            }
        } else {
            text.push(' ');
            text.push_str(line);
        }
        blank_before = false;
    }
    text
}

/// The word before a hyphen that ends `text`, when `text` ends with letters and a hyphen.
fn hyphenated_end(text: &str) -> Option<&str> {
    let without = text.strip_suffix(['-', '\u{ad}', '\u{2010}'])?;
    let start = without
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    without.get(start..)
}

/// Bytes of the hyphen that ends `text`.
fn text_hyphen_len(text: &str) -> usize {
    text.chars().next_back().map_or(0, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines() {
        for line in [
            "12",
            " - 3 -",
            "19-29133 (E)",
            "19-29133",
            "*1929133*",
            "19-29133 (R)    *1929133*",
            "S/PV.8500",
            "S/PV.8500      Threats to international peace and security      12/04/2019",
            "12.04.2019    Угрозы международному миру и безопасности    S/PV.8500",
            "S/PV.8699",
            "S/PV. 8699",
            "20-006763/65",
            "24-12345 3/29",
            "3/29    24-12345",
        ] {
            let kinds = classify(&[line]);
            assert_eq!(kinds, vec![Kind::Dropped], "{line}");
        }
        for line in [
            "Resolution 2396 (2017) was adopted in S/PV.8144, as we all recall.",
            "2019 was a hard year for us all.",
        ] {
            assert_eq!(classify(&[line]), vec![Kind::Text], "{line}");
        }
    }

    #[test]
    fn a_vote_leaves_out_only_its_lists_of_names() {
        let cases: [(&str, &[&str]); 4] = [
            (
                "In favour:\nAlbania, Brazil,\nChina\nAgainst:\nNone\nThe President: Adopted.",
                &["The President: Adopted."],
            ),
            (
                "Abstaining:\nSaint Vincent and\nthe Grenadines\n\nWe go on.",
                &["", "We go on."],
            ),
            (
                "In favour:\nMexico\nThe draft resolution has received 13 votes.",
                &["The draft resolution has received 13 votes."],
            ),
            (
                "Голосовали за:\nАлбания, Бразилия\nПредседатель: Принято.",
                &["Председатель: Принято."],
            ),
        ];
        for (text, kept) in cases {
            let lines: Vec<&str> = text.lines().collect();
            let left: Vec<&str> = lines
                .iter()
                .zip(classify(&lines))
                .filter(|(_, kind)| matches!(kind, Kind::Text | Kind::Blank))
                .map(|(line, _)| *line)
                .collect();
            assert_eq!(left, kept, "{text}");
        }
    }

    #[test]
    fn hyphens_at_line_ends() {
        let words =
            WordSet::new("counter-terrorism matters to countries\nwe fight боевики and террористы");
        let cases = [
            (
                "the coun-\ntries of the region",
                "the countries of the region",
            ),
            ("our counter-\nterrorism work", "our counter-terrorism work"),
            (
                "иностранные боевики-\nтеррористы",
                "иностранные боевики-террористы",
            ),
            (
                "Page one ends\n\nand the sentence goes on",
                "Page one ends and the sentence goes on",
            ),
            (
                "A paragraph.\n\nAnother one.",
                "A paragraph.\n\nAnother one.",
            ),
        ];
        for (body, joined) in cases {
            assert_eq!(join_lines(body, &words), joined, "{body}");
        }
    }

    #[test]
    fn a_record_without_headers_is_kept_whole() {
        let record = split("S/PV.1234\n\nSome text that nobody introduced.\n");
        assert!(record.turns.is_empty());
        assert_eq!(record.meeting, "S/PV.1234");
        assert_eq!(
            record.unsplit.as_deref(),
            Some("Some text that nobody introduced.")
        );
    }

    proptest::proptest! {
        /// Records made of header, furniture, procedural and text lines in any order split
        /// without panicking, turns numbered in order, each with a speaker.
        #[test]
        fn any_mix_of_record_lines_splits(lines in proptest::collection::vec(
            proptest::sample::select(vec![
                "The President (spoke in French): We begin.",
                "Mr. Karpov (Russian Federation):",
                "Председатель (говорит по-английски): Начнем.",
                "Г-н Карпов (Российская",
                "Федерация): Текст.",
                "S/PV.9950      Threats      03/03/2026",
                "2/3   26-04512",
                "The meeting was called to order at",
                "10.05 a.m.",
                "Agenda",
                "In favour:",
                "con-",
                "cern for all-",
                "",
                "Plain text of a speech.",
                "\u{c}",
                "\u{feff}Г",
            ]),
            0..40,
        ), noise in ".{0,40}") {
            let mut text = lines.join("\n");
            text.push_str(&noise);
            let record = split(&text);
            for (i, turn) in record.turns.iter().enumerate() {
                proptest::prop_assert_eq!(turn.turn, i + 1);
                proptest::prop_assert!(!turn.header.speaker.is_empty());
            }
        }

        #[test]
        fn any_text_splits(text in "\\PC{0,400}") {
            let _ = split(&text);
        }
    }
}

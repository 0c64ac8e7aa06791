//! Speaker headers of UN verbatim records, in English and Russian: `Mr. Churkin (Russian
//! Federation) (spoke in Russian):`, `The President:`, `Председатель (говорит по-английски):`,
//! `Г-н Небензя (Российская Федерация):`.
//!
//! A header is recognised only in full (a title or honorific, a short name, optional
//! parenthesised delegation and language notes, a colon); anything else is not a header, and
//! its text keeps empty speaker fields: this module never guesses who spoke.

use std::sync::OnceLock;

use regex::Regex;

use super::delegation;

/// A parsed speaker header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// The speaker as written, whitespace collapsed: `Mr. Churkin`, `The President`, `Г-н Небензя`.
    pub speaker: String,
    /// The delegation: the table's English short name when known, else as written.
    pub delegation: String,
    /// The delegation's ISO 3166 alpha-3 code, when the table knows the delegation.
    pub delegation_iso3: String,
    /// The office named instead of a person, in English: `President`, `Secretary-General`.
    pub role: String,
    /// The language the speech was delivered in, in English: the `spoke in` note, else the
    /// record's own language (records note the language only of interpreted speeches).
    pub spoke_in: String,
    /// Byte offset just past the colon and the spaces after it.
    pub end: usize,
}

/// How sure the caller is that a header may start here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// The start of a speech file, which begins with its header when it has one: OCR noise in
    /// the name (`Mr. Liu J ieyi`) is accepted.
    FileStart,
    /// The start of a line inside a record: every word of the name must look like a name.
    LineStart,
}

/// Longest header, in bytes, that is looked for.
const MAX_HEADER: usize = 600;

/// Most characters a speaker's name has after its first.
const MAX_NAME_REST: usize = 80;

/// Most characters inside one parenthesised note of a header.
const MAX_NOTE: usize = 160;

/// The words a header's first word may start with: the pattern's offices, titles and "The".
/// A superset (each a prefix: `Mr` stands for `Mrs` too), so that nothing the pattern would take
/// is turned away.
const OPENERS: [&str; 44] = [
    "The",
    "THE",
    "Mr",
    "Ms",
    "Miss",
    "Mme",
    "Dr",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Baron",
    "Crown",
    "Prince",
    "Sheikh",
    "Archbishop",
    "Cardinal",
    "Monsignor",
    "Msgr",
    "Judge",
    "King",
    "Queen",
    "Emir",
    "Rev",
    "Исполняющ",
    "Председател",
    "Заместител",
    "Генеральн",
    "Г",
    "Д",
    "Сэр",
    "Леди",
    "Лорд",
    "Баронесса",
    "Наследный",
    "Принц",
    "Шейх",
    "Архиепископ",
    "Кардинал",
    "Монсеньор",
    "Судья",
    "Король",
    "Королева",
    "Эмир",
];

/// Whether `window` starts with a word a header may start with: most speeches do not, and for
/// them the pattern is never compiled or run.
fn may_open_header(window: &str) -> bool {
    let start = window.trim_start();
    OPENERS.iter().any(|opener| start.starts_with(opener))
}

/// The header pattern. A name's and a note's length are bounded in [`within_bounds`], not in
/// the pattern: a Unicode class repeated up to 80 or 160 times compiles into hundreds of copies
/// of its automaton, which cost the first header of every run about ten milliseconds.
fn header_regex() -> &'static Regex {
    static REGEX: OnceLock<Regex> = OnceLock::new();
    REGEX.get_or_init(|| {
        let hyphen = "[-\u{2010}\u{2011}\u{2013}]";
        let english_office = r"(?:Acting\s+|Deputy\s+|Interim\s+|Temporary\s+)?(?:President|Vice-President|Secretary-General|Chair|Chairman|Chairperson|Chairwoman)";
        let russian_office = r"(?:Исполняющ\w+\s+обязанности\s+)?(?:Председател[ья]|Заместител[ья]\s+Председателя|Генеральн\w+\s+секретар[ья]|Заместител[ья]\s+Генерального\s+секретаря)";
        let english_title = r"(?:Mr|Mrs|Ms|Miss|Mme|Dr|Sir|Dame|Lord|Lady|Baroness|Baron|Crown\s+Prince|Prince|Princess|Sheikh|Sheikha|Archbishop|Cardinal|Monsignor|Msgr|Judge|King|Queen|Emir|Reverend|Rev)\.?";
        let russian_title = format!(
            r"(?:Г{hyphen}?н|Г{hyphen}?жа|Д{hyphen}?р|Сэр|Дама|Леди|Лорд|Баронесса|Наследный\s+принц|Принц|Принцесса|Шейх|Шейха|Архиепископ|Кардинал|Монсеньор|Судья|Король|Королева|Эмир)\.?"
        );
        Regex::new(&format!(
            r"^\s*(?:(?P<the>The|THE)\s+(?P<en_office>{english_office})|(?P<ru_office>{russian_office})|(?P<en_title>{english_title})\s+(?P<en_name>[^\s():;,][^():;]*?)|(?P<ru_title>{russian_title})\s+(?P<ru_name>[^\s():;,][^():;]*?))\s*(?P<notes>(?:\([^()]+\)\s*){{0,3}}):[ \t]*"
        ))
        .expect("the header pattern is valid")
    })
}

fn spoke_in_regex() -> &'static Regex {
    static REGEX: OnceLock<Regex> = OnceLock::new();
    REGEX.get_or_init(|| {
        Regex::new(r"(?i)^(?:spoke\s+in|speaking\s+in|interpretation\s+from(?:\s+the)?)\s+(?P<en>[A-Za-z]+)|^говори\w*\s+по[-\u{2010}\u{2011}]?(?P<ru>\w+)")
            .expect("the language note pattern is valid")
    })
}

/// Words that may stand in lowercase inside a name (`Pecsteen de Buytswerve`).
const PARTICLES: [&str; 18] = [
    "de", "da", "del", "della", "der", "den", "di", "do", "dos", "du", "van", "von", "bin", "ibn",
    "al", "el", "la", "y",
];

/// Russian names of the languages of UN meetings and of others heard there, by their adverb.
const RUSSIAN_LANGUAGES: [(&str, &str); 16] = [
    ("английски", "English"),
    ("французски", "French"),
    ("испански", "Spanish"),
    ("арабски", "Arabic"),
    ("китайски", "Chinese"),
    ("русски", "Russian"),
    ("японски", "Japanese"),
    ("немецки", "German"),
    ("итальянски", "Italian"),
    ("португальски", "Portuguese"),
    ("турецки", "Turkish"),
    ("персидски", "Persian"),
    ("корейски", "Korean"),
    ("украински", "Ukrainian"),
    ("казахски", "Kazakh"),
    ("узбекски", "Uzbek"),
];

/// Parses the speaker header at the start of `text`, if there is one.
pub fn parse(text: &str, position: Position) -> Option<Header> {
    let window = prefix(text, MAX_HEADER);
    // Every header ends in a colon: text without one is turned away before the pattern (and
    // its compilation, on first use) costs anything.
    if !window.contains(':') || !may_open_header(window) {
        return None;
    }
    let captures = header_regex().captures(window)?;
    if !within_bounds(&captures) {
        return None;
    }
    let end = captures.get(0)?.end();
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut header = Header {
        end,
        ..Header::default()
    };
    let russian_record;
    if let Some(office) = captures.name("en_office") {
        let the = captures.name("the").map_or("The", |m| m.as_str());
        header.speaker = format!("{the} {}", collapse(office.as_str()));
        header.role = collapse(office.as_str());
        russian_record = false;
    } else if let Some(office) = captures.name("ru_office") {
        header.speaker = collapse(office.as_str());
        header.role = russian_office_in_english(&header.speaker).to_string();
        russian_record = true;
    } else {
        let (title, name, russian) = match (captures.name("en_title"), captures.name("ru_title")) {
            (Some(title), _) => (title, captures.name("en_name")?, false),
            (None, Some(title)) => (title, captures.name("ru_name")?, true),
            (None, None) => return None,
        };
        let name = collapse(name.as_str());
        if !plausible_name(&name, position) {
            return None;
        }
        header.speaker = format!("{} {name}", collapse(title.as_str()));
        russian_record = russian;
    }
    let notes = captures.name("notes").map_or("", |m| m.as_str());
    for note in notes
        .split(['(', ')'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        match language_note(note) {
            Some(language) => header.spoke_in = language,
            None if header.delegation.is_empty() => {
                let written = collapse(note);
                match delegation::find(&written) {
                    Some(found) => {
                        header.delegation = found.name.to_string();
                        header.delegation_iso3 = found.iso3.to_string();
                    }
                    None => header.delegation = written,
                }
            }
            None => return None,
        }
    }
    if header.spoke_in.is_empty() {
        header.spoke_in = if russian_record { "Russian" } else { "English" }.to_string();
    }
    Some(header)
}

/// Whether the name and the notes of a header the pattern found are short enough to be a
/// header. The pattern takes the shortest name that reaches the notes or the colon, and a name
/// or note cannot hold the brackets and colon that end it, so a longer one is never a header.
fn within_bounds(captures: &regex::Captures) -> bool {
    let name = captures
        .name("en_name")
        .or_else(|| captures.name("ru_name"));
    let name_fits = name.is_none_or(|name| name.as_str().chars().count() <= MAX_NAME_REST + 1);
    let notes = captures.name("notes").map_or("", |m| m.as_str());
    name_fits
        && notes
            .split(')')
            .filter_map(|note| note.split_once('(').map(|(_, inside)| inside))
            .all(|inside| inside.chars().count() <= MAX_NOTE)
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    &text[..text.floor_char_boundary(max)]
}

/// Whether `name` (after the honorific) can be a person's name rather than the start of a
/// sentence that happens to contain a colon.
fn plausible_name(name: &str, position: Position) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    let looks_like_name = |word: &str| {
        word.chars().next().is_some_and(char::is_uppercase)
            || PARTICLES.contains(&word.to_lowercase().as_str())
            || word.starts_with("al-")
            || word.starts_with("el-")
    };
    match position {
        Position::FileStart => words.iter().filter(|w| !looks_like_name(w)).count() <= 1,
        Position::LineStart => words.iter().all(|w| looks_like_name(w)) && !name.ends_with('.'),
    }
}

/// The language of a `spoke in` note, in English, or `None` when the note is something else.
fn language_note(note: &str) -> Option<String> {
    if !may_be_language_note(note) {
        return None;
    }
    let captures = spoke_in_regex().captures(note)?;
    if let Some(english) = captures.name("en") {
        let mut chars = english.as_str().chars();
        let first = chars.next()?;
        return Some(
            first
                .to_uppercase()
                .chain(chars.flat_map(char::to_lowercase))
                .collect(),
        );
    }
    let adverb = captures.name("ru")?.as_str().to_lowercase();
    Some(
        RUSSIAN_LANGUAGES
            .iter()
            .find(|(stem, _)| adverb.starts_with(stem))
            .map_or(adverb.clone(), |(_, english)| english.to_string()),
    )
}

/// Whether `note` may be a language note: most notes name a delegation, and for them the
/// pattern (whose case-insensitive Unicode classes take milliseconds to compile) is never
/// compiled or run. A superset of what the pattern takes: a note whose first 14 bytes are ASCII
/// can only be one if it opens with an English opening in some case (the pattern's other
/// spellings of these letters, `ſ` or the Kelvin sign, are not ASCII); any other note goes to
/// the pattern.
fn may_be_language_note(note: &str) -> bool {
    const OPENINGS: [&[u8]; 3] = [b"spoke", b"speaking", b"interpretation"];
    let bytes = note.as_bytes();
    !bytes[..bytes.len().min(14)].is_ascii()
        || OPENINGS.iter().any(|opening| {
            bytes
                .get(..opening.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(opening))
        })
}

fn russian_office_in_english(office: &str) -> &'static str {
    let lower = office.to_lowercase();
    match () {
        _ if lower.contains("генеральн") && lower.starts_with("заместител") => {
            "Deputy Secretary-General"
        }
        _ if lower.contains("генеральн") => "Secretary-General",
        _ if lower.starts_with("заместител") => "Vice-President",
        _ if lower.starts_with("исполняющ") => "Acting President",
        _ => "President",
    }
}

#[cfg(test)]
mod tests;

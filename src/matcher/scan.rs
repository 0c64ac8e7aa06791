//! Windows and pieces: how a long text is cut so that a scan's working set stays bounded
//! however long one statement is, while its matches stay those of the whole text at once.
//!
//! Text is analyzed in pieces cut where no word boundary depends on what comes before, and
//! matched in windows that overlap by the farthest any rule looks. This stage only cuts and
//! hands over: it never decides what matches, and must never give a window less context than a
//! rule or an exclusion may need.

use std::ops::Range;

use super::rules::Candidate;
use super::{Match, Matcher, Scan, Scanner, Units};
use crate::analyze::{Analyzer, Break, Breaks, Token};
use crate::lang::LetterCounts;

/// Text is analyzed in pieces of about this many bytes, so the tokens, candidates and marks a
/// scan keeps stay bounded however long one statement is (see [`Scanner::scan`]).
pub(super) const PIECE_BYTES: usize = 256 << 10;

/// A scan's progress through a long text, piece by piece.
#[derive(Default)]
struct Progress {
    /// Global index of the first token still held in `Scanner::tokens`.
    base: usize,
    /// Bytes of the text analyzed so far (a cut between pieces).
    analyzed: usize,
    /// Whether the whole text has been analyzed.
    done: bool,
    letters: LetterCounts,
    /// The last token analyzed, and the units it stands in.
    last: Option<(Range<usize>, Units)>,
    breaks: Breaks,
}

impl Matcher {
    /// Tokens of context a window needs on each side for its matches to be those of the whole
    /// text: the farthest a rule looks, plus the words of an exclusion that may cover its match.
    fn margin(&self) -> usize {
        self.longest_anchor + self.reach + 1
    }
}

impl Scanner<'_> {
    /// [`Scanner::scan`], handing every token to `on_tokens` once, as it is found, together
    /// with the analyzer that knows its word.
    ///
    /// A long text is analyzed in pieces cut after ASCII whitespace and before an ASCII
    /// character other than a second space (where no word boundary depends on what comes
    /// before), and matched in windows that overlap by the farthest any rule looks (its words,
    /// its `NEAR` context, an exclusion covering it), so the matches are those of the whole text
    /// at once. Regular expressions run over the normalized text a stretch at a time, ahead of
    /// the windows that take their matches.
    pub fn scan_with(
        &mut self,
        text: &str,
        mut on_match: impl FnMut(Match),
        mut on_tokens: impl FnMut(&Analyzer, &[Token]),
    ) -> Scan {
        if self.analyzer.is_full() {
            self.forget_words();
        }
        self.start_regex_search();
        self.last_end.clear();
        self.last_end.resize(self.matcher.themes.len() + 2, 0);
        self.tokens.clear();
        self.units.clear();
        self.context_marks.clear();
        self.procedural_sentences.clear();
        let margin = self.matcher.margin();
        let mut progress = Progress::default();
        // Windows: `own` tokens are matched; the tokens before and after are context only.
        let mut own_start = 0;
        loop {
            while !progress.done && progress.base + self.tokens.len() <= own_start + margin {
                self.analyze_piece(text, &mut progress, &mut on_tokens);
            }
            let total = progress.base + self.tokens.len();
            let (own_end, own_end_byte) = if progress.done {
                (total, usize::MAX)
            } else {
                let end = total - margin;
                (end, self.tokens[end - 1 - progress.base].end)
            };
            // The regex hits whose first token is one of this window's own.
            self.find_regex_matches(text, own_end_byte);
            let regex_to = self
                .regex_hits
                .partition_point(|c| c.bytes.start < own_end_byte);
            let reach = self.regex_hits[..regex_to]
                .iter()
                .map(|c| c.bytes.end)
                .max()
                .unwrap_or(0);
            while !progress.done && progress.analyzed < reach {
                self.analyze_piece(text, &mut progress, &mut on_tokens);
            }
            let mut context_end = own_end;
            for hit in &mut self.regex_hits[..regex_to] {
                hit.tokens = token_range(&self.tokens, progress.base, &hit.bytes);
                context_end = context_end.max(hit.tokens.end);
            }
            while !progress.done && progress.base + self.tokens.len() < context_end + margin {
                self.analyze_piece(text, &mut progress, &mut on_tokens);
            }
            let base = progress.base;
            // Exclusions may start up to an entry's length past the window's own tokens and
            // still cover a match that starts in it.
            let starts_end =
                (context_end + self.matcher.longest_anchor).min(base + self.tokens.len());
            self.find_token_matches(
                own_start
                    .saturating_sub(self.matcher.longest_anchor)
                    .max(base)
                    - base..starts_end - base,
                own_start - base..own_end - base,
            );
            for hit in self.regex_hits.drain(..regex_to) {
                self.candidates.push(Candidate {
                    tokens: hit.tokens.start - base..hit.tokens.end - base,
                    ..hit
                });
            }
            // The regex exclusions that may cover a token held.
            let held_end = self.tokens.last().map_or(0, |token| token.end);
            self.find_regex_matches(text, held_end);
            self.select(base, &mut on_match);
            if progress.done && own_end == progress.base + self.tokens.len() {
                break;
            }
            own_start = own_end;
            // Keep only the tokens a later window still looks back to.
            let keep = own_start.saturating_sub(margin).max(base);
            self.tokens.drain(..keep - base);
            self.units.drain(..keep - base);
            progress.base = keep;
            if let Some(first) = self.tokens.first() {
                self.regex_exclusions
                    .retain(|exclusion| exclusion.bytes.end > first.start);
            }
            if self.analyzer.is_full() || self.forget_between_windows {
                self.forget_words();
                self.analyzer.relabel(text, &mut self.tokens);
                self.classify_tokens();
            }
        }
        Scan {
            tokens: progress.base + self.tokens.len(),
            letters: progress.letters,
        }
    }

    /// Analyzes the next piece of `text`, appending its tokens.
    fn analyze_piece(
        &mut self,
        text: &str,
        progress: &mut Progress,
        on_tokens: &mut impl FnMut(&Analyzer, &[Token]),
    ) {
        let start = progress.analyzed;
        let end = next_cut(text, start, self.piece_bytes);
        let before = self.tokens.len();
        let letters = self.analyzer.analyze_at(
            text.get(start..end).unwrap_or(""),
            start,
            &mut self.tokens,
            Some(self.matcher),
        );
        progress.letters.latin += letters.latin;
        progress.letters.cyrillic += letters.cyrillic;
        progress.analyzed = end;
        progress.done = end >= text.len();
        self.classify_new_words();
        // A token stands in the units of the token before it unless a clause mark or more
        // stands between them: most gaps are a single space, and the units change at few
        // tokens, so they are written run by run.
        debug_assert_eq!(self.units.len(), before);
        let tokens = &self.tokens[before..];
        let bytes = text.as_bytes();
        let (mut previous, mut units, mut at) = match (&progress.last, tokens.first()) {
            (Some((last, units)), _) => (last.clone(), *units, 0),
            (None, Some(first)) => (first.start..first.end, Units::default(), 1),
            (None, None) => (0..0, Units::default(), 0),
        };
        while at < tokens.len() {
            let mut end = previous.end;
            while let Some(token) = tokens.get(at) {
                if token.start != end + 1 || bytes[end] != b' ' {
                    break;
                }
                end = token.end;
                at += 1;
            }
            let Some(token) = tokens.get(at) else {
                break;
            };
            if let Some(last) = at.checked_sub(1) {
                previous = tokens[last].start..tokens[last].end;
            }
            let found = progress.breaks.between(text, previous, token.start);
            if found != Break::Space {
                self.units.resize(before + at, units);
                units.clause += 1;
                units.sentence += u32::from(found >= Break::Sentence);
                units.paragraph += u32::from(found == Break::Paragraph);
            }
            previous = token.start..token.end;
            at += 1;
        }
        self.units.resize(before + tokens.len(), units);
        if let Some(last) = tokens.last() {
            progress.last = Some((last.start..last.end, units));
        }
        on_tokens(&self.analyzer, tokens);
    }
}

/// The tokens (indices into `tokens`, plus `base`) that overlap `bytes`; for bytes between
/// tokens, the empty range at the next token.
pub(super) fn token_range(tokens: &[Token], base: usize, bytes: &Range<usize>) -> Range<usize> {
    let first = tokens.partition_point(|t| t.end <= bytes.start);
    let last = tokens.partition_point(|t| t.start < bytes.end);
    base + first..base + last.max(first)
}

/// The end of the piece of `text` that starts at `start`: the first cut at least `piece` bytes
/// on, or the end of the text. A cut falls after ASCII whitespace and before an ASCII
/// character, where no word boundary rule looks across it — but not between two spaces, which
/// UAX #29 keeps in one segment (WB3d) that a combining mark after them makes a word.
fn next_cut(text: &str, start: usize, piece: usize) -> usize {
    let bytes = text.as_bytes();
    let from = start.saturating_add(piece.max(1));
    if from >= bytes.len() {
        return bytes.len();
    }
    bytes
        .get(from..)
        .and_then(|rest| {
            rest.iter()
                .zip(rest.iter().skip(1))
                .position(|(&before, &after)| {
                    before.is_ascii_whitespace()
                        && after.is_ascii()
                        && !(before == b' ' && after == b' ')
                })
        })
        .map_or(bytes.len(), |at| from + at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::matcher::tests::{bundled_matcher, lexicon};

    /// A match as `(theme, entry, tokens, bytes)`.
    type Found = (usize, usize, Range<usize>, Range<usize>);

    /// Every match, the token count and the letters of `text`, scanned in pieces of `piece`
    /// bytes, with the number of tokens handed over piece by piece.
    fn scan_in_pieces(matcher: &Matcher, text: &str, piece: usize) -> (Vec<Found>, Scan, usize) {
        let mut scanner = Scanner::new(matcher);
        scanner.piece_bytes = piece;
        scanner.stretch_bytes = piece;
        // Words forgotten between windows must be found again for the tokens kept.
        scanner.forget_between_windows = piece % 2 == 1;
        let mut matches = Vec::new();
        let mut handed = 0;
        let scan = scanner.scan_with(
            text,
            |m| matches.push((m.theme, m.entry, m.tokens, m.bytes)),
            |_, tokens| handed += tokens.len(),
        );
        matches.sort_by_key(|m| (m.0, m.2.start, m.3.start));
        (matches, scan, handed)
    }

    /// Words that start, continue, surround and block matches of [`window_lexicon`] and of the
    /// bundled lexicons, with characters whose folding changes their length, line breaks and
    /// runs of spaces.
    const WINDOW_WORDS: &[&str] = &[
        "foreign",
        "terrorist",
        "fighters",
        "fighter",
        "cell",
        "cells",
        "stem",
        "sleeper",
        "x",
        "the",
        "of",
        "resolution",
        "2396",
        "(2017)",
        "ISIL",
        "FTFs",
        "internal",
        "law",
        "international",
        "боевики-террористы",
        "ячейка",
        "террористов",
        "таблицы",
        "ОДКБ",
        "резолюции",
        "2178",
        "Ёлка",
        "counter\u{AD}terrorism",
        "Council’s",
        "İstanbul",
        ",",
        ".",
        "\n",
        "  ",
        "\t",
        "сеть",
        "resolution 2396 (2017)",
        "resolution\n2396",
        "cell x terrorist",
        "foreign terrorist fighters",
        "ячейка таблицы",
        "stem cell",
        "internal law",
        "Ёлка, x",
        "резолюции 2178",
        "x x x",
        "sleeper cell",
    ];

    fn window_lexicon() -> Lexicon {
        lexicon(
            &[
                ("a", "foreign terrorist fighter"),
                ("a", "terrorist fighter"),
                ("a", "fighter"),
                ("b", "cell NEAR/3 terrorist"),
                ("b", "ячейк* NEAR/4 террорист*"),
                ("b", "sleeper cell"),
                ("c", r"/resolution\s+2396(\s*\(2017\))?/"),
                ("c", r"/резолюци\w*\s+2178/"),
                ("c", "/ёлка[ ,.]+x/"),
                ("d", "terror*"),
                ("d", "боевик*"),
                ("d", "ISIL"),
                ("e", "ISIL NEAR/20 ОДКБ"),
                ("e", "sleeper cell NEAR/9 foreign terrorist"),
            ],
            &["stem cell", "ячейк* таблиц*", "/internal law/", "x x x"],
        )
    }

    /// An exclusion that starts one token after a window's last own token still covers a
    /// phrase that starts on that token, as it does in the whole text.
    #[test]
    fn an_exclusion_past_the_window_end_covers_a_phrase_starting_before_it() {
        let matcher = Matcher::new(&lexicon(&[("t", "x y z")], &["y z"])).unwrap();
        for filler in 0..40 {
            let text = format!("{}x y z {}", "w ".repeat(filler), "w ".repeat(40));
            let whole = scan_in_pieces(&matcher, &text, usize::MAX);
            assert!(whole.0.is_empty(), "{text}");
            for piece in [1, 2, 3, 5, 8] {
                assert_eq!(
                    scan_in_pieces(&matcher, &text, piece),
                    whole,
                    "{filler} {piece}"
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Scanning a text in windows of any size finds exactly the matches, tokens and letters
        /// of scanning it whole, for phrases, `NEAR`, prefixes, acronyms, regular expressions
        /// and exclusions of both kinds.
        #[test]
        fn windows_of_any_size_match_like_the_whole_text(
            words in proptest::collection::vec(proptest::sample::select(WINDOW_WORDS), 0..400),
            piece in 1usize..300,
        ) {
            let text = words.join(" ");
            for matcher in [window_matcher(), bundled_matcher()] {
                let whole = scan_in_pieces(matcher, &text, usize::MAX);
                let windowed = scan_in_pieces(matcher, &text, piece);
                proptest::prop_assert_eq!(&whole, &windowed, "pieces of {} bytes", piece);
                proptest::prop_assert_eq!(whole.1.tokens, whole.2);
            }
        }
    }

    /// Characters around which word boundaries depend on context: spaces of several kinds, line
    /// ends, combining marks, joiners, apostrophes, periods, digits, regional indicators.
    const TRICKY_CHARS: &[char] = &[
        ' ',
        ' ',
        '\n',
        '\r',
        '\t',
        '\u{0B}',
        '\u{A0}',
        '\u{3000}',
        '\u{205F}',
        '\u{B47}',
        'a',
        'Z',
        'б',
        'Ё',
        '1',
        '.',
        ',',
        ':',
        '\'',
        '’',
        '_',
        '-',
        '\u{301}',
        '\u{200D}',
        '\u{AD}',
        '\u{1F600}',
        '\u{1F1FA}',
        '\u{1F1F8}',
        'א',
        '\u{5F4}',
        'ア',
        '中',
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Pieces are cut where the words found do not change: the tokens handed over piece by
        /// piece are those of the whole text, for any text.
        #[test]
        fn pieces_find_the_words_of_the_whole_text(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    3 => proptest::sample::select(TRICKY_CHARS),
                    1 => proptest::char::any(),
                ],
                0..300,
            ),
            piece in 1usize..40,
        ) {
            let text: String = chars.into_iter().collect();
            let tokens = |piece: usize| {
                let mut scanner = Scanner::new(bundled_matcher());
                scanner.piece_bytes = piece;
        scanner.stretch_bytes = piece;
                let mut found = Vec::new();
                let scan = scanner.scan_with(&text, |_| {}, |_, tokens| {
                    found.extend(tokens.iter().map(|t| t.start..t.end));
                });
                (found, scan)
            };
            proptest::prop_assert_eq!(tokens(piece), tokens(usize::MAX));
        }
    }

    fn window_matcher() -> &'static Matcher {
        static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
        MATCHER.get_or_init(|| Matcher::new(&window_lexicon()).unwrap())
    }

    #[test]
    fn a_long_text_is_matched_in_windows_like_the_whole() {
        let sentence =
            "Foreign terrorist fighters and a sleeper cell of terrorists met; resolution \
                        2396 (2017) on ISIL. Ячейка террористов и ОДКБ, stem cells, internal law. ";
        let text = sentence.repeat(400);
        let whole = scan_in_pieces(window_matcher(), &text, usize::MAX);
        assert!(whole.0.len() > 2000, "{} matches", whole.0.len());
        for piece in [1, 7, 100, 4096] {
            let windowed = scan_in_pieces(window_matcher(), &text, piece);
            assert_eq!(windowed.1, whole.1, "{piece}");
            let first = windowed.0.iter().zip(&whole.0).position(|(a, b)| a != b);
            assert_eq!(
                first.map(|i| (&windowed.0[i], &whole.0[i])),
                None,
                "pieces of {piece}: first difference (windowed, whole)"
            );
            assert_eq!(windowed.0.len(), whole.0.len(), "{piece}");
        }
    }

    #[test]
    fn a_regex_match_across_characters_folding_drops_is_found_in_stretches_of_any_size() {
        // Soft hyphens fold to nothing: the match is 15 bytes of folded text and 10 KB of text.
        // A combining mark after an invisible character folds into the letter before both.
        let text = format!(
            "x resolution{} 2396 (2017) x Ёлка, x и\u{306} x и\u{34F}\u{306}\u{200B}\u{301} x              resolution 2396",
            "\u{AD}".repeat(5000)
        );
        let whole = scan_in_pieces(window_matcher(), &text, usize::MAX);
        let resolutions: Vec<_> = whole.0.iter().filter(|m| m.0 == 2).collect();
        assert_eq!(resolutions.len(), 2, "{:?}", whole.0);
        assert_eq!(
            resolutions[0].3,
            2..10_024,
            "the first across the soft hyphens"
        );
        for piece in [7, 100, 4096, 9000] {
            assert_eq!(
                scan_in_pieces(window_matcher(), &text, piece),
                whole,
                "{piece}"
            );
        }
    }

    #[test]
    fn pieces_are_cut_after_ascii_whitespace_before_ascii() {
        assert_eq!(next_cut("ab cd ef", 0, 1), 3);
        assert_eq!(next_cut("ab cd ef", 3, 1), 6);
        assert_eq!(next_cut("ab cd ef", 6, 1), 8);
        assert_eq!(
            next_cut("ab \u{301}d ef", 0, 1),
            7,
            "not before a combining mark"
        );
        assert_eq!(
            next_cut("ab  \u{B47}d ef", 0, 1),
            9,
            "not between two spaces"
        );
        assert_eq!(next_cut("ab \t d", 0, 1), 3, "after a space, before a tab");
        assert_eq!(next_cut("abcdef", 0, 2), 6, "no whitespace: one piece");
        assert_eq!(next_cut("ab", 0, usize::MAX), 2);
    }
}

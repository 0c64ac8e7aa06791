//! The word fold and the text fold, by example and held to each other by property.

use super::*;

#[test]
fn normalizes_words() {
    struct Case {
        word: &'static str,
        normalized: &'static str,
        script: Option<Script>,
    }
    let cases = [
        Case {
            word: "Terrorism",
            normalized: "terrorism",
            script: Some(Script::Latin),
        },
        Case {
            word: "Council’s",
            normalized: "council's",
            script: Some(Script::Latin),
        },
        Case {
            word: "ОБЪЕДИНЁННЫХ",
            normalized: "объединенных",
            script: Some(Script::Cyrillic),
        },
        Case {
            word: "Ёлка",
            normalized: "елка",
            script: Some(Script::Cyrillic),
        },
        Case {
            word: "terror\u{AD}ism",
            normalized: "terrorism",
            script: Some(Script::Latin),
        },
        // Latin `e`, `o` and `p` typed inside a Russian word.
        Case {
            word: "тeррoрист",
            normalized: "террорист",
            script: Some(Script::Cyrillic),
        },
        // Cyrillic `е` typed inside an English word.
        Case {
            word: "tеrrorist",
            normalized: "terrorist",
            script: Some(Script::Latin),
        },
        // No look-alike for `ж`: a genuinely mixed word stays as it is.
        Case {
            word: "жabc",
            normalized: "жabc",
            script: Some(Script::Latin),
        },
        Case {
            word: "2396",
            normalized: "2396",
            script: None,
        },
    ];
    let mut out = String::new();
    for case in cases {
        let shape = normalize_word(case.word, &mut out);
        assert_eq!(out, case.normalized, "{}", case.word);
        assert_eq!(shape.script, case.script, "{}", case.word);
    }
}

#[test]
fn hidden_characters_and_compatibility_forms_fold_away() {
    let cases = [
        // Default-ignorable characters inside a word.
        ("terror\u{AD}ism", "terrorism"),
        ("terror\u{200C}ism", "terrorism"),
        ("terror\u{200D}ism", "terrorism"),
        ("terror\u{2060}ism", "terrorism"),
        ("terror\u{200E}ism\u{200F}", "terrorism"),
        ("\u{202B}terrorism\u{202C}", "terrorism"),
        ("\u{2067}terrorism\u{2069}", "terrorism"),
        ("terror\u{FEFF}ism", "terrorism"),
        ("terror\u{34F}ism", "terrorism"),
        ("терро\u{AD}ризм", "терроризм"),
        // Ligatures and fullwidth forms, as NFKC spells them.
        ("conﬂict", "conflict"),
        ("ﬁghters", "fighters"),
        ("eﬀective", "effective"),
        ("traﬃcking", "trafficking"),
        ("baﬄe", "baffle"),
        ("ﬆate", "state"),
        ("ﬅate", "state"),
        ("ＩＳＩＬ", "isil"),
        ("ｔｅｒｒｏｒｉｓｍ", "terrorism"),
        ("２３９６", "2396"),
        // Stress marks, and `ё` and `й` written as a letter and a combining mark.
        ("терро\u{301}ризм", "терроризм"),
        ("ТЕРРО\u{301}РИЗМ", "терроризм"),
        ("терро\u{300}ризм", "терроризм"),
        ("объедине\u{308}нных", "объединенных"),
        ("Е\u{308}лка", "елка"),
        ("бои\u{306}цы", "бойцы"),
        ("БОИ\u{306}ЦЫ", "бойцы"),
        ("бойцы", "бойцы"),
        // A diaeresis or breve on anything else stays.
        ("nai\u{308}ve", "nai\u{308}ve"),
        // Latin look-alikes in a Cyrillic acronym or word, whatever the majority.
        ("OДКБ", "одкб"),
        ("MBД", "мвд"),
        ("ДAИШ", "даиш"),
        ("TEPPOPИЗM", "терроризм"),
        // All Latin never changes; `b` looks like no Cyrillic small letter.
        ("CTO", "cto"),
        ("жabc", "жabc"),
    ];
    let mut out = String::new();
    for (word, normalized) in cases {
        normalize_word(word, &mut out);
        assert_eq!(out, normalized, "{word:?}");
    }
}

#[test]
fn plain_surfaces_keep_case() {
    let cases = [
        ("OДКБ", Some("ОДКБ")),
        ("ДAИШ", Some("ДАИШ")),
        ("ИГИЛ\u{200F}", Some("ИГИЛ")),
        ("ＩＳＩＬ", Some("ISIL")),
        ("FТF", Some("FTF")),
        ("ОДКБ", None),
        ("ISIL", None),
        ("CTO", None),
        ("FTF's", None),
        ("Е\u{308}ЛКА", Some("ЁЛКА")),
    ];
    let mut out = String::new();
    for (word, plain) in cases {
        let changed = plain_surface(word, &mut out);
        assert_eq!(changed.then_some(out.as_str()), plain, "{word:?}");
    }
}

/// Characters whose folding changes their length, or folds them away, and characters that
/// fold to themselves, for [`folding_a_text_is_folding_each_character`].
const FOLD_CHARS: &[char] = &[
    '\u{AD}', '\u{200B}', '\u{200D}', '\u{FEFF}', '’', '\u{2032}', 'İ', 'ẞ', 'Ⱥ', 'Σ', 'ß', 'Ё',
    'ё', 'Ѐ', 'Џ', 'ѐ', 'џ', 'Ѡ', 'Ω', 'A', 'z', ' ', '\n', '1', '\u{34F}', '\u{200E}', '\u{202E}',
    '\u{2066}', '\u{2060}', 'ﬁ', 'ﬃ', 'ﬆ', 'Ｆ', 'ｚ', '０', '\u{300}', '\u{301}', '\u{306}',
    '\u{308}', 'и', 'И', 'е', 'Е', 'e',
];

proptest::proptest! {
    /// Folding a whole text gives the bytes of folding each of its characters with
    /// `fold_char` and absorbing its combining marks (`fold_text`), and maps where each character's fold starts back to where the character
    /// starts (a character folded away maps to the one after it).
    #[test]
    fn folding_a_text_is_folding_each_character(
        chars in proptest::collection::vec(
            proptest::prop_oneof![
                2 => proptest::char::range('\u{0}', '\u{7F}'),
                2 => proptest::char::range('\u{400}', '\u{45F}'),
                2 => proptest::sample::select(FOLD_CHARS),
                1 => proptest::char::any(),
            ],
            0..40,
        ),
    ) {
        let text: String = chars.into_iter().collect();
        let mut folded = FoldedText::default();
        folded.fold(&text);
        let mut expected = String::new();
        // Where a character's fold starts, and where the character starts.
        let mut starts = Vec::new();
        for (at, c) in text.char_indices() {
            let start = expected.len();
            expected.clear();
            fold_text(&text[..at + c.len_utf8()], &mut expected);
            if expected.len() > start {
                starts.push((start, at));
            }
        }
        starts.push((expected.len(), text.len()));
        proptest::prop_assert_eq!(folded.as_bytes(), expected.as_bytes());
        for (start, at) in starts {
            proptest::prop_assert_eq!(folded.original(start), at, "{:?}", &expected[start..]);
        }
    }
}

proptest::proptest! {
    /// A stretch folded in parts from a character where folding may start folds as it does
    /// within the whole text, and maps its offsets back to the whole text's.
    #[test]
    fn a_stretch_folds_as_it_does_within_the_whole_text(
        chars in proptest::collection::vec(
            proptest::prop_oneof![
                2 => proptest::char::range('\u{0}', '\u{7F}'),
                2 => proptest::char::range('\u{400}', '\u{45F}'),
                3 => proptest::sample::select(FOLD_CHARS),
            ],
            0..40,
        ),
        cuts in proptest::collection::vec(0usize..40, 2),
    ) {
        let text: String = chars.into_iter().collect();
        let boundaries: Vec<usize> = text
            .char_indices()
            .filter(|&(_, c)| starts_a_fold(c))
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        let from = boundaries[cuts[0] % boundaries.len()];
        let middle = (from..=text.len())
            .filter(|&at| text.is_char_boundary(at))
            .nth(cuts[1] % (text.len() - from + 1))
            .unwrap_or(text.len());
        let mut whole = FoldedText::default();
        whole.fold(&text);
        let mut tail = FoldedText::default();
        tail.fold(&text[from..]);
        let mut parts = FoldedText::default();
        parts.start_at(from);
        parts.push(&text[from..middle]);
        parts.push(&text[middle..]);
        proptest::prop_assert_eq!(parts.as_bytes(), tail.as_bytes());
        proptest::prop_assert!(whole.as_bytes().ends_with(parts.as_bytes()));
        let skipped = whole.as_bytes().len() - parts.as_bytes().len();
        for at in 0..=parts.as_bytes().len() {
            proptest::prop_assert_eq!(parts.original(at), whole.original(skipped + at).max(from));
        }
    }
}

proptest::proptest! {
    /// The shortcut for basic letters and digits folds as `fold_text` does.
    #[test]
    fn basic_letters_fold_like_any_other(
        word in "[a-zA-Zа-яА-ЯёЁ0-9’\\u{AD}ßΣ.ﬁＦ\\u{300}\\u{301}\\u{306}\\u{308}]{0,12}",
    ) {
        let mut out = String::new();
        let counts = fold_word(&word, &mut out);
        let mut expected = String::new();
        fold_text(&word, &mut expected);
        let mut expected_counts = LetterCounts::default();
        for c in expected.chars() {
            if let Some(script) = Script::of(c) {
                expected_counts.add(script, 1);
            }
        }
        proptest::prop_assert_eq!(out, expected);
        proptest::prop_assert_eq!(counts, expected_counts);
    }
}

proptest::proptest! {
    /// The byte-level fold gives the fold and the letters `fold_word` gives, and takes every
    /// word of ASCII and small Russian letters, with a capital or none first.
    #[test]
    fn basic_words_fold_byte_by_byte_as_char_by_char(
        word in "[a-zA-Zа-яА-ЯёЁѐЏ0-9'._’\\u{AD}ß\\u{301}]{0,12}",
    ) {
        let mut expected = String::new();
        let expected_counts = fold_word(&word, &mut expected);
        let mut out = String::from("left over");
        let basic = |c: char| (c.is_ascii() && !c.is_ascii_uppercase()) || matches!(c, 'а'..='я');
        let capital = |c: char| c.is_ascii_uppercase() || matches!(c, 'А'..='Я');
        let mut chars = word.chars();
        let takes = chars.next().is_none_or(|c| basic(c) || capital(c)) && chars.all(basic);
        match fold_basic(&word, &mut out) {
            Some(counts) => {
                proptest::prop_assert_eq!(out, expected);
                proptest::prop_assert_eq!(counts, expected_counts);
            }
            None => proptest::prop_assert!(!takes, "{:?} is basic", word),
        }
    }
}

#[test]
fn four_small_russian_letters_are_told_at_once() {
    let four =
        |s: &str| four_small_russian(u64::from_le_bytes(*s.as_bytes().first_chunk().unwrap()));
    for word in ["абвг", "пряя", "мира", "жизн"] {
        assert!(four(word), "{word}");
    }
    for word in ["ёлка", "Мира", "мирЯ", "ѐабв", "аџаб", "abcdefgh", "мир x"]
    {
        assert!(!four(word), "{word}");
    }
}

proptest::proptest! {
    /// Long runs of ASCII, which are folded whole, fold as each of their characters does,
    /// between any characters, combining marks after them included.
    #[test]
    fn long_ascii_runs_fold_as_each_character(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                3 => "[ -~]{1,40}",
                1 => proptest::strategy::Strategy::prop_map(
                    proptest::sample::select(FOLD_CHARS),
                    String::from,
                ),
                1 => proptest::strategy::Strategy::prop_map(proptest::char::any(), String::from),
            ],
            0..12,
        ),
    ) {
        let text = parts.concat();
        let mut folded = FoldedText::default();
        folded.fold(&text);
        let mut expected = String::new();
        fold_text(&text, &mut expected);
        proptest::prop_assert_eq!(folded.as_bytes(), expected.as_bytes());
        proptest::prop_assert_eq!(folded.original(expected.len()), text.len());
    }
}

//! The analyzer's tests: words, normalization, stemming and the vocabulary.
use super::*;

fn analyze(text: &str) -> Vec<(String, String)> {
    let mut analyzer = Analyzer::new();
    let mut tokens = Vec::new();
    analyzer.analyze(text, &mut tokens);
    tokens
        .iter()
        .map(|t| {
            let word = analyzer.word(t.word);
            assert_eq!(&text[t.start..t.end], word.surface);
            let stem = word.stem.expect("every word is stemmed");
            (word.normalized.to_string(), stem.to_string())
        })
        .collect()
}

fn stems(text: &str) -> Vec<String> {
    analyze(text).into_iter().map(|(_, stem)| stem).collect()
}

#[test]
fn tokens_are_words_with_letters_or_digits() {
    let normalized: Vec<_> = analyze("Resolution 2396 (2017) — “ISIL”, counter-terrorism; U.N.!")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        normalized,
        [
            "resolution",
            "2396",
            "2017",
            "isil",
            "counter",
            "terrorism",
            "u.n"
        ]
    );
}

#[test]
fn russian_inflections_share_a_stem() {
    let forms = [
        "боевики-террористы",
        "боевиков-террористов",
        "боевикам-террористам",
    ];
    for form in forms {
        assert_eq!(stems(form), ["боевик", "террорист"], "{form}");
    }
}

#[test]
fn english_plural_and_possessive_share_a_stem() {
    for form in ["fighter", "fighters", "fighter's", "fighters’", "Fighters"] {
        assert_eq!(stems(form), ["fighter"], "{form}");
    }
}

#[test]
fn each_word_is_stemmed_by_its_own_script() {
    // Acronyms get crude stems; the matcher compares them by surface form instead.
    assert_eq!(stems("ИГИЛ заявило"), ["иг", "заяв"]);
    assert_eq!(stems("the ОДКБ states"), ["the", "одкб", "state"]);
}

#[test]
fn dominant_language_counts_letters() {
    let mut analyzer = Analyzer::new();
    let mut tokens = Vec::new();
    let letters = analyzer.analyze("Совет Безопасности и ISIL", &mut tokens);
    assert_eq!(letters.dominant(), Some(Language::Russian));
    let letters = analyzer.analyze("The CSTO (ОДКБ) met today", &mut tokens);
    assert_eq!(letters.dominant(), Some(Language::English));
}

#[test]
fn words_are_stemmed_only_when_their_stem_may_be_wanted() {
    let wanted = Arc::new(PrefixSet::new(["террорист", "fight"]));
    let mut analyzer = Analyzer::new().looking_for(wanted);
    let mut tokens = Vec::new();
    analyzer.analyze("Террористы и боевики; fighters and cells", &mut tokens);
    let words: Vec<_> = tokens.iter().map(|t| analyzer.word(t.word)).collect();
    let stems: Vec<_> = words.iter().map(|w| w.stem).collect();
    // English words are always stemmed: the English algorithm may rewrite an ending.
    assert_eq!(
        stems,
        [
            Some("террорист"),
            None,
            None,
            Some("fighter"),
            Some("and"),
            Some("cell")
        ]
    );
    assert_eq!(words[0].normalized, "террористы");
    assert_eq!(words[0].surface, "Террористы");
}

proptest::proptest! {
    /// What lets the analyzer skip stemming Russian words: their stems are prefixes.
    #[test]
    fn russian_stems_are_prefixes(word in "[а-яё]{1,16}(ся|сь)?") {
        let stemmers = Stemmers::default();
        let mut normalized = String::new();
        normalize_word(&word, &mut normalized);
        let stem = stemmers.stem(Language::Russian, &normalized);
        proptest::prop_assert!(normalized.starts_with(&*stem), "{normalized} → {stem}");
    }
}

#[test]
fn forms_share_the_words_text() {
    let mut analyzer = Analyzer::new();
    let mut tokens = Vec::new();
    analyzer.analyze("cells Cells Ёлки", &mut tokens);
    let words: Vec<_> = tokens.iter().map(|t| analyzer.word(t.word)).collect();
    assert_eq!(
        words
            .iter()
            .map(|w| (w.surface, w.normalized, w.stem))
            .collect::<Vec<_>>(),
        [
            ("cells", "cells", Some("cell")),
            ("Cells", "cells", Some("cell")),
            ("Ёлки", "елки", Some("елк")),
        ]
    );
    // "cells" is kept once for its surface and normalized form and its stem.
    assert_eq!(analyzer.text, "cellsCellscellsЁлкиелки");
}

#[test]
fn each_distinct_word_gets_one_id() {
    // Repeats closer and farther apart than the lookups run ahead, in a long piece.
    let words: Vec<String> = (0..3000)
        .map(|i| match i % 3 {
            0 => format!("r{}", i % 5),
            _ => format!("w{}", (i * 7) % 101),
        })
        .collect();
    let distinct: std::collections::HashSet<_> = words.iter().collect();
    let text = words.join(" ");
    let mut analyzer = Analyzer::new();
    let mut tokens = Vec::new();
    analyzer.analyze(&text, &mut tokens);
    assert_eq!(tokens.len(), words.len());
    assert_eq!(analyzer.vocabulary_len(), distinct.len());
    for (token, word) in tokens.iter().zip(&words) {
        assert_eq!(analyzer.word(token.word).surface, word);
        assert_eq!(&text[token.start..token.end], word);
    }
}

#[test]
fn vocabulary_is_reused_and_clearable() {
    let mut analyzer = Analyzer::new();
    let mut tokens = Vec::new();
    analyzer.analyze("cell cell Cell", &mut tokens);
    assert_eq!(analyzer.vocabulary_len(), 2);
    assert_eq!(tokens[0].word, tokens[1].word);
    analyzer.clear();
    assert_eq!(analyzer.vocabulary_len(), 0);
}

#[test]
fn hidden_characters_change_no_stem_and_no_span() {
    let plain = stems("foreign terrorist fighters terrorism терроризм ОДКБ бойцы");
    let text = "foreign\u{202F}terrorist ﬁghters terror\u{AD}\u{200B}ism терро\u{301}ризм \
                OДКБ бои\u{306}цы";
    assert_eq!(stems(text), plain);
    let mut analyzer = Analyzer::new();
    let mut tokens = Vec::new();
    analyzer.analyze(text, &mut tokens);
    let surfaces: Vec<_> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
    assert_eq!(
        surfaces,
        [
            "foreign",
            "terrorist",
            "ﬁghters",
            "terror\u{AD}\u{200B}ism",
            "терро\u{301}ризм",
            "OДКБ",
            "бои\u{306}цы"
        ]
    );
}

#[test]
fn an_entry_gives_back_the_forms_it_was_made_of_in_every_layout() {
    // surface, normalized, stem: the same bytes, or each after the one before.
    let cases = [
        (10..16, 10..16, Some(10..14)),
        (10..16, 16..22, Some(16..20)),
        (10..16, 10..16, Some(16..19)),
        (10..16, 16..22, Some(22..25)),
        (10..16, 16..22, None),
        (0..0, 0..0, Some(0..0)),
    ];
    for (surface, normalized, stem) in cases {
        let entry = Entry::new(surface.clone(), normalized.clone(), stem.clone(), None, 3);
        assert_eq!(
            (entry.surface(), entry.normalized(), entry.stem()),
            (surface, normalized, stem)
        );
    }
    assert_eq!(std::mem::size_of::<Entry>(), 32);
}

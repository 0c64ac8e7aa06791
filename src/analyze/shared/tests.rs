use std::sync::Arc;

use super::{NewWord, SharedWords};
use crate::analyze::interner::Hashed;
use crate::analyze::{Analyzer, Entry, Token};
use crate::lang::Language;

/// The forms of each token's word, as `analyzer` knows them.
fn forms(analyzer: &Analyzer, tokens: &[Token]) -> Vec<(String, String, Option<String>)> {
    tokens
        .iter()
        .map(|token| {
            let word = analyzer.word(token.word);
            let owned = |s: &str| s.to_owned();
            (
                owned(word.surface),
                owned(word.normalized),
                word.stem.map(owned),
            )
        })
        .collect()
}

/// Texts with many words, most of them shared between texts, some new in each.
fn texts() -> Vec<String> {
    (0..40)
        .map(|i| {
            let mut text =
                String::from("The Committee's work on terrorism, и борьба с терроризмом. ");
            for j in 0..300 {
                text.push_str(&format!("word{} слово{} ", (i * 37 + j) % 997, j % 211));
                if j % 50 == 0 {
                    text.push_str(&"долгое".repeat(j / 10 + 1));
                    text.push(' ');
                }
            }
            text
        })
        .collect()
}

fn analyze_all(
    analyzer: &mut Analyzer,
    texts: &[String],
) -> Vec<Vec<(String, String, Option<String>)>> {
    texts
        .iter()
        .map(|text| {
            let mut tokens = Vec::new();
            analyzer.analyze(text, &mut tokens);
            forms(analyzer, &tokens)
        })
        .collect()
}

#[test]
fn analyzers_sharing_a_vocabulary_on_several_threads_see_the_words_one_alone_sees() {
    let texts = texts();
    let alone = analyze_all(&mut Analyzer::new(), &texts);
    for limit in [usize::MAX, 500] {
        let words = Arc::new(SharedWords::with_limit(limit));
        let results: Vec<_> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|_| {
                    let words = Arc::clone(&words);
                    let texts = &texts;
                    scope.spawn(move || analyze_all(&mut Analyzer::new().sharing(words), texts))
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        for result in results {
            assert_eq!(result, alone, "limit {limit}");
        }
        assert_eq!(words.is_full(), limit == 500);
    }
}

#[test]
fn a_word_met_by_two_analyzers_has_one_id_and_is_added_once() {
    let words = Arc::new(SharedWords::default());
    let (mut first, mut second) = (
        Analyzer::new().sharing(Arc::clone(&words)),
        Analyzer::new().sharing(Arc::clone(&words)),
    );
    let (mut a, mut b) = (Vec::new(), Vec::new());
    first.analyze("counter-terrorism контртеррористический", &mut a);
    second.analyze("контртеррористический counter-terrorism", &mut b);
    assert_eq!(a[0].word, b[1].word);
    assert_eq!(a[2].word, b[0].word);
    assert_eq!(words.len(), 3);
    assert_eq!(second.vocabulary_len(), 3);
}

#[test]
fn the_table_keeps_every_word_through_doublings_and_long_keys() {
    let words = Arc::new(SharedWords::default());
    let mut analyzer = Analyzer::new().sharing(Arc::clone(&words));
    let text: String = (0..20_000)
        .map(|i| format!("{}{i} ", "межправительственный".repeat(i % 3)))
        .collect();
    let mut tokens = Vec::new();
    analyzer.analyze(&text, &mut tokens);
    let ids: Vec<_> = tokens.iter().map(|t| t.word).collect();
    // A fresh analyzer sharing the same words finds every one under the same id.
    let mut again = Analyzer::new().sharing(Arc::clone(&words));
    again.analyze(&text, &mut tokens);
    assert_eq!(tokens.iter().map(|t| t.word).collect::<Vec<_>>(), ids);
    assert_eq!(words.len(), 20_000);
}

#[test]
fn words_of_one_hash_are_each_found_by_their_own_form() {
    let words = SharedWords::default();
    let mut table = words.table();
    // Every key gets the same hash, so each lookup compares the forms of the words before it.
    let same = |key| Hashed {
        hash: 7,
        ..Hashed::of(key)
    };
    let keys = ["cat", "cab", "ca", "кот", &"межправительственный".repeat(2)];
    for (id, key) in keys.iter().enumerate() {
        let entry = Entry::new(0..key.len(), 0..key.len(), None, Some(Language::English), 3);
        let word = NewWord { forms: key, entry };
        assert_eq!(
            words.insert(&mut table, key, &same(key), &word),
            Some((id as u32, 6))
        );
    }
    for (id, key) in keys.iter().enumerate() {
        assert_eq!(
            words.find(&table, key, &same(key)),
            Some((id as u32, 6)),
            "{key}"
        );
    }
    assert_eq!(words.find(&table, "cats", &same("cats")), None);
    assert_eq!(words.len(), keys.len());
}

//! The word table's tests: lookups through the cache of recent words, the index and the
//! records, across doublings and clearing.
use super::*;

fn get(interner: &mut Interner, word: &str) -> Result<(u32, u32), Probe> {
    interner.get(word, &Hashed::of(word))
}

/// Adds `key` with the hash given, as if the key had it: keys can be made to collide.
fn insert_hashed(interner: &mut Interner, key: &str, hash: u32, id: u32, meta: u32) {
    let bytes = key.as_bytes();
    let probe = interner
        .find(bytes, head(bytes), hash)
        .expect_err("new key");
    interner.insert(key, id, meta, probe);
}

fn find_hashed(interner: &Interner, key: &str, hash: u32) -> Option<(u32, u32)> {
    let bytes = key.as_bytes();
    interner.find(bytes, head(bytes), hash).ok()
}

#[test]
fn finds_what_it_was_given() {
    let mut interner = Interner::default();
    let words: Vec<String> = (0..20_000)
        .map(|i| format!("{}{i}", "слово-".repeat(i % 5)))
        .collect();
    for (id, word) in words.iter().enumerate() {
        let probe = get(&mut interner, word).expect_err("new word");
        interner.insert(word, id as u32, 7, probe);
    }
    for (id, word) in words.iter().enumerate() {
        interner.prefetch(&Hashed::of(word));
        interner.prefetch_record(&Hashed::of(word));
        assert_eq!(
            get(&mut interner, word).ok(),
            Some((id as u32, 7)),
            "{word}"
        );
    }
    assert!(get(&mut interner, "absent").is_err());
    assert!(get(&mut interner, "").is_err());
}

#[test]
fn keys_are_found_after_doubling_with_clusters_that_wrap_around_the_end() {
    let mut interner = Interner::default();
    let len = interner.slots.len() as u32;
    let keys: Vec<(String, u32)> = (0..3_000u32)
        .map(|i| (format!("ключ {i}"), (len - 8 + i % 16) | (i % 5) << 12))
        .collect();
    for (id, (key, hash)) in keys.iter().enumerate() {
        insert_hashed(&mut interner, key, *hash, id as u32, id as u32 * 3);
    }
    assert!(interner.slots.len() > len as usize, "the table doubled");
    for (id, (key, hash)) in keys.iter().enumerate() {
        let found = find_hashed(&interner, key, *hash);
        assert_eq!(found, Some((id as u32, id as u32 * 3)), "{key}");
    }
}

#[test]
fn keys_with_the_same_hash_are_told_apart_by_their_bytes() {
    let mut interner = Interner::default();
    let keys = [
        "кот",
        "кит",
        "кота",
        "ко",
        "a key of exactly thirty-two byte",
        "a key of exactly thirty-two bytf",
        "a key of more than thirty-two bytes, differing at its end: a",
        "a key of more than thirty-two bytes, differing at its end: b",
        "a key of more than thirty-two bytes, differing at its end: ab",
    ];
    for (id, key) in keys.iter().enumerate() {
        insert_hashed(&mut interner, key, 42, id as u32, id as u32 + 10);
    }
    for (id, key) in keys.iter().enumerate() {
        let found = find_hashed(&interner, key, 42);
        assert_eq!(found, Some((id as u32, id as u32 + 10)), "{key}");
    }
    assert_eq!(find_hashed(&interner, "кол", 42), None);
    assert_eq!(find_hashed(&interner, "кот", 43), None);
}

#[test]
fn long_keys_are_found_whole_and_keys_past_the_limit_are_not_kept() {
    let mut interner = Interner::default();
    let long: Vec<String> = (0..500)
        .map(|i| format!("{}{i}", "длинное слово ".repeat(1 + i % 9)))
        .collect();
    for (id, key) in long.iter().enumerate() {
        let probe = get(&mut interner, key).expect_err("new key");
        interner.insert(key, id as u32, 1, probe);
    }
    for (id, key) in long.iter().enumerate() {
        assert_eq!(get(&mut interner, key).ok(), Some((id as u32, 1)), "{key}");
        let mut near = key.clone();
        near.push('!');
        assert!(get(&mut interner, &near).is_err(), "{near}");
    }
    let longest = "x".repeat(MAX_KEY);
    let probe = get(&mut interner, &longest).expect_err("new key");
    interner.insert(&longest, 5_000, 2, probe);
    assert_eq!(get(&mut interner, &longest).ok(), Some((5_000, 2)));
    let huge = "я".repeat(MAX_KEY);
    let before = interner.bytes();
    let probe = get(&mut interner, &huge).expect_err("new key");
    interner.insert(&huge, 9_999, 0, probe);
    assert!(
        get(&mut interner, &huge).is_err(),
        "a key over the limit is not kept"
    );
    assert_eq!(interner.bytes(), before, "nor are its bytes");
}

#[test]
fn values_too_large_for_the_recent_cache_are_found_in_the_table() {
    let mut interner = Interner::default();
    let probe = get(&mut interner, "word").expect_err("new word");
    interner.insert("word", u32::MAX - 1, u32::MAX, probe);
    for _ in 0..2 {
        assert_eq!(
            get(&mut interner, "word").ok(),
            Some((u32::MAX - 1, u32::MAX))
        );
    }
}

#[test]
fn a_cleared_table_knows_no_word_and_learns_again() {
    let mut interner = Interner::default();
    let words: Vec<String> = (0..10_000).map(|i| format!("w{i}")).collect();
    for (id, word) in words.iter().enumerate() {
        let probe = get(&mut interner, word).expect_err("new word");
        interner.insert(word, id as u32, 0, probe);
    }
    let grown = interner.bytes();
    interner.clear();
    assert!(interner.bytes() < grown);
    for (id, word) in words.iter().enumerate().rev() {
        let probe = get(&mut interner, word).expect_err("forgotten");
        interner.insert(word, id as u32 + 1, 5, probe);
    }
    for (id, word) in words.iter().enumerate() {
        assert_eq!(get(&mut interner, word).ok(), Some((id as u32 + 1, 5)));
    }
}

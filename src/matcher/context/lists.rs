//! Items of one enumeration: "terrorism, climate change and human rights", "терроризм,
//! наркотики и права человека".
//!
//! A context word that is only another item of the list a hit stands in does not make the hit
//! counter-terrorism discourse: a speech that names the world's troubles one after another speaks
//! of each, not of one in the light of the other. What stands between the two items tells:
//!
//! - at least one comma or semicolon, so the list has three items or more (two items joined by
//!   "and" are as often a pair that belongs together: "terrorism and human rights");
//! - before the first separator, at most [`FIRST_WORDS`] words (the rest of the first item:
//!   "terrorism in the Sahel,");
//! - between separators, non-empty items of at most [`ITEM_WORDS`] words;
//! - after the last separator, at most [`LEAD_WORDS`] words that lead into the later item
//!   ("continuous human rights abuses"), after a coordinating word ("…, pandemics and human
//!   rights"), or, without one, when a third item shows the list: between the two, or right
//!   after the later one ("terrorism; continuous human rights abuses; climate change").
//!
//! Items before the earlier of the two show the list as well: "environment, poverty and
//! inequality, rule of law, countering terrorism" (an item of at most [`ITEM_WORDS`] words and a
//! separator right before the earlier match).
//!
//! Words that open a clause (a pronoun, an auxiliary: "terrorism, which must respect human
//! rights", "terrorism, and we uphold human rights") never lead into an item. Two items alone
//! are no list either: "To fight terrorism, human rights must be respected".
//!
//! Semicolons make a list of their own, whatever its items' length: two items in different
//! stretches of a sentence cut by semicolons into three or more ("…taking action on climate
//! change; protecting human rights; …; countering terrorism; …") are items of it, when no more
//! than one stretch lies wholly outside the text between them that a reader of the list sees
//! (at least two semicolons between them, or one between and one within the later item's
//! stretch).

/// The most words between the first item's match and the first separator.
const FIRST_WORDS: usize = 3;
/// The most words of the later item before its match ("continuous human rights abuses").
const LEAD_WORDS: usize = 3;
/// The most words of an item between two separators.
const ITEM_WORDS: usize = 5;

/// Words that open a clause rather than lead into a list item, English and Russian (lower case).
const CLAUSE_WORDS: [&str; 30] = [
    "which",
    "that",
    "who",
    "whose",
    "where",
    "while",
    "we",
    "they",
    "it",
    "i",
    "you",
    "he",
    "she",
    "must",
    "should",
    "is",
    "are",
    "was",
    "were",
    "will",
    "has",
    "have",
    "can",
    "который",
    "которая",
    "которые",
    "мы",
    "они",
    "это",
    "должны",
];

/// Words of an address to the chair ("Mr. President, …"), which is no item of a list.
const ADDRESS_WORDS: [&str; 8] = [
    "president",
    "chair",
    "chairman",
    "chairperson",
    "madam",
    "председатель",
    "господин",
    "госпожа",
];

/// Words that open a phrase qualifying what stands before the comma, English and Russian.
const QUALIFIERS: [&str; 8] = [
    "relating",
    "concerning",
    "regarding",
    "касающихся",
    "касающиеся",
    "касающегося",
    "касающейся",
    "касающимся",
];

/// Characters that end a sentence, or the line it stands on, for reading the text around two
/// items.
pub(super) const SENTENCE_ENDS: [char; 4] = ['.', '!', '?', '\n'];

/// Words that join the last item of a list to the one before, English and Russian (lower case).
const COORDINATORS: [&str; 7] = ["and", "or", "nor", "и", "или", "также", "либо"];

/// Whether `between`, the text between two matches of one sentence, makes them two items of
/// one enumeration; `before` is the text of the sentence before the earlier match, `after` the
/// text that follows the later one.
pub(super) fn coordinated(before: &str, between: &str, after: &str) -> bool {
    let semicolons = between.matches(';').count();
    // The later item's stretch ends at its semicolon, or at the sentence's end.
    let stretch = after.find(SENTENCE_ENDS).map_or(after, |end| &after[..end]);
    if semicolons >= 2 || semicolons == 1 && stretch.contains(';') {
        return true;
    }
    let mut pieces = between.split([',', ';']);
    let Some(first) = pieces.next() else {
        return false;
    };
    let rest: Vec<&str> = pieces.collect();
    let Some((last, middle)) = rest.split_last() else {
        return false;
    };
    if words(first).count() > FIRST_WORDS {
        return false;
    }
    // "instruments, relating to chemical, biological and nuclear terrorism": the first comma
    // opens a participial phrase that qualifies the earlier item, not a list.
    let opening = middle.first().unwrap_or(last);
    if words(opening)
        .next()
        .is_some_and(|w| QUALIFIERS.contains(&w.to_lowercase().as_str()))
    {
        return false;
    }
    if middle.iter().any(|item| {
        let n = words(item).count();
        n == 0 || n > ITEM_WORDS
    }) {
        return false;
    }
    let last = lowercase_words(last);
    if opens_clause(&last) {
        return false;
    }
    let joined = last
        .iter()
        .rposition(|w| COORDINATORS.contains(&w.as_str()));
    match joined {
        // "…, pandemics and [the] human rights": an item, a coordinating word, the later
        // item's first words.
        Some(at) => at <= ITEM_WORDS && last.len() - at - 1 <= LEAD_WORDS,
        // "…, climate change, human rights" or "…; continuous human rights abuses; …": no
        // coordinating word, so the list must show itself by a third item, between the two or
        // right after the later one.
        None => {
            let third = !middle.is_empty() || preceded(before);
            !last.is_empty() && last.len() <= LEAD_WORDS && (third || continues(after))
                || last.is_empty() && third
        }
    }
}

/// Whether `before` ends with an item of the list and its separator: a short item that opens no
/// clause and addresses no one ("environment, poverty and inequality, ").
fn preceded(before: &str) -> bool {
    let Some(rest) = before.trim_end().strip_suffix([',', ';']) else {
        return false;
    };
    let item = lowercase_words(rest.rsplit([',', ';']).next().unwrap_or(rest));
    (1..=ITEM_WORDS).contains(&item.len())
        && !opens_clause(&item)
        && !holds_any(&item, &ADDRESS_WORDS)
}

fn lowercase_words(text: &str) -> Vec<String> {
    words(text).map(str::to_lowercase).collect()
}

fn opens_clause(words: &[String]) -> bool {
    holds_any(words, &CLAUSE_WORDS)
}

/// Whether any of `words` (lower case) is one of `list`.
fn holds_any(words: &[String], list: &[&str]) -> bool {
    words.iter().any(|w| list.contains(&w.as_str()))
}

/// Whether a separator follows within [`LEAD_WORDS`] words of `after`: the later item is not
/// the list's last.
fn continues(after: &str) -> bool {
    after
        .find([',', ';'])
        .is_some_and(|at| words(&after[..at]).count() <= LEAD_WORDS)
}

/// The words of `text`: runs of letters, digits, hyphens and apostrophes.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::coordinated;

    #[test]
    fn items_of_a_list_of_three_or_more_are_coordinated() {
        // What stands between "terrorism" and the hit.
        for between in [
            ", climate change and ",
            ", climate change, pandemics and ",
            " in the Sahel, climate change, pandemics, ",
            ", pandemics or ",
            ", the spread of pandemics, the effects of climate change and ",
            "; poverty; and ",
            ", наркотики и ",
            ", climate change, ",
            ", изменение климата, а также ",
            ", climate change, continuous ",
        ] {
            assert!(coordinated("", between, "."), "{between:?}");
        }
    }

    #[test]
    fn stretches_cut_by_semicolons_are_items_however_long() {
        // "…the scourge of terrorism, which does not abate; the tragedy of migration, and the
        // saga of refugees; and the sorrow of racial and religious discrimination"
        assert!(coordinated(
            "",
            ", which does not abate; the tragedy of migration, and the saga of refugees; and \
             the sorrow of racial and religious ",
            " and the threat of climate breakdown."
        ));
        assert!(coordinated(
            "",
            " and upholding humanitarian law; promoting education; fighting organized crime; \
             countering ",
            "; and dealing with new technologies."
        ));
        assert!(coordinated(
            "",
            ", which we must defeat; it is our duty to protect ",
            " abuses; we will not fail."
        ));
        // One semicolon alone joins two clauses, whatever follows the sentence.
        assert!(!coordinated(
            "",
            " has no justification; we stand for ",
            " in the fight against it."
        ));
        assert!(!coordinated(
            "",
            " has no justification; we stand for ",
            ". The next sentence; and its clause."
        ));
    }

    #[test]
    fn a_list_may_show_itself_by_the_item_after_the_hit() {
        // "… arms race and terrorism; continuous human rights abuses; climate change; …"
        assert!(coordinated("", "; continuous ", " abuses; climate change"));
        assert!(!coordinated("", "; continuous ", " abuses must end."));
        assert!(!coordinated("", ", ", " must be respected, always."));
    }

    #[test]
    fn a_list_may_show_itself_by_the_item_before_the_first() {
        // "… environment, poverty and inequality, rule of law, countering terrorism or …"
        let before = "We face the environment, poverty and inequality, ";
        assert!(coordinated(
            before,
            ", countering ",
            " or violent extremism."
        ));
        // "… famine, forced displacement, terrorism and …"
        assert!(coordinated("Famine, ", ", ", " and hunger."));
        assert!(!coordinated("To fight ", ", ", " must be respected."));
        assert!(!coordinated(
            "As we have always said, and as we say again, ",
            ", countering ",
            " or violent extremism."
        ));
        // The sentence is read from after "Mr.".
        assert!(!coordinated(" President, ", ", ", " must be respected."));
        assert!(!coordinated(
            "Господин Председатель, ",
            ", ",
            " должны соблюдаться."
        ));
    }

    #[test]
    fn a_pair_a_clause_or_an_apposition_is_not_a_list() {
        for between in [
            " and ",
            " while respecting ",
            ", ",
            ", which must respect ",
            " has no justification whatsoever, and ",
            ", and we call on all States to uphold ",
            ", , and ",
            "",
            " и ",
            ", and we uphold ",
            ", которые нарушают ",
            ", relating to chemical, biological, radiological and nuclear ",
            ", касающихся химического, биологического, радиологического и ядерного ",
        ] {
            assert!(!coordinated("", between, ", and more."), "{between:?}");
        }
    }
}

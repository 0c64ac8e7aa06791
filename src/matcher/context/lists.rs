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
//! - between separators, non-empty items of at most [`ITEM_WORDS`] words, or of two such parts
//!   joined by a coordinating word when another item stands between them too ("climate change,
//!   gender equality and the empowerment of women,"), or of at most [`LONG_ITEM_WORDS`] words
//!   once two short items show the list;
//! - after the last separator, at most [`LEAD_WORDS`] words that lead into the later item
//!   ("continuous human rights abuses"), after a coordinating word ("…, pandemics and human
//!   rights"), or, without one, when a third item shows the list: between the two, or right
//!   after the later one ("terrorism; continuous human rights abuses; climate change").
//!
//! Items before the earlier of the two show the list as well: "environment, poverty and
//! inequality, rule of law, countering terrorism" (an item of at most [`ITEM_WORDS`] words and a
//! separator right before the earlier match, or before its item's first words when the item
//! before is bounded by a separator or a word that opens a list: "such problems as climate
//! change, terrorism", "…, internal displacement, a lack of respect for human rights, …"). So do
//! two items joined by a coordinating word alone, after such an item or after a coordinating
//! word of their own ("lack of opportunity, grave breaches of human rights and terrorism", "civil
//! wars and massive human rights violations and terrorism"); two coordinating words between the
//! matches join verb phrases as often as items, and show no list. An item introduced by
//! "including" is an example of the one before it, not another item ("terrorist groups,
//! including the Taliban").
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
/// The most words of an item between two separators once two short items show the list.
const LONG_ITEM_WORDS: usize = 10;

/// Words that open a clause rather than lead into a list item, English and Russian (lower case).
const CLAUSE_WORDS: [&str; 33] = [
    "which",
    "whom",
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
    "которых",
    "которым",
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

/// Words that open a phrase qualifying what stands before the comma (or giving examples of it),
/// English and Russian.
const QUALIFIERS: [&str; 10] = [
    "including",
    "включая",
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

/// Words after which a list's first item begins ("such problems as …", "they include …",
/// "такие, как …"), English and Russian (lower case).
const LIST_OPENERS: [&str; 9] = [
    "as",
    "include",
    "includes",
    "including",
    "namely",
    "like",
    "как",
    "включая",
    "например",
];

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
    let first = pieces.next().unwrap_or_default();
    let rest: Vec<&str> = pieces.collect();
    let Some((last, middle)) = rest.split_last() else {
        return joined_alone(before, between);
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
    // An item of two parts ("gender equality and the empowerment of women") shows a list only
    // beside another item: alone, it is as often two verb phrases ("enslaves, murders and takes
    // hope from men, women and children"). A longer item is one once two short ones show the
    // list ("terrorism, the use of force in international relations, the refugee crisis,
    // poverty, human rights violations").
    let shown =
        middle.iter().filter(|item| is_item(item, false)).count() + usize::from(preceded(before));
    let pairs = middle.len() >= 2;
    if !middle
        .iter()
        .all(|item| is_item(item, pairs) || shown >= 2 && is_long_item(item))
    {
        return false;
    }
    let last = lowercase_words(last);
    if opens_clause(&last) {
        return false;
    }
    let joined = last.iter().rposition(|w| is_coordinator(w));
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

/// Whether `item`, the text between two separators, is one item of a list: at most
/// [`ITEM_WORDS`] words, or, when `pairs` allows, two such parts joined by a coordinating word
/// that open no clause ("gender equality and the empowerment of women").
fn is_item(item: &str, pairs: bool) -> bool {
    let words = lowercase_words(item);
    let fits = |part: &[String]| (1..=ITEM_WORDS).contains(&part.len());
    if fits(&words) {
        return true;
    }
    let parts: Vec<&[String]> = words.split(|w| is_coordinator(w)).collect();
    pairs && matches!(parts.as_slice(), [a, b] if fits(a) && fits(b)) && !opens_clause(&words)
}

/// Whether `item` is an item of at most [`LONG_ITEM_WORDS`] words that opens no clause.
fn is_long_item(item: &str) -> bool {
    let words = lowercase_words(item);
    (1..=LONG_ITEM_WORDS).contains(&words.len()) && !opens_clause(&words)
}

/// Whether two matches with no separator between them, only a coordinating word ("… and
/// terrorism"), are items of a list of three or more: the earlier match's item follows another
/// item, after a separator ("famine, lack of economic opportunity, grave breaches of human
/// rights and terrorism") or after a coordinating word of its own ("civil wars and massive
/// human rights violations and terrorism"). `before` is the sentence before the earlier match,
/// `between` the text between the two. Two coordinating words between the matches are not
/// enough: they join verb phrases as often as items ("fuelled terrorism and unleashed violence
/// and attacks on civilians").
fn joined_alone(before: &str, between: &str) -> bool {
    let between = lowercase_words(between);
    let parts: Vec<&[String]> = between.split(|w| is_coordinator(w)).collect();
    let [rest, lead] = parts.as_slice() else {
        return false;
    };
    if rest.len() > FIRST_WORDS || lead.len() > LEAD_WORDS || opens_clause(&between) {
        return false;
    }
    if preceded(before) {
        return true;
    }
    // "…: civil wars and massive ": an item that opens its clause, a coordinating word and the
    // earlier item's first words.
    let clause = before.rsplit([',', ';', ':']).next().unwrap_or(before);
    let clause = lowercase_words(clause);
    let Some(at) = clause.iter().rposition(|w| is_coordinator(w)) else {
        return false;
    };
    (1..=ITEM_WORDS).contains(&at)
        && clause.len() - at - 1 <= LEAD_WORDS
        && !opens_clause(&clause)
        && !holds_any(&clause, &ADDRESS_WORDS)
}

/// Whether `before`, the sentence before the earlier match, shows an item of the list before
/// the earlier match's own: a short item that opens no clause and addresses no one, and its
/// separator ("environment, poverty and inequality, "). The item starts after the separator
/// before it, or after a word that opens a list ("such problems as climate change, ", "they
/// include human rights, "). The earlier item may begin before its match ("…, internal
/// displacement, a lack of respect for human rights"), when the item before it is bounded on
/// both sides.
fn preceded(before: &str) -> bool {
    let Some(separator) = before.rfind([',', ';']) else {
        return false;
    };
    let lead = lowercase_words(&before[separator + 1..]);
    let rest = &before[..separator];
    let start = rest.rfind([',', ';', ':']);
    let item = lowercase_words(start.map_or(rest, |at| &rest[at + 1..]));
    let (item, bounded) = match item
        .iter()
        .rposition(|w| LIST_OPENERS.contains(&w.as_str()))
    {
        Some(at) => (&item[at + 1..], true),
        None => (&item[..], start.is_some()),
    };
    // "terrorist groups, including the Taliban": an example of the item before, not another.
    let lead_fits = lead.is_empty()
        || bounded
            && lead.len() <= ITEM_WORDS
            && !opens_clause(&lead)
            && !holds_any(&lead, &LIST_OPENERS);
    lead_fits
        && (1..=ITEM_WORDS).contains(&item.len())
        && !opens_clause(item)
        && !holds_any(item, &ADDRESS_WORDS)
}

fn is_coordinator(word: &str) -> bool {
    COORDINATORS.contains(&word)
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
    #[test]
    fn an_item_of_two_parts_counts_beside_other_items() {
        // "They include human rights, climate change, gender equality and the empowerment of
        // women, terrorism and …"
        assert!(coordinated(
            "They include ",
            ", climate change, gender equality and the empowerment of women, ",
            " and violent extremism."
        ));
        assert!(coordinated(
            "Они включают ",
            ", изменение климата, гендерное равенство и расширение прав женщин, ",
            " и насильственный экстремизм."
        ));
        // Alone between the two, two parts are as often two verb phrases.
        assert!(!coordinated(
            "When a ",
            " group enslaves, murders and takes hope from men, ",
            " and children, it is everyone's problem."
        ));
    }

    #[test]
    fn a_longer_item_counts_once_two_short_ones_show_the_list() {
        let between = ", the use of force between States, the spread of weapons of mass \
                       destruction, the refugee crisis, poverty, ";
        assert!(coordinated("", between, " violations are our challenges."));
        let between = ", применение силы в международных отношениях, распространение оружия \
                       массового уничтожения, бедность, ";
        assert!(coordinated("", between, " остаются вызовами."));
        // One long item alone shows no list.
        assert!(!coordinated(
            "",
            ", the use of force between States in our region, ",
            " violations are our challenges."
        ));
    }

    #[test]
    fn a_coordinating_word_alone_joins_items_after_another_item() {
        // "…, famine, lack of opportunity, grave breaches of human rights and terrorism"
        assert!(coordinated(
            "We see famine, lack of opportunity, grave breaches of ",
            " and ",
            " everywhere."
        ));
        assert!(coordinated(
            "Мы видим голод, бедность, грубые нарушения ",
            " и ",
            " повсюду."
        ));
        // "…: civil wars and massive human rights violations and terrorism"
        assert!(coordinated(
            "The causes are clear: civil wars and massive ",
            " violations and ",
            "."
        ));
        assert!(coordinated(
            "Причины ясны: гражданские войны и массовые ",
            " и ",
            "."
        ));
        // A pair alone, a clause before it, or two verb phrases stay pairs.
        assert!(!coordinated("", " and ", "."));
        assert!(!coordinated("We must fight ", " and ", "."));
        assert!(!coordinated(
            "Invasions fuelled ",
            " groups and unleashed violence and ",
            " on civilians."
        ));
        // "terrorist groups, including the Taliban and Da'esh": examples of the item before.
        assert!(!coordinated(
            "Over the past months, terrorist groups, including the ",
            " and ",
            ", have attacked us."
        ));
    }

    #[test]
    fn a_list_opener_starts_the_item_before() {
        // "such global problems as climate change, terrorism, the spread of weapons"
        assert!(coordinated(
            "We must address such global problems as climate change, ",
            ", the spread of ",
            "."
        ));
        assert!(coordinated(
            "Мы должны решать такие проблемы, как изменение климата, ",
            ", распространение ",
            "."
        ));
        // "terrorist groups, including the Taliban": an example, not another item.
        assert!(!coordinated(
            "Over the past months, ",
            ", including the ",
            " and others, have attacked us."
        ));
        assert!(!coordinated(
            "За последние месяцы ",
            ", включая ",
            ", совершили нападения."
        ));
    }
}

use super::*;

struct HeaderTest {
    header: &'static str,
    speaker: &'static str,
    delegation: &'static str,
    iso3: &'static str,
    role: &'static str,
    spoke_in: &'static str,
}

const fn case(
    header: &'static str,
    speaker: &'static str,
    delegation: &'static str,
    iso3: &'static str,
    role: &'static str,
    spoke_in: &'static str,
) -> HeaderTest {
    HeaderTest {
        header,
        speaker,
        delegation,
        iso3,
        role,
        spoke_in,
    }
}

const HEADERS: &[HeaderTest] = &[
    case(
        "Mr. Churkin (Russian Federation) (spoke in Russian):",
        "Mr. Churkin",
        "Russian Federation",
        "RUS",
        "",
        "Russian",
    ),
    case(
        "The President:",
        "The President",
        "",
        "",
        "President",
        "English",
    ),
    case(
        "The President (spoke in French):",
        "The President",
        "",
        "",
        "President",
        "French",
    ),
    case(
        "The Secretary-General:",
        "The Secretary-General",
        "",
        "",
        "Secretary-General",
        "English",
    ),
    case("Mr. Mladenov:", "Mr. Mladenov", "", "", "", "English"),
    case(
        "Sir Mark Lyall Grant (United Kingdom):",
        "Sir Mark Lyall Grant",
        "United Kingdom",
        "GBR",
        "",
        "English",
    ),
    case(
        "Prince Zeid Ra'ad Zeid Al-Hussein (Jordan) (spoke in Arabic):",
        "Prince Zeid Ra'ad Zeid Al-Hussein",
        "Jordan",
        "JOR",
        "",
        "Arabic",
    ),
    case(
        "Mr. Sonoura (Japan) (spoke in Japanese; interpretation provided by the delegation):",
        "Mr. Sonoura",
        "Japan",
        "JPN",
        "",
        "Japanese",
    ),
    case(
        "Mr. Lavrov (Russian Federation)(spoke in Russian):",
        "Mr. Lavrov",
        "Russian Federation",
        "RUS",
        "",
        "Russian",
    ),
    case(
        "Mrs. Perceval (Argentina) (Spoke in Spanish):",
        "Mrs. Perceval",
        "Argentina",
        "ARG",
        "",
        "Spanish",
    ),
    case(
        "Mr. Oh Joon (Republic ofKorea):",
        "Mr. Oh Joon",
        "Republic of Korea",
        "KOR",
        "",
        "English",
    ),
    case(
        "Mr. Mahmassani (League of Arab States) (spoke in Arabic):",
        "Mr. Mahmassani",
        "League of Arab States",
        "",
        "",
        "Arabic",
    ),
    case(
        "Sheikh Abdullah Bin Zayed Al Nahyan (United Arab Emirates):",
        "Sheikh Abdullah Bin Zayed Al Nahyan",
        "United Arab Emirates",
        "ARE",
        "",
        "English",
    ),
    case(
        "Mr. Pecsteen de Buytswerve (Belgium) (spoke in French):",
        "Mr. Pecsteen de Buytswerve",
        "Belgium",
        "BEL",
        "",
        "French",
    ),
    case(
        "Sir Mark Lyall\nGrant (United Kingdom):",
        "Sir Mark Lyall Grant",
        "United Kingdom",
        "GBR",
        "",
        "English",
    ),
    case(
        "Председатель (говорит по-английски):",
        "Председатель",
        "",
        "",
        "President",
        "English",
    ),
    case(
        "Председатель:",
        "Председатель",
        "",
        "",
        "President",
        "Russian",
    ),
    case(
        "Г-н Небензя (Российская Федерация):",
        "Г-н Небензя",
        "Russian Federation",
        "RUS",
        "",
        "Russian",
    ),
    case(
        "Г-жа Дикарло (говорит по-английски):",
        "Г-жа Дикарло",
        "",
        "",
        "",
        "English",
    ),
    case(
        "Г\u{2011}н Чжан Цзюнь (Китай) (говорит по-китайски):",
        "Г\u{2011}н Чжан Цзюнь",
        "China",
        "CHN",
        "",
        "Chinese",
    ),
    case(
        "Генеральный секретарь (говорит по-французски):",
        "Генеральный секретарь",
        "",
        "",
        "Secretary-General",
        "French",
    ),
    case(
        "Г-н Сонoура (Япония) (говорит по-японски; устный перевод обеспечен делегацией):",
        "Г-н Сонoура",
        "Japan",
        "JPN",
        "",
        "Japanese",
    ),
];

#[test]
fn every_real_header_form() {
    for test in HEADERS {
        let text = format!("{} The speech begins here.", test.header);
        let header = parse(&text, Position::LineStart)
            .unwrap_or_else(|| panic!("not parsed: {}", test.header));
        let expected = (
            test.speaker,
            test.delegation,
            test.iso3,
            test.role,
            test.spoke_in,
        );
        let actual = (
            header.speaker.as_str(),
            header.delegation.as_str(),
            header.delegation_iso3.as_str(),
            header.role.as_str(),
            header.spoke_in.as_str(),
        );
        assert_eq!(actual, expected, "{}", test.header);
        assert_eq!(
            text.get(header.end..),
            Some("The speech begins here."),
            "{}",
            test.header
        );
    }
}

#[test]
fn text_that_is_not_a_header() {
    for text in [
        "I join my colleagues in extending our condolences.",
        "We thank Ms. Jeanine Hennis-Plasschaert: she briefed us.",
        "Mr. Smith said that we must act: now.",
        "The representative of France: no.",
        "The meeting was called to order at 10.05 a.m.",
        "Mr. Churkin (Russian Federation) (spoke in Russian) without a colon",
        "Г-н Петров сказал, что все решено: нет.",
        "",
        ":",
    ] {
        assert_eq!(parse(text, Position::LineStart), None, "{text}");
    }
}

#[test]
fn ocr_noise_in_a_name_is_accepted_only_at_a_file_start() {
    for (text, speaker, iso3) in [
        (
            "Mr. Liu J ieyi (China) (spoke in Chinese): Thank you.",
            "Mr. Liu J ieyi",
            "CHN",
        ),
        (
            "Mrs. ngu (Nigeria): 1 would like to thank you.",
            "Mrs. ngu",
            "NGA",
        ),
    ] {
        let header = parse(text, Position::FileStart).unwrap();
        assert_eq!(header.speaker, speaker);
        assert_eq!(header.delegation_iso3, iso3);
        assert_eq!(parse(text, Position::LineStart), None);
    }
    let sentence = "Mr. Smith said that we must act: now.";
    assert_eq!(parse(sentence, Position::FileStart), None);
}

#[test]
fn long_input_is_cut_on_a_character_boundary() {
    let text = "Г".repeat(MAX_HEADER);
    assert_eq!(parse(&text, Position::FileStart), None);
}

/// The header pattern with its bounds written into it, as [`header_regex`] was before the
/// bounds moved into [`within_bounds`].
fn bounded_pattern() -> Regex {
    let slim = header_regex().as_str();
    let bounded = slim
        .replace(
            r"[^\s():;,][^():;]*?",
            &format!(r"[^\s():;,][^():;]{{0,{MAX_NAME_REST}}}?"),
        )
        .replace(r"\([^()]+\)", &format!(r"\([^()]{{1,{MAX_NOTE}}}\)"));
    assert_ne!(bounded, slim);
    Regex::new(&bounded).unwrap()
}

/// What a pattern makes of `text`: where the header ends and what each group took.
fn groups(regex: &Regex, text: &str) -> Option<Vec<Option<String>>> {
    let captures = regex.captures(text)?;
    Some(
        captures
            .iter()
            .map(|group| group.map(|m| m.as_str().to_string()))
            .collect(),
    )
}

#[test]
fn names_and_notes_are_bounded_as_the_bounded_pattern_bounds_them() {
    let bounded = bounded_pattern();
    let slim = header_regex();
    let mut texts = Vec::new();
    for letters in [1, 2, 40, 80, 81, 82, 83, 200] {
        for (title, letter, country) in [("Mr.", "é", "France"), ("Г-н", "ж", "Франция")]
        {
            let name = format!("N{}", letter.repeat(letters - 1));
            texts.push(format!("{title} {name}: Text."));
            texts.push(format!("{title} {name}  ({country}): Text."));
            texts.push(format!(
                "{title} {name} x ({country}) (spoke in French): Text."
            ));
        }
    }
    for inside in [1, 159, 160, 161, 300] {
        let note = "ü".repeat(inside);
        texts.push(format!("Mr. Smith ({note}): Text."));
        texts.push(format!("Mr. Smith (France) ({note}): Text."));
        texts.push(format!("The President ({note}) (France): Text."));
        texts.push(format!("Г-н Петров (Франция) ({note}) (x) (y): Текст."));
    }
    let mut headers = 0;
    for text in &texts {
        let window = prefix(text, MAX_HEADER);
        headers += usize::from(bounded.is_match(window));
        let from_slim = slim
            .captures(window)
            .filter(within_bounds)
            .map(|_| groups(slim, window));
        assert_eq!(from_slim.flatten(), groups(&bounded, window), "{text}");
    }
    // Both sides of each bound are met: headers taken and headers turned away.
    assert!(
        headers > texts.len() / 3 && headers < texts.len(),
        "{headers}"
    );
}

#[test]
fn notes_turned_away_before_the_pattern_are_notes_it_would_not_take() {
    for note in [
        "France",
        "Russian Federation",
        "Sweden",
        "spoken word",
        "interpreted",
        "Spoke in Russian",
        "SPEAKING IN FRENCH",
        "interpretation from the Arabic",
        "ſpoke in French",
        "говорит по-английски",
        "Говорит по-русски",
        "Франция",
        "s",
        "",
    ] {
        let taken = spoke_in_regex().is_match(note);
        assert!(may_be_language_note(note) || !taken, "{note}");
        assert_eq!(language_note(note).is_some(), taken, "{note}");
    }
    assert!(!may_be_language_note("France"));
    assert!(!may_be_language_note("Spain"));
}

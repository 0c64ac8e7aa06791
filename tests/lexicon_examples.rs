//! Every example sentence in the bundled lexicons holds: a positive example makes its theme fire
//! at least once, a negative one never does.

use ctlex::{Lexicon, Matcher, Scanner};

#[test]
fn bundled_examples_hold() {
    let lexicon = Lexicon::bundled().unwrap();
    let matcher = Matcher::new(&lexicon).unwrap();
    let mut scanner = Scanner::new(&matcher);
    let mut failures = Vec::new();
    let mut checked = 0;
    for (index, theme) in lexicon.themes().iter().enumerate() {
        for example in &theme.examples {
            let hits = scanner.count(&example.text)[index];
            checked += 1;
            let holds = if example.positive {
                hits > 0
            } else {
                hits == 0
            };
            if !holds {
                failures.push(format!(
                    "{}:{}: {} {} example has {hits} hits: {}",
                    example.location.file,
                    example.location.line,
                    example.language,
                    if example.positive {
                        "positive"
                    } else {
                        "negative"
                    },
                    example.text
                ));
            }
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} of {checked} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

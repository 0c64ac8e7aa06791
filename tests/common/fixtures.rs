//! Inputs several tests read: the small lexicon, the sample debate in `corpus/`, and the real
//! corpora in `../shared/data` when they are there.

use std::path::{Path, PathBuf};

/// A small fixed lexicon, so the expected outputs do not move when the bundled lexicons grow.
pub const LEXICON: &str = "\
theme,language,pattern,kind
ftf,en,foreign terrorist fighter,entry
ftf,en,FTF,entry
ftf,ru,иностранные боевики-террористы,entry
ftf,ru,ИБТ,entry
cells,en,sleeper cell,entry
cells,en,cell NEAR/4 terrorist,entry
cells,en,stem cell,exclude
cells,ru,спящ* ячейк*,entry
regional,en,CSTO,entry
regional,ru,ОДКБ,entry
regional,ru,Организация Договора о коллективной безопасности,entry
";

/// [`LEXICON`] with only the entries whose pattern is one of `patterns`, in its order.
pub fn lexicon_with(patterns: &[&str]) -> String {
    let mut lines = LEXICON.lines();
    let mut lexicon = format!("{}\n", lines.next().unwrap());
    for line in lines {
        let pattern = line.split(',').nth(2).unwrap();
        if patterns.contains(&pattern) {
            lexicon.push_str(line);
            lexicon.push('\n');
        }
    }
    assert_eq!(
        lexicon.lines().count(),
        patterns.len() + 1,
        "a pattern not in LEXICON: {patterns:?}"
    );
    lexicon
}

/// The sample debate bundled with the project.
pub fn sample_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The sample debate's statements, in name order.
pub fn sample_statements() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(sample_corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// `../shared/data`, when it and each of `folders` below it are there; otherwise `None`, having
/// said on stderr that the test is skipped.
pub fn shared_data(folders: &[&str]) -> Option<PathBuf> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    match std::iter::once(data.clone())
        .chain(folders.iter().map(|f| data.join(f)))
        .find(|path| !path.is_dir())
    {
        Some(absent) => {
            eprintln!("skipped: {} is absent", absent.display());
            None
        }
        None => Some(data),
    }
}

//! Loading a lexicon from files: which files a path holds, which parser reads each, and the
//! record of the encodings they were read in. It never reads the bundled lexicons, which are
//! compiled in.

use std::path::Path;
use std::sync::Arc;

use super::{bundled, dicx, flat, liwc, read, theme_file, yaml, Lexicon, Theme};
use crate::corpus::decode::{Decision, Evidence};
use crate::error::{Error, LexiconError};

impl Lexicon {
    /// Loads a folder of TOML theme files, one TOML theme file, a flat CSV/TSV file, a YAML
    /// dictionary, a LIWC dictionary or a LIWC-22 `.dicx` dictionary, with the bundled context and procedural lexicons. Files
    /// are read in any encoding ctlex reads a corpus in, and UTF-16 without a byte order mark;
    /// bytes that cannot be read exactly are an error naming the file and line. A folder that
    /// holds `context/counter_terrorism.toml` or `context/procedural.toml` brings its own
    /// context or procedural lexicon in place of the bundled one.
    pub fn load(path: &Path) -> Result<Lexicon, Error> {
        let mut read_as = Vec::new();
        let themes = if path.is_dir() {
            let mut files = Vec::new();
            let listing = std::fs::read_dir(path).map_err(|e| Error::io(path, e))?;
            for item in listing {
                let item = item.map_err(|e| Error::io(path, e))?;
                let file = item.path();
                if file.extension().is_some_and(|ext| ext == "toml") {
                    files.push(file);
                }
            }
            files.sort();
            if files.is_empty() {
                return Err(Error::Usage(format!(
                    "{}: no .toml theme files in this folder",
                    path.display()
                )));
            }
            files
                .iter()
                .map(|file| load_theme_file(file, &mut read_as))
                .collect::<Result<Vec<_>, _>>()?
        } else {
            match extension(path).as_deref() {
                Some("toml") => vec![load_theme_file(path, &mut read_as)?],
                Some("csv" | "tsv" | "tab") => read_text(path, flat::parse, &mut read_as)?,
                Some("yml" | "yaml") => read_text(path, yaml::parse, &mut read_as)?,
                Some("dic") => read_text(path, liwc::parse, &mut read_as)?,
                Some("dicx") => read_text(path, dicx::parse, &mut read_as)?,
                _ => {
                    return Err(Error::Usage(format!(
                        "{}: a lexicon is a folder of .toml theme files, a .toml file, a \
                         flat .csv/.tsv file, a YAML dictionary (.yml/.yaml), a LIWC .dic file or \
                         a LIWC-22 .dicx file",
                        path.display()
                    )))
                }
            }
        };
        if themes.is_empty() {
            return Err(LexiconError::in_file(
                path.display().to_string(),
                None,
                "the lexicon has no entries",
            )
            .into());
        }
        let lexicon = Lexicon::new(themes)?.with_bundled_units()?;
        if !path.is_dir() {
            return Ok(Lexicon { read_as, ..lexicon });
        }
        let mut beside = |name: &str| -> Result<Option<Theme>, Error> {
            let file = path.join("context").join(name);
            if file.is_file() {
                Ok(Some(load_theme_file(&file, &mut read_as)?))
            } else {
                Ok(None)
            }
        };
        let lexicon = match beside(bundled::CONTEXT.0)? {
            Some(context) => lexicon.with_context(Some(context)),
            None => lexicon,
        };
        let lexicon = match beside(bundled::PROCEDURAL.0)? {
            Some(procedural) => lexicon.with_procedural(Some(procedural)),
            None => lexicon,
        };
        Ok(Lexicon { read_as, ..lexicon })
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Reads a whole file in its encoding (see [`read`]) and parses it with `parse`, which names
/// the file in its errors. A file read otherwise than as plain UTF-8 is added to `read_as`.
fn read_text<T>(
    path: &Path,
    parse: fn(&str, &str) -> Result<T, LexiconError>,
    read_as: &mut Vec<(Arc<str>, Decision)>,
) -> Result<T, Error> {
    let read = read::read(path)?;
    let file = path.display().to_string();
    let parsed = parse(&file, &read.text)?;
    if read.decision.evidence != Evidence::ValidUtf8 {
        read_as.push((file.into(), read.decision));
    }
    Ok(parsed)
}

fn load_theme_file(path: &Path, read_as: &mut Vec<(Arc<str>, Decision)>) -> Result<Theme, Error> {
    read_text(path, theme_file::parse, read_as)
}

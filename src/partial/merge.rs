//! Adding partial counts up.

use std::collections::HashMap;

use super::{refused, Header, Partial};
use crate::error::Error;
use crate::pipeline::Outcome;

/// Adds partial counts up, checking that each was counted like the first and that no part, and
/// no input, is counted twice.
#[derive(Debug, Default)]
pub struct Merger {
    first: Option<(String, Header)>,
    inputs: Vec<String>,
    /// The part that brought each input, by input as given.
    input_parts: HashMap<String, String>,
    /// Parts by the BLAKE3 of their bytes.
    digests: HashMap<String, String>,
    /// Accept parts whose inputs overlap (each counted once by the user's own split).
    allow_overlap: bool,
    outcome: Outcome,
    mass: u64,
    parts: u64,
}

impl Merger {
    /// A merger that accepts parts whose inputs overlap when `allow_overlap` says so (an input
    /// named by two parts is refused otherwise: its statements would count twice).
    pub fn new(allow_overlap: bool) -> Merger {
        Merger {
            allow_overlap,
            ..Merger::default()
        }
    }

    /// Adds the counts of `part`, read from the file `name`.
    pub fn add(&mut self, name: &str, part: Partial) -> Result<(), Error> {
        let error = |message: String| refused(name, None, message);
        if let Some((first_name, first)) = &self.first {
            if let Some(mismatch) = part.header.mismatch(first) {
                return Err(error(format!("{mismatch} (first: {first_name})")));
            }
        }
        if let Some(twin) = self.digests.get(&part.digest) {
            return Err(error(format!(
                "the same partial counts as {twin}, byte for byte: merged twice, its statements \
                 would count twice"
            )));
        }
        if !self.allow_overlap {
            if let Some((input, other)) = part
                .header
                .inputs
                .iter()
                .find_map(|input| Some((input, self.input_parts.get(input)?)))
            {
                return Err(error(format!(
                    "counted the input `{input}`, which {other} counted too: its statements would \
                     count twice (--allow-overlap merges such parts all the same)"
                )));
            }
        }
        self.digests.insert(part.digest.clone(), name.to_string());
        for input in &part.header.inputs {
            self.input_parts
                .entry(input.clone())
                .or_insert_with(|| name.to_string());
        }
        self.mass = self.mass.checked_add(part.mass).ok_or_else(|| {
            error("counts too large: their sum with the other parts' exceeds 2^64".to_string())
        })?;
        let Partial {
            header, outcome, ..
        } = part;
        self.inputs.extend(header.inputs.iter().cloned());
        if self.first.is_none() {
            self.first = Some((name.to_string(), header));
        }
        let merged = &mut self.outcome;
        merged.tally += outcome.tally;
        merged.problems.extend(outcome.problems);
        merged.files += outcome.files;
        merged.bytes += outcome.bytes;
        self.parts += 1;
        Ok(())
    }

    /// Parts added so far.
    pub fn parts(&self) -> u64 {
        self.parts
    }

    /// The header of the sum (the inputs of every part) and the summed counts; `None` when no
    /// part was added.
    pub fn finish(self) -> Option<(Header, Outcome)> {
        let (_, mut header) = self.first?;
        header.inputs = self.inputs;
        Some((header, self.outcome))
    }
}

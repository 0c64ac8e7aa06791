//! Adding partial counts up.

use super::{refused, Header, Partial};
use crate::error::Error;
use crate::pipeline::Outcome;

/// Adds partial counts up, checking that each was counted like the first.
#[derive(Debug, Default)]
pub struct Merger {
    first: Option<(String, Header)>,
    inputs: Vec<String>,
    outcome: Outcome,
    mass: u64,
    parts: u64,
}

impl Merger {
    /// Adds the counts of `part`, read from the file `name`.
    pub fn add(&mut self, name: &str, part: Partial) -> Result<(), Error> {
        let error = |message: String| refused(name, None, message);
        if let Some((first_name, first)) = &self.first {
            if let Some(mismatch) = part.header.mismatch(first) {
                return Err(error(format!("{mismatch} (first: {first_name})")));
            }
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

//! Delegations as one key: the UN Member States, observers and a few historical delegations,
//! each with its ISO 3166 alpha-3 code, its English short name, and the names under which it
//! appears in English and Russian records (`delegations.tsv`, compiled in).
//!
//! Names are compared by their letters and digits only, case-insensitively and without a leading
//! "the", so `United States Of America`, `the United States of America` and the OCR form
//! `Republic ofKorea` all find their delegation. A name that is not in the table is never
//! guessed at: it has no code.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("delegations.tsv");

/// One delegation of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delegation {
    /// ISO 3166 alpha-3 code (`EU` for the European Union).
    pub(crate) iso3: &'static str,
    /// English short name, as the UN writes it.
    pub name: &'static str,
}

struct Table {
    delegations: Vec<Delegation>,
    by_key: HashMap<String, usize>,
    by_code: HashMap<&'static str, usize>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let mut table = Table {
            delegations: Vec::new(),
            by_key: HashMap::new(),
            by_code: HashMap::new(),
        };
        for line in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut columns = line.split('\t');
            let (Some(iso3), Some(name)) = (columns.next(), columns.next()) else {
                continue;
            };
            let index = table.delegations.len();
            table.delegations.push(Delegation { iso3, name });
            table.by_code.insert(iso3, index);
            let others = columns.flat_map(|c| c.split(';'));
            for alias in [iso3, name].into_iter().chain(others) {
                let key = key(alias);
                if !key.is_empty() {
                    table.by_key.entry(key).or_insert(index);
                }
            }
        }
        table
    })
}

/// The comparison key of a name: lowercase letters and digits, `ё` as `е`, no leading "the".
fn key(name: &str) -> String {
    let trimmed = name.trim();
    let lower = trimmed.to_lowercase();
    let rest = lower
        .strip_prefix("the ")
        .or_else(|| lower.strip_prefix("the\u{a0}"))
        .unwrap_or(&lower);
    rest.chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// The delegation known by `name` (any listed English or Russian name, or its code).
pub fn find(name: &str) -> Option<Delegation> {
    let table = table();
    table
        .by_key
        .get(&key(name))
        .and_then(|&i| table.delegations.get(i))
        .copied()
}

/// The delegation with the ISO 3166 alpha-3 `code` (`EU` included), exactly as written.
pub(crate) fn by_code(code: &str) -> Option<Delegation> {
    let table = table();
    table
        .by_code
        .get(code)
        .and_then(|&i| table.delegations.get(i))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_they_appear_in_records_find_one_code() {
        let cases = [
            ("United States of America", "USA"),
            ("United States Of America", "USA"),
            ("USA", "USA"),
            ("Соединенные Штаты Америки", "USA"),
            ("Российская Федерация", "RUS"),
            ("Russian Federation", "RUS"),
            (
                "United Kingdom Of Great Britain And Northern Ireland",
                "GBR",
            ),
            ("Republic ofKorea", "KOR"),
            ("the Niger", "NER"),
            ("Côte d’Ivoire", "CIV"),
            ("Libyan Arab Jamahiriya", "LBY"),
            ("Bolivarian Republic of Venezuela", "VEN"),
            ("Соединённое Королевство", "GBR"),
            ("European Union", "EU"),
        ];
        for (name, code) in cases {
            assert_eq!(find(name).map(|d| d.iso3), Some(code), "{name}");
        }
    }

    #[test]
    fn unknown_names_have_no_code() {
        for name in ["League of Arab States", "", "Atlantis", "Mr. Churkin"] {
            assert_eq!(find(name), None, "{name}");
        }
    }

    #[test]
    fn every_member_state_is_listed_once_by_code() {
        let table = table();
        assert_eq!(table.delegations.len(), 197);
        assert_eq!(table.by_code.len(), table.delegations.len());
        assert_eq!(by_code("RUS").map(|d| d.name), Some("Russian Federation"));
        assert_eq!(by_code("rus"), None);
    }
}

//! Reading the `--errors` report a run wrote.

use super::Workdir;

/// The `--errors` report `name` as `kind file:line` lines, sorted, with the message of each.
pub fn problems(wd: &Workdir, name: &str) -> Vec<(String, String)> {
    let mut problems: Vec<(String, String)> = csv::Reader::from_reader(wd.read(name).as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (format!("{} {}:{}", &r[2], &r[0], &r[1]), r[3].to_string())
        })
        .collect();
    problems.sort();
    problems
}

/// The `kind file:line` of each of `problems`.
pub fn kinds(problems: &[(String, String)]) -> Vec<&str> {
    problems.iter().map(|(kind, _)| kind.as_str()).collect()
}

//! The reports of a collection that a command's answer leaves out because they do not
//! load: noted by every command over a collection, told once on stderr at the end with
//! the partial exit status, or, with `--strict`, the command's failure.

use std::path::{Path, PathBuf};

use super::{Failure, PARTIAL};
use crate::dataset::{LoadError, Problem};
use crate::text::escape_path;

/// At most this many skipped reports are named in the notice; the rest are counted
/// (`nianbao check` lists them all).
const NAMED: usize = 10;

/// The reports left out of a command's answer: their `report.csv` cannot be read, their
/// id is taken, or they do not load. Every command over a collection notes them here
/// ([`Skipped::skip`], [`Skipped::left_out`]) and asks [`Skipped::settle`] once it has
/// gone through its reports; [`Skipped::finish`] ends the command.
#[derive(Debug)]
pub(super) struct Skipped {
    /// `--strict`: any report left out fails the command.
    strict: bool,
    /// The collection (`--data`), for the `nianbao check DIR` hint.
    data: Option<PathBuf>,
    /// Each report left out: its directory and its problems, in the order found.
    reports: Vec<(PathBuf, Vec<Problem>)>,
    /// Whether `settle` failed the command (its problems are then the message).
    failed: bool,
}

impl Skipped {
    pub fn new(data: Option<&Path>, strict: bool) -> Skipped {
        Skipped {
            strict,
            data: data.map(Path::to_path_buf),
            reports: Vec::new(),
            failed: false,
        }
    }

    /// A report (its directory) that does not load, with its problems. A report noted
    /// again (the files read after the index could not be) keeps one entry.
    pub fn skip(&mut self, directory: &Path, problems: Vec<Problem>) {
        match self.reports.iter_mut().find(|(d, _)| d == directory) {
            Some((_, known)) => *known = problems,
            None => self.reports.push((directory.to_path_buf(), problems)),
        }
    }

    /// The problems of reports a catalog left out (unreadable `report.csv`, a taken id):
    /// each problem's file is in its report's directory.
    pub fn left_out(&mut self, problems: &[Problem]) {
        for problem in problems {
            let directory = problem.file.parent().unwrap_or(&problem.file);
            match self.reports.iter_mut().find(|(d, _)| d == directory) {
                Some((_, known)) if !known.contains(problem) => known.push(problem.clone()),
                Some(_) => {}
                None => self
                    .reports
                    .push((directory.to_path_buf(), vec![problem.clone()])),
            }
        }
    }

    /// Whether a report was left out while `--strict` asks for every one: the command
    /// stops handing over answers (and fails at [`Skipped::settle`]).
    pub fn stopped(&self) -> bool {
        self.strict && !self.reports.is_empty()
    }

    /// After going through the reports, `loaded` of which loaded: invalid data (exit 2,
    /// every problem listed) when `--strict` and some were left out, or when none loaded
    /// (nothing to answer from: a single report named, or a collection of broken ones).
    pub fn settle(&mut self, loaded: usize) -> Result<(), Failure> {
        if self.reports.is_empty() || (!self.strict && loaded > 0) {
            return Ok(());
        }
        self.failed = true;
        Err(Failure::invalid_data(&LoadError {
            problems: self
                .reports
                .iter()
                .flat_map(|(_, problems)| problems.iter().cloned())
                .collect(),
        }))
    }

    /// The command's end, once its output is written: with reports left out, a success
    /// becomes the partial exit status ([`PARTIAL`]) with the notice, and another
    /// failure (no match, no such item) says the notice after its own message, since the
    /// answer may lie in a report left out.
    pub fn finish(self, result: Result<(), Failure>) -> Result<(), Failure> {
        let Some(notice) = self.notice().filter(|_| !self.failed) else {
            return result;
        };
        match result {
            Ok(()) => Err(Failure {
                message: notice,
                code: PARTIAL,
            }),
            Err(failure) => Err(Failure {
                // A line of its own, as main writes a failure's first.
                message: format!("{}\nnianbao: {notice}", failure.message.trim_end()),
                code: failure.code,
            }),
        }
    }

    /// `2 reports do not load and are left out: a, b (nianbao check DIR lists every
    /// problem; --strict fails instead)`, the first [`NAMED`] named by their directory,
    /// in name order.
    fn notice(&self) -> Option<String> {
        let count = self.reports.len();
        if count == 0 {
            return None;
        }
        let mut names: Vec<String> = self
            .reports
            .iter()
            .map(|(directory, _)| {
                escape_path(Path::new(
                    directory.file_name().unwrap_or(directory.as_os_str()),
                ))
            })
            .collect();
        names.sort();
        let more = match count.saturating_sub(NAMED) {
            0 => String::new(),
            more => format!(" and {more} more"),
        };
        names.truncate(NAMED);
        let (noun, verb) = if count == 1 {
            ("report", "does not load and is")
        } else {
            ("reports", "do not load and are")
        };
        let check = match &self.data {
            Some(dir) => format!("nianbao check {}", escape_path(dir)),
            None => "nianbao check".to_string(),
        };
        Some(format!(
            "{count} {noun} {verb} left out: {}{more} ({check} lists every problem; --strict fails instead)",
            names.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::ProblemKind;

    fn problem(directory: &str) -> Problem {
        Problem::new(
            ProblemKind::SourceNotFound,
            Path::new(directory).join("indicators.csv"),
            Some(3),
            "source sentence does not occur in the report text".to_string(),
        )
    }

    fn skipped(strict: bool, directories: &[&str]) -> Skipped {
        let mut skipped = Skipped::new(Some(Path::new("/c")), strict);
        for directory in directories {
            skipped.skip(Path::new(directory), vec![problem(directory)]);
        }
        skipped
    }

    #[test]
    fn nothing_left_out_changes_nothing() {
        let mut none = skipped(true, &[]);
        assert!(!none.stopped());
        assert!(none.settle(0).is_ok());
        assert!(none.finish(Ok(())).is_ok());
    }

    #[test]
    fn a_report_left_out_makes_the_answer_partial_and_is_named() {
        let mut one = skipped(false, &["/c/b-2020"]);
        assert!(!one.stopped());
        assert!(one.settle(3).is_ok());
        let failure = one.finish(Ok(())).unwrap_err();
        assert_eq!(failure.code, PARTIAL);
        assert_eq!(
            failure.message,
            "1 report does not load and is left out: b-2020 \
             (nianbao check /c lists every problem; --strict fails instead)"
        );
    }

    #[test]
    fn many_left_out_are_counted_past_the_first_named() {
        let directories: Vec<String> = (0..12).map(|n| format!("/c/r{n:02}")).collect();
        let refs: Vec<&str> = directories.iter().map(String::as_str).collect();
        let failure = skipped(false, &refs).finish(Ok(())).unwrap_err();
        assert!(
            failure
                .message
                .starts_with("12 reports do not load and are left out: r00, r01,"),
            "{}",
            failure.message
        );
        assert!(
            failure.message.contains("r09 and 2 more ("),
            "{}",
            failure.message
        );
    }

    #[test]
    fn strict_or_nothing_loaded_is_invalid_data_with_every_problem() {
        for (strict, loaded) in [(true, 5), (false, 0)] {
            let mut two = skipped(strict, &["/c/a", "/c/b"]);
            assert_eq!(two.stopped(), strict);
            let failure = two.settle(loaded).unwrap_err();
            assert_eq!(failure.code, 2);
            assert!(failure.message.starts_with("invalid dataset: 2 problems"));
            let failure = two.finish(Err(failure)).unwrap_err();
            assert!(!failure.message.contains("left out"), "{}", failure.message);
        }
    }

    #[test]
    fn another_failure_keeps_its_code_and_says_the_notice() {
        let one = skipped(false, &["/c/b"]);
        let failure = one
            .finish(Err(Failure::usage("no item `case:9` in a".to_string())))
            .unwrap_err();
        assert_eq!(failure.code, 1);
        assert!(
            failure
                .message
                .starts_with("no item `case:9` in a\nnianbao: 1 report"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn a_report_noted_twice_or_left_out_by_file_is_one_report() {
        let mut twice = skipped(false, &["/c/a", "/c/a"]);
        twice.left_out(&[problem("/c/a"), problem("/c/z")]);
        assert_eq!(twice.reports.len(), 2);
        assert_eq!(twice.reports[1].0, Path::new("/c/z"));
    }
}

//! What can be wrong with a dataset, each problem with its file and line.

use std::path::{Path, PathBuf};

/// The kinds of problem, for callers (and tests) that act on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ProblemKind {
    MissingFile,
    NotUtf8,
    /// A CSV row that cannot be read: bad quoting, a missing column in the header.
    MalformedRow,
    WrongColumnCount,
    DuplicateId,
    /// A reference to a section, school, indicator … that does not exist.
    UnknownReference,
    /// A field whose value cannot be parsed (a number, a flag, an id).
    BadValue,
    /// A source sentence that is not in the report's text, or not where it says.
    SourceNotFound,
    /// A value that does not agree with its source or its parts.
    Inconsistent,
}

/// One problem in a dataset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
// One line, whatever the file is called and the message quotes: it is shown as it is.
#[error("{}: {}", place(.file, .line), crate::text::escape_controls(.message))]
pub struct Problem {
    pub kind: ProblemKind,
    pub file: PathBuf,
    /// 1-based line in the file, where one applies.
    pub line: Option<u64>,
    pub message: String,
}

impl Problem {
    pub fn new(kind: ProblemKind, file: PathBuf, line: Option<u64>, message: String) -> Self {
        Problem {
            kind,
            file,
            line,
            message,
        }
    }
}

/// Where a problem is: `file:line`, or the file alone.
fn place(file: &Path, line: &Option<u64>) -> String {
    match line {
        Some(line) => format!("{}:{line}", crate::text::escape_path(file)),
        None => crate::text::escape_path(file),
    }
}

/// A dataset that failed to load, with every problem found.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", listed(.problems))]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

/// At most this many problems are listed; the rest are counted. A broken file can have a
/// million bad rows, and nobody reads past the first screens.
pub const MAX_PROBLEMS_SHOWN: usize = 200;

/// `invalid dataset: 3 problems` and the problems, one a line, the first
/// [`MAX_PROBLEMS_SHOWN`] of them.
fn listed(problems: &[Problem]) -> String {
    let count = problems.len();
    let mut text = format!(
        "invalid dataset: {count} problem{}\n",
        if count == 1 { "" } else { "s" }
    );
    for problem in problems.iter().take(MAX_PROBLEMS_SHOWN) {
        text.push_str(&format!("  {problem}\n"));
    }
    if count > MAX_PROBLEMS_SHOWN {
        text.push_str(&format!(
            "  … and {} more problems (fix these and check again)\n",
            count - MAX_PROBLEMS_SHOWN
        ));
    }
    text
}

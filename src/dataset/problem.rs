//! What can be wrong with a dataset, each problem with its file and line.

use std::fmt;
use std::path::PathBuf;

/// The kinds of problem, for callers (and tests) that act on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// A dataset that failed to load, with every problem found.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

/// At most this many problems are listed; the rest are counted. A broken file can have a
/// million bad rows, and nobody reads past the first screens.
pub const MAX_PROBLEMS_SHOWN: usize = 200;

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        writeln!(
            f,
            "invalid dataset: {count} problem{}",
            if count == 1 { "" } else { "s" }
        )?;
        for problem in self.problems.iter().take(MAX_PROBLEMS_SHOWN) {
            writeln!(f, "  {problem}")?;
        }
        if count > MAX_PROBLEMS_SHOWN {
            writeln!(
                f,
                "  … and {} more problems (fix these and check again)",
                count - MAX_PROBLEMS_SHOWN
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

//! What the index keeps that is not plain text: a report directory's name as bytes, and
//! problems as JSON with their files relative to the report's directory (so they read
//! the same whichever spelling of the collection's path a command is given).

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::dataset::{Problem, ProblemKind};

/// A report directory's name within its collection, as bytes (names need not be UTF-8).
pub fn directory_name(directory: &Path) -> Vec<u8> {
    directory
        .file_name()
        .unwrap_or(directory.as_os_str())
        .as_bytes()
        .to_vec()
}

/// The directory named `name` within `collection`.
pub fn directory_path(collection: &Path, name: &[u8]) -> PathBuf {
    collection.join(std::ffi::OsStr::from_bytes(name))
}

#[derive(Serialize, Deserialize)]
struct StoredProblem {
    kind: ProblemKind,
    /// Relative to the report's directory; `None` for the directory itself.
    file: Option<PathBuf>,
    line: Option<u64>,
    message: String,
}

/// A report's problems as the index keeps them.
#[derive(Serialize, Deserialize)]
pub struct StoredProblems(Vec<StoredProblem>);

impl StoredProblems {
    pub fn of(problems: &[Problem], directory: &Path) -> StoredProblems {
        StoredProblems(
            problems
                .iter()
                .map(|p| StoredProblem {
                    kind: p.kind,
                    file: match p.file.strip_prefix(directory) {
                        Ok(relative) if relative.as_os_str().is_empty() => None,
                        Ok(relative) => Some(relative.to_path_buf()),
                        Err(_) => Some(p.file.clone()),
                    },
                    line: p.line,
                    message: p.message.clone(),
                })
                .collect(),
        )
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The problems again, their files under `directory`; `None` when the text is not
    /// what [`StoredProblems::to_json`] wrote.
    pub fn read(json: &str, directory: &Path) -> Option<Vec<Problem>> {
        let stored: StoredProblems = serde_json::from_str(json).ok()?;
        Some(
            stored
                .0
                .into_iter()
                .map(|p| Problem {
                    kind: p.kind,
                    file: p
                        .file
                        .map_or_else(|| directory.to_path_buf(), |f| directory.join(f)),
                    line: p.line,
                    message: p.message,
                })
                .collect(),
        )
    }
}

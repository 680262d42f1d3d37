//! Writing a dataset directory without ever losing a user's file: ingest's use of
//! `staged_dir` (one ingest at a time per target, staging beside it, the swap into place,
//! cleanup). What is particular to datasets is here: the target may be missing, an empty
//! folder, or (`--force`) a folder of dataset files only; the staging copy is validated
//! as a dataset before it is swapped in; a backup of an old dataset beside a new one is
//! never deleted (it may hold curated rows). Nothing is ever deleted but dataset files
//! nianbao wrote and the empty folders it made.

use crate::text::escape_path;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::Failure;
use super::staged_dir::{Kind, Locked, changing, entries_at, fail, listed, refuse};
use crate::dataset::{Dataset, OPTIONAL_FILES, REPORT_FILES};

/// Ingest as a command that writes directories: the dataset files are its own.
static INGEST: Kind = Kind {
    verb: "ingest",
    restored: "its dataset, curated rows and all,",
    owns: is_dataset_name,
    keeps_backups: true,
};

/// The target of an ingest, locked for this run.
pub struct Target {
    locked: Locked,
    /// The dataset already there, when `--force` updates it.
    existing: bool,
}

/// What is at `out` now.
enum Found {
    Nothing,
    EmptyDirectory,
    Dataset,
}

/// Looks at `out` and refuses anything that is not nothing, an empty folder, or (with
/// `force`) a dataset: a file, a symbolic link, a folder holding other things.
fn inspect(out: &Path, force: bool) -> Result<Found, Failure> {
    let shown = escape_path(out);
    let Some(entries) = entries_at(out)? else {
        return Ok(Found::Nothing);
    };
    if entries.is_empty() {
        return Ok(Found::EmptyDirectory);
    }
    if !force {
        return Err(refuse(format!(
            "{shown} exists and is not empty; pass --force to update the dataset in it (curated rows are kept)"
        )));
    }
    let foreign: Vec<String> = entries
        .iter()
        .filter(|entry| !is_dataset_file(entry))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    if !foreign.is_empty() {
        return Err(refuse(format!(
            "{shown} holds more than a dataset ({}); --force replaces only a dataset directory, \
             so nothing was changed: choose another --out",
            listed(foreign, 5)
        )));
    }
    Ok(Found::Dataset)
}

fn is_dataset_file(entry: &fs::DirEntry) -> bool {
    is_dataset_name(&entry.file_name().to_string_lossy())
        && entry.file_type().is_ok_and(|t| t.is_file())
}

fn is_dataset_name(name: &str) -> bool {
    REPORT_FILES
        .iter()
        .chain(OPTIONAL_FILES)
        .any(|f| name == *f)
}

impl Target {
    /// Checks `out`, makes its parent folders, takes the lock and clears stale staging.
    /// Returns the target and whether a dataset is there to keep curated rows from.
    pub fn lock(out: &Path, force: bool) -> Result<Target, Failure> {
        inspect(out, force)?;
        let locked = Locked::take(out, &INGEST)?;
        // Again, under the lock: a backup of a killed run may have been put back.
        let found = inspect(out, force)?;
        Ok(Target {
            locked,
            existing: matches!(found, Found::Dataset),
        })
    }

    /// The dataset already at the target, when it is to be updated.
    pub fn existing(&self) -> Option<&Path> {
        self.existing.then_some(self.locked.out())
    }

    /// Writes the files to staging, validates them as a dataset, and renames them into
    /// place. On any failure nothing at the target has changed. Each file's contents are
    /// dropped once written: the dataset is then read back to validate it, and a report's
    /// text need not be in memory twice meanwhile.
    pub fn commit(self, files: Vec<(&'static str, String)>) -> Result<PathBuf, Failure> {
        let out = self.locked.out();
        let staging = self.locked.staging()?;
        for (file, content) in files {
            let _changing = changing();
            write_synced(&staging.join(file), content.as_bytes())
                .map_err(|e| fail(format!("{}: {e}", escape_path(&out.join(file)))))?;
        }
        if let Err(error) = Dataset::from_dir(&staging) {
            // Problems name the files as they would have been, not the staging copy.
            let message = error
                .to_string()
                .replace(&escape_path(&staging), &escape_path(out));
            return Err(fail(format!(
                "the dataset did not validate, so nothing was written:\n{message}"
            )));
        }
        // A rename onto a non-empty directory or a file fails, so whatever appeared at
        // the target meanwhile is never replaced; a dataset being updated is exchanged.
        let found = inspect(out, self.existing)?;
        self.locked
            .swap_in(&staging, matches!(found, Found::Dataset))?;
        Ok(out.to_path_buf())
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dataset_that_does_not_validate_leaves_no_trace_not_even_its_parents() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("made/for/this/out");
        let target = Target::lock(&out, false).unwrap();
        assert!(temp.path().join("made/for/this/.out.nianbao-lock").exists());
        let files: Vec<(&'static str, String)> = REPORT_FILES
            .iter()
            .map(|&name| (name, "not,a\ndataset\n".to_string()))
            .collect();
        let Err(error) = target.commit(files) else {
            panic!("files that are no dataset validated");
        };
        assert!(
            error.message.contains("did not validate"),
            "{}",
            error.message
        );
        // Problems name the files at --out, not the staging copy.
        assert!(
            error.message.contains("made/for/this/out/"),
            "{}",
            error.message
        );
        assert!(
            !error.message.contains("nianbao-ingest"),
            "{}",
            error.message
        );
        assert_eq!(fs::read_dir(temp.path()).unwrap().count(), 0, "left behind");
    }

    #[test]
    fn dataset_names_are_the_dataset_files() {
        assert!(is_dataset_name("report.csv") && is_dataset_name("relations.csv"));
        assert!(!is_dataset_name("notes.md") && !is_dataset_name("report.csv.bak"));
    }
}

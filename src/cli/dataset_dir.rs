//! Writing a dataset directory without ever losing a user's file. One ingest at a time
//! per target (a lock file beside it); the new dataset is written to a staging directory
//! beside the target, validated, and renamed into place; `--force` replaces only a
//! directory that holds nothing but dataset files, by an atomic exchange where the system
//! has one (`swap`), and a backup a killed run left is put back by the next; a failure, Ctrl-C or SIGTERM removes
//! the staging directory, the lock and any parent folders this run created; staging left
//! by a killed run is recognised and removed by the next one. Nothing is ever deleted
//! but dataset files nianbao wrote and the empty folders it made.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod swap;

use super::Failure;
use crate::dataset::{Dataset, OPTIONAL_FILES, REPORT_FILES};

/// What a run created and must remove if it does not finish.
#[derive(Default)]
struct Created {
    staging: Option<PathBuf>,
    lock: Option<PathBuf>,
    /// Folders made for `--out`'s parents, innermost last.
    parents: Vec<PathBuf>,
}

/// The one run of this process, for the signal handler to clean up after.
static CREATED: Mutex<Option<Created>> = Mutex::new(None);

/// Held while the run changes the file system (makes staging, writes a file, renames),
/// and taken for good by the signal handler: cleaning up never races a write that would
/// put a file back into a folder being removed.
static CHANGING: Mutex<()> = Mutex::new(());

fn changing() -> std::sync::MutexGuard<'static, ()> {
    CHANGING.lock().unwrap_or_else(|p| p.into_inner())
}

/// The target of an ingest, locked for this run.
pub struct Target {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    /// The dataset already there, when `--force` updates it.
    existing: bool,
}

fn fail(message: String) -> Failure {
    Failure { message, code: 2 }
}

fn refuse(message: String) -> Failure {
    Failure { message, code: 1 }
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
    let shown = out.display();
    let metadata = match fs::symlink_metadata(out) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(error) => return Err(fail(format!("{shown}: {error}"))),
    };
    if metadata.file_type().is_symlink() {
        return Err(refuse(format!(
            "{shown} is a symbolic link; give the directory it points to, or another --out"
        )));
    }
    if !metadata.is_dir() {
        return Err(refuse(format!(
            "{shown} exists and is not a directory; nothing was changed"
        )));
    }
    let entries: Vec<fs::DirEntry> = fs::read_dir(out)
        .map_err(|e| fail(format!("{shown}: {e}")))?
        .collect::<Result<_, _>>()
        .map_err(|e| fail(format!("{shown}: {e}")))?;
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
        let shown_names: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
        return Err(refuse(format!(
            "{shown} holds more than a dataset ({}{}); --force replaces only a dataset directory, \
             so nothing was changed: choose another --out",
            shown_names.join(", "),
            if foreign.len() > 5 { ", …" } else { "" }
        )));
    }
    Ok(Found::Dataset)
}

fn is_dataset_file(entry: &fs::DirEntry) -> bool {
    let name = entry.file_name();
    REPORT_FILES
        .iter()
        .chain(OPTIONAL_FILES)
        .any(|f| name == *f)
        && entry.file_type().is_ok_and(|t| t.is_file())
}

impl Target {
    /// Checks `out`, makes its parent folders, takes the lock and clears stale staging.
    /// Returns the target and whether a dataset is there to keep curated rows from.
    pub fn lock(out: &Path, force: bool) -> Result<Target, Failure> {
        let mut found = inspect(out, force)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| n != "." && n != "..")
            .ok_or_else(|| refuse(format!("{}: --out must name a directory", out.display())))?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        install_cleanup();
        make_parents(&parent)?;
        let lock = parent.join(format!(".{name}.nianbao-lock"));
        {
            let _changing = changing();
            take_lock(&lock, out)?;
            remember(|created| created.lock = Some(lock));
        }
        let recovery = swap::recover_backups(&parent, &name, out);
        for notice in recovery.notices(out) {
            eprintln!("{}", super::escape_lines(&notice));
        }
        if recovery.restored.is_some() {
            found = inspect(out, force).inspect_err(|_| clean_up())?;
        }
        remove_stale_staging(&parent, &name);
        Ok(Target {
            out: out.to_path_buf(),
            parent,
            name,
            existing: matches!(found, Found::Dataset),
        })
    }

    /// The dataset already at the target, when it is to be updated.
    pub fn existing(&self) -> Option<&Path> {
        self.existing.then_some(self.out.as_path())
    }

    /// Writes the files to staging, validates them as a dataset, and renames them into
    /// place. On any failure nothing at the target has changed. Each file's contents are dropped once written: the dataset is then read back to
    /// validate it, and a report's text need not be in memory twice meanwhile.
    pub fn commit(self, files: Vec<(&'static str, String)>) -> Result<PathBuf, Failure> {
        let staging = self.parent.join(format!(
            ".{}.nianbao-ingest-{}",
            self.name,
            std::process::id()
        ));
        {
            let _changing = changing();
            fs::create_dir(&staging).map_err(|e| fail(format!("{}: {e}", staging.display())))?;
            remember(|created| created.staging = Some(staging.clone()));
        }
        for (file, content) in files {
            let _changing = changing();
            write_synced(&staging.join(file), content.as_bytes())
                .map_err(|e| fail(format!("{}: {e}", self.out.join(file).display())))?;
        }
        if let Err(error) = Dataset::from_dir(&staging) {
            // Problems name the files as they would have been, not the staging copy.
            let message = error.to_string().replace(
                &staging.display().to_string(),
                &self.out.display().to_string(),
            );
            return Err(fail(format!(
                "the dataset did not validate, so nothing was written:\n{message}"
            )));
        }
        let _changing = changing();
        self.swap_in(&staging)?;
        remember(|created| {
            created.staging = None;
            created.parents.clear();
        });
        Ok(self.out.clone())
    }

    /// Puts staging at the target. A rename onto a non-empty directory or a file fails,
    /// so whatever appeared there meanwhile is never replaced; a dataset being updated is
    /// exchanged with staging atomically where the system can (`swap::replace`).
    fn swap_in(&self, staging: &Path) -> Result<(), Failure> {
        let out = &self.out;
        match inspect(out, self.existing)? {
            Found::Nothing | Found::EmptyDirectory => fs::rename(staging, out).map_err(|error| {
                fail(format!(
                    "{} appeared while ingesting ({error}); nothing was replaced",
                    out.display()
                ))
            }),
            Found::Dataset => {
                let backup = swap::unique_backup(&self.parent, &self.name);
                swap::replace(out, staging, &backup)
                    .map_err(|e| fail(format!("{}: {e}", out.display())))
            }
        }
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        clean_up();
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

/// Makes the missing parent folders, remembering them for removal on failure.
fn make_parents(parent: &Path) -> Result<(), Failure> {
    let missing: Vec<PathBuf> = parent
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && fs::symlink_metadata(p).is_err())
        .map(Path::to_path_buf)
        .collect();
    for folder in missing.iter().rev() {
        let _changing = changing();
        fs::create_dir(folder).map_err(|e| fail(format!("{}: {e}", folder.display())))?;
        remember(|created| created.parents.push(folder.clone()));
    }
    Ok(())
}

/// Takes the lock file (created exclusively, with our PID); a lock whose process is gone
/// is stale and taken over.
fn take_lock(lock: &Path, out: &Path) -> Result<(), Failure> {
    for _ in 0..2 {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(lock)
        {
            Ok(mut file) => {
                let _ = writeln!(file, "{}", std::process::id());
                return Ok(());
            }
            Err(error) if error.kind() == ErrorKind::AlreadyExists => {
                let holder = fs::read_to_string(lock)
                    .ok()
                    .and_then(|text| text.trim().parse::<u32>().ok());
                match holder {
                    Some(pid) if process_alive(pid) => {
                        return Err(refuse(format!(
                            "another nianbao ingest (process {pid}) is writing {}; wait for it to finish",
                            out.display()
                        )));
                    }
                    // Written by a run that has ended: stale.
                    _ => {
                        let _ = fs::remove_file(lock);
                    }
                }
            }
            Err(error) => return Err(fail(format!("{}: {error}", lock.display()))),
        }
    }
    Err(fail(format!(
        "{}: cannot take the ingest lock",
        lock.display()
    )))
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// Staging folders of this target left by runs that were killed (we hold the lock, so
/// no other run is writing one).
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.nianbao-ingest-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_ours = file_name
            .strip_prefix(&prefix)
            .is_some_and(|pid| pid.bytes().all(|b| b.is_ascii_digit()));
        if is_ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
            remove_dataset_dir(&entry.path());
        }
    }
}

/// Removes the dataset files nianbao writes from a folder, then the folder if that left
/// it empty: anything else in it stays.
fn remove_dataset_dir(dir: &Path) {
    for file in REPORT_FILES.iter().chain(OPTIONAL_FILES) {
        let path = dir.join(file);
        if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            let _ = fs::remove_file(path);
        }
    }
    let _ = fs::remove_dir(dir);
}

fn remember(change: impl FnOnce(&mut Created)) {
    let mut created = CREATED.lock().unwrap_or_else(|p| p.into_inner());
    change(created.get_or_insert_with(Created::default));
}

/// Undoes what this run created and did not hand over: staging, lock, new parents.
fn clean_up() {
    let taken = CREATED.lock().unwrap_or_else(|p| p.into_inner()).take();
    let Some(created) = taken else {
        return;
    };
    if let Some(staging) = created.staging {
        remove_dataset_dir(&staging);
    }
    if let Some(lock) = created.lock {
        let _ = fs::remove_file(lock);
    }
    for folder in created.parents.iter().rev() {
        // Only if empty: something else may have been put there meanwhile.
        let _ = fs::remove_dir(folder);
    }
}

/// Ctrl-C, SIGTERM or SIGHUP during an ingest: clean up, then end as the signal says.
fn install_cleanup() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Wait for the change under way, then keep the file system still.
                    let _still = changing();
                    clean_up();
                    std::process::exit(128 + signal);
                }
            });
        });
    }
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
    fn removing_a_dataset_folder_keeps_anything_else_in_it() {
        let temp = tempfile::tempdir().unwrap();
        fs::write(temp.path().join("report.csv"), "x").unwrap();
        fs::write(temp.path().join("notes.md"), "mine").unwrap();
        remove_dataset_dir(temp.path());
        assert!(!temp.path().join("report.csv").exists());
        assert!(temp.path().join("notes.md").exists());
    }
}

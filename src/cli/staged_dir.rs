//! Writing a directory whole, for every command that writes one (`ingest`'s datasets,
//! `export deck`'s slides): one run at a time per target (a lock file beside it), the new
//! directory staged beside the target and swapped into place (`swap`); what a run
//! created and did not hand over (staging, its lock, parent folders) is removed on a
//! failure, Ctrl-C or SIGTERM, or by the next run when it was killed. Nothing is ever
//! deleted but files of the names the command writes and the empty folders nianbao made.
//! A batch ingest runs several targets at once in one process: each run keeps its own
//! record of what it created.

use crate::text::escape_path;
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod swap;

use super::Failure;

/// A command that writes directories, and what is its own in them.
pub struct Kind {
    /// The command: "ingest", "export". Names its lock's holder and its staging folders.
    pub verb: &'static str,
    /// What a restored backup held, for the notice: "its dataset, curated rows and all,".
    pub restored: &'static str,
    /// Whether a plain file of this name is one the command writes: the only files ever
    /// removed from its staging, or from an old directory it replaced.
    pub owns: fn(&str) -> bool,
    /// Whether a copy of an old directory left beside a target that has a new one is kept
    /// (it may hold the user's work, as curated rows) or its files removed (the command
    /// makes them again).
    pub keeps_backups: bool,
}

/// What a run created and must remove if it does not finish.
#[derive(Default)]
struct Created {
    staging: Option<PathBuf>,
    lock: Option<PathBuf>,
    /// Folders made for `--out`'s parents, innermost last.
    parents: Vec<PathBuf>,
    owns: Option<fn(&str) -> bool>,
}

/// The runs of this process under way (by run number), for the signal handler to clean
/// up after; a run's entry is removed when it ends.
static CREATED: Mutex<Vec<(u64, Created)>> = Mutex::new(Vec::new());

/// The number of the next run (each `Locked` is one).
static NEXT_RUN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Held while the run changes the file system (makes staging, creates a file, renames),
/// and taken for good by the signal handler: cleaning up never races a change that would
/// put a file back into a folder being removed.
static CHANGING: Mutex<()> = Mutex::new(());

/// Hold this while creating anything in staging.
pub fn changing() -> std::sync::MutexGuard<'static, ()> {
    CHANGING.lock().unwrap_or_else(|p| p.into_inner())
}

/// A failure of the file system (exit 2).
pub(super) fn fail(message: String) -> Failure {
    Failure { message, code: 2 }
}

/// A target that must not be written (exit 1, as a usage error).
pub(super) fn refuse(message: String) -> Failure {
    Failure { message, code: 1 }
}

/// What is at a target: nothing (`None`), or a directory and what it holds. A symbolic
/// link, or anything but a directory, is refused.
pub fn entries_at(out: &Path) -> Result<Option<Vec<fs::DirEntry>>, Failure> {
    let shown = escape_path(out);
    let metadata = match fs::symlink_metadata(out) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
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
    let entries = fs::read_dir(out)
        .map_err(|e| fail(format!("{shown}: {e}")))?
        .collect::<Result<_, _>>()
        .map_err(|e| fail(format!("{shown}: {e}")))?;
    Ok(Some(entries))
}

/// A target directory, locked for this run; unlocked (and what the run left cleaned up)
/// when dropped.
pub struct Locked {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    kind: &'static Kind,
    /// This run's entry in [`CREATED`].
    run: u64,
}

impl Locked {
    /// Makes `out`'s missing parent folders, takes the lock beside it, puts back a backup
    /// a killed run left where `out` is missing (saying so on stderr), and removes staging
    /// left by killed runs. Callers look at `out` before (to refuse early) and after: a
    /// backup may have been put back.
    pub fn take(out: &Path, kind: &'static Kind) -> Result<Locked, Failure> {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| n != "." && n != "..")
            .ok_or_else(|| refuse(format!("{}: --out must name a directory", escape_path(out))))?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        install_cleanup();
        // Made first, so that whatever fails below is cleaned up when it is dropped.
        let locked = Locked {
            out: out.to_path_buf(),
            parent,
            name,
            kind,
            run: NEXT_RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        let (parent, name, run) = (&locked.parent, &locked.name, locked.run);
        remember(run, |created| created.owns = Some(kind.owns));
        make_parents(run, parent)?;
        let lock = parent.join(format!(".{name}.nianbao-lock"));
        {
            let _changing = changing();
            take_lock(&lock, out, kind.verb)?;
            remember(run, |created| created.lock = Some(lock));
        }
        let recovery = swap::recover_backups(parent, name, out, kind);
        for notice in recovery.notices(out, kind) {
            // Not eprintln!: it panics when stderr is gone (a closed terminal).
            let _ = writeln!(std::io::stderr(), "{}", super::escape_lines(&notice));
        }
        remove_stale_staging(parent, name, kind);
        Ok(locked)
    }

    pub fn out(&self) -> &Path {
        &self.out
    }

    /// A new, empty staging folder beside the target (`.NAME.nianbao-VERB-PID`), removed
    /// unless it is swapped in.
    pub fn staging(&self) -> Result<PathBuf, Failure> {
        let staging = self.parent.join(format!(
            ".{}.nianbao-{}-{}",
            self.name,
            self.kind.verb,
            std::process::id()
        ));
        let _changing = changing();
        fs::create_dir(&staging).map_err(|e| fail(format!("{}: {e}", escape_path(&staging))))?;
        remember(self.run, |created| created.staging = Some(staging.clone()));
        Ok(staging)
    }

    /// Puts staging at the target. Without `replace`, by a rename, which fails on a
    /// non-empty directory or a file, so whatever appeared there meanwhile is never
    /// replaced; with it, by an atomic exchange with the directory there where the system
    /// can (`swap::replace`), whose own files are then removed.
    pub fn swap_in(&self, staging: &Path, replace: bool) -> Result<(), Failure> {
        let _changing = changing();
        let out = &self.out;
        if replace {
            let backup = swap::unique_backup(&self.parent, &self.name);
            swap::replace(out, staging, &backup, self.kind.owns)
                .map_err(|e| fail(format!("{}: {e}", escape_path(out))))?;
        } else {
            fs::rename(staging, out).map_err(|error| {
                fail(format!(
                    "{} appeared while {}ing ({error}); nothing was replaced",
                    escape_path(out),
                    self.kind.verb
                ))
            })?;
        }
        remember(self.run, |created| {
            created.staging = None;
            created.parents.clear();
        });
        Ok(())
    }
}

impl Drop for Locked {
    fn drop(&mut self) {
        clean_up(Some(self.run));
    }
}

/// Makes the missing parent folders, remembering them for removal on failure.
fn make_parents(run: u64, parent: &Path) -> Result<(), Failure> {
    make_folders(parent, |folder| {
        remember(run, |created| created.parents.push(folder.to_path_buf()));
    })
}

/// Makes `dir` and its missing parents, outermost first, telling `made` of each.
pub(super) fn make_folders(dir: &Path, mut made: impl FnMut(&Path)) -> Result<(), Failure> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && fs::symlink_metadata(p).is_err())
        .map(Path::to_path_buf)
        .collect();
    for folder in missing.iter().rev() {
        let _changing = changing();
        fs::create_dir(folder).map_err(|e| fail(format!("{}: {e}", escape_path(folder))))?;
        made(folder);
    }
    Ok(())
}

/// Takes the lock file (created exclusively, with our PID and the command); a lock whose
/// process is gone is stale and taken over.
fn take_lock(lock: &Path, out: &Path, verb: &str) -> Result<(), Failure> {
    let ours = format!("{}\n{verb}\n", std::process::id());
    for _ in 0..3 {
        match create_lock(lock, &ours) {
            Ok(()) => return Ok(()),
            Err(error) if error.kind() == ErrorKind::AlreadyExists => {
                let Ok(text) = fs::read_to_string(lock) else {
                    continue; // Gone meanwhile: try again.
                };
                if let Some(refusal) = held(lock, &text, out) {
                    return Err(refusal);
                }
                take_stale(lock, &text);
            }
            Err(error) => return Err(fail(format!("{}: {error}", escape_path(lock)))),
        }
    }
    Err(fail(format!("{}: cannot take the lock", escape_path(lock))))
}

/// Makes the lock with its contents in one step: written to a file of this process's own,
/// then linked at the lock's name, which fails if a lock is there. Another run never
/// reads a lock half written (and takes an empty one for stale). Where the file system
/// has no hard links, the lock is created empty and then written.
fn create_lock(lock: &Path, contents: &str) -> std::io::Result<()> {
    let mut name = lock.as_os_str().to_owned();
    name.push(format!(".{}.new", std::process::id()));
    let draft = PathBuf::from(name);
    fs::write(&draft, contents)?;
    let linked = fs::hard_link(&draft, lock);
    let _ = fs::remove_file(&draft);
    match linked {
        Err(error) if error.kind() != ErrorKind::AlreadyExists => {
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(lock)?;
            file.write_all(contents.as_bytes())
        }
        linked => linked,
    }
}

/// The refusal, when the lock's holder is alive. A lock with no PID yet is a run that has
/// just made it (on a file system without hard links): held for a few seconds.
fn held(lock: &Path, text: &str, out: &Path) -> Option<Failure> {
    let mut lines = text.lines();
    let holder = lines
        .next()
        .and_then(|line| line.trim().parse::<u32>().ok());
    let pid = match holder {
        Some(pid) if process_alive(pid) => pid,
        Some(_) => return None,
        None => {
            let young = fs::metadata(lock)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() < 5));
            return young.then(|| {
                refuse(format!(
                    "another nianbao run is starting to write {}; wait for it to finish \
                     (its lock: {})",
                    escape_path(out),
                    escape_path(lock)
                ))
            });
        }
    };
    // Locks of nianbao before export took one name no command: ingest's.
    let command = lines
        .next()
        .map(str::trim)
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
        .unwrap_or("ingest");
    Some(refuse(format!(
        "another nianbao {command} (process {pid}) is writing {}; wait for it to finish \
         (its lock: {})",
        escape_path(out),
        escape_path(lock)
    )))
}

/// Removes a stale lock, but only the one judged stale: it is first moved aside under a
/// name of this process's own, and put back if what was moved is not what was read (a
/// run that took the stale lock over first holds it now).
fn take_stale(lock: &Path, stale: &str) {
    let mut name = lock.as_os_str().to_owned();
    name.push(format!(".{}.stale", std::process::id()));
    let aside = PathBuf::from(name);
    if fs::rename(lock, &aside).is_err() {
        return;
    }
    if fs::read_to_string(&aside).is_ok_and(|text| text != stale) {
        let _ = fs::hard_link(&aside, lock);
    }
    let _ = fs::remove_file(&aside);
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

/// Staging folders of this target left by runs of this kind that were killed (we hold
/// the lock, so no other run is writing one).
fn remove_stale_staging(parent: &Path, name: &str, kind: &Kind) {
    let prefix = format!(".{name}.nianbao-{}-", kind.verb);
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_ours = file_name
            .strip_prefix(&prefix)
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if is_ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
            remove_own_files(&entry.path(), kind.owns);
        }
    }
}

/// Removes the files of the names the command writes from a folder, then the folder if
/// that left it empty: anything else in it stays.
pub fn remove_own_files(dir: &Path, owns: fn(&str) -> bool) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let own = owns(&entry.file_name().to_string_lossy());
        // DirEntry's file type does not follow a symbolic link.
        if own && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
    let _ = fs::remove_dir(dir);
}

fn remember(run: u64, change: impl FnOnce(&mut Created)) {
    let mut runs = CREATED.lock().unwrap_or_else(|p| p.into_inner());
    let at = match runs.iter().position(|(number, _)| *number == run) {
        Some(at) => at,
        None => {
            runs.push((run, Created::default()));
            runs.len() - 1
        }
    };
    change(&mut runs[at].1);
}

/// Undoes what a run (or, with `None`, every run under way) created and did not hand
/// over: staging, lock, new parents.
fn clean_up(run: Option<u64>) {
    let taken: Vec<Created> = {
        let mut runs = CREATED.lock().unwrap_or_else(|p| p.into_inner());
        let (ended, going_on) = std::mem::take(&mut *runs)
            .into_iter()
            .partition(|(number, _)| run.is_none_or(|run| run == *number));
        *runs = going_on;
        ended.into_iter().map(|(_, created)| created).collect()
    };
    for created in taken {
        if let (Some(staging), Some(owns)) = (created.staging, created.owns) {
            remove_own_files(&staging, owns);
        }
        if let Some(lock) = created.lock {
            let _ = fs::remove_file(lock);
        }
        for folder in created.parents.iter().rev() {
            // Only if empty: something else may have been put there meanwhile.
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Ctrl-C, SIGTERM or SIGHUP during a run: clean up, then end as the signal says.
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
                    clean_up(None);
                    std::process::exit(128 + signal);
                }
            });
        });
    }
}

/// File names for a message, each escaped onto one line: the first `most`, then "…".
pub(super) fn listed(mut names: Vec<String>, most: usize) -> String {
    names.sort();
    let more = if names.len() > most { ", …" } else { "" };
    names.truncate(most);
    let shown: Vec<String> = names
        .iter()
        .map(|name| crate::text::escape_controls(name).into_owned())
        .collect();
    format!("{}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owns_txt(name: &str) -> bool {
        name.ends_with(".txt")
    }

    #[test]
    fn removing_a_folder_removes_only_its_own_files() {
        let temp = tempfile::tempdir().unwrap();
        fs::write(temp.path().join("a.txt"), "x").unwrap();
        fs::write(temp.path().join("notes.md"), "mine").unwrap();
        fs::create_dir(temp.path().join("b.txt")).unwrap();
        remove_own_files(temp.path(), owns_txt);
        assert!(!temp.path().join("a.txt").exists());
        assert!(temp.path().join("notes.md").exists());
        assert!(temp.path().join("b.txt").is_dir(), "a folder is not a file");
    }

    #[test]
    fn a_live_lock_is_refused_naming_its_command_and_file() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let lock = temp.path().join(".out.nianbao-lock");
        fs::write(&lock, format!("{}\nexport\n", std::process::id())).unwrap();
        let error = take_lock(&lock, &out, "ingest").unwrap_err();
        assert_eq!(error.code, 1);
        assert!(
            error.message.contains("another nianbao export (process")
                && error.message.contains(".out.nianbao-lock"),
            "{}",
            error.message
        );
        // An older nianbao's lock has no command: only ingest took one then.
        fs::write(&lock, format!("{}\n", std::process::id())).unwrap();
        let error = take_lock(&lock, &out, "export").unwrap_err();
        assert!(
            error.message.contains("another nianbao ingest"),
            "{}",
            error.message
        );
        // A lock of a process that is gone is taken over, with this run's command.
        fs::write(&lock, "4194304\nexport\n").unwrap();
        take_lock(&lock, &out, "export").unwrap();
        assert_eq!(
            fs::read_to_string(&lock).unwrap(),
            format!("{}\nexport\n", std::process::id())
        );
    }

    #[test]
    fn a_lock_being_made_is_held_and_a_stale_one_is_taken_only_if_unchanged() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let lock = temp.path().join(".out.nianbao-lock");
        // Empty and just made: a run between creating it and writing its PID.
        fs::write(&lock, "").unwrap();
        let error = take_lock(&lock, &out, "export").unwrap_err();
        assert!(
            error.message.contains("starting to write"),
            "{}",
            error.message
        );
        // The lock a stale one was judged from has been taken over meanwhile: kept.
        let theirs = format!("{}\ningest\n", std::process::id());
        fs::write(&lock, &theirs).unwrap();
        take_stale(&lock, "4194304\nexport\n");
        assert_eq!(fs::read_to_string(&lock).unwrap(), theirs);
        // The one read: removed, and no file of ours left beside it.
        fs::write(&lock, "4194304\nexport\n").unwrap();
        take_stale(&lock, "4194304\nexport\n");
        assert!(!lock.exists());
        let names: Vec<_> = fs::read_dir(temp.path()).unwrap().flatten().collect();
        assert!(names.is_empty(), "{names:?}");
        // Made in one step with its contents.
        create_lock(&lock, "7\nexport\n").unwrap();
        assert_eq!(fs::read_to_string(&lock).unwrap(), "7\nexport\n");
        let again = create_lock(&lock, "8\nexport\n").unwrap_err();
        assert_eq!(again.kind(), ErrorKind::AlreadyExists);
        assert_eq!(fs::read_dir(temp.path()).unwrap().count(), 1);
    }
}

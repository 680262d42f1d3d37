//! Putting a new directory (a dataset, an export) in place of the old one with no moment
//! when the target is missing: an atomic exchange where the system offers one (Linux
//! `renameat2` with `RENAME_EXCHANGE`), else two renames through a backup beside the
//! target; and the recovery, by the next run, of a backup that a run killed between those
//! renames (or an older nianbao) left behind.

use crate::text::escape_path;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::Kind;

/// Puts `staging` (the new directory) at `out` (the old one), then removes the old one's
/// files that `owns` names (and its folder, if that leaves it empty): by an atomic
/// exchange where the system and file system have one, else by `replace_by_renames`. On
/// an error `out` still holds the old directory.
pub(super) fn replace(
    out: &Path,
    staging: &Path,
    backup: &Path,
    owns: fn(&str) -> bool,
) -> io::Result<()> {
    if exchange(staging, out)? {
        // `staging` holds the old directory now; `out` the new one.
        super::remove_own_files(staging, owns);
        return Ok(());
    }
    replace_by_renames(out, staging, backup, owns)
}

/// The fallback: the old directory renamed to `backup`, the new one into place, the
/// backup's own files removed. A kill between the renames leaves `out` missing and the
/// old directory at `backup`, which the next run puts back (`recover_backups`).
fn replace_by_renames(
    out: &Path,
    staging: &Path,
    backup: &Path,
    owns: fn(&str) -> bool,
) -> io::Result<()> {
    fs::rename(out, backup)?;
    if let Err(error) = fs::rename(staging, out) {
        let _ = fs::rename(backup, out);
        return Err(error);
    }
    super::remove_own_files(backup, owns);
    Ok(())
}

/// Exchanges two paths atomically: `Ok(false)` when the kernel or the file system has no
/// such exchange (the caller falls back to renames), an error for any other failure.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are NUL-terminated paths that live across the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        // No renameat2 (kernels before 3.15), or a file system without the exchange.
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP | libc::EXDEV) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

fn backup_prefix(name: &str) -> String {
    format!(".{name}.nianbao-old-")
}

/// A name beside the target that nothing has: `.NAME.nianbao-old-PID-N`.
pub(super) fn unique_backup(parent: &Path, name: &str) -> PathBuf {
    let prefix = backup_prefix(name);
    let pid = std::process::id();
    (0..)
        .map(|n| parent.join(format!("{prefix}{pid}-{n}")))
        .find(|path| fs::symlink_metadata(path).is_err())
        .expect("some name is free")
}

/// Folders named like this target's backups (`.NAME.nianbao-old-PID-N`), newest first.
fn leftover_backups(parent: &Path, name: &str) -> Vec<PathBuf> {
    let prefix = backup_prefix(name);
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|entry| {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let is_ours = file_name.strip_prefix(&prefix).is_some_and(|rest| {
                rest.split_once('-').is_some_and(|(pid, n)| {
                    [pid, n]
                        .iter()
                        .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                })
            });
            // DirEntry's file type does not follow a symbolic link.
            is_ours && entry.file_type().is_ok_and(|t| t.is_dir())
        })
        .map(|entry| {
            let modified = entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (modified, entry.path())
        })
        .collect();
    found.sort_by(|a, b| b.cmp(a));
    found.into_iter().map(|(_, path)| path).collect()
}

/// Whether the target is missing or an empty folder: nothing a backup would replace.
fn nothing_at(out: &Path) -> bool {
    match fs::symlink_metadata(out) {
        Err(error) => error.kind() == io::ErrorKind::NotFound,
        Ok(metadata) => {
            metadata.is_dir() && fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_none())
        }
    }
}

/// What the recovery of leftover backups did, for the notice on stderr.
#[derive(Debug, Default)]
pub(super) struct Recovery {
    /// The backup renamed back to the target, which was missing.
    pub restored: Option<PathBuf>,
    /// Backups left where they are: the target holds a directory already.
    pub left: Vec<PathBuf>,
    /// Backups whose own files were removed (a kind that makes them again).
    pub removed: Vec<PathBuf>,
}

impl Recovery {
    /// The notice lines: each path named.
    pub fn notices(&self, out: &Path, kind: &Kind) -> Vec<String> {
        let verb = kind.verb;
        let mut lines = Vec::new();
        if let Some(backup) = &self.restored {
            lines.push(format!(
                "notice: an earlier {verb} was stopped while replacing {}; {} was restored \
                 from {}",
                escape_path(out),
                kind.restored,
                escape_path(backup)
            ));
        }
        for backup in &self.left {
            lines.push(format!(
                "notice: an earlier {verb} left a copy of a dataset at {} (not removed: it may \
                 hold curated rows that {} lacks; compare them, then delete it)",
                escape_path(backup),
                escape_path(out)
            ));
        }
        for backup in &self.removed {
            lines.push(format!(
                "notice: an earlier {verb} left a copy of an old {} at {}; its files were \
                 removed",
                escape_path(out),
                escape_path(backup)
            ));
        }
        lines
    }
}

/// Backups of this target that a killed run left (we hold the lock, so none is a running
/// one's). With the target missing or an empty folder, the newest backup is renamed back
/// into place; any other is left as it is, to be named in the notice, or (a kind that
/// does not keep them) its own files removed.
pub(super) fn recover_backups(parent: &Path, name: &str, out: &Path, kind: &Kind) -> Recovery {
    let mut recovery = Recovery::default();
    for backup in leftover_backups(parent, name) {
        if recovery.restored.is_none() && nothing_at(out) && fs::rename(&backup, out).is_ok() {
            recovery.restored = Some(backup);
        } else if kind.keeps_backups {
            recovery.left.push(backup);
        } else {
            super::remove_own_files(&backup, kind.owns);
            recovery.removed.push(backup);
        }
    }
    recovery
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(dir: &Path, marker: &str) {
        fs::create_dir(dir).unwrap();
        fs::write(dir.join("report.csv"), marker).unwrap();
        fs::write(dir.join("indicators.csv"), marker).unwrap();
    }

    fn csv(name: &str) -> bool {
        name.ends_with(".csv")
    }

    /// A kind like ingest's: backups kept, `.csv` files its own.
    static KEEPS: Kind = Kind {
        verb: "ingest",
        restored: "its dataset",
        owns: csv,
        keeps_backups: true,
    };

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn both_methods_put_the_new_dataset_in_place_and_leave_nothing_beside_it() {
        type Replace = fn(&Path, &Path, &Path, fn(&str) -> bool) -> io::Result<()>;
        let ways: [(&str, Replace); 2] = [("exchange", replace), ("renames", replace_by_renames)];
        for (way, replace) in ways {
            let temp = tempfile::tempdir().unwrap();
            let out = temp.path().join("d");
            let staging = temp.path().join(".d.nianbao-ingest-1");
            dataset(&out, "old");
            dataset(&staging, "new");
            let backup = unique_backup(temp.path(), "d");
            replace(&out, &staging, &backup, csv).unwrap();
            assert_eq!(fs::read_to_string(out.join("report.csv")).unwrap(), "new");
            assert_eq!(names(temp.path()), ["d"], "{way}");
        }
    }

    #[test]
    fn a_failed_second_rename_puts_the_old_dataset_back() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("d");
        dataset(&out, "old");
        let missing_staging = temp.path().join(".d.nianbao-ingest-1");
        let backup = unique_backup(temp.path(), "d");
        assert!(replace_by_renames(&out, &missing_staging, &backup, csv).is_err());
        assert_eq!(fs::read_to_string(out.join("report.csv")).unwrap(), "old");
        assert_eq!(names(temp.path()), ["d"]);
    }

    #[test]
    fn a_backup_left_by_a_kill_between_the_renames_is_renamed_back_and_named() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("d");
        dataset(&out, "curated");
        // The state a kill between the two renames leaves: the target missing.
        let backup = unique_backup(temp.path(), "d");
        fs::rename(&out, &backup).unwrap();
        let recovery = recover_backups(temp.path(), "d", &out, &KEEPS);
        assert_eq!(recovery.restored.as_deref(), Some(backup.as_path()));
        assert!(recovery.left.is_empty());
        assert_eq!(
            fs::read_to_string(out.join("report.csv")).unwrap(),
            "curated"
        );
        let notices = recovery.notices(&out, &KEEPS);
        assert_eq!(notices.len(), 1);
        assert!(notices[0].contains(&escape_path(&backup)), "{notices:?}");
    }

    #[test]
    fn a_backup_beside_a_dataset_is_left_as_it_is_and_named() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("d");
        dataset(&out, "fresh");
        let backup = temp.path().join(".d.nianbao-old-77-0");
        dataset(&backup, "curated");
        // Not ours: another target's backup, a file, a name that only starts the same.
        dataset(&temp.path().join(".e.nianbao-old-77-0"), "other");
        fs::write(temp.path().join(".d.nianbao-old-78-0"), "a file").unwrap();
        dataset(&temp.path().join(".d.nianbao-old-x"), "mine");
        let recovery = recover_backups(temp.path(), "d", &out, &KEEPS);
        assert_eq!(recovery.restored, None);
        assert_eq!(recovery.left, std::slice::from_ref(&backup));
        assert_eq!(fs::read_to_string(out.join("report.csv")).unwrap(), "fresh");
        assert_eq!(
            fs::read_to_string(backup.join("report.csv")).unwrap(),
            "curated"
        );
        assert!(recovery.notices(&out, &KEEPS)[0].contains("not removed"));
    }

    #[test]
    fn a_kind_that_makes_its_files_again_removes_a_backup_beside_a_full_target() {
        static REMAKES: Kind = Kind {
            verb: "export",
            restored: "the earlier export",
            owns: csv,
            keeps_backups: false,
        };
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("d");
        dataset(&out, "fresh");
        let backup = temp.path().join(".d.nianbao-old-77-0");
        dataset(&backup, "old");
        fs::write(backup.join("notes.txt"), "mine").unwrap();
        let recovery = recover_backups(temp.path(), "d", &out, &REMAKES);
        assert_eq!(recovery.removed, std::slice::from_ref(&backup));
        // Only its own files: what else is in it stays, and so does the folder.
        assert_eq!(names(&backup), ["notes.txt"]);
        let notices = recovery.notices(&out, &REMAKES);
        assert!(notices[0].contains("its files were removed"), "{notices:?}");
    }
}

//! Writing exports without losing anything: each file is written to a temporary file
//! beside its target, synced, and only then moved into place, so a file is whole or not
//! there; nothing nianbao did not write is ever replaced. A file that is there already is
//! replaced only when asked; a directory is written into only when it is empty or holds
//! nothing but an earlier export of the same name, which is replaced only when asked
//! (refuse rather than guess).

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::text::escape_path;

/// Why an export was not written.
#[derive(Debug)]
pub struct WriteError {
    pub message: String,
    /// The target holds something that must not be replaced (a usage error), rather
    /// than a failure of the file system.
    pub refused: bool,
}

fn refused(message: String) -> WriteError {
    WriteError {
        message,
        refused: true,
    }
}

fn failed(path: &Path, error: std::io::Error) -> WriteError {
    WriteError {
        message: format!("{}: {error}", escape_path(path)),
        refused: false,
    }
}

/// Writes `contents` to `path`, making missing parent directories. Something already at
/// `path` is refused, unless it is a file and `replace` is set (then it is replaced in
/// one step: readers see the old file or the new one).
pub fn write_file(path: &Path, contents: &str, replace: bool) -> Result<(), WriteError> {
    let shown = escape_path(path);
    match fs::symlink_metadata(path) {
        Err(error) if error.kind() == ErrorKind::NotFound => {}
        Err(error) => return Err(failed(path, error)),
        Ok(metadata) if metadata.is_file() && replace => {}
        Ok(metadata) if metadata.is_file() => {
            return Err(refused(format!(
                "{shown} exists; --force replaces it, or give another --out"
            )));
        }
        Ok(metadata) if metadata.is_dir() => {
            return Err(refused(format!(
                "{shown} is a directory; give a file name, or the directory with a trailing /"
            )));
        }
        Ok(_) => {
            return Err(refused(format!(
                "{shown} exists and is not a plain file; nothing was written"
            )));
        }
    }
    let parent = parent_of(path);
    fs::create_dir_all(&parent).map_err(|e| failed(&parent, e))?;
    let temporary = stage(path, contents)?;
    place(&temporary, path, replace)
}

/// Moves a staged file to `path`: over what is there when `replace` is set, else only
/// if the name is still free (a hard link fails if the name was taken meanwhile, where
/// a rename would replace it). The temporary file is gone either way.
fn place(temporary: &Path, path: &Path, replace: bool) -> Result<(), WriteError> {
    let moved = if replace {
        fs::rename(temporary, path)
    } else {
        match fs::hard_link(temporary, path) {
            Err(error) if error.kind() == ErrorKind::AlreadyExists => {
                let _ = fs::remove_file(temporary);
                return Err(refused(format!(
                    "{} appeared while exporting; nothing was replaced",
                    escape_path(path)
                )));
            }
            // No hard links on this file system: the checks before have to do.
            Err(_) => fs::rename(temporary, path),
            Ok(()) => fs::remove_file(temporary),
        }
    };
    moved.map_err(|error| {
        let _ = fs::remove_file(temporary);
        failed(path, error)
    })
}

/// Writes files (names and contents, as [`super::files`] makes them) into `dir`, making
/// it (and its parents) if missing. `dir` must be empty or hold only files of an earlier
/// export named from the same `stem` (`STEM.html`, `STEM.md`, `STEM.svg`,
/// `STEM-01.svg`…). With `replace`, those are replaced, and its files in a format
/// written now that this export does not have (slides beyond this deck's) are removed;
/// without it, an export that would replace or remove any of them is refused (one that
/// only adds files, another format beside them, is not). Anything else there, and
/// nothing is written. Returns the paths written.
pub fn write_dir(
    dir: &Path,
    stem: &str,
    files: &[(String, String)],
    replace: bool,
) -> Result<Vec<PathBuf>, WriteError> {
    let shown = escape_path(dir);
    for (name, _) in files {
        if !is_export_name(name, stem) {
            return Err(refused(format!("`{name}` is not a name of this export")));
        }
    }
    let mut earlier = Vec::new();
    match fs::symlink_metadata(dir) {
        Err(error) if error.kind() == ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(|e| failed(dir, e))?;
        }
        Err(error) => return Err(failed(dir, error)),
        Ok(metadata) if metadata.file_type().is_symlink() => {
            return Err(refused(format!(
                "{shown} is a symbolic link; give the directory it points to"
            )));
        }
        Ok(metadata) if !metadata.is_dir() => {
            return Err(refused(format!("{shown} exists and is not a directory")));
        }
        Ok(_) => {
            let mut foreign = Vec::new();
            for entry in fs::read_dir(dir).map_err(|e| failed(dir, e))? {
                let entry = entry.map_err(|e| failed(dir, e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let plain_file = entry.file_type().is_ok_and(|t| t.is_file());
                if plain_file && is_export_name(&name, stem) {
                    earlier.push(name);
                } else {
                    foreign.push(name);
                }
            }
            if !foreign.is_empty() {
                foreign.sort();
                let listed: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
                return Err(refused(format!(
                    "{shown} holds other things ({}{}); an export writes only into an empty \
                     directory or over an earlier export of the same name, so nothing was \
                     written: choose another --out",
                    listed.join(", "),
                    if foreign.len() > 5 { ", …" } else { "" }
                )));
            }
        }
    }
    // Files of the earlier export in a format this one writes: replaced, or (slides
    // beyond this deck's) removed, since they would look like part of it.
    let extension = |name: &str| name.rsplit('.').next().unwrap_or_default().to_string();
    let mut touched: Vec<String> = earlier
        .into_iter()
        .filter(|name| files.iter().any(|(n, _)| extension(n) == extension(name)))
        .collect();
    touched.sort();
    if !replace && !touched.is_empty() {
        let listed: Vec<&str> = touched.iter().take(3).map(String::as_str).collect();
        return Err(refused(format!(
            "{shown} holds an earlier export ({}{}); --force replaces it, or give another --out",
            listed.join(", "),
            if touched.len() > 3 { ", …" } else { "" }
        )));
    }
    let mut written = Vec::new();
    for (name, contents) in files {
        let path = dir.join(name);
        let temporary = stage(&path, contents)?;
        place(&temporary, &path, replace)?;
        written.push(path);
    }
    for name in touched {
        if !files.iter().any(|(written, _)| *written == name) {
            let _ = fs::remove_file(dir.join(name));
        }
    }
    Ok(written)
}

/// Whether a file name is one an export named from `stem` writes.
fn is_export_name(name: &str, stem: &str) -> bool {
    let Some(rest) = name.strip_prefix(stem) else {
        return false;
    };
    match rest {
        ".html" | ".md" | ".svg" => true,
        _ => rest
            .strip_prefix('-')
            .and_then(|r| r.strip_suffix(".svg"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
    }
}

fn parent_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Writes `contents` to a new temporary file beside `path` and syncs it.
fn stage(path: &Path, contents: &str) -> Result<PathBuf, WriteError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = parent_of(path).join(format!(".{name}.nianbao-export-{}", std::process::id()));
    let result = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(contents.as_bytes())?;
            file.sync_all()
        });
    match result {
        Ok(()) => Ok(temporary),
        Err(error) => {
            if error.kind() != ErrorKind::AlreadyExists {
                let _ = fs::remove_file(&temporary);
            }
            Err(failed(path, error))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_whole_and_replaced_only_when_asked() {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("made/here/dashboard.svg");
        write_file(&path, "one", false).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        let again = write_file(&path, "two", false).unwrap_err();
        assert!(
            again.refused && again.message.contains("--force"),
            "{again:?}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        write_file(&path, "two", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        let directory = write_file(temp.path(), "x", true).unwrap_err();
        assert!(directory.refused, "{directory:?}");
        // No temporary file is left beside it.
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["dashboard.svg"]);
    }

    #[test]
    fn a_directory_is_written_only_if_empty_or_an_earlier_export() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("deck");
        let files = |n: usize| -> Vec<(String, String)> {
            (1..=n)
                .map(|i| (format!("slide-{i:02}.svg"), format!("<svg>{i}</svg>")))
                .collect()
        };
        write_dir(&dir, "slide", &files(3), false).unwrap();
        // Again: refused without `replace`, nothing changed.
        let again = write_dir(&dir, "slide", &files(2), false).unwrap_err();
        assert!(
            again.refused
                && again
                    .message
                    .contains("slide-01.svg, slide-02.svg, slide-03.svg"),
            "{again:?}"
        );
        assert!(dir.join("slide-03.svg").exists());
        // Another format beside it replaces nothing: written.
        write_dir(
            &dir,
            "slide",
            &[("slide.html".into(), "<html/>".into())],
            false,
        )
        .unwrap();
        fs::remove_file(dir.join("slide.html")).unwrap();
        // With `replace`, fewer slides: replaced, and the third is gone.
        write_dir(&dir, "slide", &files(2), true).unwrap();
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["slide-01.svg", "slide-02.svg"]);
        // Something else in it: refused, nothing changed.
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        let error = write_dir(&dir, "slide", &files(4), true).unwrap_err();
        assert!(
            error.refused && error.message.contains("notes.txt"),
            "{error:?}"
        );
        assert!(!dir.join("slide-03.svg").exists());
        assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
        // Another export's files are other things too.
        let other = temp.path().join("other");
        fs::create_dir(&other).unwrap();
        fs::write(other.join("deck.html"), "x").unwrap();
        assert!(
            write_dir(&other, "slide", &files(1), true)
                .unwrap_err()
                .refused
        );
        // A file where the directory should be.
        let error = write_dir(&other.join("deck.html"), "slide", &files(1), true).unwrap_err();
        assert!(error.refused, "{error:?}");
    }

    #[test]
    fn export_names_are_recognised_exactly() {
        assert!(is_export_name("slide-07.svg", "slide"));
        assert!(is_export_name("slide.html", "slide"));
        assert!(is_export_name("slide.md", "slide"));
        assert!(!is_export_name("slide-x.svg", "slide"));
        assert!(!is_export_name("slide-.svg", "slide"));
        assert!(!is_export_name("slides.html", "slide"));
        assert!(!is_export_name("slide-01.png", "slide"));
    }
}

//! Writing exports without losing anything: a file is written to a temporary file beside
//! its target, synced, and only then moved into place, so it is whole or not there; one
//! that is there already is replaced only when asked, and nothing else ever (refuse
//! rather than guess). The names exports have, for recognising an earlier export (a
//! directory export is staged and swapped by the command, `cli::export::dir`).

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
    write_file_with(path, replace, |mut file: fs::File, _: &Path| {
        file.write_all(contents.as_bytes())
            .map_err(|error| failed(path, error))
    })
}

/// [`write_file`] for a file that `write` writes: it is given the new, empty temporary
/// file beside `path` (and that file's path, for a writer that opens it by name, such as
/// a database), and what it wrote is synced and moved into place only if it succeeds;
/// else the temporary file is removed and its error returned.
pub fn write_file_with<E: From<WriteError>>(
    path: &Path,
    replace: bool,
    write: impl FnOnce(fs::File, &Path) -> Result<(), E>,
) -> Result<(), E> {
    check_target(path, replace)?;
    let parent = parent_of(path);
    fs::create_dir_all(&parent).map_err(|e| failed(&parent, e))?;
    let temporary = stage(path, write)?;
    Ok(place(&temporary, path, replace)?)
}

/// Refuses a target that holds anything but a file to be replaced (`replace`).
fn check_target(path: &Path, replace: bool) -> Result<(), WriteError> {
    let shown = escape_path(path);
    match fs::symlink_metadata(path) {
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(()),
        Err(error) => Err(failed(path, error)),
        Ok(metadata) if metadata.is_file() && replace => Ok(()),
        Ok(metadata) if metadata.is_file() => Err(refused(format!(
            "{shown} exists; --force replaces it, or give another --out"
        ))),
        Ok(metadata) if metadata.is_dir() => Err(refused(format!(
            "{shown} is a directory; give a file name, or the directory with a trailing /"
        ))),
        Ok(_) => Err(refused(format!(
            "{shown} exists and is not a plain file; nothing was written"
        ))),
    }
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

/// Whether a file name is one an export named from `stem` writes: `STEM.html`,
/// `STEM.md`, `STEM.svg`, `STEM-01.svg`, ….
pub fn is_export_of(name: &str, stem: &str) -> bool {
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

/// Whether a file name is one some export writes: a stem of [`is_stem_char`]s (as
/// `cli::export` makes them) and an export's ending.
pub fn is_export_name(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, extension)| {
        ["html", "md", "svg"].contains(&extension)
            && !stem.is_empty()
            && stem.chars().all(is_stem_char)
    })
}

/// Whether an export's file names may have this character: ASCII letters and digits,
/// `-`, `_`, `.` (no separators, nothing a shell or another system reads otherwise).
pub fn is_stem_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

fn parent_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// A new temporary file beside `path`, written by `write` and synced; removed again if
/// anything fails.
fn stage<E: From<WriteError>>(
    path: &Path,
    write: impl FnOnce(fs::File, &Path) -> Result<(), E>,
) -> Result<PathBuf, E> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = parent_of(path).join(format!(".{name}.nianbao-export-{}", std::process::id()));
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        // One there already is another run's (or a killed one's): not ours to remove.
        .map_err(|error| failed(path, error))?;
    let written = write(file, &temporary).and_then(|()| {
        // A writer may have used its own handle (a database does): sync by name.
        fs::File::open(&temporary)
            .and_then(|file| file.sync_all())
            .map_err(|error| E::from(failed(path, error)))
    });
    match written {
        Ok(()) => Ok(temporary),
        Err(error) => {
            let _ = fs::remove_file(&temporary);
            Err(error)
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
    fn export_names_are_recognised_exactly() {
        assert!(is_export_of("slide-07.svg", "slide"));
        assert!(is_export_of("slide.html", "slide"));
        assert!(is_export_of("slide.md", "slide"));
        assert!(!is_export_of("slide-x.svg", "slide"));
        assert!(!is_export_of("slide-.svg", "slide"));
        assert!(!is_export_of("slides.html", "slide"));
        assert!(!is_export_of("slide-01.png", "slide"));
        // Any export's names, whatever the stem.
        for name in ["deck.html", "talk-2024.md", "a.b-001.svg", "x_y.svg"] {
            assert!(is_export_name(name), "{name}");
        }
        for name in [
            "notes.txt",
            ".html",
            "报告.html",
            "a b.md",
            "deck",
            "deck.svg.txt",
        ] {
            assert!(!is_export_name(name), "{name}");
        }
    }
}

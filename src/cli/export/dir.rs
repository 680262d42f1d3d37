//! `export deck --out DIR`: the files written into a staging folder beside DIR, then
//! swapped into place whole (`staged_dir`, as ingest does), one run at a time per DIR, so
//! a reader, a second export or a crash sees the old export or the new, never a mix. DIR
//! may be missing, empty, or an earlier export of the same name (its files of another
//! format are kept; of this format, replaced only with `--force`); anything else there,
//! and nothing is written.

use crate::text::escape_path;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::super::Failure;
use super::super::staged_dir::{Kind, Locked, changing, entries_at, fail, listed, refuse};
use crate::export::write::{is_export_name, is_export_of};
use crate::export::{Destination, Format};

/// Export as a command that writes directories: files of the names exports have are its
/// own, and an old export is made again, not kept.
static EXPORT: Kind = Kind {
    verb: "export",
    restored: "the earlier export",
    owns: is_export_name,
    keeps_backups: false,
};

/// What is at DIR: nothing, or the names of an earlier export (none, if empty), sorted.
#[derive(PartialEq, Eq)]
enum Found {
    Nothing,
    Earlier(Vec<String>),
}

/// What an export into a directory is: where, the stem its files are named from, the
/// format, and whether an earlier export's files of that format may be replaced.
pub struct DirExport<'a> {
    pub out: &'a Path,
    pub stem: &'a str,
    pub format: Format,
    pub replace: bool,
}

impl DirExport<'_> {
    /// Looks at DIR, refusing what this export must not replace.
    fn inspect(&self) -> Result<Found, Failure> {
        let shown = escape_path(self.out);
        let Some(entries) = entries_at(self.out)? else {
            return Ok(Found::Nothing);
        };
        let (mut earlier, mut foreign) = (Vec::new(), Vec::new());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let plain_file = entry.file_type().is_ok_and(|t| t.is_file());
            if plain_file && is_export_of(&name, self.stem) {
                earlier.push(name);
            } else {
                foreign.push(name);
            }
        }
        if !foreign.is_empty() {
            return Err(refuse(format!(
                "{shown} holds other things ({}); an export writes only into an empty \
                 directory or over an earlier export of the same name, so nothing was \
                 written: choose another --out",
                listed(foreign, 5)
            )));
        }
        let touched: Vec<String> = earlier
            .iter()
            .filter(|name| self.same_format(name))
            .cloned()
            .collect();
        if !self.replace && !touched.is_empty() {
            return Err(refuse(format!(
                "{shown} holds an earlier export ({}); --force replaces it, or give another --out",
                listed(touched, 3)
            )));
        }
        earlier.sort();
        Ok(Found::Earlier(earlier))
    }

    /// Whether an earlier file is of the format written now (replaced, or, slides beyond
    /// this deck's, removed, since they would look like part of it).
    fn same_format(&self, name: &str) -> bool {
        name.rsplit('.').next() == Some(self.format.extension())
    }

    /// Writes the export: `write` puts the new files into staging (through the
    /// destination given), which also gets the earlier export's files of other formats;
    /// staging is then swapped into place. Returns the paths of the new files.
    pub fn write(
        &self,
        write: impl FnOnce(&mut Staged) -> io::Result<Vec<String>>,
    ) -> Result<Vec<PathBuf>, Failure> {
        // Refused before anything is made; then again under the lock.
        self.inspect()?;
        let locked = Locked::take(self.out, &EXPORT)?;
        let found = self.inspect()?;
        let staging = locked.staging()?;
        if let Found::Earlier(names) = &found {
            self.keep(names, &staging)?;
        }
        let mut staged = Staged {
            dir: staging.clone(),
            current: String::new(),
        };
        let names = write(&mut staged).map_err(|error| {
            fail(format!(
                "{}: {error}; nothing was replaced",
                escape_path(&self.out.join(&staged.current))
            ))
        })?;
        // Whatever changed at DIR meanwhile (not by nianbao: it holds the lock) is kept.
        if self.inspect()? != found {
            return Err(refuse(format!(
                "{} changed while exporting; nothing was replaced",
                escape_path(self.out)
            )));
        }
        locked.swap_in(&staging, found != Found::Nothing)?;
        Ok(names.iter().map(|name| self.out.join(name)).collect())
    }

    /// Puts the earlier export's files of other formats into staging (hard links, else
    /// copies), and gives staging DIR's permissions.
    fn keep(&self, earlier: &[String], staging: &Path) -> Result<(), Failure> {
        let _changing = changing();
        for name in earlier.iter().filter(|name| !self.same_format(name)) {
            let (from, to) = (self.out.join(name), staging.join(name));
            fs::hard_link(&from, &to)
                .or_else(|_| fs::copy(&from, &to).map(drop))
                .map_err(|e| fail(format!("{}: {e}", escape_path(&from))))?;
        }
        if let Ok(metadata) = fs::metadata(self.out) {
            let _ = fs::set_permissions(staging, metadata.permissions());
        }
        Ok(())
    }
}

/// The staging folder as a destination: each file created new, written through a
/// buffer, synced when closed.
pub struct Staged {
    dir: PathBuf,
    /// The file being written, to name in an error.
    current: String,
}

impl Destination for Staged {
    type File = BufWriter<fs::File>;

    fn open(&mut self, name: &str) -> io::Result<Self::File> {
        self.current = name.to_string();
        let _changing = changing();
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.dir.join(name))?;
        Ok(BufWriter::new(file))
    }

    fn close(&mut self, file: Self::File) -> io::Result<()> {
        let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()
    }
}

/// Standard output as a destination, for the one file of HTML or Markdown.
pub struct Stdout;

impl Destination for Stdout {
    type File = BufWriter<io::StdoutLock<'static>>;

    fn open(&mut self, _name: &str) -> io::Result<Self::File> {
        Ok(BufWriter::new(io::stdout().lock()))
    }

    fn close(&mut self, mut file: Self::File) -> io::Result<()> {
        file.flush()
    }
}

//! Bringing the index up to date: each report's content key from its files' metadata,
//! and the reports whose key changed read again and written, a batch at a time.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::SystemTime;

use rusqlite::{Connection, Transaction, params};

use super::stored::{StoredProblems, directory_name};
use crate::dataset::{OPTIONAL_FILES, Problem, REPORT_FILES, ReportFiles, load_report};
use crate::model::{Report, ReportMeta};
use crate::parallel::parallel_map;

/// Reports read again before their rows are written: few enough that what is made of
/// them stays small, enough to keep both cores busy.
pub(super) const BATCH: usize = 32;

/// SQLite's page cache (KiB) while more than one batch is written.
const WRITE_CACHE_KIB: usize = 32 * 1024;

/// A file changed this recently (seconds) may change again within its timestamp's
/// granularity without its key changing: its report gets a key that never matches, so
/// it is read again next time (as git does with "racily clean" files).
pub(super) const RACY_SECONDS: u64 = 2;

/// A report's content key: each of its files' size, modification and change times (in
/// nanoseconds) and inode, or that it is absent. Any write changes the change time, which
/// no tool sets back; a file replaced by a rename changes inode.
pub fn content_key(directory: &Path) -> String {
    let now = SystemTime::now();
    let mut racy = false;
    let mut key = String::new();
    let opened = open_directory(directory);
    for name in REPORT_FILES.iter().chain(OPTIONAL_FILES) {
        match lstat_in(opened.as_ref(), directory, name) {
            Some(m) => {
                key.push_str(&format!(
                    "{name}:{}:{}.{}:{}.{}:{}:{:o};",
                    m.len, m.mtime, m.mtime_nsec, m.ctime, m.ctime_nsec, m.ino, m.mode
                ));
                let changed = std::time::UNIX_EPOCH
                    + std::time::Duration::from_secs(m.ctime.max(m.mtime).max(0) as u64);
                racy |= now
                    .duration_since(changed)
                    .map_or(true, |age| age.as_secs() < RACY_SECONDS);
            }
            None => key.push_str(&format!("{name}:-;")),
        }
    }
    if racy {
        key.insert_str(0, RACY);
    }
    key
}

/// What a content key takes of a file's metadata.
struct FileStat {
    len: i64,
    mtime: i64,
    mtime_nsec: i64,
    ctime: i64,
    ctime_nsec: i64,
    ino: u64,
    mode: u32,
}

/// The report directory opened, for its files' metadata to be read relative to it:
/// the kernel then walks one name per file, not the whole path (half the time of a
/// refresh of 11 000 reports went to walking paths). `None` where it cannot be opened.
fn open_directory(directory: &Path) -> Option<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(directory.as_os_str().as_bytes()).ok()?;
    // SAFETY: a valid NUL-terminated path; open(2) returns a new descriptor or -1.
    let fd = unsafe {
        libc::open(
            path.as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
        )
    };
    // SAFETY: `fd` was just opened and is owned by nothing else.
    (fd >= 0).then(|| unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
}

/// `lstat` of `name` in the directory: relative to it when opened, else by its path.
fn lstat_in(
    opened: Option<&std::os::fd::OwnedFd>,
    directory: &Path,
    name: &str,
) -> Option<FileStat> {
    use std::os::fd::AsRawFd;
    let Some(opened) = opened else {
        let m = std::fs::symlink_metadata(directory.join(name)).ok()?;
        return Some(FileStat {
            len: m.len() as i64,
            mtime: m.mtime(),
            mtime_nsec: m.mtime_nsec(),
            ctime: m.ctime(),
            ctime_nsec: m.ctime_nsec(),
            ino: m.ino(),
            mode: m.mode(),
        });
    };
    let name = std::ffi::CString::new(name).ok()?;
    let mut stat = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: a descriptor we own, a valid NUL-terminated name, and room for the result,
    // which fstatat(2) fills when it returns 0.
    let done = unsafe {
        libc::fstatat(
            opened.as_raw_fd(),
            name.as_ptr(),
            stat.as_mut_ptr(),
            libc::AT_SYMLINK_NOFOLLOW,
        )
    };
    if done != 0 {
        return None;
    }
    // SAFETY: filled by the successful call above.
    let stat = unsafe { stat.assume_init() };
    Some(FileStat {
        len: stat.st_size,
        mtime: stat.st_mtime,
        mtime_nsec: stat.st_mtime_nsec,
        ctime: stat.st_ctime,
        ctime_nsec: stat.st_ctime_nsec,
        ino: stat.st_ino,
        mode: stat.st_mode,
    })
}

/// What the index keeps of a report directory.
struct Extracted {
    directory: std::path::PathBuf,
    name: Vec<u8>,
    key: String,
    meta: Result<ReportMeta, Vec<Problem>>,
    loaded: Result<Report, Vec<Problem>>,
}

fn extract(directory: &Path, key: String) -> Extracted {
    Extracted {
        directory: directory.to_path_buf(),
        name: directory_name(directory),
        key,
        meta: crate::dataset::catalog::read_meta(directory),
        loaded: load_report(&ReportFiles::read(directory)),
    }
}

/// Brings the index up to date with `directories` (every report of the collection, in
/// order) and returns their keys: changed and added reports are read and written, those
/// no longer there dropped; and whether anything was written.
pub fn refresh(
    connection: &mut Connection,
    directories: &[std::path::PathBuf],
    read: &super::ReadProgress<'_>,
) -> rusqlite::Result<(Vec<String>, bool)> {
    let keys: Vec<String> = parallel_map(directories.len(), |i| content_key(&directories[i]));
    let stored = stored_keys(connection)?;
    let changed: Vec<usize> = (0..directories.len())
        .filter(|&i| !current(stored.get(&directory_name(&directories[i])), &keys[i]))
        .collect();
    if !changed.is_empty() {
        read(0, changed.len());
    }
    let mut dropped = write_changed(connection, directories, &keys, &changed, read)?;
    let present: std::collections::HashSet<Vec<u8>> =
        directories.iter().map(|d| directory_name(d)).collect();
    let removed: Vec<&Vec<u8>> = stored
        .keys()
        .filter(|name| !present.contains(*name))
        .collect();
    let written = !changed.is_empty() || !removed.is_empty();
    if !removed.is_empty() || dropped {
        let transaction = immediate(connection)?;
        for name in removed {
            dropped |= delete_report(&transaction, name)?;
        }
        if dropped {
            super::contents::drop_unused_texts(&transaction)?;
        }
        transaction.commit()?;
    }
    // A text becomes unused only when rows that held it are dropped (a report read
    // again or gone); one added adds texts and drops none.
    if dropped {
        super::search_entries::drop_unused(connection)?;
    }
    Ok((keys, written))
}

/// Reads the reports `changed` (places in `directories`) and writes them, a batch at a
/// time, one transaction each: the next batch is read (on both cores) while this one is
/// written, so that neither waits on the other. Whether rows of an earlier reading of
/// them were dropped.
fn write_changed(
    connection: &mut Connection,
    directories: &[std::path::PathBuf],
    keys: &[String],
    changed: &[usize],
    read: &super::ReadProgress<'_>,
) -> rusqlite::Result<bool> {
    let extract_batch = &|batch: &[usize]| {
        parallel_map(batch.len(), |k| {
            extract(&directories[batch[k]], keys[batch[k]].clone())
        })
    };
    let batches: Vec<&[usize]> = changed.chunks(BATCH).collect();
    if batches.len() > 1 {
        // The index of keys grows everywhere at once: with SQLite's default cache (2 MB)
        // its pages would be written out and read back again batch after batch.
        connection.execute_batch(&format!("PRAGMA cache_size = -{WRITE_CACHE_KIB}"))?;
    }
    std::thread::scope(|scope| {
        let mut next = batches
            .first()
            .map(|&b| scope.spawn(move || extract_batch(b)));
        let mut dropped = false;
        let mut done = 0;
        for n in 0..batches.len() {
            let extracted = match next.take().map(|reading| reading.join()) {
                Some(Ok(extracted)) => extracted,
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => break,
            };
            next = batches
                .get(n + 1)
                .map(|&b| scope.spawn(move || extract_batch(b)));
            let transaction = immediate(connection)?;
            {
                let mut writer = super::contents::Writer::new(&transaction)?;
                for report in &extracted {
                    dropped |= write_report(&transaction, &mut writer, report)?;
                }
            }
            transaction.commit()?;
            done += extracted.len();
            read(done, changed.len());
        }
        Ok(dropped)
    })
}

/// Whether a stored key says the report is read as its files are now: the same key, and
/// not one of files that might have changed unseen since.
fn current(stored: Option<&String>, key: &str) -> bool {
    stored.is_some_and(|stored| stored == key && !stored.starts_with(RACY))
}

const RACY: &str = "racy:";

fn immediate(connection: &mut Connection) -> rusqlite::Result<Transaction<'_>> {
    connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
}

fn stored_keys(connection: &Connection) -> rusqlite::Result<HashMap<Vec<u8>, String>> {
    let mut statement = connection.prepare("SELECT directory, key FROM reports")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    rows.collect()
}

/// Replaces a report's rows, unless another process wrote them for this key already;
/// whether earlier rows were dropped.
fn write_report(
    transaction: &Transaction,
    writer: &mut super::contents::Writer,
    report: &Extracted,
) -> rusqlite::Result<bool> {
    let current: Option<String> = rusqlite::OptionalExtension::optional(transaction.query_row(
        "SELECT key FROM reports WHERE directory = ?1",
        [&report.name],
        |row| row.get(0),
    ))?;
    if self::current(current.as_ref(), &report.key) {
        return Ok(false);
    }
    let dropped = delete_report(transaction, &report.name)?;
    let problems = |result: Option<&Vec<Problem>>| {
        result.map(|problems| StoredProblems::of(problems, &report.directory).to_json())
    };
    let meta = report.meta.as_ref().ok();
    let loaded = report.loaded.as_ref().ok();
    let text = |f: fn(&ReportMeta) -> &str| meta.map(f);
    transaction.prepare(
        "INSERT INTO reports (directory, key, meta_problems, load_problems, id, title, title_en,
             region, region_en, school_year, calendar_year, key_indicators, level, publisher,
             indicators, paragraphs)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
            report.name,
            report.key,
            problems(report.meta.as_ref().err()),
            problems(report.loaded.as_ref().err()),
            text(|m| &m.id),
            text(|m| &m.title),
            text(|m| &m.title_en),
            text(|m| &m.region),
            text(|m| &m.region_en),
            text(|m| &m.school_year),
            text(|m| &m.calendar_year),
            text(|m| &m.key_indicators),
            meta.and_then(|m| m.level).map(|l| l.name()),
            text(|m| &m.publisher),
            loaded.map(|r| r.indicators.len() as i64),
            loaded.map(|r| r.structure.paragraphs.len() as i64),
        ])?;
    if let Some(loaded) = loaded {
        let row = transaction.last_insert_rowid();
        writer.items(row, loaded)?;
        writer.figures(row, loaded)?;
        super::concept_figures::write(transaction, row, loaded)?;
        super::search_entries::write(transaction, row, loaded)?;
    }
    Ok(dropped)
}

/// Drops a report's rows; whether it had any.
fn delete_report(transaction: &Transaction, name: &[u8]) -> rusqlite::Result<bool> {
    let row: Option<i64> = rusqlite::OptionalExtension::optional(transaction.query_row(
        "SELECT report FROM reports WHERE directory = ?1",
        [name],
        |row| row.get(0),
    ))?;
    let Some(row) = row else { return Ok(false) };
    transaction.execute("DELETE FROM search_entries WHERE report = ?1", [row])?;
    for table in [
        "items",
        "item_keys",
        "figures",
        "sentences",
        "concept_figures",
        "reports",
    ] {
        transaction
            .prepare(&format!("DELETE FROM {table} WHERE report = ?1"))?
            .execute([row])?;
    }
    Ok(true)
}

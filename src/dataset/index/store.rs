//! The index file: where it lives, opening it, its schema, and making it anew (in a
//! file beside, renamed over) when it is corrupt or from another version.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};

/// The index file's name beside a collection.
pub const INDEX_FILE: &str = ".nianbao-index.sqlite";

/// The schema's version: raised whenever a table changes, so an older index is rebuilt.
pub const SCHEMA_VERSION: &str = "2";

/// How long a command waits for another process's write to the index before it gives
/// up on the index and reads the files (a batch of reports takes well under a second to
/// write; a full build writes in many).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    report INTEGER PRIMARY KEY,
    directory BLOB NOT NULL UNIQUE,
    key TEXT NOT NULL,
    meta_problems TEXT,
    load_problems TEXT,
    id TEXT, title TEXT, title_en TEXT, region TEXT, region_en TEXT,
    school_year TEXT, calendar_year TEXT, key_indicators TEXT, level TEXT, publisher TEXT,
    indicators INTEGER, paragraphs INTEGER
);
CREATE TABLE IF NOT EXISTS key_texts (key INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS items (
    report INTEGER NOT NULL, position INTEGER NOT NULL, id INTEGER NOT NULL, title TEXT NOT NULL,
    PRIMARY KEY (report, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS item_keys (
    report INTEGER NOT NULL, position INTEGER NOT NULL, key INTEGER NOT NULL,
    PRIMARY KEY (report, position, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS item_keys_key ON item_keys (key);
CREATE TABLE IF NOT EXISTS figures (
    report INTEGER NOT NULL, position INTEGER NOT NULL, indicator TEXT NOT NULL,
    name TEXT NOT NULL, concept TEXT, value TEXT NOT NULL, qualifier TEXT, unit TEXT NOT NULL,
    period TEXT NOT NULL, section TEXT NOT NULL, page INTEGER NOT NULL,
    sentence INTEGER NOT NULL, verified INTEGER NOT NULL,
    PRIMARY KEY (report, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sentences (
    report INTEGER NOT NULL, sentence INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (report, sentence)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS search_texts (
    text INTEGER PRIMARY KEY, content TEXT NOT NULL, role INTEGER NOT NULL,
    UNIQUE (content, role)
);
CREATE TABLE IF NOT EXISTS search_entries (report INTEGER PRIMARY KEY, titles BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS concept_figures (
    report INTEGER NOT NULL, position INTEGER NOT NULL, concept TEXT NOT NULL,
    name_en TEXT NOT NULL, value_text TEXT NOT NULL,
    value_bits INTEGER NOT NULL, value_written TEXT NOT NULL, scope TEXT NOT NULL,
    series TEXT NOT NULL, formula TEXT NOT NULL, chapter INTEGER NOT NULL, section TEXT,
    PRIMARY KEY (report, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS concept_figures_concept ON concept_figures (concept, report);
";

/// The version of nianbao that writes the index: another version's index is rebuilt, as
/// what it read of a report may differ.
fn nianbao_version() -> &'static str {
    env!("NIANBAO_VERSION")
}

/// Where a collection's index is: beside it when the directory can be written, else in
/// the user's cache directory under a name made from the collection's canonical path.
pub fn location(collection: &Path) -> Option<PathBuf> {
    if writable(collection) {
        return Some(collection.join(INDEX_FILE));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    let canonical = std::fs::canonicalize(collection).ok()?;
    let directory = cache.join("nianbao");
    std::fs::create_dir_all(&directory).ok()?;
    let name = format!(
        "index-{:016x}.sqlite",
        fnv1a(canonical.as_os_str().as_encoded_bytes())
    );
    Some(directory.join(name))
}

/// Whether this process may create files in the directory.
fn writable(directory: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(path) = std::ffi::CString::new(directory.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path; access(2) only reads it.
    unsafe { libc::access(path.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
}

/// FNV-1a, 64 bits: a stable name for a path (std's hasher may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Opens (or creates) the index file with the settings every use shares.
pub fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let connection = Connection::open(path)?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    // No journal file beside: an interrupted write leaves a corrupt index, which the
    // next command finds and rebuilds; and a journal named after the path could be
    // played back into a newer file renamed over the one it belonged to.
    connection.query_row("PRAGMA journal_mode = MEMORY", [], |_| Ok(()))?;
    connection.execute_batch("PRAGMA synchronous = OFF;")?;
    Ok(connection)
}

/// What an opened index file is.
pub enum State {
    /// An index of this schema and version.
    Good,
    /// An empty file (just made): the schema is to be written.
    Empty,
    /// Not usable, and why (for the notice).
    Bad(String),
}

/// What the index file at `path` is, by what can be seen without reading it whole: its
/// length against its pages (a truncated or extended file), its `meta` table. Damage
/// further in shows when a page is read (`SQLITE_CORRUPT`), and [`quick_check`] reads
/// every page after each write.
pub fn state(connection: &Connection, path: &Path) -> State {
    match check(connection, path) {
        Ok(state) => state,
        Err(error) => State::Bad(format!("unreadable ({error})")),
    }
}

fn check(connection: &Connection, path: &Path) -> rusqlite::Result<State> {
    let pages: i64 = connection.query_row("PRAGMA page_count", [], |row| row.get(0))?;
    if pages == 0 {
        return Ok(State::Empty);
    }
    let page_size: i64 = connection.query_row("PRAGMA page_size", [], |row| row.get(0))?;
    let length = std::fs::metadata(path).map_or(0, |m| m.len());
    if u64::try_from(pages * page_size).ok() != Some(length) {
        return Ok(State::Bad(format!(
            "corrupt ({length} bytes long, where its pages make {})",
            pages * page_size
        )));
    }
    let value = |key: &str| -> rusqlite::Result<Option<String>> {
        connection
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
    };
    let (Ok(schema), Ok(version)) = (value("schema"), value("nianbao")) else {
        return Ok(State::Bad("not a nianbao index".into()));
    };
    if schema.as_deref() != Some(SCHEMA_VERSION) || version.as_deref() != Some(nianbao_version()) {
        return Ok(State::Bad(format!(
            "from another version (schema {}, nianbao {})",
            schema.unwrap_or_default(),
            version.unwrap_or_default()
        )));
    }
    Ok(State::Good)
}

/// SQLite's `PRAGMA quick_check` (every page read, each b-tree's structure checked):
/// `Err` with its first complaint when it finds one.
pub fn quick_check(connection: &Connection) -> Result<(), String> {
    let verdict: String = connection
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|error| error.to_string())?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(format!("corrupt (SQLite's quick check: {verdict})"))
    }
}

/// Writes the schema into an empty index, unless another process just did.
pub fn create_schema(connection: &mut Connection) -> rusqlite::Result<()> {
    let transaction =
        connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    transaction.execute_batch(SCHEMA)?;
    transaction.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?1), ('nianbao', ?2)",
        [SCHEMA_VERSION, nianbao_version()],
    )?;
    transaction.commit()
}

/// A new empty index (the schema alone) made in a file beside `path` and renamed over
/// it: a process still reading the old file keeps it; the next to open the path gets
/// the new one. Only the index file (and the new file, if the rename fails) is touched.
pub fn replace(path: &Path) -> Result<(), String> {
    let file_name = path.file_name().unwrap_or_default().to_string_lossy();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let staged = path.with_file_name(format!("{file_name}.new-{}-{nanos}", std::process::id()));
    let made = connect(&staged)
        .and_then(|mut connection| create_schema(&mut connection))
        .map_err(|error| error.to_string())
        .and_then(|()| std::fs::rename(&staged, path).map_err(|error| error.to_string()));
    if made.is_err() {
        // Ours: made above under a name no other process uses.
        let _ = std::fs::remove_file(&staged);
    }
    made
}

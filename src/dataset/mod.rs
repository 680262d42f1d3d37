//! Loads and validates datasets: a report directory holds the report's source text and
//! curated CSV files; the default dataset is embedded in the binary. Every problem found
//! is reported with its file and line, not just the first.

mod assemble;
mod catalog;
mod concepts;
mod embedded;
pub mod index;
mod locate;
mod problem;
mod relations;
mod rows;

use std::path::{Path, PathBuf};

pub use catalog::{Catalog, Loaded, by_place};
pub use problem::{LoadError, Problem, ProblemKind};

use crate::model::Report;
use crate::parallel::parallel_map;

/// The files every report directory holds.
pub const REPORT_FILES: &[&str] = &[
    "report.csv",
    "source.txt",
    "schools.csv",
    "partners.csv",
    "indicators.csv",
    "breakdowns.csv",
    "glossary.csv",
];

/// Files a report directory may hold: read and checked when they are there.
pub const OPTIONAL_FILES: &[&str] = &["relations.csv"];

/// One or more reports, loaded and validated.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub reports: Vec<Report>,
}

impl Dataset {
    /// The dataset compiled into the binary (`data/reports/`).
    pub fn embedded() -> Result<Dataset, LoadError> {
        let reports = embedded::REPORTS
            .iter()
            .map(|files| {
                let files = ReportFiles {
                    directory: PathBuf::from(files.directory),
                    contents: files
                        .files
                        .iter()
                        .map(|(name, bytes)| (name.to_string(), Ok(bytes.to_vec())))
                        .collect(),
                };
                (files.directory.clone(), load_report(&files))
            })
            .collect();
        collect_reports(reports)
    }

    /// Loads a report directory, or a directory whose subdirectories are reports (in
    /// parallel), every report checked.
    pub fn from_dir(path: &Path) -> Result<Dataset, LoadError> {
        let directories = report_directories(path)?;
        let reports = parallel_map(directories.len(), |i| {
            load_report(&ReportFiles::read(&directories[i]))
        });
        collect_reports(directories.into_iter().zip(reports).collect())
    }
}

fn collect_reports(
    results: Vec<(PathBuf, Result<Report, Vec<Problem>>)>,
) -> Result<Dataset, LoadError> {
    let mut reports = Vec::new();
    let mut directories = Vec::new();
    let mut problems = Vec::new();
    for (directory, result) in results {
        match result {
            Ok(report) => {
                reports.push(report);
                directories.push(directory);
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    problems.extend(duplicate_ids(reports.iter().zip(&directories).map(
        |(report, directory)| (report.meta.id.as_str(), directory.as_path()),
    )));
    if problems.is_empty() {
        Ok(Dataset { reports })
    } else {
        Err(LoadError { problems })
    }
}

/// A problem for each report (id, directory) whose id an earlier one has.
fn duplicate_ids<'a>(reports: impl Iterator<Item = (&'a str, &'a Path)>) -> Vec<Problem> {
    let mut first_with_id: std::collections::HashMap<&str, &Path> = Default::default();
    let mut problems = Vec::new();
    for (id, directory) in reports {
        match first_with_id.get(id) {
            Some(first) => problems.push(Problem::new(
                ProblemKind::DuplicateId,
                directory.join("report.csv"),
                None,
                format!(
                    "the report id `{id}` is taken already by {}",
                    first.display()
                ),
            )),
            None => {
                first_with_id.insert(id, directory);
            }
        }
    }
    problems
}

/// The report directories under `path`: itself if it holds `report.csv`, else its
/// subdirectories that do, in name order.
fn report_directories(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let single = |message: String| LoadError {
        problems: vec![Problem::new(
            ProblemKind::MissingFile,
            path.to_path_buf(),
            None,
            message,
        )],
    };
    if !path.is_dir() {
        return Err(single("not a directory (or it does not exist)".to_string()));
    }
    if path.join("report.csv").exists() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| single(format!("cannot read: {e}")))?;
    let mut directories: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.join("report.csv").exists())
        .collect();
    directories.sort();
    if directories.is_empty() {
        return Err(single(
            "no report here: a report directory holds report.csv, source.txt and the curated \
             CSV files (see docs/dataset.md)"
                .to_string(),
        ));
    }
    Ok(directories)
}

/// No dataset file may be larger: a report's text is a few hundred KB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file was not read (its path is the caller's to name).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("a symbolic link: dataset files must be regular files")]
    SymbolicLink,
    #[error("not a regular file (a directory, FIFO or device?)")]
    NotRegular,
    #[error("larger than {}, the limit", size_text(*.limit))]
    TooLarge { limit: u64 },
}

/// A limit in bytes as people read it: `64 MB`, `512 KB` (binary units, whole numbers
/// where the limit is one).
pub fn size_text(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = KB * KB;
    match bytes {
        b if b >= MB && b % MB == 0 => format!("{} MB", b / MB),
        b if b >= KB && b % KB == 0 => format!("{} KB", b / KB),
        b => format!("{b} bytes"),
    }
}

/// Reads a dataset file: only a regular file in the directory itself (not a symbolic
/// link, which could point at `/proc/self/environ`; not a FIFO, which would hang; not a
/// device such as `/dev/zero`, which never ends), and at most `limit` bytes, counted
/// while reading (a file's reported size cannot be trusted).
pub fn read_dataset_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let metadata = std::fs::symlink_metadata(path)?;
    if metadata.file_type().is_symlink() {
        return Err(ReadError::SymbolicLink);
    }
    read_regular_file(path, limit)
}

/// Reads a regular file (symbolic links followed), at most `limit` bytes counted while
/// reading; FIFOs, devices and directories are refused before anything is read. Every
/// file a person names is read through it: dataset files, `ingest`'s input, the config
/// file, a deck.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO waits for a writer; non-blocking, it returns at once and is then
    // refused as not a regular file. (On a regular file the flag changes nothing.)
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular);
    }
    // The size a file reports is checked first (cheap) and the bytes counted anyway.
    if metadata.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    // Room for the size reported, so that reading does not double the buffer as it grows.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// The raw files of one report directory, read but not yet parsed.
struct ReportFiles {
    directory: PathBuf,
    contents: Vec<(String, Result<Vec<u8>, ReadError>)>,
}

impl ReportFiles {
    fn read(directory: &Path) -> ReportFiles {
        let absent = |name: &&str| {
            OPTIONAL_FILES.contains(name)
                && std::fs::symlink_metadata(directory.join(name))
                    .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        };
        let contents = REPORT_FILES
            .iter()
            .chain(OPTIONAL_FILES)
            .filter(|name| !absent(name))
            .map(|name| {
                let bytes = read_dataset_file(&directory.join(name), MAX_FILE_BYTES);
                (name.to_string(), bytes)
            })
            .collect();
        ReportFiles {
            directory: directory.to_path_buf(),
            contents,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.directory.join(name)
    }

    /// Whether the directory holds the file (read or not).
    fn has(&self, name: &str) -> bool {
        self.contents.iter().any(|(n, _)| n == name)
    }

    /// The file as UTF-8 text, or the problem that prevents it.
    fn text(&self, name: &str) -> Result<&str, Problem> {
        let path = self.path(name);
        let bytes = match self.contents.iter().find(|(n, _)| n == name) {
            Some((_, Ok(bytes))) => bytes,
            Some((_, Err(error))) => {
                return Err(Problem::new(
                    ProblemKind::MissingFile,
                    path,
                    None,
                    format!("cannot read: {error}"),
                ));
            }
            None => {
                return Err(Problem::new(
                    ProblemKind::MissingFile,
                    path,
                    None,
                    "missing".to_string(),
                ));
            }
        };
        // Borrowed, not copied: a report's text is read once into memory, not twice.
        std::str::from_utf8(bytes).map_err(|error| {
            let valid = &bytes[..error.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            Problem::new(
                ProblemKind::NotUtf8,
                path,
                Some(line),
                "not UTF-8 text (save the file as UTF-8)".to_string(),
            )
        })
    }
}

/// Parses the source text, reads the curated files and checks them against each other
/// and against the text.
fn load_report(files: &ReportFiles) -> Result<Report, Vec<Problem>> {
    let mut problems = Vec::new();
    let source = files
        .text("source.txt")
        .map_err(|problem| problems.push(problem))
        .ok();
    let mut curated = rows::read_curated(files, &mut problems);
    // Without the text nothing can be traced; without the metadata there is no report.
    let (Some(source), Some(meta)) = (source, curated.meta.take()) else {
        return Err(problems);
    };
    let parsed = crate::ingest::parse_text(source);
    let report = assemble::assemble(
        meta,
        parsed.structure,
        parsed.warnings,
        curated,
        files,
        &mut problems,
    );
    if problems.is_empty() {
        Ok(report)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn limits_read_in_whole_units() {
        assert_eq!(super::size_text(64 * 1024 * 1024), "64 MB");
        assert_eq!(super::size_text(1 << 20), "1 MB");
        assert_eq!(super::size_text(512 * 1024), "512 KB");
        assert_eq!(super::size_text(1000), "1000 bytes");
    }
}

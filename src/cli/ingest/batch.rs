//! `nianbao ingest` of several reports (files, or the .pdf and .txt files of a directory)
//! into a collection: each report ingested as a single ingest would, into COLLECTION/ID
//! (its own lock, staging and swap), on every core with a progress bar; a report that
//! fails stops nothing else; a line for each at the end.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::super::Failure;
use super::super::progress::Progress;
use super::super::staged_dir::make_folders;
use super::{IngestRequest, Ingested, bad_input, check_arguments, ingest_report};
use crate::parallel::parallel_map;
use crate::text::{escape_controls, escape_path};

/// At most this many reports in one batch: a nation's year (11,083 reports for 2023)
/// fits; more is split into batches, so that a mistyped directory (a home folder of
/// text files) is refused before anything is written.
pub const MAX_BATCH_REPORTS: usize = 20_000;

/// The exit status of a batch in which some reports failed (the others were written):
/// a partial answer, as a collection's reports that do not load make one.
pub const SOME_FAILED: u8 = super::super::PARTIAL;

/// The files a directory's reports are taken from, by extension (any case): PDFs, and
/// text (as a word processor exports it).
const REPORT_EXTENSIONS: [&str; 2] = ["pdf", "txt"];

/// A failed report's reason is cut to this many lines (a dataset that does not validate
/// lists every problem): the summary keeps one line a report.
const REASON_LINES: usize = 3;

/// Whether `ingest` was given a collection's worth: several inputs, or a directory.
pub fn is_batch(inputs: &[PathBuf]) -> bool {
    inputs.len() > 1 || inputs.first().is_some_and(|input| input.is_dir())
}

/// Ingests every report `inputs` give into `template.out`, a directory of report
/// directories, with `template`'s options for each; prints a line for each report and
/// fails with [`SOME_FAILED`] when any failed.
pub fn batch(inputs: &[PathBuf], template: &IngestRequest) -> Result<(), Failure> {
    check_batch_arguments(template)?;
    let (files, notes) = reports_of(inputs)?;
    let collection = template.out;
    let made = prepare_collection(collection)?;
    let ids = ids_of(&files);
    let progress = Progress::new("ingesting", files.len());
    let outcomes = parallel_map(files.len(), |i| {
        let outcome = match &ids[i] {
            Ok(id) => ingest_report(&IngestRequest {
                input: &files[i],
                out: &collection.join(id),
                ..*template
            }),
            Err(clash) => Err(bad_input(clash.clone())),
        };
        progress.step();
        outcome
    });
    drop(progress);
    if outcomes.iter().all(Result::is_err) {
        // Nothing written: the folders made for the collection go (when still empty).
        for folder in made.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
    let (text, failed) = summary(&files, &outcomes, &notes, collection);
    super::super::write_stdout(&text)?;
    match failed {
        0 => Ok(()),
        _ => Err(Failure {
            message: format!(
                "{failed} of {} reports failed (listed above); the others were written",
                files.len()
            ),
            code: SOME_FAILED,
        }),
    }
}

/// Options that name one report are refused with several; the rest are checked once.
fn check_batch_arguments(template: &IngestRequest) -> Result<(), Failure> {
    for (given, option) in [(template.id, "--id"), (template.title, "--title")] {
        if given.is_some() {
            return Err(Failure::usage(format!(
                "{option} names one report; with several, each takes its id and title from \
                 its own file (ingest a report alone to give them)"
            )));
        }
    }
    check_arguments(template)
}

/// The files to ingest, in order: each input file as given, each directory's report
/// files by name; and notes on what a directory held that was not taken.
fn reports_of(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<String>), Failure> {
    let mut files = Vec::new();
    let mut notes = Vec::new();
    for input in inputs {
        if input.is_dir() {
            notes.extend(reports_in(input, &mut files)?);
        } else {
            files.push(input.clone());
        }
        if files.len() > MAX_BATCH_REPORTS {
            return Err(bad_input(format!(
                "more than {MAX_BATCH_REPORTS} reports to ingest (the limit of one batch); \
                 ingest them in several batches"
            )));
        }
    }
    if files.is_empty() {
        return Err(bad_input(format!(
            "no report to ingest: {} holds no .pdf or .txt file",
            escape_path(&inputs[0])
        )));
    }
    Ok((files, notes))
}

/// A directory's report files (not hidden, not symbolic links: a link is never
/// followed), sorted, appended to `files`; a note when links were passed over.
fn reports_in(dir: &Path, files: &mut Vec<PathBuf>) -> Result<Option<String>, Failure> {
    let unreadable = |e: std::io::Error| bad_input(format!("{}: {e}", escape_path(dir)));
    let mut found = Vec::new();
    let mut links = 0;
    for entry in fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let report = path.extension().is_some_and(|extension| {
            let extension = extension.to_string_lossy().to_lowercase();
            REPORT_EXTENSIONS.contains(&extension.as_str())
        });
        if hidden || !report {
            continue;
        }
        // DirEntry's file type is the entry's own: a link is not followed to learn it.
        match entry.file_type() {
            Ok(kind) if kind.is_symlink() => links += 1,
            Ok(kind) if kind.is_file() => found.push(path),
            _ => {}
        }
        if files.len() + found.len() > MAX_BATCH_REPORTS {
            return Err(bad_input(format!(
                "{} holds more than {MAX_BATCH_REPORTS} reports (the limit of one batch); \
                 ingest them in several batches",
                escape_path(dir)
            )));
        }
    }
    found.sort();
    files.append(&mut found);
    Ok((links > 0).then(|| {
        let noun = if links == 1 { "link" } else { "links" };
        format!("{}: {links} symbolic {noun} not followed", escape_path(dir))
    }))
}

/// Checks the collection (a directory, or nothing yet) and makes it; the folders made,
/// outermost first.
fn prepare_collection(out: &Path) -> Result<Vec<PathBuf>, Failure> {
    let refuse = |problem: &str| Err(Failure::usage(format!("{}{problem}", escape_path(out))));
    match fs::metadata(out) {
        Ok(found) if !found.is_dir() => refuse(" exists and is not a directory; nothing was done"),
        Ok(_) if out.join("report.csv").exists() => refuse(
            " is one report's dataset (it has report.csv); several reports go into a \
             directory of report directories: choose another --out",
        ),
        Ok(_) => Ok(Vec::new()),
        Err(_) => {
            let mut made = Vec::new();
            make_folders(out, |folder| made.push(folder.to_path_buf()))?;
            Ok(made)
        }
    }
}

/// Each file's id (from its name, as a single ingest takes it), or why it cannot have
/// it: an earlier file has that id. Decided before any work, so the same file fails
/// whichever finishes first.
fn ids_of(files: &[PathBuf]) -> Vec<Result<String, String>> {
    let mut first: HashMap<String, &Path> = HashMap::new();
    files
        .iter()
        .map(|file| {
            let id = super::metadata::id_from_name(file);
            match first.get(&id) {
                Some(earlier) => Err(format!(
                    "{}: its id `{}` (from its file's name) is that of {}, given before it; \
                     nothing was written for it: rename the file, or ingest it alone with --id",
                    escape_path(file),
                    escape_controls(&id),
                    escape_path(earlier)
                )),
                None => {
                    first.insert(id.clone(), file);
                    Ok(id)
                }
            }
        })
        .collect()
}

/// A line for each report (ok, needs review and what, or failed and why), the notes,
/// the counts; and how many failed.
fn summary(
    files: &[PathBuf],
    outcomes: &[Result<Ingested, Failure>],
    notes: &[String],
    collection: &Path,
) -> (String, usize) {
    let mut text = String::new();
    let (mut ok, mut review, mut failed) = (0, 0, 0);
    for (file, outcome) in files.iter().zip(outcomes) {
        let shown = escape_path(file);
        let line = match outcome {
            Ok(done) if done.review.is_empty() => {
                ok += 1;
                format!("ok            {shown} → {}", escape_path(&done.written))
            }
            Ok(done) => {
                review += 1;
                format!(
                    "needs review  {shown} → {}: {}",
                    escape_path(&done.written),
                    done.review.join("; ")
                )
            }
            Err(failure) => {
                failed += 1;
                format!(
                    "failed        {shown}: {}",
                    reason(&failure.message, &shown)
                )
            }
        };
        text.push_str(&escape_controls(&line));
        text.push('\n');
    }
    for note in notes {
        text.push_str(&format!("note: {}\n", escape_controls(note)));
    }
    let reports = if files.len() == 1 {
        "report"
    } else {
        "reports"
    };
    text.push_str(&format!(
        "{} {reports}: {ok} ok, {review} needing review, {failed} failed\n",
        files.len()
    ));
    if ok + review > 0 {
        text.push_str(&format!(
            "open them: nianbao --data {}\n",
            escape_path(collection)
        ));
    }
    (text, failed)
}

/// A failure's message on one line, without the file's name it starts with (the line
/// names it already), at most [`REASON_LINES`] of its lines.
fn reason(message: &str, shown: &str) -> String {
    let message = message.trim();
    let message = message
        .strip_prefix(shown)
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(message);
    let lines: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut reason = lines
        .iter()
        .take(REASON_LINES)
        .copied()
        .collect::<Vec<_>>()
        .join(" / ");
    if lines.len() > REASON_LINES {
        reason.push_str(&format!(" / … ({} more lines)", lines.len() - REASON_LINES));
    }
    reason
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_one_line_without_the_file_it_names() {
        let shown = "in/a.pdf";
        assert_eq!(
            reason("in/a.pdf: the file is empty\n", shown),
            "the file is empty"
        );
        let long = "did not validate:\none\ntwo\n\nthree\nfour";
        assert_eq!(
            reason(long, shown),
            "did not validate: / one / two / … (2 more lines)"
        );
    }

    #[test]
    fn a_second_file_with_an_id_already_taken_fails_and_the_first_keeps_it() {
        let files: Vec<PathBuf> = ["a/report.pdf", "b/report.txt", "c/other.pdf"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let ids = ids_of(&files);
        assert_eq!(ids[0].as_deref(), Ok("report"));
        let clash = ids[1].as_ref().unwrap_err();
        assert!(
            clash.starts_with("b/report.txt: its id `report`") && clash.contains("a/report.pdf"),
            "{clash}"
        );
        assert_eq!(ids[2].as_deref(), Ok("other"));
    }
}

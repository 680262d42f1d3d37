//! `nianbao ingest`: a report's PDF or text in, a dataset directory out. The directory is
//! written beside the target, validated like any dataset, and only then moved into place;
//! curated rows of an existing dataset are kept on a re-run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::Failure;
use crate::dataset::{Dataset, REPORT_FILES};
use crate::ingest::detect::{CandidateIndicator, SchoolName, candidate_indicators, school_names};
use crate::ingest::{Parsed, parse_text};
use crate::model::Structure;

/// Inputs larger than this are refused: no quality report comes near it.
const MAX_INPUT_BYTES: u64 = 200 * 1024 * 1024;

/// What `ingest` was asked to do.
pub struct IngestRequest<'a> {
    pub input: &'a Path,
    pub out: &'a Path,
    pub id: Option<&'a str>,
    pub title: Option<&'a str>,
    pub region: Option<&'a str>,
    pub year: Option<&'a str>,
    pub force: bool,
}

pub fn ingest(request: &IngestRequest) -> Result<String, Failure> {
    let text = read_input(request.input)?;
    let parsed = parse_text(&text);
    let structure = &parsed.structure;
    if structure.chapters.is_empty() && structure.paragraphs.len() < 2 {
        return Err(bad_input(format!(
            "{}: no report structure found (no chapter headings, hardly any text); is this a quality report?",
            request.input.display()
        )));
    }
    let existing = existing_dataset(request.out, request.force)?;
    let schools = school_names(structure);
    let candidates = candidate_indicators(structure);
    let files = dataset_files(
        request,
        &text,
        structure,
        &schools,
        &candidates,
        existing.as_deref(),
    );
    let written = write_and_validate(request.out, &files)?;
    Ok(summary(request, &parsed, &schools, &candidates, &written))
}

fn bad_input(message: String) -> Failure {
    Failure { message, code: 2 }
}

/// The report's text: a PDF through pdftotext, a text file as UTF-8.
fn read_input(path: &Path) -> Result<String, Failure> {
    let metadata = fs::metadata(path).map_err(|e| bad_input(format!("{}: {e}", path.display())))?;
    if metadata.len() > MAX_INPUT_BYTES {
        return Err(bad_input(format!(
            "{}: {} MB is more than any quality report; refusing (limit {} MB)",
            path.display(),
            metadata.len() / 1024 / 1024,
            MAX_INPUT_BYTES / 1024 / 1024
        )));
    }
    let bytes = fs::read(path).map_err(|e| bad_input(format!("{}: {e}", path.display())))?;
    if bytes.is_empty() {
        return Err(bad_input(format!("{}: the file is empty", path.display())));
    }
    if bytes.starts_with(b"%PDF") {
        return pdf_text(path);
    }
    if bytes.contains(&0) {
        return Err(bad_input(format!(
            "{}: binary data, not text (give the report as PDF or as UTF-8 text)",
            path.display()
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        bad_input(format!(
            "{}: not UTF-8 text (byte {}); convert it first, e.g. iconv -f GBK -t UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Extracts a PDF's text layer with poppler's pdftotext.
fn pdf_text(path: &Path) -> Result<String, Failure> {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| {
            bad_input(format!(
                "reading a PDF needs poppler's pdftotext, which could not run ({e}); install poppler-utils, \
                 or give the report as text (pdftotext report.pdf report.txt)"
            ))
        })?;
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr);
        return Err(bad_input(format!(
            "{}: pdftotext could not read it (damaged or truncated PDF?): {}",
            path.display(),
            reason.trim()
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{c}')
        .count()
        < 20
    {
        return Err(bad_input(format!(
            "{}: the PDF has no text layer (a scan?); run OCR on it first",
            path.display()
        )));
    }
    Ok(text)
}

/// The curated files of a dataset already at `out`, when a re-run may update it.
fn existing_dataset(out: &Path, force: bool) -> Result<Option<PathBuf>, Failure> {
    let has_content = fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some());
    match (has_content, force) {
        (false, _) => Ok(None),
        (true, false) => Err(Failure::usage(format!(
            "{} exists and is not empty; pass --force to update it (curated rows are kept)",
            out.display()
        ))),
        (true, true) => Ok(Some(out.to_path_buf())),
    }
}

/// The dataset's files: fresh ones, or the curated ones kept with new candidates added.
fn dataset_files(
    request: &IngestRequest,
    text: &str,
    structure: &Structure,
    schools: &[SchoolName],
    candidates: &[CandidateIndicator],
    existing: Option<&Path>,
) -> Vec<(&'static str, String)> {
    let kept = |name: &str| existing.and_then(|dir| fs::read_to_string(dir.join(name)).ok());
    let mut files = vec![("source.txt", text.to_string())];
    files.push((
        "report.csv",
        kept("report.csv").unwrap_or_else(|| report_csv(request, text)),
    ));
    files.push((
        "schools.csv",
        kept("schools.csv").unwrap_or_else(|| schools_csv(schools)),
    ));
    for (name, header) in [
        ("partners.csv", "id,name,aliases,name_en,kind,location"),
        (
            "breakdowns.csv",
            "id,title,title_en,kind,members,total,compare_with",
        ),
        ("glossary.csv", "term,english,note"),
    ] {
        files.push((name, kept(name).unwrap_or_else(|| format!("{header}\n"))));
    }
    files.push((
        "indicators.csv",
        indicators_csv(structure, candidates, kept("indicators.csv")),
    ));
    files
}

fn csv_text(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write = |writer: &mut csv::Writer<Vec<u8>>, row: &[String]| {
        writer
            .write_record(row)
            .expect("writing CSV to memory cannot fail");
    };
    write(
        &mut writer,
        &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    );
    for row in rows {
        write(&mut writer, &row);
    }
    String::from_utf8(writer.into_inner().expect("in memory")).expect("UTF-8 in, UTF-8 out")
}

fn report_csv(request: &IngestRequest, text: &str) -> String {
    let stem = request
        .input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = request
        .id
        .map_or_else(|| slug(&stem, "report"), str::to_string);
    let title = request
        .title
        .map_or_else(|| guess_title(text), str::to_string);
    let year = request.year.unwrap_or_default().to_string();
    csv_text(
        &[
            "id",
            "title",
            "title_en",
            "region",
            "region_en",
            "school_year",
            "calendar_year",
        ],
        [vec![
            id,
            title,
            String::new(),
            request.region.unwrap_or_default().to_string(),
            String::new(),
            String::new(),
            year,
        ]],
    )
}

/// The first line naming a quality report, else the first line.
fn guess_title(text: &str) -> String {
    let lines = text
        .lines()
        .map(|l| l.split_whitespace().collect::<String>())
        .filter(|l| !l.is_empty());
    let mut first = None;
    for line in lines.take(80) {
        if line.contains("质量") && line.contains("报告") && line.chars().count() <= 40 {
            return line.trim_matches(['《', '》']).to_string();
        }
        first.get_or_insert(line);
    }
    first.unwrap_or_default()
}

/// An id from any text: ASCII letters and digits kept, Chinese as pinyin, hyphens between.
fn slug(text: &str, fallback: &str) -> String {
    let romanized = crate::search::romanize(text);
    let mut slug = String::new();
    for c in romanized.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        fallback.to_string()
    } else {
        slug.chars()
            .take(48)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string()
    }
}

fn schools_csv(schools: &[SchoolName]) -> String {
    let mut used = std::collections::HashSet::new();
    let rows = schools.iter().map(|school| {
        let mut id = slug(&school.name, "school");
        let base = id.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        vec![
            id,
            school.name.clone(),
            school.aliases.join("|"),
            String::new(),
            String::new(),
            String::new(),
            "Detected by nianbao ingest: check the name, district and whether it belongs to the region.".to_string(),
        ]
    });
    csv_text(
        &[
            "id", "name", "aliases", "name_en", "district", "kind", "note",
        ],
        rows,
    )
}

const INDICATOR_HEADER: [&str; 13] = [
    "id",
    "name",
    "name_en",
    "value_text",
    "value",
    "unit",
    "period",
    "scope",
    "section",
    "series",
    "formula",
    "verified",
    "source",
];

/// Curated (verified) rows kept as they were, then the new candidates, unverified.
fn indicators_csv(
    structure: &Structure,
    candidates: &[CandidateIndicator],
    existing: Option<String>,
) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    if let Some(existing) = existing {
        let mut reader = csv::Reader::from_reader(existing.as_bytes());
        let header = reader.headers().cloned().unwrap_or_default();
        let verified = header.iter().position(|h| h == "verified");
        for record in reader.records().flatten() {
            let curated = verified.is_none_or(|v| record.get(v) != Some("false"));
            if curated {
                let row: Vec<String> = INDICATOR_HEADER
                    .iter()
                    .map(|column| {
                        header
                            .iter()
                            .position(|h| h == *column)
                            .and_then(|i| record.get(i))
                            .unwrap_or("")
                            .to_string()
                    })
                    .collect();
                rows.push(row);
            }
        }
    }
    let taken: std::collections::HashSet<String> = rows.iter().map(|r| r[0].clone()).collect();
    let covered: std::collections::HashSet<(String, String)> =
        rows.iter().map(|r| (r[3].clone(), r[12].clone())).collect();
    let mut number = 0;
    for candidate in candidates {
        if covered.contains(&(candidate.value_text.clone(), candidate.sentence.clone())) {
            continue;
        }
        let id = loop {
            number += 1;
            let id = format!("candidate-{number:04}");
            if !taken.contains(&id) {
                break id;
            }
        };
        let location = &structure.paragraphs[candidate.paragraph].location;
        rows.push(vec![
            id,
            candidate.label.clone(),
            String::new(),
            candidate.value_text.clone(),
            candidate.value.to_string(),
            candidate.unit.clone(),
            candidate.period.clone(),
            "city".to_string(),
            location.label(),
            String::new(),
            String::new(),
            "false".to_string(),
            candidate.sentence.clone(),
        ]);
    }
    csv_text(&INDICATOR_HEADER, rows)
}

/// Writes the files to a new directory beside `out`, loads it as a dataset, and only if
/// that succeeds puts it in `out`'s place. Returns where it went.
fn write_and_validate(out: &Path, files: &[(&'static str, String)]) -> Result<PathBuf, Failure> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| bad_input(format!("{}: {e}", parent.display())))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".into());
    let staging = parent.join(format!(".{name}.nianbao-ingest-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let result = (|| {
        fs::create_dir(&staging).map_err(|e| bad_input(format!("{}: {e}", staging.display())))?;
        for (file, content) in files {
            debug_assert!(REPORT_FILES.contains(file));
            fs::write(staging.join(file), content)
                .map_err(|e| bad_input(format!("{}: {e}", staging.join(file).display())))?;
        }
        Dataset::from_dir(&staging).map_err(|error| Failure {
            message: format!("the dataset did not validate, nothing was written:\n{error}"),
            code: 2,
        })?;
        replace_dir(&staging, out)
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result.map(|()| out.to_path_buf())
}

/// Moves `staging` to `out`, replacing what was there only once the new one is in place.
fn replace_dir(staging: &Path, out: &Path) -> Result<(), Failure> {
    let io = |e: std::io::Error| bad_input(format!("{}: {e}", out.display()));
    if out.exists() {
        let old = staging.with_extension("old");
        fs::rename(out, &old).map_err(io)?;
        fs::rename(staging, out).map_err(io)?;
        fs::remove_dir_all(&old).map_err(io)?;
    } else {
        fs::rename(staging, out).map_err(io)?;
    }
    Ok(())
}

fn summary(
    request: &IngestRequest,
    parsed: &Parsed,
    schools: &[SchoolName],
    candidates: &[CandidateIndicator],
    written: &Path,
) -> String {
    let mut out = format!(
        "{} → {}\n  found: {}, {} paragraphs\n  \
         proposed: {} schools, {} candidate indicators (verified=false: check them, then set verified=true)\n",
        request.input.display(),
        written.display(),
        super::structure_counts(&parsed.structure),
        parsed.structure.paragraphs.len(),
        schools.len(),
        candidates.len(),
    );
    if parsed.warnings.is_empty() {
        out.push_str("  nothing left unplaced\n");
    }
    for warning in &parsed.warnings {
        out.push_str(&format!("  could not place: {warning}\n"));
    }
    out.push_str(&format!(
        "  open it: nianbao --data {}\n",
        written.display()
    ));
    out
}

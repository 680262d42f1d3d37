//! `nianbao ingest`: a report's PDF or text in, a dataset directory out. The directory is
//! written beside the target, validated like any dataset, and only then moved into place;
//! curated rows of an existing dataset are kept on a re-run. Several reports at once go
//! through `batch`, each into its own directory of a collection.

mod batch;
pub use batch::{MAX_BATCH_REPORTS, SOME_FAILED, batch, is_batch};
mod metadata;

use std::path::{Path, PathBuf};
use std::process::Command;

use super::dataset_dir::Target;
use super::{Failure, PdfEngine};
use crate::dataset::{MAX_FILE_BYTES, read_dataset_file, read_regular_file};
use crate::ingest::detect::{
    CandidateIndicator, MAX_CANDIDATES, SchoolName, candidates_within_limit, school_names,
};
use crate::ingest::pdf::{pdftotext_program, word_boxes_command};
use crate::ingest::relations::{Proposed, ProposedRelation, propose_relations};
use crate::ingest::{MAX_TEXT_LINES, Parsed, parse_text};
use crate::model::Structure;
use crate::text::{escape_controls, escape_path};
use metadata::{Metadata, report_csv};

/// Inputs larger than this are refused: no quality report comes near it. A PDF's text is
/// a small part of it; a text file is held to the smaller [`MAX_FILE_BYTES`] of the
/// dataset's `source.txt` it becomes (see `check_text_size`).
const MAX_INPUT_BYTES: u64 = 200 * 1024 * 1024;

/// What `ingest` was asked to do.
pub struct IngestRequest<'a> {
    pub input: &'a Path,
    pub out: &'a Path,
    pub id: Option<&'a str>,
    pub title: Option<&'a str>,
    pub region: Option<&'a str>,
    pub year: Option<&'a str>,
    pub level: Option<crate::model::Level>,
    pub publisher: Option<&'a str>,
    pub force: bool,
    pub pdf_engine: PdfEngine,
}

/// A report ingested: what is printed for it, where it was written, and what in it a
/// person should review (the title or report.csv's columns not found, text not placed).
pub(super) struct Ingested {
    summary: String,
    written: PathBuf,
    review: Vec<String>,
}

/// One report, as `nianbao ingest FILE` ingests it: the summary to print.
pub fn ingest(request: &IngestRequest) -> Result<String, Failure> {
    ingest_report(request).map(|ingested| ingested.summary)
}

fn ingest_report(request: &IngestRequest) -> Result<Ingested, Failure> {
    check_arguments(request)?;
    let (text, source) = read_input(request.input, request.pdf_engine)?;
    let parsed = parse_text(&text);
    let structure = &parsed.structure;
    if structure.chapters.is_empty() && structure.paragraphs.len() < 2 {
        return Err(bad_input(format!(
            "{}: no report structure found (no chapter headings, hardly any text); is this a quality report?",
            escape_path(request.input)
        )));
    }
    let target = Target::lock(request.out, request.force)?;
    let metadata = Metadata::of(request, &text);
    let schools = school_names(structure, metadata.own_school.as_deref());
    let (candidates, more) = candidates_within_limit(structure);
    let proposals = propose_relations(structure, &candidates);
    let fresh_report = target
        .existing()
        .is_none_or(|dir| !dir.join("report.csv").exists());
    let files = dataset_files(
        &metadata,
        text,
        structure,
        &schools,
        (&candidates, &proposals),
        target.existing(),
    )?;
    let written = target.commit(files)?;
    let fresh_metadata = fresh_report.then_some(&metadata);
    let mut review = fresh_metadata.map_or_else(Vec::new, Metadata::to_review);
    if let Some(first) = parsed.warnings.first() {
        let more = match parsed.warnings.len() - 1 {
            0 => String::new(),
            more => format!(" (and {more} more: nianbao check lists them)"),
        };
        review.push(format!("could not place: {first}{more}"));
    }
    let mut summary = summary(
        request,
        fresh_metadata,
        &source,
        &parsed,
        &schools,
        (&candidates, &proposals),
        &written,
    );
    if more {
        summary.push_str(&format!(
            "  candidate indicators: the first {MAX_CANDIDATES} proposed, the text has more
"
        ));
    }
    Ok(Ingested {
        summary,
        written,
        review,
    })
}

/// Arguments are checked before any work: a bad `--id` or `--year` found after reading
/// a 300-page PDF wastes the user's time.
fn check_arguments(request: &IngestRequest) -> Result<(), Failure> {
    if let Some(id) = request.id
        && !crate::text::is_slug(id)
    {
        return Err(Failure::usage(format!(
            "--id `{}` is not a slug: lowercase letters, digits and single hyphens (jiaxing-2023)",
            escape_controls(id)
        )));
    }
    if let Some(year) = request.year
        && !(year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Failure::usage(format!(
            "--year `{}` is not a year: four digits, the calendar year of the report (2023)",
            escape_controls(year)
        )));
    }
    Ok(())
}

fn bad_input(message: String) -> Failure {
    Failure { message, code: 2 }
}

/// The report's text (a PDF through the engine asked for, a text file as UTF-8) and
/// where it came from, for the summary.
fn read_input(path: &Path, engine: PdfEngine) -> Result<(String, String), Failure> {
    let bytes = read_regular_file(path, MAX_INPUT_BYTES)
        .map_err(|e| bad_input(format!("{}: {e}", escape_path(path))))?;
    if bytes.is_empty() {
        return Err(bad_input(format!(
            "{}: the file is empty",
            escape_path(path)
        )));
    }
    let (text, source) = if bytes.starts_with(b"%PDF") {
        pdf_text(path, &bytes, engine)?
    } else {
        let (text, encoding) = decode_text(path, bytes)?;
        (text, format!("text file{encoding}"))
    };
    check_text_size(path, &text)?;
    Ok((text, source))
}

/// The text must fit a dataset: its `source.txt` is a dataset file (at most
/// [`MAX_FILE_BYTES`]), and its lines are at most [`MAX_TEXT_LINES`] (a line costs the
/// parser a hundred bytes or so however short it is). Checked before any parsing.
fn check_text_size(path: &Path, text: &str) -> Result<(), Failure> {
    let megabytes = |bytes: u64| bytes.div_ceil(1024 * 1024);
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(bad_input(format!(
            "{}: the report's text is {} MB, more than the {} MB a dataset's source.txt may hold",
            escape_path(path),
            megabytes(text.len() as u64),
            megabytes(MAX_FILE_BYTES)
        )));
    }
    let lines = crate::ingest::text_lines(text);
    if lines > MAX_TEXT_LINES {
        return Err(bad_input(format!(
            "{}: the report's text has {lines} lines that are not blank, more than the {MAX_TEXT_LINES} nianbao reads",
            escape_path(path)
        )));
    }
    Ok(())
}

/// A text file's contents: UTF-8 (a byte-order mark dropped), UTF-16 with its byte-order
/// mark (Notepad's "Unicode"), or GB18030 (GBK's superset, which older Chinese Windows
/// saves as "ANSI") when every byte decodes as such; with the encoding's name for the
/// summary where it is not UTF-8.
/// UTF-8 text is taken as it was read, not copied.
fn decode_text(path: &Path, mut bytes: Vec<u8>) -> Result<(String, &'static str), Failure> {
    let refuse = |problem: &str| Err(bad_input(format!("{}: {problem}", escape_path(path))));
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, malformed) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return match malformed {
            false => Ok((text.into_owned(), " (UTF-16)")),
            true => refuse("damaged UTF-16 text; save it again as UTF-8"),
        };
    }
    if bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(.."\u{feff}".len());
    }
    if memchr::memchr(0, &bytes).is_some() {
        return refuse("binary data, not text (give the report as PDF or as UTF-8 text)");
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, "")),
        Err(error) => {
            let (bytes, error) = (error.as_bytes(), error.utf8_error());
            let (text, malformed) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            match malformed {
                false => Ok((text.into_owned(), " (GB18030)")),
                true => refuse(&format!(
                    "neither UTF-8 nor GB18030 text (byte {}); convert it first, e.g. iconv -f BIG5 -t UTF-8",
                    error.valid_up_to()
                )),
            }
        }
    }
}

/// pdftotext's version line (`pdftotext version 22.12.0`), if it runs.
fn pdftotext_version() -> Option<String> {
    let output = Command::new(pdftotext_program()).arg("-v").output().ok()?;
    let printed = [output.stderr, output.stdout].concat();
    let printed = String::from_utf8_lossy(&printed);
    let line = printed.lines().find(|l| l.contains("version"))?;
    Some(line.trim().to_string())
}

/// A PDF's text layer, read by the engine asked for.
fn pdf_text(path: &Path, bytes: &[u8], engine: PdfEngine) -> Result<(String, String), Failure> {
    let use_pdftotext = match engine {
        PdfEngine::Builtin => None,
        PdfEngine::Pdftotext => Some(pdftotext_version().unwrap_or_default()),
        PdfEngine::Auto => pdftotext_version(),
    };
    let (text, source) = match use_pdftotext {
        Some(version) => {
            let text = run_pdftotext(path)?;
            let version = version.trim_start_matches("pdftotext").trim();
            (text, format!("PDF, read by pdftotext ({version})"))
        }
        None => builtin_text(path, bytes)?,
    };
    if text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{c}')
        .count()
        < 20
    {
        return Err(bad_input(format!(
            "{}: the PDF has no text layer (a scan?); run OCR on it first",
            escape_path(path)
        )));
    }
    Ok((text, source))
}

/// Reads a PDF with the built-in reader.
fn builtin_text(path: &Path, bytes: &[u8]) -> Result<(String, String), Failure> {
    let read = crate::ingest::pdf::extract_text(bytes).map_err(|error| {
        let advice = match error {
            crate::ingest::pdf::PdfError::Encrypted => {
                "; remove the protection first, e.g. qpdf --decrypt"
            }
            crate::ingest::pdf::PdfError::Damaged(_) => "",
            crate::ingest::pdf::PdfError::OverLimit(_) => {
                "; if the file is a real report, try --pdf-engine pdftotext"
            }
        };
        bad_input(format!(
            "{}: the built-in PDF reader could not read it: {error}{advice}",
            escape_path(path)
        ))
    })?;
    // A font without a map to Unicode draws glyphs that cannot be told apart: when most
    // of the text is such, it is better read by pdftotext or OCR than guessed at.
    if read.unmapped > 20 && read.unmapped > read.mapped {
        return Err(bad_input(format!(
            "{}: {} of the {} characters drawn are in fonts that do not say which \
             characters they are; try --pdf-engine pdftotext, or OCR",
            escape_path(path),
            read.unmapped,
            read.unmapped + read.mapped
        )));
    }
    let pages = read.pages;
    let noun = if pages == 1 { "page" } else { "pages" };
    Ok((
        read.text,
        format!("PDF, {pages} {noun}, read by the built-in reader"),
    ))
}

/// Extracts a PDF's text layer with poppler's pdftotext: its word boxes
/// (`-bbox-layout`), laid out by the built-in reader's geometry (tables, footnote
/// markers, columns).
fn run_pdftotext(path: &Path) -> Result<String, Failure> {
    let output = word_boxes_command(path).output().map_err(|e| {
        bad_input(format!(
            "--pdf-engine pdftotext needs poppler's pdftotext, which could not run ({e}); \
                 install poppler-utils, or use the built-in reader (--pdf-engine builtin)"
        ))
    })?;
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr);
        return Err(bad_input(format!(
            "{}: pdftotext could not read it ({}): {}",
            escape_path(path),
            pdf_failure(&reason),
            escape_controls(reason.trim())
        )));
    }
    let boxes = String::from_utf8_lossy(&output.stdout);
    crate::ingest::pdf::text_from_word_boxes(&boxes).map_err(|reason| {
        bad_input(format!(
            "{}: {}; try --pdf-engine builtin",
            escape_path(path),
            escape_controls(&reason.to_string())
        ))
    })
}

/// What pdftotext's complaint means for the user.
fn pdf_failure(stderr: &str) -> &'static str {
    let lower = stderr.to_lowercase();
    if ["password", "encrypt"]
        .iter()
        .any(|word| lower.contains(word))
    {
        "it is encrypted (password-protected); remove the protection first, e.g. qpdf --decrypt"
    } else {
        "damaged or truncated PDF?"
    }
}

/// The dataset's files: fresh ones, or the curated ones kept with new candidates added.
fn dataset_files(
    metadata: &Metadata,
    text: String,
    structure: &Structure,
    schools: &[SchoolName],
    (candidates, proposals): (&[CandidateIndicator], &[ProposedRelation]),
    existing: Option<&Path>,
) -> Result<Vec<(&'static str, String)>, Failure> {
    let kept = |name: &str| match existing {
        Some(dir) => read_curated(&dir.join(name)),
        None => Ok(None),
    };
    let mut files = vec![("source.txt", text)];
    files.push((
        "report.csv",
        kept("report.csv")?.unwrap_or_else(|| report_csv(metadata)),
    ));
    files.push((
        "schools.csv",
        kept("schools.csv")?.unwrap_or_else(|| schools_csv(schools)),
    ));
    for (name, header) in [
        ("partners.csv", "id,name,aliases,name_en,kind,location"),
        (
            "breakdowns.csv",
            "id,title,title_en,kind,members,total,compare_with",
        ),
        ("glossary.csv", "term,english,note"),
    ] {
        files.push((name, kept(name)?.unwrap_or_else(|| format!("{header}\n"))));
    }
    let (indicators, ids) = indicators_csv(structure, candidates, kept("indicators.csv")?);
    files.push(("indicators.csv", indicators));
    files.push((
        "relations.csv",
        relations_csv(proposals, &ids, kept("relations.csv")?),
    ));
    Ok(files)
}

/// A curated file of the dataset being updated, if it is there. It must read whole as
/// UTF-8 CSV with every row as long as the header: curated work that cannot be read is
/// an error naming the file and line, never silently regenerated or dropped.
fn read_curated(path: &Path) -> Result<Option<String>, Failure> {
    let bytes = match read_dataset_file(path, MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(_) if !path.exists() => return Ok(None),
        Err(error) => return Err(bad_input(format!("{}: {error}", escape_path(path)))),
    };
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        bad_input(format!(
            "{}:{line}: not UTF-8 text; save it as UTF-8 (e.g. iconv -f GBK -t UTF-8), then ingest again. Nothing was changed",
            escape_path(path)
        ))
    })?;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    for record in reader.records() {
        if let Err(error) = record {
            let line = error.position().map_or(0, csv::Position::line);
            return Err(bad_input(format!(
                "{}:{line}: {error}; fix the row, then ingest again. Nothing was changed",
                escape_path(path)
            )));
        }
    }
    Ok(Some(text))
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

const INDICATOR_HEADER: [&str; 15] = [
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
    "qualifier",
    "concept",
];

/// The curated rows of an earlier file (those not marked `verified=false`), in `columns`'
/// order whatever the file's order; a column the file lacks is empty.
fn curated_rows(existing: Option<&str>, columns: &[&str]) -> Vec<Vec<String>> {
    let Some(existing) = existing else {
        return Vec::new();
    };
    let mut reader = csv::Reader::from_reader(existing.as_bytes());
    let header = reader.headers().cloned().unwrap_or_default();
    let position = |column: &str| header.iter().position(|h| h == column);
    let verified = position("verified");
    let places: Vec<Option<usize>> = columns.iter().map(|column| position(column)).collect();
    // read_curated has read every record already: none fails here.
    reader
        .records()
        .flatten()
        .filter(|record| verified.is_none_or(|v| record.get(v) != Some("false")))
        .map(|record| {
            places
                .iter()
                .map(|place| place.and_then(|i| record.get(i)).unwrap_or("").to_string())
                .collect()
        })
        .collect()
}

/// Curated (verified) rows kept as they were, then the new candidates, unverified; and
/// each candidate's id in the file (a curated row's where one covers it).
fn indicators_csv(
    structure: &Structure,
    candidates: &[CandidateIndicator],
    existing: Option<String>,
) -> (String, Vec<String>) {
    let mut rows = curated_rows(existing.as_deref(), &INDICATOR_HEADER);
    let taken: std::collections::HashSet<String> = rows.iter().map(|r| r[0].clone()).collect();
    let covered: std::collections::HashMap<(String, String), String> = rows
        .iter()
        .map(|r| ((r[3].clone(), r[12].clone()), r[0].clone()))
        .collect();
    // A concept has one figure per period (the loader checks it): the first candidate
    // that measures it is proposed, never one a curated row maps already.
    let mut mapped: std::collections::HashSet<(String, String)> = rows
        .iter()
        .filter(|r| !r[14].is_empty())
        .map(|r| (r[14].clone(), r[6].clone()))
        .collect();
    let mut number = 0;
    let mut ids = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        if let Some(id) = covered.get(&(candidate.value_text.clone(), candidate.sentence.clone())) {
            ids.push(id.clone());
            continue;
        }
        let id = next_free_id("candidate", &mut number, &taken);
        ids.push(id.clone());
        let concept = crate::concepts::propose(&candidate.label, &candidate.unit)
            .map(|c| c.id.clone())
            .filter(|c| mapped.insert((c.clone(), candidate.period.clone())))
            .unwrap_or_default();
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
            candidate
                .qualifier
                .map_or_else(String::new, |q| q.name().to_string()),
            concept,
        ]);
    }
    (csv_text(&INDICATOR_HEADER, rows), ids)
}

/// `prefix-0001`, the first number after `number` whose id no curated row has taken.
fn next_free_id(
    prefix: &str,
    number: &mut usize,
    taken: &std::collections::HashSet<String>,
) -> String {
    loop {
        *number += 1;
        let id = format!("{prefix}-{:04}", *number);
        if !taken.contains(&id) {
            return id;
        }
    }
}

const RELATION_HEADER: [&str; 8] = [
    "id", "kind", "result", "inputs", "measure", "factor", "verified", "note",
];

/// Curated (verified) relations kept as they were, then the relations the text shows,
/// unverified, naming the candidates by their ids in indicators.csv.
fn relations_csv(
    proposals: &[ProposedRelation],
    ids: &[String],
    existing: Option<String>,
) -> String {
    let mut rows = curated_rows(existing.as_deref(), &RELATION_HEADER);
    let operand = |term: &Proposed| match term {
        Proposed::Candidate(i) => ids[*i].clone(),
        Proposed::Cell { table, row, column } => format!("table:{table}[{row},{column}]"),
    };
    let taken: std::collections::HashSet<String> = rows.iter().map(|r| r[0].clone()).collect();
    let mut number = 0;
    for proposal in proposals {
        let (kind, result) = (proposal.kind.name(), operand(&proposal.result));
        let inputs = proposal
            .inputs
            .iter()
            .map(operand)
            .collect::<Vec<_>>()
            .join("|");
        if rows
            .iter()
            .any(|r| r[1] == kind && r[2] == result && r[3] == inputs)
        {
            continue;
        }
        let id = next_free_id("proposed", &mut number, &taken);
        rows.push(vec![
            id,
            kind.to_string(),
            result,
            inputs,
            proposal
                .measure
                .map_or_else(String::new, |m| m.name().to_string()),
            String::new(),
            "false".to_string(),
            format!("proposed by nianbao ingest: {}", proposal.cue),
        ]);
    }
    csv_text(&RELATION_HEADER, rows)
}

fn summary(
    request: &IngestRequest,
    metadata: Option<&Metadata>,
    source: &str,
    parsed: &Parsed,
    schools: &[SchoolName],
    (candidates, proposals): (&[CandidateIndicator], &[ProposedRelation]),
    written: &Path,
) -> String {
    let mut out = format!(
        "{} → {}\n  read: {}\n  found: {}, {} paragraphs\n  \
         proposed: {} schools, {} candidate indicators, {} candidate relations (verified=false: check them, then set verified=true)\n",
        escape_path(request.input),
        escape_path(written),
        escape_controls(source),
        super::check::structure_counts(&parsed.structure),
        parsed.structure.paragraphs.len(),
        schools.len(),
        candidates.len(),
        proposals.len(),
    );
    if let Some(metadata) = metadata {
        out.push_str(&format!(
            "  report.csv: {}\n",
            escape_controls(&metadata.describe())
        ));
    }
    if parsed.warnings.is_empty() {
        out.push_str("  nothing left unplaced\n");
    }
    for warning in &parsed.warnings {
        out.push_str(&format!(
            "  could not place: {}\n",
            escape_controls(warning)
        ));
    }
    out.push_str(&format!(
        "  open it: nianbao --data {}\n",
        escape_path(written)
    ));
    super::escape_lines(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encrypted_pdf_is_called_encrypted_not_damaged() {
        // What poppler's pdftotext prints for a PDF with a user password.
        let encrypted = "Command Line Error: Incorrect password\n";
        assert!(pdf_failure(encrypted).contains("encrypted"));
        let broken = "Syntax Error: Couldn't find trailer dictionary\n";
        assert!(pdf_failure(broken).contains("damaged"));
    }
}

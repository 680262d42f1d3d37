//! Reads the curated CSV files of a report directory into rows, each with its line number,
//! collecting a problem for every row that cannot be read.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Problem, ProblemKind, ReportFiles};
use crate::model::ReportMeta;
use crate::text::is_slug;

/// A row and the line it starts on.
#[derive(Debug, Clone)]
pub struct Lined<T> {
    pub line: u64,
    pub row: T,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SchoolRow {
    pub id: String,
    pub name: String,
    pub aliases: String,
    pub name_en: String,
    pub district: String,
    pub kind: String,
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PartnerRow {
    pub id: String,
    pub name: String,
    pub aliases: String,
    pub name_en: String,
    pub kind: String,
    pub location: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IndicatorRow {
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub value_text: String,
    pub value: String,
    pub unit: String,
    pub period: String,
    pub scope: String,
    pub section: String,
    pub series: String,
    pub formula: String,
    pub verified: String,
    pub source: String,
    /// Optional column: `more-than`, `at-least`, `about`, `nearly`, `less-than`.
    #[serde(default)]
    pub qualifier: String,
    /// Optional column: the concept (comparable measure) the figure is the report's
    /// value of.
    #[serde(default)]
    pub concept: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BreakdownRow {
    pub id: String,
    pub title: String,
    pub title_en: String,
    pub kind: String,
    pub members: String,
    pub total: String,
    pub compare_with: String,
}

/// A row of the optional `relations.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct RelationRow {
    pub id: String,
    pub kind: String,
    pub result: String,
    pub inputs: String,
    pub measure: String,
    pub factor: String,
    pub verified: String,
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GlossaryRow {
    pub term: String,
    pub english: String,
    pub note: String,
}

/// Every curated file of a report, read into rows. A file that could not be read counts
/// as empty (its problem is already reported), so the other files are still checked.
#[derive(Debug, Clone)]
pub struct Curated {
    pub meta: Option<ReportMeta>,
    /// The line of report.csv the report's row is on.
    pub meta_line: u64,
    pub schools: Vec<Lined<SchoolRow>>,
    pub partners: Vec<Lined<PartnerRow>>,
    pub indicators: Vec<Lined<IndicatorRow>>,
    pub breakdowns: Vec<Lined<BreakdownRow>>,
    pub glossary: Vec<Lined<GlossaryRow>>,
    /// Empty when the report directory has no `relations.csv`.
    pub relations: Vec<Lined<RelationRow>>,
}

/// Reads every curated file.
pub fn read_curated(files: &ReportFiles, problems: &mut Vec<Problem>) -> Curated {
    let (meta, meta_line) = read_meta(files, problems).map_or((None, 0), |(m, l)| (Some(m), l));
    Curated {
        meta,
        meta_line,
        schools: read_rows(files, "schools.csv", problems).unwrap_or_default(),
        partners: read_rows(files, "partners.csv", problems).unwrap_or_default(),
        indicators: read_rows(files, "indicators.csv", problems).unwrap_or_default(),
        breakdowns: read_rows(files, "breakdowns.csv", problems).unwrap_or_default(),
        glossary: read_rows(files, "glossary.csv", problems).unwrap_or_default(),
        relations: if files.has("relations.csv") {
            read_rows(files, "relations.csv", problems).unwrap_or_default()
        } else {
            Vec::new()
        },
    }
}

pub(super) fn read_meta(
    files: &ReportFiles,
    problems: &mut Vec<Problem>,
) -> Option<(ReportMeta, u64)> {
    let mut rows: Vec<Lined<ReportMeta>> = read_rows(files, "report.csv", problems)?;
    if rows.len() != 1 {
        problems.push(Problem::new(
            ProblemKind::MalformedRow,
            files.path("report.csv"),
            None,
            format!("expected exactly one report row, found {}", rows.len()),
        ));
        return None;
    }
    let Lined { row, line } = rows.remove(0);
    if !is_slug(&row.id) {
        problems.push(bad_slug(files, "report.csv", line, &row.id));
    }
    Some((row, line))
}

/// A CSV field longer than this is refused: a source sentence is a few hundred bytes.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

/// Reading a file stops after this many problems in it (a file of a million bad rows
/// would otherwise fill memory with problems nobody reads).
const MAX_PROBLEMS_PER_FILE: usize = 1000;

/// Reads one CSV file with a header row into typed rows.
fn read_rows<T: DeserializeOwned>(
    files: &ReportFiles,
    name: &str,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Lined<T>>> {
    let path = files.path(name);
    let text = files.text(name).map_err(|p| problems.push(p)).ok()?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(error) => {
            problems.push(csv_problem(&path, &error));
            return None;
        }
    };
    if let Err(error) = check_header::<T>(&headers) {
        problems.push(Problem::new(
            ProblemKind::MalformedRow,
            path,
            Some(1),
            error.to_string(),
        ));
        return None;
    }
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(text.as_bytes());
    let problems_before = problems.len();
    for record in reader.records() {
        if problems.len() - problems_before >= MAX_PROBLEMS_PER_FILE {
            problems.push(Problem::new(
                ProblemKind::MalformedRow,
                path.clone(),
                None,
                format!("stopped reading after {MAX_PROBLEMS_PER_FILE} problems in this file"),
            ));
            break;
        }
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(csv_problem(&path, &error));
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| lines.line_at(p.byte() as usize));
        if let Some(long) = record.iter().position(|f| f.len() > MAX_FIELD_BYTES) {
            problems.push(Problem::new(
                ProblemKind::BadValue,
                path.clone(),
                Some(line),
                format!(
                    "field {} ({}) is {} KB; a field holds at most {} KB",
                    long + 1,
                    headers.get(long).unwrap_or("?"),
                    record[long].len() / 1024,
                    MAX_FIELD_BYTES / 1024
                ),
            ));
            continue;
        }
        match record.deserialize::<T>(Some(&headers)) {
            Ok(row) => rows.push(Lined { line, row }),
            Err(error) => problems.push(Problem::new(
                ProblemKind::BadValue,
                path.clone(),
                Some(line),
                error.to_string(),
            )),
        }
    }
    Some(rows)
}

/// Physical line numbers of byte offsets, counted forward as records come in order. (The
/// CSV reader counts a blank line before a record as the record's line.)
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after `offset` that is not a line break.
    fn line_at(&mut self, offset: usize) -> u64 {
        let start = self.text[offset.min(self.text.len())..]
            .iter()
            .position(|&b| b != b'\n' && b != b'\r')
            .map_or(self.text.len(), |skip| offset + skip);
        if start < self.offset {
            *self = LineCounter::new(self.text);
        }
        self.line += self.text[self.offset..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.offset = start;
        self.line
    }
}

/// A header without a column the rows need.
#[derive(Debug, thiserror::Error)]
#[error("header: {missing} ({found})")]
struct MissingColumn {
    /// csv's words for the first column missing.
    missing: csv::Error,
    /// The columns there are, or why they are not named.
    found: String,
}

/// Every field the row type needs must be a column: deserialising an empty record names
/// the first one missing.
fn check_header<T: DeserializeOwned>(headers: &csv::StringRecord) -> Result<(), MissingColumn> {
    let empty = csv::StringRecord::from(vec![""; headers.len()]);
    match empty.deserialize::<T>(Some(headers)) {
        Err(error) if error.to_string().contains("missing field") => {
            // Column names help with a typo; anything else on the first line is not
            // echoed (it could be a file that is no dataset at all).
            let names_like_columns = headers
                .iter()
                .all(|h| h.len() <= 32 && h.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            let found = if names_like_columns {
                format!(
                    "columns found: {}",
                    headers.iter().collect::<Vec<_>>().join(", ")
                )
            } else {
                format!(
                    "the first line is not a header of column names ({} fields)",
                    headers.len()
                )
            };
            Err(MissingColumn {
                missing: error,
                found,
            })
        }
        _ => Ok(()),
    }
}

fn csv_problem(path: &std::path::Path, error: &csv::Error) -> Problem {
    let line = error.position().map(csv::Position::line);
    let (kind, message) = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => (
            ProblemKind::WrongColumnCount,
            format!("row has {len} fields, the header has {expected_len}"),
        ),
        csv::ErrorKind::Utf8 { .. } => (ProblemKind::NotUtf8, "not UTF-8 text".to_string()),
        _ => (ProblemKind::MalformedRow, error.to_string()),
    };
    Problem::new(kind, path.to_path_buf(), line, message)
}

pub fn bad_slug(files: &ReportFiles, name: &str, line: u64, id: &str) -> Problem {
    Problem::new(
        ProblemKind::BadValue,
        files.path(name),
        Some(line),
        format!("id `{id}` is not a slug (lowercase letters, digits and single hyphens)"),
    )
}

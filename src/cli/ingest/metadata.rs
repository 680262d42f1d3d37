//! report.csv for a new dataset: the values given on the command line, else what the
//! report's title prints, and where each came from for the summary.

use std::path::Path;

use super::{IngestRequest, csv_text, slug};
use crate::ingest::detect::{guess_title, read_title};
use crate::model::ReportMeta;

/// Where a value of report.csv came from, for the summary: an option, or the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    CommandLine,
    Title,
}

/// report.csv's values: those given on the command line, else those the title prints;
/// and the school whose report it is, if the title names one.
pub(super) struct Metadata {
    id: String,
    title: String,
    /// Where the title came from: `--title`, the text, or the file's name.
    title_from: &'static str,
    /// (column, value, where it came from), in the order the summary names them; a
    /// column neither gives is left out (and empty in report.csv).
    proposed: Vec<(&'static str, String, Origin)>,
    publisher: String,
    pub(super) own_school: Option<String>,
}

/// Where the title came from when the text prints none.
const NO_TITLE: &str = "the file's name: the text prints no title";

/// A report's id when none is given: its file's name as a slug (`嘉兴 2023.pdf` →
/// `jia-xing-2023`); a batch names each report's directory by it.
pub(super) fn id_from_name(input: &Path) -> String {
    slug(&file_stem(input), "report")
}

fn file_stem(input: &Path) -> String {
    input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl Metadata {
    pub(super) fn of(request: &IngestRequest, text: &str) -> Metadata {
        let stem = file_stem(request.input);
        let id = request
            .id
            .map_or_else(|| id_from_name(request.input), str::to_string);
        let (title, title_from) = match (request.title, guess_title(text)) {
            (Some(given), _) => (given.to_string(), "given"),
            (None, Some(guessed)) => (guessed, "guessed from the text"),
            (None, None) => (stem, NO_TITLE),
        };
        let facts = read_title(&title);
        let mut proposed = Vec::new();
        let mut pick = |column: &'static str, given: Option<String>, read: Option<String>| {
            let chosen = given
                .map(|value| (value, Origin::CommandLine))
                .or(read.map(|value| (value, Origin::Title)));
            if let Some((value, origin)) = chosen {
                proposed.push((column, value, origin));
            }
        };
        pick(
            "level",
            request.level.map(|l| l.name().to_string()),
            facts.level.map(|l| l.name().to_string()),
        );
        pick("region", request.region.map(str::to_string), facts.region);
        pick(
            "calendar_year",
            request.year.map(str::to_string),
            facts.year,
        );
        pick("school_year", None, facts.school_year);
        Metadata {
            id,
            title,
            title_from,
            proposed,
            publisher: request.publisher.unwrap_or_default().to_string(),
            own_school: facts.school,
        }
    }

    /// What of report.csv a person must fill in or check: a title the text does not
    /// print, the level, region and year when the title does not say them.
    pub(super) fn to_review(&self) -> Vec<String> {
        let mut review = Vec::new();
        if self.title_from == NO_TITLE {
            review.push("the text prints no title (the file's name stands in)".to_string());
        }
        let missing: Vec<&str> = ["level", "region", "calendar_year"]
            .into_iter()
            .filter(|column| self.value(column).is_empty())
            .collect();
        if !missing.is_empty() {
            review.push(format!("report.csv has no {}", missing.join(", ")));
        }
        review
    }

    /// The value report.csv takes in a column: given, read from the title, or empty.
    fn value(&self, column: &str) -> String {
        self.proposed
            .iter()
            .find(|(named, _, _)| *named == column)
            .map_or_else(String::new, |(_, value, _)| value.clone())
    }

    /// What report.csv says and where each value came from: `level school (from the
    /// title), region 平湖市 (given)`.
    pub(super) fn describe(&self) -> String {
        let origin = |origin: Origin| match origin {
            Origin::CommandLine => "given",
            Origin::Title => "from the title",
        };
        let mut parts: Vec<String> = self
            .proposed
            .iter()
            .map(|(column, value, from)| format!("{column} {value} ({})", origin(*from)))
            .collect();
        if let Some(school) = &self.own_school {
            parts.push(format!("the school {school} (from the title)"));
        }
        let title = format!("title 「{}」 ({})", self.title, self.title_from);
        if parts.is_empty() {
            format!("{title}; the title names no level, region or year: fill them in")
        } else {
            format!("{title}: {}", parts.join(", "))
        }
    }
}

pub(super) fn report_csv(metadata: &Metadata) -> String {
    csv_text(
        &ReportMeta::CSV_HEADER,
        [vec![
            metadata.id.clone(),
            metadata.title.clone(),
            String::new(),
            metadata.value("region"),
            String::new(),
            metadata.value("school_year"),
            metadata.value("calendar_year"),
            metadata.value("level"),
            metadata.publisher.clone(),
        ]],
    )
}

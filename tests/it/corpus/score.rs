//! The scorer of the corpus test: truth.toml as read, the measures with the issue's
//! thresholds, and how one parse is scored against the truth.

use std::collections::HashSet;

use nianbao::ingest::detect::{
    CandidateIndicator, candidate_indicators, guess_title, read_title, school_names,
};
use nianbao::model::Structure;
use nianbao::text::{compact, normalize};
use serde::Deserialize;

/// What truth.toml holds that the scorer reads (the format is in tests/fixtures/corpus/README.md).
#[derive(Debug, Deserialize)]
pub(super) struct Truth {
    report: ReportTruth,
    #[serde(default)]
    pub(super) furniture: Vec<String>,
    #[serde(default)]
    heading: Vec<HeadingTruth>,
    #[serde(default)]
    case: Vec<CaseTruth>,
    #[serde(default)]
    figure: Vec<FigureTruth>,
    #[serde(default)]
    table: Vec<TableTruth>,
    #[serde(default)]
    footnote: Vec<FootnoteTruth>,
    #[serde(default)]
    school: Vec<SchoolTruth>,
    #[serde(default)]
    quantity: Vec<QuantityTruth>,
    #[serde(default)]
    paragraph: Vec<ParagraphTruth>,
    #[serde(default)]
    page: Vec<PageTruth>,
}

#[derive(Debug, Deserialize)]
struct ReportTruth {
    title: String,
    level: String,
    region: String,
    year: u32,
}

#[derive(Debug, Deserialize)]
struct HeadingTruth {
    level: u8,
    title: String,
}

#[derive(Debug, Deserialize)]
struct CaseTruth {
    label: String,
    number: String,
    title: String,
    first_paragraph: String,
}

#[derive(Debug, Deserialize)]
struct FigureTruth {
    number: String,
    caption: String,
}

#[derive(Debug, Deserialize)]
struct TableTruth {
    number: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct FootnoteTruth {
    text: String,
    marker: String,
    anchor: String,
}

#[derive(Debug, Deserialize)]
struct SchoolTruth {
    name: String,
}

#[derive(Debug, Deserialize)]
struct QuantityTruth {
    value_text: String,
    sentence: String,
}

#[derive(Debug, Deserialize)]
struct ParagraphTruth {
    text: String,
}

/// A snippet of a paragraph and the printed number of the page it is printed on.
#[derive(Debug, Deserialize)]
struct PageTruth {
    text: String,
    page: u32,
}

/// The form in which texts are compared: whitespace removed, normalized.
fn key(text: &str) -> String {
    compact(&normalize(text))
}

/// The measures, their names in the table, and the thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Measure {
    Headings,
    Cases,
    Figures,
    TableCells,
    Footnotes,
    Schools,
    Quantities,
    Paragraphs,
    Furniture,
    /// The title, and the level, region and year report.csv is proposed from it.
    Metadata,
    /// The printed page a paragraph's words are on (provenance).
    Pages,
}

pub(super) const MEASURES: [Measure; 11] = [
    Measure::Headings,
    Measure::Cases,
    Measure::Figures,
    Measure::TableCells,
    Measure::Footnotes,
    Measure::Schools,
    Measure::Quantities,
    Measure::Paragraphs,
    Measure::Furniture,
    Measure::Metadata,
    Measure::Pages,
];

impl Measure {
    pub(super) fn name(self) -> &'static str {
        match self {
            Measure::Headings => "headings",
            Measure::Cases => "cases",
            Measure::Figures => "figures",
            Measure::TableCells => "table cells",
            Measure::Footnotes => "footnotes",
            Measure::Schools => "schools",
            Measure::Quantities => "quantities",
            Measure::Paragraphs => "paragraphs",
            Measure::Furniture => "furniture",
            Measure::Metadata => "metadata",
            Measure::Pages => "pages",
        }
    }

    /// The lowest passing percentage (for furniture: leaks allowed).
    fn threshold(self) -> f64 {
        match self {
            Measure::Headings => 95.0,
            Measure::Cases | Measure::Figures => 100.0,
            Measure::TableCells => 95.0,
            Measure::Footnotes => 90.0,
            Measure::Schools => 90.0,
            Measure::Quantities => 95.0,
            Measure::Paragraphs => 90.0,
            Measure::Furniture => 0.0,
            Measure::Metadata | Measure::Pages => 100.0,
        }
    }
}

/// How many of the truth's items the parse got (for furniture: leaks found, of none
/// allowed), and the first it missed (for furniture: the first leak), for the printout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Score {
    pub(super) hits: usize,
    total: usize,
    pub(super) missed: Option<String>,
}

impl Score {
    fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.hits as f64 * 100.0 / self.total as f64
        }
    }

    pub(super) fn meets(&self, measure: Measure) -> bool {
        match measure {
            Measure::Furniture => self.hits == 0,
            _ => self.percent() >= measure.threshold(),
        }
    }

    pub(super) fn cell(&self, measure: Measure) -> String {
        match measure {
            Measure::Furniture => format!("{} leaks", self.hits),
            _ if self.total == 0 => "-".to_string(),
            _ => format!(
                "{:.0}% {}/{}",
                self.percent().floor(),
                self.hits,
                self.total
            ),
        }
    }
}

/// The outline as (level, number, title): front matter and chapters (back matter included) at
/// level 1, sections at their own level (2 or 3).
fn outline(structure: &Structure) -> Vec<(u8, String, String)> {
    let preface = structure
        .front_matter
        .iter()
        .map(|p| (1, String::new(), p.title.clone()));
    let chapters = structure
        .chapters
        .iter()
        .map(|c| (1, c.number.to_string(), c.title.clone()));
    let sections = structure
        .sections
        .iter()
        .map(|s| (s.level, s.number.clone(), s.title.clone()));
    preface.chain(chapters).chain(sections).collect()
}

/// The page on which the first paragraph holding `snippet` (in its compared form) prints
/// the snippet's first character.
fn printed_on(structure: &Structure, snippet: &str) -> Option<u32> {
    structure.paragraphs.iter().find_map(|p| {
        // Each compared character with the byte offset it came from.
        let (compared, offsets): (String, Vec<usize>) = p
            .text
            .char_indices()
            .filter(|(_, c)| !c.is_whitespace())
            .map(|(at, c)| (key(&c.to_string()), at))
            .fold(
                (String::new(), Vec::new()),
                |(mut text, mut offsets), (c, at)| {
                    offsets.extend(std::iter::repeat_n(at, c.chars().count()));
                    text.push_str(&c);
                    (text, offsets)
                },
            );
        let start = compared.find(snippet)?;
        let at = offsets[compared[..start].chars().count()];
        Some(p.page_at(at))
    })
}

/// Takes the first item that `matches` out of `pool`; whether there was one (the truth's
/// items are matched as a multiset: each parsed item counts once).
fn take<T>(pool: &mut Vec<T>, matches: impl Fn(&T) -> bool) -> bool {
    match pool.iter().position(matches) {
        Some(at) => {
            pool.remove(at);
            true
        }
        None => false,
    }
}

fn paragraph_text(structure: &Structure, index: usize) -> Option<&str> {
    structure
        .paragraphs
        .iter()
        .find(|p| p.index == index)
        .map(|p| p.text.as_str())
}

/// A candidate indicator as printed: its value with its unit (`2846人`; `1∶15.4` for a
/// ratio whose 1 comes first), as truth.toml writes quantities.
fn printed(candidate: &CandidateIndicator) -> String {
    let value = &candidate.value_text;
    let unit = &candidate.unit;
    if value.contains(unit.as_str()) {
        value.clone()
    } else if unit.ends_with([':', '∶']) {
        format!("{unit}{value}")
    } else {
        format!("{value}{unit}")
    }
}

/// A candidate's printed figure without the word before its number that says it is not
/// exact (`约3.2亿元` → `3.2亿元`): the detector keeps that word in `value_text`, as the
/// dataset curates it, while truth.toml writes the figure from its number on.
fn from_its_number(printed: &str) -> &str {
    ["将近", "接近", "超过", "大约", "约", "近", "逾"]
        .iter()
        .find_map(|word| printed.strip_prefix(word))
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(printed)
}

/// A note's text, with or without the `注：` it starts with.
fn same_note(parsed: &str, truth: &str) -> bool {
    let bare = |s: &str| s.strip_prefix("注:").map(str::to_string);
    parsed == truth
        || bare(parsed).as_deref() == Some(truth)
        || bare(truth).as_deref() == Some(parsed)
}

/// Counts the truth's `items` that `hit`, keeping the first missed one, as `describe` says.
fn tally<T>(
    items: &[T],
    mut hit: impl FnMut(&T) -> bool,
    describe: impl Fn(&T) -> String,
) -> Score {
    let mut score = Score {
        hits: 0,
        total: items.len(),
        missed: None,
    };
    for item in items {
        if hit(item) {
            score.hits += 1;
        } else if score.missed.is_none() {
            score.missed = Some(describe(item));
        }
    }
    score
}

/// Scores one parse against the truth; `text` is what the reader gave the parser (the
/// title, and so the school a school report is about, is guessed from it as ingest does).
pub(super) fn score(structure: &Structure, text: &str, truth: &Truth) -> Vec<(Measure, Score)> {
    let mut headings: Vec<(u8, String)> = outline(structure)
        .into_iter()
        .map(|(level, _, title)| (level, key(&title)))
        .collect();
    let headings = tally(
        &truth.heading,
        |h| {
            take(&mut headings, |(level, title)| {
                *level == h.level && *title == key(&h.title)
            })
        },
        |h| format!("level {} {}", h.level, h.title),
    );

    let mut cases: Vec<(&str, String, String, String)> = structure
        .cases
        .iter()
        .map(|c| {
            let first = c
                .paragraphs
                .first()
                .and_then(|&i| paragraph_text(structure, i))
                .unwrap_or_default();
            (c.label.as_str(), key(&c.number), key(&c.title), key(first))
        })
        .collect();
    let cases = tally(
        &truth.case,
        |c| {
            let wanted = (
                c.label.as_str(),
                key(&c.number),
                key(&c.title),
                key(&c.first_paragraph),
            );
            take(&mut cases, |parsed| *parsed == wanted)
        },
        |c| format!("{}{} {}", c.label, c.number, c.title),
    );

    let mut figures: Vec<(String, String)> = structure
        .figures
        .iter()
        .map(|f| (key(&f.number), key(&f.caption)))
        .collect();
    let figures = tally(
        &truth.figure,
        |f| {
            take(&mut figures, |parsed| {
                *parsed == (key(&f.number), key(&f.caption))
            })
        },
        |f| format!("{} {}", f.number, f.caption),
    );

    // Every cell of every table, as (table number, row (0 = header), column, text).
    let mut cells = Vec::new();
    for table in &truth.table {
        let rows = std::iter::once(&table.header).chain(&table.rows);
        for (row, texts) in rows.enumerate() {
            for (column, text) in texts.iter().enumerate() {
                cells.push((table.number.as_str(), row, column, text.as_str()));
            }
        }
    }
    let cells = tally(
        &cells,
        |&(number, row, column, text)| {
            let parsed = structure
                .tables
                .iter()
                .find(|t| key(&t.number) == key(number));
            let got = parsed.and_then(|t| match row {
                0 => t.header.get(column),
                _ => t.rows.get(row - 1).and_then(|r| r.get(column)),
            });
            got.is_some_and(|g| key(g) == key(text))
        },
        |(number, row, column, text)| format!("table {number} row {row} column {column} `{text}`"),
    );

    let mut footnotes: Vec<(String, String)> = structure
        .footnotes
        .iter()
        .map(|f| {
            let paragraph = f.paragraph.and_then(|i| paragraph_text(structure, i));
            (key(&f.text), key(paragraph.unwrap_or_default()))
        })
        .collect();
    // A note the reader's text does not hold at all is out of the parser's reach: office
    // software's text export keeps the markers and drops the notes. Only those are left out.
    let input = key(text);
    let visible: Vec<&FootnoteTruth> = truth
        .footnote
        .iter()
        .filter(|f| input.contains(&key(&f.text)))
        .collect();
    let footnotes = tally(
        &visible,
        |f| {
            let (text, anchor) = (key(&f.text), key(&f.anchor));
            take(&mut footnotes, |(parsed, paragraph)| {
                same_note(parsed, &text) && (f.marker.is_empty() || paragraph.contains(&anchor))
            })
        },
        |f| format!("{} {}", f.marker, f.text),
    );

    let title = guess_title(text).unwrap_or_default();
    let facts = read_title(&title);
    let proposed = [
        ("title", key(&title)),
        (
            "level",
            facts
                .level
                .map(|l| l.name().to_string())
                .unwrap_or_default(),
        ),
        ("region", key(facts.region.as_deref().unwrap_or_default())),
        ("year", facts.year.clone().unwrap_or_default()),
    ];
    let wanted = [
        ("title", key(&truth.report.title)),
        ("level", truth.report.level.clone()),
        ("region", key(&truth.report.region)),
        ("year", truth.report.year.to_string()),
    ];
    let metadata = tally(
        &wanted,
        |item| proposed.contains(item),
        |(field, value)| format!("{field} {value}"),
    );
    let own_school = facts.school;
    let names: HashSet<String> = school_names(structure, own_school.as_deref())
        .iter()
        .map(|s| key(&s.name))
        .collect();
    let schools = tally(
        &truth.school,
        |s| names.contains(&key(&s.name)),
        |s| s.name.clone(),
    );

    let mut candidates: Vec<(String, String)> = candidate_indicators(structure)
        .iter()
        .map(|c| (key(&printed(c)), key(&c.sentence)))
        .collect();
    let quantities = tally(
        &truth.quantity,
        |q| {
            let (value, sentence) = (key(&q.value_text), key(&q.sentence));
            take(&mut candidates, |(v, s)| {
                (*v == value || from_its_number(v) == value) && s.contains(&sentence)
            })
        },
        |q| format!("{} in `{}`", q.value_text, q.sentence),
    );

    let texts: HashSet<String> = structure.paragraphs.iter().map(|p| key(&p.text)).collect();
    let paragraphs = tally(
        &truth.paragraph,
        |p| texts.contains(&key(&p.text)),
        |p| p.text.chars().take(30).collect(),
    );

    // Text saved without its pages (no form feeds) tells no page: nothing to score.
    let paged: &[PageTruth] = match text.contains('\u{c}') {
        true => &truth.page,
        false => &[],
    };
    let pages = tally(
        paged,
        |p| printed_on(structure, &key(&p.text)) == Some(p.page),
        |p| format!("`{}` on page {}", p.text, p.page),
    );

    let leaks = furniture_leaks(structure, &truth.furniture);
    let furniture = Score {
        hits: leaks.len(),
        total: 0,
        missed: leaks
            .first()
            .map(|(item, place)| format!("`{item}` in {place}")),
    };
    vec![
        (Measure::Headings, headings),
        (Measure::Cases, cases),
        (Measure::Figures, figures),
        (Measure::TableCells, cells),
        (Measure::Footnotes, footnotes),
        (Measure::Schools, schools),
        (Measure::Quantities, quantities),
        (Measure::Paragraphs, paragraphs),
        (Measure::Furniture, furniture),
        (Measure::Metadata, metadata),
        (Measure::Pages, pages),
    ]
}

/// Every text the parse shows as content in which a furniture string stands, as
/// (furniture, where).
fn furniture_leaks(structure: &Structure, furniture: &[String]) -> Vec<(String, String)> {
    let mut texts: Vec<(String, &str)> = Vec::new();
    texts.extend(
        structure
            .paragraphs
            .iter()
            .map(|p| ("paragraph".to_string(), p.text.as_str())),
    );
    let headings: Vec<String> = outline(structure).into_iter().map(|(_, _, t)| t).collect();
    texts.extend(headings.iter().map(|t| ("heading".to_string(), t.as_str())));
    texts.extend(
        structure
            .cases
            .iter()
            .map(|c| ("case title".to_string(), c.title.as_str())),
    );
    texts.extend(
        structure
            .figures
            .iter()
            .map(|f| ("caption".to_string(), f.caption.as_str())),
    );
    for table in &structure.tables {
        texts.push(("table title".to_string(), table.title.as_str()));
        let cells = table.header.iter().chain(table.rows.iter().flatten());
        texts.extend(cells.map(|c| (format!("cell of table {}", table.number), c.as_str())));
    }
    texts.extend(
        structure
            .footnotes
            .iter()
            .map(|f| ("footnote".to_string(), f.text.as_str())),
    );
    let mut leaks = Vec::new();
    for item in furniture.iter().map(|f| key(f)).filter(|f| !f.is_empty()) {
        for (place, text) in &texts {
            if key(text).contains(&item) {
                leaks.push((item.clone(), format!("{place}: {text}")));
            }
        }
    }
    leaks
}

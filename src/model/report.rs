//! A report and its metadata, the items people name in it (`chapter:2`, `school:…`),
//! the schools and partners it names, and its glossary.

use std::fmt;

use serde::Serialize;

use super::{Breakdown, Indicator, Relation, Scope, Structure};

/// Ids are short; a longer one (an argument, a deck's item) is refused before any lookup
/// (a "did you mean" over a 100 KB id would take seconds).
pub const MAX_ID_CHARS: usize = 256;

/// One item of a report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemRef {
    Preface,
    Chapter(u32),
    Section(String),
    Case(String),
    Figure(String),
    Table(String),
    Footnote(u32),
    School(String),
    Indicator(String),
    Partner(String),
    Breakdown(String),
    /// 1-based, as shown to people.
    Paragraph(usize),
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemRef::Preface => write!(f, "preface"),
            ItemRef::Chapter(n) => write!(f, "chapter:{n}"),
            ItemRef::Section(n) => write!(f, "section:{n}"),
            ItemRef::Case(n) => write!(f, "case:{n}"),
            ItemRef::Figure(n) => write!(f, "figure:{n}"),
            ItemRef::Table(n) => write!(f, "table:{n}"),
            ItemRef::Footnote(n) => write!(f, "footnote:{n}"),
            ItemRef::School(id) => write!(f, "school:{id}"),
            ItemRef::Indicator(id) => write!(f, "indicator:{id}"),
            ItemRef::Partner(id) => write!(f, "partner:{id}"),
            ItemRef::Breakdown(id) => write!(f, "breakdown:{id}"),
            ItemRef::Paragraph(n) => write!(f, "paragraph:{n}"),
        }
    }
}

impl ItemRef {
    /// Reads `kind:key`; the key is taken as written and checked against a report later.
    pub fn parse(text: &str) -> Option<ItemRef> {
        if text == "preface" || text == "chapter:0" {
            return Some(ItemRef::Preface);
        }
        let (kind, key) = text.split_once(':')?;
        let key = key.trim();
        if key.is_empty() {
            return None;
        }
        Some(match kind.trim() {
            "chapter" => ItemRef::Chapter(key.parse().ok()?),
            "section" => ItemRef::Section(key.to_string()),
            "case" => ItemRef::Case(key.to_string()),
            "figure" => ItemRef::Figure(key.to_string()),
            "table" => ItemRef::Table(key.to_string()),
            "footnote" => ItemRef::Footnote(key.parse().ok()?),
            "school" => ItemRef::School(key.to_string()),
            "indicator" => ItemRef::Indicator(key.to_string()),
            "partner" => ItemRef::Partner(key.to_string()),
            "breakdown" => ItemRef::Breakdown(key.to_string()),
            "paragraph" => ItemRef::Paragraph(key.parse().ok()?),
            _ => return None,
        })
    }
}

/// One report: what was parsed from its text plus what was curated beside it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub meta: ReportMeta,
    pub structure: Structure,
    pub schools: Vec<School>,
    pub partners: Vec<Partner>,
    pub indicators: Vec<Indicator>,
    pub breakdowns: Vec<Breakdown>,
    pub glossary: Vec<GlossaryEntry>,
    /// How printed figures should agree with each other (`relations.csv`, optional).
    pub relations: Vec<Relation>,
    /// What the parser saw in the text but could not place.
    pub warnings: Vec<String>,
}

/// Who published the report and which years it covers (one row of `report.csv`).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct ReportMeta {
    /// Slug naming the report directory, e.g. `jiaxing-2023`.
    pub id: String,
    pub title: String,
    pub title_en: String,
    pub region: String,
    pub region_en: String,
    /// The school year the figures describe, as the report names it (`2022学年`).
    pub school_year: String,
    /// The calendar year the report covers (`2023`).
    pub calendar_year: String,
    /// Indicators for the dashboard's cards, `|`-separated (optional column).
    #[serde(default)]
    pub key_indicators: String,
    /// Whose report it is, by administrative level: a province's, a city's, a county's
    /// or a school's (optional column; `None` where the dataset does not say).
    #[serde(default)]
    pub level: Option<Level>,
    /// Who published it, as the report names itself (`嘉兴市教育局`): optional column,
    /// empty where the report does not say.
    #[serde(default)]
    pub publisher: String,
}

impl ReportMeta {
    /// The `report.csv` columns written for a new report; `key_indicators` is left out
    /// because it is optional and chosen later by hand.
    pub const CSV_HEADER: [&'static str; 9] = [
        "id",
        "title",
        "title_en",
        "region",
        "region_en",
        "school_year",
        "calendar_year",
        "level",
        "publisher",
    ];
}

/// The administrative level a report is published for: the genre has a report per
/// province, per prefecture-level city, per county (区/县/县级市) and per school.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case", try_from = "String")]
pub enum Level {
    /// 省级: a province, autonomous region or municipality's report.
    Province,
    /// 市级: a prefecture-level city's report (嘉兴市).
    City,
    /// 县级: a county, district or county-level city's report (海宁市, 嘉善县).
    County,
    /// 校级: one school's report.
    School,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Province, Level::City, Level::County, Level::School];

    /// The name used in the dataset (`city`).
    pub fn name(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::School => "school",
        }
    }

    /// The level as the genre names it in Chinese (`市级`).
    pub fn name_zh(self) -> &'static str {
        match self {
            Level::Province => "省级",
            Level::City => "市级",
            Level::County => "县级",
            Level::School => "校级",
        }
    }

    pub fn parse(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == name)
    }
}

/// A word of report.csv's `level` column that is no level: the loader reports it at its
/// line with the levels there are.
impl TryFrom<String> for Level {
    type Error = UnknownLevel;

    fn try_from(text: String) -> Result<Level, UnknownLevel> {
        Level::parse(&text).ok_or(UnknownLevel(text))
    }
}

/// A word that names no level (report.csv's `level` column, `ingest --level`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "level `{}` is none of {levels} (whose report it is: a province's, a city's, a county's or a school's)",
    crate::text::escape_controls(.0),
    levels = Level::ALL.map(Level::name).join(", ")
)]
pub struct UnknownLevel(pub String);

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A school in the report's own region.
#[derive(Debug, Clone, Serialize)]
pub struct School {
    /// Slug, e.g. `jiaxing-technician-college`.
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub name_en: String,
    /// County-level district (`市本级`, `嘉善县` …); empty where neither report nor name says.
    pub district: String,
    /// `中职学校`, `技工院校` … as far as the report or the name shows.
    pub kind: String,
    pub note: String,
    /// Numbers of the cases about this school (derived from the text).
    pub cases: Vec<String>,
    /// Indexes of every paragraph that names the school (derived from the text).
    pub mentions: Vec<usize>,
}

/// An organisation the report names that is not one of the region's schools.
#[derive(Debug, Clone, Serialize)]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub name_en: String,
    /// `school`, `company`, `chamber`, `university` …
    pub kind: String,
    pub location: String,
    pub mentions: Vec<usize>,
}

/// An English gloss for a term or unit of the report.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryEntry {
    pub term: String,
    pub english: String,
    pub note: String,
}

impl Report {
    /// The item if the report has it. School and partner keys may also be a name or an
    /// alias; they resolve to the slug.
    pub fn resolve(&self, item: &ItemRef) -> Option<ItemRef> {
        let report = self;
        let s = &report.structure;
        let found = match item {
            ItemRef::Preface => s.preface().is_some(),
            ItemRef::Chapter(n) => s.chapter(*n).is_some(),
            ItemRef::Section(n) => s.section(n).is_some(),
            ItemRef::Case(n) => s.case(n).is_some(),
            ItemRef::Figure(n) => s.figure(n).is_some(),
            ItemRef::Table(n) => s.table(n).is_some(),
            ItemRef::Footnote(n) => s.footnote(*n).is_some(),
            ItemRef::Indicator(id) => report.indicator(id).is_some(),
            ItemRef::Breakdown(id) => report.breakdown(id).is_some(),
            ItemRef::Paragraph(n) => (1..=s.paragraphs.len()).contains(n),
            ItemRef::School(key) => {
                return report
                    .schools
                    .iter()
                    .find(|x| x.id == *key || x.name == *key || x.aliases.contains(key))
                    .map(|x| ItemRef::School(x.id.clone()));
            }
            ItemRef::Partner(key) => {
                return report
                    .partners
                    .iter()
                    .find(|x| x.id == *key || x.name == *key || x.aliases.contains(key))
                    .map(|x| ItemRef::Partner(x.id.clone()));
            }
        };
        found.then(|| item.clone())
    }

    /// Every item a reader names by id (all but paragraphs, which are numbered), with
    /// its title or name, in the order `list` gives each kind.
    pub fn named_items(&self) -> Vec<(ItemRef, &str)> {
        let s = &self.structure;
        let mut items: Vec<(ItemRef, &str)> = Vec::new();
        items.extend(s.preface().map(|p| (ItemRef::Preface, p.title.as_str())));
        items.extend(
            s.chapters
                .iter()
                .map(|c| (ItemRef::Chapter(c.number), c.title.as_str())),
        );
        items.extend(
            s.sections
                .iter()
                .map(|x| (ItemRef::Section(x.number.clone()), x.title.as_str())),
        );
        items.extend(
            s.cases
                .iter()
                .map(|x| (ItemRef::Case(x.id.clone()), x.title.as_str())),
        );
        items.extend(
            s.figures
                .iter()
                .map(|x| (ItemRef::Figure(x.number.clone()), x.caption.as_str())),
        );
        items.extend(
            s.tables
                .iter()
                .map(|x| (ItemRef::Table(x.number.clone()), x.title.as_str())),
        );
        items.extend(
            s.footnotes
                .iter()
                .map(|x| (ItemRef::Footnote(x.number), x.text.as_str())),
        );
        items.extend(
            self.schools
                .iter()
                .map(|x| (ItemRef::School(x.id.clone()), x.name.as_str())),
        );
        items.extend(
            self.indicators
                .iter()
                .map(|x| (ItemRef::Indicator(x.id.clone()), x.name.as_str())),
        );
        items.extend(
            self.partners
                .iter()
                .map(|x| (ItemRef::Partner(x.id.clone()), x.name.as_str())),
        );
        items.extend(
            self.breakdowns
                .iter()
                .map(|x| (ItemRef::Breakdown(x.id.clone()), x.title.as_str())),
        );
        items
    }

    /// Where a location is, as people read it: `2.3 title` for a section, the chapter's
    /// heading, else the preface's title.
    pub fn place_name(&self, location: &super::Location) -> String {
        let s = &self.structure;
        if let Some(number) = &location.section
            && let Some(section) = s.section(number)
        {
            return format!("{} {}", section.number, section.title);
        }
        match s.chapter(location.chapter) {
            Some(chapter) => chapter.heading(),
            None => s.preface().map_or_else(String::new, |p| p.title.clone()),
        }
    }

    pub fn school(&self, id: &str) -> Option<&School> {
        self.schools.iter().find(|s| s.id == id)
    }

    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The schools a case tells of, in the schools' order.
    pub fn schools_of_case<'a>(&'a self, case: &'a str) -> impl Iterator<Item = &'a School> {
        self.schools
            .iter()
            .filter(move |s| s.cases.iter().any(|c| c == case))
    }

    pub fn breakdown(&self, id: &str) -> Option<&Breakdown> {
        self.breakdowns.iter().find(|b| b.id == id)
    }

    /// The dashboard's key figures: those the report metadata names, else the first
    /// city-wide indicators that have a series.
    pub fn key_indicators(&self) -> Vec<&Indicator> {
        let named: Vec<&Indicator> = crate::text::split_list(&self.meta.key_indicators)
            .iter()
            .filter_map(|id| self.indicator(id))
            .collect();
        if !named.is_empty() {
            return named;
        }
        let mut picked: Vec<&Indicator> = self
            .indicators
            .iter()
            .filter(|i| i.scope == Scope::City && !i.is_derived() && !i.series.is_empty())
            .collect();
        picked.dedup_by(|a, b| a.series == b.series);
        picked.truncate(6);
        picked
    }

    /// The figures for the dashboard's cards, most telling first: those the report
    /// metadata names, then the latest point of each other city-wide series, then the
    /// other city-wide printed figures in reading order. The dashboard shows as many as
    /// fit.
    pub fn card_indicators(&self) -> Vec<&Indicator> {
        let mut cards = self.key_indicators();
        let city = |i: &&Indicator| i.scope == Scope::City && !i.is_derived() && i.verified;
        let mut latest: Vec<&Indicator> = Vec::new();
        for indicator in self.indicators.iter().filter(city) {
            if indicator.series.is_empty() {
                continue;
            }
            let points = self.series(&indicator.series);
            if points.last().is_some_and(|last| last.id == indicator.id) {
                latest.push(indicator);
            }
        }
        let rest = self
            .indicators
            .iter()
            .filter(city)
            .filter(|i| i.series.is_empty());
        for indicator in latest.into_iter().chain(rest) {
            let same_series = |c: &&Indicator| !c.series.is_empty() && c.series == indicator.series;
            if !cards.iter().any(|c| c.id == indicator.id || same_series(c)) {
                cards.push(indicator);
            }
        }
        cards
    }

    /// The indicators of a series, oldest first.
    pub fn series(&self, series: &str) -> Vec<&Indicator> {
        let mut points: Vec<&Indicator> = self
            .indicators
            .iter()
            .filter(|i| !series.is_empty() && i.series == series)
            .collect();
        points.sort_by_key(|i| i.period_year());
        points
    }
}

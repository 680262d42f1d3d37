//! Plain data types for a quality report: its outline, text, cases, figures, tables,
//! footnotes, schools and indicators. No I/O happens here.

use std::fmt;

use serde::Serialize;

/// One item of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
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

    /// The order people look for reports in: by region (in pinyin, so 海宁市 comes before
    /// 嘉兴市), then by calendar year and school year, then by id.
    pub fn place_order(&self) -> (String, &str, &str, &str, &str) {
        (
            crate::search::romanize(&self.region).to_lowercase(),
            &self.region,
            &self.calendar_year,
            &self.school_year,
            &self.id,
        )
    }
}

/// Items (reports, or their indices) in the order of their reports' places and years
/// ([`ReportMeta::place_order`]), each report's key computed once.
pub fn by_place<'a, T>(items: impl IntoIterator<Item = (T, &'a ReportMeta)>) -> Vec<T> {
    let mut keyed: Vec<_> = items
        .into_iter()
        .map(|(item, meta)| (meta.place_order(), item))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, item)| item).collect()
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
    "level `{0}` is none of {levels} (whose report it is: a province's, a city's, a county's or a school's)",
    levels = Level::ALL.map(Level::name).join(", ")
)]
pub struct UnknownLevel(pub String);

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything the parser finds in the report's text, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Structure {
    /// The preface (front matter before chapter 1), if the report has one.
    pub preface: Option<Chapter>,
    pub chapters: Vec<Chapter>,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
    pub cases: Vec<Case>,
    pub figures: Vec<Figure>,
    pub tables: Vec<Table>,
    pub footnotes: Vec<Footnote>,
}

/// A top-level part: the preface (number 0) or a numbered chapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chapter {
    pub number: u32,
    pub title: String,
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// As printed: `2.3`.
    pub number: String,
    pub chapter: u32,
    pub title: String,
    pub page: u32,
}

/// Where a piece of text sits: chapter (0 for the preface) and section, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub chapter: u32,
    pub section: Option<String>,
}

impl Location {
    /// The section number, or the chapter number for text outside any section.
    pub fn label(&self) -> String {
        match &self.section {
            Some(section) => section.clone(),
            None => self.chapter.to_string(),
        }
    }
}

/// A whole paragraph, reflowed: no PDF line breaks, page numbers or footnote text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// Position in document order, from 0.
    pub index: usize,
    pub location: Location,
    /// The case box the paragraph belongs to, if any.
    pub case: Option<String>,
    /// The page the paragraph starts on.
    pub page: u32,
    pub text: String,
    pub footnote_refs: Vec<FootnoteRef>,
    /// Byte offsets in `text` where a new page begins, with that page's number.
    pub page_breaks: Vec<(usize, u32)>,
}

impl Paragraph {
    /// The page on which the byte at `offset` was printed.
    pub fn page_at(&self, offset: usize) -> u32 {
        self.page_breaks
            .iter()
            .take_while(|(at, _)| *at <= offset)
            .last()
            .map_or(self.page, |&(_, page)| page)
    }
}

/// A footnote marker inside a paragraph: which footnote, at which byte offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FootnoteRef {
    pub number: u32,
    pub offset: usize,
}

/// A case-study box (`案例 N`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    /// As printed: `7` or `1-1`.
    pub number: String,
    pub title: String,
    pub location: Location,
    pub page: u32,
    /// Indexes of the case's paragraphs.
    pub paragraphs: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    pub number: String,
    pub caption: String,
    pub location: Location,
    pub page: u32,
    /// Where it sits in the text: before the paragraph with this index (after the one it
    /// interrupted).
    pub position: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub number: String,
    pub title: String,
    pub location: Location,
    pub page: u32,
    /// Where it sits in the text: before the paragraph with this index.
    pub position: usize,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Units read from the header cells' brackets (`（元）`), one per column, empty where none.
    pub units: Vec<String>,
    /// Notes read from the header cells' brackets that are not units (`含技工学籍`).
    pub notes: Vec<String>,
}

/// A footnote (in these reports, a data source) and the paragraph its marker sits in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Footnote {
    pub number: u32,
    pub text: String,
    pub page: u32,
    pub location: Location,
    /// Index of the paragraph that carries the marker.
    pub paragraph: Option<usize>,
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

/// Whom an indicator describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum Scope {
    City,
    School(String),
    /// An organisation the report names that is not one of the region's schools (an
    /// education group, a campus being built): `partner:<id>`.
    Partner(String),
}

impl From<Scope> for String {
    fn from(scope: Scope) -> String {
        scope.to_string()
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::City => f.write_str("city"),
            Scope::School(id) => write!(f, "school:{id}"),
            Scope::Partner(id) => write!(f, "partner:{id}"),
        }
    }
}

/// How a printed figure is not exact, as the report says it: 400多 is more than 400,
/// 约27.00 about 27.00. Tables, cards and outputs show it as a mark on the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    /// 多, 余, 超过, 逾: `400+`.
    MoreThan,
    /// 以上, 不少于, 至少: `≥85%`.
    AtLeast,
    /// 约, 左右, 大约: `≈27.00`.
    About,
    /// 将近, 近, 接近: `≲15`.
    Nearly,
    /// 不足, 不到, 少于: `<10`.
    LessThan,
}

impl Qualifier {
    pub const ALL: [Qualifier; 5] = [
        Qualifier::MoreThan,
        Qualifier::AtLeast,
        Qualifier::About,
        Qualifier::Nearly,
        Qualifier::LessThan,
    ];

    /// The name used in the dataset (`more-than`).
    pub fn name(self) -> &'static str {
        match self {
            Qualifier::MoreThan => "more-than",
            Qualifier::AtLeast => "at-least",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::LessThan => "less-than",
        }
    }

    pub fn parse(name: &str) -> Option<Qualifier> {
        Qualifier::ALL.into_iter().find(|q| q.name() == name)
    }

    /// The words that say it in a printed figure, longest first.
    pub fn words(self) -> &'static [&'static str] {
        match self {
            Qualifier::MoreThan => &["超过", "多", "余", "逾"],
            Qualifier::AtLeast => &["不少于", "以上", "至少"],
            Qualifier::About => &["大约", "左右", "约"],
            Qualifier::Nearly => &["将近", "接近", "近"],
            Qualifier::LessThan => &["不足", "不到", "少于"],
        }
    }

    /// Whether a printed figure says it is not exact (any qualifier's word).
    pub fn said_in(text: &str) -> bool {
        Qualifier::ALL
            .iter()
            .any(|q| q.words().iter().any(|w| text.contains(w)))
    }

    /// A printed figure without the qualifiers' words.
    fn strip_words(text: &str) -> String {
        let mut stripped = text.to_string();
        for qualifier in Qualifier::ALL {
            for word in qualifier.words() {
                stripped = stripped.replace(word, "");
            }
        }
        stripped
    }

    /// The number with this qualifier's mark.
    pub fn mark(self, number: &str) -> String {
        match self {
            Qualifier::MoreThan => format!("{number}+"),
            Qualifier::AtLeast => format!("≥{number}"),
            Qualifier::About => format!("≈{number}"),
            Qualifier::Nearly => format!("≲{number}"),
            Qualifier::LessThan => format!("<{number}"),
        }
    }
}

/// Units written against the number (`44.31%`, `15.41:1`), not after a space.
const ATTACHED_UNITS: [&str; 4] = ["%", "‰", ":1", "∶1"];

/// Words before a printed number that say it is a fall: the figure is negative.
pub const FALL_WORDS: [&str; 5] = ["下降", "减少", "降低", "下滑", "回落"];

/// The first number in a printed figure, as printed (`27.00`, `4.58`, `１,200`), and what
/// follows it.
pub fn split_number(text: &str) -> Option<(&str, &str)> {
    let digit = |c: char| crate::text::normalize_char(c).is_ascii_digit();
    let start = text.find(digit)?;
    let start = if text[..start].ends_with('-') {
        start - 1
    } else {
        start
    };
    let rest = &text[start..];
    let mut end = 0;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let continues = digit(c)
            || (i == 0 && c == '-')
            || (matches!(crate::text::normalize_char(c), '.' | ',')
                && chars.peek().is_some_and(|&(_, next)| digit(next)));
        if !continues {
            break;
        }
        end = i + c.len_utf8();
    }
    Some((&rest[..end], &rest[end..]))
}

/// A quantitative statement from the report, traced to its sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub name_en: String,
    /// The figure exactly as printed, with the report's own words around the number
    /// (`44.31%`, `400多`, `约27.00`, `下降 4.58%`); empty for a derived value.
    pub value_text: String,
    /// The number, negative where the report says it fell (`下降 4.58%` is −4.58).
    pub value: f64,
    /// The value as written in the dataset, for its precision (`207.80`, not `207.8`).
    pub value_written: String,
    /// Not exact: more than, at least, about, nearly or less than the number.
    pub qualifier: Option<Qualifier>,
    pub unit: String,
    /// As the report states it: `2022学年`, `2023年`, `2022年末` …
    pub period: String,
    pub scope: Scope,
    /// Indicators sharing a series id form a time series (ordered by period).
    pub series: String,
    /// For a value the report implies but does not print: how it was computed.
    pub formula: String,
    pub location: Location,
    pub page: u32,
    /// The full sentence (or table row) the value comes from.
    pub source: String,
    /// False for candidates an automatic ingest proposed and nobody checked.
    pub verified: bool,
    /// The comparable measure this figure is the report's value of (a concept id, see
    /// [`crate::concepts`]); `None` for most figures.
    pub concept: Option<String>,
}

impl Indicator {
    pub fn is_derived(&self) -> bool {
        !self.formula.is_empty()
    }

    /// The figure as shown in tables: the printed number with its precision, a sign
    /// where the report says it fell, the qualifier as a mark (`400+`, `≈27.00`, `≥85%`,
    /// `−4.58`), the printed `%`, `‰` or `:1` when that is the unit; a derived value
    /// marked with `*` (`207.80*`).
    pub fn shown_figure(&self) -> String {
        if self.value_text.is_empty() {
            let written = match self.value_written.strip_prefix('-') {
                Some(magnitude) => format!("−{magnitude}"),
                None => self.value_written.clone(),
            };
            return format!("{written}*");
        }
        let Some((number, after)) = split_number(&self.value_text) else {
            return self.value_text.clone();
        };
        let after: String = Qualifier::strip_words(after)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        // `%`, `‰` and `:1` stay on the number; other units stand apart (`400+ 项`).
        let attached = if ATTACHED_UNITS.contains(&after.as_str()) && after == self.unit {
            after.as_str()
        } else {
            ""
        };
        let sign = if self.value < 0.0 && !number.starts_with('-') {
            "−"
        } else {
            ""
        };
        let figure = format!("{sign}{number}");
        let marked = match self.qualifier {
            Some(qualifier) => qualifier.mark(&figure),
            None => figure,
        };
        format!("{marked}{attached}")
    }

    /// The figure with its unit (`51486 人`, `44.31%`, `400+ 项`, `−4.58 个百分点`).
    pub fn display_value(&self) -> String {
        let figure = self.shown_figure();
        let attached = ATTACHED_UNITS.contains(&self.unit.as_str());
        if self.unit.is_empty() || (attached && figure.ends_with(&self.unit)) {
            figure
        } else if attached {
            format!("{figure}{}", self.unit)
        } else {
            format!("{figure} {}", self.unit)
        }
    }

    /// The figure as a reader would cite it, with where it is printed:
    /// `生师比 15.41:1（2022学年）— 嘉兴市中等职业教育质量年度报告 2023, §1.3, p. 3`.
    pub fn citation(&self, report: &ReportMeta) -> String {
        // The full-width bracket closes with its own space before the dash.
        let period = if self.period.is_empty() {
            " ".to_string()
        } else {
            format!("（{}）", self.period)
        };
        let edition = if report.calendar_year.is_empty() {
            String::new()
        } else {
            format!(" {}", report.calendar_year)
        };
        format!(
            "{} {}{period}— {}{edition}, §{}, p. {}",
            self.name,
            self.display_value(),
            report.title,
            self.location.label(),
            self.page
        )
    }

    /// The first year the period names (`2022学年` → 2022), for ordering a series.
    pub fn period_year(&self) -> Option<u32> {
        let normalized = crate::text::normalize(&self.period);
        let start = normalized.find(|c: char| c.is_ascii_digit())?;
        normalized[start..].get(..4)?.parse().ok()
    }
}

impl Structure {
    pub fn chapter(&self, number: u32) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.number == number)
    }

    pub fn section(&self, number: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.number == number)
    }

    pub fn case(&self, number: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.number == number)
    }

    pub fn figure(&self, number: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.number == number)
    }

    pub fn table(&self, number: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.number == number)
    }

    pub fn footnote(&self, number: u32) -> Option<&Footnote> {
        self.footnotes.iter().find(|f| f.number == number)
    }
}

impl Report {
    /// The item if the report has it. School and partner keys may also be a name or an
    /// alias; they resolve to the slug.
    pub fn resolve(&self, item: &ItemRef) -> Option<ItemRef> {
        let report = self;
        let s = &report.structure;
        let found = match item {
            ItemRef::Preface => s.preface.is_some(),
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

    pub fn school(&self, id: &str) -> Option<&School> {
        self.schools.iter().find(|s| s.id == id)
    }

    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn breakdown(&self, id: &str) -> Option<&Breakdown> {
        self.breakdowns.iter().find(|b| b.id == id)
    }

    /// The dashboard's key figures: those the report metadata names, else the first
    /// city-wide indicators that have a series.
    pub fn key_indicators(&self) -> Vec<&Indicator> {
        let named: Vec<&Indicator> = crate::dataset::split_list(&self.meta.key_indicators)
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

/// How the members of a breakdown relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BreakdownKind {
    /// Parts of a whole; with a total they must add up to it.
    Parts,
    /// Values set side by side (shares, ratios).
    Compare,
}

/// A named group of indicators for a bar chart.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    pub id: String,
    pub title: String,
    pub title_en: String,
    pub kind: BreakdownKind,
    pub members: Vec<String>,
    pub total: Option<String>,
    /// Breakdowns that the report compares with this one.
    pub compare_with: Option<String>,
}

/// An English gloss for a term or unit of the report.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryEntry {
    pub term: String,
    pub english: String,
    pub note: String,
}

/// How a printed figure should follow from others (see docs/dataset.md, `relations.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    /// `a / b`, printed as `15.41:1` or `2.55 倍`.
    Ratio,
    /// `part / total` in per cent (or per mille where the figure is in ‰).
    Share,
    /// `total / population`: a 生均 (per student) figure.
    PerCapita,
    /// `later − earlier` (a difference, in percentage points between percentages) or
    /// `(later − earlier) / earlier` in per cent (relative).
    Change,
    /// The parts add up to the figure.
    Sum,
    /// The same quantity printed twice (a sentence and a table cell), or in another unit.
    Same,
}

impl RelationKind {
    pub const ALL: [RelationKind; 6] = [
        RelationKind::Ratio,
        RelationKind::Share,
        RelationKind::PerCapita,
        RelationKind::Change,
        RelationKind::Sum,
        RelationKind::Same,
    ];

    /// The name used in the dataset (`per-capita`).
    pub fn name(self) -> &'static str {
        match self {
            RelationKind::Ratio => "ratio",
            RelationKind::Share => "share",
            RelationKind::PerCapita => "per-capita",
            RelationKind::Change => "change",
            RelationKind::Sum => "sum",
            RelationKind::Same => "same",
        }
    }

    pub fn parse(name: &str) -> Option<RelationKind> {
        RelationKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// How a change is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// `later − earlier`, in the figures' unit: percentage points between percentages.
    Difference,
    /// `(later − earlier) / earlier`, in per cent.
    Relative,
}

impl Measure {
    pub fn name(self) -> &'static str {
        match self {
            Measure::Difference => "difference",
            Measure::Relative => "relative",
        }
    }

    pub fn parse(name: &str) -> Option<Measure> {
        [Measure::Difference, Measure::Relative]
            .into_iter()
            .find(|m| m.name() == name)
    }
}

/// One term of a relation: a printed figure, a table cell, a figure the report does not
/// print, or an exact number.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(into = "String")]
pub enum Operand {
    /// An indicator by id.
    Indicator(String),
    /// A cell of a parsed table: `table:1[2022,2]` is the cell in column 2 (the first
    /// column is 1) of the row whose first cell is `2022`.
    TableCell {
        table: String,
        row: String,
        column: usize,
    },
    /// A figure the relation needs but the report does not print (`missing:自主创业人数`).
    Missing(String),
    /// An exact number (`100`: shares that make a whole).
    Constant(String),
}

impl Operand {
    /// Reads an operand as `relations.csv` writes it; `None` when it is none of the forms
    /// (an indicator id is checked against the report later).
    pub fn parse(text: &str) -> Option<Operand> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(what) = text.strip_prefix("missing:") {
            let what = what.trim();
            return (!what.is_empty()).then(|| Operand::Missing(what.to_string()));
        }
        if let Some(rest) = text.strip_prefix("table:") {
            let (table, cell) = rest.split_once('[')?;
            let cell = cell.strip_suffix(']')?;
            let (row, column) = cell.rsplit_once(',')?;
            let column: usize = column.trim().parse().ok().filter(|&c| c >= 1)?;
            let (table, row) = (table.trim(), row.trim());
            if table.is_empty() || row.is_empty() {
                return None;
            }
            return Some(Operand::TableCell {
                table: table.to_string(),
                row: row.to_string(),
                column,
            });
        }
        if text.parse::<f64>().is_ok_and(f64::is_finite) {
            return Some(Operand::Constant(text.to_string()));
        }
        Some(Operand::Indicator(text.to_string()))
    }

    /// The indicator this operand names, if it names one.
    pub fn indicator(&self) -> Option<&str> {
        match self {
            Operand::Indicator(id) => Some(id),
            _ => None,
        }
    }
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Indicator(id) => f.write_str(id),
            Operand::TableCell { table, row, column } => {
                write!(f, "table:{table}[{row},{column}]")
            }
            Operand::Missing(what) => write!(f, "missing:{what}"),
            Operand::Constant(number) => f.write_str(number),
        }
    }
}

impl From<Operand> for String {
    fn from(operand: Operand) -> String {
        operand.to_string()
    }
}

/// A declared relation between printed figures: `result` should be what `kind` computes
/// from `inputs`. `nianbao audit` recomputes it at the printed precision.
#[derive(Debug, Clone, Serialize)]
pub struct Relation {
    pub id: String,
    pub kind: RelationKind,
    /// The printed figure the relation recomputes.
    pub result: Operand,
    /// Ratio, share, per capita: numerator and denominator; change: later and earlier;
    /// sum: the parts; same: the other printing.
    pub inputs: Vec<Operand>,
    /// For a change: difference or relative; `None` lets the units decide.
    pub measure: Option<Measure>,
    /// A factor the recomputed value is multiplied by, for units the unit names do not
    /// convert (平方米 → 亩: 0.0015), as written.
    pub factor: Option<String>,
    /// False for relations an automatic ingest proposed and nobody checked.
    pub verified: bool,
    /// The curator's reading of the relation (which figures, why).
    pub note: String,
}

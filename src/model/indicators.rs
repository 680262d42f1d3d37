//! Printed figures: whom an indicator describes, how it is not exact, how it is shown
//! and cited, and the breakdowns that group indicators for a chart.

use serde::Serialize;

use super::units::{ATTACHED_UNITS, split_number};
use super::{Location, ReportMeta};

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
    /// the `concepts` module); `None` for most figures.
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

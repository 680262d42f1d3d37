//! One concept across reports: the figures each report maps to it, in the order of
//! places and years (what `nianbao compare` prints and the Compare view draws).

use crate::concepts::{self, Concept};
use crate::dataset::by_place;
use crate::model::{Indicator, Report};

/// One report's figure for a concept.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub report: &'a Report,
    pub indicator: &'a Indicator,
}

impl Row<'_> {
    /// Not exact, as the report's words say (`400多`, `约`, `85%以上`).
    pub fn is_qualified(&self) -> bool {
        self.indicator.qualifier.is_some()
    }

    /// Proposed by ingest and not checked by anyone.
    pub fn is_unverified(&self) -> bool {
        !self.indicator.verified
    }

    /// Whether the figure is the one for the report's own year: its school year, the
    /// calendar year it covers (`2023年`, `2023年度`), or no period at all (the report's
    /// present). A 2023 report's 2021学年 figure is history, not its own.
    pub fn is_own_period(&self) -> bool {
        let meta = &self.report.meta;
        let period = self.indicator.period.as_str();
        period.is_empty()
            || period == meta.school_year
            || (!meta.calendar_year.is_empty() && period.starts_with(&meta.calendar_year))
    }

    /// The figure's length for a chart, in the concept's usual unit (`5.2 万人` is 52 000
    /// people); `None` where the unit is not the concept's or the value is not finite.
    pub fn scaled_value(&self, concept: &Concept) -> Option<f64> {
        let value = self.indicator.value * concept.unit_scale(&self.indicator.unit)?;
        value.is_finite().then_some(value)
    }
}

/// What comparing needs of a report: its metadata and the figures it maps to a concept,
/// nothing else; a thousand of these take little memory where whole reports would not.
pub fn comparable(report: &Report) -> Report {
    Report {
        meta: report.meta.clone(),
        indicators: report
            .indicators
            .iter()
            .filter(|indicator| indicator.concept.is_some())
            .cloned()
            .collect(),
        ..Report::default()
    }
}

/// Every figure mapped to `concept` in `reports`, by region and year (see
/// [`crate::dataset::by_place`]), each report's figures in its own order.
pub fn rows<'a>(reports: impl IntoIterator<Item = &'a Report>, concept: &str) -> Vec<Row<'a>> {
    rows_in_order(by_place(reports.into_iter().map(|r| (r, &r.meta))), concept)
}

/// Every figure mapped to `concept` in `reports`, the reports in the order given (for a
/// caller that has sorted them by place once, not on every frame).
pub fn rows_in_order<'a>(
    reports: impl IntoIterator<Item = &'a Report>,
    concept: &str,
) -> Vec<Row<'a>> {
    reports
        .into_iter()
        .flat_map(|report| {
            report
                .indicators
                .iter()
                .filter(move |i| i.concept.as_deref() == Some(concept))
                .map(move |indicator| Row { report, indicator })
        })
        .collect()
}

/// One figure per report: the one for its own year (its school year's first), leaving
/// out reports that give the concept only for earlier years.
pub fn headline<'a>(rows: &[Row<'a>]) -> Vec<Row<'a>> {
    own_period_rows_by_report(rows)
        .into_iter()
        .filter_map(|own| {
            let school_year = &own.first()?.report.meta.school_year;
            own.iter()
                .find(|r| &r.indicator.period == school_year)
                .or(own.first())
                .copied()
        })
        .collect()
}

/// Each report's figures for its own year, the reports in the order of their first row;
/// one pass, where scanning every row for each report was quadratic in a collection.
fn own_period_rows_by_report<'a>(rows: &[Row<'a>]) -> Vec<Vec<Row<'a>>> {
    let mut group_of: std::collections::HashMap<*const Report, usize> = Default::default();
    let mut groups: Vec<Vec<Row<'a>>> = Vec::new();
    for row in rows {
        let group = *group_of
            .entry(std::ptr::from_ref(row.report))
            .or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
        if row.is_own_period() {
            groups[group].push(*row);
        }
    }
    groups
}

/// The headline figures of the reports covering `year` (a calendar year), by region.
pub fn across_regions<'a>(rows: &[Row<'a>], year: &str) -> Vec<Row<'a>> {
    headline(rows)
        .into_iter()
        .filter(|r| r.report.meta.calendar_year == year)
        .collect()
}

/// The headline figures of `region`'s reports, by year.
pub fn across_years<'a>(rows: &[Row<'a>], region: &str) -> Vec<Row<'a>> {
    headline(rows)
        .into_iter()
        .filter(|r| r.report.meta.region == region)
        .collect()
}

/// The calendar years of the reports that have a headline figure, oldest first.
pub fn years(rows: &[Row]) -> Vec<String> {
    distinct(
        headline(rows)
            .iter()
            .map(|r| r.report.meta.calendar_year.clone()),
        true,
    )
}

/// The regions of the reports that have a headline figure, in place order.
pub fn regions(rows: &[Row]) -> Vec<String> {
    distinct(
        headline(rows).iter().map(|r| r.report.meta.region.clone()),
        false,
    )
}

fn distinct(values: impl Iterator<Item = String>, sort: bool) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for value in values {
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    if sort {
        seen.sort();
    }
    seen
}

/// The concepts at least one of `reports` maps, in the vocabulary's order.
pub fn mapped_concepts<'a>(reports: impl IntoIterator<Item = &'a Report>) -> Vec<&'static Concept> {
    let reports: Vec<&Report> = reports.into_iter().collect();
    concepts::vocabulary()
        .iter()
        .filter(|concept| reports.iter().any(|r| maps(r, &concept.id)))
        .collect()
}

/// Whether a report maps one of its figures to the concept.
pub fn maps(report: &Report, concept: &str) -> bool {
    report
        .indicators
        .iter()
        .any(|i| i.concept.as_deref() == Some(concept))
}

/// Two reports side by side: each concept both map, with each one's headline figure, in
/// the vocabulary's order.
pub fn shared<'a>(a: &'a Report, b: &'a Report) -> Vec<(&'static Concept, Row<'a>, Row<'a>)> {
    concepts::vocabulary()
        .iter()
        .filter_map(|concept| {
            let first = *headline(&rows([a], &concept.id)).first()?;
            let second = *headline(&rows([b], &concept.id)).first()?;
            Some((concept, first, second))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;

    /// The embedded report as another place and year, with its ratio changed.
    fn variant(id: &str, region: &str, year: &str, ratio: f64) -> Report {
        let mut report = Dataset::embedded().unwrap().reports.remove(0);
        report.meta.id = id.to_string();
        report.meta.region = region.to_string();
        report.meta.calendar_year = year.to_string();
        report.meta.school_year = format!("{}学年", year.parse::<u32>().unwrap() - 1);
        for indicator in &mut report.indicators {
            if indicator.id == "student-teacher-ratio" {
                indicator.value = ratio;
            }
            // Its periods move with the year, as a later report's would.
            indicator.period = indicator
                .period
                .replace("2022学年", &report.meta.school_year);
        }
        report
    }

    #[test]
    fn rows_follow_places_then_years_and_headlines_take_the_own_year() {
        let reports = [
            variant("jiaxing-2024", "嘉兴市", "2024", 15.0),
            variant("haining-2023", "海宁市", "2023", 13.0),
            variant("jiaxing-2023", "嘉兴市", "2023", 15.41),
        ];
        let ratio = rows(&reports, "student-teacher-ratio");
        let ids: Vec<&str> = ratio.iter().map(|r| r.report.meta.id.as_str()).collect();
        assert_eq!(ids, ["haining-2023", "jiaxing-2023", "jiaxing-2024"]);
        assert_eq!(years(&ratio), ["2023", "2024"]);
        assert_eq!(regions(&ratio), ["海宁市", "嘉兴市"]);
        let in_2023: Vec<f64> = across_regions(&ratio, "2023")
            .iter()
            .map(|r| r.indicator.value)
            .collect();
        assert_eq!(in_2023, [13.0, 15.41]);
        let jiaxing: Vec<&str> = across_years(&ratio, "嘉兴市")
            .iter()
            .map(|r| r.report.meta.calendar_year.as_str())
            .collect();
        assert_eq!(jiaxing, ["2023", "2024"]);
        // Enrolment is given for two school years: the headline is the report's own.
        let enrolled = rows(&reports[2..], "students-enrolled");
        assert_eq!(enrolled.len(), 2);
        let own = headline(&enrolled);
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].indicator.period, "2022学年");
    }

    #[test]
    fn a_report_with_only_history_has_no_headline() {
        let mut report = variant("old", "嘉兴市", "2023", 15.41);
        for indicator in &mut report.indicators {
            indicator.period = "2019学年".to_string();
        }
        let ratio = rows([&report], "student-teacher-ratio");
        assert_eq!(ratio.len(), 1);
        assert!(headline(&ratio).is_empty());
    }

    #[test]
    fn shared_concepts_pair_two_reports_and_scale_to_the_usual_unit() {
        let a = variant("a", "嘉兴市", "2023", 15.41);
        let mut b = variant("b", "海宁市", "2023", 12.0);
        b.indicators.retain(|i| i.id != "graduate-destination-rate");
        let pairs = shared(&a, &b);
        assert!(
            pairs
                .iter()
                .all(|(c, _, _)| c.id != "graduate-destination-rate")
        );
        let (concept, left, right) = pairs
            .iter()
            .find(|(c, _, _)| c.id == "student-teacher-ratio")
            .unwrap();
        assert_eq!(left.scaled_value(concept), Some(15.41));
        assert_eq!(right.scaled_value(concept), Some(12.0));
        let students = crate::concepts::find("students-enrolled").unwrap();
        let mut indicator = left.indicator.clone();
        indicator.unit = "万人".to_string();
        indicator.value = 5.2;
        let row = Row {
            report: &a,
            indicator: &indicator,
        };
        assert_eq!(row.scaled_value(students), Some(52_000.0));
        assert!(!row.is_qualified() && !row.is_unverified());
    }
}

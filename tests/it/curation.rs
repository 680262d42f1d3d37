//! The embedded report exactly as the report means it (issue 10): figures that are not
//! exact carry their qualifier, a fall is negative and in the unit the report means, each
//! figure is scoped to whom it is about and has a period only where the report gives one,
//! charts use one figure per part, English names stand alone, and the numbers a reader
//! would quote are there, derived ones with their formula and precision.

use crate::support;

use std::collections::HashMap;

use nianbao::model::{Indicator, Qualifier, Report, Scope};
use nianbao::text::compact;

fn jiaxing() -> Report {
    support::jiaxing()
}

fn indicator<'r>(report: &'r Report, id: &str) -> &'r Indicator {
    report
        .indicator(id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

// 1. 下降 4.58% is a fall of 4.58 percentage points (48.89 → 44.31).
#[test]
fn the_enrolment_share_fell_by_percentage_points() {
    let report = jiaxing();
    let change = indicator(&report, "vocational-enrolment-share-change");
    assert_eq!(change.value, -4.58);
    assert_eq!(change.unit, "个百分点");
    assert_eq!(
        change.value_text, "下降 4.58%",
        "the report's own words stay"
    );
    assert!(change.name_en.contains("percentage points"));
    assert_eq!(change.display_value(), "−4.58 个百分点");
    let before = indicator(&report, "vocational-enrolment-share-2021").value;
    let after = indicator(&report, "vocational-enrolment-share-2022").value;
    assert!((after - before - change.value).abs() < 1e-9);
}

/// The qualifier words standing next to a printed figure in its sentence.
fn qualifier_beside(indicator: &Indicator) -> bool {
    let source = compact(&indicator.source);
    let number = nianbao::model::split_number(&indicator.value_text).map_or("", |(n, _)| n);
    if number.is_empty() {
        return false;
    }
    let before_words = ["约", "近", "将近", "接近", "超过", "逾", "不足", "至少"];
    let after_words = ["多", "余", "以上", "左右"];
    source.match_indices(number).any(|(at, _)| {
        let before = &source[..at];
        let after = &source[at + number.len()..];
        let after = after.strip_prefix(indicator.unit.as_str()).unwrap_or(after);
        let after = after.strip_prefix('%').unwrap_or(after);
        before_words.iter().any(|w| before.ends_with(w))
            || after_words.iter().any(|w| after.starts_with(w))
    })
}

// 2. 400多, 近40余, 85%以上, 将近15亿元, 约27.00 … are not exact, and say so everywhere.
#[test]
fn figures_that_are_not_exact_carry_their_qualifier() {
    let report = jiaxing();
    for indicator in &report.indicators {
        if indicator.value_text.is_empty() {
            continue;
        }
        assert_eq!(
            qualifier_beside(indicator),
            indicator.qualifier.is_some(),
            "{}: `{}` in “{}”",
            indicator.id,
            indicator.value_text,
            indicator.source
        );
    }
    for (id, qualifier, shown) in [
        ("innovation-awards-3-years", Qualifier::MoreThan, "400+ 项"),
        (
            "haining-health-certification-rate",
            Qualifier::AtLeast,
            "≥85%",
        ),
        (
            "haiyan-centre-floor-area",
            Qualifier::About,
            "≈27.00 万平方米",
        ),
        ("xitang-buttons-output-value", Qualifier::Nearly, "≲15 亿元"),
        (
            "tongxiang-health-training-to-students",
            Qualifier::AtLeast,
            "≥2 倍",
        ),
        ("sino-german-class-students", Qualifier::AtLeast, "≥200 人"),
    ] {
        let found = indicator(&report, id);
        assert_eq!(found.qualifier, Some(qualifier), "{id}");
        assert_eq!(found.display_value(), shown, "{id}");
        assert!(
            Qualifier::said_in(&found.value_text),
            "{id}: the words stay in value_text"
        );
    }
}

// 3. The Xinhe group's figures are the group's.
#[test]
fn the_education_groups_figures_are_scoped_to_it() {
    let report = jiaxing();
    for id in [
        "xinhe-job-standards",
        "xinhe-training-projects",
        "xinhe-textbooks",
    ] {
        let found = indicator(&report, id);
        assert_eq!(
            found.scope,
            Scope::Partner("xinhe-vocational-education-group".into())
        );
        assert!(
            found.name.contains("欣禾") && found.name_en.contains("Xinhe"),
            "{id}"
        );
    }
}

// 4. Periods only where the report gives them.
#[test]
fn periods_are_given_only_where_the_report_gives_them() {
    let report = jiaxing();
    for id in [
        "industry-ratio-primary",
        "industry-ratio-secondary",
        "industry-ratio-tertiary",
        "shaya-online-lessons",
        "shaya-visitors",
    ] {
        assert_eq!(indicator(&report, id).period, "", "{id}");
    }
}

// 5. The Haiyan centre is a campus under construction, not one of the city's schools.
#[test]
fn the_haiyan_centre_is_a_partner_not_a_school() {
    let report = jiaxing();
    assert!(
        report
            .school("haiyan-vocational-education-centre")
            .is_none()
    );
    assert!(
        report
            .partner("haiyan-vocational-education-centre")
            .is_some()
    );
    let haiyan_schools = report
        .schools
        .iter()
        .filter(|s| s.district == "海盐县")
        .count();
    assert_eq!(
        haiyan_schools, 2,
        "Haiyan has two secondary vocational schools"
    );
    assert_eq!(
        indicator(&report, "haiyan-centre-floor-area").scope,
        Scope::Partner("haiyan-vocational-education-centre".into())
    );
}

// 7. The school chart: one figure per district, adding up to the city's 15.
#[test]
fn schools_by_district_add_up_to_the_city() {
    let report = jiaxing();
    let chart = report.breakdown("school-distribution").unwrap();
    let counts: HashMap<&str, f64> = chart
        .members
        .iter()
        .map(|id| (id.as_str(), indicator(&report, id).value))
        .collect();
    assert_eq!(counts.len(), 6, "市本级 and five counties: {counts:?}");
    assert_eq!(counts.values().sum::<f64>(), 15.0);
    assert_eq!(chart.total.as_deref(), Some("schools-full-time"));
}

// 8. English names stand alone: different figures never share one (the years of one
// series are one figure).
#[test]
fn english_names_are_distinct_and_plain() {
    let report = jiaxing();
    let mut by_english: HashMap<&str, &Indicator> = HashMap::new();
    for indicator in &report.indicators {
        if let Some(other) = by_english.insert(&indicator.name_en, indicator) {
            let same_series = !other.series.is_empty() && other.series == indicator.series;
            assert!(
                other.name == indicator.name || same_series,
                "“{}” names both {} and {}",
                indicator.name_en,
                other.id,
                indicator.id
            );
        }
        for wrong in [
            "Of which",
            "construction unit",
            "Specialty classes",
            "World Skills",
            "World-Skills",
            "bachelor degree",
            "master degree",
        ] {
            assert!(
                !indicator.name_en.contains(wrong),
                "{}: {}",
                indicator.id,
                indicator.name_en
            );
        }
    }
}

// 10. What a reader would quote: district counts, the enrolment denominators, changes,
// graduates without a confirmed destination, the Haiyan centre's capacity.
#[test]
fn the_numbers_a_reader_quotes_are_there() {
    let report = jiaxing();
    for (id, value) in [
        ("schools-jiashan", 2.0),
        ("schools-haiyan", 2.0),
        ("schools-tongxiang", 2.0),
        ("schools-pinghu", 3.0),
        ("schools-haining", 3.0),
        ("upper-secondary-enrolment-2022", 35192.0),
        ("upper-secondary-enrolment-2021", 34013.0),
        ("students-enrolled-change", -780.0),
        ("new-enrolment-change", -1035.0),
        ("graduates-without-confirmed-destination", 71.0),
        ("graduates-other-destination", 292.0),
        ("haiyan-centre-dormitory-capacity", 2000.0),
    ] {
        assert_eq!(indicator(&report, id).value, value, "{id}");
    }
    // The shares printed reproduce from the derived denominators.
    let share = |part: &str, total: &str| {
        100.0 * indicator(&report, part).value / indicator(&report, total).value
    };
    assert!((share("new-enrolment-2022", "upper-secondary-enrolment-2022") - 44.31).abs() < 0.005);
    assert!((share("new-enrolment-2021", "upper-secondary-enrolment-2021") - 48.89).abs() < 0.005);
    assert!(indicator(&report, "upper-secondary-enrolment-2022").is_derived());
}

// 11. A derived value keeps the report's precision.
#[test]
fn derived_values_keep_their_precision() {
    let report = jiaxing();
    assert_eq!(
        indicator(&report, "campus-area-2021").shown_figure(),
        "207.80*"
    );
    assert_eq!(
        indicator(&report, "campus-area-2021").display_value(),
        "207.80* 万平方米"
    );
    assert_eq!(
        indicator(&report, "students-enrolled-change").shown_figure(),
        "−780*"
    );
}

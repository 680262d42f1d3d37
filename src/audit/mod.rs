//! The audit: every relation of a report (`relations.csv`) recomputed from the printed
//! figures and compared at the printed precision. A finding names the figures, the
//! formula, the printed and recomputed values and the sentences they stand in; where the
//! 生均 figures imply another student count than the report states, the audit says which.
//! No I/O: the CLI and the explorer show what [`audit`] returns.

pub mod precision;

mod check;
mod finding;
mod population;
mod resolve;

use std::collections::HashSet;

pub use finding::{Finding, Gap, Implied, Role, Source, Term, Verdict};
pub use population::{ImpliedPopulation, Population};

use check::check;
use population::populations;

use crate::model::Report;

/// A report's audit: every relation's finding, worst first, and the population hints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Audit {
    pub findings: Vec<Finding>,
    pub populations: Vec<Population>,
}

impl Audit {
    pub fn count(&self, verdict: Verdict) -> usize {
        self.findings
            .iter()
            .filter(|f| f.verdict == verdict)
            .count()
    }

    /// The indicators that take part in an inconsistent relation.
    pub fn inconsistent_indicators(&self) -> HashSet<String> {
        self.findings
            .iter()
            .filter(|f| f.verdict == Verdict::Inconsistent)
            .flat_map(|f| f.indicators().map(str::to_string))
            .collect()
    }

    /// `47 relations: 5 inconsistent, 1 consistent only by truncation, …`.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = Verdict::ALL
            .iter()
            .map(|&v| format!("{} {}", self.count(v), v.label()))
            .collect();
        format!(
            "{} relation{}: {}",
            self.findings.len(),
            if self.findings.len() == 1 { "" } else { "s" },
            parts.join(", ")
        )
    }
}

/// Audits every relation of a report: inconsistent first, then truncated, not
/// checkable and consistent, each group in the order of `relations.csv`.
pub fn audit(report: &Report) -> Audit {
    let mut findings: Vec<Finding> = report
        .relations
        .iter()
        .map(|relation| check(report, relation))
        .collect();
    findings.sort_by_key(|f| f.verdict);
    let populations = populations(report);
    Audit {
        findings,
        populations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        FALL_WORDS, Indicator, Location, Measure, Operand, Qualifier, Relation, RelationKind,
        ReportMeta, Scope, Structure, split_number,
    };

    /// An indicator as the dataset would hold it: the value read from the printed text.
    fn indicator(id: &str, value_text: &str, unit: &str) -> Indicator {
        let (number, _) = split_number(value_text).expect("a number");
        let magnitude: f64 = number.parse().expect("plain digits");
        let falls = FALL_WORDS.iter().any(|w| value_text.starts_with(w));
        Indicator {
            id: id.to_string(),
            name: id.to_string(),
            name_en: String::new(),
            value_text: value_text.to_string(),
            value: if falls { -magnitude } else { magnitude },
            value_written: number.to_string(),
            qualifier: Qualifier::ALL
                .into_iter()
                .find(|q| q.words().iter().any(|w| value_text.contains(w))),
            unit: unit.to_string(),
            period: String::new(),
            scope: Scope::City,
            series: String::new(),
            formula: String::new(),
            location: Location::default(),
            page: 1,
            source: format!("{id} {value_text}"),
            verified: true,
            concept: None,
        }
    }

    fn relation(id: &str, kind: &str, result: &str, inputs: &str, measure: &str) -> Relation {
        Relation {
            id: id.to_string(),
            kind: RelationKind::parse(kind).expect("a kind"),
            result: Operand::parse(result).expect("an operand"),
            inputs: inputs
                .split('|')
                .map(|i| Operand::parse(i).expect("an operand"))
                .collect(),
            measure: Measure::parse(measure),
            factor: None,
            verified: true,
            note: String::new(),
        }
    }

    fn report(indicators: Vec<Indicator>, relations: Vec<Relation>) -> Report {
        Report {
            meta: ReportMeta {
                id: "test".into(),
                title: "test".into(),
                title_en: String::new(),
                region: String::new(),
                region_en: String::new(),
                school_year: String::new(),
                calendar_year: String::new(),
                key_indicators: String::new(),
                level: None,
                publisher: String::new(),
            },
            structure: Structure::default(),
            schools: Vec::new(),
            partners: Vec::new(),
            indicators,
            breakdowns: Vec::new(),
            glossary: Vec::new(),
            relations,
            warnings: Vec::new(),
        }
    }

    fn finding<'a>(audit: &'a Audit, id: &str) -> &'a Finding {
        audit
            .findings
            .iter()
            .find(|f| f.relation == id)
            .unwrap_or_else(|| panic!("no finding {id}"))
    }

    fn teachers() -> Vec<Indicator> {
        vec![
            indicator("students", "51486", "人"),
            indicator("teachers", "3390", "人"),
            indicator("ratio-colon", "15.19:1", ":1"),
            indicator("ratio-ratio-sign", "15.19∶1", "∶1"),
            indicator("ratio-printed", "15.41:1", ":1"),
            indicator("dual", "1844", "人"),
            indicator("dual-share", "54.39%", "%"),
            indicator("dual-share-rounded", "54.40%", "%"),
        ]
    }

    #[test]
    fn ratios_read_with_either_colon_and_a_gap_is_measured() {
        let report = report(
            teachers(),
            vec![
                relation("colon", "ratio", "ratio-colon", "students|teachers", ""),
                relation("sign", "ratio", "ratio-ratio-sign", "students|teachers", ""),
                relation("printed", "ratio", "ratio-printed", "students|teachers", ""),
            ],
        );
        let audit = audit(&report);
        assert_eq!(finding(&audit, "colon").verdict, Verdict::Consistent);
        assert_eq!(finding(&audit, "sign").verdict, Verdict::Consistent);
        let printed = finding(&audit, "printed");
        assert_eq!(printed.verdict, Verdict::Inconsistent);
        assert_eq!(printed.recomputed_text, "15.1876");
        let gap = printed.gap.as_ref().expect("a gap");
        assert!((gap.value - 0.2224).abs() < 1e-3, "{gap:?}");
        assert_eq!(gap.text, "+0.22 (+1.5%)");
        assert_eq!(printed.check, "51486 人 ÷ 3390 人");
        assert_eq!(audit.findings[0].relation, "printed", "inconsistent first");
    }

    #[test]
    fn a_share_cut_off_instead_of_rounded_is_told_apart() {
        let report = report(
            teachers(),
            vec![
                relation("cut", "share", "dual-share", "dual|teachers", ""),
                relation(
                    "rounded",
                    "share",
                    "dual-share-rounded",
                    "dual|teachers",
                    "",
                ),
            ],
        );
        let audit = audit(&report);
        let cut = finding(&audit, "cut");
        assert_eq!(cut.verdict, Verdict::Truncated);
        assert!(
            cut.remarks
                .iter()
                .any(|r| r.contains("54.3953 rounds to 54.40"))
        );
        assert_eq!(finding(&audit, "rounded").verdict, Verdict::Consistent);
    }

    #[test]
    fn a_change_of_percentages_is_in_points_and_the_report_may_write_per_cent() {
        let report = report(
            vec![
                indicator("share-2022", "44.31%", "%"),
                indicator("share-2021", "48.89%", "%"),
                indicator("fall-in-points", "下降 4.58%", "个百分点"),
                indicator("fall-written-percent", "下降 4.58%", "%"),
                indicator("fall-relative", "下降 9.37%", "%"),
            ],
            vec![
                relation(
                    "points",
                    "change",
                    "fall-in-points",
                    "share-2022|share-2021",
                    "",
                ),
                relation(
                    "auto",
                    "change",
                    "fall-written-percent",
                    "share-2022|share-2021",
                    "",
                ),
                relation(
                    "relative",
                    "change",
                    "fall-written-percent",
                    "share-2022|share-2021",
                    "relative",
                ),
                relation(
                    "truly-relative",
                    "change",
                    "fall-relative",
                    "share-2022|share-2021",
                    "",
                ),
            ],
        );
        let audit = audit(&report);
        let points = finding(&audit, "points");
        assert_eq!(points.verdict, Verdict::Consistent);
        assert_eq!(points.measure, Some(Measure::Difference));
        assert!(
            points
                .remarks
                .iter()
                .any(|r| r.contains("percentage points") && r.contains("−9.37%")),
            "{:?}",
            points.remarks
        );
        // Left to the units, a per-cent fall of percentages is read as points if that
        // agrees, and as a relative change if that does.
        assert_eq!(finding(&audit, "auto").verdict, Verdict::Consistent);
        assert_eq!(finding(&audit, "auto").measure, Some(Measure::Difference));
        let relative = finding(&audit, "relative");
        assert_eq!(relative.verdict, Verdict::Inconsistent);
        assert_eq!(relative.recomputed_text, "−9.3680");
        let truly = finding(&audit, "truly-relative");
        assert_eq!(truly.verdict, Verdict::Consistent);
        assert_eq!(truly.measure, Some(Measure::Relative));
        assert!(truly.remarks.is_empty(), "{:?}", truly.remarks);
    }

    #[test]
    fn qualified_or_missing_figures_are_not_checkable() {
        let report = report(
            vec![
                indicator("total", "约27.00", "万平方米"),
                indicator("above", "约22.95", "万平方米"),
                indicator("below", "约4.05", "万平方米"),
                indicator("awards", "400多", "项"),
                indicator("first-prizes", "100", "项"),
                indicator("graduates", "15790", "人"),
                indicator("self-employed-rate", "1.57%", "%"),
            ],
            vec![
                relation("about", "sum", "total", "above|below", ""),
                relation(
                    "more-than",
                    "share",
                    "self-employed-rate",
                    "first-prizes|awards",
                    "",
                ),
                relation(
                    "missing",
                    "share",
                    "self-employed-rate",
                    "missing:自主创业人数|graduates",
                    "",
                ),
            ],
        );
        let audit = audit(&report);
        let about = finding(&audit, "about");
        assert_eq!(about.verdict, Verdict::NotCheckable);
        assert_eq!(
            about.recomputed_text, "27.0000",
            "the arithmetic is still shown"
        );
        assert!(about.remarks.iter().any(|r| r.contains("约27.00 (about)")));
        let more = finding(&audit, "more-than");
        assert_eq!(more.verdict, Verdict::NotCheckable);
        assert!(more.remarks.iter().any(|r| r.contains("400多 (more than)")));
        let missing = finding(&audit, "missing");
        assert_eq!(missing.verdict, Verdict::NotCheckable);
        let implied = missing.implied.as_ref().expect("implied");
        assert!(implied.text.ends_with("so 248"), "{}", implied.text);
    }

    #[test]
    fn counts_add_up_exactly_or_not_at_all() {
        let report = report(
            vec![
                indicator("class", "82", "人"),
                indicator("class-misprinted", "83", "人"),
                indicator("a", "2", "名"),
                indicator("b", "37", "名"),
                indicator("c", "43", "人"),
            ],
            vec![
                relation("adds-up", "sum", "class", "a|b|c", ""),
                relation("one-off", "sum", "class-misprinted", "a|b|c", ""),
            ],
        );
        let audit = audit(&report);
        assert_eq!(finding(&audit, "adds-up").verdict, Verdict::Consistent);
        let off = finding(&audit, "one-off");
        assert_eq!(off.verdict, Verdict::Inconsistent);
        assert_eq!(off.gap.as_ref().unwrap().text, "+1 人 (+1.2%)");
    }

    #[test]
    fn per_student_figures_that_imply_another_count_are_named() {
        let report = report(
            vec![
                {
                    let mut students = indicator("students", "51486", "人");
                    students.name = "在校生数".into();
                    students
                },
                indicator("campus", "225.81", "万平方米"),
                indicator("campus-per-student", "43.86", "平方米"),
                indicator("equipment", "77956.60", "万元"),
                indicator("equipment-per-student", "15036.18", "元"),
            ],
            vec![
                relation(
                    "campus",
                    "per-capita",
                    "campus-per-student",
                    "campus|students",
                    "",
                ),
                relation(
                    "equipment",
                    "per-capita",
                    "equipment-per-student",
                    "equipment|students",
                    "",
                ),
            ],
        );
        let audit = audit(&report);
        assert_eq!(finding(&audit, "campus").verdict, Verdict::Consistent);
        assert_eq!(finding(&audit, "equipment").verdict, Verdict::Inconsistent);
        let [population] = audit.populations.as_slice() else {
            panic!("{:?}", audit.populations);
        };
        assert_eq!(
            population.message,
            "生均 figures imply between 51484 and 51846 students; the report states 51486 人"
        );
        assert!(population.figures.iter().any(|f| f.agrees));
        assert!(population.figures.iter().any(|f| !f.agrees));
    }

    #[test]
    fn a_whole_number_a_division_gives_is_rounded_not_a_count() {
        // A 生均 figure, a ratio or a converted unit is a quotient: `44 平方米` per student
        // stands for 43.5 … 44.5 whatever its unit; only what adds or subtracts counts is
        // exact.
        let mut site_mu = relation("site-mu", "same", "site-mu", "site", "");
        site_mu.factor = Some("0.0015".into());
        let report = report(
            vec![
                indicator("students", "51486", "人"),
                indicator("campus", "225.81", "万平方米"),
                indicator("campus-per-student", "44", "平方米"),
                indicator("campus-per-student-misprinted", "45", "平方米"),
                indicator("books", "1866853", "册"),
                indicator("books-per-student", "36", "册"),
                indicator("site", "342352", "平方米"),
                indicator("site-mu", "514", "亩"),
            ],
            vec![
                relation(
                    "campus",
                    "per-capita",
                    "campus-per-student",
                    "campus|students",
                    "",
                ),
                relation(
                    "books",
                    "per-capita",
                    "books-per-student",
                    "books|students",
                    "",
                ),
                relation(
                    "misprinted",
                    "per-capita",
                    "campus-per-student-misprinted",
                    "campus|students",
                    "",
                ),
                site_mu,
            ],
        );
        let audit = audit(&report);
        assert_eq!(finding(&audit, "campus").verdict, Verdict::Consistent);
        assert_eq!(finding(&audit, "books").verdict, Verdict::Consistent);
        assert_eq!(finding(&audit, "site-mu").verdict, Verdict::Consistent);
        let misprinted = finding(&audit, "misprinted");
        assert_eq!(misprinted.verdict, Verdict::Inconsistent);
        assert_eq!(misprinted.recomputed_text, "43.86");
        assert_eq!(misprinted.gap.as_ref().unwrap().text, "+1 平方米 (+2.6%)");
        // 44 and 36 per student both allow the stated 51486 students.
        let students: Vec<&ImpliedPopulation> = audit
            .populations
            .iter()
            .flat_map(|p| &p.figures)
            .filter(|f| f.relation != "misprinted")
            .collect();
        assert!(students.iter().all(|f| f.agrees), "{students:?}");
    }

    #[test]
    fn arithmetic_that_leaves_the_numbers_is_not_checkable_never_consistent() {
        let factor = |id: &str, factor: &str| {
            let mut r = relation(id, "same", "students", "students-2021", "");
            r.factor = Some(factor.into());
            r
        };
        let report = report(
            vec![
                indicator("students", "1200", "人"),
                indicator("students-2021", "1100", "人"),
            ],
            vec![
                relation("sum", "sum", "students", "1e308|1e308|students-2021", ""),
                factor("huge-factor", "1e308"),
                factor("tiny-factor", "1e-320"),
                relation(
                    "tiny-divisor",
                    "ratio",
                    "students",
                    "students-2021|1e-320",
                    "",
                ),
                relation("zero-divisor", "ratio", "students", "students-2021|0", ""),
            ],
        );
        let audit = audit(&report);
        for id in ["sum", "huge-factor", "tiny-divisor"] {
            let found = finding(&audit, id);
            assert_eq!(found.verdict, Verdict::NotCheckable, "{id}");
            assert!(found.recomputed.is_none() && found.range.is_none(), "{id}");
            assert!(
                found.remarks.iter().any(|r| r.contains("too large")),
                "{id}: {:?}",
                found.remarks
            );
            assert!(
                !found.remarks.iter().any(|r| r.contains("holds zero")),
                "{id}: {:?}",
                found.remarks
            );
        }
        assert!(
            finding(&audit, "zero-divisor")
                .remarks
                .iter()
                .any(|r| r.contains("holds zero"))
        );
        // 1100 × 1e-320 is a number, if a tiny one: inconsistent, with no infinite gap.
        let tiny = finding(&audit, "tiny-factor");
        assert_eq!(tiny.verdict, Verdict::Inconsistent);
        let gap = tiny.gap.as_ref().unwrap();
        assert_eq!(gap.relative, None);
        assert_eq!(gap.text, "+1200 人");
        for found in &audit.findings {
            let shown = format!("{} {:?}", found.recomputed_text, found.gap);
            assert!(!shown.contains("inf") && !shown.contains("NaN"), "{shown}");
        }
    }

    #[test]
    fn derived_figures_carry_the_rounding_of_what_they_are_derived_from() {
        let mut derived = indicator("campus-2021", "0", "万平方米");
        derived.value_text = String::new();
        derived.value = 207.80;
        derived.value_written = "207.80".into();
        derived.formula = "campus-2022 - campus-increase".into();
        let report = report(
            vec![
                indicator("campus-2022", "225.81", "万平方米"),
                indicator("campus-increase", "18.01", "万平方米"),
                derived,
                indicator("students-2021", "52266", "人"),
                indicator("per-student-2021", "39.76", "平方米"),
            ],
            vec![relation(
                "per-student",
                "per-capita",
                "per-student-2021",
                "campus-2021|students-2021",
                "",
            )],
        );
        let audit = audit(&report);
        let found = finding(&audit, "per-student");
        assert_eq!(found.verdict, Verdict::Consistent);
        let range = found.range.unwrap();
        // 207.79 … 207.81 万平方米 over 52266 students.
        assert!(range.low < 39.7565 && range.high > 39.7598, "{range:?}");
    }
}

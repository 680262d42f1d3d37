//! The audit of the embedded report (issue 14): every relation the report implies, each
//! verdict reviewed by hand against the text, and `nianbao audit` from the outside
//! (formats, exit codes, the dataset's relations checked on load with file:line).

use nianbao::audit::{Audit, Verdict, audit};
use nianbao::model::Report;
use nianbao::text::compact;
use serde_json::Value;

use crate::support;
use support::{FIXTURE, JIAXING, nianbao};

fn jiaxing() -> Report {
    support::jiaxing()
}

/// Every relation of `relations.csv` and its verdict, each checked by hand against the
/// report's text (see docs/audit.md for the reasoning behind each one that is not
/// consistent).
const REVIEWED: &[(&str, Verdict)] = &[
    // 1.1: 44.31% = 15595 ÷ (15595 + 19597) = 44.3140%; 48.89% = 16630 ÷ 34013 = 48.8931%.
    ("enrolment-share-2022", Verdict::Consistent),
    ("enrolment-share-2021", Verdict::Consistent),
    // 下降 4.58%: 44.31 − 48.89 = −4.58 percentage points (the report writes %).
    ("enrolment-share-change", Verdict::Consistent),
    // 表1's 2022 row repeats the sentence: 51486, 15595, 44.31%.
    ("students-enrolled-2022-table", Verdict::Consistent),
    ("new-enrolment-2022-table", Verdict::Consistent),
    ("enrolment-share-2022-table", Verdict::Consistent),
    // 3 + 2 + 2 + 2 + 3 + 3 = 15 schools; 5 + 70 + 103 = 178 specialty offerings.
    ("schools-by-district", Verdict::Consistent),
    ("specialty-points-by-sector", Verdict::Consistent),
    // 2.8∶39.3∶57.9 = 5, 70 and 103 of 178 in per cent (2.809, 39.326, 57.865).
    ("specialty-ratio-primary", Verdict::Consistent),
    ("specialty-ratio-secondary", Verdict::Consistent),
    ("specialty-ratio-tertiary", Verdict::Consistent),
    // 2.7 + 51.9 + 45.4 = 100.0.
    ("industry-structure-whole", Verdict::Consistent),
    // 1.2: 225.81 万平方米 ÷ 51486 = 43.8585 → 43.86; 1866853 ÷ 51486 = 36.2594 → 36.26.
    ("campus-area-per-student-2022", Verdict::Consistent),
    ("books-per-student-2022", Verdict::Consistent),
    // 134.42 万平方米 ÷ 51486 = 26.1081, printed 25.93 (0.7% less: 51840 students);
    // 77956.60 万元 ÷ 51486 = 15141.32, printed 15036.18 (51846 students).
    ("building-area-per-student-2022", Verdict::Inconsistent),
    ("equipment-value-per-student-2022", Verdict::Inconsistent),
    // The 2021 figures the printed increases imply agree with 表1's 52266 students:
    // 207.80 ÷ 5.2266 = 39.758 (39.76), 124.79 ÷ 5.2266 = 23.876 (23.88).
    ("campus-area-per-student-2021", Verdict::Consistent),
    ("building-area-per-student-2021", Verdict::Consistent),
    // 15036.18 ÷ 13919.61 − 1 = 8.0216% → 8.02%; 36.26 − 33.42 = 2.84 册.
    ("equipment-value-per-student-growth", Verdict::Consistent),
    ("books-per-student-increase", Verdict::Consistent),
    // 表2's 2022 row repeats the sentence: 15036.18, 36.26.
    (
        "equipment-value-per-student-2022-table",
        Verdict::Consistent,
    ),
    ("books-per-student-2022-table", Verdict::Consistent),
    // 1.3: 51486 ÷ 3390 = 15.19, printed 15.41:1 (52240 students would give it).
    ("student-teacher-ratio", Verdict::Inconsistent),
    // 3351, 1186, 2051 of 3390: 98.8496, 34.9853, 60.5015 → 98.85, 34.99, 60.50.
    ("teachers-bachelor-share", Verdict::Consistent),
    ("teachers-senior-title-share", Verdict::Consistent),
    ("vocational-subject-teachers-share", Verdict::Consistent),
    // 1844 ÷ 3390 = 54.3953% rounds to 54.40; the report prints 54.39.
    ("dual-qualified-share-of-full-time", Verdict::Truncated),
    // 1844 ÷ 2051 = 89.9074 → 89.91.
    ("dual-qualified-share-of-vocational", Verdict::Consistent),
    // 2.2: 2 + 37 + 2 + 36 + 4 + 1 = 82.
    ("integration-class-streams", Verdict::Consistent),
    // 2.4: 15719 ÷ 15790 = 99.5503 → 99.55; 56 + 990 + 2853 = 3899.
    ("graduate-destination-rate", Verdict::Consistent),
    ("graduates-employed-by-sector", Verdict::Consistent),
    // 自主创业率 1.57%: the count is not printed (it would be 248).
    ("self-employment-rate", Verdict::NotCheckable),
    // 663 ÷ 4626 = 14.33%, printed 14.42% (667 passes would give it).
    ("separate-exam-undergraduate-rate", Verdict::Inconsistent),
    // 3.1: the six groups add up to 131264; 131264 ÷ 51486 = 2.5495 → 2.55 倍.
    ("training-by-group", Verdict::Consistent),
    ("training-to-students", Verdict::Consistent),
    // 168.05% of a task the report does not print.
    ("training-target-completion", Verdict::NotCheckable),
    // 3.2: 1915 + 993 = 2908; 85%以上 and 2 倍以上 are not exact and lack their counts.
    ("haining-health-certification-by-kind", Verdict::Consistent),
    ("haining-health-certification-rate", Verdict::NotCheckable),
    (
        "tongxiang-health-training-to-students",
        Verdict::NotCheckable,
    ),
    // 7.2: 79954.85 万元 ÷ 51486 = 15529.44, printed 15421.61 (51846 students).
    ("appropriation-per-student", Verdict::Inconsistent),
    // 7.3: 342352 平方米 × 0.0015 = 513.528 亩 → 513.5; 约22.95 + 约4.05 = 约27.00.
    ("haiyan-centre-site-area-mu", Verdict::Consistent),
    ("haiyan-centre-floor-area-parts", Verdict::NotCheckable),
    // 8: 555.10 − 551.60 = 3.50; 401.61 + 153.49 = 555.10; 401.61 ÷ 555.10 = 72.349%,
    // 72.4% within the inputs' rounding; 3.66 and 0.11 of 555.10 万 = 6.59‰ and 0.198‰.
    ("population-increase", Verdict::Consistent),
    ("population-by-residence", Verdict::Consistent),
    ("urbanisation-rate-2022", Verdict::Consistent),
    ("birth-rate-2022", Verdict::Consistent),
    ("natural-growth-rate-2022", Verdict::Consistent),
];

#[test]
fn every_relation_of_the_embedded_report_has_its_reviewed_verdict() {
    let report = jiaxing();
    let audit = audit(&report);
    let found: Vec<(&str, Verdict)> = audit
        .findings
        .iter()
        .map(|f| (f.relation.as_str(), f.verdict))
        .collect();
    for (relation, verdict) in REVIEWED {
        let got = found.iter().find(|(r, _)| r == relation).map(|(_, v)| *v);
        assert_eq!(got, Some(*verdict), "{relation}");
    }
    assert_eq!(
        found.len(),
        REVIEWED.len(),
        "a relation without a reviewed verdict: {found:?}"
    );
    assert_eq!(
        audit.summary(),
        "47 relations: 5 inconsistent, 1 consistent only by truncation, 5 not checkable, 36 consistent"
    );
    assert!(
        audit
            .findings
            .windows(2)
            .all(|w| w[0].verdict <= w[1].verdict),
        "inconsistent first"
    );
}

/// Half a unit of the result's last printed digit, for the relation's printed figure.
fn last_digit(printed: &str) -> f64 {
    let number = nianbao::model::split_number(printed).unwrap().0;
    let decimals = number.split_once('.').map_or(0, |(_, d)| d.len());
    10f64.powi(-(decimals as i32))
}

#[test]
fn no_inconsistency_is_one_a_careful_reader_would_put_down_to_rounding() {
    let audit = audit(&jiaxing());
    let inconsistent: Vec<_> = audit
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Inconsistent)
        .collect();
    assert!(!inconsistent.is_empty(), "the report has slips to measure");
    for finding in inconsistent {
        let gap = finding.gap.as_ref().expect("an inconsistency has a gap");
        // At least five units of the last printed digit, and at least 0.5% of the value:
        // a slip, not rounding (the smallest, 本科率, is 9 hundredths of a point).
        let digits = gap.value.abs() / last_digit(&finding.printed);
        assert!(digits >= 5.0, "{}: {digits} digits", finding.relation);
        assert!(
            gap.relative.unwrap().abs() >= 0.005,
            "{}: {:?}",
            finding.relation,
            gap.relative
        );
        // And no reading of the inputs' rounding closes it.
        let range = finding.range.unwrap();
        let printed = nianbao::model::split_number(&finding.printed).unwrap().0;
        let printed: f64 = printed.parse().unwrap();
        let half = last_digit(&finding.printed) / 2.0;
        assert!(
            range.high < printed - half || range.low > printed + half,
            "{}: {range:?} against {printed}",
            finding.relation
        );
    }
}

#[test]
fn each_finding_names_its_figures_formula_and_sentences_with_section_and_page() {
    let report = jiaxing();
    let audit = audit(&report);
    let text: String = report
        .structure
        .paragraphs
        .iter()
        .map(|p| compact(&p.text))
        .collect();
    assert!(!audit.findings.is_empty());
    for finding in &audit.findings {
        assert!(finding.formula.contains(" = "), "{}", finding.relation);
        assert!(!finding.check.is_empty(), "{}", finding.relation);
        assert!(finding.terms.len() >= 2, "{}", finding.relation);
        assert!(!finding.sources().is_empty(), "{}", finding.relation);
        for source in finding.sources() {
            assert!(source.page > 0, "{}", finding.relation);
            let found = match &source.table {
                Some(number) => report.structure.table(number).is_some_and(|t| {
                    t.rows
                        .iter()
                        .any(|row| compact(&row.join(" ")) == compact(&source.text))
                }),
                None => text.contains(&compact(&source.text)),
            };
            assert!(found, "{}: {}", finding.relation, source.text);
        }
        if finding.verdict != Verdict::NotCheckable {
            assert!(
                finding.recomputed.is_some() && !finding.printed.is_empty(),
                "{}",
                finding.relation
            );
        }
    }
}

fn finding<'a>(audit: &'a Audit, id: &str) -> &'a nianbao::audit::Finding {
    audit.findings.iter().find(|f| f.relation == id).unwrap()
}

#[test]
fn the_findings_say_what_a_reviewer_needs() {
    let audit = audit(&jiaxing());
    let ratio = finding(&audit, "student-teacher-ratio");
    assert_eq!(ratio.check, "51486 人 ÷ 3390 人");
    assert_eq!(ratio.recomputed_text, "15.1876");
    assert_eq!(ratio.gap.as_ref().unwrap().text, "+0.22 (+1.5%)");
    let rate = finding(&audit, "separate-exam-undergraduate-rate");
    assert_eq!(
        rate.gap.as_ref().unwrap().text,
        "+0.09 percentage points (+0.6%)"
    );
    let change = finding(&audit, "enrolment-share-change");
    assert!(
        change
            .remarks
            .iter()
            .any(|r| r.contains("percentage points") && r.contains("−9.37%")),
        "{:?}",
        change.remarks
    );
    let urban = finding(&audit, "urbanisation-rate-2022");
    assert!(
        urban.remarks.iter().any(|r| r.contains("rounds to 72.3")),
        "{:?}",
        urban.remarks
    );
    let self_employed = finding(&audit, "self-employment-rate");
    assert!(
        self_employed
            .implied
            .as_ref()
            .unwrap()
            .text
            .ends_with("so 248")
    );
    let table_cell = finding(&audit, "students-enrolled-2022-table");
    assert_eq!(
        table_cell.sources()[0].table.as_deref(),
        Some("1"),
        "a table cell names its table"
    );
    let [students] = audit.populations.as_slice() else {
        panic!("{:?}", audit.populations);
    };
    assert_eq!(
        students.message,
        "生均 figures imply between 51484 and 51846 students; the report states 51486 人"
    );
    let disagreeing: Vec<&str> = students
        .figures
        .iter()
        .filter(|f| !f.agrees)
        .map(|f| f.relation.as_str())
        .collect();
    assert_eq!(
        disagreeing,
        [
            "building-area-per-student-2022",
            "equipment-value-per-student-2022",
            "student-teacher-ratio",
            "appropriation-per-student"
        ]
    );
    let flagged = audit.inconsistent_indicators();
    for id in [
        "students-enrolled-2022",
        "building-area-per-student-2022",
        "student-teacher-ratio",
        "separate-exam-candidates",
    ] {
        assert!(flagged.contains(id), "{id}");
    }
    assert!(!flagged.contains("campus-area-per-student-2022"));
}

#[test]
fn audit_prints_a_reviewers_report_and_succeeds_whatever_it_finds() {
    let out = support::stdout(&["--report", JIAXING, "audit"]);
    assert!(
        out.starts_with("jiaxing-2023: 47 relations: 5 inconsistent"),
        "{out}"
    );
    let first_row = out.lines().nth(3).unwrap();
    assert!(first_row.starts_with("inconsistent"), "{first_row}");
    assert!(out.contains(
        "生均 figures imply between 51484 and 51846 students; the report states 51486 人"
    ));
    assert!(out.contains("inconsistent  student-teacher-ratio (ratio)"));
    assert!(out.contains("51486 人 ÷ 3390 人 = 15.1876; printed 15.41:1; gap +0.22 (+1.5%)"));
    assert!(
        out.contains(
            "[1] §1.3 p. 4  2022 学年，嘉兴市中职学校专任教师数 3390 人，生师比 15.41:1。"
        )
    );
    assert!(out.contains("表1: 2022 51486 15595 19597 44.31%"));
    assert!(!out.contains('\u{1b}'), "no colour when not a terminal");
}

#[test]
fn strict_exits_3_when_something_is_inconsistent() {
    let assert = nianbao()
        .args(["--report", JIAXING, "audit", "--strict"])
        .assert()
        .code(3);
    let output = assert.get_output();
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("student-teacher-ratio"),
        "the findings are still printed"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("5 inconsistent findings (--strict)"));
}

#[test]
fn audit_json_and_csv_carry_every_finding_with_its_sources() {
    let json: Value = serde_json::from_str(&support::stdout(&[
        "--report", JIAXING, "audit", "--format", "json",
    ]))
    .unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), REVIEWED.len());
    assert_eq!(json["summary"][0]["inconsistent"], 5);
    assert_eq!(json["summary"][0]["truncated"], 1);
    let ratio = findings
        .iter()
        .find(|f| f["relation"] == "student-teacher-ratio")
        .unwrap();
    assert_eq!(ratio["verdict"], "inconsistent");
    assert_eq!(ratio["kind"], "ratio");
    assert_eq!(ratio["printed"], "15.41:1");
    assert!((ratio["recomputed"].as_f64().unwrap() - 15.18761).abs() < 1e-4);
    assert_eq!(ratio["terms"][0]["role"], "result");
    assert_eq!(ratio["terms"][0]["source"]["section"], "1.3");
    assert_eq!(ratio["terms"][1]["operand"], "students-enrolled-2022");
    assert_eq!(ratio["terms"][1]["source"]["page"], 2);
    assert_eq!(
        json["populations"][0]["indicator"],
        "students-enrolled-2022"
    );
    let csv_text = support::stdout(&["--report", JIAXING, "audit", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    for column in [
        "relation",
        "verdict",
        "formula",
        "printed",
        "recomputed",
        "gap",
        "sources",
    ] {
        assert!(headers.iter().any(|h| h == column), "{column}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), REVIEWED.len());
    let verdict = headers.iter().position(|h| h == "verdict").unwrap();
    assert_eq!(&rows[0][verdict], "inconsistent");
}

/// A copy of the synthetic fixture with a relations file.
const HEADER: &str = "id,kind,result,inputs,measure,factor,verified,note\n";

#[test]
fn a_dataset_whose_figures_agree_passes_strict_and_one_without_relations_says_so() {
    let (_temp, dir) = support::fixture_with_relations(&format!(
        "{HEADER}students-table,same,\"table:1[2022,2]\",students-2022,,,true,表1 repeats it\n\
         increase,change,students-increase,students-2022|students-2021,,,true,\n"
    ));
    let dir = dir.to_str().unwrap();
    let out = support::stdout(&["--data", dir, "audit", "--strict"]);
    assert!(
        out.starts_with("mini-2024: 2 relations: 0 inconsistent"),
        "{out}"
    );
    let out = support::stdout(&["--data", FIXTURE, "audit"]);
    assert!(out.contains("no relations declared"), "{out}");
}

#[test]
fn relations_are_checked_on_load_with_file_and_line() {
    let (_temp, dir) = support::fixture_with_relations(&format!(
        "{HEADER}\
         ok,same,\"table:1[2022,2]\",students-2022,,,true,\n\
         unknown-id,ratio,students-2022,nowhere|schools,,,true,\n\
         bad-kind,average,students-2022,schools|prizes,,,true,\n\
         no-row,same,\"table:1[2030,2]\",students-2022,,,true,\n\
         no-table,same,\"table:9[2022,2]\",students-2022,,,true,\n\
         two-for-one,same,students-2022,schools|prizes,,,true,\n\
         measure,share,students-2022,schools|prizes,relative,,true,\n\
         factor,same,students-2022,schools,,zero,true,\n\
         circular,sum,students-2022,students-2022|schools,,,true,\n\
         nothing-printed,share,students-2022,missing:a|missing:b,,,true,\n\
         Bad_Id,same,students-2022,schools,,,maybe,\n\
         ok,same,students-2022,schools,,,true,\n"
    ));
    let assert = nianbao().arg("check").arg(&dir).assert().code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for expected in [
        "relations.csv:3: input: unknown indicator `nowhere`",
        "relations.csv:4: kind `average` is none of ratio, share, per-capita, change, sum, same",
        "relations.csv:5: result: table 1 has no row starting with `2030`",
        "relations.csv:6: result: the report has no table 9",
        "relations.csv:7: a same relation takes one input",
        "relations.csv:8: measure is only for a change",
        "relations.csv:9: factor `zero` is not a finite number",
        "relations.csv:10: `students-2022` is both the result and an input",
        "relations.csv:11: no input is a printed figure",
        "relations.csv:12: id `Bad_Id` is not a slug",
        "relations.csv:12: verified must be true or false, not `maybe`",
        "relations.csv:13: duplicate id `ok`",
    ] {
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in:\n{stderr}"
        );
    }
    assert!(!stderr.contains("relations.csv:2:"), "{stderr}");
}

#[test]
fn data_in_relations_is_escaped_in_every_format() {
    let (_temp, dir) = support::fixture_with_relations(&format!(
        "{HEADER}students-table,same,\"table:1[2022,2]\",students-2022,,,true,\"note \u{1b}[2J\u{202e}here\"\n"
    ));
    let dir = dir.to_str().unwrap();
    let table = support::stdout(&["--data", dir, "audit"]);
    assert!(table.contains("note \\u{1b}[2J\\u{202e}here"), "{table}");
    let json = support::stdout(&["--data", dir, "audit", "--format", "json"]);
    assert!(json.contains("\\u001b[2J\\u202ehere"), "{json}");
    let csv = support::stdout(&["--data", dir, "audit", "--format", "csv"]);
    for out in [&table, &json, &csv] {
        assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}'));
    }
}

#[test]
fn audit_exits_2_on_invalid_data_and_strict_counts_only_inconsistencies() {
    // A relations.csv that does not load: nothing audited, exit 2, the problem with its line.
    let (_temp, dir) = support::fixture_with_relations(&format!(
        "{HEADER}broken,ratio,students-2022,nowhere|schools,,,true,\n"
    ));
    let assert = nianbao()
        .args(["--data", dir.to_str().unwrap(), "audit", "--strict"])
        .assert()
        .code(2);
    let output = assert.get_output();
    assert!(output.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("relations.csv:2: input: unknown indicator `nowhere`")
    );
    // A relation that cannot be checked is no inconsistency: --strict still exits 0.
    let (_temp, dir) = support::fixture_with_relations(&format!(
        "{HEADER}unprinted,share,prizes,missing:获奖学生数|students-2022,,,true,\n"
    ));
    let out = support::stdout(&["--data", dir.to_str().unwrap(), "audit", "--strict"]);
    assert!(out.contains("1 not checkable"), "{out}");
}

#[test]
fn the_csv_gives_each_findings_sources_as_place_and_sentence() {
    let csv_text = support::stdout(&["--report", JIAXING, "audit", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[column("relation")] == "student-teacher-ratio")
        .unwrap();
    assert_eq!(
        &row[column("sources")],
        "§1.3 p. 4: 2022 学年，嘉兴市中职学校专任教师数 3390 人，生师比 15.41:1。|\
         §1.1 p. 2: 2022 学年，在校生 51486 人（含全国中等职业学校学生管理信息系统外技工学籍学生），\
         2022学年招生 15595 人（含技工学籍学生），占高中段招生数的44.31%，招生比例较 2021 学年下降 4.58%。"
    );
    assert!(
        row[column("gap")].starts_with("0.2223"),
        "{:?}",
        &row[column("gap")]
    );
    assert_eq!(&row[column("gap_unit")], "");
    assert_eq!(
        &row[column("operands")],
        "student-teacher-ratio|students-enrolled-2022|full-time-teachers"
    );
}

#[test]
fn audit_help_says_where_relations_come_from_and_what_each_exit_code_means() {
    let out = support::stdout(&["--report", JIAXING, "audit", "--help"]);
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "relations.csv",
        "nianbao ingest",
        "0 whenever the reports load",
        "4 when some of a collection do not",
        "2 when none does, or with --strict when any does not",
        "3 with --strict",
    ] {
        assert!(out.contains(expected), "{expected:?} in:\n{out}");
    }
}

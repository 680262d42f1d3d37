//! `nianbao compare` and `list reports` over a dataset of several reports (the embedded
//! one and changed copies, see `support::several`).

use serde_json::Value;

use crate::support;
use support::nianbao;
use support::several::several_reports;

fn run(data: &std::path::Path, args: &[&str]) -> String {
    let data = data
        .to_str()
        .expect("a temporary directory's path is UTF-8");
    support::stdout(&[&["--data", data], args].concat())
}

#[test]
fn the_several_reports_load() {
    let (_temp, dir) = several_reports();
    let out = run(&dir, &["check"]);
    assert!(
        out.contains("haining-2023") && out.contains("jiaxing-2024"),
        "{out}"
    );
}

fn json(data: &std::path::Path, args: &[&str]) -> Vec<Value> {
    match serde_json::from_str(&run(data, args)).unwrap() {
        Value::Array(records) => records,
        other => panic!("not an array: {other}"),
    }
}

#[test]
fn list_reports_sorts_by_region_then_year_with_level_and_years() {
    let (_temp, dir) = several_reports();
    let reports = json(&dir, &["list", "reports", "--format", "json"]);
    let ids: Vec<&str> = reports.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["haining-2023", "jiaxing-2023", "jiaxing-2024"],
        "海宁 (hai) before 嘉兴 (jia)"
    );
    assert_eq!(reports[0]["level"], "county");
    assert_eq!(reports[0]["region"], "海宁市");
    assert_eq!(reports[2]["school_year"], "2023学年");
    assert_eq!(reports[2]["calendar_year"], "2024");
    let table = run(&dir, &["list", "reports"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("id ") && lines[0].contains("level"),
        "{table}"
    );
    assert_eq!(lines.len(), 4, "{table}");
    assert!(lines[1].starts_with("haining-2023") && lines[1].contains("county"));
    // One report of several: --report still applies.
    let one = json(
        &dir,
        &[
            "--report",
            "jiaxing-2024",
            "list",
            "reports",
            "--format",
            "json",
        ],
    );
    assert_eq!(one.len(), 1);
}

#[test]
fn compare_lists_a_concept_across_reports_with_marks_and_provenance() {
    let (_temp, dir) = several_reports();
    let table = run(&dir, &["compare", "student-teacher-ratio"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("student-teacher-ratio  生师比"),
        "{table}"
    );
    assert!(lines[0].contains("lower is better"), "{table}");
    assert!(
        lines[1].starts_with("report ") && lines[1].contains("source"),
        "{table}"
    );
    let row = |id: &str| *lines.iter().find(|l| l.starts_with(id)).unwrap();
    assert!(row("haining-2023").contains("county") && row("haining-2023").contains("≈13.02:1"));
    assert!(row("jiaxing-2023").contains("15.41:1") && !row("jiaxing-2023").contains(":1 :1"));
    assert!(row("jiaxing-2024").contains("14.87:1") && row("jiaxing-2024").contains("2023学年"));
    assert!(
        row("jiaxing-2023").contains("生师比 15.41:1"),
        "the source sentence"
    );
    assert!(
        table.contains("≈ ≲ < qualified"),
        "a legend for the qualifier: {table}"
    );
    assert!(
        !table.contains("? unverified"),
        "no unverified figure here: {table}"
    );
    // By its Chinese name too; an unverified figure marked.
    let rate = run(&dir, &["compare", "毕业去向落实率"]);
    let haining = rate
        .lines()
        .find(|l| l.starts_with("haining-2023"))
        .unwrap();
    assert!(haining.contains("98.76% ?"), "{rate}");
    assert!(rate.contains("? unverified"), "{rate}");
}

#[test]
fn compare_json_carries_the_place_the_period_and_the_provenance() {
    let (_temp, dir) = several_reports();
    let records = json(&dir, &["compare", "students-enrolled", "--format", "json"]);
    // Each report gives two school years.
    assert_eq!(records.len(), 6);
    let first = &records[0];
    for (field, expected) in [
        ("report", "haining-2023"),
        ("region", "海宁市"),
        ("level", "county"),
        ("calendar_year", "2023"),
        ("period", "2022学年"),
        ("value_text", "51486"),
        ("unit", "人"),
        ("concept", "students-enrolled"),
        ("id", "indicator:students-enrolled-2022"),
        ("section", "1.1"),
    ] {
        assert_eq!(first[field], expected, "{field}");
    }
    assert_eq!(first["value"], 51486.0);
    assert_eq!(first["verified"], true);
    assert_eq!(first["qualified"], false);
    assert!(
        first["source"]
            .as_str()
            .unwrap()
            .contains("在校生 51486 人")
    );
    assert!(first["page"].as_u64().unwrap() > 0);
    let ratio = json(
        &dir,
        &["compare", "student-teacher-ratio", "--format", "json"],
    );
    assert_eq!(ratio[0]["qualifier"], "about");
    assert_eq!(ratio[0]["figure"], "≈13.02:1");
    assert_eq!(ratio[0]["qualified"], true);
}

#[test]
fn compare_formats_carry_the_same_records() {
    let (_temp, dir) = several_reports();
    let with = |format: &str| {
        run(
            &dir,
            &["compare", "graduate-destination-rate", "--format", format],
        )
    };
    let records: Vec<Value> = serde_json::from_str(&with("json")).unwrap();
    assert_eq!(records.len(), 3);
    let lines: Vec<Value> = with("jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines, records);
    let csv = with("csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let report = header.iter().position(|h| h == "report").unwrap();
    let value = header.iter().position(|h| h == "value_text").unwrap();
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[report].to_string(), r[value].to_string())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("haining-2023".to_string(), "98.76%".to_string()),
            ("jiaxing-2023".to_string(), "99.55%".to_string()),
            ("jiaxing-2024".to_string(), "99.55%".to_string()),
        ]
    );
}

#[test]
fn compare_without_a_concept_lists_the_vocabulary_and_a_wrong_one_is_a_usage_error() {
    let (_temp, dir) = several_reports();
    let vocabulary = json(&dir, &["compare", "--format", "json"]);
    assert_eq!(vocabulary.len(), nianbao::concepts::vocabulary().len());
    let ratio = vocabulary
        .iter()
        .find(|c| c["id"] == "student-teacher-ratio")
        .unwrap();
    assert_eq!(ratio["direction"], "lower-is-better");
    assert_eq!(ratio["reports"], 3);
    let employment = vocabulary
        .iter()
        .find(|c| c["id"] == "employment-rate")
        .unwrap();
    assert_eq!(employment["reports"], 0, "no report maps it");
    let output = nianbao().args(["compare", "teacher"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no concept `teacher`"), "{stderr}");
    assert!(
        stderr.contains("did you mean") && stderr.contains("student-teacher-ratio"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
    let themed = nianbao()
        .args(["--theme", "dark", "compare", "student-teacher-ratio"])
        .output()
        .unwrap();
    assert_eq!(themed.status.code(), Some(1), "--theme does not apply");
}

#[test]
fn a_concept_no_report_maps_says_so() {
    let out = nianbao()
        .args(["compare", "employment-rate"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(no loaded report maps it)"), "{text}");
    let json = nianbao()
        .args(["compare", "employment-rate", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(json.stdout).unwrap().trim(), "[]");
}

/// docs/concepts.md describes the vocabulary the binary has: each concept under its id
/// with its units and direction, and no concept the vocabulary lacks.
#[test]
fn the_concepts_doc_tells_the_vocabulary_as_it_is() {
    let doc = include_str!("../../docs/concepts.md");
    let sections: Vec<&str> = doc.split("\n### ").skip(1).collect();
    let vocabulary = nianbao::concepts::vocabulary();
    assert_eq!(sections.len(), vocabulary.len());
    for (section, concept) in sections.iter().zip(vocabulary) {
        assert!(
            section.starts_with(&format!("`{}` — {}", concept.id, concept.name)),
            "{section}"
        );
        let units: Vec<String> = concept.units.iter().map(|u| format!("`{u}`")).collect();
        assert!(
            section.contains(&format!("- units: {}", units.join(" or "))),
            "{section}"
        );
        assert!(
            section.contains(&format!("- direction: {}", concept.direction.label())),
            "{section}"
        );
        assert!(section.contains(&concept.definition), "{section}");
    }
}

#[test]
fn help_tells_of_list_reports_and_compare() {
    let list =
        String::from_utf8(nianbao().args(["list", "--help"]).output().unwrap().stdout).unwrap();
    assert!(
        list.contains("reports:") && list.contains("by region"),
        "{list}"
    );
    let compare = String::from_utf8(
        nianbao()
            .args(["compare", "--help"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for part in [
        "CONCEPT",
        "docs/concepts.md",
        "jsonl",
        "unverified",
        "lists",
    ] {
        assert!(compare.contains(part), "{part} in {compare}");
    }
}

/// What compare keeps of a report (metadata and mapped figures) gives every row the
/// whole report gives, for every concept.
#[test]
fn a_comparable_report_compares_as_the_whole_report() {
    let (_temp, dir) = several_reports();
    let whole = nianbao::dataset::Dataset::from_dir(&dir).unwrap().reports;
    let comparable: Vec<_> = whole.iter().map(nianbao::compare::comparable).collect();
    let keys = |rows: Vec<nianbao::compare::Row>| -> Vec<(String, String, String)> {
        rows.iter()
            .map(|row| {
                (
                    row.report.meta.id.clone(),
                    row.indicator.id.clone(),
                    row.indicator.value_text.clone(),
                )
            })
            .collect()
    };
    let mut compared = 0;
    for concept in nianbao::concepts::vocabulary() {
        let from_whole = keys(nianbao::compare::rows(&whole, &concept.id));
        compared += from_whole.len();
        assert_eq!(
            from_whole,
            keys(nianbao::compare::rows(&comparable, &concept.id)),
            "{}",
            concept.id
        );
    }
    assert!(compared > 50, "only {compared} rows compared");
    assert!(comparable.iter().all(|r| r.structure.paragraphs.is_empty()));
}

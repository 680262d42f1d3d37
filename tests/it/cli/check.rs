//! `check` and `--data`: the embedded and the fixture dataset pass, every report folder is
//! embedded, and each kind of bad dataset (a broken copy of `tests/fixtures/mini-2024`)
//! fails with exit 2 naming its file and line.

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::support;
use support::{FIXTURE, copy_dir, fixture_copy, nianbao};

use super::edit;

/// `check` fails with exit 2 and names the file (and line) of the problem.
fn assert_invalid(dir: &Path, expected: &[&str]) {
    let assert = nianbao().arg("check").arg(dir).assert().code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for part in expected {
        assert!(stderr.contains(part), "expected {part:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"));
}

#[test]
fn check_passes_the_embedded_and_the_fixture_dataset() {
    nianbao()
        .arg("check")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "jiaxing-2023: 8 chapters, 23 sections, 19 cases",
        ));
    nianbao()
        .args(["check", FIXTURE])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("mini-2024: 2 chapters"));
}

#[test]
fn data_loads_a_report_directory_or_a_directory_of_reports() {
    let cases = serde_json::from_str::<Value>(&support::stdout(&[
        "--data", FIXTURE, "list", "cases", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(cases.as_array().unwrap().len(), 1);
    assert_eq!(cases[0]["title"], "测试职业学校开展实训");
    assert_eq!(cases[0]["report"], "mini-2024");

    let temp = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), &temp.path().join("mini-2024"));
    copy_dir(
        Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/reports/jiaxing-2023"
        )),
        &temp.path().join("jiaxing-2023"),
    );
    let data = temp.path().to_str().unwrap();
    let table = support::stdout(&["--data", data, "list", "cases"]);
    assert!(table.starts_with("report "));
    assert_eq!(table.lines().count(), 1 + 19 + 1);
    nianbao()
        .args(["--data", data, "show", "case:1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("mini-2024/case:1"));
    let qualified = support::stdout(&["--data", data, "show", "mini-2024/case:1"]);
    assert!(qualified.contains("测试职业学校开展实训"));
    let one = support::stdout(&["--data", data, "--report", "mini-2024", "list", "tables"]);
    assert_eq!(one.lines().count(), 2);
}

/// Every folder of data/reports/ with a report.csv is embedded, with no code edit.
#[test]
fn every_report_folder_is_embedded() {
    let mut folders: Vec<String> =
        fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/reports"))
            .unwrap()
            .flatten()
            .filter(|entry| entry.path().join("report.csv").is_file())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
    folders.sort();
    let listed: Value =
        serde_json::from_str(&support::stdout(&["list", "chapters", "--format", "json"])).unwrap();
    let mut reports: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|chapter| chapter["report"].as_str().unwrap().to_string())
        .collect();
    reports.sort();
    reports.dedup();
    assert_eq!(
        reports.len(),
        folders.len(),
        "{reports:?} vs folders {folders:?}"
    );
}

#[test]
fn a_missing_file_is_named() {
    let (_temp, dir) = fixture_copy();
    fs::remove_file(dir.join("glossary.csv")).unwrap();
    assert_invalid(&dir, &["glossary.csv: cannot read"]);
    // A path that names nothing is a usage error, not invalid data.
    nianbao().args(["check", "/no/such/dir"]).assert().code(1);
    nianbao()
        .args(["--data", "/no/such/dir", "list", "cases"])
        .assert()
        .code(1);
}

#[test]
fn a_header_without_a_required_column_is_malformed() {
    let (_temp, dir) = fixture_copy();
    edit(&dir, "schools.csv", |t| {
        t.replacen(",name_en,", ",english,", 1)
    });
    assert_invalid(&dir, &["schools.csv:1:", "missing field `name_en`"]);
}

#[test]
fn a_row_with_the_wrong_number_of_columns_is_reported_with_its_line() {
    let (_temp, dir) = fixture_copy();
    edit(&dir, "indicators.csv", |t| {
        t.replacen("学生获奖 12 项。", "学生获奖 12 项。,extra", 1)
    });
    assert_invalid(&dir, &["indicators.csv:7:", "14 fields, the header has 13"]);
}

#[test]
fn duplicate_ids_are_reported() {
    let (_temp, dir) = fixture_copy();
    edit(&dir, "indicators.csv", |t| {
        t.replace("\nprizes,", "\nschools,")
    });
    assert_invalid(&dir, &["indicators.csv:7:", "duplicate id `schools`"]);
}

#[test]
fn references_to_unknown_sections_and_schools_are_reported() {
    let (_temp, dir) = fixture_copy();
    edit(&dir, "indicators.csv", |t| {
        t.replace(",city,2.1,", ",city,9.9,")
            .replace("school:test-vocational-school", "school:nowhere")
    });
    assert_invalid(
        &dir,
        &[
            "indicators.csv:7: section `9.9` is not in the report",
            "indicators.csv:6: scope `school:nowhere`",
        ],
    );
}

#[test]
fn values_that_do_not_parse_or_disagree_are_reported() {
    let (_temp, dir) = fixture_copy();
    edit(&dir, "indicators.csv", |t| {
        t.replace(",12,12,", ",12,twelve,")
            .replace(",1200,1200,", ",1200,1300,")
    });
    assert_invalid(
        &dir,
        &[
            "indicators.csv:7: value `twelve` is not a number",
            "indicators.csv:3: value 1300 differs from the printed `1200`",
        ],
    );
}

/// report.csv's optional `level` column takes only the four levels; a word that is none
/// of them is named at its line.
#[test]
fn a_level_that_is_no_level_is_reported() {
    let (_temp, dir) = fixture_copy();
    edit(&dir, "report.csv", |t| {
        t.replacen(",calendar_year", ",calendar_year,level", 1)
            .replacen(",2024", ",2024,town", 1)
    });
    assert_invalid(
        &dir,
        &[
            "report.csv:2:",
            "level `town` is none of province, city, county, school",
        ],
    );
    edit(&dir, "report.csv", |t| t.replacen(",town", ",county", 1));
    nianbao().arg("check").arg(&dir).assert().success();
    let reports: Value = serde_json::from_str(&support::stdout(&[
        "--data",
        dir.to_str().unwrap(),
        "list",
        "reports",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(reports[0]["level"], "county");
    assert_eq!(
        reports[0]["publisher"], "",
        "the fixture names no publisher"
    );
}

/// The `concept` column: a concept in the vocabulary, in one of its units, on the
/// report's own printed figure, once per period; each mistake at its line.
#[test]
fn concept_mappings_are_checked_line_by_line() {
    let (_temp, dir) = fixture_copy();
    let concepts = [
        "students-enrolled",     // line 2: 所 is no unit of enrolment
        "students-enrolled",     // line 3: right
        "students-enrolled",     // line 4: right, another period
        "new-enrolment",         // line 5: a derived value
        "training-person-times", // line 6: one school's figure
        "prizes-won",            // line 7: not in the vocabulary
    ];
    edit(&dir, "indicators.csv", |t| {
        let mut lines = t.lines();
        let mut out = format!("{},concept\n", lines.next().unwrap());
        for (line, concept) in lines.zip(concepts) {
            out.push_str(&format!("{line},{concept}\n"));
        }
        out
    });
    assert_invalid(
        &dir,
        &[
            "indicators.csv:2: unit `所` does not agree with concept `students-enrolled`",
            "indicators.csv:5: concept `new-enrolment` on a derived value",
            "indicators.csv:6: concept `training-person-times` on a figure for school:test-vocational-school",
            "indicators.csv:7: concept `prizes-won` is not in the vocabulary",
        ],
    );
    let stderr =
        String::from_utf8(nianbao().arg("check").arg(&dir).output().unwrap().stderr).unwrap();
    assert!(
        !stderr.contains("indicators.csv:3") && !stderr.contains("indicators.csv:4"),
        "{stderr}"
    );
    // The same concept twice for one period.
    edit(&dir, "indicators.csv", |t| {
        t.replacen(",2021学年,city", ",2022学年,city", 1)
    });
    assert_invalid(
        &dir,
        &["concept `students-enrolled` for the period `2022学年` is mapped already on line 3"],
    );
}

#[test]
fn a_source_sentence_not_in_the_report_is_reported() {
    let (_temp, dir) = fixture_copy();
    edit(&dir, "indicators.csv", |t| {
        t.replace("学生获奖 12 项。", "学生获奖 13 项。")
    });
    assert_invalid(&dir, &["indicators.csv:7: source sentence does not occur"]);
}

#[test]
fn non_utf8_bytes_are_reported_with_their_line() {
    let (_temp, dir) = fixture_copy();
    let path = dir.join("schools.csv");
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(b"broken,\xff\xfe,,,,,\n");
    fs::write(&path, bytes).unwrap();
    assert_invalid(&dir, &["schools.csv:3:", "not UTF-8"]);
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let (_temp, dir) = fixture_copy();
    edit(&dir, "indicators.csv", |t| t.replace(",12,12,", ",12,x,"));
    edit(&dir, "breakdowns.csv", |t| {
        t.replace("students-2021|", "students-1999|")
    });
    fs::remove_file(dir.join("glossary.csv")).unwrap();
    assert_invalid(
        &dir,
        &[
            "3 problems",
            "glossary.csv",
            "breakdowns.csv:2:",
            "indicators.csv:7:",
        ],
    );
}

#[test]
fn derived_values_must_match_their_formula() {
    let (_temp, dir) = fixture_copy();
    edit(&dir, "indicators.csv", |t| t.replace(",,100,", ",,101,"));
    assert_invalid(
        &dir,
        &["indicators.csv:5: formula gives 100, value says 101"],
    );
}

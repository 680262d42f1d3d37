//! `list` and `show`: aligned tables, JSON, JSON Lines and CSV carrying the same records,
//! unknown ids, the data's control characters escaped, and output into a closed pipe.

use predicates::prelude::*;
use serde_json::Value;

use crate::support;
use support::{fixture_copy, nianbao};

use super::{edit, json_of, stdout_of};

#[test]
fn list_shows_every_kind_as_an_aligned_table() {
    let chapters = stdout_of(&["list", "chapters"]);
    assert!(chapters.lines().next().unwrap().starts_with("id "));
    assert_eq!(
        chapters.lines().count(),
        1 + 9,
        "header, preface and 8 chapters"
    );
    assert!(chapters.contains("chapter:8  面临挑战"));
    for (kind, rows) in [
        ("sections", 23),
        ("cases", 19),
        ("figures", 15),
        ("tables", 2),
        ("footnotes", 5),
    ] {
        assert_eq!(
            stdout_of(&["list", kind]).lines().count(),
            rows + 1,
            "{kind}"
        );
    }
    let schools = stdout_of(&["list", "schools"]);
    let header = schools.lines().next().unwrap();
    let name_column = header.find("name").unwrap();
    let line = schools
        .lines()
        .find(|l| l.contains("嘉兴技师学院"))
        .unwrap();
    let district_column = header.find("district").unwrap();
    // columns line up by display width: the district starts in the header's column
    let before_district = &line[..line.find("市本级").unwrap()];
    assert_eq!(
        nianbao::text::display_width(before_district),
        district_column
    );
    assert!(name_column < district_column);
    assert!(!schools.contains('\u{1b}'), "no colour when not a terminal");
}

#[test]
fn list_json_objects_carry_the_documented_fields() {
    let indicators = json_of(&["list", "indicators", "--format", "json"]);
    let indicators = indicators.as_array().unwrap();
    assert!(indicators.len() >= 120);
    for field in [
        "id",
        "kind",
        "title",
        "name",
        "name_en",
        "value",
        "value_text",
        "unit",
        "period",
        "scope",
        "section",
        "page",
        "source",
    ] {
        assert!(indicators.iter().all(|i| i.get(field).is_some()), "{field}");
    }
    let ratio = indicators
        .iter()
        .find(|i| i["id"] == "indicator:student-teacher-ratio")
        .unwrap();
    assert_eq!(ratio["value_text"], "15.41:1");
    assert_eq!(ratio["value"], 15.41);
    assert_eq!(ratio["section"], "1.3");
    assert_eq!(ratio["scope"], "city");
    let sections = json_of(&["list", "sections", "--format", "json"]);
    assert_eq!(sections[5]["number"], "2.3");
    assert_eq!(sections[5]["chapter"], 2);
    assert_eq!(sections[5]["title"], "技能成才");
    let cases = json_of(&["list", "cases", "--format", "json"]);
    assert_eq!(cases[8]["section"], "4.1");
    assert_eq!(cases[8]["schools"][0], "jiaxing-technician-college");
    assert!(cases[8]["page"].as_u64().unwrap() > 0);
    let schools = json_of(&["list", "schools", "--format", "json"]);
    let transport = schools
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "school:jiaxing-transport-school")
        .unwrap();
    assert_eq!(transport["aliases"][0], "嘉兴交通学校");
    assert_eq!(transport["district"], "市本级");
    assert!(transport["name_en"].is_string() && transport["cases"].is_array());
}

#[test]
fn list_csv_has_a_header_and_one_row_per_item() {
    let csv_text = stdout_of(&["list", "cases", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    for column in [
        "id", "kind", "title", "number", "section", "schools", "page",
    ] {
        assert!(headers.iter().any(|h| h == column), "{column}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 19);
    assert_eq!(&rows[2][0], "case:3");
}

#[test]
fn show_gives_each_kind_in_full_with_its_provenance() {
    let indicator = stdout_of(&["show", "indicator:graduate-destination-rate"]);
    assert!(indicator.contains("99.55%"));
    assert!(indicator.contains("2.4 职业发展"));
    assert!(indicator.contains("source: 2023 届毕业生就业形势严峻复杂"));
    let case = stdout_of(&["show", "case:7"]);
    assert!(case.contains("平湖市职业中等专业学校多径驱动构建中职“双创”教育新模式"));
    assert!(case.contains("面均取得了突出的成绩"));
    for id in [
        "preface",
        "chapter:8",
        "section:2.3",
        "figure:5",
        "table:1",
        "footnote:3",
        "school:jiaxing-technician-college",
        "partner:german-chambers-abroad",
        "breakdown:graduates-employed-by-sector",
        "paragraph:1",
    ] {
        let text = stdout_of(&["show", id]);
        assert!(text.starts_with(id), "{id}");
        let json = json_of(&["show", id, "--format", "json"]);
        assert_eq!(json["id"], *id);
        assert!(
            json["kind"].is_string() && json["title"].is_string(),
            "{id}"
        );
    }
    let by_alias = json_of(&["show", "school:嘉兴交通学校", "--format", "json"]);
    assert_eq!(by_alias["id"], "school:jiaxing-transport-school");
}

#[test]
fn unknown_ids_exit_1_with_a_hint() {
    nianbao()
        .args(["show", "case:99"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no item `case:99`"))
        .stderr(predicate::str::contains("did you mean"));
    nianbao()
        .args(["show", "indicator:graduate-destination"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "indicator:graduate-destination-rate",
        ));
    nianbao()
        .args(["show", "nonsense"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not an item id"));
}

/// `list`, `search` and `show` print the same records as JSON, JSON Lines and CSV.
#[test]
fn json_lines_and_csv_carry_the_same_records_as_json() {
    for command in [
        &["list", "schools"][..],
        &["search", "jxjs"][..],
        &["search", "长三角", "--kind", "paragraph"][..],
        &["show", "indicator:student-teacher-ratio"][..],
        &["show", "case:7"][..],
    ] {
        let with = |format: &str| {
            let mut args = command.to_vec();
            args.extend(["--format", format]);
            stdout_of(&args)
        };
        let json = match serde_json::from_str::<Value>(&with("json")).unwrap() {
            Value::Array(records) => records,
            record => vec![record],
        };
        let jsonl = with("jsonl");
        let lines: Vec<Value> = jsonl
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines, json, "{command:?}: one JSON record per line");
        let csv = with("csv");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let id_column = reader
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "id")
            .unwrap();
        let ids: Vec<String> = reader
            .records()
            .map(|r| r.unwrap()[id_column].to_string())
            .collect();
        let json_ids: Vec<&str> = json.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, json_ids, "{command:?}: CSV rows");
    }
}

#[test]
fn control_characters_in_data_never_reach_the_terminal_raw() {
    let (_temp, dir) = fixture_copy();
    edit(&dir, "schools.csv", |t| {
        t.replace("Test Vocational School", "Test\u{1b}[2J School")
    });
    let data = dir.to_str().unwrap();
    for args in [
        vec!["--data", data, "list", "schools"],
        vec!["--data", data, "list", "schools", "--format", "csv"],
        vec!["--data", data, "show", "school:test-vocational-school"],
        vec![
            "--data",
            data,
            "show",
            "school:test-vocational-school",
            "--format",
            "json",
        ],
    ] {
        let out = support::stdout(&args);
        assert!(!out.contains('\u{1b}'), "{args:?}");
        assert!(
            out.contains("\\u{1b}") || out.contains("\\u001b"),
            "{args:?}"
        );
    }
}

#[test]
fn output_into_a_closed_pipe_is_not_a_crash() {
    let mut child = support::process()
        .args(["list", "paragraphs"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
}

//! The `nianbao` binary from the outside: subcommands, formats, exit codes and the error
//! for each kind of bad dataset (built by breaking a copy of `tests/fixtures/mini-2024`).

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::support;
use support::{FIXTURE, JIAXING, copy_dir, fixture_copy, nianbao};

/// What a command prints for the embedded Jiaxing report: `--report` keeps a
/// contributor's own embedded report out of it.
fn stdout_of(args: &[&str]) -> String {
    stdout_of_bare(&[&["--report", JIAXING], args].concat())
}

/// What a command prints, with exactly these arguments.
fn stdout_of_bare(args: &[&str]) -> String {
    let output = nianbao().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args)).unwrap()
}

fn edit(dir: &Path, file: &str, change: impl FnOnce(String) -> String) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, change(text)).unwrap();
}

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

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    nianbao().arg("frobnicate").assert().code(1);
    nianbao().args(["list", "planets"]).assert().code(1);
    nianbao()
        .args(["list", "cases", "--format", "xml"])
        .assert()
        .code(1);
    nianbao()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("Exit codes"));
    nianbao().arg("--version").assert().code(0);
    nianbao()
        .args(["--report", "nowhere", "list", "cases"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("jiaxing-2023"));
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
    let cases = serde_json::from_str::<Value>(&stdout_of_bare(&[
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
    let table = stdout_of_bare(&["--data", data, "list", "cases"]);
    assert!(table.starts_with("report "));
    assert_eq!(table.lines().count(), 1 + 19 + 1);
    nianbao()
        .args(["--data", data, "show", "case:1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("mini-2024/case:1"));
    let qualified = stdout_of_bare(&["--data", data, "show", "mini-2024/case:1"]);
    assert!(qualified.contains("测试职业学校开展实训"));
    let one = stdout_of_bare(&["--data", data, "--report", "mini-2024", "list", "tables"]);
    assert_eq!(one.lines().count(), 2);
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
    let reports: Value = serde_json::from_str(&stdout_of_bare(&[
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
        let out = stdout_of_bare(&args);
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

#[test]
fn search_ranks_hits_in_a_table_or_json() {
    let table = stdout_of(&["search", "jxjs", "--limit", "3"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("id ") && lines[0].contains("score"));
    assert!(lines[1].starts_with("school:jiaxing-technician-college"));
    assert_eq!(lines.len(), 4);
    let hits = json_of(&["search", "长三角", "--format", "json"]);
    let hits = hits.as_array().unwrap();
    for field in ["id", "kind", "title", "score"] {
        assert!(hits.iter().all(|h| h.get(field).is_some()), "{field}");
    }
    let title_hit = json_of(&["search", "jxjs", "--format", "json", "--limit", "1"]);
    assert_eq!(title_hit[0]["positions"], serde_json::json!([0, 1, 2, 3]));
    assert_eq!(
        title_hit[0]["columns"],
        serde_json::json!([0, 2, 4, 6]),
        "CJK takes two columns"
    );
    let text_hit = hits.iter().find(|h| h["kind"] == "paragraph").unwrap();
    assert!(text_hit["snippet"].as_str().unwrap().contains("长三角"));
    let scores: Vec<u64> = hits.iter().map(|h| h["score"].as_u64().unwrap()).collect();
    assert!(!scores.is_empty());
}

#[test]
fn search_kinds_filter_and_words_join() {
    let hits = json_of(&["search", "平湖", "--kind", "case", "--format", "json"]);
    assert!(hits.as_array().unwrap().iter().all(|h| h["kind"] == "case"));
    assert_eq!(hits[0]["id"], "case:5");
    let hits = json_of(&[
        "search",
        "graduate",
        "destination",
        "--format",
        "json",
        "--limit",
        "1",
    ]);
    assert_eq!(hits[0]["id"], "indicator:graduates-with-destination");
    nianbao()
        .args(["search", "x", "--kind", "planet"])
        .assert()
        .code(1);
}

#[test]
fn search_without_a_match_or_a_query_exits_1_with_a_friendly_line() {
    nianbao()
        .args(["search", "zzqqxxyy"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no match for “zzqqxxyy”"));
    nianbao()
        .args(["search", "  "])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing to search for"));
    nianbao().arg("search").assert().code(1);
}

#[test]
fn filter_prints_matching_lines_best_first() {
    nianbao()
        .args(["filter", "jxjs"])
        .write_stdin("海宁卫生学校\n关于嘉兴技师学院的报告\n嘉兴技师学院\nREADME.md\n")
        .assert()
        .code(0)
        .stdout("嘉兴技师学院\n关于嘉兴技师学院的报告\n");
    nianbao()
        .args(["filter", "hangye"])
        .write_stdin("行业导师\n银行\n")
        .assert()
        .code(0)
        .stdout("行业导师\n");
}

#[test]
fn filter_without_a_match_exits_1_and_an_empty_query_passes_everything() {
    nianbao()
        .args(["filter", "zzqq"])
        .write_stdin("a\nb\n")
        .assert()
        .code(1)
        .stdout("");
    nianbao()
        .arg("filter")
        .write_stdin("b\na\n")
        .assert()
        .code(0)
        .stdout("b\na\n");
    nianbao()
        .args(["filter", "x"])
        .write_stdin("")
        .assert()
        .code(1);
}

#[test]
fn queries_longer_than_200_characters_exit_1_before_any_matching() {
    let at_the_cap = "额".repeat(200);
    nianbao()
        .args(["filter", &at_the_cap])
        .write_stdin(format!("{at_the_cap}\n"))
        .assert()
        .code(0)
        .stdout(format!("{at_the_cap}\n"));
    nianbao()
        .args(["search", &format!("{}x", "e".repeat(199))])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no match for"));
    // Words are joined with spaces, which count: 100 + 1 + 100 characters.
    let word = "e".repeat(100);
    for command in ["search", "filter"] {
        nianbao()
            .args([command, &word, &word])
            .write_stdin("额\n")
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(
                "the query is too long: 201 characters, at most 200",
            ));
    }
}

#[test]
fn filter_survives_binary_input_and_writes_lines_back_escaped_or_raw() {
    let mut input = b"\x00\x01\xff\xfebinary jx\n".to_vec();
    input.extend_from_slice("嘉兴\n".as_bytes());
    input.extend_from_slice(&[0xe5, 0x98, b'\n']); // a cut UTF-8 sequence
    let output = nianbao()
        .args(["filter", "jx"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stdout.starts_with("嘉兴\n".as_bytes())
            || output.stdout.ends_with("嘉兴\n".as_bytes())
    );
    let shown = String::from_utf8(output.stdout).expect("escaped lines are UTF-8");
    assert!(shown.contains("\\u{0}\\u{1}\\xff\\xfebinary jx"), "{shown}");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
    let raw = nianbao()
        .args(["filter", "--raw", "jx"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(raw.stdout.windows(4).any(|w| w == b"\xff\xfebi"));
}

#[test]
fn the_explorer_without_a_terminal_explains_itself() {
    nianbao()
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("the explorer needs a terminal"));
    nianbao().args(["--open", "case:99"]).assert().code(1);
}

/// Built from a git checkout, `--version` names the commit and its date, so a bug report
/// says exactly which code it is about.
#[test]
fn version_names_the_commit_it_was_built_from() {
    let version = stdout_of_bare(&["--version"]);
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|out| out.status.success());
    let package = format!("nianbao {}", env!("CARGO_PKG_VERSION"));
    match head {
        Some(out) => {
            let commit = String::from_utf8(out.stdout).unwrap();
            let commit = commit.trim();
            assert!(
                version.starts_with(&format!("{package} ({commit} ")),
                "{version:?} should name commit {commit}"
            );
            let date = version
                .trim_end()
                .trim_end_matches(')')
                .rsplit(' ')
                .next()
                .unwrap();
            assert!(
                date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
                "{version:?} should end with the commit's date"
            );
        }
        None => assert_eq!(version.trim_end(), package),
    }
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
        serde_json::from_str(&stdout_of_bare(&["list", "chapters", "--format", "json"])).unwrap();
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

/// The subcommands `--help` lists (the names in its Commands: section, without `help`).
fn subcommands_from_help() -> Vec<String> {
    let help = stdout_of_bare(&["--help"]);
    let names: Vec<String> = help
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        // A wrapped description continues further in.
        .filter(|line| !line[2..].starts_with(' '))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert!(names.len() >= 8, "{names:?} from:\n{help}");
    names
}

#[test]
fn completions_for_every_shell_know_every_subcommand() {
    let subcommands = subcommands_from_help();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of_bare(&["completions", shell]);
        for name in &subcommands {
            assert!(
                script.contains(name.as_str()),
                "{shell} completions lack `{name}`"
            );
        }
        // Options of subcommands too, not only their names.
        assert!(
            script.contains("pdf-engine"),
            "{shell} completions lack --pdf-engine"
        );
    }
    // bash accepts the script and registers a completion for nianbao.
    let script = stdout_of_bare(&["completions", "bash"]);
    let registered = std::process::Command::new("bash")
        .args([
            "--norc",
            "-c",
            "eval \"$1\" && complete -p nianbao",
            "bash",
            &script,
        ])
        .output()
        .unwrap();
    assert!(
        registered.status.success(),
        "{}",
        String::from_utf8_lossy(&registered.stderr)
    );
    nianbao().args(["completions", "tcsh"]).assert().code(1);
}

#[test]
fn the_man_page_lists_every_subcommand_and_each_has_its_own() {
    let page = stdout_of_bare(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains("\n.TH nianbao 1"),
        "{page}"
    );
    for name in subcommands_from_help() {
        assert!(
            page.contains(&format!("nianbao\\-{name}(1)")),
            "no {name} in:\n{page}"
        );
        let own = stdout_of_bare(&["man", &name]);
        assert!(own.contains(&format!(".TH nianbao-{name} 1")), "{own}");
        assert!(own.contains(&format!("\\fBnianbao {name}\\fR")), "{own}");
    }
    let list = stdout_of_bare(&["man", "list"]);
    assert!(
        list.contains("\\-\\-format") && list.contains("indicators"),
        "{list}"
    );
    nianbao()
        .args(["man", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nianbao man list"));
}

/// An option the subcommand would ignore is refused (exit 1, naming it), never silently
/// dropped: `check --report nope` used to print "ok".
#[test]
fn options_a_subcommand_would_ignore_are_refused() {
    for (args, flag) in [
        (&["check", "--report", "nope"][..], "--report"),
        (&["--report", "jiaxing-2023", "check"][..], "--report"),
        (&["--theme", "light", "list", "chapters"][..], "--theme"),
        (&["--open", "case:7", "search", "jxjs"][..], "--open"),
        (&["filter", "--data", "x", "jx"][..], "--data"),
        (&["completions", "bash", "--report", "x"][..], "--report"),
        (&["--no-mouse", "man"][..], "--no-mouse"),
    ] {
        let output = nianbao().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("{flag} does not apply")),
            "{args:?}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    // Where they apply, they are taken.
    stdout_of_bare(&["list", "chapters", "--report", "jiaxing-2023"]);
    stdout_of_bare(&["--report", "jiaxing-2023", "audit"]);
    stdout_of_bare(&["--data", FIXTURE, "check"]);
}

/// `--color` and the environment: NO_COLOR (set, not empty) turns auto off, CLICOLOR_FORCE
/// turns it on into a pipe, and `always` / `never` override both.
#[test]
fn colour_follows_the_flag_then_no_color_then_clicolor_force() {
    let bold_header = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = nianbao();
        command
            .args(args)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (key, value) in env {
            command.env(key, value);
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "{args:?} {env:?}");
        output.stdout.starts_with(b"\x1b[1m")
    };
    let list = ["--report", JIAXING, "list", "chapters"];
    assert!(!bold_header(&list, &[]), "a pipe gets no colour by default");
    assert!(bold_header(
        &["--color", "always", "--report", JIAXING, "list", "chapters"],
        &[]
    ));
    assert!(bold_header(
        &["--report", JIAXING, "list", "chapters", "--color=always"],
        &[]
    ));
    assert!(bold_header(&list, &[("CLICOLOR_FORCE", "1")]));
    assert!(!bold_header(&list, &[("CLICOLOR_FORCE", "0")]));
    assert!(!bold_header(
        &list,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    ));
    assert!(bold_header(
        &["--color", "always", "list", "chapters"],
        &[("NO_COLOR", "1")]
    ));
    assert!(!bold_header(
        &["--color", "never", "list", "chapters"],
        &[("CLICOLOR_FORCE", "1")]
    ));
    // clap's own help follows the flag too.
    let help = nianbao()
        .args(["--color", "always", "--help"])
        .output()
        .unwrap();
    assert!(help.stdout.contains(&0x1b));
    let help = nianbao()
        .args(["--color", "never", "--help"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!help.stdout.contains(&0x1b));
    nianbao()
        .args(["--color", "sometimes", "list", "chapters"])
        .assert()
        .code(1);
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

/// `nianbao config` is how a named file is made: its path and the default print even
/// when NIANBAO_CONFIG or --config names a file that is not there yet.
#[test]
fn config_prints_the_path_and_the_default_for_a_named_file_not_there_yet() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("nianbao.toml");
    let output = nianbao()
        .args(["config", "--path"])
        .env("NIANBAO_CONFIG", &missing)
        .output()
        .unwrap();
    assert_eq!(
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout)
        ),
        (Some(0), format!("{}\n", missing.display()).into()),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = nianbao()
        .args([
            "--config",
            missing.to_str().unwrap(),
            "config",
            "--print-default",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.starts_with(b"# nianbao settings"));
    // Asked whether it is good: it is not there, which the user named; exit 2, said once.
    let output = nianbao()
        .arg("config")
        .env("NIANBAO_CONFIG", &missing)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.matches("no such config file").count(), 1, "{stderr}");
}

/// The config file: found through --config, NIANBAO_CONFIG or XDG_CONFIG_HOME; what it
/// sets applies unless the command line says otherwise; a mistake is reported with line
/// and column and the defaults still work; a file the user named must be there.
#[test]
fn the_config_file_is_found_applied_and_its_mistakes_named() {
    let home = tempfile::tempdir().unwrap();
    let config_dir = home.path().join("nianbao");
    fs::create_dir_all(&config_dir).unwrap();
    let config = config_dir.join("config.toml");
    let with_xdg = |args: &[&str]| {
        let output = nianbao()
            .args(args)
            .env("XDG_CONFIG_HOME", home.path())
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    // No file: the defaults, nothing said.
    let (code, out, err) = with_xdg(&["--report", JIAXING, "list", "chapters"]);
    assert_eq!(
        (code, out.starts_with("id"), err.as_str()),
        (Some(0), true, "")
    );
    // A setting from the file, and the command line over it.
    fs::write(&config, "color = \"always\"\n").unwrap();
    assert!(
        with_xdg(&["--report", JIAXING, "list", "chapters"])
            .1
            .starts_with("\u{1b}[1m")
    );
    assert!(
        with_xdg(&["--report", JIAXING, "list", "chapters", "--color", "never"])
            .1
            .starts_with("id")
    );
    let (code, out, _) = with_xdg(&["config"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("config.toml: read, no mistakes"), "{out}");
    // A mistake: named with line and column on stderr, the defaults used, exit 0.
    fs::write(&config, "# settings\nmouse = true\ntheme = \"blu\"\n").unwrap();
    let (code, out, err) = with_xdg(&["--report", JIAXING, "list", "chapters"]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("id"));
    assert!(
        err.contains("config.toml:3:9: unknown variant `blu`"),
        "{err}"
    );
    assert!(err.contains("using the defaults"), "{err}");
    let (code, _, err) = with_xdg(&["config"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains(":3:9:"), "{err}");
    // NIANBAO_CONFIG and --config name a file, which must then exist.
    let named = home.path().join("other.toml");
    fs::write(&named, "color = \"always\"\n").unwrap();
    let output = nianbao()
        .args(["list", "chapters"])
        .env("NIANBAO_CONFIG", &named)
        .output()
        .unwrap();
    assert!(output.stdout.starts_with(b"\x1b[1m"));
    let missing = home.path().join("missing.toml");
    let output = nianbao()
        .args(["--config", missing.to_str().unwrap(), "list", "chapters"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such config file"));
    // The printed default is a valid config that changes nothing.
    let default = stdout_of_bare(&["config", "--print-default"]);
    fs::write(&config, &default).unwrap();
    let (code, out, err) = with_xdg(&["--report", JIAXING, "list", "chapters"]);
    assert_eq!(
        (code, out.starts_with("id"), err.as_str()),
        (Some(0), true, "")
    );
}

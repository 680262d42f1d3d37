//! `search` and `filter`: ranked hits as a table or JSON, kinds and words, no match or no
//! query, over-long queries, and binary input.

use predicates::prelude::*;

use crate::support;
use support::nianbao;

use super::{json_of, stdout_of};

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

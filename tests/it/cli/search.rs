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

/// Runs `filter ARGS` under a 512 MiB address-space limit with `chunks()` written to its
/// standard input (until it stops reading) and its output thrown away: the exit code and
/// stderr. Input without a newline once made it grow one line until allocation failed.
fn filter_under_a_memory_limit(
    args: &[&str],
    chunks: impl Iterator<Item = Vec<u8>> + Send + 'static,
) -> (Option<i32>, String) {
    use std::io::Write;
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;

    const LIMIT: libc::rlim_t = 512 * 1024 * 1024;
    let mut command = support::process();
    command
        .arg("filter")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe and touches only the child.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: LIMIT,
                rlim_max: LIMIT,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for chunk in chunks {
            // The child stops reading at a limit: the pipe breaks, which is expected.
            if stdin.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn filter_refuses_a_line_or_an_input_over_its_limits_with_an_error() {
    use nianbao::search::{FILTER_MAX_INPUT_BYTES, FILTER_MAX_LINE_BYTES};
    const MIB: usize = 1024 * 1024;

    // 600 MiB with no newline, more than the child may allocate: it stops at the line cap.
    for args in [&["jx"][..], &[][..]] {
        let (code, stderr) = filter_under_a_memory_limit(args, (0..600).map(|_| vec![b'x'; MIB]));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "filter: line 1 is longer than {FILTER_MAX_LINE_BYTES} bytes"
            )),
            "{args:?}: {stderr}"
        );
    }
    // A line at the cap is read, a later one past it is named by its number.
    let at_the_cap = format!("jx{}\n", "x".repeat(FILTER_MAX_LINE_BYTES - 2));
    nianbao()
        .args(["filter", "jx"])
        .write_stdin(at_the_cap.clone())
        .assert()
        .code(0)
        .stdout(at_the_cap.clone());
    let (code, stderr) = filter_under_a_memory_limit(
        &["jx"],
        [
            at_the_cap.into_bytes(),
            vec![b'x'; FILTER_MAX_LINE_BYTES + 1],
        ]
        .into_iter(),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("line 2 is longer than"), "{stderr}");
    // Lines of 1 KiB past the total cap: the input is refused, passed through or matched.
    let line = [vec![b'y'; 1023], vec![b'\n']].concat();
    let total = usize::try_from(FILTER_MAX_INPUT_BYTES).unwrap() / MIB + 1;
    for args in [&[][..], &["zzqq"][..]] {
        let line = line.clone();
        let (code, stderr) =
            filter_under_a_memory_limit(args, (0..total).map(move |_| line.repeat(1024)));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "the input is longer than {FILTER_MAX_INPUT_BYTES} bytes"
            )),
            "{args:?}: {stderr}"
        );
    }
    // The limits are the ones --help states (as it wraps them).
    let help = nianbao()
        .args(["filter", "--help"])
        .output()
        .unwrap()
        .stdout;
    let help = String::from_utf8_lossy(&help)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for stated in [
        format!("a line may have at most 1 MiB ({FILTER_MAX_LINE_BYTES} bytes)"),
        format!("the input at most 256 MiB ({FILTER_MAX_INPUT_BYTES} bytes)"),
    ] {
        assert!(help.contains(&stated), "{help}");
    }
}

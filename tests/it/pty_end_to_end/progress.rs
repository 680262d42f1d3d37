//! Progress bars on a terminal: a batch ingest and `search` over many reports draw one on
//! stderr and clear it before their output; a terminal that goes mid-batch ends nothing
//! in a panic.

use std::path::Path;
use std::time::Duration;

use crate::support::synth;

use super::{Session, Start};

const REPORT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/corpus/school-2019/report.txt"
);

/// `count` copies of a corpus report's text, each its own name, in `dir`.
fn reports(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for n in 0..count {
        std::fs::copy(REPORT, dir.join(format!("report-{n}.txt"))).unwrap();
    }
}

/// `nianbao ingest DIR/in --out DIR/out` of `count` reports, on a terminal of its own.
fn batch(dir: &Path, count: usize, start: Start) -> Session {
    let input = dir.join("in");
    reports(&input, count);
    let out = dir.join("out");
    let args = [
        "ingest",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    Session::start_with(crate::support::process(), &args, 100, 30, start)
}

/// The bar was drawn (its phrase and counter went to the terminal) and is not on the
/// screen at the end.
fn drawn_then_cleared(session: &Session, phrase: &str, count: usize) {
    let written = String::from_utf8_lossy(&session.written()).into_owned();
    assert!(
        written.contains(&format!("{phrase} [")) && written.contains(&format!("/{count}")),
        "no bar drawn: {written:?}"
    );
    let screen = session.screen();
    assert!(!screen.contains(phrase), "the bar was left: {screen}");
}

#[test]
fn a_batch_ingest_draws_its_progress_on_the_terminal_and_clears_it() {
    let temp = tempfile::tempdir().unwrap();
    let mut session = batch(temp.path(), 4, Start::Controlling);
    assert_eq!(session.wait_for_exit().code(), Some(0));
    drawn_then_cleared(&session, "ingesting", 4);
    assert!(session.screen().contains("4 reports: "));
}

#[test]
fn going_through_many_reports_draws_progress_and_clears_it_before_the_output() {
    let temp = tempfile::tempdir().unwrap();
    let count = nianbao::cli::BAR_FROM_REPORTS;
    synth::generate(count, temp.path()).unwrap();
    let data = temp.path().to_str().unwrap();
    // One hit printed, so the screen still holds the line the bar was drawn on.
    let args = ["--data", data, "search", "jxjs", "--limit", "1"];
    let mut session = Session::start(&args, 100, 30);
    assert_eq!(session.wait_for_exit().code(), Some(0));
    drawn_then_cleared(&session, "reading reports", count);
    // One fewer report, and no bar at all.
    let first = std::fs::read_dir(temp.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    std::fs::remove_dir_all(first.path()).unwrap();
    let mut session = Session::start(&args, 100, 30);
    assert_eq!(session.wait_for_exit().code(), Some(0));
    let written = String::from_utf8_lossy(&session.written()).into_owned();
    assert!(!written.contains("reading reports"), "{written:?}");
}

#[test]
fn a_terminal_that_goes_in_the_middle_of_a_batch_ends_it_without_a_panic() {
    let temp = tempfile::tempdir().unwrap();
    let mut session = batch(temp.path(), 200, Start::Detached);
    session.wait_for_bytes(b"ingesting [", 0);
    session.hang_up();
    let status = session
        .exit_within(Duration::from_secs(120))
        .expect("the batch ends");
    // 101 is a panic's; writes to a terminal that is gone fail, and say so in the status.
    assert!(
        matches!(status.code(), Some(0 | 2 | 4)),
        "ended with {status:?}"
    );
}

#[test]
fn building_the_collection_index_draws_progress_once() {
    let temp = tempfile::tempdir().unwrap();
    let count = nianbao::cli::BAR_FROM_REPORTS;
    synth::generate(count, temp.path()).unwrap();
    // Else every report is still "racy" on the second run and read again, bar and all.
    crate::support::past_racy_window();
    let data = temp.path().to_str().unwrap();
    let args = ["--data", data, "list", "reports", "--format", "csv"];
    let mut session = Session::start(&args, 100, 30);
    assert_eq!(session.wait_for_exit().code(), Some(0));
    drawn_then_cleared(&session, "indexing reports", count);
    // Built: the next run reads nothing again, and draws nothing.
    let mut session = Session::start(&args, 100, 30);
    assert_eq!(session.wait_for_exit().code(), Some(0));
    let written = String::from_utf8_lossy(&session.written()).into_owned();
    assert!(!written.contains("indexing reports"), "{written:?}");
}

//! A collection with a report that does not load: every command over it answers from the
//! others, names the broken one on stderr and exits 4 (partial), alike with and without
//! the collection index; `--strict` fails instead (2), and `--report BROKEN` is an error
//! naming its problems.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{self, copy_dir, nianbao, run_with_data as run, synth};

/// The exit status of an answer that leaves reports out (`cli::PARTIAL`).
const PARTIAL: i32 = 4;

/// A collection in a temporary directory: the embedded report, `good` generated
/// variants, and one more variant whose text was changed so that its figures' sentences
/// are no longer found. Returns the directory, the good ids and the broken id.
fn collection(good: usize) -> (tempfile::TempDir, PathBuf, Vec<String>, String) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("reports");
    let mut ids = synth::generate(good + 1, &dir).unwrap();
    let broken = ids.pop().unwrap();
    crate::scale::break_report(&dir.join(&broken));
    copy_dir(Path::new(support::EMBEDDED), &dir.join(support::JIAXING));
    ids.insert(0, support::JIAXING.to_string());
    // So that the index's second run reads its rows, not the files again.
    support::past_racy_window();
    (temp, dir, ids, broken)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `args` with the index and without (`--no-index`): the same status, stdout and
/// stderr both ways (the first run builds the index, the second reads it).
fn alike(dir: &Path, args: &[&str]) -> Output {
    // export reads the files whatever is given (it takes no --no-index).
    if args.contains(&"export") {
        return run(dir, args);
    }
    let without = run(dir, &[&["--no-index"][..], args].concat());
    for _ in 0..2 {
        let with = run(dir, args);
        assert_eq!(with.status.code(), without.status.code(), "{args:?}");
        assert_eq!(text(&with.stdout), text(&without.stdout), "{args:?}");
        assert_eq!(text(&with.stderr), text(&without.stderr), "{args:?}");
    }
    without
}

/// The notice naming the one broken report.
fn notice(dir: &Path, broken: &str) -> String {
    format!(
        "nianbao: 1 report does not load and is left out: {broken} (nianbao check {} lists every problem; --strict fails instead)\n",
        dir.display()
    )
}

/// Every command over the collection, as arguments.
const COMMANDS: [&[&str]; 10] = [
    &["list", "reports"],
    &["list", "reports", "--format", "json"],
    &["list", "chapters", "--format", "csv"],
    &["list", "indicators", "--format", "jsonl"],
    &["search", "jxjs", "--format", "csv"],
    &["compare", "student-teacher-ratio", "--format", "csv"],
    &["audit", "--format", "json"],
    &["export", "figures", "--format", "csv"],
    &["export", "view:dashboard", "--format", "md"],
    &[
        "show",
        "indicator:student-teacher-ratio",
        "--format",
        "json",
    ],
];

#[test]
fn every_command_answers_from_the_reports_that_load_and_names_the_broken_one() {
    let (_temp, dir, good, broken) = collection(0);
    for args in COMMANDS {
        let output = alike(&dir, args);
        let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
        assert_eq!(output.status.code(), Some(PARTIAL), "{args:?}: {stderr}");
        assert_eq!(stderr, notice(&dir, &broken), "{args:?}");
        assert!(!stdout.contains(&broken), "{args:?}: {stdout}");
        if args[0] != "export" || args[1] == "figures" {
            assert!(stdout.contains(&good[0]), "{args:?}: {stdout}");
        } else {
            assert!(stdout.contains("嘉兴"), "{args:?}: {stdout}");
        }
    }
}

#[test]
fn the_answer_is_what_the_good_reports_alone_give() {
    let (_temp, dir, good, broken) = collection(1);
    let alone = tempfile::tempdir().unwrap();
    for id in &good {
        copy_dir(&dir.join(id), &alone.path().join(id));
    }
    for args in COMMANDS
        .iter()
        .filter(|args| (args[0] != "show" && args[0] != "export") || args[1] == "figures")
    {
        let partial = alike(&dir, args);
        let whole = run(alone.path(), args);
        assert_eq!(whole.status.code(), Some(0), "{args:?}");
        assert_eq!(text(&partial.stdout), text(&whole.stdout), "{args:?}");
        assert_eq!(partial.status.code(), Some(PARTIAL), "{args:?}");
    }
    // An item in two good reports: the refusal lists them, and says what was left out.
    let output = alike(&dir, &["show", "case:1"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("nianbao: `case:1` is in 2 reports"),
        "{stderr}"
    );
    assert!(stderr.ends_with(&notice(&dir, &broken)), "{stderr}");
}

#[test]
fn strict_fails_naming_every_problem_of_the_broken_report() {
    let (_temp, dir, _good, broken) = collection(1);
    let problem = format!("{}:", dir.join(&broken).join("indicators.csv").display());
    for args in COMMANDS {
        let output = alike(&dir, &[&["--strict"][..], args].concat());
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("nianbao: invalid dataset: "), "{stderr}");
        assert!(stderr.contains(&problem), "{args:?}: {stderr}");
        assert!(!stderr.contains("left out"), "{args:?}: {stderr}");
    }
    // After the subcommand too, as audit's own --strict always was.
    let output = run(&dir, &["audit", "--strict"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_broken_report_named_is_an_error_naming_its_problems() {
    let (_temp, dir, good, broken) = collection(1);
    let problem = format!("{}:", dir.join(&broken).join("indicators.csv").display());
    let item = format!("{broken}/indicator:student-teacher-ratio");
    for args in COMMANDS
        .iter()
        .map(|args| [&["--report", broken.as_str()][..], args].concat())
        .chain([
            vec!["show", item.as_str()],
            vec!["export", item.as_str(), "--format", "md"],
        ])
    {
        let output = alike(&dir, &args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(&problem), "{args:?}: {stderr}");
        // Nothing but export figures' CSV header, written before the reports are read.
        assert!(text(&output.stdout).lines().count() <= 1, "{args:?}");
    }
    // A good report named answers whole: the broken one is not read.
    let named = format!("{}/indicator:student-teacher-ratio", good[1]);
    for args in [
        vec!["--report", good[1].as_str(), "list", "reports"],
        vec!["--report", good[1].as_str(), "audit"],
        vec!["show", named.as_str()],
    ] {
        let output = alike(&dir, &args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert_eq!(text(&output.stderr), "", "{args:?}");
    }
}

#[test]
fn a_report_left_out_of_the_catalog_is_named_too() {
    // A second copy of the embedded report: its id is taken, so it is left out.
    let (_temp, dir, good, broken) = collection(1);
    fs::remove_dir_all(dir.join(&broken)).unwrap();
    copy_dir(Path::new(support::EMBEDDED), &dir.join("zz-copy"));
    let output = alike(&dir, &["list", "reports", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(PARTIAL));
    assert_eq!(text(&output.stderr), notice(&dir, "zz-copy"));
    let listed: Vec<String> = text(&output.stdout)
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap_or_default().to_string())
        .collect();
    let mut wanted = good.clone();
    wanted.sort();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    assert_eq!(listed_sorted, wanted);
}

#[test]
fn nothing_that_loads_is_invalid_data_as_before() {
    let (_temp, dir, _good, broken) = collection(0);
    fs::remove_dir_all(dir.join(support::JIAXING)).unwrap();
    let output = alike(&dir, &["list", "reports"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("nianbao: invalid dataset: "), "{stderr}");
    assert!(stderr.contains(&broken), "{stderr}");
}

#[test]
fn the_user_guide_and_help_say_what_a_partial_answer_is() {
    let (temp, _dir, _good, broken) = collection(0);
    let output = support::process()
        .current_dir(temp.path())
        .args(["--data", "reports", "list", "reports"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(PARTIAL));
    let notice = text(&output.stderr);
    assert_eq!(notice, self::notice(Path::new("reports"), &broken));
    let guide =
        fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/user-guide.md")).unwrap();
    assert!(
        guide.contains(notice.trim_end()),
        "the guide's example notice"
    );
    let help = text(&nianbao().arg("--help").output().unwrap().stdout).replace('\n', " ");
    let help: String = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains(&format!("{PARTIAL} a partial answer")),
        "{help}"
    );
    assert!(help.contains("--strict"), "{help}");
}

//! Hostile input, one test per way an attack on nianbao lost a file, leaked a secret or an
//! escape sequence, or hung (issue 9): ingest never deletes or replaces what is not its
//! own and is exclusive and atomic; dataset files are read only as regular files with a
//! cap; checks cannot be fooled by a formula; output errors are reported; CSV keeps line
//! breaks; caps keep every command quick.

#![cfg(unix)]

use std::fs;
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::support;
use support::{SEED, copy_dir, fixture_copy, listing, nianbao};

/// Ingests the embedded report's text.
fn ingest(out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    nianbao()
        .arg("ingest")
        .arg(SEED)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
}

/// The full contents of every file under a folder, to prove nothing changed.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        let name = path.display().to_string();
        let kind = fs::symlink_metadata(&path).unwrap().file_type();
        if kind.is_dir() {
            files.extend(snapshot(&path));
        } else if kind.is_symlink() {
            files.push((
                name,
                fs::read_link(&path)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes(),
            ));
        } else {
            files.push((name, fs::read(&path).unwrap()));
        }
    }
    files.sort();
    files
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

// 1. --force replaces a dataset, never anything else.
#[test]
fn force_refuses_a_folder_holding_more_than_a_dataset() {
    let temp = tempfile::tempdir().unwrap();
    let project = temp.path().join("proj");
    fs::create_dir_all(project.join("src")).unwrap();
    fs::create_dir_all(project.join(".git")).unwrap();
    fs::write(project.join("src/main.rs"), "fn main() {}\n").unwrap();
    fs::write(project.join("README.md"), "mine\n").unwrap();
    fs::write(project.join("report.csv"), "also mine\n").unwrap();
    let before = snapshot(temp.path());
    let assert = ingest(&project, &["--force"]).code(1);
    assert!(
        stderr_of(&assert).contains("holds more than a dataset"),
        "{}",
        stderr_of(&assert)
    );
    assert_eq!(snapshot(temp.path()), before, "something was touched");
    // A dataset directory itself is updated.
    let dataset = temp.path().join("dataset");
    ingest(&dataset, &[]).code(0);
    ingest(&dataset, &["--force"]).code(0);
    assert_eq!(listing(temp.path()), ["dataset", "proj"]);
}

// 2. Curated files that cannot be read are errors, never regenerated or dropped.
#[test]
fn unreadable_curated_files_stop_a_forced_update() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    ingest(&out, &[]).code(0);
    // schools.csv saved as GBK by a spreadsheet.
    let mut gbk = b"id,name,aliases,name_en,district,kind,note\nx,".to_vec();
    gbk.extend_from_slice(b"\xbd\xa8\xd0\xcb,,,,,\n");
    fs::write(out.join("schools.csv"), &gbk).unwrap();
    let before = snapshot(temp.path());
    let assert = ingest(&out, &["--force"]).code(2);
    assert!(
        stderr_of(&assert).contains("schools.csv:2: not UTF-8"),
        "{}",
        stderr_of(&assert)
    );
    assert_eq!(snapshot(temp.path()), before);
    // A curated row with a field too many.
    fs::remove_file(out.join("schools.csv")).unwrap();
    let indicators = fs::read_to_string(out.join("indicators.csv")).unwrap();
    let broken = indicators.replacen(
        '\n',
        "\nextra,row,with,too,many,fields,a,b,c,d,e,f,g,h\n",
        1,
    );
    fs::write(out.join("indicators.csv"), broken).unwrap();
    let before = snapshot(temp.path());
    let assert = ingest(&out, &["--force"]).code(2);
    assert!(
        stderr_of(&assert).contains("indicators.csv:2:"),
        "{}",
        stderr_of(&assert)
    );
    assert_eq!(snapshot(temp.path()), before);
}

// 3. An --out that is a file or a symbolic link is refused without touching anything.
#[test]
fn an_out_that_is_a_file_or_a_link_is_refused_untouched() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("notes.txt");
    fs::write(&file, "precious\n").unwrap();
    let elsewhere = temp.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let link = temp.path().join("link");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let before = snapshot(temp.path());
    for (out, message) in [(&file, "is not a directory"), (&link, "symbolic link")] {
        for force in [&[][..], &["--force"][..]] {
            let assert = ingest(out, force).code(1);
            assert!(
                stderr_of(&assert).contains(message),
                "{}",
                stderr_of(&assert)
            );
            assert_eq!(snapshot(temp.path()), before);
        }
    }
}

// 4. One ingest at a time per target: a live lock refuses, a stale one is taken over,
// and racing runs never both write.
#[test]
fn ingests_to_one_target_are_exclusive() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let lock = temp.path().join(".out.nianbao-lock");
    fs::write(&lock, format!("{}\n", std::process::id())).unwrap();
    let assert = ingest(&out, &[]).code(1);
    assert!(
        stderr_of(&assert).contains("another nianbao ingest"),
        "{}",
        stderr_of(&assert)
    );
    assert!(!out.exists());
    // The lock of a process that has ended is stale.
    let mut ended = Process::new("true").spawn().unwrap();
    let pid = ended.id();
    ended.wait().unwrap();
    fs::write(&lock, format!("{pid}\n")).unwrap();
    ingest(&out, &[]).code(0);
    assert!(!lock.exists(), "the lock is released");

    let runs: Vec<_> = (0..4)
        .map(|_| {
            support::process()
                .args(["ingest", SEED, "--force", "--out"])
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let output = run.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() || stderr.contains("another nianbao ingest"),
            "{stderr}"
        );
    }
    nianbao().arg("check").arg(&out).assert().code(0);
    assert_eq!(
        listing(temp.path()),
        ["out"],
        "staging or locks left behind"
    );
}

// 5. Staging from a killed run is removed; an interrupted run cleans up after itself,
// including the parent folders it made.
#[test]
fn interrupted_ingests_leave_nothing_behind() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let stale = temp.path().join(".out.nianbao-ingest-4194304");
    fs::create_dir(&stale).unwrap();
    fs::write(stale.join("report.csv"), "half\n").unwrap();
    ingest(&out, &[]).code(0);
    assert_eq!(listing(temp.path()), ["out"]);

    // A report long enough that validation takes a moment, then SIGTERM mid-way.
    let seed = fs::read_to_string(SEED).unwrap();
    let big = temp.path().join("big.txt");
    for copies in [60, 200, 600] {
        fs::write(&big, seed.repeat(copies)).unwrap();
        let target = temp.path().join("new/parents/out");
        let mut run = support::process()
            .args(["ingest"])
            .arg(&big)
            .arg("--out")
            .arg(&target)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let staging = temp
            .path()
            .join("new/parents/.out.nianbao-ingest-".to_string() + &run.id().to_string());
        let deadline = Instant::now() + Duration::from_secs(60);
        while !staging.exists() && run.try_wait().unwrap().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        // SAFETY: signalling our own child.
        unsafe { libc::kill(run.id() as i32, libc::SIGTERM) };
        let status = run.wait().unwrap();
        if status.success() {
            // Finished before the signal: try a longer report.
            fs::remove_dir_all(temp.path().join("new")).unwrap();
            continue;
        }
        assert_eq!(status.code(), Some(143));
        assert!(
            !temp.path().join("new").exists(),
            "created folders left behind"
        );
        assert_eq!(listing(temp.path()), ["big.txt", "out"]);
        return;
    }
    panic!("every ingest finished before it could be interrupted");
}

// 6. Text before the first heading of a report without 前言 is kept, and ingest never
// writes what check would reject.
#[test]
fn text_before_the_first_heading_becomes_an_opening_that_checks() {
    let temp = tempfile::tempdir().unwrap();
    let input = temp.path().join("county.txt");
    fs::write(
        &input,
        "某县中等职业教育质量年度报告\n\n本报告依据上级要求编写。全县共有中职学校 3 所，在校生 4500 人，比上年增长 5.2%。\n\n\
         1 基本情况\n\n1.1 规模\n\n全县中职学校在校生 4500 人，专任教师 300 人，生师比 15:1。\n\n\
         2 人才培养\n\n2.1 德育\n\n学生获奖 120 项，毕业生就业率 98.5%。\n",
    )
    .unwrap();
    let out = temp.path().join("out");
    nianbao()
        .arg("ingest")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    nianbao().arg("check").arg(&out).assert().code(0);
    nianbao()
        .args(["list", "chapters", "--data"])
        .arg(&out)
        .assert()
        .stdout(predicate::str::contains("卷首"));
}

// 8. Dataset files are regular files, read with a cap: no symbolic link to a secret, no
// FIFO that hangs, no device that never ends.
#[test]
fn dataset_files_are_read_only_as_regular_files() {
    let (_temp, dir) = fixture_copy();
    fs::remove_file(dir.join("glossary.csv")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", dir.join("glossary.csv")).unwrap();
    let assert = nianbao()
        .env("NIANBAO_TEST_SECRET", "hunter2-do-not-print")
        .arg("check")
        .arg(&dir)
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("glossary.csv: cannot read: a symbolic link"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "a secret leaked: {stderr}");

    let (_temp, dir) = fixture_copy();
    fs::remove_file(dir.join("source.txt")).unwrap();
    let fifo = dir.join("source.txt");
    let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid path for a new FIFO.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    let started = Instant::now();
    let output = run_with_deadline(support::process().arg("check").arg(&dir));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a regular file"));
    assert!(started.elapsed() < Duration::from_secs(30));

    let output =
        run_with_deadline(support::process().args(["ingest", "/dev/zero", "--out", "/tmp/never"]));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a regular file"));
}

/// Runs a command, killing it (and failing) if it takes more than 30 s: a hang check.
fn run_with_deadline(command: &mut Process) -> std::process::Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    support::limited::wait_within(child, Duration::from_secs(30), &format!("{command:?}"))
}

// 9. A formula cannot confirm a value by overflowing, naming itself or naming nothing.
#[test]
fn formulas_that_prove_nothing_are_rejected() {
    for (formula, message) in [
        (
            "students-2022 + 1e308 + 1e308",
            "does not give a finite number",
        ),
        (
            "students-2022 - students-increase",
            "names its own indicator",
        ),
        ("1200 - 1100", "names no indicator"),
        ("students-2022 - inf", "not a finite number"),
    ] {
        let (_temp, dir) = fixture_copy();
        let path = dir.join("indicators.csv");
        let text = fs::read_to_string(&path).unwrap();
        fs::write(
            &path,
            text.replace("students-2022 - students-2021", formula),
        )
        .unwrap();
        let assert = nianbao().arg("check").arg(&dir).assert().code(2);
        let stderr = stderr_of(&assert);
        assert!(
            stderr.contains("indicators.csv:5: ") && stderr.contains(message),
            "{formula}: {stderr}"
        );
    }
}

// 10. A write error on stdout is reported (a closed pipe is not an error).
#[test]
#[cfg(target_os = "linux")]
fn output_that_cannot_be_written_is_an_error() {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = support::process()
        .args(["list", "indicators", "--format", "csv"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot write the output"));
}

// 10. A reader that goes away (`| head`) ends every command quietly, streamed CSV too.
#[test]
fn a_closed_pipe_ends_each_command_quietly() {
    let commands: [&[&str]; 4] = [
        &["export", "figures", "--format", "csv"],
        &["list", "indicators", "--format", "csv"],
        &["compare", "student-teacher-ratio", "--format", "csv"],
        &["search", "学校"],
    ];
    for args in commands {
        let mut child = support::process()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the command has written anything.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
    }
}

// 11. CSV keeps line breaks and tabs, quoted; a CSV reader gives the original back.
#[test]
fn csv_output_round_trips_line_breaks_and_tabs() {
    let (_temp, dir) = fixture_copy();
    let note = "第一行\n第二行\tcolumn\r\nthird";
    let path = dir.join("schools.csv");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("Synthetic.", &format!("\"{note}\""))).unwrap();
    let output = nianbao()
        .args(["list", "schools", "--format", "csv", "--data"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "note")
        .unwrap();
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[column], note);
}

// 13. Caps: problems listed up to a limit with a count of the rest; a huge id refused at
// once; a huge field refused.
#[test]
fn caps_keep_every_answer_short_and_quick() {
    let (_temp, dir) = fixture_copy();
    let path = dir.join("glossary.csv");
    let mut text = fs::read_to_string(&path).unwrap();
    for _ in 0..5000 {
        text.push_str("too,many,fields,here\n");
    }
    fs::write(&path, text).unwrap();
    let assert = nianbao().arg("check").arg(&dir).assert().code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.lines().count() < 210,
        "{} lines",
        stderr.lines().count()
    );
    assert!(stderr.contains("more problems"), "{stderr}");

    let huge_id = format!("case:{}", "9".repeat(100_000));
    let started = Instant::now();
    nianbao()
        .args(["show", &huge_id])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("at most 256 characters"));
    assert!(started.elapsed() < Duration::from_secs(30));

    let (_temp, dir) = fixture_copy();
    let path = dir.join("schools.csv");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("Synthetic.", &"长".repeat(40_000))).unwrap();
    nianbao()
        .arg("check")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "schools.csv:2: field 7 (note) is 117 KB",
        ));
}

// 14. Duplicate report ids name both directories; key_indicators problems name their
// real line; arguments are checked before any work.
#[test]
fn small_things_are_right() {
    let temp = tempfile::tempdir().unwrap();
    copy_dir(Path::new(support::FIXTURE), &temp.path().join("a"));
    copy_dir(Path::new(support::FIXTURE), &temp.path().join("b"));
    let assert = nianbao().arg("check").arg(temp.path()).assert().code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("b/report.csv")
            && stderr.contains("taken already by")
            && stderr.contains("/a"),
        "{stderr}"
    );

    let (_temp, dir) = fixture_copy();
    let path = dir.join("report.csv");
    let text = fs::read_to_string(&path).unwrap();
    // A blank line first: the report's row is on line 3.
    let text = text
        .replacen('\n', "\n\n", 1)
        .replace("calendar_year\n", "calendar_year,key_indicators\n");
    let text = text.trim_end().to_string() + ",no-such-indicator\n";
    fs::write(&path, text).unwrap();
    nianbao()
        .arg("check")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "report.csv:3: key_indicators names unknown",
        ));

    // Checked before the input is even opened.
    nianbao()
        .args([
            "ingest",
            "/no/such/report.pdf",
            "--out",
            "/tmp/x",
            "--id",
            "Not A Slug",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--id `Not A Slug` is not a slug"));
    nianbao()
        .args([
            "ingest",
            "/no/such/report.pdf",
            "--out",
            "/tmp/x",
            "--year",
            "abc",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--year `abc` is not a year"));
}

//! The collection index (`dataset::index`): what `list reports` and `show` answer from it
//! is what they answer from the files (`--no-index`); changed, removed and added reports
//! are picked up; a corrupt index is rebuilt with a notice; two processes building at
//! once leave a good index.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{copy_dir, run_with_data as run, synth};

pub(super) const INDEX: &str = ".nianbao-index.sqlite";

/// A collection of `n` generated reports in a temporary directory, and their ids.
pub(super) fn collection(n: usize) -> (tempfile::TempDir, PathBuf, Vec<String>) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("reports");
    let ids = synth::generate(n, &dir).unwrap();
    (temp, dir, ids)
}

/// stdout of a run that must succeed, and its stderr.
pub(super) fn answer(dir: &Path, args: &[&str]) -> (String, String) {
    let output = run(dir, args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{args:?}: {stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

/// `list reports` in every format, read from the files.
fn fresh_listings(dir: &Path) -> Vec<String> {
    FORMATS
        .iter()
        .map(|format| answer(dir, &["--no-index", "list", "reports", "--format", format]).0)
        .collect()
}

fn indexed_listings(dir: &Path) -> Vec<String> {
    FORMATS
        .iter()
        .map(|format| {
            let (stdout, stderr) = answer(dir, &["list", "reports", "--format", format]);
            assert_eq!(stderr, "", "no notice for a good index");
            stdout
        })
        .collect()
}

const FORMATS: [&str; 4] = ["table", "csv", "json", "jsonl"];

#[test]
fn listing_is_the_same_with_and_without_the_index() {
    let (_temp, dir, ids) = collection(5);
    let fresh = fresh_listings(&dir);
    assert!(!dir.join(INDEX).exists(), "--no-index makes no index");
    let cold = indexed_listings(&dir);
    assert!(
        dir.join(INDEX).is_file(),
        "the index is kept beside the collection"
    );
    let warm = indexed_listings(&dir);
    assert_eq!(cold, fresh);
    assert_eq!(warm, fresh);
    for id in &ids {
        assert!(fresh[1].contains(id.as_str()), "{id} listed");
    }
    let one = |args: &[&str]| answer(&dir, args).0;
    assert_eq!(
        one(&["--report", &ids[2], "list", "reports", "--format", "csv"]),
        one(&[
            "--no-index",
            "--report",
            &ids[2],
            "list",
            "reports",
            "--format",
            "csv"
        ])
    );
}

/// Sets `report.csv`'s title (its second column) of the report in `directory`.
fn retitle(directory: &Path, title: &str) {
    let path = directory.join("report.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header = reader.headers().unwrap().clone();
    let mut row: Vec<String> = reader
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    row[header.iter().position(|h| h == "title").unwrap()] = title.to_string();
    let mut writer = csv::Writer::from_path(&path).unwrap();
    writer.write_record(&header).unwrap();
    writer.write_record(&row).unwrap();
    writer.flush().unwrap();
}

/// Sets the id in `report.csv` of the report in `directory`.
fn reidentify(directory: &Path, old: &str, new: &str) {
    let path = directory.join("report.csv");
    let text = fs::read_to_string(&path).unwrap();
    let (header, row) = text.split_once('\n').unwrap();
    let row = row.replacen(old, new, 1);
    fs::write(&path, format!("{header}\n{row}")).unwrap();
}

#[test]
fn changed_removed_and_added_reports_are_picked_up() {
    let (_temp, dir, ids) = collection(5);
    let before = indexed_listings(&dir);
    assert_eq!(before, fresh_listings(&dir));
    retitle(&dir.join(&ids[0]), "改过的标题 a changed title");
    fs::remove_dir_all(dir.join(&ids[1])).unwrap();
    copy_dir(&dir.join(&ids[2]), &dir.join("added-report"));
    reidentify(&dir.join("added-report"), &ids[2], "added-report");
    let after = indexed_listings(&dir);
    assert_eq!(after, fresh_listings(&dir));
    let csv = &after[1];
    assert!(csv.contains("改过的标题 a changed title"), "{csv}");
    assert!(!csv.contains(ids[1].as_str()), "{csv}");
    assert!(csv.contains("added-report"), "{csv}");
    assert_ne!(after, before);
}

/// A report not changed is not read again: its row, changed in the index behind
/// nianbao's back, is what the listing shows (the files' timestamps are let age past
/// the index's "racily clean" window first, so that the key is trusted).
#[test]
fn only_changed_reports_are_read_again() {
    let (_temp, dir, ids) = collection(3);
    crate::support::past_racy_window();
    answer(&dir, &["list", "reports"]);
    let index = rusqlite::Connection::open(dir.join(INDEX)).unwrap();
    let marked = index
        .execute("UPDATE reports SET title = 'KEPT FROM THE INDEX'", [])
        .unwrap();
    assert_eq!(marked, 3);
    drop(index);
    retitle(&dir.join(&ids[0]), "READ AGAIN");
    let (csv, _) = answer(&dir, &["list", "reports", "--format", "csv"]);
    assert_eq!(csv.matches("KEPT FROM THE INDEX").count(), 2, "{csv}");
    assert_eq!(csv.matches("READ AGAIN").count(), 1, "{csv}");
}

#[test]
fn a_corrupt_index_is_rebuilt_with_a_notice() {
    let (_temp, dir, _) = collection(3);
    let fresh = fresh_listings(&dir);
    let index = dir.join(INDEX);
    indexed_listings(&dir);
    let good = fs::read(&index).unwrap();
    let damaged: [(&str, Vec<u8>); 3] = [
        (
            "garbage",
            b"not a database at all, just words\n".repeat(200),
        ),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("garbage after a good header", {
            let mut bytes = good[..4096].to_vec();
            bytes.extend(std::iter::repeat_n(0xA5, good.len() - 4096));
            bytes
        }),
    ];
    for (what, bytes) in damaged {
        fs::write(&index, &bytes).unwrap();
        let (stdout, stderr) = answer(&dir, &["list", "reports", "--format", "csv"]);
        assert_eq!(stdout, fresh[1], "{what}");
        assert!(
            stderr.starts_with("nianbao: the collection index ")
                && stderr.contains("rebuilding it"),
            "{what}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{what}: one line: {stderr}");
        assert_eq!(indexed_listings(&dir), fresh, "{what}: rebuilt and good");
    }
    // An empty file is an index not written yet: made without a word.
    fs::write(&index, b"").unwrap();
    assert_eq!(indexed_listings(&dir), fresh);
}

#[test]
fn an_index_of_another_version_is_rebuilt() {
    let (_temp, dir, _) = collection(2);
    let fresh = fresh_listings(&dir);
    indexed_listings(&dir);
    let index = rusqlite::Connection::open(dir.join(INDEX)).unwrap();
    index
        .execute("UPDATE meta SET value = '0.0.1' WHERE key = 'nianbao'", [])
        .unwrap();
    drop(index);
    let (stdout, stderr) = answer(&dir, &["list", "reports"]);
    assert_eq!(stdout, fresh[0]);
    assert!(
        stderr.contains("from another version") && stderr.contains("0.0.1"),
        "{stderr}"
    );
    assert_eq!(indexed_listings(&dir), fresh);
}

#[test]
fn two_builders_at_once_leave_a_good_index() {
    let (_temp, dir, ids) = collection(4);
    let expected = |dir: &Path| fresh_listings(dir)[1].clone();
    for round in 0..4 {
        match round {
            0 => {}
            1 => retitle(&dir.join(&ids[0]), "第二轮"),
            2 => fs::remove_file(dir.join(INDEX)).unwrap(),
            _ => fs::write(dir.join(INDEX), b"garbage, not an index").unwrap(),
        }
        let want = expected(&dir);
        let spawn = || {
            crate::support::process()
                .arg("--data")
                .arg(&dir)
                .args(["list", "reports", "--format", "csv"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "round {round}: {stderr}");
            assert_eq!(
                String::from_utf8(output.stdout).unwrap(),
                want,
                "round {round}"
            );
            assert!(
                !stderr.contains("instead"),
                "round {round}: the index was used: {stderr}"
            );
        }
        let (after, stderr) = answer(&dir, &["list", "reports", "--format", "csv"]);
        assert_eq!(
            (after, stderr),
            (want, String::new()),
            "round {round}: a good index"
        );
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().into_string().ok())
            .filter(|name| name.starts_with(INDEX) && name != INDEX)
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
}

#[test]
fn show_across_reports_lists_the_reports_that_have_the_item() {
    let (_temp, dir, ids) = collection(4);
    let id = "indicator:student-teacher-ratio";
    for index in [&[][..], &["--no-index"][..]] {
        let output = run(&dir, &[index, &["show", id]].concat());
        assert_eq!(output.status.code(), Some(1), "{index:?}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.starts_with(&format!("nianbao: `{id}` is in 4 reports; name one")),
            "{stderr}"
        );
        let listed: Vec<&str> = stderr.lines().skip(1).map(str::trim).collect();
        let wanted: Vec<String> = ids.iter().map(|r| format!("{r}/{id}")).collect();
        assert_eq!(listed, wanted, "{index:?}");
    }
    let named = format!("{}/{id}", ids[1]);
    for format in ["text", "json", "csv"] {
        let args = ["show", named.as_str(), "--format", format];
        let fresh = answer(&dir, &[&["--no-index"][..], &args].concat());
        assert_eq!(answer(&dir, &args), fresh, "{format}");
        let by_report = ["--report", ids[1].as_str(), "show", id, "--format", format];
        assert_eq!(answer(&dir, &by_report), fresh, "{format}");
    }
    for wrong in [
        "indicator:studnt-teacher-ratio",
        "nothing",
        "paragraph:999999",
        "no-such/case:1",
    ] {
        let with = run(&dir, &["show", wrong]);
        let without = run(&dir, &["--no-index", "show", wrong]);
        assert!(!with.status.success(), "{wrong}");
        assert_eq!(with.status.code(), without.status.code(), "{wrong}");
        assert_eq!(with.stderr, without.stderr, "{wrong}");
    }
}

#[test]
fn an_invalid_report_fails_alike_with_and_without_the_index() {
    let (_temp, dir, ids) = collection(3);
    fs::write(
        dir.join(&ids[1]).join("schools.csv"),
        "id,name\n\"unclosed\n",
    )
    .unwrap();
    // Left out of the answer (4, exit 1 where the item is in two reports), or with
    // --strict the command's failure (2): alike both ways (tests/it/broken_reports.rs has
    // every command).
    for (args, code) in [
        (&["list", "reports"][..], 4),
        (&["show", "case:1"][..], 1),
        (&["--strict", "list", "reports"][..], 2),
        (&["--strict", "show", "case:1"][..], 2),
    ] {
        let with = run(&dir, args);
        let without = run(&dir, &[&["--no-index"][..], args].concat());
        assert_eq!(with.status.code(), Some(code), "{args:?}");
        assert_eq!(with.status.code(), without.status.code(), "{args:?}");
        assert_eq!(with.stdout, without.stdout, "{args:?}");
        assert_eq!(with.stderr, without.stderr, "{args:?}");
    }
}

/// Damage where only `show` looks (the table of item keys): it answers from the files
/// and says so, and the next command has a good index again.
#[test]
fn show_answers_from_the_files_when_the_index_is_damaged_where_it_looks() {
    let (_temp, dir, ids) = collection(2);
    // Past the racily-clean window, so that no report is read again (and written).
    crate::support::past_racy_window();
    let id = format!("{}/indicator:student-teacher-ratio", ids[0]);
    let fresh = answer(&dir, &["--no-index", "show", &id]).0;
    assert_eq!(answer(&dir, &["show", &id]), (fresh.clone(), String::new()));
    let index = rusqlite::Connection::open(dir.join(INDEX)).unwrap();
    index.execute_batch("DROP TABLE item_keys").unwrap();
    drop(index);
    let (stdout, stderr) = answer(&dir, &["show", &id]);
    assert_eq!(stdout, fresh);
    assert!(
        stderr.contains("could not be read") && stderr.contains("reading the reports' files"),
        "{stderr}"
    );
    assert_eq!(answer(&dir, &["show", &id]), (fresh, String::new()));
}

/// `show` finds a school by its name through the index (a key other than its id) as
/// the files do; the texts of ids and keys, kept once for every report, go with the last
/// report that has them.
#[test]
fn a_school_is_found_by_name_and_a_removed_reports_texts_go() {
    let (_temp, dir, ids) = collection(3);
    let schools = dir.join(&ids[0]).join("schools.csv");
    let text = fs::read_to_string(&schools).unwrap();
    let name = text.lines().nth(2).unwrap().split(',').nth(1).unwrap();
    fs::write(
        &schools,
        text.replacen(&format!(",{name},"), ",改名的学校,", 1),
    )
    .unwrap();
    let key = "school:改名的学校";
    for args in [
        vec!["show", key],
        vec!["--report", ids[0].as_str(), "show", key],
    ] {
        let fresh = run(&dir, &[&["--no-index"][..], &args].concat());
        let indexed = run(&dir, &args);
        assert_eq!(fresh.status.code(), Some(0), "{args:?}");
        assert_eq!(
            (indexed.status.code(), &indexed.stdout, &indexed.stderr),
            (fresh.status.code(), &fresh.stdout, &fresh.stderr),
            "{args:?}"
        );
    }
    let texts = |text: &str| -> (i64, i64) {
        let index = rusqlite::Connection::open(dir.join(INDEX)).unwrap();
        let count = |sql: &str| index.query_row(sql, [text], |row| row.get(0)).unwrap();
        (
            count("SELECT count(*) FROM key_texts WHERE text = ?1"),
            count(
                "SELECT count(*) FROM key_texts WHERE ?1 = ?1 AND key NOT IN
                     (SELECT key FROM item_keys)",
            ),
        )
    };
    assert_eq!(texts(key), (1, 0), "the name's text, once; none unused");
    fs::remove_dir_all(dir.join(&ids[0])).unwrap();
    answer(&dir, &["list", "reports"]);
    assert_eq!(texts(key), (0, 0), "the name's text gone; none unused");
    assert_eq!(
        texts(&format!("school:{name}")),
        (1, 0),
        "kept for the others"
    );
}

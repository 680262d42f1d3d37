//! `nianbao ingest` of several reports into a collection: the corpus reports with a
//! damaged PDF and an id given twice (a line for each, the good ones written and valid,
//! the bad ones named and leaving nothing, exit 4); a directory (links not followed, the
//! cap); options that name one report refused; no progress bytes when stderr is a pipe.

use std::fs;
use std::path::{Path, PathBuf};

use nianbao::cli::{BAR_FROM_REPORTS, MAX_BATCH_REPORTS, SOME_FAILED};

use crate::support::{self, listing, nianbao, synth};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");

/// The corpus reports' folder names (those with a report.pdf and report.txt).
fn corpus_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("report.pdf").is_file() && p.join("report.txt").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 8, "the corpus has changed: {names:?}");
    names
}

/// Bytes no reader makes sense of, the same every run: a PDF header, then noise.
fn damaged_pdf() -> Vec<u8> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..4096).map(|_| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as u8
    }));
    bytes
}

fn run(args: &[&Path], extra: &[&str]) -> std::process::Output {
    nianbao()
        .arg("ingest")
        .args(args)
        .args(extra)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The inputs: each corpus PDF as NAME.pdf and its text as NAME-text.txt, a damaged
/// PDF, and school-2024's text as school-2019.txt (school-2019.pdf's id).
fn corpus_inputs(dir: &Path) -> Vec<PathBuf> {
    fs::create_dir_all(dir).unwrap();
    let mut inputs = Vec::new();
    for name in corpus_names() {
        for (from, to) in [
            ("report.pdf", format!("{name}.pdf")),
            ("report.txt", format!("{name}-text.txt")),
        ] {
            fs::copy(Path::new(CORPUS).join(&name).join(from), dir.join(&to)).unwrap();
            inputs.push(dir.join(to));
        }
    }
    fs::write(dir.join("damaged.pdf"), damaged_pdf()).unwrap();
    inputs.push(dir.join("damaged.pdf"));
    let clash = dir.join("school-2019.txt");
    fs::copy(Path::new(CORPUS).join("school-2024/report.txt"), &clash).unwrap();
    inputs.push(clash);
    inputs
}

#[test]
fn a_batch_gives_a_line_for_each_report_writes_the_good_ones_and_names_the_bad() {
    let temp = tempfile::tempdir().unwrap();
    let inputs = corpus_inputs(&temp.path().join("in"));
    let out = temp.path().join("collection");
    let mut args: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    args.extend([Path::new("--out"), &out]);
    let output = run(&args, &[]);

    assert_eq!(output.status.code(), Some(i32::from(SOME_FAILED)));
    // stderr is a pipe: the refusal, and not a byte of a progress bar.
    assert_eq!(
        text(&output.stderr),
        format!(
            "nianbao: 2 of {} reports failed (listed above); the others were written\n",
            inputs.len()
        )
    );
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), inputs.len() + 2, "{stdout}");
    let mut written = Vec::new();
    for (input, line) in inputs.iter().zip(&lines) {
        let shown = input.display().to_string();
        let name = input.file_name().unwrap().to_string_lossy();
        if name == "damaged.pdf" {
            assert!(
                line.starts_with(&format!("failed        {shown}: the built-in PDF reader")),
                "{line}"
            );
        } else if name == "school-2019.txt" {
            assert!(
                line.starts_with(&format!("failed        {shown}: its id `school-2019`"))
                    && line.contains("school-2019.pdf"),
                "{line}"
            );
        } else {
            let id = input.file_stem().unwrap().to_string_lossy().into_owned();
            let place = out.join(&id).display().to_string();
            assert!(
                line.starts_with(&format!("ok            {shown} → {place}"))
                    || line.starts_with(&format!("needs review  {shown} → {place}: ")),
                "{line}"
            );
            written.push(id);
        }
    }
    let (ok, review) = (
        lines.iter().filter(|l| l.starts_with("ok ")).count(),
        lines
            .iter()
            .filter(|l| l.starts_with("needs review "))
            .count(),
    );
    assert_eq!(ok + review, 16);
    assert_eq!(
        lines[inputs.len()],
        format!(
            "{} reports: {ok} ok, {review} needing review, 2 failed",
            inputs.len()
        )
    );
    assert_eq!(
        lines[inputs.len() + 1],
        format!("open them: nianbao --data {}", out.display())
    );

    // The good reports, and nothing else: no folder for a failed one, no lock, no staging.
    written.sort();
    assert_eq!(listing(&out), written);
    let collection = nianbao::dataset::Dataset::from_dir(&out).expect("the collection loads");
    assert_eq!(collection.reports.len(), 16);
    assert_eq!(listing(temp.path()), ["collection", "in"]);
    // The first file with the id keeps it: school-2019's own report, not school-2024's text.
    let kept = fs::read_to_string(out.join("school-2019/report.csv")).unwrap();
    assert!(kept.contains("禾川县职业技术学校"), "{kept}");
}

#[test]
fn a_report_of_a_batch_is_the_dataset_a_single_ingest_writes() {
    let temp = tempfile::tempdir().unwrap();
    let pdf = temp.path().join("city-two-column.pdf");
    let text_file = temp.path().join("school-2019.txt");
    fs::copy(Path::new(CORPUS).join("city-two-column/report.pdf"), &pdf).unwrap();
    fs::copy(Path::new(CORPUS).join("school-2019/report.txt"), &text_file).unwrap();
    let out = temp.path().join("collection");
    let output = run(&[&pdf, &text_file, Path::new("--out"), &out], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stderr), "");
    for (input, id) in [(&pdf, "city-two-column"), (&text_file, "school-2019")] {
        let alone = temp.path().join(format!("alone-{id}"));
        let single = run(&[input, Path::new("--out"), &alone], &[]);
        assert_eq!(single.status.code(), Some(0));
        let in_batch = out.join(id);
        assert_eq!(listing(&alone), listing(&in_batch));
        for file in listing(&alone) {
            assert_eq!(
                fs::read(alone.join(&file)).unwrap(),
                fs::read(in_batch.join(&file)).unwrap(),
                "{id}/{file}"
            );
        }
    }
}

#[test]
fn a_directory_gives_its_report_files_without_following_links_and_force_is_per_report() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("reports");
    fs::create_dir(&dir).unwrap();
    for name in ["school-2019", "school-2024"] {
        let from = Path::new(CORPUS).join(name).join("report.txt");
        fs::copy(from, dir.join(format!("{name}.TXT"))).unwrap();
    }
    let outside = temp.path().join("outside.txt");
    fs::copy(
        Path::new(CORPUS).join("school-wps-like/report.txt"),
        &outside,
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("linked.txt")).unwrap();
    fs::write(dir.join(".hidden.txt"), "not a report").unwrap();
    fs::write(dir.join("notes.md"), "not a report").unwrap();
    fs::create_dir(dir.join("sub.pdf")).unwrap();
    let out = temp.path().join("a/new/collection");

    let output = run(&[&dir, Path::new("--out"), &out], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let shown = dir.display();
    assert!(
        lines[0].contains(&format!("{shown}/school-2019.TXT → ")),
        "{stdout}"
    );
    assert!(
        lines[1].contains(&format!("{shown}/school-2024.TXT → ")),
        "{stdout}"
    );
    assert_eq!(
        lines[2],
        format!("note: {shown}: 1 symbolic link not followed")
    );
    assert!(lines[3].starts_with("2 reports: "), "{stdout}");
    assert_eq!(listing(&out), ["school-2019", "school-2024"]);

    // Again: each report's directory is refused on its own, as a single ingest refuses it.
    let again = run(&[&dir, Path::new("--out"), &out], &[]);
    assert_eq!(again.status.code(), Some(i32::from(SOME_FAILED)));
    let stdout = text(&again.stdout);
    for line in stdout.lines().take(2) {
        assert!(
            line.starts_with("failed ") && line.contains("exists and is not empty; pass --force"),
            "{line}"
        );
    }
    let forced = run(&[&dir, Path::new("--out"), &out], &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert_eq!(listing(&out), ["school-2019", "school-2024"]);
}

#[test]
fn options_of_one_report_and_a_collection_that_cannot_be_are_refused_before_any_work() {
    let temp = tempfile::tempdir().unwrap();
    let (a, b) = (temp.path().join("a.txt"), temp.path().join("b.txt"));
    for file in [&a, &b] {
        fs::copy(Path::new(CORPUS).join("school-2019/report.txt"), file).unwrap();
    }
    let out = temp.path().join("collection");
    for (extra, expected) in [
        (&["--id", "x"][..], "--id names one report"),
        (&["--title", "x"][..], "--title names one report"),
        (&["--year", "23"][..], "--year `23` is not a year"),
    ] {
        let output = run(&[&a, &b, Path::new("--out"), &out], extra);
        assert_eq!(output.status.code(), Some(1), "{extra:?}");
        assert!(text(&output.stderr).contains(expected), "{extra:?}");
    }
    assert!(!out.exists());

    // A file, or one report's dataset, is no collection.
    fs::write(&out, "a file").unwrap();
    let output = run(&[&a, &b, Path::new("--out"), &out], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("exists and is not a directory"));
    fs::remove_file(&out).unwrap();
    let single = temp.path().join("single");
    assert_eq!(
        run(&[&a, Path::new("--out"), &single], &[]).status.code(),
        Some(0)
    );
    let output = run(&[&a, &b, Path::new("--out"), &single], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("is one report's dataset"));

    // A directory without reports.
    let empty = temp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let output = run(&[&empty, Path::new("--out"), &out], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("holds no .pdf or .txt file"));
    assert!(!out.exists());
}

#[test]
fn a_batch_in_which_everything_fails_leaves_no_collection_behind() {
    let temp = tempfile::tempdir().unwrap();
    let (a, b) = (temp.path().join("a.pdf"), temp.path().join("b.pdf"));
    fs::write(&a, damaged_pdf()).unwrap();
    fs::write(&b, "").unwrap();
    let out = temp.path().join("made/for/it");
    let output = run(&[&a, &b, Path::new("--out"), &out], &[]);
    assert_eq!(output.status.code(), Some(i32::from(SOME_FAILED)));
    let stdout = text(&output.stdout);
    assert!(stdout.contains(": the file is empty\n"), "{stdout}");
    assert!(stdout.ends_with("2 reports: 0 ok, 0 needing review, 2 failed\n"));
    assert_eq!(listing(temp.path()), ["a.pdf", "b.pdf"]);
}

#[test]
fn a_directory_of_more_reports_than_the_cap_is_refused_naming_it() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("many");
    fs::create_dir(&dir).unwrap();
    for n in 0..=MAX_BATCH_REPORTS {
        fs::File::create(dir.join(format!("{n}.txt"))).unwrap();
    }
    let out = temp.path().join("collection");
    let output = run(&[&dir, Path::new("--out"), &out], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains(&format!(
            "holds more than {MAX_BATCH_REPORTS} reports (the limit of one batch)"
        )),
        "{}",
        text(&output.stderr)
    );
    assert!(!out.exists());
}

#[test]
fn the_docs_and_help_state_the_cap_and_exit_status_the_code_has() {
    let guide =
        fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/user-guide.md")).unwrap();
    let help = text(
        &nianbao()
            .args(["ingest", "--help"])
            .output()
            .unwrap()
            .stdout,
    );
    for (what, said) in [("the user guide", &guide), ("ingest --help", &help)] {
        let said = said.replace('\n', " ");
        assert!(
            said.contains(&format!("more than {MAX_BATCH_REPORTS}")),
            "{what}"
        );
        assert!(
            said.contains(&format!("{SOME_FAILED} when some failed")),
            "{what}"
        );
    }
    let guide = guide.replace('\n', " ");
    assert!(guide.contains(&format!("{BAR_FROM_REPORTS} reports or more")));
}

#[test]
fn going_through_many_reports_into_a_pipe_writes_no_progress() {
    let temp = tempfile::tempdir().unwrap();
    synth::generate(BAR_FROM_REPORTS, temp.path()).unwrap();
    let output = support::process()
        .args(["--data"])
        .arg(temp.path())
        .args(["list", "reports", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stderr), "");
    assert_eq!(text(&output.stdout).lines().count(), BAR_FROM_REPORTS + 1);
}

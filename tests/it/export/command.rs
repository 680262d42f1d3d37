//! `nianbao export` end to end: stdout, a file or a directory, replacing only when told,
//! refusing what it cannot export, and the examples in docs/ current.

use crate::support;

use support::{JIAXING, nianbao};

#[test]
fn the_command_writes_to_stdout_a_file_or_a_directory_and_replaces_only_when_told() {
    let output = nianbao()
        .args(["export", "view:dashboard", "--format", "svg"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let svg = String::from_utf8(output.stdout).unwrap();
    roxmltree::Document::parse(&svg).unwrap();
    assert!(svg.contains("在校生数"));

    let temp = tempfile::tempdir().unwrap();
    let into = format!("{}/out/", temp.path().display());
    let output = nianbao()
        .args([
            "export",
            "indicator:student-teacher-ratio",
            "--format",
            "html",
            "--out",
            &into,
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let path = temp.path().join("out/indicator-student-teacher-ratio.html");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("<title>生师比 (indicator:student-teacher-ratio) — 嘉兴市"));
    // Again: refused (exit 1), unchanged; with --force, replaced.
    let again = nianbao()
        .args([
            "export",
            "indicator:student-teacher-ratio",
            "--format",
            "html",
            "--out",
            &into,
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = nianbao()
        .args([
            "export", "case:7", "--format", "md", "--size", "80x24", "--out",
        ])
        .arg(temp.path().join("out/case.md"))
        .output()
        .unwrap();
    assert!(forced.status.success(), "{forced:?}");
    let markdown = std::fs::read_to_string(temp.path().join("out/case.md")).unwrap();
    assert!(markdown.contains("案例7"), "{markdown}");
    let screen: Vec<&str> = markdown
        .lines()
        .skip_while(|l| !l.starts_with("```"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .collect();
    assert_eq!(screen.len(), 24);
    assert!(screen.iter().all(|l| nianbao::text::display_width(l) <= 80));
    let replaced = nianbao()
        .args([
            "export",
            "indicator:student-teacher-ratio",
            "--format",
            "html",
            "--force",
            "--theme",
            "projector-dark",
            "--out",
            &into,
        ])
        .output()
        .unwrap();
    assert!(replaced.status.success());
    assert!(std::fs::read_to_string(&path).unwrap().contains("#262626"));
    // Nothing but the exports is left in the directory.
    let mut names: Vec<String> = std::fs::read_dir(temp.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["case.md", "indicator-student-teacher-ratio.html"]);
}

#[test]
fn the_command_refuses_what_it_cannot_export() {
    for (args, message) in [
        (
            vec![
                "export",
                "indicator:student-teacher-ratoi",
                "--format",
                "svg",
            ],
            "did you mean: indicator:student-teacher-ratio",
        ),
        (vec!["export", "view:slides", "--format", "svg"], "views:"),
        (
            vec!["export", "case:7", "--format", "svg", "--size", "30x8"],
            "40x10",
        ),
        (vec!["export", "case:7", "--format", "pdf"], "svg"),
    ] {
        let output = nianbao().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

/// The examples in docs/ are what the command writes now (scripts/export-examples
/// regenerates them).
#[test]
fn the_examples_in_the_docs_are_current() {
    for format in ["svg", "html"] {
        let output = nianbao()
            .args([
                "--report",
                JIAXING,
                "export",
                "view:dashboard",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let committed = std::fs::read_to_string(format!(
            "{}/docs/examples/dashboard.{format}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert!(
            String::from_utf8(output.stdout).unwrap() == committed,
            "docs/examples/dashboard.{format} is out of date: run scripts/export-examples"
        );
    }
}

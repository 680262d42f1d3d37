//! A hostile dataset: escape sequences, bell, C1 controls, bidi overrides and isolates and
//! zero-width characters in every free-text field, in the source text, in the directory's
//! name and in arguments. Every subcommand and every explorer view runs over it, and no
//! escape, bell, C1 control or bidi control reaches stdout, stderr or the terminal except
//! nianbao's own escape sequences (issue 9, item 7).

#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};

use nianbao::app::{Action, App, View};
use nianbao::dataset::Dataset;
use nianbao::settings::ThemeName;
use nianbao::tui::Session;
use nianbao::ui::Theme;

use crate::support;
use support::hostile::{HOSTILE_INLINE as HOSTILE, assert_clean, forbidden, poison_csv};
use support::{FIXTURE, copy_dir, nianbao};

/// A valid dataset whose every free-text field carries the hostile string, in a directory
/// whose name carries it too.
fn hostile_dataset() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join(format!("mini{HOSTILE}"));
    copy_dir(Path::new(FIXTURE), &dir);
    let rewrite = |file: &str, columns: &[&str]| poison_csv(&dir.join(file), columns, HOSTILE);
    rewrite(
        "report.csv",
        &["title", "title_en", "region", "region_en", "school_year"],
    );
    rewrite("schools.csv", &["name_en", "district", "kind", "note"]);
    rewrite("partners.csv", &["name_en", "kind", "location"]);
    rewrite("indicators.csv", &["name", "name_en", "unit"]);
    rewrite("breakdowns.csv", &["title", "title_en"]);
    rewrite("glossary.csv", &["term", "english", "note"]);
    let source = dir.join("source.txt");
    let text = fs::read_to_string(&source).unwrap();
    let text = text.replacen(
        "本报告为测试用合成数据",
        &format!("本报告{HOSTILE}为测试用合成数据"),
        1,
    );
    fs::write(&source, text).unwrap();
    (temp, dir)
}

/// Runs the binary; both streams must be clean whatever the exit code (0, 1 or 2).
fn run_clean(args: &[&str], data: &Path) -> (i32, String) {
    let output = nianbao()
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_clean(&format!("{args:?} stdout"), &stdout);
    assert_clean(&format!("{args:?} stderr"), &stderr);
    let code = output.status.code().expect("exits, not killed");
    assert!((0..=2).contains(&code), "{args:?}: exit {code}\n{stderr}");
    (code, stdout)
}

#[test]
fn every_subcommand_keeps_the_terminal_safe() {
    let (_temp, dir) = hostile_dataset();
    let (code, _) = run_clean(&["check"], &dir);
    assert_eq!(code, 0, "the hostile dataset is valid");
    let kinds = [
        "chapters",
        "sections",
        "cases",
        "figures",
        "tables",
        "footnotes",
        "schools",
        "indicators",
        "partners",
        "breakdowns",
        "paragraphs",
    ];
    for kind in kinds {
        for format in ["table", "json", "csv"] {
            let (code, out) = run_clean(&["list", kind, "--format", format], &dir);
            assert_eq!(code, 0);
            if format == "json" {
                // Escaped, the JSON still means the hostile text.
                let value: serde_json::Value = serde_json::from_str(&out).unwrap();
                if ["schools", "indicators"].contains(&kind) {
                    assert!(value.to_string().contains("OWNED"));
                }
            }
        }
    }
    let dataset = Dataset::from_dir(&dir).unwrap();
    let ids: Vec<String> = dataset.reports[0]
        .schools
        .iter()
        .map(|s| format!("school:{}", s.id))
        .chain(
            dataset.reports[0]
                .indicators
                .iter()
                .map(|i| format!("indicator:{}", i.id)),
        )
        .chain(
            [
                "preface",
                "chapter:1",
                "section:1.1",
                "case:1",
                "paragraph:2",
            ]
            .map(String::from),
        )
        .collect();
    for id in &ids {
        for format in ["text", "json"] {
            assert_eq!(
                run_clean(&["show", id, "--format", format], &dir).0,
                0,
                "{id}"
            );
        }
    }
    for query in ["evil", "OWNED", "测试"] {
        run_clean(&["search", query], &dir);
        run_clean(&["search", query, "--format", "json"], &dir);
    }
    // Hostile arguments, echoed in errors and hints.
    for args in [
        vec!["show".to_string(), format!("case:{HOSTILE}")],
        vec!["show".to_string(), HOSTILE.to_string()],
        vec![
            "--report".to_string(),
            HOSTILE.to_string(),
            "list".into(),
            "cases".into(),
        ],
        vec!["search".to_string(), format!("nothing{HOSTILE}")],
        vec!["list".to_string(), HOSTILE.to_string()],
        vec![
            "list".to_string(),
            "cases".into(),
            "--format".into(),
            HOSTILE.to_string(),
        ],
        vec!["check".to_string(), format!("/no/such/{HOSTILE}")],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _) = run_clean(&args, &dir);
        assert_ne!(code, 0, "{args:?}");
    }
}

#[test]
fn ingest_and_check_errors_keep_the_terminal_safe() {
    let (temp, dir) = hostile_dataset();
    let out = temp.path().join(format!("out{HOSTILE}"));
    let output = nianbao()
        .arg("ingest")
        .arg(dir.join("source.txt"))
        .arg("--out")
        .arg(&out)
        .args(["--title", HOSTILE, "--region", HOSTILE])
        .output()
        .unwrap();
    assert_clean("ingest stdout", &String::from_utf8_lossy(&output.stdout));
    assert_clean("ingest stderr", &String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // A dataset whose ids are hostile is invalid: the problems quote them, escaped.
    let path = dir.join("schools.csv");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("test-vocational-school,", &format!("x{HOSTILE},")),
    )
    .unwrap();
    let (code, _) = run_clean(&["check"], &dir);
    assert_eq!(code, 2);
}

#[test]
fn every_explorer_view_keeps_the_terminal_safe() {
    let (_temp, dir) = hostile_dataset();
    let dataset = Dataset::from_dir(&dir).unwrap();
    let mut actions: Vec<Vec<Action>> = View::ALL
        .iter()
        .map(|&view| vec![Action::ShowView(view), Action::NextPane, Action::Down])
        .collect();
    actions.push(vec![
        Action::OpenFinder,
        Action::Paste(format!("evil{HOSTILE}")),
    ]);
    actions.push(vec![Action::ToggleHelp]);
    actions.push(vec![
        Action::ShowView(View::Indicators),
        Action::EditFilter,
        Action::Paste(HOSTILE.into()),
    ]);
    for (size, steps) in [(120, 40), (80, 24)]
        .into_iter()
        .flat_map(|s| actions.iter().map(move |a| (s, a)))
    {
        let mut app = App::new(dataset.clone(), 0, size);
        app.open_item(&nianbao::model::ItemRef::Chapter(1));
        let mut session = Session::new(app, Theme::new(ThemeName::Dark, true));
        let mut out = Vec::new();
        session.render(&mut out);
        for step in steps {
            let mut bytes = Vec::new();
            // Keys go through the same parser as a terminal's.
            match step {
                Action::Paste(text) => {
                    bytes.extend(b"\x1b[200~");
                    bytes.extend(text.as_bytes());
                    bytes.extend(b"\x1b[201~");
                }
                other => bytes.extend(key_for(other)),
            }
            session.feed(&bytes);
            session.render(&mut out);
        }
        session.feed(b"y");
        session.render(&mut out);
        let text = String::from_utf8_lossy(&out);
        // nianbao's own OSC 52 ends with a bell; its payload is base64.
        let text: String = text
            .split("\u{1b}]52;c;")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part.to_string()
                } else {
                    let (payload, rest) = part.split_once('\u{7}').expect("OSC 52 ends with BEL");
                    assert!(
                        payload
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
                    );
                    rest.to_string()
                }
            })
            .collect();
        if let Some(c) = text.chars().find(|&c| forbidden(c)) {
            panic!("{steps:?}: {c:?} reached the terminal");
        }
        // The only escapes are nianbao's own: CSI sequences, reverse index, and OSC 52
        // whose payload is base64.
        for (at, _) in text.match_indices('\u{1b}') {
            let rest = &text[at + 1..];
            assert!(
                rest.starts_with('[') || rest.starts_with('M'),
                "{steps:?}: a stray escape: {:?}",
                &rest[..rest.len().min(20)]
            );
        }
    }
}

/// The bytes a terminal sends for the actions used above.
fn key_for(action: &Action) -> Vec<u8> {
    match action {
        Action::ShowView(view) => vec![match view {
            View::Dashboard => b'd',
            View::Reader => b'r',
            View::Indicators => b'i',
            View::Schools => b's',
            View::Cases => b'c',
        }],
        Action::NextPane => b"\t".to_vec(),
        Action::Down => b"j".to_vec(),
        Action::OpenFinder => b"/".to_vec(),
        Action::ToggleHelp => b"?".to_vec(),
        Action::EditFilter => b"e".to_vec(),
        other => panic!("no key for {other:?}"),
    }
}

#[test]
fn filtered_lines_are_shown_escaped_unless_raw() {
    let input = format!("jx {HOSTILE}\njx \u{ff}plain\n");
    let mut bytes = input.into_bytes();
    bytes.extend(b"jx \xff\xfe invalid\n");
    let output = nianbao()
        .arg("filter")
        .arg("jx")
        .write_stdin(bytes.clone())
        .output()
        .unwrap();
    let shown = String::from_utf8(output.stdout).expect("escaped output is UTF-8");
    assert_clean("filter", &shown);
    assert!(
        shown.contains("\\u{1b}]0;OWNED") && shown.contains("\\xff\\xfe"),
        "{shown}"
    );
    let raw = nianbao()
        .args(["filter", "--raw", "jx"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert!(
        raw.stdout.windows(2).any(|w| w == b"\xff\xfe"),
        "--raw passes bytes through"
    );
}

/// The mini dataset with formulas in free-text fields of its school.
fn formula_dataset() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("mini");
    copy_dir(Path::new(FIXTURE), &dir);
    let schools = dir.join("schools.csv");
    let text = fs::read_to_string(&schools).unwrap();
    let text = text
        .replace(
            "Test Vocational School,,",
            "\"=HYPERLINK(\"\"http://x.invalid/\"\",\"\"x\"\")\",-3.5,",
        )
        .replace("Synthetic.", "\"+1+cmd|' /C calc'!A0\"");
    fs::write(&schools, text).unwrap();
    (temp, dir)
}

/// The cells of a CSV's first row by header.
fn first_row(csv_text: &str) -> std::collections::HashMap<String, String> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().expect("a row").unwrap();
    headers
        .iter()
        .zip(row.iter())
        .map(|(h, v)| (h.to_string(), v.to_string()))
        .collect()
}

#[test]
fn csv_cells_that_start_a_formula_are_defused_unless_raw() {
    let (_temp, dir) = formula_dataset();
    let run = |args: &[&str]| {
        let output = nianbao()
            .arg("--data")
            .arg(&dir)
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    for args in [
        &["list", "schools", "--format", "csv"][..],
        &["show", "school:test-vocational-school", "--format", "csv"][..],
    ] {
        let row = first_row(&run(args));
        assert_eq!(
            row["name_en"], "'=HYPERLINK(\"http://x.invalid/\",\"x\")",
            "{args:?}"
        );
        assert_eq!(row["note"], "'+1+cmd|' /C calc'!A0", "{args:?}");
        // A plain number is what a spreadsheet shows anyway: left as it is.
        assert_eq!(row["district"], "-3.5", "{args:?}");
        assert_eq!(row["name"], "测试职业学校", "{args:?}");
    }
    let raw = first_row(&run(&["list", "schools", "--format", "csv", "--csv-raw"]));
    assert_eq!(raw["name_en"], "=HYPERLINK(\"http://x.invalid/\",\"x\")");
    assert_eq!(raw["note"], "+1+cmd|' /C calc'!A0");
    // Where it would change nothing, --csv-raw is refused rather than ignored.
    let refused = nianbao()
        .arg("--data")
        .arg(&dir)
        .args(["list", "schools", "--format", "json", "--csv-raw"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--csv-raw only changes --format csv")
    );
    let refused = nianbao().args(["check", "--csv-raw"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
}

#[test]
fn a_copied_name_is_one_line_and_a_case_keeps_its_lines() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("mini");
    copy_dir(Path::new(FIXTURE), &dir);
    let schools = dir.join("schools.csv");
    let text = fs::read_to_string(&schools).unwrap().replacen(
        ",测试职业学校,",
        ",\"测试职业学校\nrm -rf ~\r\n\techo\",",
        1,
    );
    fs::write(&schools, text).unwrap();
    let dataset = Dataset::from_dir(&dir).unwrap();
    let name = dataset.reports[0].schools[0].name.clone();
    assert!(name.contains('\n'), "the loader keeps the break: {name:?}");
    let mut app = App::new(dataset, 0, (120, 40));
    app.open_item(&nianbao::model::ItemRef::Chapter(1));
    let mut session = Session::new(app, Theme::new(ThemeName::Dark, true));
    let mut out = Vec::new();
    session.render(&mut out);
    let start = out.len();
    session.feed(b"s");
    session.feed(b"y");
    session.render(&mut out);
    session.feed(b"c");
    session.feed(b"y");
    session.render(&mut out);
    let copied = crate::terminal_bytes::copied(&out[start..]);
    assert_eq!(copied.len(), 2, "{copied:?}");
    assert_eq!(copied[0], "测试职业学校 rm -rf ~  echo");
    // A case is its heading and its paragraphs, a line each.
    assert!(
        copied[1].starts_with("案例1 ") && copied[1].contains('\n'),
        "{copied:?}"
    );
}

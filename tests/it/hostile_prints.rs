//! Issue 21: every command escapes the data-derived text it prints. One hostile dataset
//! (titles, names, notes, a case title, the directory's name), hostile files (a deck, a
//! config file, a text to ingest, names of files to write) and hostile arguments; one
//! case per command and format, each run, and both streams checked by one assertion
//! ([`leak`], as `assert_safe` uses it): no escape, bell, carriage return, C1 or bidi control from the data,
//! and no line forged by a line break in it. The audit of what prints where is in
//! docs/architecture.md, "Output escaping".

#![cfg(unix)]

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use crate::support;
use support::hostile::{HOSTILE_INLINE, Stream, hostile, leak, poison_csv};
use support::{EMBEDDED, copy_dir, nianbao};

/// The hostile files and directories the cases read and write.
struct Fixture {
    temp: tempfile::TempDir,
    /// The embedded report, poisoned, in a directory whose name is hostile.
    data: PathBuf,
    /// A deck whose slide titles are hostile, under a hostile name.
    deck: PathBuf,
    /// A deck that names an item no report has, in hostile words.
    bad_deck: PathBuf,
    /// A config file with a hostile mistake, under a hostile name.
    config: PathBuf,
    /// A report's text with hostile lines, under a hostile name.
    text: PathBuf,
    /// The report with a hostile school id: invalid, its problems quote the id.
    invalid: PathBuf,
}

/// `name` with the hostile text in it, as a path in the temporary directory.
fn hostile_path(temp: &Path, name: &str, extension: &str) -> PathBuf {
    temp.join(format!("{name}{}{extension}", hostile()))
}

/// A TOML basic string holding `text` exactly (controls as `\u` escapes).
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => out.extend(['\\', c]),
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            c => out.push_str(&format!("\\U{:08X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

fn fixture() -> Fixture {
    let temp = tempfile::tempdir().unwrap();
    let hostile = hostile();
    let data = hostile_path(temp.path(), "data", "");
    copy_dir(Path::new(EMBEDDED), &data);
    poison_csv(
        &data.join("report.csv"),
        &["title", "title_en", "region", "region_en", "publisher"],
        &hostile,
    );
    poison_csv(
        &data.join("schools.csv"),
        &["name_en", "district", "note"],
        &hostile,
    );
    poison_csv(&data.join("indicators.csv"), &["name", "name_en"], &hostile);
    poison_csv(&data.join("relations.csv"), &["note"], &hostile);
    poison_csv(&data.join("glossary.csv"), &["english", "note"], &hostile);
    // A case title in the text: the text's lines stay lines, so no line break here.
    let source = data.join("source.txt");
    let text = fs::read_to_string(&source).unwrap().replacen(
        "案例 1  海宁市职业高级中学",
        &format!("案例 1  海宁市职业高级中学{HOSTILE_INLINE}"),
        1,
    );
    fs::write(&source, &text).unwrap();

    let deck = hostile_path(temp.path(), "deck", ".toml");
    let title = toml_string(&hostile);
    fs::write(
        &deck,
        format!(
            "[[slide]]\nitem = \"title\"\ntitle = {title}\n\n\
             [[slide]]\nitem = \"indicator:student-teacher-ratio\"\ntitle = {title}\n\n\
             [[slide]]\nitem = \"case:1\"\n"
        ),
    )
    .unwrap();
    let bad_deck = hostile_path(temp.path(), "bad", ".toml");
    fs::write(
        &bad_deck,
        format!(
            "[[slide]]\nitem = {}\n",
            toml_string(&format!("case:{hostile}"))
        ),
    )
    .unwrap();
    let config = hostile_path(temp.path(), "config", ".toml");
    fs::write(&config, format!("theme = {}\n", toml_string(&hostile))).unwrap();
    let text_file = hostile_path(temp.path(), "report", ".txt");
    let mut report_text = format!("{HOSTILE_INLINE}质量年度报告{HOSTILE_INLINE}\n\n");
    report_text.push_str(&text);
    fs::write(&text_file, report_text).unwrap();
    let invalid = temp.path().join("invalid");
    copy_dir(&data, &invalid);
    let schools = invalid.join("schools.csv");
    let rows = fs::read_to_string(&schools).unwrap().replacen(
        "haining-vocational-high-school,",
        &format!("\"x{}\",", hostile.replace('"', "")),
        1,
    );
    fs::write(&schools, rows).unwrap();
    Fixture {
        temp,
        data,
        deck,
        bad_deck,
        config,
        text: text_file,
        invalid,
    }
}

/// One command run: its arguments, what it reads on stdin and in the environment, how its
/// stdout breaks lines, and whether the hostile data must show (escaped) in what it
/// prints (so a case cannot pass by printing nothing).
struct Case {
    command: String,
    args: Vec<OsString>,
    env: Vec<(&'static str, OsString)>,
    stdin: Option<Vec<u8>>,
    stdout: Stream,
    shows_data: bool,
    /// Whether it must succeed (exit 0), or be refused as a usage error or bad data
    /// (1 to 3), never a crash.
    succeeds: bool,
    /// A file the command must write (under its hostile name).
    writes: Option<PathBuf>,
}

impl Case {
    fn new(command: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Case {
        Case {
            command: command.to_string(),
            args: args.iter().map(|a| a.as_ref().to_owned()).collect(),
            env: Vec::new(),
            stdin: None,
            stdout: Stream::Terminal,
            shows_data: true,
            succeeds: true,
            writes: None,
        }
    }

    /// The case over the hostile dataset (`--data` first).
    fn on(data: &Path, command: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Case {
        let mut case = Case::new(command, args);
        case.args
            .splice(0..0, [OsString::from("--data"), data.into()]);
        case
    }

    fn csv(mut self) -> Case {
        self.stdout = Stream::Csv;
        self
    }

    /// Prints nothing of the data (a fixed text, a refusal that echoes nothing).
    fn quiet(mut self) -> Case {
        self.shows_data = false;
        self
    }

    fn fails(mut self) -> Case {
        self.succeeds = false;
        self
    }

    fn env(mut self, name: &'static str, value: impl Into<OsString>) -> Case {
        self.env.push((name, value.into()));
        self
    }

    fn stdin(mut self, bytes: Vec<u8>) -> Case {
        self.stdin = Some(bytes);
        self
    }

    fn writes(mut self, path: PathBuf) -> Case {
        self.writes = Some(path);
        self
    }

    /// Runs the case: what went wrong, if anything.
    fn run(&self) -> Result<(), String> {
        let mut command = nianbao();
        command.args(&self.args);
        for (name, value) in &self.env {
            command.env(name, value);
        }
        command.write_stdin(self.stdin.clone().unwrap_or_default());
        // A guard against a hang, not a benchmark.
        command.timeout(std::time::Duration::from_secs(300));
        let output = command.output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        for (stream, text, kind) in [
            ("stdout", &stdout, self.stdout),
            ("stderr", &stderr, Stream::Terminal),
        ] {
            if let Some(leak) = leak(text, kind) {
                return Err(format!("{} {stream}: {leak}:\n{text}", self.command));
            }
        }
        match (output.status.code(), self.succeeds) {
            (Some(0), true) | (Some(1..=3), false) => {}
            (other, _) => return Err(format!("{}: ended with {other:?}\n{stderr}", self.command)),
        }
        if self.shows_data && !format!("{stdout}{stderr}").contains("OWNED") {
            return Err(format!(
                "{}: the hostile text does not show, escaped, in:\n{stdout}{stderr}",
                self.command
            ));
        }
        match &self.writes {
            Some(path) if !path.exists() => Err(format!(
                "{}: {} was not written\n{stderr}",
                self.command,
                path.display()
            )),
            _ => Ok(()),
        }
    }
}

/// Every command, in every format that prints to a terminal or a pipe: what must work.
fn working(f: &Fixture) -> Vec<Case> {
    let d = f.data.as_path();
    let h = hostile();
    let out = |name: &str, ext: &str| hostile_path(f.temp.path(), name, ext);
    let mut cases = vec![
        Case::on(d, "list reports", &[&"list", &"reports"]),
        Case::on(d, "list cases", &[&"list", &"cases"]),
        Case::on(
            d,
            "list schools csv",
            &[&"list", &"schools", &"--format", &"csv"],
        )
        .csv(),
        Case::on(
            d,
            "list indicators jsonl",
            &[&"list", &"indicators", &"--format", &"jsonl"],
        ),
        Case::on(d, "show case", &[&"show", &"case:1"]),
        Case::on(
            d,
            "show indicator",
            &[&"show", &"indicator:student-teacher-ratio"],
        ),
        Case::on(
            d,
            "show school json",
            &[
                &"show",
                &"school:haining-vocational-high-school",
                &"--format",
                &"json",
            ],
        ),
        Case::on(d, "search", &[&"search", &"海宁市职业高级中学"]),
        Case::on(
            d,
            "search json",
            &[&"search", &"OWNED", &"--format", &"json"],
        ),
        Case::on(d, "compare", &[&"compare", &"student-teacher-ratio"]),
        Case::on(
            d,
            "compare csv",
            &[&"compare", &"student-teacher-ratio", &"--format", &"csv"],
        )
        .csv(),
        Case::on(d, "audit", &[&"audit"]),
        Case::on(d, "audit json", &[&"audit", &"--format", &"json"]),
        Case::on(d, "audit csv", &[&"audit", &"--format", &"csv"]).csv(),
        Case::new("check", &[&"check", &d]),
        Case::on(
            d,
            "export deck md",
            &[&"export", &"deck", &"--deck", &f.deck, &"--format", &"md"],
        ),
        Case::new(
            "ingest",
            &[&"ingest", &f.text, &"--out", &out("ingested", "")],
        )
        .writes(out("ingested", "").join("source.txt")),
        Case::new(
            "ingest hostile metadata",
            &[
                &"ingest",
                &f.text,
                &"--out",
                &out("again", ""),
                &"--title",
                &h,
                &"--region",
                &h,
                &"--publisher",
                &h,
            ],
        ),
        Case::new("filter", &[&"filter", &"jx"]).stdin(format!("jx {h}\njx plain\n").into_bytes()),
        Case::new("config --path", &[&"config", &"--path"]).env("NIANBAO_CONFIG", &f.config),
        Case::new("config warning", &[&"list", &"chapters"]).env("NIANBAO_CONFIG", &f.config),
        Case::new("man", &[&"man"]).quiet(),
        Case::new("completions", &[&"completions", &"bash"]).quiet(),
    ];
    for format in ["md", "svg", "html"] {
        cases.push(Case::on(
            d,
            &format!("export {format}"),
            &[&"export", &"case:1", &"--format", &format],
        ));
        let file = out("case", &format!(".{format}"));
        cases.push(
            Case::on(
                d,
                &format!("export {format} --out"),
                &[&"export", &"case:1", &"--format", &format, &"--out", &file],
            )
            .writes(file),
        );
    }
    let slides = out("slides", "");
    cases.push(
        Case::on(
            d,
            "export deck svg --out",
            &[
                &"export",
                &"deck",
                &"--deck",
                &f.deck,
                &"--format",
                &"svg",
                &"--out",
                &slides,
            ],
        )
        .writes(slides),
    );
    cases
}

/// Every command's refusals that echo a name, a path, an argument or a file's words.
fn refused(f: &Fixture) -> Vec<Case> {
    let d = f.data.as_path();
    let h = hostile();
    let out = |name: &str, ext: &str| hostile_path(f.temp.path(), name, ext);
    vec![
        Case::on(d, "show unknown id", &[&"show", &format!("case:{h}")]),
        Case::new("search no match", &[&"search", &format!("ℵℵ{h}")]),
        Case::on(d, "compare unknown concept", &[&"compare", &h]),
        Case::new("check invalid dataset", &[&"check", &f.invalid]),
        Case::new("check missing dir", &[&"check", &out("missing", "")]),
        Case::on(d, "export unknown id", &[&"export", &h, &"--format", &"md"]),
        Case::on(d, "export bad size", &[&"export", &"case:1", &"--size", &h]),
        Case::on(
            d,
            "export deck bad deck",
            &[
                &"export",
                &"deck",
                &"--deck",
                &f.bad_deck,
                &"--format",
                &"md",
            ],
        ),
        Case::on(
            d,
            "export deck into a file",
            &[
                &"export",
                &"deck",
                &"--format",
                &"html",
                &"--out",
                &out("slides", ".html"),
            ],
        ),
        Case::new(
            "ingest missing file",
            &[
                &"ingest",
                &out("missing", ".pdf"),
                &"--out",
                &out("none", ""),
            ],
        ),
        Case::new(
            "ingest bad --id",
            &[&"ingest", &f.text, &"--out", &out("none", ""), &"--id", &h],
        ),
        Case::new(
            "ingest bad --year",
            &[
                &"ingest",
                &f.text,
                &"--out",
                &out("none", ""),
                &"--year",
                &h,
            ],
        ),
        Case::new("config bad file", &[&"config"]).env("NIANBAO_CONFIG", &f.config),
        Case::new("config missing file", &[&"config"]).env("NIANBAO_CONFIG", out("none", ".toml")),
        Case::new("man unknown", &[&"man", &h]),
        Case::new("completions unknown shell", &[&"completions", &h]),
        Case::on(
            d,
            "present without a terminal",
            &[&"present", &"--deck", &f.deck],
        )
        .quiet(),
        Case::on(d, "present bad deck", &[&"present", &"--deck", &f.bad_deck]),
        Case::on(
            d,
            "present missing deck",
            &[&"present", &"--deck", &out("none", ".toml")],
        ),
        Case::new("--report unknown", &[&"--report", &h, &"list", &"cases"]),
        Case::new(
            "--data missing",
            &[&"--data", &out("none", ""), &"list", &"cases"],
        ),
        Case::new("unknown subcommand", &[&h]),
        Case::new("unknown option", &[&"list", &format!("--{h}")]),
    ]
}

/// Every case: what works must succeed, what is refused must exit 1 to 3.
fn cases(f: &Fixture) -> Vec<Case> {
    let mut cases = working(f);
    cases.extend(refused(f).into_iter().map(Case::fails));
    cases
}

#[test]
fn every_command_escapes_what_it_prints() {
    let fixture = fixture();
    let failures: Vec<String> = cases(&fixture)
        .iter()
        .filter_map(|case| case.run().err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

//! Issue 21: exports take a lock and land whole (staged, then swapped): concurrent
//! exports into one directory end with one whole export, a killed one leaves the old
//! export as it was, a directory of other files is never touched, and `export deck`
//! holds one slide in memory, not the deck.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::limited::run_limited;
use crate::support::{self, JIAXING, listing, nianbao};
use nianbao::present::Deck;

/// A deck file of `slides` slides, the report's own deck repeated, written into `dir` as
/// `NAME.toml` (its exports are named `NAME-…`).
fn long_deck(dir: &Path, name: &str, slides: usize) -> PathBuf {
    let items: Vec<String> = Deck::for_report(&support::jiaxing())
        .slides
        .iter()
        .map(|slide| slide.item.id())
        .collect();
    let text: String = items
        .iter()
        .cycle()
        .take(slides)
        .map(|item| format!("[[slide]]\nitem = \"{item}\"\n\n"))
        .collect();
    let path = dir.join(format!("{name}.toml"));
    fs::write(&path, text).unwrap();
    path
}

/// Every file in a directory, names and contents, sorted.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    listing(dir)
        .into_iter()
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).unwrap_or_default();
            (name, bytes)
        })
        .collect()
}

/// The colour an SVG slide is painted on (its first rectangle, the canvas).
fn canvas(svg: &[u8]) -> String {
    let text = String::from_utf8_lossy(svg);
    let rect = text.split("<rect ").nth(1).expect("a canvas");
    rect.split("fill=\"").nth(1).unwrap()[..7].to_string()
}

fn export_svg(out: &Path, theme: &str, extra: &[&str]) -> std::process::Command {
    let mut command = support::process();
    command
        .args(["--report", JIAXING, "--theme", theme, "export", "deck"])
        .args(["--format", "svg", "--out"])
        .arg(out)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

/// A lock that names its holder (exit 1, the lock file named), then racing exports of
/// two themes: each ends whole or refused, and the directory holds one theme's slides,
/// all of them.
#[test]
fn concurrent_exports_into_one_directory_end_with_one_whole_export() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let lock = temp.path().join(".out.nianbao-lock");
    fs::write(&lock, format!("{}\nexport\n", std::process::id())).unwrap();
    let held = export_svg(&out, "projector-light", &[]).output().unwrap();
    let stderr = String::from_utf8_lossy(&held.stderr);
    assert_eq!(held.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("another nianbao export (process")
            && stderr.contains(&lock.display().to_string()),
        "{stderr}"
    );
    assert!(!out.exists(), "written under another's lock");
    fs::remove_file(&lock).unwrap();

    let deck = long_deck(temp.path(), "deck", 60);
    let themes = ["projector-light", "projector-dark"];
    for round in 0..3 {
        let runs: Vec<_> = (0..4)
            .map(|i| {
                export_svg(&out, themes[i % 2], &["--force", "--deck"])
                    .arg(&deck)
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut finished = 0;
        for run in runs {
            let output = run.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            if output.status.success() {
                finished += 1;
            } else {
                assert_eq!(output.status.code(), Some(1), "round {round}: {stderr}");
                assert!(
                    stderr.contains("another nianbao export") && stderr.contains("nianbao-lock"),
                    "round {round}: {stderr}"
                );
            }
        }
        assert!(finished >= 1, "round {round}: no export finished");
        let files = snapshot(&out);
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        let expected: Vec<String> = (1..=60).map(|n| format!("deck-{n:02}.svg")).collect();
        assert_eq!(names, expected, "round {round}: not one whole export");
        let canvases: Vec<String> = files.iter().map(|(_, svg)| canvas(svg)).collect();
        assert!(
            canvases.iter().all(|c| *c == canvases[0]),
            "round {round}: themes mixed: {canvases:?}"
        );
        assert_eq!(
            listing(temp.path()),
            ["deck.toml", "out"],
            "round {round}: staging or lock left behind"
        );
    }
}

/// SIGKILL while the new export is being written: the old export is there as it was;
/// the next run takes over the stale lock and removes the killed run's staging.
#[test]
fn a_killed_export_leaves_the_old_export_as_it_was() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let first = export_svg(&out, "projector-light", &[]).output().unwrap();
    assert!(first.status.success(), "{first:?}");
    let before = snapshot(&out);
    assert_eq!(before.len(), Deck::for_report(&support::jiaxing()).len());
    let decks = temp.path().join("decks");
    fs::create_dir(&decks).unwrap();
    let mut killed = false;
    for slides in [300, 1000] {
        let deck = long_deck(&decks, "deck", slides);
        let mut run = export_svg(&out, "projector-dark", &["--force", "--deck"])
            .arg(&deck)
            .spawn()
            .unwrap();
        let staging = temp
            .path()
            .join(format!(".out.nianbao-export-{}", run.id()));
        // Mid-write: staging has files in it.
        let deadline = Instant::now() + Duration::from_secs(120);
        while fs::read_dir(&staging).map_or(true, |mut e| e.nth(3).is_none())
            && run.try_wait().unwrap().is_none()
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        run.kill().unwrap();
        if run.wait().unwrap().success() {
            // Finished before the kill: a longer deck.
            fs::remove_dir_all(&out).unwrap();
            assert!(
                export_svg(&out, "projector-light", &[])
                    .status()
                    .unwrap()
                    .success()
            );
            continue;
        }
        assert!(
            staging.is_dir(),
            "killed mid-write, staging stays for the next run"
        );
        assert!(temp.path().join(".out.nianbao-lock").exists());
        killed = true;
        break;
    }
    assert!(
        killed,
        "the export always finished before it could be killed"
    );
    assert_eq!(snapshot(&out), before, "the old export changed");
    // The next run: the stale lock is taken over, the staging removed, an HTML page of
    // the same deck added beside the slides (it replaces none of them).
    let next = support::process()
        .args([
            "--report", JIAXING, "export", "deck", "--format", "html", "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(next.status.success(), "{next:?}");
    assert_eq!(listing(temp.path()), ["decks", "out"], "left behind");
    let after = snapshot(&out);
    assert_eq!(after.len(), before.len() + 1);
    assert!(
        before.iter().all(|file| after.contains(file)),
        "slides changed"
    );
}

/// A directory of the user's files, even with a name an export has among them, is
/// refused with or without --force, exit 1, and nothing in it or beside it changes.
#[test]
fn a_directory_of_other_files_is_never_touched() {
    let temp = tempfile::tempdir().unwrap();
    let mine = temp.path().join("mine");
    fs::create_dir_all(mine.join("photos")).unwrap();
    fs::write(mine.join("notes.txt"), "mine").unwrap();
    fs::write(mine.join("deck-01.svg"), "my own picture").unwrap();
    fs::write(mine.join("photos/a.png"), "png").unwrap();
    let before = snapshot(&mine);
    let around = listing(temp.path());
    for (format, extra) in [
        ("svg", &[][..]),
        ("svg", &["--force"][..]),
        ("html", &["--force"][..]),
    ] {
        let output = nianbao()
            .args([
                "--report", JIAXING, "export", "deck", "--format", format, "--out",
            ])
            .arg(&mine)
            .args(extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format} {extra:?}: {stderr}"
        );
        assert!(
            stderr.contains("holds other things (notes.txt, photos)"),
            "{format} {extra:?}: {stderr}"
        );
        assert_eq!(snapshot(&mine), before, "{format} {extra:?}");
        assert_eq!(listing(&mine.join("photos")), ["a.png"]);
        assert_eq!(listing(temp.path()), around, "something made beside it");
    }
    // A symbolic link to it, and a file, are refused too.
    let link = temp.path().join("link");
    std::os::unix::fs::symlink(&mine, &link).unwrap();
    for (out, message) in [
        (&link, "is a symbolic link"),
        (&mine.join("notes.txt"), "is not a directory"),
    ] {
        let output = nianbao()
            .args([
                "--report", JIAXING, "export", "deck", "--format", "svg", "--force", "--out",
            ])
            .arg(out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
    }
    assert_eq!(snapshot(&mine), before);
}

/// The slides are streamed: a deck of many large slides, whose screens alone would take
/// far more than the limit (the command held every one before), is written within it.
#[test]
fn export_deck_holds_one_slide_in_memory_not_the_deck() {
    let temp = tempfile::tempdir().unwrap();
    let deck = long_deck(temp.path(), "long", SLIDES);
    let out = temp.path().join("out");
    for (format, name) in [("md", "long.md"), ("html", "long.html")] {
        let run = run_limited(
            &[
                "--report",
                JIAXING,
                "export",
                "deck",
                "--deck",
                deck.to_str().unwrap(),
                "--size",
                SIZE,
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
            ],
            LIMIT_MIB,
            Duration::from_secs(600),
        );
        assert_eq!(run.code(), Some(0), "{format}: {}", run.stderr());
        assert!(
            run.stdout()
                .contains(&format!("({SLIDES} slides, {format}")),
            "{}",
            run.stdout()
        );
        let written = fs::metadata(out.join(name)).unwrap().len();
        assert!(written > 0, "{format}");
    }
}

/// The long deck of the memory test: its slides, their size, the address-space limit.
const SLIDES: usize = 200;
const SIZE: &str = "400x150";
const LIMIT_MIB: u64 = 128;

//! Issue 21: deck files are bounded (size, slides, kind) and load in linear time.
//!
//! `nianbao present --deck FILE` checks the deck before it asks for a terminal, so
//! without one it reports the deck's problem, or, for a deck that loads, that it needs a
//! terminal: that is how these tests see a deck accepted.

use std::path::{Path, PathBuf};
use std::time::Duration;

use nianbao::model::MAX_ID_CHARS;
use nianbao::present::deck::{MAX_DECK_BYTES, MAX_SLIDES, MAX_TITLE_CHARS};

use crate::support::limited::{Bounded, run_limited};

/// Address space for one run: the binary needs about 128 MiB to refuse a 1 MiB deck of
/// 45,000 slides; reading /dev/zero without a bound would go past any limit.
const MEMORY_MIB: u64 = 256;
/// Only a guard against a hang (a FIFO read as a deck blocks for ever).
const DEADLINE: Duration = Duration::from_secs(60);

const LOADED: &str = "presenting needs a terminal";

fn present(deck: &Path) -> Bounded {
    run_limited(
        &["present", "--deck", deck.to_str().unwrap()],
        MEMORY_MIB,
        DEADLINE,
    )
}

/// One slide, as a deck file writes it: three lines.
fn slide(item: &str, title: &str) -> String {
    format!("[[slide]]\nitem = \"{item}\"\ntitle = \"{title}\"\n")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid, NUL-terminated path for a new FIFO.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
}

/// The run ended with the usage status and exactly this one line on stderr.
fn assert_refused(run: &Bounded, line: &str) {
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert_eq!(run.stderr(), format!("nianbao: {line}\n"));
    assert_eq!(run.stdout(), "");
}

#[test]
fn a_fifo_a_device_and_a_directory_are_refused_as_decks_without_reading_them() {
    let temp = tempfile::tempdir().unwrap();
    let fifo = temp.path().join("talk.toml");
    mkfifo(&fifo);
    let not_regular = "not a regular file (a directory, FIFO or device?)";
    for path in [fifo.as_path(), Path::new("/dev/zero"), temp.path()] {
        let run = present(path);
        let shown = path.display();
        assert_refused(
            &run,
            &format!("cannot read the deck {shown}: {not_regular}"),
        );
    }
    // `export deck` reads its deck the same way.
    let run = run_limited(
        &[
            "export",
            "deck",
            "--format",
            "html",
            "--deck",
            fifo.to_str().unwrap(),
        ],
        MEMORY_MIB,
        DEADLINE,
    );
    let shown = fifo.display();
    assert_refused(
        &run,
        &format!("cannot read the deck {shown}: {not_regular}"),
    );
}

#[test]
fn the_name_of_a_deck_that_is_refused_is_escaped() {
    let temp = tempfile::tempdir().unwrap();
    let fifo = temp.path().join("talk\u{1b}]0;owned\u{7}.toml");
    mkfifo(&fifo);
    let run = present(&fifo);
    assert_eq!(run.code(), Some(1));
    let stderr = run.stderr();
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains(r"talk\u{1b}]0;owned\u{7}.toml: not a regular file"),
        "{stderr}"
    );
}

#[test]
fn a_deck_larger_than_the_cap_is_refused_naming_the_limit() {
    let temp = tempfile::tempdir().unwrap();
    let mut text = slide("title", "");
    let filler = "# a comment\n";
    while (text.len() as u64) <= MAX_DECK_BYTES {
        text.push_str(filler);
    }
    let path = write(temp.path(), "big.toml", &text);
    let shown = path.display();
    assert_refused(
        &present(&path),
        &format!("cannot read the deck {shown}: larger than 1 MB, the limit"),
    );
}

#[test]
fn a_deck_of_more_slides_than_the_cap_is_refused_at_the_first_one_too_many() {
    let temp = tempfile::tempdir().unwrap();
    let text = slide("chapter:1", "").repeat(MAX_SLIDES + 1);
    let path = write(temp.path(), "long.toml", &text);
    let shown = path.display();
    // Slide 1,001 starts on line 3,001.
    assert_refused(
        &present(&path),
        &format!("{shown}:3001: 1001 slides; a deck may list at most 1000"),
    );
}

#[test]
fn a_deck_at_every_cap_at_once_loads() {
    let temp = tempfile::tempdir().unwrap();
    let long_title = "标".repeat(MAX_TITLE_CHARS);
    let items = [
        "title",
        "chapter:1",
        "case:7",
        "indicator:students-enrolled-2022",
    ];
    let mut text: String = (0..MAX_SLIDES)
        .map(|i| slide(items[i % items.len()], &long_title))
        .collect();
    let comment = "# pad\n";
    while text.len() + comment.len() <= MAX_DECK_BYTES as usize {
        text.push_str(comment);
    }
    text.push_str(&"#".repeat(MAX_DECK_BYTES as usize - text.len() - 1));
    text.push('\n');
    assert_eq!(text.len() as u64, MAX_DECK_BYTES);
    let path = write(temp.path(), "full.toml", &text);
    let run = present(&path);
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr().starts_with(&format!("nianbao: {LOADED}")),
        "{}",
        run.stderr()
    );

    // The longest id allowed: it names nothing, so it is reported, but as unknown, not
    // as too long.
    let id = format!(
        "indicator:{}",
        "x".repeat(MAX_ID_CHARS - "indicator:".len())
    );
    let path = write(temp.path(), "id.toml", &slide(&id, ""));
    let run = present(&path);
    let shown = path.display();
    assert!(
        run.stderr()
            .starts_with(&format!("nianbao: {shown}:2: no item `{id}`")),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_hundred_thousand_slides_are_refused_at_once_not_loaded_for_a_minute() {
    let temp = tempfile::tempdir().unwrap();
    // 100,000 slides written out are 2.4 MB: past the size cap, never parsed.
    let text = "[[slide]]\nitem = \"title\"\n\n".repeat(100_000);
    let path = write(temp.path(), "huge.toml", &text);
    let shown = path.display();
    assert_refused(
        &present(&path),
        &format!("cannot read the deck {shown}: larger than 1 MB, the limit"),
    );
    // As many slides as fit in the size cap (about 45,000) are parsed, then refused by
    // count; before, their line numbers alone took time quadratic in the file.
    let one = "[[slide]]\nitem=\"title\"\n";
    let count = MAX_DECK_BYTES as usize / one.len();
    let path = write(temp.path(), "dense.toml", &one.repeat(count));
    let shown = path.display();
    assert_refused(
        &present(&path),
        &format!("{shown}:2001: {count} slides; a deck may list at most 1000"),
    );
}

#[test]
fn a_config_file_that_is_a_fifo_or_a_device_is_refused_by_the_same_reader() {
    let temp = tempfile::tempdir().unwrap();
    let fifo = temp.path().join("config.toml");
    mkfifo(&fifo);
    for path in [fifo.to_str().unwrap(), "/dev/zero"] {
        let run = run_limited(&["--config", path, "list", "reports"], MEMORY_MIB, DEADLINE);
        assert_eq!(run.code(), Some(1), "{}", run.stderr());
        let stderr = run.stderr();
        assert!(
            stderr.contains(&format!("{path}: not a regular file")),
            "{stderr}"
        );
    }
}

/// docs/deck.md states the limits the code has.
#[test]
fn the_deck_guide_states_the_limits_of_the_code() {
    let guide =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/deck.md")).unwrap();
    let limits = guide
        .split_once("## Limits")
        .map(|(_, rest)| rest.split("\n## ").next().unwrap())
        .expect("a Limits section");
    let size = format!("{} MB", MAX_DECK_BYTES / 1024 / 1024);
    for stated in [
        size.as_str(),
        &format!("{MAX_SLIDES} slides"),
        &format!("{MAX_TITLE_CHARS} characters"),
        &format!("{MAX_ID_CHARS} characters"),
    ] {
        assert!(
            limits.contains(stated),
            "docs/deck.md does not say {stated}"
        );
    }
    assert_eq!(MAX_DECK_BYTES % (1024 * 1024), 0, "the guide says whole MB");
}

//! Randomised robustness: the embedded dataset and the report's text, mutated by a seeded
//! generator (flipped bytes, lost or doubled lines, cut files, stray quotes, escape and
//! bidi characters), go through the loader, the parser, the search and the binary. Nothing
//! may panic, every exit code is 0, 1 or 2, and every run ends in bounded time. The same
//! seed gives the same cases; `NIANBAO_MUTATION_CASES=2000 cargo test --test it --
//! mutation::` runs more than CI's bounded number.

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use nianbao::dataset::{Dataset, REPORT_FILES};
use nianbao::search::SearchIndex;

use crate::support;
use support::EMBEDDED;

/// xorshift64*: small, seeded, the same everywhere.
pub struct Random(pub u64);

impl Random {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INSERTS: &[&str] = &[
    "\"",
    ",",
    "\n",
    "\r\n",
    "\u{1b}[2J",
    "\u{202e}",
    "\u{0}",
    "|",
    "1e308",
    "-",
    "第九章 ",
    "案例 99 ",
    "图 1 ",
    "1.1 ",
    "前言\n",
    "，",
    "%",
    "\u{3000}",
];

/// One random change to a file's bytes.
fn mutate(bytes: &mut Vec<u8>, random: &mut Random) {
    let at = random.below(bytes.len() + 1);
    match random.below(7) {
        0 if !bytes.is_empty() => {
            let i = random.below(bytes.len());
            bytes[i] ^= 1 << random.below(8);
        }
        1 => bytes.truncate(at),
        2 | 3 => {
            let insert = INSERTS[random.below(INSERTS.len())].as_bytes();
            bytes.splice(at..at, insert.iter().copied());
        }
        4 => {
            // Lose a line.
            let start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| at + i + 1);
            bytes.drain(start..end);
        }
        5 => {
            // Double a line.
            let start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| at + i + 1);
            let line = bytes[start..end].to_vec();
            bytes.splice(end..end, line);
        }
        _ => {
            let i = random.below(bytes.len() + 1);
            bytes.insert(i.min(bytes.len()), random.next() as u8);
        }
    }
}

fn cases() -> usize {
    std::env::var("NIANBAO_MUTATION_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(120)
}

/// A mutated copy of the embedded dataset in `dir`.
fn mutated_dataset(dir: &Path, random: &mut Random) {
    fs::create_dir_all(dir).unwrap();
    let mut files: Vec<(&str, Vec<u8>)> = REPORT_FILES
        .iter()
        .map(|name| (*name, fs::read(Path::new(EMBEDDED).join(name)).unwrap()))
        .collect();
    for _ in 0..1 + random.below(4) {
        let file = random.below(files.len());
        mutate(&mut files[file].1, random);
    }
    for (name, bytes) in files {
        fs::write(dir.join(name), bytes).unwrap();
    }
}

#[test]
fn mutated_datasets_load_or_fail_cleanly() {
    let mut random = Random(0x6e69_616e_6261_6f21);
    let temp = tempfile::tempdir().unwrap();
    let mut loaded = 0;
    for case in 0..cases() {
        let dir = temp.path().join(format!("case-{case}"));
        mutated_dataset(&dir, &mut random);
        if let Ok(dataset) = Dataset::from_dir(&dir) {
            loaded += 1;
            let index = SearchIndex::build(&dataset.reports);
            for query in ["jxjs", "嘉兴", "99.55%", "\u{1b}[2J"] {
                index.search(query, None, 20);
            }
        }
        fs::remove_dir_all(&dir).unwrap();
    }
    // Some mutations leave the dataset valid (a changed figure's digit may break a check,
    // a doubled blank line may not): both paths are exercised.
    assert!(
        loaded > 0 && loaded < cases(),
        "{loaded} of {} loaded",
        cases()
    );
}

#[test]
fn mutated_report_text_parses() {
    let mut random = Random(0x7365_6564_7465_7874);
    let seed = fs::read(Path::new(EMBEDDED).join("source.txt")).unwrap();
    for _ in 0..cases() * 2 {
        let mut bytes = seed.clone();
        for _ in 0..1 + random.below(8) {
            mutate(&mut bytes, &mut random);
        }
        let text = String::from_utf8_lossy(&bytes);
        let parsed = nianbao::ingest::parse_text(&text);
        // Whatever it found, every paragraph's place is a chapter it knows, or the opening.
        let structure = &parsed.structure;
        for paragraph in &structure.paragraphs {
            let chapter = paragraph.location.chapter;
            assert!(
                chapter == 0 || structure.chapters.iter().any(|c| c.number == chapter),
                "a paragraph in chapter {chapter}, which does not exist"
            );
        }
    }
}

/// Runs the binary with a deadline; the exit code must be 0, 1 or 2 and nothing panics.
fn run_bounded(args: &[&std::ffi::OsStr]) {
    let child = support::process()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let output =
        support::limited::wait_within(child, Duration::from_secs(60), &format!("{args:?}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code().expect("exits, not killed by a signal");
    assert!((0..=2).contains(&code), "{args:?}: exit {code}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
}

#[test]
fn the_binary_on_mutated_input_exits_0_1_or_2() {
    let mut random = Random(0x6269_6e61_7279_2121);
    let temp = tempfile::tempdir().unwrap();
    for case in 0..cases() / 6 {
        let dir = temp.path().join(format!("case-{case}"));
        mutated_dataset(&dir, &mut random);
        let data = dir.as_os_str();
        for command in [
            &["check"][..],
            &["list", "indicators", "--format", "json"],
            &["show", "case:1"],
            &["search", "jxjs"],
        ] {
            let mut args: Vec<&std::ffi::OsStr> = vec!["--data".as_ref(), data];
            args.extend(command.iter().map(std::ffi::OsStr::new));
            run_bounded(&args);
        }
        let out = temp.path().join(format!("out-{case}"));
        run_bounded(&[
            "ingest".as_ref(),
            dir.join("source.txt").as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
    }
}

//! Helpers shared by the integration tests: the binary, and writable copies of fixtures.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub mod screen;
pub mod several;

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini-2024");
pub const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/reports/jiaxing-2023/source.txt"
);
pub const EMBEDDED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/reports/jiaxing-2023");

/// The binary, with colour decisions left to the output (NO_COLOR unset) and no config
/// file: the tester's own settings must not change what the tests see.
pub fn nianbao() -> Command {
    Command::from_std(process())
}

/// [`nianbao`] as a plain process, for tests that spawn it themselves.
pub fn process() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"));
    command
        .env_remove("NO_COLOR")
        .env_remove("NIANBAO_CONFIG")
        .env("XDG_CONFIG_HOME", NO_CONFIG_HOME);
    command
}

/// An XDG_CONFIG_HOME with nothing in it.
pub const NO_CONFIG_HOME: &str = "/nonexistent/nianbao-tests";

/// A writable copy of the synthetic fixture report, at `<tmp>/mini-2024`.
pub fn fixture_copy() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("mini-2024");
    copy_dir(Path::new(FIXTURE), &dir);
    (temp, dir)
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The names in a folder, sorted (to compare before and after).
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

//! The `nianbao` binary from the outside: subcommands, formats, exit codes and the error
//! for each kind of bad dataset (built by breaking a copy of `tests/fixtures/mini-2024`).
//! One module per concern; here, the helpers that run the binary and edit a dataset.

mod check;
mod config;
mod list_show;
mod search;
mod usage;

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::support;
use support::JIAXING;

/// What a command prints for the embedded Jiaxing report: `--report` keeps a
/// contributor's own embedded report out of it.
fn stdout_of(args: &[&str]) -> String {
    support::stdout(&[&["--report", JIAXING], args].concat())
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args)).unwrap()
}

fn edit(dir: &Path, file: &str, change: impl FnOnce(String) -> String) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, change(text)).unwrap();
}

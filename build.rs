//! Build-time facts: the version with the git commit it was built from, and the report
//! folders under data/reports/ to embed (every folder there, so adding a report needs no
//! code edit).

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    version();
    embed_reports();
}

/// `0.1.0 (1a2b3c4d5e 2026-11-30)` from a git checkout, `0.1.0` otherwise.
fn version() {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .and_then(|out| String::from_utf8(out.stdout).ok())
            .map(|text| text.trim().to_string())
            .filter(|text| !text.is_empty())
    };
    // Rebuild when a commit moves HEAD; asking git for the paths also covers worktrees,
    // where .git is a file.
    let head = git(&["rev-parse", "--git-path", "HEAD"]);
    let common = git(&["rev-parse", "--git-common-dir"]);
    let watched = head.into_iter().chain(
        common
            .iter()
            .flat_map(|dir| [format!("{dir}/refs/heads"), format!("{dir}/packed-refs")]),
    );
    for path in watched {
        if Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    let package = env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let version = match (
        git(&["rev-parse", "--short=10", "HEAD"]),
        git(&["log", "-1", "--format=%cd", "--date=short"]),
    ) {
        (Some(commit), Some(date)) => format!("{package} ({commit} {date})"),
        _ => package,
    };
    println!("cargo:rustc-env=NIANBAO_VERSION={version}");
}

/// Writes `embedded_reports.rs`: one entry per folder of data/reports/ that holds a
/// report.csv, with every regular file in it.
fn embed_reports() {
    let root = Path::new("data/reports");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut folders: Vec<PathBuf> = fs::read_dir(root)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.join("report.csv").is_file())
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut code = String::from("pub const REPORTS: &[EmbeddedReport] = &[\n");
    for folder in &folders {
        println!("cargo:rerun-if-changed={}", folder.display());
        let mut files: Vec<PathBuf> = fs::read_dir(folder)
            .expect("a report folder can be read")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        let name = folder.file_name().expect("a folder name").to_string_lossy();
        code.push_str(&format!(
            "    EmbeddedReport {{\n        directory: {:?},\n        files: &[\n",
            format!("data/reports/{name}")
        ));
        for file in files {
            let file_name = file.file_name().expect("a file name").to_string_lossy();
            let absolute = manifest.join(&file);
            code.push_str(&format!(
                "            ({file_name:?}, include_bytes!({:?})),\n",
                absolute.display().to_string()
            ));
        }
        code.push_str("        ],\n    },\n");
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets it"));
    fs::write(out.join("embedded_reports.rs"), code).expect("OUT_DIR is writable");
}

//! The command line itself: usage errors and help, the explorer without a terminal,
//! `--version`, shell completions and the man page, options a subcommand would ignore, and
//! `--color` with the environment.

use predicates::prelude::*;

use crate::support;
use support::{FIXTURE, JIAXING, nianbao};

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    nianbao().arg("frobnicate").assert().code(1);
    nianbao().args(["list", "planets"]).assert().code(1);
    nianbao()
        .args(["list", "cases", "--format", "xml"])
        .assert()
        .code(1);
    nianbao()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("Exit codes"));
    nianbao().arg("--version").assert().code(0);
    nianbao()
        .args(["--report", "nowhere", "list", "cases"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("jiaxing-2023"));
}

#[test]
fn the_explorer_without_a_terminal_explains_itself() {
    nianbao()
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("the explorer needs a terminal"));
    nianbao().args(["--open", "case:99"]).assert().code(1);
}

/// Built from a git checkout, `--version` names the commit and its date, so a bug report
/// says exactly which code it is about.
#[test]
fn version_names_the_commit_it_was_built_from() {
    let version = support::stdout(&["--version"]);
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|out| out.status.success());
    let package = format!("nianbao {}", env!("CARGO_PKG_VERSION"));
    match head {
        Some(out) => {
            let commit = String::from_utf8(out.stdout).unwrap();
            let commit = commit.trim();
            assert!(
                version.starts_with(&format!("{package} ({commit} ")),
                "{version:?} should name commit {commit}"
            );
            let date = version
                .trim_end()
                .trim_end_matches(')')
                .rsplit(' ')
                .next()
                .unwrap();
            assert!(
                date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
                "{version:?} should end with the commit's date"
            );
        }
        None => assert_eq!(version.trim_end(), package),
    }
}

/// The subcommands `--help` lists (the names in its Commands: section, without `help`).
fn subcommands_from_help() -> Vec<String> {
    let help = support::stdout(&["--help"]);
    let names: Vec<String> = help
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        // A wrapped description continues further in.
        .filter(|line| !line[2..].starts_with(' '))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert!(names.len() >= 8, "{names:?} from:\n{help}");
    names
}

#[test]
fn completions_for_every_shell_know_every_subcommand() {
    let subcommands = subcommands_from_help();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = support::stdout(&["completions", shell]);
        for name in &subcommands {
            assert!(
                script.contains(name.as_str()),
                "{shell} completions lack `{name}`"
            );
        }
        // Options of subcommands too, not only their names.
        assert!(
            script.contains("pdf-engine"),
            "{shell} completions lack --pdf-engine"
        );
    }
    // bash accepts the script and registers a completion for nianbao.
    let script = support::stdout(&["completions", "bash"]);
    let registered = std::process::Command::new("bash")
        .args([
            "--norc",
            "-c",
            "eval \"$1\" && complete -p nianbao",
            "bash",
            &script,
        ])
        .output()
        .unwrap();
    assert!(
        registered.status.success(),
        "{}",
        String::from_utf8_lossy(&registered.stderr)
    );
    nianbao().args(["completions", "tcsh"]).assert().code(1);
}

#[test]
fn the_man_page_lists_every_subcommand_and_each_has_its_own() {
    let page = support::stdout(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains("\n.TH nianbao 1"),
        "{page}"
    );
    for name in subcommands_from_help() {
        assert!(
            page.contains(&format!("nianbao\\-{name}(1)")),
            "no {name} in:\n{page}"
        );
        let own = support::stdout(&["man", &name]);
        assert!(own.contains(&format!(".TH nianbao-{name} 1")), "{own}");
        assert!(own.contains(&format!("\\fBnianbao {name}\\fR")), "{own}");
    }
    let list = support::stdout(&["man", "list"]);
    assert!(
        list.contains("\\-\\-format") && list.contains("indicators"),
        "{list}"
    );
    nianbao()
        .args(["man", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nianbao man list"));
}

/// An option the subcommand would ignore is refused (exit 1, naming it), never silently
/// dropped: `check --report nope` used to print "ok".
#[test]
fn options_a_subcommand_would_ignore_are_refused() {
    for (args, flag) in [
        (&["check", "--report", "nope"][..], "--report"),
        (&["--report", "jiaxing-2023", "check"][..], "--report"),
        (&["--theme", "light", "list", "chapters"][..], "--theme"),
        (&["--open", "case:7", "search", "jxjs"][..], "--open"),
        (&["filter", "--data", "x", "jx"][..], "--data"),
        (&["completions", "bash", "--report", "x"][..], "--report"),
        (&["--no-mouse", "man"][..], "--no-mouse"),
    ] {
        let output = nianbao().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("{flag} does not apply")),
            "{args:?}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    // Where they apply, they are taken.
    support::stdout(&["list", "chapters", "--report", "jiaxing-2023"]);
    support::stdout(&["--report", "jiaxing-2023", "audit"]);
    support::stdout(&["--data", FIXTURE, "check"]);
}

/// `--color` and the environment: NO_COLOR (set, not empty) turns auto off, CLICOLOR_FORCE
/// turns it on into a pipe, and `always` / `never` override both.
#[test]
fn colour_follows_the_flag_then_no_color_then_clicolor_force() {
    let bold_header = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = nianbao();
        command
            .args(args)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (key, value) in env {
            command.env(key, value);
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "{args:?} {env:?}");
        output.stdout.starts_with(b"\x1b[1m")
    };
    let list = ["--report", JIAXING, "list", "chapters"];
    assert!(!bold_header(&list, &[]), "a pipe gets no colour by default");
    assert!(bold_header(
        &["--color", "always", "--report", JIAXING, "list", "chapters"],
        &[]
    ));
    assert!(bold_header(
        &["--report", JIAXING, "list", "chapters", "--color=always"],
        &[]
    ));
    assert!(bold_header(&list, &[("CLICOLOR_FORCE", "1")]));
    assert!(!bold_header(&list, &[("CLICOLOR_FORCE", "0")]));
    assert!(!bold_header(
        &list,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    ));
    assert!(bold_header(
        &["--color", "always", "list", "chapters"],
        &[("NO_COLOR", "1")]
    ));
    assert!(!bold_header(
        &["--color", "never", "list", "chapters"],
        &[("CLICOLOR_FORCE", "1")]
    ));
    // clap's own help follows the flag too.
    let help = nianbao()
        .args(["--color", "always", "--help"])
        .output()
        .unwrap();
    assert!(help.stdout.contains(&0x1b));
    let help = nianbao()
        .args(["--color", "never", "--help"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!help.stdout.contains(&0x1b));
    nianbao()
        .args(["--color", "sometimes", "list", "chapters"])
        .assert()
        .code(1);
}

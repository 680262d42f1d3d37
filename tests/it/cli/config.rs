//! `nianbao config` and the config file: where it is found, what it sets, and its mistakes
//! named with line and column.

use std::fs;

use crate::support;
use support::{JIAXING, nianbao};

/// `nianbao config` is how a named file is made: its path and the default print even
/// when NIANBAO_CONFIG or --config names a file that is not there yet.
#[test]
fn config_prints_the_path_and_the_default_for_a_named_file_not_there_yet() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("nianbao.toml");
    let output = nianbao()
        .args(["config", "--path"])
        .env("NIANBAO_CONFIG", &missing)
        .output()
        .unwrap();
    assert_eq!(
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout)
        ),
        (Some(0), format!("{}\n", missing.display()).into()),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = nianbao()
        .args([
            "--config",
            missing.to_str().unwrap(),
            "config",
            "--print-default",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.starts_with(b"# nianbao settings"));
    // Asked whether it is good: it is not there, which the user named; exit 2, said once.
    let output = nianbao()
        .arg("config")
        .env("NIANBAO_CONFIG", &missing)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.matches("no such config file").count(), 1, "{stderr}");
}

/// The config file: found through --config, NIANBAO_CONFIG or XDG_CONFIG_HOME; what it
/// sets applies unless the command line says otherwise; a mistake is reported with line
/// and column and the defaults still work; a file the user named must be there.
#[test]
fn the_config_file_is_found_applied_and_its_mistakes_named() {
    let home = tempfile::tempdir().unwrap();
    let config_dir = home.path().join("nianbao");
    fs::create_dir_all(&config_dir).unwrap();
    let config = config_dir.join("config.toml");
    let with_xdg = |args: &[&str]| {
        let output = nianbao()
            .args(args)
            .env("XDG_CONFIG_HOME", home.path())
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    // No file: the defaults, nothing said.
    let (code, out, err) = with_xdg(&["--report", JIAXING, "list", "chapters"]);
    assert_eq!(
        (code, out.starts_with("id"), err.as_str()),
        (Some(0), true, "")
    );
    // A setting from the file, and the command line over it.
    fs::write(&config, "color = \"always\"\n").unwrap();
    assert!(
        with_xdg(&["--report", JIAXING, "list", "chapters"])
            .1
            .starts_with("\u{1b}[1m")
    );
    assert!(
        with_xdg(&["--report", JIAXING, "list", "chapters", "--color", "never"])
            .1
            .starts_with("id")
    );
    let (code, out, _) = with_xdg(&["config"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("config.toml: read, no mistakes"), "{out}");
    // A mistake: named with line and column on stderr, the defaults used, exit 0.
    fs::write(&config, "# settings\nmouse = true\ntheme = \"blu\"\n").unwrap();
    let (code, out, err) = with_xdg(&["--report", JIAXING, "list", "chapters"]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("id"));
    assert!(
        err.contains("config.toml:3:9: unknown variant `blu`"),
        "{err}"
    );
    assert!(err.contains("using the defaults"), "{err}");
    let (code, _, err) = with_xdg(&["config"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains(":3:9:"), "{err}");
    // NIANBAO_CONFIG and --config name a file, which must then exist.
    let named = home.path().join("other.toml");
    fs::write(&named, "color = \"always\"\n").unwrap();
    let output = nianbao()
        .args(["list", "chapters"])
        .env("NIANBAO_CONFIG", &named)
        .output()
        .unwrap();
    assert!(output.stdout.starts_with(b"\x1b[1m"));
    let missing = home.path().join("missing.toml");
    let output = nianbao()
        .args(["--config", missing.to_str().unwrap(), "list", "chapters"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such config file"));
    // The printed default is a valid config that changes nothing.
    let default = support::stdout(&["config", "--print-default"]);
    fs::write(&config, &default).unwrap();
    let (code, out, err) = with_xdg(&["--report", JIAXING, "list", "chapters"]);
    assert_eq!(
        (code, out.starts_with("id"), err.as_str()),
        (Some(0), true, "")
    );
}

/// A config that takes away every way out of the explorer (issue 21, item 9): q, Esc and
/// Ctrl-D may be unbound or rebound, but Ctrl-C quits in every mode whatever the file says.
/// A file that rebinds or unbinds it is a mistake `nianbao config` names, with its place.
#[test]
fn a_config_cannot_take_away_ctrl_c_the_way_out() {
    use nianbao::app::Action;
    use nianbao::app::keymap::{self, Mode};
    use nianbao::config::Config;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    let modes = [
        "normal", "finder", "filter", "find", "present", "reports", "compare",
    ];
    let mut no_way_out = String::new();
    for mode in modes {
        no_way_out.push_str(&format!(
            "[keys.{mode}]\n\"q\" = \"none\"\n\"esc\" = \"down\"\n\"ctrl-d\" = \"none\"\n"
        ));
    }
    // Without Ctrl-C in it, the file is good, and Ctrl-C still quits everywhere.
    fs::write(&config, &no_way_out).unwrap();
    nianbao()
        .args(["--config", config.to_str().unwrap(), "config"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("no mistakes"));
    let mut bindings = keymap::bindings();
    for binding in Config::parse(&no_way_out).unwrap().keys {
        keymap::rebind(
            &mut bindings,
            binding.mode,
            (binding.code, binding.modifiers),
            binding.action,
        );
    }
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for mode in Mode::ALL {
        assert_eq!(
            keymap::action_for(&bindings, mode, ctrl_c),
            Some(Action::Quit),
            "{mode:?}"
        );
    }
    // Taking Ctrl-C away too, however it is spelled, is refused with the reason and place.
    for (spelling, action) in [
        ("ctrl-c", "\"none\""),
        ("Ctrl-C", "\"down\""),
        ("ctrl-shift-c", "{ show-view = \"reader\" }"),
    ] {
        // The last table is [keys.compare]; the key goes on the line after it.
        let line = no_way_out.lines().count() + 1;
        fs::write(&config, format!("{no_way_out}\"{spelling}\" = {action}\n")).unwrap();
        let output = nianbao()
            .args(["--config", config.to_str().unwrap(), "config"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{spelling}: {stderr}");
        assert!(
            stderr.contains(&format!(":{line}:1: ctrl-c always quits")),
            "{spelling}: {stderr}"
        );
    }
    // Bound to quit it stays what it is, and is no mistake.
    fs::write(&config, "[keys.normal]\n\"ctrl-c\" = \"quit\"\n").unwrap();
    nianbao()
        .args(["--config", config.to_str().unwrap(), "config"])
        .assert()
        .code(0);
}

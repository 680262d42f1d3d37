//! Ending and suspending: the terminal closing, terminating signals (exit status 128 + the
//! signal) with the terminal restored even when output is stalled, SIGTSTP and SIGCONT,
//! Ctrl-Z with and without a job-control shell.

use crate::support;

use std::process::Command;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::{Session, Start};

/// The process's state letter from /proc (`T` when stopped), where there is a /proc.
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(") ").next()?.chars().next()
}

fn wait_for_state(pid: u32, stopped: bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        match process_state(pid) {
            None => return,
            Some(state) if (state == 'T') == stopped => return,
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    panic!(
        "the explorer did not {}",
        if stopped { "stop" } else { "resume" }
    );
}

#[test]
fn closing_the_terminal_ends_the_explorer_within_a_second() {
    for start in [Start::Controlling, Start::Detached] {
        let command = support::process();
        let mut session = Session::start_with(command, &[], 80, 24, start);
        session.wait_for("Dashboard");
        session.hang_up();
        let status = session
            .exit_within(Duration::from_secs(1))
            .expect("the explorer is not left running after its terminal closed");
        assert_eq!(status.code(), Some(129), "{status:?}");
    }
}

#[test]
fn terminating_signals_give_128_plus_the_signal_with_the_terminal_restored() {
    for (signal, code) in [
        (libc::SIGTERM, 143),
        (libc::SIGHUP, 129),
        (libc::SIGINT, 130),
    ] {
        let mut session = Session::start(&["--open", "case:7"], 80, 24);
        session.wait_for("案例7");
        session.signal(signal);
        let status = session
            .exit_within(Duration::from_secs(1))
            .expect("the explorer ends within a second of the signal");
        assert_eq!(status.code(), Some(code), "signal {signal}");
        session.assert_restored();
    }
}

#[test]
#[cfg(target_os = "linux")]
fn sigtstp_suspends_with_the_terminal_restored_and_sigcont_redraws() {
    let mut session = Session::start(&[], 80, 24);
    session.wait_for("Dashboard");
    session.signal(libc::SIGTSTP);
    wait_for_state(session.child.id(), true);
    session.wait_quiet();
    session.assert_restored();
    assert!(
        !session.screen().contains("Dashboard"),
        "the main screen is back"
    );
    session.signal(libc::SIGCONT);
    wait_for_state(session.child.id(), false);
    session.wait_for("Dashboard");
    assert!(!session.cooked(), "raw mode again after resuming");
    // Keys work again.
    session.type_keys("r");
    session.wait_for("Reader 阅读 ·");
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
    session.assert_restored();
}

#[test]
fn ctrl_z_in_a_job_control_shell_suspends_and_fg_resumes() {
    let Ok(bash) = which("bash") else {
        eprintln!("no bash on this machine: the job-control test is skipped");
        return;
    };
    let mut command = Command::new(bash);
    command
        .args(["--norc", "--noprofile", "-i"])
        .env("PS1", "$ ")
        .env_remove("NIANBAO_CONFIG")
        .env("XDG_CONFIG_HOME", support::NO_CONFIG_HOME);
    let mut session = Session::start_with(command, &[], 80, 24, Start::Controlling);
    session.wait_for("$");
    session.type_keys(&format!("{}\r", env!("CARGO_BIN_EXE_nianbao")));
    session.wait_for("Dashboard");
    session.type_keys("\u{1a}");
    session.wait_for("Stopped");
    assert!(!session.screen().contains("Dashboard"));
    session.type_keys("fg\r");
    session.wait_for("Dashboard");
    session.type_keys("q");
    session.wait_for("$ ");
    session.type_keys("echo status=$?\r");
    session.wait_for("status=0");
    // kill %1 on a suspended explorer (SIGTERM, then SIGCONT in the background) ends it.
    session.type_keys("clear\r");
    session.type_keys(&format!("{}\r", env!("CARGO_BIN_EXE_nianbao")));
    session.wait_for("Dashboard");
    session.type_keys("\u{1a}");
    session.wait_for("Stopped");
    session.type_keys("kill %1; sleep 1\r");
    session.wait_for("Exit 143");
    // Started by a wrapper script, the explorer still suspends: the shell can fg it.
    let dir = tempfile::tempdir().unwrap();
    let wrapper = dir.path().join("wrapper.sh");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\n{}\necho wrapper-done\n",
            env!("CARGO_BIN_EXE_nianbao")
        ),
    )
    .unwrap();
    session.type_keys(&format!("clear; sh {}\r", wrapper.display()));
    session.wait_for("Dashboard");
    session.type_keys("\u{1a}");
    session.wait_for("Stopped");
    session.type_keys("fg\r");
    session.wait_for("Dashboard");
    session.type_keys("q");
    session.wait_for("wrapper-done");
    session.type_keys("exit\r");
    session.wait_for_exit();
}

#[test]
fn ctrl_z_without_a_shell_to_return_to_says_so_and_stays() {
    let mut session = Session::start(&[], 100, 30);
    session.wait_for("Dashboard");
    session.type_keys("\u{1a}");
    session.wait_for("Cannot suspend");
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
        .ok_or(())
}

#[test]
fn a_signal_restores_the_terminal_settings_even_when_output_is_stalled() {
    for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
        let mut session = Session::start(&[], 120, 40);
        session.wait_for("Dashboard");
        // Nobody reads the terminal any more, and the explorer has a lot to say.
        session.stalled.store(true, Ordering::SeqCst);
        session.type_bytes(&[0x0c; 200]);
        session.signal(signal);
        let status = session
            .exit_within(Duration::from_secs(2))
            .expect("ends even though its writes block");
        assert_eq!(status.code(), Some(128 + signal));
        assert!(session.cooked(), "raw mode left on after signal {signal}");
    }
}

#[test]
#[cfg(target_os = "linux")]
fn closing_the_terminal_of_a_suspended_explorer_gives_129() {
    let mut session = Session::start(&[], 80, 24);
    session.wait_for("Dashboard");
    session.signal(libc::SIGTSTP);
    wait_for_state(session.child.id(), true);
    session.hang_up();
    session.signal(libc::SIGCONT);
    let status = session
        .exit_within(Duration::from_secs(2))
        .expect("ends once woken without a terminal");
    assert_eq!(status.code(), Some(129));
}

//! The explorer on a terminal: finding a school by pinyin, a 10 KB paste, a burst of keys,
//! resizing, tiny, absurd and dumb terminals, presenting, the config file's keys, and a
//! report that does not load.

use crate::support;
use crate::support::synth;

use std::os::fd::AsRawFd;
use std::time::Duration;

use super::{Session, Start};

#[test]
fn find_a_school_by_pinyin_jump_to_it_and_quit() {
    let mut session = Session::start(&[], 80, 24);
    session.wait_for("Dashboard");
    session.wait_for("51486");
    session.type_keys("/");
    session.wait_for("Find 查找");
    session.type_keys("jxjs");
    session.wait_for("school    嘉兴技师学院");
    session.type_keys("\r");
    session.wait_for("Jiaxing Technician College");
    assert!(session.screen().contains("Schools 学校 · 13"));
    session.type_keys("q");
    let status = session.wait_for_exit();
    assert_eq!(status.code(), Some(0), "{status:?}");
    session.assert_restored();
}

#[test]
fn a_10_kb_paste_into_the_finder_is_taken_at_once() {
    let mut session = Session::start(&[], 120, 40);
    session.wait_for("Dashboard");
    session.type_keys("/");
    session.wait_for("Find 查找");
    let mut paste = b"\x1b[200~".to_vec();
    paste.extend("嘉兴技师学院 jiaxing\n".repeat(400).as_bytes());
    paste.extend(b"\x1b[201~");
    assert!(paste.len() > 10_000);
    session.type_bytes(&paste);
    session.wait_for("at most 200 characters");
    assert!(
        session.screen().contains("Find 查找"),
        "a pasted newline jumped"
    );
    session.type_keys("\x1b");
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}

#[test]
fn a_burst_of_keys_is_drawn_in_a_few_frames() {
    let mut session = Session::start(&["--open", "chapter:2"], 120, 40);
    session.wait_for("Reader 阅读");
    session.wait_quiet();
    let before = session.written().len();
    session.type_keys(&"j".repeat(50));
    session.wait_quiet();
    let burst = session.written()[before..].to_vec();
    let frames = String::from_utf8_lossy(&burst)
        .matches("\u{1b}[?2026h")
        .count();
    assert!((1..=3).contains(&frames), "{frames} frames for 50 queued j");
    // Idle: nothing more is written.
    let settled = session.written().len();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(session.written().len(), settled, "an idle explorer wrote");
    session.type_keys("q");
    session.wait_for_exit();
}

#[test]
fn resizing_and_a_tiny_terminal_do_not_crash() {
    let mut session = Session::start(&[], 20, 6);
    session.wait_for("Terminal too small");
    let size = libc::winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    session.columns = 80;
    session.rows = 24;
    let master = session.master.as_ref().unwrap().as_raw_fd();
    // SAFETY: resizing our own pseudo-terminal; the child gets SIGWINCH.
    unsafe { libc::ioctl(master, libc::TIOCSWINSZ, &size) };
    session.wait_for("Dashboard");
    session.type_keys("q");
    assert!(session.wait_for_exit().success());
    session.assert_restored();
}

#[test]
fn a_dumb_terminal_gets_a_pointer_to_the_subcommands() {
    let mut command = support::process();
    command.env("TERM", "dumb");
    let mut session = Session::start_with(command, &[], 80, 24, Start::Controlling);
    let status = session.wait_for_exit();
    let output = String::from_utf8_lossy(&session.written()).into_owned();
    assert_eq!(status.code(), Some(1), "{output}");
    assert!(
        output.contains("TERM=dumb") && output.contains("nianbao list"),
        "{output}"
    );
    assert!(
        !output.contains("\u{1b}[?1049h"),
        "switched screens on a dumb terminal"
    );
}

#[test]
fn an_absurd_window_size_is_survived() {
    let mut session = Session::start(&[], 80, 24);
    session.wait_for("Dashboard");
    let size = libc::winsize {
        ws_row: 65535,
        ws_col: 65535,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let master = session.master.as_ref().unwrap().as_raw_fd();
    // SAFETY: resizing our own pseudo-terminal; the child gets SIGWINCH.
    unsafe { libc::ioctl(master, libc::TIOCSWINSZ, &size) };
    std::thread::sleep(Duration::from_millis(500));
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}

#[test]
fn nianbao_present_moves_through_slides_and_q_ends_it() {
    let mut session = Session::start(&["present"], 80, 24);
    session.wait_for("Slide 1 of 35");
    session.wait_for("嘉兴市中等职业教育质量年度报告");
    session.type_keys(" ");
    session.wait_for("Slide 2 of 35");
    session.wait_for("在校生数（含技工学籍）");
    session.type_keys("\u{1b}[6~"); // PgDn
    session.wait_for("Slide 3 of 35");
    session.type_keys("12\r");
    session.wait_for("Slide 12 of 35");
    session.type_keys("o");
    session.wait_for("Overview 总览");
    session.type_keys("\u{1b}");
    session.wait_for("Slide 12 of 35");
    // Idle: nothing more is written.
    session.wait_quiet();
    let settled = session.written().len();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(session.written().len(), settled, "an idle slide wrote");
    session.type_keys("q");
    let status = session.wait_for_exit();
    assert_eq!(status.code(), Some(0), "{status:?}");
    session.assert_restored();
}

#[test]
fn p_presents_from_the_explorer_and_q_comes_back() {
    let mut session = Session::start(&["--open", "case:7"], 100, 30);
    session.wait_for("Reader 阅读");
    session.type_keys("p");
    session.wait_for("Case 案例7");
    session.wait_for("of 35");
    session.type_keys("q");
    session.wait_for("Reader 阅读");
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}

/// The explorer takes its keys from the config file, and says so on screen when the file
/// has a mistake (stderr is hidden behind the explorer).
#[test]
fn the_explorer_uses_the_config_files_keys_and_shows_its_mistakes() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("nianbao")).unwrap();
    let config = home.path().join("nianbao/config.toml");
    std::fs::write(&config, "[keys.normal]\n\"ctrl-e\" = \"toggle-audit\"\n").unwrap();
    let start = || {
        let mut command = support::process();
        command.env("XDG_CONFIG_HOME", home.path());
        Session::start_with(command, &["--theme", "dark"], 100, 30, Start::Controlling)
    };
    let mut session = start();
    session.wait_for("51486");
    session.type_bytes(b"\x05"); // Ctrl-E
    session.wait_for("Audit 核查");
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
    std::fs::write(&config, "[keys.normal]\n\"ctrl-e\" = \"audti\"\n").unwrap();
    let mut session = start();
    session.wait_for("config.toml:2:12");
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}

/// A directory of reports whose first does not load: the explorer opens the next and
/// says on screen that one did not load.
#[test]
fn the_explorer_passes_over_a_report_that_does_not_load() {
    let temp = tempfile::tempdir().unwrap();
    let ids = synth::generate(2, temp.path()).unwrap();
    std::fs::remove_file(temp.path().join(&ids[0]).join("source.txt")).unwrap();
    let data = temp.path().to_str().unwrap();
    let mut session = Session::start(&["--data", data, "--theme", "dark"], 120, 30);
    session.wait_for("1 report does not load (nianbao check lists every problem)");
    session.type_keys("/");
    session.wait_for("Find 查找");
    assert!(session.screen().contains("in this report"));
    session.type_keys("\x1b");
    session.wait_quiet();
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}

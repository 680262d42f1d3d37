//! The real binary in a pseudo-terminal, as a user on SSH meets it: it starts, finds a
//! school by pinyin and quits; it ends promptly with the terminal restored when the
//! terminal closes or a signal comes (exit status 128 + the signal); it suspends and
//! resumes; it takes a 10 KB paste without freezing and draws a burst of keys once; it
//! asks the terminal for its background (OSC 11) and picks its theme from the answer, or
//! falls back promptly without one. The screen is read through a VT100 parser.

#![cfg(unix)]

use crate::support;

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How the child meets its terminal.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// As from a terminal emulator or sshd: its own session, the pty its controlling
    /// terminal (closing it sends SIGHUP).
    Controlling,
    /// The pty as plain standard input and output: closing it sends nothing, the
    /// explorer must notice the end of its input.
    Detached,
}

/// A child process on its own pseudo-terminal, with everything it wrote.
struct Session {
    child: Child,
    master: Option<File>,
    /// Kept open so the terminal's settings can be read after the child exits.
    slave: OwnedFd,
    output: Arc<Mutex<Vec<u8>>>,
    reading: Arc<AtomicBool>,
    /// While set, nothing is read from the terminal: its buffer fills, as on a stalled link.
    stalled: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    columns: u16,
    rows: u16,
}

impl Session {
    fn start(args: &[&str], columns: u16, rows: u16) -> Session {
        Session::start_with(support::process(), args, columns, rows, Start::Controlling)
    }

    fn start_with(
        mut command: Command,
        args: &[&str],
        columns: u16,
        rows: u16,
        start: Start,
    ) -> Session {
        let (master, slave) = open_pty(columns, rows);
        if !command.get_envs().any(|(key, _)| key == "TERM") {
            command.env("TERM", "xterm-256color");
        }
        if !command.get_envs().any(|(key, _)| key == "NO_COLOR") {
            command.env_remove("NO_COLOR");
        }
        command
            .args(args)
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave.try_clone().unwrap()));
        if start == Start::Controlling {
            // SAFETY: only async-signal-safe calls between fork and exec.
            unsafe {
                command.pre_exec(|| {
                    if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        let child = command.spawn().expect("the binary starts");
        let output = Arc::new(Mutex::new(Vec::new()));
        let reading = Arc::new(AtomicBool::new(true));
        let stalled = Arc::new(AtomicBool::new(false));
        let reader = {
            let master = master.try_clone().unwrap();
            let sink = Arc::clone(&output);
            let reading = Arc::clone(&reading);
            let stalled = Arc::clone(&stalled);
            std::thread::spawn(move || read_until_stopped(master, &sink, &reading, &stalled))
        };
        Session {
            child,
            master: Some(master),
            slave,
            output,
            reading,
            stalled,
            reader: Some(reader),
            columns,
            rows,
        }
    }

    fn written(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    fn screen(&self) -> String {
        let size = |n: u16| std::num::NonZero::new(n).expect("a screen has rows and columns");
        let mut parser = vt100::Parser::new(size(self.rows), size(self.columns), 0);
        parser.process(&self.written());
        parser.screen().contents()
    }

    /// Waits until the screen shows `text`; fails with the screen after 15 s.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        let written = self.written();
        let tail = &written[written.len().saturating_sub(600)..];
        panic!(
            "waited for {text:?}; the screen shows:\n{}\nthe last bytes written: {:?}",
            self.screen(),
            String::from_utf8_lossy(tail)
        );
    }

    /// Waits until the child has written `bytes` (from `from` on); the time it was seen.
    fn wait_for_bytes(&self, bytes: &[u8], from: usize) -> Instant {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            let written = self.written();
            if written.len() > from && written[from..].windows(bytes.len()).any(|w| w == bytes) {
                return Instant::now();
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        panic!("waited for {:?}", String::from_utf8_lossy(bytes));
    }

    /// The background colour of a cell on the screen.
    fn background_at(&self, row: u16, column: u16) -> vt100::Color {
        let size = |n: u16| std::num::NonZero::new(n).expect("a screen has rows and columns");
        let mut parser = vt100::Parser::new(size(self.rows), size(self.columns), 0);
        parser.process(&self.written());
        parser.screen().cell(row, column).unwrap().bgcolor()
    }

    /// Waits until the child has written nothing for a while.
    fn wait_quiet(&self) {
        let mut seen = usize::MAX;
        loop {
            std::thread::sleep(Duration::from_millis(150));
            let now = self.output.lock().unwrap().len();
            if now == seen {
                return;
            }
            seen = now;
        }
    }

    fn type_keys(&mut self, keys: &str) {
        self.type_bytes(keys.as_bytes());
    }

    fn type_bytes(&mut self, bytes: &[u8]) {
        let master = self.master.as_mut().expect("the terminal is open");
        master.write_all(bytes).unwrap();
        master.flush().unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }

    fn signal(&self, signal: i32) {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.child.id() as i32, signal) };
    }

    /// Closes the terminal, as closing the window or a dropped SSH link does.
    fn hang_up(&mut self) {
        self.reading.store(false, Ordering::SeqCst);
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.master = None;
    }

    /// The exit status, if the child ends within `limit`.
    fn exit_within(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread drain what was written last.
                std::thread::sleep(Duration::from_millis(150));
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn wait_for_exit(&mut self) -> ExitStatus {
        match self.exit_within(Duration::from_secs(15)) {
            Some(status) => status,
            None => {
                let _ = self.child.kill();
                panic!("the explorer did not exit");
            }
        }
    }

    /// Whether the terminal is in line mode with echo (not raw).
    fn cooked(&self) -> bool {
        let mut settings: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: a valid descriptor and a termios to fill.
        assert_eq!(
            unsafe { libc::tcgetattr(self.slave.as_raw_fd(), &mut settings) },
            0
        );
        settings.c_lflag & libc::ICANON != 0 && settings.c_lflag & libc::ECHO != 0
    }

    /// The terminal is back to normal: echo and line editing on, main screen, cursor
    /// shown, mouse reporting and bracketed paste off.
    fn assert_restored(&self) {
        assert!(self.cooked(), "raw mode left on");
        let output = self.written();
        let text = String::from_utf8_lossy(&output);
        let last = |sequence: &str| text.rfind(sequence);
        for (on, off) in [
            ("\u{1b}[?1049h", "\u{1b}[?1049l"),
            ("\u{1b}[?1000h", "\u{1b}[?1000l"),
            ("\u{1b}[?2004h", "\u{1b}[?2004l"),
            ("\u{1b}[?25l", "\u{1b}[?25h"),
        ] {
            assert!(last(on).is_some(), "{on:?} was never sent");
            assert!(last(off) > last(on), "{off:?} does not come after {on:?}");
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.reading.store(false, Ordering::SeqCst);
    }
}

/// Copies what the child writes until told to stop (polling, so stopping never waits
/// on a read that might not return).
fn read_until_stopped(
    mut master: File,
    sink: &Mutex<Vec<u8>>,
    reading: &AtomicBool,
    stalled: &AtomicBool,
) {
    let mut buffer = [0u8; 8192];
    while reading.load(Ordering::SeqCst) {
        if stalled.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(10));
            continue;
        }
        let mut poll = libc::pollfd {
            fd: master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        if unsafe { libc::poll(&mut poll, 1, 20) } <= 0 {
            continue;
        }
        match master.read(&mut buffer) {
            Ok(0) | Err(_) => std::thread::sleep(Duration::from_millis(20)),
            Ok(n) => sink.lock().unwrap().extend_from_slice(&buffer[..n]),
        }
    }
}

fn open_pty(columns: u16, rows: u16) -> (File, OwnedFd) {
    let mut master = -1;
    let mut slave = -1;
    let size = libc::winsize {
        ws_row: rows,
        ws_col: columns,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: valid out-pointers; the descriptors are owned from here on.
    let result = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(result, 0, "openpty: {}", std::io::Error::last_os_error());
    // The child must not inherit the master, or the terminal could never close.
    // SAFETY: setting a flag on descriptors we own.
    unsafe {
        libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC);
        libc::fcntl(slave, libc::F_SETFD, libc::FD_CLOEXEC);
    }
    unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

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

/// `list` on a terminal: the table fits its width by cutting names, never ids (what
/// `show` needs); a terminal that reports 0×0 has an unknown width, so nothing is cut.
#[test]
fn list_on_a_terminal_keeps_every_id_whole() {
    let piped = support::process()
        .args([
            "--report",
            support::JIAXING,
            "list",
            "indicators",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(piped.stdout.as_slice());
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    let longest_id = ids.iter().map(|id| id.chars().count()).max().unwrap();
    assert!(
        longest_id + 20 < 80,
        "the test assumes ids shorter than the screen"
    );
    let table_on = |columns: u16| {
        let mut session = Session::start_with(
            support::process(),
            &["--report", support::JIAXING, "list", "indicators"],
            columns,
            24,
            Start::Detached,
        );
        assert!(session.wait_for_exit().success());
        let text = String::from_utf8(session.written()).unwrap();
        text.replace("\u{1b}[1m", "")
            .replace("\u{1b}[0m", "")
            .split("\r\n")
            .filter(|line| !line.is_empty())
            .map(str::to_string)
            .collect::<Vec<String>>()
    };
    let mut at_80 = table_on(80);
    let note = at_80.pop().unwrap();
    assert!(
        note.contains("left out at 80 columns") && note.contains("page"),
        "{note}"
    );
    let shown: Vec<&str> = at_80[1..]
        .iter()
        .map(|line| line.split("  ").next().unwrap())
        .collect();
    assert_eq!(shown, ids, "every id whole, in order");
    for line in &at_80 {
        assert!(
            unicode_width::UnicodeWidthStr::width(line.as_str()) <= 80,
            "{line}"
        );
    }
    let at_100 = table_on(100);
    assert!(at_100[0].starts_with("id") && at_100[0].contains("name"));
    assert!(
        at_100.iter().any(|line| line.contains('…')),
        "names are cut at 100"
    );
    for line in &at_100 {
        assert!(
            unicode_width::UnicodeWidthStr::width(line.as_str()) <= 100,
            "{line}"
        );
    }
    let at_200 = table_on(200);
    assert!(
        at_200[0].ends_with("page") && !at_200.last().unwrap().contains("left out"),
        "every column at 200: {}",
        at_200[0]
    );
    let unknown = table_on(0);
    assert!(
        !unknown.iter().any(|line| line.contains('…')),
        "0×0 cut the table"
    );
    assert_eq!(
        unknown.len(),
        ids.len() + 1,
        "no note when nothing is left out"
    );
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

/// On a terminal, `--color never` and NO_COLOR take the colour out of tables and of the
/// explorer (which still marks the selection, in reverse video).
#[test]
fn no_colour_on_a_terminal_when_asked() {
    let coloured = |args: &[&str], no_color: bool| {
        let mut command = support::process();
        if no_color {
            command.env("NO_COLOR", "1");
        }
        let mut session = Session::start_with(command, args, 100, 30, Start::Controlling);
        if !args.contains(&"list") {
            session.wait_for("Reader");
            session.type_keys("q");
        }
        assert!(session.wait_for_exit().success());
        let written = String::from_utf8_lossy(&session.written()).into_owned();
        (written.contains("\u{1b}[1m"), sets_a_colour(&written))
    };
    assert!(coloured(&["list", "chapters"], false).0);
    assert!(!coloured(&["list", "chapters", "--color", "never"], false).0);
    assert!(!coloured(&["list", "chapters"], true).0);
    let explorer = |args: &[&str], no_color: bool| coloured(args, no_color).1;
    assert!(explorer(&[], false), "the explorer is coloured by default");
    assert!(!explorer(&["--color", "never"], false));
    assert!(!explorer(&[], true));
}

/// Whether any SGR sequence (`ESC [ … m`) sets a foreground or background colour.
fn sets_a_colour(written: &str) -> bool {
    written.split("\u{1b}[").skip(1).any(|sequence| {
        let end = sequence
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(sequence.len());
        if !sequence[end..].starts_with('m') {
            return false;
        }
        sequence[..end]
            .split([';', ':'])
            .filter_map(|p| p.parse::<u16>().ok())
            .any(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
    })
}

/// The explorer started without `--theme`, with no COLORFGBG to go by.
fn start_without_theme() -> Session {
    let mut command = support::process();
    command.env_remove("COLORFGBG");
    Session::start_with(command, &[], 100, 30, Start::Controlling)
}

const BACKGROUND_QUERY: &[u8] = b"\x1b]11;?\x07";
const FIRST_FRAME: &[u8] = b"\x1b[?2026h";

/// The active tab's background: cyan in `dark`, blue in `light`.
const DARK_TAB: vt100::Color = vt100::Color::Idx(6);
const LIGHT_TAB: vt100::Color = vt100::Color::Idx(4);

#[test]
fn a_light_terminal_background_picks_the_light_theme() {
    let mut session = start_without_theme();
    session.wait_for_bytes(BACKGROUND_QUERY, 0);
    // As xterm answers (ST-terminated), a Solarized Light background.
    session.type_bytes(b"\x1b]11;rgb:fdfd/f6f6/e3e3\x1b\\\x1b[?64;1;2;6;22c");
    session.wait_for("51486");
    assert_eq!(session.background_at(0, 1), LIGHT_TAB);
    // The theme key goes on from there.
    session.type_keys("t");
    session.wait_for("Theme: contrast");
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
    session.assert_restored();
}

#[test]
fn without_an_answer_the_first_frame_still_comes_in_the_fallback_theme() {
    let mut session = start_without_theme();
    // No time is asserted (shared machines are noisy): the first frame comes after the
    // query goes unanswered, in the fallback theme.
    session.wait_for_bytes(BACKGROUND_QUERY, 0);
    let start = session.written().len();
    session.wait_for_bytes(FIRST_FRAME, start.saturating_sub(FIRST_FRAME.len()));
    session.wait_for("51486");
    assert_eq!(session.background_at(0, 1), DARK_TAB);
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}

#[test]
fn a_terminal_that_answers_only_da1_keeps_the_fallback_and_a_late_answer_is_no_keys() {
    let mut session = start_without_theme();
    session.wait_for_bytes(BACKGROUND_QUERY, 0);
    // DA1 alone: the terminal does not know OSC 11.
    session.type_bytes(b"\x1b[?62;22c");
    session.wait_for("51486");
    assert_eq!(session.background_at(0, 1), DARK_TAB);
    // An answer long after (by then ignored): none of it is typed (`1` would open
    // chapter 1 in the reader, `r` the reader).
    session.type_bytes(b"\x1b]11;rgb:ffff/ffff/ffff\x07");
    session.wait_quiet();
    let screen = session.screen();
    assert!(!screen.contains("Reader 阅读 ·"), "{screen}");
    assert_eq!(session.background_at(0, 1), DARK_TAB);
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}

#[test]
fn an_answer_after_the_timeout_still_picks_the_theme() {
    let mut session = start_without_theme();
    session.wait_for_bytes(BACKGROUND_QUERY, 0);
    session.wait_for("51486");
    assert_eq!(session.background_at(0, 1), DARK_TAB);
    // Over a slow link the answer comes after the first frame: it is applied then.
    session.type_bytes(b"\x1b]11;rgb:ffff/ffff/ffff\x07");
    session.wait_quiet();
    assert_eq!(session.background_at(0, 1), LIGHT_TAB);
    assert!(!session.screen().contains("Reader 阅读 ·"));
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}

#[test]
fn a_named_theme_asks_nothing() {
    let mut session = Session::start(&["--theme", "projector-light"], 100, 30);
    session.wait_for("51486");
    assert!(
        !session
            .written()
            .windows(BACKGROUND_QUERY.len())
            .any(|w| w == BACKGROUND_QUERY)
    );
    // Every cell on the painted white (the screen's last row and column too).
    for (row, column) in [(0, 99), (15, 50), (29, 0), (29, 99)] {
        assert_eq!(
            session.background_at(row, column),
            vt100::Color::Idx(231),
            "({row}, {column})"
        );
    }
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

use crate::support::synth;

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

//! The real binary in a pseudo-terminal: it starts, finds a school by pinyin initials,
//! jumps to it, quits — and leaves the terminal as it found it. Also on SIGTERM and SIGHUP
//! (an SSH link dropping). The screen is read through a VT100 parser.

#![cfg(unix)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A child process on its own pseudo-terminal, with everything it wrote.
struct Session {
    child: Child,
    master: File,
    /// Kept open so the terminal's settings can be read after the child exits.
    slave: OwnedFd,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    fn start(args: &[&str], columns: u16, rows: u16) -> Session {
        let (master, slave) = open_pty(columns, rows);
        let mut command = Command::new(env!("CARGO_BIN_EXE_nianbao"));
        command
            .args(args)
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave.try_clone().unwrap()));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("the binary starts");
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().unwrap();
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
        Session {
            child,
            master,
            slave,
            output,
        }
    }

    fn screen(&self, columns: u16, rows: u16) -> String {
        let size = |n: u16| std::num::NonZero::new(n).expect("a screen has rows and columns");
        let mut parser = vt100::Parser::new(size(rows), size(columns), 0);
        parser.process(&self.output.lock().unwrap());
        parser.screen().contents()
    }

    /// Waits until the screen shows `text`; fails with the screen after 15 s.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.screen(80, 24).contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "waited for {text:?}; the screen shows:\n{}",
            self.screen(80, 24)
        );
    }

    fn type_keys(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).unwrap();
        self.master.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    fn wait_for_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread drain what was written last.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("the explorer did not exit");
    }

    /// The terminal is back to normal: echo and line editing on, main screen, cursor
    /// shown, mouse reporting off.
    fn assert_restored(&self) {
        let mut settings: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: a valid descriptor and a termios to fill.
        assert_eq!(
            unsafe { libc::tcgetattr(self.slave.as_raw_fd(), &mut settings) },
            0
        );
        assert!(
            settings.c_lflag & libc::ICANON != 0,
            "raw mode left on (no ICANON)"
        );
        assert!(
            settings.c_lflag & libc::ECHO != 0,
            "raw mode left on (no ECHO)"
        );
        let output = self.output.lock().unwrap();
        let text = String::from_utf8_lossy(&output);
        let entered = text
            .rfind("\u{1b}[?1049h")
            .expect("entered the alternate screen");
        let left = text
            .rfind("\u{1b}[?1049l")
            .expect("left the alternate screen");
        assert!(left > entered, "the alternate screen was left last");
        let hidden = text.rfind("\u{1b}[?25l").unwrap_or(0);
        let shown = text.rfind("\u{1b}[?25h").expect("showed the cursor");
        assert!(shown > hidden, "the cursor was shown again");
        let mouse_on = text.rfind("\u{1b}[?1000h").expect("captured the mouse");
        let mouse_off = text.rfind("\u{1b}[?1000l").expect("released the mouse");
        assert!(mouse_off > mouse_on);
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
    unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
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
    assert!(session.screen(80, 24).contains("Schools 学校 · 14"));
    session.type_keys("q");
    let status = session.wait_for_exit();
    assert!(status.success(), "{status:?}");
    session.assert_restored();
}

#[test]
fn a_terminating_signal_restores_the_terminal() {
    for signal in [libc::SIGTERM, libc::SIGHUP] {
        let mut session = Session::start(&["--open", "case:7"], 80, 24);
        session.wait_for("案例7");
        // SAFETY: signalling our own child.
        unsafe { libc::kill(session.child.id() as i32, signal) };
        session.wait_for_exit();
        session.assert_restored();
    }
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
    // SAFETY: resizing our own pseudo-terminal; the child gets SIGWINCH.
    unsafe { libc::ioctl(session.master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
    session.wait_for("Dashboard");
    session.type_keys("q");
    assert!(session.wait_for_exit().success());
    session.assert_restored();
}

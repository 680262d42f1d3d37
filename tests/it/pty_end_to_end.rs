//! The real binary in a pseudo-terminal, as a user on SSH meets it: it starts, finds a
//! school by pinyin and quits; it ends promptly with the terminal restored when the
//! terminal closes or a signal comes (exit status 128 + the signal); it suspends and
//! resumes; it takes a 10 KB paste without freezing and draws a burst of keys once; it
//! asks the terminal for its background (OSC 11) and picks its theme from the answer, or
//! falls back promptly without one. The screen is read through a VT100 parser.
//! Here, the harness (a `Session` on its own pseudo-terminal); the tests, by concern, in
//! the modules below.

#![cfg(unix)]

mod colour;
mod explorer;
mod progress;
mod signals;

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

//! The terminal device and the process around it: raw mode and the screen modes nianbao
//! turns on, waiting for input or a signal without spinning, reads that notice when the
//! terminal is gone, and job control (suspend on Ctrl-Z or SIGTSTP, resume on SIGCONT).

use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};

const INPUT: RawFd = libc::STDIN_FILENO;
const OUTPUT: RawFd = libc::STDOUT_FILENO;

/// Signals that end the explorer (exit status 128 + the signal).
pub const TERMINATING: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// After a terminating signal, the explorer has this long to end by itself; then the
/// signal thread restores the terminal and ends the process.
const GRACE: Duration = Duration::from_millis(500);

/// The terminal settings found on entering, put back on leaving, suspending, panicking.
static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);
/// Whether the screen modes are on (so an emergency restore knows to turn them off).
static ENTERED: AtomicBool = AtomicBool::new(false);

/// The screen modes: alternate screen, click and wheel reports in SGR form (no motion
/// reports), bracketed paste.
pub fn modes_on(mouse: bool) -> Vec<u8> {
    let mut bytes = b"\x1b[?1049h".to_vec();
    if mouse {
        bytes.extend_from_slice(b"\x1b[?1000h\x1b[?1006h");
    }
    bytes.extend_from_slice(b"\x1b[?2004h");
    bytes
}

/// Everything [`modes_on`] and a frame may have changed, undone.
const MODES_OFF: &[u8] = b"\x1b[?2004l\x1b[?1006l\x1b[?1000l\x1b[0m\x1b[?25h\x1b[?1049l";

/// Raw mode and the screen modes on. The settings found are kept for [`leave`].
pub fn enter(mouse: bool) -> io::Result<()> {
    let mut saved = lock_saved();
    // Entering again while entered (SIGCONT after a stop nianbao did not see) keeps the
    // settings found first: the current ones are nianbao's own raw mode.
    if saved.is_none() || !ENTERED.load(Ordering::SeqCst) {
        // SAFETY: a termios to fill from a descriptor open for the process's life.
        let mut settings: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(INPUT, &mut settings) } != 0 {
            return Err(io::Error::last_os_error());
        }
        *saved = Some(settings);
    }
    let Some(mut raw) = *saved else {
        return Err(io::Error::other("no terminal settings"));
    };
    drop(saved);
    // SAFETY: cfmakeraw only edits the struct; tcsetattr reads it.
    unsafe { libc::cfmakeraw(&mut raw) };
    if unsafe { libc::tcsetattr(INPUT, libc::TCSANOW, &raw) } != 0 {
        return Err(io::Error::last_os_error());
    }
    ENTERED.store(true, Ordering::SeqCst);
    write_all(&modes_on(mouse))
}

/// The terminal as it was: screen modes off, settings back. Safe to call at any time,
/// more than once, from a panic hook or another thread; does nothing if not entered.
pub fn leave() {
    if !ENTERED.swap(false, Ordering::SeqCst) {
        return;
    }
    // From the background (a job put there with `bg`) the terminal cannot be touched
    // without being stopped; its shell restores it when it takes it back.
    if !matches!(in_foreground(), Ok(true)) {
        return;
    }
    // The settings first: they never block, where writing to a stalled link can.
    // try_lock: never wait here, this may run while a thread that holds it is stuck.
    if let Ok(saved) = SAVED.try_lock()
        && let Some(settings) = saved.as_ref()
    {
        // SAFETY: restoring settings read from the same descriptor.
        unsafe { libc::tcsetattr(INPUT, libc::TCSANOW, settings) };
    }
    let _ = write_all(MODES_OFF);
}

fn lock_saved() -> std::sync::MutexGuard<'static, Option<libc::termios>> {
    SAVED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes all bytes to the terminal, retrying when a signal interrupts.
pub fn write_all(mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        // SAFETY: a valid buffer and its length.
        let written = unsafe { libc::write(OUTPUT, bytes.as_ptr().cast(), bytes.len()) };
        if written < 0 {
            let error = io::Error::last_os_error();
            if error.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(error);
        }
        if written == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[written as usize..];
    }
    Ok(())
}

/// The largest screen drawn: a terminal claiming 65535×65535 would otherwise make every
/// frame allocate gigabytes. Beyond it, the rest of the window stays blank.
pub const MAX_SIZE: (u16, u16) = (1000, 500);

/// The terminal's size in columns and rows (at most [`MAX_SIZE`]), if it says.
pub fn size() -> Option<(u16, u16)> {
    [OUTPUT, INPUT].into_iter().find_map(|fd| {
        // SAFETY: TIOCGWINSZ fills a winsize.
        let mut size: libc::winsize = unsafe { std::mem::zeroed() };
        let ok = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) } == 0;
        (ok && size.ws_col > 0 && size.ws_row > 0)
            .then_some((size.ws_col.min(MAX_SIZE.0), size.ws_row.min(MAX_SIZE.1)))
    })
}

/// Whether this process's group has the terminal (is in the foreground); an error means
/// the terminal is gone.
pub fn in_foreground() -> io::Result<bool> {
    // SAFETY: plain queries about the terminal and this process.
    let owner = unsafe { libc::tcgetpgrp(INPUT) };
    if owner < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(owner == unsafe { libc::getpgrp() })
}

/// What [`read_input`] got.
pub enum Received {
    Bytes(usize),
    /// End of file or an error: the terminal is gone (a closed window, a dropped link).
    Gone,
}

/// Reads what the terminal sent (call when [`wait`] says it is ready).
pub fn read_input(buffer: &mut [u8]) -> Received {
    // SAFETY: a valid buffer and its length.
    let count = unsafe { libc::read(INPUT, buffer.as_mut_ptr().cast(), buffer.len()) };
    match count {
        0 => Received::Gone,
        n if n > 0 => Received::Bytes(n as usize),
        _ => match io::Error::last_os_error().kind() {
            io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock => Received::Bytes(0),
            _ => Received::Gone,
        },
    }
}

/// Which of the two sources is ready.
#[derive(Debug, Default, Clone, Copy)]
pub struct Ready {
    pub input: bool,
    pub signal: bool,
}

/// Sleeps until the terminal has input (when `input` is asked for), a signal came, or
/// `timeout` passed (`None`: no timeout). Uses select(2), which works on terminals
/// everywhere (poll does not on macOS).
pub fn wait(signals: &Signals, timeout: Option<Duration>, input: bool) -> io::Result<Ready> {
    let signal_fd = signals.reader.as_raw_fd();
    if signal_fd >= libc::FD_SETSIZE as RawFd {
        return Err(io::Error::other(
            "too many open files to wait on the terminal",
        ));
    }
    // SAFETY: fd_sets are plain data, set up with the FD_ macros for descriptors below
    // FD_SETSIZE; the timeval lives across the call.
    unsafe {
        let mut set: libc::fd_set = std::mem::zeroed();
        libc::FD_ZERO(&mut set);
        if input {
            libc::FD_SET(INPUT, &mut set);
        }
        libc::FD_SET(signal_fd, &mut set);
        let mut limit = timeout.map(|t| libc::timeval {
            tv_sec: t.as_secs() as libc::time_t,
            tv_usec: t.subsec_micros() as libc::suseconds_t,
        });
        let limit_pointer = limit
            .as_mut()
            .map_or(std::ptr::null_mut(), |t| t as *mut libc::timeval);
        let count = libc::select(
            signal_fd.max(INPUT) + 1,
            &mut set,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            limit_pointer,
        );
        if count < 0 {
            let error = io::Error::last_os_error();
            return if error.kind() == io::ErrorKind::Interrupted {
                Ok(Ready::default())
            } else {
                Err(error)
            };
        }
        Ok(Ready {
            input: input && libc::FD_ISSET(INPUT, &set),
            signal: libc::FD_ISSET(signal_fd, &set),
        })
    }
}

/// Whether Ctrl-Z can stop the explorer safely: a job-control shell is there to continue
/// it, that is, some process of our group (we, or a wrapper script that started us) has a
/// parent in our session but in another group. Started straight from `ssh -t host
/// nianbao` there is none, and a stopped explorer could never come back.
pub fn job_control() -> bool {
    // SAFETY: plain queries about processes.
    let (group, session) = unsafe { (libc::getpgrp(), libc::getsid(0)) };
    let mut process = std::process::id() as libc::pid_t;
    // A chain of wrappers is short; the bound only guards against a loop.
    for _ in 0..64 {
        let Some(parent) = parent_of(process) else {
            return false;
        };
        if parent <= 1 {
            return false;
        }
        // SAFETY: as above.
        let (parent_group, parent_session) =
            unsafe { (libc::getpgid(parent), libc::getsid(parent)) };
        if parent_session == session && parent_group != group {
            return true;
        }
        if parent_group != group {
            return false;
        }
        process = parent;
    }
    false
}

/// A process's parent: our own from getppid, another's from /proc where there is one.
fn parent_of(process: libc::pid_t) -> Option<libc::pid_t> {
    if process == std::process::id() as libc::pid_t {
        // SAFETY: a plain query.
        return Some(unsafe { libc::getppid() });
    }
    let stat = std::fs::read_to_string(format!("/proc/{process}/stat")).ok()?;
    // `pid (name) state ppid …`: the name may hold spaces, so read after its `)`.
    stat.rsplit_once(") ")?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Stops the process group until SIGCONT (the terminal must already be given back), as
/// Ctrl-Z in a shell stops the whole job: a wrapper script that started nianbao stops
/// too, so the shell sees the job stopped and `fg` continues it.
pub fn stop() {
    // SAFETY: signalling our own process group. SIGSTOP cannot be caught, so this stops
    // even though SIGTSTP is handled (it is, to give the terminal back first).
    unsafe { libc::killpg(libc::getpgrp(), libc::SIGSTOP) };
}

/// Signals, delivered as bytes on a socket the event loop waits on, so they are handled
/// between events, never inside a signal handler.
pub struct Signals {
    reader: UnixStream,
    /// The pipe's other end, for [`Signals::waker`].
    writer: UnixStream,
    handle: signal_hook::iterator::Handle,
}

impl Signals {
    /// Listens for the terminating signals, window size changes and job control.
    pub fn listen() -> io::Result<Signals> {
        let (reader, writer) = UnixStream::pair()?;
        reader.set_nonblocking(true)?;
        let all = TERMINATING.into_iter().chain([SIGWINCH, SIGTSTP, SIGCONT]);
        let mut signals = signal_hook::iterator::Signals::new(all)?;
        let handle = signals.handle();
        let own_end = writer.try_clone()?;
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    let _ = (&writer).write_all(&[signal as u8]);
                    if TERMINATING.contains(&signal) {
                        std::thread::spawn(move || end_after_grace(signal));
                    }
                }
            })?;
        Ok(Signals {
            reader,
            writer: own_end,
            handle,
        })
    }

    /// Something another thread calls to end [`wait`]: it writes a zero byte, which no
    /// signal is, so [`Signals::take`] gives a 0 that nothing acts on.
    pub fn waker(&self) -> io::Result<crate::app::searching::Waker> {
        let writer = self.writer.try_clone()?;
        Ok(std::sync::Arc::new(move || {
            let _ = (&writer).write_all(&[0]);
        }))
    }

    /// The signals that came since the last call, in order.
    pub fn take(&mut self) -> Vec<i32> {
        let mut bytes = [0u8; 64];
        let mut signals = Vec::new();
        while let Ok(count) = self.reader.read(&mut bytes) {
            if count == 0 {
                break;
            }
            signals.extend(bytes[..count].iter().map(|&b| i32::from(b)));
        }
        signals
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        self.handle.close();
    }
}

/// The backstop for a terminating signal: if the explorer is stuck (a write blocked on
/// a stalled link), the terminal is restored and the process ends anyway.
fn end_after_grace(signal: i32) {
    std::thread::sleep(GRACE);
    // Restoring may block on the same stalled link: it gets a moment, not a veto.
    std::thread::spawn(leave);
    std::thread::sleep(Duration::from_millis(100));
    // SAFETY: ending the process without running anything else.
    unsafe { libc::_exit(128 + signal) };
}

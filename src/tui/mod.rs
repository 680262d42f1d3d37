//! The terminal runtime: the explorer on a real terminal. It waits on input and signals
//! (never on a timer, so an idle explorer writes nothing), reads every pending byte before
//! drawing once, writes only what changed, and ends promptly with the terminal restored
//! when the user quits, a signal comes or the terminal goes away. Ctrl-Z and SIGTSTP
//! suspend it; SIGCONT resumes it with a full redraw.

mod input;
mod osc52;
mod screen;
mod session;
#[cfg(unix)]
mod tty;

pub use input::{Input, InputParser, PASTE_LIMIT};
pub use screen::Screen;
pub use session::{Request, Session};

use crate::app::App;
use crate::ui::Theme;

/// How the explorer looks and listens.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub theme: Theme,
    pub mouse: bool,
}

/// How the explorer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    /// A terminating signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT).
    Signal(i32),
    /// The terminal went away (end of file or an error on it: a closed window, a
    /// dropped SSH link).
    TerminalGone,
}

impl Ending {
    /// The exit status: 0 after quitting, 128 + the signal after one, and 129 (as for
    /// SIGHUP, a hang-up) when the terminal went away.
    pub fn exit_code(self) -> u8 {
        match self {
            Ending::Quit => 0,
            Ending::Signal(signal) => u8::try_from(128 + signal).unwrap_or(255),
            Ending::TerminalGone => 129,
        }
    }
}

/// The bytes that switch the screen modes on (alternate screen, mouse, paste), as the
/// runtime writes them before the first frame.
#[cfg(unix)]
pub fn modes_on(mouse: bool) -> Vec<u8> {
    tty::modes_on(mouse)
}

/// Runs the explorer on the process's terminal until it ends.
#[cfg(unix)]
pub fn run(app: App, options: Options) -> std::io::Result<Ending> {
    runtime::run(app, options)
}

/// Runs the explorer: only Unix terminals are supported so far.
#[cfg(not(unix))]
pub fn run(_app: App, _options: Options) -> std::io::Result<Ending> {
    Err(std::io::Error::other(
        "the explorer needs a Unix terminal; the subcommands work here",
    ))
}

#[cfg(unix)]
mod runtime {
    use std::io;

    use signal_hook::consts::{SIGCONT, SIGTSTP, SIGWINCH};

    use super::session::{Request, Session};
    use super::tty::{self, Received, Signals};
    use super::{Ending, Options};
    use crate::app::App;

    /// The most input read before a frame is drawn, so a flood still shows progress.
    const BATCH_LIMIT: usize = 1 << 20;

    /// Puts the terminal back however `run` ends (return, error, unwinding panic).
    struct Restore;

    impl Drop for Restore {
        fn drop(&mut self) {
            tty::leave();
        }
    }

    pub fn run(mut app: App, options: Options) -> io::Result<Ending> {
        let mut signals = Signals::listen()?;
        let previous_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            tty::leave();
            previous_hook(info);
        }));
        tty::enter(options.mouse)?;
        let _restore = Restore;
        if let Some((width, height)) = tty::size() {
            app.apply(crate::app::Action::Resize(width, height));
        }
        let mut runtime = Runtime {
            session: Session::new(app, options.theme),
            mouse: options.mouse,
            suspended: false,
        };
        runtime.event_loop(&mut signals)
    }

    struct Runtime {
        session: Session,
        mouse: bool,
        /// Stopped, or continued without the terminal (in the background): nothing is
        /// drawn or read until SIGCONT finds the explorer in the foreground again.
        suspended: bool,
    }

    impl Runtime {
        fn event_loop(&mut self, signals: &mut Signals) -> io::Result<Ending> {
            let mut out = Vec::with_capacity(1 << 16);
            let mut buffer = vec![0u8; 1 << 16];
            loop {
                if !self.suspended {
                    out.clear();
                    self.session.render(&mut out);
                    if !out.is_empty() && tty::write_all(&out).is_err() {
                        return Ok(Ending::TerminalGone);
                    }
                }
                let patience = if self.suspended {
                    None
                } else {
                    self.session.patience()
                };
                let ready = tty::wait(signals, patience, !self.suspended)?;
                if ready.signal {
                    for signal in signals.take() {
                        if let Some(ending) = self.on_signal(signal) {
                            return Ok(ending);
                        }
                    }
                }
                if self.suspended {
                    continue;
                }
                let request = if ready.input {
                    match self.read_burst(signals, &mut buffer)? {
                        Some(request) => request,
                        None => return Ok(Ending::TerminalGone),
                    }
                } else if !ready.signal && patience.is_some() {
                    self.session.flush_input()
                } else {
                    Request::Continue
                };
                match request {
                    Request::Continue => {}
                    Request::Quit => return Ok(Ending::Quit),
                    Request::Suspend if tty::job_control() => self.suspend(),
                    Request::Suspend => self
                        .session
                        .notify("Cannot suspend: no job-control shell here; q quits"),
                }
            }
        }

        /// Reads everything the terminal has sent (up to a limit) before one frame is
        /// drawn: a burst of keys costs one frame. `None` when the terminal is gone.
        fn read_burst(
            &mut self,
            signals: &Signals,
            buffer: &mut [u8],
        ) -> io::Result<Option<Request>> {
            let mut total = 0;
            loop {
                let count = match tty::read_input(buffer) {
                    Received::Bytes(count) => count,
                    Received::Gone => return Ok(None),
                };
                total += count;
                let request = self.session.feed(&buffer[..count]);
                if request != Request::Continue || total >= BATCH_LIMIT {
                    return Ok(Some(request));
                }
                let more = tty::wait(signals, Some(std::time::Duration::ZERO), true)?;
                if !more.input || more.signal {
                    return Ok(Some(request));
                }
            }
        }

        fn on_signal(&mut self, signal: i32) -> Option<Ending> {
            match signal {
                SIGWINCH if !self.suspended => self.resize(),
                SIGTSTP => self.suspend(),
                SIGCONT => return self.wake(),
                terminating if tty::TERMINATING.contains(&terminating) => {
                    return Some(Ending::Signal(terminating));
                }
                _ => {}
            }
            None
        }

        fn resize(&mut self) {
            if let Some((width, height)) = tty::size() {
                self.session.resize(width, height);
            }
        }

        /// Gives the terminal back and stops. What happens on waking is decided by the
        /// SIGCONT that wakes it (`fg` resumes; `bg` or `kill %1` leave it suspended).
        fn suspend(&mut self) {
            tty::leave();
            self.suspended = true;
            tty::stop();
        }

        /// SIGCONT: in the foreground, take the terminal again and repaint everything;
        /// in the background, touch nothing (that would stop it again) and wait.
        fn wake(&mut self) -> Option<Ending> {
            match tty::in_foreground() {
                Err(_) => Some(Ending::TerminalGone),
                Ok(false) => {
                    self.suspended = true;
                    None
                }
                Ok(true) => {
                    if tty::enter(self.mouse).is_err() {
                        return Some(Ending::TerminalGone);
                    }
                    self.suspended = false;
                    self.resize();
                    self.session.invalidate();
                    None
                }
            }
        }
    }
}

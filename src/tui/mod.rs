//! The terminal runtime: the explorer on a real terminal. It waits on input and signals
//! (never on a timer, so an idle explorer writes nothing), reads every pending byte before
//! drawing once, writes only what changed, and ends promptly with the terminal restored
//! when the user quits, a signal comes or the terminal goes away. Ctrl-Z and SIGTSTP
//! suspend it; SIGCONT resumes it with a full redraw. Without a theme named, it first asks
//! the terminal for its background (OSC 11) and waits briefly for the answer.

pub mod background;
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
    /// The theme to start with (the fallback, when the background is asked for).
    pub theme: Theme,
    pub mouse: bool,
    /// Ask the terminal for its background (OSC 11) before the first frame and start
    /// with `dark` or `light` to suit it; the first frame waits up to
    /// [`background::TIMEOUT`] for the answer.
    pub detect_background: bool,
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
    use std::time::{Duration, Instant};

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
        // A frame says what takes seconds before it starts, and a search of every
        // report wakes the wait below when it ends.
        let app = app
            .announcing_slow_work()
            .with_search_waker(signals.waker()?);
        let mut session = Session::new(app, options.theme);
        session.set_background_erase(erases_in_colour());
        let mut runtime = Runtime {
            session,
            mouse: options.mouse,
            suspended: false,
            hold: None,
        };
        if options.detect_background {
            if tty::write_all(super::background::QUERY).is_err() {
                return Ok(Ending::TerminalGone);
            }
            runtime.session.expect_background();
            runtime.hold = Some(Instant::now() + super::background::TIMEOUT);
        }
        runtime.event_loop(&mut signals)
    }

    /// Whether this terminal erases in the current background colour (bce), which the
    /// painted themes use: every common terminal does, and tmux does whatever is outside
    /// it; GNU screen does not unless configured (its sessions set STY; `-bce` terminal
    /// types say it is).
    fn erases_in_colour() -> bool {
        let term = std::env::var("TERM").unwrap_or_default();
        if term.ends_with("-bce") {
            return true;
        }
        let in_screen = std::env::var_os("STY").is_some()
            || term.starts_with("screen") && std::env::var_os("TMUX").is_none();
        !in_screen
    }

    struct Runtime {
        session: Session,
        mouse: bool,
        /// No frame before this time while the terminal's background is awaited (input
        /// that comes meanwhile is read and applied as usual).
        hold: Option<Instant>,
        /// Stopped, or continued without the terminal (in the background): nothing is
        /// drawn or read until SIGCONT finds the explorer in the foreground again.
        suspended: bool,
    }

    impl Runtime {
        fn event_loop(&mut self, signals: &mut Signals) -> io::Result<Ending> {
            let mut out = Vec::with_capacity(1 << 16);
            let mut buffer = vec![0u8; 1 << 16];
            loop {
                let held = self.held();
                if !self.suspended && held.is_none() {
                    self.session.collect_search(false);
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
                // Waiting for the background answer ends the wait early, but only the
                // parser's own patience running out flushes what it holds.
                let timeout = match (patience, held) {
                    (Some(p), Some(h)) => Some(p.min(h)),
                    (p, h) => p.or(h),
                };
                let ready = tty::wait(signals, timeout, !self.suspended)?;
                let parser_waited = patience.is_some() && held.is_none_or(|h| patience <= Some(h));
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
                } else if !ready.signal && parser_waited {
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

        /// How much longer the first frame waits for the terminal's background, if it
        /// still does.
        fn held(&mut self) -> Option<Duration> {
            let until = self.hold?;
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() || !self.session.awaiting_background() {
                self.hold = None;
                return None;
            }
            Some(left)
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

//! A progress bar on stderr for work over many reports (a batch ingest, `list`, `search`
//! and `compare` over a collection): drawn only when stderr is a terminal, at most ten
//! times a second, cleared when the work ends; never written into a pipe or a file.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Going through fewer reports than this ends within about half a second (a report is
/// read, parsed and checked in about 10 ms on one core of the reference machine), so it
/// gets no bar.
pub const BAR_FROM_REPORTS: usize = 50;

/// A bar counting steps, or nothing where it must not be drawn.
pub(super) struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar for `count` steps of `what` (a fixed phrase, never data), shown at once when
    /// stderr is a terminal that draws (not `TERM=dumb`).
    pub(super) fn new(what: &'static str, count: usize) -> Progress {
        let drawn = std::io::stderr().is_terminal()
            && !std::env::var("TERM").is_ok_and(|term| term == "dumb");
        if !drawn || count == 0 {
            return Progress { bar: None };
        }
        let style = ProgressStyle::with_template("{msg} [{wide_bar}] {pos}/{len}").map_or_else(
            |_| ProgressStyle::default_bar(),
            |s| s.progress_chars("=> "),
        );
        // indicatif ignores a write that fails: a terminal that is gone ends nothing here.
        let bar = ProgressBar::with_draw_target(
            Some(count as u64),
            ProgressDrawTarget::stderr_with_hz(10),
        )
        .with_style(style)
        .with_message(what);
        bar.tick();
        Progress { bar: Some(bar) }
    }

    /// A bar for going through `count` reports of a collection: only when there are
    /// enough of them to take a while ([`BAR_FROM_REPORTS`]).
    pub(super) fn over_reports(what: &'static str, count: usize) -> Progress {
        if count < BAR_FROM_REPORTS {
            return Progress { bar: None };
        }
        Progress::new(what, count)
    }

    /// One step done (from any thread).
    pub(super) fn step(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// So many steps done.
    pub(super) fn set_position(&self, done: usize) {
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
        }
    }

    /// Runs `f`, which writes to the terminal, with the bar taken off the screen meanwhile.
    pub(super) fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

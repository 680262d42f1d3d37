//! The terminal runtime: raw mode and the alternate screen, input mapped to actions, a
//! redraw after each event (never on a timer), and the terminal restored on quit, on
//! panic and on SIGTERM/SIGHUP (an SSH link dropping).

use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use color_eyre::eyre::{Result, WrapErr};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use crate::app::keymap::action_for;
use crate::app::{Action, App};
use crate::ui::{Theme, draw};

/// How the explorer looks and listens.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub theme: Theme,
    pub mouse: bool,
}

/// Puts the terminal back as it was: raw mode off, main screen, cursor shown, mouse off.
/// Safe to call more than once and from a panic hook.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped, however the explorer ends.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Runs the explorer until the user quits or a terminating signal arrives.
pub fn run(mut app: App, options: Options) -> Result<()> {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .wrap_err("cannot listen for signals")?;
    }
    enable_raw_mode().wrap_err("cannot put the terminal in raw mode")?;
    let _restore = Restore;
    let mut stdout = io::stdout();
    execute!(stdout, EnterAlternateScreen).wrap_err("cannot enter the alternate screen")?;
    if options.mouse {
        execute!(stdout, EnableMouseCapture).wrap_err("cannot capture the mouse")?;
    }
    let mut terminal =
        Terminal::new(CrosstermBackend::new(stdout)).wrap_err("cannot start the terminal")?;
    let size = terminal.size()?;
    app.apply(Action::Resize(size.width, size.height));
    event_loop(&mut terminal, &mut app, &options, &stop)
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    options: &Options,
    stop: &AtomicBool,
) -> Result<()> {
    terminal.draw(|frame| draw(frame, app, &options.theme))?;
    while !app.quit && !stop.load(Ordering::Relaxed) {
        // Wake up now and then only to notice signals; nothing is drawn without an event.
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        let Some(action) = action_of(app, event::read()?) else {
            continue;
        };
        app.apply(action);
        if !app.quit {
            terminal.draw(|frame| draw(frame, app, &options.theme))?;
        }
    }
    Ok(())
}

/// The action an input event means here, if any.
fn action_of(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            action_for(app.keymap(), app.mode(), key)
        }
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
                MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
                _ => None,
            }
        }
        _ => None,
    }
}

//! The explorer between the terminal's bytes: input bytes become actions on the app, the
//! app becomes a frame, the frame becomes the fewest output bytes. No system calls, so a
//! test can type bytes and count what would be written.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell as BufferCell;
use ratatui::layout::{Position, Size};

use super::input::{Input, InputParser};
use super::screen::Screen;
use crate::app::keymap::action_for;
use crate::app::{Action, App, Effect};
use crate::settings::ThemeName;
use crate::ui::{Theme, draw};

/// What the runtime must do after some input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    Continue,
    Quit,
    /// Ctrl-Z: give the terminal back and stop until `fg`.
    Suspend,
}

/// The app, its input parser and its screen model.
pub struct Session {
    app: App,
    /// The theme drawn with: the app's choice of name (the theme key changes it), in
    /// colour or not, rises coloured as asked.
    theme: Theme,
    /// Whether an answer to OSC 11 (the terminal's background) may still choose the
    /// theme: asked for, not answered, and no theme chosen by key meanwhile.
    awaiting_background: bool,
    parser: InputParser,
    terminal: Terminal<FrameBackend>,
    /// Where the last drawn frame wants the cursor (`None`: hidden).
    cursor: Rc<Cell<Option<Position>>>,
    screen: Screen,
    frames: usize,
    /// Text to put on the clipboard before the next frame (the last copy asked for).
    clipboard: Option<String>,
}

impl Session {
    /// A session for an app at the app's terminal size.
    pub fn new(app: App, theme: Theme) -> Session {
        let app = app.with_theme(theme.name, theme.colour);
        let cursor = Rc::new(Cell::new(None));
        let backend = FrameBackend {
            size: Size::new(app.size.0, app.size.1),
            cursor: Rc::clone(&cursor),
            visible: false,
            position: Position::ORIGIN,
        };
        let terminal = Terminal::new(backend).expect("a frame backend cannot fail");
        Session {
            app,
            theme,
            awaiting_background: false,
            parser: InputParser::default(),
            terminal,
            cursor,
            screen: Screen::default(),
            frames: 0,
            clipboard: None,
        }
    }

    pub fn app(&self) -> &App {
        &self.app
    }

    /// The theme the next frame is drawn with.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The terminal has been asked for its background (OSC 11, then DA1): its answer,
    /// whenever it comes, chooses `dark` or `light`, unless a theme is chosen by key first
    /// or the terminal answers DA1 first (it does not know OSC 11).
    pub fn expect_background(&mut self) {
        self.awaiting_background = true;
    }

    /// Whether the answer about the background is still awaited.
    pub fn awaiting_background(&self) -> bool {
        self.awaiting_background
    }

    /// Frames that wrote anything so far.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Takes input bytes: every finished key, click or paste is applied in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Request {
        let mut inputs = Vec::new();
        self.parser.push(bytes, &mut inputs);
        self.handle(inputs)
    }

    /// How long to wait for the rest of an unfinished sequence before [`Session::flush_input`];
    /// no time at all when the app announced slow work, which the flush then does.
    pub fn patience(&self) -> Option<Duration> {
        if self.app.slow_work_pending() {
            return Some(Duration::ZERO);
        }
        self.parser.patience()
    }

    /// The rest of a sequence did not come: take what is waiting as keys (a lone Esc).
    pub fn flush_input(&mut self) -> Request {
        let mut inputs = Vec::new();
        self.parser.flush(&mut inputs);
        self.handle(inputs)
    }

    /// The terminal has a new size.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.terminal.backend_mut().size = Size::new(width, height);
        self.act(Action::Resize(width, height));
    }

    /// Shows a one-off message in the status bar.
    pub fn notify(&mut self, message: &str) {
        self.act(Action::Notify(message.to_string()));
    }

    /// Whether the terminal erases in the current background colour (most do; GNU
    /// screen does not by default): a painted theme's blanks are erased, or written.
    pub fn set_background_erase(&mut self, on: bool) {
        self.screen.set_background_erase(on);
    }

    /// The next frame repaints the whole screen (after resuming, or on Ctrl-L).
    pub fn invalidate(&mut self) {
        self.screen.invalidate();
    }

    fn handle(&mut self, inputs: Vec<Input>) -> Request {
        let mut request = Request::Continue;
        for input in inputs {
            let action = match input {
                Input::Background(colour) => std::mem::take(&mut self.awaiting_background)
                    .then(|| Action::Theme(ThemeName::for_background(colour))),
                Input::DeviceAttributes => {
                    self.awaiting_background = false;
                    None
                }
                Input::Key(key) => action_for(self.app.keymap(), self.app.mode(), key),
                Input::Paste(text) => Some(Action::Paste(text)),
                Input::Click { column, row } => Some(Action::Click { column, row }),
                Input::Wheel {
                    up: true,
                    column,
                    row,
                } => Some(Action::ScrollUp { column, row }),
                Input::Wheel { column, row, .. } => Some(Action::ScrollDown { column, row }),
            };
            if let Some(action) = action {
                request = self.act(action);
                if request != Request::Continue {
                    break;
                }
            }
        }
        self.app.settle();
        request
    }

    /// Applies an action and carries out what it asks for; says whether to go on.
    fn act(&mut self, action: Action) -> Request {
        let mut request = Request::Continue;
        for effect in self.app.act(action) {
            match effect {
                Effect::Copy(text) => self.clipboard = Some(text),
                Effect::Quit => request = Request::Quit,
                Effect::Suspend => request = Request::Suspend,
                Effect::Redraw => self.invalidate(),
                Effect::Theme(name) => {
                    // A theme chosen by key is not overruled by a late answer.
                    self.awaiting_background = false;
                    self.theme = self.theme.renamed(name);
                }
            }
        }
        request
    }

    /// Shows the hits of a background search that has ended (blocking until it has with
    /// `wait`): the runtime calls it before each frame.
    pub fn collect_search(&mut self, wait: bool) {
        self.app.collect_search(wait);
    }

    /// Appends the bytes that bring the terminal up to date: a pending copy (OSC 52),
    /// then the changed part of the frame. Nothing when nothing changed.
    pub fn render(&mut self, out: &mut Vec<u8>) {
        if let Some(text) = self.clipboard.take() {
            super::osc52::copy(&text, out);
        }
        let Self {
            app,
            theme,
            terminal,
            screen,
            cursor,
            ..
        } = self;
        let before = out.len();
        match terminal.draw(|frame| draw(frame, app, theme)) {
            Ok(completed) => screen.render(completed.buffer, cursor.get(), out),
            Err(never) => match never {},
        }
        if out.len() > before {
            self.frames += 1;
        }
    }
}

/// A ratatui backend that only keeps the size and the cursor: the session draws the
/// completed frame itself.
struct FrameBackend {
    size: Size,
    cursor: Rc<Cell<Option<Position>>>,
    visible: bool,
    position: Position,
}

impl Backend for FrameBackend {
    type Error = std::convert::Infallible;

    fn draw<'a, I>(&mut self, _content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a BufferCell)>,
    {
        Ok(())
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.visible = false;
        self.cursor.set(None);
        Ok(())
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.visible = true;
        self.cursor.set(Some(self.position));
        Ok(())
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        Ok(self.position)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.position = position.into();
        if self.visible {
            self.cursor.set(Some(self.position));
        }
        Ok(())
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }

    fn clear_region(&mut self, _clear_type: ClearType) -> Result<(), Self::Error> {
        Ok(())
    }

    fn size(&self) -> Result<Size, Self::Error> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

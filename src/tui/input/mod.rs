//! Terminal input as events: the bytes a terminal sends (keys, xterm escape sequences,
//! SGR mouse reports, bracketed paste, answers to queries) parsed without I/O, so the
//! runtime owns every read and a test can feed any byte string.

mod answers;
mod keys;
mod mouse;
mod paste;
#[cfg(test)]
mod tests;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::palette::Rgb;

use answers::is_osc_start;
use keys::{parse_escape, parse_plain};

/// One thing the user did at the terminal, or the terminal's answer to a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    /// A left click at a cell (0-based).
    Click {
        column: u16,
        row: u16,
    },
    /// The wheel turned over a cell.
    Wheel {
        up: bool,
        column: u16,
        row: u16,
    },
    /// Text pasted between the bracketed-paste markers, newlines included.
    Paste(String),
    /// The terminal's background colour, its answer to OSC 11.
    Background(Rgb),
    /// The terminal's primary device attributes (its answer to DA1, which follows the
    /// OSC 11 query: a terminal that answers this first does not know OSC 11).
    DeviceAttributes,
}

/// The most of one paste kept; the rest is read and dropped so memory stays bounded.
pub const PASTE_LIMIT: usize = 64 * 1024;

const ESC: u8 = 0x1b;
const PASTE_END: &[u8] = b"\x1b[201~";

/// Turns bytes into [`Input`]s; keeps an unfinished sequence until more bytes arrive or
/// [`InputParser::flush`] decides it was a lone Esc.
#[derive(Debug, Default)]
pub struct InputParser {
    pending: Vec<u8>,
    /// Inside a bracketed paste: what has been pasted so far.
    paste: Option<Vec<u8>>,
}

/// What the bytes at the front of the buffer are.
enum Parsed {
    /// A whole sequence of this many bytes, meaning this input (or nothing we use).
    Done(usize, Option<Input>),
    /// The start of a paste (bytes of its marker).
    PasteStart(usize),
    /// More bytes are needed to tell.
    Unfinished,
}

impl InputParser {
    /// Parses `bytes`, appending every finished input to `inputs`.
    pub fn push(&mut self, bytes: &[u8], inputs: &mut Vec<Input>) {
        self.pending.extend_from_slice(bytes);
        let mut start = 0;
        loop {
            if self.paste.is_some() {
                match self.take_paste(start) {
                    Some((used, text)) => {
                        start += used;
                        inputs.push(Input::Paste(text));
                    }
                    None => {
                        // Keep only what could be the start of the end marker.
                        let keep = self.pending.len().saturating_sub(PASTE_END.len() - 1);
                        let keep = keep.max(start);
                        let chunk = self.pending[start..keep].to_vec();
                        self.extend_paste(&chunk);
                        start = keep;
                        break;
                    }
                }
                continue;
            }
            if start >= self.pending.len() {
                break;
            }
            match parse(&self.pending[start..]) {
                Parsed::Done(used, input) => {
                    // Always forward, whatever a parser says: input can never stall.
                    start += used.max(1);
                    inputs.extend(input);
                }
                Parsed::PasteStart(used) => {
                    start += used;
                    self.paste = Some(Vec::new());
                }
                Parsed::Unfinished => break,
            }
        }
        self.pending.drain(..start);
    }

    /// How long to wait for the rest of what has begun before [`InputParser::flush`]:
    /// briefly after an Esc (a lone Esc looks like the start of a sequence), longer inside
    /// a paste (a slow link delivers it in pieces); `None` when nothing has begun.
    pub fn patience(&self) -> Option<std::time::Duration> {
        if self.paste.is_some() {
            Some(std::time::Duration::from_millis(1000))
        } else if is_osc_start(&self.pending) {
            // A terminal's answer, cut by a slow link: its rest is on the way.
            Some(std::time::Duration::from_millis(500))
        } else if self.pending.is_empty() {
            None
        } else {
            Some(std::time::Duration::from_millis(50))
        }
    }

    /// No more bytes came in time: what is waiting is keys after all (Esc, Alt-[ …), and a
    /// paste whose end marker never came ends here, so input can never be swallowed.
    pub fn flush(&mut self, inputs: &mut Vec<Input>) {
        if self.paste.is_some() {
            let rest = std::mem::take(&mut self.pending);
            self.extend_paste(&rest);
            let pasted = self.paste.take().unwrap_or_default();
            inputs.push(Input::Paste(String::from_utf8_lossy(&pasted).into_owned()));
            return;
        }
        let waiting = std::mem::take(&mut self.pending);
        let mut rest = &waiting[..];
        while let Some((&first, tail)) = rest.split_first() {
            if is_osc_start(rest) {
                // Part of a terminal's answer that never ended: never keys.
                break;
            }
            if rest == [ESC, b']'] {
                // Alt-], or an answer cut after its first two bytes: Alt-] is harmless.
                inputs.push(Input::Key(key(KeyCode::Char(']'), KeyModifiers::ALT)));
                break;
            }
            if first == ESC {
                // Esc then the beginning of something unfinished: Esc, then the rest alone.
                inputs.push(Input::Key(key(KeyCode::Esc, KeyModifiers::NONE)));
                rest = tail;
                continue;
            }
            match parse(rest) {
                Parsed::Done(used, input) => {
                    inputs.extend(input);
                    rest = &rest[used.max(1)..];
                }
                // An unfinished UTF-8 character at the end: dropped.
                _ => break,
            }
        }
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn done(used: usize, code: KeyCode, modifiers: KeyModifiers) -> Parsed {
    Parsed::Done(used, Some(Input::Key(key(code, modifiers))))
}

/// Parses the input at the front of `bytes` (never empty).
fn parse(bytes: &[u8]) -> Parsed {
    match bytes[0] {
        ESC => parse_escape(bytes),
        _ => parse_plain(bytes),
    }
}

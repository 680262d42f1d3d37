//! Keys: control bytes and UTF-8 characters, Esc as Alt, and the xterm escape sequences
//! (CSI with modifiers, SS3) for cursor, editing and function keys. A CSI sequence may
//! also be a mouse report, a paste's start or a device-attributes answer: handed on here.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::answers::{is_osc_start, parse_osc};
use super::mouse::{parse_x10_mouse, sgr_mouse};
use super::{ESC, Input, Parsed, done};

/// A CSI sequence longer than this is garbage, not a key.
const SEQUENCE_LIMIT: usize = 64;

/// A key without an Esc prefix: a control byte or one UTF-8 character.
pub(super) fn parse_plain(bytes: &[u8]) -> Parsed {
    let none = KeyModifiers::NONE;
    let control = KeyModifiers::CONTROL;
    match bytes[0] {
        b'\r' => done(1, KeyCode::Enter, none),
        b'\t' => done(1, KeyCode::Tab, none),
        0x7f | 0x08 => done(1, KeyCode::Backspace, none),
        0x00 => done(1, KeyCode::Char(' '), control),
        byte @ 0x01..=0x1a => done(1, KeyCode::Char(char::from(byte - 1 + b'a')), control),
        byte @ 0x1c..=0x1f => done(1, KeyCode::Char(char::from(byte - 0x1c + b'4')), control),
        _ => parse_character(bytes),
    }
}

fn parse_character(bytes: &[u8]) -> Parsed {
    let length = match bytes[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        // Not the start of a character: skip the byte.
        _ => return Parsed::Done(1, None),
    };
    if bytes.len() < length {
        // A continuation byte that is not one means garbage, not an unfinished character.
        if bytes[1..].iter().any(|b| b & 0xc0 != 0x80) {
            return Parsed::Done(1, None);
        }
        return Parsed::Unfinished;
    }
    match std::str::from_utf8(&bytes[..length])
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) => {
            let modifiers = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            done(length, KeyCode::Char(c), modifiers)
        }
        None => Parsed::Done(1, None),
    }
}

pub(super) fn parse_escape(bytes: &[u8]) -> Parsed {
    let Some(&second) = bytes.get(1) else {
        return Parsed::Unfinished;
    };
    match second {
        b'[' => parse_csi(bytes),
        b'O' => parse_ss3(bytes),
        b']' if bytes.len() == 2 => Parsed::Unfinished,
        b']' if is_osc_start(bytes) => parse_osc(bytes),
        // Esc before a sequence is Alt (`Esc Esc [ D` is Alt-← in some terminals);
        // before anything else the first Esc is a key of its own.
        ESC => {
            let sequence = match bytes.get(2) {
                None => Parsed::Unfinished,
                Some(b'[') => parse_csi(&bytes[1..]),
                Some(b'O') => parse_ss3(&bytes[1..]),
                Some(_) => Parsed::Done(0, None),
            };
            match sequence {
                Parsed::Done(used, Some(Input::Key(mut event))) => {
                    event.modifiers |= KeyModifiers::ALT;
                    Parsed::Done(used + 1, Some(Input::Key(event)))
                }
                Parsed::Unfinished => Parsed::Unfinished,
                _ => done(1, KeyCode::Esc, KeyModifiers::NONE),
            }
        }
        _ => match parse_plain(&bytes[1..]) {
            // Esc then a key is that key with Alt (how terminals send Meta).
            Parsed::Done(used, Some(Input::Key(mut event))) => {
                event.modifiers |= KeyModifiers::ALT;
                Parsed::Done(used + 1, Some(Input::Key(event)))
            }
            Parsed::Done(used, other) => Parsed::Done(used + 1, other),
            other => other,
        },
    }
}

/// `Esc O x`: the application-mode arrows, Home/End and F1–F4.
fn parse_ss3(bytes: &[u8]) -> Parsed {
    let Some(&last) = bytes.get(2) else {
        return Parsed::Unfinished;
    };
    match final_key(last) {
        Some(code) => done(3, code, KeyModifiers::NONE),
        None => Parsed::Done(3, None),
    }
}

/// The key named by a CSI or SS3 final byte.
fn final_key(last: u8) -> Option<KeyCode> {
    Some(match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// `Esc [ params final`: cursor and editing keys, mouse reports, paste markers.
fn parse_csi(bytes: &[u8]) -> Parsed {
    if bytes.get(2) == Some(&b'M') {
        return parse_x10_mouse(bytes);
    }
    let Some(end) = bytes
        .iter()
        .skip(2)
        .position(|b| (0x40..=0x7e).contains(b))
        .map(|i| i + 2)
    else {
        return if bytes.len() > SEQUENCE_LIMIT
            || bytes[2..].iter().any(|b| !(0x20..=0x3f).contains(b))
        {
            // Not a sequence after all: drop the Esc and read on.
            Parsed::Done(1, None)
        } else {
            Parsed::Unfinished
        };
    };
    if bytes[2..end].iter().any(|b| !(0x20..=0x3f).contains(b)) {
        return Parsed::Done(1, None);
    }
    let body = &bytes[2..end];
    let used = end + 1;
    let last = bytes[end];
    if body.first() == Some(&b'<') {
        return Parsed::Done(used, sgr_mouse(&body[1..], last));
    }
    if body.first() == Some(&b'?') && last == b'c' {
        return Parsed::Done(used, Some(Input::DeviceAttributes));
    }
    let params: Vec<u16> = body
        .split(|&b| b == b';')
        .map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0)
        })
        .collect();
    let modifiers = params
        .get(1)
        .map_or(KeyModifiers::NONE, |&m| modifiers_of(m));
    if last == b'~' {
        let code = match params.first().copied().unwrap_or(0) {
            200 => return Parsed::PasteStart(used),
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            n @ 11..=15 => KeyCode::F((n - 10) as u8),
            n @ 17..=21 => KeyCode::F((n - 11) as u8),
            n @ 23..=24 => KeyCode::F((n - 12) as u8),
            _ => return Parsed::Done(used, None),
        };
        return done(used, code, modifiers);
    }
    if last == b'Z' {
        return done(used, KeyCode::BackTab, KeyModifiers::SHIFT | modifiers);
    }
    match final_key(last) {
        Some(code) => done(used, code, modifiers),
        None => Parsed::Done(used, None),
    }
}

/// xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4, meta 8).
fn modifiers_of(parameter: u16) -> KeyModifiers {
    let bits = parameter.saturating_sub(1);
    let mut modifiers = KeyModifiers::NONE;
    if bits & 1 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if bits & (2 | 8) != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    modifiers
}

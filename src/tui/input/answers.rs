//! The terminal's answers to queries: operating system commands (`Esc ] Ps ; Pt`), of
//! which an OSC 11 colour answer is the background; never taken for keys.

use super::{ESC, Input, Parsed};

/// An OSC answer longer than this is garbage (a colour answer is about 25 bytes).
const OSC_LIMIT: usize = 256;

const BEL: u8 = 0x07;

/// Whether the bytes begin an operating system command as terminals answer queries with:
/// `Esc ]` then a digit (Alt-] then a digit would look the same; nothing uses it).
pub(super) fn is_osc_start(bytes: &[u8]) -> bool {
    bytes.len() > 2 && bytes[0] == ESC && bytes[1] == b']' && bytes[2].is_ascii_digit()
}

/// `Esc ] Ps ; Pt` ended by BEL or `Esc \`: an answer from the terminal. A colour answer
/// to OSC 11 is [`Input::Background`]; anything else is read and dropped, and so is a
/// malformed one, up to where it went wrong.
pub(super) fn parse_osc(bytes: &[u8]) -> Parsed {
    for (i, &byte) in bytes.iter().enumerate().skip(2) {
        let end = match byte {
            BEL => Some(i + 1),
            ESC => match bytes.get(i + 1) {
                None => return Parsed::Unfinished,
                Some(b'\\') => Some(i + 2),
                // Not the string terminator: the answer was cut off; read on from here.
                Some(_) => return Parsed::Done(i, None),
            },
            // No control character belongs in the answer.
            0x00..=0x1f | 0x7f => return Parsed::Done(i, None),
            _ => None,
        };
        if let Some(end) = end {
            let input = crate::tui::background::parse_answer(&bytes[2..i]).map(Input::Background);
            return Parsed::Done(end, input);
        }
        if i >= OSC_LIMIT {
            return Parsed::Done(i, None);
        }
    }
    Parsed::Unfinished
}

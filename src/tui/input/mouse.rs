//! Mouse reports, SGR (mode 1006) and X10: left clicks and the wheel; releases, motion
//! and other buttons are read and dropped.

use super::{Input, Parsed};

/// `Esc [ < b ; x ; y M|m` (SGR, mode 1006). Only presses of the left button and the
/// wheel are of use; releases and motion are read and dropped.
pub(super) fn sgr_mouse(body: &[u8], last: u8) -> Option<Input> {
    let text = std::str::from_utf8(body).ok()?;
    let mut numbers = text.split(';').map(|n| n.parse::<u16>().ok());
    let (button, column, row) = (numbers.next()??, numbers.next()??, numbers.next()??);
    if last != b'M' {
        return None;
    }
    mouse(button, column.saturating_sub(1), row.saturating_sub(1))
}

/// `Esc [ M b x y`, each byte 32 more than its value (terminals without mode 1006).
pub(super) fn parse_x10_mouse(bytes: &[u8]) -> Parsed {
    if bytes.len() < 6 {
        return Parsed::Unfinished;
    }
    let value = |b: u8| u16::from(b.saturating_sub(32));
    let button = value(bytes[3]);
    let input = if button & 3 == 3 && button & 64 == 0 {
        None
    } else {
        mouse(
            button,
            value(bytes[4]).saturating_sub(1),
            value(bytes[5]).saturating_sub(1),
        )
    };
    Parsed::Done(6, input)
}

pub(super) fn mouse(button: u16, column: u16, row: u16) -> Option<Input> {
    if button & 64 != 0 {
        return match button & 3 {
            0 => Some(Input::Wheel {
                up: true,
                column,
                row,
            }),
            1 => Some(Input::Wheel {
                up: false,
                column,
                row,
            }),
            _ => None,
        };
    }
    (button & (32 | 3) == 0).then_some(Input::Click { column, row })
}

//! Terminal input as events: the bytes a terminal sends (keys, xterm escape sequences,
//! SGR mouse reports, bracketed paste, answers to queries) parsed without I/O, so the
//! runtime owns every read and a test can feed any byte string.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::palette::Rgb;

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

/// A CSI sequence longer than this is garbage, not a key.
const SEQUENCE_LIMIT: usize = 64;

/// An OSC answer longer than this is garbage (a colour answer is about 25 bytes).
const OSC_LIMIT: usize = 256;

const BEL: u8 = 0x07;

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

    /// The paste's end marker in the pending bytes from `start`: the bytes used and the text.
    fn take_paste(&mut self, start: usize) -> Option<(usize, String)> {
        let found = self.pending[start..]
            .windows(PASTE_END.len())
            .position(|w| w == PASTE_END)?;
        let chunk = self.pending[start..start + found].to_vec();
        self.extend_paste(&chunk);
        let pasted = self.paste.take().unwrap_or_default();
        Some((
            found + PASTE_END.len(),
            String::from_utf8_lossy(&pasted).into_owned(),
        ))
    }

    fn extend_paste(&mut self, chunk: &[u8]) {
        if let Some(paste) = self.paste.as_mut() {
            let room = PASTE_LIMIT.saturating_sub(paste.len());
            paste.extend_from_slice(&chunk[..chunk.len().min(room)]);
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

/// A key without an Esc prefix: a control byte or one UTF-8 character.
fn parse_plain(bytes: &[u8]) -> Parsed {
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

fn parse_escape(bytes: &[u8]) -> Parsed {
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

/// Whether the bytes begin an operating system command as terminals answer queries with:
/// `Esc ]` then a digit (Alt-] then a digit would look the same; nothing uses it).
fn is_osc_start(bytes: &[u8]) -> bool {
    bytes.len() > 2 && bytes[0] == ESC && bytes[1] == b']' && bytes[2].is_ascii_digit()
}

/// `Esc ] Ps ; Pt` ended by BEL or `Esc \`: an answer from the terminal. A colour answer
/// to OSC 11 is [`Input::Background`]; anything else is read and dropped, and so is a
/// malformed one, up to where it went wrong.
fn parse_osc(bytes: &[u8]) -> Parsed {
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
            let input = super::background::parse_answer(&bytes[2..i]).map(Input::Background);
            return Parsed::Done(end, input);
        }
        if i >= OSC_LIMIT {
            return Parsed::Done(i, None);
        }
    }
    Parsed::Unfinished
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

/// `Esc [ < b ; x ; y M|m` (SGR, mode 1006). Only presses of the left button and the
/// wheel are of use; releases and motion are read and dropped.
fn sgr_mouse(body: &[u8], last: u8) -> Option<Input> {
    let text = std::str::from_utf8(body).ok()?;
    let mut numbers = text.split(';').map(|n| n.parse::<u16>().ok());
    let (button, column, row) = (numbers.next()??, numbers.next()??, numbers.next()??);
    if last != b'M' {
        return None;
    }
    mouse(button, column.saturating_sub(1), row.saturating_sub(1))
}

/// `Esc [ M b x y`, each byte 32 more than its value (terminals without mode 1006).
fn parse_x10_mouse(bytes: &[u8]) -> Parsed {
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

fn mouse(button: u16, column: u16, row: u16) -> Option<Input> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(bytes: &[u8]) -> Vec<Input> {
        let mut parser = InputParser::default();
        let mut inputs = Vec::new();
        parser.push(bytes, &mut inputs);
        parser.flush(&mut inputs);
        inputs
    }

    fn keys(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        parse_all(bytes)
            .into_iter()
            .map(|input| match input {
                Input::Key(k) => (k.code, k.modifiers),
                other => panic!("not a key: {other:?}"),
            })
            .collect()
    }

    const NONE: KeyModifiers = KeyModifiers::NONE;

    #[test]
    fn plain_keys_and_control_bytes() {
        assert_eq!(
            keys(b"jG\r\t\x7f"),
            vec![
                (KeyCode::Char('j'), NONE),
                (KeyCode::Char('G'), KeyModifiers::SHIFT),
                (KeyCode::Enter, NONE),
                (KeyCode::Tab, NONE),
                (KeyCode::Backspace, NONE),
            ]
        );
        assert_eq!(
            keys(b"\x03\x1a\x15\x17"),
            ['c', 'z', 'u', 'w']
                .map(|c| (KeyCode::Char(c), KeyModifiers::CONTROL))
                .to_vec()
        );
        assert_eq!(keys("嘉兴".as_bytes()).len(), 2);
    }

    #[test]
    fn escape_sequences_name_keys_with_modifiers() {
        assert_eq!(
            keys(b"\x1b[A\x1bOB\x1b[5~\x1b[1;3D\x1b[Z\x1bb\x1b[3~\x1b[H\x1b[4~\x1b\x1b[D"),
            vec![
                (KeyCode::Up, NONE),
                (KeyCode::Down, NONE),
                (KeyCode::PageUp, NONE),
                (KeyCode::Left, KeyModifiers::ALT),
                (KeyCode::BackTab, KeyModifiers::SHIFT),
                (KeyCode::Char('b'), KeyModifiers::ALT),
                (KeyCode::Delete, NONE),
                (KeyCode::Home, NONE),
                (KeyCode::End, NONE),
                (KeyCode::Left, KeyModifiers::ALT),
            ]
        );
        assert_eq!(
            keys(b"\x1b\x1b"),
            vec![(KeyCode::Esc, NONE), (KeyCode::Esc, NONE)]
        );
    }

    #[test]
    fn a_lone_escape_waits_then_is_esc() {
        let mut parser = InputParser::default();
        let mut inputs = Vec::new();
        parser.push(b"\x1b", &mut inputs);
        assert!(inputs.is_empty());
        assert!(parser.patience().is_some());
        parser.flush(&mut inputs);
        assert_eq!(inputs, vec![Input::Key(key(KeyCode::Esc, NONE))]);
        assert!(parser.patience().is_none());
    }

    #[test]
    fn a_sequence_split_across_reads_is_one_key() {
        let mut parser = InputParser::default();
        let mut inputs = Vec::new();
        for byte in b"\x1b[1;5C" {
            parser.push(&[*byte], &mut inputs);
        }
        assert_eq!(
            inputs,
            vec![Input::Key(key(KeyCode::Right, KeyModifiers::CONTROL))]
        );
        let mut inputs = Vec::new();
        let text = "技".as_bytes();
        parser.push(&text[..1], &mut inputs);
        parser.push(&text[1..], &mut inputs);
        assert_eq!(inputs, vec![Input::Key(key(KeyCode::Char('技'), NONE))]);
    }

    #[test]
    fn mouse_reports_give_clicks_and_wheel_only() {
        assert_eq!(
            parse_all(
                b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<64;3;4M\x1b[<65;3;4M\x1b[<32;1;1M\x1b[M #%"
            ),
            vec![
                Input::Click { column: 9, row: 4 },
                Input::Wheel {
                    up: true,
                    column: 2,
                    row: 3
                },
                Input::Wheel {
                    up: false,
                    column: 2,
                    row: 3
                },
                Input::Click { column: 2, row: 4 },
            ]
        );
    }

    #[test]
    fn a_bracketed_paste_is_one_input_even_in_pieces() {
        let mut parser = InputParser::default();
        let mut inputs = Vec::new();
        parser.push(b"a\x1b[200~line one\r\nline", &mut inputs);
        parser.push(b" two\x1b[20", &mut inputs);
        assert!(parser.patience() > Some(std::time::Duration::from_millis(50)));
        parser.push(b"1~b", &mut inputs);
        assert_eq!(
            inputs,
            vec![
                Input::Key(key(KeyCode::Char('a'), NONE)),
                Input::Paste("line one\r\nline two".into()),
                Input::Key(key(KeyCode::Char('b'), NONE)),
            ]
        );
    }

    #[test]
    fn a_huge_paste_is_capped() {
        let mut parser = InputParser::default();
        let mut inputs = Vec::new();
        parser.push(b"\x1b[200~", &mut inputs);
        for _ in 0..100 {
            parser.push(&[b'x'; 10_000], &mut inputs);
        }
        parser.push(PASTE_END, &mut inputs);
        match &inputs[..] {
            [Input::Paste(text)] => assert_eq!(text.len(), PASTE_LIMIT),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_paste_that_never_ends_is_ended_by_the_timeout() {
        let mut parser = InputParser::default();
        let mut inputs = Vec::new();
        parser.push(b"\x1b[200~half a paste", &mut inputs);
        parser.flush(&mut inputs);
        parser.push(b"q", &mut inputs);
        assert_eq!(
            inputs,
            vec![
                Input::Paste("half a paste".into()),
                Input::Key(key(KeyCode::Char('q'), NONE))
            ]
        );
    }

    #[test]
    fn a_flood_of_escapes_is_parsed_without_recursion() {
        let flood = vec![ESC; 1_000_000];
        let inputs = parse_all(&flood);
        assert_eq!(inputs.len(), flood.len());
    }

    #[test]
    fn the_terminals_background_answer_is_never_keys() {
        let white = Input::Background(Rgb(255, 255, 255));
        // Ended by BEL or by ST (Esc \\), between keys.
        assert_eq!(
            parse_all(b"j\x1b]11;rgb:ffff/ffff/ffff\x07k"),
            vec![
                Input::Key(key(KeyCode::Char('j'), NONE)),
                white.clone(),
                Input::Key(key(KeyCode::Char('k'), NONE)),
            ]
        );
        assert_eq!(
            parse_all(b"\x1b]11;rgb:0000/2b2b/3636\x1b\\"),
            vec![Input::Background(Rgb(0, 0x2b, 0x36))]
        );
        // In pieces, as a slow link delivers it: the parser waits (longer than for an
        // Esc) and it is still one answer.
        let mut parser = InputParser::default();
        let mut inputs = Vec::new();
        for piece in [
            &b"\x1b]"[..],
            b"1",
            b"1;rgb:ff",
            b"ff/ffff/ffff\x1b",
            b"\\q",
        ] {
            parser.push(piece, &mut inputs);
            if inputs.is_empty() && piece != b"\x1b]" {
                assert!(parser.patience() > Some(std::time::Duration::from_millis(50)));
            }
        }
        assert_eq!(
            inputs,
            vec![white.clone(), Input::Key(key(KeyCode::Char('q'), NONE))]
        );
        // Other answers, and the answer to DA1.
        assert_eq!(parse_all(b"\x1b]10;rgb:0/0/0\x07"), vec![]);
        assert_eq!(
            parse_all(b"\x1b[?64;1;2;6;22c"),
            vec![Input::DeviceAttributes]
        );
    }

    #[test]
    fn an_answer_cut_short_is_dropped_not_typed() {
        // Half an answer, then nothing: the timeout drops it; no `1` opens chapter 1.
        let mut parser = InputParser::default();
        let mut inputs = Vec::new();
        parser.push(b"\x1b]11;rgb:ffff/ff", &mut inputs);
        parser.flush(&mut inputs);
        assert_eq!(inputs, vec![]);
        parser.push(b"j", &mut inputs);
        assert_eq!(inputs, vec![Input::Key(key(KeyCode::Char('j'), NONE))]);
        // An answer broken by another sequence: what follows is read as it is.
        assert_eq!(
            parse_all(b"\x1b]11;rgb:ff\x1b[A"),
            vec![Input::Key(key(KeyCode::Up, NONE))]
        );
        // A runaway one is cut at the limit.
        let mut flood = b"\x1b]11;".to_vec();
        flood.extend([b'x'; 1000]);
        flood.push(b'q');
        let mut parser = InputParser::default();
        let mut inputs = Vec::new();
        parser.push(&flood, &mut inputs);
        assert!(inputs.len() < 1000, "{}", inputs.len());
        // Alt-] alone is still Alt-].
        assert_eq!(
            keys(b"\x1b]"),
            vec![(KeyCode::Char(']'), KeyModifiers::ALT)]
        );
    }

    #[test]
    fn garbage_never_stalls_or_panics() {
        // Every byte value, in every position of a short sequence, then a key: the key
        // still comes through.
        for a in 0..=255u8 {
            for b in [0u8, b'[', b'<', b'O', 0x9b, 0xff, b';', b'M', b']'] {
                let mut parser = InputParser::default();
                let mut inputs = Vec::new();
                parser.push(&[ESC, b, a], &mut inputs);
                parser.flush(&mut inputs);
                assert!(parser.patience().is_none());
                parser.push(b"q", &mut inputs);
                assert!(
                    matches!(inputs.last(), Some(Input::Key(k)) if k.code == KeyCode::Char('q')),
                    "after {:?}: {inputs:?}",
                    [ESC, b, a]
                );
            }
        }
    }
}

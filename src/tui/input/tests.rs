//! Bytes fed to the parser, whole or split across reads: the keys, clicks, pastes and
//! answers they make, and what a flood or garbage makes (nothing stalls, nothing grows).

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
        parse_all(b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<64;3;4M\x1b[<65;3;4M\x1b[<32;1;1M\x1b[M #%"),
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

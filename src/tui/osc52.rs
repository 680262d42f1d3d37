//! Copying through the terminal (OSC 52): the text travels base64-encoded inside an escape
//! sequence, so it reaches the clipboard of the machine the user sits at, over SSH and
//! through tmux (`set -g set-clipboard on`).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends the sequence that puts `text` on the clipboard.
pub fn copy(text: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(b"\x1b]52;c;");
    base64(text.as_bytes(), out);
    out.push(0x07);
}

/// Standard base64 with padding (RFC 4648), which every terminal decodes.
fn base64(bytes: &[u8], out: &mut Vec<u8>) {
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let group = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(group >> (18 - 6 * i) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(text: &str) -> String {
        let mut out = Vec::new();
        base64(text.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn base64_matches_rfc_4648() {
        // The test vectors of RFC 4648, section 10.
        for (text, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encoded(text), expected);
        }
        assert_eq!(encoded("生师比"), "55Sf5biI5q+U");
    }
}

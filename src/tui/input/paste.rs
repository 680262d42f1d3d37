//! Bracketed paste: the text up to the end marker, capped at [`PASTE_LIMIT`] bytes.

use super::{InputParser, PASTE_END, PASTE_LIMIT};

impl InputParser {
    /// The paste's end marker in the pending bytes from `start`: the bytes used and the text.
    pub(super) fn take_paste(&mut self, start: usize) -> Option<(usize, String)> {
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

    pub(super) fn extend_paste(&mut self, chunk: &[u8]) {
        if let Some(paste) = self.paste.as_mut() {
            let room = PASTE_LIMIT.saturating_sub(paste.len());
            paste.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
    }
}

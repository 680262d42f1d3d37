//! Hostile text for the output tests, and the one check that a terminal stream is safe:
//! no escape, bell, carriage return or other C0 control, no C1 control, no bidi control
//! or zero-width character, and no line forged by a line break from the data; and a
//! CSV file of a dataset poisoned with such text.

use std::fs;
use std::path::Path;

/// What an attacker puts in a field that stays on one line (source text, the explorer):
/// a title change ended by a bell, a screen clear, a C1 CSI, a right-to-left override, an
/// isolate, zero-width characters, a line separator.
pub const HOSTILE_INLINE: &str =
    "\u{1b}]0;OWNED\u{7}\u{1b}[2J\u{9b}31m\u{202e}evil\u{2066}\u{200b}\u{feff}\u{2028}\u{200f}";

/// The word a line break in [`hostile`] text starts a line with: a forged line.
pub const FORGED: &str = "FORGED";

/// [`HOSTILE_INLINE`] followed by a bare carriage return (which overwrites the line on a
/// terminal), a C1 next-line and a line break that starts a [`FORGED`] line.
pub fn hostile() -> String {
    format!("{HOSTILE_INLINE}\r\u{85}\n{FORGED} ok")
}

/// Characters that act on a terminal or reorder what it shows, and are never nianbao's
/// own: bell, C1 controls, bidi embeddings, overrides and isolates, zero-width
/// characters, line and paragraph separators. (The explorer's frames have escapes and
/// carriage returns of their own, so this set leaves those out.)
pub fn forbidden(c: char) -> bool {
    matches!(
        c,
        '\u{7}'
            | '\u{80}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{feff}'
    )
}

/// How a stream may break lines: a terminal text breaks them only where nianbao does; a
/// CSV keeps the line breaks of a field inside its quotes (a CSV reader gives them back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Terminal,
    Csv,
}

/// What in the text is unsafe, if anything: a [`forbidden`] character, an escape, a C0
/// control other than a line break or tab, or (on a terminal) a line that data forged.
pub fn leak(text: &str, stream: Stream) -> Option<String> {
    let line_break = |c: char| stream == Stream::Csv && (c == '\r' || c == '\n');
    let bad = |c: char| forbidden(c) || (c.is_control() && c != '\n' && c != '\t');
    if let Some(c) = text.chars().find(|&c| bad(c) && !line_break(c)) {
        return Some(format!("{c:?} reached the output"));
    }
    // A drawn screen (an export to Markdown) may wrap an escaped line break's `\u{a}`
    // and the word after it onto two lines: that line is not forged.
    let lines: Vec<&str> = text.lines().collect();
    let forged = (0..lines.len()).find(|&i| {
        lines[i].trim_start().starts_with(FORGED)
            && (i == 0 || !lines[i - 1].trim_end().ends_with("\\u{a}"))
    });
    match (stream, forged) {
        (Stream::Terminal, Some(i)) => Some(format!(
            "a line break from the data forged the line {:?}",
            lines[i]
        )),
        _ => None,
    }
}

/// Panics, naming `what`, when the text has a [`leak`].
pub fn assert_safe(what: &str, text: &str, stream: Stream) {
    if let Some(leak) = leak(text, stream) {
        panic!("{what}: {leak}:\n{text}");
    }
}

/// [`assert_safe`] for a terminal.
pub fn assert_clean(what: &str, text: &str) {
    assert_safe(what, text, Stream::Terminal);
}

/// Appends `with` (hostile text) to every field of the given columns of a CSV file.
pub fn poison_csv(path: &Path, columns: &[&str], with: &str) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let row: Vec<String> = headers
            .iter()
            .zip(record.iter())
            .map(|(header, field)| match columns.contains(&header) {
                true => format!("{field}{with}"),
                false => field.to_string(),
            })
            .collect();
        writer.write_record(&row).unwrap();
    }
    fs::write(path, writer.into_inner().unwrap()).unwrap();
}

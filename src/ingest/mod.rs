//! Turns the extracted text of a quality report into its [`Structure`]: outline, whole
//! paragraphs, cases, figures, tables and footnotes, independent of where lines broke.

mod asides;
pub mod detect;
mod furniture;
mod layout;
pub mod pdf;
mod recognise;
pub mod relations;
mod structure;

use crate::model::Structure;

/// What the parser found, and what it saw but could not place.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub structure: Structure,
    pub warnings: Vec<String>,
}

/// Lines of text (not blank) a report may have: 10,000 pages of 50 lines, twenty times
/// the longest report. Each costs the parser about a hundred bytes however short it is,
/// so `ingest` refuses more (see [`text_lines`]): memory stays within a small multiple
/// of the text.
pub const MAX_TEXT_LINES: usize = 500_000;

/// The lines of a text that are not blank (form feeds and `\r` break lines too): what
/// the parser's memory grows with besides the text's length.
pub fn text_lines(source: &str) -> usize {
    source
        .split(['\n', '\r', '\u{c}'])
        .filter(|line| !line.trim().is_empty())
        .count()
}

/// Parses the plain text of a report (as a PDF text extractor writes it).
pub fn parse_text(source: &str) -> Parsed {
    // A byte-order mark (Windows' text files) is no character of the report.
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let layout = layout::lay_out(source);
    let (structure, warnings) = structure::build(&layout);
    Parsed {
        structure,
        warnings,
    }
}

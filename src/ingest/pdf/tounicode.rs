//! A font's ToUnicode map read within the document's budget: the stream is inflated once
//! and its mappings counted (a `bfrange` by every code it spans) before lopdf reads it,
//! because lopdf expands every range code by code into a reverse map: a 1 KB map of one
//! 4-byte range would otherwise fill memory.

use lopdf::{DecompressError, Dictionary, Document, Encoding, Stream};

use super::budget::{Exceeded, Limit, Usage};
use super::deref;

/// A ToUnicode map: lopdf's `Encoding::UnicodeMapEncoding`, the only variant kept here.
pub type ToUnicodeCMap = Encoding<'static>;

/// The largest stream a font's ToUnicode map may decompress to.
const MAX_CMAP_BYTES: usize = 16 * 1024 * 1024;

/// The font's ToUnicode map, read by lopdf (which does so for Identity-encoded fonts);
/// `None` when it has none lopdf can read.
pub fn to_unicode(
    doc: &Document,
    dict: &Dictionary,
    usage: &mut Usage,
) -> Result<Option<ToUnicodeCMap>, Exceeded> {
    let Some(stream) = dict
        .get(b"ToUnicode")
        .ok()
        .and_then(|o| deref(doc, o).as_stream().ok())
    else {
        return Ok(None);
    };
    let left = usize::try_from(usage.left(Limit::InflatedBytes)).unwrap_or(usize::MAX);
    let content = match stream.get_plain_content_with_limit(MAX_CMAP_BYTES.min(left)) {
        Ok(content) => content,
        Err(lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. }))
            if left < MAX_CMAP_BYTES =>
        {
            return Err(Exceeded(Limit::InflatedBytes));
        }
        Err(_) => return Ok(None),
    };
    usage.charge(Limit::InflatedBytes, content.len() as u64)?;
    usage.charge(Limit::CmapMappings, mappings(&content))?;
    // lopdf reads the map from a font dictionary: a probe holding the inflated map.
    let mut probe = Dictionary::new();
    probe.set("Type", "Font");
    probe.set("Encoding", "Identity-H");
    probe.set("ToUnicode", Stream::new(Dictionary::new(), content));
    match probe.get_font_encoding_with_limit(doc, MAX_CMAP_BYTES) {
        Ok(Encoding::UnicodeMapEncoding(cmap)) => Ok(Some(Encoding::UnicodeMapEncoding(cmap))),
        _ => Ok(None),
    }
}

/// A token of a CMap (PostScript) as far as counting needs it.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    /// A hex string: its code (the first four bytes) and its length in bytes.
    Hex(u64, usize),
    Open,
    Close,
    Word(&'a [u8]),
}

/// How many codes a CMap maps: one for each `bfchar` entry, every code from the first to
/// the last of each `bfrange` entry. It reads like lopdf (comments, literal strings,
/// dictionaries skipped) but counts wherever an entry is, so a map lopdf can read is
/// never undercounted; overlapping ranges count each time.
pub fn mappings(cmap: &[u8]) -> u64 {
    #[derive(PartialEq)]
    enum Section {
        None,
        Char,
        Range,
    }
    let mut section = Section::None;
    let mut total: u64 = 0;
    // The codes read of the current entry, and whether inside a target array.
    let mut entry: Vec<(u64, usize)> = Vec::with_capacity(2);
    let mut in_array = false;
    let tokens = Tokens { rest: cmap };
    for token in tokens {
        match token {
            Token::Word(b"beginbfchar") => section = Section::Char,
            Token::Word(b"beginbfrange") => section = Section::Range,
            Token::Word(word) if word.starts_with(b"end") => section = Section::None,
            Token::Open => in_array = true,
            Token::Close => in_array = false,
            Token::Hex(code, len) if !in_array && section != Section::None => {
                entry.push((code, len))
            }
            _ => {}
        }
        if section == Section::Char && entry.len() == 2 {
            total = total.saturating_add(1);
            entry.clear();
        } else if section == Section::Range && (entry.len() == 3 || entry.len() == 2 && in_array) {
            // Two codes and a target: a string, or an array (whose strings are skipped).
            total = total.saturating_add(span(entry[0], entry[1]));
            entry.clear();
        } else if section == Section::None {
            entry.clear();
        }
    }
    total
}

/// How many codes a range from `first` to `last` spans (one, when it is no range).
fn span(first: (u64, usize), last: (u64, usize)) -> u64 {
    if last.0 >= first.0 {
        last.0 - first.0 + 1
    } else {
        1
    }
}

/// The tokens of a CMap.
struct Tokens<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let (&first, after) = self.rest.split_first()?;
            match first {
                b'%' => self.rest = skip_line(after),
                b'(' => self.rest = skip_string(after),
                b'<' if after.first() == Some(&b'<') => self.rest = &after[1..],
                b'>' if after.first() == Some(&b'>') => self.rest = &after[1..],
                b'<' => return Some(self.hex(after)),
                b'[' => {
                    self.rest = after;
                    return Some(Token::Open);
                }
                b']' => {
                    self.rest = after;
                    return Some(Token::Close);
                }
                c if is_regular(c) => {
                    let end = self.rest.iter().position(|&c| !is_regular(c));
                    let (word, rest) = self.rest.split_at(end.unwrap_or(self.rest.len()));
                    self.rest = rest;
                    return Some(Token::Word(word));
                }
                _ => self.rest = after,
            }
        }
    }
}

impl<'a> Tokens<'a> {
    /// A hex string (after its `<`): its first four bytes as a number, and its length.
    fn hex(&mut self, after: &'a [u8]) -> Token<'a> {
        let end = after.iter().position(|&c| c == b'>').unwrap_or(after.len());
        let digits: Vec<u64> = after[..end]
            .iter()
            .filter_map(|&c| (c as char).to_digit(16))
            .map(u64::from)
            .collect();
        self.rest = after.get(end + 1..).unwrap_or_default();
        let code = digits.iter().take(8).fold(0, |code, d| code << 4 | d);
        Token::Hex(code, digits.len().div_ceil(2))
    }
}

fn skip_line(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().position(|&c| c == b'\n' || c == b'\r');
    &bytes[end.unwrap_or(bytes.len())..]
}

/// Past a literal string (after its `(`): nested parentheses balance, a backslash escapes.
fn skip_string(bytes: &[u8]) -> &[u8] {
    let mut depth = 1usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return &bytes[i + 1..];
                }
            }
            _ => {}
        }
        i += 1;
    }
    &[]
}

/// Whether a byte is part of a name, number or keyword (PDF's regular characters).
fn is_regular(c: u8) -> bool {
    !b" \t\n\r\0\x0C()<>[]{}/%".contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_counts_every_code_it_spans() {
        let cmap = b"1 beginbfrange\n<00000000> <FFFFFFFF> <0041>\nendbfrange\n";
        assert_eq!(mappings(cmap), 1 << 32);
        let cmap = b"2 beginbfchar\n<0001> <4E00>\n<0002> <4E01>\nendbfchar\n\
                     2 beginbfrange\n<0010> <001F> <0041>\n<0020> <0022> [<0061> <0062> <0063>]\n\
                     endbfrange\n";
        assert_eq!(mappings(cmap), 2 + 16 + 3);
    }

    #[test]
    fn what_lopdf_skips_hides_no_range() {
        // A `%` inside a literal string is no comment: the range on its line counts.
        let cmap = b"/CIDSystemInfo << /Registry (a%) >> def 1 beginbfrange\n\
                     <0000> <FFFF> <0041>\nendbfrange\n% 1 beginbfrange <00> <FF> <41>\n";
        assert_eq!(mappings(cmap), 0x10000);
    }
}

//! A PDF font as text extraction needs it: how its strings split into character codes,
//! what text each code stands for, and how far each glyph advances.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Encoding, Object};

use super::budget::{Exceeded, Usage};
use super::tounicode::{ToUnicodeCMap, to_unicode};
use super::{deref, number};

/// How a font's strings split into codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codes {
    /// One byte a code: simple fonts (Type1, TrueType, Type3).
    OneByte,
    /// Two bytes a code: Identity-H/V and the UCS-2 CMaps.
    TwoBytes,
    /// UTF-16: two bytes, or four for a surrogate pair.
    Utf16,
    /// EUC-style CJK encodings (GBK, GB 2312, Big5 …): a byte below 0x80 alone, else two
    /// (four for GB 18030's four-byte forms).
    Euc,
}

/// What a code means when the font has no ToUnicode map (or the map misses it).
enum Fallback {
    None,
    /// A simple font's encoding: the text of each of the 256 codes.
    Table(Box<[Option<Rc<str>>]>),
    /// The code is UTF-16 (UniGB-UCS2-H, UniGB-UTF16-H and their siblings).
    Utf16,
    /// The code is in a legacy CJK encoding.
    Legacy(&'static encoding_rs::Encoding),
}

pub struct Font {
    codes: Codes,
    to_unicode: Option<ToUnicodeCMap>,
    fallback: Fallback,
    /// Advance widths in glyph space: by code for simple fonts, by CID for Type0 ones.
    widths: HashMap<u32, f64>,
    ranges: Vec<(u32, u32, f64)>,
    default_width: f64,
    /// Glyph space to text space (1/1000, or a Type3 font's matrix).
    scale: f64,
    /// Whether the CID is the code (Identity CMaps), so widths can be looked up by code.
    identity: bool,
    decoded: RefCell<HashMap<u32, Option<Rc<str>>>>,
    /// Ascent and descent as fractions of the size, from the font descriptor (as poppler
    /// reads them, with its defaults).
    pub ascent: f64,
    pub descent: f64,
}

/// One character code of a string, with its text.
pub struct Code {
    pub code: u32,
    pub len: usize,
}

impl Font {
    /// Reads a font, its ToUnicode map counted against the document's budget.
    pub fn load(doc: &Document, dict: &Dictionary, usage: &mut Usage) -> Result<Font, Exceeded> {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let to_unicode = to_unicode(doc, dict, usage)?;
        let mut font = if subtype == b"Type0" {
            Font::type0(doc, dict, to_unicode)
        } else {
            Font::simple(doc, dict, subtype == b"Type3", to_unicode)
        };
        let descendant = descendant_font(doc, dict);
        let descriptor = descendant
            .unwrap_or(dict)
            .get(b"FontDescriptor")
            .map(|o| deref(doc, o))
            .and_then(Object::as_dict)
            .ok();
        let metric = |key: &[u8]| {
            descriptor
                .and_then(|d| d.get(key).ok())
                .and_then(|o| number(doc, o))
                .map(|v| (v * 0.001).abs())
        };
        if let Some(ascent) = metric(b"Ascent").filter(|&a| a != 0.0 && a < 3.0) {
            font.ascent = ascent;
        }
        if let Some(descent) = metric(b"Descent").filter(|&d| d != 0.0 && d < 3.0) {
            font.descent = -descent;
        }
        Ok(font)
    }

    fn type0(doc: &Document, dict: &Dictionary, to_unicode: Option<ToUnicodeCMap>) -> Font {
        let encoding = match dict.get(b"Encoding").map(|o| deref(doc, o)) {
            Ok(Object::Name(name)) => name.clone(),
            _ => b"Identity-H".to_vec(),
        };
        let name = String::from_utf8_lossy(&encoding).into_owned();
        let (codes, fallback, identity) = if name.starts_with("Identity") {
            (Codes::TwoBytes, Fallback::None, true)
        } else if name.contains("UCS2") {
            (Codes::TwoBytes, Fallback::Utf16, false)
        } else if name.contains("UTF16") {
            (Codes::Utf16, Fallback::Utf16, false)
        } else if let Some(legacy) = legacy_encoding(&name) {
            (Codes::Euc, Fallback::Legacy(legacy), false)
        } else {
            // An embedded or unknown CMap: two bytes is what CJK fonts use.
            (Codes::TwoBytes, Fallback::None, false)
        };
        let descendant = descendant_font(doc, dict);
        let mut widths = HashMap::new();
        let mut ranges = Vec::new();
        let mut default_width = 1000.0;
        if let Some(cid_font) = descendant {
            if let Some(dw) = cid_font.get(b"DW").ok().and_then(|o| number(doc, o)) {
                default_width = dw;
            }
            if let Ok(Object::Array(w)) = cid_font.get(b"W").map(|o| deref(doc, o)) {
                cid_widths(doc, w, &mut widths, &mut ranges);
            }
        }
        Font {
            codes,
            to_unicode,
            fallback,
            widths,
            ranges,
            default_width,
            scale: 0.001,
            identity,
            decoded: RefCell::default(),
            ascent: 0.95,
            descent: -0.35,
        }
    }

    fn simple(
        doc: &Document,
        dict: &Dictionary,
        type3: bool,
        to_unicode: Option<ToUnicodeCMap>,
    ) -> Font {
        let mut widths = HashMap::new();
        let first = dict
            .get(b"FirstChar")
            .ok()
            .and_then(|o| number(doc, o))
            .unwrap_or(0.0) as u32;
        if let Ok(Object::Array(list)) = dict.get(b"Widths").map(|o| deref(doc, o)) {
            for (i, w) in list.iter().enumerate() {
                if let Some(w) = number(doc, w) {
                    widths.insert(first + i as u32, w);
                }
            }
        }
        let missing = dict
            .get(b"FontDescriptor")
            .map(|o| deref(doc, o))
            .and_then(Object::as_dict)
            .ok()
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(|o| number(doc, o));
        let scale = if type3 {
            dict.get(b"FontMatrix")
                .map(|o| deref(doc, o))
                .and_then(Object::as_array)
                .ok()
                .and_then(|m| m.first())
                .and_then(|o| number(doc, o))
                .unwrap_or(0.001)
        } else {
            0.001
        };
        let default_width = missing
            .filter(|&w| w > 0.0)
            .unwrap_or(if type3 { 0.0 } else { 500.0 });
        // lopdf reads the encoding (base encoding and differences by glyph name); its
        // own ToUnicode handling is skipped, as the map above takes precedence anyway.
        let mut plain = dict.clone();
        plain.remove(b"ToUnicode");
        let table = match plain.get_font_encoding(doc) {
            Ok(encoding) => simple_table(&encoding),
            Err(_) => vec![None; 256].into_boxed_slice(),
        };
        Font {
            codes: Codes::OneByte,
            to_unicode,
            fallback: Fallback::Table(table),
            widths,
            ranges: Vec::new(),
            default_width,
            scale,
            identity: true,
            decoded: RefCell::default(),
            ascent: 0.95,
            descent: -0.35,
        }
    }

    /// Splits a string into its codes.
    pub fn codes(&self, bytes: &[u8], out: &mut Vec<Code>) {
        out.clear();
        let mut i = 0;
        while i < bytes.len() {
            let len = match self.codes {
                Codes::OneByte => 1,
                Codes::TwoBytes => 2,
                Codes::Utf16 => {
                    if (0xd8..0xdc).contains(&bytes[i]) {
                        4
                    } else {
                        2
                    }
                }
                Codes::Euc => {
                    if bytes[i] < 0x80 {
                        1
                    } else if bytes.get(i + 1).is_some_and(|b| (0x30..=0x39).contains(b)) {
                        4
                    } else {
                        2
                    }
                }
            };
            let len = len.min(bytes.len() - i);
            let code = bytes[i..i + len]
                .iter()
                .fold(0u32, |code, &b| code << 8 | u32::from(b));
            out.push(Code { code, len });
            i += len;
        }
    }

    /// The text a code stands for; `None` when the font does not say.
    pub fn text(&self, code: &Code) -> Option<Rc<str>> {
        let key = code.code | (code.len as u32) << 30;
        if let Some(known) = self.decoded.borrow().get(&key) {
            return known.clone();
        }
        let text = self.decode(code);
        self.decoded.borrow_mut().insert(key, text.clone());
        text
    }

    fn decode(&self, code: &Code) -> Option<Rc<str>> {
        if let Some(Encoding::UnicodeMapEncoding(cmap)) = &self.to_unicode
            && let Some(units) = cmap.get(code.code, code.len as u8)
        {
            let text: String = char::decode_utf16(units)
                .map(|c| c.unwrap_or('\u{fffd}'))
                .filter(|c| *c != '\0')
                .collect();
            if !text.is_empty() && text != "\u{fffd}" {
                return Some(text.into());
            }
        }
        let bytes = &code.code.to_be_bytes()[4 - code.len..];
        match &self.fallback {
            Fallback::None => None,
            Fallback::Table(table) => table.get(code.code as usize).cloned().flatten(),
            Fallback::Utf16 => {
                let units: Vec<u16> = bytes
                    .chunks(2)
                    .map(|pair| u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]))
                    .collect();
                let text: String = char::decode_utf16(units).filter_map(Result::ok).collect();
                (!text.is_empty()).then(|| text.into())
            }
            Fallback::Legacy(encoding) => {
                let (text, _, errors) = encoding.decode(bytes);
                (!errors && !text.is_empty()).then(|| text.as_ref().into())
            }
        }
    }

    /// The glyph's advance in text space units per unit of font size.
    pub fn advance(&self, code: &Code) -> f64 {
        let width = if self.identity || self.codes == Codes::OneByte {
            self.widths.get(&code.code).copied().or_else(|| {
                self.ranges
                    .iter()
                    .find(|(from, to, _)| (*from..=*to).contains(&code.code))
                    .map(|r| r.2)
            })
        } else {
            None
        };
        let width = width.unwrap_or(if self.codes == Codes::Euc && code.len == 1 {
            500.0
        } else {
            self.default_width
        });
        width * self.scale
    }

    /// Whether Tw (word spacing) applies: to the single-byte code 32.
    pub fn is_word_space(&self, code: &Code) -> bool {
        code.len == 1 && code.code == 32
    }
}

/// A Type0 font's first (in practice only) descendant CIDFont, which holds its widths
/// and its font descriptor.
fn descendant_font<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    dict.get(b"DescendantFonts")
        .map(|o| deref(doc, o))
        .and_then(Object::as_array)
        .ok()
        .and_then(|fonts| fonts.first())
        .map(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
}

/// The predefined CJK CMaps whose codes are a legacy encoding's bytes.
fn legacy_encoding(name: &str) -> Option<&'static encoding_rs::Encoding> {
    if name.starts_with("GB") {
        Some(encoding_rs::GB18030)
    } else if name.starts_with("B5") || name.starts_with("ETen") || name.starts_with("HKscs") {
        Some(encoding_rs::BIG5)
    } else if name.starts_with("KSC") {
        Some(encoding_rs::EUC_KR)
    } else if name.starts_with("EUC") || name.starts_with("90ms") || name.starts_with("83pv") {
        Some(encoding_rs::EUC_JP)
    } else {
        None
    }
}

/// A CIDFont's `/W` array: `c [w1 w2 …]` and `c_first c_last w` entries.
fn cid_widths(
    doc: &Document,
    w: &[Object],
    widths: &mut HashMap<u32, f64>,
    ranges: &mut Vec<(u32, u32, f64)>,
) {
    let mut i = 0;
    while i + 1 < w.len() {
        let Some(first) = number(doc, &w[i]) else {
            return;
        };
        let first = first.max(0.0) as u32;
        match deref(doc, &w[i + 1]) {
            Object::Array(list) => {
                for (k, width) in list.iter().enumerate() {
                    if let Some(width) = number(doc, width) {
                        widths.insert(first.saturating_add(k as u32), width);
                    }
                }
                i += 2;
            }
            other => {
                let (Some(last), Some(width)) = (
                    number(doc, other),
                    w.get(i + 2).and_then(|o| number(doc, o)),
                ) else {
                    return;
                };
                ranges.push((first, last.max(0.0) as u32, width));
                i += 3;
            }
        }
    }
}

/// The text of each one-byte code under a simple font's encoding.
fn simple_table(encoding: &Encoding) -> Box<[Option<Rc<str>>]> {
    (0u8..=255)
        .map(|byte| {
            encoding
                .bytes_to_string(&[byte])
                .ok()
                .filter(|s| !s.is_empty() && !s.chars().all(|c| c == '\0'))
                .map(Rc::from)
        })
        .collect()
}

//! The built-in PDF text extractor: lopdf reads the file (cross-reference tables and
//! streams, object streams, filters, decryption with an empty user password); this module
//! runs each page's content stream, places every glyph with its font's widths, decodes it
//! to text through the font's ToUnicode map (or its encoding), keeps the ruling lines it
//! draws, and writes the page's lines the way `pdftotext -enc UTF-8` does, with a form
//! feed after each page, except that tables found by geometry are written a row a line
//! with tab-separated cells and footnote markers as superscript digits.

mod bbox;
pub mod budget;
mod columns;
mod font;
mod lines;
mod order;
mod rules;
mod streams;
mod tables;
mod tounicode;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

pub use bbox::{WordBoxError, pdftotext_program, text_from_word_boxes, word_boxes_command};
use budget::{Exceeded, Limit, Usage};
use font::{Code, Font};
use lines::Glyph;
use rules::{Path, Rule};
use streams::Streams;

/// The largest stream lopdf may inflate while loading (object and cross-reference
/// streams): real ones are far smaller.
const MAX_LOAD_STREAM: usize = 64 * 1024 * 1024;
/// The most graphics states a content stream may save (`q`) without restoring them;
/// PDF's own implementation limit is 28.
const MAX_SAVED_STATES: usize = 1024;
/// Form XObjects nested deeper than this are not followed.
const MAX_FORM_DEPTH: usize = 12;

/// A PDF's text and what reading it found.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfText {
    /// Lines in reading order, a form feed after each page.
    pub text: String,
    pub pages: usize,
    /// Glyphs drawn whose font does not say which character they are.
    pub unmapped: usize,
    /// Glyphs read as text.
    pub mapped: usize,
    /// What reading it used of the document's budget.
    pub usage: Usage,
}

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// It needs a password to open.
    Encrypted,
    /// It is not a readable PDF (truncated, damaged); the reason as lopdf gives it.
    Damaged(String),
    /// Reading it would go over one of the limits of [`budget`].
    OverLimit(Limit),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::Encrypted => f.write_str("it is encrypted (password-protected)"),
            PdfError::Damaged(reason) => write!(
                f,
                "damaged or truncated PDF? ({})",
                crate::text::escape_controls(reason)
            ),
            PdfError::OverLimit(limit) => {
                write!(f, "it needs more than the reader's limit of {limit}")
            }
        }
    }
}

/// Extracts the text of a PDF held in memory.
pub fn extract_text(bytes: &[u8]) -> Result<PdfText, PdfError> {
    // lopdf reports some malformations by panicking; a damaged file must be an error.
    quietly(|| extract(bytes)).unwrap_or_else(|panic| {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the reader failed".to_string());
        // A panic in nianbao's own code is a bug, not damage: say where, to report it.
        let reason = match OWN_PANIC.with(|own| own.take()) {
            Some(at) => format!("{reason}; a bug in nianbao at {at}, please report it"),
            None => reason,
        };
        Err(PdfError::Damaged(reason))
    })
}

thread_local! {
    /// Whether this thread is inside [`quietly`]: its panics are caught and reported as
    /// errors, not printed.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Where a panic caught by [`quietly`] was raised, when in nianbao's own source
    /// (relative paths; dependencies' are absolute).
    static OWN_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `work`, catching a panic without printing it. The panic hook is wrapped once per
/// process and silenced per thread, not swapped around each call: swapping the
/// process-wide hook would hide other threads' panics meanwhile, and two overlapping
/// swaps could leave the silent hook installed for good.
fn quietly<T>(work: impl FnOnce() -> T + std::panic::UnwindSafe) -> std::thread::Result<T> {
    static WRAPPED: std::sync::Once = std::sync::Once::new();
    WRAPPED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            } else if let Some(at) = info.location().filter(|at| at.file().starts_with("src/")) {
                OWN_PANIC.with(|own| own.replace(Some(at.to_string())));
            }
        }));
    });
    let was = QUIET.with(|quiet| quiet.replace(true));
    OWN_PANIC.with(|own| own.take());
    let result = std::panic::catch_unwind(work);
    QUIET.with(|quiet| quiet.set(was));
    result
}

fn extract(bytes: &[u8]) -> Result<PdfText, PdfError> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_LOAD_STREAM),
        ..Default::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| {
        if is_encryption_error(&e) {
            PdfError::Encrypted
        } else {
            PdfError::Damaged(e.to_string())
        }
    })?;
    // lopdf opens a file protected only against editing (an empty user password) and
    // leaves one that needs a password encrypted.
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfError::Damaged("no pages found".to_string()));
    }
    let mut reader = Reader {
        doc: &doc,
        fonts: HashMap::new(),
        streams: Streams::new(&doc, pages.values().copied()),
        codes: Vec::new(),
        unmapped: 0,
        mapped: 0,
        usage: Usage::default(),
    };
    let over = |Exceeded(limit)| PdfError::OverLimit(limit);
    reader
        .usage
        .charge(Limit::Pages, pages.len() as u64)
        .map_err(over)?;
    let mut text = String::new();
    for &page in pages.values() {
        let (drawn, width, height) = reader.page(page).map_err(over)?;
        lines::write_page(drawn.glyphs, &drawn.rules, width, height, &mut text);
    }
    Ok(PdfText {
        text,
        pages: pages.len(),
        unmapped: reader.unmapped,
        mapped: reader.mapped,
        usage: reader.usage,
    })
}

fn is_encryption_error(error: &lopdf::Error) -> bool {
    let message = error.to_string().to_lowercase();
    matches!(
        error,
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_)
    ) || message.contains("password")
        || message.contains("encrypt")
}

type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b`: the product a × b of two PDF matrices.
fn multiply(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// The graphics state that text placement depends on.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

/// What a page draws that reading it needs: its glyphs and its ruling lines.
#[derive(Default)]
struct Drawn {
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
}

struct Reader<'a> {
    doc: &'a Document,
    fonts: HashMap<ObjectId, Rc<Font>>,
    streams: Streams,
    codes: Vec<Code>,
    unmapped: usize,
    mapped: usize,
    usage: Usage,
}

impl<'a> Reader<'a> {
    /// The glyphs of a page, in display space: y down from the top of the page as shown
    /// (its /Rotate applied), and the page's width and height as shown.
    fn page(&mut self, page: ObjectId) -> Result<(Drawn, f64, f64), Exceeded> {
        let doc = self.doc;
        let Ok(page_dict) = doc.get_dictionary(page) else {
            return Ok((Drawn::default(), 0.0, 0.0));
        };
        let media = inherited(doc, page, b"MediaBox")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| {
                let n: Vec<f64> = a.iter().filter_map(|o| number(doc, o)).collect();
                (n.len() == 4).then(|| [n[0], n[1], n[2], n[3]])
            })
            .unwrap_or([0.0, 0.0, 595.0, 842.0]);
        let rotate = inherited(doc, page, b"Rotate")
            .and_then(|o| number(doc, o))
            .map_or(0, |r| (r as i64).rem_euclid(360));
        let (x0, y0, x1, y1) = (
            media[0].min(media[2]),
            media[1].min(media[3]),
            media[0].max(media[2]),
            media[1].max(media[3]),
        );
        // From user space to display space, y downwards.
        let base = match rotate {
            90 => [0.0, 1.0, 1.0, 0.0, -y0, -x0],
            180 => [-1.0, 0.0, 0.0, 1.0, x1, -y0],
            270 => [0.0, -1.0, -1.0, 0.0, y1, x1],
            _ => [1.0, 0.0, 0.0, -1.0, -x0, y1],
        };
        let content = self.streams.page(doc, page, &mut self.usage)?;
        let resources = page_resources(doc, page, page_dict);
        let state = State {
            ctm: base,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut drawn = Drawn::default();
        let mut forms = HashSet::new();
        self.run(&content, &resources, state, &mut drawn, &mut forms, 0)?;
        let (width, height) = if rotate % 180 == 90 {
            (y1 - y0, x1 - x0)
        } else {
            (x1 - x0, y1 - y0)
        };
        Ok((drawn, width, height))
    }

    /// Runs a content stream, adding the glyphs and rules it draws; its bytes and each
    /// operator counted against the document's budget.
    fn run(
        &mut self,
        content: &[u8],
        resources: &[&'a Dictionary],
        mut state: State,
        drawn: &mut Drawn,
        forms: &mut HashSet<ObjectId>,
        depth: usize,
    ) -> Result<(), Exceeded> {
        self.usage
            .charge(Limit::ContentBytes, content.len() as u64)?;
        let mut stack: Vec<State> = Vec::new();
        let mut unsaved = 0usize;
        let mut path = Path::default();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        for operation in Content::decode_iter(content) {
            let Ok(Operation { operator, operands }) = operation else {
                break;
            };
            self.usage.charge(Limit::Operators, 1)?;
            let n = |i: usize| operands.get(i).and_then(|o| number(self.doc, o));
            match operator.as_str() {
                // Saves past the most a stream may nest are counted, not kept: a stream of
                // `q` alone must not fill memory; their restores then restore nothing.
                "q" if stack.len() < MAX_SAVED_STATES => stack.push(state.clone()),
                "q" => unsaved += 1,
                "Q" if unsaved > 0 => unsaved -= 1,
                "Q" => {
                    if let Some(saved) = stack.pop() {
                        state = saved;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix(&operands, self.doc) {
                        state.ctm = multiply(&m, &state.ctm);
                    }
                }
                "m" | "l" | "c" | "v" | "y" | "h" | "re" => {
                    path.build(operator.as_str(), &n, &state.ctm)
                }
                "S" | "s" => path.paint(true, false, &mut drawn.rules),
                "f" | "F" | "f*" => path.paint(false, true, &mut drawn.rules),
                "B" | "B*" | "b" | "b*" => path.paint(true, true, &mut drawn.rules),
                "n" => path.discard(),
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    state.font = match operands.first().and_then(|o| o.as_name().ok()) {
                        Some(name) => self.font(resources, name)?,
                        None => None,
                    };
                    state.size = n(1).unwrap_or(0.0);
                }
                "Tc" => state.char_spacing = n(0).unwrap_or(0.0),
                "Tw" => state.word_spacing = n(0).unwrap_or(0.0),
                "Tz" => state.scale = n(0).unwrap_or(100.0) / 100.0,
                "TL" => state.leading = n(0).unwrap_or(0.0),
                "Ts" => state.rise = n(0).unwrap_or(0.0),
                "Td" | "TD" => {
                    let (tx, ty) = (n(0).unwrap_or(0.0), n(1).unwrap_or(0.0));
                    if operator == "TD" {
                        state.leading = -ty;
                    }
                    tlm = multiply(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = matrix(&operands, self.doc) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if operator != "Tj" {
                        if operator == "\"" {
                            state.word_spacing = n(0).unwrap_or(state.word_spacing);
                            state.char_spacing = n(1).unwrap_or(state.char_spacing);
                        }
                        tlm = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(bytes, _)) = operands.last() {
                        self.show(bytes, &state, &mut tm, &mut drawn.glyphs)?;
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = operands.first() {
                        for item in items {
                            match item {
                                Object::String(bytes, _) => {
                                    self.show(bytes, &state, &mut tm, &mut drawn.glyphs)?
                                }
                                other => {
                                    if let Some(adjust) = number(self.doc, other) {
                                        let tx = -adjust / 1000.0 * state.size * state.scale;
                                        tm = multiply(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                        self.form(name, resources, &state, drawn, forms, depth)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Runs a form XObject drawn with `Do`.
    fn form(
        &mut self,
        name: &[u8],
        resources: &[&'a Dictionary],
        state: &State,
        drawn: &mut Drawn,
        forms: &mut HashSet<ObjectId>,
        depth: usize,
    ) -> Result<(), Exceeded> {
        let doc = self.doc;
        let Some((id, object)) = resources.iter().find_map(|r| {
            let xobjects = r
                .get(b"XObject")
                .ok()
                .map(|o| deref(doc, o))?
                .as_dict()
                .ok()?;
            let reference = xobjects.get(name).ok()?;
            let id = reference.as_reference().ok();
            Some((id, deref(doc, reference)))
        }) else {
            return Ok(());
        };
        let Ok(stream) = object.as_stream() else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return Ok(());
        }
        // A form that draws itself, directly or not, is drawn once.
        if let Some(id) = id
            && !forms.insert(id)
        {
            return Ok(());
        }
        let content = self.streams.form(id, stream, &mut self.usage)?;
        let mut inner = state.clone();
        if let Some(m) = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| o.as_array().ok())
            .and_then(|a| matrix(a, doc))
        {
            inner.ctm = multiply(&m, &inner.ctm);
        }
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        let mut scope: Vec<&'a Dictionary> = own.into_iter().collect();
        scope.extend_from_slice(resources);
        let ran = self.run(&content, &scope, inner, drawn, forms, depth + 1);
        if let Some(id) = id {
            forms.remove(&id);
        }
        ran
    }

    /// The font a resource name stands for, read once per document.
    fn font(
        &mut self,
        resources: &[&'a Dictionary],
        name: &[u8],
    ) -> Result<Option<Rc<Font>>, Exceeded> {
        let doc = self.doc;
        let Some(reference) = resources.iter().find_map(|r| {
            let fonts = r.get(b"Font").ok().map(|o| deref(doc, o))?.as_dict().ok()?;
            fonts.get(name).ok()
        }) else {
            return Ok(None);
        };
        let id = reference.as_reference().ok();
        if let Some(id) = id
            && let Some(font) = self.fonts.get(&id)
        {
            return Ok(Some(font.clone()));
        }
        let Ok(dict) = deref(doc, reference).as_dict() else {
            return Ok(None);
        };
        let font = Rc::new(Font::load(doc, dict, &mut self.usage)?);
        if let Some(id) = id {
            self.fonts.insert(id, font.clone());
        }
        Ok(Some(font))
    }

    /// Places the glyphs of a string and advances the text matrix past them.
    fn show(
        &mut self,
        bytes: &[u8],
        state: &State,
        tm: &mut Matrix,
        glyphs: &mut Vec<Glyph>,
    ) -> Result<(), Exceeded> {
        let Some(font) = state.font.clone() else {
            return Ok(());
        };
        let mut codes = std::mem::take(&mut self.codes);
        font.codes(bytes, &mut codes);
        self.usage.charge(Limit::Glyphs, codes.len() as u64)?;
        self.usage
            .most(Limit::PageGlyphs, (glyphs.len() + codes.len()) as u64)?;
        let h = state.scale;
        for code in &codes {
            let advance = font.advance(code);
            let trm = multiply(
                &[state.size * h, 0.0, 0.0, state.size, 0.0, state.rise],
                &multiply(tm, &state.ctm),
            );
            let size = trm[2].hypot(trm[3]);
            let width = advance * trm[0].hypot(trm[1]);
            match font.text(code) {
                Some(text) => {
                    self.mapped += 1;
                    self.usage.charge(Limit::TextBytes, text.len() as u64)?;
                    // Only text written left to right is laid out; rotated labels (a
                    // chart's axis) are left out.
                    if trm[0] > 0.0 && trm[1].abs() <= trm[0] * 0.1 {
                        glyphs.push(Glyph {
                            text,
                            x: trm[4],
                            y: trm[5],
                            width,
                            size,
                            ascent: font.ascent,
                            descent: font.descent,
                        });
                    }
                }
                None => self.unmapped += 1,
            }
            let spacing = state.char_spacing
                + if font.is_word_space(code) {
                    state.word_spacing
                } else {
                    0.0
                };
            let tx = (advance * state.size + spacing) * h;
            *tm = multiply(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
        }
        self.codes = codes;
        Ok(())
    }
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map_or(object, |(_, o)| o)
}

fn number(doc: &Document, object: &Object) -> Option<f64> {
    match deref(doc, object) {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn matrix(operands: &[Object], doc: &Document) -> Option<Matrix> {
    let values: Vec<f64> = operands.iter().filter_map(|o| number(doc, o)).collect();
    let m: Matrix = values.try_into().ok()?;
    m.iter().all(|v| v.is_finite()).then_some(m)
}

/// A page attribute, from the page or the nearest page-tree node above it that has it.
fn inherited<'a>(doc: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..64 {
        if let Ok(value) = node.get(key) {
            return Some(deref(doc, value));
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|p| deref(doc, p).as_dict().ok())?;
    }
    None
}

/// A page's resource dictionaries, nearest first.
fn page_resources<'a>(
    doc: &'a Document,
    page: ObjectId,
    page_dict: &'a Dictionary,
) -> Vec<&'a Dictionary> {
    let mut found = Vec::new();
    if let Ok((direct, ids)) = doc.get_page_resources(page) {
        found.extend(direct);
        found.extend(ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok()));
    }
    if found.is_empty()
        && let Some(resources) = page_dict
            .get(b"Resources")
            .ok()
            .and_then(|o| deref(doc, o).as_dict().ok())
    {
        found.push(resources);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_is_an_error_and_the_thread_speaks_again() {
        let caught = quietly(|| panic!("lopdf failed"));
        assert_eq!(
            caught.unwrap_err().downcast_ref::<&str>(),
            Some(&"lopdf failed")
        );
        assert!(
            !QUIET.with(std::cell::Cell::get),
            "panics after it must print"
        );
        assert!(
            OWN_PANIC
                .with(|own| own.take())
                .is_some_and(|at| at.starts_with("src/ingest/pdf/mod.rs:")),
            "a panic in nianbao's code is told from lopdf's"
        );
        assert_eq!(quietly(|| 7).unwrap(), 7);
    }
}

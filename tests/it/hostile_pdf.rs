//! Issue 21: the built-in PDF reader keeps a budget per document. Each attack is a small
//! PDF written here: nested forms drawing the next several times, a ToUnicode map of a
//! 4-byte range, one huge content stream shared by every page, more pages than the cap,
//! and pages of too many glyphs or saved states. `nianbao ingest` runs each under a memory
//! limit and a hang deadline and must refuse it naming the limit. The fixtures' own usage
//! is held far below every limit, and docs/dataset.md to the constants.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};
use nianbao::ingest::pdf::budget::{self, Limit, Usage};
use nianbao::ingest::pdf::{PdfError, extract_text};

use crate::mutation::Random;
use crate::support::limited::run_limited;

/// The address space an attack may use, and the deadline that only guards against a hang.
const MEMORY_MIB: u64 = 512;
const DEADLINE: Duration = Duration::from_secs(60);
/// How far below every limit each fixture must stay.
const HEADROOM: u64 = 1000;

/// A PDF written for an attack: pages under one page-tree node sharing its resources.
struct Crafted {
    doc: Document,
    pages: ObjectId,
    kids: Vec<Object>,
}

impl Crafted {
    fn new() -> Crafted {
        let mut doc = Document::with_version("1.5");
        let pages = doc.new_object_id();
        Crafted {
            doc,
            pages,
            kids: Vec::new(),
        }
    }

    /// A stream object, Flate-compressed when `compress`.
    fn stream(&mut self, dict: Dictionary, content: Vec<u8>, compress: bool) -> ObjectId {
        let mut stream = Stream::new(dict, content);
        if compress {
            stream.compress().expect("compressible");
        }
        self.doc.add_object(stream)
    }

    /// A form XObject drawing `content` with `resources`.
    fn form(&mut self, content: &str, resources: Dictionary) -> ObjectId {
        let dict = dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Resources" => resources,
        };
        self.stream(dict, content.as_bytes().to_vec(), false)
    }

    /// A simple font without a ToUnicode map: its codes are read by its encoding.
    fn helvetica(&mut self) -> ObjectId {
        self.doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        })
    }

    /// An Identity-H font whose codes mean what `cmap` (a ToUnicode map) says.
    fn mapped_font(&mut self, cmap: &str) -> ObjectId {
        let to_unicode = self.stream(dictionary! {}, cmap.as_bytes().to_vec(), true);
        self.doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "Crafted",
            "Encoding" => "Identity-H",
            "ToUnicode" => to_unicode,
        })
    }

    /// Adds `count` pages drawing the content stream `contents` (none when `None`).
    fn pages(&mut self, contents: Option<ObjectId>, count: usize) {
        for _ in 0..count {
            let mut page = dictionary! { "Type" => "Page", "Parent" => self.pages };
            if let Some(contents) = contents {
                page.set("Contents", contents);
            }
            let id = self.doc.add_object(page);
            self.kids.push(id.into());
        }
    }

    /// The file's bytes, every page with `resources`.
    fn finish(mut self, resources: Dictionary) -> Vec<u8> {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => self.kids,
                "Count" => count,
                "Resources" => resources,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            }),
        );
        let catalog = self
            .doc
            .add_object(dictionary! { "Type" => "Catalog", "Pages" => self.pages });
        self.doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        self.doc.save_to(&mut bytes).expect("written to memory");
        bytes
    }
}

/// A page drawing form XObjects nested `depth` deep, each drawing the next `fan_out`
/// times; the innermost strokes a line (three operators).
fn nested_forms(fan_out: usize, depth: usize) -> Vec<u8> {
    let mut pdf = Crafted::new();
    let mut form = pdf.form("0 0 m 10 0 l S", dictionary! {});
    for _ in 0..depth {
        form = pdf.form(
            &"q /X Do Q\n".repeat(fan_out),
            dictionary! { "XObject" => dictionary! { "X" => form } },
        );
    }
    let content = pdf.stream(dictionary! {}, b"/X Do".to_vec(), false);
    pdf.pages(Some(content), 1);
    pdf.finish(dictionary! { "XObject" => dictionary! { "X" => form } })
}

/// A ToUnicode map with `entries` (bfrange lines) in it.
fn cmap(codespace: &str, ranges: &[&str]) -> String {
    format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n{codespace}\nendcodespacerange\n\
         {} beginbfrange\n{}\nendbfrange\n\
         endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n",
        ranges.len(),
        ranges.join("\n")
    )
}

/// A page of text in a font whose ToUnicode map is `cmap`, showing `shown` (hex codes)
/// `times` times.
fn mapped_text(cmap: &str, shown: &str, times: usize) -> Vec<u8> {
    let mut pdf = Crafted::new();
    let font = pdf.mapped_font(cmap);
    let content = format!(
        "BT /F1 12 Tf 72 720 Td {} ET",
        format!("<{shown}> Tj ").repeat(times)
    );
    let content = pdf.stream(dictionary! {}, content.into_bytes(), true);
    pdf.pages(Some(content), 1);
    pdf.finish(dictionary! { "Font" => dictionary! { "F1" => font } })
}

/// `pages` pages sharing one Flate content stream of `bytes` spaces.
fn shared_spaces(bytes: usize, pages: usize) -> Vec<u8> {
    let mut pdf = Crafted::new();
    let content = pdf.stream(dictionary! {}, vec![b' '; bytes], true);
    pdf.pages(Some(content), pages);
    pdf.finish(dictionary! {})
}

/// One page whose content is `content`, Flate-compressed, with Helvetica as /F1.
fn one_page(content: Vec<u8>) -> Vec<u8> {
    let mut pdf = Crafted::new();
    let font = pdf.helvetica();
    let content = pdf.stream(dictionary! {}, content, true);
    pdf.pages(Some(content), 1);
    pdf.finish(dictionary! { "Font" => dictionary! { "F1" => font } })
}

/// Runs `nianbao ingest` with the built-in reader on `pdf` under the memory limit, and
/// asserts it is refused as bad input (exit 2) naming `limit`.
fn refused_naming(pdf: &[u8], limit: Limit) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("crafted.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = dir.path().join("out");
    let run = run_limited(
        &[
            "ingest",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--pdf-engine",
            "builtin",
        ],
        MEMORY_MIB,
        DEADLINE,
    );
    let stderr = run.stderr();
    assert_eq!(run.code(), Some(2), "exit status; stderr: {stderr}");
    assert!(
        stderr.contains(&format!("limit of {limit}")),
        "the message names the limit ({limit}): {stderr}"
    );
    assert!(!out.exists(), "nothing is written for a refused file");
}

fn over(pdf: &[u8]) -> Option<Limit> {
    match extract_text(pdf) {
        Err(PdfError::OverLimit(limit)) => Some(limit),
        _ => None,
    }
}

#[test]
fn nested_forms_drawing_the_next_eight_times_stop_at_the_operator_limit() {
    let pdf = nested_forms(8, 10);
    assert!(pdf.len() < 6 * 1024, "a small file: {} bytes", pdf.len());
    refused_naming(&pdf, Limit::Operators);
    // Three levels are drawn in full, every draw's operators counted: the page's `Do`,
    // `q Do Q` eight times in each of 1 + 8 + 8² forms, three in each of 8³ innermost.
    let read = extract_text(&nested_forms(8, 3)).expect("within the budget");
    assert_eq!(read.usage.operators, 1 + (1 + 8 + 64) * 24 + 512 * 3);
}

#[test]
fn a_tounicode_map_of_a_four_byte_range_stops_at_the_mapping_limit() {
    let whole = cmap("<00000000> <FFFFFFFF>", &["<00000000> <FFFFFFFF> <0041>"]);
    let pdf = mapped_text(&whole, "00000041", 1);
    assert!(pdf.len() < 2 * 1024, "a small file: {} bytes", pdf.len());
    refused_naming(&pdf, Limit::CmapMappings);
    // A map of ordinary size is read, and its codes mean what it says.
    let small = cmap("<0000> <FFFF>", &["<0041> <005A> <0061>"]);
    let read = extract_text(&mapped_text(&small, "00410042", 1)).expect("within the budget");
    assert!(read.text.contains("ab"), "{:?}", read.text);
    assert_eq!(read.usage.cmap_mappings, 26);
}

#[test]
fn one_huge_stream_shared_by_every_page_is_inflated_once_and_run_within_the_limit() {
    let pdf = shared_spaces(60 * 1024 * 1024, 2000);
    assert!(pdf.len() < 256 * 1024, "compressed: {} bytes", pdf.len());
    refused_naming(&pdf, Limit::ContentBytes);
    // Below the limit: run on every page, inflated once.
    let stream = 4 * 1024 * 1024;
    let read = extract_text(&shared_spaces(stream, 20)).expect("within the budget");
    assert_eq!(read.pages, 20);
    assert_eq!(read.usage.inflated_bytes, stream as u64, "inflated once");
    assert_eq!(
        read.usage.content_bytes,
        20 * stream as u64,
        "run on every page"
    );
}

#[test]
fn more_pages_than_the_cap_are_refused() {
    let cap = budget::MAX_PAGES as usize;
    let mut pdf = Crafted::new();
    pdf.pages(None, cap + 1);
    refused_naming(&pdf.finish(dictionary! {}), Limit::Pages);
    let mut pdf = Crafted::new();
    pdf.pages(None, 3);
    assert_eq!(
        over(&pdf.finish(dictionary! {})),
        None,
        "three pages are read"
    );
}

#[test]
fn glyphs_and_their_text_are_bounded_per_page_and_per_document() {
    // One string of more glyphs than a page may hold.
    let glyphs = budget::MAX_PAGE_GLYPHS as usize + 1;
    let mut content = b"BT /F1 12 Tf 72 720 Td (".to_vec();
    content.resize(content.len() + glyphs, b'a');
    content.extend_from_slice(b") Tj ET");
    assert_eq!(over(&one_page(content)), Some(Limit::PageGlyphs));
    // A code that stands for 256 characters, shown until its text is over the limit.
    let long = "0041".repeat(256);
    let map = cmap("<0000> <FFFF>", &[&format!("<0001> <0001> <{long}>")]);
    let times = (budget::MAX_TEXT_BYTES / 256) as usize / 400 + 1;
    let shown = "0001".repeat(400);
    assert_eq!(
        over(&mapped_text(&map, &shown, times)),
        Some(Limit::TextBytes)
    );
}

#[test]
fn a_stream_of_saved_states_keeps_memory_bounded() {
    // Ten million `q` would hold ten million graphics states; the count of operators
    // stops the stream, and the saved states are capped meanwhile.
    let content = b"q ".repeat(budget::MAX_OPERATORS as usize + 1);
    refused_naming(&one_page(content), Limit::Operators);
}

/// Every PDF among the fixtures.
fn fixture_pdfs() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "pdf") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")),
        &mut found,
    );
    found.sort();
    found
}

#[test]
fn every_fixture_report_is_far_below_every_limit() {
    let pdfs = fixture_pdfs();
    assert!(pdfs.len() >= 10, "the fixtures: {pdfs:?}");
    let mut most = Usage::default();
    for path in &pdfs {
        let read = extract_text(&std::fs::read(path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for limit in Limit::ALL {
            let used = read.usage.of(limit);
            assert!(
                used * HEADROOM <= limit.max(),
                "{}: {used} {} is not {HEADROOM}× below the limit {}",
                path.display(),
                limit.what(),
                limit.max()
            );
            most.most(limit, used).unwrap();
        }
    }
    eprintln!("the most any fixture uses: {most:?}");
}

#[test]
fn docs_dataset_states_the_pdf_limits() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/dataset.md")).unwrap();
    let section = doc
        .split("## Limits")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("docs/dataset.md has a Limits section");
    for limit in Limit::ALL {
        let row = format!("| {} | {}", limit.what(), budget::grouped(limit.max()));
        assert!(
            section.contains(&row),
            "docs/dataset.md's Limits section lacks the row `{row} …`"
        );
    }
}

/// How many mutated PDFs the seeded test reads (`NIANBAO_PDF_MUTATIONS` for more).
fn mutation_cases() -> usize {
    std::env::var("NIANBAO_PDF_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
}

/// The fixture PDFs, each as written and with its streams decompressed (so that
/// mutations reach content operators and ToUnicode maps, not only Flate data).
fn mutation_bases() -> Vec<Vec<u8>> {
    let mut bases = Vec::new();
    for path in fixture_pdfs() {
        let bytes = std::fs::read(&path).unwrap();
        let mut doc = Document::load_mem(&bytes).unwrap();
        doc.decompress();
        let mut plain = Vec::new();
        doc.save_to(&mut plain).unwrap();
        bases.push(bytes);
        bases.push(plain);
    }
    bases
}

/// One seeded mutation of `bytes`: flipped bytes, a cut, a splice from `other`, a
/// deleted run, or a number made huge.
fn mutate(random: &mut Random, bytes: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = random.below(out.len());
    match random.below(5) {
        0 => {
            for _ in 0..1 + random.below(8) {
                let i = random.below(out.len());
                out[i] ^= 1 + random.below(255) as u8;
            }
        }
        1 => out.truncate(at),
        2 => {
            let from = random.below(other.len());
            let len = random.below(4096).min(other.len() - from);
            out.splice(at..at, other[from..from + len].iter().copied());
        }
        3 => {
            let len = random.below(2048).min(out.len() - at);
            out.drain(at..at + len);
        }
        _ => {
            if let Some(digit) = out[at..].iter().position(u8::is_ascii_digit) {
                out.splice(at + digit..at + digit + 1, *b"99999999999");
            }
        }
    }
    out
}

#[test]
fn seeded_mutations_of_the_fixture_pdfs_are_read_or_refused_never_a_panic() {
    let bases = mutation_bases();
    let mut random = Random(0x5eed_0021_0000_0001);
    let (mut read, mut refused) = (0, 0);
    for case in 0..mutation_cases() {
        let base = &bases[random.below(bases.len())];
        let other = &bases[random.below(bases.len())];
        let bytes = mutate(&mut random, base, other);
        match extract_text(&bytes) {
            Ok(text) => {
                read += 1;
                for limit in Limit::ALL {
                    assert!(text.usage.of(limit) <= limit.max(), "case {case}: {limit}");
                }
            }
            Err(PdfError::Damaged(reason)) => {
                refused += 1;
                assert!(
                    !reason.contains("a bug in nianbao"),
                    "case {case}: nianbao itself panicked: {reason}"
                );
            }
            Err(_) => refused += 1,
        }
    }
    assert!(read > 0 && refused > 0, "read {read}, refused {refused}");
}

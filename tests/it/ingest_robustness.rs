//! The parser takes any text without panicking: random documents built from the pieces
//! that trip parsers (numbers, labels, brackets, page furniture, full-width forms).

use nianbao::ingest::parse_text;

/// A small deterministic generator, so failures reproduce.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "1",
    "2",
    "12",
    "2023",
    "1.1",
    "2.84",
    "1.",
    "一、",
    "（一）",
    "（",
    "）",
    "“",
    "”",
    "图",
    "表",
    "案例",
    "附表",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\n ",
    "\u{c}",
    "\r\n",
    "。",
    "，",
    "：",
    "%",
    "％",
    "１２",
    "∶",
    "-",
    "前言",
    "前  言",
    "数据来源：",
    "学校",
    "嘉兴技师学院",
    "基本情况",
    "人才培养",
    "所",
    "年",
    "\t",
    "\u{1b}[31m",
    "\u{0}",
    "…",
    "a",
    "ABC",
    "é",
    "😀",
];

#[test]
fn random_documents_never_panic_the_parser() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let length = rng.next() % 80;
        let document: String = (0..length).map(|_| rng.pick(PIECES)).collect();
        let parsed = parse_text(&document);
        for paragraph in &parsed.structure.paragraphs {
            assert!(!paragraph.text.is_empty());
            assert!(
                paragraph
                    .footnote_refs
                    .iter()
                    .all(|r| r.offset <= paragraph.text.len())
            );
        }
    }
}

#[test]
fn empty_and_whitespace_documents_have_no_structure() {
    for document in ["", "\n\n\n", "   \u{c}  \n", "\u{c}\u{c}"] {
        let parsed = parse_text(document);
        assert!(parsed.structure.chapters.is_empty());
        assert!(parsed.structure.paragraphs.is_empty());
    }
}

#[test]
fn repeated_text_proposes_the_same_school_names() {
    // A report ingested ten times over (a PDF with its pages repeated, a text pasted
    // twice) gives no evidence the report alone does not: the same names, and no junk
    // such as 动平湖市职业中等专业学校 (from 推动平湖市…) or 含嘉兴市华清职业技术学校.
    let seed = include_str!("../../data/reports/jiaxing-2023/source.txt");
    let names = |text: &str| -> Vec<String> {
        nianbao::ingest::detect::school_names(&parse_text(text).structure, None)
            .into_iter()
            .map(|school| school.name)
            .collect()
    };
    let once = names(seed);
    assert!(once.contains(&"嘉兴市华清职业技术学校".to_string()));
    assert!(once.contains(&"平湖市职业中等专业学校".to_string()));
    let ten_times = names(&seed.repeat(10));
    assert_eq!(ten_times, once);
    let twice = names(&format!("{seed}\n{seed}"));
    assert_eq!(twice, once);
}

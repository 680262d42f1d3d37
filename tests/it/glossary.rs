//! The embedded report's glossary (`glossary.csv`): the domain terms issue 10 asked for
//! are there, every term is written as the report writes it, no term is listed twice, and
//! the English glosses make Chinese text findable in English.

use crate::support;

use std::collections::HashSet;

use nianbao::model::{ItemRef, Report};
use nianbao::search::SearchIndex;
use nianbao::text::compact;

const SEED: &str = include_str!("../../data/reports/jiaxing-2023/source.txt");

/// The terms issue 10 (item 9) named, each with the glossary term that covers it: the
/// same, except `1+X证书`, which the report writes `“1+X”证书` (the glossary lists `1+X`,
/// the part without quotation marks), and `专业布点/专业大类`, two terms.
const ISSUE_TERMS: &[(&str, &str)] = &[
    ("1+X证书", "1+X"),
    ("双元制", "双元制"),
    ("立德树人", "立德树人"),
    ("德技并修", "德技并修"),
    ("工匠精神", "工匠精神"),
    ("劳模", "劳模"),
    ("世界技能大赛", "世界技能大赛"),
    ("职业技能鉴定", "职业技能鉴定"),
    ("高水平专业群", "高水平专业群"),
    ("三次产业", "三次产业"),
    ("专业布点", "专业布点"),
    ("专业大类", "专业大类"),
    ("双创", "双创"),
    ("订单班", "订单班"),
    ("学徒制", "学徒制"),
    ("非遗", "非遗"),
    ("援疆", "援疆"),
];

fn jiaxing() -> Report {
    support::jiaxing()
}

#[test]
fn every_term_the_issue_names_has_a_glossary_entry() {
    let report = jiaxing();
    let missing: Vec<&str> = ISSUE_TERMS
        .iter()
        .filter(|(_, term)| {
            !report
                .glossary
                .iter()
                .any(|g| g.term == *term && !g.english.trim().is_empty())
        })
        .map(|(asked, term)| if asked == term { *term } else { *asked })
        .collect();
    assert!(missing.is_empty(), "no glossary entry for {missing:?}");
}

#[test]
fn every_glossary_term_occurs_in_the_report_text() {
    // The loader does not check this: a term the report never writes glosses nothing.
    let report = jiaxing();
    let text = compact(SEED);
    let absent: Vec<&str> = report
        .glossary
        .iter()
        .map(|g| g.term.as_str())
        .filter(|term| !text.contains(&compact(term)))
        .collect();
    assert!(absent.is_empty(), "not in source.txt: {absent:?}");
}

#[test]
fn glossary_terms_are_unique() {
    // The loader rejects a duplicate too (`duplicate term`), so this also guards the
    // embedded dataset loading at all.
    let report = jiaxing();
    let mut seen = HashSet::new();
    let duplicates: Vec<&str> = report
        .glossary
        .iter()
        .map(|g| g.term.as_str())
        .filter(|term| !seen.insert(*term))
        .collect();
    assert!(duplicates.is_empty(), "listed twice: {duplicates:?}");
    assert!(report.glossary.len() >= 200);
}

/// The text an item is found by: its title, and a paragraph's or case's body.
fn text_of(report: &Report, item: &ItemRef) -> String {
    let s = &report.structure;
    match item {
        ItemRef::Chapter(n) => s
            .chapters
            .iter()
            .filter(|c| c.number == *n)
            .map(|c| c.title.clone())
            .collect(),
        ItemRef::Section(n) => s
            .sections
            .iter()
            .filter(|x| &x.number == n)
            .map(|x| x.title.clone())
            .collect(),
        ItemRef::Case(n) => s
            .cases
            .iter()
            .filter(|c| &c.number == n)
            .flat_map(|c| {
                std::iter::once(c.title.clone())
                    .chain(c.paragraphs.iter().map(|&p| s.paragraphs[p].text.clone()))
            })
            .collect(),
        ItemRef::Figure(n) => s
            .figures
            .iter()
            .filter(|f| &f.number == n)
            .map(|f| f.caption.clone())
            .collect(),
        ItemRef::Table(n) => s
            .tables
            .iter()
            .filter(|t| &t.number == n)
            .map(|t| t.title.clone())
            .collect(),
        ItemRef::Paragraph(n) => s.paragraphs[n - 1].text.clone(),
        _ => String::new(),
    }
}

/// The items among the first hits for `query` whose text has `term` in it, with the
/// excerpt of the field that matched.
fn found_with(report: &Report, query: &str, term: &str) -> Vec<(String, String)> {
    let index = SearchIndex::build(std::slice::from_ref(report));
    index
        .search(query, None, 10)
        .iter()
        .filter(|hit| compact(&text_of(report, &index.entry(hit).item)).contains(term))
        .map(|hit| {
            let snippet = hit.snippet.as_ref().map(|s| s.text.clone());
            (
                index.entry(hit).item.to_string(),
                snippet.unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn english_glosses_find_the_chinese_terms() {
    let report = jiaxing();
    for (query, term, expected) in [
        ("WorldSkills Competition", "世界技能大赛", "paragraph:23"),
        ("spirit of craftsmanship", "工匠精神", "section:4.1"),
        (
            "fostering virtue through education",
            "立德树人",
            "section:2.1",
        ),
        // A term only a case's text uses: its gloss finds the case.
        ("dual system", "双元制", "case:15"),
    ] {
        let found = found_with(&report, query, term);
        assert!(
            found
                .iter()
                .any(|(item, snippet)| item == expected && snippet.contains(query)),
            "{query:?} should find {expected} ({term}) by its gloss, found {found:?}"
        );
        // It is the glossary that finds it: without glosses, English finds no such text.
        let mut without = report.clone();
        without.glossary.clear();
        let found = found_with(&without, query, term);
        assert!(
            found.is_empty(),
            "{query:?} finds {term} without the glossary: {found:?}"
        );
    }
}

//! How people look things up in the embedded report — Chinese, pinyin (full, initials,
//! mixed, polyphones, shortened names), English, printed labels, numbers, kind filters,
//! typos — and the hit they expect on top.

use crate::support;

use std::sync::mpsc;
use std::time::Duration;

use nianbao::search::{SearchIndex, SearchKind};

const QUERIES: &[(&str, Option<SearchKind>, &str)] = &[
    // Chinese, full and partial
    ("嘉兴技师学院", None, "school:jiaxing-technician-college"),
    ("嘉兴交通学校", None, "school:jiaxing-transport-school"),
    ("海宁卫生", None, "school:haining-health-school"),
    ("生师比", None, "indicator:student-teacher-ratio"),
    (
        "毕业去向落实率",
        None,
        "indicator:graduate-destination-rate",
    ),
    ("硖石灯彩", None, "case:13"),
    ("小盘扣", None, "case:14"),
    ("盘扣", None, "indicator:pankou-experience-visits"),
    ("德国海外商会", None, "partner:german-chambers-abroad"),
    // pinyin: initials, full, mixed with characters, upper case
    ("jxjs", None, "school:jiaxing-technician-college"),
    ("jiaxingjishi", None, "school:jiaxing-technician-college"),
    ("jx技师", None, "school:jiaxing-technician-college"),
    ("JXJS", None, "school:jiaxing-technician-college"),
    ("jxjtxx", None, "school:jiaxing-transport-school"),
    ("hnws", None, "school:haining-health-school"),
    ("ssb", None, "indicator:student-teacher-ratio"),
    ("qxlsl", None, "indicator:graduate-destination-rate"),
    ("xsdc", None, "case:13"),
    ("cjrh", None, "chapter:6"),
    ("zprt", None, "section:2.2"),
    // shortened names: pinyin initials spell characters in order with others left out,
    // as people shorten names (平湖职专, 浙江平湖技师, 海宁职高, 嘉兴建筑, 桐乡卫生, 海盐理工)
    ("phzz", None, "school:pinghu-vocational-secondary-school"),
    ("zjphjs", None, "school:zhejiang-pinghu-technician-college"),
    ("hnzg", None, "school:haining-vocational-high-school"),
    ("hnzgzx", None, "school:haining-vocational-high-school"),
    ("jxjz", None, "school:jiaxing-construction-industry-school"),
    ("txws", None, "school:tongxiang-health-school"),
    ("hylg", None, "school:haiyan-polytechnic-school"),
    ("jxhq", None, "school:jiaxing-huaqing-vocational-school"),
    // …and full syllables or characters mixed in
    ("haiyanligong", None, "school:haiyan-polytechnic-school"),
    (
        "pinghuzhizhuan",
        None,
        "school:pinghu-vocational-secondary-school",
    ),
    ("ph职专", None, "school:pinghu-vocational-secondary-school"),
    // 嘉善中专: among schools; over everything, 浙江省中职名校数 spells jszz contiguously
    // (江省中职) and ranks first (see `contiguous_matches_rank_above_scattered_ones`)
    (
        "jszz",
        Some(SearchKind::School),
        "school:jiashan-secondary-specialized-school",
    ),
    // polyphones match under every reading
    ("hangye", None, "indicator:industry-mentors"),
    ("changsanjiao", None, "case:2"),
    // English names and glosses
    (
        "student teacher ratio",
        None,
        "indicator:student-teacher-ratio",
    ),
    (
        "graduate destination rate",
        None,
        "indicator:graduate-destination-rate",
    ),
    (
        "Jiaxing Transport School",
        None,
        "school:jiaxing-transport-school",
    ),
    (
        "intangible heritage",
        None,
        "indicator:intangible-heritage-events",
    ),
    ("AHK", None, "partner:german-chambers-abroad"),
    (
        "population",
        Some(SearchKind::Indicator),
        "indicator:population-2022",
    ),
    // typos: letters left out still match
    (
        "technican colege",
        None,
        "school:jiaxing-technician-college",
    ),
    (
        "graduat destinaton",
        None,
        "indicator:graduates-with-destination",
    ),
    // printed labels and numbers, full-width forms
    ("案例7", None, "case:7"),
    ("图5", None, "figure:5"),
    ("表1", None, "table:1"),
    ("44.31%", None, "indicator:vocational-enrolment-share-2022"),
    (
        "４４．３１％",
        None,
        "indicator:vocational-enrolment-share-2022",
    ),
    // kind filters
    ("留学", Some(SearchKind::Section), "section:5.2"),
    ("liuxue", Some(SearchKind::Section), "section:5.2"),
    ("师资", Some(SearchKind::Figure), "figure:1"),
    ("平湖", Some(SearchKind::Case), "case:5"),
    (
        "tongxiang",
        Some(SearchKind::School),
        "school:tongxiang-health-school",
    ),
    ("人口", Some(SearchKind::Paragraph), "paragraph:73"),
    ("职普融通", Some(SearchKind::Section), "section:2.2"),
    ("产教融合", Some(SearchKind::Chapter), "chapter:6"),
];

#[test]
fn every_query_finds_what_a_person_expects_on_top() {
    let dataset = support::jiaxing_dataset();
    let index = SearchIndex::build(&dataset.reports);
    let mut failures = Vec::new();
    for &(query, kind, expected) in QUERIES {
        let hits = index.search(query, kind, 5);
        let top: Vec<String> = hits
            .iter()
            .map(|h| index.entry(h).item.to_string())
            .collect();
        if top.first().map(String::as_str) != Some(expected) {
            failures.push(format!(
                "{query:?} ({kind:?}): expected {expected}, got {top:?}"
            ));
        }
    }
    assert!(QUERIES.len() >= 30);
    assert!(
        failures.is_empty(),
        "{} of {} queries:\n{}",
        failures.len(),
        QUERIES.len(),
        failures.join("\n")
    );
}

/// The shortened-name rows above, without their kind filter.
const SHORTENED: &[&str] = &[
    "phzz",
    "zjphjs",
    "hnzg",
    "hnzgzx",
    "jxjz",
    "txws",
    "hylg",
    "jxhq",
    "haiyanligong",
    "pinghuzhizhuan",
    "ph职专",
    "jszz",
];

#[test]
fn contiguous_matches_rank_above_scattered_ones() {
    let dataset = support::jiaxing_dataset();
    let index = SearchIndex::build(&dataset.reports);
    let mut both = Vec::new();
    for &query in SHORTENED.iter().chain(&["jxjs", "jx", "hnws", "ssb"]) {
        let hits = index.search(query, None, 1_000);
        assert!(!hits.is_empty(), "{query}");
        let order: Vec<bool> = hits.iter().map(|h| h.contiguous).collect();
        assert!(
            order.windows(2).all(|pair| pair[0] >= pair[1]),
            "{query}: a scattered hit before a contiguous one: {order:?}"
        );
        for hit in &hits {
            let positions = match &hit.snippet {
                Some(snippet) => &snippet.positions,
                None => &hit.title_positions,
            };
            let run = positions.windows(2).all(|p| p[1] == p[0] + 1);
            // Single-word queries: contiguous means the marked characters are adjacent.
            assert_eq!(hit.contiguous, run, "{query}: {}", index.entry(hit).item);
        }
        if order.contains(&true) && order.contains(&false) {
            both.push(query);
        }
    }
    // The rule is exercised: these find both kinds.
    for query in ["jszz", "jxjs"] {
        assert!(both.contains(&query), "{query}: {both:?}");
    }
    // 嘉善县中等专业学校 is found, after the contiguous 江省中职 of 浙江省中职名校数.
    let hits = index.search("jszz", None, 1_000);
    let items: Vec<String> = hits
        .iter()
        .map(|h| index.entry(h).item.to_string())
        .collect();
    assert_eq!(items[0], "indicator:schools-provincial-famous");
    let school = items
        .iter()
        .position(|i| i == "school:jiashan-secondary-specialized-school")
        .unwrap();
    assert!(hits[..school].iter().any(|h| h.contiguous));
    assert!(!hits[school].contiguous);
}

#[test]
fn scattered_pinyin_stays_out_of_running_text() {
    let dataset = support::jiaxing_dataset();
    let index = SearchIndex::build(&dataset.reports);
    // No paragraph spells phzz in adjacent characters; a scattered spelling in long text
    // would say nothing.
    assert!(
        index
            .search("phzz", Some(SearchKind::Paragraph), 100)
            .is_empty()
    );
    // Titles are found by it, with the spelled characters marked.
    let hits = index.search("phzz", Some(SearchKind::School), 5);
    assert_eq!(hits[0].title_positions, vec![0, 1, 3, 5]);
}

#[test]
fn hits_carry_positions_for_highlighting_and_snippets_for_text() {
    let dataset = support::jiaxing_dataset();
    let index = SearchIndex::build(&dataset.reports);
    let hits = index.search("jxjs", None, 1);
    assert_eq!(hits[0].title_positions, vec![0, 1, 2, 3]);
    let hits = index.search("长三角", Some(SearchKind::Paragraph), 1);
    let snippet = hits[0].snippet.as_ref().unwrap();
    assert!(snippet.text.chars().count() <= 42);
    let marked: String = snippet
        .positions
        .iter()
        .map(|&p| snippet.text.chars().nth(p).unwrap())
        .collect();
    assert_eq!(marked, "长三角");
}

#[test]
fn title_matches_outrank_text_and_kinds_break_ties() {
    let dataset = support::jiaxing_dataset();
    let index = SearchIndex::build(&dataset.reports);
    let hits = index.search("嘉兴技师学院", None, 50);
    let kinds: Vec<&str> = hits.iter().map(|h| index.entry(h).kind.name()).collect();
    let first_paragraph = kinds.iter().position(|k| *k == "paragraph").unwrap();
    assert!(kinds[..first_paragraph].iter().all(|k| *k != "paragraph"));
    assert_eq!(kinds[0], "school");
    for pair in hits.windows(2) {
        let key = |h: &nianbao::search::Hit| (h.contiguous, h.tier);
        assert!(key(&pair[0]) >= key(&pair[1]));
        if key(&pair[0]) == key(&pair[1]) && pair[0].contiguous {
            assert!(pair[0].score >= pair[1].score);
        }
    }
    assert!(index.search("", None, 10).is_empty());
    assert!(index.search("   ", None, 10).is_empty());
}

/// Runs `work` on a thread and waits for it: a hang check (the exponential matcher would
/// take longer than the universe has existed), not a performance assertion.
fn finishes<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || sender.send(work()));
    receiver
        .recv_timeout(Duration::from_secs(10))
        .expect("matching did not finish within 10 s")
}

#[test]
fn pinyin_queries_finish_on_runs_that_spell_them_many_ways() {
    // Each 额 is `e` by its syllable and by its initial: 2^200 ways to fail at the `x`.
    let filtered = finishes(|| {
        let lines = format!("{}\n{}\n", "额".repeat(200), "额二阿嗯".repeat(50));
        let mut kept = Vec::new();
        for query in [format!("{}x", "e".repeat(199)), "e".repeat(200)] {
            let mut output = Vec::new();
            nianbao::search::filter(&query, lines.as_bytes(), &mut output).unwrap();
            kept.push(String::from_utf8(output).unwrap());
        }
        kept
    });
    assert_eq!(
        filtered,
        ["".to_string(), format!("{}\n", "额".repeat(200))]
    );
    // The finder's longest query against the report's paragraphs.
    let hits = finishes(|| {
        let dataset = support::jiaxing_dataset();
        let index = SearchIndex::build(&dataset.reports);
        index
            .search(&format!("{}x", "e".repeat(199)), None, 5)
            .len()
    });
    assert_eq!(hits, 0);
}

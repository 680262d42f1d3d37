//! Page furniture: running headers and footers, found by repetition at the head or foot
//! of most pages (the same text once digits are masked), and page numbers in every
//! common form (`3`, `- 3 -`, `— 3 —`, `第 3 页`, `第3页 共5页`, `3/5`, `ii`, `Ⅳ`, and a
//! footer that joins text and number: `嘉禾市教育局编印 - 2 -`). Furniture is taken off
//! the pages; the page numbers it printed are kept as the pages' printed numbers.

use std::collections::HashMap;

use crate::text::normalize;

/// A page number read from a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageNumber {
    pub value: u32,
    /// Printed in Roman numerals (front matter).
    pub roman: bool,
    /// Written in a form only page numbers take (`- 3 -`, `第 3 页`, `3/5`); a bare
    /// number or numeral may be text and must fit the pages around it.
    pub strong: bool,
}

/// A page's lines with its furniture taken off, and its printed number if it shows one.
pub struct Page<'a> {
    pub lines: Vec<&'a str>,
    pub number: Option<PageNumber>,
}

/// Rounds of furniture looked for (a page number under a footer is at the page's end
/// only once the footer is gone, and the other way round).
const FURNITURE_ROUNDS: usize = 2;

/// Takes running headers, footers and page-number lines off the pages.
pub fn strip<'a>(pages: Vec<Vec<&'a str>>) -> Vec<Page<'a>> {
    let mut pages: Vec<Page<'a>> = pages
        .into_iter()
        .map(|lines| Page {
            lines,
            number: None,
        })
        .collect();
    for _ in 0..FURNITURE_ROUNDS {
        strip_page_number_lines(&mut pages);
        strip_running(&mut pages, End::Head);
        strip_running(&mut pages, End::Foot);
    }
    pages
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Head,
    Foot,
}

/// The position of the first or last non-blank line of a page.
fn end_line(lines: &[&str], end: End) -> Option<usize> {
    match end {
        End::Head => lines.iter().position(|l| !l.trim().is_empty()),
        End::Foot => lines.iter().rposition(|l| !l.trim().is_empty()),
    }
}

/// The line with its digits masked and its whitespace taken out: what repeats from page
/// to page in a running header or footer.
fn masked(line: &str) -> String {
    normalize(line)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Lines at each end of a page looked at for furniture: a reader may write a running
/// header after the page's first headings, or a footer before its last lines.
const ZONE: usize = 5;

/// The positions of the first or last `ZONE` non-blank lines of a page.
fn zone(lines: &[&str], end: End) -> Vec<usize> {
    let text = (0..lines.len()).filter(|&at| !lines[at].trim().is_empty());
    match end {
        End::Head => text.take(ZONE).collect(),
        End::Foot => {
            let all: Vec<usize> = text.collect();
            all[all.len().saturating_sub(ZONE)..].to_vec()
        }
    }
}

/// Takes off the lines near one end of the pages that repeat there on most pages. On the
/// first page a head line that names a report (`…报告`, `…年报`) stays unless it is
/// printed again below: a report's title repeated as its running header is the first
/// page's title.
fn strip_running(pages: &mut [Page<'_>], end: End) {
    let fewest = 3usize.max(pages.len() / 2 + 1);
    if pages.len() < 3 {
        return;
    }
    let keys: Vec<Vec<(usize, String)>> = pages
        .iter()
        .map(|page| {
            zone(&page.lines, end)
                .into_iter()
                .map(|at| (at, masked(page.lines[at])))
                .collect()
        })
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for page_keys in &keys {
        let mut distinct: Vec<&str> = page_keys.iter().map(|(_, key)| key.as_str()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for key in distinct {
            *counts.entry(key).or_default() += 1;
        }
    }
    for (index, (page, page_keys)) in pages.iter_mut().zip(&keys).enumerate() {
        let mut furniture: Vec<usize> = Vec::new();
        for (at, key) in page_keys {
            let repeated = counts[key.as_str()] >= fewest;
            // A table row (cells TAB-separated) repeated at the head of pages is a table's
            // header row repeated across a page break: the table's, not furniture.
            let table_row = page.lines[*at].contains('\t');
            if !repeated || table_row || key.is_empty() || key.chars().all(|c| c == '#') {
                continue;
            }
            if index == 0 && end == End::Head {
                let printed_again = page.lines[at + 1..].iter().any(|l| masked(l) == *key);
                if names_a_report(key) && !printed_again {
                    continue;
                }
            }
            furniture.push(*at);
        }
        // From the last, so the positions before stay put.
        for at in furniture.into_iter().rev() {
            let line = page.lines.remove(at);
            if page.number.is_none() {
                page.number = number_in_furniture(line);
            }
        }
    }
}

/// A line that names a report: a title.
fn names_a_report(text: &str) -> bool {
    ["报告", "年报"].iter().any(|word| text.contains(word))
}

/// Page numbers on lines of their own at a page's head or foot. A strong form is taken
/// as it is; a bare number only if it fits the pages around it (its distance from the
/// page's position is shared by another page, or small: a split figure such as `85` at a
/// page's foot is text); a Roman numeral only near its page's position.
fn strip_page_number_lines(pages: &mut [Page<'_>]) {
    let candidates: Vec<Option<(usize, PageNumber)>> = pages
        .iter()
        .map(|page| {
            if page.number.is_some() {
                return None;
            }
            [End::Foot, End::Head].into_iter().find_map(|end| {
                let at = end_line(&page.lines, end)?;
                page_number(page.lines[at]).map(|number| (at, number))
            })
        })
        .collect();
    let offset = |index: usize, value: u32| i64::from(value) - index as i64 - 1;
    let mut offsets: HashMap<i64, usize> = HashMap::new();
    for (index, candidate) in candidates.iter().enumerate() {
        if let Some((_, number)) = candidate.filter(|(_, n)| !n.roman) {
            *offsets.entry(offset(index, number.value)).or_default() += 1;
        }
    }
    for (index, (page, candidate)) in pages.iter_mut().zip(candidates).enumerate() {
        let Some((at, number)) = candidate else {
            continue;
        };
        let distance = offset(index, number.value);
        let fits = number.strong
            || if number.roman {
                (-2..=0).contains(&distance)
            } else {
                offsets[&distance] >= 2 || distance.abs() <= 2
            };
        if fits {
            page.lines.remove(at);
            page.number = Some(number);
        }
    }
}

/// The page number printed in a running header or footer that also holds text
/// (`嘉禾市教育局编印 - 2 -`, `第 3 页 共 5 页`), at its end or its start.
fn number_in_furniture(line: &str) -> Option<PageNumber> {
    if let Some(number) = page_number(line) {
        return Some(number);
    }
    let text: Vec<char> = normalize(line)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let longest = text.len().min(16);
    let piece = |range: std::ops::Range<usize>| text[range].iter().collect::<String>();
    (2..=longest)
        .rev()
        .filter_map(|len| page_number(&piece(text.len() - len..text.len())))
        .chain(
            (2..=longest)
                .rev()
                .filter_map(|len| page_number(&piece(0..len))),
        )
        .find(|number| number.strong)
}

/// The page number a line holds on its own, in any common form.
pub fn page_number(line: &str) -> Option<PageNumber> {
    let text: String = normalize(line)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if text.is_empty() || text.chars().count() > 16 {
        return None;
    }
    let strong = |value: u32| PageNumber {
        value,
        roman: false,
        strong: true,
    };
    // 第3页, 第3页共5页, 第3页/共5页, 第3页,共5页
    if let Some(rest) = text.strip_prefix('第') {
        let (value, rest) = digits(rest)?;
        let rest = rest.strip_prefix('页')?;
        let total = rest.trim_start_matches([',', '/', '，']);
        return (total.is_empty() || total_pages(total).is_some_and(|t| t >= value))
            .then(|| strong(value));
    }
    // 3/5
    if let Some((value, rest)) = digits(&text)
        && let Some(total) = rest.strip_prefix('/')
    {
        let (total, after) = digits(total)?;
        return (after.is_empty() && value <= total && value > 0).then(|| strong(value));
    }
    // - 3 -, — 3 —
    const DASHES: [char; 5] = ['-', '—', '–', '－', '~'];
    let inner = text.trim_start_matches(DASHES);
    if inner.len() < text.len() {
        let (value, rest) = digits(inner)?;
        let closed = !rest.is_empty() && rest.trim_start_matches(DASHES).is_empty();
        return closed.then(|| strong(value));
    }
    if let Some((value, rest)) = digits(&text) {
        return rest.is_empty().then_some(PageNumber {
            value,
            roman: false,
            strong: false,
        });
    }
    roman_value(&text).map(|value| PageNumber {
        value,
        roman: true,
        strong: false,
    })
}

/// `共5页`.
fn total_pages(text: &str) -> Option<u32> {
    let (total, rest) = digits(text.strip_prefix('共')?)?;
    (rest == "页").then_some(total)
}

/// A leading number of one to four digits, not starting with 0.
fn digits(text: &str) -> Option<(u32, &str)> {
    let count = text.bytes().take_while(u8::is_ascii_digit).count();
    if count == 0 || count > 4 || text.starts_with('0') {
        return None;
    }
    Some((text[..count].parse().ok()?, &text[count..]))
}

/// A Roman numeral up to 39 in one case (`iv`, `XII`) or as Unicode numerals (`Ⅳ`, `ⅻ`).
fn roman_value(text: &str) -> Option<u32> {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        for base in [0x2160, 0x2170] {
            if (base..base + 12).contains(&(c as u32)) {
                return Some(c as u32 - base + 1);
            }
        }
    }
    let lower = text.to_ascii_lowercase();
    let one_case = text == lower || text == text.to_ascii_uppercase();
    if !one_case || lower.is_empty() || !lower.chars().all(|c| "ivx".contains(c)) {
        return None;
    }
    (1..40).find(|&n| to_roman(n) == lower)
}

fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (value, symbol) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(line: &str) -> Option<(u32, bool, bool)> {
        page_number(line).map(|n| (n.value, n.roman, n.strong))
    }

    #[test]
    fn reads_page_numbers_in_every_common_form() {
        assert_eq!(value("3"), Some((3, false, false)));
        assert_eq!(value(" - 3 - "), Some((3, false, true)));
        assert_eq!(value("— 12 —"), Some((12, false, true)));
        assert_eq!(value("－4－"), Some((4, false, true)));
        assert_eq!(value("第 3 页"), Some((3, false, true)));
        assert_eq!(value("第3页 共5页"), Some((3, false, true)));
        assert_eq!(value("第 3 页 共 5 页"), Some((3, false, true)));
        assert_eq!(value("3/5"), Some((3, false, true)));
        assert_eq!(value("3 / 5"), Some((3, false, true)));
        assert_eq!(value("ii"), Some((2, true, false)));
        assert_eq!(value("iv"), Some((4, true, false)));
        assert_eq!(value("XII"), Some((12, true, false)));
        assert_eq!(value("Ⅱ"), Some((2, true, false)));
        assert_eq!(value("ⅳ"), Some((4, true, false)));
    }

    #[test]
    fn text_is_not_a_page_number() {
        for line in [
            "第3页共2页",
            "5/3",
            "- 3",
            "3 -",
            "2023年",
            "第三页",
            "iiii",
            "Iv",
            "vix",
            "12345",
            "第3名",
            "0",
            "学生",
            "1.5",
        ] {
            assert_eq!(page_number(line), None, "{line}");
        }
    }

    fn pages(texts: &[&'static str]) -> Vec<Vec<&'static str>> {
        texts.iter().map(|t| t.lines().collect()).collect()
    }

    fn stripped(texts: &[&'static str]) -> (Vec<Vec<&'static str>>, Vec<Option<u32>>) {
        let pages = strip(pages(texts));
        (
            pages.iter().map(|p| p.lines.clone()).collect(),
            pages.iter().map(|p| p.number.map(|n| n.value)).collect(),
        )
    }

    #[test]
    fn running_headers_and_footers_with_numbers_are_taken_off() {
        let (lines, numbers) = stripped(&[
            "年度报告\n年度报告\n正文一。\n嘉禾市教育局编印 - 1 -",
            "年度报告\n正文二。\n嘉禾市教育局编印 - 2 -",
            "年度报告\n正文三。\n嘉禾市教育局编印 - 3 -",
        ]);
        assert_eq!(
            lines,
            [
                vec!["年度报告", "正文一。"],
                vec!["正文二。"],
                vec!["正文三。"]
            ]
        );
        assert_eq!(numbers, [Some(1), Some(2), Some(3)]);
        let (lines, numbers) = stripped(&[
            "正文一。\n第 1 页 共 3 页",
            "正文二。\n第 2 页 共 3 页",
            "正文三。\n第 3 页 共 3 页",
        ]);
        assert_eq!(
            lines,
            [vec!["正文一。"], vec!["正文二。"], vec!["正文三。"]]
        );
        assert_eq!(numbers, [Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn the_title_repeated_as_running_header_stays_on_the_first_page() {
        let (lines, _) = stripped(&[
            "2023年质量报告\n前言\n正文。",
            "2023年质量报告\n正文二。",
            "2023年质量报告\n正文三。",
        ]);
        assert_eq!(lines[0], ["2023年质量报告", "前言", "正文。"]);
        assert_eq!(lines[1], ["正文二。"]);
    }

    #[test]
    fn a_running_header_written_after_the_first_heading_is_found() {
        let (lines, _) = stripped(&[
            "前言\n页眉文字\n正文一。",
            "一、概况\n页眉文字\n正文二。",
            "二、培养\n页眉文字\n正文三。",
        ]);
        assert_eq!(lines[1], ["一、概况", "正文二。"]);
        assert_eq!(lines[2], ["二、培养", "正文三。"]);
        // A table's header row repeated at the head of its pages stays with the table.
        let (lines, _) = stripped(&[
            "序号\t指标\n1\t甲",
            "序号\t指标\n2\t乙",
            "序号\t指标\n3\t丙",
        ]);
        assert!(lines.iter().all(|page| page[0] == "序号\t指标"));
    }

    #[test]
    fn a_running_header_that_is_not_a_title_goes_from_the_first_page_too() {
        let (lines, _) = stripped(&[
            "青川县教育局编印\n青川县2023年度职业教育质量报告",
            "青川县教育局编印\n正文二。",
            "青川县教育局编印\n正文三。",
        ]);
        assert_eq!(lines[0], ["青川县2023年度职业教育质量报告"]);
    }

    #[test]
    fn a_line_repeated_on_few_pages_stays() {
        // Twice in four pages: not most pages.
        let (lines, _) = stripped(&[
            "学校概况\n正文一。",
            "学校概况\n正文二。",
            "专业建设\n正文三。",
            "师资队伍\n正文四。",
        ]);
        assert_eq!(lines[1], ["学校概况", "正文二。"]);
        // And in a two-page document nothing is evidence.
        let (lines, _) = stripped(&["页眉\n甲。", "页眉\n乙。"]);
        assert_eq!(lines[1], ["页眉", "乙。"]);
    }

    #[test]
    fn roman_front_matter_keeps_its_numerals_value() {
        let (lines, numbers) = stripped(&[
            "目录\ni",
            "前言。\nii",
            "正文一。\n1",
            "正文二。\n2",
            "正文三。\n3",
        ]);
        assert_eq!(numbers, [Some(1), Some(2), Some(1), Some(2), Some(3)]);
        assert!(lines.iter().all(|page| page.len() == 1));
    }
}

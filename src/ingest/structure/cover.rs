//! A report's cover: the title block on its first page (the title, broken over up to
//! three lines, with the year, publisher and date printed under it) and the title
//! repeated there as a running header. They are the report's title, which ingest proposes
//! for report.csv, not its text: no paragraph is made of them.

use std::collections::BTreeSet;

use crate::ingest::detect::{ends_a_title_part, is_year_line, names_a_report};
use crate::ingest::layout::Line;
use crate::text::{compact, ends_sentence};

/// Lines of the first page looked at for a cover.
const COVER_LINES: usize = 30;

/// The indexes of the cover's lines: on the first page, before its first line of running
/// text, each line naming a quality report, the parts of the title broken before it (up
/// to two lines ending in a school's or a place's name) and the year, publisher and date
/// lines under it.
pub(super) fn cover_lines(lines: &[Line]) -> BTreeSet<usize> {
    let Some(first_page) = lines.first().map(|l| l.page) else {
        return BTreeSet::new();
    };
    let head: Vec<String> = lines
        .iter()
        .take_while(|l| l.page == first_page)
        .take(COVER_LINES)
        .map(|l| compact(&l.text))
        .take_while(|l| !is_running_text(l))
        .collect();
    let mut cover = BTreeSet::new();
    for at in (0..head.len()).filter(|&at| names_a_report(&head[at])) {
        cover.insert(at);
        for before in (at.saturating_sub(2)..at).rev() {
            let part = &head[before];
            if cover.contains(&before) || part.chars().count() > 24 || !ends_a_title_part(part) {
                break;
            }
            cover.insert(before);
        }
        for (after, line) in head.iter().enumerate().skip(at + 1) {
            if !(is_year_line(line) || is_date_line(line) || is_publisher_line(line)) {
                break;
            }
            cover.insert(after);
        }
    }
    cover
}

/// A line of the text proper: it ends or holds a sentence.
fn is_running_text(line: &str) -> bool {
    ends_sentence(line) || line.contains(['。', '；'])
}

/// `二〇二四年十二月`, `2024年12月`, `2024年12月30日`.
fn is_date_line(line: &str) -> bool {
    let numeral = |c: char| c.is_ascii_digit() || "〇零一二三四五六七八九十".contains(c);
    let Some((year, rest)) = line.split_once('年') else {
        return false;
    };
    let rest = rest.strip_suffix('日').unwrap_or(rest);
    let Some((month, day)) = rest.split_once('月') else {
        return false;
    };
    year.chars().count() == 4
        && year.chars().all(numeral)
        && (1..=3).contains(&month.chars().count())
        && month.chars().all(numeral)
        && day.chars().count() <= 3
        && day.chars().all(numeral)
}

/// Who publishes the report, as a cover prints it under the title: an office
/// (`嘉禾市教育局`, `…编印`) or the school itself.
fn is_publisher_line(line: &str) -> bool {
    const OFFICES: [&str; 6] = ["教育局", "教育厅", "教育委员会", "人民政府", "编印", "编制"];
    line.chars().count() <= 24
        && (OFFICES.iter().any(|o| line.ends_with(o)) || ends_a_title_part(line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::layout::lay_out;

    fn cover_of(text: &str) -> Vec<String> {
        let layout = lay_out(text);
        cover_lines(&layout.lines)
            .into_iter()
            .map(|i| layout.lines[i].text.clone())
            .collect()
    }

    #[test]
    fn the_title_block_and_the_title_as_running_header_are_the_cover() {
        let page = "前言\n嘉禾市云溪职业教育中心质量年度报告（2024年度）\n嘉禾市云溪职业教育中心\n\
                    质量年度报告（2024年度）\n嘉禾市教育局\n二〇二四年十二月\n学校创办于1983年。\n";
        assert_eq!(
            cover_of(page),
            [
                "嘉禾市云溪职业教育中心质量年度报告（2024年度）",
                "嘉禾市云溪职业教育中心",
                "质量年度报告（2024年度）",
                "嘉禾市教育局",
                "二〇二四年十二月",
            ],
            "the heading 前言 and the text stay"
        );
    }

    #[test]
    fn only_the_first_page_before_its_text_holds_a_cover() {
        // A sentence about the report, a title-like line after the text starts, and one
        // on a later page are text.
        assert!(
            cover_of("我们编写了这份《中等职业教育质量年度报告》。\n质量年度报告\n").is_empty()
        );
        assert!(cover_of("前言\n\u{c}嘉禾市职业教育质量年度报告\n").is_empty());
        assert_eq!(
            cover_of("嘉禾市职业教育质量年度报告\n一、学校情况\n2024年12月\n"),
            ["嘉禾市职业教育质量年度报告"],
            "a heading ends what is printed under the title"
        );
    }

    #[test]
    fn dates_and_publishers_under_a_title() {
        for date in ["二〇二四年十二月", "2024年12月", "2024年12月30日"] {
            assert!(is_date_line(date), "{date}");
        }
        for not_a_date in [
            "2024年度",
            "24年12月",
            "2024年以来",
            "二〇二四年十二月学校召开",
        ] {
            assert!(!is_date_line(not_a_date), "{not_a_date}");
        }
        assert!(is_publisher_line("青川县教育局编印"));
        assert!(is_publisher_line("嘉禾市临溪职业技术学校"));
        assert!(!is_publisher_line("一、学校情况"));
    }
}

//! Recognisers for the structural lines of a quality report: headings in the current and
//! the older template and in the 第一章/第一节 style of other publishers, figure captions,
//! case titles, table titles, footnote lines. Each reads a single line (in its matching
//! form) and knows nothing of the document; which forms a document uses for its chapters
//! and sections is the structure stage's business.

mod headings;

pub use headings::{Form, Heading, Numbered, heading, title_line};

use super::asides;
use crate::model::CaseLabel;
use crate::text::{collapse_whitespace, normalize};

/// A numbered item that interrupts the text: `图 5`, `表 2-1`, `案例 7`, `附表1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    pub kind: LabelKind,
    /// As printed, normalised: `5`, `2-1`.
    pub number: String,
    /// The chapter of a chapter-dash number (`2` in `图2-3`).
    pub chapter: Option<u32>,
    /// The sequence number within the whole report or within its chapter.
    pub sequence: u32,
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LabelKind {
    Figure,
    Table,
    AppendixTable,
    /// A case or box, with what the report calls it (案例, 典型案例, 专栏).
    Case(CaseLabel),
}

/// Reads `图 5 …`, `表2-1 …`, `附表1 …`, and cases and boxes in every form (`案例 7 …`,
/// `【典型案例1】…`, `专栏2 …`, see [`asides::box_title`]; an unnumbered one has an
/// empty number, and a case's title may stand on the next line).
pub fn labelled(line: &str) -> Option<Labelled> {
    if let Some(title) = asides::box_title(line) {
        return Some(Labelled {
            kind: LabelKind::Case(title.label),
            number: title.number,
            chapter: title.chapter,
            sequence: title.sequence,
            title: title.title,
        });
    }
    let normalized = normalize(line);
    let (kind, rest) = [
        ("附表", LabelKind::AppendixTable),
        ("图", LabelKind::Figure),
        ("表", LabelKind::Table),
    ]
    .into_iter()
    .find_map(|(prefix, kind)| normalized.strip_prefix(prefix).map(|rest| (kind, rest)))?;
    let rest = rest.trim_start();
    let (first, after_first) = split_number(rest)?;
    let (number, chapter, sequence, after) = match after_first
        .strip_prefix(['-', '—', '–', '－'])
        .and_then(split_number)
    {
        Some((second, after)) => (format!("{first}-{second}"), Some(first), second, after),
        None => (first.to_string(), None, first, after_first),
    };
    if after.starts_with(['.', '%', ',', '，', '、', '。']) {
        return None;
    }
    let title = collapse_whitespace(&original_tail(line, &normalized, after));
    if title.is_empty() || title.starts_with(is_unit_char) {
        return None;
    }
    Some(Labelled {
        kind,
        number,
        chapter,
        sequence,
        title,
    })
}

/// A table-of-contents line: a heading or numbered item with its page number glued on
/// (`1.1学校概况7`, `附表1 人才培养质量计分卡 15`, `前言……1`), or the contents heading.
pub fn contents_entry(line: &str) -> bool {
    let normalized = normalize(line);
    let compacted: String = normalized.chars().filter(|c| !c.is_whitespace()).collect();
    if compacted == "目录" {
        return true;
    }
    let without_page = normalized
        .trim_end()
        .trim_end_matches(|c: char| c.is_ascii_digit());
    if without_page.len() == normalized.trim_end().len() {
        return false;
    }
    let rest = without_page.trim_end_matches(['.', '…', '·', ' ', '-', '—']);
    let titled_heading = match heading(rest) {
        Some(Heading::Numbered(numbered)) => !numbered.title.is_empty(),
        found => found.is_some(),
    };
    !rest.is_empty() && (titled_heading || labelled(rest).is_some())
}

/// The number of a list item set at the start of its line: `1.…`, `2、…`, `（3）…`,
/// `(4)…`, followed by words (`2.5万人` and `1.1 …` are a figure and a heading number).
pub fn list_item(line: &str) -> Option<u32> {
    let normalized = normalize(line);
    let trimmed = normalized.trim_start();
    let (number, rest) = match trimmed.strip_prefix('(') {
        Some(inner) => {
            let (number, rest) = split_number(inner)?;
            (number, rest.strip_prefix(')')?)
        }
        None => {
            let (number, rest) = split_number(trimmed)?;
            (number, rest.strip_prefix(['.', '、'])?)
        }
    };
    let words = rest
        .chars()
        .next()
        .is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace() && !is_unit_char(c));
    words.then_some(number)
}

/// Splits a leading decimal number off (at most three digits: years are not headings).
pub(super) fn split_number(text: &str) -> Option<(u32, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    Some((text[..digits].parse().ok()?, &text[digits..]))
}

/// The original text from the point where `tail` starts inside `normalized`. Both have the
/// same characters one to one, so the character position carries over.
pub(super) fn original_tail(original: &str, normalized: &str, tail: &str) -> String {
    let consumed_chars = normalized[..normalized.len() - tail.len()].chars().count();
    original.chars().skip(consumed_chars).collect()
}

/// Characters that follow a number as its unit or measure word, so the number cannot be a
/// heading number (`2 所`, `3 年时间`). Characters that also start common titles (人, 本,
/// 学) are left out.
fn is_unit_char(c: char) -> bool {
    "年月日号所个名项次届家批枚册倍元万亿%％‰亩岁周天秒米".contains(c)
}

/// 一 … 九十九.
fn chinese_numeral(text: &str) -> Option<u32> {
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i as u32 / 3 + 1);
    let chars: Vec<char> = text.trim().chars().collect();
    match chars.as_slice() {
        [one] if *one == '十' => Some(10),
        [one] => digit(*one),
        ['十', ones] => Some(10 + digit(*ones)?),
        [tens, '十'] => Some(digit(*tens)? * 10),
        [tens, '十', ones] => Some(digit(*tens)? * 10 + digit(*ones)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_items_start_with_a_number_and_words() {
        for (line, number) in [
            ("1.建立学困生帮扶档案；", Some(1)),
            ("2、落实国家助学金", Some(2)),
            ("（3）完善制度；", Some(3)),
            ("(4)落实经费", Some(4)),
            ("2.5万人", None),
            ("1.1 学校概况", None),
            ("2023年", None),
            ("3 年时间", None),
            ("学校1.建立", None),
        ] {
            assert_eq!(super::list_item(line), number, "{line}");
        }
    }

    use super::*;

    #[test]
    fn reads_labelled_items_flat_and_by_chapter() {
        let figure = labelled("图 5  平湖市职业中等专业学校院校企订单班签约仪式").unwrap();
        assert_eq!(figure.kind, LabelKind::Figure);
        assert_eq!(figure.number, "5");
        assert_eq!(figure.title, "平湖市职业中等专业学校院校企订单班签约仪式");
        let table = labelled("表2-3 学生规模").unwrap();
        assert_eq!((table.number.as_str(), table.chapter), ("2-3", Some(2)));
        let case = labelled("案例 1-1 某校").unwrap();
        assert_eq!(
            (case.kind, case.sequence),
            (LabelKind::Case(CaseLabel::Case), 1)
        );
        assert_eq!(
            labelled("附表1 人才培养质量计分卡").unwrap().kind,
            LabelKind::AppendixTable
        );
        assert_eq!(labelled("图书 1866853 册"), None);
        assert_eq!(labelled("案例，4 所学校"), None);
        assert_eq!(labelled("表 2 所示"), None);
    }

    #[test]
    fn recognises_table_of_contents_lines() {
        for line in [
            "目  录",
            "1.1学校概况7",
            "1.学校情况1",
            "附表1 人才培养质量计分卡9",
            "前言……1",
            "一、学校情况……3",
            "第一章 学校概况……1",
            "第三章　服务贡献 12",
        ] {
            assert!(contents_entry(line), "{line}");
        }
        for line in ["1.1学校概况", "2 所分校位于城区", "学生 1200", "2022"] {
            assert!(!contents_entry(line), "{line}");
        }
    }
}

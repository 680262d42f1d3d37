//! Recognisers for the structural lines of a quality report: headings in the current and
//! the older template and in the 第一章/第一节 style of other publishers, figure captions,
//! case titles, table titles, footnote lines. Each reads a single line (in its matching
//! form) and knows nothing of the document; which forms a document uses for its chapters
//! and sections is the structure stage's business.

use super::asides;
use crate::model::CaseLabel;
use crate::text::{collapse_whitespace, normalize};

/// A heading line: the preface, a chapter or a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heading {
    Preface,
    Chapter {
        number: u32,
        /// Empty for a bare `第三章` whose title stands on the next line.
        title: String,
        form: ChapterForm,
    },
    /// A section numbered with its chapter: `1.1 规模和结构`.
    Section {
        chapter: u32,
        number: u32,
        title: String,
    },
    /// A section numbered within its chapter (`（一）我校概况`, `第一节 …`): its number.
    SubsectionInChapter {
        number: u32,
        /// Empty for a bare `第一节` whose title stands on the next line.
        title: String,
        form: SectionForm,
    },
}

/// How a chapter heading is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChapterForm {
    /// `1 基本情况`, `1.基本情况`.
    Arabic,
    /// `一、学校情况` (the older template; under 第…章 chapters, a section).
    Enumerated,
    /// `第一章 基本情况`, `第1章 …`.
    Ordinal,
}

/// How a section heading is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionForm {
    /// `1.1 规模和结构`.
    Decimal,
    /// `（一）我校概况`.
    Parenthesised,
    /// `一、…` under a `第…章` chapter.
    Enumerated,
    /// `第一节 …`.
    Ordinal,
}

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

/// Reads a heading, checking only its form (sequence is the caller's business).
pub fn heading(line: &str) -> Option<Heading> {
    let normalized = normalize(line);
    let compacted: String = normalized.chars().filter(|c| !c.is_whitespace()).collect();
    if compacted == "前言" || compacted == "序言" {
        return Some(Heading::Preface);
    }
    numbered_heading(line, &normalized)
        .or_else(|| ordinal_heading(line, &normalized))
        .or_else(|| older_template_heading(line, &normalized))
}

/// `第一章 基本情况`, `第一章　学校概况`, `第1章 …`, `第一节 …`; a bare `第三章` has an
/// empty title (its title is on the next line).
fn ordinal_heading(original: &str, normalized: &str) -> Option<Heading> {
    let inner = normalized.trim_start().strip_prefix('第')?;
    let (close, unit) = inner
        .char_indices()
        .take(6)
        .find(|&(_, c)| c == '章' || c == '节')?;
    let numeral = inner[..close].trim();
    let number = match numeral.parse::<u32>() {
        Ok(number) if (1..=99).contains(&number) => number,
        _ => chinese_numeral(numeral)?,
    };
    let after = inner[close + unit.len_utf8()..].trim_start_matches([' ', ':', '：', '、']);
    let title = if after.trim().is_empty() {
        String::new()
    } else {
        title_after(original, normalized, after, false)?
    };
    Some(if unit == '章' {
        Heading::Chapter {
            number,
            title,
            form: ChapterForm::Ordinal,
        }
    } else {
        Heading::SubsectionInChapter {
            number,
            title,
            form: SectionForm::Ordinal,
        }
    })
}

/// The title a bare `第三章` line leaves to the next line, if that line reads like one.
pub fn title_line(line: &str) -> Option<String> {
    let normalized = normalize(line);
    title_after(line, &normalized, &normalized, true)
}

/// `1.基本情况`, `2 人才培养`, `1.1 规模和结构`, `1.1学校概况`.
fn numbered_heading(original: &str, normalized: &str) -> Option<Heading> {
    let (first, rest) = split_number(normalized)?;
    let second = rest.strip_prefix('.').and_then(split_number);
    match second {
        Some((second, after)) if !after.starts_with(['.', '%']) => {
            let title = title_after(original, normalized, after, false)?;
            Some(Heading::Section {
                chapter: first,
                number: second,
                title,
            })
        }
        Some(_) => None,
        None => {
            let after = rest.strip_prefix(['.', '、']).unwrap_or(rest);
            if !(after.starts_with(' ') || rest.starts_with(['.', '、'])) {
                return None;
            }
            let title = title_after(original, normalized, after, true)?;
            Some(Heading::Chapter {
                number: first,
                title,
                form: ChapterForm::Arabic,
            })
        }
    }
}

/// `一、学校情况` (chapter) and `（一）我校概况` (section) of the older template.
fn older_template_heading(original: &str, normalized: &str) -> Option<Heading> {
    if let Some(inner) = normalized.strip_prefix('(') {
        let close = inner.find(')')?;
        let number = chinese_numeral(&inner[..close])?;
        let title = title_after(original, normalized, &inner[close + 1..], false)?;
        return Some(Heading::SubsectionInChapter {
            number,
            title,
            form: SectionForm::Parenthesised,
        });
    }
    let comma = normalized.find('、')?;
    let number = chinese_numeral(&normalized[..comma])?;
    let title = title_after(
        original,
        normalized,
        &normalized[comma + '、'.len_utf8()..],
        false,
    )?;
    Some(Heading::Chapter {
        number,
        title,
        form: ChapterForm::Enumerated,
    })
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
    let rest_compact: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    !rest.is_empty()
        && (heading(rest).is_some() || labelled(rest).is_some() || rest_compact == "前言")
}

/// Splits a leading decimal number off (at most three digits: years are not headings).
fn split_number(text: &str) -> Option<(u32, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    Some((text[..digits].parse().ok()?, &text[digits..]))
}

/// The heading title that follows the number, if it reads like a title: short, no
/// sentence punctuation, not a table-of-contents line (page number glued on the end), not
/// a figure in running text (`2 所。`). A lone chapter number is weak evidence, so there a
/// leading measure word (`3 年时间`) also rules the line out.
fn title_after(
    original: &str,
    normalized: &str,
    after: &str,
    reject_measure_words: bool,
) -> Option<String> {
    let title = collapse_whitespace(&original_tail(original, normalized, after));
    let length = title.chars().count();
    let starts_with_measure_word = reject_measure_words && title.starts_with(is_unit_char);
    let looks_like_title = (2..=24).contains(&length)
        && !title.contains(['，', '。', '；', '：', '、', '！', '？', ',', ';', '…'])
        && !normalize(&title).ends_with(|c: char| c.is_ascii_digit() || c == '.')
        && !starts_with_measure_word
        && !title.starts_with(|c: char| c.is_ascii_punctuation() || c.is_ascii_digit());
    looks_like_title.then_some(title)
}

/// The original text from the point where `tail` starts inside `normalized`. Both have the
/// same characters one to one, so the character position carries over.
fn original_tail(original: &str, normalized: &str, tail: &str) -> String {
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
    use super::*;

    fn chapter(number: u32, title: &str) -> Option<Heading> {
        Some(Heading::Chapter {
            number,
            title: title.to_string(),
            form: ChapterForm::Arabic,
        })
    }

    fn chapter_in(form: ChapterForm, number: u32, title: &str) -> Option<Heading> {
        Some(Heading::Chapter {
            number,
            title: title.to_string(),
            form,
        })
    }

    fn section(chapter: u32, number: u32, title: &str) -> Option<Heading> {
        Some(Heading::Section {
            chapter,
            number,
            title: title.to_string(),
        })
    }

    #[test]
    fn reads_the_heading_styles_of_both_templates() {
        assert_eq!(heading("前  言"), Some(Heading::Preface));
        assert_eq!(heading("1.基本情况"), chapter(1, "基本情况"));
        assert_eq!(heading("2 人才培养"), chapter(2, "人才培养"));
        assert_eq!(heading("1.1 规模和结构"), section(1, 1, "规模和结构"));
        assert_eq!(heading("1.1学校概况"), section(1, 1, "学校概况"));
        assert_eq!(heading("１．２ 设施设备"), section(1, 2, "设施设备"));
        let enumerated = ChapterForm::Enumerated;
        assert_eq!(
            heading("一、学校情况"),
            chapter_in(enumerated, 1, "学校情况")
        );
        assert_eq!(heading("十二、附录"), chapter_in(enumerated, 12, "附录"));
        assert_eq!(
            heading("（一）我校概况"),
            Some(Heading::SubsectionInChapter {
                number: 1,
                title: "我校概况".to_string(),
                form: SectionForm::Parenthesised,
            })
        );
    }

    #[test]
    fn reads_ordinal_chapters_and_sections() {
        let ordinal = ChapterForm::Ordinal;
        assert_eq!(
            heading("第一章 基本情况"),
            chapter_in(ordinal, 1, "基本情况")
        );
        assert_eq!(
            heading("第一章　学校概况"),
            chapter_in(ordinal, 1, "学校概况")
        );
        assert_eq!(
            heading("第十二章人才培养"),
            chapter_in(ordinal, 12, "人才培养")
        );
        assert_eq!(
            heading("第 3 章 服务贡献"),
            chapter_in(ordinal, 3, "服务贡献")
        );
        assert_eq!(heading("第三章"), chapter_in(ordinal, 3, ""));
        assert_eq!(
            heading("第二节 办学条件"),
            Some(Heading::SubsectionInChapter {
                number: 2,
                title: "办学条件".to_string(),
                form: SectionForm::Ordinal,
            })
        );
        for line in [
            "第一章介绍了学校的基本情况，",
            "第一届职业技能大赛",
            "第四。",
        ] {
            assert_eq!(heading(line), None, "{line}");
        }
        assert_eq!(title_line("服务贡献").as_deref(), Some("服务贡献"));
        assert_eq!(title_line("开展社会培训１５００人次。"), None);
    }

    #[test]
    fn text_that_starts_with_a_number_is_not_a_heading() {
        for line in [
            "2 所。国家改革发展示范学校 4 所",
            "3 年时间师生获奖",
            "2.84 册。",
            "2023 年是落实",
            "1.1学校概况7",
            "44.31%，招生比例",
            "19 位学生赴日本留学，在日留学生共有 22 人顺利考入大阪",
            "4 数据来源：中国职业教育质量年度报告数据采集平台。",
        ] {
            assert_eq!(heading(line), None, "{line}");
        }
    }

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

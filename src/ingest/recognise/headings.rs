//! Heading lines of every numbering family: `1 / 1.1 / 1.1.1`, `一、 / （一） / 1.`,
//! `第一章 / 第一节`, `第一部分`, the number alone on its line, and the unnumbered front
//! and back matter (`前言`, `结语`, `附录` …). Each line is read on its own; which form
//! stands at which level of a document is the structure stage's business.

use super::{chinese_numeral, original_tail, split_number};
use crate::text::{collapse_whitespace, compact, normalize};

/// Front matter before chapter 1, as the reports title it.
const FRONT_MATTER: &[&str] = &["前言", "序言", "卷首语", "引言", "导言"];

/// Back matter after the last chapter, as the reports title it.
const BACK_MATTER: &[&str] = &["结语", "结束语", "附录", "附件", "附表", "后记"];

/// A heading line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heading {
    /// `前言`, `序言`, `卷首语`, `引言`, `导言`: before chapter 1.
    FrontMatter,
    /// `结语`, `附录`, `附表` …: after the last chapter; its title as printed.
    BackMatter(String),
    Numbered(Numbered),
}

/// A numbered heading as printed, its level not yet known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    pub form: Form,
    /// The number it counts: `3` in `（三）`, `2` in `1.2`, `1` in `1.2.1`.
    pub number: u32,
    /// The numbers printed before it, of the headings it sits in: `[1]` in `1.2`,
    /// `[1, 2]` in `1.2.1`; empty for the other forms.
    pub within: Vec<u32>,
    /// Empty when the number stands alone on its line (`第三章`, `二、`, `1`): the title
    /// is on the next line.
    pub title: String,
}

/// How a heading is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `第一部分 …` (province reports, above their chapters).
    Part,
    /// `第一章 …`, `第1章 …`.
    OrdinalChapter,
    /// `第一节 …`.
    OrdinalSection,
    /// `一、…` (also `一.`).
    Enumerated,
    /// `（一）…`.
    Parenthesised,
    /// `1 …`, `1.…`, `1、…`, `1．…`.
    Arabic,
    /// `1.1 …`.
    Decimal,
    /// `1.1.1 …`.
    Decimal3,
}

impl Form {
    /// A form that a body line does not take by chance, so it is a heading even right
    /// after an unfinished line (a caption, a table or a running header may have cut one
    /// off).
    pub fn is_unmistakable(self) -> bool {
        matches!(
            self,
            Form::Part
                | Form::OrdinalChapter
                | Form::OrdinalSection
                | Form::Decimal
                | Form::Decimal3
        )
    }
}

/// Reads a heading, checking only its form (sequence and level are the caller's
/// business).
pub fn heading(line: &str) -> Option<Heading> {
    let normalized = normalize(line);
    let compacted = compact(&normalized);
    if FRONT_MATTER.contains(&compacted.as_str()) {
        return Some(Heading::FrontMatter);
    }
    if BACK_MATTER.contains(&compacted.as_str()) {
        return Some(Heading::BackMatter(compacted));
    }
    decimal_heading(line, &normalized)
        .or_else(|| ordinal_heading(line, &normalized))
        .or_else(|| enumerated_heading(line, &normalized))
        .map(Heading::Numbered)
}

/// The title a bare number leaves to the next line, if that line reads like one.
pub fn title_line(line: &str) -> Option<String> {
    let normalized = normalize(line);
    title_after(line, &normalized, &normalized, Strictness::Plain)
}

/// How much a title must prove that its line is a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strictness {
    /// After a distinctive number (`（一）`, `1.1`, `第一章`): a short line with no
    /// closing punctuation; commas inside are allowed (`坚持立德树人，落实根本任务`).
    Plain,
    /// After a bare digit and a space (`3 年时间…`): no punctuation at all and no measure
    /// word first.
    Weak,
}

/// `第一章 基本情况`, `第1章 …`, `第一节 …`, `第一部分 …`; a bare `第三章` has an empty
/// title.
fn ordinal_heading(original: &str, normalized: &str) -> Option<Numbered> {
    let inner = normalized.trim_start().strip_prefix('第')?;
    let (close, form, unit_len) = inner.char_indices().take(6).find_map(|(at, c)| match c {
        '章' => Some((at, Form::OrdinalChapter, c.len_utf8())),
        '节' => Some((at, Form::OrdinalSection, c.len_utf8())),
        '部' if inner[at..].starts_with("部分") => Some((at, Form::Part, "部分".len())),
        _ => None,
    })?;
    let numeral = inner[..close].trim();
    let number = match numeral.parse::<u32>() {
        Ok(number) if (1..=99).contains(&number) => number,
        _ => chinese_numeral(numeral)?,
    };
    let after = inner[close + unit_len..].trim_start_matches([' ', ':', '、', '.']);
    let title = bare_or_title(original, normalized, after, Strictness::Plain)?;
    Some(Numbered {
        form,
        number,
        within: Vec::new(),
        title,
    })
}

/// `1.基本情况`, `2 人才培养`, `1、…`, `1.1 规模和结构`, `1.1学校概况`, `2.3.1 …`, and the
/// bare `1`, `1.1` whose title is on the next line.
fn decimal_heading(original: &str, normalized: &str) -> Option<Numbered> {
    let (first, rest) = split_number(normalized.trim_start())?;
    let Some((second, rest)) = rest.strip_prefix('.').and_then(split_number) else {
        return arabic_heading(original, normalized, first, rest);
    };
    let (numbers, after) = match rest.strip_prefix('.').and_then(split_number) {
        Some((third, after)) => (vec![first, second, third], after),
        None => (vec![first, second], rest),
    };
    if after.starts_with(['.', '%', ':', '-']) || after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let after = after.strip_prefix('、').unwrap_or(after);
    let title = bare_or_title(original, normalized, after, Strictness::Plain)?;
    let (&number, within) = numbers.split_last().expect("two or three numbers");
    Some(Numbered {
        form: if within.len() == 2 {
            Form::Decimal3
        } else {
            Form::Decimal
        },
        number,
        within: within.to_vec(),
        title,
    })
}

/// `1.基本情况`, `1、…`, `2 人才培养` (after a digit and a space only, the title must
/// prove itself: `3 年时间…` is running text), or a bare `1`.
fn arabic_heading(original: &str, normalized: &str, number: u32, rest: &str) -> Option<Numbered> {
    let (after, strictness) = match rest.strip_prefix(['.', '、']) {
        Some(after) => (after, Strictness::Plain),
        None if rest.starts_with(' ') || rest.is_empty() => (rest, Strictness::Weak),
        None => return None,
    };
    let title = bare_or_title(original, normalized, after, strictness)?;
    Some(Numbered {
        form: Form::Arabic,
        number,
        within: Vec::new(),
        title,
    })
}

/// `一、学校情况`, `一.…`, `（一）我校概况`, and the bare `一`, `二、`, `（三）`.
fn enumerated_heading(original: &str, normalized: &str) -> Option<Numbered> {
    let trimmed = normalized.trim_start();
    let (form, number, after) = if let Some(inner) = trimmed.strip_prefix('(') {
        let close = inner.find(')')?;
        let number = chinese_numeral(&inner[..close])?;
        (Form::Parenthesised, number, &inner[close + 1..])
    } else {
        let end = trimmed
            .char_indices()
            .find(|&(_, c)| !"一二三四五六七八九十".contains(c))
            .map_or(trimmed.len(), |(at, _)| at);
        let number = chinese_numeral(&trimmed[..end])?;
        let rest = &trimmed[end..];
        let after = match rest.strip_prefix(['、', '.']) {
            Some(after) => after,
            None if rest.trim().is_empty() => rest,
            None => return None,
        };
        (Form::Enumerated, number, after)
    };
    let title = bare_or_title(original, normalized, after, Strictness::Plain)?;
    Some(Numbered {
        form,
        number,
        within: Vec::new(),
        title,
    })
}

/// An empty title when nothing follows the number, else the title if it reads like one.
fn bare_or_title(
    original: &str,
    normalized: &str,
    after: &str,
    strictness: Strictness,
) -> Option<String> {
    if after.trim().is_empty() {
        return Some(String::new());
    }
    title_after(original, normalized, after, strictness)
}

/// The heading title that follows the number, if it reads like a title: short, no
/// closing punctuation (a heading does not end with `。；，：`) and no sentence inside,
/// not a table-of-contents line (page number glued on the end), not a figure in running
/// text (`2 所。`).
fn title_after(
    original: &str,
    normalized: &str,
    after: &str,
    strictness: Strictness,
) -> Option<String> {
    let title = collapse_whitespace(&original_tail(original, normalized, after));
    let length = title.chars().count();
    let inner_marks: &[char] = match strictness {
        Strictness::Plain => &['。', '；', '！', '？', ';', '…', '!', '?'],
        Strictness::Weak => &['，', '。', '；', '：', '、', '！', '？', ',', ';', '…'],
    };
    let last = normalize(&title).chars().last()?;
    let ends_like_a_title = !last.is_ascii_digit() && !".,:;、".contains(last);
    let measure_word_first =
        strictness == Strictness::Weak && title.starts_with(super::is_unit_char);
    let looks_like_title = (2..=28).contains(&length)
        && !title.contains(inner_marks)
        && ends_like_a_title
        && !measure_word_first
        && !title.starts_with(|c: char| {
            c.is_ascii_punctuation() || c.is_ascii_digit() || "，。；：、".contains(c)
        });
    looks_like_title.then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(form: Form, within: &[u32], number: u32, title: &str) -> Option<Heading> {
        Some(Heading::Numbered(Numbered {
            form,
            number,
            within: within.to_vec(),
            title: title.to_string(),
        }))
    }

    #[test]
    fn reads_the_decimal_family() {
        assert_eq!(
            heading("1.基本情况"),
            numbered(Form::Arabic, &[], 1, "基本情况")
        );
        assert_eq!(
            heading("2 人才培养"),
            numbered(Form::Arabic, &[], 2, "人才培养")
        );
        assert_eq!(
            heading("3、服务贡献"),
            numbered(Form::Arabic, &[], 3, "服务贡献")
        );
        assert_eq!(
            heading("1.1 规模和结构"),
            numbered(Form::Decimal, &[1], 1, "规模和结构")
        );
        assert_eq!(
            heading("1.1学校概况"),
            numbered(Form::Decimal, &[1], 1, "学校概况")
        );
        assert_eq!(
            heading("１．２ 设施设备"),
            numbered(Form::Decimal, &[1], 2, "设施设备")
        );
        assert_eq!(
            heading("2.3.1 技能大赛"),
            numbered(Form::Decimal3, &[2, 3], 1, "技能大赛")
        );
        assert_eq!(
            heading("2.3.10、专业建设"),
            numbered(Form::Decimal3, &[2, 3], 10, "专业建设")
        );
    }

    #[test]
    fn reads_the_older_template_family_with_commas_inside_a_title() {
        assert_eq!(
            heading("一、学校情况"),
            numbered(Form::Enumerated, &[], 1, "学校情况")
        );
        assert_eq!(
            heading("十二、附录"),
            numbered(Form::Enumerated, &[], 12, "附录")
        );
        assert_eq!(
            heading("（一）我校概况"),
            numbered(Form::Parenthesised, &[], 1, "我校概况")
        );
        assert_eq!(
            heading("（三）坚持立德树人，落实根本任务"),
            numbered(Form::Parenthesised, &[], 3, "坚持立德树人，落实根本任务")
        );
        assert_eq!(
            heading("1.加强师资队伍建设"),
            numbered(Form::Arabic, &[], 1, "加强师资队伍建设")
        );
        assert_eq!(
            heading("2．深化教学改革"),
            numbered(Form::Arabic, &[], 2, "深化教学改革")
        );
    }

    #[test]
    fn reads_ordinal_parts_chapters_and_sections() {
        assert_eq!(
            heading("第一部分 总体情况"),
            numbered(Form::Part, &[], 1, "总体情况")
        );
        assert_eq!(
            heading("第五部分　面临挑战"),
            numbered(Form::Part, &[], 5, "面临挑战")
        );
        assert_eq!(
            heading("第一章 基本情况"),
            numbered(Form::OrdinalChapter, &[], 1, "基本情况")
        );
        assert_eq!(
            heading("第十二章人才培养"),
            numbered(Form::OrdinalChapter, &[], 12, "人才培养")
        );
        assert_eq!(
            heading("第 3 章 服务贡献"),
            numbered(Form::OrdinalChapter, &[], 3, "服务贡献")
        );
        assert_eq!(
            heading("第二节 办学条件"),
            numbered(Form::OrdinalSection, &[], 2, "办学条件")
        );
        for line in [
            "第一章介绍了学校的基本情况，",
            "第一届职业技能大赛",
            "第四。",
            "第一部分内容包括学校的基本情况。",
        ] {
            assert_eq!(heading(line), None, "{line}");
        }
    }

    #[test]
    fn a_number_alone_on_its_line_leaves_the_title_to_the_next() {
        assert_eq!(
            heading("第三章"),
            numbered(Form::OrdinalChapter, &[], 3, "")
        );
        assert_eq!(heading("第二部分"), numbered(Form::Part, &[], 2, ""));
        assert_eq!(heading("二、"), numbered(Form::Enumerated, &[], 2, ""));
        assert_eq!(heading("一"), numbered(Form::Enumerated, &[], 1, ""));
        assert_eq!(heading("（四）"), numbered(Form::Parenthesised, &[], 4, ""));
        assert_eq!(heading("1"), numbered(Form::Arabic, &[], 1, ""));
        assert_eq!(heading("2.1"), numbered(Form::Decimal, &[2], 1, ""));
        assert_eq!(title_line("服务贡献").as_deref(), Some("服务贡献"));
        assert_eq!(title_line("开展社会培训１５００人次。"), None);
    }

    #[test]
    fn reads_front_and_back_matter() {
        for line in ["前  言", "序言", "卷首语", "引　言"] {
            assert_eq!(heading(line), Some(Heading::FrontMatter), "{line}");
        }
        for (line, title) in [("结 语", "结语"), ("附录", "附录"), ("附表", "附表")] {
            assert_eq!(
                heading(line),
                Some(Heading::BackMatter(title.to_string())),
                "{line}"
            );
        }
        assert_eq!(heading("附表1 人才培养质量计分卡"), None);
    }

    #[test]
    fn a_body_line_that_starts_with_a_number_is_not_a_heading() {
        for line in [
            "2 所。国家改革发展示范学校 4 所",
            "3 年时间师生获奖",
            "2.84 册。",
            "2023 年是落实",
            "1.1学校概况7",
            "44.31%，招生比例",
            "19 位学生赴日本留学，在日留学生共有 22 人顺利考入大阪",
            "4 数据来源：中国职业教育质量年度报告数据采集平台。",
            "1.加强师资队伍建设，引进高层次人才，培养骨干教师。",
            "（1）完善制度；",
            "(2)落实经费保障，",
            "一是加强党建引领",
            "一流专业建设成效显著",
            "2.完成以下任务：",
            "1.2.3.4",
        ] {
            assert_eq!(heading(line), None, "{line}");
        }
    }
}

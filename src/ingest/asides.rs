//! One-line recognisers for what stands aside from the running text: case and box titles
//! in every form (`案例N`, `【典型案例N】`, `专栏N`, `【案例】`), footnote markers
//! (`1`, `①`, `[1]`, `*`, `¹`) and footnote and note lines (`① …`, `注：…`, `数据来源：…`).
//! Like `recognise`, each reads a single line and knows nothing of the document.

use super::recognise::{original_tail, split_number};
use crate::model::CaseLabel;
use crate::text::{collapse_whitespace, normalize};

/// A case or box title line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxTitle {
    pub label: CaseLabel,
    /// As printed, normalised (`7`, `1-2`); empty when unnumbered.
    pub number: String,
    /// The chapter of a chapter-dash number (`1` in `案例1-2`).
    pub chapter: Option<u32>,
    /// The sequence number (0 when unnumbered).
    pub sequence: u32,
    /// The title on the line; empty when it stands on the next line.
    pub title: String,
}

/// Reads `案例7 …`, `案例 1-2：…`, `典型案例1：…`, `专栏2 …`, `【案例】…`, `【典型案例3】…`.
pub fn box_title(line: &str) -> Option<BoxTitle> {
    let normalized = normalize(line);
    let text = normalized.trim_start();
    let (inner, after, bracketed) = match text.strip_prefix(['【', '[', '〔']) {
        Some(rest) => {
            let close = rest.find(['】', ']', '〕'])?;
            let closing = rest[close..].chars().next()?;
            (&rest[..close], &rest[close + closing.len_utf8()..], true)
        }
        None => (text, "", false),
    };
    let (label, rest) = [
        ("典型案例", CaseLabel::TypicalCase),
        ("案例", CaseLabel::Case),
        ("专栏", CaseLabel::Feature),
    ]
    .into_iter()
    .find_map(|(prefix, label)| inner.strip_prefix(prefix).map(|rest| (label, rest)))?;
    let rest = rest.trim_start();
    let (number, chapter, sequence, rest) = match split_number(rest) {
        Some((first, after_first)) => match after_first
            .trim_start()
            .strip_prefix(['-', '—', '–', '－'])
            .map(str::trim_start)
            .and_then(split_number)
        {
            Some((second, after)) => (format!("{first}-{second}"), Some(first), second, after),
            None => (first.to_string(), None, first, after_first),
        },
        None if bracketed => (String::new(), None, 0, rest),
        None => return None,
    };
    let tail = if bracketed {
        if !rest.trim().is_empty() {
            return None;
        }
        after
    } else {
        rest
    };
    if !bracketed && tail.starts_with(['.', '%', ',', '，', '、', '。', ';', '；']) {
        return None;
    }
    let tail = tail.trim_start_matches([' ', ':', '：', '\t']);
    let title = collapse_whitespace(&original_tail(line, &normalized, tail));
    if !bracketed && title.starts_with(is_unit_char) {
        return None;
    }
    Some(BoxTitle {
        label,
        number,
        chapter,
        sequence,
        title,
    })
}

/// A footnote marker as printed and its number (0 for `*`, which has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub printed: String,
    pub number: u32,
}

/// A footnote marker alone on a line: `3`, `①`, `[2]`, `*`, `¹`.
pub fn marker_alone(line: &str) -> Option<Marker> {
    let trimmed = line.trim();
    let (marker, rest) = leading_marker(trimmed)?;
    rest.trim().is_empty().then_some(marker)
}

/// A footnote's own line, marker first: `1 数据来源：…`, `①…`, `[2] …`, `* …`, `¹ …`.
/// A bare number must be followed by a space or a non-ASCII character (`1.加强` is a list
/// item, `2023年` a year).
pub fn footnote_line(line: &str) -> Option<(Marker, String)> {
    let trimmed = line.trim();
    let (marker, rest) = leading_marker(trimmed)?;
    let plain_digits = marker.printed.bytes().all(|b| b.is_ascii_digit());
    if plain_digits && !rest.starts_with(|c: char| c == ' ' || c == '\u{3000}' || !c.is_ascii()) {
        return None;
    }
    let text = rest.trim_start_matches([' ', '\u{3000}', '\t']).trim_end();
    if text.is_empty() || text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((marker, text.to_string()))
}

/// A note line with no marker: `注：…`, `注:…`, `备注：…`, `数据来源：…`, `资料来源：…`.
pub fn note_line(line: &str) -> Option<String> {
    let trimmed = line.trim();
    let normalized = normalize(trimmed);
    let is_note = ["注:", "注 :", "备注:", "数据来源:", "资料来源:"]
        .iter()
        .any(|prefix| normalized.starts_with(prefix));
    let has_text = normalized
        .split_once(':')
        .is_some_and(|(_, after)| !after.trim().is_empty());
    (is_note && has_text).then(|| trimmed.to_string())
}

/// Unicode superscript digits as the built-in PDF reader writes a raised marker.
pub const SUPERSCRIPT_DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// The value of a superscript digit.
pub fn superscript_value(c: char) -> Option<u32> {
    SUPERSCRIPT_DIGITS
        .iter()
        .position(|&s| s == c)
        .map(|v| v as u32)
}

/// The value of a circled number `①`…`⑳`.
pub fn circled_value(c: char) -> Option<u32> {
    ('\u{2460}'..='\u{2473}')
        .contains(&c)
        .then(|| c as u32 - 0x2460 + 1)
}

/// A marker at the start of a text and the text after it.
fn leading_marker(text: &str) -> Option<(Marker, &str)> {
    let first = text.chars().next()?;
    if let Some(value) = circled_value(first) {
        let printed = first.to_string();
        return Some((
            Marker {
                printed,
                number: value,
            },
            &text[first.len_utf8()..],
        ));
    }
    if first == '*' || first == '＊' {
        let stars = text.chars().take_while(|&c| c == '*' || c == '＊').count();
        if stars > 3 {
            return None;
        }
        let end: usize = text.chars().take(stars).map(char::len_utf8).sum();
        return Some((
            Marker {
                printed: text[..end].to_string(),
                number: 0,
            },
            &text[end..],
        ));
    }
    if superscript_value(first).is_some() {
        let end: usize = text
            .chars()
            .take_while(|&c| superscript_value(c).is_some())
            .take(3)
            .map(char::len_utf8)
            .sum();
        let number = text[..end]
            .chars()
            .filter_map(superscript_value)
            .fold(0, |n, d| n * 10 + d);
        return Some((
            Marker {
                printed: text[..end].to_string(),
                number,
            },
            &text[end..],
        ));
    }
    if let Some(inner) = text.strip_prefix(['[', '［']) {
        let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
        let close = inner[digits..].chars().next()?;
        if !(1..=2).contains(&digits) || !matches!(close, ']' | '］') {
            return None;
        }
        let end = text.len() - inner.len() + digits + close.len_utf8();
        return Some((
            Marker {
                printed: text[..end].to_string(),
                number: inner[..digits].parse().ok()?,
            },
            &text[end..],
        ));
    }
    let normalized = normalize(text);
    let digits = normalized.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let end: usize = text.chars().take(digits).map(char::len_utf8).sum();
    Some((
        Marker {
            printed: normalized[..digits].to_string(),
            number: normalized[..digits].parse().ok()?,
        },
        &text[end..],
    ))
}

/// A number's unit or measure word: `案例 3 个` is a count, not a case.
fn is_unit_char(c: char) -> bool {
    "年月日号所个名项次届家批枚册倍元万亿%％‰亩岁周天秒米篇期".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<(CaseLabel, String, String)> {
        box_title(line).map(|b| (b.label, b.number, b.title))
    }

    fn case(label: CaseLabel, number: &str, title: &str) -> Option<(CaseLabel, String, String)> {
        Some((label, number.to_string(), title.to_string()))
    }

    #[test]
    fn reads_every_form_of_case_and_box_title() {
        use CaseLabel::*;
        assert_eq!(
            read("案例1 平湖职专订单班"),
            case(Case, "1", "平湖职专订单班")
        );
        assert_eq!(read("案例2：产教融合"), case(Case, "2", "产教融合"));
        assert_eq!(
            read("案例 1-2 中高职一体化"),
            case(Case, "1-2", "中高职一体化")
        );
        assert_eq!(read("案例１－３　校企合作"), case(Case, "1-3", "校企合作"));
        assert_eq!(read("【案例】打造链上教育"), case(Case, "", "打造链上教育"));
        assert_eq!(
            read("【案例3】打造链上教育"),
            case(Case, "3", "打造链上教育")
        );
        assert_eq!(
            read("【典型案例1】劳模工匠进校园"),
            case(TypicalCase, "1", "劳模工匠进校园")
        );
        assert_eq!(
            read("典型案例2：红色基因"),
            case(TypicalCase, "2", "红色基因")
        );
        assert_eq!(
            read("专栏3 全省技能大赛"),
            case(Feature, "3", "全省技能大赛")
        );
        assert_eq!(read("专栏4："), case(Feature, "4", ""));
        assert_eq!(read("案例5"), case(Case, "5", ""));
    }

    #[test]
    fn body_text_that_starts_with_a_label_word_is_not_a_box() {
        for line in [
            "案例，4 所学校",
            "案例 3 个获评省级",
            "案例库建设持续推进",
            "专栏作家走进校园",
            "专栏2篇",
            "典型案例。",
            "案例1，",
            "【通知】案例1",
            "案例2 所示，",
        ] {
            assert_eq!(box_title(line), None, "{line}");
        }
    }

    #[test]
    fn reads_footnote_lines_with_every_marker() {
        let line = |l: &str| footnote_line(l).map(|(m, t)| (m.printed, m.number, t));
        let want = |p: &str, n: u32, t: &str| Some((p.to_string(), n, t.to_string()));
        assert_eq!(line("1 数据来源：平台"), want("1", 1, "数据来源：平台"));
        assert_eq!(line("2学年指…"), want("2", 2, "学年指…"));
        assert_eq!(line("①统计口径为全日制"), want("①", 1, "统计口径为全日制"));
        assert_eq!(line("[3] 来自年报"), want("[3]", 3, "来自年报"));
        assert_eq!(line("［4］来自年报"), want("［4］", 4, "来自年报"));
        assert_eq!(line("* 含技工院校"), want("*", 0, "含技工院校"));
        assert_eq!(line("¹ 含技工院校"), want("¹", 1, "含技工院校"));
        assert_eq!(line("¹²含技工院校"), want("¹²", 12, "含技工院校"));
        for body in [
            "1.加强师资队伍建设",
            "2023年，学校招生",
            "12345 人",
            "3 15 22",
            "[12345] x",
            "1",
        ] {
            assert_eq!(footnote_line(body), None, "{body}");
        }
    }

    #[test]
    fn reads_markers_alone_and_note_lines() {
        let alone = |l: &str| marker_alone(l).map(|m| (m.printed, m.number));
        assert_eq!(alone("3"), Some(("3".to_string(), 3)));
        assert_eq!(alone("②"), Some(("②".to_string(), 2)));
        assert_eq!(alone("[2]"), Some(("[2]".to_string(), 2)));
        assert_eq!(alone("*"), Some(("*".to_string(), 0)));
        assert_eq!(alone("³"), Some(("³".to_string(), 3)));
        assert_eq!(alone("2021"), None);
        assert_eq!(alone("，2022"), None);
        assert_eq!(
            note_line("注：数据截至8月"),
            Some("注：数据截至8月".to_string())
        );
        assert_eq!(
            note_line("数据来源：平台"),
            Some("数据来源：平台".to_string())
        );
        assert_eq!(
            note_line("资料来源: 年报"),
            Some("资料来源: 年报".to_string())
        );
        assert_eq!(note_line("注："), None);
        assert_eq!(note_line("注重实践教学："), None);
        assert_eq!(note_line("注意到"), None);
    }
}

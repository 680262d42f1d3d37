//! What a report's title says about it: the title itself (guessed from the first lines),
//! and whose report it is (a school, a county, a city, a province), its region and year,
//! each only as the title prints it.

use crate::model::Level;

use super::schools::{SCHOOL_ENDINGS, is_proper_name};

/// Whose report the title says it is, and for when; `None` where it does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleFacts {
    pub level: Option<Level>,
    /// The place as printed (`嘉兴市`, `浙江省`); for a school's report, its name's place.
    pub region: Option<String>,
    /// A calendar year printed in the title (`2024` of `（2024）` or `2024年度`).
    pub year: Option<String>,
    /// A school year printed in the title (`2022学年`).
    pub school_year: Option<String>,
    /// The school whose report it is (`嘉南职业技术学校质量年度报告`).
    pub school: Option<String>,
}

/// Lines that end a title's first part when a cover breaks the title in two
/// (`嘉南职业技术学校` / `质量年度报告（2024）`).
pub(crate) fn ends_a_title_part(line: &str) -> bool {
    SCHOOL_ENDINGS.iter().any(|e| line.ends_with(e))
        || line.ends_with(['市', '县', '区', '省', '州', '旗', '盟'])
        || line.ends_with("教育")
}

/// Whether a line is only a year, as a cover prints it under the title (`（2024）`).
pub(crate) fn is_year_line(line: &str) -> bool {
    let inner = line
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    let inner = inner
        .strip_suffix("年度")
        .or_else(|| inner.strip_suffix('年'))
        .unwrap_or(inner);
    inner.len() == 4 && inner.bytes().all(|b| b.is_ascii_digit())
}

/// Short words naming a quality report (`…质量年度报告（2024）`), in a line or in
/// book-title marks.
fn mentions_a_report(words: &str) -> bool {
    words.contains("质量") && words.contains("报告") && words.chars().count() <= 40
}

/// A short line naming a quality report, as a title does, not a sentence that mentions
/// one.
pub(crate) fn names_a_report(line: &str) -> bool {
    mentions_a_report(line) && !line.contains(['，', '。', '；', '：'])
}

/// The report's title: the first line naming a quality report (with up to two lines
/// before it when a cover broke the title after a school's or a place's name or 教育, and a
/// year printed on the line after it); else the name the report gives itself in book-title
/// marks (`我们编写了这份《中等职业教育质量年度报告》`, even wrapped over lines); else its
/// first line, when that is neither a heading (`前言`) nor a sentence. `None` when the
/// text names no title, so that the caller falls back on something the user chose.
pub fn guess_title(text: &str) -> Option<String> {
    // A UTF-8 file's byte-order mark is no part of its first line.
    let lines: Vec<String> = text
        .lines()
        .map(|line| crate::text::compact(line.trim_start_matches('\u{FEFF}')))
        .filter(|l| !l.is_empty())
        .take(TITLE_LINES)
        .collect();
    title_line(&lines)
        .or_else(|| self_named(&lines.concat()))
        .or_else(|| lines.first().filter(|l| could_be_a_title(l)).cloned())
}

/// Lines of a report's start in which its title is looked for.
const TITLE_LINES: usize = 80;

fn title_line(lines: &[String]) -> Option<String> {
    let at = lines.iter().position(|l| mentions_a_report(l))?;
    let mut title = lines[at].trim_matches(['《', '》']).to_string();
    // Up to two lines before it (`嘉兴市` / `中等职业教育` / `质量年度报告`).
    for before in lines[at.saturating_sub(2)..at].iter().rev() {
        let before = before.trim_matches(['《', '》']);
        let is_earlier_part = before.chars().count() <= 24
            && ends_a_title_part(before)
            && !before.contains(['，', '。', '：', '；']);
        if !is_earlier_part {
            break;
        }
        title.insert_str(0, before);
    }
    if let Some(after) = lines.get(at + 1).filter(|l| is_year_line(l)) {
        title.push_str(after);
    }
    Some(title)
}

/// The first quality report named in book-title marks: `《…质量…报告》`.
fn self_named(text: &str) -> Option<String> {
    text.split('《').skip(1).find_map(|after| {
        let name = after.split_once('》')?.0;
        mentions_a_report(name).then(|| name.to_string())
    })
}

/// A first line that may stand for the title: short, not a sentence, not a heading word.
fn could_be_a_title(line: &str) -> bool {
    const NOT_TITLES: [&str; 8] = [
        "前言",
        "序言",
        "卷首语",
        "引言",
        "目录",
        "摘要",
        "说明",
        "简介",
    ];
    line.chars().count() <= 40
        && !line.contains(['，', '。', '；', '：'])
        && !NOT_TITLES.contains(&line)
        && crate::ingest::recognise::heading(line).is_none()
}

/// Suffixes of a place name, longest first, with the level of a report about it.
const PLACE_SUFFIXES: [(&str, Level); 9] = [
    ("自治区", Level::Province),
    ("地区", Level::City),
    ("省", Level::Province),
    ("州", Level::City),
    ("盟", Level::City),
    ("市", Level::City),
    ("县", Level::County),
    ("区", Level::County),
    ("旗", Level::County),
];

/// Municipalities directly under the central government: a province's level.
const MUNICIPALITIES: [&str; 4] = ["北京市", "上海市", "天津市", "重庆市"];

/// Words that are a report's subject, never part of a place before it.
const SUBJECT_WORDS: [&str; 6] = ["职业", "教育", "中等", "学校", "质量", "技工"];

/// The places a title starts with, outermost first (`浙江省`, `嘉兴市`), each with the
/// level of a report about it.
fn leading_places(title: &str) -> Vec<(String, Level)> {
    let mut places = Vec::new();
    let mut rest = title;
    'places: loop {
        for (end, _) in rest.char_indices().skip(2).take(8) {
            let Some(&(suffix, level)) = PLACE_SUFFIXES
                .iter()
                .find(|(suffix, _)| rest[end..].starts_with(suffix))
            else {
                continue;
            };
            let place = &rest[..end + suffix.len()];
            if SUBJECT_WORDS.iter().any(|w| place.contains(w))
                || !place.chars().all(crate::text::is_cjk)
            {
                break 'places;
            }
            // A 市 inside a city (嘉兴市海宁市) is a county-level city.
            let inside_a_city = places.last().is_some_and(|(_, l)| *l == Level::City);
            let level = if MUNICIPALITIES.contains(&place) {
                Level::Province
            } else if inside_a_city {
                Level::County
            } else {
                level
            };
            places.push((place.to_string(), level));
            rest = &rest[place.len()..];
            continue 'places;
        }
        break;
    }
    places
}

/// The title without its years: `（2024）`, `2024年度`, `2024年`, `2022学年`.
fn without_years(title: &str) -> (String, Option<String>, Option<String>) {
    let chars: Vec<char> = title.chars().collect();
    let (mut year, mut school_year) = (None, None);
    let mut kept = String::new();
    let mut i = 0;
    while i < chars.len() {
        let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let before_is_digit = i > 0 && chars[i - 1].is_ascii_digit();
        if digits == 4 && !before_is_digit && matches!(chars[i], '1' | '2') {
            let number: String = chars[i..i + 4].iter().collect();
            // `2023—2024学年`: a school year printed as a range, kept as printed; a
            // range of calendar years says no one year.
            let range_end = chars
                .get(i + 4)
                .filter(|c| "—-–~～至".contains(**c))
                .map(|_| i + 5)
                .filter(|&to| {
                    chars.len() >= to + 4 && chars[to..to + 4].iter().all(char::is_ascii_digit)
                })
                .map(|to| to + 4);
            if let Some(to) = range_end {
                let after: String = chars[to..].iter().collect();
                let is_school_year = after.starts_with("学年");
                if is_school_year {
                    let printed: String = chars[i..to].iter().collect();
                    school_year.get_or_insert(format!("{printed}学年"));
                }
                i = to + if is_school_year { 2 } else { 0 };
                continue;
            }
            let after: String = chars[i + 4..].iter().collect();
            let (word, is_school_year) = if after.starts_with("学年") {
                ("学年", true)
            } else if after.starts_with("年度") {
                ("年度", false)
            } else if after.starts_with('年') {
                ("年", false)
            } else {
                ("", false)
            };
            if is_school_year {
                school_year.get_or_insert(format!("{number}学年"));
            } else {
                year.get_or_insert(number);
            }
            // `（2024）` goes with its brackets.
            if kept.ends_with(['（', '(']) && after[word.len()..].starts_with(['）', ')']) {
                kept.pop();
                i += 1;
            }
            i += 4 + word.chars().count();
            continue;
        }
        kept.push(chars[i]);
        i += 1;
    }
    (kept, year, school_year)
}

/// Reads a report's title: a school's report when it names a school before its 报告,
/// else the report of the place it starts with.
pub fn read_title(title: &str) -> TitleFacts {
    let (plain, year, school_year) = without_years(title.trim().trim_start_matches('\u{FEFF}'));
    let subject_end = ["质量", "年度", "报告"]
        .iter()
        .filter_map(|word| plain.find(word))
        .min()
        .unwrap_or(plain.len());
    let subject = plain[..subject_end].trim_end_matches(['（', '(', ' ', '—', '-', '–', '~', '～']);
    // 嘉南职业技术学校教育质量…, …办学质量…, 禾川县职业技术学校中等职业教育质量…: the
    // words between the school and 质量.
    let subject = [
        "中等职业教育",
        "职业教育",
        "中职教育",
        "教育",
        "办学",
        "人才培养",
        "的",
    ]
    .iter()
    .fold(subject, |s, word| s.strip_suffix(word).unwrap_or(s))
    .trim_end_matches(['—', '-', '–', '~', '～']);
    let school = SCHOOL_ENDINGS
        .iter()
        .filter(|e| subject.ends_with(*e))
        .map(|_| subject.to_string())
        .find(|name| is_proper_name(name));
    let places = leading_places(subject);
    let (level, region) = match (&school, places.last()) {
        (Some(_), place) => (Some(Level::School), place.map(|(place, _)| place.clone())),
        (None, Some((place, level))) => (Some(*level), Some(place.clone())),
        (None, None) => (None, None),
    };
    TitleFacts {
        level,
        region,
        year,
        school_year,
        school,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(
        title: &str,
    ) -> (
        Option<Level>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) {
        let facts = read_title(title);
        (facts.level, facts.region, facts.year, facts.school)
    }

    fn some(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    #[test]
    fn reads_whose_report_it_is_from_the_title() {
        use Level::*;
        assert_eq!(
            facts("嘉兴市中等职业教育质量年度报告"),
            (Some(City), some("嘉兴市"), None, None)
        );
        assert_eq!(
            facts("嘉南职业技术学校质量年度报告（2024）"),
            (Some(School), None, some("2024"), some("嘉南职业技术学校"))
        );
        assert_eq!(
            facts("平湖市职业中等专业学校2023年度质量报告"),
            (
                Some(School),
                some("平湖市"),
                some("2023"),
                some("平湖市职业中等专业学校")
            )
        );
        assert_eq!(
            facts("2023年海盐县职业教育质量年度报告"),
            (Some(County), some("海盐县"), some("2023"), None)
        );
        assert_eq!(
            facts("浙江省中等职业教育质量年度报告（2023）"),
            (Some(Province), some("浙江省"), some("2023"), None)
        );
        assert_eq!(
            facts("浙江省嘉兴市职业教育质量年度报告"),
            (Some(City), some("嘉兴市"), None, None)
        );
        assert_eq!(
            facts("嘉兴市海宁市职业教育质量年度报告"),
            (Some(County), some("海宁市"), None, None)
        );
        assert_eq!(
            facts("上海市中等职业教育质量年度报告"),
            (Some(Province), some("上海市"), None, None)
        );
        assert_eq!(
            facts("海北县职业教育中心质量年度报告"),
            (
                Some(School),
                some("海北县"),
                None,
                some("海北县职业教育中心")
            )
        );
        assert_eq!(
            facts("嘉南职业技术学校2023—2024学年教育质量年度报告"),
            (Some(School), None, None, some("嘉南职业技术学校"))
        );
        assert_eq!(
            facts("嘉南职业技术学校年度质量报告"),
            (Some(School), None, None, some("嘉南职业技术学校"))
        );
        assert_eq!(
            facts("禾川县职业技术学校中等职业教育质量年度报告（2019年）"),
            (
                Some(School),
                some("禾川县"),
                some("2019"),
                some("禾川县职业技术学校")
            )
        );
        assert_eq!(
            facts("\u{feff}临溪县职教中心职业教育质量年度报告"),
            (Some(School), some("临溪县"), None, some("临溪县职教中心"))
        );
        assert_eq!(
            read_title("嘉南职业技术学校2023—2024学年教育质量年度报告").school_year,
            some("2023—2024学年")
        );
        assert_eq!(
            read_title("嘉兴市中职教育2022学年质量报告").school_year,
            some("2022学年")
        );
    }

    #[test]
    fn a_title_that_names_no_place_proposes_nothing() {
        for title in [
            "前言",
            "中等职业教育质量年度报告",
            "嘉兴市中等职业学校质量年度报告",
        ] {
            let read = read_title(title);
            assert_eq!(read.school, None, "{title}: a collective noun is no school");
            if title.starts_with("嘉兴市") {
                assert_eq!(read.level, Some(Level::City));
            } else {
                assert_eq!((read.level, read.region), (None, None), "{title}");
            }
        }
    }

    #[test]
    fn guesses_a_title_broken_over_two_lines() {
        let guess = |text| guess_title(text).unwrap_or_default();
        assert_eq!(
            guess("\n 嘉南职业技术学校 \n质量年度报告\n（2024）\n目录\n"),
            "嘉南职业技术学校质量年度报告（2024）"
        );
        assert_eq!(
            guess("\u{feff}临溪县职业中等专业学校\n质量年度报告（2023）\n序言\n"),
            "临溪县职业中等专业学校质量年度报告（2023）",
            "a byte-order mark is no part of the title"
        );
        assert_eq!(
            guess("\u{feff}嘉禾市临溪职业技术学校2024年度质量报告\n前言\n"),
            "嘉禾市临溪职业技术学校2024年度质量报告"
        );
        assert_eq!(
            guess("目录\n嘉兴市\n中等职业教育\n质量年度报告\n"),
            "嘉兴市中等职业教育质量年度报告"
        );
        assert_eq!(
            guess("嘉兴市中等职业教育质量年度报告\n前言\n"),
            "嘉兴市中等职业教育质量年度报告"
        );
        assert_eq!(
            guess("学校简介，略。\n质量报告\n"),
            "质量报告",
            "a line that ends a sentence is no part of the title"
        );
    }

    #[test]
    fn without_a_title_line_the_report_s_name_for_itself_or_nothing() {
        // The embedded report opens with its preface and names itself, wrapped.
        let preface =
            " 前  言 \n\n我们编写了这份《中等职业教育质量年\n\n度报告》。报告内容包括……\n";
        assert_eq!(
            guess_title(preface).as_deref(),
            Some("中等职业教育质量年度报告")
        );
        assert_eq!(
            guess_title(" 前  言 \n\n正文，略。"),
            None,
            "a heading is no title"
        );
        assert_eq!(
            guess_title("学校简介，略。\n"),
            None,
            "a sentence is no title"
        );
        assert_eq!(
            guess_title("一、学校情况\n正文，略。"),
            None,
            "nor a chapter heading"
        );
        assert_eq!(
            guess_title("嘉南职业技术学校\n正文，略。").as_deref(),
            Some("嘉南职业技术学校")
        );
    }
}

//! Candidate indicators: a number with its unit, the label before it and the period its
//! sentence names; each a candidate for a person to check.

use crate::model::{Paragraph, Qualifier, Structure};
use crate::text::normalize;

/// A detected figure: label, value as printed, unit, period, and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateIndicator {
    pub label: String,
    /// The figure as printed, with a qualifier's words (`400多`, `约27.00`, `85%以上`).
    pub value_text: String,
    pub value: f64,
    /// Not exact, as its words say.
    pub qualifier: Option<Qualifier>,
    pub unit: String,
    pub period: String,
    pub paragraph: usize,
    /// The page the value is printed on (a sentence may start on the page before).
    pub page: u32,
    /// Byte offsets in the paragraph's text: where the number starts, and where the
    /// figure ends (after its unit and any word that qualifies it).
    pub start: usize,
    pub end: usize,
    pub sentence: String,
}

/// Units a figure may carry; the longest that follows a number wins (`人次` over `人`,
/// `个百分点` and `个月` over `个`), so a unit is matched whole. Each may follow 万 or 亿
/// ([`SCALES`]): `1.52万人`, `3.6万台套`, `1.2亿元`.
const UNITS: &[&str] = &[
    "平方米",
    "人次",
    "元",
    "人",
    "所",
    "个百分点",
    "个千分点",
    "百分点",
    "个月",
    "个",
    "项",
    "册",
    "本",
    "名",
    "家",
    "户",
    "门",
    "间",
    "节",
    "条",
    "支",
    "台套",
    "台",
    "套",
    "批次",
    "场",
    "枚",
    "倍",
    "小时",
    "课时",
    "学时",
    "篇",
    "部",
    "亩",
    "%",
    "‰",
];

/// Words of scale a unit may follow (`万人`, `亿元`): part of the unit as printed.
const SCALES: [&str; 2] = ["万", "亿"];

/// Units that take no scale: a share is never `万%`.
const UNSCALED_UNITS: [&str; 5] = ["%", "‰", "个百分点", "个千分点", "百分点"];

/// Units that count whole things and also number parts of a text: `1.2 节` and `第3条`
/// are references (a section, an article), no figure.
const PART_UNITS: [&str; 2] = ["节", "条"];

/// Words that start with a unit's character but are no unit: 本科, 本市 (`3 本科…` is not
/// three books), 台州, 支持, 条件. (名 is always one: `5名师生` are five people.)
const NOT_UNITS: &[&str] = &[
    "本科", "本市", "本校", "本届", "本地", "本次", "本年", "本县", "本区", "本省", "本土", "本职",
    "本专", "本领", "部分", "台州", "支持", "支撑", "支援", "支付", "支出", "条件", "条例", "户外",
    "户籍", "节约", "节能", "节日", "所有", "所以",
];

/// The unit a figure's words start with (after the number and any 多/余): the longest
/// unit, after 万 or 亿 where one stands first; `None` for a word that is no unit.
fn unit_at(after: &str) -> Option<String> {
    let scale = SCALES.iter().find(|s| after.starts_with(*s)).copied();
    let rest = scale.map_or(after, |s| &after[s.len()..]);
    let unit = UNITS
        .iter()
        .filter(|u| rest.starts_with(*u))
        .max_by_key(|u| u.len())?;
    if NOT_UNITS.iter().any(|w| rest.starts_with(w))
        || (scale.is_some() && UNSCALED_UNITS.contains(unit))
    {
        return None;
    }
    Some(format!("{}{unit}", scale.unwrap_or_default()))
}

/// Words before `1:30` that make it a time of day, not a ratio.
const TIME_WORDS: [&str; 8] = ["上午", "下午", "中午", "晚上", "早上", "凌晨", "时间", "于"];

/// Words before a number that make it not exact (`约27.00`, `将近15`).
const QUALIFYING_WORDS_BEFORE: [&str; 6] = ["将近", "接近", "超过", "约", "近", "逾"];

/// Candidates proposed at most: thirty times the seed report's 166. Each is written with
/// its sentence and read back to validate, so a text of nothing but figures is held to
/// this many sentences of at most [`LONGEST_SENTENCE`].
pub const MAX_CANDIDATES: usize = 5_000;

/// A sentence longer than this (bytes: 512 Chinese characters, nearly three times the
/// longest of the seed report) is a table or list run together: it is read in pieces of
/// at most this, so that no candidate carries more.
pub const LONGEST_SENTENCE: usize = 1536;

/// Candidate indicators: each number with a unit, the label before it and the period its
/// sentence names; the first [`MAX_CANDIDATES`] of them.
pub fn candidate_indicators(structure: &Structure) -> Vec<CandidateIndicator> {
    candidates_within_limit(structure).0
}

/// [`candidate_indicators`], and whether the text had more than [`MAX_CANDIDATES`].
pub fn candidates_within_limit(structure: &Structure) -> (Vec<CandidateIndicator>, bool) {
    let mut found = Vec::new();
    for paragraph in &structure.paragraphs {
        let mut offset = 0;
        for sentence in paragraph.text.split_inclusive(['。', '！', '？']) {
            for piece in pieces(sentence) {
                found.extend(figures_in(piece, paragraph, offset));
                offset += piece.len();
                if found.len() > MAX_CANDIDATES {
                    found.truncate(MAX_CANDIDATES);
                    return (found, true);
                }
            }
        }
    }
    (found, false)
}

/// A sentence, or a sentence too long to be one ([`LONGEST_SENTENCE`]) in pieces, each
/// cut after its last clause mark (`，；`) or else at a character.
fn pieces(sentence: &str) -> impl Iterator<Item = &str> {
    let mut rest = sentence;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len().min(LONGEST_SENTENCE);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        if end < rest.len()
            && let Some(clause) = rest[..end].rfind(['，', '；'])
            && clause > 0
        {
            end = clause + '，'.len_utf8();
        }
        let (piece, after) = rest.split_at(end);
        rest = after;
        Some(piece)
    })
}

/// Where a number ends (character index): digits, and a point followed by a digit.
fn number_end(plain: &[char], start: usize) -> usize {
    let mut end = start;
    while end < plain.len()
        && (plain[end].is_ascii_digit()
            || (plain[end] == '.' && plain.get(end + 1).is_some_and(char::is_ascii_digit)))
    {
        end += 1;
    }
    end
}

/// A ratio printed at a number (`13.85:1`, `15.41∶1`, `1∶15.4`): one side is 1. Its
/// unit is the side that is 1 as printed (`:1`, `∶1`, `1∶`), its value the other side.
#[derive(Debug, PartialEq)]
struct Ratio {
    /// Character range of the value's number.
    number: (usize, usize),
    /// Character range of the value as printed: `13.85:1` whole, of `1∶15.4` the
    /// `15.4` (a value's text starts with its number).
    text: (usize, usize),
    unit: String,
}

/// After a number ending at `at`: a colon and the start of the number after it, spaces
/// around the colon allowed (`15.41 : 1`).
fn colon_then_number(plain: &[char], at: usize) -> Option<(usize, usize)> {
    let skip_spaces = |mut k: usize| {
        while plain.get(k) == Some(&' ') {
            k += 1;
        }
        k
    };
    let colon = skip_spaces(at);
    if plain.get(colon) != Some(&':') {
        return None;
    }
    let next = skip_spaces(colon + 1);
    plain
        .get(next)
        .is_some_and(char::is_ascii_digit)
        .then_some((colon, next))
}

/// The ratio starting at the number `start..end`, if a colon follows it. `Some(None)`
/// for a colon that joins numbers into no ratio of one figure (`8:30`, `2.8∶39.3∶57.9`),
/// which is no figure either.
fn ratio_at(chars: &[char], plain: &[char], start: usize, end: usize) -> Option<Option<Ratio>> {
    let (colon_at, second) = colon_then_number(plain, end)?;
    let second_end = number_end(plain, second);
    if colon_then_number(plain, second_end).is_some() {
        return Some(None);
    }
    let is_one = |from: usize, to: usize| plain[from..to] == ['1'];
    // The colon as printed, but a full-width `：` as the ratio sign it stands for.
    let colon = match chars[colon_at] {
        '：' => ':',
        c => c,
    };
    Some(if is_one(second, second_end) {
        Some(Ratio {
            number: (start, end),
            text: (start, second_end),
            unit: format!("{colon}1"),
        })
    } else if is_one(start, end) {
        Some(Ratio {
            number: (second, second_end),
            text: (second, second_end),
            unit: format!("1{colon}"),
        })
    } else {
        None
    })
}

/// The figures of one sentence, which starts at byte `offset` of its paragraph.
fn figures_in(sentence: &str, paragraph: &Paragraph, offset: usize) -> Vec<CandidateIndicator> {
    let normalized = normalize(sentence);
    let chars: Vec<char> = sentence.chars().collect();
    // Where each character starts, found once: a figure asks twice.
    let starts: Vec<usize> = sentence.char_indices().map(|(at, _)| at).collect();
    let byte_at =
        |char_index: usize| offset + starts.get(char_index).copied().unwrap_or(sentence.len());
    let plain: Vec<char> = normalized.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < plain.len() {
        let starts_number = plain[i].is_ascii_digit()
            && (i == 0 || !(plain[i - 1].is_ascii_digit() || plain[i - 1] == '.'));
        if !starts_number {
            i += 1;
            continue;
        }
        let end = number_end(&plain, i);
        let ratio = ratio_at(&chars, &plain, i, end);
        let number: String = plain[i..end].iter().collect();
        let after: String = plain[end..].iter().collect::<String>();
        let after_trimmed = after.trim_start();
        let gap = after.len() - after_trimmed.len();
        // 400多项, 9000余人: the word between number and unit says "more than".
        let (after_trimmed, between) =
            match ["多", "余"].iter().find(|w| after_trimmed.starts_with(*w)) {
                Some(word) => (&after_trimmed[word.len()..], word.chars().count()),
                None => (after_trimmed, 0),
            };
        let unit = unit_at(after_trimmed);
        let is_date = after_trimmed.starts_with(['年', '月', '日', '届'])
            || after_trimmed.starts_with("学年");
        let before: String = plain[..i].iter().collect();
        let is_reference = unit.as_deref().is_some_and(|u| PART_UNITS.contains(&u))
            && (number.contains('.') || before.trim_end().ends_with('第'));
        let unit = unit.filter(|_| !is_reference);
        if ratio.is_none() && (unit.is_none() || is_date) {
            // A number with no unit is no figure: nothing before it need be read.
            i = end.max(i + 1);
            continue;
        }
        let label = label_before(&chars[..i]);
        let period = period_of(&before);
        let figure =
            |value_text: String, value: f64, unit: &str, figure_end: usize| CandidateIndicator {
                label: label.clone(),
                qualifier: qualifier_of(&value_text),
                value_text,
                value,
                unit: unit.to_string(),
                period: period.clone(),
                paragraph: paragraph.index,
                page: paragraph.page_at(byte_at(i)),
                start: byte_at(i),
                end: byte_at(figure_end),
                sentence: sentence.trim().to_string(),
            };
        // 约27.00, 将近15, 近40: the words before the number; where they start.
        let qualified_start = QUALIFYING_WORDS_BEFORE
            .iter()
            .find(|w| before.trim_end().ends_with(*w))
            .map(|word| {
                let spaces = before.len() - before.trim_end().len();
                i - spaces - word.chars().count()
            });
        if let Some(ratio) = ratio {
            // The numbers the colons join are spent, as one figure or none.
            let mut chain_end = end;
            while let Some((_, next)) = colon_then_number(&plain, chain_end) {
                chain_end = number_end(&plain, next);
            }
            // 约 1∶16 cannot be printed with its word before its value (16), so it is
            // left to a person rather than proposed as exact.
            let is_one_to = ratio.as_ref().is_some_and(|r| r.number.0 != i);
            let unprintable = qualified_start.is_some() && is_one_to;
            // 下午 1:30 is a time of day.
            let is_time = TIME_WORDS.iter().any(|w| label.ends_with(w));
            if let Some(ratio) = ratio.filter(|_| !label.is_empty() && !unprintable && !is_time) {
                let number: String = plain[ratio.number.0..ratio.number.1].iter().collect();
                let text_start = qualified_start.unwrap_or(ratio.text.0);
                let value_text: String = chars[text_start..ratio.text.1]
                    .iter()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                if let Ok(value) = number.parse::<f64>() {
                    found.push(figure(value_text, value, &ratio.unit, chain_end));
                }
            }
            i = chain_end;
            continue;
        }
        if let (Some(unit), false) = (unit.as_deref(), is_date) {
            let percent = matches!(unit, "%" | "‰");
            let unit_end = end + gap + between + unit.chars().count();
            let mut value_end = match (percent, between) {
                (true, _) => end + gap + between + 1,
                (false, 0) => end,
                (false, _) => end + gap + between,
            };
            // 85%以上, 200人以上, 15人左右: the words after the unit.
            let trailing = ["以上", "左右"].iter().find(|w| {
                plain[unit_end.min(plain.len())..].starts_with(&w.chars().collect::<Vec<_>>()[..])
            });
            let mut value_start = i;
            if let Some(word) = trailing {
                value_end = unit_end + word.chars().count();
            }
            if let Some(start) = qualified_start {
                value_start = start;
            }
            // 下降 4.58%: a fall, printed with its word and negative (as curated).
            let fall = crate::model::FALL_WORDS
                .iter()
                .find(|w| before.trim_end().ends_with(*w));
            if let Some(word) = fall {
                let spaces = before.len() - before.trim_end().len();
                value_start = i - spaces - word.chars().count();
            }
            let value_text: String = chars[value_start..value_end.min(chars.len())]
                .iter()
                .collect::<String>()
                .replace(' ', "");
            if let (Ok(magnitude), false) = (number.parse::<f64>(), label.is_empty()) {
                let value = if fall.is_some() {
                    -magnitude
                } else {
                    magnitude
                };
                found.push(figure(value_text, value, unit, unit_end.max(value_end)));
            }
        }
        i = end.max(i + 1);
    }
    found
}

/// The qualifier a printed figure's words say: the first whose word it holds.
fn qualifier_of(value_text: &str) -> Option<Qualifier> {
    Qualifier::ALL
        .into_iter()
        .find(|q| q.words().iter().any(|w| value_text.contains(w)))
}

/// The words before a number back to the clause start: `在校生`, `专任教师数`.
fn label_before(chars: &[char]) -> String {
    let start = chars
        .iter()
        .rposition(|&c| "，。；：、（）(),;:“”".contains(c) || c.is_ascii_digit())
        .map_or(0, |p| p + 1);
    let label: String = chars[start..].iter().collect();
    let label = label.trim();
    let label = ["其中", "共有", "共", "有", "达到", "达", "为", "约", "分别"]
        .iter()
        .fold(label, |l, word| l.strip_prefix(word).unwrap_or(l))
        .trim();
    let label: String = label
        .chars()
        .rev()
        .take(16)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if label.chars().any(|c| c.is_alphanumeric()) {
        label
    } else {
        String::new()
    }
}

/// The period named last before a figure: `2022学年`, `2023年`; empty if none.
fn period_of(before: &str) -> String {
    let compact: Vec<char> = before.chars().filter(|c| !c.is_whitespace()).collect();
    for end in (4..compact.len()).rev() {
        let digits = &compact[end - 4..end];
        let starts_number = end == 4 || !compact[end - 5].is_ascii_digit();
        if digits.iter().all(char::is_ascii_digit) && starts_number && compact[end] == '年' {
            return format!("{}年", digits.iter().collect::<String>());
        }
        if digits.iter().all(char::is_ascii_digit)
            && starts_number
            && compact[end..].starts_with(&['学', '年'])
        {
            return format!("{}学年", digits.iter().collect::<String>());
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An empty first paragraph on page 1, for figures found in a sentence of it.
    fn first_paragraph() -> Paragraph {
        Paragraph {
            index: 0,
            location: Default::default(),
            case: None,
            page: 1,
            text: String::new(),
            footnote_refs: Vec::new(),
            page_breaks: Vec::new(),
        }
    }

    #[test]
    fn a_sentence_too_long_to_be_one_is_read_in_pieces_cut_after_a_clause() {
        let short = "在校生51486人，招生2146人。";
        assert_eq!(pieces(short).collect::<Vec<_>>(), [short]);
        let long = "招生12人，".repeat(1000);
        let cut: Vec<&str> = pieces(&long).collect();
        assert_eq!(cut.concat(), long);
        assert!(
            cut.iter()
                .all(|piece| piece.len() <= LONGEST_SENTENCE && piece.ends_with('，'))
        );
        // Without a clause mark it is cut at a character.
        let unbroken = "学".repeat(1000);
        assert!(pieces(&unbroken).all(|piece| piece.len() <= LONGEST_SENTENCE));
        assert_eq!(pieces(&unbroken).collect::<String>(), unbroken);
    }

    #[test]
    fn proposes_figures_with_labels_units_and_periods() {
        let paragraph = first_paragraph();
        let fall = figures_in("招生比例较 2021 学年下降 4.58%。", &paragraph, 0);
        assert_eq!(
            (fall[0].value_text.as_str(), fall[0].value),
            ("下降4.58%", -4.58),
            "a fall keeps its word and is negative"
        );
        let sentence = "2022 学年，在校生 51486 人，占高中段招生数的44.31%，较 2021 年下降。";
        let found = figures_in(sentence, &paragraph, 0);
        assert_eq!(&sentence[found[0].start..found[0].end], "51486 人");
        assert_eq!(&sentence[found[1].start..found[1].end], "44.31%");
        let summary: Vec<(String, String, String, String)> = found
            .iter()
            .map(|f| {
                (
                    f.label.clone(),
                    f.value_text.clone(),
                    f.unit.clone(),
                    f.period.clone(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "在校生".into(),
                    "51486".into(),
                    "人".into(),
                    "2022学年".into()
                ),
                (
                    "占高中段招生数的".into(),
                    "44.31%".into(),
                    "%".into(),
                    "2022学年".into()
                ),
            ]
        );
    }

    #[test]
    fn proposes_qualified_figures_with_their_words() {
        let paragraph = first_paragraph();
        let found = figures_in(
            "师生获奖400 多项，总建筑面积约 27.00 万平方米，获证率在 85%以上，学员 200人以上，产值将近 15 亿元。",
            &paragraph,
            0,
        );
        let summary: Vec<(String, Option<Qualifier>)> = found
            .iter()
            .map(|f| (f.value_text.clone(), f.qualifier))
            .collect();
        assert_eq!(
            summary,
            [
                ("400多".into(), Some(Qualifier::MoreThan)),
                ("约27.00".into(), Some(Qualifier::About)),
                ("85%以上".into(), Some(Qualifier::AtLeast)),
                ("200人以上".into(), Some(Qualifier::AtLeast)),
                ("将近15".into(), Some(Qualifier::Nearly)),
            ]
        );
    }

    /// Each figure as (label, value as printed, value, unit).
    fn summary(found: &[CandidateIndicator]) -> Vec<(String, String, f64, String)> {
        found
            .iter()
            .map(|f| {
                (
                    f.label.clone(),
                    f.value_text.clone(),
                    f.value,
                    f.unit.clone(),
                )
            })
            .collect()
    }

    fn row(label: &str, text: &str, value: f64, unit: &str) -> (String, String, f64, String) {
        (label.into(), text.into(), value, unit.into())
    }

    #[test]
    fn proposes_ratios_with_the_side_that_is_one_as_their_unit() {
        let found = figures_in(
            "生师比 13.85:1，师生比1∶15.4，生师比为 15.19∶1，师生比为 1 : 16，生师比约 16:1，师生比约 1:16，签约时间 8:30，活动于下午 1:30 开始，三次产业结构为 2.8 ∶ 39.3 ∶ 57.9，比分 3:2。",
            &first_paragraph(),
            0,
        );
        assert_eq!(
            summary(&found),
            [
                row("生师比", "13.85:1", 13.85, ":1"),
                row("师生比", "15.4", 15.4, "1∶"),
                row("生师比为", "15.19∶1", 15.19, "∶1"),
                row("师生比为", "16", 16.0, "1:"),
                row("生师比约", "约16:1", 16.0, ":1"),
            ],
            "times, a three-part structure and a score are no ratio of one figure; 约 1:16 has no\n             value_text that starts with its value"
        );
    }

    #[test]
    fn a_section_number_is_no_ratio_and_no_figure() {
        let text = "前言\n测试用合成数据。\n1 基本情况\n1.1 规模\n在校生 1200 人。\n\
            1.2 师资\n生师比 13.85:1，详见 1.2 节。\n";
        let found = candidate_indicators(&crate::ingest::parse_text(text).structure);
        assert_eq!(
            summary(&found),
            [
                row("在校生", "1200", 1200.0, "人"),
                row("生师比", "13.85:1", 13.85, ":1"),
            ]
        );
    }

    #[test]
    fn proposes_figures_in_the_units_reports_use() {
        let found = figures_in(
            "馆藏图书 12.5 万册，新编教材 30 本，新增设备 120 台套，开展培训 3.2 万小时，\
             就业率提高 2.5 个百分点，实现产值 1.2 亿元，录取 30 本科生，合作企业 5 台州企业。",
            &first_paragraph(),
            0,
        );
        assert_eq!(
            summary(&found),
            [
                row("馆藏图书", "12.5", 12.5, "万册"),
                row("新编教材", "30", 30.0, "本"),
                row("新增设备", "120", 120.0, "台套"),
                row("开展培训", "3.2", 3.2, "万小时"),
                row("就业率提高", "2.5", 2.5, "个百分点"),
                row("实现产值", "1.2", 1.2, "亿元"),
            ],
            "本科 and 台州 are words, not units"
        );
    }

    #[test]
    fn a_unit_is_matched_whole_and_may_follow_a_scale() {
        let found = figures_in(
            "实习时间达到 10 个月，开发研学线路 6 条，组建服务队 16 支，服务大户 430 户，\
             录制课程 420 节，高等职业院校 58 所，新增设备 3.6 万台套，合作企业 1.2 万家，\
             招生 1.52 万人，就业率提高 4.2 个百分点，获得 3 支持，具备 2 条件，开展 5 户外活动，\
             详见 2.1 节与第 3 条。",
            &first_paragraph(),
            0,
        );
        assert_eq!(
            summary(&found),
            [
                row("实习时间达到", "10", 10.0, "个月"),
                row("开发研学线路", "6", 6.0, "条"),
                row("组建服务队", "16", 16.0, "支"),
                row("服务大户", "430", 430.0, "户"),
                row("录制课程", "420", 420.0, "节"),
                row("高等职业院校", "58", 58.0, "所"),
                row("新增设备", "3.6", 3.6, "万台套"),
                row("合作企业", "1.2", 1.2, "万家"),
                row("招生", "1.52", 1.52, "万人"),
                row("就业率提高", "4.2", 4.2, "个百分点"),
            ],
            "10个月 is no 10个; 支持, 条件 and 户外 are words, not units; 2.1 节 and 第 3 条 are references"
        );
        assert_eq!(unit_at("万%"), None, "a share takes no scale");
        assert_eq!(unit_at("亿元").as_deref(), Some("亿元"));
    }

    #[test]
    fn a_figure_is_on_the_page_its_value_is_printed_on() {
        let sentence = "2022 学年全市中等职业学校在校生 51486 人。";
        let value_at = sentence.find("51486").unwrap();
        let paragraph = Paragraph {
            page: 3,
            text: sentence.to_string(),
            page_breaks: vec![(value_at - " ".len(), 4)],
            ..first_paragraph()
        };
        let found = figures_in(sentence, &paragraph, 0);
        assert_eq!((found[0].value, found[0].page), (51486.0, 4));
        let on_one_page = figures_in(sentence, &first_paragraph(), 0);
        assert_eq!(on_one_page[0].page, 1);
    }
}

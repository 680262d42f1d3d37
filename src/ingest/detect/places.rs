//! Place names a school's name starts with: the places a text shows (嘉兴市 → 嘉兴), a
//! place and its 市/县/区/省 at a clause's start, and the places printed before a name.

use std::collections::{BTreeMap, BTreeSet};

/// Punctuation a name never spans.
pub(super) fn is_name_boundary(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_digit()
        || "，。、；：（）“”《》「」！？—·,.;:()\"' ".contains(c)
}

/// Words that end in 市/县/区 but are no place (全市, 本市 …).
pub(super) const NOT_PLACES: &str = "全本该各城前每我省市县区地州其";

/// Place names the text itself shows: the two or three characters before 市, 县, 区, 省,
/// 州 or 地区 (嘉兴市 → 嘉兴, 阿克苏地区 → 阿克苏), seen at least twice. A school name
/// starts with one. A three-character place must account for most of the uses of the two
/// characters it ends with: 阿克苏 always stands before 克苏, but 推动平湖市 does not make
/// 动平湖 a place when 平湖 stands alone everywhere else.
pub(super) fn places(texts: &[&str]) -> BTreeSet<Vec<char>> {
    let mut seen: BTreeMap<Vec<char>, usize> = BTreeMap::new();
    for text in texts {
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if !matches!(c, '市' | '县' | '区' | '省' | '州') {
                continue;
            }
            // 地区 (prefecture): the place stands before both characters.
            let end = if c == '区' && i > 0 && chars[i - 1] == '地' {
                i - 1
            } else {
                i
            };
            for length in [2, 3] {
                let Some(start) = end.checked_sub(length) else {
                    continue;
                };
                let place = &chars[start..end];
                // 西藏那曲市: 藏 ends the province before the place, it does not start it.
                let starts_in_a_province = length == 3 && ends_a_province(&chars[..=start]);
                if place.iter().all(|&c| is_name_part(c))
                    && !NOT_PLACES.contains(place[0])
                    && !starts_in_a_province
                {
                    *seen.entry(place.to_vec()).or_default() += 1;
                }
            }
        }
    }
    seen.iter()
        .filter(|&(place, &count)| {
            let suffix_uses = match place.len() {
                3 => seen.get(&place[1..]).copied().unwrap_or(0),
                _ => 0,
            };
            count >= 2 && count * 2 > suffix_uses
        })
        .map(|(place, _)| place.clone())
        .collect()
}

/// The provinces' short names, as a place is often written after one without its 省
/// (浙江嘉兴, 西藏那曲, 新疆阿克苏).
const PROVINCES: [&str; 34] = [
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "台湾",
];

/// Whether the text up to here ends with a province's short name.
pub(super) fn ends_a_province(chars: &[char]) -> bool {
    PROVINCES.iter().any(|province| ends_with(chars, province))
}

/// Whether the characters end with `ending`.
pub(super) fn ends_with(chars: &[char], ending: &str) -> bool {
    let ending: Vec<char> = ending.chars().collect();
    chars.ends_with(&ending)
}

/// Characters that join clauses and never stand inside a school's name.
pub(super) const NOT_IN_NAMES: &str = "的与和及对共为在是把将向从由被让到了有作";

/// A character that may stand in a place's name: Chinese, and no word that joins clauses.
pub(super) fn is_name_part(c: char) -> bool {
    crate::text::is_cjk(c) && !NOT_IN_NAMES.contains(c)
}

/// Whether a clause starts at character `at`: the text's start, or after punctuation
/// (、 of a list) or a word that joins clauses (与, 和, 及, 是 …).
pub(super) fn starts_a_clause(chars: &[char], at: usize) -> bool {
    at == 0 || is_name_boundary(chars[at - 1]) || NOT_IN_NAMES.contains(chars[at - 1])
}

/// Characters that make 省/市/县/区 before them a word, not a place's end (省级, 区域,
/// 市属, 县内).
const NOT_AFTER_PLACES: &str = "级域属内外直委场";

/// Where the place that `words` start with ends, its 市/县/区/省/州 included: two or three
/// characters then the marker (`临溪县` of `临溪县技工`).
pub(super) fn marked_place_end(words: &[char]) -> Option<usize> {
    [2, 3].into_iter().find_map(|length| {
        let marker = *words.get(length)?;
        let place = &words[..length];
        // 入选省级…, 区域…: a level or an area, no place's marker.
        let is_a_word = words
            .get(length + 1)
            .is_some_and(|&c| NOT_AFTER_PLACES.contains(c));
        (matches!(marker, '市' | '县' | '区' | '省' | '州')
            && place.iter().all(|&c| is_name_part(c))
            && !NOT_PLACES.contains(place[0])
            && !is_a_word)
            .then_some(length + 1)
    })
}

/// The start of a name that starts at `start` and ends at `end`, taken back over the
/// places printed just before it with their 省/市/县/区 (`澜江省` before `禾川技师学院`):
/// a place the text shows, or one that starts its clause. At most two, and never past
/// the longest name.
pub(super) fn with_places_before(
    chars: &[char],
    mut start: usize,
    end: usize,
    places: &BTreeSet<Vec<char>>,
) -> usize {
    for _ in 0..2 {
        let Some(marker_at) = start.checked_sub(1) else {
            break;
        };
        if !matches!(chars[marker_at], '省' | '市' | '县' | '区' | '州') {
            break;
        }
        // A place the text shows first (页嘉禾市: 嘉禾, not 页嘉禾), then one that starts
        // its clause.
        let candidates = [(3, true), (2, true), (2, false), (3, false)];
        let place_start = candidates.into_iter().find_map(|(length, shown)| {
            let place_start = marker_at.checked_sub(length)?;
            let place = &chars[place_start..marker_at];
            let is_place = place.iter().all(|&c| is_name_part(c))
                && !NOT_PLACES.contains(place[0])
                && match shown {
                    true => places.contains(place),
                    false => starts_a_clause(chars, place_start),
                };
            (is_place && end + 1 - place_start <= 18).then_some(place_start)
        });
        match place_start {
            Some(place_start) => start = place_start,
            None => break,
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::super::schools::{distinct_sentences, names_in};
    use super::*;

    #[test]
    fn a_word_before_a_place_does_not_make_a_longer_place() {
        let text = "平湖市职业中等专业学校开展活动。推动平湖市职业中等专业学校发展。\
            平湖市、嘉兴市、平湖市各校。推动平湖市职业中等专业学校再发展。阿克苏地区两所学校。\
            阿克苏地区中等职业学校。";
        let places = places(&distinct_sentences([text].into_iter()));
        assert!(places.contains(&vec!['平', '湖']));
        assert!(
            !places.contains(&vec!['动', '平', '湖']),
            "推动 is no place"
        );
        assert!(places.contains(&vec!['阿', '克', '苏']));
        let names = names_in("推动平湖市职业中等专业学校发展", &places);
        assert_eq!(names, ["平湖市职业中等专业学校"]);
    }

    #[test]
    fn a_province_before_a_place_is_not_part_of_it() {
        let text =
            "学校与西藏那曲市职业技术学校结对，赴西藏那曲市交流，新疆阿克苏地区、阿克苏地区。";
        let places = places(&[text]);
        assert!(places.contains(&vec!['那', '曲']));
        assert!(!places.contains(&vec!['藏', '那', '曲']));
        assert!(places.contains(&vec!['阿', '克', '苏']));
        assert_eq!(names_in(text, &places), ["那曲市职业技术学校"]);
    }

    #[test]
    fn a_name_keeps_the_places_printed_before_it() {
        let places = places(&["嘉禾市、临溪县、禾川县。", "嘉禾市与临溪县、禾川县。"]);
        assert_eq!(
            names_in("嘉禾市临溪职业技术学校坚持立德树人", &places),
            ["嘉禾市临溪职业技术学校"],
            "not 临溪职业技术学校, the title's school cut short"
        );
        assert_eq!(
            names_in("学校与澜江省禾川技师学院共建", &places),
            ["澜江省禾川技师学院"]
        );
        assert_eq!(
            names_in("推动嘉禾市禾川技师学院发展", &places),
            ["嘉禾市禾川技师学院"]
        );
        assert_eq!(
            names_in("第3页嘉禾市临溪职业技术学校", &places),
            ["嘉禾市临溪职业技术学校"],
            "a running footer's 页 is no place's start"
        );
    }
}

//! School names found as named entities (…学校, …学院, …中学, 职业教育中心, 职教中心 …)
//! anchored at the place names the text shows, grouped with their aliases.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Structure;

/// A detected school: the fullest name and the other ways the text writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolName {
    pub name: String,
    pub aliases: Vec<String>,
}

/// How a school's name ends: the kind of school (学校, 学院, 中学, 职教中心 …); a longer
/// kind (职业技术学校, 技师学院) ends in one of these.
pub(super) const SCHOOL_ENDINGS: &[&str] = &[
    "职业教育中心",
    "职教中心",
    "学校",
    "学院",
    "中学",
    "职业高中",
    "职业中专",
    "职高",
    "职专",
    "技校",
    "卫校",
];

/// Collective nouns that end like a school name but name no school.
const GENERIC_CORES: &[&str] = &[
    "中等职业学校",
    "中职学校",
    "职业学校",
    "职业院校",
    "技工院校",
    "高职院校",
    "中小学",
    "学校",
    "院校",
    "高级中学",
    "普通高中",
    "中学",
    "学院",
    "职业技术学院",
    "高等学校",
];

/// Kinds of school: no name alone, but a school's name after a place (海北县职业教育中心,
/// 嘉兴市技工学校).
const KIND_NAMES: &[&str] = &[
    "技师学院",
    "技工学校",
    "高级技工学校",
    "职业技术学校",
    "职业中等专业学校",
    "中等专业学校",
    "职业高级中学",
    "卫生学校",
    "职业教育中心",
    "职教中心",
    "职业高中",
    "职业中专",
    "职高",
    "职专",
    "技校",
    "卫校",
];

/// Words no school's name holds: offices and a report's own words, which a running
/// header or footer glued to the text brings in (海北县教育局学校…, …质量年度报告学校).
const NOT_IN_SCHOOL_NAMES: &[&str] = &[
    "教育局",
    "教育厅",
    "人社局",
    "政府",
    "委员会",
    "报告",
    "年度",
    "编印",
    "名称",
];

/// Punctuation a name never spans.
fn is_name_boundary(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_digit()
        || "，。、；：（）“”《》「」！？—·,.;:()\"' ".contains(c)
}

/// Words that end in 市/县/区 but are no place (全市, 本市 …).
const NOT_PLACES: &str = "全本该各城前每我省市县区地州其";

/// Place names the text itself shows: the two or three characters before 市, 县, 区, 省,
/// 州 or 地区 (嘉兴市 → 嘉兴, 阿克苏地区 → 阿克苏), seen at least twice. A school name
/// starts with one. A three-character place must account for most of the uses of the two
/// characters it ends with: 阿克苏 always stands before 克苏, but 推动平湖市 does not make
/// 动平湖 a place when 平湖 stands alone everywhere else.
fn places(texts: &[&str]) -> BTreeSet<Vec<char>> {
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
                let is_name_part = |p: &char| crate::text::is_cjk(*p) && !NOT_IN_NAMES.contains(*p);
                // 西藏那曲市: 藏 ends the province before the place, it does not start it.
                let starts_in_a_province = length == 3 && ends_a_province(&chars[..=start]);
                if place.iter().all(is_name_part)
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
fn ends_a_province(chars: &[char]) -> bool {
    PROVINCES.iter().any(|province| ends_with(chars, province))
}

/// The report's sentences, each once: repeated text (a page extracted twice, a report
/// pasted twice) is no more evidence of a place or a name than the text once.
fn distinct_sentences<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = std::collections::HashSet::new();
    texts
        .flat_map(|text| text.split_inclusive(['。', '！', '？', '；']))
        .map(str::trim)
        .filter(|sentence| !sentence.is_empty() && seen.insert(*sentence))
        .collect()
}

/// Characters that join clauses and never stand inside a school's name.
const NOT_IN_NAMES: &str = "的与和及对共为在是把将向从由被让到了有作";

/// School names in the text, with aliases grouped (嘉兴交通学校 = 嘉兴市交通学校, and an
/// alias given in brackets); `own_school` is the school a school report's title names
/// ([`read_title`](super::read_title)), proposed even where the text never writes it with
/// a place.
pub fn school_names(structure: &Structure, own_school: Option<&str>) -> Vec<SchoolName> {
    let texts = distinct_sentences(
        structure
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .chain(structure.cases.iter().map(|c| c.title.as_str()))
            .chain(structure.figures.iter().map(|f| f.caption.as_str()))
            // A table's body cells, never its header: a header names a column
            // (合作学校), a body cell may name a school.
            .chain(
                structure
                    .tables
                    .iter()
                    .flat_map(|t| t.rows.iter().flatten().map(String::as_str)),
            ),
    );
    let places = places(&texts);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut links = Vec::new();
    for text in &texts {
        let mut names = names_in(text, &places);
        // A school's own report writes its name without a place too.
        if let Some(own) =
            own_school.filter(|own| text.contains(own) && !names.iter().any(|n| n == own))
        {
            names.push(own.to_string());
        }
        links.extend(bracketed_aliases(text, &names));
        for name in names {
            *counts.entry(name).or_default() += 1;
        }
    }
    // A school's own report names it in its title, if nowhere else.
    if let Some(own) = own_school {
        counts.entry(own.to_string()).or_default();
    }
    let mut groups: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    for (name, count) in counts {
        groups
            .entry(alias_key(&name))
            .or_default()
            .push((name, count));
    }
    // An alias in brackets joins its name's group, whatever the spelling.
    for (name, alias) in &links {
        let (key, alias_group) = (alias_key(name), alias_key(alias));
        if key == alias_group {
            continue;
        }
        let moved = groups
            .remove(&alias_group)
            .unwrap_or_else(|| vec![(alias.clone(), 0)]);
        let group = groups.entry(key).or_default();
        for (moved_name, count) in moved {
            if !group.iter().any(|(n, _)| *n == moved_name) {
                group.push((moved_name, count));
            }
        }
    }
    let named_before_brackets: BTreeSet<&str> = links.iter().map(|(n, _)| n.as_str()).collect();
    let mut schools: Vec<SchoolName> = groups
        .into_values()
        .map(|mut names| {
            // The name an alias is given for, then the fullest form (with 市/县), then
            // the most frequent.
            names.sort_by_key(|(name, count)| {
                (
                    !named_before_brackets.contains(name.as_str()),
                    std::cmp::Reverse(name.chars().count()),
                    std::cmp::Reverse(*count),
                )
            });
            let mut names = names.into_iter().map(|(name, _)| name);
            let name = names.next().expect("a group has a name");
            SchoolName {
                name,
                aliases: names.collect(),
            }
        })
        .collect();
    schools.sort_by(|a, b| a.name.cmp(&b.name));
    schools
}

/// Words that introduce a short name in brackets: `（以下简称“嘉建校”）`.
const SHORT_NAME_WORDS: [&str; 4] = ["以下简称", "下称", "简称", "原"];

/// Aliases given in brackets right after a name: another school name
/// (`嘉兴市建筑工业学校（嘉兴市建筑职业技术学校）`), a short name (`（以下简称“嘉建校”）`)
/// or a former one (`（原…学校）`). Returns (name, alias) pairs.
fn bracketed_aliases(text: &str, names: &[String]) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for name in names {
        for (at, _) in text.match_indices(name.as_str()) {
            let after = &text[at + name.len()..];
            let Some(inner) = after.strip_prefix(['（', '(']) else {
                continue;
            };
            let Some(close) = inner.find(['）', ')']) else {
                continue;
            };
            let inner = inner[..close].trim();
            let word = SHORT_NAME_WORDS.iter().find(|w| inner.starts_with(*w));
            let alias = match word {
                Some(word) => inner[word.len()..]
                    .trim_start_matches(['：', ':', ' '])
                    .trim_matches(['“', '”', '"', '「', '」', '‘', '’']),
                None if SCHOOL_ENDINGS.iter().any(|e| inner.ends_with(e)) => inner,
                None => continue,
            };
            let length = alias.chars().count();
            let is_name = (2..=18).contains(&length)
                && alias.chars().all(crate::text::is_cjk)
                && !GENERIC_CORES.contains(&alias)
                && !KIND_NAMES.contains(&alias)
                && !["我校", "本校", "学校", "该校"].contains(&alias);
            if is_name && alias != name {
                links.push((name.clone(), alias.to_string()));
            }
        }
    }
    links
}

/// The school names written in a text: from the nearest place name before an ending, with
/// no punctuation and no other school ending in between.
fn names_in(text: &str, places: &BTreeSet<Vec<char>>) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for end in 0..chars.len() {
        let Some(ending) = SCHOOL_ENDINGS.iter().find(|e| ends_with(&chars[..=end], e)) else {
            continue;
        };
        let ending_start = end + 1 - ending.chars().count();
        let mut start = ending_start;
        let name_start = loop {
            if start == 0 || end + 1 - start >= 18 || is_name_boundary(chars[start - 1]) {
                break None;
            }
            start -= 1;
            if start + 2 <= chars.len() && places.contains(&chars[start..start + 2]) {
                let longer = start >= 1
                    && places.contains(&chars[start - 1..start + 2])
                    && !ends_a_province(&chars[..start]);
                break Some(if longer { start - 1 } else { start });
            }
            if start + 3 <= chars.len() && places.contains(&chars[start..start + 3]) {
                break Some(start);
            }
        };
        let Some(start) = name_start else {
            continue;
        };
        let inner = &chars[start..ending_start];
        let holds_another = SCHOOL_ENDINGS.iter().any(|e| {
            inner
                .windows(e.chars().count())
                .any(|w| w.iter().copied().eq(e.chars()))
        });
        let name: String = chars[start..=end].iter().collect();
        let joins_clauses = name.chars().any(|c| NOT_IN_NAMES.contains(c));
        if !holds_another && !joins_clauses && is_proper_name(&name) {
            found.push(name);
        }
    }
    found
}

/// The school name a text starts with (…学校, …学院, …中学, …职教中心, no punctuation
/// before its ending), if it is a proper name and not a collective noun: a case's body
/// often opens with one, its title's continuation hardly ever on a full line.
pub(crate) fn leading_school_name(text: &str) -> Option<String> {
    let chars: Vec<char> = text.trim_start().chars().take(18).collect();
    let end = (0..chars.len()).find(|&end| {
        is_name_boundary(chars[end]) || SCHOOL_ENDINGS.iter().any(|e| ends_with(&chars[..=end], e))
    })?;
    if is_name_boundary(chars[end]) {
        return None;
    }
    let name: String = chars[..=end].iter().collect();
    let joins_clauses = name.chars().any(|c| NOT_IN_NAMES.contains(c));
    (!joins_clauses && is_proper_name(&name)).then_some(name)
}

fn ends_with(chars: &[char], ending: &str) -> bool {
    let ending: Vec<char> = ending.chars().collect();
    chars.ends_with(&ending)
}

/// Words that make a name a category (浙江省一流技师学院, 嘉兴市明确中职学校).
const CATEGORY_WORDS: &[&str] = &[
    "一流",
    "高水平",
    "改革",
    "示范",
    "中职",
    "重点",
    "省级",
    "市级",
    "国家",
    "典型",
    "特色",
    "明确",
    "直属",
    // Roles a table header gives schools (合作学校, 牵头学校): no school's name.
    "合作",
    "牵头",
    "成员",
    "结对",
    "帮扶",
    "对口",
    "试点",
    "参赛",
    "承办",
    "所在",
    "所属",
    "各类",
    "民办",
    "公办",
    "其他",
    "项目",
    "受援",
];

/// A proper name is more than a collective noun or a category, with or without a place
/// before it (嘉兴市中等职业学校 is all of the city's schools).
pub(super) fn is_proper_name(name: &str) -> bool {
    let length = name.chars().count();
    let core = strip_place(name);
    (4..=18).contains(&length)
        && !GENERIC_CORES.contains(&name)
        && !KIND_NAMES.contains(&name)
        && !GENERIC_CORES.contains(&core)
        && !NOT_IN_SCHOOL_NAMES.iter().any(|w| name.contains(w))
        && !CATEGORY_WORDS.iter().any(|w| core.starts_with(w))
}

/// The name without a leading place (嘉兴市…, 海盐县…), for spotting generic nouns.
fn strip_place(name: &str) -> &str {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    chars
        .iter()
        .take(4)
        .find(|(_, c)| matches!(c, '市' | '县' | '区' | '省'))
        .map_or(name, |&(at, c)| &name[at + c.len_utf8()..])
}

/// Names equal but for the 市/县/区 after their place are one school.
fn alias_key(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if let Some(at) = chars
        .iter()
        .take(4)
        .position(|c| matches!(c, '市' | '县' | '区'))
    {
        chars.remove(at);
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_school_names_and_leaves_collective_nouns() {
        let text = "例如：嘉兴技师学院教师到阿克苏地区中等职业技术学校技能援疆，嘉兴市中等职业学校积极开展，\
            海盐县商贸学校与海盐县第二高级中学开展合作，4 所学校，推动中职学校，阿克苏地区，\
            嘉善县的嘉善信息技术工程学校引进国际金钥匙学院，嘉兴市对直属中职学校，嘉善县。";
        let places = places(&[text, text]);
        assert!(places.contains(&vec!['嘉', '兴']) && places.contains(&vec!['阿', '克', '苏']));
        let names = names_in(text, &places);
        assert_eq!(
            names,
            [
                "嘉兴技师学院",
                "阿克苏地区中等职业技术学校",
                "海盐县商贸学校",
                "海盐县第二高级中学",
                "嘉善信息技术工程学校"
            ]
        );
    }

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
    fn reads_the_school_name_a_text_starts_with() {
        assert_eq!(
            leading_school_name("嘉兴技师学院具备国际、国家级和省级技能竞赛组织管理经").as_deref(),
            Some("嘉兴技师学院")
        );
        assert_eq!(
            leading_school_name("海盐县职教中心（竞技体育场馆）工程").as_deref(),
            Some("海盐县职教中心")
        );
        for text in [
            "中职学校提供了更多机会",
            "2023 年，深化与德国手工业行会合作",
            "学校积极推行专业认证",
            "化工新材料是平湖市的主导性产业，平湖市职业中等专业学校",
        ] {
            assert_eq!(leading_school_name(text), None, "{text}");
        }
    }

    #[test]
    fn groups_names_that_differ_by_their_county_marker() {
        assert_eq!(alias_key("嘉兴市交通学校"), alias_key("嘉兴交通学校"));
        assert_ne!(alias_key("嘉兴市交通学校"), alias_key("嘉兴市建筑工业学校"));
    }

    /// The names proposed for a small report, each with its aliases.
    fn proposed(text: &str, own_school: Option<&str>) -> Vec<(String, Vec<String>)> {
        school_names(&crate::ingest::parse_text(text).structure, own_school)
            .into_iter()
            .map(|school| (school.name, school.aliases))
            .collect()
    }

    #[test]
    fn finds_schools_of_every_kind_with_aliases_in_brackets() {
        let text = "前言\n海北县人口 30 万人，南山市人口 50 万人。\n1 学校概况\n1.1 办学规模\n\
            海北县职业教育中心（以下简称“海北职教”）与海北县技工学校、南山市技师学院、\
            南山市卫生学校、南山市高级技工学校、海北县职业高级中学开展合作。\n\
            嘉兴市建筑工业学校（嘉兴市建筑职业技术学校）与嘉兴市职高结对，嘉兴市人口增长。\n";
        let names = proposed(text, None);
        let expected: Vec<(String, Vec<String>)> = [
            ("南山市卫生学校", vec![]),
            ("南山市技师学院", vec![]),
            ("南山市高级技工学校", vec![]),
            ("嘉兴市建筑工业学校", vec!["嘉兴市建筑职业技术学校"]),
            ("嘉兴市职高", vec![]),
            ("海北县技工学校", vec![]),
            ("海北县职业教育中心", vec!["海北职教"]),
            ("海北县职业高级中学", vec![]),
        ]
        .into_iter()
        .map(|(name, aliases)| {
            (
                name.to_string(),
                aliases.into_iter().map(str::to_string).collect(),
            )
        })
        .collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn a_school_report_names_its_own_school_in_its_title() {
        let text = "前言\n学校坚持立德树人。\n1 学校概况\n1.1 办学规模\n学校有在校生 1200 人。\n";
        assert_eq!(proposed(text, None), []);
        assert_eq!(
            proposed(text, Some("嘉南职业技术学校")),
            [("嘉南职业技术学校".to_string(), vec![])]
        );
        let with_short_name = "前言\n嘉南职业技术学校（以下简称“嘉南职校”）创办于 1985 年。\n\
            1 学校概况\n1.1 办学规模\n嘉南职校有在校生 1200 人。\n";
        assert_eq!(
            proposed(with_short_name, Some("嘉南职业技术学校")),
            [("嘉南职业技术学校".to_string(), vec!["嘉南职校".to_string()])],
            "its short name in brackets, though its name has no place"
        );
    }

    #[test]
    fn a_tables_body_names_schools_and_its_header_none() {
        let text = "前言\n海北县人口 30 万人，南山市人口 50 万人。\n1 学校概况\n1.1 办学规模\n\
            海北县与南山市开展合作。\n表 1 结对学校\n序号 海北县合作学校 南山市牵头学校\n\
            1 海北县职业教育中心 南山市卫生学校\n2 海北县技工学校 南山市技师学院\n正文继续。\n";
        let structure = crate::ingest::parse_text(text).structure;
        assert_eq!(structure.tables.len(), 1, "{:?}", structure.tables);
        let names: Vec<String> = school_names(&structure, None)
            .into_iter()
            .map(|school| school.name)
            .collect();
        assert_eq!(
            names,
            [
                "南山市卫生学校",
                "南山市技师学院",
                "海北县技工学校",
                "海北县职业教育中心"
            ]
        );
    }

    #[test]
    fn table_headers_and_running_headers_make_no_schools() {
        let places = places(&["海北县、南山市。", "海北县与南山市。"]);
        for text in [
            "序号 学校 合作学校 牵头学校 技工学校 职业教育中心",
            "海北县合作学校 海北县所属学校 南山市民办学校",
            "海北县教育局学校工作要点发布",
            "海北县职业教育质量年度报告学校坚持立德树人",
            "南山市中等职业学校 南山市职业学校",
        ] {
            assert_eq!(names_in(text, &places), Vec::<String>::new(), "{text}");
        }
        for text in ["技工学校开展招生", "职业教育中心建设", "合作学校共 5 所"]
        {
            assert_eq!(leading_school_name(text), None, "{text}");
        }
    }
}

//! School names found as named entities (…学校, …学院, …中学, 职业教育中心, 职教中心 …)
//! anchored at the place names the text shows, grouped with their aliases.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Structure;

use super::places::{
    NOT_IN_NAMES, ends_a_province, ends_with, is_name_boundary, marked_place_end, places,
    starts_a_clause, with_places_before,
};

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
    // A description, not a name: 临溪县唯一一所公办中等职业学校.
    "唯一",
    "一所",
];

/// The report's sentences, each once: repeated text (a page extracted twice, a report
/// pasted twice) is no more evidence of a place or a name than the text once.
pub(super) fn distinct_sentences<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = std::collections::HashSet::new();
    texts
        .flat_map(|text| text.split_inclusive(['。', '！', '？', '；']))
        .map(str::trim)
        .filter(|sentence| !sentence.is_empty() && seen.insert(*sentence))
        .collect()
}

/// School names in the text, with aliases grouped (嘉兴交通学校 = 嘉兴市交通学校, and an
/// alias given in brackets); `own_school` is the school a school report's title names
/// ([`read_title`](super::read_title)), proposed even where the text never writes it with
/// a place.
pub fn school_names(structure: &Structure, own_school: Option<&str>) -> Vec<SchoolName> {
    let own_school = own_school.map(without_invisible_marks);
    let own_school = own_school.as_deref().filter(|own| !own.is_empty());
    let cleaned: Vec<String> = structure
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
        )
        .map(without_invisible_marks)
        .collect();
    let texts = distinct_sentences(cleaned.iter().map(String::as_str));
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

/// The text without the invisible marks that stand inside no name: a byte-order mark
/// (a UTF-8 file's first character) and zero-width spaces and joiners.
fn without_invisible_marks(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200D}' | '\u{2060}'))
        .collect()
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
/// no punctuation, no word that joins clauses (与, 和, 及 …) and no other school ending in
/// between; or, in a list (`、临溪县技工学校和青川县职业高级中学`), from a clause's start
/// that is a place and its 市/县/区/省, though the text names that place only once. A
/// name keeps the places printed before it (`澜江省禾川技师学院`, `嘉禾市临溪职业技术学校`).
pub(super) fn names_in(text: &str, places: &BTreeSet<Vec<char>>) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    // (start, end, name) of each name, and of each place's 职业学校 that is one in a list.
    let mut found = Vec::new();
    let mut listed_kinds = Vec::new();
    for end in 0..chars.len() {
        let Some(ending) = SCHOOL_ENDINGS.iter().find(|e| ends_with(&chars[..=end], e)) else {
            continue;
        };
        let ending_start = end + 1 - ending.chars().count();
        let mut start = ending_start;
        let name_start = loop {
            if starts_a_clause(&chars, start) {
                break marked_place_end(&chars[start..ending_start]).map(|_| start);
            }
            if end + 1 - start >= 18 {
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
        let start = with_places_before(&chars, start, end, places);
        let inner = &chars[start..ending_start];
        let holds_another = SCHOOL_ENDINGS.iter().any(|e| {
            inner
                .windows(e.chars().count())
                .any(|w| w.iter().copied().eq(e.chars()))
        });
        let name: String = chars[start..=end].iter().collect();
        let joins_clauses = name.chars().any(|c| NOT_IN_NAMES.contains(c));
        if holds_another || joins_clauses {
            continue;
        }
        if is_proper_name(&name) {
            found.push((start, end, name));
        } else if is_listed_kind(&name) {
            listed_kinds.push((start, end, name));
        }
    }
    // 云溪区职业学校 in a list of schools names one; alone it may be all of them.
    let in_a_list = |&(start, end, _): &(usize, usize, String)| {
        found.iter().any(|&(other_start, other_end, _)| {
            let separated = |from: usize, to: usize| {
                to == from + 2 && LIST_SEPARATORS.contains(chars[from + 1])
            };
            separated(other_end, start) || separated(end, other_start)
        })
    };
    let listed: Vec<_> = listed_kinds.into_iter().filter(in_a_list).collect();
    found.extend(listed);
    found.sort_by_key(|&(_, end, _)| end);
    found.into_iter().map(|(_, _, name)| name).collect()
}

/// What stands between the schools of a list: `、`, `和`, `与`, `及`.
const LIST_SEPARATORS: &str = "、和与及";

/// Kinds of school that a place's name before them makes a school's name only in a list
/// of schools (`临溪县职教中心、青川县职业学校`): alone, `青川县职业学校` may be all of
/// the county's vocational schools.
const LISTED_KINDS: [&str; 1] = ["职业学校"];

/// A place and a kind that names a school only in a list (`云溪区职业学校`).
fn is_listed_kind(name: &str) -> bool {
    let core = strip_place(name);
    core != name && LISTED_KINDS.contains(&core) && name.chars().count() <= 18
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

/// The name without the places it starts with (嘉兴市…, 澜江省禾川县…), for spotting
/// generic nouns: a header's places glued together (江屿市澜州市中职学校) are no name.
fn strip_place(name: &str) -> &str {
    let mut rest = name;
    for _ in 0..4 {
        let marker = rest
            .char_indices()
            .take(4)
            .find(|(_, c)| matches!(c, '市' | '县' | '区' | '省'));
        match marker {
            Some((at, c)) => rest = &rest[at + c.len_utf8()..],
            None => break,
        }
    }
    rest
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

    #[test]
    fn finds_every_school_of_a_list_though_its_place_is_named_once() {
        let text = "前言\n学校坚持立德树人。\n1 学校概况\n1.1 合作办学\n\
            学校联合嘉禾市卫生学校、临溪县技工学校和青川县职业高级中学组建职教集团。\
            学校与临溪县职教中心、青川县职业学校共同推进贯通培养。\
            学校与青川县职业教育中心、嘉禾市第二中等专业学校组建联盟。\
            学校联合禾川县第一职业高级中学、云溪区职业学校开展调研。\
            学校与澜江省禾川技师学院、嘉禾市交通技工学校共建基地，禾川县人口 30 万人。\n";
        let names: Vec<String> = proposed(text, None).into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                "临溪县技工学校",
                "临溪县职教中心",
                "云溪区职业学校",
                "嘉禾市交通技工学校",
                "嘉禾市卫生学校",
                "嘉禾市第二中等专业学校",
                "澜江省禾川技师学院",
                "禾川县第一职业高级中学",
                "青川县职业学校",
                "青川县职业教育中心",
                "青川县职业高级中学",
            ]
        );
    }

    #[test]
    fn recognises_every_common_ending() {
        let places = places(&["海北县、南山市。", "海北县与南山市。"]);
        for kind in [
            "职业教育中心",
            "职教中心",
            "职业技术学校",
            "职业中等专业学校",
            "中等专业学校",
            "职业学校",
            "技工学校",
            "高级技工学校",
            "技师学院",
            "职业高级中学",
            "卫生学校",
        ] {
            for place in ["海北县", "南山市"] {
                let name = format!("{place}{kind}");
                let text = format!("学校与南山市技师学院、{name}和海北县卫生学校开展合作");
                let expected = ["南山市技师学院", name.as_str(), "海北县卫生学校"];
                assert_eq!(names_in(&text, &places), expected, "{text}");
                let unknown_places = format!("、南山市技师学院、{name}和");
                assert_eq!(
                    names_in(&unknown_places, &BTreeSet::new()),
                    expected[..2],
                    "{unknown_places}"
                );
            }
        }
        assert_eq!(
            names_in("学校与海北县职业学校开展合作", &places),
            Vec::<String>::new(),
            "alone, a place's 职业学校 may be all of them"
        );
    }

    #[test]
    fn a_description_and_glued_header_places_make_no_name() {
        let places = places(&["临溪县、江屿市、澜州市。", "临溪县与江屿市、澜州市。"]);
        for text in [
            "学校始建于1978年，是临溪县唯一一所公办中等职业学校",
            "江屿市澜州市云岭市白沙市中职学校",
            "禾川县清源县学校",
            "临溪县各类职业学校",
            "学校入选省级高水平技师学院",
            "以创建省级高水平中职学校为目标",
        ] {
            assert_eq!(names_in(text, &places), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_byte_order_mark_stands_in_no_name() {
        let text = "\u{feff}嘉禾市临溪职业技术学校2024年度质量报告\n前言\n\
            嘉禾市临溪职业技术学校坚持立德树人，嘉禾市人口 30 万人。\n";
        assert_eq!(
            proposed(text, Some("\u{feff}嘉禾市临溪职业技术学校")),
            [("嘉禾市临溪职业技术学校".to_string(), vec![])]
        );
    }

    #[test]
    fn an_alias_in_brackets_stays_with_its_school_in_a_list() {
        let text = "前言\n学校与嘉禾市职业教育中心（简称\"嘉禾职教中心\"）、\
            临溪县技工学校（以下简称“临溪技校”）共建基地。\n";
        assert_eq!(
            proposed(text, None),
            [
                ("临溪县技工学校".to_string(), vec!["临溪技校".to_string()]),
                (
                    "嘉禾市职业教育中心".to_string(),
                    vec!["嘉禾职教中心".to_string()]
                ),
            ]
        );
    }
}

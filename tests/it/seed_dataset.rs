//! The embedded Jiaxing 2023 dataset against its source text: the structure the report
//! has, and every curated figure traced to a sentence that is really there.

use crate::support;

use nianbao::model::{BreakdownKind, Report, Scope};
use nianbao::text::{compact, ends_sentence};

const SEED: &str = include_str!("../../data/reports/jiaxing-2023/source.txt");

fn jiaxing() -> Report {
    support::jiaxing()
}

#[test]
fn the_outline_is_a_preface_eight_chapters_and_twenty_three_sections() {
    let report = jiaxing();
    let s = &report.structure;
    assert_eq!(s.preface().map(|p| p.title.as_str()), Some("前言"));
    let chapters: Vec<(u32, &str)> = s
        .chapters
        .iter()
        .map(|c| (c.number, c.title.as_str()))
        .collect();
    assert_eq!(
        chapters,
        vec![
            (1, "基本情况"),
            (2, "人才培养"),
            (3, "服务贡献"),
            (4, "文化传承"),
            (5, "国际合作"),
            (6, "产教融合"),
            (7, "发展保障"),
            (8, "面临挑战"),
        ]
    );
    let sections: Vec<&str> = s.sections.iter().map(|x| x.number.as_str()).collect();
    assert_eq!(
        sections,
        [
            "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "4.1", "4.2", "4.3",
            "5.1", "5.2", "5.3", "6.1", "6.2", "6.3", "6.4", "7.1", "7.2", "7.3", "7.4"
        ]
    );
    assert!(s.sections.iter().all(|x| x.chapter != 8));
    let titles: Vec<&str> = s.sections.iter().map(|x| x.title.as_str()).collect();
    assert_eq!(titles[0], "规模和结构");
    assert_eq!(titles[8], "服务民生福祉");
    assert_eq!(titles[22], "质量保障");
}

#[test]
fn every_case_has_its_complete_title_and_its_section() {
    let report = jiaxing();
    let cases: Vec<(&str, &str, String)> = report
        .structure
        .cases
        .iter()
        .map(|c| (c.number.as_str(), c.title.as_str(), c.location.label()))
        .collect();
    let expected = [
        (
            "1",
            "海宁市职业高级中学打造“链上教育”德技并修育人模式新品牌",
            "2.1",
        ),
        ("2", "嘉兴市建筑工业学校建造“我的家”育人模式创新实践", "2.1"),
        (
            "3",
            "海盐县商贸学校与海盐县第二高级中学开展职普融通合作",
            "2.2",
        ),
        ("4", "嘉善信息技术工程学校积极开展职业教育启蒙教育", "2.2"),
        (
            "5",
            "平湖市职业中等专业学校持续推进“岗课赛证”综合育人，打造技术技能人才培养高地",
            "2.3",
        ),
        ("6", "嘉兴技师学院 专业建设卓有成效 集训管理经验丰富", "2.3"),
        (
            "7",
            "平湖市职业中等专业学校多径驱动构建中职“双创”教育新模式",
            "2.3",
        ),
        ("8", "平湖市职业中等专业学校教育援疆", "3.2"),
        (
            "9",
            "嘉兴市“劳模工匠进校园”暨 2023 学年“开学第一课”在嘉兴技师学院开课",
            "4.1",
        ),
        ("10", "海盐县“工匠精神”进校园活动", "4.1"),
        (
            "11",
            "平湖市职业中等专业学校传承红色基因，坚定团员的理想性念",
            "4.2",
        ),
        ("12", "海宁卫生学校传承中医药文化", "4.3"),
        ("13", "海宁市职业高级中学硖石灯彩非遗传承", "4.3"),
        (
            "14",
            "嘉善县中等专业学校 “小盘扣”走进浙江省技能博览会",
            "4.3",
        ),
        (
            "15",
            "嘉兴技师学院依托中德合作模式，促进师生能力提升",
            "5.3",
        ),
        (
            "16",
            "平湖市职业中等专业学校“院校企”深度融合，构建“三元育人”教育共同体范式",
            "6.3",
        ),
        (
            "17",
            "平湖市职业中等专业学校学习宣传贯彻党的二十大精神系列活动",
            "7.1",
        ),
        (
            "18",
            "嘉兴技师学院党委荣获市属教育系统“红色堡垒·先进基层党组织”称号",
            "7.1",
        ),
        ("19", "海盐县职教中心（竞技体育场馆）项目", "7.3"),
    ];
    assert_eq!(cases.len(), expected.len());
    for ((number, title, section), (want_number, want_title, want_section)) in
        cases.iter().zip(expected)
    {
        assert_eq!(
            (*number, *title, section.as_str()),
            (want_number, want_title, want_section)
        );
    }
}

#[test]
fn every_case_has_a_body_and_the_schools_it_is_about() {
    let report = jiaxing();
    for case in &report.structure.cases {
        assert!(
            !case.paragraphs.is_empty(),
            "case {} has no body",
            case.number
        );
        let about: Vec<&str> = report
            .schools
            .iter()
            .filter(|s| s.cases.contains(&case.number))
            .map(|s| s.id.as_str())
            .collect();
        // Case 19 is about the Haiyan centre, a campus being built: a partner, not one of
        // the region's schools (issue 10).
        let about_a_partner = report
            .partners
            .iter()
            .any(|p| case.paragraphs.iter().any(|&i| p.mentions.contains(&i)));
        assert!(
            !about.is_empty() || (case.number == "19" && about_a_partner),
            "case {} names no school",
            case.number
        );
    }
    let body = &report.structure.paragraphs[report.structure.cases[0].paragraphs[0]].text;
    assert!(body.starts_with("海宁市职业高级中学通过产教融合"));
    assert!(body.ends_with("已经成为学校“链上教育”的一个品牌项目。"));
}

#[test]
fn figures_tables_and_footnotes_are_all_found() {
    let report = jiaxing();
    let s = &report.structure;
    assert_eq!(s.figures.len(), 15);
    assert_eq!(s.tables.len(), 2);
    assert_eq!(s.footnotes.len(), 5);
    let figure = |n: &str| s.figures.iter().find(|f| f.number == n).unwrap();
    assert_eq!(figure("1").caption, "嘉兴市中职学校师资队伍情况");
    assert_eq!(
        figure("8").caption,
        "全国模范教师、浙江省正高级教师、特级教师姚林英点评沙雅中等职业技术学校服装专业学生作品"
    );
    assert_eq!(
        figure("9").caption,
        "嘉兴市“劳模工匠进校园”暨2023学年“开学第一课”在嘉兴技师学院开课"
    );
    for (i, figure) in s.figures.iter().enumerate() {
        assert_eq!(figure.number, (i + 1).to_string());
        assert!(
            figure.location.section.is_some(),
            "figure {} has no section",
            figure.number
        );
    }
}

#[test]
fn figures_stand_where_their_images_sit() {
    // Five captions come after the next heading in the extracted text, but the image
    // (the run of blank lines on the caption's page) and the caption's subject put the
    // figure earlier: 图1 shows the teachers of 1.3, 图3 case 2's school (2.1), 图4 case
    // 4's school (2.2), 图7 case 7's school (2.3), 图15 case 16's partnership (6.3).
    let report = jiaxing();
    let s = &report.structure;
    let sections: Vec<(&str, String)> = s
        .figures
        .iter()
        .map(|f| (f.number.as_str(), f.location.label()))
        .collect();
    let expected = [
        ("1", "1.3"),
        ("2", "2.1"),
        ("3", "2.1"),
        ("4", "2.2"),
        ("5", "2.3"),
        ("6", "2.3"),
        ("7", "2.3"),
        ("8", "3.2"),
        ("9", "4.1"),
        ("10", "4.1"),
        ("11", "4.2"),
        ("12", "4.3"),
        ("13", "4.3"),
        ("14", "4.3"),
        ("15", "6.3"),
    ];
    let expected: Vec<(&str, String)> = expected
        .iter()
        .map(|&(n, section)| (n, section.to_string()))
        .collect();
    assert_eq!(sections, expected);
    // Each stands right after the text its image follows: after case 2, before 2.2's
    // first paragraph; before the paragraph that follows case 7's image.
    let figure = |n: &str| s.figures.iter().find(|f| f.number == n).unwrap();
    let first_of = |section: &str| {
        s.paragraphs
            .iter()
            .find(|p| p.location.section.as_deref() == Some(section))
            .unwrap()
            .index
    };
    assert_eq!(figure("3").position, first_of("2.2"));
    assert_eq!(figure("4").position, first_of("2.3"));
    assert_eq!(figure("15").position, first_of("6.4"));
    assert_eq!(
        figure("1").position,
        first_of("2.1") - 1,
        "chapter 2's opening"
    );
    let after_7 = &s.paragraphs[figure("7").position];
    assert!(after_7.text.starts_with("满意度较高"));
    assert_eq!(after_7.location.label(), "2.3");
    assert_eq!(figure("7").page, 13);
}

#[test]
fn tables_keep_every_cell_and_their_units() {
    let report = jiaxing();
    let tables = &report.structure.tables;
    assert_eq!(tables[0].title, "中职在校生规模统计表");
    assert_eq!(
        tables[0].header,
        [
            "学年",
            "在校生数（含技工学籍）",
            "学年招生数",
            "学年普高招生数",
            "中职招生占比"
        ]
    );
    assert_eq!(
        tables[0].rows,
        [
            ["2021", "52266", "16630", "17383", "48.89%"],
            ["2022", "51486", "15595", "19597", "44.31%"]
        ]
    );
    assert_eq!(tables[1].rows[1], ["2022", "15036.18", "36.26"]);
    assert_eq!(tables[1].units, ["", "元", "册"]);
    assert_eq!(tables[0].notes[1], "含技工学籍");
}

#[test]
fn footnotes_are_data_sources_linked_to_the_paragraph_with_their_marker() {
    let report = jiaxing();
    let s = &report.structure;
    for footnote in &s.footnotes {
        assert!(footnote.text.starts_with("数据来源："), "{}", footnote.text);
        let paragraph = &s.paragraphs[footnote.paragraph.expect("linked")];
        let marker = paragraph
            .footnote_refs
            .iter()
            .find(|r| r.number == footnote.number)
            .expect("the paragraph carries the marker");
        assert_eq!(paragraph.location, footnote.location);
        let before = &paragraph.text[..marker.offset];
        let expected_before = match footnote.number {
            1 => "外技工学籍学生）",
            2 => "84 个专业",
            3 => "生均建筑面积 25.93 平方米",
            4 => "劳动模范人数 26 人",
            _ => "自然增长率下降 0.9 个千分点",
        };
        assert!(
            before.ends_with(expected_before),
            "footnote {}: {before}",
            footnote.number
        );
    }
    assert!(
        s.footnotes[0]
            .text
            .ends_with("即 2022 年 9 月 1 日至 2023 年 8 月 31 日。")
    );
    assert_eq!(s.footnotes[4].location.label(), "8");
}

#[test]
fn paragraphs_are_whole_and_free_of_layout_debris() {
    let report = jiaxing();
    let paragraphs = &report.structure.paragraphs;
    assert!(paragraphs.len() > 60);
    for paragraph in paragraphs {
        let text = &paragraph.text;
        assert!(
            ends_sentence(text),
            "paragraph {} is cut: …{}",
            paragraph.index,
            tail(text)
        );
        for debris in ["数据来源", "\n", "  ", "图 1 ", "案例 1 "] {
            assert!(
                !text.contains(debris),
                "{debris:?} in paragraph {}",
                paragraph.index
            );
        }
        assert!(!text.starts_with(|c: char| c.is_whitespace()));
    }
    let all: String = paragraphs.iter().map(|p| p.text.as_str()).collect();
    for interrupted in [
        // a caption and a page break interrupted these sentences in the source
        "积极开展职普融通试点，搭建职普融通立交桥。",
        "与 2021 学年相比，生均教学科研仪器设备资产值增长 8.02%，生均纸质图书增长2.84 册。",
        "获国赛一等奖 5 项，二等奖 5 项，国赛成绩列全省第 4。",
        "这对职业教育的管理和运营提出了新的挑战。",
        // footnote markers and their text are out, the sentence goes on
        "外技工学籍学生），2022学年招生 15595 人",
        "下降 0.9 个千分点。人口规模、结构、迁移",
    ] {
        assert!(all.contains(interrupted), "not whole: {interrupted}");
    }
}

#[test]
fn paragraphs_know_their_pages() {
    let report = jiaxing();
    let s = &report.structure;
    assert_eq!(s.paragraphs[0].page, 1);
    let mut last = 0;
    for paragraph in &s.paragraphs {
        assert!(
            paragraph.page >= last,
            "pages go back at paragraph {}",
            paragraph.index
        );
        last = paragraph.page;
    }
    let with_break = s
        .paragraphs
        .iter()
        .find(|p| p.text.starts_with("教学设备略有增长"))
        .unwrap();
    let offset = with_break
        .text
        .find("均教学科研仪器设备资产值增长")
        .unwrap();
    assert_eq!(with_break.page_at(offset), with_break.page + 1);
}

#[test]
fn at_least_120_indicators_each_traced_to_a_sentence_of_the_report() {
    let report = jiaxing();
    assert!(
        report.indicators.len() >= 120,
        "{}",
        report.indicators.len()
    );
    let texts: Vec<String> = report
        .structure
        .paragraphs
        .iter()
        .map(|p| compact(&p.text))
        .chain(
            report
                .structure
                .tables
                .iter()
                .flat_map(|t| t.rows.iter().map(|r| compact(&r.join("")))),
        )
        .collect();
    for indicator in &report.indicators {
        let source = compact(&indicator.source);
        assert!(
            texts.iter().any(|t| t.contains(&source)),
            "{}: source not in the report text",
            indicator.id
        );
        assert!(
            occurs_in_raw_text(&source, &compact(SEED)),
            "{}: source not in the seed file",
            indicator.id
        );
        if indicator.is_derived() {
            assert!(
                indicator.value_text.is_empty(),
                "{}: derived but printed",
                indicator.id
            );
        } else {
            assert!(
                source.contains(&compact(&indicator.value_text)),
                "{}: `{}` not in its source",
                indicator.id,
                indicator.value_text
            );
        }
        assert!(indicator.page > 0, "{}: no page", indicator.id);
        assert!(
            !indicator.name.is_empty() && !indicator.name_en.is_empty(),
            "{}",
            indicator.id
        );
        assert!(indicator.value.is_finite(), "{}", indicator.id);
    }
}

/// Independent of the parser: the sentence's characters appear in the raw file in order,
/// within a short stretch (footnote markers, captions and page furniture may interrupt).
fn occurs_in_raw_text(sentence: &str, raw: &str) -> bool {
    let wanted: Vec<char> = sentence.chars().collect();
    let raw: Vec<char> = raw.chars().collect();
    let slack = 200;
    let head = &wanted[..wanted.len().min(6)];
    (0..raw.len())
        .filter(|&i| raw[i..].starts_with(head))
        .any(|start| {
            let mut next = 0;
            for &c in raw[start..].iter().take(wanted.len() + slack) {
                if next < wanted.len() && c == wanted[next] {
                    next += 1;
                }
            }
            next == wanted.len()
        })
}

#[test]
fn series_pair_years_and_derived_values_say_how() {
    let report = jiaxing();
    let students: Vec<(String, f64)> = report
        .series("students-enrolled")
        .iter()
        .map(|i| (i.period.clone(), i.value))
        .collect();
    assert_eq!(
        students,
        [
            ("2021学年".to_string(), 52266.0),
            ("2022学年".to_string(), 51486.0)
        ]
    );
    let derived = report
        .indicators
        .iter()
        .find(|i| i.id == "campus-area-2021")
        .unwrap();
    assert!(derived.is_derived());
    assert!((derived.value - (225.81 - 18.01)).abs() < 1e-9);
    assert!(
        report
            .indicators
            .iter()
            .filter(|i| i.is_derived())
            .all(|i| i.formula.contains('-') || i.formula.contains('+'))
    );
}

#[test]
fn breakdowns_that_have_a_total_add_up_to_it() {
    let report = jiaxing();
    let value = |id: &str| report.indicators.iter().find(|i| i.id == id).unwrap().value;
    let mut checked = 0;
    for breakdown in &report.breakdowns {
        if let (BreakdownKind::Parts, Some(total)) = (breakdown.kind, &breakdown.total) {
            let sum: f64 = breakdown.members.iter().map(|m| value(m)).sum();
            assert!((sum - value(total)).abs() < 1e-6, "{}", breakdown.id);
            checked += 1;
        }
    }
    assert!(checked >= 4);
    let specialty = report
        .breakdowns
        .iter()
        .find(|b| b.id == "specialty-layout-ratio")
        .unwrap();
    assert_eq!(
        specialty.compare_with.as_deref(),
        Some("industry-structure-ratio")
    );
}

#[test]
fn schools_are_the_jiaxing_schools_the_report_names_with_aliases_and_links() {
    let report = jiaxing();
    assert!(report.schools.len() >= 12);
    let school = |id: &str| report.schools.iter().find(|s| s.id == id).unwrap();
    let transport = school("jiaxing-transport-school");
    assert_eq!(transport.name, "嘉兴市交通学校");
    assert!(transport.aliases.contains(&"嘉兴交通学校".to_string()));
    assert!(!transport.mentions.is_empty());
    assert_eq!(
        school("jiaxing-technician-college").cases,
        ["6", "9", "15", "18"]
    );
    assert_eq!(school("haining-health-school").district, "海宁市");
    let districts = [
        "市本级",
        "嘉善县",
        "海盐县",
        "桐乡市",
        "平湖市",
        "海宁市",
        "",
    ];
    for school in &report.schools {
        assert!(
            districts.contains(&school.district.as_str()),
            "{}",
            school.id
        );
        assert!(!school.name_en.is_empty());
        for name in std::iter::once(&school.name).chain(&school.aliases) {
            assert!(
                SEED.contains(name.as_str()) || compact(SEED).contains(name.as_str()),
                "{name}"
            );
        }
    }
    for partner in [
        "阿克苏地区中等职业技术学校",
        "西藏那曲市职业技术学校",
        "青海柴达木职业技术学院",
        "德国海外商会",
    ] {
        assert!(report.schools.iter().all(|s| s.name != partner));
        assert!(
            report.partners.iter().any(|p| p.name == partner),
            "{partner}"
        );
    }
    let scoped = report
        .indicators
        .iter()
        .filter(|i| i.scope == Scope::School("pinghu-vocational-secondary-school".into()))
        .count();
    assert!(scoped >= 5);
}

fn tail(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars[chars.len().saturating_sub(20)..].iter().collect()
}

/// The concept mapping of the embedded report, reviewed figure by figure: each mapped
/// indicator and the concept it measures. A mapping added or removed in indicators.csv
/// fails here until it is reviewed and written down.
#[test]
fn indicators_map_to_the_concepts_they_measure() {
    const MAPPED: &[(&str, &str)] = &[
        ("schools-full-time", "schools"),
        ("students-enrolled-2022", "students-enrolled"),
        ("new-enrolment-2022", "new-enrolment"),
        (
            "vocational-enrolment-share-2022",
            "vocational-enrolment-share",
        ),
        ("students-enrolled-2021", "students-enrolled"),
        ("new-enrolment-2021", "new-enrolment"),
        (
            "vocational-enrolment-share-2021",
            "vocational-enrolment-share",
        ),
        ("campus-area-per-student-2022", "campus-area-per-student"),
        (
            "building-area-per-student-2022",
            "building-area-per-student",
        ),
        (
            "equipment-value-per-student-2022",
            "equipment-value-per-student",
        ),
        ("books-per-student-2022", "books-per-student"),
        (
            "equipment-value-per-student-2021",
            "equipment-value-per-student",
        ),
        ("books-per-student-2021", "books-per-student"),
        ("full-time-teachers", "full-time-teachers"),
        ("student-teacher-ratio", "student-teacher-ratio"),
        (
            "teachers-bachelor-or-above-share",
            "teachers-bachelor-or-above-share",
        ),
        ("teachers-senior-title-share", "teachers-senior-title-share"),
        (
            "dual-qualified-share-of-full-time",
            "dual-qualified-share-of-full-time-teachers",
        ),
        (
            "dual-qualified-share-of-vocational",
            "dual-qualified-share-of-vocational-teachers",
        ),
        ("satisfaction-graduates", "graduate-satisfaction"),
        ("satisfaction-staff", "staff-satisfaction"),
        ("satisfaction-employers", "employer-satisfaction"),
        ("satisfaction-parents", "parent-satisfaction"),
        ("graduates", "graduates"),
        ("graduate-destination-rate", "graduate-destination-rate"),
        ("self-employment-rate", "self-employment-rate"),
        ("training-person-times", "training-person-times"),
        ("appropriation-per-student", "appropriation-per-student"),
    ];
    let report = jiaxing();
    let mapped: Vec<(&str, &str)> = report
        .indicators
        .iter()
        .filter_map(|i| Some((i.id.as_str(), i.concept.as_deref()?)))
        .collect();
    assert_eq!(mapped, MAPPED);
    // 应届毕业生 are a sub-population of the graduates: their satisfaction is not the
    // concept's, and derived figures never stand for one.
    let concept_of = |id: &str| {
        let indicator = report.indicators.iter().find(|i| i.id == id).unwrap();
        indicator.concept.clone()
    };
    assert_eq!(concept_of("satisfaction-new-graduates"), None);
    assert_eq!(concept_of("campus-area-per-student-2021"), None);
}

/// Every mapped figure is printed in a unit its concept is measured in (the loader
/// checks it too; this states it for the embedded report, unit by unit).
#[test]
fn mapped_figures_are_in_their_concepts_units() {
    let report = jiaxing();
    let mut checked = 0;
    for indicator in &report.indicators {
        let Some(id) = &indicator.concept else {
            continue;
        };
        let concept = nianbao::concepts::find(id).unwrap_or_else(|| panic!("{id}"));
        assert!(
            concept.units.contains(&indicator.unit),
            "{}: unit {} is not one of {:?} ({id})",
            indicator.id,
            indicator.unit,
            concept.units
        );
        assert!(
            indicator.verified && !indicator.is_derived(),
            "{}",
            indicator.id
        );
        checked += 1;
    }
    assert_eq!(checked, 28);
}

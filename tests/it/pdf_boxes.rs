//! Cases and footnotes as the PDF readers write them: a box's title on its own line with
//! the body set wider below it, a title as wide as a narrow column followed by the body,
//! and page-foot notes in the forms office software prints.

use nianbao::ingest::parse_text;
use nianbao::model::Structure;

fn cases(s: &Structure) -> Vec<(String, String)> {
    s.cases
        .iter()
        .map(|c| {
            let first = c
                .paragraphs
                .first()
                .and_then(|&i| s.paragraphs.iter().find(|p| p.index == i))
                .map_or(String::new(), |p| p.text.clone());
            (c.title.clone(), first)
        })
        .collect()
}

#[test]
fn a_box_title_does_not_take_the_wider_body_line_below_it() {
    // The page holds many short lines (table rows, a list), so a title line is as wide
    // as most lines: it still stops before the body's first line, which is wider.
    let rows: Vec<String> = (1..=12)
        .map(|k| format!("{k}\t机电技术应用专业\t{}\t{}", 100 + k, 300 + k))
        .collect();
    let text = format!(
        "一、学校情况\n表1 专业规模\n序号\t专业\t招生\t在校生\n{}\n\
         学校构建“三全育人”工作格局，全年开展主题班会236场，学生参与志愿服务1.8万小时，\n\
         学生体质健康测试合格率95.2%。\n\
         【典型案例1】“匠心课堂”涵养职业精神\n\
         学校将劳模精神、劳动精神、工匠精神融入专业课程，邀请行业能手进课堂，全年开设\n\
         “匠心课堂”专题课32讲，覆盖全体一年级学生。\n\
         学生在课堂中完成真实产品制作，作品在校园展示周集中展出，职业认同感明显增强。\n\
         二、服务贡献\n",
        rows.join("\n")
    );
    let parsed = parse_text(&text);
    let got = cases(&parsed.structure);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "“匠心课堂”涵养职业精神");
    assert!(
        got[0].1.starts_with("学校将劳模精神"),
        "the body starts after the title: {got:?}"
    );
}

#[test]
fn a_box_title_filling_a_narrow_column_stops_before_a_body_line_as_wide() {
    // Two-column page: the title fills its column; the next line, as wide, holds a
    // clause (`，`) and is the body. A title wrapped onto a short tail keeps it.
    let column = [
        "本报告汇集全市中职学校的数据与案例，客",
        "观呈现发展成效，同时正视存在的不足，供社会",
        "各界了解和监督。",
        "第一章 发展基础",
        "全市中职学校坚持立德树人根本任务，持续",
        "推进产教融合，办学条件不断改善，专业结构",
        "持续优化，服务地方能力明显增强。",
        "专栏1 嘉禾市商贸职业学校打造直播电商实",
        "训基地",
        "学校与本地电商企业共建直播实训基",
        "地，学生在真实店铺中完成选品、直播和售",
        "后全流程。",
        "专栏2 禾川县中等专业学校服务乡村振兴",
        "学校组建农技服务队，深入乡村开展种",
        "养技术培训，帮助农户提高收入。",
        "服务队全年开展培训四十余场，受到农",
        "户欢迎。",
    ];
    let parsed = parse_text(&column.join("\n"));
    let got = cases(&parsed.structure);
    let titles: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "嘉禾市商贸职业学校打造直播电商实训基地",
            "禾川县中等专业学校服务乡村振兴"
        ],
        "{got:?}"
    );
    assert!(got[1].1.starts_with("学校组建农技服务队"), "{got:?}");
}

#[test]
fn footnote_markers_in_a_column_take_the_page_s_last_lines_with_lines_between() {
    // As the PDF readers write Word's notes: the markers alone, then a box title and a
    // line the reader set there, then the texts, the page's last lines; a marker raised
    // (`²`) in a line between counts as printed.
    let text = "一、学校情况\n\
        全日制在校生3985人①，较上年增加。\n\
        ①\n②\n\
        【案例】护理专业“院校合一”培养模式\n\
        双师型教师占专业课教师的80.7%②。\n\
        在校生数按2020年9月学籍系统在籍人数统计。\n\
        双师型教师按嘉禾市教育局2019年认定标准统计。\n\
        \u{c}二、学生发展\n学校开设专业12个。\n";
    let s = parse_text(text).structure;
    let notes: Vec<(&str, &str)> = s
        .footnotes
        .iter()
        .map(|f| (f.marker.as_str(), f.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            ("①", "在校生数按2020年9月学籍系统在籍人数统计。"),
            ("②", "双师型教师按嘉禾市教育局2019年认定标准统计。")
        ]
    );
    assert!(s.footnotes.iter().all(|f| f.paragraph.is_some()));
    assert!(s.paragraphs.iter().all(|p| !p.text.contains("统计。")));
}

#[test]
fn a_marker_column_is_not_taken_when_a_text_would_be_wrapped() {
    // The line before the last ones does not end a sentence: a note may wrap there, so
    // the lines are not paired with the markers.
    let text = "一、学校情况\n\
        全日制在校生3985人①，较上年增加。\n\
        ①\n\
        学校全年开展技能培训，参与人数较上年增加\n\
        两成。\n\
        \u{c}二、学生发展\n学校开设专业12个。\n";
    let s = parse_text(text).structure;
    assert!(s.footnotes.is_empty(), "{:?}", s.footnotes);
}

#[test]
fn a_bracketed_note_at_a_column_s_foot_mid_page_is_a_footnote() {
    // Two columns: the left column's note stands mid-page in reading order.
    let mut lines = vec![
        "第一章 发展基础",
        "全市新开发校本教材86本，在线课程学习时长累",
        "计36.8万小时[1]。",
        "[1] 学习时长由市职业教育公共服务平台统计。",
    ];
    lines.extend(["全市中职学校与623家企业开展合作，服务产值约3.2亿元。"; 8]);
    let s = parse_text(&lines.join("\n")).structure;
    let notes: Vec<(&str, &str)> = s
        .footnotes
        .iter()
        .map(|f| (f.marker.as_str(), f.text.as_str()))
        .collect();
    assert_eq!(notes, [("[1]", "学习时长由市职业教育公共服务平台统计。")]);
}

#[test]
fn a_symbol_marker_that_word_prints_again_before_its_note_is_not_the_note_s_text() {
    // Word sets `*` as the marker in the text, in the page-foot marker column, and again
    // at the head of the note's own text.
    let text = "一、学校情况\n\
                学校深化“岗课赛证”融通，毕业生职业技能等级证书获取率88.9%*。\n\
                学校与企业共建实训基地，全年接收学生实习实训1200人次。\n\
                *\n\
                *证书获取率按取得至少一项职业技能等级证书的毕业生计算。\n\u{c}\
                二、服务贡献\n学校开展社会培训。\n";
    let parsed = parse_text(text);
    let notes: Vec<(&str, &str)> = parsed
        .structure
        .footnotes
        .iter()
        .map(|f| (f.marker.as_str(), f.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        [(
            "*",
            "证书获取率按取得至少一项职业技能等级证书的毕业生计算。"
        )]
    );
}

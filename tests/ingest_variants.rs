//! Layouts other reports of the genre use, in synthetic fixtures written for these tests
//! (tests/fixtures/variants/): a table of contents with page numbers glued on, headings
//! without a space or with a dot, chapter-dash numbering, appendix tables, seven chapters,
//! full-width digits and ratios, lines that start with a number; and the older template.

use nianbao::ingest::parse_text;
use nianbao::model::Structure;

fn parse(name: &str) -> (Structure, Vec<String>) {
    let path = format!(
        "{}/tests/fixtures/variants/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let parsed = parse_text(&std::fs::read_to_string(path).unwrap());
    (parsed.structure, parsed.warnings)
}

#[test]
fn a_school_report_with_contents_chapter_dash_numbers_and_appendix_tables() {
    let (s, warnings) = parse("school-2024-toc.txt");
    let chapters: Vec<(u32, &str, u32)> = s
        .chapters
        .iter()
        .map(|c| (c.number, c.title.as_str(), c.page))
        .collect();
    assert_eq!(
        chapters,
        [
            (1, "学校情况", 2),
            (2, "学生发展", 3),
            (3, "教育教学", 4),
            (4, "服务贡献", 4),
            (5, "文化传承", 4),
            (6, "产教融合", 4),
            (7, "问题与改进", 4)
        ],
        "seven chapters, found where they are and not in the contents"
    );
    let sections: Vec<(&str, &str)> = s
        .sections
        .iter()
        .map(|x| (x.number.as_str(), x.title.as_str()))
        .collect();
    assert_eq!(
        sections,
        [
            ("1.1", "学校概况"),
            ("1.2", "学生情况"),
            ("2.1", "技能成才")
        ]
    );
    assert!(warnings.iter().any(|w| w.contains("table of contents")));
    assert!(
        s.paragraphs.iter().all(|p| !p.text.contains("学校概况1")),
        "contents lines are not text"
    );

    let case = &s.cases[0];
    assert_eq!(
        (case.number.as_str(), case.title.as_str()),
        ("2-1", "嘉南职业技术学校开展技能月活动")
    );
    assert_eq!(
        s.paragraphs[case.paragraphs[0]].text,
        "嘉南职业技术学校组织技能月活动，参与学生８００人次。"
    );
    let figure = &s.figures[0];
    assert_eq!(
        (
            figure.number.as_str(),
            figure.caption.as_str(),
            figure.location.label()
        ),
        ("2-1", "学生参加技能大赛", "2.1".to_string())
    );
    let interrupted = s
        .paragraphs
        .iter()
        .find(|p| p.text.starts_with("学生参加技能大赛获奖"))
        .unwrap();
    assert!(
        interrupted.text.ends_with("二等奖９项。"),
        "the caption did not cut the sentence"
    );

    let numbers: Vec<&str> = s.tables.iter().map(|t| t.number.as_str()).collect();
    assert_eq!(numbers, ["3-1", "附1"]);
    let appendix = &s.tables[1];
    assert_eq!(appendix.title, "人才培养质量计分卡");
    assert_eq!(
        appendix.rows,
        [
            ["在校生数", "人", "1150", "1200"],
            ["毕业生数", "人", "380", "400"]
        ]
    );
    assert_eq!(appendix.page, 5);

    // Full-width digits, ∶ ratios and ％ stay as written; a line starting with a number is
    // text, not a chapter.
    let text: String = s.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert!(
        text.contains("在校生１２００人")
            && text.contains("生师比１５∶１")
            && text.contains("９８．５％")
    );
    assert!(
        s.paragraphs
            .iter()
            .any(|p| p.text.starts_with("2 所分校位于城区"))
    );
}

#[test]
fn a_county_report_in_the_older_template() {
    let (s, _) = parse("county-older-template.txt");
    assert_eq!(s.preface.as_ref().map(|p| p.title.as_str()), Some("前言"));
    let chapters: Vec<(u32, &str)> = s
        .chapters
        .iter()
        .map(|c| (c.number, c.title.as_str()))
        .collect();
    assert_eq!(
        chapters,
        [(1, "学校情况"), (2, "学生发展"), (3, "服务贡献")]
    );
    let sections: Vec<(&str, &str)> = s
        .sections
        .iter()
        .map(|x| (x.number.as_str(), x.title.as_str()))
        .collect();
    assert_eq!(
        sections,
        [
            ("1.1", "规模结构"),
            ("1.2", "设施设备"),
            ("2.1", "技能成才"),
            ("2.2", "就业质量")
        ]
    );
    assert_eq!(s.cases[0].title, "海北县职教中心开展技能节");
    assert_eq!(s.cases[0].location.label(), "2.1");
    assert_eq!(s.figures[0].location.label(), "1.2");
    assert_eq!(s.tables[0].rows, [["2023", "1400", "1100"]]);
    let last = s.paragraphs.last().unwrap();
    assert_eq!(
        (last.location.label().as_str(), last.text.as_str()),
        ("3", "开展培训３０００人次。")
    );
}

#[test]
fn a_first_line_indent_starts_a_paragraph_even_after_a_full_line() {
    // Synthetic: every line is as long as the column and nothing marks paragraph ends but
    // the two ideographic spaces that begin each paragraph.
    let line = "嘉兴市中等职业学校持续推进产教融合建设取得成效明显。";
    let mut text = String::from("1 基本情况\n1.1 规模\n");
    for paragraph in 0..6 {
        text.push_str(&format!("　　第{paragraph}段{line}\n"));
        for _ in 0..3 {
            text.push_str(&format!("{line}\n"));
        }
    }
    let parsed = parse_text(&text).structure;
    assert_eq!(parsed.paragraphs.len(), 6);
    assert!(
        parsed
            .paragraphs
            .iter()
            .all(|p| p.text.matches(line).count() == 4)
    );
    assert!(parsed.paragraphs[2].text.starts_with("第2段"));
}

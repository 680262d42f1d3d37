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
    assert_eq!(s.preface().map(|p| p.title.as_str()), Some("前言"));
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

#[test]
fn a_report_with_ordinal_chapters_and_sections_and_no_preface() {
    // Headings written 第一章 …, 第二章　… (an ideographic space), 第三章 with its title on
    // the next line; sections 第一节 …; 一、… inside a 第…节 section are its subsections,
    // not chapters.
    let (s, warnings) = parse("school-2024-ordinal-chapters.txt");
    let chapters: Vec<(u32, &str, u32)> = s
        .chapters
        .iter()
        .map(|c| (c.number, c.title.as_str(), c.page))
        .collect();
    assert_eq!(
        chapters,
        [(1, "学校概况", 1), (2, "人才培养", 2), (3, "服务贡献", 2)]
    );
    let sections: Vec<(&str, &str)> = s
        .sections
        .iter()
        .map(|x| (x.number.as_str(), x.title.as_str()))
        .collect();
    assert_eq!(
        sections,
        [
            ("1.1", "办学基本情况"),
            ("1.1.1", "专业设置"),
            ("1.1.2", "师资队伍"),
            ("1.2", "办学条件"),
            ("2.1", "技能成才"),
            ("2.2", "就业质量"),
            ("3.1", "社会培训"),
            ("3.2", "对口支援")
        ],
        "第一节 sections, 一、 subsections under them"
    );
    assert_eq!(s.preface().map(|p| p.title.as_str()), Some("卷首"));
    assert!(warnings.iter().any(|w| w.contains("table of contents")));
    let text_of = |section: &str| -> String {
        s.paragraphs
            .iter()
            .filter(|p| p.location.label() == section)
            .map(|p| p.text.as_str())
            .collect()
    };
    assert!(text_of("1.1").starts_with("嘉北职业技术学校共有在校生"));
    assert_eq!(text_of("1.1.2"), "双师型教师占比６５％。");
    assert!(text_of("0").contains("本报告依据职业教育质量年度报告的编写要求"));
    assert!(text_of("2.2").contains("三、四年制学生另计。"));
    assert_eq!(s.cases[0].location.label(), "2.1");
    assert_eq!(text_of("3.2"), "支援对口学校２所。");
}

#[test]
fn figures_are_placed_where_their_images_sit() {
    // Single-spaced, form feeds, page numbers at the foot. Page 1: an image (blank lines)
    // after case 1, then the 1.2 heading, then the caption at the page's foot. Page 2: the
    // caption first, its image at the page's foot after 1.3's text. Page 3: a caption
    // without an image stays where it is.
    let text = "1 基本情况\n1.1 规模\n全市共有中职学校１５所。\n案例 1  嘉北职业技术学校开展技能节\n\
        嘉北职业技术学校开展技能节，参与学生２００人次。\n\n\n\n\n\n\n1.2 设施\n\
        生均仪器设备值１１０００元。\n图 1  嘉北职业技术学校技能节现场\n- 1 -\n\u{c}\
        图 2  嘉北职业技术学校教师团队\n生均图书３６册。\n1.3 教师\n专任教师３３９０人。\n\n\n\n\n\n\
        - 2 -\n\u{c}2 人才培养\n2.1 技能\n获奖２０项。\n图 3  学生参加技能大赛\n- 3 -\n";
    let s = parse_text(text).structure;
    let figures: Vec<(&str, String, u32)> = s
        .figures
        .iter()
        .map(|f| (f.number.as_str(), f.location.label(), f.page))
        .collect();
    assert_eq!(
        figures,
        [
            ("1", "1.1".to_string(), 1),
            ("2", "1.3".to_string(), 2),
            ("3", "2.1".to_string(), 3)
        ]
    );
    let first_of = |section: &str| {
        s.paragraphs
            .iter()
            .find(|p| p.location.label() == section)
            .unwrap()
            .index
    };
    assert_eq!(s.figures[0].position, first_of("1.2"), "after case 1's box");
    assert_eq!(s.figures[1].position, first_of("2.1"), "at the end of 1.3");
    assert_eq!(
        s.figures[2].position,
        first_of("2.1") + 1,
        "after its paragraph"
    );
    assert_eq!(
        s.paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>(),
        [
            "全市共有中职学校１５所。",
            "嘉北职业技术学校开展技能节，参与学生２００人次。",
            "生均仪器设备值１１０００元。",
            "生均图书３６册。",
            "专任教师３３９０人。",
            "获奖２０项。"
        ],
        "the text is untouched"
    );
}

/// Lines of exactly `width` characters cut from repeated text, the last one shorter and
/// ending the sentence.
fn column_lines(sentence: &str, lines: usize, width: usize) -> Vec<String> {
    let chars: Vec<char> = sentence.chars().cycle().take(width * lines - 3).collect();
    let mut out: Vec<String> = chars.chunks(width).map(|c| c.iter().collect()).collect();
    out.last_mut().unwrap().push('。');
    out
}

#[test]
fn titles_and_captions_wrapped_in_a_narrow_layout_are_joined_without_their_body() {
    // A narrow page of 24-character lines without paragraph marks. Case 1's title wraps
    // onto a line that starts with a school name; case 2's title fills its line exactly
    // and its body starts with the school it names; figure 1's caption is centred in a
    // narrower measure and wraps; figure 2's caption wraps onto three lines.
    let body = "职业学校持续推进产教融合建设取得明显成效并开展多项活动";
    let mut lines: Vec<String> = vec!["1 基本情况".into(), "1.1 规模".into()];
    lines.extend(column_lines(body, 6, 24));
    lines.push("案例 1  嘉北职业技术学校举办“劳模工匠进校园”".into());
    lines.push("嘉北技师学院开课".into());
    lines.extend(column_lines(&format!("嘉北职业技术学校{body}"), 3, 24));
    lines.push("案例 2  嘉南职业技术学校积极开展职业启蒙教育活动".into());
    lines.extend(column_lines(
        &format!("嘉南职业技术学校积极开展职业启蒙教育活动{body}"),
        3,
        24,
    ));
    lines.push("图 1  嘉北职业技术学校学生参加".into());
    lines.push("省职业能力大赛".into());
    lines.extend(column_lines(body, 4, 24));
    lines.push("图 2  全国模范教师、浙江省正高级".into());
    lines.push("教师、特级教师点评嘉南职业技术".into());
    lines.push("学校服装专业学生作品".into());
    lines.extend(column_lines(body, 3, 24));
    assert_eq!(
        nianbao::text::display_width("案例 2  嘉南职业技术学校积极开展职业启蒙教育活动"),
        48,
        "case 2's title is as wide as a full line of text"
    );
    let s = parse_text(&lines.join("\n")).structure;
    let titles: Vec<&str> = s.cases.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "嘉北职业技术学校举办“劳模工匠进校园”嘉北技师学院开课",
            "嘉南职业技术学校积极开展职业启蒙教育活动"
        ]
    );
    let captions: Vec<&str> = s.figures.iter().map(|f| f.caption.as_str()).collect();
    assert_eq!(
        captions,
        [
            "嘉北职业技术学校学生参加省职业能力大赛",
            "全国模范教师、浙江省正高级教师、特级教师点评嘉南职业技术学校服装专业学生作品"
        ]
    );
    for case in &s.cases {
        let first = &s.paragraphs[case.paragraphs[0]].text;
        assert!(first.starts_with("嘉"), "case {}: {first}", case.number);
        assert!(first.ends_with('。'));
    }
    assert!(
        s.paragraphs
            .iter()
            .all(|p| !p.text.contains("大赛") && !p.text.contains("作品")),
        "no caption line left in the text"
    );
}

#[test]
fn boxes_footnotes_notes_and_page_furniture_in_every_form() {
    // Four pages, each with the footer `嘉禾市教育局编印 - N -`; pages 2-4 with the report's
    // title as running header (page 1 prints it once, as its title). Boxes as 案例1：,
    // 【案例】, 专栏1, 【典型案例1】, 典型案例2：, 案例 2-1; footnotes marked ¹, ②, [3] and *;
    // a 注： note under a table and a 数据来源： note under a paragraph; body lines that
    // start with a number (a year, a list item, a count) near the page foot.
    let (s, warnings) = parse("boxes-notes-furniture.txt");
    let furniture = ["嘉禾市教育局编印", "- 1 -", "- 2 -", "- 3 -", "- 4 -"];
    let mut texts: Vec<&str> = s.paragraphs.iter().map(|p| p.text.as_str()).collect();
    texts.extend(s.cases.iter().map(|c| c.title.as_str()));
    texts.extend(s.sections.iter().map(|x| x.title.as_str()));
    texts.extend(s.chapters.iter().map(|x| x.title.as_str()));
    texts.extend(s.footnotes.iter().map(|x| x.text.as_str()));
    texts.extend(
        s.tables
            .iter()
            .flat_map(|t| t.rows.iter().flatten().map(String::as_str)),
    );
    for text in &texts {
        assert!(!furniture.iter().any(|f| text.contains(f)), "{text}");
    }
    let titled = s
        .paragraphs
        .iter()
        .filter(|p| p.text.contains("嘉禾市2024年职业教育质量年度报告"))
        .map(|p| p.page)
        .collect::<Vec<_>>();
    assert!(titled.iter().all(|&page| page == 1), "{titled:?}");
    let page_of = |needle: &str| {
        s.paragraphs
            .iter()
            .find(|p| p.text.contains(needle))
            .map(|p| p.page)
    };
    assert_eq!(page_of("全市开设专业56个"), Some(2));
    assert_eq!(page_of("社会培训"), Some(4));

    let cases: Vec<(&str, &str, &str, &str)> = s
        .cases
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.label.as_str(),
                c.number.as_str(),
                c.title.as_str(),
            )
        })
        .collect();
    assert_eq!(
        cases,
        [
            ("n1", "案例", "1", "嘉禾职专订单班"),
            ("n2", "案例", "", "产教融合实训基地"),
            ("n3", "专栏", "1", "技能大赛成绩"),
            ("n4", "典型案例", "1", "劳模工匠进校园"),
            ("2", "典型案例", "2", "红色基因传承"),
            ("2-1", "案例", "2-1", "中高职一体化"),
        ]
    );
    assert_eq!(s.cases[2].name(), "专栏1");
    let first = |c: usize| s.paragraphs[s.cases[c].paragraphs[0]].text.as_str();
    assert_eq!(first(1), "学校建成实训基地3个，年培训5000人次。");
    assert_eq!(
        s.paragraphs[s.cases[1].paragraphs[0]].case.as_deref(),
        Some("n2")
    );
    assert_eq!(s.case("n3").map(|c| c.title.as_str()), Some("技能大赛成绩"));

    let notes = notes_of(&s);
    assert_eq!(
        notes,
        [
            (1, "1", "数据来源：嘉禾市教育事业统计。", None),
            (2, "②", "统计口径为全日制学生。", None),
            (3, "[3]", "含技工院校专业。", None),
            (4, "", "注：数据截至2023年8月31日。", Some("1")),
            (5, "*", "含省级以上奖项。", None),
            (6, "", "数据来源：嘉禾市人力社保局。", None),
        ]
    );
    let marked = |needle: &str| {
        let p = s
            .paragraphs
            .iter()
            .find(|p| p.text.contains(needle))
            .unwrap();
        (
            p.text.clone(),
            p.footnote_refs
                .iter()
                .map(|r| (r.number, r.offset))
                .collect::<Vec<_>>(),
        )
    };
    let (text, refs) = marked("在校生3.2万人");
    assert_eq!(text, "全市共有中职学校12所，在校生3.2万人。");
    assert_eq!(refs, [(1, "全市共有中职学校12所".len())]);
    assert_eq!(
        marked("5000人次").1,
        [(2, "学校建成实训基地3个，年培训5000人次".len())]
    );
    assert_eq!(marked("专业56个").1, [(3, "全市开设专业56个".len())]);
    assert_eq!(marked("奖项8项").1, [(5, "全市学生获国家级奖项8项".len())]);
    let source = s
        .footnotes
        .iter()
        .find(|f| f.text.contains("人力社保局"))
        .unwrap();
    let above = source.paragraph.map(|p| s.paragraphs[p].text.as_str());
    assert_eq!(above, Some("全市开展社会培训1.5万人次。"));
    for body in [
        "2023年，全市新增专业3个。",
        "1.加强师资队伍建设，引进教师20人。",
        "2023年，全市职业院校服务企业200家。",
        "3 所学校获评省级示范。",
    ] {
        assert!(texts.contains(&body), "{body} stays a paragraph");
    }
    assert!(
        !warnings
            .iter()
            .any(|w| w.contains("no marker") || w.contains("no footnote text")),
        "{warnings:?}"
    );
}

#[test]
fn ingest_names_what_it_could_not_place_with_its_page() {
    // A box whose title never comes and a marker whose footnote never comes, each named
    // with its page.
    let text = "1 基本情况\n全市在校生²3.2万人。\n案例1\n\n\u{c}注：数据截至8月。\n";
    let warnings = parse_text(text).warnings;
    for expected in [
        "案例1 (page 1): no title found; read as text",
        "footnote marker 2 (page 1): no footnote text found",
    ] {
        assert!(
            warnings.iter().any(|w| w == expected),
            "{expected}: {warnings:?}"
        );
    }
}

#[test]
fn word_footnotes_headers_and_notes_as_pdf_readers_write_them() {
    // As pdftotext writes a Word report: the footnotes' markers in a column of their own
    // at the page's foot, then their texts; a marker glued after a percentage (`78.5%2。`);
    // a table (rows TAB-separated) with a 注： note under it; the running header after
    // the page's first headings (as the built-in reader may write it); cases numbered
    // together across labels (案例1, 典型案例2).
    let header = "青川县教育局编印";
    let pages = [
        vec![
            "1 基本情况",
            header,
            "　　全县中职在校生6218人1，招生2146人。",
            "表1 学校规模",
            "学年\t在校生",
            "2023\t6218",
            "注：在校生含技工学校学籍学生。",
            "　　双师型教师占专业课教师的78.5%2。",
            "1",
            "2",
            "含技工学校在校生。",
            "专业课教师按任教学科统计。",
            "第1页共3页",
        ],
        vec![
            "2 人才培养",
            "2.1 德技并修",
            header,
            "案例1：空中课堂",
            "　　学校录制网络课程420节。",
            "第2页共3页",
        ],
        vec![
            "3 服务贡献",
            header,
            "典型案例2：以赛促教",
            "　　学生获国家级奖项8项。",
            "第3页共3页",
        ],
    ];
    let text: Vec<String> = pages.iter().map(|page| page.join("\n")).collect();
    let parsed = parse_text(&text.join("\n\u{c}"));
    let s = parsed.structure;
    let notes = notes_of(&s);
    assert_eq!(
        notes,
        [
            (3, "", "注：在校生含技工学校学籍学生。", Some("1")),
            (1, "1", "含技工学校在校生。", None),
            (2, "2", "专业课教师按任教学科统计。", None),
        ],
        "{:?}",
        parsed.warnings
    );
    let text_of = |needle: &str| {
        let p = s
            .paragraphs
            .iter()
            .find(|p| p.text.contains(needle))
            .unwrap();
        (
            p.text.as_str(),
            p.footnote_refs.iter().map(|r| r.number).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        text_of("在校生6218"),
        ("全县中职在校生6218人，招生2146人。", vec![1])
    );
    assert_eq!(
        text_of("78.5%"),
        ("双师型教师占专业课教师的78.5%。", vec![2])
    );
    assert!(s.paragraphs.iter().all(|p| !p.text.contains(header)));
    let cases: Vec<(&str, &str)> = s
        .cases
        .iter()
        .map(|c| (c.label.as_str(), c.id.as_str()))
        .collect();
    assert_eq!(cases, [("案例", "1"), ("典型案例", "2")]);
    assert_eq!(s.paragraphs.iter().map(|p| p.page).max(), Some(3));
}

#[test]
fn a_paragraph_across_many_pages_with_a_note_at_each_foot_is_read_once() {
    // Each page's foot offers a footnote line (`1 …`) whose marker is looked for among the
    // paragraphs printed on that page: only each page's part of a long paragraph is read,
    // so 20 000 pages take moments, not a quadratic scan of the whole paragraph each time.
    let page = "职业教育持续发展学校不断提升办学质量并且服务地方经济社会发展\n1 说明文字";
    let text = vec![page; 20_000].join("\n\u{c}");
    let started = std::time::Instant::now();
    let parsed = parse_text(&text);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert!(parsed.structure.footnotes.len() <= 1);
}

#[test]
fn numbers_between_table_cells_one_per_line_are_not_footnote_markers() {
    // pdftotext writes a table it cannot see as one cell per line: a 序号 column's numbers
    // stand alone between words, in sequence, and are not markers (they are cells of the
    // table read from the lines). A number alone after
    // clause punctuation, or before a line that goes on with punctuation, is one.
    let text = "1 基本情况\n表1 教师结构\n序号\n项目\n1\n专任教师\n2\n双师型教师\n\u{c}2 人才培养\n全市在校生（含技工学生）\n1\n，较上年增加。\n1 数据来源：统计年报。\n";
    let parsed = parse_text(text);
    let s = &parsed.structure;
    assert!(
        !parsed
            .warnings
            .iter()
            .any(|w| w.contains("footnote marker")),
        "{:?}",
        parsed.warnings
    );
    // The cells are read as the table's (a 序号 column beside a column of words), so no
    // paragraph holds them and none of their numbers marks a footnote.
    assert_eq!(s.tables[0].header, ["序号", "项目"]);
    assert_eq!(s.tables[0].rows, [["1", "专任教师"], ["2", "双师型教师"]]);
    assert!(!s.paragraphs.iter().any(|p| p.text.contains("专任教师")));
    let marked = s
        .paragraphs
        .iter()
        .find(|p| p.text.contains("在校生"))
        .unwrap();
    assert_eq!(marked.footnote_refs.len(), 1);
    assert_eq!(s.footnotes.len(), 1);
    assert_eq!(s.footnotes[0].paragraph, Some(marked.index));
}

/// Each footnote as (number, marker, text, table), for comparing with what is printed.
fn notes_of(s: &Structure) -> Vec<(u32, &str, &str, Option<&str>)> {
    s.footnotes
        .iter()
        .map(|f| {
            (
                f.number,
                f.marker.as_str(),
                f.text.as_str(),
                f.table.as_deref(),
            )
        })
        .collect()
}

//! The outline to three levels, from the outside: a synthetic province report in parts
//! (tests/fixtures/variants/province-parts-three-levels.txt) with `一、` sections, `（一）`
//! subsections, a section number alone on its line, numbered list lines that are body
//! text, and front and back matter; `list sections` shows each section's level and parent.

use std::path::Path;

use nianbao::ingest::parse_text;

use crate::support::nianbao;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/variants/province-parts-three-levels.txt"
);

#[test]
fn parts_sections_and_subsections_are_read_to_three_levels() {
    let s = parse_text(&std::fs::read_to_string(FIXTURE).unwrap()).structure;
    assert_eq!(s.preface().map(|p| p.title.as_str()), Some("卷首语"));
    let chapters: Vec<(u32, &str, bool)> = s
        .chapters
        .iter()
        .map(|c| (c.number, c.title.as_str(), c.back_matter))
        .collect();
    assert_eq!(
        chapters,
        [
            (1, "总体情况", false),
            (2, "人才培养", false),
            (3, "结语", true),
            (4, "附表", true)
        ]
    );
    let sections: Vec<(&str, u8, &str, &str)> = s
        .sections
        .iter()
        .map(|x| {
            (
                x.number.as_str(),
                x.level,
                x.parent.as_str(),
                x.title.as_str(),
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            ("1.1", 2, "1", "办学规模"),
            ("1.1.1", 3, "1.1", "学校与专业"),
            ("1.1.2", 3, "1.1", "在校生"),
            ("1.2", 2, "1", "办学条件"),
            ("2.1", 2, "2", "立德树人"),
            ("2.1.1", 3, "2.1", "坚持立德树人，落实根本任务"),
            ("2.1.2", 3, "2.1", "技能培养"),
            ("2.2", 2, "2", "服务发展"),
        ]
    );
    let located = |start: &str| {
        s.paragraphs
            .iter()
            .find(|p| p.text.contains(start))
            .map(|p| p.location.label())
            .unwrap_or_else(|| panic!("no paragraph holds {start}"))
    };
    // Numbered list lines stay body text of the deepest section they are in.
    assert_eq!(located("1.扩大优质资源"), "1.1.2");
    assert_eq!(located("2.完善招生制度"), "1.1.2");
    assert_eq!(located("（1）开展主题教育"), "2.1.1");
    assert_eq!(located("1.加强师资队伍建设"), "2.1.2");
    assert_eq!(located("全省生均仪器设备值"), "1.2");
    assert_eq!(located("全省中职教育将继续"), "3");
    assert_eq!(located("各地中职学校数"), "4");
}

fn ingested(out: &Path) {
    nianbao()
        .arg("ingest")
        .arg(FIXTURE)
        .arg("--out")
        .arg(out)
        .args([
            "--id",
            "haidong-2024",
            "--region",
            "海东省",
            "--year",
            "2024",
        ])
        .assert()
        .code(0);
}

#[test]
fn list_sections_shows_level_and_parent_in_every_format() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("haidong");
    ingested(&out);
    let list = |format: &str| {
        let output = nianbao()
            .arg("--data")
            .arg(&out)
            .args(["list", "sections", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}");
        String::from_utf8(output.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&list("json")).unwrap();
    let rows: Vec<(String, u64, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["level"].as_u64().unwrap(),
                r["parent"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("section:1.1", 2, "chapter:1"),
        ("section:1.1.1", 3, "section:1.1"),
        ("section:1.1.2", 3, "section:1.1"),
        ("section:1.2", 2, "chapter:1"),
        ("section:2.1", 2, "chapter:2"),
        ("section:2.1.1", 3, "section:2.1"),
        ("section:2.1.2", 3, "section:2.1"),
        ("section:2.2", 2, "chapter:2"),
    ];
    let expected: Vec<(String, u64, String)> = expected
        .iter()
        .map(|(id, level, parent)| (id.to_string(), *level, parent.to_string()))
        .collect();
    assert_eq!(rows, expected);
    let csv = list("csv");
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("level") && header.contains("parent"),
        "{header}"
    );
    assert!(
        csv.lines().any(|l| l.starts_with("section:2.1.1,")
            && l.contains(",3,")
            && l.contains("section:2.1")),
        "{csv}"
    );
    let table = list("table");
    let row = table
        .lines()
        .find(|l| l.contains("section:1.1.2"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(
        row.contains("在校生") && row.contains("section:1.1"),
        "{row}"
    );
    assert!(table.lines().next().unwrap().contains("parent"), "{table}");
}

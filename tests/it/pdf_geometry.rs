//! Tables, footnote markers and reading order from a PDF's geometry: the built-in reader
//! on the reportlab fixtures (`tests/fixtures/pdf/make-geometry.py`), and the parser on
//! tables written with tab-separated cells.

use std::path::Path;

use nianbao::ingest::parse_text;
use nianbao::ingest::pdf::extract_text;
use nianbao::model::Table;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf");

fn read(name: &str) -> String {
    let bytes = std::fs::read(Path::new(FIXTURES).join(name)).unwrap();
    let read = extract_text(&bytes).expect("the built-in reader reads it");
    assert_eq!(read.unmapped, 0);
    read.text
}

fn cells(row: &[&str]) -> Vec<String> {
    row.iter().map(|c| c.to_string()).collect()
}

fn table<'a>(tables: &'a [Table], number: &str) -> &'a Table {
    tables
        .iter()
        .find(|t| t.number == number)
        .unwrap_or_else(|| panic!("table {number} in {tables:#?}"))
}

#[test]
fn ruled_and_unruled_tables_come_out_with_every_cell() {
    let text = read("tables.pdf");
    assert!(
        text.contains("1\t在校生数\t人\t1200\t含技工学籍\n"),
        "a ruled row, 序号 kept as a column:\n{text}"
    );
    let structure = parse_text(&text).structure;
    let scorecard = table(&structure.tables, "1");
    assert_eq!(scorecard.title, "学生发展质量计分卡");
    assert_eq!(
        scorecard.header,
        cells(&["序号", "指标", "单位", "2023年", "备注"])
    );
    assert_eq!(
        scorecard.rows,
        vec![
            cells(&["1", "在校生数", "人", "1200", "含技工学籍"]),
            cells(&[
                "2",
                "毕业生升入高一级学校比例（含中高职一体化）",
                "%",
                "45.6",
                ""
            ]),
            cells(&["3", "双师型教师比例", "%", "62.1", "按专任教师计"]),
        ]
    );
    let unruled = table(&structure.tables, "2");
    assert_eq!(unruled.header, cells(&["专业大类", "专业数", "在校生"]));
    assert_eq!(unruled.rows.len(), 3);
    assert_eq!(unruled.rows[2], cells(&["财经商贸", "2", "300"]));
}

#[test]
fn a_table_across_pages_is_joined_past_its_repeated_header() {
    let text = read("tables.pdf");
    assert!(
        text.matches("项目\t内容\t数量\n").count() >= 2,
        "the header is printed on each page:\n{text}"
    );
    let structure = parse_text(&text).structure;
    let service = table(&structure.tables, "附1");
    assert_eq!(service.header, cells(&["项目", "内容", "数量"]));
    assert_eq!(service.rows.len(), 40, "{:#?}", service.rows);
    assert_eq!(
        service.rows[39],
        cells(&["服务项目40", "面向企业开展技术服务与培训", "50"])
    );
}

#[test]
fn a_boxed_case_is_text_and_raised_markers_are_superscripts() {
    let text = read("tables.pdf");
    assert!(text.contains("案例 1 测试职业学校开展实训。"), "{text}");
    assert!(!text.lines().any(|l| l.contains("案例") && l.contains('\t')));
    assert!(
        text.contains("全市共有中职学校 3 所¹，在校生 1200 人²。"),
        "{text}"
    );
}

#[test]
fn two_columns_read_column_by_column_around_full_width_parts() {
    let text = read("two-column.pdf");
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} in:\n{text}"))
    };
    assert!(at("两栏排版测试报告") < at("左栏第1段"));
    assert!(at("左栏第4段") < at("右栏第1段"), "{text}");
    assert!(at("右栏第4段") < at("表 3 全宽表格"));
    assert!(at("年份\t在校生\t毕业生") < at("下左栏第1段"));
    assert!(at("下左栏第2段") < at("下右栏第1段"), "{text}");
}

#[test]
fn tab_separated_rows_of_text_are_a_table_and_empty_cells_stay_in_place() {
    let text = "1 基本情况\n表 1 落实政策表\n指标\t说明\t备注\n经费投入\t按标准足额拨付\t\n\t生均拨款\t达标\n正文继续。\n";
    let structure = parse_text(text).structure;
    let policy = table(&structure.tables, "1");
    assert_eq!(policy.header, cells(&["指标", "说明", "备注"]));
    assert_eq!(
        policy.rows,
        vec![
            cells(&["经费投入", "按标准足额拨付", ""]),
            cells(&["", "生均拨款", "达标"]),
        ]
    );
    assert!(structure.paragraphs.iter().any(|p| p.text == "正文继续。"));
}

#[test]
fn a_tab_table_goes_on_past_a_page_break_its_footer_and_repeated_header() {
    let text = "1 基本情况\n表 1 资源表\n项目\t数量\n教室\t20\n编印单位\n\u{c}项目\t数量\n机房\t6\n\n正文。\n";
    let structure = parse_text(text).structure;
    let resources = table(&structure.tables, "1");
    assert_eq!(
        resources.rows,
        vec![cells(&["教室", "20"]), cells(&["机房", "6"])]
    );
}

/// pdftotext's word boxes, laid out by the same geometry, where pdftotext runs.
fn word_boxes(name: &str) -> Option<String> {
    let output = nianbao::ingest::pdf::word_boxes_command(&Path::new(FIXTURES).join(name))
        .output()
        .ok()
        .filter(|o| o.status.success());
    let Some(output) = output else {
        eprintln!("note: pdftotext does not run here: its word boxes are not compared");
        return None;
    };
    let xhtml = String::from_utf8(output.stdout).expect("UTF-8 asked for");
    Some(nianbao::ingest::pdf::text_from_word_boxes(&xhtml).expect("readable boxes"))
}

#[test]
fn pdftotext_word_boxes_give_the_same_tables_markers_and_order() {
    for name in ["tables.pdf", "two-column.pdf", "mini-report.pdf"] {
        let Some(theirs) = word_boxes(name) else {
            return;
        };
        let ours = read(name);
        let (ours, theirs) = (parse_text(&ours).structure, parse_text(&theirs).structure);
        assert_eq!(ours.tables, theirs.tables, "{name}");
        assert_eq!(ours.paragraphs, theirs.paragraphs, "{name}");
        assert_eq!(ours.chapters, theirs.chapters, "{name}");
    }
}

//! A dataset of several reports for comparing them: copies of the embedded report under
//! other ids, places, levels and years, with a few figures changed (in the text and in
//! indicators.csv together, so the loader still finds each figure in its sentence). Test
//! data only: every title says 测试用合成 (synthetic).

use std::fs;
use std::path::Path;

use super::{EMBEDDED, copy_dir};

/// What a copy changes.
pub struct Variant<'a> {
    pub id: &'a str,
    pub region: &'a str,
    pub region_en: &'a str,
    pub level: &'a str,
    pub calendar_year: &'a str,
    pub school_year: &'a str,
    /// Indicator id, the new figure as printed, its number and qualifier column: the old
    /// figure is replaced wherever the text and the sources print it.
    pub figures: &'a [(&'a str, &'a str, &'a str, &'a str)],
    /// Indicators set to verified=false.
    pub unverified: &'a [&'a str],
}

/// The embedded report (jiaxing-2023, a city's), the same city a year later
/// (jiaxing-2024, its 2022学年 figures now the 2023学年's) and a county's 2023 report
/// (haining-2023), in `<temp>/reports`.
pub fn several_reports() -> (tempfile::TempDir, std::path::PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("reports");
    copy_dir(Path::new(EMBEDDED), &dir.join("jiaxing-2023"));
    write_variant(
        &dir,
        &Variant {
            id: "jiaxing-2024",
            region: "嘉兴市",
            region_en: "Jiaxing, Zhejiang",
            level: "city",
            calendar_year: "2024",
            school_year: "2023学年",
            figures: &[("student-teacher-ratio", "14.87:1", "14.87", "")],
            unverified: &[],
        },
    );
    write_variant(
        &dir,
        &Variant {
            id: "haining-2023",
            region: "海宁市",
            region_en: "Haining, Zhejiang",
            level: "county",
            calendar_year: "2023",
            school_year: "2022学年",
            figures: &[
                ("student-teacher-ratio", "约13.02:1", "13.02", "about"),
                ("graduate-destination-rate", "98.76%", "98.76", ""),
            ],
            unverified: &["graduate-destination-rate"],
        },
    );
    (temp, dir)
}

/// Writes a changed copy of the embedded report into `dir/<id>`.
pub fn write_variant(dir: &Path, variant: &Variant) {
    let out = dir.join(variant.id);
    copy_dir(Path::new(EMBEDDED), &out);
    let mut text = fs::read_to_string(out.join("source.txt")).unwrap();
    let mut indicators = csv::Reader::from_path(out.join("indicators.csv")).unwrap();
    let header = indicators.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut rows: Vec<Vec<String>> = indicators
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    // A later report's own school year: its text and figures move with it.
    let own_year = variant.school_year.trim_end_matches("学年");
    text = move_school_year(&text, own_year);
    for row in &mut rows {
        row[column("source")] = move_school_year(&row[column("source")], own_year);
    }
    for (id, printed, value, qualifier) in variant.figures {
        let row = rows.iter().position(|r| r[0] == *id).unwrap();
        let old = rows[row][column("value_text")].clone();
        text = text.replace(&old, printed);
        for row in &mut rows {
            row[column("source")] = row[column("source")].replace(&old, printed);
        }
        rows[row][column("value_text")] = printed.to_string();
        rows[row][column("value")] = value.to_string();
        rows[row][column("qualifier")] = qualifier.to_string();
    }
    for row in &mut rows {
        if variant.unverified.contains(&row[0].as_str()) {
            row[column("verified")] = "false".to_string();
        }
        let period = &mut row[column("period")];
        if *period == "2022学年" {
            *period = variant.school_year.to_string();
        }
    }
    fs::write(out.join("source.txt"), text).unwrap();
    let mut writer = csv::Writer::from_path(out.join("indicators.csv")).unwrap();
    writer.write_record(&header).unwrap();
    for row in rows {
        writer.write_record(&row).unwrap();
    }
    writer.flush().unwrap();
    let mut report = csv::Writer::from_path(out.join("report.csv")).unwrap();
    let title = format!(
        "测试用合成报告：{}{}年中等职业教育质量年度报告",
        variant.region, variant.calendar_year
    );
    let title_en = format!(
        "Synthetic test report: {} {}",
        variant.region_en, variant.calendar_year
    );
    report
        .write_record(nianbao::model::ReportMeta::CSV_HEADER)
        .unwrap();
    report
        .write_record([
            variant.id,
            &title,
            &title_en,
            variant.region,
            variant.region_en,
            variant.school_year,
            variant.calendar_year,
            variant.level,
            "",
        ])
        .unwrap();
    report.flush().unwrap();
}

/// The seed's school year (2022 学年, spaces and line breaks allowed inside, as the
/// extracted text has them) as `year` 学年; other years stay.
fn move_school_year(text: &str, year: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("2022") {
        let after = &rest[at + 4..];
        let gap = |t: &str| t.len() - t.trim_start().len();
        let school_year = after[gap(after)..]
            .strip_prefix('学')
            .is_some_and(|t| t[gap(t)..].starts_with('年'));
        out.push_str(&rest[..at]);
        out.push_str(if school_year { year } else { "2022" });
        rest = after;
    }
    out.push_str(rest);
    out
}

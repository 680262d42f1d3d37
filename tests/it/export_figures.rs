//! Issue 22: `export figures` — every figure as a row for analysts, as a workbook (read
//! back with calamine), CSV, a SQLite database (its schema held to docs/dataset.md) and
//! Parquet (read back with the parquet crate); the printed precision kept as text beside
//! the number; strings from data never formulas; files written whole, replaced only
//! with --force.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use nianbao::export::figures::{COLUMNS, MAX_CELL_CHARS, MAX_SHEET_ROWS};
use nianbao::ingest::pdf::budget::grouped;

use crate::support::several::several_reports;
use crate::support::{EMBEDDED, copy_dir, jiaxing, listing, nianbao};

/// Runs `export figures` with `args`; it must succeed. Returns what it printed.
fn export(args: &[&str]) -> String {
    let output = nianbao()
        .args(["export", "figures"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs `export figures` with `args`; it must fail. Returns the exit code and stderr.
fn refused(args: &[&str]) -> (i32, String) {
    let output = nianbao()
        .args(["export", "figures"])
        .args(args)
        .output()
        .unwrap();
    assert!(!output.status.success(), "{args:?} succeeded");
    (
        output.status.code().unwrap(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn header() -> Vec<String> {
    COLUMNS.iter().map(|c| c.name.to_string()).collect()
}

fn column(name: &str) -> usize {
    COLUMNS.iter().position(|c| c.name == name).unwrap()
}

/// A sheet of a workbook, every cell.
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

/// The XML of a workbook's part (`xl/worksheets/sheet1.xml`).
fn part(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn a_workbook_has_every_figure_typed_under_a_frozen_filtered_header() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("figures.xlsx");
    let printed = export(&["--format", "xlsx", "--out", out.to_str().unwrap()]);
    let report = jiaxing();
    let count = report.indicators.len();
    assert!(
        printed.contains(&format!("({count} figures of 1 report, xlsx)")),
        "{printed}"
    );
    let rows = sheet(&out, "all");
    assert_eq!(
        rows[0],
        header().into_iter().map(Data::String).collect::<Vec<_>>()
    );
    assert_eq!(rows.len() - 1, count, "a row per figure");
    // The printed precision stays as text beside the number (a derived value: no printed
    // figure, its page and sentence kept).
    let campus = rows
        .iter()
        .find(|r| r[column("indicator")] == Data::String("campus-area-2021".into()))
        .unwrap();
    assert_eq!(campus[column("value")], Data::String("207.80".into()));
    assert_eq!(campus[column("number")], Data::Float(207.8));
    assert_eq!(campus[column("derived")], Data::Bool(true));
    assert_eq!(campus[column("printed")], Data::Empty);
    assert!(matches!(campus[column("page")], Data::Float(p) if p >= 1.0 && p.fract() == 0.0));
    // A sheet per concept, in the vocabulary's order after `all`, each with its figures.
    let workbook: Xlsx<_> = open_workbook(&out).unwrap();
    let names = workbook.sheet_names();
    assert_eq!(names[0], "all");
    let ratio: Vec<_> = report
        .indicators
        .iter()
        .filter(|i| i.concept.as_deref() == Some("student-teacher-ratio"))
        .collect();
    assert!(
        names.contains(&"student-teacher-ratio".to_string()),
        "{names:?}"
    );
    assert_eq!(sheet(&out, "student-teacher-ratio").len() - 1, ratio.len());
    for name in &names {
        assert!(name.encode_utf16().count() <= 31, "{name}");
    }
    let mapped = report.indicators.iter().filter(|i| i.concept.is_some());
    let concepts: std::collections::BTreeSet<_> =
        mapped.filter_map(|i| i.concept.clone()).collect();
    assert_eq!(names.len(), 1 + concepts.len(), "{names:?}");
    // The header is frozen and filtered on the sheets (rust_xlsxwriter's XML).
    let xml = part(&out, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(r#"<pane ySplit="1" topLeftCell="A2""#),
        "{xml:.600}"
    );
    assert!(xml.contains(&format!(r#"<autoFilter ref="A1:S{}"/>"#, count + 1)));
    // Beside the output nothing is left (the staged file was renamed in).
    assert_eq!(listing(temp.path()), ["figures.xlsx"]);
}

/// A copy of the embedded report whose indicator `id` is named `name`.
fn renamed(dir: &Path, id: &str, name: &str) -> PathBuf {
    let report = dir.join("jiaxing-2023");
    copy_dir(Path::new(EMBEDDED), &report);
    let path = report.join("indicators.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        if row[0] == id {
            row[1] = name.to_string();
        }
        writer.write_record(&row).unwrap();
    }
    fs::write(&path, writer.into_inner().unwrap()).unwrap();
    report
}

#[test]
fn a_name_that_looks_like_a_formula_stays_text_everywhere() {
    let temp = tempfile::tempdir().unwrap();
    let hostile = "=HYPERLINK(\"http://example.invalid\",\"click\")";
    let data = renamed(temp.path(), "schools-full-time", hostile);
    let data = data.to_str().unwrap();
    let out = temp.path().join("f.xlsx");
    export(&[
        "--data",
        data,
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    let rows = sheet(&out, "all");
    let row = rows
        .iter()
        .find(|r| r[column("indicator")] == Data::String("schools-full-time".into()))
        .unwrap();
    assert_eq!(row[column("name")], Data::String(hostile.into()));
    let mut workbook: Xlsx<_> = open_workbook(&out).unwrap();
    for name in workbook.sheet_names() {
        let formulas = workbook.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "a formula in {name}"
        );
    }
    assert!(!part(&out, "xl/worksheets/sheet1.xml").contains("<f>"));
    // CSV defuses it, unless asked not to.
    let name_in = |text: String| {
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(Result::unwrap)
            .find(|r| &r[column("indicator")] == "schools-full-time")
            .map(|r| r[column("name")].to_string())
    };
    let defused = name_in(export(&["--data", data, "--format", "csv"]));
    assert_eq!(defused, Some(format!("'{hostile}")));
    let raw = name_in(export(&["--data", data, "--format", "csv", "--csv-raw"]));
    assert_eq!(raw.as_deref(), Some(hostile));
}

#[test]
fn csv_has_the_columns_and_a_row_per_figure_on_standard_output_or_in_a_file() {
    let text = export(&["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, header());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), jiaxing().indicators.len());
    let campus = rows
        .iter()
        .find(|r| &r[column("indicator")] == "campus-area-2021")
        .unwrap();
    assert_eq!(&campus[column("value")], "207.80");
    assert_eq!(&campus[column("number")], "207.8");
    assert_eq!(&campus[column("report")], "jiaxing-2023");
    assert_eq!(&campus[column("level")], "city");
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("figures.csv");
    let printed = export(&["--format", "csv", "--out", out.to_str().unwrap()]);
    assert!(printed.starts_with("wrote "), "{printed}");
    assert_eq!(fs::read_to_string(&out).unwrap(), text);
}

#[test]
fn a_concept_keeps_only_its_figures_and_an_unknown_one_is_refused_with_the_closest() {
    let (_temp, dir) = several_reports();
    let data = dir.to_str().unwrap();
    let text = export(&["--data", data, "--concept", "生师比", "--format", "csv"]);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    // One per report, as compare finds them, by place (海宁 before 嘉兴) and year.
    let reports: Vec<&str> = rows.iter().map(|r| &r[column("report")]).collect();
    assert_eq!(reports, ["haining-2023", "jiaxing-2023", "jiaxing-2024"]);
    assert!(
        rows.iter()
            .all(|r| &r[column("concept")] == "student-teacher-ratio")
    );
    let haining = &rows[0];
    assert_eq!(&haining[column("value")], "13.02");
    assert_eq!(&haining[column("qualifier")], "about");
    assert_eq!(&haining[column("printed")], "约13.02:1");
    // --report restricts.
    let one = export(&[
        "--data",
        data,
        "--report",
        "jiaxing-2024",
        "--format",
        "csv",
    ]);
    let reports: std::collections::BTreeSet<String> = csv::Reader::from_reader(one.as_bytes())
        .records()
        .map(|r| r.unwrap()[column("report")].to_string())
        .collect();
    assert_eq!(reports.into_iter().collect::<Vec<_>>(), ["jiaxing-2024"]);
    let (code, message) = refused(&["--concept", "teacher-ratio", "--format", "csv"]);
    assert_eq!(code, 1, "{message}");
    assert!(
        message.contains("no concept `teacher-ratio`; did you mean student-teacher-ratio"),
        "{message}"
    );
}

#[test]
fn sqlite_has_the_documented_schema_and_every_figure() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("figures.sqlite");
    let (_several, dir) = several_reports();
    export(&[
        "--data",
        dir.to_str().unwrap(),
        "--format",
        "sqlite",
        "--out",
        out.to_str().unwrap(),
    ]);
    let db = rusqlite::Connection::open(&out).unwrap();
    let mut statement = db
        .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
        .unwrap();
    let made: Vec<String> = statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        made,
        documented_statements(),
        "docs/dataset.md and the database differ"
    );
    let count = |sql: &str| -> i64 { db.query_row(sql, [], |row| row.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM reports"), 3);
    let figures = 3 * jiaxing().indicators.len() as i64;
    assert_eq!(count("SELECT count(*) FROM figures"), figures);
    let (value, number): (String, f64) = db
        .query_row(
            "SELECT value, number FROM figures WHERE report = 'jiaxing-2023' \
             AND indicator = 'campus-area-2021'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!((value.as_str(), number), ("207.80", 207.8));
    // The documented query runs: one concept across reports with each report's place.
    assert_eq!(
        count(
            "SELECT count(*) FROM figures JOIN reports ON reports.id = figures.report \
             WHERE figures.concept = 'student-teacher-ratio'"
        ),
        3
    );
}

/// docs/dataset.md from its "Figures for analysts" on.
fn analysts_section() -> String {
    let doc = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/dataset.md")).unwrap();
    doc.split("## Figures for analysts")
        .nth(1)
        .unwrap()
        .to_string()
}

/// The CREATE statements of docs/dataset.md's "Figures for analysts", as written there.
fn documented_statements() -> Vec<String> {
    let section = analysts_section();
    let sql = section.split("```sql\n").nth(1).unwrap();
    let sql = sql.split("```").next().unwrap();
    sql.split(";\n")
        .map(str::trim)
        .filter(|s| s.starts_with("CREATE"))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_limits_in_the_doc_are_the_code_s() {
    let section = analysts_section();
    let limits = [MAX_SHEET_ROWS as u64, MAX_CELL_CHARS as u64];
    #[cfg(feature = "parquet")]
    let limits = [
        &limits[..],
        &[nianbao::export::figures::ROW_GROUP_ROWS as u64],
    ]
    .concat();
    for limit in limits {
        let limit = grouped(limit);
        assert!(section.contains(&limit), "{limit} is not in the doc");
    }
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_reads_back_with_every_figure_and_its_printed_value() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("figures.parquet");
    export(&["--format", "parquet", "--out", out.to_str().unwrap()]);
    let reader = SerializedFileReader::new(fs::File::open(&out).unwrap()).unwrap();
    let report = jiaxing();
    let metadata = reader.metadata().file_metadata();
    assert_eq!(metadata.num_rows(), report.indicators.len() as i64);
    let fields: Vec<String> = metadata
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    assert_eq!(fields, header());
    let mut values = Vec::new();
    let mut pages = Vec::new();
    for row in reader.get_row_iter(None).unwrap() {
        let row = row.unwrap();
        values.push(row.get_string(column("value")).unwrap().clone());
        pages.push(row.get_long(column("page")).ok());
    }
    let written: Vec<String> = report
        .indicators
        .iter()
        .map(|i| i.value_written.clone())
        .collect();
    assert_eq!(values, written, "the value column, in the report's order");
    assert!(values.contains(&"207.80".to_string()));
    let expected: Vec<Option<i64>> = report
        .indicators
        .iter()
        .map(|i| (i.page > 0).then_some(i64::from(i.page)))
        .collect();
    assert_eq!(pages, expected);
}

#[test]
fn files_are_replaced_only_with_force_and_a_directory_or_no_out_is_refused() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("figures.sqlite");
    fs::write(&out, "keep me").unwrap();
    let path = out.to_str().unwrap();
    let (code, message) = refused(&["--format", "sqlite", "--out", path]);
    assert_eq!(code, 1, "{message}");
    assert!(message.contains("--force"), "{message}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "keep me");
    export(&["--format", "sqlite", "--out", path, "--force"]);
    assert!(fs::read(&out).unwrap().starts_with(b"SQLite format 3\0"));
    let (code, message) = refused(&["--format", "xlsx", "--out", temp.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{message}");
    assert!(message.contains("is a directory"), "{message}");
    let (code, message) = refused(&["--format", "parquet"]);
    assert_eq!(code, 1, "{message}");
    assert!(message.contains("give --out FILE"), "{message}");
    let (code, message) = refused(&["--format", "svg"]);
    assert_eq!(code, 1);
    assert!(
        message.contains("xlsx, csv, sqlite or parquet"),
        "{message}"
    );
    // Nothing staged is left beside the target.
    assert_eq!(listing(temp.path()), ["figures.sqlite"]);
    // The figures' options and formats belong to figures only.
    let output = nianbao()
        .args(["export", "view:dashboard", "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("export figures"));
}

#[test]
fn a_path_with_a_control_character_is_escaped_in_the_message() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("a\u{1b}[2Jb.csv");
    let printed = export(&["--format", "csv", "--out", out.to_str().unwrap()]);
    assert!(!printed.contains('\u{1b}'), "{printed:?}");
    assert!(printed.contains("\\u{1b}"), "{printed:?}");
}

/// A collection streams through every format within a small address space (each batch of
/// reports is dropped once its rows are written; the workbook's rows wait in files;
/// Parquet holds one row group, and this collection makes two), and every report's every
/// figure is there.
#[test]
fn a_collection_streams_through_every_format_within_a_memory_limit() {
    const REPORTS: usize = 80;
    const LIMIT_MIB: u64 = 160;
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("reports");
    crate::support::synth::generate(REPORTS, &dir).unwrap();
    let figures: usize = nianbao::dataset::Dataset::from_dir(&dir)
        .unwrap()
        .reports
        .iter()
        .map(|r| r.indicators.len())
        .sum();
    let mut formats = vec!["xlsx", "csv", "sqlite"];
    if cfg!(feature = "parquet") {
        formats.push("parquet");
    }
    for format in formats {
        let out = temp.path().join(format!("figures.{format}"));
        let run = crate::support::limited::run_limited(
            &[
                "--data",
                dir.to_str().unwrap(),
                "export",
                "figures",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
            ],
            LIMIT_MIB,
            std::time::Duration::from_secs(600),
        );
        assert_eq!(run.code(), Some(0), "{format}: {}", run.stderr());
        let wanted = format!("({figures} figures of {REPORTS} reports, {format})");
        assert!(run.stdout().contains(&wanted), "{format}: {}", run.stdout());
    }
    let rows = sheet(&temp.path().join("figures.xlsx"), "all");
    assert_eq!(rows.len() - 1, figures);
    #[cfg(feature = "parquet")]
    {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        let file = fs::File::open(temp.path().join("figures.parquet")).unwrap();
        let groups = SerializedFileReader::new(file)
            .unwrap()
            .metadata()
            .num_row_groups();
        let rows = nianbao::export::figures::ROW_GROUP_ROWS;
        assert!(figures > rows, "{figures} figures make one row group");
        assert_eq!(groups, figures.div_ceil(rows));
    }
}

//! `nianbao ingest` from the outside: text and PDF in, a dataset that `check` passes and
//! `--data` opens; bad input refused with nothing written; curated rows kept on a re-run.

use std::fs::{self, File};
use std::path::Path;

use predicates::prelude::*;

use crate::support;
use support::nianbao;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/reports/jiaxing-2023/source.txt"
);
const PDF: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/pdf/mini-report.pdf"
);

fn ingest(input: &str, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    nianbao()
        .arg("ingest")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
}

#[test]
fn the_seed_becomes_a_dataset_that_checks_and_opens() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("jiaxing");
    ingest(
        SEED,
        &out,
        &[
            "--id",
            "jiaxing-ingested",
            "--region",
            "嘉兴市",
            "--year",
            "2023",
        ],
    )
    .code(0)
    .stdout(predicate::str::contains(
        "found: 8 chapters, 23 sections, 19 cases, 15 figures, 2 tables, 5 footnotes",
    ))
    .stdout(predicate::str::contains("candidate indicators"))
    // The seed prints no title line; its preface names the report, wrapped over lines.
    .stdout(predicate::str::contains(
        "title 「中等职业教育质量年度报告」 (guessed from the text)",
    ));
    nianbao()
        .arg("check")
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("jiaxing-ingested"));
    let cases = nianbao()
        .arg("--data")
        .arg(&out)
        .args(["list", "cases", "--format", "json"])
        .output()
        .unwrap();
    let cases: serde_json::Value = serde_json::from_slice(&cases.stdout).unwrap();
    assert_eq!(cases.as_array().unwrap().len(), 19);
    let ingested = nianbao::dataset::Dataset::from_dir(&out).unwrap();
    let embedded = support::jiaxing_dataset();
    assert!(
        ingested.reports[0].structure == embedded.reports[0].structure,
        "the ingested structure is the embedded one: numbers, titles, sections, pages, text"
    );
    let schools = fs::read_to_string(out.join("schools.csv")).unwrap();
    for name in [
        "嘉兴技师学院",
        "平湖市职业中等专业学校",
        "海宁卫生学校",
        "嘉兴市交通学校",
    ] {
        assert!(schools.contains(name), "{name} not detected");
    }
    assert!(
        schools.contains("嘉兴市交通学校,嘉兴交通学校"),
        "aliases grouped"
    );
    assert!(
        !schools.contains(",嘉兴市中等职业学校,"),
        "collective nouns are not schools"
    );
    let indicators = fs::read_to_string(out.join("indicators.csv")).unwrap();
    assert!(
        indicators.lines().skip(1).all(|l| l.contains(",false,")),
        "candidates are unverified"
    );
    assert!(indicators.contains("在校生,,51486,51486,人,2022学年,city,1.1"));
    // Concepts are proposed by name and unit, once per concept and period (the dataset
    // checks, so no proposal repeats one); never where the name is a sub-population's.
    let proposed = ingested.reports[0]
        .indicators
        .iter()
        .filter(|i| i.concept.is_some())
        .map(|i| (i.name.as_str(), i.concept.as_deref().unwrap()))
        .collect::<Vec<_>>();
    for pair in [
        ("去向落实率", "graduate-destination-rate"),
        ("生均校园占地面积", "campus-area-per-student"),
        ("毕业生满意度", "graduate-satisfaction"),
    ] {
        assert!(proposed.contains(&pair), "{pair:?} in {proposed:?}");
    }
    assert!(proposed.iter().all(|(name, _)| !name.contains("应届")));
}

#[test]
fn unverified_values_are_shown_as_such() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("d");
    ingest(SEED, &out, &[]).code(0);
    let data = out.to_str().unwrap();
    let shown = nianbao()
        .args(["--data", data, "show", "indicator:candidate-0001"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).contains("verified  no"));
    let table = nianbao()
        .args(["--data", data, "list", "indicators"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&table.stdout)
            .lines()
            .nth(1)
            .unwrap()
            .contains('?')
    );
}

#[test]
fn an_existing_dataset_is_kept_unless_forced_and_then_its_curated_rows_stay() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("d");
    ingest(SEED, &out, &[]).code(0);
    ingest(SEED, &out, &[])
        .code(1)
        .stderr(predicate::str::contains("--force"));
    // A person checks one candidate and renames a school.
    let path = out.join("indicators.csv");
    let curated = fs::read_to_string(&path)
        .unwrap()
        .replacen(",false,", ",true,", 1)
        .replacen("嘉兴市共有全日制中职学校", "全日制中职学校数", 1);
    fs::write(&path, &curated).unwrap();
    let schools = fs::read_to_string(out.join("schools.csv"))
        .unwrap()
        .replacen(
            ",,,,Detected",
            ",Jiaxing Transport School,市本级,中职学校,Checked",
            1,
        );
    fs::write(out.join("schools.csv"), &schools).unwrap();
    ingest(SEED, &out, &["--force"]).code(0);
    let after = fs::read_to_string(&path).unwrap();
    assert!(after.contains("candidate-0001,全日制中职学校数,,15,15,所,,city,1.1,,,true,"));
    assert_eq!(
        fs::read_to_string(out.join("schools.csv")).unwrap(),
        schools
    );
    assert_eq!(
        after.lines().count(),
        curated.lines().count(),
        "no duplicate of the curated figure"
    );
    let leftovers: Vec<_> = fs::read_dir(temp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        vec![std::ffi::OsString::from("d")],
        "no staging directory left"
    );
}

#[test]
fn a_dataset_left_aside_by_a_killed_force_run_is_put_back_with_its_curated_rows() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("d");
    ingest(SEED, &out, &[]).code(0);
    let path = out.join("indicators.csv");
    let curated = fs::read_to_string(&path)
        .unwrap()
        .replacen(",false,", ",true,", 1)
        .replacen("嘉兴市共有全日制中职学校", "全日制中职学校数", 1);
    fs::write(&path, &curated).unwrap();
    // What a kill between the fallback's two renames leaves: no `d`, the old one aside.
    let backup = temp.path().join(".d.nianbao-old-4194304-0");
    fs::rename(&out, &backup).unwrap();
    ingest(SEED, &out, &["--force"])
        .code(0)
        .stderr(predicate::str::contains("was restored from"))
        .stderr(predicate::str::contains(backup.display().to_string()));
    let after = fs::read_to_string(&path).unwrap();
    assert!(after.contains("candidate-0001,全日制中职学校数,,15,15,所,,city,1.1,,,true,"));
    let leftovers: Vec<_> = fs::read_dir(temp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("d")]);
}

#[test]
fn a_leftover_copy_beside_a_dataset_is_named_and_never_deleted() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("d");
    ingest(SEED, &out, &[]).code(0);
    // An older nianbao's crash, then a run that rebuilt `d` without the curated rows.
    let backup = temp.path().join(".d.nianbao-old-4194304-0");
    fs::create_dir(&backup).unwrap();
    fs::write(backup.join("indicators.csv"), "curated").unwrap();
    ingest(SEED, &out, &["--force"])
        .code(0)
        .stderr(predicate::str::contains("not removed"))
        .stderr(predicate::str::contains(backup.display().to_string()));
    assert_eq!(
        fs::read_to_string(backup.join("indicators.csv")).unwrap(),
        "curated"
    );
}

#[test]
fn text_saved_as_gb18030_utf_16_or_with_a_byte_order_mark_reads_as_utf_8_does() {
    let temp = tempfile::tempdir().unwrap();
    let seed = fs::read_to_string(SEED).unwrap();
    let (gb18030, _, unmappable) = encoding_rs::GB18030.encode(&seed);
    assert!(!unmappable);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(seed.encode_utf16().flat_map(u16::to_le_bytes));
    let with_bom = [b"\xef\xbb\xbf".as_slice(), seed.as_bytes()].concat();
    for (name, bytes, said) in [
        ("gb.txt", gb18030.into_owned(), "read: text file (GB18030)"),
        ("utf16.txt", utf16, "read: text file (UTF-16)"),
        ("bom.txt", with_bom, "read: text file\n"),
    ] {
        let input = temp.path().join(name);
        fs::write(&input, bytes).unwrap();
        let out = temp.path().join(format!("{name}.out"));
        ingest(
            input.to_str().unwrap(),
            &out,
            &["--title", "嘉兴市中等职业教育质量年度报告"],
        )
        .code(0)
        .stdout(predicate::str::contains(said))
        .stdout(predicate::str::contains(
            "found: 8 chapters, 23 sections, 19 cases, 15 figures, 2 tables, 5 footnotes",
        ));
        let source = fs::read_to_string(out.join("source.txt")).unwrap();
        assert_eq!(source, seed, "{name}: the dataset keeps the text as UTF-8");
    }
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let temp = tempfile::tempdir().unwrap();
    let empty = temp.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let binary = temp.path().join("binary.txt");
    fs::write(&binary, b"\x00\x01\x02\xff binary").unwrap();
    let gbk = temp.path().join("gbk.txt");
    // A lead byte whose next byte cannot follow it, in UTF-8 as in GB18030.
    fs::write(&gbk, b"\xa1\x20 report").unwrap();
    let prose = temp.path().join("prose.txt");
    fs::write(&prose, "Just a sentence.\n").unwrap();
    let huge = temp.path().join("huge.txt");
    File::create(&huge)
        .unwrap()
        .set_len(201 * 1024 * 1024)
        .unwrap();
    let truncated = temp.path().join("truncated.pdf");
    fs::write(&truncated, &fs::read(PDF).unwrap()[..600]).unwrap();
    for (input, message) in [
        (&empty, "empty"),
        (&binary, "binary"),
        (&gbk, "neither UTF-8 nor GB18030"),
        (&prose, "no report structure"),
        (&huge, "larger than 200 MB"),
        (&truncated, "pdf"),
    ] {
        let out = temp.path().join("out");
        let assert = ingest(input.to_str().unwrap(), &out, &[]).code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_lowercase();
        assert!(
            stderr.contains(&message.to_lowercase()),
            "{}: {stderr}",
            input.display()
        );
        assert!(!out.exists(), "{}: partial output", input.display());
    }
    ingest("/no/such/report.txt", &temp.path().join("out"), &[]).code(2);
}

/// Whether poppler's pdftotext runs here (it is optional: the tests that need it say so
/// and pass without it). `NIANBAO_PDFTOTEXT` names it, for nianbao as for the tests.
fn have_pdftotext() -> bool {
    let program = nianbao::ingest::pdf::pdftotext_program();
    let runs = std::process::Command::new(program)
        .arg("-v")
        .output()
        .is_ok();
    if !runs {
        eprintln!("note: pdftotext is not installed (poppler-utils): its part is skipped");
    }
    runs
}

#[test]
fn a_pdf_is_read_through_its_text_layer_with_nothing_installed() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("mini");
    nianbao()
        .env("NIANBAO_PDFTOTEXT", "/nonexistent/pdftotext")
        .arg("ingest")
        .arg(PDF)
        .arg("--out")
        .arg(&out)
        .args(["--id", "mini-pdf"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "read: PDF, 2 pages, read by the built-in reader",
        ))
        .stdout(predicate::str::contains(
            "found: 2 chapters, 2 sections, 1 cases, 1 figures, 1 tables",
        ));
    let data = out.to_str().unwrap();
    let show = nianbao()
        .args(["--data", data, "show", "table:1", "--format", "json"])
        .output()
        .unwrap();
    let table: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(table["rows"][1][1], "1200");
    assert_eq!(table["page"], 2, "pages come from the PDF's form feeds");
    let report = fs::read_to_string(out.join("report.csv")).unwrap();
    assert!(
        report.contains("测试市中等职业教育质量年度报告（合成测试数据）"),
        "title guessed from the text"
    );
}

#[test]
fn pdftotext_gives_the_same_dataset_when_asked_for() {
    if !have_pdftotext() {
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for engine in ["builtin", "pdftotext", "auto"] {
        let out = temp.path().join(engine);
        let assert = ingest(PDF, &out, &["--pdf-engine", engine]).code(0);
        let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        let by_pdftotext = stdout.contains("read: PDF, read by pdftotext (version ");
        assert_eq!(by_pdftotext, engine != "builtin", "{engine}: {stdout}");
        files.push(
            ["source.txt", "report.csv", "indicators.csv", "schools.csv"]
                .map(|name| fs::read_to_string(out.join(name)).unwrap()),
        );
    }
    assert_eq!(
        files[0], files[1],
        "the built-in reader writes what pdftotext writes"
    );
    assert_eq!(files[1], files[2]);
}

#[test]
fn a_scan_without_text_and_a_missing_pdftotext_get_clear_messages() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let scan = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf/scan.pdf");
    ingest(scan, &out, &[])
        .code(2)
        .stderr(predicate::str::contains("no text layer"));
    assert!(!out.exists());
    let missing = |engine: &str| {
        nianbao()
            .env("NIANBAO_PDFTOTEXT", temp.path().join("no-pdftotext"))
            .arg("ingest")
            .arg(PDF)
            .arg("--out")
            .arg(&out)
            .args(["--pdf-engine", engine])
            .assert()
    };
    missing("pdftotext")
        .code(2)
        .stderr(predicate::str::contains("pdftotext"))
        .stderr(predicate::str::contains("poppler-utils"))
        .stderr(predicate::str::contains("--pdf-engine builtin"));
    assert!(!out.exists());
    missing("auto")
        .code(0)
        .stdout(predicate::str::contains("read by the built-in reader"));
}

/// The fixture encrypted by lopdf: with a user password, or only against changes.
fn encrypted(user_password: &str) -> Vec<u8> {
    let mut doc = lopdf::Document::load(PDF).unwrap();
    if doc.trailer.get(b"ID").is_err() {
        let id = lopdf::Object::String(
            b"nianbao-test-id!".to_vec(),
            lopdf::StringFormat::Hexadecimal,
        );
        doc.trailer.set("ID", vec![id.clone(), id]);
    }
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::empty(),
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn an_encrypted_pdf_is_called_encrypted_and_one_only_protected_against_changes_is_read() {
    let temp = tempfile::tempdir().unwrap();
    let locked = temp.path().join("locked.pdf");
    fs::write(&locked, encrypted("secret")).unwrap();
    let out = temp.path().join("out");
    ingest(locked.to_str().unwrap(), &out, &[])
        .code(2)
        .stderr(predicate::str::contains("encrypted (password-protected)"))
        .stderr(predicate::str::contains("qpdf --decrypt"));
    assert!(!out.exists());
    let restricted = temp.path().join("restricted.pdf");
    fs::write(&restricted, encrypted("")).unwrap();
    ingest(restricted.to_str().unwrap(), &out, &[])
        .code(0)
        .stdout(predicate::str::contains("found: 2 chapters, 2 sections"));
    if have_pdftotext() {
        let out = temp.path().join("by-pdftotext");
        ingest(
            locked.to_str().unwrap(),
            &out,
            &["--pdf-engine", "pdftotext"],
        )
        .code(2)
        .stderr(predicate::str::contains("encrypted"));
    }
}

/// `--level` and `--publisher` go into report.csv; a level that is none is a usage error.
#[test]
fn ingest_records_the_level_and_publisher_given() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("haining");
    ingest(
        SEED,
        &out,
        &[
            "--id",
            "haining-2023",
            "--region",
            "海宁市",
            "--year",
            "2023",
            "--level",
            "county",
        ],
    )
    .code(0);
    let listed = nianbao()
        .arg("--data")
        .arg(&out)
        .args(["list", "reports", "--format", "json"])
        .output()
        .unwrap();
    let reports: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(reports[0]["level"], "county");
    assert_eq!(reports[0]["publisher"], "", "not given, not guessed");
    let other = temp.path().join("other");
    ingest(SEED, &other, &["--level", "town"])
        .code(1)
        .stderr(predicate::str::contains("level `town` is none of"));
    assert!(!other.exists());
    ingest(SEED, &other, &["--publisher", "海宁市教育局"]).code(0);
    let report = fs::read_to_string(other.join("report.csv")).unwrap();
    assert!(report.ends_with(",,海宁市教育局\n"), "{report}");
}

/// A school's report: its title gives level, year and the school itself; what the
/// command line gives wins, and the summary says which came from where.
#[test]
fn ingest_proposes_level_region_and_year_from_the_title() {
    let school = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/variants/school-2024-toc.txt"
    );
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("school");
    ingest(school, &out, &[])
        .code(0)
        .stdout(predicate::str::contains(
            "report.csv: title 「嘉南职业技术学校质量年度报告（2024）」 (guessed from the text): \
         level school (from the title), calendar_year 2024 (from the title), \
         the school 嘉南职业技术学校 (from the title)",
        ));
    let report = fs::read_to_string(out.join("report.csv")).unwrap();
    assert!(report.ends_with(",,,2024,school,\n"), "{report}");
    let schools = fs::read_to_string(out.join("schools.csv")).unwrap();
    assert!(schools.contains(",嘉南职业技术学校,"), "{schools}");

    let given = temp.path().join("given");
    ingest(school, &given, &["--year", "2025", "--region", "嘉南市"])
        .code(0)
        .stdout(predicate::str::contains(
            "level school (from the title), region 嘉南市 (given), calendar_year 2025 (given)",
        ));
    let report = fs::read_to_string(given.join("report.csv")).unwrap();
    assert!(report.ends_with(",嘉南市,,,2025,school,\n"), "{report}");
}

#[test]
fn boxes_without_a_number_or_with_another_label_are_listed_and_shown_by_their_ids() {
    // `list cases` once looked cases up by their printed number, which an unnumbered
    // 【案例】 does not have: it stopped on an internal error.
    let temp = tempfile::tempdir().unwrap();
    let input = temp.path().join("boxes.txt");
    fs::write(
        &input,
        "嘉禾市职业教育质量年度报告（2024年度）\n前言\n本报告记录全市中职学校一年来的发展成效。\n\
         一、发展基础\n全市共有中等职业学校12所，在校生3.2万人。\n\
         【案例】产教融合共同体建设\n嘉禾市商贸职业学校牵头组建产教融合共同体，吸引企业46家参与。\n\
         专栏1 乡村振兴\n禾川县中等专业学校开展农村电商培训，全年培训1200人次。\n\
         二、人才培养\n毕业生去向落实率98.1%。\n",
    )
    .unwrap();
    let out = temp.path().join("boxes");
    ingest(input.to_str().unwrap(), &out, &[]).code(0);
    let data = out.to_str().unwrap();
    let listed = nianbao()
        .args(["--data", data, "list", "cases", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let cases: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let ids: Vec<(&str, &str, &str)> = cases
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["label"].as_str().unwrap(),
                c["title"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("case:n1", "案例", "产教融合共同体建设"),
            ("case:1", "专栏", "乡村振兴")
        ]
    );
    nianbao()
        .args(["--data", data, "show", "case:n1"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("吸引企业46家参与"));
    nianbao()
        .args(["--data", data, "list", "cases"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("专栏"));
    // Each box is a slide of the deck (it once looked them up by number too).
    let deck = temp.path().join("deck");
    nianbao()
        .args([
            "--data", data, "export", "deck", "--format", "html", "--out",
        ])
        .arg(&deck)
        .assert()
        .code(0);
    let html = fs::read_to_string(deck.join("deck.html")).unwrap();
    for title in ["产教融合共同体建设", "乡村振兴"] {
        assert!(html.contains(title), "{title} has a slide");
    }
}

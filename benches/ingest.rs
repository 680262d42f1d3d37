//! Ingest costs: parsing the seed's text, and a 200-page synthetic report (the seed's
//! chapters repeated, renumbered) to show parsing grows linearly; reading a generated
//! 300-page PDF with the built-in reader and, where it is installed, with pdftotext.

#[path = "../tests/it/support/make_pdf.rs"]
mod make_pdf;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::ingest::parse_text;
use nianbao::ingest::pdf::extract_text;

const SEED: &str = include_str!("../data/reports/jiaxing-2023/source.txt");

/// A generated report of `chapters` chapters of 5 pages each.
fn synthetic_report(chapters: u32) -> String {
    let paragraph = "嘉兴市中等职业学校持续推进产教融合，在校生 51486 人，专任教师 3390 人，\n生师比 15.41:1，毕业去向落实率 99.55%，较上一学年略有上升。 \n";
    let mut text = String::from("前言 \n本报告为性能测试生成的合成文本。 \n");
    let mut page = 1;
    for chapter in 1..=chapters {
        text.push_str(&format!("{chapter} 第{chapter}章标题 \n"));
        for section in 1..=5 {
            text.push_str(&format!("{chapter}.{section} 小节标题 \n"));
            for _ in 0..8 {
                text.push_str(paragraph);
            }
            text.push_str(&format!("图 {}  合成图题 \n", (chapter - 1) * 5 + section));
            page += 1;
            text.push_str(&format!("\n\n{page}\n\u{c}"));
        }
    }
    text
}

fn ingest(c: &mut Criterion) {
    c.bench_function("parse the seed (37 pages)", |b| b.iter(|| parse_text(SEED)));
    let report = synthetic_report(40);
    let pages = parse_text(&report)
        .structure
        .paragraphs
        .last()
        .map_or(0, |p| p.page);
    assert!(pages >= 200, "{pages} pages");
    c.bench_function("parse a synthetic report (200 pages)", |b| {
        b.iter(|| parse_text(&report))
    });
}

/// The built-in reader against pdftotext on a generated 300-page PDF.
fn pdf(c: &mut Criterion) {
    let pdf = make_pdf::pdf_from_text(&synthetic_report(60));
    let read = extract_text(&pdf).expect("readable");
    assert_eq!(read.pages, 300);
    let dir = std::env::temp_dir().join(format!("nianbao-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("report-300-pages.pdf");
    std::fs::write(&path, &pdf).expect("written");
    eprintln!("{}: {} bytes, 300 pages", path.display(), pdf.len());
    let mut group = c.benchmark_group("read a 300-page PDF");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("built-in reader", |b| b.iter(|| extract_text(&pdf)));
    let pdftotext = std::env::var_os("NIANBAO_PDFTOTEXT").unwrap_or_else(|| "pdftotext".into());
    let run = || {
        std::process::Command::new(&pdftotext)
            .args(["-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
    };
    match run() {
        Ok(output) if output.status.success() => {
            group.bench_function("pdftotext", |b| b.iter(run));
        }
        _ => eprintln!("pdftotext does not run here: only the built-in reader is measured"),
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, ingest, pdf);
criterion_main!(benches);

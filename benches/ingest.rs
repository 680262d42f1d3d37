//! Ingest costs: parsing the seed's text, and a 200-page synthetic report (the seed's
//! chapters repeated, renumbered) to show parsing grows linearly.

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::ingest::parse_text;

const SEED: &str = include_str!("../data/reports/jiaxing-2023/source.txt");

/// About 200 pages: a generated report with 40 chapters of 5 pages each.
fn synthetic_report() -> String {
    let paragraph = "嘉兴市中等职业学校持续推进产教融合，在校生 51486 人，专任教师 3390 人，\n生师比 15.41:1，毕业去向落实率 99.55%，较上一学年略有上升。 \n";
    let mut text = String::from("前言 \n本报告为性能测试生成的合成文本。 \n");
    let mut page = 1;
    for chapter in 1..=40 {
        text.push_str(&format!("{chapter} 第{chapter}章标题 \n"));
        for section in 1..=5 {
            text.push_str(&format!("{chapter}.{section} 小节标题 \n"));
            for _ in 0..8 {
                text.push_str(paragraph);
            }
            text.push_str(&format!("图 {}  合成图题 \n", (chapter - 1) * 5 + section));
            page += 1;
            text.push_str(&format!("{page}\n\u{c}"));
        }
    }
    text
}

fn ingest(c: &mut Criterion) {
    c.bench_function("parse the seed (37 pages)", |b| b.iter(|| parse_text(SEED)));
    let report = synthetic_report();
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

criterion_group!(benches, ingest);
criterion_main!(benches);

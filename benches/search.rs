//! Start-up and keystroke costs: loading the embedded dataset (parse + validate), building
//! the search index, and one search per keystroke as a person types.

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::dataset::Dataset;
use nianbao::search::{SearchIndex, SearchKind};

fn startup(c: &mut Criterion) {
    c.bench_function("load embedded dataset", |b| {
        b.iter(|| Dataset::embedded().unwrap())
    });
    let dataset = Dataset::embedded().unwrap();
    c.bench_function("build search index", |b| {
        b.iter(|| SearchIndex::build(&dataset.reports))
    });
}

fn keystrokes(c: &mut Criterion) {
    let dataset = Dataset::embedded().unwrap();
    let index = SearchIndex::build(&dataset.reports);
    let mut group = c.benchmark_group("keystroke");
    for query in [
        "j",
        "jx",
        "jxjs",
        "jiaxingjishi",
        "嘉兴技师",
        "graduate destination",
        "44.31%",
    ] {
        group.bench_function(query, |b| b.iter(|| index.search(query, None, 50)));
    }
    group.bench_function("jxjs --kind paragraph", |b| {
        b.iter(|| index.search("jxjs", Some(SearchKind::Paragraph), 50))
    });
    group.finish();
}

criterion_group!(benches, startup, keystrokes);
criterion_main!(benches);

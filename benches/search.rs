//! Start-up and keystroke costs: loading the embedded dataset (parse + validate), building
//! the search index, one search per keystroke as a person types, and a reader keystroke
//! with the frame it draws.

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

/// A keystroke in the reader and the frame it draws (120×40), as the explorer does it:
/// parse the key, apply the action, draw, and encode the changed cells for the terminal.
fn reader_frame(c: &mut Criterion) {
    use nianbao::app::App;
    use nianbao::settings::ThemeName;
    use nianbao::tui::Session;
    use nianbao::ui::Theme;
    let mut app = App::new(Dataset::embedded().unwrap(), 0, (120, 40));
    app.open_item(&nianbao::model::ItemRef::Chapter(2));
    let mut session = Session::new(app, Theme::new(ThemeName::Dark, true));
    let mut out = Vec::new();
    session.render(&mut out);
    let mut down = true;
    c.bench_function("reader keystroke and frame", |b| {
        b.iter(|| {
            // Scroll back and forth so the position stays inside the chapter.
            session.feed(if down { b"j" } else { b"k" });
            down = !down;
            out.clear();
            session.render(&mut out);
        })
    });
}

criterion_group!(benches, startup, keystrokes, reader_frame);
criterion_main!(benches);

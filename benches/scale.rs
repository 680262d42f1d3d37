//! The explorer on 1, 100 and 1 000 synthetic reports (in `target/scale-reports/`): first
//! frame, finder keystroke, and every report's titles searched, texts shared or not, and
//! read from the collection index; the collection index of 100 and 1 000 of them opened
//! up to date, and what `list reports` reads of it.

#[path = "../tests/it/support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nianbao::app::App;
use nianbao::dataset::Catalog;
use nianbao::dataset::index::Indexed;
use nianbao::search::SearchIndex;
use nianbao::settings::ThemeName;
use nianbao::tui::Session;
use nianbao::ui::Theme;

const COUNTS: [usize; 3] = [1, 100, 1000];

/// A directory of `count` synthetic reports, generated the first time.
fn reports(count: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/scale-reports")
        .join(count.to_string());
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        synth::generate(count, &dir).expect("writing the synthetic reports");
        // Past the collection index's "racily clean" window (docs/dataset.md): files
        // this new would be read again by every open of the index.
        std::thread::sleep(Duration::from_secs(3));
        std::fs::write(&done, b"").expect("marking them complete");
    }
    dir
}

/// The explorer on the directory, its first frame drawn (120×40, as the terminal would
/// get it).
fn first_frame(dir: &Path) -> Session {
    let catalog = Catalog::open(dir).expect("the synthetic reports load");
    let app = App::new(catalog, 0, (120, 40));
    let mut session = Session::new(app, Theme::new(ThemeName::Dark, true));
    let mut out = Vec::new();
    session.render(&mut out);
    session
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("first frame");
    group.sample_size(10);
    for count in COUNTS {
        let dir = reports(count);
        group.bench_with_input(BenchmarkId::from_parameter(count), &dir, |b, dir| {
            b.iter(|| first_frame(dir))
        });
    }
    group.finish();
}

/// The last letter of `zhiye` (职业, in every report) typed into the finder and drawn,
/// after `keys` (which open the finder, type the rest and choose the scope); the letter
/// is deleted again between samples, untimed.
fn keystroke(session: &mut Session, keys: &[u8]) -> impl FnMut(u64) -> Duration {
    let mut out = Vec::new();
    session.feed(keys);
    session.render(&mut out);
    move |iterations| {
        let mut total = Duration::ZERO;
        for _ in 0..iterations {
            session.feed(b"\x7f");
            out.clear();
            session.render(&mut out);
            let start = Instant::now();
            session.feed(b"e");
            out.clear();
            session.render(&mut out);
            total += start.elapsed();
        }
        total
    }
}

fn finder(c: &mut Criterion) {
    for (name, keys) in [
        ("finder keystroke, open report", &b"/zhiye"[..]),
        ("finder keystroke, all reports", &b"/zhiye\x12"[..]),
    ] {
        let mut group = c.benchmark_group(name);
        group.sample_size(20);
        for count in COUNTS {
            let mut session = first_frame(&reports(count));
            let mut timed = keystroke(&mut session, keys);
            group.bench_function(BenchmarkId::from_parameter(count), |b| {
                b.iter_custom(&mut timed)
            });
        }
        group.finish();
    }
}

/// `zhiye` searched in the titles and names of the 1 000 reports, as the finder's last
/// keystroke does: with each distinct text matched once (shared), and with every entry's
/// own (nothing shared: what reports with no title or name in common would cost).
fn every_title(c: &mut Criterion) {
    let catalog = Catalog::open(&reports(1000)).expect("the synthetic reports load");
    let shared = SearchIndex::titles_of_each(catalog.len(), |i| catalog.report_once(i).ok());
    let (fields, distinct) = shared.text_counts();
    eprintln!(
        "titles of 1000 reports: {} entries, {fields} fields, {distinct} distinct texts ({:.1} %)",
        shared.len(),
        distinct as f64 * 100.0 / fields as f64
    );
    let apart = shared.with_no_text_shared();
    let mut group = c.benchmark_group("search every report's titles");
    group.sample_size(20);
    for (name, index) in [("shared", &shared), ("nothing shared", &apart)] {
        group.bench_function(BenchmarkId::new(name, 1000), |b| {
            b.iter(|| index.search_in(None, "zhiye", None, 200))
        });
    }
    group.finish();
}

/// The collection index opened and brought up to date when nothing changed (every
/// report's files' metadata read, the `reports` table read), alone and with what `list
/// reports` takes of it (the catalog; a report that does not load is in its rows). Built once, untimed, before.
fn collection_index(c: &mut Criterion) {
    let open = |dir: &Path| {
        let mut notices = Vec::new();
        let index = Indexed::open(dir, &mut notices, &|_, _| {})
            .expect("the index opens")
            .expect("a collection has an index");
        assert!(notices.is_empty(), "{notices:?}");
        index
    };
    let mut group = c.benchmark_group("collection index, up to date");
    group.sample_size(10);
    for count in [100, 1000] {
        let dir = reports(count);
        open(&dir);
        group.bench_with_input(BenchmarkId::new("open", count), &dir, |b, dir| {
            b.iter(|| open(dir))
        });
        group.bench_with_input(
            BenchmarkId::new("open, list reports' catalog", count),
            &dir,
            |b, dir| {
                b.iter(|| {
                    let index = open(dir);
                    let catalog = index.catalog().expect("the catalog reads");
                    catalog.len()
                })
            },
        );
    }
    group.finish();
}

/// Every report's titles read from the collection index (brought up to date, as the
/// explorer's first Ctrl-R does it), and `zhiye` searched in that index.
fn titles_from_the_index(c: &mut Criterion) {
    let dir = reports(1000);
    let open = || {
        let mut notices = Vec::new();
        Indexed::open(&dir, &mut notices, &|_, _| {})
            .expect("the index opens")
            .expect("a collection has one")
    };
    // Built once, untimed (every report read into it).
    let catalog = Catalog::open(&dir).expect("the synthetic reports load");
    let stored = open().search_titles(&catalog).expect("the titles are read");
    let mut group = c.benchmark_group("titles from the collection index");
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("opened and read", 1000), |b| {
        b.iter(|| open().search_titles(&catalog).expect("the titles are read"))
    });
    group.bench_function(BenchmarkId::new("search zhiye", 1000), |b| {
        b.iter(|| stored.search_in(None, "zhiye", None, 200))
    });
    group.finish();
}

criterion_group!(
    benches,
    load,
    finder,
    every_title,
    collection_index,
    titles_from_the_index
);
criterion_main!(benches);

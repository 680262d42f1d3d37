//! Every report's titles from the collection index (`Indexed::search_titles`): the
//! explorer's Ctrl-R finds what it finds with every report loaded, hit for hit and in
//! the same order, a changed report is picked up, and a report that does not load is
//! left out as loading leaves it out.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use nianbao::app::{Action, App};
use nianbao::dataset::Catalog;
use nianbao::dataset::index::{INDEX_FILE, Indexed};
use nianbao::search::{Hit, SearchIndex, SearchKind};

use crate::scale::break_report;
use crate::support::synth;

/// The index of the collection at `dir`, brought up to date.
fn indexed(dir: &Path) -> Indexed {
    let mut notices = Vec::new();
    let index = Indexed::open(dir, &mut notices, &|_, _| {})
        .unwrap()
        .expect("a collection has an index");
    assert!(notices.is_empty(), "{notices:?}");
    index
}

/// Sets the English name of the first indicator of the report in `directory`.
fn rename_first_indicator(directory: &Path, english: &str) {
    let path = directory.join("indicators.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header = reader.headers().unwrap().clone();
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let column = header.iter().position(|h| h == "name_en").unwrap();
    rows[0][column] = english.to_string();
    let mut writer = csv::Writer::from_path(&path).unwrap();
    writer.write_record(&header).unwrap();
    for row in rows {
        writer.write_record(&row).unwrap();
    }
    writer.flush().unwrap();
}

const QUERIES: [&str; 7] = [
    "zhiye",
    "jsxy",
    "毕业生",
    "graduate destination",
    "案例7",
    "j",
    "quokka",
];

/// A hit with what the finder shows of its entry.
fn shown(index: &SearchIndex, hits: Vec<Hit>) -> Vec<(Hit, usize, String)> {
    hits.into_iter()
        .map(|hit| {
            let entry = index.entry(&hit);
            let label = format!("{} {} {}", entry.kind.name(), entry.item, entry.title);
            (hit, entry.report, label)
        })
        .collect()
}

/// The index from the collection index gives what the one made by loading every
/// report gives: the same entries and texts, and every search the same hits.
fn assert_same_search(stored: &SearchIndex, loaded: &SearchIndex) {
    assert_eq!(stored.len(), loaded.len());
    assert_eq!(stored.text_counts(), loaded.text_counts());
    for query in QUERIES {
        for kind in [None, Some(SearchKind::School), Some(SearchKind::Indicator)] {
            for limit in [200, 3] {
                assert_eq!(
                    shown(stored, stored.search(query, kind, limit)),
                    shown(loaded, loaded.search(query, kind, limit)),
                    "{query} {kind:?} {limit}"
                );
            }
        }
    }
}

fn loaded_titles(catalog: &Catalog) -> SearchIndex {
    SearchIndex::titles_of_each(catalog.len(), |i| catalog.report_once(i).ok())
}

#[test]
fn titles_from_the_index_search_as_the_loaded_reports_do() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("reports");
    let ids = synth::generate(6, &dir).unwrap();
    break_report(&dir.join(&ids[4]));
    let catalog = Catalog::open(&dir).unwrap();
    assert!(!Indexed::is_current(&dir), "no index yet");
    let stored = indexed(&dir).search_titles(&catalog).unwrap();
    assert!(Indexed::is_current(&dir));
    let loaded = loaded_titles(&catalog);
    assert_same_search(&stored, &loaded);
    let reports: std::collections::BTreeSet<usize> = stored
        .search("zhiye", None, usize::MAX)
        .iter()
        .map(|hit| stored.entry(hit).report)
        .collect();
    assert_eq!(reports.into_iter().collect::<Vec<_>>(), [0, 1, 2, 3, 5]);
    assert!(stored.search("quokka", None, 10).is_empty());

    // A changed report is read again, and its old texts dropped from the index.
    rename_first_indicator(&dir.join(&ids[2]), "Quokka count");
    let stored = indexed(&dir).search_titles(&catalog).unwrap();
    assert_same_search(&stored, &loaded_titles(&catalog));
    let found = stored.search("quokka", None, 10);
    assert_eq!(found.len(), 1);
    assert_eq!(stored.entry(&found[0]).report, 2);
    rename_first_indicator(&dir.join(&ids[2]), "Wombat count");
    indexed(&dir);
    let file = rusqlite::Connection::open(dir.join(INDEX_FILE)).unwrap();
    let kept = |text: &str| -> i64 {
        file.query_row(
            "SELECT count(*) FROM search_texts WHERE content = ?1",
            [text],
            |row| row.get(0),
        )
        .unwrap()
    };
    assert_eq!((kept("Quokka count"), kept("Wombat count")), (0, 1));
    // An index another version wrote is made anew when opened: the explorer leaves it.
    file.execute(
        "UPDATE meta SET value = 'another' WHERE key = 'nianbao'",
        [],
    )
    .unwrap();
    assert!(!Indexed::is_current(&dir));
}

/// The finder's hits after Ctrl-R, with what it shows of each.
fn every_report_hits(app: &mut App, query: &str, tabs: usize) -> Vec<(Hit, usize, String)> {
    app.apply(Action::OpenFinder);
    app.apply(Action::ToggleReports);
    for _ in 0..tabs {
        app.apply(Action::NextKind);
    }
    app.apply(Action::Paste(query.to_string()));
    let hits = app.finder.as_ref().unwrap().hits.clone();
    let found = shown(app.index(), hits);
    app.apply(Action::Escape);
    found
}

#[test]
fn the_explorer_finds_in_every_report_from_the_index_what_it_finds_loading_them() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("reports");
    synth::generate(4, &dir).unwrap();
    indexed(&dir);
    let asked = Arc::new(AtomicUsize::new(0));
    let (counter, collection) = (Arc::clone(&asked), dir.clone());
    let mut from_index = App::new(Catalog::open(&dir).unwrap(), 1, (120, 40)).with_titles_source(
        Box::new(move |catalog: &Catalog| {
            counter.fetch_add(1, Ordering::SeqCst);
            Some(indexed(&collection).search_titles(catalog).unwrap())
        }),
    );
    let mut loading = App::new(Catalog::open(&dir).unwrap(), 1, (120, 40));
    for query in QUERIES {
        for tabs in [0, 3, 5] {
            assert_eq!(
                every_report_hits(&mut from_index, query, tabs),
                every_report_hits(&mut loading, query, tabs),
                "{query} {tabs}"
            );
        }
    }
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "asked once, at the first Ctrl-R"
    );
    assert!(!every_report_hits(&mut from_index, "zhiye", 0).is_empty());
}

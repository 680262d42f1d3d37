//! Many synthetic reports at once: loaded on demand as with the rest, the same hits among
//! many as alone, and a broken report named by `check` without stopping the others.

use crate::support;
use crate::support::synth;

use std::path::{Path, PathBuf};

use nianbao::app::{Action, App};
use nianbao::dataset::{Catalog, Dataset};
use nianbao::model::Report;
use nianbao::search::{Hit, SearchIndex, SearchKind, Tier};
use predicates::str::contains;

/// `count` synthetic reports in a temporary directory.
fn generated(count: usize) -> (tempfile::TempDir, PathBuf, Vec<String>) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("reports");
    let ids = synth::generate(count, &dir).unwrap();
    (temp, dir, ids)
}

fn json(report: &Report) -> String {
    serde_json::to_string(report).unwrap()
}

#[test]
fn synthetic_reports_pass_the_checks_and_say_they_are_synthetic() {
    let (_temp, dir, ids) = generated(3);
    // Loading checks every figure against its source sentence in the text.
    let dataset = Dataset::from_dir(&dir).expect("the variants are valid datasets");
    let seed = Dataset::embedded().unwrap().reports.remove(0);
    let years: std::collections::BTreeSet<&str> = dataset
        .reports
        .iter()
        .map(|r| r.meta.calendar_year.as_str())
        .collect();
    assert_eq!(years.len(), 3, "{years:?}");
    for (report, id) in dataset.reports.iter().zip(&ids) {
        assert_eq!(&report.meta.id, id);
        assert!(id.starts_with("synthetic-"), "{id}");
        assert!(
            report.meta.title.contains("合成数据"),
            "{}",
            report.meta.title
        );
        assert!(report.meta.title_en.starts_with("SYNTHETIC"));
        assert!(report.meta.region.contains("虚构"));
        assert!(!report.meta.region.contains("嘉兴"));
        let changed = report
            .indicators
            .iter()
            .zip(&seed.indicators)
            .filter(|(variant, seed)| !variant.value_text.is_empty() && variant.value != seed.value)
            .count();
        assert!(
            changed > report.indicators.len() / 2,
            "{id}: {changed} figures changed"
        );
    }
}

#[test]
fn a_thousand_variants_have_a_thousand_ids() {
    // Each id is a directory: two variants with one id would leave one report, not two.
    let ids: std::collections::BTreeSet<String> =
        (0..1000).map(|n| synth::Variant::new(n).id).collect();
    assert_eq!(ids.len(), 1000);
}

#[test]
fn a_report_loaded_on_demand_is_the_report_loaded_with_the_rest() {
    let (_temp, dir, ids) = generated(3);
    let eager = Dataset::from_dir(&dir).unwrap();
    let catalog = Catalog::open(&dir).unwrap();
    let catalogued: Vec<&str> = catalog.metas().map(|m| m.id.as_str()).collect();
    assert_eq!(catalogued, ids);
    for (i, report) in eager.reports.iter().enumerate() {
        assert_eq!(json(&catalog.report_once(i).unwrap()), json(report));
        assert_eq!(json(catalog.report(i).unwrap()), json(report));
    }
    assert!(catalog.report(3).is_err());
}

/// The finder's hits for `query`, in order: report, then kind, item and title.
fn hits(app: &mut App, query: &str, all_reports: bool) -> Vec<(usize, String)> {
    finder_hits(app, query, all_reports)
        .into_iter()
        .map(|(report, label, _)| (report, label))
        .collect()
}

/// The finder's hits for `query` with their report, label and how each matched.
fn finder_hits(app: &mut App, query: &str, all_reports: bool) -> Vec<(usize, String, Tier)> {
    app.apply(Action::OpenFinder);
    if all_reports {
        app.apply(Action::ToggleReports);
    }
    app.apply(Action::Paste(query.to_string()));
    let finder = app.finder.as_ref().unwrap();
    let found = finder
        .hits
        .iter()
        .map(|hit| {
            let entry = app.index().entry(hit);
            let label = format!("{} {} {}", entry.kind.name(), entry.item, entry.title);
            (entry.report, label, hit.tier)
        })
        .collect();
    app.apply(Action::Escape);
    found
}

fn labels(hits: Vec<(usize, String)>) -> Vec<String> {
    hits.into_iter().map(|(_, label)| label).collect()
}

#[test]
fn the_finder_finds_in_one_report_among_many_what_it_finds_in_that_report_alone() {
    let (_temp, dir, ids) = generated(5);
    let mut many = App::new(Catalog::open(&dir).unwrap(), 3, (120, 40));
    let mut alone = App::new(Catalog::open(&dir.join(&ids[3])).unwrap(), 0, (120, 40));
    assert_eq!(many.report().meta.id, ids[3]);
    for query in ["zhiye", "jsxy", "毕业生", "graduate destination", "案例7"] {
        let expected = labels(hits(&mut alone, query, false));
        assert!(!expected.is_empty(), "{query}");
        assert_eq!(labels(hits(&mut many, query, false)), expected, "{query}");
    }
}

#[test]
fn every_report_searched_gives_each_report_its_title_hits() {
    let (_temp, dir, ids) = generated(3);
    let mut many = App::new(Catalog::open(&dir).unwrap(), 0, (120, 40));
    let query = "jsxy";
    let every = hits(&mut many, query, true);
    assert!(every.len() < nianbao::app::finder::MAX_HITS, "none cut");
    for (i, id) in ids.iter().enumerate() {
        let mut alone = App::new(Catalog::open(&dir.join(id)).unwrap(), 0, (120, 40));
        let expected = hits(&mut alone, query, false);
        let titles = hits_with_tiers(&mut alone, query);
        let found: Vec<String> = every
            .iter()
            .filter(|(report, _)| *report == i)
            .map(|(_, label)| label.clone())
            .collect();
        assert!(!found.is_empty(), "{id}");
        // Every report's titles and names are searched, not their text: the hits are
        // among the report's own (ranked by titles alone, so perhaps in another order),
        // and include every one it has in a title or name.
        let own = labels(expected);
        assert!(found.iter().all(|l| own.contains(l)), "{id}: {found:?}");
        assert!(
            titles.iter().any(|(_, tier)| *tier != Tier::Body),
            "{id}: no title or name hit to look for"
        );
        for (label, tier) in titles {
            assert!(
                tier == Tier::Body || found.contains(&label),
                "{id}: {label}"
            );
        }
    }
}

/// The finder's hits in the open report, with how each matched.
fn hits_with_tiers(app: &mut App, query: &str) -> Vec<(String, Tier)> {
    finder_hits(app, query, false)
        .into_iter()
        .map(|(_, label, tier)| (label, tier))
        .collect()
}

/// Breaks a report: a word of its text changed, so sentences quoted in its curated
/// files are no longer found.
pub(crate) fn break_report(dir: &Path) {
    let source = dir.join("source.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replace("职业", "执业")).unwrap();
}

#[test]
fn a_broken_report_is_named_by_check_and_the_others_still_list_and_open() {
    let (_temp, dir, ids) = generated(3);
    break_report(&dir.join(&ids[1]));
    let broken = dir.join(&ids[1]).join("indicators.csv");
    support::nianbao()
        .arg("check")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(contains(format!("{}:", broken.display())));
    // Over every report, list answers from the others and names it (exit 4); with
    // --strict it fails the same way as check; over a sound one it lists.
    support::nianbao()
        .arg("--data")
        .arg(&dir)
        .args(["list", "chapters"])
        .assert()
        .code(4)
        .stderr(contains(format!("left out: {}", ids[1])));
    support::nianbao()
        .arg("--data")
        .arg(&dir)
        .args(["--strict", "list", "chapters"])
        .assert()
        .code(2)
        .stderr(contains(format!("{}:", broken.display())));
    support::nianbao()
        .arg("--data")
        .arg(&dir)
        .args(["--report", &ids[2], "list", "chapters"])
        .assert()
        .success();
    // The explorer opens on a sound report; searching every report leaves the broken one
    // out.
    let mut app = App::new(Catalog::open(&dir).unwrap(), 0, (120, 40));
    let every = hits(&mut app, "jsxy", true);
    let reports: std::collections::BTreeSet<usize> = every.iter().map(|(r, _)| *r).collect();
    assert_eq!(reports.into_iter().collect::<Vec<_>>(), [0, 2]);
}

#[test]
fn a_hit_in_a_report_broken_since_it_was_searched_keeps_the_explorer_where_it_is() {
    let (_temp, dir, ids) = generated(3);
    let mut app = App::new(Catalog::open(&dir).unwrap(), 0, (120, 40));
    app.apply(Action::OpenFinder);
    app.apply(Action::ToggleReports);
    app.apply(Action::Paste("jsxy".to_string()));
    break_report(&dir.join(&ids[2]));
    let finder = app.finder.as_ref().unwrap();
    let in_broken = finder
        .hits
        .iter()
        .position(|hit| app.index().entry(hit).report == 2)
        .expect("a hit in the third report");
    app.finder.as_mut().unwrap().selected = in_broken;
    app.apply(Action::Select);
    assert_eq!(app.report().meta.id, ids[0]);
    assert!(app.finder.is_some(), "the finder stays open");
    let notice = app.notice.clone().unwrap_or_default();
    assert!(
        notice.starts_with(&format!("Cannot open {}: ", ids[2])),
        "{notice}"
    );
    assert!(notice.contains("indicators.csv:"), "{notice}");
    assert!(
        notice.ends_with("(nianbao check lists every problem)"),
        "{notice}"
    );
}

#[test]
fn list_over_many_reports_gives_each_reports_records_in_turn() {
    let (_temp, dir, ids) = generated(3);
    let list = |args: &[&str]| {
        let output = support::nianbao()
            .arg("--data")
            .arg(&dir)
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let all: serde_json::Value =
        serde_json::from_str(&list(&["list", "indicators", "--format", "json"])).unwrap();
    let mut each = Vec::new();
    let mut lines = String::new();
    for id in &ids {
        let one = list(&["--report", id, "list", "indicators", "--format", "json"]);
        let one: serde_json::Value = serde_json::from_str(&one).unwrap();
        each.extend(one.as_array().unwrap().iter().cloned());
        lines.push_str(&list(&[
            "--report",
            id,
            "list",
            "indicators",
            "--format",
            "jsonl",
        ]));
    }
    assert_eq!(all, serde_json::Value::Array(each));
    assert_eq!(list(&["list", "indicators", "--format", "jsonl"]), lines);
}

#[test]
fn the_first_search_of_every_report_is_announced_in_a_frame_before_it_starts() {
    use nianbao::settings::ThemeName;
    use nianbao::tui::Session;
    use nianbao::ui::Theme;
    use std::time::Duration;
    let (_temp, dir, _) = generated(3);
    let session = || {
        let app = App::new(Catalog::open(&dir).unwrap(), 0, (120, 40)).announcing_slow_work();
        Session::new(app, Theme::new(ThemeName::Dark, true))
    };
    let mut out = Vec::new();
    let mut announced = session();
    announced.feed(b"/jsxy\x12");
    announced.render(&mut out);
    let frame = String::from_utf8_lossy(&out);
    assert!(
        frame.contains("Reading the titles of all 3 reports"),
        "{frame}"
    );
    // The runtime is told to settle again at once, and then the index is built.
    assert_eq!(announced.patience(), Some(Duration::ZERO));
    announced.flush_input();
    assert_eq!(announced.patience(), None);
    let app = announced.app();
    let reports: std::collections::BTreeSet<usize> = app
        .finder
        .as_ref()
        .unwrap()
        .hits
        .iter()
        .map(|h| app.index().entry(h).report)
        .collect();
    assert_eq!(reports.into_iter().collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(app.notice, None);
    // Given up before it is built (Ctrl-R again, or Esc): nothing is left waiting.
    for undo in [&b"\x12"[..], b"\x1b"] {
        let mut given_up = session();
        given_up.feed(b"/jsxy\x12");
        assert_eq!(given_up.patience(), Some(Duration::ZERO));
        given_up.feed(undo);
        given_up.flush_input();
        assert_eq!(given_up.patience(), None, "{undo:?}");
    }
}

/// The Compare view reads every report when it first opens: a frame says so first, then
/// the runtime settles at once and the view opens on what it read.
#[test]
fn the_compare_view_announces_reading_every_report() {
    use nianbao::settings::ThemeName;
    use nianbao::tui::Session;
    use nianbao::ui::Theme;
    use std::time::Duration;
    let (_temp, dir, _) = generated(3);
    let app = App::new(Catalog::open(&dir).unwrap(), 0, (120, 40)).announcing_slow_work();
    let mut session = Session::new(app, Theme::new(ThemeName::Dark, true));
    let mut out = Vec::new();
    session.feed(b"C");
    session.render(&mut out);
    let frame = String::from_utf8_lossy(&out);
    assert!(
        frame.contains("Reading the figures of all 3 reports"),
        "{frame}"
    );
    assert!(!session.app().compare.open);
    assert_eq!(session.patience(), Some(Duration::ZERO));
    session.flush_input();
    assert_eq!(session.patience(), None);
    let app = session.app();
    assert!(app.compare.open);
    assert_eq!(app.notice, None);
    assert_eq!(app.compare.reports.iter().flatten().count(), 3);
    assert!(!app.compare_rows().is_empty());
}

#[test]
fn texts_shared_between_reports_are_matched_once_and_find_the_same_hits_as_each_alone() {
    // Variants of one place (names shared) and copies of the embedded report under other
    // places (names of their own), in one index of every report's titles.
    let (_temp, dir, _) = generated(3);
    let (_several_temp, several_dir) = support::several::several_reports();
    let catalogs = [
        Catalog::open(&dir).unwrap(),
        Catalog::open(&several_dir).unwrap(),
    ];
    let dataset = Dataset::from_dir(&several_dir).unwrap();
    let report = |i: usize| match i {
        0..3 => catalogs[0].report_once(i).ok(),
        _ => catalogs[1].report_once(i - 3).ok(),
    };
    let titles = SearchIndex::titles_of_each(6, report);
    let (fields, distinct) = titles.text_counts();
    assert!(distinct * 2 < fields, "{distinct} distinct of {fields}");
    // Running text too: every report's whole index, bodies and glosses shared.
    let whole = SearchIndex::build(&dataset.reports);
    let queries = [
        "zhiye",
        "jsxy",
        "毕业生",
        "生师比",
        "graduate destination",
        "案例7",
        "phzz",
        "j",
        "44.31%",
        "^嘉兴",
        "学校 !职业",
        "jx技师",
        "hnws",
    ];
    let kinds = [None, Some(SearchKind::School), Some(SearchKind::Paragraph)];
    for index in [&titles, &whole] {
        let apart = index.with_no_text_shared();
        assert_eq!(apart.text_counts().0, apart.text_counts().1);
        for query in queries {
            for kind in kinds {
                for (scope, limit) in [(None, 200), (None, 7), (Some(4), 200), (Some(1), 5)] {
                    let shared = index.search_in(scope, query, kind, limit);
                    let alone = apart.search_in(scope, query, kind, limit);
                    assert_eq!(shared, alone, "{query} {kind:?} {scope:?} {limit}");
                    let label = |i: &SearchIndex, h: &Hit| {
                        let e = i.entry(h);
                        (e.report, e.item.to_string())
                    };
                    let (a, b): (Vec<_>, Vec<_>) = (
                        shared.iter().map(|h| label(index, h)).collect(),
                        alone.iter().map(|h| label(&apart, h)).collect(),
                    );
                    assert_eq!(a, b, "{query} {kind:?} {scope:?} {limit}");
                }
            }
        }
        assert!(!index.search("zhiye", None, 200).is_empty());
    }
}

#[test]
fn with_a_waker_every_report_is_searched_in_the_background_and_the_keys_drawn_at_once() {
    use nianbao::settings::ThemeName;
    use nianbao::tui::Session;
    use nianbao::ui::Theme;
    use std::sync::{Arc, mpsc};
    use std::time::Duration;
    let (_temp, dir, _) = generated(3);
    let mut at_once = App::new(Catalog::open(&dir).unwrap(), 0, (120, 40));
    // The search's thread wakes the runtime after it has sent its hits, so a wake may
    // come a moment after the hits are taken: each is waited for, not counted at once.
    let (woke, wakes) = mpsc::channel();
    let app = App::new(Catalog::open(&dir).unwrap(), 0, (120, 40)).with_search_waker(Arc::new(
        move || {
            let _ = woke.send(());
        },
    ));
    let wait = Duration::from_secs(60);
    let mut session = Session::new(app, Theme::new(ThemeName::Dark, true));
    let shown = |session: &Session| {
        let app = session.app();
        let finder = app.finder.as_ref().unwrap();
        let hits: Vec<(usize, String)> = finder
            .hits
            .iter()
            .map(|hit| {
                let entry = app.index().entry(hit);
                let label = format!("{} {} {}", entry.kind.name(), entry.item, entry.title);
                (entry.report, label)
            })
            .collect();
        (hits, finder.searching)
    };
    let frame = |session: &mut Session| {
        let mut out = Vec::new();
        session.render(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    };
    // The keys are drawn before the search ends (it is taken only when asked for).
    session.feed(b"/jsxy\x12");
    assert!(frame(&mut session).contains("searching…"));
    assert_eq!(shown(&session), (Vec::new(), true));
    session.collect_search(true);
    let jsxy = hits(&mut at_once, "jsxy", true);
    assert!(!jsxy.is_empty());
    assert_eq!(shown(&session), (jsxy.clone(), false));
    assert!(!frame(&mut session).contains("searching…"));
    // The next key keeps the previous hits on screen until its own are ready.
    session.feed(b"\x7f");
    assert!(frame(&mut session).contains("searching…"));
    assert_eq!(shown(&session), (jsxy, true));
    session.collect_search(true);
    assert_eq!(shown(&session), (hits(&mut at_once, "jsx", true), false));
    for search in ["jsxy", "jsx"] {
        assert_eq!(
            wakes.recv_timeout(wait),
            Ok(()),
            "the search for {search} woke"
        );
    }
    assert!(wakes.try_recv().is_err(), "two searches, two wakes");
    // Keys typed while a search is under way are searched when it ends.
    session.feed(b"y");
    session.feed(b"\x7f\x7f");
    session.collect_search(true);
    assert!(shown(&session).1, "the query changed: searched again");
    session.collect_search(true);
    assert_eq!(shown(&session), (hits(&mut at_once, "js", true), false));
}

/// Variant numbers across `0..20_000`: for each first syllable (玥 `yue`, whose
/// places once broke, and the homophones numbered `lan2`, `qing2`, `feng2`, `yan2`,
/// `yun2` among them), its first place's first and last years and a place in its middle;
/// `synthetic-yuezhu-2014`; and the places past the first round of names, to the last.
fn sample_across_the_id_range() -> Vec<usize> {
    let places = 40 * 39;
    let mut numbers: Vec<usize> = (0..40)
        .flat_map(|first| {
            let place = first * 39;
            [place * 10, place * 10 + 9, (place + 20) * 10 + 4]
        })
        .collect();
    numbers.extend([8370, places * 10 - 1, places * 10, places * 10 + 5, 19_999]);
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

#[test]
fn variants_across_the_whole_id_range_load_clean() {
    let temp = tempfile::tempdir().unwrap();
    let numbers = sample_across_the_id_range();
    let ids = synth::generate_only(numbers.iter().copied(), temp.path()).unwrap();
    for wanted in [
        "synthetic-yuezhu-2014",
        "synthetic-yuehe-2014",
        "synthetic-lan2he-2023",
        "synthetic-yun2he-2014",
        "synthetic-shifeng-1-2023",
    ] {
        assert!(ids.iter().any(|id| id == wanted), "{wanted} in {ids:?}");
    }
    let distinct: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), numbers.len());
    // Each checked as `nianbao check` checks it: every figure against its sentence.
    let broken: Vec<String> = ids
        .iter()
        .filter_map(|id| {
            let problems = Dataset::from_dir(&temp.path().join(id)).err()?.problems;
            Some(format!(
                "{id}: {} problems, first {}",
                problems.len(),
                problems[0]
            ))
        })
        .collect();
    assert!(
        broken.is_empty(),
        "{} of {} broken:\n{}",
        broken.len(),
        ids.len(),
        broken.join("\n")
    );
}

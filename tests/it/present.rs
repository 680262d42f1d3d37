//! Presenting: deck files (good and bad, with line numbers), moving through a deck by
//! actions alone, every kind of slide drawn at 80×24, 120×40 and 200×60 (reviewed
//! snapshots in tests/it/snapshots/), every slide at sizes from 1×1 to 240×67, big digits
//! whole or not at all, and `render_slide` drawing what the screen shows. Deck files,
//! moving and drawing have a module each; the snapshot test stays in this file, as insta
//! names a snapshot by its module path (`it__present__…`) and keeps it in `snapshots/`
//! beside the file.

mod deck;
mod drawing;
mod navigation;

use crate::support;

use support::{buffer_text, drawn, styled_screen};

use nianbao::app::{Action, App};
use nianbao::dataset::Dataset;
use nianbao::model::Report;
use nianbao::present::SlideItem;
use nianbao::settings::ThemeName;
use nianbao::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

fn dataset() -> Dataset {
    support::jiaxing_dataset()
}

fn report() -> Report {
    dataset().reports.remove(0)
}

fn theme() -> Theme {
    Theme::new(ThemeName::Dark, false)
}

fn app_at(width: u16, height: u16) -> App {
    App::new(dataset(), 0, (width, height))
}

fn apply(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        app.apply(action);
    }
}

fn current(app: &App) -> usize {
    app.present.as_ref().expect("presenting").current
}

fn current_item(app: &App) -> SlideItem {
    let presentation = app.present.as_ref().expect("presenting");
    presentation.deck.slides[presentation.current].item.clone()
}

/// The app drawn as the terminal shows it.
fn screen(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal.draw(|frame| draw(frame, app, &theme())).unwrap();
    terminal.backend().buffer().clone()
}

const GOOD_DECK: &str = r#"# A talk of four slides.
[[slide]]
item = "title"
title = "嘉兴中职 2023 年报要点"

[[slide]]
item = "indicator:student-teacher-ratio"

[[slide]]
item = "chapter:2"
title = "人才培养"

[[slide]]
item = "case:7"

[[slide]]
item = "breakdown:specialty-layout-ratio"

[[slide]]
item = "preface"
"#;

// The reviewed snapshots.

/// One slide of each kind, the overview, and where to find them in the default deck.
fn kinds() -> Vec<(&'static str, SlideItem)> {
    vec![
        ("title", SlideItem::Title),
        (
            "figure-series",
            SlideItem::Indicator("students-enrolled-2022".into()),
        ),
        (
            "figure-breakdown",
            SlideItem::Indicator("training-person-times".into()),
        ),
        ("chapter", SlideItem::Chapter(2)),
        ("case", SlideItem::Case("3".into())),
        (
            "comparison",
            SlideItem::Breakdown("specialty-layout-ratio".into()),
        ),
    ]
}

fn presenting(width: u16, height: u16, item: &SlideItem) -> App {
    let mut app = app_at(width, height);
    app.start_presentation(None, true);
    let index = app
        .present
        .as_ref()
        .unwrap()
        .deck
        .slides
        .iter()
        .position(|s| s.item == *item)
        .unwrap_or_else(|| panic!("{item:?} is in the default deck"));
    apply(
        &mut app,
        (index + 1)
            .to_string()
            .bytes()
            .map(|b| Action::SlideDigit(b - b'0'))
            .chain([Action::Select]),
    );
    app
}

/// Every kind of slide and the overview at three sizes: the text (`slide-KIND-SIZE`),
/// and in each projector theme the text with a legend and map of its colours
/// (`projector-dark-slide-KIND-SIZE`).
#[test]
fn every_kind_of_slide_at_three_sizes_in_each_projector_theme() {
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let overview = ("overview", SlideItem::Chapter(2));
        for (name, item) in kinds().into_iter().chain([overview]) {
            let mut app = presenting(width, height, &item);
            if name == "overview" {
                app.apply(Action::Overview);
            }
            insta::assert_snapshot!(
                format!("slide-{name}-{width}x{height}"),
                buffer_text(&screen(&app))
            );
            for theme_name in [ThemeName::ProjectorDark, ThemeName::ProjectorLight] {
                let theme = Theme::new(theme_name, true);
                insta::assert_snapshot!(
                    format!("{}-slide-{name}-{width}x{height}", theme_name.label()),
                    styled_screen(&drawn(&app, width, height, &theme))
                );
            }
        }
    }
}

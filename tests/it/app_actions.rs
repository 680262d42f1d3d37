//! The explorer's state driven by actions alone, no terminal: navigation, the reader, the
//! finder, the indicator table, keys and popups, one module each; here, the helpers that
//! build an app and drive it.

mod finder;
mod indicators;
mod keys;
mod navigation;
mod reader;

use crate::support;

use nianbao::app::{Action, App};

fn app_at(width: u16, height: u16) -> App {
    App::new(support::jiaxing_dataset(), 0, (width, height))
}

fn app() -> App {
    app_at(120, 40)
}

fn apply(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        app.apply(action);
    }
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Type).collect()
}

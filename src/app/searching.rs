//! The finder's search of every report's titles in a thread of its own, when the runtime
//! can be woken: a keystroke is drawn at once, with the previous hits, and its hits follow.

use std::sync::{Arc, mpsc};

use super::App;
use super::finder::MAX_HITS;
use crate::search::Hit;

/// Called by the search's thread when it ends, to wake the runtime's wait.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

impl App {
    /// Starts the finder's search of every report's titles in a thread of its own, or,
    /// with one under way, leaves it for that one's end (a burst of keys costs at most two
    /// searches). False when the caller is to search at once: no waker, nothing to search
    /// or no thread to be had.
    pub(super) fn search_in_background(&mut self) -> bool {
        let (Some(wake), Some(every), Some(finder)) =
            (&self.search_waker, &self.every_report, self.finder.as_mut())
        else {
            return false;
        };
        if !finder.stale {
            return false;
        }
        if self.searching.is_some() {
            finder.searching = true;
            return true;
        }
        let (sender, receiver) = mpsc::channel();
        let (index, wake) = (Arc::clone(every), Arc::clone(wake));
        let (query, kind) = (finder.input.text(), finder.kind());
        let spawned = std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                // The receiver is gone if the explorer ended meanwhile: nothing to tell.
                let _ = sender.send(index.search_in(None, &query, kind, MAX_HITS));
                wake();
            });
        if spawned.is_err() {
            return false;
        }
        self.searching = Some(receiver);
        finder.stale = false;
        finder.searching = true;
        true
    }

    /// Shows the hits of a background search that has ended (blocking until it does with
    /// `wait`), then starts the next if the query changed meanwhile.
    pub fn collect_search(&mut self, wait: bool) {
        let Some(searching) = &self.searching else {
            return;
        };
        let hits: Option<Vec<Hit>> = if wait {
            searching.recv().ok()
        } else {
            match searching.try_recv() {
                Ok(hits) => Some(hits),
                Err(mpsc::TryRecvError::Empty) => return,
                Err(mpsc::TryRecvError::Disconnected) => None,
            }
        };
        self.searching = None;
        if let Some(finder) = self.finder.as_mut() {
            finder.searching = false;
            // Hits of every report are shown only while every report is asked for.
            if let Some(hits) = hits.filter(|_| finder.all_reports) {
                finder.show(hits, true);
            }
        }
        self.refresh_finder();
        self.preview_selected_hit();
    }
}

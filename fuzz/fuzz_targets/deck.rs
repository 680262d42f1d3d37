//! The deck parser on arbitrary text, checked against the embedded report.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use nianbao::dataset::Dataset;
use nianbao::present::Deck;

fuzz_target!(|data: &[u8]| {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    let dataset = DATASET.get_or_init(|| Dataset::embedded().expect("the embedded dataset"));
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Deck::parse(text, &dataset.reports[0]);
    }
});

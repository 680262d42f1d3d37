//! The built-in PDF reader on arbitrary bytes: it returns text or an error, never
//! panics (lopdf's own panics come back as errors) and stays within its budget.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::ingest::pdf::{PdfError, extract_text};

fuzz_target!(|data: &[u8]| {
    if let Err(PdfError::Damaged(reason)) = extract_text(data) {
        assert!(!reason.contains("a bug in nianbao"), "{reason}");
    }
});

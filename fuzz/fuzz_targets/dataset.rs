//! The dataset loader on a report directory of arbitrary files: the input is split at
//! NUL bytes into the report's files, in the order of `REPORT_FILES`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::dataset::{Dataset, REPORT_FILES};

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, contents) in REPORT_FILES.iter().zip(data.split(|&b| b == 0)) {
        std::fs::write(dir.path().join(name), contents).expect("written");
    }
    let _ = Dataset::from_dir(dir.path());
});

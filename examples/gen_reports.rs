//! `scripts/gen-reports N DIR`: N synthetic variants of the embedded report, for scale
//! tests and measurements (test data: never commit them; see `tests/it/support/synth.rs`).

#[path = "../tests/it/support/synth.rs"]
mod synth;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(dir), None) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
        args.get(2),
    ) else {
        eprintln!("usage: gen_reports N DIR   (N synthetic reports into DIR, one directory each)");
        return ExitCode::from(1);
    };
    let dir = std::path::Path::new(dir);
    match synth::generate(count, dir) {
        Ok(ids) => {
            eprintln!(
                "wrote {} synthetic report{} into {}",
                ids.len(),
                if ids.len() == 1 { "" } else { "s" },
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("gen_reports: {}: {error}", dir.display());
            ExitCode::from(2)
        }
    }
}

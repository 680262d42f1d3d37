//! The `nianbao` binary: parses arguments and hands over to the library's front ends.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let _ = color_eyre::install();
    let cli = match nianbao::cli::parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let result = match &cli.command {
        None => nianbao::cli::explore(&cli),
        Some(command) => nianbao::cli::run(&cli, command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                // Not eprintln!: it panics when stderr is gone (a closed terminal).
                let message = nianbao::cli::escape_lines(failure.message.trim_end());
                let _ = writeln!(std::io::stderr(), "nianbao: {message}");
            }
            ExitCode::from(failure.code)
        }
    }
}

//! The `nianbao` binary: parses arguments and hands over to the library's front ends.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match nianbao::cli::parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let Some(command) = &cli.command else {
        // The explorer is the next milestone; until then the bare command teaches.
        use clap::CommandFactory;
        let _ = nianbao::cli::Cli::command().print_help();
        return ExitCode::SUCCESS;
    };
    match nianbao::cli::run(&cli, command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("nianbao: {}", failure.message.trim_end());
            }
            ExitCode::from(failure.code)
        }
    }
}

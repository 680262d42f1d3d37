//! The `nianbao` binary: parses arguments and hands over to the library's front ends.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    install_crash_report();
    let cli = match nianbao::cli::parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    if let (Some(warning), false) = (
        &cli.config_warning,
        matches!(cli.command, Some(nianbao::cli::Command::Config { .. })),
    ) {
        let _ = writeln!(
            std::io::stderr(),
            "nianbao: {}",
            nianbao::cli::escape_lines(warning)
        );
    }
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

/// A panic is a bug: the user gets a short message saying so and what to report, not a
/// developer's report (the location and backtrace come with RUST_BACKTRACE=1).
fn install_crash_report() {
    struct CrashMessage;
    impl color_eyre::section::PanicMessage for CrashMessage {
        fn display(
            &self,
            info: &std::panic::PanicHookInfo<'_>,
            f: &mut std::fmt::Formatter<'_>,
        ) -> std::fmt::Result {
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let developer = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
            let location = info
                .location()
                .filter(|_| developer)
                .map(|l| format!("{}:{}", l.file(), l.line()));
            f.write_str(&nianbao::cli::crash_message(&payload, location.as_deref()))
        }
    }
    let _ = color_eyre::config::HookBuilder::default()
        .display_env_section(false)
        .display_location_section(false)
        .panic_message(CrashMessage)
        .install();
}

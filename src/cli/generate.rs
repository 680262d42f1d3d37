//! Files generated from the command-line definition itself, so they never drift from it:
//! shell completions and man pages.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Failure};

/// The completion script for `shell`, to be sourced or saved where the shell looks.
pub fn completions(shell: Shell) -> Result<String, Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "nianbao", &mut script);
    utf8(script)
}

/// The man page of nianbao (its SUBCOMMANDS section names `nianbao-list(1)` …), or of
/// one subcommand, as roff: `nianbao man > nianbao.1`, `nianbao man list > nianbao-list.1`.
pub fn man_page(subcommand: Option<&str>) -> Result<String, Failure> {
    let mut command = Cli::command().disable_help_subcommand(true);
    // Building gives each subcommand its bin name (`nianbao list`) for the synopsis and
    // its display name (`nianbao-list`) for the title, and copies the global options.
    command.build();
    let page_of = match subcommand {
        None => command,
        Some(name) => command
            .find_subcommand(name)
            .cloned()
            .ok_or_else(|| unknown_subcommand(&command, name))?,
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(page_of)
        .source(format!("nianbao {}", env!("NIANBAO_VERSION")))
        .manual("nianbao manual")
        .render(&mut page)
        .map_err(|error| Failure {
            message: format!("cannot render the man page: {error}"),
            code: 2,
        })?;
    utf8(page)
}

fn unknown_subcommand(command: &clap::Command, name: &str) -> Failure {
    let names: Vec<&str> = command
        .get_subcommands()
        .map(|sub| sub.get_name())
        .collect();
    Failure::usage(format!(
        "no subcommand `{}`; man pages: nianbao man, or nianbao man {}",
        crate::text::escape_controls(name),
        names.join("|")
    ))
}

fn utf8(bytes: Vec<u8>) -> Result<String, Failure> {
    String::from_utf8(bytes).map_err(|_| Failure {
        message: "the generated text is not UTF-8".to_string(),
        code: 2,
    })
}

//! The config file meets the command line: read the file, and fill in what the command
//! line left at its default. A bad file is reported and ignored; the defaults still work.

use std::path::{Path, PathBuf};

use clap::ArgMatches;
use clap::parser::ValueSource;

use super::{Cli, ColorChoice};
use crate::config::{ColourSetting, Config};
use crate::dataset::{ReadError, read_regular_file};
use crate::text::escape_path;

/// A config file larger than this is not a config file.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// A config file the user named (`--config`, `$NIANBAO_CONFIG`) that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigFileError {
    #[error("{}: no such config file", escape_path(.0))]
    Missing(PathBuf),
    #[error("{}: {error}", escape_path(.path))]
    Unreadable {
        path: PathBuf,
        #[source]
        error: Unreadable,
    },
}

/// Why a config file that is there cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum Unreadable {
    /// Not a regular file (a FIFO would block, a device never end), too large, or an
    /// error reading it.
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("not UTF-8 text")]
    NotUtf8,
}

/// Reads the config file (if any) into `cli`. Err only when the user named a file that
/// cannot be read; a file with a mistake becomes `cli.config_warning`.
pub fn apply(cli: &mut Cli, matches: &ArgMatches) -> Result<(), ConfigFileError> {
    let Some((path, named)) =
        crate::config::location(cli.config.as_deref(), |name| std::env::var_os(name))
    else {
        return Ok(());
    };
    let text = match read(&path) {
        Ok(Some(text)) => text,
        Ok(None) if !named => return Ok(()),
        Ok(None) => return Err(ConfigFileError::Missing(path)),
        Err(error) if named => return Err(ConfigFileError::Unreadable { path, error }),
        Err(error) => {
            cli.config_warning = Some(format!(
                "{}: {error}; using the defaults",
                escape_path(&path)
            ));
            return Ok(());
        }
    };
    match Config::parse(&text) {
        Ok(config) => merge(cli, matches, config),
        Err(error) => {
            cli.config_warning = Some(format!(
                "{}:{error}; using the defaults",
                escape_path(&path)
            ));
        }
    }
    Ok(())
}

/// The file's text; `None` when there is none.
fn read(path: &Path) -> Result<Option<String>, Unreadable> {
    let bytes = match read_regular_file(path, MAX_CONFIG_BYTES) {
        Ok(bytes) => bytes,
        Err(ReadError::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(error) => return Err(error.into()),
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| Unreadable::NotUtf8)
}

/// What the command line did not give, the file gives.
fn merge(cli: &mut Cli, matches: &ArgMatches, config: Config) {
    let from_command_line = |id: &str| {
        matches
            .value_source(id)
            .is_some_and(|source| source != ValueSource::DefaultValue)
    };
    if cli.theme.is_none() {
        cli.theme = config.theme;
    }
    if let (false, Some(rises)) = (from_command_line("rises"), config.rises) {
        cli.rises = rises;
    }
    if let (false, Some(colour)) = (from_command_line("color"), config.color) {
        cli.color = match colour {
            ColourSetting::Auto => ColorChoice::Auto,
            ColourSetting::Always => ColorChoice::Always,
            ColourSetting::Never => ColorChoice::Never,
        };
    }
    cli.no_mouse |= config.mouse == Some(false);
    cli.no_osc52 |= config.osc52 == Some(false);
    cli.config_report = config.report;
    cli.config_keys = config.keys;
}

/// `nianbao config`: where the file is and whether it is good (exit 2 if not), or the
/// path alone, or the commented default file.
pub fn show(cli: &Cli, print_default: bool, path_only: bool) -> Result<String, super::Failure> {
    if print_default {
        return Ok(crate::config::DEFAULT.to_string());
    }
    let location = crate::config::location(cli.config.as_deref(), |name| std::env::var_os(name));
    let Some((path, _)) = location else {
        return Err(super::Failure::usage(
            "no place for a config file: neither XDG_CONFIG_HOME nor HOME is set; use --config FILE"
                .to_string(),
        ));
    };
    // The path comes from the environment or the arguments: escaped, like all they give.
    let shown = escape_path(&path);
    if path_only {
        return Ok(format!("{shown}\n"));
    }
    if let Some(warning) = &cli.config_warning {
        return Err(super::Failure {
            message: warning.trim_end_matches("; using the defaults").to_string(),
            code: 2,
        });
    }
    let state = if path.is_file() {
        "read, no mistakes"
    } else {
        "not there: the defaults are used (nianbao config --print-default > FILE writes one)"
    };
    Ok(format!("{shown}: {state}\n"))
}

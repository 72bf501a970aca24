//! The `dei` binary: the thin shell around the library. It parses the command line, finds the
//! user's folders, reads files and prints; the work happens in `dei::*`.

mod cli;
mod commands;
mod paths;

use std::io::{self, Write as _};
use std::process::ExitCode;

use clap::Parser as _;

use cli::{Cli, ColorWhen};

/// Exit code for bad input (unknown scenario, unreadable answer, invalid file).
const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                // The reader went away (`dei list | head`); nothing more to say.
                return ExitCode::SUCCESS;
            }
            let mut stderr = anstream::stderr();
            let red = anstyle::Style::new()
                .bold()
                .fg_color(Some(anstyle::AnsiColor::Red.into()));
            let _ = writeln!(stderr, "{red}error:{red:#} {err:#}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// The reader of our output went away (`dei list | head`), possibly while serde was writing.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            })
            == Some(io::ErrorKind::BrokenPipe)
    })
}

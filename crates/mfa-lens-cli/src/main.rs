//! `mfa-lens`: the MFA Lens engine for scripts. Every command is a thin wrapper
//! over `mfa-lens-core`, so its output equals what the web page shows.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;

#[derive(Parser, Debug)]
#[command(
    name = "mfa-lens",
    version,
    about = "Explain Entra ID / Azure AD MFA exports: sign-in logs, MFA Server reports, registration details",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print Summary JSON v1 for the given export files taken together.
    Summary {
        /// CSV exports (sign-ins, auth details, MFA Server reports, registration details, ...).
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// Indent the JSON for people instead of machines.
        #[arg(long)]
        pretty: bool,
    },
    /// Explain a code or a result text: a call result (FAILED_PHONE_APP_DENIED), a
    /// sign-in error code (500121), an MFA result ("user declined the authentication").
    Explain {
        /// The code or text to look up.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Summary { files, pretty } => commands::summary::run(&files, pretty),
        Command::Explain { query } => commands::explain::run(&query.join(" ")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("mfa-lens: {message}");
            ExitCode::FAILURE
        }
    }
}

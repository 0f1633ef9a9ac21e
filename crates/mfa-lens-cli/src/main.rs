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
    /// Look for MFA fatigue, fraud reports, code guessing, heavy prompting, admins
    /// without MFA, blocks lifted after fraud and password-only access: one line
    /// per finding (severity, rule, user, window, count, first step). Thresholds
    /// default to the values `mfa-lens findings --help` shows.
    Findings {
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// Print the findings section of Summary JSON v1 instead.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        thresholds: commands::findings::Thresholds,
    },
    /// Print KQL for Log Analytics, Microsoft Sentinel or Azure Data Explorer
    /// (tables SigninLogs and AADNonInteractiveUserSignInLogs) that asks what
    /// MFA Lens answers: the overview, the Rows view's filters, a findings rule.
    Kql {
        #[command(subcommand)]
        query: commands::kql::KqlQuery,
    },
    /// Which users have registered for MFA (or, with --not-registered, which
    /// have not): one user per line, sorted, from registration exports (the
    /// portal's "User registration details", Graph, PowerShell, MSOnline).
    Registration {
        /// Registration exports (sign-ins may be given too; they are ignored here).
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// List the users who have NOT registered any MFA method.
        #[arg(long)]
        not_registered: bool,
    },
    /// Explain a code or a result text: a call result (FAILED_PHONE_APP_DENIED), a
    /// sign-in error code (500121), an MFA result ("user declined the authentication").
    Explain {
        /// The code or text to look up.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
    },
    /// Write a redacted copy of each export into DIR under its own name and in
    /// its own format (or, with --zip, one ZIP of them with their summary):
    /// users, names, IDs, IP addresses (prefix-preserving), phones, cities and
    /// device names become keyed pseudonyms; codes, results, reasons, methods,
    /// dates and applications stay as they are. The key is random unless
    /// given, and printed only with --print-key.
    Redact {
        /// Exports to redact.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// Folder for the redacted copies (created if needed; never the originals' own).
        #[arg(long, required_unless_present = "zip", conflicts_with = "zip")]
        out: Option<std::path::PathBuf>,
        /// Write one ZIP instead: each redacted file under its own name, summary.json
        /// (Summary JSON of the redacted files) and README.txt; the key is not in it.
        #[arg(long, conflicts_with = "mapping_out")]
        zip: Option<std::path::PathBuf>,
        /// The key as 64 hex digits, to line up with an earlier redaction.
        #[arg(long, conflicts_with = "passphrase_file")]
        key_hex: Option<String>,
        /// A file whose first line is a passphrase the key is derived from (PBKDF2).
        #[arg(long)]
        passphrase_file: Option<std::path::PathBuf>,
        /// Print the key (once, to standard error, with its warning).
        #[arg(long)]
        print_key: bool,
        /// Also write original → pseudonym as CSV to this file (for the data owner only).
        #[arg(long)]
        mapping_out: Option<std::path::PathBuf>,
    },
    /// Write a one-file HTML report to hand on: the overview, the findings and
    /// every report view the files hold, with no script and nothing fetched,
    /// printable. With --redact, made from redacted copies of the files.
    Report {
        /// Exports to report on, taken together.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// The HTML file to write.
        #[arg(long)]
        out: std::path::PathBuf,
        /// Redact the files first: the report names no one.
        #[arg(long)]
        redact: bool,
        /// With --redact: the key as 64 hex digits (default: random, not kept).
        #[arg(long, requires = "redact", conflicts_with = "passphrase_file")]
        key_hex: Option<String>,
        /// With --redact: a file whose first line is a passphrase the key is derived from.
        #[arg(long, requires = "redact")]
        passphrase_file: Option<std::path::PathBuf>,
        /// The report's title.
        #[arg(long)]
        title: Option<String>,
        /// When the report says it was made, RFC 3339 (default: now).
        #[arg(long)]
        made_at: Option<String>,
        #[command(flatten)]
        thresholds: commands::findings::Thresholds,
    },
    /// Write deterministic synthetic exports (same seed, same bytes) for tests,
    /// benchmarks and demos. All data is invented.
    Generate {
        /// What to write: sign-ins, sign-ins-44, non-interactive, auth-details,
        /// app-sign-ins, msi-sign-ins, legacy, activity, blocked, bypassed,
        /// registration, msol, or portal (a folder of portal downloads of at most
        /// 100,000 rows each: interactive, auth details, non-interactive per day).
        #[arg(long, default_value = "sign-ins")]
        kind: String,
        /// Number of data rows (for portal: interactive sign-ins in total).
        #[arg(long, conflicts_with = "size")]
        rows: Option<u64>,
        /// Approximate file size instead of a row count, e.g. 100MB, 1.5GB, 64MiB.
        #[arg(long)]
        size: Option<String>,
        /// Seed of the pseudo-random generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Users in the invented tenant (default: from the row count, 300 to 50,000).
        #[arg(long)]
        users: Option<usize>,
        /// Days covered, starting 2024-05-01.
        #[arg(long, default_value_t = 1)]
        days: u32,
        /// Output file (default or `-`: standard output); a directory for portal.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Summary { files, pretty } => commands::summary::run(&files, pretty),
        Command::Registration {
            files,
            not_registered,
        } => commands::registration::run(&files, not_registered),
        Command::Findings {
            files,
            json,
            thresholds,
        } => commands::findings::run(&files, json, &thresholds),
        Command::Redact {
            files,
            out,
            zip,
            key_hex,
            passphrase_file,
            print_key,
            mapping_out,
        } => commands::redact::run(&commands::redact::Request {
            files: &files,
            out: out.as_deref(),
            zip: zip.as_deref(),
            key_hex: key_hex.as_deref(),
            passphrase_file: passphrase_file.as_deref(),
            print_key,
            mapping_out: mapping_out.as_deref(),
        }),
        Command::Report {
            files,
            out,
            redact,
            key_hex,
            passphrase_file,
            title,
            made_at,
            thresholds,
        } => thresholds.settings().and_then(|settings| {
            commands::report::run(&commands::report::Request {
                files: &files,
                out: &out,
                redact,
                key_hex: key_hex.as_deref(),
                passphrase_file: passphrase_file.as_deref(),
                title: title.as_deref(),
                made_at: made_at.as_deref(),
                settings,
            })
        }),
        Command::Kql { query } => commands::kql::run(&query),
        Command::Explain { query } => commands::explain::run(&query.join(" ")),
        Command::Generate {
            kind,
            rows,
            size,
            seed,
            users,
            days,
            out,
        } => commands::generate::run(&commands::generate::Request {
            kind: &kind,
            rows,
            size: size.as_deref(),
            seed,
            users,
            days,
            out: commands::generate::as_path(&out),
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("mfa-lens: {message}");
            ExitCode::FAILURE
        }
    }
}

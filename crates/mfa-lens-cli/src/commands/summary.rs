//! `mfa-lens summary FILE... [--pretty]`: Summary JSON v1 of the files taken
//! together on stdout, every diagnostic on stderr as `file:line: message`.

use std::io::Write;
use std::path::PathBuf;

use mfa_lens_core::Summary;

use super::load::{load, report_problems};

/// Read the files into one workspace, print the summary, and fail if any file
/// could not be read — after printing the rest.
pub fn run(files: &[PathBuf], pretty: bool) -> Result<(), String> {
    let (ws, open_failures) = load(files);
    let summary = Summary::of(&ws);
    let json = if pretty {
        serde_json::to_string_pretty(&summary)
    } else {
        serde_json::to_string(&summary)
    }
    .map_err(|e| format!("cannot write the summary: {e}"))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{json}").map_err(|e| format!("cannot write to stdout: {e}"))?;
    report_problems(&ws, &open_failures)
}

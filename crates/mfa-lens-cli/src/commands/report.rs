//! `mfa-lens report FILE... --out report.html [--redact] [--title T]`: the
//! one-file HTML report (`mfa_lens_core::report_html`) the page's "Save
//! report" writes, for the same files and thresholds the same document.
//!
//! With `--redact` the files are redacted first and the report made from the
//! copies, so no original name, address or identifier can reach it; the key
//! is random unless `--key-hex` or `--passphrase-file` gives one (to line
//! the report up with a redacted copy made with that key).

use std::path::{Path, PathBuf};

use mfa_lens_core::findings::FindingSettings;
use mfa_lens_core::redact::redact_workspace;
use mfa_lens_core::report_html::{render, ReportOptions};
use mfa_lens_core::store::dates::format_timestamp;

use super::bundle::read_files;
use super::load::{load, report_problems};
use super::redact::key_of;

/// What the user asked for.
pub struct Request<'a> {
    pub files: &'a [PathBuf],
    pub out: &'a Path,
    pub redact: bool,
    pub key_hex: Option<&'a str>,
    pub passphrase_file: Option<&'a Path>,
    pub title: Option<&'a str>,
    /// RFC 3339; now when absent.
    pub made_at: Option<&'a str>,
    pub settings: FindingSettings,
}

pub fn run(req: &Request<'_>) -> Result<(), String> {
    let mut options = ReportOptions::new(&req.made_at.map_or_else(now, str::to_string));
    options.settings = req.settings;
    options.redacted = req.redact;
    if let Some(title) = req.title {
        options.title = title.to_string();
    }
    // Files that could not be read are named after the report is written,
    // as `mfa-lens summary` names them after printing the rest.
    let (html, problems) = if req.redact {
        let (key, _) = key_of(req.key_hex, req.passphrase_file)?;
        let set = redact_workspace(&read_files(req.files)?, &key).map_err(|e| e.to_string())?;
        for (name, why) in &set.skipped {
            eprintln!("{name}: left out of the report: {why}");
        }
        (render(&set.workspace, &options), Ok(()))
    } else {
        let (ws, open_failures) = load(req.files);
        (render(&ws, &options), report_problems(&ws, &open_failures))
    };
    std::fs::write(req.out, &html).map_err(|e| format!("{}: {e}", req.out.display()))?;
    eprintln!(
        "report written to {} ({} bytes)",
        req.out.display(),
        html.len()
    );
    problems
}

/// The time now, RFC 3339 UTC.
fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format_timestamp(i64::try_from(secs).unwrap_or(0))
}

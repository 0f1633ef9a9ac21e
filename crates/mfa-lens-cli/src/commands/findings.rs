//! `mfa-lens findings FILE... [--json] [--min-prompts N] …`: the findings
//! rules over the files taken together, one line per finding (severity,
//! rule, user, window, count, what to do first), or with `--json` the
//! `findings` section of Summary JSON v1 for these thresholds. Exits 0
//! whatever is found: a finding is an answer, not an error.

use std::io::Write;
use std::path::PathBuf;

use mfa_lens_core::findings::{self, Finding, FindingSettings, RULES};

use super::load::{load, report_problems};

/// A threshold given on the command line: its path in [`FindingSettings`]
/// (as [`RULES`] names it) and the value.
pub type Threshold = (&'static str, f64);

pub fn run(files: &[PathBuf], json: bool, thresholds: &[Threshold]) -> Result<(), String> {
    let mut settings = FindingSettings::default();
    for &(name, value) in thresholds {
        if !settings.set(name, value) {
            return Err(format!(
                "{value} is not a valid value for {}",
                flag_of(name)
            ));
        }
    }
    let (ws, open_failures) = load(files);
    let found = findings::analyse(&ws, &settings).map(|f| f.without_evidence());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let write = |e: std::io::Error| format!("cannot write to stdout: {e}");
    match (&found, json) {
        (Some(f), true) => {
            let text = serde_json::to_string_pretty(f)
                .map_err(|e| format!("cannot write the findings: {e}"))?;
            writeln!(out, "{text}").map_err(write)?;
        }
        (Some(f), false) if f.items.is_empty() => writeln!(out, "No findings.").map_err(write)?,
        (Some(f), false) => {
            for item in &f.items {
                writeln!(out, "{}", line(item)).map_err(write)?;
            }
        }
        (None, true) => writeln!(out, "null").map_err(write)?,
        (None, false) => writeln!(
            out,
            "No sign-in, MFA Server or registration file among these: nothing to look at."
        )
        .map_err(write)?,
    }
    out.flush().map_err(write)?;
    drop(out);
    report_problems(&ws, &open_failures)
}

/// One finding on one line: `HIGH  mfa-fatigue  user  first → last  count  first step`.
fn line(f: &Finding) -> String {
    let window = match (&f.first, &f.last) {
        (Some(a), Some(b)) if a == b => a.clone(),
        (Some(a), Some(b)) => format!("{a} → {b}"),
        _ => "(no date)".to_string(),
    };
    format!(
        "{:<6} {:<24} {}  {}  {}  {}",
        f.severity.id().to_uppercase(),
        f.rule.id(),
        f.user,
        window,
        f.count,
        f.next_steps.first().map_or("", String::as_str)
    )
}

/// The flag of a threshold, for messages.
fn flag_of(name: &str) -> &'static str {
    RULES
        .iter()
        .flat_map(|r| r.thresholds)
        .find(|t| t.name == name)
        .map_or("a threshold", |t| t.flag)
}

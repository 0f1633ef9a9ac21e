//! `mfa-lens findings FILE... [--json] [--min-prompts N] …`: the findings
//! rules over the files taken together, one line per finding (severity,
//! rule, user, window, count, what to do first), or with `--json` the
//! `findings` section of Summary JSON v1 for these thresholds. Exits 0
//! whatever is found: a finding is an answer, not an error.

use std::io::Write;

use clap::Args;
use std::path::PathBuf;

use mfa_lens_core::findings::{self, Finding, FindingSettings, RULES};

use super::load::{load, report_problems};

/// The threshold flags, shared by `mfa-lens findings` and `mfa-lens kql
/// findings` so both read the same settings from the same words.
#[derive(Args, Debug, Default)]
pub struct Thresholds {
    /// MFA fatigue: rejected prompts an episode needs [default: 5].
    #[arg(long)]
    min_prompts: Option<u32>,
    /// MFA fatigue: a longer pause (minutes) starts a new episode [default: 10].
    #[arg(long)]
    gap_minutes: Option<u32>,
    /// MFA fatigue: minutes after the last prompt an approval still counts [default: 60].
    #[arg(long)]
    approval_window_minutes: Option<u32>,
    /// Code guessing: wrong codes within the window [default: 10].
    #[arg(long)]
    min_codes: Option<u32>,
    /// Code guessing: the window, in minutes [default: 10].
    #[arg(long)]
    code_window_minutes: Option<u32>,
    /// Code guessing: minutes after the last code a success makes it high [default: 60].
    #[arg(long)]
    code_success_window_minutes: Option<u32>,
    /// Prompt volume: fewest prompts on the busiest day [default: 20].
    #[arg(long)]
    min_daily: Option<u32>,
    /// Prompt volume: times the tenant median busiest day [default: 3].
    #[arg(long)]
    multiple: Option<f64>,
    /// Block lifted after fraud: hours after the report [default: 24].
    #[arg(long)]
    lift_window_hours: Option<u32>,
}

impl Thresholds {
    /// The settings: the defaults with every flag given applied, each by its
    /// path in [`FindingSettings`] (as [`RULES`] names it).
    pub fn settings(&self) -> Result<FindingSettings, String> {
        let whole = |name: &'static str, v: Option<u32>| v.map(|v| (name, f64::from(v)));
        let given = [
            whole("mfa_fatigue.min_prompts", self.min_prompts),
            whole("mfa_fatigue.gap_minutes", self.gap_minutes),
            whole(
                "mfa_fatigue.approval_window_minutes",
                self.approval_window_minutes,
            ),
            whole("code_guessing.min_codes", self.min_codes),
            whole("code_guessing.window_minutes", self.code_window_minutes),
            whole(
                "code_guessing.success_window_minutes",
                self.code_success_window_minutes,
            ),
            whole("prompt_volume.min_daily", self.min_daily),
            self.multiple.map(|m| ("prompt_volume.multiple", m)),
            whole(
                "block_lifted_after_fraud.window_hours",
                self.lift_window_hours,
            ),
        ];
        let mut settings = FindingSettings::default();
        for (name, value) in given.into_iter().flatten() {
            if !settings.set(name, value) {
                return Err(format!(
                    "{value} is not a valid value for {}",
                    flag_of(name)
                ));
            }
        }
        Ok(settings)
    }
}

pub fn run(files: &[PathBuf], json: bool, thresholds: &Thresholds) -> Result<(), String> {
    let settings = thresholds.settings()?;
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

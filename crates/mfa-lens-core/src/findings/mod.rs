//! Findings: the incidents and risky gaps the exports show, each with its
//! evidence and a next step — MFA fatigue, fraud reports, code guessing,
//! prompt volume, admins without MFA, blocks lifted after fraud and access
//! with a password alone.
//!
//! Every rule is a pure function over the [`Workspace`] and a
//! [`FindingSettings`], so the page (in its worker, with the thresholds from
//! its settings panel), the CLI (`mfa-lens findings`) and Summary JSON v1's
//! `findings` section (with the defaults) give the same answer. The words
//! the rules match on are tables in [`crate::knowledge::detection`]; what
//! each rule looks for, its defaults and their source are in [`RULES`].
//!
//! One pass ([`pass`]) reads the sign-in, MFA Server activity, fraud alert,
//! blocked and bypassed rows column by column (users and values looked up
//! once per distinct value, no text kept per row) into compact per-user
//! events; each rule then walks one user's events in time order. Rows
//! without a readable date take part only in the rules that need no time
//! (fraud reported, admins, single-factor access).
//!
//! Findings sit above the row views ([`crate::query`]: datasets and row
//! references) and the report analyses ([`crate::reports`]: the fraud rule
//! and the registration tally), and below the summary, which carries the
//! section without the row references (they are handles into one session's
//! workspace; see [`Findings::without_evidence`]).

use serde::{Deserialize, Serialize};

use crate::detect::ReportKind;
use crate::query::{DatasetId, RowRef};
use crate::store::dates::format_timestamp;
use crate::workspace::Workspace;

mod admins;
mod codes;
mod fatigue;
mod fraud;
mod lifted;
mod pass;
mod rules;
mod settings;
mod single_factor;
mod volume;

#[cfg(test)]
mod tests;

pub use rules::{rule_info, RuleInfo, ThresholdInfo, RULES};
pub use settings::{
    BlockLiftedSettings, CodeGuessingSettings, FatigueSettings, FindingSettings,
    PromptVolumeSettings,
};

/// Evidence rows listed per finding at most (the earliest ones); `count`
/// stays exact.
pub const MAX_EVIDENCE_ROWS: usize = 1_000;

/// The rules, by stable id (`mfa-fatigue`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    MfaFatigue,
    FraudReported,
    CodeGuessing,
    PromptVolume,
    AdminWithoutMfa,
    BlockLiftedAfterFraud,
    SingleFactorAccess,
}

impl RuleId {
    /// The id as JSON writes it.
    pub fn id(self) -> &'static str {
        match self {
            RuleId::MfaFatigue => "mfa-fatigue",
            RuleId::FraudReported => "fraud-reported",
            RuleId::CodeGuessing => "code-guessing",
            RuleId::PromptVolume => "prompt-volume",
            RuleId::AdminWithoutMfa => "admin-without-mfa",
            RuleId::BlockLiftedAfterFraud => "block-lifted-after-fraud",
            RuleId::SingleFactorAccess => "single-factor-access",
        }
    }
}

/// How urgent a finding is. Ordered high first, so sorting ascending puts
/// the most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    High,
    Medium,
    Info,
}

impl Severity {
    pub fn id(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Info => "info",
        }
    }
}

/// The two ways `single-factor-access` sees a password alone get in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Access {
    /// A legacy-authentication client (IMAP, POP, ActiveSync, …).
    LegacyClient,
    /// An administrative application (Azure portal, PowerShell, CLI, …).
    AdminApplication,
}

impl Access {
    /// The id as JSON writes it.
    pub fn id(self) -> &'static str {
        match self {
            Access::LegacyClient => "legacy-client",
            Access::AdminApplication => "admin-application",
        }
    }
}

/// A row of the evidence on the finding's time axis: the page draws the
/// episode from these (prompts and the approval on one axis).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// Unix seconds (UTC).
    pub at: i64,
    pub kind: MarkKind,
}

/// What a [`Mark`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkKind {
    /// A row that makes the finding: a rejected prompt, a wrong code, a fraud
    /// report, a prompt, a sign-in with a password alone.
    Trigger,
    /// The success that followed (fatigue, code guessing).
    Success,
    /// An unblock or a bypass (block lifted after fraud).
    Lifted,
}

/// Rows of one dataset that make (part of) a finding: the page opens them in
/// its Rows view ([`crate::query::row_detail`] takes each [`RowRef`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub dataset: DatasetId,
    /// In time order; at most [`MAX_EVIDENCE_ROWS`] per finding.
    pub rows: Vec<RowRef>,
}

/// One finding. `rule`, `severity`, `user`, `first`, `last` and `count` are
/// Summary JSON v1's contract; the optional fields belong to some rules only
/// and are left out of the JSON when absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// Lower-cased, as users are compared.
    pub user: String,
    /// RFC 3339 UTC of the first and last row that make the finding; `null`
    /// when none has a readable date (registration reports have none).
    pub first: Option<String>,
    pub last: Option<String>,
    /// The rows that make the finding.
    pub count: u64,
    /// Fatigue and code guessing: a success followed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_after: Option<bool>,
    /// When the approving sign-in or call happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_at: Option<String>,
    /// Fatigue: the approving sign-in's IP address and location, and whether
    /// each appears in the user's sign-ins before the episode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approving_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_seen_before: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approving_location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_seen_before: Option<bool>,
    /// Single-factor access: which kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    /// Single-factor access: the client apps or applications used; fraud:
    /// where the reports came from; block lifted: `unblock` / `bypass`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// Prompt volume: the busiest UTC day (`YYYY-MM-DD`), the tenant median
    /// of users' busiest days, and the threshold it was compared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub busiest_day: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_median: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Admin without MFA: sign-in rows of the admin (absent without sign-ins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_ins: Option<u64>,
    /// What happened, in plain words.
    pub explanation: String,
    /// What to do, most urgent first.
    pub next_steps: Vec<String>,
    /// The rows behind the finding (left out of Summary JSON).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// The dated evidence rows in time order, at most [`MAX_EVIDENCE_ROWS`]
    /// (left out of Summary JSON with the evidence).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Mark>,
}

impl Finding {
    /// A finding with the contract's fields and nothing else yet.
    fn new(rule: RuleId, severity: Severity, user: &str, span: Span, count: u64) -> Finding {
        Finding {
            rule,
            severity,
            user: user.to_lowercase(),
            first: span.first.map(format_timestamp),
            last: span.last.map(format_timestamp),
            count,
            approved_after: None,
            approved_at: None,
            approving_ip: None,
            ip_seen_before: None,
            approving_location: None,
            location_seen_before: None,
            access: None,
            via: Vec::new(),
            busiest_day: None,
            tenant_median: None,
            threshold: None,
            sign_ins: None,
            explanation: String::new(),
            next_steps: Vec::new(),
            evidence: Vec::new(),
            marks: Vec::new(),
        }
    }

    fn words(mut self, explanation: String, next_steps: &[&str]) -> Finding {
        self.explanation = explanation;
        self.next_steps = next_steps.iter().map(|s| s.to_string()).collect();
        self
    }
}

/// First and last time of a set of rows (Unix seconds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub first: Option<i64>,
    pub last: Option<i64>,
}

impl Span {
    pub(crate) fn add(&mut self, at: Option<i64>) {
        if let Some(t) = at {
            self.first = Some(self.first.map_or(t, |f| f.min(t)));
            self.last = Some(self.last.map_or(t, |l| l.max(t)));
        }
    }
}

/// Findings per severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SeverityCounts {
    pub high: u64,
    pub medium: u64,
    pub info: u64,
}

impl SeverityCounts {
    /// Findings of every severity.
    pub fn total(&self) -> u64 {
        self.high + self.medium + self.info
    }
}

/// Summary JSON v1's `findings` section, and the page's Findings answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Findings {
    pub settings: FindingSettings,
    pub counts: SeverityCounts,
    /// By severity (high, medium, info), then `first` (undated last), then user.
    pub items: Vec<Finding>,
}

impl Findings {
    /// The first `n` findings (the most urgent), the counts still of all: a
    /// page of the list. A large tenant can have thousands of findings, each
    /// with its words and evidence, and a page needs only those it shows.
    pub fn first(&self, n: usize) -> Findings {
        Findings {
            settings: self.settings,
            counts: self.counts,
            items: self.items.iter().take(n).cloned().collect(),
        }
    }

    /// The same findings without their row references: what Summary JSON v1
    /// and `mfa-lens findings --json` print. Row references name files by
    /// their handle in one workspace, which depends on the order files were
    /// added and removed, so the downloaded summary would differ from the
    /// CLI's for the same files.
    pub fn without_evidence(mut self) -> Findings {
        for f in &mut self.items {
            f.evidence.clear();
            f.marks.clear();
        }
        self
    }
}

/// Do the loaded files hold anything a rule reads? (A sign-in, MFA Server or
/// registration file.)
pub fn applies(ws: &Workspace) -> bool {
    ws.files().iter().any(|f| {
        !f.loading
            && !f.unreadable
            && (f.kind.is_sign_ins()
                || f.kind.is_registration()
                || matches!(
                    f.kind,
                    ReportKind::MfaServerActivity
                        | ReportKind::MfaServerBlocked
                        | ReportKind::MfaServerBypassed
                        | ReportKind::MfaServerStatus
                        | ReportKind::FraudAlerts
                ))
    })
}

/// Every rule over the workspace's finished files; `None` when no file a
/// rule reads is loaded.
pub fn analyse(ws: &Workspace, settings: &FindingSettings) -> Option<Findings> {
    if !applies(ws) {
        return None;
    }
    let p = pass::Pass::run(ws);
    let mut items = Vec::new();
    items.extend(fatigue::find(&p, &settings.mfa_fatigue));
    items.extend(fraud::find(&p));
    items.extend(codes::find(&p, &settings.code_guessing));
    items.extend(volume::find(&p, &settings.prompt_volume));
    items.extend(admins::find(ws));
    items.extend(lifted::find(&p, &settings.block_lifted_after_fraud));
    items.extend(single_factor::find(&p));
    sort(&mut items);
    let mut counts = SeverityCounts::default();
    for f in &items {
        match f.severity {
            Severity::High => counts.high += 1,
            Severity::Medium => counts.medium += 1,
            Severity::Info => counts.info += 1,
        }
    }
    Some(Findings {
        settings: *settings,
        counts,
        items,
    })
}

/// Severity, then first (undated last), then user, then rule and the rest of
/// the contract's fields, so equal keys never depend on the order files came in.
fn sort(items: &mut [Finding]) {
    items.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.first.is_none().cmp(&b.first.is_none()))
            .then_with(|| a.first.cmp(&b.first))
            .then_with(|| a.user.cmp(&b.user))
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.access.cmp(&b.access))
            .then_with(|| a.last.cmp(&b.last))
            .then_with(|| a.count.cmp(&b.count))
    });
}

/// The finding of a burst of dated rows (a fatigue episode, a run of wrong
/// codes) and the success that followed it, if any: `high` with a success,
/// `medium` without; the evidence is the burst and the success.
fn burst(
    p: &pass::Pass<'_>,
    rule: RuleId,
    rows: &[(i64, &pass::Event)],
    success: Option<&pass::Event>,
) -> Finding {
    let mut span = Span::default();
    for &(t, _) in rows {
        span.add(Some(t));
    }
    let user = rows.first().map_or("", |(_, e)| p.user(e.user));
    let severity = if success.is_some() {
        Severity::High
    } else {
        Severity::Medium
    };
    let mut f = Finding::new(rule, severity, user, span, rows.len() as u64);
    f.approved_after = Some(success.is_some());
    f.approved_at = success.and_then(|a| a.at).map(format_timestamp);
    f.evidence = evidence(
        rows.iter()
            .map(|(_, e)| (e.dataset, e.row))
            .chain(success.map(|a| (a.dataset, a.row))),
    );
    f.marks = marks(
        rows.iter()
            .map(|&(t, _)| (Some(t), MarkKind::Trigger))
            .chain(success.map(|a| (a.at, MarkKind::Success))),
    );
    f
}

/// The dated ones of `rows` (time, kind) as marks in time order, at most
/// [`MAX_EVIDENCE_ROWS`]: the earliest, as the evidence keeps.
fn marks(rows: impl IntoIterator<Item = (Option<i64>, MarkKind)>) -> Vec<Mark> {
    let mut out: Vec<Mark> = rows
        .into_iter()
        .filter_map(|(at, kind)| Some(Mark { at: at?, kind }))
        .collect();
    out.sort_by_key(|m| m.at);
    out.truncate(MAX_EVIDENCE_ROWS);
    out
}

/// Evidence of `rows` (dataset, row), grouped by dataset in first-seen order,
/// at most [`MAX_EVIDENCE_ROWS`] rows in all.
fn evidence(rows: impl IntoIterator<Item = (DatasetId, RowRef)>) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    for (dataset, row) in rows.into_iter().take(MAX_EVIDENCE_ROWS) {
        match out.iter_mut().find(|e| e.dataset == dataset) {
            Some(e) => e.rows.push(row),
            None => out.push(Evidence {
                dataset,
                rows: vec![row],
            }),
        }
    }
    out
}

/// `n` and the noun, plural unless one.
fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

//! Summary JSON v1 and the per-user summary.
//!
//! One pass over the compact columns per section: the per-row classification is
//! already a byte, users and methods are looked up once per distinct value, so a
//! summary of 2,000,000 sign-ins costs a few tens of milliseconds.
//!
//! Maps (`methods`, `denial_reasons`, `call_results`, registration `methods`)
//! are JSON objects with keys in ascending byte order ([`BTreeMap`]): stable
//! across runs and platforms, easy to diff, and the page sorts by count itself.
//! Users are compared case-insensitively (Unicode lower case, trimmed); a row
//! without a user counts as the single user [`UNKNOWN_USER`].
//!
//! Choices the issue leaves open:
//! - `mfa_server.by_outcome`: a `depends` code whose row has a yes/no
//!   authenticated column is counted under the class that column resolves it to
//!   (`succeeded` / `failed`); it stays `depends` only without such a value. Rows
//!   without any call result count in `attempts` only.
//! - `blocked_history` also covers `fraud-alerts` files; every row of such a file
//!   is a fraud alert unless its Fraud Alert column says otherwise.
//! - `registration`: a registration-details file without an `MFA registered`
//!   column counts a user as registered when they have a registered method;
//!   the section is computed by [`crate::reports::registration`] (the page's
//!   Registration view), which states every rule.
//! - `sign_ins` appears when a sign-in file is loaded; auth details alone do not
//!   make it appear (they have nothing to attach to).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::classify::{
    call_outcome, call_result_of, is_no, is_yes, Outcome, Reasons, SignInClasses, ValueMemo,
};
use crate::columns::Role;
use crate::detect::ReportKind;
use crate::ingest::LoadedFile;
use crate::knowledge::CallOutcome;
use crate::store::{dates::format_timestamp, Column, FxHashMap};

pub const SCHEMA: &str = "mfa-lens.summary.v1";
/// The user of rows whose user column is empty.
pub const UNKNOWN_USER: &str = "(unknown)";
/// Registration key for PowerShell's `System.Object[]` (several methods it did
/// not write out).
pub const SEVERAL_METHODS: &str = "(several, not listed)";

/// Summary JSON v1: the contract between the engine, the page and the CLI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub schema: String,
    pub files: Vec<FileSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_ins: Option<SignInSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_server: Option<MfaServerSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_history: Option<BlockedSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bypass_history: Option<BypassSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration: Option<RegistrationSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSummary {
    pub name: String,
    /// Stable kind id, e.g. `entra-sign-ins`.
    pub kind: String,
    pub label: String,
    pub rows: u64,
    pub bad_rows: u64,
    /// Number of diagnostics for this file.
    pub diagnostics: u64,
    /// The file could not be read as a table at all.
    pub unreadable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SignInSummary {
    pub total: u64,
    pub mfa_required: u64,
    pub satisfied: u64,
    pub denied: u64,
    pub interrupted: u64,
    pub no_mfa: u64,
    pub users: u64,
    pub users_mfa_required: u64,
    pub users_denied: u64,
    pub users_never_completed: u64,
    pub methods: BTreeMap<String, u64>,
    pub denial_reasons: BTreeMap<String, u64>,
    /// Sign-in rows with at least one auth-details row.
    pub auth_details_joined: u64,
    /// Auth-details rows loaded (attached, not counted in `total`).
    pub auth_details_rows: u64,
    /// Share of auth-details Request IDs that found their sign-in (0–1); absent
    /// without auth details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_details_join_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ByOutcome {
    pub succeeded: u64,
    pub failed: u64,
    pub did_not_complete: u64,
    pub depends: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MfaServerSummary {
    pub attempts: u64,
    pub users: u64,
    pub call_results: BTreeMap<String, u64>,
    pub by_outcome: ByOutcome,
    /// Rows per `Authentication Type` (RADIUS, IIS, AD FS, …; empty cells
    /// under `(not given)`). Added in v1 by the report views.
    #[serde(default)]
    pub by_component: BTreeMap<String, u64>,
    /// Rows per `Application Name`.
    #[serde(default)]
    pub by_application: BTreeMap<String, u64>,
    /// Rows per `Authentication Method`.
    #[serde(default)]
    pub by_method: BTreeMap<String, u64>,
    /// Rows with a known call result per knowledge-base category.
    #[serde(default)]
    pub by_category: BTreeMap<String, u64>,
    /// Rows whose `SUCCESS_*` code did not mean the user got in.
    #[serde(default)]
    pub success_not_succeeded: u64,
    /// Rows with `FAILED_FRAUD_CODE_ENTERED` or `FAILED_FRAUD_REPORTED`.
    #[serde(default)]
    pub fraud_reports: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BlockedSummary {
    pub events: u64,
    pub blocks: u64,
    pub unblocks: u64,
    pub fraud_alerts: u64,
    pub users: u64,
    /// Users of the blocked user history whose last request is a block.
    #[serde(default)]
    pub users_blocked_now: u64,
    /// Users whose last request is an unblock.
    #[serde(default)]
    pub users_unblocked_now: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BypassSummary {
    pub events: u64,
    pub users: u64,
    /// `Bypass Used` says yes; without that column, a completion reason of
    /// `Used` (set by `reports::extend_summary`, the rule the page shows).
    pub used: u64,
    /// Bypasses known not to have been used (`Bypass Used` no, or a
    /// completion reason `Expired` without that column).
    #[serde(default)]
    pub unused: u64,
    /// Users bypassed twice or more.
    #[serde(default)]
    pub users_bypassed_repeatedly: u64,
    /// Sum of `Bypass Seconds`.
    #[serde(default)]
    pub seconds_granted: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RegistrationSummary {
    pub users: u64,
    pub mfa_registered: u64,
    pub mfa_not_registered: u64,
    pub methods: BTreeMap<String, u64>,
    /// Users whose `MFA capable` says so; absent without that column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_capable: Option<u64>,
    /// Registered users who are not MFA capable (no method the policy allows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_not_capable: Option<u64>,
    /// Users marked admin; absent without an `Admin` column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admins: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admins_not_registered: Option<u64>,
    /// The admins not registered for MFA, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub admins_not_registered_users: Vec<String>,
    /// Users per MSOnline per-user MFA state (`Enabled`, `Enforced`, `Disabled`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mfa_states: BTreeMap<String, u64>,
    /// With sign-ins loaded: users who sign in and are listed as not registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_users_not_registered: Option<u64>,
    /// With sign-ins loaded: users who sign in and are in no registration report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_users_not_in_report: Option<u64>,
}

/// One user's sign-ins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    /// The user as first written in the files (case kept).
    pub user: String,
    pub sign_ins: u64,
    pub mfa_required: u64,
    pub satisfied: u64,
    pub denied: u64,
    pub interrupted: u64,
    /// Sign-in rows per MFA method.
    pub methods: BTreeMap<String, u64>,
    /// Reason of the latest denied sign-in (by date, then by file order).
    pub last_denial_reason: Option<String>,
    /// ISO 8601 UTC.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// A loaded file as the summary sees it.
pub struct FileView<'a> {
    pub file: &'a LoadedFile,
    pub classes: Option<&'a SignInClasses>,
}

/// Case-insensitive user interner.
#[derive(Default)]
pub(crate) struct Users {
    index: FxHashMap<String, u32>,
    pub(crate) shown: Vec<String>,
}

impl Users {
    pub(crate) fn id(&mut self, raw: &str) -> u32 {
        let raw = raw.trim();
        let raw = if raw.is_empty() { UNKNOWN_USER } else { raw };
        let key = raw.to_lowercase();
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.shown.len() as u32;
        self.shown.push(raw.to_string());
        self.index.insert(key, i);
        i
    }

    pub(crate) fn len(&self) -> u64 {
        self.shown.len() as u64
    }
}

/// Per-column memo of user ids.
pub(crate) fn user_ids_of<'a>(
    column: Option<&'a Column>,
) -> impl FnMut(&mut Users, usize) -> u32 + 'a {
    let mut memo = ValueMemo::new(column);
    move |users: &mut Users, row: usize| memo.get(column, row, |v| users.id(v))
}

#[derive(Default, Clone)]
struct UserAcc {
    sign_ins: u64,
    mfa_required: u64,
    satisfied: u64,
    denied: u64,
    interrupted: u64,
    methods: Vec<(u32, u64)>,
    last_denial: Option<(i64, u64, u32)>,
    first_seen: Option<i64>,
    last_seen: Option<i64>,
}

/// Everything the sign-in pass produces.
struct SignInPass {
    summary: SignInSummary,
    users: Users,
    accs: Vec<UserAcc>,
    methods: Vec<String>,
}

fn sign_in_pass(files: &[FileView<'_>], reasons: &Reasons) -> Option<SignInPass> {
    let sign_in_files: Vec<&FileView<'_>> = files
        .iter()
        .filter(|f| f.file.detection.kind.is_sign_ins())
        .collect();
    if sign_in_files.is_empty() {
        return None;
    }
    let mut s = SignInSummary::default();
    let mut users = Users::default();
    let mut accs: Vec<UserAcc> = Vec::new();
    let mut method_names: Vec<String> = Vec::new();
    let mut method_index: FxHashMap<String, u32> = FxHashMap::default();
    let mut method_rows: Vec<u64> = Vec::new();
    let mut reason_rows: FxHashMap<u32, u64> = FxHashMap::default();
    let mut global_row: u64 = 0;

    for f in sign_in_files {
        let Some(classes) = f.classes else { continue };
        let t = &f.file.table;
        let m = &f.file.map;
        let col = |role: Role| m.get(role).and_then(|c| t.column(c));
        let user_col = col(Role::Username);
        let method_col = col(Role::MfaMethod).or_else(|| col(Role::LegacyMfaMethod));
        let mut user_of = user_ids_of(user_col);
        let mut method_memo = ValueMemo::new(method_col);
        for (row, (&class, &reason)) in classes.rows.iter().zip(&classes.reasons).enumerate() {
            global_row += 1;
            let u = user_of(&mut users, row) as usize;
            if accs.len() <= u {
                accs.resize(u + 1, UserAcc::default());
            }
            let Some(acc) = accs.get_mut(u) else { continue };
            acc.sign_ins += 1;
            s.total += 1;
            if class.mfa_required() {
                s.mfa_required += 1;
                acc.mfa_required += 1;
            }
            if class.joined() {
                s.auth_details_joined += 1;
            }
            let ts = t.timestamp(row);
            if let Some(ts) = ts {
                acc.first_seen = Some(acc.first_seen.map_or(ts, |f| f.min(ts)));
                acc.last_seen = Some(acc.last_seen.map_or(ts, |l| l.max(ts)));
            }
            match class.outcome() {
                Outcome::Satisfied => {
                    s.satisfied += 1;
                    acc.satisfied += 1;
                }
                Outcome::Denied => {
                    s.denied += 1;
                    acc.denied += 1;
                    *reason_rows.entry(reason).or_insert(0) += 1;
                    let key = (ts.unwrap_or(i64::MIN), global_row, reason);
                    if acc
                        .last_denial
                        .is_none_or(|(t0, r0, _)| (key.0, key.1) >= (t0, r0))
                    {
                        acc.last_denial = Some(key);
                    }
                }
                Outcome::Interrupted => {
                    s.interrupted += 1;
                    acc.interrupted += 1;
                }
                Outcome::NoMfa => s.no_mfa += 1,
            }
            let method = method_memo.get(method_col, row, |v| {
                let v = v.trim();
                if v.is_empty() {
                    return u32::MAX;
                }
                if let Some(&i) = method_index.get(v) {
                    return i;
                }
                let i = method_names.len() as u32;
                method_names.push(v.to_string());
                method_index.insert(v.to_string(), i);
                method_rows.push(0);
                i
            });
            if method != u32::MAX {
                if let Some(n) = method_rows.get_mut(method as usize) {
                    *n += 1;
                }
                match acc.methods.iter_mut().find(|(mi, _)| *mi == method) {
                    Some((_, n)) => *n += 1,
                    None => acc.methods.push((method, 1)),
                }
            }
        }
    }
    s.users = users.len();
    for acc in &accs {
        if acc.sign_ins == 0 {
            continue;
        }
        if acc.mfa_required > 0 {
            s.users_mfa_required += 1;
        }
        if acc.denied > 0 {
            s.users_denied += 1;
        }
        if acc.denied + acc.interrupted > 0 && acc.satisfied == 0 {
            s.users_never_completed += 1;
        }
    }
    for (i, n) in method_rows.iter().enumerate() {
        if let Some(name) = method_names.get(i) {
            *s.methods.entry(name.clone()).or_insert(0) += n;
        }
    }
    for (code, n) in reason_rows {
        if let Some(r) = reasons.get(code) {
            *s.denial_reasons.entry(r.to_string()).or_insert(0) += n;
        }
    }
    Some(SignInPass {
        summary: s,
        users,
        accs,
        methods: method_names,
    })
}

fn mfa_server(files: &[FileView<'_>]) -> Option<MfaServerSummary> {
    let mut out: Option<MfaServerSummary> = None;
    let mut users = Users::default();
    for f in files
        .iter()
        .filter(|f| f.file.detection.kind == ReportKind::MfaServerActivity)
    {
        let s = out.get_or_insert_with(MfaServerSummary::default);
        let (t, m) = (&f.file.table, &f.file.map);
        let mut user_of = user_ids_of(m.get(Role::Username).and_then(|c| t.column(c)));
        for row in 0..t.rows() {
            s.attempts += 1;
            user_of(&mut users, row);
            // A row without any call result is an attempt with no outcome to
            // count: it adds to `attempts` only.
            let Some((code, from)) = call_result_of(t, m, row) else {
                continue;
            };
            *s.call_results.entry(code.to_ascii_uppercase()).or_insert(0) += 1;
            let outcome = call_outcome(t, m, row, code, from);
            let b = &mut s.by_outcome;
            match outcome {
                CallOutcome::Succeeded => b.succeeded += 1,
                CallOutcome::Failed => b.failed += 1,
                CallOutcome::DidNotComplete => b.did_not_complete += 1,
                CallOutcome::Depends => b.depends += 1,
            }
        }
    }
    if let Some(s) = out.as_mut() {
        s.users = users.len();
    }
    out
}

fn blocked(files: &[FileView<'_>]) -> Option<BlockedSummary> {
    let mut out: Option<BlockedSummary> = None;
    let mut users = Users::default();
    for f in files.iter().filter(|f| {
        matches!(
            f.file.detection.kind,
            ReportKind::MfaServerBlocked | ReportKind::FraudAlerts
        )
    }) {
        let s = out.get_or_insert_with(BlockedSummary::default);
        let (t, m) = (&f.file.table, &f.file.map);
        let mut user_of = user_ids_of(m.get(Role::Username).and_then(|c| t.column(c)));
        let blocked = m.get(Role::Blocked);
        let fraud = m.get(Role::FraudAlert);
        // Every row of a fraud-alert report is an alert unless it says otherwise.
        let all_fraud = f.file.detection.kind == ReportKind::FraudAlerts;
        for row in 0..t.rows() {
            s.events += 1;
            user_of(&mut users, row);
            if let Some(c) = blocked {
                let v = t.get(row, c);
                if is_yes(v) {
                    s.blocks += 1;
                } else if is_no(v) {
                    s.unblocks += 1;
                }
            }
            let alert = match fraud {
                Some(c) => is_yes(t.get(row, c)),
                None => all_fraud,
            };
            if alert {
                s.fraud_alerts += 1;
            }
        }
    }
    if let Some(s) = out.as_mut() {
        s.users = users.len();
    }
    out
}

fn bypassed(files: &[FileView<'_>]) -> Option<BypassSummary> {
    let mut out: Option<BypassSummary> = None;
    let mut users = Users::default();
    for f in files
        .iter()
        .filter(|f| f.file.detection.kind == ReportKind::MfaServerBypassed)
    {
        let s = out.get_or_insert_with(BypassSummary::default);
        let (t, m) = (&f.file.table, &f.file.map);
        let mut user_of = user_ids_of(m.get(Role::Username).and_then(|c| t.column(c)));
        let used = m.get(Role::BypassUsed);
        for row in 0..t.rows() {
            s.events += 1;
            user_of(&mut users, row);
            if used.is_some_and(|c| is_yes(t.get(row, c))) {
                s.used += 1;
            }
        }
    }
    if let Some(s) = out.as_mut() {
        s.users = users.len();
    }
    out
}

fn registration(files: &[FileView<'_>]) -> Option<RegistrationSummary> {
    let c = crate::reports::registration::tally(files)?.counts();
    let (sign_in_users_not_registered, sign_in_users_not_in_report) = match c.sign_ins {
        Some((a, b)) => (Some(a), Some(b)),
        None => (None, None),
    };
    Some(RegistrationSummary {
        users: c.users,
        mfa_registered: c.registered,
        mfa_not_registered: c.users.saturating_sub(c.registered),
        methods: c.methods,
        mfa_capable: c
            .capability
            .as_ref()
            .map(|k| k.registered_capable + k.not_registered_capable),
        registered_not_capable: c.capability.as_ref().map(|k| k.registered_not_capable),
        admins: c.admins,
        admins_not_registered: c.admins.map(|_| c.admins_without_mfa.len() as u64),
        admins_not_registered_users: c.admins_without_mfa,
        mfa_states: c.mfa_states,
        sign_in_users_not_registered,
        sign_in_users_not_in_report,
    })
}

/// Build Summary JSON v1 from the loaded files (in input order).
pub fn summarize(
    files: Vec<FileSummary>,
    views: &[FileView<'_>],
    reasons: &Reasons,
    auth_details_rows: u64,
    join_rate: Option<f64>,
) -> Summary {
    let sign_ins = sign_in_pass(views, reasons).map(|p| {
        let mut s = p.summary;
        s.auth_details_rows = auth_details_rows;
        s.auth_details_join_rate = join_rate;
        s
    });
    Summary {
        schema: SCHEMA.to_string(),
        files,
        sign_ins,
        mfa_server: mfa_server(views),
        blocked_history: blocked(views),
        bypass_history: bypassed(views),
        registration: registration(views),
    }
}

/// Per-user summaries of every sign-in user, most sign-ins first, then by name.
pub fn user_summaries(views: &[FileView<'_>], reasons: &Reasons) -> Vec<UserSummary> {
    let Some(p) = sign_in_pass(views, reasons) else {
        return Vec::new();
    };
    let mut out: Vec<UserSummary> = p
        .accs
        .iter()
        .enumerate()
        .filter(|(_, a)| a.sign_ins > 0)
        .map(|(i, a)| UserSummary {
            user: p.users.shown.get(i).cloned().unwrap_or_default(),
            sign_ins: a.sign_ins,
            mfa_required: a.mfa_required,
            satisfied: a.satisfied,
            denied: a.denied,
            interrupted: a.interrupted,
            methods: a
                .methods
                .iter()
                .filter_map(|&(mi, n)| p.methods.get(mi as usize).map(|m| (m.clone(), n)))
                .collect(),
            last_denial_reason: a
                .last_denial
                .and_then(|(_, _, r)| reasons.get(r).map(str::to_string)),
            first_seen: a.first_seen.map(format_timestamp),
            last_seen: a.last_seen.map(format_timestamp),
        })
        .collect();
    out.sort_by(|a, b| {
        b.sign_ins
            .cmp(&a.sign_ins)
            .then_with(|| a.user.cmp(&b.user))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::reports::registration::{is_registered_value, registered_methods};

    #[test]
    fn registered_method_lists_split_and_powershell_arrays_are_several() {
        assert_eq!(
            registered_methods("microsoftAuthenticatorPush, fido2SecurityKey"),
            ["microsoftAuthenticatorPush", "fido2SecurityKey"]
        );
        assert_eq!(registered_methods("System.Object[]"), [SEVERAL_METHODS]);
        assert!(registered_methods(" ").is_empty());
        assert!(is_registered_value("Registered"));
        assert!(!is_registered_value("Not Registered"));
        assert!(is_registered_value("True"));
    }

    #[test]
    fn users_are_case_insensitive_and_empty_is_unknown() {
        let mut u = Users::default();
        let a = u.id("Alice@Contoso.com");
        assert_eq!(u.id(" alice@contoso.com "), a);
        let x = u.id("");
        assert_eq!(u.id("  "), x);
        assert_eq!(u.shown[x as usize], UNKNOWN_USER);
        assert_eq!(u.len(), 2);
    }
}

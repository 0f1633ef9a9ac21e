//! The sign-in pass: every classified sign-in row counted once, in total
//! (Summary JSON v1's `sign_ins` section, [`SignInSummary`]) and per user
//! (the Users view, [`UserSummary`]).
//!
//! One pass over the compact columns: the per-row classification is already a
//! byte, users and methods are looked up once per distinct value, so 2,000,000
//! sign-ins cost a few tens of milliseconds. It sits below the row views
//! ([`crate::query`] lists these users) and the summary ([`crate::Summary`]
//! carries the section), so both read one count.
//!
//! Users follow [`crate::classify::users`]; `sign_ins` appears when a sign-in
//! file is loaded; auth details alone do not make it appear (they have nothing
//! to attach to).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::classify::users::{user_ids_of, Users};
use crate::classify::{Outcome, Reasons, ValueMemo};
use crate::columns::Role;
use crate::store::{dates::format_timestamp, FxHashMap};
use crate::workspace::{FileView, Workspace};

/// Summary JSON v1's `sign_ins` section.
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

impl SignInSummary {
    /// The `sign_ins` section over the workspace's finished files; `None`
    /// without a sign-in file.
    pub fn of(ws: &Workspace) -> Option<SignInSummary> {
        let p = sign_in_pass(&ws.views(), ws.reasons())?;
        Some(SignInSummary {
            auth_details_rows: ws.auth_details_rows(),
            auth_details_join_rate: ws.join_stats().rate(),
            ..p.summary
        })
    }
}

/// Per-user summaries of every sign-in user of the workspace's finished
/// files, most sign-ins first, then by name.
pub fn user_summaries(ws: &Workspace) -> Vec<UserSummary> {
    let reasons = ws.reasons();
    let Some(p) = sign_in_pass(&ws.views(), reasons) else {
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

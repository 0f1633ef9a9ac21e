//! Fraud alerts: every fraud report in the loaded files, per user, with what
//! followed.
//!
//! A fraud report can show up in four places, and each is listed with its
//! source:
//! - a fraud alert report row (unless its `Fraud Alert` column says no);
//! - an activity report row whose call result is `FAILED_FRAUD_CODE_ENTERED`
//!   (fraud code typed during the call) or `FAILED_FRAUD_REPORTED` (reported
//!   in the mobile app);
//! - a blocked user history row marked `Fraud Alert`;
//! - a sign-in denied because the user reported fraud
//!   (`MFA denied; Phone App Reported Fraud`).
//!
//! One event often leaves a row in several files a few seconds apart (the
//! call's result, the alert, the block it caused). Alerts of one user less than
//! [`INCIDENT_GAP`] seconds apart count as one incident, so the totals say
//! both how many reports the files hold and how many times it happened.
//!
//! What followed comes from the blocked user history: the first block of the
//! user from [`BLOCK_SLACK`] seconds before the alert on, and the first unblock
//! after that block. Without a blocked history loaded it is unknown, never "no".

use serde::{Deserialize, Serialize};

use crate::classify::{call_result_of, Reasons};
use crate::columns::Role;
use crate::detect::ReportKind;
use crate::query::{Dataset, DatasetId, Filter};
use crate::store::dates::format_timestamp;
use crate::summary::{user_ids_of, Users};
use crate::workspace::Workspace;

use super::blocked::{history, BlockAction, BlockEvent, BlockState};
use super::{cell, flag, user_filter, Count, MAX_ITEMS};

/// Alerts of one user closer than this are one incident (ten minutes).
pub const INCIDENT_GAP: i64 = 600;
/// A block logged this many seconds before the alert still follows from it
/// (clocks of different files are not in step).
pub const BLOCK_SLACK: i64 = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FraudSource {
    /// The fraud alert report.
    FraudAlerts,
    /// The activity report's call result.
    Activity,
    /// The blocked user history's fraud flag.
    BlockedHistory,
    /// A denied sign-in.
    SignIns,
}

impl FraudSource {
    pub fn label(self) -> &'static str {
        match self {
            FraudSource::FraudAlerts => "Fraud alert report",
            FraudSource::Activity => "MFA Server activity",
            FraudSource::BlockedHistory => "Blocked user history",
            FraudSource::SignIns => "Sign-ins",
        }
    }

    fn dataset(self) -> DatasetId {
        match self {
            FraudSource::FraudAlerts => DatasetId::Fraud,
            FraudSource::Activity => DatasetId::MfaServerActivity,
            FraudSource::BlockedHistory => DatasetId::Blocked,
            FraudSource::SignIns => DatasetId::SignIns,
        }
    }
}

/// One fraud report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FraudAlert {
    pub user: String,
    pub when: Option<String>,
    pub source: FraudSource,
    pub file: String,
    /// The code or reason the row gives.
    pub what: String,
    /// `Some(true)`: a block followed; `Some(false)`: the blocked history is
    /// loaded and shows none; `None`: unknown.
    pub blocked: Option<bool>,
    pub blocked_at: Option<String>,
    /// When the block that followed was lifted, if it was.
    pub unblocked_at: Option<String>,
    /// The Rows view's dataset and filter for this user's rows there.
    pub dataset: DatasetId,
    pub filter: Filter,
}

/// One user's fraud reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FraudUser {
    pub user: String,
    pub alerts: u64,
    pub incidents: u64,
    pub first: Option<String>,
    pub last: Option<String>,
    /// From the blocked user history (unknown without one).
    pub state_now: BlockState,
    /// Alerts followed by a block.
    pub blocked_after: u64,
    /// Of those, blocks lifted later.
    pub unblocked_later: u64,
}

/// The fraud view's analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct FraudReport {
    pub alerts: u64,
    pub incidents: u64,
    pub users: u64,
    pub first: Option<String>,
    pub last: Option<String>,
    pub by_source: Vec<Count>,
    /// A blocked user history is loaded, so "what followed" is known.
    pub blocked_history_loaded: bool,
    pub blocked_after: u64,
    pub unblocked_later: u64,
    /// Users still blocked (their last request is a block).
    pub users_still_blocked: u64,
    /// Newest first; at most [`MAX_ITEMS`].
    pub alert_list: Vec<FraudAlert>,
    /// Most alerts first; at most [`MAX_ITEMS`].
    pub user_list: Vec<FraudUser>,
}

/// Denial reasons (codes into [`Reasons`]) that say fraud was reported.
pub(crate) fn sign_ins_reason_codes(reasons: &Reasons) -> impl Iterator<Item = u32> + '_ {
    (1u32..)
        .map_while(move |code| reasons.get(code).map(|r| (code, r)))
        .filter(|(_, r)| r.to_ascii_lowercase().contains("fraud"))
        .map(|(code, _)| code)
}

const FRAUD_CODES: [&str; 2] = ["FAILED_FRAUD_CODE_ENTERED", "FAILED_FRAUD_REPORTED"];

struct Raw {
    user: u32,
    at: Option<i64>,
    order: u64,
    source: FraudSource,
    file: String,
    what: String,
}

/// Collects every fraud report of the workspace.
fn collect(ws: &Workspace, users: &mut Users) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut order = 0u64;
    let mut push = |out: &mut Vec<Raw>, user, at, source, file: &str, what: String| {
        order += 1;
        out.push(Raw {
            user,
            at,
            order,
            source,
            file: file.to_string(),
            what,
        });
    };
    for (dataset, source) in [
        (DatasetId::Fraud, FraudSource::FraudAlerts),
        (DatasetId::MfaServerActivity, FraudSource::Activity),
        (DatasetId::Blocked, FraudSource::BlockedHistory),
        (DatasetId::SignIns, FraudSource::SignIns),
    ] {
        let ds = Dataset::build(ws, dataset);
        let fraud_reasons: Vec<u32> = sign_ins_reason_codes(ws.reasons()).collect();
        for m in &ds.members {
            let (t, map) = (m.table, &m.map);
            let mut user_of = user_ids_of(map.get(Role::Username).and_then(|c| t.column(c)));
            for row in 0..t.rows() {
                let what = match source {
                    FraudSource::FraudAlerts => {
                        if flag(cell(t, map, Role::FraudAlert, row)) == Some(false) {
                            continue;
                        }
                        let reason = cell(t, map, Role::FraudAlertReason, row);
                        if reason.is_empty() {
                            "Fraud alert".to_string()
                        } else {
                            reason.to_string()
                        }
                    }
                    FraudSource::Activity => match call_result_of(t, map, row) {
                        Some((code, _))
                            if FRAUD_CODES.iter().any(|f| f.eq_ignore_ascii_case(code)) =>
                        {
                            code.to_ascii_uppercase()
                        }
                        _ => continue,
                    },
                    FraudSource::BlockedHistory => {
                        if flag(cell(t, map, Role::FraudAlert, row)) != Some(true) {
                            continue;
                        }
                        let reason = cell(t, map, Role::BlockReason, row);
                        if reason.is_empty() {
                            "Marked as a fraud alert".to_string()
                        } else {
                            reason.to_string()
                        }
                    }
                    FraudSource::SignIns => {
                        if m.kind == ReportKind::EntraAuthDetails {
                            continue;
                        }
                        let Some(code) = m.classes.and_then(|c| c.reasons.get(row)) else {
                            continue;
                        };
                        if !fraud_reasons.contains(code) {
                            continue;
                        }
                        let reason = ws.reasons().get(*code).unwrap_or("fraud reported");
                        format!("MFA denied: {reason}")
                    }
                };
                let user = user_of(users, row);
                push(&mut out, user, t.timestamp(row), source, m.name, what);
            }
        }
    }
    out
}

/// The block that followed an alert at `at`, and its unblock.
fn follow_up(events: &[BlockEvent], at: i64) -> Option<(&BlockEvent, Option<&BlockEvent>)> {
    let block = events
        .iter()
        .find(|e| e.action == BlockAction::Block && e.at.is_some_and(|b| b >= at - BLOCK_SLACK))?;
    let block_at = block.at?;
    let unblock = events
        .iter()
        .find(|e| e.action == BlockAction::Unblock && e.at.is_some_and(|u| u > block_at));
    Some((block, unblock))
}

/// The fraud view's analysis.
pub fn analyse(ws: &Workspace) -> FraudReport {
    let mut users = Users::default();
    let mut raws = collect(ws, &mut users);
    let (mut hist, _, _) = history(ws);
    let history_loaded = ws
        .files()
        .iter()
        .any(|f| !f.loading && f.kind == ReportKind::MfaServerBlocked);
    // Per user, in time order (undated last, file order within).
    raws.sort_by_key(|r| (r.user, r.at.is_none(), r.at, r.order));

    let mut r = FraudReport {
        alerts: raws.len() as u64,
        users: 0,
        blocked_history_loaded: history_loaded,
        ..FraudReport::default()
    };
    let mut per_source: Vec<(FraudSource, u64)> = Vec::new();
    let mut alerts: Vec<(i64, u64, FraudAlert)> = Vec::with_capacity(raws.len().min(4096));
    let mut user_list: Vec<FraudUser> = Vec::new();
    let mut first: Option<i64> = None;
    let mut last: Option<i64> = None;
    let mut i = 0;
    while i < raws.len() {
        let uid = raws[i].user;
        let end = raws[i..]
            .iter()
            .position(|x| x.user != uid)
            .map_or(raws.len(), |p| i + p);
        let name = users.shown.get(uid as usize).cloned().unwrap_or_default();
        let events = hist.of(&name).to_vec();
        let mut u = FraudUser {
            user: name.clone(),
            alerts: (end - i) as u64,
            incidents: 0,
            first: None,
            last: None,
            state_now: if history_loaded {
                events
                    .iter()
                    .rev()
                    .find_map(|e| match e.action {
                        BlockAction::Block => Some(BlockState::Blocked),
                        BlockAction::Unblock => Some(BlockState::Unblocked),
                        BlockAction::Other => None,
                    })
                    .unwrap_or(BlockState::Unknown)
            } else {
                BlockState::Unknown
            },
            blocked_after: 0,
            unblocked_later: 0,
        };
        let mut previous: Option<i64> = None;
        for raw in &raws[i..end] {
            match (raw.at, previous) {
                (Some(t), Some(p)) if t - p < INCIDENT_GAP => {}
                (None, Some(_)) => {}
                _ => u.incidents += 1,
            }
            if raw.at.is_some() {
                previous = raw.at;
            }
            if let Some(t) = raw.at {
                first = Some(first.map_or(t, |f| f.min(t)));
                last = Some(last.map_or(t, |l| l.max(t)));
                u.first.get_or_insert_with(|| format_timestamp(t));
                u.last = Some(format_timestamp(t));
            }
            match per_source.iter_mut().find(|(s, _)| *s == raw.source) {
                Some((_, n)) => *n += 1,
                None => per_source.push((raw.source, 1)),
            }
            let follow = raw.at.and_then(|t| follow_up(&events, t));
            let blocked = match (history_loaded, raw.at, follow) {
                (_, _, Some(_)) => Some(true),
                (true, Some(_), None) => Some(false),
                _ => None,
            };
            if let Some((_, unblock)) = follow {
                u.blocked_after += 1;
                if unblock.is_some() {
                    u.unblocked_later += 1;
                }
            }
            let alert = FraudAlert {
                user: name.clone(),
                when: raw.at.map(format_timestamp),
                source: raw.source,
                file: raw.file.clone(),
                what: raw.what.clone(),
                blocked,
                blocked_at: follow.and_then(|(b, _)| b.when.clone()),
                unblocked_at: follow.and_then(|(_, u)| u.and_then(|e| e.when.clone())),
                dataset: raw.source.dataset(),
                filter: user_filter(&name),
            };
            alerts.push((raw.at.unwrap_or(i64::MIN), raw.order, alert));
        }
        r.incidents += u.incidents;
        r.blocked_after += u.blocked_after;
        r.unblocked_later += u.unblocked_later;
        if u.state_now == BlockState::Blocked {
            r.users_still_blocked += 1;
        }
        user_list.push(u);
        i = end;
    }
    r.users = user_list.len() as u64;
    r.first = first.map(format_timestamp);
    r.last = last.map(format_timestamp);
    per_source.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.label().cmp(b.0.label())));
    r.by_source = per_source
        .into_iter()
        .map(|(s, n)| Count {
            value: s.label().to_string(),
            count: n,
            filter: None,
        })
        .collect();
    alerts.sort_by_key(|a| std::cmp::Reverse((a.0, a.1)));
    alerts.truncate(MAX_ITEMS);
    r.alert_list = alerts.into_iter().map(|(_, _, a)| a).collect();
    user_list.sort_by(|a, b| {
        b.alerts
            .cmp(&a.alerts)
            .then_with(|| b.last.cmp(&a.last))
            .then_with(|| a.user.cmp(&b.user))
    });
    user_list.truncate(MAX_ITEMS);
    r.user_list = user_list;
    r
}

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

use crate::classify::users::{user_ids_of, Users};
use crate::classify::{call_result_of, Reasons};
use crate::columns::Role;
use crate::detect::ReportKind;
use crate::knowledge::detection::{is_fraud_call_result, is_fraud_reason};
use crate::query::{Dataset, DatasetId, Filter, Member};
use crate::store::dates::format_timestamp;
use crate::workspace::Workspace;

use super::blocked::{history, state_of, BlockAction, BlockState, EventRef};
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
        .filter(|(_, r)| is_fraud_reason(r))
        .map(|(code, _)| code)
}

/// The datasets fraud reports are read from, with their source.
const SOURCES: [(DatasetId, FraudSource); 4] = [
    (DatasetId::Fraud, FraudSource::FraudAlerts),
    (DatasetId::MfaServerActivity, FraudSource::Activity),
    (DatasetId::Blocked, FraudSource::BlockedHistory),
    (DatasetId::SignIns, FraudSource::SignIns),
];

/// One fraud report, by position: its text is read only if it is listed.
#[derive(Clone, Copy)]
struct Raw {
    user: u32,
    at: Option<i64>,
    order: u64,
    /// Index into [`SOURCES`] (and the datasets built from it).
    source: u8,
    member: u32,
    row: u32,
}

/// Is `row` of `m` a fraud report of `source`?
pub(crate) fn is_fraud(
    source: FraudSource,
    m: &Member<'_>,
    row: usize,
    fraud_reasons: &[u32],
) -> bool {
    let (t, map) = (m.table, &m.map);
    match source {
        FraudSource::FraudAlerts => flag(cell(t, map, Role::FraudAlert, row)) != Some(false),
        FraudSource::Activity => {
            call_result_of(t, map, row).is_some_and(|(code, _)| is_fraud_call_result(code))
        }
        FraudSource::BlockedHistory => flag(cell(t, map, Role::FraudAlert, row)) == Some(true),
        FraudSource::SignIns => m
            .classes
            .and_then(|c| c.reasons.get(row))
            .is_some_and(|code| fraud_reasons.contains(code)),
    }
}

/// What a fraud report's row says, for the list.
fn describe(source: FraudSource, m: &Member<'_>, row: usize, reasons: &Reasons) -> String {
    let (t, map) = (m.table, &m.map);
    let or = |text: &str, default: &str| {
        if text.is_empty() {
            default.to_string()
        } else {
            text.to_string()
        }
    };
    match source {
        FraudSource::FraudAlerts => or(cell(t, map, Role::FraudAlertReason, row), "Fraud alert"),
        FraudSource::Activity => call_result_of(t, map, row)
            .map(|(code, _)| code.to_ascii_uppercase())
            .unwrap_or_default(),
        FraudSource::BlockedHistory => or(
            cell(t, map, Role::BlockReason, row),
            "Marked as a fraud alert",
        ),
        FraudSource::SignIns => {
            let reason = m
                .classes
                .and_then(|c| c.reasons.get(row))
                .and_then(|&code| reasons.get(code))
                .unwrap_or("fraud reported");
            format!("MFA denied: {reason}")
        }
    }
}

/// Every fraud report of the workspace, by position.
fn collect(datasets: &[Dataset<'_>], reasons: &Reasons, users: &mut Users) -> Vec<Raw> {
    let fraud_reasons: Vec<u32> = sign_ins_reason_codes(reasons).collect();
    let mut out = Vec::new();
    let mut order = 0u64;
    for (si, (ds, (_, source))) in datasets.iter().zip(SOURCES).enumerate() {
        for (mi, m) in ds.members.iter().enumerate() {
            let t = m.table;
            let mut user_of = user_ids_of(m.map.get(Role::Username).and_then(|c| t.column(c)));
            for row in 0..t.rows() {
                if !is_fraud(source, m, row, &fraud_reasons) {
                    continue;
                }
                order += 1;
                out.push(Raw {
                    user: user_of(users, row),
                    at: t.timestamp(row),
                    order,
                    source: si as u8,
                    member: mi as u32,
                    row: row as u32,
                });
            }
        }
    }
    out
}

/// The block that followed an alert at `at`, and its unblock (requests in
/// time order).
fn follow_up(events: &[EventRef], at: i64) -> Option<(&EventRef, Option<&EventRef>)> {
    let from = events.partition_point(|e| e.at.is_none_or(|b| b < at - BLOCK_SLACK));
    let (bi, block) = events
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, e)| e.action == BlockAction::Block)?;
    let block_at = block.at?;
    let unblock = events
        .iter()
        .skip(bi + 1)
        .find(|e| e.action == BlockAction::Unblock && e.at.is_some_and(|u| u > block_at));
    Some((block, unblock))
}

/// The fraud view's analysis.
pub fn analyse(ws: &Workspace) -> FraudReport {
    let datasets: Vec<Dataset<'_>> = SOURCES
        .iter()
        .map(|&(id, _)| Dataset::build(ws, id))
        .collect();
    let mut users = Users::default();
    let mut raws = collect(&datasets, ws.reasons(), &mut users);
    let (mut hist, _) = history(ws);
    let history_loaded = ws
        .files()
        .iter()
        .any(|f| !f.loading && f.kind == ReportKind::MfaServerBlocked);
    // Per user, in time order (undated last, file order within).
    raws.sort_by_key(|r| (r.user, r.at.is_none(), r.at, r.order));

    let mut r = FraudReport {
        alerts: raws.len() as u64,
        blocked_history_loaded: history_loaded,
        ..FraudReport::default()
    };
    let mut per_source = [0u64; SOURCES.len()];
    // (time, order, raw, block time, unblock time) of every alert; only the
    // newest are turned into text.
    type Followed = (i64, u64, Raw, Option<Option<i64>>, Option<i64>);
    let mut alerts: Vec<Followed> = Vec::with_capacity(raws.len());
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
        let events = hist.of(&name);
        let mut u = FraudUser {
            user: name,
            alerts: (end - i) as u64,
            incidents: 0,
            first: None,
            last: None,
            state_now: if history_loaded {
                state_of(events)
            } else {
                BlockState::Unknown
            },
            blocked_after: 0,
            unblocked_later: 0,
        };
        let mut previous: Option<i64> = None;
        let (mut user_first, mut user_last) = (None::<i64>, None::<i64>);
        for raw in &raws[i..end] {
            match (raw.at, previous) {
                (Some(t), Some(p)) if t - p < INCIDENT_GAP => {}
                (None, Some(_)) => {}
                _ => u.incidents += 1,
            }
            if let Some(t) = raw.at {
                previous = Some(t);
                user_first.get_or_insert(t);
                user_last = Some(t);
            }
            if let Some(n) = per_source.get_mut(raw.source as usize) {
                *n += 1;
            }
            let follow = raw.at.and_then(|t| follow_up(events, t));
            if let Some((_, unblock)) = follow {
                u.blocked_after += 1;
                if unblock.is_some() {
                    u.unblocked_later += 1;
                }
            }
            alerts.push((
                raw.at.unwrap_or(i64::MIN),
                raw.order,
                *raw,
                follow.map(|(b, _)| b.at),
                follow.and_then(|(_, u)| u.and_then(|e| e.at)),
            ));
        }
        if let Some(t) = user_first {
            first = Some(first.map_or(t, |f| f.min(t)));
        }
        if let Some(t) = user_last {
            last = Some(last.map_or(t, |l| l.max(t)));
        }
        u.first = user_first.map(format_timestamp);
        u.last = user_last.map(format_timestamp);
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
    let mut by_source: Vec<Count> = SOURCES
        .iter()
        .zip(per_source)
        .filter(|(_, n)| *n > 0)
        .map(|(&(_, s), n)| Count {
            value: s.label().to_string(),
            count: n,
            filter: None,
        })
        .collect();
    by_source.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    r.by_source = by_source;

    alerts.sort_by_key(|a| std::cmp::Reverse((a.0, a.1)));
    alerts.truncate(MAX_ITEMS);
    r.alert_list = alerts
        .into_iter()
        .filter_map(|(_, _, raw, block, unblock)| {
            let (_, source) = *SOURCES.get(raw.source as usize)?;
            let m = datasets
                .get(raw.source as usize)?
                .members
                .get(raw.member as usize)?;
            let user = users
                .shown
                .get(raw.user as usize)
                .cloned()
                .unwrap_or_default();
            let blocked = match (block, history_loaded, raw.at) {
                (Some(_), _, _) => Some(true),
                (None, true, Some(_)) => Some(false),
                _ => None,
            };
            Some(FraudAlert {
                when: raw.at.map(format_timestamp),
                source,
                file: m.name.to_string(),
                what: describe(source, m, raw.row as usize, ws.reasons()),
                blocked,
                blocked_at: block.flatten().map(format_timestamp),
                unblocked_at: unblock.map(format_timestamp),
                dataset: source.dataset(),
                filter: user_filter(&user),
                user,
            })
        })
        .collect();
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

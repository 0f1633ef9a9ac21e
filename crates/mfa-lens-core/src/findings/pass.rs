//! The one pass every rule reads: the rows of the sign-in, MFA Server
//! activity, fraud alert, blocked and bypassed datasets turned into compact
//! per-user events (who, when, what, which row), sorted by user and time.
//!
//! Costs are per column, not per cell: users, denial reasons, error codes,
//! client apps and applications are decided once per distinct value of a
//! dictionary column ([`ValueMemo`]); a row costs a few byte lookups, and
//! only the rows a rule can use become events (32 bytes each).

use crate::classify::users::{user_ids_of, Users};
use crate::classify::{
    call_outcome, call_result_of, is_success_status, Outcome, ValueMemo, SUCCESS_CODE,
};
use crate::columns::Role;
use crate::knowledge::detection::{
    is_fraud_call_result, is_fraud_reason, reason_in, value_in, ADMIN_APPLICATIONS,
    FATIGUE_CALL_RESULTS, FATIGUE_REASONS, LEGACY_CLIENT_APPS, NOT_PROMPTED_RESULTS,
    WRONG_CODE_CALL_RESULTS, WRONG_CODE_REASONS,
};
use crate::knowledge::{mfa_result, CallOutcome};
use crate::query::{Dataset, DatasetId, Member, RowRef};
use crate::reports::fraud::{is_fraud, FraudSource};
use crate::reports::{cell, flag};
use crate::workspace::Workspace;

/// What a row tells the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    /// A push the user declined or did not answer.
    Rejected,
    /// A wrong, reused or stale verification code.
    WrongCode,
    /// A fraud report.
    Fraud,
    /// A satisfied sign-in or a succeeded MFA Server call.
    Success,
    /// A blocked-history unblock request.
    Unblock,
    /// A one-time bypass.
    Bypass,
    /// A successful single-factor sign-in through a legacy client.
    LegacySingle,
    /// A successful single-factor sign-in to an administrative application.
    AdminSingle,
}

/// One row that matters to a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Event {
    pub user: u32,
    pub at: Option<i64>,
    pub kind: Kind,
    pub dataset: DatasetId,
    pub row: RowRef,
}

/// The datasets read, in this order.
const DATASETS: [DatasetId; 5] = [
    DatasetId::SignIns,
    DatasetId::MfaServerActivity,
    DatasetId::Fraud,
    DatasetId::Blocked,
    DatasetId::Bypassed,
];

/// Everything the rules read.
pub(crate) struct Pass<'w> {
    pub users: Users,
    /// By user, then time (undated last), then kind and row.
    pub events: Vec<Event>,
    /// Performed prompts: `user << 32 | UTC day`, time and row, sorted.
    pub prompts: Vec<(u64, i64, RowRef)>,
    /// The sign-in dataset, and each of its files' user id per row (for
    /// looking back at a user's earlier sign-ins).
    pub sign_ins: Dataset<'w>,
    pub sign_in_users: Vec<Vec<u32>>,
}

impl<'w> Pass<'w> {
    pub(crate) fn run(ws: &'w Workspace) -> Pass<'w> {
        let mut p = Pass {
            users: Users::default(),
            events: Vec::new(),
            prompts: Vec::new(),
            sign_ins: Dataset::build(ws, DatasetId::SignIns),
            sign_in_users: Vec::new(),
        };
        let reason_kinds = reason_kinds(ws);
        let members = std::mem::take(&mut p.sign_ins.members);
        for m in &members {
            let users = p.sign_in_member(m, &reason_kinds);
            p.sign_in_users.push(users);
        }
        p.sign_ins.members = members;
        for id in DATASETS.into_iter().skip(1) {
            let ds = Dataset::build(ws, id);
            for m in &ds.members {
                p.other_member(id, m);
            }
        }
        p.events
            .sort_unstable_by_key(|e| (e.user, e.at.is_none(), e.at, e.kind, e.row));
        p.prompts.sort_unstable();
        p
    }

    /// The name of user `id` as the findings write it.
    pub(crate) fn user(&self, id: u32) -> &str {
        self.users.shown.get(id as usize).map_or("", String::as_str)
    }

    fn push(&mut self, user: u32, at: Option<i64>, kind: Kind, dataset: DatasetId, row: RowRef) {
        self.events.push(Event {
            user,
            at,
            kind,
            dataset,
            row,
        });
    }

    /// One sign-in file; its user id per row.
    fn sign_in_member(&mut self, m: &Member<'_>, reason_kinds: &[Option<Kind>]) -> Vec<u32> {
        let Some(classes) = m.classes else {
            return Vec::new();
        };
        let t = m.table;
        let col = |role: Role| m.map.get(role).and_then(|c| t.column(c));
        let mut user_of = user_ids_of(col(Role::Username));
        let result_col = col(Role::MfaResult).or_else(|| col(Role::LegacyMfaResult));
        let mut prompted = ValueMemo::new(result_col);
        let single = SingleFactor::new(m);
        let mut single_memo = single.memos();
        let mut users = Vec::with_capacity(t.rows());
        for (row, (&class, &reason)) in classes.rows.iter().zip(&classes.reasons).enumerate() {
            let user = user_of(&mut self.users, row);
            users.push(user);
            let at = t.timestamp(row);
            let at_row = m.row_ref(row);
            match class.outcome() {
                Outcome::Denied => {
                    if let Some(&Some(kind)) = reason_kinds.get(reason as usize) {
                        self.push(user, at, kind, DatasetId::SignIns, at_row);
                    }
                }
                Outcome::Satisfied => {
                    self.push(user, at, Kind::Success, DatasetId::SignIns, at_row);
                    let performed = prompted.get(result_col, row, |text| {
                        mfa_result(text).is_none_or(|e| !NOT_PROMPTED_RESULTS.contains(&e.reason))
                    });
                    if let (true, true, Some(t)) = (class.mfa_required(), performed, at) {
                        let day = t.div_euclid(86_400) as u32;
                        let key = (u64::from(user) << 32) | u64::from(day);
                        self.prompts.push((key, t, at_row));
                    }
                }
                _ => {}
            }
            if !class.mfa_required() {
                if let Some(kind) = single.kind(&mut single_memo, row) {
                    self.push(user, at, kind, DatasetId::SignIns, at_row);
                }
            }
        }
        users
    }

    /// One file of the other datasets.
    fn other_member(&mut self, id: DatasetId, m: &Member<'_>) {
        let t = m.table;
        let mut user_of = user_ids_of(m.map.get(Role::Username).and_then(|c| t.column(c)));
        for row in 0..t.rows() {
            let kind = match id {
                DatasetId::MfaServerActivity => activity_kind(m, row),
                DatasetId::Fraud => {
                    is_fraud(FraudSource::FraudAlerts, m, row, &[]).then_some(Kind::Fraud)
                }
                DatasetId::Blocked => {
                    if is_fraud(FraudSource::BlockedHistory, m, row, &[]) {
                        Some(Kind::Fraud)
                    } else if flag(cell(t, &m.map, Role::Blocked, row)) == Some(false) {
                        Some(Kind::Unblock)
                    } else {
                        None
                    }
                }
                DatasetId::Bypassed => Some(Kind::Bypass),
                _ => None,
            };
            if let Some(kind) = kind {
                let user = user_of(&mut self.users, row);
                self.push(user, t.timestamp(row), kind, id, m.row_ref(row));
            }
        }
    }
}

/// The rules' kind of each denial reason of the workspace (index = code).
fn reason_kinds(ws: &Workspace) -> Vec<Option<Kind>> {
    let reasons = ws.reasons();
    let mut out = vec![None];
    let mut code = 1u32;
    while let Some(r) = reasons.get(code) {
        out.push(if reason_in(FATIGUE_REASONS, r) {
            Some(Kind::Rejected)
        } else if is_fraud_reason(r) {
            Some(Kind::Fraud)
        } else if reason_in(WRONG_CODE_REASONS, r) {
            Some(Kind::WrongCode)
        } else {
            None
        });
        code = code.saturating_add(1);
    }
    out
}

/// What an MFA Server activity row tells the rules.
fn activity_kind(m: &Member<'_>, row: usize) -> Option<Kind> {
    let (code, from) = call_result_of(m.table, &m.map, row)?;
    if value_in(FATIGUE_CALL_RESULTS, code) {
        Some(Kind::Rejected)
    } else if is_fraud_call_result(code) {
        Some(Kind::Fraud)
    } else if value_in(WRONG_CODE_CALL_RESULTS, code) {
        Some(Kind::WrongCode)
    } else if call_outcome(m.table, &m.map, row, code, from) == CallOutcome::Succeeded {
        Some(Kind::Success)
    } else {
        None
    }
}

/// The columns `single-factor-access` reads from one sign-in file.
struct SingleFactor<'t> {
    /// The file says whether MFA was required (modern or 2018–2020 column).
    knows_requirement: bool,
    error: Option<&'t crate::store::Column>,
    status: Option<&'t crate::store::Column>,
    client: Option<&'t crate::store::Column>,
    app: Option<&'t crate::store::Column>,
}

type SingleMemos = (ValueMemo<bool>, ValueMemo<bool>, ValueMemo<bool>);

impl<'t> SingleFactor<'t> {
    fn new(m: &Member<'t>) -> SingleFactor<'t> {
        let col = |role: Role| m.map.get(role).and_then(|c| m.table.column(c));
        SingleFactor {
            knows_requirement: col(Role::AuthRequirement).is_some()
                || col(Role::LegacyMfaRequired).is_some(),
            error: col(Role::ErrorCode),
            status: col(Role::Status),
            client: col(Role::ClientApp),
            app: col(Role::Application),
        }
    }

    fn memos(&self) -> SingleMemos {
        let success = ValueMemo::new(self.error.or(self.status));
        (
            success,
            ValueMemo::new(self.client),
            ValueMemo::new(self.app),
        )
    }

    /// The kind of a single-factor row (MFA not required): a success
    /// (error code 0; without an error code column, a success status)
    /// through a legacy client or to an administrative application.
    fn kind(&self, memos: &mut SingleMemos, row: usize) -> Option<Kind> {
        if !self.knows_requirement {
            return None;
        }
        let (success, client, app) = memos;
        let ok = match self.error {
            Some(c) => success.get(Some(c), row, |v| {
                v.trim().trim_start_matches('\'') == SUCCESS_CODE
            }),
            None => success.get(self.status, row, is_success_status),
        };
        if !ok {
            return None;
        }
        if client.get(self.client, row, |v| value_in(LEGACY_CLIENT_APPS, v)) {
            Some(Kind::LegacySingle)
        } else if app.get(self.app, row, |v| value_in(ADMIN_APPLICATIONS, v)) {
            Some(Kind::AdminSingle)
        } else {
            None
        }
    }
}

/// One user's events: consecutive runs of `events` with the same user.
pub(crate) fn by_user(events: &[Event]) -> impl Iterator<Item = &[Event]> {
    events.chunk_by(|a, b| a.user == b.user)
}

/// The first success of `events` (one user's, in time order) at or after
/// `from` and at most `within` seconds after `until`. Of successes at the
/// same second, a sign-in comes before an MFA Server call (it has an IP
/// address), then the lower row reference.
pub(crate) fn success_after(
    events: &[Event],
    from: i64,
    until: i64,
    within: i64,
) -> Option<&Event> {
    let limit = until.saturating_add(within);
    let first = events
        .iter()
        .filter(|e| e.kind == Kind::Success)
        .find(|e| e.at.is_some_and(|t| t >= from && t <= limit))?;
    events
        .iter()
        .filter(|e| e.kind == Kind::Success && e.at == first.at)
        .min_by_key(|e| (e.dataset != DatasetId::SignIns, e.row))
}

/// The dated events of one kind, in time order, with their times.
pub(crate) fn dated(events: &[Event], kind: Kind) -> Vec<(i64, &Event)> {
    events
        .iter()
        .filter(|e| e.kind == kind)
        .filter_map(|e| Some((e.at?, e)))
        .collect()
}

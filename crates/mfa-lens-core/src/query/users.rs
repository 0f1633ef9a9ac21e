//! The users view: the engine's per-user summaries
//! ([`user_summaries`](crate::sign_ins::user_summaries)), filtered and sorted,
//! and one user's timeline.
//!
//! The summaries are computed by the engine exactly as the Summary JSON counts
//! them (users matched case-insensitively), so the table and the summary can
//! never disagree; this module only selects and orders them.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::sign_ins::{user_summaries, UserSummary};
use crate::workspace::Workspace;

use super::dataset::{Dataset, DatasetId};
use super::filter::{run_on, Filter, Query};
use super::overview::{timeline_on, Bucket, Timeline};
use super::text::{compare_text, Needle};

/// A sortable column of the users table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum UserColumn {
    User,
    #[default]
    SignIns,
    MfaRequired,
    Satisfied,
    Denied,
    Interrupted,
    LastDenialReason,
    FirstSeen,
    LastSeen,
}

/// A condition on a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserFlag {
    /// At least one denied sign-in.
    Denied,
    /// At least one interrupted sign-in.
    Interrupted,
    /// At least one sign-in that required MFA.
    MfaRequired,
    /// MFA was required but never satisfied.
    NeverSatisfied,
}

impl UserFlag {
    fn holds(self, u: &UserSummary) -> bool {
        match self {
            UserFlag::Denied => u.denied > 0,
            UserFlag::Interrupted => u.interrupted > 0,
            UserFlag::MfaRequired => u.mfa_required > 0,
            UserFlag::NeverSatisfied => u.mfa_required > 0 && u.satisfied == 0,
        }
    }
}

/// Filter and order of the users table (serialisable for the URL hash).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UserQuery {
    /// The user name contains this, ignoring case.
    #[serde(rename = "q", default, skip_serializing_if = "String::is_empty")]
    pub search: String,
    /// All of these must hold.
    #[serde(rename = "f", default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<UserFlag>,
    #[serde(rename = "s", default)]
    pub sort: UserColumn,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub desc: bool,
}

/// The users matching `query`, in its order (ties by user name).
pub fn users(ws: &Workspace, query: &UserQuery) -> Vec<UserSummary> {
    filter_users(user_summaries(ws), query)
}

/// [`users`] over summaries already computed.
pub fn filter_users(all: Vec<UserSummary>, query: &UserQuery) -> Vec<UserSummary> {
    let needle = Needle::new(query.search.trim());
    let mut out: Vec<UserSummary> = all
        .into_iter()
        .filter(|u| needle.is_in(&u.user) && query.flags.iter().all(|f| f.holds(u)))
        .collect();
    out.sort_by(|a, b| {
        let by = compare_users(a, b, query.sort);
        let by = if query.desc { by.reverse() } else { by };
        by.then_with(|| compare_text(&a.user, &b.user))
    });
    out
}

fn compare_users(a: &UserSummary, b: &UserSummary, col: UserColumn) -> Ordering {
    // Missing texts last in ascending order (they are `None`).
    let opt = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => compare_text(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    match col {
        UserColumn::User => compare_text(&a.user, &b.user),
        UserColumn::SignIns => a.sign_ins.cmp(&b.sign_ins),
        UserColumn::MfaRequired => a.mfa_required.cmp(&b.mfa_required),
        UserColumn::Satisfied => a.satisfied.cmp(&b.satisfied),
        UserColumn::Denied => a.denied.cmp(&b.denied),
        UserColumn::Interrupted => a.interrupted.cmp(&b.interrupted),
        UserColumn::LastDenialReason => opt(&a.last_denial_reason, &b.last_denial_reason),
        // ISO 8601 UTC texts sort in time order.
        UserColumn::FirstSeen => opt(&a.first_seen, &b.first_seen),
        UserColumn::LastSeen => opt(&a.last_seen, &b.last_seen),
    }
}

/// One user's sign-ins over time, stacked by outcome.
pub fn user_timeline(ws: &Workspace, user: &str, bucket: Bucket) -> Timeline {
    let ds = Dataset::build(ws, DatasetId::SignIns);
    let scope = vec![Filter::User {
        user: user.to_string(),
    }];
    let result = run_on(
        &ds,
        &Query {
            dataset: DatasetId::SignIns,
            filters: scope.clone(),
            ..Query::default()
        },
    );
    Timeline {
        scope,
        ..timeline_on(&ds, &result.rows, bucket)
    }
}

//! Bypassed user history: one-time bypasses (a user allowed to skip MFA for a
//! number of seconds), who granted them, for how long, why, and whether they
//! were used.
//!
//! A user bypassed [`REPEAT_THRESHOLD`] times or more is flagged: a bypass is
//! meant for a one-off (a lost phone), and a user who keeps needing one either
//! has a broken method or is being helped around MFA. `Bypass Used` decides
//! "used"; without a readable value a `Completion Reason` of `Used` or
//! `Expired` does.

use serde::{Deserialize, Serialize};

use crate::classify::users::{user_ids_of, Users};
use crate::columns::Role;
use crate::query::{Dataset, DatasetId, Filter};
use crate::store::dates::{format_timestamp, parse_timestamp};
use crate::store::DayOrder;
use crate::workspace::Workspace;

use super::{cell, column_key, flag, user_filter, Ranked, ValueCounter, MAX_ITEMS};

/// Bypasses of one user from which on the user is flagged.
pub const REPEAT_THRESHOLD: u64 = 2;

/// One one-time bypass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bypass {
    pub when: Option<String>,
    pub user: String,
    pub granted_by: String,
    /// `Bypass Seconds`, when a whole number.
    pub seconds: Option<u64>,
    pub reason: String,
    /// `None` when neither column says.
    pub used: Option<bool>,
    pub completed: Option<String>,
    pub completion_reason: String,
    pub file: String,
}

/// A user's bypasses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BypassUser {
    pub user: String,
    pub bypasses: u64,
    pub used: u64,
    pub seconds: u64,
    pub first: Option<String>,
    pub last: Option<String>,
    /// Bypassed [`REPEAT_THRESHOLD`] times or more.
    pub repeated: bool,
    pub filter: Filter,
}

/// The bypassed user history's analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BypassReport {
    pub events: u64,
    pub users: u64,
    pub used: u64,
    /// Bypasses known not to have been used.
    pub unused: u64,
    /// Sum of `Bypass Seconds`.
    pub seconds_granted: u64,
    pub users_bypassed_repeatedly: u64,
    pub repeat_threshold: u64,
    /// Most bypasses first; at most [`MAX_ITEMS`].
    pub user_list: Vec<BypassUser>,
    /// Newest first; at most [`MAX_ITEMS`].
    pub bypasses: Vec<Bypass>,
    pub by_granter: Ranked,
    pub by_reason: Ranked,
}

#[derive(Default, Clone)]
struct UserAcc {
    bypasses: u64,
    used: u64,
    seconds: u64,
    first: Option<i64>,
    last: Option<i64>,
}

fn used_of(used: &str, completion_reason: &str) -> Option<bool> {
    flag(used).or_else(|| {
        let c = completion_reason.trim();
        if c.eq_ignore_ascii_case("used") {
            Some(true)
        } else if c.eq_ignore_ascii_case("expired") {
            Some(false)
        } else {
            None
        }
    })
}

/// The bypassed user history's analysis.
pub fn analyse(ws: &Workspace) -> BypassReport {
    let ds = Dataset::build(ws, DatasetId::Bypassed);
    let mut r = BypassReport {
        repeat_threshold: REPEAT_THRESHOLD,
        ..BypassReport::default()
    };
    let mut users = Users::default();
    let mut accs: Vec<UserAcc> = Vec::new();
    let mut granters = ValueCounter::default();
    let mut reasons = ValueCounter::default();
    // (time, order, member, row, user) of the newest MAX_ITEMS, newest first.
    let mut newest: Vec<(i64, u64, u32, u32, u32)> = Vec::new();
    let mut order: u64 = 0;
    for (mi, m) in ds.members.iter().enumerate() {
        let (t, map) = (m.table, &m.map);
        let col = |role: Role| map.get(role).and_then(|c| t.column(c));
        granters.add_column(col(Role::BypassByUsername), t.rows());
        reasons.add_column(col(Role::BypassReason), t.rows());
        let mut user_of = user_ids_of(col(Role::Username));
        for row in 0..t.rows() {
            order += 1;
            r.events += 1;
            let u = user_of(&mut users, row) as usize;
            if accs.len() <= u {
                accs.resize(u + 1, UserAcc::default());
            }
            let completion_reason = cell(t, map, Role::CompletionReason, row);
            let used = used_of(cell(t, map, Role::BypassUsed, row), completion_reason);
            let seconds = cell(t, map, Role::BypassSeconds, row).parse::<u64>().ok();
            match used {
                Some(true) => r.used += 1,
                Some(false) => r.unused += 1,
                None => {}
            }
            r.seconds_granted = r.seconds_granted.saturating_add(seconds.unwrap_or(0));
            let at = t.timestamp(row);
            if let Some(a) = accs.get_mut(u) {
                a.bypasses += 1;
                a.used += u64::from(used == Some(true));
                a.seconds = a.seconds.saturating_add(seconds.unwrap_or(0));
                if let Some(ts) = at {
                    a.first = Some(a.first.map_or(ts, |f| f.min(ts)));
                    a.last = Some(a.last.map_or(ts, |l| l.max(ts)));
                }
            }
            // Keep the newest MAX_ITEMS by position only; their text is read
            // at the end, so the rows that are not listed allocate nothing.
            let key = (at.unwrap_or(i64::MIN), order);
            if newest.len() >= MAX_ITEMS && newest.last().is_some_and(|l| (l.0, l.1) >= key) {
                continue;
            }
            let pos = newest.partition_point(|e| (e.0, e.1) > key);
            newest.insert(pos, (key.0, key.1, mi as u32, row as u32, u as u32));
            newest.truncate(MAX_ITEMS);
        }
    }
    r.users = users.len();
    r.bypasses = newest
        .into_iter()
        .filter_map(|(at, _, mi, row, u)| {
            let m = ds.members.get(mi as usize)?;
            let (t, map, row) = (m.table, &m.map, row as usize);
            let order_of_dates = t.day_order().unwrap_or(DayOrder::MonthFirst);
            let completion_reason = cell(t, map, Role::CompletionReason, row);
            Some(Bypass {
                when: (at != i64::MIN).then(|| format_timestamp(at)),
                user: users.shown.get(u as usize).cloned().unwrap_or_default(),
                granted_by: cell(t, map, Role::BypassByUsername, row).to_string(),
                seconds: cell(t, map, Role::BypassSeconds, row).parse::<u64>().ok(),
                reason: cell(t, map, Role::BypassReason, row).to_string(),
                used: used_of(cell(t, map, Role::BypassUsed, row), completion_reason),
                completed: parse_timestamp(
                    cell(t, map, Role::CompletionTimestamp, row),
                    order_of_dates,
                )
                .map(format_timestamp),
                completion_reason: completion_reason.to_string(),
                file: m.name.to_string(),
            })
        })
        .collect();
    r.by_granter = Ranked::from_counts(
        &granters.into_map(),
        column_key(&ds, Role::BypassByUsername).as_deref(),
    );
    r.by_reason = Ranked::from_counts(
        &reasons.into_map(),
        column_key(&ds, Role::BypassReason).as_deref(),
    );
    r.users_bypassed_repeatedly = accs
        .iter()
        .filter(|a| a.bypasses >= REPEAT_THRESHOLD)
        .count() as u64;
    let mut ids: Vec<usize> = (0..accs.len()).filter(|&i| accs[i].bypasses > 0).collect();
    ids.sort_by(|&a, &b| {
        accs[b]
            .bypasses
            .cmp(&accs[a].bypasses)
            .then_with(|| users.shown[a].cmp(&users.shown[b]))
    });
    r.user_list = ids
        .into_iter()
        .take(MAX_ITEMS)
        .map(|i| {
            let a = &accs[i];
            let user = users.shown[i].clone();
            BypassUser {
                filter: user_filter(&user),
                user,
                bypasses: a.bypasses,
                used: a.used,
                seconds: a.seconds,
                first: a.first.map(format_timestamp),
                last: a.last.map(format_timestamp),
                repeated: a.bypasses >= REPEAT_THRESHOLD,
            }
        })
        .collect();
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn used_reads_the_flag_then_the_completion_reason() {
        assert_eq!(used_of("Yes", "Expired"), Some(true));
        assert_eq!(used_of("false", "Used"), Some(false));
        assert_eq!(used_of("", "Used"), Some(true));
        assert_eq!(used_of("", " expired "), Some(false));
        assert_eq!(used_of("", ""), None);
    }
}

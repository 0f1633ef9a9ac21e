//! Blocked user history: requests to block or unblock a user, on a timeline
//! per user, who made them and why, and each user's state now.
//!
//! A row whose `Blocked` column says yes is a block, no an unblock; any other
//! value is listed as it is without changing the state. The state now is the
//! action of the user's last block or unblock (by `Block Timestamp`, then file
//! order): the report holds the requests, so the last request is the state
//! the server was left in as far as the files show. An empty `Block By
//! Username` means nobody signed in made the request: the server itself (a
//! fraud report, an account lockout) or the user during a call.

use serde::{Deserialize, Serialize};

use crate::columns::Role;
use crate::query::{Dataset, DatasetId, Filter};
use crate::store::dates::{format_timestamp, parse_timestamp};
use crate::store::DayOrder;
use crate::summary::{user_ids_of, Users};
use crate::workspace::Workspace;

use super::{cell, column_key, flag, user_filter, Ranked, ValueCounter, MAX_ITEMS};

/// Events listed per user (the most recent ones).
pub const EVENTS_PER_USER: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockAction {
    Block,
    Unblock,
    /// The `Blocked` column was empty or unreadable.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockState {
    Blocked,
    Unblocked,
    /// No row of the user says block or unblock.
    Unknown,
}

/// One block or unblock request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockEvent {
    /// ISO 8601 UTC; `None` when the timestamp is missing or unreadable.
    pub when: Option<String>,
    pub action: BlockAction,
    /// `Block By Username`; empty when the server or the user made it.
    pub by: String,
    pub reason: String,
    pub completed: Option<String>,
    pub completion_reason: String,
    pub fraud_alert: bool,
    pub account_lockout: bool,
    pub file: String,
    /// Unix seconds (the same instant as `when`), for ordering and for the
    /// fraud view's follow-up.
    pub at: Option<i64>,
}

/// One user's requests and state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockedUser {
    pub user: String,
    pub state_now: BlockState,
    pub last_event: Option<String>,
    pub blocks: u64,
    pub unblocks: u64,
    pub fraud_alerts: u64,
    /// Oldest first; the last [`EVENTS_PER_USER`] requests.
    pub events: Vec<BlockEvent>,
    /// Requests not listed (older ones).
    pub events_omitted: u64,
    pub filter: Filter,
}

/// The blocked user history's analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BlockedReport {
    pub events: u64,
    pub blocks: u64,
    pub unblocks: u64,
    pub fraud_alerts: u64,
    pub users: u64,
    /// Users whose last request was a block.
    pub users_blocked_now: u64,
    pub users_unblocked_now: u64,
    /// Blocked now first, then the most recent activity; at most [`MAX_ITEMS`].
    pub user_list: Vec<BlockedUser>,
    pub by_reason: Ranked,
    /// Who made the requests (empty: the server or the user).
    pub by_requester: Ranked,
}

/// Every event of every user, ordered per user (time, then file order); the
/// fraud view reads it to tell what followed an alert.
pub(crate) struct History {
    pub users: Users,
    /// Per user id: events in order.
    pub events: Vec<Vec<BlockEvent>>,
}

impl History {
    /// The events of `user` (any case), if the user has any.
    pub(crate) fn of(&mut self, user: &str) -> &[BlockEvent] {
        let before = self.users.len();
        let id = self.users.id(user) as usize;
        if self.users.len() != before {
            return &[];
        }
        self.events.get(id).map_or(&[], Vec::as_slice)
    }
}

/// Reads every blocked-history row into per-user timelines.
pub(crate) fn history(ws: &Workspace) -> (History, BlockedReport, Dataset<'_>) {
    let ds = Dataset::build(ws, DatasetId::Blocked);
    let mut users = Users::default();
    let mut events: Vec<Vec<(i64, u64, BlockEvent)>> = Vec::new();
    let mut r = BlockedReport::default();
    let mut reasons = ValueCounter::default();
    let mut requesters = ValueCounter::default();
    let mut order: u64 = 0;
    for m in &ds.members {
        let (t, map) = (m.table, &m.map);
        let col = |role: Role| map.get(role).and_then(|c| t.column(c));
        let order_of_dates = t.day_order().unwrap_or(DayOrder::MonthFirst);
        // `Account Lockout` takes no part in detection, so it has no role.
        let lockout_col = map.normalized().iter().position(|c| c == "account lockout");
        let mut user_of = user_ids_of(col(Role::Username));
        for row in 0..t.rows() {
            order += 1;
            r.events += 1;
            let u = user_of(&mut users, row) as usize;
            if events.len() <= u {
                events.resize_with(u + 1, Vec::new);
            }
            let action = match flag(cell(t, map, Role::Blocked, row)) {
                Some(true) => BlockAction::Block,
                Some(false) => BlockAction::Unblock,
                None => BlockAction::Other,
            };
            match action {
                BlockAction::Block => r.blocks += 1,
                BlockAction::Unblock => r.unblocks += 1,
                BlockAction::Other => {}
            }
            let fraud_alert = flag(cell(t, map, Role::FraudAlert, row)) == Some(true);
            if fraud_alert {
                r.fraud_alerts += 1;
            }
            let reason = cell(t, map, Role::BlockReason, row);
            let by = cell(t, map, Role::BlockByUsername, row);
            let reason_id = reasons.id(reason);
            reasons.add_id(reason_id, 1);
            let by_id = requesters.id(by);
            requesters.add_id(by_id, 1);
            let at = t.timestamp(row);
            let completed =
                parse_timestamp(cell(t, map, Role::CompletionTimestamp, row), order_of_dates);
            let event = BlockEvent {
                when: at.map(format_timestamp),
                action,
                by: by.to_string(),
                reason: reason.to_string(),
                completed: completed.map(format_timestamp),
                completion_reason: cell(t, map, Role::CompletionReason, row).to_string(),
                fraud_alert,
                account_lockout: lockout_col.is_some_and(|c| flag(t.get(row, c)) == Some(true)),
                file: m.name.to_string(),
                at,
            };
            if let Some(list) = events.get_mut(u) {
                list.push((at.unwrap_or(i64::MIN), order, event));
            }
        }
    }
    r.users = users.len();
    r.by_reason = Ranked::from_counts(
        &reasons.into_map(),
        column_key(&ds, Role::BlockReason).as_deref(),
    );
    r.by_requester = Ranked::from_counts(
        &requesters.into_map(),
        column_key(&ds, Role::BlockByUsername).as_deref(),
    );
    let events = events
        .into_iter()
        .map(|mut list| {
            list.sort_by_key(|(t, o, _)| (*t, *o));
            list.into_iter().map(|(_, _, e)| e).collect()
        })
        .collect();
    (History { users, events }, r, ds)
}

/// The state a user's requests leave them in.
fn state_of(events: &[BlockEvent]) -> BlockState {
    events
        .iter()
        .rev()
        .find_map(|e| match e.action {
            BlockAction::Block => Some(BlockState::Blocked),
            BlockAction::Unblock => Some(BlockState::Unblocked),
            BlockAction::Other => None,
        })
        .unwrap_or(BlockState::Unknown)
}

/// The blocked user history's analysis.
pub fn analyse(ws: &Workspace) -> BlockedReport {
    let (h, mut r, _ds) = history(ws);
    let mut list: Vec<BlockedUser> = Vec::with_capacity(h.events.len());
    for (i, events) in h.events.into_iter().enumerate() {
        if events.is_empty() {
            continue;
        }
        let user = h.users.shown.get(i).cloned().unwrap_or_default();
        let state_now = state_of(&events);
        match state_now {
            BlockState::Blocked => r.users_blocked_now += 1,
            BlockState::Unblocked => r.users_unblocked_now += 1,
            BlockState::Unknown => {}
        }
        let count = |a: BlockAction| events.iter().filter(|e| e.action == a).count() as u64;
        let omitted = events.len().saturating_sub(EVENTS_PER_USER);
        list.push(BlockedUser {
            filter: user_filter(&user),
            user,
            state_now,
            last_event: events.iter().rev().find_map(|e| e.when.clone()),
            blocks: count(BlockAction::Block),
            unblocks: count(BlockAction::Unblock),
            fraud_alerts: events.iter().filter(|e| e.fraud_alert).count() as u64,
            events_omitted: omitted as u64,
            events: events.into_iter().skip(omitted).collect(),
        });
    }
    list.sort_by(|a, b| {
        let rank = |u: &BlockedUser| u.state_now != BlockState::Blocked;
        rank(a)
            .cmp(&rank(b))
            .then_with(|| b.last_event.cmp(&a.last_event))
            .then_with(|| a.user.cmp(&b.user))
    });
    list.truncate(MAX_ITEMS);
    r.user_list = list;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(action: BlockAction) -> BlockEvent {
        BlockEvent {
            when: None,
            action,
            by: String::new(),
            reason: String::new(),
            completed: None,
            completion_reason: String::new(),
            fraud_alert: false,
            account_lockout: false,
            file: String::new(),
            at: None,
        }
    }

    #[test]
    fn the_last_block_or_unblock_decides_the_state() {
        use BlockAction::*;
        assert_eq!(state_of(&[ev(Block), ev(Unblock)]), BlockState::Unblocked);
        assert_eq!(
            state_of(&[ev(Unblock), ev(Block), ev(Other)]),
            BlockState::Blocked
        );
        assert_eq!(state_of(&[ev(Other)]), BlockState::Unknown);
    }
}

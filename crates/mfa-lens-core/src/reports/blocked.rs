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

use crate::classify::users::{user_ids_of, Users};
use crate::columns::Role;
use crate::query::{Dataset, DatasetId, Filter};
use crate::store::dates::{format_timestamp, parse_timestamp};
use crate::store::DayOrder;
use crate::workspace::Workspace;

use super::{cell, column_key, flag, user_filter, Ranked, ValueCounter};

/// Requests listed per user (the most recent ones).
pub const EVENTS_PER_USER: usize = 20;
/// Users listed (blocked now first): with [`EVENTS_PER_USER`] requests each,
/// the answer stays near a megabyte at most.
pub const USERS_LISTED: usize = 200;

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
    /// Blocked now first, then the most recent activity; at most [`USERS_LISTED`].
    pub user_list: Vec<BlockedUser>,
    pub by_reason: Ranked,
    /// Who made the requests (empty: the server or the user).
    pub by_requester: Ranked,
}

/// One request as the history keeps it: where it is and what it did, no
/// text. Text is read from the table only for the requests a view lists, so a
/// million-row history allocates nothing per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EventRef {
    /// Unix seconds; `None` sorts first.
    pub at: Option<i64>,
    /// Position among all rows, for a stable order at equal times.
    pub order: u64,
    /// Index into the dataset's members.
    pub member: u32,
    pub row: u32,
    pub action: BlockAction,
    pub fraud_alert: bool,
}

/// Every request of every user, ordered per user (time, then file order); the
/// fraud view reads it to tell what followed an alert.
pub(crate) struct History<'w> {
    pub ds: Dataset<'w>,
    pub users: Users,
    /// Per user id: requests in order.
    pub events: Vec<Vec<EventRef>>,
}

impl History<'_> {
    /// The requests of `user` (any case), if the user has any.
    pub(crate) fn of(&mut self, user: &str) -> &[EventRef] {
        let before = self.users.len();
        let id = self.users.id(user) as usize;
        if self.users.len() != before {
            return &[];
        }
        self.events.get(id).map_or(&[], Vec::as_slice)
    }

    /// The full request, with its text, for a view.
    pub(crate) fn event(&self, e: &EventRef) -> Option<BlockEvent> {
        let m = self.ds.members.get(e.member as usize)?;
        let (t, map) = (m.table, &m.map);
        let row = e.row as usize;
        let order_of_dates = t.day_order().unwrap_or(DayOrder::MonthFirst);
        // `Account Lockout` takes no part in detection, so it has no role.
        let lockout = map
            .normalized()
            .iter()
            .position(|c| c == "account lockout")
            .is_some_and(|c| flag(t.get(row, c)) == Some(true));
        Some(BlockEvent {
            when: e.at.map(format_timestamp),
            action: e.action,
            by: cell(t, map, Role::BlockByUsername, row).to_string(),
            reason: cell(t, map, Role::BlockReason, row).to_string(),
            completed: parse_timestamp(
                cell(t, map, Role::CompletionTimestamp, row),
                order_of_dates,
            )
            .map(format_timestamp),
            completion_reason: cell(t, map, Role::CompletionReason, row).to_string(),
            fraud_alert: e.fraud_alert,
            account_lockout: lockout,
            file: m.name.to_string(),
            at: e.at,
        })
    }
}

/// Reads every blocked-history row into per-user timelines and the totals.
pub(crate) fn history(ws: &Workspace) -> (History<'_>, BlockedReport) {
    let ds = Dataset::build(ws, DatasetId::Blocked);
    let mut users = Users::default();
    let mut events: Vec<Vec<EventRef>> = Vec::new();
    let mut r = BlockedReport::default();
    let mut reasons = ValueCounter::default();
    let mut requesters = ValueCounter::default();
    let mut order: u64 = 0;
    for (mi, m) in ds.members.iter().enumerate() {
        let (t, map) = (m.table, &m.map);
        let col = |role: Role| map.get(role).and_then(|c| t.column(c));
        reasons.add_column(col(Role::BlockReason), t.rows());
        requesters.add_column(col(Role::BlockByUsername), t.rows());
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
            if let Some(list) = events.get_mut(u) {
                list.push(EventRef {
                    at: t.timestamp(row),
                    order,
                    member: mi as u32,
                    row: row as u32,
                    action,
                    fraud_alert,
                });
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
    for list in &mut events {
        list.sort_by_key(|e| (e.at.unwrap_or(i64::MIN), e.order));
    }
    (History { ds, users, events }, r)
}

/// The state a user's requests leave them in.
pub(crate) fn state_of(events: &[EventRef]) -> BlockState {
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
    let (h, mut r) = history(ws);
    // (user id, state, last time, last order) of every user with requests.
    let mut order: Vec<(usize, BlockState, i64, u64)> = Vec::with_capacity(h.events.len());
    for (i, events) in h.events.iter().enumerate() {
        let Some(last) = events.last() else { continue };
        let state = state_of(events);
        match state {
            BlockState::Blocked => r.users_blocked_now += 1,
            BlockState::Unblocked => r.users_unblocked_now += 1,
            BlockState::Unknown => {}
        }
        order.push((i, state, last.at.unwrap_or(i64::MIN), last.order));
    }
    // Blocked now first, then the most recent activity, then by name.
    order.sort_by(|a, b| {
        (a.1 != BlockState::Blocked)
            .cmp(&(b.1 != BlockState::Blocked))
            .then_with(|| (b.2, b.3).cmp(&(a.2, a.3)))
            .then_with(|| h.users.shown[a.0].cmp(&h.users.shown[b.0]))
    });
    r.user_list = order
        .into_iter()
        .take(USERS_LISTED)
        .map(|(i, state_now, _, _)| {
            let events = &h.events[i];
            let user = h.users.shown.get(i).cloned().unwrap_or_default();
            let count = |a: BlockAction| events.iter().filter(|e| e.action == a).count() as u64;
            let omitted = events.len().saturating_sub(EVENTS_PER_USER);
            let listed: Vec<BlockEvent> = events
                .iter()
                .skip(omitted)
                .filter_map(|e| h.event(e))
                .collect();
            BlockedUser {
                filter: user_filter(&user),
                user,
                state_now,
                last_event: events.iter().rev().find_map(|e| e.at).map(format_timestamp),
                blocks: count(BlockAction::Block),
                unblocks: count(BlockAction::Unblock),
                fraud_alerts: events.iter().filter(|e| e.fraud_alert).count() as u64,
                events_omitted: omitted as u64,
                events: listed,
            }
        })
        .collect();
    r
}

/// The summary's figures only: no user list, no text.
pub(crate) fn states(ws: &Workspace) -> (u64, u64) {
    let (h, _) = history(ws);
    let mut blocked = 0;
    let mut unblocked = 0;
    for events in h.events.iter().filter(|e| !e.is_empty()) {
        match state_of(events) {
            BlockState::Blocked => blocked += 1,
            BlockState::Unblocked => unblocked += 1,
            BlockState::Unknown => {}
        }
    }
    (blocked, unblocked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(action: BlockAction) -> EventRef {
        EventRef {
            at: None,
            order: 0,
            member: 0,
            row: 0,
            action,
            fraud_alert: false,
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

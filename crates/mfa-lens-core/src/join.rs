//! Auth-details rows joined to their sign-ins on Request ID.
//!
//! The sign-in file says *that* MFA was needed; the `…_AuthDetails_…` file says
//! what each step did. The join is rebuilt from scratch whenever a file is added
//! or removed, so the order in which files arrive never changes a number.

use std::cell::Cell;

use crate::classify::{text_class, JoinedSteps, Reasons, ValueMemo};
use crate::columns::{ColumnMap, Role};
use crate::store::{FxHashMap, Table};

/// Request ID → what its auth-details steps say, for one rebuild.
///
/// The keys borrow the tables' own text (the index lives only while the
/// workspace joins and classifies): no copy of 300,000 Request IDs. Each
/// entry notes whether a sign-in looked it up, which is how the join rate is
/// counted without a second map of every sign-in's Request ID.
#[derive(Debug, Default)]
pub struct JoinIndex<'a> {
    steps: FxHashMap<&'a str, Entry>,
    /// Auth-details rows read (with a Request ID).
    pub rows: u64,
}

#[derive(Debug, Default)]
struct Entry {
    steps: JoinedSteps,
    /// A sign-in asked for this Request ID ([`JoinIndex::get`]).
    seen: Cell<bool>,
}

impl<'a> JoinIndex<'a> {
    /// Add every row of one auth-details table.
    pub fn add_table(&mut self, table: &'a Table, map: &ColumnMap, reasons: &mut Reasons) {
        let col = |role: Role| map.get(role).and_then(|c| table.column(c));
        let (Some(request), requirement, succeeded, detail) = (
            col(Role::RequestId),
            col(Role::Requirement),
            col(Role::Succeeded),
            col(Role::ResultDetail),
        ) else {
            return;
        };
        // Most Request IDs have two or three steps.
        self.steps.reserve(table.rows() / 2);
        let mut detail_memo = ValueMemo::new(detail);
        for row in 0..table.rows() {
            let id = request.get(row).trim();
            if id.is_empty() {
                continue;
            }
            self.rows += 1;
            let class = detail_memo.get(detail, row, |t| text_class(t, reasons));
            let req = requirement.map_or("", |c| c.get(row));
            let ok = succeeded.map_or("", |c| c.get(row));
            self.steps.entry(id).or_default().steps.add(req, ok, class);
        }
    }

    /// The steps of `request_id`, noted as found by a sign-in.
    pub fn get(&self, request_id: &str) -> Option<&JoinedSteps> {
        let entry = self.steps.get(request_id)?;
        entry.seen.set(true);
        Some(&entry.steps)
    }

    /// Distinct Request IDs among the auth-details rows.
    pub fn request_ids(&self) -> usize {
        self.steps.len()
    }

    /// Distinct Request IDs a sign-in has looked up with [`get`](Self::get).
    pub fn matched(&self) -> usize {
        self.steps.values().filter(|e| e.seen.get()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// How many of the auth-details Request IDs found their sign-in.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct JoinStats {
    pub request_ids: usize,
    pub matched: usize,
}

impl JoinStats {
    /// Share of auth-details Request IDs that have a sign-in row, 0.0–1.0;
    /// `None` when no auth details are loaded.
    pub fn rate(&self) -> Option<f64> {
        (self.request_ids > 0).then(|| self.matched as f64 / self.request_ids as f64)
    }
}

/// Below this join rate the page warns that the files probably do not belong
/// together (a different date range, or interactive details with non-interactive
/// sign-ins).
pub const LOW_JOIN_RATE: f64 = 0.9;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_of_one_request_are_folded_together() {
        let header = [
            "Request ID",
            "Date",
            "Authentication method",
            "Succeeded",
            "Result detail",
            "Requirement",
        ];
        let mut t = Table::new(header.iter().map(|s| s.to_string()).collect());
        t.push_row([
            "r1",
            "",
            "Password",
            "true",
            "Correct password",
            "Primary authentication",
        ]);
        t.push_row([
            "r1",
            "",
            "Mobile app notification",
            "false",
            "MFA denied; user declined the authentication",
            "Multifactor authentication",
        ]);
        t.push_row([
            "r2",
            "",
            "Mobile app notification",
            "true",
            "MFA completed in Azure AD",
            "Multifactor authentication",
        ]);
        t.push_row(["", "", "", "", "", ""]);
        let mut reasons = Reasons::default();
        let mut j = JoinIndex::default();
        j.add_table(&t, &ColumnMap::new(&header), &mut reasons);
        assert_eq!(j.rows, 3);
        assert_eq!(j.request_ids(), 2);
        let r1 = j.get("r1").unwrap();
        assert_eq!(
            reasons.get(r1.denied_reason),
            Some("user declined the authentication")
        );
        assert!(!r1.mfa_step_succeeded);
        let r2 = j.get("r2").unwrap();
        assert!(r2.mfa_step_succeeded && r2.satisfied_text);
        assert!(j.get("r3").is_none());
    }
}

//! Auth-details rows joined to their sign-ins on Request ID.
//!
//! The sign-in file says *that* MFA was needed; the `…_AuthDetails_…` file says
//! what each step did. The join is rebuilt from scratch whenever a file is added
//! or removed, so the order in which files arrive never changes a number.

use std::cell::Cell;

use crate::classify::{
    request_steps, text_class, JoinedSteps, Reasons, SignInClasses, SignInsAlone, ValueMemo,
};
use crate::columns::{ColumnMap, Role};
use crate::store::{Column, FxHashMap, Table};

mod away;
pub mod facts;

pub use away::{
    classify_away, classify_in_place, decode_answer, encode_answer, ClassesAway, JoinSeen,
    KeptSignIns,
};
pub use facts::StepFacts;

/// Request ID → what its auth-details steps say, for one rebuild.
///
/// The keys borrow the text they come from (an auth-details table, or the
/// [`StepFacts`] a shard sent): no copy of 300,000 Request IDs. Each entry
/// notes whether a sign-in looked it up, which is how the join rate is
/// counted without a second map of every sign-in's Request ID. Entries keep
/// the order their Request IDs were first added in, so two indexes built
/// from the same facts in the same order number them alike and can pool
/// what they matched ([`matched_bits`](Self::matched_bits)).
#[derive(Debug, Default)]
pub struct JoinIndex<'a> {
    positions: FxHashMap<&'a str, u32>,
    ids: Vec<&'a str>,
    steps: Vec<JoinedSteps>,
    seen: Vec<Cell<bool>>,
    /// The steps' denial reasons, in the order their rows first gave them.
    reasons: Reasons,
    /// Auth-details rows read (with a Request ID).
    pub rows: u64,
}

impl<'a> JoinIndex<'a> {
    /// Add every row of one auth-details table.
    pub fn add_table(&mut self, table: &'a Table, map: &ColumnMap) {
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
        self.positions.reserve(table.rows() / 2);
        let mut detail_memo = ValueMemo::new(detail);
        for row in 0..table.rows() {
            let id = request.get(row).trim();
            if id.is_empty() {
                continue;
            }
            self.rows += 1;
            let reasons = &mut self.reasons;
            let class = detail_memo.get(detail, row, |t| text_class(t, reasons));
            let mut step = JoinedSteps::default();
            step.add(
                requirement.map_or("", |c| c.get(row)),
                succeeded.map_or("", |c| c.get(row)),
                class,
            );
            self.fold(id, step);
        }
    }

    /// Add what one file's auth-details rows said, as [`StepFacts`]: the
    /// same index as adding the rows themselves with
    /// [`add_table`](Self::add_table).
    pub fn add(&mut self, facts: &'a StepFacts) {
        let codes = self.reasons.intern_all(facts.reasons());
        self.rows += facts.rows();
        self.positions.reserve(facts.len());
        for (id, mut steps) in facts.iter() {
            steps.denied_reason = codes
                .get(steps.denied_reason as usize)
                .copied()
                .unwrap_or(0);
            self.fold(id, steps);
        }
    }

    fn fold(&mut self, id: &'a str, steps: JoinedSteps) {
        let next = self.ids.len() as u32;
        let at = *self.positions.entry(id).or_insert(next);
        if at == next {
            self.ids.push(id);
            self.steps.push(steps);
            self.seen.push(Cell::new(false));
        } else {
            self.steps[at as usize].merge(steps);
        }
    }

    /// The steps of `request_id`, noted as found by a sign-in. Their denial
    /// reason is a code into [`reasons`](Self::reasons).
    pub fn get(&self, request_id: &str) -> Option<&JoinedSteps> {
        let at = *self.positions.get(request_id)? as usize;
        self.seen[at].set(true);
        Some(&self.steps[at])
    }

    /// The denial reasons the steps' codes point into.
    pub fn reasons(&self) -> &Reasons {
        &self.reasons
    }

    /// Distinct Request IDs among the auth-details rows.
    pub fn request_ids(&self) -> usize {
        self.ids.len()
    }

    /// Distinct Request IDs a sign-in has looked up with [`get`](Self::get).
    pub fn matched(&self) -> usize {
        self.seen.iter().filter(|s| s.get()).count()
    }

    /// Which entries a sign-in looked up, one bit each in entry order.
    pub fn matched_bits(&self) -> Vec<u64> {
        let mut bits = vec![0u64; self.seen.len().div_ceil(64)];
        for (i, seen) in self.seen.iter().enumerate() {
            if seen.get() {
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    }

    /// Notes as looked up what another index, built from the same facts in
    /// the same order, saw looked up (`matched_bits` there). Bits past
    /// this index's entries are ignored.
    pub fn add_matched(&self, bits: &[u64]) {
        for (i, seen) in self.seen.iter().enumerate() {
            if bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0) {
                seen.set(true);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The second half of a sign-in file's classification
    /// ([`SignInsAlone::classify`]): each row's steps looked up by its
    /// Request ID (`request`, the file's column). `reasons` is the list the
    /// first half interned into; the steps' denial reasons are added to it
    /// as rows use them, after the file's own.
    pub fn classify(
        &self,
        alone: &SignInsAlone,
        reasons: &mut Reasons,
        request: Option<&Column>,
    ) -> SignInClasses {
        // Index code → the file's code, 0 until a row uses it.
        let mut codes = vec![0u32; self.reasons.texts().len() + 1];
        alone.classify(
            |row| request_steps(request, row, |id| self.get(id)),
            |code| {
                let Some(slot) = codes.get_mut(code as usize) else {
                    return 0;
                };
                if *slot == 0 {
                    let text = self.reasons.get(code).unwrap_or_default();
                    *slot = reasons.intern(text.to_string());
                }
                *slot
            },
        )
    }

    /// Everything this index holds as owned [`StepFacts`], entries in order.
    pub fn to_facts(&self) -> StepFacts {
        StepFacts::from_parts(
            self.ids.iter().copied().zip(self.steps.iter().copied()),
            self.reasons.texts().to_vec(),
            self.rows,
        )
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
        let mut j = JoinIndex::default();
        j.add_table(&t, &ColumnMap::new(&header));
        let reasons = j.reasons();
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

//! One analysis per MFA Server report: what the page's report views show, and
//! the figures Summary JSON v1 takes from them.
//!
//! The reference document lists five reports besides the sign-in logs: the
//! activity report (usage for on-premises components, with its call result
//! codes), fraud alerts, blocked user history, bypassed user history and server
//! status. Each has a file here with a pure function over the [`Workspace`]
//! returning a serde-serialisable analysis:
//!
//! | report | function | answers |
//! |---|---|---|
//! | [`ReportId::MfaServer`] | [`activity::analyse`] | usage by component, application and method; call results by outcome class and category; users |
//! | [`ReportId::Fraud`] | [`fraud::analyse`] | every fraud report in the files, per user, and whether a block followed and was lifted |
//! | [`ReportId::Blocked`] | [`blocked::analyse`] | block / unblock events per user, who and why, and each user's state now |
//! | [`ReportId::Bypassed`] | [`bypassed::analyse`] | one-time bypasses, who granted them, for how long, used or not; repeat users |
//! | [`ReportId::ServerStatus`] | [`server_status::analyse`] | servers, versions, and those silent for long |
//!
//! The registration reports have their own view and module,
//! [`registration::registration_report`]: who has and has not registered for MFA,
//! admins without MFA, and users who sign in without being registered.
//!
//! Every list an analysis returns is bounded ([`TOP`] ranked values, [`MAX_ITEMS`]
//! events or users) so a 2,000,000-row file never produces a huge message; the
//! totals beside each list are exact (`u64`). Users are compared the way the
//! summary compares them (case-insensitive, trimmed; empty is
//! [`UNKNOWN_USER`](crate::classify::users::UNKNOWN_USER)).
//!
//! Reports sit above the row views ([`crate::query`]: datasets and the
//! filters they hand the page) and below the summary: [`crate::Summary::of`]
//! asks a report for its figures (in the report's own types, such as
//! [`activity::totals`]), and no report knows the summary's types.
//!
//! Each analysis carries the dataset column keys and [`Filter`]s the page needs
//! to open "these rows" in the Rows view, so the page never guesses a column.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::classify::ValueMemo;
use crate::columns::Role;
use crate::detect::ReportKind;
use crate::query::{Dataset, DatasetId, Filter};
use crate::store::{Column, FxHashMap};
use crate::workspace::Workspace;

pub mod activity;
pub mod blocked;
pub mod bypassed;
pub mod fraud;
pub mod registration;
pub mod server_status;

pub use activity::{ActivityUser, CallResultCount, MfaServerReport};
pub use blocked::{BlockAction, BlockEvent, BlockState, BlockedReport, BlockedUser};
pub use bypassed::{Bypass, BypassReport, BypassUser};
pub use fraud::{FraudAlert, FraudReport, FraudSource, FraudUser};
pub use server_status::{Server, ServerStatusReport};

/// Values kept in a ranked list (by component, by reason, …); the rest are
/// summed in [`Ranked::others`].
pub const TOP: usize = 50;
/// Events, alerts, bypasses, users or servers listed at most.
pub const MAX_ITEMS: usize = 500;
/// Shown for an empty cell in a ranked list.
pub const NOT_GIVEN: &str = "(not given)";

/// The report views, in the order the page shows their tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportId {
    MfaServer,
    Fraud,
    Blocked,
    Bypassed,
    ServerStatus,
}

impl ReportId {
    pub const ALL: [ReportId; 5] = [
        ReportId::MfaServer,
        ReportId::Fraud,
        ReportId::Blocked,
        ReportId::Bypassed,
        ReportId::ServerStatus,
    ];

    /// Stable id for the URL hash and the DOM.
    pub fn id(self) -> &'static str {
        match self {
            ReportId::MfaServer => "mfa-server",
            ReportId::Fraud => "fraud",
            ReportId::Blocked => "blocked",
            ReportId::Bypassed => "bypassed",
            ReportId::ServerStatus => "server-status",
        }
    }

    /// The tab's name.
    pub fn label(self) -> &'static str {
        match self {
            ReportId::MfaServer => "MFA Server",
            ReportId::Fraud => "Fraud alerts",
            ReportId::Blocked => "Blocked users",
            ReportId::Bypassed => "Bypassed users",
            ReportId::ServerStatus => "Server status",
        }
    }

    /// The Rows dataset holding this report's rows (fraud reports come from
    /// several; the fraud-alert file is the one named here).
    pub fn dataset(self) -> DatasetId {
        match self {
            ReportId::MfaServer => DatasetId::MfaServerActivity,
            ReportId::Fraud => DatasetId::Fraud,
            ReportId::Blocked => DatasetId::Blocked,
            ReportId::Bypassed => DatasetId::Bypassed,
            ReportId::ServerStatus => DatasetId::ServerStatus,
        }
    }
}

/// One analysis, tagged with its report for the worker protocol. Externally
/// tagged (`{"mfa_server": {…}}`): an internally tagged enum makes serde
/// buffer each report and deserialize it twice over, which doubled this
/// type's share of the page's download.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Report {
    MfaServer(MfaServerReport),
    Fraud(FraudReport),
    Blocked(BlockedReport),
    Bypassed(BypassReport),
    ServerStatus(ServerStatusReport),
}

impl Report {
    pub fn id(&self) -> ReportId {
        match self {
            Report::MfaServer(_) => ReportId::MfaServer,
            Report::Fraud(_) => ReportId::Fraud,
            Report::Blocked(_) => ReportId::Blocked,
            Report::Bypassed(_) => ReportId::Bypassed,
            Report::ServerStatus(_) => ReportId::ServerStatus,
        }
    }
}

/// The analysis of one report over the workspace's finished files.
pub fn report(ws: &Workspace, id: ReportId) -> Report {
    match id {
        ReportId::MfaServer => Report::MfaServer(activity::analyse(ws)),
        ReportId::Fraud => Report::Fraud(fraud::analyse(ws)),
        ReportId::Blocked => Report::Blocked(blocked::analyse(ws)),
        ReportId::Bypassed => Report::Bypassed(bypassed::analyse(ws)),
        ReportId::ServerStatus => Report::ServerStatus(server_status::analyse(ws)),
    }
}

/// The reports the loaded files hold, in tab order. A report appears when a
/// file of its kind is loaded; fraud alerts also when a file that can carry a
/// fraud report is (the activity report's fraud codes, the blocked history's
/// fraud flag) or when a loaded sign-in was denied because fraud was reported.
pub fn available(ws: &Workspace) -> Vec<ReportId> {
    let loaded = |kinds: &[ReportKind]| {
        ws.files()
            .iter()
            .any(|f| !f.loading && !f.unreadable && kinds.contains(&f.kind))
    };
    ReportId::ALL
        .into_iter()
        .filter(|&id| match id {
            ReportId::MfaServer => loaded(&[ReportKind::MfaServerActivity]),
            ReportId::Fraud => {
                loaded(&[
                    ReportKind::FraudAlerts,
                    ReportKind::MfaServerActivity,
                    ReportKind::MfaServerBlocked,
                ]) || fraud::sign_ins_reason_codes(ws.reasons()).next().is_some()
            }
            ReportId::Blocked => loaded(&[ReportKind::MfaServerBlocked]),
            ReportId::Bypassed => loaded(&[ReportKind::MfaServerBypassed]),
            ReportId::ServerStatus => loaded(&[ReportKind::MfaServerStatus]),
        })
        .collect()
}

/// A value of a ranked list and how many rows have it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    /// The cell as written (trimmed), or [`NOT_GIVEN`].
    pub value: String,
    pub count: u64,
    /// Selects these rows in the Rows view (absent for [`NOT_GIVEN`], which an
    /// exact filter cannot select, or when the column has no key).
    pub filter: Option<Filter>,
}

/// The most frequent values of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Ranked {
    /// At most [`TOP`], most rows first, then by value.
    pub items: Vec<Count>,
    /// Rows whose value is not among `items`.
    pub others: u64,
    /// Distinct values.
    pub distinct: u64,
}

impl Ranked {
    /// Rank a full count map; `column` is the dataset key filters use.
    pub fn from_counts(counts: &BTreeMap<String, u64>, column: Option<&str>) -> Ranked {
        let mut all: Vec<(&String, &u64)> = counts.iter().collect();
        all.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let others = all.iter().skip(TOP).map(|(_, &n)| n).sum();
        Ranked {
            items: all
                .into_iter()
                .take(TOP)
                .map(|(value, &count)| Count {
                    filter: equals_filter(column, value),
                    value: value.clone(),
                    count,
                })
                .collect(),
            others,
            distinct: counts.len() as u64,
        }
    }
}

/// An exact filter on a dataset column, unless the value is [`NOT_GIVEN`].
pub fn equals_filter(column: Option<&str>, value: &str) -> Option<Filter> {
    let column = column?;
    (value != NOT_GIVEN).then(|| Filter::Equals {
        column: column.to_string(),
        values: vec![value.to_string()],
    })
}

/// The Rows filter that selects one user's rows.
pub fn user_filter(user: &str) -> Filter {
    Filter::User {
        user: user.to_string(),
    }
}

/// The dataset column key of `role`, for filters.
pub(crate) fn column_key(ds: &Dataset<'_>, role: Role) -> Option<String> {
    ds.role_index(role)
        .and_then(|i| ds.columns.get(i))
        .map(|c| c.key.clone())
}

/// Counts the values of one column per distinct value (dictionary columns
/// look each value up once), for columns with few distinct values.
#[derive(Default)]
pub(crate) struct ValueCounter {
    names: Vec<String>,
    index: FxHashMap<String, u32>,
    counts: Vec<u64>,
}

impl ValueCounter {
    /// The id of `value` (trimmed; empty is [`NOT_GIVEN`]).
    pub(crate) fn id(&mut self, value: &str) -> u32 {
        let v = value.trim();
        let v = if v.is_empty() { NOT_GIVEN } else { v };
        if let Some(&i) = self.index.get(v) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(v.to_string());
        self.index.insert(v.to_string(), i);
        self.counts.push(0);
        i
    }

    pub(crate) fn add_id(&mut self, id: u32, n: u64) {
        if let Some(c) = self.counts.get_mut(id as usize) {
            *c += n;
        }
    }

    /// Counts every row of `column` (`rows` rows; an absent column counts
    /// them all as [`NOT_GIVEN`]).
    pub(crate) fn add_column(&mut self, column: Option<&Column>, rows: usize) {
        let mut memo = ValueMemo::new(column);
        for row in 0..rows {
            let id = memo.get(column, row, |v| self.id(v));
            self.add_id(id, 1);
        }
    }

    pub(crate) fn into_map(self) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for (name, n) in self.names.into_iter().zip(self.counts) {
            if n > 0 {
                *out.entry(name).or_insert(0) += n;
            }
        }
        out
    }
}

/// Trimmed cell of `role` in `row`, or empty.
pub(crate) fn cell<'t>(
    table: &'t crate::store::Table,
    map: &crate::columns::ColumnMap,
    role: Role,
    row: usize,
) -> &'t str {
    map.get(role).map_or("", |c| table.get(row, c).trim())
}

/// `Some(true)` for yes/true/1, `Some(false)` for no/false/0, else `None`.
pub(crate) fn flag(value: &str) -> Option<bool> {
    if crate::classify::is_yes(value) {
        Some(true)
    } else if crate::classify::is_no(value) {
        Some(false)
    } else {
        None
    }
}

/// A duration in words for people: `45 s`, `12 min`, `5 h`, `17 days`.
pub fn duration_words(seconds: i64) -> String {
    let s = seconds.max(0);
    if s < 120 {
        format!("{s} s")
    } else if s < 2 * 3600 {
        format!("{} min", s / 60)
    } else if s < 2 * 86_400 {
        format!("{} h", s / 3600)
    } else {
        format!("{} days", s / 86_400)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranked_keeps_the_top_values_and_sums_the_rest() {
        let mut counts = BTreeMap::new();
        for i in 0..(TOP as u64 + 3) {
            counts.insert(format!("v{i:03}"), i + 1);
        }
        counts.insert(NOT_GIVEN.to_string(), 1000);
        let r = Ranked::from_counts(&counts, Some("authentication type"));
        assert_eq!(r.items.len(), TOP);
        assert_eq!(r.distinct, TOP as u64 + 4);
        assert_eq!(r.items[0].value, NOT_GIVEN);
        assert_eq!(r.items[0].filter, None);
        assert_eq!(
            r.items[1].filter,
            Some(Filter::Equals {
                column: "authentication type".into(),
                values: vec![format!("v{:03}", TOP + 2)],
            })
        );
        // The four smallest values (1, 2, 3, 4) fall outside the top.
        assert_eq!(r.others, 1 + 2 + 3 + 4);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_words(45), "45 s");
        assert_eq!(duration_words(600), "10 min");
        assert_eq!(duration_words(5 * 3600), "5 h");
        assert_eq!(duration_words(17 * 86_400 + 5), "17 days");
        assert_eq!(duration_words(-3), "0 s");
    }

    #[test]
    fn value_counter_merges_spellings_after_trimming() {
        let mut c = ValueCounter::default();
        let a = c.id(" RADIUS ");
        assert_eq!(c.id("RADIUS"), a);
        c.add_id(a, 2);
        let e = c.id("");
        c.add_id(e, 1);
        let m = c.into_map();
        assert_eq!(m.get("RADIUS"), Some(&2));
        assert_eq!(m.get(NOT_GIVEN), Some(&1));
    }
}

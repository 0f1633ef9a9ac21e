//! The MFA Server activity report ("usage for on-premises components"):
//! attempts through the NPS extension, AD FS, RADIUS, IIS, the user portal…
//!
//! The component is the `Authentication Type` column, the application the
//! `Application Name` column and the method the `Authentication Method`
//! column. Each row's call result is read the way the summary reads it
//! ([`call_result_of`]: Primary Call Result, else Call Result, Result, Overall
//! Result) and resolved with the row's Authenticated column ([`call_outcome`]),
//! so the counts here add up to the summary's `by_outcome`.
//!
//! Seventeen `SUCCESS_*` codes exist and several do not mean the user got in
//! (the call was placed, not the sign-in approved); [`success_caveat`] words
//! that for each of them and the page shows it next to the code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::classify::users::{user_ids_of, Users};
use crate::classify::{call_outcome, call_result_of, ByOutcome};
use crate::columns::Role;
use crate::knowledge::{self, CallOutcome, CALL_RESULTS};
use crate::query::{Computed, Dataset, DatasetId, Filter};
use crate::store::dates::format_timestamp;
use crate::store::FxHashMap;
use crate::workspace::Workspace;

use super::{column_key, equals_filter, user_filter, Count, Ranked, ValueCounter, MAX_ITEMS};

/// What the activity report says, for the MFA Server view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MfaServerReport {
    /// Rows of every activity file.
    pub attempts: u64,
    pub users: u64,
    /// Earliest and latest readable timestamp, ISO 8601 UTC.
    pub first: Option<String>,
    pub last: Option<String>,
    /// Every row with a call result, by outcome class after the Authenticated
    /// column resolved the codes that depend on it.
    pub by_outcome: ByOutcome,
    /// Rows without any call result.
    pub without_result: u64,
    /// `Authentication Type`: RADIUS, IIS, AD FS, NPS extension, user portal…
    pub by_component: Ranked,
    /// `Application Name`.
    pub by_application: Ranked,
    /// `Authentication Method`: phone call, text message, mobile app, OATH token.
    pub by_method: Ranked,
    /// Rows per knowledge-base category (`telephony`, `fraud/security`, …).
    pub by_category: Vec<Count>,
    /// Every call result seen, most rows first.
    pub call_results: Vec<CallResultCount>,
    /// Rows whose code starts with `SUCCESS_` although the user did not get in.
    pub success_not_succeeded: u64,
    /// Rows with `FAILED_FRAUD_CODE_ENTERED` or `FAILED_FRAUD_REPORTED`.
    pub fraud_reports: u64,
    /// Users with the most attempts, at most [`MAX_ITEMS`].
    pub top_users: Vec<ActivityUser>,
    /// Users with at least one attempt that did not succeed.
    pub users_with_failures: u64,
}

/// One call result code and its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallResultCount {
    /// Upper case, as the knowledge base writes it.
    pub code: String,
    /// Microsoft's short description; empty for a code the knowledge base lacks.
    pub label: String,
    pub known: bool,
    /// The code's outcome class (`succeeded`, `depends`, `did_not_complete`,
    /// `failed`); unknown codes count as failed, as the summary does.
    pub outcome: String,
    /// Knowledge-base category label (`user action`, `telephony`, …).
    pub category: String,
    pub count: u64,
    /// The rows by outcome once each row's Authenticated column is read.
    pub resolved: ByOutcome,
    pub explanation: String,
    pub next_step: String,
    /// Shown wherever a `SUCCESS_*` code does not simply mean success: the
    /// sentence, after [`CallResultCount::caveat_lead`].
    pub caveat: Option<String>,
    /// The caveat's lead: "Not a success", or for a `depends` code "May be a
    /// success — the row's Authenticated column decides".
    #[serde(default)]
    pub caveat_lead: Option<String>,
    /// Selects these rows in the Rows view.
    pub filter: Option<Filter>,
}

/// One user of the activity report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityUser {
    pub user: String,
    pub attempts: u64,
    pub succeeded: u64,
    /// Failed or did not complete.
    pub not_succeeded: u64,
    /// Could not be told from the row.
    pub undecided: u64,
    pub last_seen: Option<String>,
    /// Code of the user's latest attempt (by time, then file order).
    pub last_code: Option<String>,
    pub filter: Filter,
}

/// The warning a `SUCCESS_*` code needs when it does not simply mean the
/// user got in (the knowledge base's [`knowledge::CallResult::success_caveat`]).
pub fn success_caveat(code: &str) -> Option<knowledge::Caveat> {
    knowledge::call_result(code)?.success_caveat()
}

#[derive(Default)]
struct CodeAcc {
    count: u64,
    resolved: ByOutcome,
    /// Distinct spellings seen and the column they came from (for a filter).
    spellings: Vec<String>,
    role: Option<Role>,
}

#[derive(Default, Clone)]
struct UserAcc {
    attempts: u64,
    succeeded: u64,
    not_succeeded: u64,
    undecided: u64,
    last: Option<(i64, u64)>,
    last_code: Option<u32>,
}

/// The upper-case code of a code id (see the pass).
fn name_of(id: u32, unknown: &[String]) -> &str {
    let i = id as usize;
    match CALL_RESULTS.get(i) {
        Some(c) => c.code,
        None => unknown
            .get(i - CALL_RESULTS.len())
            .map_or("", String::as_str),
    }
}

/// Everything one pass over the activity rows counts, before bounding.
struct Pass {
    report: MfaServerReport,
    components: BTreeMap<String, u64>,
    applications: BTreeMap<String, u64>,
    methods: BTreeMap<String, u64>,
    categories: BTreeMap<String, u64>,
}

fn pass(ws: &Workspace) -> Pass {
    let ds = Dataset::build(ws, DatasetId::MfaServerActivity);
    let mut r = MfaServerReport::default();
    let mut users = Users::default();
    let mut accs: Vec<UserAcc> = Vec::new();
    let mut components = ValueCounter::default();
    let mut applications = ValueCounter::default();
    let mut methods = ValueCounter::default();
    // Known codes by their index in the knowledge base; unknown ones by text.
    let mut known: Vec<CodeAcc> = (0..CALL_RESULTS.len())
        .map(|_| CodeAcc::default())
        .collect();
    let mut unknown: Vec<CodeAcc> = Vec::new();
    let mut unknown_ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut unknown_names: Vec<String> = Vec::new();
    let mut first: Option<i64> = None;
    let mut last: Option<i64> = None;
    let mut order: u64 = 0;
    for m in &ds.members {
        let (t, map) = (m.table, &m.map);
        let col = |role: Role| map.get(role).and_then(|c| t.column(c));
        let rows = t.rows();
        components.add_column(col(Role::AuthenticationType), rows);
        applications.add_column(col(Role::Application), rows);
        methods.add_column(col(Role::AuthMethod), rows);
        let mut user_of = user_ids_of(col(Role::Username));
        for row in 0..rows {
            order += 1;
            r.attempts += 1;
            let u = user_of(&mut users, row) as usize;
            if accs.len() <= u {
                accs.resize(u + 1, UserAcc::default());
            }
            let ts = t.timestamp(row);
            if let Some(ts) = ts {
                first = Some(first.map_or(ts, |f| f.min(ts)));
                last = Some(last.map_or(ts, |l| l.max(ts)));
            }
            let Some(acc) = accs.get_mut(u) else { continue };
            acc.attempts += 1;
            let Some((code, from)) = call_result_of(t, map, row) else {
                r.without_result += 1;
                continue;
            };
            let outcome = call_outcome(t, map, row, code, from);
            r.by_outcome.add(outcome);
            match outcome {
                CallOutcome::Succeeded => acc.succeeded += 1,
                CallOutcome::Failed | CallOutcome::DidNotComplete => acc.not_succeeded += 1,
                CallOutcome::Depends => acc.undecided += 1,
            }
            // Known codes are ids 0..45 (their place in the knowledge base);
            // unknown codes follow, by their upper-case spelling. Only an
            // unknown code costs an allocation.
            let code_id = match knowledge::call_result(code)
                .and_then(|e| CALL_RESULTS.iter().position(|c| std::ptr::eq(c, e)))
            {
                Some(i) => i as u32,
                None => {
                    let upper = code.to_ascii_uppercase();
                    let next = (CALL_RESULTS.len() + unknown_names.len()) as u32;
                    match unknown_ids.get(&upper) {
                        Some(&i) => i,
                        None => {
                            unknown_names.push(upper.clone());
                            unknown.push(CodeAcc::default());
                            unknown_ids.insert(upper, next);
                            next
                        }
                    }
                }
            };
            let key = (ts.unwrap_or(i64::MIN), order);
            if acc.last.is_none_or(|l| key >= l) {
                acc.last = Some(key);
                acc.last_code = Some(code_id);
            }
            let i = code_id as usize;
            let code_acc = if i < CALL_RESULTS.len() {
                known.get_mut(i)
            } else {
                unknown.get_mut(i - CALL_RESULTS.len())
            };
            if let Some(c) = code_acc {
                c.count += 1;
                c.resolved.add(outcome);
                if c.role.is_none() {
                    c.role = Some(from);
                }
                if c.role == Some(from)
                    && c.spellings.len() < 4
                    && !c.spellings.iter().any(|s| s == code)
                {
                    c.spellings.push(code.to_string());
                }
            }
            let name_upper = name_of(code_id, &unknown_names);
            if name_upper.starts_with("SUCCESS_") && outcome != CallOutcome::Succeeded {
                r.success_not_succeeded += 1;
            }
            if crate::knowledge::detection::is_fraud_call_result(name_upper) {
                r.fraud_reports += 1;
            }
        }
    }
    r.users = users.len();
    r.first = first.map(format_timestamp);
    r.last = last.map(format_timestamp);

    let mut categories: BTreeMap<String, u64> = BTreeMap::new();
    let mut results: Vec<CallResultCount> = Vec::new();
    let key_of = |role: Option<Role>| role.and_then(|role| column_key(&ds, role));
    for (entry, acc) in CALL_RESULTS.iter().zip(known) {
        if acc.count == 0 {
            continue;
        }
        *categories
            .entry(entry.category.label().to_string())
            .or_insert(0) += acc.count;
        results.push(CallResultCount {
            code: entry.code.to_string(),
            label: entry.label.to_string(),
            known: true,
            outcome: entry.outcome.id().to_string(),
            category: entry.category.label().to_string(),
            count: acc.count,
            resolved: acc.resolved,
            explanation: entry.explanation.to_string(),
            next_step: entry.next_step.to_string(),
            caveat: entry.success_caveat().map(|c| c.text.to_string()),
            caveat_lead: entry.success_caveat().map(|c| c.lead.to_string()),
            filter: key_of(acc.role).map(|column| Filter::Equals {
                column,
                values: acc.spellings,
            }),
        });
    }
    for (code, acc) in unknown_names.iter().cloned().zip(unknown) {
        results.push(CallResultCount {
            label: String::new(),
            known: false,
            outcome: CallOutcome::Failed.id().to_string(),
            category: String::new(),
            count: acc.count,
            resolved: acc.resolved,
            explanation: "This code is not in Microsoft's list of activity report results, so \
                          MFA Lens counts it as a failure."
                .to_string(),
            next_step: "Check the spelling in the file; a code from a newer MFA Server or a \
                        hand-edited report may not be documented."
                .to_string(),
            caveat: None,
            caveat_lead: None,
            filter: key_of(acc.role).map(|column| Filter::Equals {
                column,
                values: acc.spellings,
            }),
            code,
        });
    }
    results.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    results.truncate(MAX_ITEMS);
    r.call_results = results;
    r.by_category = {
        let mut v: Vec<Count> = categories
            .iter()
            .map(|(k, &n)| Count {
                value: k.clone(),
                count: n,
                filter: equals_filter(Some(Computed::Category.key()), k),
            })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        v
    };

    r.users_with_failures = accs.iter().filter(|a| a.not_succeeded > 0).count() as u64;
    let mut order_users: Vec<usize> = (0..accs.len()).filter(|&i| accs[i].attempts > 0).collect();
    order_users.sort_by(|&a, &b| {
        accs[b]
            .attempts
            .cmp(&accs[a].attempts)
            .then_with(|| users.shown[a].cmp(&users.shown[b]))
    });
    r.top_users = order_users
        .into_iter()
        .take(MAX_ITEMS)
        .map(|i| {
            let a = &accs[i];
            let user = users.shown[i].clone();
            ActivityUser {
                filter: user_filter(&user),
                user,
                attempts: a.attempts,
                succeeded: a.succeeded,
                not_succeeded: a.not_succeeded,
                undecided: a.undecided,
                last_seen: a
                    .last
                    .and_then(|(t, _)| (t != i64::MIN).then(|| format_timestamp(t))),
                last_code: a.last_code.map(|c| name_of(c, &unknown_names).to_string()),
            }
        })
        .collect();

    let component_key = column_key(&ds, Role::AuthenticationType);
    let application_key = column_key(&ds, Role::Application);
    let method_key = column_key(&ds, Role::AuthMethod);
    let components = components.into_map();
    let applications = applications.into_map();
    let methods = methods.into_map();
    r.by_component = Ranked::from_counts(&components, component_key.as_deref());
    r.by_application = Ranked::from_counts(&applications, application_key.as_deref());
    r.by_method = Ranked::from_counts(&methods, method_key.as_deref());
    Pass {
        report: r,
        components,
        applications,
        methods,
        categories,
    }
}

/// The activity report's analysis.
pub fn analyse(ws: &Workspace) -> MfaServerReport {
    pass(ws).report
}

/// What Summary JSON v1's `mfa_server` section takes from this report: the
/// full maps behind the view's top lists, and two counts.
pub struct ActivityTotals {
    pub by_component: BTreeMap<String, u64>,
    pub by_application: BTreeMap<String, u64>,
    pub by_method: BTreeMap<String, u64>,
    pub by_category: BTreeMap<String, u64>,
    pub success_not_succeeded: u64,
    pub fraud_reports: u64,
}

/// The activity report's totals, for the summary.
pub fn totals(ws: &Workspace) -> ActivityTotals {
    let p = pass(ws);
    ActivityTotals {
        by_component: p.components,
        by_application: p.applications,
        by_method: p.methods,
        by_category: p.categories,
        success_not_succeeded: p.report.success_not_succeeded,
        fraud_reports: p.report.fraud_reports,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_misleading_success_code_has_a_caveat_and_no_other_code_does() {
        for c in CALL_RESULTS {
            let misleading = c.code.starts_with("SUCCESS_") && c.outcome != CallOutcome::Succeeded;
            assert_eq!(success_caveat(c.code).is_some(), misleading, "{}", c.code);
        }
        assert!(success_caveat("success_no_pin_but_timeout").is_some());
        assert!(success_caveat("NOT_A_CODE").is_none());
    }
}

//! One row, in full: every field with its caption, the classification, what
//! the knowledge base says about the row's reason / error code / call result /
//! method, the auth-details steps of a joined sign-in in order, and the filter
//! that shows the same user's other rows.

use serde::{Deserialize, Serialize};

use crate::classify::{call_outcome, call_result_of, STRONG_AUTH_FAILED};
use crate::columns::{ColumnMap, Role};
use crate::detect::ReportKind;
use crate::knowledge::{self, Category};
use crate::store::dates::format_timestamp;
use crate::workspace::Workspace;

use super::filter::Filter;
use super::rowref::RowRef;

/// A caption and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailField {
    pub caption: String,
    pub value: String,
}

/// The engine's verdict on the row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    /// Outcome id (`denied`, `satisfied`…, or `succeeded`, `failed`… for MFA
    /// Server attempts).
    pub outcome: String,
    /// The outcome in words (`Denied`, `No MFA`, `Did not complete`…), never
    /// an id ([`crate::classify::outcome_label`]).
    pub label: String,
    /// Sign-ins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Knowledge-base category of the reason or call result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// One thing the row says happened, with what the knowledge base says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// `denial_reason`, `mfa_result`, `error_code`, `call_result` or `method`.
    pub subject: String,
    /// The code or text as the row has it (a denial reason normalised).
    pub code: String,
    /// The knowledge base's name for it; `None` when that says no more than
    /// `code` (the same words, ignoring case and a final full stop).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub category: Option<String>,
    /// Empty, with `next_step`, when the knowledge base does not know `code`.
    pub explanation: String,
    pub next_step: String,
}

/// One auth-details step of a sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub row: RowRef,
    /// ISO 8601 UTC when the step's date is readable.
    pub time: Option<String>,
    pub method: String,
    pub method_detail: String,
    pub succeeded: String,
    pub result_detail: String,
    pub requirement: String,
}

/// Everything the detail panel shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowDetail {
    pub row: RowRef,
    pub file: String,
    /// Report kind id of the file.
    pub kind: String,
    /// Every column of the file, in file order.
    pub fields: Vec<DetailField>,
    pub classification: Option<Classification>,
    /// What happened, each code and text once, in the order the verdict rests
    /// on them: the denial reason or MFA result, the error code, the call
    /// result, the method.
    pub explanations: Vec<Explanation>,
    /// Auth-details steps with the row's Request ID, in time order (file and
    /// row order for equal times).
    pub steps: Vec<Step>,
    pub user: Option<String>,
    /// Selects the same user's rows (the "other sign-ins" link).
    pub user_filter: Option<Filter>,
}

/// The detail of `row`; `None` when it does not exist.
pub fn row_detail(ws: &Workspace, row: RowRef) -> Option<RowDetail> {
    let report = ws.files().iter().find(|f| f.id == row.file())?;
    let table = ws.table(row.file())?;
    let r = row.row();
    if r >= table.rows() {
        return None;
    }
    let captions: Vec<&str> = table.names().iter().map(String::as_str).collect();
    let map = ColumnMap::new(&captions);
    let get = |role: Role| map.get(role).map(|c| table.get(r, c).trim());
    let fields = captions
        .iter()
        .enumerate()
        .map(|(c, caption)| DetailField {
            caption: caption.trim().to_string(),
            value: table.get(r, c).to_string(),
        })
        .collect();

    let mut happened = WhatHappened::default();
    let mut classification = None;
    if let Some(classes) = ws.sign_in_classes(row.file()) {
        let class = classes.rows.get(r).copied().unwrap_or_default();
        let reason = classes
            .reasons
            .get(r)
            .and_then(|&c| ws.reasons().get(c))
            .map(str::to_string);
        let entry = reason.as_deref().and_then(knowledge::mfa_result);
        match (&reason, entry) {
            (Some(reason), Some(e)) => happened.add(
                "denial_reason",
                reason,
                Some(e.reason),
                Some(e.category),
                (e.explanation, e.next_step),
            ),
            // The 500121 fallback reason restates the error code, which is
            // explained below; any other reason the knowledge base lacks is
            // still said, once.
            (Some(reason), None) if reason != STRONG_AUTH_FAILED => {
                happened.add("denial_reason", reason, None, None, ("", ""))
            }
            _ => {
                let text = get(Role::MfaResult)
                    .or_else(|| get(Role::LegacyMfaResult))
                    .filter(|t| !t.is_empty());
                if let Some((text, e)) = text.and_then(|t| Some((t, knowledge::mfa_result(t)?))) {
                    happened.add(
                        "mfa_result",
                        text,
                        Some(e.reason),
                        Some(e.category),
                        (e.explanation, e.next_step),
                    );
                }
            }
        }
        let outcome = class.outcome();
        classification = Some(Classification {
            outcome: outcome.id().to_string(),
            label: outcome.label().to_string(),
            mfa_required: Some(class.mfa_required()),
            category: entry.map(|e| e.category.label().to_string()),
            reason,
        });
    }
    if let Some(code) = get(Role::ErrorCode) {
        let code = code.trim_start_matches('\'').trim();
        if let Some(e) = code
            .parse::<u32>()
            .ok()
            .filter(|&c| c != 0)
            .and_then(knowledge::error_code)
        {
            happened.add(
                "error_code",
                code,
                Some(e.label),
                Some(e.category),
                (e.explanation, e.next_step),
            );
        }
    }
    if report.kind == ReportKind::MfaServerActivity {
        if let Some((code, from)) = call_result_of(table, &map, r) {
            let outcome = call_outcome(table, &map, r, code, from);
            let entry = knowledge::call_result(code);
            classification = Some(Classification {
                outcome: outcome.id().to_string(),
                label: outcome.title().to_string(),
                mfa_required: None,
                reason: None,
                category: entry.map(|e| e.category.label().to_string()),
            });
            match entry {
                Some(e) => happened.add(
                    "call_result",
                    e.code,
                    Some(e.label),
                    Some(e.category),
                    (e.explanation, e.next_step),
                ),
                None => happened.add("call_result", code, None, None, ("", "")),
            }
        }
    }
    let method = [Role::MfaMethod, Role::LegacyMfaMethod, Role::AuthMethod]
        .into_iter()
        .find_map(|role| get(role).filter(|m| !m.is_empty()));
    if let Some((m, e)) = method.and_then(|m| Some((m, knowledge::auth_method(m)?))) {
        happened.add(
            "method",
            m,
            Some(e.name),
            None,
            (e.explanation, e.next_step),
        );
    }

    let steps = if report.kind.is_sign_ins() {
        get(Role::RequestId)
            .filter(|id| !id.is_empty())
            .map(|id| steps_of(ws, id))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let user = get(Role::Username)
        .filter(|u| !u.is_empty())
        .map(str::to_string);
    Some(RowDetail {
        row,
        file: report.name.clone(),
        kind: report.kind.id().to_string(),
        fields,
        classification,
        explanations: happened.0,
        steps,
        user_filter: user.clone().map(|user| Filter::User { user }),
        user,
    })
}

/// The "what happened" list as it is built: each code or text once.
#[derive(Default)]
struct WhatHappened(Vec<Explanation>);

impl WhatHappened {
    /// Adds `code` with what the knowledge base says (`label`, `category`,
    /// explanation and next step; empty when it does not know the code),
    /// unless the list already has that code or that explanation. A label that
    /// repeats the code is left out.
    fn add(
        &mut self,
        subject: &str,
        code: &str,
        label: Option<&str>,
        category: Option<Category>,
        (explanation, next_step): (&str, &str),
    ) {
        let code = code.trim();
        let said = |e: &Explanation| {
            same_words(&e.code, code) || (!explanation.is_empty() && e.explanation == explanation)
        };
        if code.is_empty() || self.0.iter().any(said) {
            return;
        }
        self.0.push(Explanation {
            subject: subject.to_string(),
            code: code.to_string(),
            label: label.filter(|l| !same_words(l, code)).map(str::to_string),
            category: category.map(|c| c.label().to_string()),
            explanation: explanation.to_string(),
            next_step: next_step.to_string(),
        });
    }
}

/// Whether two texts say the same words: case, surrounding spaces and a final
/// full stop aside (`User declined the authentication.` and `user declined
/// the authentication`).
fn same_words(a: &str, b: &str) -> bool {
    let words = |t: &str| t.trim().trim_end_matches('.').trim_end().to_lowercase();
    words(a) == words(b)
}

impl DetailField {
    /// Whether the field's caption or value contains `needle`, ignoring case
    /// (the detail's field search); an empty needle matches every field.
    pub fn matches(&self, needle: &str) -> bool {
        let needle = needle.trim().to_lowercase();
        needle.is_empty()
            || self.caption.to_lowercase().contains(&needle)
            || self.value.to_lowercase().contains(&needle)
    }
}

/// The auth-details rows with Request ID `id`, in time order.
fn steps_of(ws: &Workspace, id: &str) -> Vec<Step> {
    let mut found: Vec<(Option<i64>, Step)> = Vec::new();
    for report in ws.files() {
        if report.kind != ReportKind::EntraAuthDetails {
            continue;
        }
        let Some(table) = ws.table(report.id) else {
            continue;
        };
        let captions: Vec<&str> = table.names().iter().map(String::as_str).collect();
        let map = ColumnMap::new(&captions);
        let Some(request) = map.get(Role::RequestId).and_then(|c| table.column(c)) else {
            continue;
        };
        let cell = |role: Role, r: usize| {
            map.get(role)
                .map_or(String::new(), |c| table.get(r, c).to_string())
        };
        for r in 0..table.rows() {
            if request.get(r).trim() != id {
                continue;
            }
            let t = table.timestamp(r);
            found.push((
                t,
                Step {
                    row: RowRef::new(report.id, r as u32),
                    time: t.map(format_timestamp),
                    method: cell(Role::AuthMethod, r),
                    method_detail: cell(Role::AuthMethodDetail, r),
                    succeeded: cell(Role::Succeeded, r),
                    result_detail: cell(Role::ResultDetail, r),
                    requirement: cell(Role::Requirement, r),
                },
            ));
        }
    }
    // Files in load order, rows in file order; the stable sort keeps that for
    // equal (or missing) times.
    found.sort_by_key(|(t, _)| t.unwrap_or(i64::MAX));
    found.into_iter().map(|(_, s)| s).collect()
}

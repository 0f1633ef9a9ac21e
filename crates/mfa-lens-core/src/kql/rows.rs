//! The Rows view's query ([`Query`]) as KQL: `MfaLensOutcome` with one
//! `where` per filter and one for the search.
//!
//! Each filter keeps the page's meaning: `Equals` is an exact,
//! case-sensitive match against any of its values (`in`); `Contains` and the
//! search ignore case (`contains`), the search over every column of
//! [`COLUMNS`]; `DateRange` is `[from, to)` on `TimeGenerated`; `Outcome` is
//! the computed outcome; `User` the user rule of [`crate::classify::users`].
//! `Filter::Rows` and datasets other than sign-ins are refused
//! ([`KqlError`]). The page's sort and shown columns are not part of the
//! question and are left to the person reading the result.

use crate::classify::users::fold_user;
use crate::query::{DatasetId, Filter, Query};

use super::columns::{resolve, COLUMNS};
use super::literal::{string, strings};
use super::outcome::prelude;
use super::{KqlError, TimeRange};

/// The query of `query`'s rows among the sign-ins of `range`.
pub fn rows(query: &Query, range: &TimeRange) -> Result<String, KqlError> {
    if query.dataset != DatasetId::SignIns {
        return Err(KqlError::NotSignIns(query.dataset));
    }
    let mut conditions = Vec::with_capacity(query.filters.len() + 1);
    for filter in &query.filters {
        conditions.push(condition(filter)?);
    }
    let needle = query.search.trim();
    if !needle.is_empty() {
        let literal = string(needle);
        let any: Vec<String> = COLUMNS
            .iter()
            .map(|c| format!("{} contains {literal}", c.text))
            .collect();
        conditions.push(any.join(" or "));
    }
    let mut out = prelude(range);
    out.push_str("MfaLensOutcome");
    for c in conditions {
        out.push_str("\n| where ");
        out.push_str(&c);
    }
    Ok(out)
}

/// One filter as a `where` condition.
fn condition(filter: &Filter) -> Result<String, KqlError> {
    let column = |key: &str| resolve(key).ok_or_else(|| KqlError::UnknownColumn(key.to_string()));
    Ok(match filter {
        Filter::Equals {
            column: key,
            values,
        } if values.is_empty() => {
            column(key)?;
            // The page keeps no row when no value is chosen.
            "false".to_string()
        }
        Filter::Equals {
            column: key,
            values,
        } => format!(
            "{} in ({})",
            column(key)?.text,
            strings(values.iter().map(String::as_str))
        ),
        Filter::Contains { column: key, text } => {
            format!("{} contains {}", column(key)?.text, string(text.trim()))
        }
        Filter::DateRange { from, to } => TimeRange {
            from: *from,
            to: *to,
        }
        .condition("TimeGenerated")
        .unwrap_or_else(|| "isnotnull(TimeGenerated)".to_string()),
        Filter::Outcome { values } if values.is_empty() => "false".to_string(),
        Filter::Outcome { values } => format!(
            "Outcome in ({})",
            strings(values.iter().map(String::as_str))
        ),
        Filter::User { user } => {
            let mut folded = String::new();
            fold_user(user, &mut folded);
            format!("MfaLensUser == {}", string(&folded))
        }
        Filter::Rows { .. } => return Err(KqlError::RowPositions),
    })
}

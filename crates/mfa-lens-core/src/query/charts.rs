//! The charts the page's Overview draws beside Summary JSON: sign-ins over
//! time by outcome, the most frequent error codes, and the column a click on
//! a method bar filters. Summary JSON is a contract shared with the CLI, so
//! what only the page draws lives here instead of growing that contract.

use serde::{Deserialize, Serialize};

use crate::classify::Outcome;
use crate::knowledge;
use crate::workspace::Workspace;

use super::dataset::{Dataset, DatasetId};
use super::filter::{run, Filter, Query};
use super::overview::{error_codes, method_column, timeline, Bucket, ErrorCodeCount, Timeline};
use super::page::value_counts_on;

/// How many error codes the Overview charts: beyond ten the bars are too thin
/// to read, and the Rows view lists every code.
pub const CHARTED_ERROR_CODES: usize = 10;

/// The Overview's charts over all sign-ins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInCharts {
    pub timeline: Timeline,
    /// The most frequent first, at most [`CHARTED_ERROR_CODES`].
    pub error_codes: Vec<ErrorCodeCount>,
    /// The column holding the MFA method, for a click on the methods chart.
    pub method_column: Option<String>,
    /// How MFA was completed: the satisfied sign-ins per method, each
    /// method once under its portal name whatever the spelling, most first.
    /// Denied and interrupted sign-ins name a method too, but completed
    /// nothing, so they are not counted.
    #[serde(default)]
    pub completed_methods: Vec<MethodRows>,
}

/// One method and the sign-ins counted for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodRows {
    /// The portal's name, or the spelling as written when unknown.
    pub label: String,
    pub count: u64,
    /// Selects these rows: satisfied, with any spelling of the method seen.
    pub filter: Vec<Filter>,
}

/// The satisfied sign-ins per method (see [`SignInCharts::completed_methods`]).
fn completed_methods(ws: &Workspace, ds: &Dataset<'_>) -> Vec<MethodRows> {
    let Some(column) = method_column(ds) else {
        return Vec::new();
    };
    let satisfied = vec![Filter::Outcome {
        values: vec![Outcome::Satisfied.id().to_string()],
    }];
    let rows = run(
        ws,
        &Query {
            dataset: DatasetId::SignIns,
            filters: satisfied.clone(),
            ..Query::default()
        },
    );
    let mut out: Vec<(MethodRows, Vec<String>)> = Vec::new();
    for v in value_counts_on(ds, &rows, &column, usize::MAX).values {
        if v.value.trim().is_empty() {
            continue;
        }
        let label = knowledge::method_label(&v.value).into_owned();
        match out.iter_mut().find(|(m, _)| m.label == label) {
            Some((m, spellings)) => {
                m.count += v.count;
                spellings.push(v.value);
            }
            None => out.push((
                MethodRows {
                    label,
                    count: v.count,
                    filter: Vec::new(),
                },
                vec![v.value],
            )),
        }
    }
    let mut out: Vec<MethodRows> = out
        .into_iter()
        .map(|(mut m, values)| {
            m.filter = satisfied
                .iter()
                .cloned()
                .chain([Filter::Equals {
                    column: column.clone(),
                    values,
                }])
                .collect();
            m
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    out
}

/// The charts of all loaded sign-ins; `None` when no sign-in is loaded.
pub fn sign_in_charts(ws: &Workspace) -> Option<SignInCharts> {
    let all = run(
        ws,
        &Query {
            dataset: DatasetId::SignIns,
            ..Query::default()
        },
    );
    if all.is_empty() {
        return None;
    }
    let mut codes = error_codes(ws, &all);
    codes.truncate(CHARTED_ERROR_CODES);
    let ds = Dataset::build(ws, DatasetId::SignIns);
    Some(SignInCharts {
        timeline: timeline(ws, &all, Bucket::Auto),
        error_codes: codes,
        method_column: method_column(&ds),
        completed_methods: completed_methods(ws, &ds),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign_ins::SignInSummary;

    /// "How MFA was completed" counts satisfied sign-ins only: the sample's
    /// declined push names the method too, and is not a completion.
    #[test]
    fn completed_methods_count_satisfied_sign_ins_only() {
        let mut ws = Workspace::new();
        ws.load(
            "InteractiveSignIns_2024-05-01_2024-05-02.csv",
            include_bytes!("../../../../samples/InteractiveSignIns_2024-05-01_2024-05-02.csv"),
        );
        let s = SignInSummary::of(&ws).expect("sign-ins");
        // Every row naming the method: the satisfied one and the denied one.
        assert_eq!(s.methods.get("Mobile app notification"), Some(&2));
        let charts = sign_in_charts(&ws).expect("charts");
        let push = &charts.completed_methods;
        assert_eq!(push.len(), 1);
        assert_eq!(
            (push[0].label.as_str(), push[0].count),
            ("Mobile app notification", 1)
        );
        let total: u64 = push.iter().map(|m| m.count).sum();
        assert!(total <= s.satisfied);
        // The bar's filter selects exactly the rows it counts.
        let rows = run(
            &ws,
            &Query {
                dataset: DatasetId::SignIns,
                filters: push[0].filter.clone(),
                ..Query::default()
            },
        );
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn completed_methods_are_counted_under_one_name_whatever_the_spelling() {
        let csv = "Date (UTC),Request ID,Username,Status,Sign-in error code,Multifactor authentication result,Multifactor authentication auth method,Authentication requirement\r\n\
            2024-05-01T00:00:00Z,a1,a@contoso.com,Success,0,MFA completed in Azure AD,Mobile app notification,Multifactor authentication\r\n\
            2024-05-01T00:01:00Z,a2,b@contoso.com,Success,0,MFA completed in Azure AD,PhoneAppNotification,Multifactor authentication\r\n\
            2024-05-01T00:02:00Z,a3,c@contoso.com,Success,0,MFA completed in Azure AD,quantumToken,Multifactor authentication\r\n\
            2024-05-01T00:03:00Z,a4,d@contoso.com,Interrupted,50074,MFA required in Azure AD,Text message,Multifactor authentication\r\n";
        let mut ws = Workspace::new();
        ws.load(
            "InteractiveSignIns_2024-05-01_2024-05-02.csv",
            csv.as_bytes(),
        );
        let charts = sign_in_charts(&ws).expect("charts");
        let got: Vec<(&str, u64)> = charts
            .completed_methods
            .iter()
            .map(|m| (m.label.as_str(), m.count))
            .collect();
        assert_eq!(got, [("Mobile app notification", 2), ("quantumToken", 1)]);
    }
}

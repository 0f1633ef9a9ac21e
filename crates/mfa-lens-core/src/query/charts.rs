//! The charts the page's Overview draws beside Summary JSON: sign-ins over
//! time by outcome, the most frequent error codes, and the column a click on
//! a method bar filters. Summary JSON is a contract shared with the CLI, so
//! what only the page draws lives here instead of growing that contract.

use serde::{Deserialize, Serialize};

use crate::workspace::Workspace;

use super::dataset::{Dataset, DatasetId};
use super::filter::{run, Query};
use super::overview::{error_codes, method_column, timeline, Bucket, ErrorCodeCount, Timeline};

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
    Some(SignInCharts {
        timeline: timeline(ws, &all, Bucket::Auto),
        error_codes: codes,
        method_column: method_column(&Dataset::build(ws, DatasetId::SignIns)),
    })
}

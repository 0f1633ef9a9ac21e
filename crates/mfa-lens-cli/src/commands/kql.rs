//! `mfa-lens kql overview|rows|findings`: the KQL of [`mfa_lens_core::kql`]
//! on stdout, ready to paste into Log Analytics, a Sentinel analytics rule
//! or Azure Data Explorer. Nothing is read: the queries ask the tables.

use std::io::Write;

use clap::{Args, Subcommand};
use mfa_lens_core::findings::{RuleId, RULES};
use mfa_lens_core::kql::{self, TimeRange};
use mfa_lens_core::query::Query;

use super::findings::Thresholds;
use super::kql_filter::{add_filters, time};

/// What to print.
#[derive(Subcommand, Debug)]
pub enum KqlQuery {
    /// The overview: Summary JSON v1's sign_ins figures (totals, outcomes,
    /// users, methods, denial reasons) as one row.
    Overview {
        #[command(flatten)]
        range: Range,
    },
    /// The Rows view's sign-ins for the given filters.
    ///
    /// Each --filter is one of: search=TEXT (any column contains TEXT),
    /// outcome=satisfied|denied|interrupted|no_mfa, user=NAME,
    /// date=FROM..TO (RFC 3339, either side may be empty), COLUMN=VALUE
    /// (exactly), COLUMN~TEXT (contains, any case). COLUMN is a caption of the
    /// portal's download (Username, Application, Sign-in error code, ...), a
    /// Log Analytics column (UserPrincipalName, ResultType, MfaResult, ...) or
    /// $outcome, $reason, $mfa_required. Repeating outcome= or the same
    /// COLUMN= gives alternatives; all other filters must all hold.
    Rows {
        #[command(flatten)]
        range: Range,
        /// A filter (repeatable); see above.
        #[arg(long = "filter", value_name = "FILTER")]
        filters: Vec<String>,
        /// The Rows view's query as the page keeps it (JSON, as in its
        /// address); --filter adds to it.
        #[arg(long, value_name = "JSON")]
        query: Option<String>,
    },
    /// The findings rules that rest on sign-ins, as scheduled-rule queries
    /// with the thresholds of `mfa-lens findings` (same flags, same defaults).
    /// Without --rule, every rule, each after a `// rule-id` line.
    Findings {
        #[command(flatten)]
        range: Range,
        /// Only this rule (mfa-fatigue, fraud-reported, code-guessing,
        /// prompt-volume, single-factor-access).
        #[arg(long, value_name = "RULE")]
        rule: Option<String>,
        #[command(flatten)]
        thresholds: Thresholds,
    },
}

/// The sign-ins a query reads, by TimeGenerated.
#[derive(Args, Debug)]
pub struct Range {
    /// First time included (RFC 3339, e.g. 2024-05-01T00:00:00Z).
    #[arg(long, value_name = "TIME")]
    from: Option<String>,
    /// First time no longer included (RFC 3339).
    #[arg(long, value_name = "TIME")]
    to: Option<String>,
}

impl Range {
    fn read(&self) -> Result<TimeRange, String> {
        let side = |t: &Option<String>| t.as_deref().map_or(Ok(None), time);
        let (from, to) = (side(&self.from)?, side(&self.to)?);
        if let (Some(a), Some(b)) = (from, to) {
            if a >= b {
                return Err("--from must be earlier than --to".to_string());
            }
        }
        Ok(TimeRange { from, to })
    }
}

pub fn run(what: &KqlQuery) -> Result<(), String> {
    let text = match what {
        KqlQuery::Overview { range } => kql::overview(&range.read()?),
        KqlQuery::Rows {
            range,
            filters,
            query,
        } => {
            let base = match query {
                Some(json) => serde_json::from_str::<Query>(json)
                    .map_err(|e| format!("--query is not a Rows query: {e}"))?,
                None => Query::default(),
            };
            let query = add_filters(base, filters)?;
            kql::rows(&query, &range.read()?).map_err(|e| e.to_string())?
        }
        KqlQuery::Findings {
            range,
            rule,
            thresholds,
        } => findings(&range.read()?, rule.as_deref(), thresholds)?,
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").map_err(|e| format!("cannot write to stdout: {e}"))
}

/// One rule's query, or every rule's, each after a comment line naming it
/// (and a rule Log Analytics cannot answer as a comment saying why).
fn findings(
    range: &TimeRange,
    rule: Option<&str>,
    thresholds: &Thresholds,
) -> Result<String, String> {
    let settings = thresholds.settings()?;
    if let Some(id) = rule {
        let rule = rule_of(id)?;
        return kql::finding(rule, &settings, range).map_err(|e| e.to_string());
    }
    let parts: Vec<String> = RULES
        .iter()
        .map(|r| match kql::finding(r.id, &settings, range) {
            Ok(q) => format!("// {}: {}\n{q}", r.id.id(), r.title),
            Err(e) => format!("// {}: {e}", r.id.id()),
        })
        .collect();
    Ok(parts.join("\n\n"))
}

fn rule_of(id: &str) -> Result<RuleId, String> {
    RULES
        .iter()
        .map(|r| r.id)
        .find(|r| r.id() == id.trim())
        .ok_or_else(|| {
            let ids: Vec<&str> = RULES.iter().map(|r| r.id.id()).collect();
            format!("no rule {id:?}; the rules are {}", ids.join(", "))
        })
}

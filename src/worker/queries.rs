//! Answers to the page's questions about the rows: query, page, detail, value
//! lists, export, users. All the work is the core's `query` module; this only
//! keeps the current result and turns core types into the page's wire types.

use mfa_lens_core::query::{self, Bucket, DatasetId, Query, ResultSet, RowDetail};

use super::loader::Loader;
use crate::protocol::{
    Charts, DatasetInfo, DetailView, ErrorCodeView, ExplanationView, FromWorker, QueryInfo,
    StepView, TimelinePoint,
};

/// The result the page is looking at, with its generation.
#[derive(Default)]
pub struct Current {
    pub generation: u32,
    pub result: ResultSet,
    pub shown: Vec<String>,
}

impl Current {
    /// The columns a request names, or the ones shown when it names none.
    fn keys<'a>(&'a self, columns: &'a [String]) -> &'a [String] {
        if columns.is_empty() {
            &self.shown
        } else {
            columns
        }
    }
}

/// The current result if `generation` is still the page's; a request about an
/// older query gets no answer.
fn current(loader: &Loader, generation: u32) -> Option<&Current> {
    Some(&loader.current_result).filter(|c| c.generation == generation)
}

pub fn run_query(loader: &mut Loader, generation: u32, q: Query) -> FromWorker {
    let started = js_sys::Date::now();
    let result = query::run_cached(&loader.workspace, &q, &mut loader.sort_cache);
    let elapsed_ms = js_sys::Date::now() - started;
    let columns: Vec<(String, String)> = query::columns(&loader.workspace, q.dataset)
        .into_iter()
        .map(|c| (c.key, c.caption))
        .collect();
    let shown = if q.columns.is_empty() {
        // The defaults, as the first page of the result names them.
        query::page(&loader.workspace, &result, 0, 0, &[]).columns
    } else {
        q.columns.clone()
    };
    let info = QueryInfo {
        generation,
        dataset: q.dataset,
        dataset_rows: result.total as u64,
        matched: result.len() as u64,
        columns,
        shown: shown.clone(),
        elapsed_ms,
    };
    loader.current_result = Current {
        generation,
        result,
        shown,
    };
    FromWorker::QueryResult(info)
}

pub fn rows(
    loader: &Loader,
    generation: u32,
    offset: u64,
    limit: u64,
    columns: &[String],
) -> Option<FromWorker> {
    let current = current(loader, generation)?;
    let keys = current.keys(columns);
    // A window is at most a few screens; cap it so a bad request cannot ask for millions.
    let limit = limit.min(2_000) as usize;
    let page = query::page(
        &loader.workspace,
        &current.result,
        offset as usize,
        limit,
        keys,
    );
    let rows = (0..page.row_count())
        .map(|r| page.row_cells(r).into_iter().map(str::to_string).collect())
        .collect();
    Some(FromWorker::Rows {
        generation,
        offset,
        rows,
    })
}

pub fn detail(loader: &Loader, generation: u32, index: u64) -> Option<FromWorker> {
    let current = current(loader, generation)?;
    let row = *current.result.rows.get(index as usize)?;
    let detail = query::row_detail(&loader.workspace, row)?;
    Some(FromWorker::Detail {
        generation,
        detail: detail_view(detail),
    })
}

fn detail_view(d: RowDetail) -> DetailView {
    let (outcome, mfa_required, reason, category) = match d.classification {
        Some(c) => (Some(c.outcome), c.mfa_required, c.reason, c.category),
        None => (None, None, None, None),
    };
    DetailView {
        file: d.file,
        fields: d.fields.into_iter().map(|f| (f.caption, f.value)).collect(),
        outcome,
        mfa_required,
        reason,
        category,
        explanations: d
            .explanations
            .into_iter()
            .map(|e| ExplanationView {
                subject: e.subject.to_string(),
                code: e.code,
                label: e.label,
                category: e.category,
                explanation: e.explanation,
                next_step: e.next_step,
            })
            .collect(),
        steps: d
            .steps
            .into_iter()
            .map(|s| StepView {
                time: s.time,
                method: s.method,
                method_detail: s.method_detail,
                succeeded: s.succeeded,
                result_detail: s.result_detail,
                requirement: s.requirement,
            })
            .collect(),
        user: d.user,
        user_filter: d.user_filter,
    }
}

pub fn values(loader: &Loader, generation: u32, column: String) -> Option<FromWorker> {
    let current = current(loader, generation)?;
    let counts = query::value_counts(&loader.workspace, &current.result, &column, 200);
    Some(FromWorker::Values {
        generation,
        column,
        values: counts
            .values
            .into_iter()
            .map(|v| (v.value, v.count))
            .collect(),
        low_cardinality: counts.low_cardinality,
    })
}

pub fn export(loader: &Loader, generation: u32, columns: &[String]) -> Option<FromWorker> {
    let current = current(loader, generation)?;
    let keys = current.keys(columns);
    let mut out = Vec::new();
    let rows = query::export_csv(&loader.workspace, &current.result, keys, &mut out).ok()?;
    Some(FromWorker::Export {
        csv: String::from_utf8_lossy(&out).into_owned(),
        rows,
    })
}

/// The datasets the loaded files offer, for the table's dataset picker.
pub fn datasets(loader: &Loader) -> Vec<DatasetInfo> {
    DatasetId::available(&loader.workspace)
        .into_iter()
        .map(|id| {
            // Counting needs no result set: the dataset knows its rows.
            let rows = query::Dataset::build(&loader.workspace, id).rows() as u64;
            DatasetInfo {
                id,
                label: dataset_label(id, loader),
                rows,
            }
        })
        .collect()
}

fn dataset_label(id: DatasetId, loader: &Loader) -> String {
    match id {
        DatasetId::SignIns => "Sign-ins".into(),
        DatasetId::AuthDetails => "Authentication details".into(),
        DatasetId::AppSignIns => "Service principal & managed identity sign-ins".into(),
        DatasetId::MfaServerActivity => "MFA Server activity".into(),
        DatasetId::Blocked => "Blocked user history".into(),
        DatasetId::Bypassed => "Bypassed user history".into(),
        DatasetId::ServerStatus => "Server status".into(),
        DatasetId::Fraud => "Fraud alerts".into(),
        DatasetId::Registration => "Registration".into(),
        DatasetId::Unknown(file) => loader
            .workspace
            .files()
            .iter()
            .find(|f| f.id.0 == file)
            .map(|f| f.name.clone())
            .unwrap_or_else(|| "Other table".into()),
    }
}

/// A timeline as the page draws it; each bar carries the filters a click applies.
pub(crate) fn timeline_charts(timeline: &query::Timeline) -> Charts {
    let bucket = match timeline.bucket {
        Bucket::Hour => "hour",
        _ => "day",
    };
    let points = timeline
        .points
        .iter()
        .map(|p| TimelinePoint {
            label: p.label.clone(),
            counts: p.counts.clone(),
            filters: timeline.filters(p, None),
        })
        .collect();
    Charts {
        bucket: bucket.into(),
        series: timeline.series.clone(),
        points,
        ..Charts::default()
    }
}

/// One user's sign-ins over time; a click on a bar shows that user's rows then.
pub fn user_timeline(loader: &Loader, user: String) -> FromWorker {
    let timeline = query::user_timeline(&loader.workspace, &user, Bucket::Auto);
    let mut charts = timeline_charts(&timeline);
    let user_filter = mfa_lens_core::query::Filter::User { user: user.clone() };
    for p in &mut charts.points {
        p.filters.push(user_filter.clone());
    }
    FromWorker::UserTimeline { user, charts }
}

/// The timeline and error codes of all sign-ins, when sign-ins are loaded.
pub fn charts(loader: &Loader) -> Option<Charts> {
    let all = query::run(&loader.workspace, &Query::default());
    if all.is_empty() {
        return None;
    }
    let timeline = query::timeline(&loader.workspace, &all, Bucket::Auto);
    let error_codes = query::error_codes(&loader.workspace, &all)
        .into_iter()
        .take(10)
        .map(|e| ErrorCodeView {
            code: e.code,
            label: e.label,
            count: e.count,
            filter: e.filter,
        })
        .collect();
    let method_column = query::method_column(&query::Dataset::build(
        &loader.workspace,
        DatasetId::SignIns,
    ));
    Some(Charts {
        error_codes,
        method_column,
        ..timeline_charts(&timeline)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_of_the_sample() {
        let mut loader = Loader::default();
        for (name, bytes) in crate::sample::files() {
            loader.workspace.load(name, bytes);
        }
        let charts = charts(&loader).expect("sign-ins are loaded");
        assert_eq!(charts.bucket, "hour");
        assert!(!charts.points.is_empty());
        assert!(!charts.error_codes.is_empty());
    }
}

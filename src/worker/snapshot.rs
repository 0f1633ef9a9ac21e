//! What the page shows, built from the workspace after each change.

use mfa_lens_core::{Diagnostic, FileReport};

use super::loader::Loader;
use crate::protocol::{DiagnosticLine, FileLine, Snapshot};

pub fn build(loader: &Loader) -> Snapshot {
    let files = loader
        .workspace
        .files()
        .iter()
        .filter(|r| !r.loading)
        .filter_map(|r| Some(file_line(loader.key_of(r.id)?, r)))
        .collect();
    let summary_json = serde_json::to_string(&loader.workspace.summary()).unwrap_or_default();
    Snapshot {
        files,
        summary_json,
        datasets: super::queries::datasets(loader),
        charts: super::queries::charts(loader),
        reports: mfa_lens_core::reports::available(&loader.workspace),
    }
}

fn file_line(key: u32, report: &FileReport) -> FileLine {
    FileLine {
        key,
        name: report.name.clone(),
        kind: report.kind.id().to_string(),
        label: report.label.clone(),
        recognised_by: report.matched_columns.clone(),
        rows: report.rows,
        bad_rows: report.bad_rows,
        unreadable: report.unreadable,
        diagnostics: report.diagnostics.iter().map(diagnostic_line).collect(),
    }
}

fn diagnostic_line(d: &Diagnostic) -> DiagnosticLine {
    DiagnosticLine {
        line: d.line,
        severity: json_word(&d.severity),
        code: json_word(&d.code),
        message: d.message.clone(),
    }
}

/// The serde name of a unit enum variant ("warning", "ragged-row").
fn json_word<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

//! The one-file report: a single self-contained HTML document to hand on.
//!
//! Why a file of its own and not the page: the person receiving it (a
//! security team, an auditor, support) may have no MFA Lens and should need
//! nothing to read it. So the document carries no script at all, asks for
//! nothing over the network (inline CSS, charts as inline SVG, no font, no
//! image), and prints well. Its figures come from the same functions as the
//! page's and the CLI's — [`Summary`], [`findings::analyse`],
//! [`reports::report`] — so the report never disagrees with them.
//!
//! Sections, each in its own file: the header (`header.rs`: the files, the
//! time it was made, whether it holds personal data), the overview
//! (`overview.rs`), the findings (`findings.rs`) and each report view the
//! files hold (`views.rs`, `history.rs`). Every value from the data passes
//! through [`escape::Esc`]; every list stops at [`LIST`] rows.
//!
//! `reports` is taken (the MFA Server report analyses); this module renders
//! them, it does not analyse.

mod escape;
mod findings;
mod header;
mod history;
mod overview;
mod style;
mod svg;
mod table;
mod views;

use std::fmt::Write;

pub use escape::{escape, Esc};

use crate::findings::{self as rules, FindingSettings};
use crate::reports;
use crate::workspace::Workspace;
use crate::Summary;

/// Rows a list, a table or a chart shows at most; the rest are counted.
pub const LIST: usize = 50;

/// How a report is made.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// The document's title and first heading.
    pub title: String,
    /// When it was made, RFC 3339, given by the caller (the page's clock or
    /// the CLI's), so the same files and time give the same bytes.
    pub made_at: String,
    /// The findings thresholds (the page's, or the defaults).
    pub settings: FindingSettings,
    /// The workspace holds redacted files: the header says so.
    pub redacted: bool,
}

impl ReportOptions {
    /// The default title, the default thresholds, not redacted.
    pub fn new(made_at: &str) -> ReportOptions {
        ReportOptions {
            title: "MFA Lens report".to_string(),
            made_at: made_at.to_string(),
            settings: FindingSettings::default(),
            redacted: false,
        }
    }
}

/// The report of the workspace's finished files as one HTML document.
pub fn render(ws: &Workspace, options: &ReportOptions) -> String {
    let summary = Summary::with_settings(ws, &options.settings);
    let mut out = String::with_capacity(64 << 10);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"MFA Lens\">\
         <title>{}</title><style>{}</style></head><body>",
        Esc(&options.title),
        style::CSS
    );
    header::header(&mut out, &summary, options);
    overview::overview(&mut out, ws, &summary);
    if let Some(f) = rules::analyse(ws, &options.settings) {
        findings::findings(&mut out, &f);
    }
    for id in reports::available(ws) {
        views::view(&mut out, &reports::report(ws, id));
    }
    if let Some(r) = &summary.registration {
        history::registration(&mut out, r);
    }
    out.push_str("</body></html>\n");
    out
}

//! The report's header: what it is, when it was made, from which files,
//! and whether it holds personal data — the first thing a recipient must
//! know before forwarding it.

use std::fmt::Write;

use super::escape::Esc;
use super::table::{table, Cell};
use super::ReportOptions;
use crate::Summary;

/// What the header says of a report made from redacted files.
pub const REDACTED: &str =
    "Redacted copy: names, addresses and identifiers replaced by keyed pseudonyms";
/// What it says otherwise.
pub const PERSONAL: &str = "Contains personal data";

pub fn header(out: &mut String, summary: &Summary, options: &ReportOptions) {
    let (class, words) = if options.redacted {
        ("privacy", REDACTED)
    } else {
        ("privacy privacy--personal", PERSONAL)
    };
    let _ = write!(
        out,
        "<header><h1>{}</h1><p class=\"muted\">Made by MFA Lens at <time datetime=\"{}\">{}</time></p>\
         <p class=\"{class}\">{words}</p>",
        Esc(&options.title),
        Esc(&options.made_at),
        Esc(&options.made_at)
    );
    let rows: Vec<Vec<Cell>> = summary
        .files
        .iter()
        .map(|f| {
            let kind = if f.unreadable {
                format!("{} (could not be read)", f.label)
            } else {
                f.label.clone()
            };
            vec![f.name.as_str().into(), kind.into(), f.rows.into()]
        })
        .collect();
    let n = rows.len() as u64;
    table(
        out,
        "The files this report was made from",
        &["File", "Kind", "#Rows"],
        &rows,
        n,
    );
    out.push_str("</header>");
}

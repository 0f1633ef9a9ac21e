//! Compact tables with a bound on their rows.
//!
//! A report is handed on, printed, attached to a ticket: a 1,000,000-row
//! tenant must still give a few hundred kilobytes. Every list is cut at
//! [`super::LIST`] rows with an "and N more" line saying how much was left
//! out; the totals above each table are exact.

use std::fmt::Write;

use super::escape::Esc;
use super::LIST;
use crate::format::grouped;

/// A cell: text (escaped when written) or a right-aligned number.
pub enum Cell {
    Text(String),
    Num(u64),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        Cell::Num(n)
    }
}

impl From<Option<&String>> for Cell {
    fn from(s: Option<&String>) -> Cell {
        Cell::Text(s.cloned().unwrap_or_default())
    }
}

/// Writes a table of `rows` under `headers` (a header starting with `#` is
/// a number column; the `#` is not shown), at most [`LIST`] rows; `total`
/// is how many rows the whole list has (more than `rows.len()` when the
/// analysis had already cut it).
pub fn table(out: &mut String, caption: &str, headers: &[&str], rows: &[Vec<Cell>], total: u64) {
    if rows.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<table><caption class=\"muted\">{}</caption><thead><tr>",
        Esc(caption)
    );
    for h in headers {
        match h.strip_prefix('#') {
            Some(h) => write!(out, "<th class=\"num\">{}</th>", Esc(h)),
            None => write!(out, "<th>{}</th>", Esc(h)),
        }
        .unwrap_or(());
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows.iter().take(LIST) {
        out.push_str("<tr>");
        for cell in row {
            match cell {
                Cell::Text(s) => write!(out, "<td>{}</td>", Esc(s)),
                Cell::Num(n) => write!(out, "<td class=\"num\">{}</td>", grouped(*n)),
            }
            .unwrap_or(());
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    let shown = rows.len().min(LIST) as u64;
    if total > shown {
        let _ = write!(
            out,
            "<p class=\"more\">and {} more</p>",
            grouped(total - shown)
        );
    }
}

/// A row of tiles: the figure, its label, a note.
pub fn tiles(out: &mut String, tiles: &[(&str, u64, String, &str)]) {
    out.push_str("<div class=\"tiles\">");
    for (label, value, note, tone) in tiles {
        let _ = write!(
            out,
            "<div class=\"tile {tone}\"><div class=\"tile__value\">{}</div>\
             <div class=\"tile__label\">{}</div><div class=\"tile__note\">{}</div></div>",
            grouped(*value),
            Esc(label),
            Esc(note)
        );
    }
    out.push_str("</div>");
}

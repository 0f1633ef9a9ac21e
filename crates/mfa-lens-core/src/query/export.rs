//! CSV export of a result set, with the classification columns added.
//!
//! The file is written for the spreadsheet the admin will open it in:
//! - UTF-8 with a byte-order mark: without it Excel reads UTF-8 as the
//!   machine's ANSI code page and mangles `é`, `’` and every non-Latin name;
//!   with it, Excel, LibreOffice and Numbers all read the text right.
//! - RFC 4180: every field quoted (`"`), quotes inside doubled, CRLF line ends.
//!   Quoting every field costs a few bytes and means no value — a user agent
//!   with commas, a reason with a line break — can ever shift a column.
//! - Formula injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//!   carriage return would be run as a formula by a spreadsheet (sign-in logs
//!   hold attacker-chosen text: user agents, device names, failure details).
//!   Such a cell gets a leading `'`, which spreadsheets read as "text" and do
//!   not display. A negative number therefore exports as text (`'-5`): the
//!   price of never executing a cell.

use std::io::{self, Write};

use crate::workspace::Workspace;

use super::dataset::{Computed, Dataset, DatasetId};
use super::filter::ResultSet;
use super::page::{resolve, CellReader};
use super::rowref::RowRef;

/// The classification columns an export always carries (those the dataset has).
const CLASSIFICATION: [Computed; 7] = [
    Computed::Outcome,
    Computed::MfaRequired,
    Computed::DenialReason,
    Computed::CallLabel,
    Computed::Category,
    Computed::MfaRegistered,
    Computed::File,
];

/// Characters that make a spreadsheet treat a cell as a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Writes `field` quoted, neutralised against formula injection, into `out`.
pub fn push_field(out: &mut String, field: &str) {
    out.push('"');
    if field.starts_with(FORMULA_STARTS) {
        out.push('\'');
    }
    for (i, part) in field.split('"').enumerate() {
        if i > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
}

/// Write the rows of `result` as CSV: columns `keys` (unknown keys dropped),
/// then every classification column of the dataset not already among them
/// (outcome, MFA required, denial reason, call result label, category) and
/// the file each row came from. Returns the number of data rows written.
///
/// Each row is one `write_all`: give it a `Vec<u8>` or a `BufWriter`, not a
/// raw file. The page writes in pieces instead, with [`CsvExport`].
pub fn export_csv(
    ws: &Workspace,
    result: &ResultSet,
    keys: &[String],
    out: &mut impl Write,
) -> io::Result<u64> {
    let export = CsvExport::new(ws, result, keys);
    export.write_header(ws, out)?;
    export.write_rows(ws, &result.rows, out)
}

/// One export, written in pieces: the header, then any runs of the result's
/// rows, in order. The concatenation is byte for byte what [`export_csv`]
/// writes, whatever the runs (a property test holds it).
///
/// Why pieces: a million sign-ins export to more than a gigabyte. Written at
/// once, that is a second gigabyte in the worker's memory (which can never
/// pass 4 GiB) and a string longer than a browser will make. The worker
/// writes a few megabytes at a time, hands each to the browser's Blob
/// storage and answers other questions in between.
///
/// It holds column positions, not the workspace, so it outlives the borrow:
/// each piece is written against the workspace as it is then, and the
/// caller must stop when the files change (the positions would be stale).
#[derive(Debug, Clone)]
pub struct CsvExport {
    dataset: DatasetId,
    cols: Vec<usize>,
}

impl CsvExport {
    /// The columns of the export of `result` with `keys` (see [`export_csv`]).
    pub fn new(ws: &Workspace, result: &ResultSet, keys: &[String]) -> Self {
        let ds = Dataset::build(ws, result.dataset);
        let mut cols = resolve(&ds, keys);
        for c in CLASSIFICATION {
            if let Some(i) = ds.column_index(c.key()) {
                if !cols.contains(&i) {
                    cols.push(i);
                }
            }
        }
        CsvExport {
            dataset: result.dataset,
            cols,
        }
    }

    /// The byte-order mark and the captions.
    pub fn write_header(&self, ws: &Workspace, out: &mut impl Write) -> io::Result<()> {
        let ds = Dataset::build(ws, self.dataset);
        let mut line = String::with_capacity(4096);
        out.write_all(b"\xEF\xBB\xBF")?;
        for (i, &c) in self.cols.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            let caption = ds.columns.get(c).map_or("", |d| d.caption.as_str());
            push_field(&mut line, caption);
        }
        line.push_str("\r\n");
        out.write_all(line.as_bytes())
    }

    /// `rows` (a run of the result's), one line each; returns how many.
    pub fn write_rows(
        &self,
        ws: &Workspace,
        rows: &[RowRef],
        out: &mut impl Write,
    ) -> io::Result<u64> {
        let ds = Dataset::build(ws, self.dataset);
        let reader = CellReader::new(&ds, &self.cols);
        let mut line = String::with_capacity(4096);
        let mut written = 0u64;
        for &r in rows {
            line.clear();
            let sources = reader.sources(r.file());
            for i in 0..self.cols.len() {
                if i > 0 {
                    line.push(',');
                }
                let v = sources
                    .and_then(|s| s.get(i))
                    .map_or("", |s| s.value(r.row()));
                push_field(&mut line, v);
            }
            line.push_str("\r\n");
            out.write_all(line.as_bytes())?;
            written += 1;
        }
        Ok(written)
    }
}

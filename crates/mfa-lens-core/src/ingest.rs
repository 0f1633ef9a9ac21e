//! Records → a [`Table`], with the header-level diagnostics.
//!
//! [`FileLoader`] is the [`RecordSink`] the reader feeds. It detects the report
//! kind from the header, stores every row (repairing ragged ones), skips a header
//! repeated in the middle (two exports pasted together) and aggregates every
//! problem into one diagnostic per kind of problem — a 2,000,000-row file with a
//! ragged row every other line yields one message, not a million.

use crate::columns::{ColumnMap, Role};
use crate::detect::{detect_with_map, Detection, ReportKind};
use crate::diagnostic::{Diagnostic, DiagnosticCode, Severity};
use crate::read::{Record, RecordSink};
use crate::store::{RowBatch, Table};

/// The portal's download stops at this many rows.
pub const PORTAL_ROW_LIMIT: usize = 100_000;

/// Builds one file's table from its records.
#[derive(Debug)]
pub struct FileLoader {
    file: String,
    header_line: Option<u64>,
    map: Option<ColumnMap>,
    detection: Option<Detection>,
    table: Option<Table>,
    /// Rows not yet stored (see [`RowBatch`]).
    batch: RowBatch,
    diagnostics: Vec<Diagnostic>,
    empty_header_reported: bool,
    ragged_rows: u64,
    ragged_first_line: Option<u64>,
    repeated_headers: u64,
    repeated_first_line: Option<u64>,
    /// Rows dropped or repaired.
    bad_rows: u64,
    /// Line of the last data record and whether it was ragged, so a row the
    /// reader reports as repaired is not counted twice.
    last_record: Option<(u64, bool)>,
    /// Reads one part of a file (`built::parts`): what only the whole file
    /// can say is left to the merge of the parts.
    part: bool,
}

/// What a finished load produced.
#[derive(Debug)]
pub struct LoadedFile {
    pub detection: Detection,
    pub map: ColumnMap,
    pub table: Table,
    pub bad_rows: u64,
    pub diagnostics: Vec<Diagnostic>,
    /// The authentication steps a file carries inside its sign-ins (the JSON
    /// download's `authenticationDetails`), as the table the portal's
    /// separate auth-details file would give: the workspace joins them like
    /// one. Not a file of its own, so no dataset or file list shows it.
    pub steps: Option<Box<LoadedFile>>,
}

impl FileLoader {
    pub fn new(file_name: &str) -> Self {
        FileLoader {
            file: file_name.to_string(),
            header_line: None,
            map: None,
            detection: None,
            table: None,
            batch: RowBatch::default(),
            diagnostics: Vec::new(),
            empty_header_reported: false,
            ragged_rows: 0,
            ragged_first_line: None,
            repeated_headers: 0,
            repeated_first_line: None,
            bad_rows: 0,
            last_record: None,
            part: false,
        }
    }

    /// A loader for one part of a file: its header, then a run of its rows.
    /// Its `finish` stops before the whole-file steps (the diagnostics about
    /// the row count and the kind, the date index, the settled layout),
    /// which `LoadedFile::complete` takes once the parts are joined.
    pub fn part(file_name: &str) -> Self {
        FileLoader {
            part: true,
            ..Self::new(file_name)
        }
    }

    /// The line the header was found on.
    pub fn header_line(&self) -> Option<u64> {
        self.header_line
    }

    fn diag(&mut self, line: Option<u64>, severity: Severity, code: DiagnosticCode, msg: String) {
        self.diagnostics
            .push(Diagnostic::new(&self.file, line, severity, code, msg));
    }

    fn take_header(&mut self, record: &Record<'_>) {
        let captions: Vec<&str> = record.iter().collect();
        let map = ColumnMap::new(&captions);
        let detection = detect_with_map(&map, &captions, &self.file);
        if !map.duplicates().is_empty() {
            let names = map
                .duplicates()
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ");
            self.diag(
                Some(record.line()),
                Severity::Info,
                DiagnosticCode::DuplicateHeader,
                format!(
                    "The header names {names} more than once. Both columns are kept in \
                     their places; the first one is used for the analysis. (The portal's \
                     sign-in export really does repeat \"Incoming token type\".)"
                ),
            );
        }
        if detection.kind == ReportKind::Unknown {
            self.diag(
                Some(record.line()),
                Severity::Info,
                DiagnosticCode::UnknownKind,
                "This file's columns do not match any MFA export MFA Lens knows. It is loaded \
                 as a plain table, but it adds nothing to the MFA summary."
                    .to_string(),
            );
        }
        let names = captions
            .iter()
            .map(|c| c.trim_start_matches('\u{feff}').to_string())
            .collect();
        self.batch = RowBatch::new(captions.len());
        self.table = Some(Table::new(names));
        self.header_line = Some(record.line());
        self.map = Some(map);
        self.detection = Some(detection);
    }

    /// True when `record` repeats the header exactly (field by field).
    fn is_repeated_header(&self, record: &Record<'_>) -> bool {
        let Some(table) = &self.table else {
            return false;
        };
        record.len() == table.column_count()
            && record
                .iter()
                .zip(table.names())
                .all(|(f, n)| f.trim().trim_start_matches('\u{feff}') == n.trim())
    }

    /// Data rows stored so far (including the batch not yet flushed into the
    /// table), for progress while the file is still arriving.
    /// The file's name, as diagnostics carry it.
    pub fn file_name(&self) -> &str {
        &self.file
    }

    pub fn rows_so_far(&self) -> u64 {
        (self.table.as_ref().map_or(0, |t| t.rows()) + self.batch.rows()) as u64
    }

    /// True once the header was read: from then on the file is a table,
    /// even if its bytes stop arriving.
    pub fn has_header(&self) -> bool {
        self.table.is_some()
    }

    /// Finish: add the whole-file diagnostics and hand over the table.
    pub fn finish(self) -> LoadedFile {
        self.finish_with_delimiter(None)
    }

    /// As [`finish`](Self::finish), knowing the delimiter the reader found: a
    /// `;` file was saved by Excel in a day-first locale, which settles dates
    /// like `03/06/2024` (see [`crate::store::DayOrder`]).
    pub fn finish_with_delimiter(mut self, delimiter: Option<u8>) -> LoadedFile {
        if let Some(table) = self.table.as_mut() {
            table.push_batch(&mut self.batch);
        }
        if let Some(line) = self.ragged_first_line {
            let n = self.ragged_rows;
            let columns = self.table.as_ref().map_or(0, Table::column_count);
            self.diag(
                Some(line),
                Severity::Warning,
                DiagnosticCode::RaggedRow,
                format!(
                    "{n} row{s} did not have the header's {columns} fields (the first at this \
                     line). Missing fields were left empty and extra fields were dropped; \
                     check whether the file was edited or cut.",
                    s = if n == 1 { "" } else { "s" }
                ),
            );
        }
        if let Some(line) = self.repeated_first_line {
            let n = self.repeated_headers;
            self.diag(
                Some(line),
                Severity::Warning,
                DiagnosticCode::RepeatedHeader,
                format!(
                    "The header line appears again here{more}: this looks like two exports \
                     pasted into one file. The repeated header was skipped and the rows \
                     after it were kept.",
                    more = if n > 1 {
                        format!(" (and {} more time{})", n - 1, if n > 2 { "s" } else { "" })
                    } else {
                        String::new()
                    }
                ),
            );
        }
        let (part, header_line) = (self.part, self.header_line);
        let name = std::mem::take(&mut self.file);
        let mut file = LoadedFile {
            detection: self.detection.unwrap_or(Detection {
                kind: ReportKind::Unknown,
                variant: None,
                score: 0,
                matched_columns: Vec::new(),
            }),
            map: self.map.unwrap_or_else(|| ColumnMap::new(&[])),
            table: self.table.unwrap_or_else(|| Table::new(Vec::new())),
            bad_rows: self.bad_rows,
            diagnostics: self.diagnostics,
            steps: None,
        };
        if !part {
            file.complete(&name, header_line, delimiter == Some(b';'));
        }
        file
    }
}

impl LoadedFile {
    /// The steps that need every row of the file: the diagnostics about the
    /// row count and the kind, the date index (one day/month order for the
    /// whole column; `day_first_hint` is the file's `;` delimiter) and the
    /// settled layout of each column. A file read whole takes them at the
    /// end of its load; a file read in parts, once the parts are joined.
    pub fn complete(&mut self, name: &str, header_line: Option<u64>, day_first_hint: bool) {
        let rows = self.table.rows();
        let kind = self.detection.kind;
        let mut diag = |line, severity, code, message: &str| {
            self.diagnostics.push(Diagnostic::new(
                name,
                line,
                severity,
                code,
                message.to_string(),
            ))
        };
        if header_line.is_some() && rows == 0 {
            diag(
                header_line,
                Severity::Warning,
                DiagnosticCode::HeaderOnly,
                "The file has a header but no data rows. The export was probably taken with \
                 a filter that matched nothing, or the date range was empty.",
            );
        }
        if rows == PORTAL_ROW_LIMIT {
            diag(
                None,
                Severity::Warning,
                DiagnosticCode::ProbablyTruncated,
                "The file has exactly 100,000 rows: it was probably cut off by the portal's \
                 download limit. Narrow the date range or filter and download again, or use \
                 the Graph API for larger ranges.",
            );
        }
        if kind == ReportKind::EntraSignIns {
            diag(
                None,
                Severity::Info,
                DiagnosticCode::NoReportOnlyResults,
                "CSV sign-in exports do not include Conditional Access report-only results; \
                 download the JSON export to see what report-only policies would have done.",
            );
        }
        if let Some(col) = self.map.get(Role::Date) {
            self.table.index_dates(col, day_first_hint);
        }
        self.table.shrink();
    }
}

impl RecordSink for FileLoader {
    fn header(&mut self, record: &Record<'_>) {
        if record.iter().all(|f| f.trim().is_empty()) {
            // Excel leaves a row of bare separators above the data; the next
            // non-empty record becomes the header.
            if !self.empty_header_reported {
                self.empty_header_reported = true;
                self.diag(
                    Some(record.line()),
                    Severity::Error,
                    DiagnosticCode::EmptyHeader,
                    "The first line has no column names (every field is empty). The next \
                     line that has text is used as the header; if the file has no header at \
                     all, add one or download the export again."
                        .to_string(),
                );
            }
            return;
        }
        self.take_header(record);
    }

    fn record(&mut self, record: &Record<'_>) {
        if self.table.is_none() {
            self.header(record);
            return;
        }
        if self.is_repeated_header(record) {
            self.repeated_headers += 1;
            self.repeated_first_line.get_or_insert(record.line());
            return;
        }
        let Some(table) = self.table.as_mut() else {
            return;
        };
        let ragged = record.len() != table.column_count();
        if ragged {
            self.ragged_rows += 1;
            self.bad_rows += 1;
            self.ragged_first_line.get_or_insert(record.line());
        }
        self.last_record = Some((record.line(), ragged));
        let (text, ends) = record.joined();
        self.batch.push_joined(text, ends);
        if self.batch.is_full() {
            table.push_batch(&mut self.batch);
        }
    }

    /// The reader's repairs count as bad rows too: the row left open by an
    /// unterminated quote, and rows whose over-long values were cut (the reader
    /// aggregates those and starts its message with the row count).
    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        match diagnostic.code {
            DiagnosticCode::UnterminatedQuote => {
                let already =
                    matches!(self.last_record, Some((line, true)) if Some(line) == diagnostic.line);
                if !already && self.last_record.is_some() {
                    self.bad_rows += 1;
                }
            }
            DiagnosticCode::FieldTooLong => {
                let count = diagnostic
                    .message
                    .split_whitespace()
                    .next()
                    .and_then(|n| n.parse::<u64>().ok())
                    .unwrap_or(1);
                self.bad_rows = self.bad_rows.saturating_add(count);
            }
            _ => {}
        }
        self.diagnostics.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feed `lines` (comma-split, no quoting) through a loader.
    fn load(name: &str, lines: &[&str]) -> LoadedFile {
        let mut loader = FileLoader::new(name);
        for (i, line) in lines.iter().enumerate() {
            let fields: Vec<&str> = line.split(',').collect();
            let mut text = String::new();
            let mut ends = Vec::new();
            for f in &fields {
                text.push_str(f);
                ends.push(text.len());
            }
            let rec = Record::new(i as u64 + 1, &text, &ends);
            if i == 0 {
                loader.header(&rec);
            } else {
                loader.record(&rec);
            }
        }
        loader.finish()
    }

    fn codes(f: &LoadedFile) -> Vec<DiagnosticCode> {
        f.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn ragged_rows_are_repaired_and_reported_once() {
        let f = load("x.csv", &["a,b,c", "1,2", "1,2,3", "1,2,3,4", "1"]);
        assert_eq!(f.table.rows(), 4);
        assert_eq!(f.bad_rows, 3);
        let ragged: Vec<&Diagnostic> = f
            .diagnostics
            .iter()
            .filter(|d| d.code == DiagnosticCode::RaggedRow)
            .collect();
        assert_eq!(ragged.len(), 1);
        assert_eq!(ragged[0].line, Some(2));
        assert!(ragged[0].message.starts_with("3 rows"));
        assert_eq!(f.table.get(3, 1), "");
    }

    #[test]
    fn a_repeated_header_is_skipped_with_its_line() {
        let f = load(
            "x.csv",
            &[
                "Username,Status,Sign-in error code",
                "a,Success,0",
                "Username,Status,Sign-in error code",
                "b,Failure,50126",
            ],
        );
        assert_eq!(f.detection.kind, ReportKind::EntraSignIns);
        assert_eq!(f.table.rows(), 2);
        let d = f
            .diagnostics
            .iter()
            .find(|d| d.code == DiagnosticCode::RepeatedHeader)
            .unwrap();
        assert_eq!(d.line, Some(3));
        assert!(codes(&f).contains(&DiagnosticCode::NoReportOnlyResults));
    }

    #[test]
    fn header_only_unknown_and_duplicate_headers_are_reported() {
        let f = load("x.csv", &["a,b,a"]);
        let c = codes(&f);
        assert!(c.contains(&DiagnosticCode::HeaderOnly));
        assert!(c.contains(&DiagnosticCode::UnknownKind));
        assert!(c.contains(&DiagnosticCode::DuplicateHeader));
        assert_eq!(f.table.column_count(), 3);
    }

    #[test]
    fn an_empty_header_is_an_error_and_the_next_line_becomes_the_header() {
        let f = load(
            "x.csv",
            &[
                ",,",
                "UserPrincipalName,MFA Status,MFA Methods",
                "a,Enabled,",
            ],
        );
        assert_eq!(f.detection.kind, ReportKind::MsolMfaStatus);
        assert_eq!(f.table.rows(), 1);
        let d = &f.diagnostics[0];
        assert_eq!(
            (d.code, d.severity),
            (DiagnosticCode::EmptyHeader, Severity::Error)
        );
    }

    #[test]
    fn exactly_100000_rows_is_probably_truncated() {
        let mut lines = vec!["a,b".to_string()];
        lines.extend((0..PORTAL_ROW_LIMIT).map(|i| format!("{i},x")));
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let f = load("x.csv", &refs);
        assert!(codes(&f).contains(&DiagnosticCode::ProbablyTruncated));
        let f = load("x.csv", &refs[..refs.len() - 1]);
        assert!(!codes(&f).contains(&DiagnosticCode::ProbablyTruncated));
    }
}

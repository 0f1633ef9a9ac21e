//! Shared helpers for the reader tests: a sink that records everything it is
//! given, and a driver that feeds a byte string in chosen pieces.

#![allow(dead_code)]

use mfa_lens_core::read::{ReadLimits, ReadStats, Reader, Record, RecordSink, TextEncoding};
use mfa_lens_core::{Diagnostic, DiagnosticCode, Error};

/// One delivered record, owned, for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub fields: Vec<String>,
}

/// Everything a reader produced for one input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    pub header: Option<Row>,
    pub rows: Vec<Row>,
    pub diagnostics: Vec<Diagnostic>,
    /// `true` when `header` was called more than once or after a record.
    pub misordered: bool,
    pub result: Option<Result<ReadStats, Error>>,
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<u8>,
}

impl Outcome {
    pub fn codes(&self) -> Vec<(DiagnosticCode, Option<u64>)> {
        self.diagnostics.iter().map(|d| (d.code, d.line)).collect()
    }

    pub fn header_fields(&self) -> Vec<&str> {
        self.header
            .as_ref()
            .map(|h| h.fields.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    pub fn stats(&self) -> ReadStats {
        match &self.result {
            Some(Ok(stats)) => *stats,
            other => panic!("expected stats, got {other:?}"),
        }
    }

    pub fn error(&self) -> Error {
        match &self.result {
            Some(Err(error)) => error.clone(),
            other => panic!("expected an error, got {other:?}"),
        }
    }
}

impl RecordSink for Outcome {
    fn header(&mut self, record: &Record<'_>) {
        if self.header.is_some() || !self.rows.is_empty() {
            self.misordered = true;
        }
        self.header = Some(own(record));
    }

    fn record(&mut self, record: &Record<'_>) {
        if self.header.is_none() {
            self.misordered = true;
        }
        self.rows.push(own(record));
    }

    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

fn own(record: &Record<'_>) -> Row {
    assert_eq!(
        record.iter().count(),
        record.len(),
        "every field must be readable"
    );
    Row {
        line: record.line(),
        fields: record.iter().map(str::to_string).collect(),
    }
}

/// Reads `bytes` fed in pieces of the given sizes (cycled; the last piece takes
/// whatever is left).
pub fn read_in(bytes: &[u8], sizes: &[usize]) -> Outcome {
    read_with(bytes, sizes, ReadLimits::default())
}

/// Like [`read_in`], with other limits.
pub fn read_with(bytes: &[u8], sizes: &[usize], limits: ReadLimits) -> Outcome {
    let mut reader = Reader::with_limits("test.csv", limits);
    let mut outcome = Outcome::default();
    let mut rest = bytes;
    let mut i = 0;
    let mut failed = None;
    while !rest.is_empty() {
        let size = sizes
            .get(i % sizes.len().max(1))
            .copied()
            .unwrap_or(rest.len())
            .max(1);
        let (piece, after) = rest.split_at(size.min(rest.len()));
        if let Err(error) = reader.push(piece, &mut outcome) {
            failed = Some(error);
        }
        rest = after;
        i += 1;
    }
    let result = reader.finish(&mut outcome);
    if let Some(error) = failed {
        assert_eq!(
            result.as_ref().err(),
            Some(&error),
            "finish must repeat the push error"
        );
    }
    outcome.result = Some(result);
    outcome.encoding = reader.encoding();
    outcome.delimiter = reader.delimiter();
    outcome
}

/// Reads `bytes` in one piece.
pub fn read(bytes: &[u8]) -> Outcome {
    read_in(bytes, &[usize::MAX])
}

pub fn row(line: u64, fields: &[&str]) -> Row {
    Row {
        line,
        fields: fields.iter().map(|f| f.to_string()).collect(),
    }
}

//! Streaming reader: raw bytes in any chunking → decoded UTF-8 CSV records.
//!
//! INTERFACE CONTRACT (the reader helper replaces the bodies; the signatures stay):
//! - `Reader::push` may be called with chunks of any size, split anywhere (inside a
//!   UTF-8 sequence, a UTF-16 code unit, a quoted field, a CRLF pair). The records
//!   delivered are identical for every chunking.
//! - The first non-blank record (after an Excel `sep=` line) goes to
//!   `RecordSink::header`, every later non-blank record to `RecordSink::record`.
//! - Problems that do not stop reading go to `RecordSink::diagnostic`; problems
//!   that mean the file is not a table at all are returned as `Err(Error)` and the
//!   reader then ignores further input.

use crate::diagnostic::Diagnostic;
use crate::error::Error;

/// One CSV record, borrowed from the reader's buffers: no allocation per field.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    line: u64,
    text: &'a str,
    ends: &'a [usize],
}

impl<'a> Record<'a> {
    /// `text` holds the unescaped fields back to back; `ends[i]` is where field `i`
    /// ends in `text`. Public so that tests can build records by hand.
    pub fn new(line: u64, text: &'a str, ends: &'a [usize]) -> Self {
        Record { line, text, ends }
    }

    /// 1-based physical line where the record starts.
    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).filter_map(move |i| self.get(i))
    }
}

/// Receives what the reader finds.
pub trait RecordSink {
    fn header(&mut self, record: &Record<'_>);
    fn record(&mut self, record: &Record<'_>);
    fn diagnostic(&mut self, diagnostic: Diagnostic);
}

/// Which text encoding the reader decided the file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

/// Counters available after `finish`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadStats {
    pub bytes: u64,
    pub lines: u64,
    /// Data records delivered (header excluded).
    pub records: u64,
}

/// The streaming reader for one file.
#[derive(Debug)]
pub struct Reader {
    file: String,
}

impl Reader {
    pub fn new(file_name: &str) -> Self {
        Reader {
            file: file_name.to_string(),
        }
    }

    pub fn push(&mut self, _chunk: &[u8], _sink: &mut dyn RecordSink) -> Result<(), Error> {
        let _ = &self.file;
        unimplemented!("reader: being written")
    }

    pub fn finish(&mut self, _sink: &mut dyn RecordSink) -> Result<ReadStats, Error> {
        unimplemented!("reader: being written")
    }

    /// Known once the first chunk has been seen.
    pub fn encoding(&self) -> Option<TextEncoding> {
        None
    }

    /// Known once the header line has been seen.
    pub fn delimiter(&self) -> Option<u8> {
        None
    }
}

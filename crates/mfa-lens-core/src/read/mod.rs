//! Streaming reader: raw bytes in any chunking → decoded UTF-8 CSV records.
//!
//! The contract:
//! - `Reader::push` may be called with chunks of any size, split anywhere (inside a
//!   UTF-8 sequence, a UTF-16 code unit, a quoted field, a CRLF pair). The records
//!   and diagnostics delivered are identical for every chunking (property-tested
//!   in `tests/reader_props.rs`).
//! - The first non-blank record (after an Excel `sep=` line) goes to
//!   `RecordSink::header`, every later non-blank record to `RecordSink::record`.
//! - Problems that do not stop reading go to `RecordSink::diagnostic`; problems
//!   that mean the file is not a table at all are returned as `Err(Error)` and the
//!   reader then ignores further input.
//!
//! # Stages
//!
//! ```text
//! bytes ─ probe (first 8 KiB) ─ decode (UTF-8 / UTF-16 → UTF-8) ─ records (sniff, csv_core) ─ sink
//! ```
//!
//! - `probe` decides once, on exactly the first 8 KiB, the encoding (byte-order
//!   mark, or BOM-less UTF-16 from its NUL pattern) and whether the file is a table
//!   at all (ZIP/.xlsx, legacy .xls, PDF, binary). Exactly 8 KiB, not "the first
//!   chunk", so the decision cannot depend on the chunking.
//! - `decode` turns the rest into UTF-8 incrementally. Bytes that are not UTF-8
//!   are read as Windows-1252 *one bad sequence at a time*, not the rest of the
//!   file, so that a file pasted together from a UTF-8 export and an Excel re-save
//!   comes out right in both halves (the module explains the trade-off).
//! - `records` holds the text back until the header line is complete, takes the
//!   delimiter from it (or from Excel's `sep=` line), then runs `csv_core`'s push
//!   parser, numbering physical lines (`\n`, `\r\n` and a lone `\r` each count
//!   once, also inside quotes).
//!
//! # Decisions
//!
//! - **Blank lines** are skipped, and so is a record of nothing but whitespace
//!   and delimiters *without any quote* (Excel writes `;;;;` rows under a table it
//!   re-saved). A quoted empty value (`""`) is data, so a one-column file keeps
//!   its empty values when they are quoted; unquoted, an empty value and a blank
//!   line are the same bytes, and a blank line is the likelier meaning.
//! - **Limits** bound memory whatever the input: one field keeps at most
//!   [`FIELD_LIMIT`] (1 MiB, cut at a character boundary while it streams by, so a
//!   quote left open at the top of a 200 MB file costs 1 MiB), a record at most
//!   [`COLUMN_LIMIT`] fields (Excel's own column limit), and the header search
//!   holds back at most [`SNIFF_LIMIT`]. The row is kept in each case and the
//!   repair is reported.
//! - **Diagnostics** are aggregated: each kind is reported once per file, with the
//!   first line where it happened and how many rows (or sequences) it affected,
//!   so a million damaged rows make one message, not a million. They are all
//!   delivered by `finish`, in a fixed order (encoding, unterminated quote, long
//!   fields, wide rows), which makes them trivially independent of the chunking.
//! - **Memory** is the 8 KiB probe, the header search buffer (dropped once the
//!   header is found), one record's unescaped bytes and field ends (reused for
//!   every record: no allocation per record or per field), a 64 KiB staging buffer
//!   for UTF-16 and a 64 KiB scratch buffer when a field is cut. Never the file.

mod decode;
pub mod json;
pub mod json_sign_in;
pub mod json_split;
mod limits;
mod lines;
pub mod log_analytics;
pub(crate) mod probe;
mod records;
mod report;
mod simple_record;
pub(crate) mod sniff;

pub use limits::{ReadLimits, COLUMN_LIMIT, FIELD_LIMIT, SNIFF_LIMIT};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, ErrorKind};
use decode::{TextOut, Utf16Decoder, Utf8Decoder};
use records::Records;

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

    /// The fields back to back and where each ends, as the record was built:
    /// for copying a whole record at once (`RowBatch::push_joined`).
    pub fn joined(&self) -> (&'a str, &'a [usize]) {
        (self.text, self.ends)
    }
}

/// Receives what the reader finds.
pub trait RecordSink {
    fn header(&mut self, record: &Record<'_>);
    fn record(&mut self, record: &Record<'_>);
    fn diagnostic(&mut self, diagnostic: Diagnostic);
}

/// Which text encoding the reader decided the file is in. `Windows1252` means
/// the file was read as UTF-8 but some byte sequences were not UTF-8 and were read
/// as Windows-1252 (see the `decode` module).
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
    /// Raw bytes pushed.
    pub bytes: u64,
    /// Physical lines of the decoded text (a last line without a line break
    /// counts).
    pub lines: u64,
    /// Data records delivered (header excluded).
    pub records: u64,
    /// Records skipped because they held nothing but whitespace and delimiters.
    pub blank_records: u64,
}

/// Where the reader is in the file.
#[derive(Debug)]
enum Stage {
    /// Collecting the first [`probe::PROBE_LEN`] bytes.
    Probing(Vec<u8>),
    Utf8(Utf8Decoder),
    Utf16(Utf16Decoder),
    /// `finish` has run: the result is kept so that asking again gives the same.
    Finished(Result<ReadStats, Error>),
    Failed(Error),
}

/// The streaming reader for one file.
#[derive(Debug)]
pub struct Reader {
    file: String,
    bytes: u64,
    stage: Stage,
    encoding: Option<TextEncoding>,
    utf16_without_bom: bool,
    records: Records,
}

/// Hands decoded text to the CSV stage together with the sink it delivers to.
struct Feed<'a> {
    records: &'a mut Records,
    sink: &'a mut dyn RecordSink,
}

impl TextOut for Feed<'_> {
    fn text(&mut self, utf8: &[u8]) {
        self.records.push(utf8, self.sink);
    }

    fn undecodable(&mut self) {
        self.records.undecodable();
    }
}

impl Reader {
    pub fn new(file_name: &str) -> Self {
        Self::with_limits(file_name, ReadLimits::default())
    }

    /// A reader with other bounds than the defaults (tests use tiny ones).
    pub fn with_limits(file_name: &str, limits: ReadLimits) -> Self {
        Reader {
            file: file_name.to_string(),
            bytes: 0,
            stage: Stage::Probing(Vec::new()),
            encoding: None,
            utf16_without_bom: false,
            records: Records::new(limits),
        }
    }

    /// Feeds the next chunk. Records completed by it are delivered to `sink`
    /// before this returns. An `Err` means the file is not a table (see
    /// [`ErrorKind`]); the reader then ignores further input and keeps
    /// answering with the same error.
    pub fn push(&mut self, chunk: &[u8], sink: &mut dyn RecordSink) -> Result<(), Error> {
        match &mut self.stage {
            Stage::Failed(error) => return Err(error.clone()),
            Stage::Finished(_) => return Ok(()),
            _ => {}
        }
        self.bytes = self.bytes.saturating_add(chunk.len() as u64);
        let mut chunk = chunk;
        if let Stage::Probing(prefix) = &mut self.stage {
            let room = probe::PROBE_LEN.saturating_sub(prefix.len());
            let (now, later) = chunk.split_at(room.min(chunk.len()));
            prefix.extend_from_slice(now);
            if prefix.len() < probe::PROBE_LEN {
                return Ok(());
            }
            self.end_probing(sink)?;
            chunk = later;
        }
        self.decode(chunk, sink);
        Ok(())
    }

    /// The input stopped part-way because its source failed: delivers what the
    /// bytes so far hold in whole — the header and every complete record — and
    /// the diagnostics about them, but not the record (or character) cut in
    /// two, which would be stored half. Returns whether the header was read.
    pub fn finish_cut(&mut self, sink: &mut dyn RecordSink) -> bool {
        if let Stage::Probing(_) = self.stage {
            // Deciding the encoding on fewer bytes than usual is still right
            // for the bytes there are.
            if self.end_probing(sink).is_err() {
                return false;
            }
        }
        if !matches!(self.stage, Stage::Utf8(_) | Stage::Utf16(_)) {
            return self.records.seen_header();
        }
        let seen = self.records.seen_header();
        if seen {
            report::report(self, sink);
        }
        // Nothing more is delivered, not even by a later `finish`.
        self.stage = Stage::Finished(Err(Error::new(ErrorKind::Empty)));
        seen
    }

    /// Ends the input: delivers the last record, then the diagnostics about the
    /// whole file, and returns the counters. A file with no header at all (no
    /// bytes, or nothing but whitespace) is `Err` with [`ErrorKind::Empty`].
    pub fn finish(&mut self, sink: &mut dyn RecordSink) -> Result<ReadStats, Error> {
        match &self.stage {
            Stage::Failed(error) => return Err(error.clone()),
            Stage::Finished(result) => return result.clone(),
            Stage::Probing(_) => self.end_probing(sink)?,
            Stage::Utf8(_) | Stage::Utf16(_) => {}
        }
        let mut feed = Feed {
            records: &mut self.records,
            sink,
        };
        match &mut self.stage {
            Stage::Utf8(decoder) => decoder.finish(&mut feed),
            Stage::Utf16(decoder) => decoder.finish(&mut feed),
            _ => {}
        }
        self.records.finish(sink);
        let result = if self.records.seen_header() {
            report::report(self, sink);
            Ok(ReadStats {
                bytes: self.bytes,
                lines: self.records.line_count(),
                records: self.records.data_records,
                blank_records: self.records.blank_records,
            })
        } else {
            Err(Error::new(ErrorKind::Empty))
        };
        self.stage = Stage::Finished(result.clone());
        result
    }

    /// Known once the first 8 KiB (or all of a shorter file) have been pushed.
    /// [`TextEncoding::Windows1252`] means the file was read as UTF-8 and some of
    /// it was not UTF-8 (see the `decode` module for why those parts, and only
    /// those, are read as Windows-1252).
    pub fn encoding(&self) -> Option<TextEncoding> {
        match self.encoding {
            Some(TextEncoding::Utf8 | TextEncoding::Utf8Bom)
                if self.records.repairs.undecodable.count > 0 =>
            {
                Some(TextEncoding::Windows1252)
            }
            other => other,
        }
    }

    /// Known once the header line has been seen.
    pub fn delimiter(&self) -> Option<u8> {
        self.records.delimiter()
    }

    /// Bytes of buffer the reader holds right now. It depends on the widest
    /// record seen so far, never on the size of the file; the page can show it
    /// next to the store's own figure.
    pub fn buffer_bytes(&self) -> usize {
        let stage = match &self.stage {
            Stage::Probing(prefix) => prefix.capacity(),
            Stage::Utf16(decoder) => decoder.buffer_bytes(),
            Stage::Utf8(_) | Stage::Finished(_) | Stage::Failed(_) => 0,
        };
        stage + self.records.buffer_bytes()
    }

    /// The file name diagnostics carry.
    pub fn file_name(&self) -> &str {
        &self.file
    }

    /// Decides encoding and table-or-not from the first bytes, then decodes them.
    fn end_probing(&mut self, sink: &mut dyn RecordSink) -> Result<(), Error> {
        let Stage::Probing(prefix) = std::mem::replace(&mut self.stage, Stage::Probing(Vec::new()))
        else {
            return Ok(());
        };
        if prefix.is_empty() {
            let error = Error::new(ErrorKind::Empty);
            self.stage = Stage::Failed(error.clone());
            return Err(error);
        }
        let found = match probe::probe(&prefix) {
            Ok(found) => found,
            Err(error) => {
                self.stage = Stage::Failed(error.clone());
                return Err(error);
            }
        };
        self.encoding = Some(found.encoding);
        self.utf16_without_bom = found.utf16_without_bom;
        self.stage = match found.encoding {
            TextEncoding::Utf16Le => Stage::Utf16(Utf16Decoder::new(false)),
            TextEncoding::Utf16Be => Stage::Utf16(Utf16Decoder::new(true)),
            _ => Stage::Utf8(Utf8Decoder::default()),
        };
        self.decode(prefix.get(found.bom_len..).unwrap_or(&[]), sink);
        Ok(())
    }

    fn decode(&mut self, bytes: &[u8], sink: &mut dyn RecordSink) {
        let mut feed = Feed {
            records: &mut self.records,
            sink,
        };
        match &mut self.stage {
            Stage::Utf8(decoder) => decoder.push(bytes, &mut feed),
            Stage::Utf16(decoder) => decoder.push(bytes, &mut feed),
            _ => {}
        }
    }
}

//! One large file read as several parts, in several workers at once, and
//! joined back into the file a single read would have built.
//!
//! A CSV file can be cut only between records, and where a record ends
//! depends on every quote before it: a line break inside a quoted value is
//! not one. A reader starting in the middle cannot know whether it is inside
//! quotes. So the cut is a *guess*, checked afterwards (the shape of the
//! speculative parallel CSV readers in DuckDB and in Ge et al., SIGMOD 2019):
//!
//! 1. [`Preamble::find`]: the file's bytes up to the end of its header line.
//!    Every part is read as the preamble followed by its own bytes, so each
//!    part's reader sees the header (and the byte-order mark, Excel's `sep=`
//!    line, the delimiter) exactly as the whole file's reader did.
//! 2. [`Preamble::record_start`]: near each place the file should be cut, the
//!    first line start from which the next few records parse with exactly
//!    the header's number of fields. Inside a quoted value that spans lines
//!    this almost never holds; where it wrongly does, step 4 notices.
//! 3. Each part is read by [`FileBuilder::part`](super::FileBuilder::part),
//!    which stops before what needs the whole file (row-count diagnostics,
//!    the date index, the settled column layout).
//! 4. [`Merge`] joins the parts in order and refuses ([`Unmergeable`]) unless
//!    every part agrees with a single read: each starts at a true record
//!    boundary if the part before it ended outside quotes (the first starts
//!    at the file's start, so by induction all do); a part after the first
//!    may say nothing the preamble alone did not say, so every diagnostic of
//!    the file, with its line, comes from the first part, as in a single read.
//!    The caller then reads the file again whole: rare, slower, never wrong.
//!
//! Only plain CSV in UTF-8 is cut: JSON is one array, UTF-16 has two-byte
//! line ends, and a Log Analytics export builds a second table as it reads.

use memchr::memchr_iter;

use super::{BuiltFile, FileBuilder};
use crate::detect::ReportKind;
use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::ingest::{FileLoader, LoadedFile};
use crate::join::StepFacts;
use crate::read::probe::{probe, PROBE_LEN};
use crate::read::{Reader, TextEncoding};

/// Records that must parse with the header's width after a guessed cut.
/// Each wrong guess that passes costs a second read of the file, so the
/// check is strict; on a real export a window holds hundreds of records.
const RECORDS_CHECKED: usize = 8;
/// Line starts tried in one window before giving up on a cut there.
const CANDIDATES: usize = 256;
/// How many lines the header may be preceded by (a `sep=` line, a row of
/// bare separators, blank lines).
const HEADER_SEARCH_LINES: usize = 16;

/// The file's bytes up to the end of its header line: what every part is
/// read after.
#[derive(Debug, Clone)]
pub struct Preamble {
    len: usize,
    delimiter: u8,
    columns: usize,
    header_line: Option<u64>,
    /// What reading the preamble alone says (about the header): every part
    /// says it too.
    diagnostics: Vec<Diagnostic>,
}

impl Preamble {
    /// The preamble of a file that begins with `head`, when the file can be
    /// read in parts; `None` when it cannot (not CSV, not UTF-8, a Log
    /// Analytics export, or no complete header line in `head`).
    pub fn find(name: &str, head: &[u8]) -> Option<Preamble> {
        if crate::source::decide(head) != Some(false) {
            return None;
        }
        let found = probe(&head[..head.len().min(PROBE_LEN)]).ok()?;
        if !matches!(found.encoding, TextEncoding::Utf8 | TextEncoding::Utf8Bom) {
            return None;
        }
        memchr_iter(b'\n', head)
            .take(HEADER_SEARCH_LINES)
            .find_map(|at| Self::ending_at(name, &head[..=at]))
    }

    /// The preamble when `bytes` end exactly after the header line.
    fn ending_at(name: &str, bytes: &[u8]) -> Option<Preamble> {
        let mut reader = Reader::new(name);
        let mut loader = FileLoader::part(name);
        reader.push(bytes, &mut loader).ok()?;
        reader.finish(&mut loader).ok()?;
        if !loader.has_header() || loader.rows_so_far() > 0 {
            return None;
        }
        let (header_line, delimiter) = (loader.header_line(), reader.delimiter()?);
        let file = loader.finish_with_delimiter(Some(delimiter));
        let cut_in_quotes = file
            .diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::UnterminatedQuote);
        if cut_in_quotes || !Self::is_plain_table(name, bytes) {
            return None;
        }
        Some(Preamble {
            len: bytes.len(),
            delimiter,
            columns: file.table.column_count(),
            header_line,
            diagnostics: file.diagnostics,
        })
    }

    /// True unless the header makes the reader build more than one table
    /// (a Log Analytics export's steps) or none.
    fn is_plain_table(name: &str, bytes: &[u8]) -> bool {
        let mut builder = FileBuilder::part(name);
        builder.push(bytes);
        let built = builder.finish();
        built.fatal.is_empty()
            && built.loaded.is_some_and(|f| {
                f.steps.is_none()
                    && !matches!(
                        f.detection.kind,
                        ReportKind::LogAnalyticsSignIns | ReportKind::EntraSignInsJson
                    )
            })
    }

    /// Bytes from the file's start to the end of its header line.
    pub fn len(&self) -> u64 {
        self.len as u64
    }

    /// Never true: a preamble holds at least a header line.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Where to look for the cuts of a file of `size` bytes read as `parts`
    /// parts of about equal size: read a window there and ask
    /// [`record_start`](Self::record_start).
    pub fn cut_targets(&self, size: u64, parts: usize) -> Vec<u64> {
        let body = size.saturating_sub(self.len());
        (1..parts as u64)
            .map(|i| self.len() + body * i / parts as u64)
            .collect()
    }

    /// The byte ranges of the parts (each read after the preamble), given
    /// the cuts found near each target (`None` where the window had no
    /// record start): in file order, none empty, together the whole file
    /// after the preamble.
    pub fn part_ranges(
        &self,
        size: u64,
        cuts: impl IntoIterator<Item = Option<u64>>,
    ) -> Vec<(u64, u64)> {
        let mut cuts: Vec<u64> = cuts
            .into_iter()
            .flatten()
            .filter(|&c| c > self.len() && c < size)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let starts = std::iter::once(self.len()).chain(cuts.iter().copied());
        let ends = cuts.iter().copied().chain(std::iter::once(size));
        starts.zip(ends).filter(|(s, e)| s < e).collect()
    }

    /// The offset in `window` (bytes of the file from anywhere after the
    /// preamble) where a record most likely starts: just after a line break,
    /// with the next [`RECORDS_CHECKED`] records each as wide as the header.
    /// `None` when no line start in the window passes.
    pub fn record_start(&self, window: &[u8]) -> Option<usize> {
        memchr_iter(b'\n', window)
            .take(CANDIDATES)
            .map(|at| at + 1)
            .find(|&start| self.records_fit(&window[start..]))
    }

    /// True when `bytes` begin with [`RECORDS_CHECKED`] complete records,
    /// each with exactly the header's number of fields.
    fn records_fit(&self, bytes: &[u8]) -> bool {
        let mut core = csv_core::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .build();
        let mut out = vec![0u8; 64 << 10];
        let mut ends = vec![0usize; self.columns + 1];
        let mut input = bytes;
        let mut records = 0;
        while records < RECORDS_CHECKED {
            let (result, read, _, fields) = core.read_record(input, &mut out, &mut ends);
            input = &input[read..];
            match result {
                csv_core::ReadRecordResult::Record if fields == self.columns => records += 1,
                // A line with no fields is skipped by the reader too.
                csv_core::ReadRecordResult::InputEmpty if !input.is_empty() => {}
                // Another width, a value longer than the buffer, or the
                // window ended before enough records: not a place to cut.
                _ => return false,
            }
        }
        true
    }
}

/// Why the parts cannot stand for the file: it must be read again whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unmergeable {
    /// A part is not a table (its reader failed, or it was cut short).
    NotRead,
    /// A part's header, columns or kind differ from the first part's.
    OtherHeader,
    /// A part ended inside a quoted value: its cut was not a record boundary.
    EndedInQuotes,
    /// A part after the first reported a problem of its own, which a single
    /// read would number and count with the rest of the file.
    PartReported,
    /// No part was given.
    NoParts,
}

/// The parts of one file joined in order (see the module documentation).
pub struct Merge {
    name: String,
    preamble: Preamble,
    joined: Option<LoadedFile>,
    /// Each part's step facts, in file order (an auth-details file's);
    /// `None` once a part came without them.
    facts: Option<Vec<StepFacts>>,
}

impl Merge {
    pub fn new(name: &str, preamble: Preamble) -> Self {
        Merge {
            name: name.to_string(),
            preamble,
            joined: None,
            facts: Some(Vec::new()),
        }
    }

    /// Adds the next part, in file order. Each part but the last must end
    /// outside quotes; the caller says which is the last by calling
    /// [`finish`](Self::finish) after it.
    pub fn push(&mut self, part: BuiltFile) -> Result<(), Unmergeable> {
        match (&mut self.facts, part.facts) {
            (Some(all), Some(facts)) => all.extend(facts),
            _ => self.facts = None,
        }
        let file = match part.loaded {
            Some(file) if part.fatal.is_empty() && file.steps.is_none() => file,
            _ => return Err(Unmergeable::NotRead),
        };
        if let Some(joined) = &self.joined {
            // The part before this one was not the last: it had to end
            // outside quotes.
            if ended_in_quotes(joined) {
                return Err(Unmergeable::EndedInQuotes);
            }
        }
        let Some(joined) = &mut self.joined else {
            if !file.diagnostics.starts_with(&self.preamble.diagnostics) {
                return Err(Unmergeable::OtherHeader);
            }
            self.joined = Some(file);
            return Ok(());
        };
        if file.detection != joined.detection || file.map != joined.map {
            return Err(Unmergeable::OtherHeader);
        }
        if file.diagnostics != self.preamble.diagnostics {
            return Err(Unmergeable::PartReported);
        }
        if !joined.table.append(&file.table) {
            return Err(Unmergeable::OtherHeader);
        }
        joined.bad_rows += file.bad_rows;
        Ok(())
    }

    /// The whole file, after its last part.
    pub fn finish(self) -> Result<BuiltFile, Unmergeable> {
        let mut file = self.joined.ok_or(Unmergeable::NoParts)?;
        file.complete(
            &self.name,
            self.preamble.header_line,
            self.preamble.delimiter == b';',
        );
        Ok(BuiltFile {
            name: self.name,
            loaded: Some(file),
            fatal: Vec::new(),
            facts: self.facts.map(|parts| {
                (!parts.is_empty())
                    .then(|| StepFacts::concat(&parts))
                    .into_iter()
                    .collect()
            }),
        })
    }
}

/// The reader reports an open quote only at the end of its input.
fn ended_in_quotes(file: &LoadedFile) -> bool {
    file.diagnostics
        .iter()
        .any(|d| d.code == DiagnosticCode::UnterminatedQuote)
}

//! Which reader a file gets — the CSV reader or the JSON sign-in reader —
//! decided by its first significant byte, and the finished file it makes.
//!
//! The faces feed a file in slices and never say what it is, so the choice is
//! made on the bytes: after an optional UTF-8 byte-order mark and whitespace,
//! `[` or `{` is the portal's JSON download (no CSV header starts with either),
//! anything else goes to [`Reader`], which keeps deciding encodings, binaries
//! and delimiters as before. Until that byte arrives the slices are held (only
//! whitespace, bounded by [`UNDECIDED_LIMIT`]), so the choice cannot depend on
//! the chunking.
//!
//! A JSON file becomes two tables: its sign-ins under the portal CSV's
//! captions (kind [`ReportKind::EntraSignInsJson`]) and its steps under the
//! auth-details file's, kept in [`LoadedFile::steps`] for the join.

use crate::detect::ReportKind;
use crate::diagnostic::DiagnosticCode;
use crate::error::Error;
use crate::ingest::{FileLoader, LoadedFile};
use crate::read::json::{JsonReader, JsonSinks};
use crate::read::log_analytics::{LogAnalyticsSink, LogAnalyticsState};
use crate::read::Reader;

/// Leading whitespace held before deciding; past it the file goes to the CSV
/// reader, which reports what it finds.
pub const UNDECIDED_LIMIT: usize = 64 << 10;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One file's reader; see the module documentation.
pub enum Source {
    Undecided {
        name: String,
        head: Vec<u8>,
    },
    /// A CSV file; a Log Analytics export among them is rewritten on the way
    /// (`state`), its steps going to `steps`.
    Csv {
        reader: Box<Reader>,
        state: Box<LogAnalyticsState>,
        steps: Box<FileLoader>,
    },
    Json {
        reader: Box<JsonReader>,
        steps: Box<FileLoader>,
    },
}

impl Source {
    pub fn new(file_name: &str) -> Self {
        Source::Undecided {
            name: file_name.to_string(),
            head: Vec::new(),
        }
    }

    /// Feed the next slice; an error means the file is not readable at all.
    pub fn push(&mut self, chunk: &[u8], loader: &mut FileLoader) -> Result<(), Error> {
        if let Source::Undecided { name, head } = self {
            head.extend_from_slice(chunk);
            let Some(json) = decide(head) else {
                return Ok(());
            };
            let (name, head) = (std::mem::take(name), std::mem::take(head));
            *self = Source::start(&name, json);
            return self.push(&head, loader);
        }
        match self {
            Source::Csv {
                reader,
                state,
                steps,
            } => reader.push(chunk, &mut csv_sink(state, loader, steps)),
            Source::Json { reader, steps } => {
                reader.push(chunk, &mut sinks(loader, steps));
                Ok(())
            }
            Source::Undecided { .. } => Ok(()),
        }
    }

    fn start(name: &str, json: bool) -> Self {
        if json {
            Source::Json {
                reader: Box::new(JsonReader::new(name)),
                steps: Box::new(FileLoader::new(name)),
            }
        } else {
            Source::Csv {
                reader: Box::new(Reader::new(name)),
                state: Box::default(),
                steps: Box::new(FileLoader::new(name)),
            }
        }
    }

    /// The file is complete: its table (and steps), or why it has none.
    pub fn finish(self, mut loader: FileLoader) -> Result<LoadedFile, Error> {
        match self.settled(&mut loader)? {
            Source::Csv {
                mut reader,
                mut state,
                mut steps,
            } => {
                reader.finish(&mut csv_sink(&mut state, &mut loader, &mut steps))?;
                Ok(csv_file(reader.delimiter(), &mut state, loader, *steps))
            }
            Source::Json {
                mut reader,
                mut steps,
            } => {
                reader.finish(&mut sinks(&mut loader, &mut steps));
                Ok(json_file(loader, *steps))
            }
            Source::Undecided { .. } => unreachable!("settled decides"),
        }
    }

    /// The source stopped part-way: the complete records so far, without the
    /// one cut in two; `None` when not even the header was read.
    pub fn finish_cut(self, mut loader: FileLoader) -> Option<LoadedFile> {
        match self.settled(&mut loader).ok()? {
            Source::Csv {
                mut reader,
                mut state,
                mut steps,
            } => (reader.finish_cut(&mut csv_sink(&mut state, &mut loader, &mut steps))
                && loader.has_header())
            .then(|| csv_file(reader.delimiter(), &mut state, loader, *steps)),
            Source::Json { steps, .. } => Some(json_file(loader, *steps)),
            Source::Undecided { .. } => None,
        }
    }

    /// A source still undecided at the end is a CSV (all whitespace: the CSV
    /// reader reports it as empty).
    fn settled(self, loader: &mut FileLoader) -> Result<Source, Error> {
        match self {
            Source::Undecided { name, head } => {
                let mut csv = Source::start(&name, false);
                csv.push(&head, loader)?;
                Ok(csv)
            }
            other => Ok(other),
        }
    }
}

fn csv_sink<'s>(
    state: &'s mut LogAnalyticsState,
    sign_ins: &'s mut FileLoader,
    steps: &'s mut FileLoader,
) -> LogAnalyticsSink<'s> {
    LogAnalyticsSink {
        state,
        sign_ins,
        steps,
    }
}

/// A CSV file's table; a Log Analytics export gets its kind and its steps.
fn csv_file(
    delimiter: Option<u8>,
    state: &mut LogAnalyticsState,
    mut loader: FileLoader,
    steps: FileLoader,
) -> LoadedFile {
    if !state.is_active() {
        return loader.finish_with_delimiter(delimiter);
    }
    state.finish(loader.file_name().to_string().as_str(), &mut loader);
    let mut file = loader.finish_with_delimiter(delimiter);
    retag(&mut file, ReportKind::LogAnalyticsSignIns, steps);
    file
}

fn sinks<'s>(loader: &'s mut FileLoader, steps: &'s mut FileLoader) -> JsonSinks<'s> {
    JsonSinks {
        sign_ins: loader,
        steps,
    }
}

/// `Some(true)` for JSON, `Some(false)` for anything else, `None` while only
/// a byte-order mark and whitespace have arrived.
pub(crate) fn decide(head: &[u8]) -> Option<bool> {
    let body = if head.len() < BOM.len() && BOM.starts_with(head) {
        return None;
    } else {
        head.strip_prefix(BOM).unwrap_or(head)
    };
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b) => Some(matches!(b, b'[' | b'{')),
        None if head.len() > UNDECIDED_LIMIT => Some(false),
        None => None,
    }
}

/// The sign-ins' table with its kind set to the JSON download's, and the
/// steps beside it.
fn json_file(loader: FileLoader, steps: FileLoader) -> LoadedFile {
    let mut file = loader.finish();
    retag(&mut file, ReportKind::EntraSignInsJson, steps);
    file
}

/// A file read into the portal CSV's shape: its own kind (where detection saw
/// the portal's sign-ins), and its steps beside it for the join.
fn retag(file: &mut LoadedFile, kind: ReportKind, steps: FileLoader) {
    if file.detection.kind == ReportKind::EntraSignIns {
        file.detection.kind = kind;
    }
    // That note points portal CSV readers to the JSON download; these files
    // are not the portal CSV.
    file.diagnostics
        .retain(|d| d.code != DiagnosticCode::NoReportOnlyResults);
    let steps = steps.finish();
    if steps.table.rows() > 0 {
        file.steps = Some(Box::new(steps));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_significant_byte_decides() {
        assert_eq!(decide(b""), None);
        assert_eq!(decide(b"\xEF\xBB"), None);
        assert_eq!(decide(b"\xEF\xBB\xBF \r\n"), None);
        assert_eq!(decide(b"\xEF\xBB\xBF\n ["), Some(true));
        assert_eq!(decide(b"{"), Some(true));
        assert_eq!(decide(b"\"Date (UTC)\""), Some(false));
        assert_eq!(decide(&[b' '; UNDECIDED_LIMIT + 1]), Some(false));
    }
}

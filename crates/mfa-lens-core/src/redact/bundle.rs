//! Redacting a set of files at once: into a fresh [`Workspace`] (for a
//! redacted report) or into one ZIP (the page's "Download a redacted copy").
//!
//! Both go through [`StreamedRedaction`]: one [`Redactor`] for every file,
//! so a user is the same pseudonym in all of them; each file streamed
//! through a [`FileRedactor`] chunk by chunk as its caller reads it (the
//! worker reads a dropped file again slice by slice), its output handed on
//! at once (to the workspace, to the ZIP) and never held whole. A file MFA Lens cannot read
//! as a table (a workbook, a PDF) is left out and named, as the CLI leaves
//! it out: what the reader cannot read the redactor cannot promise to have
//! redacted.
//!
//! Entries are written without a time (the ZIP's 1980-01-01), so the same
//! files and key give the same bytes, in the browser and natively.

use std::collections::HashSet;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{FileRedactor, Key, RedactError, Redactor};
use crate::workspace::Workspace;
use crate::Summary;

/// Bytes redacted at a time.
const CHUNK: usize = 1 << 20;

/// The ZIP's summary of the redacted files.
pub const SUMMARY_NAME: &str = "summary.json";
/// The ZIP's note on what was done.
pub const README_NAME: &str = "README.txt";

/// What the ZIP's `README.txt` says.
pub const README: &str = "\
Redacted copy of MFA exports, made by MFA Lens.

Every identifying value was replaced by a keyed pseudonym (HMAC-SHA-256):
user principal names, usernames and e-mail addresses, display names, user,
device, object, request and correlation IDs, IP addresses (prefix-preserving,
same family), phone numbers (all but the last two digits masked), cities and
states, device and server names and free-text reasons. The same value is the
same pseudonym in every file. Codes, results, reasons, methods, dates,
applications, countries, headers, delimiters and quoting are unchanged.

The key is not included. Without it nobody can reverse the pseudonyms; whoever
holds it and the original exports can confirm a guess. Rare combinations of
application, time and country may still point to a person.

summary.json is the MFA Lens Summary JSON of the redacted files.
";

/// Why a set of files was not redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleError {
    /// A file failed part-way (a record too long): nothing should be kept.
    File { name: String, error: RedactError },
    /// The ZIP could not be written.
    Zip(String),
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleError::File { name, error } => write!(f, "{name}: {error}"),
            BundleError::Zip(e) => write!(f, "cannot write the ZIP: {e}"),
        }
    }
}

impl std::error::Error for BundleError {}

/// The redacted files, loaded.
pub struct RedactedSet {
    /// The redacted files, loaded under their entry names.
    pub workspace: Workspace,
    /// Files left out because they are not tables, with the reason.
    pub skipped: Vec<(String, RedactError)>,
}

/// The files redacted with `key` and loaded into a fresh workspace: what a
/// redacted report is made from.
pub fn redact_workspace(
    files: &[(String, Vec<u8>)],
    key: &Key,
) -> Result<RedactedSet, BundleError> {
    let mut r = StreamedRedaction::to_workspace(key);
    feed(&mut r, files, |_, _| {})?;
    Ok(r.finish_workspace())
}

/// A redacted ZIP and what was left out of it.
pub struct Bundle {
    pub zip: Vec<u8>,
    pub skipped: Vec<(String, RedactError)>,
}

/// One ZIP of the files redacted with `key`: each under its own name (made
/// unique), `summary.json` (the Summary JSON of the redacted files, as
/// `mfa-lens summary` prints it) and `README.txt`. `progress(done, total)`
/// is called after each chunk, in input bytes.
pub fn bundle(
    files: &[(String, Vec<u8>)],
    key: &Key,
    progress: impl FnMut(u64, u64),
) -> Result<Bundle, BundleError> {
    let mut r = StreamedRedaction::to_zip(key);
    feed(&mut r, files, progress)?;
    r.finish_zip()
}

/// Every file of `files` through `r`, in chunks.
fn feed(
    r: &mut StreamedRedaction,
    files: &[(String, Vec<u8>)],
    mut progress: impl FnMut(u64, u64),
) -> Result<(), BundleError> {
    let total: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let mut done = 0u64;
    for (name, bytes) in files {
        r.begin(name, bytes.len() as u64);
        for chunk in bytes.chunks(CHUNK) {
            r.push(chunk)?;
            done += chunk.len() as u64;
            progress(done, total);
        }
        r.end()?;
    }
    progress(total, total);
    Ok(())
}

/// The file being redacted.
struct Current {
    original: String,
    entry: String,
    id: crate::FileId,
    file: FileRedactor,
    /// Not a table: the rest of its bytes are ignored, and it is left out.
    skipped: Option<RedactError>,
    /// Its ZIP entry is open (started at its first output).
    entry_open: bool,
    large: bool,
}

/// A set of files redacted one after another, each fed in chunks as its
/// caller reads it: [`begin`](Self::begin), [`push`](Self::push) each chunk,
/// [`end`](Self::end); then [`finish_zip`](Self::finish_zip) or
/// [`finish_workspace`](Self::finish_workspace).
pub struct StreamedRedaction {
    redactor: Redactor,
    ws: Workspace,
    zip: Option<ZipWriter<Cursor<Vec<u8>>>>,
    names: EntryNames,
    current: Option<Current>,
    skipped: Vec<(String, RedactError)>,
    out: Vec<u8>,
}

impl StreamedRedaction {
    /// Into one ZIP (the workspace only feeds its summary).
    pub fn to_zip(key: &Key) -> StreamedRedaction {
        StreamedRedaction {
            zip: Some(ZipWriter::new(Cursor::new(Vec::new()))),
            ..StreamedRedaction::to_workspace(key)
        }
    }

    /// Into a fresh workspace only (a redacted report).
    pub fn to_workspace(key: &Key) -> StreamedRedaction {
        StreamedRedaction {
            redactor: Redactor::new(key),
            ws: Workspace::new(),
            zip: None,
            names: EntryNames::new(),
            current: None,
            skipped: Vec::new(),
            out: Vec::with_capacity(CHUNK + CHUNK / 4),
        }
    }

    /// Starts the file `name` (a path or a name; its last part is its
    /// entry), of about `size` bytes (a very large one needs a ZIP64 entry).
    pub fn begin(&mut self, name: &str, size: u64) {
        let entry = self.names.take(name);
        let id = self.ws.begin_file(&entry);
        self.current = Some(Current {
            original: name.to_string(),
            entry,
            id,
            file: FileRedactor::new(),
            skipped: None,
            entry_open: false,
            // Pseudonyms are longer than most values: a 3 GiB input may pass
            // the 4 GiB a plain entry can hold.
            large: size >= 3 << 30,
        });
    }

    /// The next chunk of the file begun.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), BundleError> {
        let Some(c) = self.current.as_mut() else {
            return Ok(());
        };
        if c.skipped.is_some() {
            return Ok(());
        }
        match c.file.push(&mut self.redactor, chunk, &mut self.out) {
            Ok(()) => self.hand_on(),
            Err(RedactError::NotATable(e)) => {
                c.skipped = Some(RedactError::NotATable(e));
                self.out.clear();
                Ok(())
            }
            Err(error) => Err(BundleError::File {
                name: c.original.clone(),
                error,
            }),
        }
    }

    /// The end of the file begun.
    pub fn end(&mut self) -> Result<(), BundleError> {
        let Some(c) = self.current.as_mut() else {
            return Ok(());
        };
        let result = match c.skipped.take() {
            Some(e) => Err(e),
            None => std::mem::take(&mut c.file).finish(&mut self.redactor, &mut self.out),
        };
        if let Err(error) = result {
            let c = self.current.take().expect("checked above");
            return match error {
                RedactError::NotATable(_) => {
                    self.ws.remove(c.id);
                    self.out.clear();
                    self.skipped.push((c.original, error));
                    Ok(())
                }
                error => Err(BundleError::File {
                    name: c.original,
                    error,
                }),
            };
        }
        // An empty file still has its entry.
        self.open_entry()?;
        self.hand_on()?;
        if let Some(c) = self.current.take() {
            self.ws.finish_deferred(c.id);
        }
        Ok(())
    }

    /// Files left out so far, with why.
    pub fn skipped(&self) -> &[(String, RedactError)] {
        &self.skipped
    }

    /// The redacted files, loaded.
    pub fn finish_workspace(mut self) -> RedactedSet {
        self.ws.settle();
        RedactedSet {
            workspace: self.ws,
            skipped: self.skipped,
        }
    }

    /// The ZIP: the redacted files, then `summary.json` and `README.txt`.
    pub fn finish_zip(mut self) -> Result<Bundle, BundleError> {
        self.ws.settle();
        let summary = serde_json::to_string(&Summary::of(&self.ws))
            .map_err(|e| BundleError::Zip(e.to_string()))?;
        let mut zip = self
            .zip
            .take()
            .unwrap_or_else(|| ZipWriter::new(Cursor::new(Vec::new())));
        for (name, text) in [
            (SUMMARY_NAME, format!("{summary}\n")),
            (README_NAME, README.to_string()),
        ] {
            zip.start_file(name, options(false)).map_err(zip_err)?;
            zip.write_all(text.as_bytes()).map_err(io_err)?;
        }
        let zip = zip.finish().map_err(zip_err)?.into_inner();
        Ok(Bundle {
            zip,
            skipped: self.skipped,
        })
    }

    /// The output so far of the current file, to the ZIP and the workspace.
    fn hand_on(&mut self) -> Result<(), BundleError> {
        if self.out.is_empty() {
            return Ok(());
        }
        self.open_entry()?;
        let Some(c) = self.current.as_ref() else {
            return Ok(());
        };
        if let Some(zip) = self.zip.as_mut() {
            zip.write_all(&self.out).map_err(io_err)?;
        }
        self.ws.push(c.id, &self.out);
        self.out.clear();
        Ok(())
    }

    fn open_entry(&mut self) -> Result<(), BundleError> {
        let (Some(c), Some(zip)) = (self.current.as_mut(), self.zip.as_mut()) else {
            return Ok(());
        };
        if !c.entry_open {
            zip.start_file(c.entry.as_str(), options(c.large))
                .map_err(zip_err)?;
            c.entry_open = true;
        }
        Ok(())
    }
}

fn zip_err(e: zip::result::ZipError) -> BundleError {
    BundleError::Zip(e.to_string())
}

fn io_err(e: std::io::Error) -> BundleError {
    BundleError::Zip(e.to_string())
}

fn options(large: bool) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(large)
}

/// Entry names as files arrive: the last path part, made unique beside the
/// names before and the ZIP's own entries (`a.csv`, `a (2).csv`).
struct EntryNames {
    taken: HashSet<String>,
}

impl EntryNames {
    fn new() -> EntryNames {
        EntryNames {
            taken: [SUMMARY_NAME, README_NAME]
                .into_iter()
                .map(str::to_lowercase)
                .collect(),
        }
    }

    fn take(&mut self, name: &str) -> String {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let base = if base.is_empty() { "file.csv" } else { base };
        let (stem, ext) = match base.rfind('.') {
            Some(at) if at > 0 => base.split_at(at),
            _ => (base, ""),
        };
        let mut candidate = base.to_string();
        let mut n = 2;
        while !self.taken.insert(candidate.to_lowercase()) {
            candidate = format!("{stem} ({n}){ext}");
            n += 1;
        }
        candidate
    }
}

/// The files' names as entries, as [`StreamedRedaction`] gives them.
pub fn entry_names(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut names = EntryNames::new();
    files.iter().map(|(name, _)| names.take(name)).collect()
}

//! Redacting a set of files at once: into a fresh [`Workspace`] (for a
//! redacted report) or into one ZIP (the page's "Download a redacted copy").
//!
//! Both go through [`redact_each`]: one [`Redactor`] for every file, so a
//! user is the same pseudonym in all of them; each file streamed through a
//! [`FileRedactor`] in chunks, its output handed on at once (to the
//! workspace, to the ZIP) and never held whole. A file MFA Lens cannot read
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

/// The redacted files of [`redact_each`], loaded.
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
    redact_each(files, key, |_, _| {}, |_, _| Ok(()))
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
    let zip_err = |e: zip::result::ZipError| BundleError::Zip(e.to_string());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let mut open: Option<String> = None;
    // Pseudonyms are longer than most values: a 3 GiB input may pass the
    // 4 GiB a plain entry can hold.
    let large = files.iter().any(|(_, b)| b.len() as u64 >= 3 << 30);
    let set = redact_each(files, key, progress, |name, bytes| {
        if open.as_deref() != Some(name) {
            zip.start_file(name, options(large)).map_err(zip_err)?;
            open = Some(name.to_string());
        }
        zip.write_all(bytes)
            .map_err(|e| BundleError::Zip(e.to_string()))
    })?;
    let summary = serde_json::to_string(&Summary::of(&set.workspace))
        .map_err(|e| BundleError::Zip(e.to_string()))?;
    for (name, text) in [
        (SUMMARY_NAME, format!("{summary}\n")),
        (README_NAME, README.to_string()),
    ] {
        zip.start_file(name, options(false)).map_err(zip_err)?;
        zip.write_all(text.as_bytes())
            .map_err(|e| BundleError::Zip(e.to_string()))?;
    }
    let zip = zip.finish().map_err(zip_err)?.into_inner();
    Ok(Bundle {
        zip,
        skipped: set.skipped,
    })
}

fn options(large: bool) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(large)
}

/// The files' names as entries: the last path part, made unique beside
/// each other and the ZIP's own entries (`a.csv`, `a (2).csv`).
pub fn entry_names(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut taken: HashSet<String> = [SUMMARY_NAME, README_NAME]
        .into_iter()
        .map(str::to_lowercase)
        .collect();
    files
        .iter()
        .map(|(name, _)| {
            let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
            let base = if base.is_empty() { "file.csv" } else { base };
            let (stem, ext) = match base.rfind('.') {
                Some(at) if at > 0 => base.split_at(at),
                _ => (base, ""),
            };
            let mut candidate = base.to_string();
            let mut n = 2;
            while !taken.insert(candidate.to_lowercase()) {
                candidate = format!("{stem} ({n}){ext}");
                n += 1;
            }
            candidate
        })
        .collect()
}

/// Redacts every file in chunks: each piece of output goes to `write` (with
/// the file's entry name; an empty piece at its end, so an empty file still
/// has an entry) and into a fresh workspace.
fn redact_each(
    files: &[(String, Vec<u8>)],
    key: &Key,
    mut progress: impl FnMut(u64, u64),
    mut write: impl FnMut(&str, &[u8]) -> Result<(), BundleError>,
) -> Result<RedactedSet, BundleError> {
    let total: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let mut done = 0u64;
    let mut redactor = Redactor::new(key);
    let mut ws = Workspace::new();
    let mut skipped = Vec::new();
    let mut out = Vec::with_capacity(CHUNK + CHUNK / 4);
    for ((original, bytes), name) in files.iter().zip(entry_names(files)) {
        let id = ws.begin_file(&name);
        let mut file = FileRedactor::new();
        let mut failed = None;
        for chunk in bytes.chunks(CHUNK) {
            if let Err(e) = file.push(&mut redactor, chunk, &mut out) {
                failed = Some(e);
                break;
            }
            if !out.is_empty() {
                write(&name, &out)?;
                ws.push(id, &out);
                out.clear();
            }
            done += chunk.len() as u64;
            progress(done, total);
        }
        let result = match failed {
            Some(e) => Err(e),
            None => file.finish(&mut redactor, &mut out),
        };
        match result {
            Ok(_) => {
                write(&name, &out)?;
                ws.push(id, &out);
                out.clear();
                ws.finish_deferred(id);
            }
            Err(RedactError::NotATable(e)) => {
                ws.remove(id);
                skipped.push((original.clone(), RedactError::NotATable(e)));
            }
            Err(error) => {
                return Err(BundleError::File {
                    name: original.clone(),
                    error,
                })
            }
        }
    }
    ws.settle();
    progress(total, total);
    Ok(RedactedSet {
        workspace: ws,
        skipped,
    })
}

//! A [`BuiltFile`] as bytes, so a file read in one worker (a shard) can be
//! posted to the worker that holds the workspace and adopted there as if it
//! had been read in place: the same table cell for cell (with the same
//! dictionary codes and layouts, so classification takes the same paths),
//! the same detection, column map, diagnostics and steps.
//!
//! The bytes are:
//!
//! ```text
//! MAGIC, VERSION (u32)
//! name (str), fatal diagnostics (JSON)
//! files (u64): 0 without a table, 1 with, 2 with its steps (source.rs)
//! per file, the file first and then its steps:
//!     detection: kind id (str), variant (tag, str), score (u32), matched columns (strs)
//!     map: normalised captions (strs), duplicated captions (strs)
//!     bad rows (u64), diagnostics (JSON)
//! step facts: tag (u8) 0 when not worked out, else 1, a u64 count (at
//!     most one per file) and each (join::StepFacts)
//! per file, in the same order: its table (store::codec)
//! ```
//!
//! Every small part comes before the tables so that, once it is written,
//! the rest of the buffer is reserved in one go for the exact size of the
//! tables ([`Table::encoded_len`]): a table of a gigabyte is not copied by
//! a growing `Vec`, nor left with twice the memory it needs in a wasm
//! memory that never shrinks. Diagnostics are few (one per kind of problem
//! per file), so they go as JSON through their own serde, the one place
//! that names their codes.
//!
//! Decoding checks everything (see `store::codec` for the tables; here the
//! kind id must be one this build knows, the map must have one caption per
//! column, the JSON must read back) and answers a [`CodecError`] with the
//! byte offset: the bytes come from our own worker, but a bug there or a
//! transfer cut short must become an error the page shows, never a panic
//! in the worker that holds every other file, and never a wrong table.

use crate::columns::ColumnMap;
use crate::detect::{Detection, ReportKind};
use crate::diagnostic::Diagnostic;
use crate::ingest::LoadedFile;
use crate::join::{facts, StepFacts};
use crate::store::Table;
use crate::wire::{put_bytes, put_len, put_str, put_strs, put_u32, put_u64, put_u8, Reader};

use super::BuiltFile;

pub use crate::wire::{CodecError, CodecErrorKind};

/// The first bytes of every encoding.
const MAGIC: [u8; 8] = *b"MFALENS\x1a";
/// Raised whenever the layout changes: shards and the page come from one
/// build, but a page left open across an update must not misread a shard
/// of another.
const VERSION: u32 = 2;
/// A file and its steps: no reader nests deeper (`source.rs`).
const MAX_FILES: usize = 2;

impl BuiltFile {
    /// The file as bytes, for [`BuiltFile::decode`] in another worker.
    pub fn encode(&self) -> Vec<u8> {
        let files = chain(self.loaded.as_ref());
        let mut out = Vec::new();
        out.extend_from_slice(&MAGIC);
        put_u32(&mut out, VERSION);
        put_str(&mut out, &self.name);
        put_json(&mut out, &self.fatal);
        put_len(&mut out, files.len());
        for file in &files {
            put_meta(&mut out, file);
        }
        match &self.facts {
            None => put_u8(&mut out, 0),
            Some(all) => {
                put_u8(&mut out, 1);
                put_len(&mut out, all.len());
                for facts in all {
                    facts.encode_into(&mut out);
                }
            }
        }
        out.reserve_exact(files.iter().map(|f| f.table.encoded_len()).sum());
        for file in &files {
            file.table.encode_into(&mut out);
        }
        out
    }

    /// A file from what [`BuiltFile::encode`] wrote. Any bytes give a file
    /// or an error saying what was wrong and where; never a panic.
    pub fn decode(bytes: &[u8]) -> Result<BuiltFile, CodecError> {
        let mut r = Reader::new(bytes);
        if r.take(MAGIC.len(), "tag") != Ok(&MAGIC[..]) {
            return Err(CodecError::new(0, CodecErrorKind::NotEncoded));
        }
        let version_at = r.offset();
        let version = r.u32("version")?;
        if version != VERSION {
            return Err(CodecError::new(
                version_at,
                CodecErrorKind::Version {
                    found: version,
                    expected: VERSION,
                },
            ));
        }
        let name = r.str("file name")?.to_string();
        let fatal = read_json(&mut r, "fatal diagnostics")?;
        let count_at = r.offset();
        let count = r.count(1, "files")?;
        if count > MAX_FILES {
            return Err(CodecError::new(
                count_at,
                CodecErrorKind::TooDeep { depth: count },
            ));
        }
        let metas = (0..count)
            .map(|_| read_meta(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        let facts = read_facts(&mut r, count)?;
        let mut files = Vec::with_capacity(count);
        for meta in metas {
            let table = Table::decode_from(&mut r)?;
            files.push(meta.with(table)?);
        }
        r.finish()?;
        // The chain back into steps inside their file, the last first.
        let loaded = files.into_iter().rev().fold(None, |steps, mut file| {
            file.steps = steps.map(Box::new);
            Some(file)
        });
        Ok(BuiltFile {
            name,
            loaded,
            fatal,
            facts,
        })
    }
}

/// The step facts, if worked out: at most one per file.
fn read_facts(r: &mut Reader<'_>, files: usize) -> Result<Option<Vec<StepFacts>>, CodecError> {
    match r.u8("step facts tag")? {
        0 => return Ok(None),
        1 => {}
        tag => {
            return Err(r.error(CodecErrorKind::BadTag {
                what: "step facts tag",
                tag,
            }))
        }
    }
    let at = r.offset();
    let count = r.count(facts::MIN_ENCODED_LEN, "step facts")?;
    if count > files {
        return Err(CodecError::new(
            at,
            CodecErrorKind::WrongLength {
                what: "step facts",
                found: count as u64,
                expected: files as u64,
            },
        ));
    }
    (0..count)
        .map(|_| StepFacts::decode(r))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// A file and its steps, and theirs, in order.
fn chain(loaded: Option<&LoadedFile>) -> Vec<&LoadedFile> {
    std::iter::successors(loaded, |f| f.steps.as_deref()).collect()
}

fn put_json(out: &mut Vec<u8>, diagnostics: &[Diagnostic]) {
    // Serialising plain strings, numbers and enums into a Vec cannot fail;
    // were it ever to, the empty list decodes as an error-free file would.
    let json = serde_json::to_vec(diagnostics).unwrap_or_else(|_| b"[]".to_vec());
    put_bytes(out, &json);
}

fn read_json(r: &mut Reader<'_>, what: &'static str) -> Result<Vec<Diagnostic>, CodecError> {
    let at = r.offset();
    let json = r.bytes(what)?;
    serde_json::from_slice(json).map_err(|e| {
        CodecError::new(
            at,
            CodecErrorKind::Diagnostics {
                message: e.to_string(),
            },
        )
    })
}

/// Everything of a file but its table.
fn put_meta(out: &mut Vec<u8>, file: &LoadedFile) {
    let d = &file.detection;
    put_str(out, d.kind.id());
    match &d.variant {
        Some(v) => {
            put_u8(out, 1);
            put_str(out, v);
        }
        None => put_u8(out, 0),
    }
    put_u32(out, d.score);
    put_strs(out, &d.matched_columns);
    put_strs(out, file.map.normalized());
    put_strs(out, file.map.duplicates());
    put_u64(out, file.bad_rows);
    put_json(out, &file.diagnostics);
}

/// A file read up to its table.
struct Meta {
    detection: Detection,
    map: ColumnMap,
    map_at: u64,
    bad_rows: u64,
    diagnostics: Vec<Diagnostic>,
}

fn read_meta(r: &mut Reader<'_>) -> Result<Meta, CodecError> {
    let kind_at = r.offset();
    let id = r.str("report kind")?;
    let kind = ReportKind::ALL
        .into_iter()
        .find(|k| k.id() == id)
        .ok_or_else(|| {
            CodecError::new(kind_at, CodecErrorKind::UnknownKind { id: id.to_string() })
        })?;
    let variant_at = r.offset();
    let variant = match r.u8("variant")? {
        0 => None,
        1 => Some(r.str("variant")?.to_string()),
        tag => {
            return Err(CodecError::new(
                variant_at,
                CodecErrorKind::BadTag {
                    what: "variant",
                    tag,
                },
            ))
        }
    };
    let score = r.u32("score")?;
    let matched_columns = r.strings("matched columns")?;
    let map_at = r.offset();
    let normalized = r.strings("normalised captions")?;
    let duplicates = r.strings("duplicated captions")?;
    Ok(Meta {
        detection: Detection {
            kind,
            variant,
            score,
            matched_columns,
        },
        map: ColumnMap::from_parts(normalized, duplicates),
        map_at,
        bad_rows: r.u64("bad rows")?,
        diagnostics: read_json(r, "diagnostics")?,
    })
}

impl Meta {
    /// The file, once its table has been read: the map must describe that
    /// table (one caption per column, so every role points at a column).
    fn with(self, table: Table) -> Result<LoadedFile, CodecError> {
        if self.map.len() != table.column_count() {
            return Err(CodecError::new(
                self.map_at,
                CodecErrorKind::WrongLength {
                    what: "normalised captions",
                    found: self.map.len() as u64,
                    expected: table.column_count() as u64,
                },
            ));
        }
        Ok(LoadedFile {
            detection: self.detection,
            map: self.map,
            table,
            bad_rows: self.bad_rows,
            diagnostics: self.diagnostics,
            steps: None,
        })
    }
}

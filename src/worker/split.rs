//! Large files read in parts by several shards at once: the coordinator's
//! side of `mfa_lens_core::built::parts`.
//!
//! A file over [`SPLIT_MIN_BYTES`] dropped while two or more shards run is
//! first *planned* (its first MiB and a window at each cut target are read
//! here; the core finds the header line and a likely record start in each
//! window), then its parts go to the shards like files, each as a `Blob` of
//! the header line followed by the part's bytes, so a shard needs nothing
//! else to read one. The parts come back in any order; they are joined in
//! file order as soon as each one's turn comes (a part that arrives early
//! waits as the `ArrayBuffer` it came in, outside wasm memory), and the
//! joined file is adopted like any other. When the core refuses the parts
//! (a cut inside a quoted value, a problem a part reported on its own), the
//! file is read again whole: slower, never different.

use std::collections::{BTreeMap, HashMap, HashSet};

use js_sys::{Array, ArrayBuffer, Uint8Array};
use mfa_lens_core::built::parts::{Merge, Preamble};
use mfa_lens_core::built::BuiltFile;
use web_sys::Blob;

use super::loader::read_slice;
use super::shards::RemoteJob;
use crate::protocol::FileKey;

/// Files over this size are read in parts when two or more shards run:
/// below it, the time to plan the cuts and join the parts is no longer
/// small beside the reading it spreads, and a drop of several files keeps
/// the shards busy anyway.
pub const SPLIT_MIN_BYTES: u64 = 64 << 20;
/// At most this much of a file per part, however few shards there are: a
/// shard holds its part's table and, briefly, its encoding, and the
/// coordinator one part's beside the joined table.
const PART_MAX_BYTES: u64 = 256 << 20;
/// Where the header line is looked for.
const HEAD_BYTES: u64 = 1 << 20;
/// Read at each cut target to find a record start: hundreds of records of
/// the widest export.
const WINDOW_BYTES: u64 = 256 << 10;

pub fn worth_splitting(size: u64, shards: usize) -> bool {
    shards >= 2 && size > SPLIT_MIN_BYTES
}

fn part_count(size: u64, shards: usize) -> usize {
    shards.max(size.div_ceil(PART_MAX_BYTES) as usize)
}

/// Where the file is cut: its preamble and the byte ranges of its parts.
/// `None` when it cannot be read in parts (not plain UTF-8 CSV, no record
/// start found near the targets, or the browser could not read it: the
/// whole read then says why, on the file's line).
pub async fn plan(
    name: &str,
    size: u64,
    blob: &Blob,
    shards: usize,
) -> Option<(Preamble, Vec<(u64, u64)>)> {
    let mut buffer = Vec::new();
    read_slice(blob, 0, HEAD_BYTES.min(size), &mut buffer)
        .await
        .ok()?;
    let preamble = Preamble::find(name, &buffer)?;
    let mut cuts = Vec::new();
    for target in preamble.cut_targets(size, part_count(size, shards)) {
        let end = (target + WINDOW_BYTES).min(size);
        read_slice(blob, target, end, &mut buffer).await.ok()?;
        cuts.push(preamble.record_start(&buffer).map(|at| target + at as u64));
    }
    let ranges = preamble.part_ranges(size, cuts);
    (ranges.len() >= 2).then_some((preamble, ranges))
}

/// The jobs for the shards: part `i` is the preamble's bytes followed by
/// `ranges[i]`, as one `Blob` (the browser reads both from the file on disk).
pub fn part_jobs(
    key: FileKey,
    name: &str,
    blob: &Blob,
    preamble: &Preamble,
    ranges: &[(u64, u64)],
) -> Option<Vec<RemoteJob>> {
    let head = blob
        .slice_with_f64_and_f64(0.0, preamble.len() as f64)
        .ok()?;
    ranges
        .iter()
        .enumerate()
        .map(|(i, &(start, end))| {
            let body = blob.slice_with_f64_and_f64(start as f64, end as f64).ok()?;
            let part = Blob::new_with_blob_sequence(&Array::of2(&head, &body)).ok()?;
            Some(RemoteJob {
                key,
                part: Some(i as u32),
                name: name.to_string(),
                size: preamble.len() + (end - start),
                blob: part,
            })
        })
        .collect()
}

/// Every file being planned or read in parts.
#[derive(Default)]
pub struct Splits {
    planning: HashSet<FileKey>,
    reading: HashMap<FileKey, Parts>,
}

/// One file's parts on their way back.
struct Parts {
    merge: Merge,
    preamble_len: u64,
    count: u32,
    /// The part whose turn it is to be joined.
    next: u32,
    /// Parts that came before their turn.
    early: BTreeMap<u32, ArrayBuffer>,
    /// Bytes of its own (after the preamble) and rows read, per part.
    progress: Vec<(u64, u64)>,
}

/// What a part that arrived settled.
pub enum Arrived {
    /// More parts are to come.
    Waiting,
    /// The last part: the whole file.
    Joined(Box<BuiltFile>),
    /// The parts cannot stand for the file: read it again whole.
    ReadWhole,
}

impl Splits {
    pub fn start_planning(&mut self, key: FileKey) {
        self.planning.insert(key);
    }

    /// The plan for `key` is made; false when the file was removed meanwhile.
    pub fn planned(&mut self, key: FileKey) -> bool {
        self.planning.remove(&key)
    }

    pub fn start_reading(&mut self, key: FileKey, name: &str, preamble: Preamble, parts: usize) {
        let preamble_len = preamble.len();
        self.reading.insert(
            key,
            Parts {
                merge: Merge::new(name, preamble),
                preamble_len,
                count: parts as u32,
                next: 0,
                early: BTreeMap::new(),
                progress: vec![(0, 0); parts],
            },
        );
    }

    /// True while a file is planned or has parts out.
    pub fn is_busy(&self) -> bool {
        !self.planning.is_empty() || !self.reading.is_empty()
    }

    pub fn forget(&mut self, key: FileKey) {
        self.planning.remove(&key);
        self.reading.remove(&key);
    }

    pub fn clear(&mut self) {
        self.planning.clear();
        self.reading.clear();
    }

    /// A part's progress, as the whole file's: bytes read (the preamble
    /// once) and rows.
    pub fn progress(
        &mut self,
        key: FileKey,
        part: u32,
        bytes_read: u64,
        rows: u64,
    ) -> Option<(u64, u64)> {
        let parts = self.reading.get_mut(&key)?;
        let own = bytes_read.saturating_sub(parts.preamble_len);
        *parts.progress.get_mut(part as usize)? = (own, rows);
        let (bytes, rows) = parts
            .progress
            .iter()
            .fold((parts.preamble_len, 0), |(b, r), &(pb, pr)| {
                (b + pb, r + pr)
            });
        Some((bytes, rows))
    }

    /// Part `part` of `key` arrived as `buffer` (`BuiltFile::encode`'s bytes).
    pub fn arrived(&mut self, key: FileKey, part: u32, buffer: ArrayBuffer) -> Arrived {
        let Some(parts) = self.reading.get_mut(&key) else {
            return Arrived::Waiting;
        };
        parts.early.insert(part, buffer);
        match parts.join_in_turn() {
            Some(false) => Arrived::Waiting,
            Some(true) => match self.reading.remove(&key).map(|p| p.merge.finish()) {
                Some(Ok(file)) => Arrived::Joined(Box::new(file)),
                _ => Arrived::ReadWhole,
            },
            None => {
                self.reading.remove(&key);
                Arrived::ReadWhole
            }
        }
    }
}

impl Parts {
    /// Joins every part whose turn has come: `Some(true)` once all are
    /// joined, `None` when a part does not decode or cannot be joined.
    fn join_in_turn(&mut self) -> Option<bool> {
        while let Some(buffer) = self.early.remove(&self.next) {
            // Into wasm memory only now, and dropped after the join.
            let bytes = Uint8Array::new(&buffer).to_vec();
            let built = BuiltFile::decode(&bytes).ok()?;
            drop(bytes);
            self.merge.push(built).ok()?;
            self.next += 1;
        }
        Some(self.next == self.count)
    }
}

//! Reading queued files slice by slice into the workspace.
//!
//! One file at a time, in order of arrival, each in [`SLICE_BYTES`] slices read
//! with `Blob.arrayBuffer()`. Awaiting each slice hands control back to the
//! worker's event loop, which is how a Remove sent mid-file (the page's Cancel)
//! is seen: the loop checks, between slices, whether its file is still wanted.
//! A slice the browser cannot read ends the file with
//! `Workspace::finish_cut_short`: a diagnostic on its line, never a crash.
//!
//! Every file is finished with `Workspace::finish_deferred` (or adopted
//! deferred), and [`Loader::land`] settles them once nothing more is coming:
//! the join, the classification and the answer to what is shown are built
//! once, after the last file, instead of once per file over everything
//! loaded so far — fifteen portal files would otherwise classify the first
//! file's rows fifteen times. When shards keep sign-ins, settling is a
//! classification round (`shards::Shards::start_round`): the page hears of
//! the files once the shards have answered.

use std::collections::{HashMap, VecDeque};

use js_sys::Uint8Array;
use mfa_lens_core::built::BuiltFile;
use mfa_lens_core::{FileId, Workspace};
use wasm_bindgen_futures::JsFuture;

use super::shards::{RemoteJob, RoundEnd, Settled, Shards, SHARD_MAX_BYTES};
use super::split::{self, Arrived, Splits};
use super::{files_changed, post, SESSION};
use crate::protocol::{FileKey, FromWorker};

/// 4 MiB: large enough that the per-slice overhead (a promise, a copy into wasm
/// memory, a progress message) is noise, small enough that progress moves
/// smoothly and memory holds only one slice of the file at a time.
pub const SLICE_BYTES: u64 = 4 << 20;

#[derive(Clone)]
pub enum Source {
    /// A dropped file, or (in a shard) a part of one.
    Blob(web_sys::Blob),
    /// The embedded sample.
    Bytes(&'static [u8]),
}

struct Job {
    key: FileKey,
    name: String,
    size: u64,
    source: Source,
    /// The file's place when it was begun elsewhere and is read here after
    /// all (its parts could not be joined).
    begun: Option<FileId>,
}

#[derive(Default)]
pub struct Loader {
    pub workspace: Workspace,
    /// The page's key → the engine's id, for files begun.
    pub ids: HashMap<FileKey, FileId>,
    queue: VecDeque<Job>,
    /// The key of the file being read, if any.
    current: Option<FileKey>,
    /// Every file begun, in order, with where its bytes are: "Share" reads
    /// them again (a `File` is a handle; the bytes stay on disk).
    sources: Vec<(FileKey, String, u64, Source)>,
    running: bool,
    /// The shard workers that read dropped files, when the page started
    /// any; without them, and for the embedded sample and files over
    /// [`SHARD_MAX_BYTES`], files are read here.
    pub shards: Option<Shards>,
    /// Large files planned or read in parts by the shards.
    pub splits: Splits,
}

impl Loader {
    /// Queues a file; true when the caller must start the reading loop.
    ///
    /// With shards, a large file is read in parts by all of them (planned
    /// first, see `split`), any other file up to [`SHARD_MAX_BYTES`] by one
    /// of them; the embedded sample and files too large for one shard are
    /// read here.
    pub fn enqueue(&mut self, key: FileKey, name: String, size: u64, source: Source) -> bool {
        if let Some(shards) = &mut self.shards {
            // The facts may change: the files settle after this one.
            shards.abandon_round();
        }
        let shards = self.shards.as_ref().map_or(0, Shards::count);
        if let Source::Blob(blob) = &source {
            let in_parts = split::worth_splitting(size, shards);
            if in_parts || (shards > 0 && size <= SHARD_MAX_BYTES) {
                self.sources.push((key, name.clone(), size, source.clone()));
                let id = self.workspace.begin_remote(&name);
                self.ids.insert(key, id);
                if in_parts {
                    self.splits.start_planning(key);
                    wasm_bindgen_futures::spawn_local(read_in_parts(
                        key,
                        name,
                        size,
                        blob.clone(),
                        shards,
                    ));
                    return false;
                }
                return self.read_whole(key);
            }
        }
        self.queue.push_back(Job {
            key,
            name,
            size,
            source,
            begun: None,
        });
        !std::mem::replace(&mut self.running, true)
    }

    /// Reads `key`, begun elsewhere, whole: in a shard, or here when it is
    /// too large for one; true when the caller must start the reading loop.
    fn read_whole(&mut self, key: FileKey) -> bool {
        let (Some(id), Some((_, name, size, source))) = (
            self.ids.get(&key).copied(),
            self.sources.iter().find(|(k, ..)| *k == key).cloned(),
        ) else {
            return false;
        };
        if let (Some(shards), Source::Blob(blob), true) =
            (&mut self.shards, &source, size <= SHARD_MAX_BYTES)
        {
            shards.enqueue(RemoteJob {
                key,
                part: None,
                name,
                size,
                blob: blob.clone(),
            });
            return false;
        }
        self.workspace.read_here(id);
        self.queue.push_back(Job {
            key,
            name,
            size,
            source,
            begun: Some(id),
        });
        !std::mem::replace(&mut self.running, true)
    }

    /// Part `part` of `key` came back from a shard (`buffer`: its bytes).
    pub fn part_arrived(
        &mut self,
        key: FileKey,
        part: u32,
        buffer: Option<js_sys::ArrayBuffer>,
    ) -> Settled {
        let arrived = match buffer {
            Some(buffer) => self.splits.arrived(key, part, buffer),
            None => Arrived::ReadWhole,
        };
        match arrived {
            Arrived::Waiting => Settled::No,
            Arrived::Joined(built) => Settled::from(self.adopt(key, *built)),
            Arrived::ReadWhole => {
                // The other parts are no longer wanted.
                self.splits.forget(key);
                if let Some(shards) = &mut self.shards {
                    shards.forget(key);
                }
                if self.read_whole(key) {
                    Settled::ReadHere
                } else {
                    Settled::No
                }
            }
        }
    }

    /// Drops a file wherever it is: queued, being read, or loaded.
    pub fn forget(&mut self, key: FileKey) {
        self.queue.retain(|j| j.key != key);
        self.splits.forget(key);
        if let Some(shards) = &mut self.shards {
            shards.forget(key);
        }
        self.sources.retain(|(k, ..)| *k != key);
        if self.current == Some(key) {
            self.current = None;
        }
        if let Some(id) = self.ids.remove(&key) {
            self.workspace.remove(id);
        }
        // A classification round it abandoned leaves the others to settle.
        if !self.more_coming() {
            self.workspace.settle();
        }
    }

    pub fn clear(&mut self) {
        self.queue.clear();
        self.splits.clear();
        if let Some(shards) = &mut self.shards {
            shards.clear();
        }
        self.sources.clear();
        self.current = None;
        self.ids.clear();
        self.workspace.clear();
    }

    /// The files loaded and readable, in the order they were dropped, with
    /// their names and sizes.
    pub fn sources(&self) -> Vec<(String, u64, Source)> {
        self.sources
            .iter()
            .filter(|(key, ..)| {
                self.ids
                    .get(key)
                    .is_some_and(|id| !self.workspace.is_unreadable(*id))
            })
            .map(|(_, name, size, source)| (name.clone(), *size, source.clone()))
            .collect()
    }

    /// True while another file is still to be read, here or in a shard:
    /// a file that finishes now is settled with the last one.
    fn more_coming(&self) -> bool {
        !self.queue.is_empty()
            || self.current.is_some()
            || self.splits.is_busy()
            || self.shards.as_ref().is_some_and(Shards::is_busy)
    }

    /// Lets go of the shards once nothing is read or waiting; true when it
    /// did (the page ends them, see `FromWorker::ShardsReleased`).
    pub fn release_idle_shards(&mut self) -> bool {
        if self.more_coming() {
            return false;
        }
        self.shards.take().map(Shards::release).is_some()
    }

    /// Takes the file a shard read for `key` (the caller has checked it is
    /// still wanted); true when it was the last one out and everything is
    /// settled, so the page must hear of it.
    pub fn adopt(&mut self, key: FileKey, built: BuiltFile) -> bool {
        let Some(id) = self.ids.get(&key).copied() else {
            return false;
        };
        self.workspace.adopt(id, built, true);
        self.land().is_some()
    }

    /// Every file read so far is in: unless more are coming, settle them —
    /// by a classification round when shards keep sign-ins (answered in
    /// [`round_ended`](Self::round_ended)), else here. `None` while
    /// waiting (for files, or for the round); `Some(any)` once settled,
    /// `any` when a file was waiting to be.
    pub fn land(&mut self) -> Option<bool> {
        if self.more_coming() {
            return None;
        }
        if let Some(shards) = &mut self.shards {
            if shards.has_kept() && shards.start_round(&self.workspace.step_facts_bytes()) {
                return None;
            }
        }
        let any = self.workspace.settle();
        if any {
            crate::stats::note_classified_in_shards(0);
        }
        Some(any)
    }

    /// A classification round ended (or a shard answered); true when the
    /// files are settled and the page must hear of it.
    pub fn round_ended(&mut self, end: RoundEnd) -> bool {
        match end {
            RoundEnd::Waiting => false,
            RoundEnd::Done(classes, seen) => {
                let away = classes
                    .into_iter()
                    .filter_map(|(key, part, c)| Some((*self.ids.get(&key)?, part, c)))
                    .collect();
                let taken = self.workspace.settle_with(away, seen);
                crate::stats::note_classified_in_shards(taken.unwrap_or(0));
                true
            }
            RoundEnd::Failed => {
                self.workspace.settle();
                crate::stats::note_classified_in_shards(0);
                true
            }
        }
    }

    /// The name a file was dropped with.
    pub fn name_of(&self, key: FileKey) -> Option<String> {
        self.sources
            .iter()
            .find(|(k, ..)| *k == key)
            .map(|(_, name, ..)| name.clone())
    }

    fn still_wanted(&self, key: FileKey) -> bool {
        self.current == Some(key)
    }

    /// The browser could not read `key` past `read` of its `size` bytes.
    fn cut_short(&mut self, key: FileKey, read: u64, size: u64, cause: &str) {
        if !self.still_wanted(key) {
            return;
        }
        self.current = None;
        if let Some(id) = self.ids.get(&key).copied() {
            // Settled by `land`, with the others.
            self.workspace.finish_cut_short(id, read, size, cause, true);
        }
    }
}

/// Reads queued files until the queue is empty.
pub async fn run() {
    let mut buffer = Vec::new();
    loop {
        let next = SESSION.with(|s| {
            let l = &mut s.borrow_mut().loader;
            let job = l.queue.pop_front();
            match &job {
                Some(job) => {
                    if job.begun.is_none() {
                        l.sources
                            .push((job.key, job.name.clone(), job.size, job.source.clone()));
                        let id = l.workspace.begin_file(&job.name);
                        l.ids.insert(job.key, id);
                    }
                    l.current = Some(job.key);
                }
                None => l.running = false,
            }
            job
        });
        let Some(job) = next else {
            // Files finished while others were queued, whose followers were
            // then cancelled, are settled now.
            let settled = SESSION.with(|s| s.borrow_mut().loader.land());
            if settled == Some(true) {
                files_changed();
            }
            return;
        };
        read_one(job, &mut buffer).await;
        if SESSION.with(|s| s.borrow_mut().loader.land()).is_some() {
            files_changed();
        }
    }
}

/// Plans the parts of a large file, then hands them to the shards (or the
/// whole file, when it cannot be read in parts).
async fn read_in_parts(key: FileKey, name: String, size: u64, blob: web_sys::Blob, shards: usize) {
    let plan = split::plan(&name, size, &blob, shards).await;
    let start_loop = SESSION.with(|s| {
        let l = &mut s.borrow_mut().loader;
        if !l.splits.planned(key) {
            // Removed while it was planned.
            return false;
        }
        let jobs = plan
            .as_ref()
            .and_then(|(preamble, ranges)| split::part_jobs(key, &name, &blob, preamble, ranges));
        match (plan, jobs, &mut l.shards) {
            (Some((preamble, _)), Some(jobs), Some(shards)) => {
                l.splits.start_reading(key, &name, preamble, jobs.len());
                for job in jobs {
                    shards.enqueue(job);
                }
                false
            }
            _ => l.read_whole(key),
        }
    });
    if start_loop {
        wasm_bindgen_futures::spawn_local(run());
    }
}

async fn read_one(job: Job, buffer: &mut Vec<u8>) {
    let Job {
        key, size, source, ..
    } = job;
    let ended = read_slices(&source, size, buffer, |slice, bytes_read| {
        let rows = SESSION.with(|s| {
            let l = &mut s.borrow_mut().loader;
            if !l.still_wanted(key) {
                return None;
            }
            let id = *l.ids.get(&key)?;
            l.workspace.push(id, slice);
            Some((l.workspace.rows_loaded(id), l.workspace.is_unreadable(id)))
        });
        match rows {
            None => Next::Drop,
            Some((_, true)) => Next::Done,
            Some((rows, false)) => {
                post(&FromWorker::Progress {
                    key,
                    bytes_read,
                    rows,
                });
                Next::More
            }
        }
    })
    .await;
    match ended {
        Ended::Dropped => return,
        Ended::Failed { at, cause } => {
            // Bad input, not a bug: the file says so on its own line, and
            // what was read before keeps its place.
            SESSION.with(|s| s.borrow_mut().loader.cut_short(key, at, size, &cause));
            return;
        }
        Ended::Read => {}
    }
    SESSION.with(|s| {
        let l = &mut s.borrow_mut().loader;
        if l.still_wanted(key) {
            l.current = None;
            if let Some(id) = l.ids.get(&key).copied() {
                // Settled by `land`, with the others.
                l.workspace.finish_deferred(id);
            }
        }
    });
}

/// What to do after a slice was taken.
pub(super) enum Next {
    /// Read the next slice.
    More,
    /// Stop, and finish the file with what was read: it is not a table, and
    /// the rest of a 2 GB file need not be read to say so.
    Done,
    /// Stop: the file is no longer wanted.
    Drop,
}

/// How the reading of a file ended.
pub(super) enum Ended {
    /// To its end, or to [`Next::Done`].
    Read,
    /// At [`Next::Drop`].
    Dropped,
    /// The browser could not read the slice starting at `at`.
    Failed { at: u64, cause: String },
}

/// Reads `source` in [`SLICE_BYTES`] slices and hands each to `take`, with
/// the bytes read so far. The one reading loop of the worker, whether it
/// reads a file for its own workspace or, as a shard, for the coordinator.
pub(super) async fn read_slices(
    source: &Source,
    size: u64,
    buffer: &mut Vec<u8>,
    mut take: impl FnMut(&[u8], u64) -> Next,
) -> Ended {
    let mut offset = 0u64;
    while offset < size {
        let end = (offset + SLICE_BYTES).min(size);
        let slice: &[u8] = match source {
            Source::Bytes(bytes) => &bytes[offset as usize..end as usize],
            Source::Blob(blob) => match read_slice(blob, offset, end, buffer).await {
                Ok(()) => buffer,
                Err(cause) => return Ended::Failed { at: offset, cause },
            },
        };
        match take(slice, end) {
            Next::More => {}
            Next::Done => break,
            Next::Drop => return Ended::Dropped,
        }
        offset = end;
        if matches!(source, Source::Bytes(_)) {
            // Even the embedded sample yields, so the page can paint progress.
            yield_now().await;
        }
    }
    Ended::Read
}

pub(super) async fn read_slice(
    file: &web_sys::Blob,
    start: u64,
    end: u64,
    buffer: &mut Vec<u8>,
) -> Result<(), String> {
    let blob = file
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map_err(|_| "The browser could not cut a slice of the file.".to_string())?;
    let array = JsFuture::from(blob.array_buffer()).await.map_err(|_| {
        "The browser could no longer read this file: it was moved, deleted or changed on \
         disk after it was picked, or access to it was lost."
            .to_string()
    })?;
    let view = Uint8Array::new(&array);
    buffer.resize(view.length() as usize, 0);
    view.copy_to(buffer);
    Ok(())
}

/// Lets promises already settled run (a microtask); no message is handled.
pub(super) async fn yield_now() {
    let promise = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
    let _ = JsFuture::from(promise).await;
}

/// Lets the worker handle the messages waiting for it (a task, not a
/// microtask): a long job in steps stays answerable. A message to itself on
/// a `MessageChannel`, because `setTimeout` is clamped to 4 ms once nested.
pub(super) async fn yield_to_messages() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return yield_now().await;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        channel.port1().set_onmessage(Some(&resolve));
        let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
    });
    let _ = JsFuture::from(promise).await;
    // The channel is held to here, so neither port is collected early.
    channel.port1().set_onmessage(None);
}

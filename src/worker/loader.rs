//! Reading queued files slice by slice into the workspace.
//!
//! One file at a time, in order of arrival, each in [`SLICE_BYTES`] slices read
//! with `Blob.arrayBuffer()`. Awaiting each slice hands control back to the
//! worker's event loop, which is how a Remove sent mid-file (the page's Cancel)
//! is seen: the loop checks, between slices, whether its file is still wanted.
//! A slice the browser cannot read ends the file with
//! `Workspace::finish_cut_short`: a diagnostic on its line, never a crash.
//!
//! A file with others queued behind it is finished with
//! `Workspace::finish_deferred`: the join, the classification and the answer
//! to what is shown are built once, after the last queued file, instead of
//! once per file over everything loaded so far — fifteen portal files would
//! otherwise classify the first file's rows fifteen times.

use std::collections::{HashMap, VecDeque};

use js_sys::Uint8Array;
use mfa_lens_core::built::BuiltFile;
use mfa_lens_core::{FileId, Workspace};
use wasm_bindgen_futures::JsFuture;

use super::shards::{RemoteJob, Shards, SHARD_MAX_BYTES};
use super::{files_changed, post, SESSION};
use crate::protocol::{FileKey, FromWorker};

/// 4 MiB: large enough that the per-slice overhead (a promise, a copy into wasm
/// memory, a progress message) is noise, small enough that progress moves
/// smoothly and memory holds only one slice of the file at a time.
pub const SLICE_BYTES: u64 = 4 << 20;

#[derive(Clone)]
pub enum Source {
    File(web_sys::File),
    /// The embedded sample.
    Bytes(&'static [u8]),
}

struct Job {
    key: FileKey,
    name: String,
    size: u64,
    source: Source,
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
}

impl Loader {
    /// Queues a file; true when the caller must start the reading loop.
    pub fn enqueue(&mut self, key: FileKey, name: String, size: u64, source: Source) -> bool {
        if let (Some(shards), Source::File(file), true) =
            (&mut self.shards, &source, size <= SHARD_MAX_BYTES)
        {
            self.sources.push((key, name.clone(), size, source.clone()));
            let id = self.workspace.begin_remote(&name);
            self.ids.insert(key, id);
            shards.enqueue(RemoteJob {
                key,
                name,
                size,
                file: file.clone(),
            });
            return false;
        }
        self.queue.push_back(Job {
            key,
            name,
            size,
            source,
        });
        !std::mem::replace(&mut self.running, true)
    }

    /// Drops a file wherever it is: queued, being read, or loaded.
    pub fn forget(&mut self, key: FileKey) {
        self.queue.retain(|j| j.key != key);
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
    }

    pub fn clear(&mut self) {
        self.queue.clear();
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
        let deferred = self.more_coming();
        self.workspace.adopt(id, built, deferred);
        !deferred
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
            let deferred = self.more_coming();
            self.workspace
                .finish_cut_short(id, read, size, cause, deferred);
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
                    l.sources
                        .push((job.key, job.name.clone(), job.size, job.source.clone()));
                    let id = l.workspace.begin_file(&job.name);
                    l.ids.insert(job.key, id);
                    l.current = Some(job.key);
                }
                None => l.running = false,
            }
            job
        });
        let Some(job) = next else {
            // Files finished while others were queued, whose followers were
            // then cancelled, are settled now.
            let settled = SESSION.with(|s| {
                let l = &mut s.borrow_mut().loader;
                !l.more_coming() && l.workspace.settle()
            });
            if settled {
                files_changed();
            }
            return;
        };
        read_one(job, &mut buffer).await;
        if SESSION.with(|s| !s.borrow().loader.more_coming()) {
            files_changed();
        }
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
                if l.more_coming() {
                    l.workspace.finish_deferred(id);
                } else {
                    l.workspace.finish(id);
                }
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
            Source::File(file) => match read_slice(file, offset, end, buffer).await {
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
    file: &web_sys::File,
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

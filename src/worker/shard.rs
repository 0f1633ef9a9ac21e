//! The worker as a shard: it reads the files (or parts of a large file) the
//! coordinator hands it, one at a time, each to its end with the core's
//! `FileBuilder`, and sends back what it built as bytes (`BuiltFile::encode`).
//!
//! Reading a file needs no other file, so it is the part of a load that
//! spreads over cores: the coordinator keeps the one workspace. Of a
//! sign-in file, a shard keeps what its classification needs
//! (`KeptSignIns`: the first half of the classification and the Request
//! IDs, about 45 bytes a row); once every file is read, the coordinator
//! sends every file's step facts (`ToShard::Classify`) and the shard
//! classifies what it kept (`classify_away`). So the join's lookups run on
//! every core, and what crosses for them is Request IDs and step facts,
//! never a row. Its own wasm memory only has to hold the largest file it
//! reads (and its encoding, briefly), and what it keeps.
//!
//! A shard is the same worker binary as the coordinator, told what it is by
//! the page (`ToWorker::BecomeShard`, with the `MessagePort` to the
//! coordinator): no second module to build, cache or inline.

use std::cell::RefCell;
use std::collections::VecDeque;

use js_sys::{Array, Uint8Array};
use mfa_lens_core::built::{BuiltFile, FileBuilder};
use mfa_lens_core::join::{classify_away, encode_answer, KeptSignIns, StepFacts};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, MessagePort};

use super::loader::{read_slices, Ended, Next, Source};
use crate::protocol::{self, FileKey, FromShard, ToShard};

struct Job {
    key: FileKey,
    /// Which part of the file, or `None` for all of it.
    part: Option<u32>,
    name: String,
    size: u64,
    source: Source,
}

#[derive(Default)]
struct Shard {
    port: Option<MessagePort>,
    queue: VecDeque<Job>,
    /// The file being read; `None` once it was cancelled.
    current: Option<FileKey>,
    running: bool,
    /// The sign-in files (or parts) read here, kept for `Classify`.
    kept: Vec<(FileKey, Option<u32>, KeptSignIns)>,
}

thread_local! {
    static SHARD: RefCell<Shard> = RefCell::new(Shard::default());
}

/// From now on this worker answers the coordinator at the end of `port`.
pub fn become_shard(port: MessagePort) {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(handle_message);
    // Setting the handler starts the port: messages the coordinator sent
    // before this worker's wasm ran have waited in it.
    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    SHARD.with(|s| s.borrow_mut().port = Some(port));
}

fn handle_message(event: MessageEvent) {
    let Some((data, Ok(message))) = protocol::opened::<ToShard>(&event) else {
        return;
    };
    match message {
        ToShard::Read {
            key,
            part,
            name,
            size,
        } => {
            let Ok(blob) = data.get(1).dyn_into::<web_sys::Blob>() else {
                return;
            };
            let start = SHARD.with(|s| {
                let s = &mut *s.borrow_mut();
                s.queue.push_back(Job {
                    key,
                    part,
                    name,
                    size,
                    source: Source::Blob(blob),
                });
                !std::mem::replace(&mut s.running, true)
            });
            if start {
                wasm_bindgen_futures::spawn_local(run());
            }
        }
        ToShard::Cancel { key } => SHARD.with(|s| {
            let s = &mut *s.borrow_mut();
            s.queue.retain(|j| j.key != key);
            s.kept.retain(|(k, ..)| *k != key);
            if s.current == Some(key) {
                s.current = None;
            }
        }),
        ToShard::Classify { round, files } => {
            let facts = data
                .get(1)
                .dyn_into::<js_sys::ArrayBuffer>()
                .map(|b| Uint8Array::new(&b).to_vec())
                .unwrap_or_default();
            match classify(&files, &facts) {
                Some(answer) => {
                    let bytes = Uint8Array::from(answer.as_slice());
                    post(&FromShard::Classified { round }, Some(bytes.buffer()));
                }
                None => post(&FromShard::ClassifyFailed { round }, None),
            }
        }
    }
}

/// The second half of the classification of `files`, kept here, against
/// every file's step facts; `None` when one of them is not kept here or the
/// facts do not decode (the coordinator then classifies them itself).
fn classify(files: &[(FileKey, Option<u32>)], facts: &[u8]) -> Option<Vec<u8>> {
    let facts = StepFacts::decode_all(facts).ok()?;
    SHARD.with(|s| {
        let s = s.borrow();
        let kept = files
            .iter()
            .map(|want| {
                s.kept
                    .iter()
                    .find(|(key, part, _)| (*key, *part) == *want)
                    .map(|(.., k)| k)
            })
            .collect::<Option<Vec<_>>>()?;
        let (classes, seen) = classify_away(&facts, &kept);
        Some(encode_answer(&classes, &seen))
    })
}

async fn run() {
    let mut buffer = Vec::new();
    loop {
        let next = SHARD.with(|s| {
            let s = &mut *s.borrow_mut();
            let job = s.queue.pop_front();
            s.current = job.as_ref().map(|j| j.key);
            s.running = job.is_some();
            job
        });
        let Some(job) = next else {
            return;
        };
        if let Some(built) = read(&job, &mut buffer).await {
            // The join's share of an auth-details file, worked out here
            // rather than in the coordinator.
            let built = built.with_step_facts();
            let sign_ins = built
                .loaded
                .as_ref()
                .is_some_and(|f| f.detection.kind.is_sign_ins());
            send_built(job.key, job.part, &built, sign_ins);
            // After the send, so the coordinator decodes the file while
            // this shard works out the first half of its classification.
            // (`KeptSignIns::of` keeps exactly the files `sign_ins` says.)
            if let Some(kept) = built.loaded.as_ref().and_then(KeptSignIns::of) {
                SHARD.with(|s| s.borrow_mut().kept.push((job.key, job.part, kept)));
            }
        }
    }
}

fn still_wanted(key: FileKey) -> bool {
    SHARD.with(|s| s.borrow().current == Some(key))
}

/// Reads `job`'s file to its end; `None` when it was cancelled meanwhile.
async fn read(job: &Job, buffer: &mut Vec<u8>) -> Option<BuiltFile> {
    let mut builder = match job.part {
        Some(_) => FileBuilder::part(&job.name),
        None => FileBuilder::new(&job.name),
    };
    let ended = read_slices(&job.source, job.size, buffer, |slice, bytes_read| {
        if !still_wanted(job.key) {
            return Next::Drop;
        }
        builder.push(slice);
        if builder.is_unreadable() {
            return Next::Done;
        }
        post(
            &FromShard::Progress {
                key: job.key,
                part: job.part,
                bytes_read,
                rows: builder.rows_so_far(),
            },
            None,
        );
        Next::More
    })
    .await;
    match ended {
        Ended::Read => Some(builder.finish()),
        Ended::Dropped => None,
        // Bad input, not a bug: the file says so on its own line, and the
        // rows read before keep their place.
        Ended::Failed { at, cause } => {
            still_wanted(job.key).then(|| builder.finish_cut_short(at, job.size, &cause))
        }
    }
}

fn send_built(key: FileKey, part: Option<u32>, built: &BuiltFile, kept: bool) {
    // Copied out of wasm memory once, into a buffer the coordinator then
    // owns (transferred, not copied again).
    let bytes = Uint8Array::from(built.encode().as_slice());
    post(&FromShard::Built { key, part, kept }, Some(bytes.buffer()));
}

fn post(message: &FromShard, buffer: Option<js_sys::ArrayBuffer>) {
    SHARD.with(|s| {
        let Some(port) = &s.borrow().port else {
            return;
        };
        let array = protocol::envelope(message);
        let result = match buffer {
            Some(buffer) => {
                array.push(&buffer);
                port.post_message_with_transferable(&array, &Array::of1(&buffer))
            }
            None => port.post_message(&array),
        };
        // Posting fails only if the coordinator is gone, with the page.
        let _ = result;
    });
}

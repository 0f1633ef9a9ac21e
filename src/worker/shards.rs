//! The coordinator's side of the shards: which dropped file (or part of a
//! large one, see `split`) each shard reads.
//!
//! Each shard reads one file at a time; a shard that finishes gets the
//! largest file still waiting (largest first keeps a big file from starting
//! last and leaving the other shards idle at the end). The files already have
//! their places in the workspace (`Workspace::begin_remote`, in the order they
//! were dropped), so which shard reads what, and in which order they finish,
//! changes nothing in any answer.

use js_sys::Uint8Array;
use mfa_lens_core::built::BuiltFile;
use mfa_lens_core::{Diagnostic, DiagnosticCode, Severity};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, MessagePort};

use super::{files_changed, post, SESSION};
use crate::protocol::{self, FileKey, FromShard, FromWorker, ToShard};

/// Files larger than this are read by the worker itself, beside the shards.
///
/// A shard holds the table it builds and, for a moment, its encoding (about
/// the table's size again); the worker then holds the bytes beside the table
/// it decodes. For a real export the table is a fifth to a quarter of the
/// file, but a file whose every value differs takes 1.1× its size, and the
/// page's 2.5 GB of tables (`size_limit`) plus the bytes of a file that large
/// could pass the 4 GiB a wasm memory can hold. Under this size the bytes
/// add at most about 0.6 GB; the portal's downloads, 100,000 rows a file,
/// are a fifth of it.
pub const SHARD_MAX_BYTES: u64 = 512 << 20;

/// A dropped file, or a part of a large one, waiting for a shard.
pub struct RemoteJob {
    pub key: FileKey,
    /// Which part (`split`), or `None` for the whole file.
    pub part: Option<u32>,
    pub name: String,
    pub size: u64,
    pub blob: web_sys::Blob,
}

struct Port {
    port: MessagePort,
    /// The file (or part) this shard is reading.
    busy: Option<(FileKey, Option<u32>)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

pub struct Shards {
    ports: Vec<Port>,
    waiting: Vec<RemoteJob>,
}

impl Shards {
    /// Listens to every shard at the end of `ports`.
    pub fn new(ports: Vec<MessagePort>) -> Self {
        let ports = ports
            .into_iter()
            .enumerate()
            .map(|(index, port)| {
                let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                    handle_message(index, e)
                });
                port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                Port {
                    port,
                    busy: None,
                    _on_message: on_message,
                }
            })
            .collect();
        Shards {
            ports,
            waiting: Vec::new(),
        }
    }

    pub fn enqueue(&mut self, job: RemoteJob) {
        self.waiting.push(job);
        self.dispatch();
    }

    /// How many shards there are.
    pub fn count(&self) -> usize {
        self.ports.len()
    }

    /// True while a file is waiting for or being read by a shard.
    pub fn is_busy(&self) -> bool {
        !self.waiting.is_empty() || self.ports.iter().any(|p| p.busy.is_some())
    }

    /// Forgets `key` (every part of it), waiting or being read (its shards
    /// are told to stop).
    pub fn forget(&mut self, key: FileKey) {
        self.waiting.retain(|j| j.key != key);
        for p in &mut self.ports {
            if p.busy.is_some_and(|(busy, _)| busy == key) {
                send(&p.port, &ToShard::Cancel { key }, None);
                p.busy = None;
            }
        }
        self.dispatch();
    }

    /// Stops listening to the shards: the page is told to end them.
    pub fn release(self) {
        for p in &self.ports {
            // Nothing they might still send calls a handler dropped here.
            p.port.set_onmessage(None);
            p.port.close();
        }
    }

    pub fn clear(&mut self) {
        self.waiting.clear();
        let busy: Vec<FileKey> = self
            .ports
            .iter()
            .filter_map(|p| p.busy)
            .map(|(k, _)| k)
            .collect();
        for key in busy {
            self.forget(key);
        }
    }

    /// `shard` has sent `key` (or its `part`): true when it was still
    /// wanted from it.
    fn done(&mut self, shard: usize, key: FileKey, part: Option<u32>) -> bool {
        let Some(p) = self.ports.get_mut(shard) else {
            return false;
        };
        if p.busy != Some((key, part)) {
            return false;
        }
        p.busy = None;
        self.dispatch();
        true
    }

    /// Gives every idle shard the largest waiting file (or part).
    fn dispatch(&mut self) {
        while let Some(port) = self.ports.iter_mut().find(|p| p.busy.is_none()) {
            let Some(largest) = (0..self.waiting.len()).max_by_key(|&i| self.waiting[i].size)
            else {
                return;
            };
            let job = self.waiting.remove(largest);
            let read = ToShard::Read {
                key: job.key,
                part: job.part,
                name: job.name,
                size: job.size,
            };
            send(&port.port, &read, Some(&job.blob));
            port.busy = Some((job.key, job.part));
        }
    }
}

fn send(port: &MessagePort, message: &ToShard, file: Option<&web_sys::Blob>) {
    let array = protocol::envelope(message);
    if let Some(file) = file {
        array.push(file);
    }
    // Fails only if the shard is gone, which the page reports as a crash.
    let _ = port.post_message(&array);
}

fn handle_message(shard: usize, event: MessageEvent) {
    let Some((data, Ok(message))) = protocol::opened::<FromShard>(&event) else {
        return;
    };
    match message {
        FromShard::Progress {
            key,
            part,
            bytes_read,
            rows,
        } => {
            let whole = SESSION.with(|s| {
                let loader = &mut s.borrow_mut().loader;
                match part {
                    Some(part) => loader.splits.progress(key, part, bytes_read, rows),
                    None => loader.ids.contains_key(&key).then_some((bytes_read, rows)),
                }
            });
            if let Some((bytes_read, rows)) = whole {
                post(&FromWorker::Progress {
                    key,
                    bytes_read,
                    rows,
                });
            }
        }
        FromShard::Built { key, part } => {
            let buffer = data.get(1).dyn_into::<js_sys::ArrayBuffer>().ok();
            let settled = SESSION.with(|s| {
                let loader = &mut s.borrow_mut().loader;
                let wanted = loader
                    .shards
                    .as_mut()
                    .is_some_and(|p| p.done(shard, key, part));
                if !wanted {
                    return Settled::No;
                }
                match part {
                    None => {
                        let bytes = buffer
                            .map(|b| Uint8Array::new(&b).to_vec())
                            .unwrap_or_default();
                        let built = built_from(key, &bytes, loader);
                        drop(bytes);
                        Settled::from(loader.adopt(key, built))
                    }
                    Some(part) => loader.part_arrived(key, part, buffer),
                }
            });
            match settled {
                Settled::No => {}
                Settled::Yes => files_changed(),
                Settled::ReadHere => wasm_bindgen_futures::spawn_local(super::loader::run()),
            }
        }
    }
}

/// What a file (or part) that arrived settled.
pub enum Settled {
    /// Nothing the page must hear of yet.
    No,
    /// Every file is in: the page must hear of it.
    Yes,
    /// A file must be read again here: the loader's loop must start.
    ReadHere,
}

impl From<bool> for Settled {
    fn from(settled: bool) -> Self {
        if settled {
            Settled::Yes
        } else {
            Settled::No
        }
    }
}

/// The file a shard sent, or an error on the file's line if its bytes do
/// not decode (a bug, or a transfer cut short): never a panic, and never a
/// wrong table.
fn built_from(key: FileKey, bytes: &[u8], loader: &super::loader::Loader) -> BuiltFile {
    BuiltFile::decode(bytes).unwrap_or_else(|e| {
        let name = loader.name_of(key).unwrap_or_default();
        BuiltFile {
            fatal: vec![Diagnostic::new(
                name.clone(),
                None,
                Severity::Error,
                DiagnosticCode::ReadFailed,
                format!(
                    "This file was read in a helper worker, but what it sent back could not \
                     be taken in ({e}), so nothing from it is used. Add the file again."
                ),
            )],
            name,
            loaded: None,
        }
    })
}

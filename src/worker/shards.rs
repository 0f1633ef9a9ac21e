//! The coordinator's side of the shards: which dropped file (or part of a
//! large one, see `split`) each shard reads.
//!
//! Each shard reads one file at a time; a shard that finishes gets the
//! largest file still waiting (largest first keeps a big file from starting
//! last and leaving the other shards idle at the end). The files already have
//! their places in the workspace (`Workspace::begin_remote`, in the order they
//! were dropped), so which shard reads what, and in which order they finish,
//! changes nothing in any answer.
//!
//! Once every file is read, the shards that keep sign-ins are sent every
//! file's step facts and classify them ([`Shards::start_round`]); the round
//! ends when all have answered ([`RoundEnd`]). Anything that changes the
//! files meanwhile abandons it, and a shard that cannot answer makes the
//! coordinator classify every file itself: a round can only save time,
//! never change an answer.

use js_sys::Uint8Array;
use mfa_lens_core::built::BuiltFile;
use mfa_lens_core::join::{decode_answer, ClassesAway, JoinSeen};
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
    /// The sign-in files (or parts) each shard keeps for the
    /// classification round: (shard, key, part), in the order they came.
    kept: Vec<(usize, FileKey, Option<u32>)>,
    /// The classification round under way, if any.
    round: Option<Round>,
    /// Rounds started, so a late answer to an abandoned one is known.
    rounds: u32,
}

/// A classification round: what each shard was asked, and its answer.
struct Round {
    id: u32,
    asked: Vec<Asked>,
}

struct Asked {
    shard: usize,
    files: Vec<(FileKey, Option<u32>)>,
    /// `encode_answer`'s bytes, once they came.
    answer: Option<Vec<u8>>,
}

/// How a shard's answer to a round left it.
pub enum RoundEnd {
    /// Other shards have yet to answer (or the answer was to another round).
    Waiting,
    /// Every shard answered: each file's (or part's) classes, and what the
    /// shards saw of the join, pooled.
    Done(Vec<(FileKey, Option<u32>, ClassesAway)>, JoinSeen),
    /// A shard could not answer, or its answer did not decode: the
    /// coordinator classifies every file itself.
    Failed,
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
            kept: Vec::new(),
            round: None,
            rounds: 0,
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

    /// True while a file is waiting for or being read by a shard, or the
    /// shards are classifying.
    pub fn is_busy(&self) -> bool {
        !self.waiting.is_empty()
            || self.ports.iter().any(|p| p.busy.is_some())
            || self.round.is_some()
    }

    /// Forgets `key` (every part of it), waiting, being read or kept (its
    /// shards are told to stop and drop it). A classification round under
    /// way is abandoned: the caller settles here.
    pub fn forget(&mut self, key: FileKey) {
        self.waiting.retain(|j| j.key != key);
        self.round = None;
        for (i, p) in self.ports.iter_mut().enumerate() {
            let reading = p.busy.is_some_and(|(busy, _)| busy == key);
            let keeping = self.kept.iter().any(|&(s, k, _)| s == i && k == key);
            if reading || keeping {
                send(&p.port, &ToShard::Cancel { key }, None);
            }
            if reading {
                p.busy = None;
            }
        }
        self.kept.retain(|&(_, k, _)| k != key);
        self.dispatch();
    }

    /// True when a shard keeps sign-ins for a classification round.
    pub fn has_kept(&self) -> bool {
        !self.kept.is_empty()
    }

    /// More files arrived: a round under way is abandoned (its answers
    /// will be ignored); another starts once they are read.
    pub fn abandon_round(&mut self) {
        self.round = None;
    }

    /// Asks every shard that keeps sign-ins to classify them against
    /// `facts` (`Workspace::step_facts_bytes`); false when none keeps any.
    pub fn start_round(&mut self, facts: &[u8]) -> bool {
        if self.kept.is_empty() {
            return false;
        }
        self.rounds = self.rounds.wrapping_add(1);
        let id = self.rounds;
        let mut asked: Vec<Asked> = Vec::new();
        for &(shard, key, part) in &self.kept {
            match asked.iter_mut().find(|a| a.shard == shard) {
                Some(a) => a.files.push((key, part)),
                None => asked.push(Asked {
                    shard,
                    files: vec![(key, part)],
                    answer: None,
                }),
            }
        }
        // (Every keeping shard has a port; were one missing, its files would
        // be classified here rather than waited for.)
        asked.retain(|a| a.shard < self.ports.len());
        if asked.is_empty() {
            return false;
        }
        for a in &asked {
            let Some(port) = self.ports.get(a.shard) else {
                continue;
            };
            // A copy for each shard, transferred to it.
            let bytes = Uint8Array::from(facts);
            let message = ToShard::Classify {
                round: id,
                files: a.files.clone(),
            };
            send_transferring(&port.port, &message, &bytes.buffer());
        }
        self.round = Some(Round { id, asked });
        true
    }

    /// `shard`'s answer to round `round`: its bytes, or `None` when it
    /// could not classify.
    fn answered(&mut self, shard: usize, round: u32, answer: Option<Vec<u8>>) -> RoundEnd {
        let Some(r) = self.round.as_mut().filter(|r| r.id == round) else {
            return RoundEnd::Waiting;
        };
        let Some(asked) = r.asked.iter_mut().find(|a| a.shard == shard) else {
            return RoundEnd::Waiting;
        };
        let Some(answer) = answer else {
            self.round = None;
            return RoundEnd::Failed;
        };
        asked.answer = Some(answer);
        if r.asked.iter().any(|a| a.answer.is_none()) {
            return RoundEnd::Waiting;
        }
        let Some(r) = self.round.take() else {
            return RoundEnd::Failed;
        };
        let mut classes = Vec::new();
        let mut seen = JoinSeen::default();
        for a in r.asked {
            let Ok((answers, shard_seen)) = decode_answer(a.answer.as_deref().unwrap_or_default())
            else {
                return RoundEnd::Failed;
            };
            if answers.len() != a.files.len() {
                return RoundEnd::Failed;
            }
            seen.pool(&shard_seen);
            classes.extend(
                a.files
                    .into_iter()
                    .zip(answers)
                    .map(|((key, part), c)| (key, part, c)),
            );
        }
        RoundEnd::Done(classes, seen)
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
        let mut keys: Vec<FileKey> = self
            .ports
            .iter()
            .filter_map(|p| p.busy)
            .map(|(k, _)| k)
            .chain(self.kept.iter().map(|&(_, k, _)| k))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            self.forget(key);
        }
        self.round = None;
    }

    /// `shard` has sent `key` (or its `part`), and keeps its sign-ins if
    /// `kept`: true when it was still wanted from it.
    fn done(&mut self, shard: usize, key: FileKey, part: Option<u32>, kept: bool) -> bool {
        let Some(p) = self.ports.get_mut(shard) else {
            return false;
        };
        if p.busy != Some((key, part)) {
            return false;
        }
        p.busy = None;
        if kept {
            self.kept.push((shard, key, part));
        }
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

fn send_transferring(port: &MessagePort, message: &ToShard, buffer: &js_sys::ArrayBuffer) {
    let array = protocol::envelope(message);
    array.push(buffer);
    // As `send`: fails only if the shard is gone.
    let _ = port.post_message_with_transferable(&array, &js_sys::Array::of1(buffer));
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
        FromShard::Built { key, part, kept } => {
            let buffer = data.get(1).dyn_into::<js_sys::ArrayBuffer>().ok();
            let settled = SESSION.with(|s| {
                let loader = &mut s.borrow_mut().loader;
                let wanted = loader
                    .shards
                    .as_mut()
                    .is_some_and(|p| p.done(shard, key, part, kept));
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
        FromShard::Classified { round } => {
            let answer = data
                .get(1)
                .dyn_into::<js_sys::ArrayBuffer>()
                .ok()
                .map(|b| Uint8Array::new(&b).to_vec());
            round_answered(shard, round, Some(answer.unwrap_or_default()));
        }
        FromShard::ClassifyFailed { round } => round_answered(shard, round, None),
    }
}

/// A shard answered a classification round; once all have, the files are
/// settled with the classes they sent.
fn round_answered(shard: usize, round: u32, answer: Option<Vec<u8>>) {
    let settled = SESSION.with(|s| {
        let loader = &mut s.borrow_mut().loader;
        let end = match &mut loader.shards {
            Some(shards) => shards.answered(shard, round, answer),
            None => RoundEnd::Waiting,
        };
        loader.round_ended(end)
    });
    if settled {
        files_changed();
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
        let fatal = Diagnostic::new(
            name.clone(),
            None,
            Severity::Error,
            DiagnosticCode::ReadFailed,
            format!(
                "This file was read in a helper worker, but what it sent back could not \
                 be taken in ({e}), so nothing from it is used. Add the file again."
            ),
        );
        BuiltFile::new(name, None, vec![fatal])
    })
}

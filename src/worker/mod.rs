//! The Web Worker that owns the data: every row of every file lives here, in the
//! core's `Workspace`, never on the UI thread. The page sends files (as handles)
//! and what the person looks at; the worker reads each file in slices, feeds
//! the engine, reports progress, and keeps the answer to what is shown current
//! (see `protocol` for the conversation, `answers` for the cache).
//!
//! Only built into the `mfa-lens-worker` binary (see `src/bin/`); the page's own
//! binary never calls [`start`], so the linker drops all of this — and with it
//! the knowledge base and the engine's analyses — from the page.

mod answers;
mod compute;
mod export;
mod files;
mod loader;
mod shard;
mod shards;
mod share;
mod split;

use std::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{self, FromWorker, KqlAsk, ToWorker};
use answers::Answers;
/// The answer to what is shown, as the worker computes it (for tests that
/// draw a view with a real answer).
pub use compute::answer;
use loader::{Loader, Source};
use mfa_lens_core::kql;

/// Everything the worker holds: the files and the answer to what is shown.
#[derive(Default)]
struct Session {
    loader: Loader,
    answers: Answers,
    /// The last `Files` sent, for the answers' view of what is offered.
    files: protocol::Files,
}

thread_local! {
    static SESSION: RefCell<Session> = RefCell::new(Session::default());
}

/// Installs the message handler and tells the page the worker is ready.
pub fn start() {
    // A panic kills the worker's wasm; tell the page first, so it can say so
    // instead of waiting forever for an answer.
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        gloo::console::error!(message.as_str());
        post(&FromWorker::Crashed { message });
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(handle_message);
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&FromWorker::Ready);
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

pub(crate) fn post(message: &FromWorker) {
    let array = protocol::envelope(message);
    // Posting to our own page can only fail if the page is gone.
    let _ = scope().post_message(&array);
}

/// `message` with a file beside it: the page saves the Blob, and the bytes
/// never pass through the JSON of the protocol.
pub(crate) fn post_with_blob(message: &FromWorker, blob: &web_sys::Blob) {
    let array = protocol::envelope(message);
    array.push(blob);
    let _ = scope().post_message(&array);
}

/// `bytes` as a Blob of type `mime`, out of wasm memory.
pub(crate) fn blob_of(bytes: &[u8], mime: &str) -> Option<web_sys::Blob> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let parts = Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()
}

fn handle_message(event: MessageEvent) {
    let data: Array = match event.data().dyn_into() {
        Ok(array) => array,
        Err(_) => return post_failure("a message without the expected shape"),
    };
    let Some(text) = data.get(0).as_string() else {
        return post_failure("a message without text");
    };
    let message = match protocol::decode::<ToWorker>(&text) {
        Ok(message) => message,
        Err(e) => return post_failure(&e),
    };
    match message {
        ToWorker::Load { key, name, size } => match data.get(1).dyn_into::<web_sys::File>() {
            Ok(file) => enqueue(key, name, size, Source::Blob(file.into())),
            Err(_) => post_failure("a Load message without its file"),
        },
        ToWorker::LoadSample { first_key } => {
            for (offset, (name, bytes)) in crate::sample::files().into_iter().enumerate() {
                let key = first_key + offset as u32;
                let size = bytes.len() as u64;
                post(&FromWorker::Started {
                    key,
                    name: name.to_string(),
                    size,
                });
                enqueue(key, name.to_string(), size, Source::Bytes(bytes));
            }
        }
        ToWorker::Remove { key } => {
            SESSION.with(|s| s.borrow_mut().loader.forget(key));
            files_changed();
        }
        ToWorker::Clear => {
            SESSION.with(|s| s.borrow_mut().loader.clear());
            files_changed();
        }
        ToWorker::Show {
            seq,
            shown,
            settings,
        } => {
            let answer = SESSION.with(|s| {
                let s = &mut *s.borrow_mut();
                s.answers
                    .show(&s.loader.workspace, &s.files, seq, shown, settings)
            });
            post(&FromWorker::Answer(Box::new(answer)));
        }
        ToWorker::Share { ask, key } => wasm_bindgen_futures::spawn_local(share::run(ask, key)),
        ToWorker::Export { seq } => wasm_bindgen_futures::spawn_local(export::run(seq)),
        ToWorker::DownloadSummary => {
            let json = SESSION.with(|s| {
                let s = &mut *s.borrow_mut();
                s.answers.summary_json(&s.loader.workspace)
            });
            match blob_of(json.as_bytes(), "application/json") {
                Some(blob) => {
                    let file_name = "mfa-lens-summary.json".to_string();
                    post_with_blob(&FromWorker::Download { file_name }, &blob)
                }
                None => post_failure("the browser could not hold the summary"),
            }
        }
        ToWorker::TestPanic => panic!("test panic in the worker, asked for by the page's URL"),
        ToWorker::Shards { count } => {
            let ports: Vec<web_sys::MessagePort> = (1..=count)
                .filter_map(|i| data.get(i).dyn_into().ok())
                .collect();
            if !ports.is_empty() {
                let shards = shards::Shards::new(ports);
                // The page starts shards only when it has none, and it has
                // none only once these were released: any left are idle.
                let old = SESSION.with(|s| s.borrow_mut().loader.shards.replace(shards));
                if let Some(old) = old {
                    old.release();
                }
            }
        }
        ToWorker::BecomeShard => match data.get(1).dyn_into::<web_sys::MessagePort>() {
            Ok(port) => shard::become_shard(port),
            Err(_) => post_failure("a BecomeShard message without its port"),
        },
        follow_up => {
            if let Some(reply) = SESSION.with(|s| answer_follow_up(&s.borrow(), follow_up)) {
                post(&reply);
            }
        }
    }
}

/// A question about the answer on screen; none when that answer is no longer
/// shown (the page has moved on and would drop the reply).
fn answer_follow_up(s: &Session, message: ToWorker) -> Option<FromWorker> {
    let ws = &s.loader.workspace;
    match message {
        // The grid on screen: the Rows view's, or the Users view's.
        ToWorker::Window { seq, offset, limit } => {
            let window = match s.answers.rows_of(seq) {
                Some(rows) => answers::window(ws, rows, offset, limit),
                None => answers::users_window(s.answers.users_of(seq)?, offset, limit),
            };
            Some(FromWorker::Window {
                seq,
                offset,
                rows: window.rows,
                times: window.times,
            })
        }
        ToWorker::Detail { seq, index } => {
            let rows = s.answers.rows_of(seq)?;
            let row = *rows.result.rows.get(index as usize)?;
            let detail = mfa_lens_core::query::row_detail(ws, row)?;
            Some(FromWorker::Detail {
                seq,
                index,
                detail: Box::new(detail),
            })
        }
        ToWorker::Values { seq, column } => {
            let rows = s.answers.rows_of(seq)?;
            let counts = mfa_lens_core::query::value_counts(ws, &rows.result, &column, 200);
            Some(FromWorker::Values { seq, counts })
        }
        ToWorker::Kql { seq, ask } => {
            if !s.answers.is_current(seq) {
                return None;
            }
            let text = kql_of(s, seq, ask)?.map_err(|e| e.to_string());
            Some(FromWorker::Kql { seq, ask, text })
        }
        ToWorker::UserTimeline { seq, user } => {
            if !s.answers.is_current(seq) {
                return None;
            }
            let timeline =
                mfa_lens_core::query::user_timeline(ws, &user, mfa_lens_core::query::Bucket::Auto);
            Some(FromWorker::UserTimeline {
                seq,
                user,
                timeline,
            })
        }
        _ => None,
    }
}

/// The KQL of `ask`; `None` when the Rows answer it names is gone. The
/// Overview and the rules ask about the period of the loaded sign-ins, so the
/// figures Log Analytics gives can be set beside the page's.
fn kql_of(s: &Session, seq: u32, ask: KqlAsk) -> Option<Result<String, kql::KqlError>> {
    let ws = &s.loader.workspace;
    Some(match ask {
        KqlAsk::Overview => Ok(kql::overview(&kql::TimeRange::of_loaded_sign_ins(ws))),
        KqlAsk::Rows => kql::rows(s.answers.rows_query(seq)?, &kql::TimeRange::default()),
        KqlAsk::Finding(rule) => kql::finding(
            rule,
            s.answers.settings(),
            &kql::TimeRange::of_loaded_sign_ins(ws),
        ),
    })
}

fn enqueue(key: u32, name: String, size: u64, source: Source) {
    let start_loop = SESSION.with(|s| s.borrow_mut().loader.enqueue(key, name, size, source));
    if start_loop {
        wasm_bindgen_futures::spawn_local(loader::run());
    }
}

fn post_failure(message: &str) {
    post(&FromWorker::Failure {
        message: message.to_string(),
    });
}

/// The files changed: tell the page what is loaded, and answer again what it
/// shows.
pub(crate) fn files_changed() {
    let (files, answer) = SESSION.with(|s| {
        let s = &mut *s.borrow_mut();
        let mut files = files::build(&s.loader.workspace, &s.loader.ids);
        let answer = s.answers.files_changed(&s.loader.workspace, &mut files);
        s.files = files.clone();
        (files, answer)
    });
    post(&FromWorker::Files(files));
    post(&FromWorker::Answer(Box::new(answer)));
    if SESSION.with(|s| s.borrow_mut().loader.release_idle_shards()) {
        post(&FromWorker::ShardsReleased);
    }
}

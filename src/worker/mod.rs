//! The Web Worker that owns the data: every row of every file lives here, in the
//! core's `Workspace`, never on the UI thread. The page sends files (as handles)
//! and commands; the worker reads each file in slices, feeds the engine, reports
//! progress, and answers with what the page shows.
//!
//! Only built into the `mfa-lens-worker` binary (see `src/bin/`); the page's own
//! binary never calls [`start`], so the linker drops all of this from it.

mod loader;
mod queries;
mod registration;
mod reports;
mod snapshot;

use std::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{self, FromWorker, ToWorker};
use loader::{Loader, Source};

thread_local! {
    static LOADER: RefCell<Loader> = RefCell::new(Loader::default());
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
    let array = Array::of1(&JsValue::from_str(&protocol::encode(message)));
    // Posting to our own page can only fail if the page is gone.
    let _ = scope().post_message(&array);
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
            Ok(file) => enqueue(key, name, size, Source::File(file)),
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
        ToWorker::Cancel { key } | ToWorker::Remove { key } => {
            LOADER.with(|l| l.borrow_mut().forget(key));
            post_snapshot();
        }
        ToWorker::Clear => {
            LOADER.with(|l| l.borrow_mut().clear());
            post_snapshot();
        }
        ToWorker::Query { generation, query } => {
            let reply = LOADER.with(|l| queries::run_query(&mut l.borrow_mut(), generation, query));
            post(&reply);
        }
        ToWorker::Rows {
            generation,
            offset,
            limit,
            columns,
        } => reply_with(|l| queries::rows(l, generation, offset, limit, &columns)),
        ToWorker::Detail { generation, index } => {
            reply_with(|l| queries::detail(l, generation, index))
        }
        ToWorker::Values { generation, column } => {
            reply_with(|l| queries::values(l, generation, column))
        }
        ToWorker::Export {
            generation,
            columns,
        } => reply_with(|l| queries::export(l, generation, &columns)),
        ToWorker::UserTimeline { user } => {
            let reply = LOADER.with(|l| queries::user_timeline(&l.borrow(), user));
            post(&reply);
        }
        ToWorker::Report { id } => {
            let reply = LOADER.with(|l| reports::answer(&l.borrow(), id));
            post(&reply);
        }
        ToWorker::Registration { request } => {
            let reply = LOADER.with(|l| registration::answer(&l.borrow(), request));
            post(&reply);
        }
        ToWorker::Users { query } => {
            let users = LOADER.with(|l| mfa_lens_core::query::users(&l.borrow().workspace, &query));
            post(&FromWorker::Users(users));
        }
        ToWorker::TestPanic => panic!("test panic in the worker, asked for by the page's URL"),
    }
}

/// Posts the answer when there is one: a request for an outdated result (the
/// page has moved on) gets none.
fn reply_with(answer: impl FnOnce(&loader::Loader) -> Option<FromWorker>) {
    if let Some(reply) = LOADER.with(|l| answer(&l.borrow())) {
        post(&reply);
    }
}

fn enqueue(key: u32, name: String, size: u64, source: Source) {
    let start_loop = LOADER.with(|l| l.borrow_mut().enqueue(key, name, size, source));
    if start_loop {
        wasm_bindgen_futures::spawn_local(loader::run());
    }
}

fn post_failure(message: &str) {
    post(&FromWorker::Failure {
        message: message.to_string(),
    });
}

pub(crate) fn post_snapshot() {
    let snapshot = LOADER.with(|l| snapshot::build(&l.borrow()));
    post(&FromWorker::Snapshot(snapshot));
}

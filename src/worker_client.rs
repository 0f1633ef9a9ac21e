//! The page's side of the worker: starts it, queues messages until it says it is
//! ready (messages posted before its wasm has started would be lost), and turns
//! its replies into `FromWorker` values.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

use crate::edition::Edition;
use crate::protocol::{self, FromWorker, ToWorker};

pub struct WorkerHandle {
    worker: Worker,
    ready: Rc<Cell<bool>>,
    pending: Rc<RefCell<Vec<Array>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl WorkerHandle {
    pub fn spawn(on_reply: Callback<FromWorker>) -> Result<Self, String> {
        // The hosted page's loader file, or the single-file edition's Blob URL.
        let worker = Worker::new(Edition::current().worker_url())
            .map_err(|_| "The browser refused to start the worker.".to_string())?;
        let ready = Rc::new(Cell::new(false));
        let pending: Rc<RefCell<Vec<Array>>> = Rc::default();
        let on_message = {
            let ready = ready.clone();
            let pending = pending.clone();
            let worker = worker.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let text = event
                    .data()
                    .dyn_into::<Array>()
                    .ok()
                    .and_then(|a| a.get(0).as_string());
                let reply = match text.as_deref().map(protocol::decode::<FromWorker>) {
                    Some(Ok(reply)) => reply,
                    Some(Err(message)) => FromWorker::Failure { message },
                    None => FromWorker::Failure {
                        message: "The worker sent something unreadable.".into(),
                    },
                };
                // What "Share" made travels beside its reply, as a Blob.
                if let FromWorker::Shared { file_name, .. } = &reply {
                    let blob = event.data().dyn_into::<Array>().ok().map(|a| a.get(1));
                    if let Some(Ok(blob)) = blob.map(|b| b.dyn_into::<web_sys::Blob>()) {
                        crate::download::save_blob(&blob, file_name);
                    }
                }
                if reply == FromWorker::Ready {
                    ready.set(true);
                    for message in pending.borrow_mut().drain(..) {
                        let _ = worker.post_message(&message);
                    }
                }
                on_reply.emit(reply);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // An uncaught error in the worker is fatal to it: a wasm trap (a panic,
        // or memory it could not get) leaves it unable to answer anything.
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
            let detail = js_sys::Reflect::get(&event, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "the worker stopped".into());
            crate::crash::show_banner(crate::crash::WORKER_CRASHED, &detail);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(WorkerHandle {
            worker,
            ready,
            pending,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends a message, with the file it is about when there is one.
    pub fn send(&self, message: &ToWorker, file: Option<&web_sys::File>) {
        let array = Array::of1(&JsValue::from_str(&protocol::encode(message)));
        if let Some(file) = file {
            array.push(file);
        }
        if self.ready.get() {
            let _ = self.worker.post_message(&array);
        } else {
            self.pending.borrow_mut().push(array);
        }
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

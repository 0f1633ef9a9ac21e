//! The page's side of the worker: starts it, queues messages until it says it is
//! ready (messages posted before its wasm has started would be lost), and turns
//! its replies into `FromWorker` values.
//!
//! It also starts the worker's shards (see `worker::shard`): more workers
//! from the same script, started when files are first on their way — dragged
//! in, or the picker opened — or at the latest with the first file (the
//! sample needs none, and an idle page should not compile the engine W more
//! times),
//! each joined to the worker by a `MessageChannel`, and ended when the
//! worker has read every file (`FromWorker::ShardsReleased`): the next
//! files start new ones. The page starts them,
//! rather than the worker, because every edition can already start this
//! script from the page (the single file from a Blob URL), while workers
//! started by workers are not available everywhere the page runs.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageChannel, MessageEvent, MessagePort, Worker};
use yew::Callback;

use crate::edition::Edition;
use crate::protocol::{self, FromWorker, ToWorker};

/// The most shards a page starts: past eight, a laptop's cores are better
/// left to the browser and the rest of the machine than to one more copy of
/// the engine's memory.
pub const MAX_SHARDS: u32 = 8;

/// The URL query parameter that sets the number of shards (`?workers=2`), for
/// tests and benchmarks; `0` reads every file in the worker itself.
pub const WORKERS_PARAM: &str = "workers";

/// How many shards to start: `?workers=N` when the query says so (at most
/// [`MAX_SHARDS`]), else one per core the browser reports, at most
/// [`MAX_SHARDS`]. The worker itself is not counted: while shards read, it
/// only waits for them, as the page does.
pub fn shard_count(query: &str, cores: f64) -> u32 {
    let asked = query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == WORKERS_PARAM)
        .and_then(|(_, value)| value.parse::<u32>().ok());
    match asked {
        Some(n) => n.min(MAX_SHARDS),
        None if cores.is_finite() && cores >= 1.0 => (cores as u32).min(MAX_SHARDS),
        None => 1,
    }
}

/// A message and what it transfers (ports), as `postMessage` takes them.
type Outgoing = (Array, Option<Array>);

pub struct WorkerHandle {
    worker: Worker,
    ready: Rc<Cell<bool>>,
    /// Messages (and what they transfer) held until the worker is ready.
    pending: Rc<RefCell<Vec<Outgoing>>>,
    /// The shards started, until the worker releases them (`None`: the next
    /// files start new ones).
    shards: Rc<RefCell<Option<Vec<ShardHandle>>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// A shard worker, ended when dropped: with the page's handle, or when the
/// worker releases the shards.
struct ShardHandle {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl ShardHandle {
    /// Starts a shard that, once its wasm runs, answers the worker at the
    /// other end of `port`.
    fn spawn(port: MessagePort) -> Option<Self> {
        let worker = Worker::new(&Edition::current().shard_url()).ok()?;
        let on_message = {
            let worker = worker.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                match protocol::opened::<FromWorker>(&event).map(|(_, reply)| reply) {
                    Some(Ok(FromWorker::Ready)) => {
                        let array = protocol::envelope(&ToWorker::BecomeShard);
                        array.push(&port);
                        let _ = worker.post_message_with_transfer(&array, &Array::of1(&port));
                    }
                    Some(Ok(FromWorker::Crashed { message })) => {
                        crate::crash::show_banner(crate::crash::WORKER_CRASHED, &message)
                    }
                    _ => {}
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(report_crash);
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(ShardHandle {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

impl Drop for ShardHandle {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// An uncaught error in a worker is fatal to it: a wasm trap (a panic, or
/// memory it could not get) leaves it unable to answer anything.
fn report_crash(event: web_sys::Event) {
    let detail = js_sys::Reflect::get(&event, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "the worker stopped".into());
    crate::crash::show_banner(crate::crash::WORKER_CRASHED, &detail);
}

impl WorkerHandle {
    pub fn spawn(on_reply: Callback<FromWorker>) -> Result<Self, String> {
        // The hosted page's loader file, or the single-file edition's Blob URL.
        let worker = Worker::new(Edition::current().worker_url())
            .map_err(|_| "The browser refused to start the worker.".to_string())?;
        let ready = Rc::new(Cell::new(false));
        let pending: Rc<RefCell<Vec<Outgoing>>> = Rc::default();
        let shards: Rc<RefCell<Option<Vec<ShardHandle>>>> = Rc::default();
        let on_message = {
            let ready = ready.clone();
            let pending = pending.clone();
            let shards = shards.clone();
            let worker = worker.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let (data, reply) = match protocol::opened::<FromWorker>(&event) {
                    Some((data, Ok(reply))) => (Some(data), reply),
                    Some((_, Err(message))) => (None, FromWorker::Failure { message }),
                    None => (
                        None,
                        FromWorker::Failure {
                            message: "The worker sent something unreadable.".into(),
                        },
                    ),
                };
                // What "Share", "Export CSV" and the summary download made
                // travel beside their replies, as a Blob.
                if let FromWorker::Shared { file_name, .. }
                | FromWorker::Exported { file_name, .. }
                | FromWorker::Download { file_name } = &reply
                {
                    let blob = data.map(|a| a.get(1));
                    if let Some(Ok(blob)) = blob.map(|b| b.dyn_into::<web_sys::Blob>()) {
                        crate::download::save_blob(&blob, file_name);
                    }
                }
                if reply == FromWorker::ShardsReleased {
                    // Dropped, so ended: their memory goes back to the machine.
                    shards.borrow_mut().take();
                }
                if reply == FromWorker::Ready {
                    ready.set(true);
                    for (message, transfer) in pending.borrow_mut().drain(..) {
                        post(&worker, &message, transfer.as_ref());
                    }
                }
                on_reply.emit(reply);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(report_crash);
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(WorkerHandle {
            worker,
            ready,
            pending,
            shards,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends a message, with the file it is about when there is one. The
    /// first file starts the shards.
    pub fn send(&self, message: &ToWorker, file: Option<&web_sys::File>) {
        if file.is_some() {
            self.prepare_shards();
        }
        let array = protocol::envelope(message);
        if let Some(file) = file {
            array.push(file);
        }
        self.post_or_hold(array, None);
    }

    /// Starts the shards unless they are started: files are coming.
    pub fn prepare_shards(&self) {
        if self.shards.borrow().is_none() {
            self.start_shards();
        }
    }

    fn post_or_hold(&self, array: Array, transfer: Option<Array>) {
        if self.ready.get() {
            post(&self.worker, &array, transfer.as_ref());
        } else {
            self.pending.borrow_mut().push((array, transfer));
        }
    }

    /// Starts the shards and hands the worker its ends of their channels.
    /// A shard the browser refuses to start is left out; with none, the
    /// worker reads every file itself.
    fn start_shards(&self) {
        let window = web_sys::window();
        let query = window
            .as_ref()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        let cores = window.map_or(1.0, |w| w.navigator().hardware_concurrency());
        let mut shards = Vec::new();
        let ports = Array::new();
        for _ in 0..shard_count(&query, cores) {
            let Ok(channel) = MessageChannel::new() else {
                break;
            };
            let Some(shard) = ShardHandle::spawn(channel.port2()) else {
                break;
            };
            shards.push(shard);
            ports.push(&channel.port1());
        }
        if !shards.is_empty() {
            let count = shards.len() as u32;
            let array = protocol::envelope(&ToWorker::Shards { count });
            for port in ports.iter() {
                array.push(&port);
            }
            self.post_or_hold(array, Some(ports));
        }
        *self.shards.borrow_mut() = Some(shards);
    }
}

fn post(worker: &Worker, array: &Array, transfer: Option<&Array>) {
    let _ = match transfer {
        Some(transfer) => worker.post_message_with_transfer(array, transfer),
        None => worker.post_message(array),
    };
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.terminate();
        // Ends them (`ShardHandle`'s drop).
        self.shards.borrow_mut().take();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_shard_per_core_at_most_eight() {
        assert_eq!(shard_count("", 4.0), 4);
        assert_eq!(shard_count("", 2.0), 2);
        assert_eq!(shard_count("", 32.0), MAX_SHARDS);
        // A browser that hides its core count (or reports nonsense).
        assert_eq!(shard_count("", 0.0), 1);
        assert_eq!(shard_count("", f64::NAN), 1);
    }

    #[test]
    fn the_query_decides_when_it_says_so() {
        assert_eq!(shard_count("?workers=2", 16.0), 2);
        assert_eq!(shard_count("?edition=x&workers=0", 16.0), 0);
        assert_eq!(shard_count("?workers=64", 2.0), MAX_SHARDS);
        assert_eq!(shard_count("?workers=many", 3.0), 3);
        assert_eq!(shard_count("?myworkers=1", 3.0), 3);
    }
}

//! The page's one session: the reducer, the worker, and the effects that keep
//! them in step — what is shown goes to the worker whenever it changes, the
//! worker's replies come back as one action, and the URL hash follows what is
//! shown. Components never talk to the worker themselves: they get callbacks
//! made here.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use yew::prelude::*;

use crate::components::data_table::GridPrefs;
use crate::hash;
use crate::protocol::{FileKey, FromWorker, KeyChoice, KqlAsk, ShareAsk, Shown, ToWorker};
use crate::size_limit;
use crate::state::{Action, State};
use crate::worker_client::WorkerHandle;
use mfa_lens_core::findings::FindingSettings;

/// The worker, once started. Shared by the callbacks; `None` when the browser
/// refused to start it (the reducer then holds the failure).
#[derive(Clone, Default)]
pub struct Worker(Rc<RefCell<Option<WorkerHandle>>>);

impl PartialEq for Worker {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Worker {
    pub fn send(&self, message: &ToWorker, file: Option<&web_sys::File>) {
        if let Some(worker) = &*self.0.borrow() {
            worker.send(message, file);
        }
    }

    pub fn prepare_shards(&self) {
        if let Some(worker) = &*self.0.borrow() {
            worker.prepare_shards();
        }
    }
}

/// The session's state and its worker.
#[derive(Clone, PartialEq)]
pub struct Session {
    pub state: UseReducerHandle<State>,
    pub worker: Worker,
}

#[hook]
pub fn use_session() -> Session {
    let state = use_reducer(|| {
        State::opening(hash::decode(
            &gloo::utils::window().location().hash().unwrap_or_default(),
        ))
    });
    let worker = (*use_memo((), |_| Worker::default())).clone();

    {
        let (state, worker) = (state.clone(), worker.clone());
        use_effect_with((), move |_| {
            let on_reply = {
                let (state, worker) = (state.clone(), worker.clone());
                Callback::from(move |reply| on_worker_reply(&state, &worker, reply))
            };
            match WorkerHandle::spawn(on_reply) {
                Ok(handle) => *worker.0.borrow_mut() = Some(handle),
                Err(message) => state.dispatch(Action::Failure(message)),
            }
            // A file dropped beside the drop zone would otherwise make the browser
            // navigate to it, throwing away everything already loaded.
            let guards = guard_window_against_stray_drops();
            move || {
                drop(guards);
                worker.0.borrow_mut().take();
            }
        });
    }

    // What is shown goes to the worker each time it changes (and once at the
    // start: the worker queues it until its wasm runs).
    {
        let worker = worker.clone();
        let (shown, settings) = (state.shown.clone(), state.settings);
        use_effect_with(state.seq, move |&seq| {
            worker.send(
                &ToWorker::Show {
                    seq,
                    shown,
                    settings,
                },
                None,
            );
        });
    }

    // The view and the rows' query in the URL hash, never any data.
    {
        let view = state.view_asked();
        let query = state.rows_query().clone();
        let (widths, zone, settings) = (state.widths.clone(), state.zone, state.settings);
        use_effect_with(
            (view, query, widths, zone, settings),
            move |(view, query, widths, zone, settings)| {
                let hash = hash::encode(&hash::Arrangement {
                    view: *view,
                    query,
                    widths,
                    zone: *zone,
                    settings,
                });
                let _ = gloo::utils::window().history().map(|h| {
                    h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash))
                });
            },
        );
    }

    Session { state, worker }
}

/// Replies that act outside the state (a download, the crash banner) are
/// handled here; every other reply is one action.
fn on_worker_reply(state: &UseReducerHandle<State>, worker: &Worker, reply: FromWorker) {
    match reply {
        FromWorker::Crashed { message } => {
            crate::crash::show_banner(crate::crash::WORKER_CRASHED, &message)
        }
        reply => {
            let test_panic = matches!(&reply, FromWorker::Files(f) if !f.files.is_empty())
                && crate::crash::test_panic() == Some(crate::crash::TestPanic::Worker);
            state.dispatch(Action::Worker {
                reply,
                now_ms: js_sys::Date::now(),
            });
            if test_panic {
                // Test-only: the worker dies with files loaded, as a bug would.
                worker.send(&ToWorker::TestPanic, None);
            }
        }
    }
}

impl Session {
    /// How the grids are arranged, and the callbacks that change it.
    pub fn grid_prefs(&self) -> GridPrefs {
        let state = self.state.clone();
        GridPrefs {
            widths: state.widths.clone(),
            zone: state.zone,
            on_resize: {
                let state = state.clone();
                Callback::from(move |(column, px)| state.dispatch(Action::Resize { column, px }))
            },
            on_zone: Callback::from(move |zone| state.dispatch(Action::Zone(zone))),
        }
    }

    /// The findings thresholds changed.
    pub fn on_settings(&self) -> Callback<FindingSettings> {
        let state = self.state.clone();
        Callback::from(move |settings| state.dispatch(Action::Settings(settings)))
    }

    /// "Copy as KQL": the panel opens and the worker writes the query of
    /// the answer on screen.
    pub fn on_kql(&self) -> Callback<KqlAsk> {
        let (state, worker, seq) = (self.state.clone(), self.worker.clone(), self.state.seq);
        Callback::from(move |ask| {
            state.dispatch(Action::Kql(Some(ask)));
            worker.send(&ToWorker::Kql { seq, ask }, None);
        })
    }

    /// "Share": the worker makes `ask` from every loaded file with `key`.
    pub fn on_share(&self) -> Callback<(ShareAsk, KeyChoice)> {
        let (state, worker) = (self.state.clone(), self.worker.clone());
        Callback::from(move |(ask, key)| {
            state.dispatch(Action::Share(ask));
            worker.send(&ToWorker::Share { ask, key }, None);
        })
    }

    /// "Export CSV": the worker writes the rows on screen, in pieces.
    pub fn on_export(&self) -> Callback<()> {
        let (state, worker, seq) = (self.state.clone(), self.worker.clone(), self.state.seq);
        Callback::from(move |()| {
            state.dispatch(Action::Export);
            worker.send(&ToWorker::Export { seq }, None);
        })
    }

    /// The KQL panel's Close.
    pub fn on_close_kql(&self) -> Callback<()> {
        let state = self.state.clone();
        Callback::from(move |()| state.dispatch(Action::Kql(None)))
    }

    /// Show something else.
    pub fn on_show(&self) -> Callback<Shown> {
        let state = self.state.clone();
        Callback::from(move |shown| state.dispatch(Action::Show(shown)))
    }

    /// "Download summary (JSON)": the worker writes it, as the CLI does.
    pub fn on_download_summary(&self) -> Callback<()> {
        let worker = self.worker.clone();
        Callback::from(move |()| worker.send(&ToWorker::DownloadSummary, None))
    }

    /// A follow-up question about the answer on screen.
    pub fn ask<T: 'static>(&self, question: impl Fn(u32, T) -> ToWorker + 'static) -> Callback<T> {
        let (worker, seq) = (self.worker.clone(), self.state.seq);
        Callback::from(move |value| worker.send(&question(seq, value), None))
    }

    /// Files from a drop or the picker: each is refused before a byte is read
    /// when the tab could not hold it, so nothing loaded is put at risk.
    pub fn on_files(&self) -> Callback<Option<web_sys::FileList>> {
        let (state, worker) = (self.state.clone(), self.worker.clone());
        Callback::from(move |list: Option<web_sys::FileList>| {
            let files = files_of(list);
            if files.is_empty() {
                return;
            }
            let first_key = state.next_key();
            // Before `Add`: afterwards the sizes would count these files too.
            let mut loaded = state.loaded_bytes();
            state.dispatch(Action::Add {
                files: files.iter().map(|f| (f.name(), f.size() as u64)).collect(),
                now_ms: js_sys::Date::now(),
            });
            for (offset, file) in files.iter().enumerate() {
                let key = first_key + offset as u32;
                let size = file.size() as u64;
                if let Some(message) = size_limit::refusal(size, loaded) {
                    state.dispatch(Action::Refused { key, message });
                    continue;
                }
                loaded += size;
                let name = file.name();
                worker.send(&ToWorker::Load { key, name, size }, Some(file));
            }
        })
    }

    /// Files may come soon: start the shards that will read them now, so
    /// their start-up overlaps the person choosing the files.
    pub fn on_files_coming(&self) -> Callback<()> {
        let worker = self.worker.clone();
        Callback::from(move |()| worker.prepare_shards())
    }

    pub fn on_sample(&self) -> Callback<()> {
        let (state, worker) = (self.state.clone(), self.worker.clone());
        Callback::from(move |()| {
            let first_key = state.next_key();
            worker.send(&ToWorker::LoadSample { first_key }, None)
        })
    }

    pub fn on_remove(&self) -> Callback<FileKey> {
        let (state, worker) = (self.state.clone(), self.worker.clone());
        Callback::from(move |key| {
            state.dispatch(Action::Remove(key));
            worker.send(&ToWorker::Remove { key }, None);
        })
    }

    pub fn on_clear(&self) -> Callback<()> {
        let (state, worker) = (self.state.clone(), self.worker.clone());
        Callback::from(move |()| {
            state.dispatch(Action::Clear);
            worker.send(&ToWorker::Clear, None);
        })
    }
}

/// The `File`s of a drop or of the picker.
fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

fn guard_window_against_stray_drops() -> Vec<EventListener> {
    let window = gloo::utils::window();
    let options = EventListenerOptions::enable_prevent_default();
    ["dragover", "drop"]
        .into_iter()
        .map(|kind| {
            EventListener::new_with_options(&window, kind, options, |e| e.prevent_default())
        })
        .collect()
}

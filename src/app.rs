use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use yew::prelude::*;

use crate::components::drop_zone::DropZone;
use crate::components::file_list::FileList;
use crate::components::header::Header;
use crate::components::overview::Overview;
use crate::components::reference::Reference;
use crate::components::tabs::{Tabs, View};
use crate::download::save_text;
use crate::protocol::{FromWorker, ToWorker};
use crate::state::{Action, State};
use crate::worker_client::WorkerHandle;

type Worker = Rc<RefCell<Option<WorkerHandle>>>;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let worker: Worker = use_mut_ref(|| None);
    let view = use_state(|| View::Overview);

    {
        let state = state.clone();
        let worker = worker.clone();
        use_effect_with((), move |_| {
            let on_reply = Callback::from(move |reply: FromWorker| {
                state.dispatch(match reply {
                    FromWorker::Ready => return,
                    FromWorker::Started { key, name, size } => Action::Started {
                        key,
                        name,
                        size,
                        now_ms: now_ms(),
                    },
                    FromWorker::Progress {
                        key,
                        bytes_read,
                        rows,
                    } => Action::Progress {
                        key,
                        bytes_read,
                        rows,
                        now_ms: now_ms(),
                    },
                    FromWorker::Snapshot(snapshot) => Action::Snapshot(snapshot),
                    FromWorker::Failure { message } => Action::Failure(message),
                })
            });
            *worker.borrow_mut() = WorkerHandle::spawn(on_reply).ok();
            // A file dropped beside the drop zone would otherwise make the browser
            // navigate to it, throwing away everything already loaded.
            let guards = guard_window_against_stray_drops();
            move || {
                drop(guards);
                worker.borrow_mut().take();
            }
        });
    }

    let send = {
        let worker = worker.clone();
        move |message: ToWorker, file: Option<&web_sys::File>| {
            if let Some(w) = worker.borrow().as_ref() {
                w.send(&message, file);
            }
        }
    };

    let on_files = {
        let state = state.clone();
        let send = send.clone();
        Callback::from(move |list: Option<web_sys::FileList>| {
            let files = files_of(list);
            if files.is_empty() {
                return;
            }
            let first_key = state.next_key();
            state.dispatch(Action::Add {
                files: files.iter().map(|f| (f.name(), f.size() as u64)).collect(),
                now_ms: now_ms(),
            });
            for (offset, file) in files.iter().enumerate() {
                let key = first_key + offset as u32;
                send(
                    ToWorker::Load {
                        key,
                        name: file.name(),
                        size: file.size() as u64,
                    },
                    Some(file),
                );
            }
        })
    };

    let on_sample = {
        let state = state.clone();
        let send = send.clone();
        Callback::from(move |()| {
            send(
                ToWorker::LoadSample {
                    first_key: state.next_key(),
                },
                None,
            )
        })
    };

    let on_remove = {
        let state = state.clone();
        let send = send.clone();
        Callback::from(move |key| {
            state.dispatch(Action::Remove(key));
            send(ToWorker::Remove { key }, None);
        })
    };

    let on_clear = {
        let state = state.clone();
        Callback::from(move |()| {
            state.dispatch(Action::Clear);
            send(ToWorker::Clear, None);
        })
    };

    let on_download = {
        let json = state.summary_json.clone();
        // With the line end `mfa-lens summary` prints, so the two files are identical.
        Callback::from(move |_: MouseEvent| {
            save_text(
                &format!("{json}\n"),
                "mfa-lens-summary.json",
                "application/json",
            )
        })
    };

    let on_select = {
        let view = view.clone();
        Callback::from(move |v| view.set(v))
    };

    let panel = match *view {
        View::Overview => match state.summary.clone() {
            Some(summary) if !state.files.is_empty() => html! {
                <>
                    <div class="actions">
                        <button type="button" class="button" onclick={on_download} disabled={state.is_loading()}>
                            { "Download summary (JSON)" }
                        </button>
                    </div>
                    <Overview {summary} />
                </>
            },
            _ => html! {
                <p class="empty">{ "Drop exports above, or try the sample, to see who was challenged for MFA, how it was completed and why it failed." }</p>
            },
        },
        View::Reference => html! { <Reference /> },
    };

    let failure = state.failure.as_ref().map(|message| {
        html! {
            <p class="failure" role="alert">
                { format!("Something went wrong inside MFA Lens: {message}. Reload the page to start again.") }
            </p>
        }
    });

    html! {
        <>
            <Header />
            <main class="page">
                { failure.unwrap_or_default() }
                <DropZone {on_files} {on_sample} />
                <FileList files={state.files.clone()} {on_remove} {on_clear} />
                <Tabs current={*view} {on_select} />
                <div
                    class="panel"
                    role="tabpanel"
                    id={format!("panel-{}", view.id())}
                    aria-labelledby={format!("tab-{}", view.id())}
                >
                    { panel }
                </div>
            </main>
            <footer class="page-footer">
                { "MFA Lens reads your files in this browser: nothing is uploaded, and the page makes no request once it has loaded." }
            </footer>
        </>
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

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::file::callbacks::FileReader;
use yew::prelude::*;

use crate::components::drop_zone::DropZone;
use crate::components::file_list::FileList;
use crate::components::header::Header;
use crate::file_read::{files_of, read_first_line};
use crate::sample;
use crate::state::{Action, State};

/// Readers in flight, by file id: a gloo reader cancels when dropped, so they are
/// kept here until their callback has run.
type Readers = Rc<RefCell<HashMap<u32, FileReader>>>;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let readers: Readers = use_mut_ref(HashMap::new);

    use_effect_with((), |_| {
        // A file dropped beside the drop zone would otherwise make the browser
        // navigate to it, throwing away everything already loaded.
        let guards = guard_window_against_stray_drops();
        move || drop(guards)
    });

    let on_files = {
        let state = state.clone();
        let readers = readers.clone();
        Callback::from(move |list: Option<web_sys::FileList>| {
            let files = files_of(list);
            if files.is_empty() {
                return;
            }
            let first_id = state.next_id();
            state.dispatch(Action::Add(
                files.iter().map(|f| (f.name(), f.size())).collect(),
            ));
            for (offset, file) in files.iter().enumerate() {
                let id = first_id + offset as u32;
                let state = state.clone();
                let done_readers = readers.clone();
                let reader = read_first_line(file, move |result| {
                    done_readers.borrow_mut().remove(&id);
                    state.dispatch(match result {
                        Ok(first_line) => Action::Previewed { id, first_line },
                        Err(message) => Action::Failed { id, message },
                    });
                });
                readers.borrow_mut().insert(id, reader);
            }
        })
    };

    let on_sample = {
        let state = state.clone();
        Callback::from(move |()| {
            let first_id = state.next_id();
            let files = sample::files();
            state.dispatch(Action::Add(
                files
                    .iter()
                    .map(|(name, bytes)| (name.to_string(), bytes.len() as u64))
                    .collect(),
            ));
            for (offset, (_, bytes)) in files.iter().enumerate() {
                state.dispatch(Action::Previewed {
                    id: first_id + offset as u32,
                    first_line: mfa_lens_core::preview::first_line(bytes, true),
                });
            }
        })
    };

    let on_remove = {
        let state = state.clone();
        let readers = readers.clone();
        Callback::from(move |id| {
            readers.borrow_mut().remove(&id);
            state.dispatch(Action::Remove(id));
        })
    };
    let on_clear = {
        let state = state.clone();
        Callback::from(move |()| {
            readers.borrow_mut().clear();
            state.dispatch(Action::Clear);
        })
    };

    html! {
        <>
            <Header />
            <main class="page">
                <DropZone {on_files} {on_sample} />
                <FileList files={state.files.clone()} {on_remove} {on_clear} />
            </main>
            <footer class="page-footer">
                { "MFA Lens reads your files in this browser: nothing is uploaded, and the page makes no request once it has loaded." }
            </footer>
        </>
    }
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

//! The page's layout: which component goes where. The state and the worker are
//! wired in `session`; each view draws itself in `components::shown_view`.

use yew::prelude::*;

use crate::components::drop_zone::DropZone;
use crate::components::file_list::FileList;
use crate::components::header::Header;
use crate::components::shown_view::ShownView;
use crate::components::tabs::Tabs;
use crate::components::update_banner::UpdateBanner;
use crate::session::use_session;
use crate::state::Action;

#[function_component(App)]
pub fn app() -> Html {
    let session = use_session();
    let state = &session.state;
    let current = state.current_view();
    let on_select = {
        let state = state.clone();
        Callback::from(move |view| state.dispatch(Action::Open(view)))
    };
    // A problem with the worker itself, never with a file (files say theirs
    // on their own line).
    let failure = state.failure.as_ref().map(|message| {
        html! {
            <p class="failure" role="alert">
                { format!("Something went wrong inside MFA Lens: {message}. Reload the page to start again.") }
            </p>
        }
    });
    let computations = state.answer.as_ref().map(|a| a.computations.to_string());
    html! {
        <>
            <Header />
            <main class="page">
                <UpdateBanner />
                { failure.unwrap_or_default() }
                <DropZone on_files={session.on_files()} on_sample={session.on_sample()} />
                <FileList files={state.files.clone()} on_remove={session.on_remove()} on_clear={session.on_clear()} />
                <Tabs {current} {on_select} views={state.tabs()} />
                <div
                    class="panel"
                    role="tabpanel"
                    id={format!("panel-{}", current.id())}
                    aria-labelledby={format!("tab-{}", current.id())}
                    data-worker-computations={computations}
                >
                    <ShownView session={session.clone()} />
                </div>
            </main>
            <footer class="page-footer">
                { "MFA Lens reads your files in this browser: nothing is uploaded, and the page makes no request once it has loaded." }
            </footer>
        </>
    }
}

//! The page's layout: which component goes where. The state and the worker are
//! wired in `session`; each view draws itself in `components::shown_view`.
//!
//! A workbench, not a document: a slim header (the files in one line), the
//! tabs under it, and the view filling the rest of the window. The files'
//! details open as a panel above the tabs, on demand; the whole window takes a
//! drop.

use yew::prelude::*;

use crate::components::drop_target::DropTarget;
use crate::components::drop_zone::DropZone;
use crate::components::files_panel::FilesPanel;
use crate::components::header::Header;
use crate::components::kql_panel::KqlPanel;
use crate::components::share_panel::SharePanel;
use crate::components::shown_view::ShownView;
use crate::components::tabs::{TabBadge, Tabs, View};
use crate::components::update_banner::UpdateBanner;
use crate::session::use_session;
use crate::state::Action;
use mfa_lens_core::findings::SeverityCounts;

#[function_component(App)]
pub fn app() -> Html {
    let session = use_session();
    let state = &session.state;
    let current = state.current_view();
    let files_open = use_state(|| false);
    let on_select = {
        let state = state.clone();
        Callback::from(move |view| state.dispatch(Action::Open(view)))
    };
    let on_toggle_files = {
        let files_open = files_open.clone();
        Callback::from(move |()| files_open.set(!*files_open))
    };
    let on_close_files = {
        let files_open = files_open.clone();
        Callback::from(move |()| files_open.set(false))
    };
    let share_open = use_state(|| false);
    let on_toggle_share = {
        let share_open = share_open.clone();
        Callback::from(move |()| share_open.set(!*share_open))
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
    let empty = state.files.is_empty();
    html! {
        <DropTarget on_files={session.on_files()} on_files_coming={session.on_files_coming()}>
            <div class="app-top">
                <Header
                    files={state.files_line()}
                    files_open={*files_open && !empty}
                    on_toggle_files={on_toggle_files}
                    share_open={*share_open && !empty}
                    on_toggle_share={on_toggle_share.clone()}
                    on_files={session.on_files()}
                />
            </div>
            <main class="page">
                if *files_open && !empty {
                    <FilesPanel files={state.files.clone()} on_remove={session.on_remove()} on_clear={session.on_clear()} on_close={on_close_files} />
                }
                if *share_open && !empty {
                    <SharePanel
                        share={state.share.clone()}
                        loading={state.is_loading()}
                        on_share={session.on_share()}
                        on_close={on_toggle_share}
                    />
                }
                <UpdateBanner />
                { failure.unwrap_or_default() }
                if empty {
                    <section class="welcome" aria-labelledby="welcome-title">
                        <h2 id="welcome-title" class="welcome__title">{ "Read your Entra ID MFA exports" }</h2>
                        <p class="welcome__text">
                            { "Sign-in logs, MFA Server reports, registration details: drop them here and see who was challenged for MFA, how it was completed and why it failed. " }
                            <strong>{ "Your files never leave this browser." }</strong>
                        </p>
                        <DropZone on_sample={session.on_sample()} />
                    </section>
                }
                <Tabs {current} {on_select} views={state.tabs()} badges={finding_badge(state.finding_counts)} />
                <div
                    class="panel"
                    role="tabpanel"
                    id={format!("panel-{}", current.id())}
                    aria-labelledby={format!("tab-{}", current.id())}
                    data-worker-computations={computations}
                >
                    if let Some(kql) = state.kql.clone() {
                        <KqlPanel {kql} on_close={session.on_close_kql()} />
                    }
                    <ShownView session={session.clone()} />
                </div>
            </main>
            <footer class="page-footer">
                { "MFA Lens reads your files in this browser: nothing is uploaded, and the page makes no request once it has loaded." }
            </footer>
        </DropTarget>
    }
}

/// The Findings tab's count, coloured by its most urgent severity.
fn finding_badge(counts: Option<SeverityCounts>) -> Vec<TabBadge> {
    let Some(c) = counts else {
        return Vec::new();
    };
    let count = c.total();
    let class = if c.high > 0 {
        "tab__count--high"
    } else if c.medium > 0 {
        "tab__count--medium"
    } else if c.info > 0 {
        "tab__count--info"
    } else {
        "tab__count--none"
    };
    let noun = if count == 1 { "finding" } else { "findings" };
    let words = format!(
        "{count} {noun}: {} high, {} medium, {} info",
        c.high, c.medium, c.info
    );
    vec![TabBadge {
        view: View::Findings,
        count,
        words,
        class,
    }]
}

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use mfa_lens_core::query::{DatasetId, Filter, Query, UserQuery};
use mfa_lens_core::reports::registration::RegistrationRequest;
use mfa_lens_core::reports::ReportId;
use yew::prelude::*;

use crate::components::drop_zone::DropZone;
use crate::components::file_list::FileList;
use crate::components::header::Header;
use crate::components::overview::Overview;
use crate::components::reference::Reference;
use crate::components::registration_view::RegistrationView;
use crate::components::report_view::ReportView;
use crate::components::table_view::{keep_or_first, TableView};
use crate::components::tabs::{self, Tabs, View};
use crate::components::update_banner::UpdateBanner;
use crate::components::users_view::UsersView;
use crate::download::save_text;
use crate::hash;
use crate::protocol::{FromWorker, ToWorker};
use crate::size_limit;
use crate::state::{Action, State};
use crate::worker_client::WorkerHandle;

/// The worker, and the query most recently sent to it with its generation. Kept
/// outside the reducer because the worker's replies arrive in a callback made
/// once, which must see the latest query, not the one of its first render.
#[derive(Default)]
struct Link {
    worker: Option<WorkerHandle>,
    generation: u32,
    query: Query,
    users: UserQuery,
    /// The Users view is open: keep its list fresh. Otherwise the list is not
    /// fetched at all (tens of thousands of users are not free to send).
    users_shown: bool,
    /// The report view on screen, if any: its analysis is asked for again
    /// after every change to the files.
    report_shown: Option<ReportId>,
    /// The Registration view is open (its report is fetched only then), and
    /// the page of unregistered users it shows.
    registration_shown: bool,
    registration: RegistrationRequest,
}

type SharedLink = Rc<RefCell<Link>>;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Sends `query` to the worker under a new generation and tells the reducer.
fn send_query(link: &SharedLink, state: &UseReducerHandle<State>, query: Query) {
    let generation = {
        let mut l = link.borrow_mut();
        l.generation += 1;
        l.query = query.clone();
        if let Some(w) = &l.worker {
            w.send(
                &ToWorker::Query {
                    generation: l.generation,
                    query: query.clone(),
                },
                None,
            );
        }
        l.generation
    };
    state.dispatch(Action::SetQuery { generation, query });
}

fn send(link: &SharedLink, message: ToWorker, file: Option<&web_sys::File>) {
    if let Some(w) = &link.borrow().worker {
        w.send(&message, file);
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let link: SharedLink = use_mut_ref(Link::default);
    let (hash_view, hash_query) = use_memo((), |_| {
        hash::decode(&gloo::utils::window().location().hash().unwrap_or_default())
    })
    .as_ref()
    .clone();
    let view = use_state(|| hash_view.unwrap_or(View::Overview));
    if let Some(q) = hash_query.clone() {
        // The query of a shared link waits for the files; remember it once.
        if link.borrow().generation == 0 && link.borrow().query == Query::default() {
            link.borrow_mut().query = q;
        }
    }
    if hash_view == Some(View::Users) && link.borrow().generation == 0 {
        link.borrow_mut().users_shown = true;
    }
    if let Some(View::Report(id)) = hash_view {
        if link.borrow().generation == 0 {
            link.borrow_mut().report_shown = Some(id);
        }
    }
    if hash_view == Some(View::Registration) && link.borrow().generation == 0 {
        link.borrow_mut().registration_shown = true;
    }

    {
        let state = state.clone();
        let link = link.clone();
        use_effect_with((), move |_| {
            let on_reply = {
                let state = state.clone();
                let link = link.clone();
                Callback::from(move |reply: FromWorker| on_worker_reply(&link, &state, reply))
            };
            match WorkerHandle::spawn(on_reply) {
                Ok(worker) => link.borrow_mut().worker = Some(worker),
                Err(message) => state.dispatch(Action::Failure(message)),
            }
            // A file dropped beside the drop zone would otherwise make the browser
            // navigate to it, throwing away everything already loaded.
            let guards = guard_window_against_stray_drops();
            move || {
                drop(guards);
                link.borrow_mut().worker.take();
            }
        });
    }

    // The view and the query in the URL hash, never any data. The link's query
    // is the one to write: before any file is loaded it still holds the query of
    // a shared link, which the table's state does not have yet.
    {
        let query = state.table.query.clone();
        let link = link.clone();
        use_effect_with((*view, query), move |(view, _)| {
            let hash = hash::encode(*view, &link.borrow().query);
            let _ = gloo::utils::window()
                .history()
                .map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash)));
        });
    }

    let on_files = {
        let state = state.clone();
        let link = link.clone();
        Callback::from(move |list: Option<web_sys::FileList>| {
            let files = files_of(list);
            if files.is_empty() {
                return;
            }
            let first_key = state.next_key();
            // Before `Add`: the handle reads the newest state, which would
            // already count these files.
            let mut loaded = state.loaded_bytes();
            state.dispatch(Action::Add {
                files: files.iter().map(|f| (f.name(), f.size() as u64)).collect(),
                now_ms: now_ms(),
            });
            // Decided from each file's size before a byte is read: a file
            // the tab cannot hold is refused, and nothing loaded is put at risk.
            for (offset, file) in files.iter().enumerate() {
                let key = first_key + offset as u32;
                let size = file.size() as u64;
                if let Some(message) = size_limit::refusal(size, loaded) {
                    state.dispatch(Action::Refused { key, message });
                    continue;
                }
                loaded += size;
                send(
                    &link,
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
        let link = link.clone();
        Callback::from(move |()| {
            send(
                &link,
                ToWorker::LoadSample {
                    first_key: state.next_key(),
                },
                None,
            )
        })
    };
    let on_remove = {
        let state = state.clone();
        let link = link.clone();
        Callback::from(move |key| {
            state.dispatch(Action::Remove(key));
            send(&link, ToWorker::Remove { key }, None);
        })
    };
    let on_clear = {
        let state = state.clone();
        let link = link.clone();
        Callback::from(move |()| {
            state.dispatch(Action::Clear);
            send(&link, ToWorker::Clear, None);
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
    let on_select_view = {
        let view = view.clone();
        let link = link.clone();
        Callback::from(move |v: View| {
            let shown = v == View::Users;
            if shown && !link.borrow().users_shown {
                let users = link.borrow().users.clone();
                send(&link, ToWorker::Users { query: users }, None);
            }
            link.borrow_mut().users_shown = shown;
            let report = match v {
                View::Report(id) => Some(id),
                _ => None,
            };
            if let Some(id) = report {
                send(&link, ToWorker::Report { id }, None);
            }
            link.borrow_mut().report_shown = report;
            let registration = v == View::Registration;
            if registration && !link.borrow().registration_shown {
                let request = link.borrow().registration;
                send(&link, ToWorker::Registration { request }, None);
            }
            link.borrow_mut().registration_shown = registration;
            view.set(v);
        })
    };
    let on_open_report = on_select_view.reform(View::Report);
    let on_query = {
        let state = state.clone();
        let link = link.clone();
        Callback::from(move |q: Query| send_query(&link, &state, q))
    };
    // A click on a chart: those sign-ins, in the table.
    let on_filter = {
        let state = state.clone();
        let link = link.clone();
        let view = view.clone();
        Callback::from(move |filters: Vec<Filter>| {
            let query = Query {
                dataset: DatasetId::SignIns,
                filters,
                ..Query::default()
            };
            send_query(&link, &state, query);
            link.borrow_mut().users_shown = false;
            view.set(View::Rows);
        })
    };
    // "Show these rows" in a report view: that dataset, those filters.
    let on_rows = {
        let state = state.clone();
        let link = link.clone();
        let view = view.clone();
        Callback::from(move |(dataset, filters): (DatasetId, Vec<Filter>)| {
            let query = Query {
                dataset,
                filters,
                ..Query::default()
            };
            send_query(&link, &state, query);
            link.borrow_mut().users_shown = false;
            link.borrow_mut().report_shown = None;
            link.borrow_mut().registration_shown = false;
            view.set(View::Rows);
        })
    };
    let on_open_registration = {
        let on_select_view = on_select_view.clone();
        Callback::from(move |()| on_select_view.emit(View::Registration))
    };
    let on_range = {
        let link = link.clone();
        Callback::from(move |(offset, limit): (u64, u64)| {
            let generation = link.borrow().generation;
            send(
                &link,
                ToWorker::Rows {
                    generation,
                    offset,
                    limit,
                    columns: Vec::new(),
                },
                None,
            );
        })
    };
    let on_select_row = {
        let state = state.clone();
        let link = link.clone();
        Callback::from(move |index: u64| {
            state.dispatch(Action::Select(index));
            let generation = link.borrow().generation;
            send(&link, ToWorker::Detail { generation, index }, None);
        })
    };
    let on_values = {
        let link = link.clone();
        Callback::from(move |column: String| {
            let generation = link.borrow().generation;
            send(&link, ToWorker::Values { generation, column }, None);
        })
    };
    let on_export = {
        let link = link.clone();
        Callback::from(move |()| {
            let generation = link.borrow().generation;
            send(
                &link,
                ToWorker::Export {
                    generation,
                    columns: Vec::new(),
                },
                None,
            );
        })
    };

    // A report tab shows only while its files are loaded; a view whose tab is
    // gone (its files removed, or a shared link before the files) shows the
    // Overview, and comes back when the files do.
    let registration_loaded = state
        .summary
        .as_deref()
        .is_some_and(|s| s.registration.is_some());
    let visible = tabs::visible(&state.reports.available, registration_loaded);
    let shown_view = if visible.contains(&*view) {
        *view
    } else {
        View::Overview
    };
    let panel = match shown_view {
        View::Overview => match state.summary.clone() {
            Some(summary) if !state.files.is_empty() => html! {
                <>
                    <div class="actions">
                        <button type="button" class="button" onclick={on_download} disabled={state.is_loading()}>
                            { "Download summary (JSON)" }
                        </button>
                    </div>
                    <Overview {summary} charts={state.charts.clone()} {on_filter} reports={state.reports.available.clone()} on_open={on_open_report} {on_open_registration} />
                </>
            },
            _ => html! {
                <p class="empty">{ "Drop exports above, or try the sample, to see who was challenged for MFA, how it was completed and why it failed." }</p>
            },
        },
        View::Rows => {
            let t = &state.table;
            html! {
                <TableView
                    datasets={t.datasets.clone()}
                    query={t.query.clone()}
                    info={t.info.clone()}
                    window={t.window.clone()}
                    selected={t.selected}
                    detail={t.detail.clone()}
                    values={t.values.clone()}
                    {on_query}
                    {on_range}
                    on_select={on_select_row}
                    {on_values}
                    {on_export}
                />
            }
        }
        View::Users => {
            let u = &state.users;
            let on_user_query = {
                let state = state.clone();
                let link = link.clone();
                Callback::from(move |q: UserQuery| {
                    link.borrow_mut().users = q.clone();
                    send(&link, ToWorker::Users { query: q.clone() }, None);
                    state.dispatch(Action::SetUserQuery(q));
                })
            };
            let on_pick = {
                let link = link.clone();
                Callback::from(move |user: String| {
                    send(&link, ToWorker::UserTimeline { user }, None)
                })
            };
            html! {
                <UsersView
                    users={u.list.clone()}
                    query={u.query.clone()}
                    selected={u.selected.clone()}
                    on_query={on_user_query}
                    {on_pick}
                    on_filter={on_filter.clone()}
                />
            }
        }
        View::Reference => html! { <Reference /> },
        View::Report(id) => html! {
            <ReportView {id} report={state.reports.get(id).cloned()} timeline={state.reports.timeline.clone()} {on_rows} />
        },
        View::Registration => {
            let on_page = {
                let state = state.clone();
                let link = link.clone();
                Callback::from(move |request: RegistrationRequest| {
                    link.borrow_mut().registration = request;
                    send(&link, ToWorker::Registration { request }, None);
                    state.dispatch(Action::SetRegistrationPage(request));
                })
            };
            html! {
                <RegistrationView
                    report={state.registration.report.clone()}
                    request={state.registration.request}
                    {on_page}
                    {on_rows}
                />
            }
        }
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
                <UpdateBanner />
                { failure.unwrap_or_default() }
                <DropZone {on_files} {on_sample} />
                <FileList files={state.files.clone()} {on_remove} {on_clear} />
                <Tabs current={shown_view} on_select={on_select_view} views={visible} />
                <div class="panel" role="tabpanel" id={format!("panel-{}", shown_view.id())} aria-labelledby={format!("tab-{}", shown_view.id())}>
                    { panel }
                </div>
            </main>
            <footer class="page-footer">
                { "MFA Lens reads your files in this browser: nothing is uploaded, and the page makes no request once it has loaded." }
            </footer>
        </>
    }
}

fn on_worker_reply(link: &SharedLink, state: &UseReducerHandle<State>, reply: FromWorker) {
    let action = match reply {
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
        FromWorker::Snapshot(snapshot) => {
            // The files changed: run the current query again (on a dataset that
            // still exists) so the table never shows rows of a removed file.
            let current = link.borrow().query.clone();
            let dataset = keep_or_first(current.dataset, &snapshot.datasets);
            let snapshot_reports = snapshot.reports.clone();
            state.dispatch(Action::Snapshot(snapshot));
            if crate::crash::test_panic() == Some(crate::crash::TestPanic::Worker) {
                // Test-only: the worker dies with files loaded, as a bug would.
                send(link, ToWorker::TestPanic, None);
            }
            if link.borrow().users_shown {
                let users = link.borrow().users.clone();
                send(link, ToWorker::Users { query: users }, None);
            }
            let report = link.borrow().report_shown;
            if let Some(id) = report.filter(|id| snapshot_reports.contains(id)) {
                send(link, ToWorker::Report { id }, None);
            }
            if link.borrow().registration_shown {
                let request = link.borrow().registration;
                send(link, ToWorker::Registration { request }, None);
            }
            if let Some(dataset) = dataset {
                let query = if dataset == current.dataset {
                    current
                } else {
                    Query {
                        dataset,
                        ..Query::default()
                    }
                };
                send_query(link, state, query);
            }
            return;
        }
        FromWorker::Failure { message } => Action::Failure(message),
        FromWorker::Crashed { message } => {
            crate::crash::show_banner(crate::crash::WORKER_CRASHED, &message);
            return;
        }
        FromWorker::QueryResult(info) => Action::QueryResult(info),
        FromWorker::Rows {
            generation,
            offset,
            rows,
        } => Action::Rows {
            generation,
            offset,
            rows,
        },
        FromWorker::Detail { generation, detail } => Action::Detail { generation, detail },
        FromWorker::Values {
            generation,
            column,
            values,
            low_cardinality,
        } => Action::Values {
            generation,
            column,
            values,
            low_cardinality,
        },
        FromWorker::Export { csv, .. } => {
            save_text(&csv, "mfa-lens-rows.csv", "text/csv");
            return;
        }
        FromWorker::Users(list) => Action::Users(list),
        FromWorker::UserTimeline { user, charts } => Action::UserTimeline { user, charts },
        FromWorker::Report { report, timeline } => Action::Report(*report, timeline),
        FromWorker::Registration(report) => Action::Registration(report),
    };
    state.dispatch(action);
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

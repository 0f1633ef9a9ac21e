use std::rc::Rc;

use mfa_lens_core::query::Timeline;
use mfa_lens_core::query::{Filter, UserColumn, UserFlag, UserQuery};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::data_table::{DataTable, GridPrefs, RowWindow, ZoneSwitch};
use crate::components::timeline::TimelineChart;
use crate::display::shown_string;
use crate::format::grouped;
use crate::grid_layout::CellKind;
use crate::protocol::UsersAnswer;

#[derive(Properties, PartialEq)]
pub struct UsersViewProps {
    /// How many users match (`None` until the worker has answered).
    pub answer: Option<Rc<UsersAnswer>>,
    /// Which answer it is (its `seq` and files generation).
    #[prop_or_default]
    pub epoch: (u32, u32),
    /// The lines fetched so far, around what is in view.
    pub window: Rc<RowWindow>,
    /// The grid needs lines `(offset, limit)`.
    pub on_range: Callback<(u64, u64)>,
    pub query: UserQuery,
    pub selected: Option<(String, Rc<Timeline>)>,
    pub on_query: Callback<UserQuery>,
    /// A user was picked: show their timeline.
    pub on_pick: Callback<String>,
    /// Show rows matching these filters in the Rows view.
    pub on_filter: Callback<Vec<Filter>>,
    pub grid: GridPrefs,
}

/// The grid's columns: [`crate::protocol::USER_COLUMNS`], the order of the cells a window
/// carries, with their keys, captions and kinds.
const COLUMNS: [(UserColumn, &str, &str, CellKind); 9] = [
    (UserColumn::User, "user", "User", CellKind::Text),
    (
        UserColumn::SignIns,
        "sign_ins",
        "Sign-ins",
        CellKind::Number,
    ),
    (
        UserColumn::MfaRequired,
        "mfa_required",
        "MFA required",
        CellKind::Number,
    ),
    (
        UserColumn::Satisfied,
        "satisfied",
        "Satisfied",
        CellKind::Number,
    ),
    (UserColumn::Denied, "denied", "Denied", CellKind::Number),
    (
        UserColumn::Interrupted,
        "interrupted",
        "Interrupted",
        CellKind::Number,
    ),
    (
        UserColumn::LastDenialReason,
        "last_denial_reason",
        "Last denial reason",
        CellKind::Text,
    ),
    (
        UserColumn::FirstSeen,
        "first_seen",
        "First seen",
        CellKind::Time,
    ),
    (
        UserColumn::LastSeen,
        "last_seen",
        "Last seen",
        CellKind::Time,
    ),
];

const FLAGS: [(UserFlag, &str); 4] = [
    (UserFlag::MfaRequired, "challenged for MFA"),
    (UserFlag::Denied, "denied at least once"),
    (UserFlag::Interrupted, "interrupted at least once"),
    (UserFlag::NeverSatisfied, "never completed MFA"),
];

/// One line per user — the engine's per-user summary — sortable and filterable,
/// and for the picked user a timeline of their sign-ins by outcome.
#[function_component(UsersView)]
pub fn users_view(props: &UsersViewProps) -> Html {
    let Some(answer) = props.answer.clone() else {
        return html! { <p class="empty">{ "Drop sign-in exports to see one line per user." }</p> };
    };
    let total = answer.total;
    let q = &props.query;
    let on_search = {
        let on_query = props.on_query.clone();
        let q = q.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                on_query.emit(UserQuery {
                    search: input.value(),
                    ..q.clone()
                });
            }
        })
    };
    let flags = FLAGS.iter().map(|(flag, label)| {
        let checked = q.flags.contains(flag);
        let on_query = props.on_query.clone();
        let q = q.clone();
        let flag = *flag;
        let onchange = Callback::from(move |_: Event| {
            let mut next = q.clone();
            if checked {
                next.flags.retain(|f| *f != flag);
            } else {
                next.flags.push(flag);
            }
            on_query.emit(next);
        });
        html! { <label class="toolbar__check"><input type="checkbox" {checked} {onchange} />{ *label }</label> }
    });
    let on_sort = {
        let on_query = props.on_query.clone();
        let q = q.clone();
        Callback::from(move |key: String| {
            let Some((col, ..)) = COLUMNS.iter().find(|(_, k, ..)| *k == key) else {
                return;
            };
            // A new column sorts its natural way first: counts largest first, names A–Z.
            let desc = if q.sort == *col {
                !q.desc
            } else {
                !matches!(col, UserColumn::User | UserColumn::LastDenialReason)
            };
            on_query.emit(UserQuery {
                sort: *col,
                desc,
                ..q.clone()
            });
        })
    };
    let on_select = {
        let on_pick = props.on_pick.clone();
        let window = props.window.clone();
        Callback::from(move |i: u64| {
            // A line is picked where it is in view, so it is in the window.
            if let Some(user) = window.row(i).and_then(|cells| cells.first()) {
                on_pick.emit(user.clone());
            }
        })
    };
    let columns = Rc::new(
        COLUMNS
            .iter()
            .enumerate()
            .map(|(i, (_, key, caption, kind))| {
                let chars = answer.widths.get(i).copied().unwrap_or(0);
                props.grid.column(key, caption, *kind, chars)
            })
            .collect::<Vec<_>>(),
    );
    let sort = COLUMNS
        .iter()
        .find(|(c, ..)| *c == q.sort)
        .map(|(_, k, ..)| (k.to_string(), q.desc));
    let window = &props.window;
    let selected_index = props.selected.as_ref().and_then(|(user, _)| {
        let i = window
            .rows
            .iter()
            .position(|cells| cells.first() == Some(user))?;
        Some(window.offset + i as u64)
    });
    let detail = props.selected.as_ref().map(|(user, timeline)| {
        let filters = vec![Filter::User { user: user.clone() }];
        let onclick = props.on_filter.reform(move |_: MouseEvent| filters.clone());
        html! {
            <section class="user-detail" aria-label={format!("Sign-ins of {user}")}>
                <h3>{ shown_string(user) }</h3>
                <button type="button" class="button button--small" {onclick}>{ "Show this user's sign-ins" }</button>
                <TimelineChart timeline={timeline.clone()} on_filter={props.on_filter.clone()} />
            </section>
        }
    });
    html! {
        <section class="users-view" aria-label="Users">
            <div class="toolbar">
                <label class="toolbar__field toolbar__search">
                    <span class="visually-hidden">{ "Search users" }</span>
                    <input type="search" placeholder="Search users…" value={q.search.clone()} onchange={on_search} />
                </label>
                { for flags }
                <ZoneSwitch prefs={props.grid.clone()} />
            </div>
            <p class="table-view__count" aria-live="polite">{ format!("{} user{}", grouped(total), if total == 1 { "" } else { "s" }) }</p>
            <DataTable
                label="Users"
                {columns}
                {total}
                epoch={props.epoch}
                window={props.window.clone()}
                zone={props.grid.zone}
                on_resize={props.grid.on_resize.clone()}
                {sort}
                selected={selected_index}
                on_range={props.on_range.clone()}
                {on_sort}
                {on_select}
            />
            { detail.unwrap_or_default() }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::USER_COLUMNS;

    #[test]
    fn the_grid_columns_are_the_cells_the_worker_sends() {
        let order: Vec<UserColumn> = COLUMNS.iter().map(|(c, ..)| *c).collect();
        assert_eq!(order, USER_COLUMNS);
    }
}

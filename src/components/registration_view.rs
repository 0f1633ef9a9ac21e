use std::rc::Rc;

use mfa_lens_core::query::{DatasetId, Filter};
use mfa_lens_core::reports::registration::{
    Capability, MethodCount, RegisteredUser, RegistrationReport, RegistrationRequest, SignInList,
};
use yew::prelude::*;

use crate::components::bar_chart::{Bar, BarChart};
use crate::format::{grouped, percent};

#[derive(Properties, PartialEq)]
pub struct RegistrationViewProps {
    /// `None` until the worker has answered (or when no report is loaded).
    pub report: Option<Rc<RegistrationReport>>,
    pub request: RegistrationRequest,
    /// Another page of the unregistered users.
    pub on_page: Callback<RegistrationRequest>,
    /// Show the rows of `dataset` matching these filters in the Rows tab.
    pub on_rows: Callback<(DatasetId, Vec<Filter>)>,
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// Who has and who has not registered for MFA: the reference document's two
/// PowerShell questions answered in words, then what an admin asks next
/// (methods, admins without MFA, capable against registered, and who signs in
/// without being registered). Every number comes from the worker's report.
#[function_component(RegistrationView)]
pub fn registration_view(props: &RegistrationViewProps) -> Html {
    let Some(r) = props.report.clone() else {
        return html! {
            <p class="empty">{ "Drop a registration report — the portal's “User registration details” download, a Graph or PowerShell export of it, or the MSOnline per-user MFA report — to see who has and who has not registered for MFA." }</p>
        };
    };
    let rows = |filters: Vec<Filter>| {
        props
            .on_rows
            .reform(move |_: MouseEvent| (DatasetId::Registration, filters.clone()))
    };
    let show_registered = rows(r.registered_filter.clone());
    let show_unregistered = rows(r.unregistered_filter.clone());
    html! {
        <section class="registration" aria-labelledby="registration-title">
            <h2 id="registration-title">{ "Registration for MFA" }</h2>
            <p class="registration__intro">
                { format!("{} in the registration reports. ", plural(r.users, "user", "users")) }
                { "A user counts as registered when the report's “MFA registered” flag says so, or, without that flag (the MSOnline report), when at least one MFA method is listed — what the PowerShell questions test." }
            </p>
            <div class="answers">
                <div class="answer tone--ok" data-answer="registered">
                    <h3 class="answer__question">{ "Which users have registered for MFA?" }</h3>
                    <p class="answer__value">{ grouped(r.registered) }</p>
                    <p class="answer__words">{ format!("{} of {} have registered ({}).", plural(r.registered, "user", "users"), grouped(r.users), percent(r.registered, r.users)) }</p>
                    if r.registered > 0 {
                        <button type="button" class="button button--small" onclick={show_registered}>{ "Show these rows" }</button>
                    }
                </div>
                <div class="answer tone--bad" data-answer="not-registered">
                    <h3 class="answer__question">{ "Which users have not registered for MFA?" }</h3>
                    <p class="answer__value">{ grouped(r.not_registered) }</p>
                    <p class="answer__words">{ format!("{} of {} have not registered any MFA method ({}). They are listed below.", plural(r.not_registered, "user", "users"), grouped(r.users), percent(r.not_registered, r.users)) }</p>
                    if r.not_registered > 0 {
                        <button type="button" class="button button--small" onclick={show_unregistered}>{ "Show these rows" }</button>
                    }
                </div>
                { admins_answer(&r, &rows) }
                { sign_ins_answer(&r) }
            </div>
            { admins_list(&r) }
            <div class="charts">
                <BarChart title="Methods registered (users with each method)" bars={method_bars(&r)} total={r.users} />
                if !r.mfa_states.is_empty() {
                    <BarChart title="Per-user MFA state (MSOnline)" bars={state_bars(&r)} total={r.users} />
                }
            </div>
            { method_spellings(&r) }
            { r.capability.as_ref().map(capability).unwrap_or_default() }
            { unregistered_list(&r, props) }
            { sign_in_lists(&r, &props.on_rows) }
        </section>
    }
}

fn admins_answer(
    r: &RegistrationReport,
    rows: &dyn Fn(Vec<Filter>) -> Callback<MouseEvent>,
) -> Html {
    let Some(a) = &r.admins else {
        return html! {};
    };
    let tone = if a.without_mfa > 0 {
        "tone--bad"
    } else {
        "tone--ok"
    };
    let words = if a.without_mfa == 0 {
        format!(
            "✓ All {} are registered for MFA.",
            plural(a.admins, "admin", "admins")
        )
    } else {
        format!(
            "⚠ {} of {} {} no MFA method registered.",
            grouped(a.without_mfa),
            plural(a.admins, "admin", "admins"),
            if a.without_mfa == 1 { "has" } else { "have" }
        )
    };
    html! {
        <div class={classes!("answer", tone)} data-answer="admins">
            <h3 class="answer__question">{ "Admins without MFA" }</h3>
            <p class="answer__value">{ grouped(a.without_mfa) }</p>
            <p class="answer__words">{ words }</p>
            if a.without_mfa > 0 && !r.admins_filter.is_empty() {
                <button type="button" class="button button--small" onclick={rows(r.admins_filter.clone())}>{ "Show these rows" }</button>
            }
        </div>
    }
}

fn sign_ins_answer(r: &RegistrationReport) -> Html {
    let Some(s) = &r.sign_ins else {
        return html! {
            <div class="answer tone--neutral" data-answer="sign-ins">
                <h3 class="answer__question">{ "Who signs in without being registered?" }</h3>
                <p class="answer__words">{ "Drop sign-in exports too, and the users who sign in but are not registered are listed here." }</p>
            </div>
        };
    };
    let tone = if s.not_registered.total > 0 {
        "tone--bad"
    } else {
        "tone--ok"
    };
    html! {
        <div class={classes!("answer", tone)} data-answer="sign-ins">
            <h3 class="answer__question">{ "Who signs in without being registered?" }</h3>
            <p class="answer__value">{ grouped(s.not_registered.total) }</p>
            <p class="answer__words">{ format!("{} of the {} who sign in {} not registered; {} in no registration report.", plural(s.not_registered.total, "user", "users"), plural(s.sign_in_users, "user", "users"), if s.not_registered.total == 1 { "is" } else { "are" }, plural(s.not_in_report.total, "more is", "more are")) }</p>
        </div>
    }
}

fn admins_list(r: &RegistrationReport) -> Html {
    let Some(a) = r.admins.as_ref().filter(|a| !a.list.is_empty()) else {
        return html! {};
    };
    html! {
        <div class="registration__admins" role="region" aria-labelledby="admins-title">
            <h3 id="admins-title">{ "⚠ Admins without MFA" }</h3>
            <p class="muted">{ "An admin account with no second factor is the first one an attacker tries: register a method for each, or block their sign-in until they do." }</p>
            <ul class="flag-list">
                { for a.list.iter().map(|u| html! {
                    <li class="flag flag--danger">
                        <span class="flag__badge">{ "⚠ Admin, no MFA" }</span>
                        <span class="flag__user">{ u.user.clone() }</span>
                        { u.name.clone().map(|n| html! { <span class="flag__name muted">{ n }</span> }).unwrap_or_default() }
                    </li>
                }) }
            </ul>
            if a.without_mfa > a.list.len() as u64 {
                <p class="muted">{ format!("The first {} of {} are listed.", a.list.len(), grouped(a.without_mfa)) }</p>
            }
        </div>
    }
}

fn method_bars(r: &RegistrationReport) -> Vec<Bar> {
    r.methods
        .iter()
        .map(|m| Bar {
            label: m.label.clone(),
            count: m.users,
            tone: "tone--method",
        })
        .collect()
}

/// How the files wrote each method, under the name the chart shows it by:
/// the portal's, whatever the export (MSOnline's `PhoneAppNotification`,
/// Graph's `microsoftAuthenticatorPush`, …). Methods written only under their
/// portal name need no line; a spelling MFA Lens does not know says so.
fn method_spellings(r: &RegistrationReport) -> Html {
    let lines: Vec<&MethodCount> = r
        .methods
        .iter()
        .filter(|m| m.id.is_none() || m.spellings.iter().any(|s| *s != m.label))
        .collect();
    if lines.is_empty() {
        return html! {};
    }
    html! {
        <div class="method-spellings">
            <h3 id="method-spellings-title">{ "How the files name these methods" }</h3>
            <p class="method-spellings__note">{ "Portal, Graph and MSOnline exports name the same method differently; each is counted once, under the Entra portal's name." }</p>
            <ul class="method-spellings__list" aria-labelledby="method-spellings-title">
                { for lines.iter().map(|m| html! {
                    <li class="method-spellings__item" data-method={m.label.clone()}>
                        <span class="method-spellings__label">{ m.label.clone() }</span>
                        <span class="method-spellings__as">
                            { if m.id.is_some() {
                                format!("written as {}", m.spellings.join(" · "))
                            } else {
                                "not a method MFA Lens knows: kept as written".to_string()
                            } }
                        </span>
                    </li>
                }) }
            </ul>
        </div>
    }
}

fn state_bars(r: &RegistrationReport) -> Vec<Bar> {
    r.mfa_states
        .iter()
        .map(|(label, count)| Bar {
            label: label.clone(),
            count: *count,
            tone: if label.eq_ignore_ascii_case("disabled") {
                "outcome--none"
            } else {
                "tone--method"
            },
        })
        .collect()
}

fn capability(k: &Capability) -> Html {
    let cell = |n: u64, note: &str, warn: bool| {
        html! {
            <td class={classes!(warn.then_some("cell--warn"))}>
                <strong>{ grouped(n) }</strong>
                if warn { <span class="cell__note">{ format!(" ⚠ {note}") }</span> }
            </td>
        }
    };
    html! {
        <div class="registration__capability">
            <h3>{ "MFA capable against registered" }</h3>
            <p class="muted">{ "“Capable” means the user has a method the authentication methods policy allows; “registered” means they registered one. A registered user who is not capable cannot actually use MFA; the policy or their method needs a look." }</p>
            <table class="matrix">
                <caption class="visually-hidden">{ "Users by MFA capable and MFA registered" }</caption>
                <thead><tr><td></td><th scope="col">{ "MFA capable" }</th><th scope="col">{ "Not capable" }</th></tr></thead>
                <tbody>
                    <tr><th scope="row">{ "Registered" }</th>{ cell(k.registered_capable, "", false) }{ cell(k.registered_not_capable, "registered but cannot use it", k.registered_not_capable > 0) }</tr>
                    <tr><th scope="row">{ "Not registered" }</th>{ cell(k.not_registered_capable, "capable without registering", k.not_registered_capable > 0) }{ cell(k.not_registered_not_capable, "", false) }</tr>
                </tbody>
            </table>
            if k.unknown > 0 {
                <p class="muted">{ format!("{} only in a report without an “MFA capable” column.", plural(k.unknown, "user is", "users are")) }</p>
            }
        </div>
    }
}

fn yes_no(v: Option<bool>, yes: &str, no: &str) -> String {
    match v {
        Some(true) => yes.to_string(),
        Some(false) => no.to_string(),
        None => String::new(),
    }
}

fn unregistered_list(r: &RegistrationReport, props: &RegistrationViewProps) -> Html {
    let page = &r.unregistered;
    if page.total == 0 {
        return html! {
            <div class="registration__list">
                <h3>{ "Users not registered for MFA" }</h3>
                <p>{ "✓ Every user in the reports has registered for MFA." }</p>
            </div>
        };
    }
    let limit = props.request.limit.max(1);
    let first = page.offset + 1;
    let last = page.offset + page.users.len() as u64;
    let prev = (page.offset > 0).then(|| {
        props
            .on_page
            .reform(move |_: MouseEvent| RegistrationRequest {
                offset: first.saturating_sub(1).saturating_sub(limit),
                limit,
            })
    });
    let next = (last < page.total).then(|| {
        props
            .on_page
            .reform(move |_: MouseEvent| RegistrationRequest {
                offset: last,
                limit,
            })
    });
    let with_admin = r.admins.is_some();
    let with_capable = r.capability.is_some();
    let with_state = !r.mfa_states.is_empty();
    let with_sign_ins = r.sign_ins.is_some();
    let row = |u: &RegisteredUser| {
        let admin = u.admin == Some(true);
        html! {
            <tr class={classes!(admin.then_some("row--flagged"))}>
                <td class="cell--user">{ u.user.clone() }</td>
                <td>{ u.name.clone().unwrap_or_default() }</td>
                if with_admin { <td>{ if admin { "⚠ Admin" } else { "" } }</td> }
                if with_capable { <td>{ yes_no(u.capable, "Capable", "Not capable") }</td> }
                if with_state { <td>{ u.mfa_state.clone().unwrap_or_default() }</td> }
                if with_sign_ins { <td class="cell--number">{ u.sign_ins.map(grouped).unwrap_or_default() }</td> }
            </tr>
        }
    };
    html! {
        <div class="registration__list" role="region" aria-labelledby="unregistered-title">
            <h3 id="unregistered-title">{ "Users not registered for MFA" }</h3>
            <p class="muted">{ format!("Admins first{}, then by name.", if with_sign_ins { ", then those who sign in most" } else { "" }) }</p>
            <table class="list-table" aria-describedby="unregistered-count">
                <thead>
                    <tr>
                        <th scope="col">{ "User" }</th>
                        <th scope="col">{ "Name" }</th>
                        if with_admin { <th scope="col">{ "Admin" }</th> }
                        if with_capable { <th scope="col">{ "MFA capable" }</th> }
                        if with_state { <th scope="col">{ "MFA state" }</th> }
                        if with_sign_ins { <th scope="col">{ "Sign-ins" }</th> }
                    </tr>
                </thead>
                <tbody>{ for page.users.iter().map(row) }</tbody>
            </table>
            <div class="pager">
                <span id="unregistered-count" class="pager__count" aria-live="polite">
                    { format!("{}–{} of {}", grouped(first), grouped(last), grouped(page.total)) }
                </span>
                <button type="button" class="button button--small" disabled={prev.is_none()} onclick={prev.unwrap_or_default()}>{ "Previous" }</button>
                <button type="button" class="button button--small" disabled={next.is_none()} onclick={next.unwrap_or_default()}>{ "Next" }</button>
            </div>
        </div>
    }
}

fn sign_in_lists(r: &RegistrationReport, on_rows: &Callback<(DatasetId, Vec<Filter>)>) -> Html {
    let Some(s) = &r.sign_ins else {
        return html! {};
    };
    html! {
        <>
            { sign_in_table("sign-in-unregistered", "Users who sign in but are not registered", "These users use their accounts without any MFA method: at their next MFA prompt they will be asked to register, or be blocked. “MFA satisfied” counts sign-ins where MFA was met anyway (a token claim, a federated provider).", &s.not_registered, on_rows) }
            { sign_in_table("sign-in-missing", "Users who sign in but are in no registration report", "The registration report may be older than the sign-ins, cover other users, or these may be guests or synchronised accounts it leaves out.", &s.not_in_report, on_rows) }
        </>
    }
}

fn sign_in_table(
    id: &str,
    title: &str,
    note: &str,
    list: &SignInList,
    on_rows: &Callback<(DatasetId, Vec<Filter>)>,
) -> Html {
    let title_id = format!("{id}-title");
    if list.total == 0 {
        return html! {
            <div class="registration__list" data-list={id.to_string()}>
                <h3>{ title.to_string() }</h3>
                <p>{ "✓ None." }</p>
            </div>
        };
    }
    html! {
        <div class="registration__list" role="region" aria-labelledby={title_id.clone()} data-list={id.to_string()}>
            <h3 id={title_id}>{ format!("{title} ({})", grouped(list.total)) }</h3>
            <p class="muted">{ note.to_string() }</p>
            <table class="list-table">
                <thead>
                    <tr>
                        <th scope="col">{ "User" }</th>
                        <th scope="col">{ "Sign-ins" }</th>
                        <th scope="col">{ "MFA satisfied" }</th>
                        <th scope="col">{ "Last seen (UTC)" }</th>
                        <th scope="col"><span class="visually-hidden">{ "Rows" }</span></th>
                    </tr>
                </thead>
                <tbody>
                    { for list.users.iter().map(|u| {
                        let filters = vec![Filter::User { user: u.user.clone() }];
                        let onclick = on_rows.reform(move |_: MouseEvent| (DatasetId::SignIns, filters.clone()));
                        html! {
                            <tr>
                                <td class="cell--user">{ u.user.clone() }</td>
                                <td class="cell--number">{ grouped(u.sign_ins) }</td>
                                <td class="cell--number">{ grouped(u.mfa_satisfied) }</td>
                                <td>{ u.last_seen.clone().unwrap_or_default() }</td>
                                <td><button type="button" class="button button--small" aria-label={format!("Show sign-ins of {}", u.user)} {onclick}>{ "Show sign-ins" }</button></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if list.total > list.users.len() as u64 {
                <p class="muted">{ format!("The {} with the most sign-ins are listed.", list.users.len()) }</p>
            }
        </div>
    }
}

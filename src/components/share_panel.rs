//! "Share": what to hand on to a security team, support or an auditor, made
//! here from every loaded file and saved to the downloads — a redacted copy
//! of the exports (one ZIP) or a one-file report, redacted or not. The key
//! of a redaction is random unless a passphrase is given, and is shown once.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::format::grouped;
use crate::protocol::{KeyChoice, ShareAsk};
use crate::state::{Made, ShareState};

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub share: ShareState,
    /// Files are still being read: what is made would miss them.
    pub loading: bool,
    pub on_share: Callback<(ShareAsk, KeyChoice)>,
    pub on_close: Callback<()>,
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let passphrase = use_state(String::new);
    let use_passphrase = use_state(|| false);
    let redact_report = use_state(|| true);
    let key = || {
        if *use_passphrase && !passphrase.is_empty() {
            KeyChoice::Passphrase((*passphrase).clone())
        } else {
            KeyChoice::Random
        }
    };
    let ask = |what: ShareAsk| {
        let (on_share, key) = (props.on_share.clone(), key());
        Callback::from(move |_: MouseEvent| on_share.emit((what, key.clone())))
    };
    let busy = props.share.busy.is_some() || props.loading;
    let missing_passphrase = *use_passphrase && passphrase.is_empty();
    let on_redact_report = {
        let redact_report = redact_report.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            redact_report.set(input.checked());
        })
    };
    html! {
        <section id="share-panel" class="share" aria-labelledby="share-title">
            <div class="share__head">
                <h2 id="share-title">{ "Share what you found" }</h2>
                <button type="button" class="button button--small" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
            </div>
            <p class="share__intro">
                { "Made in this browser from every loaded file and saved to your downloads; nothing is sent anywhere. A redacted copy replaces user names, display names, IDs, IP addresses, phone numbers, cities and device names by keyed pseudonyms — the same user is the same pseudonym in every file — and keeps codes, results, methods, applications, times and countries, so it reads the same." }
            </p>
            { key_choice(&use_passphrase, &passphrase) }
            <div class="share__actions">
                <button type="button" class="button button--primary" disabled={busy || missing_passphrase} onclick={ask(ShareAsk::RedactedZip)}>
                    { "Download a redacted copy (ZIP)" }
                </button>
                <span class="share__report">
                    <button type="button" class="button" disabled={busy || (*redact_report && missing_passphrase)}
                        onclick={ask(ShareAsk::Report { redacted: *redact_report })}>
                        { "Save report (HTML)" }
                    </button>
                    <label>
                        <input type="checkbox" checked={*redact_report} onchange={on_redact_report} />
                        { " redacted" }
                    </label>
                </span>
            </div>
            if props.loading {
                <p class="share__note" role="status">{ "Files are still being read: wait for them, so nothing is left out." }</p>
            }
            { status(&props.share) }
        </section>
    }
}

/// Random key or passphrase.
fn key_choice(use_passphrase: &UseStateHandle<bool>, passphrase: &UseStateHandle<String>) -> Html {
    let pick = |value: bool| {
        let use_passphrase = use_passphrase.clone();
        Callback::from(move |_: Event| use_passphrase.set(value))
    };
    let on_passphrase = {
        let passphrase = passphrase.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            passphrase.set(input.value());
        })
    };
    html! {
        <fieldset class="share__key">
            <legend>{ "Pseudonyms" }</legend>
            <label>
                <input type="radio" name="share-key" checked={!**use_passphrase} onchange={pick(false)} />
                { " From a new random key, shown once when the copy is made" }
            </label>
            <label>
                <input type="radio" name="share-key" checked={**use_passphrase} onchange={pick(true)} />
                { " From a passphrase: the same passphrase gives the same pseudonyms, so copies made at different times line up" }
            </label>
            if **use_passphrase {
                <label class="share__passphrase">
                    { "Passphrase " }
                    <input id="share-passphrase" type="password" autocomplete="off" value={(**passphrase).clone()} oninput={on_passphrase} />
                </label>
            }
        </fieldset>
    }
}

/// Progress, the file made (and its key, once), or what went wrong.
fn status(share: &ShareState) -> Html {
    if let Some((ask, done, total)) = share.busy {
        let what = match ask {
            ShareAsk::RedactedZip => "Redacting the files",
            ShareAsk::Report { redacted: true } => "Redacting the files for the report",
            ShareAsk::Report { redacted: false } => "Writing the report",
        };
        let percent = (done * 100).checked_div(total).unwrap_or(0);
        return html! {
            <div class="share__progress" role="status">
                <span>{ format!("{what}… {percent}%") }</span>
                <progress max={total.max(1).to_string()} value={done.to_string()} aria-label={what}></progress>
            </div>
        };
    }
    if let Some(message) = &share.failed {
        return html! { <p class="share__failed" role="alert">{ format!("Nothing was saved: {message}") }</p> };
    }
    share.made.as_ref().map(made).unwrap_or_default()
}

fn made(m: &Made) -> Html {
    let what = match m.ask {
        ShareAsk::RedactedZip => "The redacted copy",
        ShareAsk::Report { redacted: true } => "The redacted report",
        ShareAsk::Report { redacted: false } => "The report (with personal data)",
    };
    html! {
        <div class="share__made" role="status">
            <p>{ format!("{what} was saved to your downloads as {}.", m.file_name) }</p>
            if let Some(key) = &m.key_hex {
                <p class="share__key-shown">
                    { "Its key, shown only now: " }
                    <code>{ key.clone() }</code>
                </p>
                <p class="share__warning">
                    { "Keep the key only to redact more files with the same pseudonyms, and never send it with the copy: whoever holds it and the original values can confirm a guess of who is who." }
                </p>
            }
            if !m.left_out.is_empty() {
                <p>{ format!("Left out ({}), as not tables MFA Lens can read and so cannot promise to redact:", grouped(m.left_out.len() as u64)) }</p>
                <ul class="share__left-out">
                    { for m.left_out.iter().map(|l| html! { <li>{ l.clone() }</li> }) }
                </ul>
            }
        </div>
    }
}

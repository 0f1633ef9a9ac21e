//! The KQL panel: the question on screen as a query for Log Analytics,
//! Microsoft Sentinel or Azure Data Explorer, written by the worker from the
//! core's own rules, with where to paste it and a Copy button. The query is
//! shown in full (selectable text), so it can be read before it is run.

use std::rc::Rc;

use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::components::report_parts::go_to;
use crate::protocol::KqlAsk;
use crate::state::KqlShown;

#[derive(Properties, PartialEq)]
pub struct KqlPanelProps {
    pub kql: KqlShown,
    pub on_close: Callback<()>,
}

/// Whether the last Copy reached the clipboard.
#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Not,
    Yes,
    /// The browser refused (no permission, a `file://` page in some
    /// browsers): the text is selected for Ctrl+C instead.
    Refused,
}

#[function_component(KqlPanel)]
pub fn kql_panel(props: &KqlPanelProps) -> Html {
    let copied = use_state_eq(|| Copied::Not);
    let area = use_node_ref();
    {
        // A new question: the old "Copied" no longer holds.
        let copied = copied.clone();
        use_effect_with(props.kql.clone(), move |_| copied.set(Copied::Not));
    }
    // Opened from a card far down the list: the panel is where the eyes and
    // the keyboard go.
    use_effect_with(props.kql.ask, |_| go_to("kql-title"));
    let title = match props.kql.ask {
        KqlAsk::Overview => "The Overview as KQL".to_string(),
        KqlAsk::Rows => "These rows as KQL".to_string(),
        KqlAsk::Finding(rule) => {
            format!("{} as KQL", mfa_lens_core::findings::rule_info(rule).title)
        }
    };
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let body = match props.kql.text.as_deref() {
        None => html! { <p class="kql__status" role="status">{ "Writing the query…" }</p> },
        Some(Err(why)) => html! {
            <p class="kql__status kql__status--none" role="status">
                { format!("No query for this: {why}.") }
            </p>
        },
        Some(Ok(text)) => query(text, &area, &copied),
    };
    html! {
        <section class="kql" aria-labelledby="kql-title">
            <div class="kql__head">
                <h3 id="kql-title" tabindex="-1">{ title }</h3>
                <button type="button" class="button button--small" onclick={on_close}>{ "Close" }</button>
            </div>
            { body }
        </section>
    }
}

/// The query, where it goes, and Copy.
fn query(text: &str, area: &NodeRef, copied: &UseStateHandle<Copied>) -> Html {
    let text: Rc<str> = text.into();
    let on_copy = {
        let (text, area, copied) = (text.clone(), area.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| copy(text.clone(), area.clone(), copied.clone()))
    };
    let lines = text.lines().count().clamp(4, 18);
    let note = match **copied {
        Copied::Not => "",
        Copied::Yes => "Copied.",
        Copied::Refused => {
            "The browser did not allow copying: the query is selected, press Ctrl+C (⌘C)."
        }
    };
    html! {
        <>
            <p class="kql__where">
                { "Paste it into Log Analytics (Logs), a Microsoft Sentinel analytics rule, or Azure Data Explorer where the SigninLogs and AADNonInteractiveUserSignInLogs tables are. It asks those tables the same question with the same rules; nothing of the loaded files is in it but the period they cover and the values of your filters." }
            </p>
            <div class="kql__actions">
                <button type="button" class="button" onclick={on_copy}>{ "Copy" }</button>
                <span class="kql__copied" role="status">{ note }</span>
            </div>
            <textarea
                ref={area.clone()}
                class="kql__text"
                readonly=true
                spellcheck="false"
                rows={lines.to_string()}
                aria-label="The query"
                value={text.to_string()}
            />
        </>
    }
}

/// Writes `text` to the clipboard; if the browser refuses, selects it.
fn copy(text: Rc<str>, area: NodeRef, copied: UseStateHandle<Copied>) {
    let clipboard = gloo::utils::window().navigator().clipboard();
    let promise = clipboard.write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        if JsFuture::from(promise).await.is_ok() {
            copied.set(Copied::Yes);
            return;
        }
        if let Some(el) = area.cast::<web_sys::HtmlTextAreaElement>() {
            let _ = el.focus();
            el.select();
        }
        copied.set(Copied::Refused);
    });
}

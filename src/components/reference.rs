use mfa_lens_core::knowledge::{self, Entry};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::grouped;

/// The whole knowledge base, searchable, usable without any file: every MFA
/// Server call result, MFA result, sign-in error code and method, with what it
/// means and what to do.
#[function_component(Reference)]
pub fn reference() -> Html {
    let query = use_state(String::new);
    let on_input = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                query.set(input.value());
            }
        })
    };
    let entries = knowledge::search(&query);
    html! {
        <section class="reference" aria-labelledby="reference-title">
            <h2 id="reference-title">{ "Reference" }</h2>
            <p class="reference__intro">
                { "Every code and result text MFA exports contain, explained, with a next step. Type a code (500121, FAILED_PHONE_APP_DENIED) or words (declined, voicemail)." }
            </p>
            <label class="reference__search">
                <span class="visually-hidden">{ "Search the reference" }</span>
                <input type="search" placeholder="Search codes and results…" value={(*query).clone()} oninput={on_input} />
            </label>
            <p class="reference__count" aria-live="polite">
                { format!("{} entr{}", grouped(entries.len() as u64), if entries.len() == 1 { "y" } else { "ies" }) }
            </p>
            <ul class="reference__list">
                { for entries.iter().take(200).map(entry) }
            </ul>
        </section>
    }
}

fn entry(e: &Entry) -> Html {
    let category = e.category().map(|c| c.label()).unwrap_or("method");
    html! {
        <li class="entry">
            <div class="entry__head">
                <code class="entry__code">{ e.code_or_name().into_owned() }</code>
                <span class="entry__title">{ e.title() }</span>
                <span class="entry__kind">{ format!("{} · {category}", e.kind_label()) }</span>
            </div>
            <p class="entry__explanation">{ e.explanation() }</p>
            <p class="entry__next"><strong>{ "Next step: " }</strong>{ e.next_step() }</p>
        </li>
    }
}

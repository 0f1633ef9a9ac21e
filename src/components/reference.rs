use std::rc::Rc;

use mfa_lens_core::knowledge::Card;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::rule_reference::RuleReference;
use crate::format::grouped;
use crate::protocol::ReferenceAnswer;

#[derive(Properties, PartialEq)]
pub struct ReferenceProps {
    /// The text searched for (empty: every entry).
    #[prop_or_default]
    pub query: AttrValue,
    /// The worker's entries for `query` (`None` until it has answered).
    #[prop_or_default]
    pub answer: Option<Rc<ReferenceAnswer>>,
    pub on_search: Callback<String>,
}

/// The whole knowledge base, searchable, usable without any file: every MFA
/// Server call result, MFA result, sign-in error code and method, with what it
/// means and what to do. The worker searches it; the page only shows entries.
#[function_component(Reference)]
pub fn reference(props: &ReferenceProps) -> Html {
    let on_input = props.on_search.reform(|e: InputEvent| {
        e.target_dyn_into::<HtmlInputElement>()
            .map(|input| input.value())
            .unwrap_or_default()
    });
    let count = props.answer.as_ref().map(|a| {
        let n = a.total;
        format!("{} entr{}", grouped(n), if n == 1 { "y" } else { "ies" })
    });
    html! {
        <section class="reference" aria-labelledby="reference-title">
            <h2 id="reference-title">{ "Reference" }</h2>
            <p class="reference__intro">
                { "Every code and result text MFA exports contain, explained, with a next step. Type a code (500121, FAILED_PHONE_APP_DENIED) or words (declined, voicemail)." }
            </p>
            <label class="reference__search">
                <span class="visually-hidden">{ "Search the reference" }</span>
                <input type="search" placeholder="Search codes and results…" value={props.query.clone()} oninput={on_input} />
            </label>
            <RuleReference query={props.query.clone()} />
            <p class="reference__count" aria-live="polite">{ count.unwrap_or_default() }</p>
            <ul class="reference__list">
                { for props.answer.iter().flat_map(|a| a.cards.iter()).map(entry) }
            </ul>
        </section>
    }
}

/// What the entry means for the sign-in, from the core's tables: a call
/// result's outcome class, an MFA result's meaning.
fn meaning(e: &Card) -> Option<(&'static str, &'static str)> {
    if let Some(o) = e.call_outcome {
        return Some((o.label(), o.id()));
    }
    e.meaning.map(|m| (m.label(), m.id()))
}

fn entry(e: &Card) -> Html {
    let category = e.category.as_deref().unwrap_or("method");
    html! {
        <li class="entry" data-code={e.code.clone()}>
            <div class="entry__head">
                <code class="entry__code">{ e.code.clone() }</code>
                <span class="entry__title">{ e.title.clone() }</span>
                { meaning(e).map(|(label, id)| html! {
                    <span class={classes!("entry__meaning", format!("meaning--{id}"))} data-meaning={id}>{ label }</span>
                }).unwrap_or_default() }
                <span class="entry__kind">{ format!("{} · {category}", e.kind) }</span>
            </div>
            <p class="entry__explanation">{ e.explanation.clone() }</p>
            <p class="entry__next"><strong>{ "Next step: " }</strong>{ e.next_step.clone() }</p>
        </li>
    }
}

use std::rc::Rc;

use mfa_lens_core::query::{Query, RowDetail};
use yew::prelude::*;

use crate::display::{shown, shown_string};

#[derive(Properties, PartialEq)]
pub struct DetailPanelProps {
    pub detail: Rc<RowDetail>,
    pub query: Query,
    pub on_query: Callback<Query>,
}

/// One row in full: the verdict, what it means and what to do, the MFA steps of a
/// sign-in in order, and every field.
#[function_component(DetailPanel)]
pub fn detail_panel(props: &DetailPanelProps) -> Html {
    let d = &props.detail;
    let user_link = d.user_filter.clone().map(|filter| {
        let on_query = props.on_query.clone();
        let q = props.query.clone();
        let user = d.user.clone().unwrap_or_default();
        let onclick = Callback::from(move |_: MouseEvent| {
            let mut next = q.clone();
            next.filters.retain(|f| !matches!(f, mfa_lens_core::query::Filter::User { .. }));
            next.filters.push(filter.clone());
            on_query.emit(next);
        });
        html! { <button type="button" class="button button--small" {onclick}>{ format!("All rows of {}", shown(&user)) }</button> }
    });
    html! {
        <aside class="detail" aria-label="Row detail">
            <h3>{ "This row" }</h3>
            if let Some(c) = &d.classification {
                <p class={classes!("detail__verdict", format!("outcome--{}", c.outcome.replace('_', "-")))}>
                    <strong>{ c.outcome.replace('_', " ") }</strong>
                    { c.mfa_required.map(|r| if r { " · MFA required" } else { " · MFA not required" }).unwrap_or_default() }
                    { c.reason.as_ref().map(|r| format!(" · {r}")).unwrap_or_default() }
                    { c.category.as_ref().map(|c| format!(" · {c}")).unwrap_or_default() }
                </p>
            }
            { user_link.unwrap_or_default() }
            { for d.explanations.iter().map(|e| html! {
                <div class="detail__explanation">
                    <p><code>{ e.code.clone() }</code>{ format!(" {}", e.label) }</p>
                    <p>{ e.explanation.clone() }</p>
                    <p><strong>{ "Next step: " }</strong>{ e.next_step.clone() }</p>
                </div>
            }) }
            if !d.steps.is_empty() {
                <h4>{ "Authentication steps" }</h4>
                <ol class="detail__steps">
                    { for d.steps.iter().map(|s| html! {
                        <li>
                            { format!("{} · {} {} · {} · {}", s.time.clone().unwrap_or_default(), s.requirement, s.method, if s.succeeded.eq_ignore_ascii_case("true") { "succeeded" } else { "did not succeed" }, s.result_detail) }
                        </li>
                    }) }
                </ol>
            }
            <h4>{ format!("All fields ({})", d.file) }</h4>
            <dl class="detail__fields">
                { for d.fields.iter().map(|f| html! { <><dt>{ shown_string(&f.caption) }</dt><dd>{ shown_string(&f.value) }</dd></> }) }
            </dl>
        </aside>
    }
}

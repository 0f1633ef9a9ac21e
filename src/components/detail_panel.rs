use std::rc::Rc;

use mfa_lens_core::query::{
    Classification, DetailField, Explanation, Filter, Query, RowDetail, Step,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::report_parts::when;
use crate::display::{shown, shown_string};
use crate::format::grouped;

#[derive(Properties, PartialEq)]
pub struct DetailPanelProps {
    pub detail: Rc<RowDetail>,
    pub query: Query,
    pub on_query: Callback<Query>,
}

/// One row read as an answer: the verdict first, then what happened (each code
/// and text once, with what it means and what to do), the MFA steps of a
/// sign-in in order, and every field in a list that folds and filters.
#[function_component(DetailPanel)]
pub fn detail_panel(props: &DetailPanelProps) -> Html {
    let d = &props.detail;
    let user_link = d.user_filter.clone().map(|filter| {
        let on_query = props.on_query.clone();
        let q = props.query.clone();
        let user = d.user.clone().unwrap_or_default();
        let onclick = Callback::from(move |_: MouseEvent| {
            let mut next = q.clone();
            next.filters.retain(|f| !matches!(f, Filter::User { .. }));
            next.filters.push(filter.clone());
            on_query.emit(next);
        });
        html! { <button type="button" class="button button--small" {onclick}>{ format!("All rows of {}", shown(&user)) }</button> }
    });
    html! {
        <aside class="detail" aria-label="Row detail">
            <h2 class="detail__title">{ "This row" }</h2>
            { d.classification.as_ref().map(verdict).unwrap_or_default() }
            { user_link.unwrap_or_default() }
            if !d.explanations.is_empty() {
                <h3>{ "What happened" }</h3>
                <ul class="detail__happened">{ for d.explanations.iter().map(happened) }</ul>
            }
            if !d.steps.is_empty() {
                <h3>{ "MFA steps" }</h3>
                <ol class="detail__steps">{ for d.steps.iter().map(step) }</ol>
            }
            <FieldList fields={d.fields.clone()} file={d.file.clone()} />
        </aside>
    }
}

/// The outcome in words, on its colour, and whether MFA was required.
fn verdict(c: &Classification) -> Html {
    let tone = format!("outcome--{}", c.outcome.replace('_', "-"));
    let required = c.mfa_required.map(|r| {
        if r {
            "MFA required"
        } else {
            "MFA not required"
        }
    });
    html! {
        <p class={classes!("detail__verdict", tone)} data-outcome={c.outcome.clone()}>
            <span class="detail__outcome">{ c.label.clone() }</span>
            if let Some(required) = required {
                <span class="detail__required">{ required }</span>
            }
        </p>
    }
}

/// One thing the row says happened: its code or text, the knowledge base's name
/// for it when that says more, its category, what it means and what to do.
fn happened(e: &Explanation) -> Html {
    let code_like = matches!(e.subject.as_str(), "error_code" | "call_result");
    html! {
        <li class="detail__explanation" data-subject={e.subject.clone()}>
            <p class="detail__what">
                <span class={classes!("detail__code", code_like.then_some("entry__code"))}>{ shown_string(&e.code) }</span>
                if let Some(label) = &e.label {
                    <span class="detail__label">{ format!(" — {label}") }</span>
                }
                if let Some(category) = &e.category {
                    <span class="badge">{ category.clone() }</span>
                }
            </p>
            if e.explanation.is_empty() {
                <p class="muted">{ "Not in MFA Lens's knowledge base yet: the row's own words are all there is." }</p>
            } else {
                <p>{ e.explanation.clone() }</p>
                <p class="detail__next"><strong>{ "Next step: " }</strong>{ e.next_step.clone() }</p>
            }
        </li>
    }
}

/// One auth-details step: when, which method, and how it ended.
fn step(s: &Step) -> Html {
    let succeeded = if s.succeeded.eq_ignore_ascii_case("true") {
        "succeeded"
    } else {
        "did not succeed"
    };
    let method = [s.method.as_str(), s.method_detail.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let mut line = vec![shown_string(&method), succeeded.to_string()];
    if !s.requirement.is_empty() {
        line.insert(0, shown_string(&s.requirement));
    }
    html! {
        <li>
            <span class="detail__step-time">{ when(s.time.as_deref()) }</span>
            { format!(" · {}", line.join(" · ")) }
            if !s.result_detail.is_empty() {
                <span class="detail__step-result">{ format!(" — {}", shown(&s.result_detail)) }</span>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct FieldListProps {
    pub fields: Vec<DetailField>,
    /// The file the row is from.
    pub file: AttrValue,
}

/// Every field of the row, folded away until asked for, with a search over
/// field names and values.
#[function_component(FieldList)]
pub fn field_list(props: &FieldListProps) -> Html {
    let needle = use_state(String::new);
    let oninput = {
        let needle = needle.clone();
        Callback::from(move |e: InputEvent| {
            needle.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let total = props.fields.len() as u64;
    let shown_fields: Vec<&DetailField> =
        props.fields.iter().filter(|f| f.matches(&needle)).collect();
    let count = if shown_fields.len() as u64 == total {
        format!("{} fields", grouped(total))
    } else {
        format!(
            "{} of {} fields",
            grouped(shown_fields.len() as u64),
            grouped(total)
        )
    };
    html! {
        <details class="detail__all">
            <summary>{ format!("All fields ({}) — {}", grouped(total), shown(&props.file)) }</summary>
            <div class="detail__search">
                <label>
                    { "Find a field " }
                    <input type="search" value={(*needle).clone()} {oninput} placeholder="name or value" />
                </label>
                <span class="muted" role="status">{ count }</span>
            </div>
            if shown_fields.is_empty() {
                <p class="muted">{ format!("No field name or value contains “{}”.", shown(&needle)) }</p>
            } else {
                <dl class="detail__fields">
                    { for shown_fields.iter().map(|f| html! { <><dt>{ shown_string(&f.caption) }</dt><dd>{ shown_string(&f.value) }</dd></> }) }
                </dl>
            }
        </details>
    }
}

//! Pieces the five report views share: tiles, ranked bar charts that open
//! their rows, "Show these rows" buttons, and time and flag wording. Every
//! piece renders file content as text nodes only.

use mfa_lens_core::query::Timeline;
use mfa_lens_core::query::{DatasetId, Filter};
use mfa_lens_core::reports::{Ranked, ReportId};
use yew::prelude::*;

use std::rc::Rc;

use crate::components::bar_chart::{Bar, BarChart};
use crate::components::timeline::TimelineChart;
use crate::format::grouped;

/// Opens the Rows view on a dataset with these filters.
pub type OnRows = Callback<(DatasetId, Vec<Filter>)>;

/// A figure with its label and a note, coloured by `tone`.
pub fn tile(label: &str, value: u64, note: String, tone: &'static str) -> Html {
    html! {
        <div class={classes!("tile", tone)}>
            <div class="tile__value">{ grouped(value) }</div>
            <div class="tile__label">{ label.to_string() }</div>
            <div class="tile__note">{ note }</div>
        </div>
    }
}

/// A clickable bar chart of a ranked column: a click opens those rows.
pub fn ranked_chart(
    title: &str,
    ranked: &Ranked,
    total: u64,
    dataset: DatasetId,
    tone: &'static str,
    on_rows: &OnRows,
) -> Html {
    if ranked.items.is_empty() {
        return html! {};
    }
    let mut bars: Vec<Bar> = ranked
        .items
        .iter()
        .map(|c| Bar {
            label: c.value.clone(),
            count: c.count,
            tone,
        })
        .collect();
    if ranked.others > 0 {
        bars.push(Bar {
            label: format!(
                "{} other values",
                grouped(ranked.distinct - ranked.items.len() as u64)
            ),
            count: ranked.others,
            tone: "tone--neutral",
        });
    }
    let filters: Vec<Option<Filter>> = ranked.items.iter().map(|c| c.filter.clone()).collect();
    let on_select = on_rows.reform(move |i: usize| {
        (
            dataset,
            filters.get(i).cloned().flatten().into_iter().collect(),
        )
    });
    html! { <BarChart title={title.to_string()} {bars} {total} {on_select} /> }
}

/// The report's rows over time; a click on a bar opens that bucket's rows.
pub fn timeline(
    timeline: Option<&Rc<Timeline>>,
    noun: &str,
    dataset: DatasetId,
    on_rows: &OnRows,
) -> Html {
    let Some(timeline) = timeline.cloned() else {
        return html! {};
    };
    let on_filter = on_rows.reform(move |filters: Vec<Filter>| (dataset, filters));
    html! { <TimelineChart {timeline} {on_filter} noun={noun.to_string()} /> }
}

/// A small button that opens `filters` on `dataset` in the Rows view.
pub fn rows_button(
    label: &str,
    dataset: DatasetId,
    filters: Vec<Filter>,
    on_rows: &OnRows,
) -> Html {
    let onclick = on_rows.reform(move |_: MouseEvent| (dataset, filters.clone()));
    html! {
        <button type="button" class="button button--small" {onclick}>{ label.to_string() }</button>
    }
}

/// ISO 8601 UTC as people read it: `2020-02-03 08:05:03 UTC`; a dash when unknown.
pub fn when(iso: Option<&str>) -> String {
    match iso {
        Some(t) => format!("{} UTC", t.trim_end_matches('Z').replacen('T', " ", 1)),
        None => "—".to_string(),
    }
}

/// The view's heading and what it answers, with the button to all its rows
/// (`on_rows` absent: the report has no one dataset to show).
pub fn heading(id: ReportId, intro: &str, on_rows: Option<&OnRows>) -> Html {
    html! {
        <div class="report__head">
            <h2 id={format!("report-{}-title", id.id())}>{ id.label() }</h2>
            <p class="report__intro">{ intro.to_string() }</p>
            if let Some(on_rows) = on_rows {
                <div class="report__actions">
                    { rows_button("Show all these rows", id.dataset(), Vec::new(), on_rows) }
                </div>
            }
        </div>
    }
}

/// A short index of the view's sections: in-page links that scroll to each
/// section's heading and move the focus there, without touching the URL hash
/// (which says what is shown).
pub fn section_index(sections: &[(&'static str, &'static str)]) -> Html {
    html! {
        <nav class="section-index" aria-label="Sections of this view">
            <span class="section-index__title">{ "On this view:" }</span>
            <ul>
                { for sections.iter().map(|&(id, label)| {
                    let onclick = Callback::from(move |e: MouseEvent| {
                        e.prevent_default();
                        go_to(id);
                    });
                    html! { <li><a href={format!("#{id}")} {onclick}>{ label }</a></li> }
                }) }
            </ul>
        </nav>
    }
}

/// Scrolls to the element `id` and focuses it.
pub fn go_to(id: &str) {
    use wasm_bindgen::JsCast;
    let Some(target) = gloo::utils::document().get_element_by_id(id) else {
        return;
    };
    target.scroll_into_view();
    if let Ok(el) = target.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// A section's heading, the target of its [`section_index`] link.
pub fn section_heading(id: &'static str, title: &str) -> Html {
    html! { <h3 {id} class="section-heading" tabindex="-1">{ title.to_string() }</h3> }
}

/// `1 user` / `3 users`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_utc_and_unknown_is_a_dash() {
        assert_eq!(
            when(Some("2020-02-03T08:05:03Z")),
            "2020-02-03 08:05:03 UTC"
        );
        assert_eq!(when(None), "—");
        assert_eq!(plural(1, "user", "users"), "1 user");
        assert_eq!(plural(1200, "user", "users"), "1,200 users");
    }
}

/// Rows shown before "Show all": enough to read at a glance, short enough that
/// the charts above stay in view.
pub const FIRST_ROWS: usize = 20;

#[derive(Properties, PartialEq)]
pub struct ShortTableProps {
    /// The table's accessible name.
    pub label: AttrValue,
    /// The `<thead>`.
    pub head: Html,
    pub rows: Vec<Html>,
    /// Render as a `<ul>` of items instead of a table.
    #[prop_or_default]
    pub list: bool,
}

/// A table (or list) showing its first [`FIRST_ROWS`] rows, with a button for
/// the rest (the worker already bounded them to a few hundred).
#[function_component(ShortTable)]
pub fn short_table(props: &ShortTableProps) -> Html {
    let all = use_state(|| false);
    let total = props.rows.len();
    let shown = if *all { total } else { total.min(FIRST_ROWS) };
    let rows = props.rows.iter().take(shown).cloned();
    let body = if props.list {
        html! { <ul class="user-timelines" aria-label={props.label.clone()}>{ for rows }</ul> }
    } else {
        html! {
            <table class="report-table" aria-label={props.label.clone()}>
                { props.head.clone() }
                <tbody>{ for rows }</tbody>
            </table>
        }
    };
    let onclick = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    html! {
        <>
            { body }
            if shown < total {
                <button type="button" class="button button--small report__more" {onclick}>
                    { format!("Show all {} (first {} shown)", grouped(total as u64), shown) }
                </button>
            }
        </>
    }
}

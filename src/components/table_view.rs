use std::rc::Rc;

use mfa_lens_core::query::{DatasetId, Filter, Query, RowDetail, Sort, ValueCount, ValueCounts};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::data_table::{ColumnHead, DataTable, GridPrefs, RowWindow, ZoneSwitch};
use crate::components::detail_panel::DetailPanel;
use crate::display::shown_string;
use crate::format::grouped;
use crate::grid_layout::CellKind;
use crate::protocol::RowsAnswer;
use crate::state::ExportState;

#[derive(Properties, PartialEq)]
pub struct TableViewProps {
    pub datasets: Vec<mfa_lens_core::query::DatasetInfo>,
    pub query: Query,
    /// The worker's answer for `query` (`None` until it has answered).
    pub info: Option<Rc<RowsAnswer>>,
    /// Which answer `info` is (its `seq` and files generation).
    #[prop_or_default]
    pub epoch: (u32, u32),
    pub window: Rc<RowWindow>,
    pub selected: Option<u64>,
    pub detail: Option<Rc<RowDetail>>,
    /// The value list of the column being filtered: (column, values, low cardinality).
    pub values: Option<Rc<ValueCounts>>,
    pub on_query: Callback<Query>,
    pub on_range: Callback<(u64, u64)>,
    pub on_select: Callback<u64>,
    pub on_values: Callback<String>,
    pub on_export: Callback<()>,
    /// How far "Export CSV" got, or why it stopped.
    #[prop_or_default]
    pub export: ExportState,
    /// "Copy as KQL": these rows' query for Log Analytics.
    #[prop_or_default]
    pub on_kql: Callback<()>,
    pub grid: GridPrefs,
}

/// The rows themselves: dataset picker, search, filters as removable chips,
/// column chooser, export, the virtualised grid and the row's detail.
#[function_component(TableView)]
pub fn table_view(props: &TableViewProps) -> Html {
    let Some(info) = props.info.as_ref() else {
        return html! { <p class="empty">{ "Drop exports above, or try the sample, to see their rows." }</p> };
    };
    let q = &props.query;
    let caption_of = |key: &str| -> String {
        info.columns
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| key.to_string())
    };
    let emit = {
        let on_query = props.on_query.clone();
        let q = q.clone();
        move |change: &dyn Fn(&mut Query)| {
            let mut next = q.clone();
            change(&mut next);
            on_query.emit(next);
        }
    };

    let on_dataset = {
        let emit = emit.clone();
        let datasets = props.datasets.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            let Some(d) = datasets.get(select.selected_index().max(0) as usize) else {
                return;
            };
            let id = d.id;
            emit(&|q: &mut Query| {
                *q = Query {
                    dataset: id,
                    ..Query::default()
                }
            });
        })
    };
    let on_search = {
        let emit = emit.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                let text = input.value();
                emit(&|q: &mut Query| q.search = text.clone());
            }
        })
    };
    let on_sort = {
        let emit = emit.clone();
        let current = q.sort.clone();
        Callback::from(move |key: String| {
            let desc = matches!(&current, Some(s) if s.column == key && !s.desc);
            emit(&|q: &mut Query| {
                q.sort = Some(Sort {
                    column: key.clone(),
                    desc,
                })
            });
        })
    };

    let chips = q.filters.iter().enumerate().map(|(i, f)| {
        let emit = emit.clone();
        let onclick = Callback::from(move |_: MouseEvent| emit(&|q: &mut Query| {
            q.filters.remove(i);
        }));
        let text = shown_string(&describe(f, &caption_of));
        html! {
            <li class="chip">
                <span>{ text.clone() }</span>
                <button type="button" class="chip__remove" aria-label={format!("Remove filter {text}")} {onclick}>{ "×" }</button>
            </li>
        }
    });

    let columns: Rc<Vec<ColumnHead>> = Rc::new(
        info.shown
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let kind = if info.date_column.as_ref() == Some(k) {
                    CellKind::Time
                } else if k == "$outcome" {
                    CellKind::Outcome
                } else {
                    CellKind::Text
                };
                let chars = info.widths.get(i).copied().unwrap_or(0);
                props.grid.column(k, &caption_of(k), kind, chars)
            })
            .collect(),
    );
    let sort = q.sort.as_ref().map(|s| (s.column.clone(), s.desc));
    let on_export = props.on_export.reform(|_: MouseEvent| ());
    let on_kql = props.on_kql.reform(|_: MouseEvent| ());

    html! {
        <section class="table-view" aria-label="Rows">
            <div class="toolbar">
                if props.datasets.len() > 1 {
                    <label class="toolbar__field">
                        { "Report " }
                        <select onchange={on_dataset}>
                            { for props.datasets.iter().map(|d| html! {
                                <option selected={d.id == q.dataset}>{ format!("{} ({})", d.label, grouped(d.rows)) }</option>
                            }) }
                        </select>
                    </label>
                }
                <label class="toolbar__field toolbar__search">
                    <span class="visually-hidden">{ "Search all columns" }</span>
                    <input type="search" placeholder="Search all columns…" value={q.search.clone()} onchange={on_search} />
                </label>
                <ColumnFilter columns={info.columns.clone()} values={props.values.clone()} on_values={props.on_values.clone()} on_query={props.on_query.clone()} query={q.clone()} />
                <DateRange query={q.clone()} on_query={props.on_query.clone()} />
                <ColumnChooser columns={info.columns.clone()} shown={info.shown.clone()} on_query={props.on_query.clone()} query={q.clone()} />
                <ZoneSwitch prefs={props.grid.clone()} />
                <button type="button" class="button" disabled={props.export.busy.is_some()} onclick={on_export}>{ "Export CSV" }</button>
                if q.dataset == DatasetId::SignIns {
                    <button type="button" class="button" onclick={on_kql}>{ "Copy as KQL" }</button>
                }
            </div>
            { export_status(&props.export) }
            if !q.filters.is_empty() {
                <ul class="chips" aria-label="Active filters">{ for chips }</ul>
            }
            <p class="table-view__count" aria-live="polite">
                { format!("{} of {} rows", grouped(info.matched), grouped(info.dataset_rows)) }
                <span class="muted">{ format!(" · filtered and sorted in {:.0} ms", info.elapsed_ms) }</span>
            </p>
            <div class="table-view__body">
                <DataTable
                    label="Rows of the loaded files"
                    {columns}
                    total={info.matched}
                    epoch={props.epoch}
                    window={props.window.clone()}
                    zone={props.grid.zone}
                    on_resize={props.grid.on_resize.clone()}
                    {sort}
                    selected={props.selected}
                    on_range={props.on_range.clone()}
                    {on_sort}
                    on_select={props.on_select.clone()}
                />
                if let Some(detail) = props.detail.clone() {
                    <DetailPanel {detail} on_query={props.on_query.clone()} query={q.clone()} />
                }
            </div>
        </section>
    }
}

/// The export's progress bar, or why it stopped.
fn export_status(export: &ExportState) -> Html {
    if let Some((done, total)) = export.busy {
        let words = if total == 0 {
            "Exporting the rows…".to_string()
        } else {
            format!("Exporting {} of {} rows…", grouped(done), grouped(total))
        };
        return html! {
            <div class="table-view__export" role="status">
                <span>{ words }</span>
                <progress max={total.max(1).to_string()} value={done.to_string()} aria-label="Exporting the rows"></progress>
            </div>
        };
    }
    match &export.failed {
        Some(message) => {
            html! { <p class="table-view__export-failed" role="alert">{ message.clone() }</p> }
        }
        None => Html::default(),
    }
}

/// A filter in words, for its chip.
pub fn describe(f: &Filter, caption_of: &dyn Fn(&str) -> String) -> String {
    match f {
        Filter::Equals { column, values } => {
            format!("{} is {}", caption_of(column), values.join(" or "))
        }
        Filter::Contains { column, text } => {
            format!("{} contains \u{201c}{text}\u{201d}", caption_of(column))
        }
        Filter::DateRange { from, to } => {
            let day = |t: &Option<i64>| t.map(iso_minute).unwrap_or_else(|| "…".into());
            format!("Date from {} to {}", day(from), day(to))
        }
        Filter::Outcome { values } => format!("Outcome is {}", values.join(" or ")),
        Filter::User { user } => format!("User is {user}"),
        Filter::Rows { label, rows } => {
            let n = rows.len();
            let rows = if n == 1 {
                "1 row".to_string()
            } else {
                format!("{} rows", crate::format::grouped(n as u64))
            };
            format!("Evidence of {label} ({rows})")
        }
    }
}

/// Unix seconds as "2024-05-01 08:00" (UTC).
pub fn iso_minute(t: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t as f64 * 1000.0));
    let iso: String = date.to_iso_string().into();
    iso.get(..16).unwrap_or(&iso).replace('T', " ")
}

#[derive(Properties, PartialEq)]
struct ColumnFilterProps {
    columns: Vec<(String, String)>,
    values: Option<Rc<ValueCounts>>,
    on_values: Callback<String>,
    on_query: Callback<Query>,
    query: Query,
}

/// "Filter by column": pick a column; a value list with counts when it has few
/// values, a contains box otherwise.
#[function_component(ColumnFilter)]
fn column_filter(props: &ColumnFilterProps) -> Html {
    let on_pick = {
        let on_values = props.on_values.clone();
        let columns = props.columns.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                let i = select.selected_index();
                if i > 0 {
                    if let Some((key, _)) = columns.get(i as usize - 1) {
                        on_values.emit(key.clone());
                    }
                }
            }
        })
    };
    let add = |filter: Filter| {
        let on_query = props.on_query.clone();
        let q = props.query.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = q.clone();
            next.filters.push(filter.clone());
            on_query.emit(next);
        })
    };
    let picker = html! {
        <label class="toolbar__field">
            <span class="visually-hidden">{ "Filter by column" }</span>
            <select onchange={on_pick}>
                <option selected=true>{ "Filter by column…" }</option>
                { for props.columns.iter().map(|(_, caption)| html! { <option>{ caption.clone() }</option> }) }
            </select>
        </label>
    };
    // Every column can be filtered by text; one with few values also lists
    // them with their counts, one click each.
    let list = props.values.as_ref().map(|v| {
        let column = v.column.clone();
        let on_query = props.on_query.clone();
        let q = props.query.clone();
        let onchange = Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                let text = input.value();
                if !text.is_empty() {
                    let mut next = q.clone();
                    next.filters.push(Filter::Contains { column: column.clone(), text });
                    on_query.emit(next);
                }
            }
        });
        let values = v.low_cardinality.then(|| {
            html! {
                <div class="value-list" role="group" aria-label="Values of the column">
                    { for v.values.iter().take(30).map(|ValueCount { value, count, .. }| {
                        let label = if value.is_empty() { "(empty)".to_string() } else { shown_string(value) };
                        let onclick = add(Filter::Equals { column: v.column.clone(), values: vec![value.clone()] });
                        html! { <button type="button" class="value" {onclick}>{ label }<span class="muted">{ format!(" {}", grouped(*count)) }</span></button> }
                    }) }
                </div>
            }
        });
        html! {
            <>
                <label class="toolbar__field">
                    <span class="visually-hidden">{ "Text the column contains" }</span>
                    <input type="text" placeholder="contains… (Enter)" {onchange} />
                </label>
                { values.unwrap_or_default() }
            </>
        }
    });
    html! { <>{ picker }{ list.unwrap_or_default() }</> }
}

#[derive(Properties, PartialEq)]
struct ColumnChooserProps {
    columns: Vec<(String, String)>,
    shown: Vec<String>,
    on_query: Callback<Query>,
    query: Query,
}

#[function_component(ColumnChooser)]
fn column_chooser(props: &ColumnChooserProps) -> Html {
    html! {
        <details class="chooser">
            <summary class="button">{ "Columns" }</summary>
            <div class="chooser__list" role="group" aria-label="Columns shown">
                { for props.columns.iter().map(|(key, caption)| {
                    let checked = props.shown.contains(key);
                    let on_query = props.on_query.clone();
                    let q = props.query.clone();
                    let shown = props.shown.clone();
                    let key = key.clone();
                    let onchange = Callback::from(move |_: Event| {
                        let mut cols = shown.clone();
                        if checked { cols.retain(|k| *k != key) } else { cols.push(key.clone()) }
                        let mut next = q.clone();
                        next.columns = cols;
                        on_query.emit(next);
                    });
                    html! { <label class="chooser__item"><input type="checkbox" {checked} {onchange} />{ caption.clone() }</label> }
                }) }
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct DateRangeProps {
    query: Query,
    on_query: Callback<Query>,
}

/// Rows between two days (UTC), both included.
#[function_component(DateRange)]
fn date_range(props: &DateRangeProps) -> Html {
    let from = use_node_ref();
    let to = use_node_ref();
    let onclick = {
        let (from, to) = (from.clone(), to.clone());
        let on_query = props.on_query.clone();
        let q = props.query.clone();
        Callback::from(move |_: MouseEvent| {
            let day = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .and_then(|i| day_start(&i.value()))
            };
            let (start, end) = (day(&from), day(&to).map(|t| t + 86_400));
            if start.is_none() && end.is_none() {
                return;
            }
            let mut next = q.clone();
            next.filters
                .retain(|f| !matches!(f, Filter::DateRange { .. }));
            next.filters.push(Filter::DateRange {
                from: start,
                to: end,
            });
            on_query.emit(next);
        })
    };
    html! {
        <span class="toolbar__field date-range" role="group" aria-label="Date range (UTC)">
            <label>{ "From " }<input type="date" ref={from} /></label>
            <label>{ " to " }<input type="date" ref={to} /></label>
            <button type="button" class="button button--small" {onclick}>{ "Apply dates" }</button>
        </span>
    }
}

/// "2024-05-01" → Unix seconds at 00:00 UTC that day.
pub fn day_start(date: &str) -> Option<i64> {
    let mut parts = date.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from the civil date (proleptic Gregorian), after Howard Hinnant's
    // well-known derivation: shift the year to start in March.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::day_start;

    #[test]
    fn days_start_at_midnight_utc() {
        assert_eq!(day_start("1970-01-01"), Some(0));
        assert_eq!(day_start("2024-05-01"), Some(1_714_521_600));
        assert_eq!(day_start("2000-03-01"), Some(951_868_800));
        assert_eq!(day_start("2024-02-29"), Some(1_709_164_800));
        assert_eq!(day_start(""), None);
        assert_eq!(day_start("2024-13-01"), None);
    }
}

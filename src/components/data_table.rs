//! A virtualised table for up to millions of rows: only the rows in view are in
//! the DOM, and they come from the worker a window at a time. The same grid
//! draws the Rows and Users views: columns as wide as their content,
//! resizable by drag and by keyboard, times in one form and one zone, outcomes
//! as coloured words, and the WAI-ARIA grid pattern (grid → rowgroup → row →
//! cells) with the scrolling body in the Tab order.
//!
//! Chrome caps an element's height near 16.7 million pixels, so at 28 px a row a
//! plain spacer stops at about 600,000 rows. Past [`MAX_SPACER_PX`] the scroll
//! range is compressed: the scroll position maps linearly onto the row range,
//! so the last row stays reachable whatever the count.

use std::rc::Rc;

use web_sys::{HtmlElement, KeyboardEvent, PointerEvent};
use yew::prelude::*;

use crate::display::shown_string;
use crate::format::{grouped, now_secs};
use crate::grid_layout::{
    auto_px, clamp_px, template, time_caption, time_text, CellKind, Widths, Zone, KEY_STEP_PX,
};
pub use crate::protocol::RowWindow;
use mfa_lens_core::classify::outcome_label;

pub const ROW_PX: f64 = 28.0;
/// Height of the scrolling viewport until the grid has measured the room the
/// window leaves it (and its least: a short window still shows ten rows).
pub const VIEW_PX: f64 = 560.0;
pub const MIN_VIEW_PX: f64 = 280.0;
/// Well under every browser's limit on an element's height.
pub const MAX_SPACER_PX: f64 = 8_000_000.0;
/// Rows fetched around the visible ones, so small scrolls need no round trip.
pub const OVERSCAN: u64 = 20;

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnHead {
    pub key: String,
    pub caption: String,
    pub kind: CellKind,
    /// Pixels: the content's width, or the one set by hand.
    pub width: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub spacer_px: f64,
    pub visible_rows: u64,
    view_px: f64,
}

impl Geometry {
    pub fn new(total: u64, view_px: f64) -> Self {
        Geometry {
            spacer_px: (total as f64 * ROW_PX).min(MAX_SPACER_PX),
            visible_rows: (view_px / ROW_PX).ceil() as u64,
            view_px,
        }
    }

    fn compressed(&self, total: u64) -> bool {
        total as f64 * ROW_PX > MAX_SPACER_PX
    }

    /// The first row to show at scroll position `scroll_top`.
    pub fn first_row(&self, total: u64, scroll_top: f64) -> u64 {
        let last_first = total.saturating_sub(self.visible_rows);
        let row = if self.compressed(total) {
            let range = (self.spacer_px - self.view_px).max(1.0);
            (scroll_top / range * last_first as f64).round() as u64
        } else {
            (scroll_top / ROW_PX).floor() as u64
        };
        row.min(last_first)
    }

    /// The scroll position that shows `row` at the top.
    pub fn scroll_top_for(&self, total: u64, row: u64) -> f64 {
        let last_first = total.saturating_sub(self.visible_rows).max(1);
        if self.compressed(total) {
            row.min(last_first) as f64 / last_first as f64 * (self.spacer_px - self.view_px)
        } else {
            row as f64 * ROW_PX
        }
    }

    /// Where the block of rendered rows sits inside the spacer.
    fn block_top(&self, total: u64, first: u64, scroll_top: f64) -> f64 {
        if self.compressed(total) {
            scroll_top
        } else {
            first as f64 * ROW_PX
        }
    }
}

/// How the person arranged the grids (widths set by hand, the zone of times)
/// and how to change it: one bundle handed to every view with a grid.
#[derive(Clone, PartialEq)]
pub struct GridPrefs {
    pub widths: Rc<Widths>,
    pub zone: Zone,
    pub on_resize: Callback<(String, f64)>,
    pub on_zone: Callback<Zone>,
}

impl GridPrefs {
    /// A column's head: its width set by hand, or the one its content needs.
    pub fn column(&self, key: &str, caption: &str, kind: CellKind, chars: u16) -> ColumnHead {
        let width = self
            .widths
            .get(key)
            .map(|&px| f64::from(px))
            .unwrap_or_else(|| {
                // A time column's header names the zone: measure that caption.
                let shown = match kind {
                    CellKind::Time => time_caption(caption, self.zone, now_secs()),
                    _ => caption.to_string(),
                };
                auto_px(kind, &shown, chars)
            });
        ColumnHead {
            key: key.to_string(),
            caption: caption.to_string(),
            kind,
            width,
        }
    }
}

/// "Times in UTC | local time": two toggle buttons.
#[function_component(ZoneSwitch)]
pub fn zone_switch(prefs: &ZoneSwitchProps) -> Html {
    let button = |zone: Zone, label: &str| {
        let pressed = prefs.prefs.zone == zone;
        let onclick = prefs.prefs.on_zone.reform(move |_: MouseEvent| zone);
        html! {
            <button type="button" class={classes!("toggle", pressed.then_some("toggle--on"))} aria-pressed={pressed.to_string()} {onclick}>
                { label.to_string() }
            </button>
        }
    };
    html! {
        <div class="toggles" role="group" aria-label="Times in">
            <span class="toggles__label" aria-hidden="true">{ "Times in" }</span>
            { button(Zone::Utc, "UTC") }
            { button(Zone::Local, "Local time") }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ZoneSwitchProps {
    pub prefs: GridPrefs,
}

#[derive(Properties, PartialEq)]
pub struct DataTableProps {
    pub label: String,
    pub columns: Rc<Vec<ColumnHead>>,
    pub total: u64,
    pub window: Rc<RowWindow>,
    /// Sorted column key and whether descending.
    pub sort: Option<(String, bool)>,
    pub selected: Option<u64>,
    /// Which answer the rows belong to. A new answer asks for its rows even
    /// when the count and the scroll position are unchanged (a sort): its
    /// window starts empty either way.
    #[prop_or_default]
    pub epoch: (u32, u32),
    /// The zone time columns are shown in.
    #[prop_or_default]
    pub zone: Zone,
    /// Rows `(offset, count)` are needed.
    pub on_range: Callback<(u64, u64)>,
    pub on_sort: Callback<String>,
    pub on_select: Callback<u64>,
    /// A column was resized by hand: its key and new width in pixels.
    #[prop_or_default]
    pub on_resize: Callback<(String, f64)>,
}

#[function_component(DataTable)]
pub fn data_table(props: &DataTableProps) -> Html {
    let scroller = use_node_ref();
    let scroll_top = use_state(|| 0.0_f64);
    let view_px = use_view_height(&scroller);
    let geometry = Geometry::new(props.total, view_px);
    let first = geometry.first_row(props.total, *scroll_top);
    let count = geometry.visible_rows + 1;

    // Ask for the rows in view (plus some around them) when they are not here.
    {
        let on_range = props.on_range.clone();
        let covered = props.window.covers(first, count, props.total);
        let total = props.total;
        use_effect_with(
            (first, total, covered, props.epoch),
            move |&(first, total, covered, _)| {
                if !covered && total > 0 {
                    let start = first.saturating_sub(OVERSCAN);
                    on_range.emit((start, count + 2 * OVERSCAN));
                }
            },
        );
    }

    let on_scroll = {
        let scroll_top = scroll_top.clone();
        let scroller = scroller.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = scroller.cast::<HtmlElement>() {
                scroll_top.set(el.scroll_top() as f64);
            }
        })
    };
    let on_key = keyboard(props, &scroller, geometry, first);

    let widths: Vec<f64> = props.columns.iter().map(|c| c.width).collect();
    let template = template(&widths);
    let min_width: f64 = widths.iter().sum();
    let now = now_secs();
    let header = props.columns.iter().enumerate().map(|(i, c)| {
        let caption = match c.kind {
            CellKind::Time => time_caption(&c.caption, props.zone, now),
            _ => c.caption.clone(),
        };
        html! {
            <HeaderCell
                key={c.key.clone()}
                column={c.key.clone()}
                {caption}
                index={i + 1}
                width={c.width}
                sort={sort_state(&props.sort, &c.key)}
                numeric={c.kind == CellKind::Number}
                on_sort={props.on_sort.clone()}
                on_resize={props.on_resize.clone()}
            />
        }
    });

    let rows = (first..(first + count).min(props.total)).map(|index| {
        let selected = props.selected == Some(index);
        let onclick = props.on_select.reform(move |_: MouseEvent| index);
        let cells = props.columns.iter().enumerate().map(|(col, c)| {
            let raw = props.window.row(index).and_then(|r| r.get(col)).map_or("", String::as_str);
            cell(c.kind, raw, props.window.time(index), props.zone, col + 1)
        });
        html! {
            <div
                role="row"
                class={classes!("grid__row", selected.then_some("grid__row--selected"), (index % 2 == 1).then_some("grid__row--odd"))}
                aria-rowindex={(index + 2).to_string()}
                aria-selected={selected.to_string()}
                aria-busy={props.window.row(index).is_none().then_some("true")}
                key={index.to_string()}
                {onclick}
            >
                { for cells }
            </div>
        }
    });

    let block_top = geometry.block_top(props.total, first, *scroll_top);
    // A short result gets a short box; a long one fills the room it has.
    let viewport = (props.total.max(1) as f64 * ROW_PX + 2.0).min(view_px);
    let width_style = format!("grid-template-columns: {template}; min-width: {min_width}px");
    html! {
        <div class="grid">
            <div
                class="grid__table"
                role="grid"
                aria-label={props.label.clone()}
                aria-rowcount={(props.total + 1).to_string()}
                aria-colcount={props.columns.len().to_string()}
                style={format!("min-width: {min_width}px")}
            >
                <div role="rowgroup" class="grid__headgroup">
                    <div role="row" class="grid__header" aria-rowindex="1" style={width_style.clone()}>
                        { for header }
                    </div>
                </div>
                <div
                    role="rowgroup"
                    class="grid__scroller"
                    ref={scroller}
                    tabindex="0"
                    aria-label={format!("{}: the arrow keys move between rows", props.label)}
                    onscroll={on_scroll}
                    onkeydown={on_key}
                    style={format!("height: {viewport}px")}
                >
                    <div role="none" class="grid__spacer" style={format!("height: {}px", geometry.spacer_px)}>
                        <div role="none" class="grid__rows" style={format!("top: {block_top}px; --grid-columns: {template}")}>
                            { for rows }
                        </div>
                    </div>
                </div>
            </div>
            <div class="grid__status" aria-live="polite">
                { if props.total == 0 { "No rows match.".to_string() } else {
                    format!("Rows {}–{} of {}", grouped(first + 1), grouped((first + count).min(props.total)), grouped(props.total))
                } }
            </div>
        </div>
    }
}

fn sort_state(sort: &Option<(String, bool)>, key: &str) -> &'static str {
    match sort {
        Some((k, desc)) if k == key => {
            if *desc {
                "descending"
            } else {
                "ascending"
            }
        }
        _ => "none",
    }
}

/// One cell: text nodes only, so a cell holding "<script>" shows those
/// characters.
fn cell(kind: CellKind, raw: &str, time: Option<i64>, zone: Zone, col: usize) -> Html {
    let colindex = col.to_string();
    match kind {
        CellKind::Outcome if !raw.is_empty() => {
            let label = outcome_label(raw).unwrap_or(raw);
            let tone = format!("outcome--{}", raw.replace('_', "-"));
            html! {
                <div role="gridcell" class="grid__cell" aria-colindex={colindex}>
                    <span class={classes!("pill", tone)}>{ label }</span>
                </div>
            }
        }
        CellKind::Time => {
            let text = shown_string(&time_text(time, raw, zone));
            html! { <div role="gridcell" class="grid__cell grid__cell--time" aria-colindex={colindex}>{ text }</div> }
        }
        _ => {
            let text = shown_string(raw);
            let class = classes!(
                "grid__cell",
                (kind == CellKind::Number).then_some("grid__cell--number")
            );
            html! { <div role="gridcell" {class} aria-colindex={colindex} title={text.clone()}>{ text }</div> }
        }
    }
}

/// Arrow keys, Page Up/Down, Home and End move the selection and keep it in view.
fn keyboard(
    props: &DataTableProps,
    scroller: &NodeRef,
    geometry: Geometry,
    first: u64,
) -> Callback<KeyboardEvent> {
    let on_select = props.on_select.clone();
    let scroller = scroller.clone();
    let total = props.total;
    let selected = props.selected;
    let visible = geometry.visible_rows;
    Callback::from(move |e: KeyboardEvent| {
        if total == 0 {
            return;
        }
        let current = selected.unwrap_or(first);
        let target = match e.key().as_str() {
            "ArrowDown" => current.saturating_add(u64::from(selected.is_some())),
            "ArrowUp" => current.saturating_sub(1),
            "PageDown" => current.saturating_add(visible),
            "PageUp" => current.saturating_sub(visible),
            "Home" => 0,
            "End" => total - 1,
            _ => return,
        }
        .min(total - 1);
        e.prevent_default();
        on_select.emit(target);
        if let Some(el) = scroller.cast::<HtmlElement>() {
            let shown_first = geometry.first_row(total, el.scroll_top() as f64);
            if target < shown_first || target >= shown_first + visible {
                let row = if target < shown_first {
                    target
                } else {
                    target + 1 - visible
                };
                el.set_scroll_top(geometry.scroll_top_for(total, row) as i32);
            }
        }
    })
}

/// The room the window leaves the grid's body below its top (less the status
/// line), measured after each render (the toolbar above may have grown) and
/// on resize, at least [`MIN_VIEW_PX`]. Measured against the document, not the
/// viewport, so scrolling the page does not change it.
#[hook]
fn use_view_height(scroller: &NodeRef) -> f64 {
    let height = use_state(|| VIEW_PX);
    {
        let (scroller, height) = (scroller.clone(), height.clone());
        use_effect(move || {
            let measure = move || {
                let Some(el) = scroller.cast::<HtmlElement>() else {
                    return;
                };
                let window = gloo::utils::window();
                let inner = window
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(900.0);
                let top = el.get_bounding_client_rect().top() + window.scroll_y().unwrap_or(0.0);
                // 44 px: the status line and the page's bottom margin.
                let room = (inner - top - 44.0).max(MIN_VIEW_PX).floor();
                if (room - *height).abs() >= 1.0 {
                    height.set(room);
                }
            };
            measure();
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| {
                    measure()
                });
            move || drop(listener)
        });
    }
    *height
}

#[derive(Properties, PartialEq)]
struct HeaderCellProps {
    column: String,
    caption: String,
    index: usize,
    width: f64,
    sort: &'static str,
    numeric: bool,
    on_sort: Callback<String>,
    on_resize: Callback<(String, f64)>,
}

/// A column header: the sort button and, on its right edge, a handle that
/// resizes the column by drag (pointer) or by the arrow keys.
#[function_component(HeaderCell)]
fn header_cell(props: &HeaderCellProps) -> Html {
    // (pointer id, x where the drag started, width then)
    let drag = use_mut_ref(|| None::<(i32, f64, f64)>);
    let arrow = match props.sort {
        "ascending" => " ▲",
        "descending" => " ▼",
        _ => "",
    };
    let key = props.column.clone();
    let onclick = props.on_sort.reform(move |_: MouseEvent| key.clone());
    let resize = {
        let (key, on_resize) = (props.column.clone(), props.on_resize.clone());
        move |px: f64| on_resize.emit((key.clone(), clamp_px(px)))
    };
    let on_key = {
        let (resize, width) = (resize.clone(), props.width);
        Callback::from(move |e: KeyboardEvent| {
            let step = if e.shift_key() {
                4.0 * KEY_STEP_PX
            } else {
                KEY_STEP_PX
            };
            let next = match e.key().as_str() {
                "ArrowLeft" => width - step,
                "ArrowRight" => width + step,
                _ => return,
            };
            e.prevent_default();
            resize(next);
        })
    };
    let on_down = {
        let (drag, width) = (drag.clone(), props.width);
        Callback::from(move |e: PointerEvent| {
            if let Some(target) = e.target_dyn_into::<web_sys::Element>() {
                let _ = target.set_pointer_capture(e.pointer_id());
            }
            e.prevent_default();
            *drag.borrow_mut() = Some((e.pointer_id(), f64::from(e.client_x()), width));
        })
    };
    let on_move = {
        let (drag, resize) = (drag.clone(), resize.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some((id, x0, w0)) = *drag.borrow() {
                if id == e.pointer_id() {
                    resize(w0 + f64::from(e.client_x()) - x0);
                }
            }
        })
    };
    let on_up = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };
    html! {
        <div
            role="columnheader"
            class={classes!("grid__head", props.numeric.then_some("grid__head--number"))}
            aria-sort={props.sort}
            aria-colindex={props.index.to_string()}
        >
            <button type="button" class="grid__sort" {onclick} title={format!("Sort by {}", props.caption)}>
                <span class="grid__caption">{ props.caption.clone() }</span>
                <span class="grid__arrow" aria-hidden="true">{ arrow }</span>
            </button>
            <div
                class="grid__resize"
                role="separator"
                aria-orientation="vertical"
                aria-label={format!("Resize {}", props.caption)}
                aria-valuenow={props.width.to_string()}
                aria-valuemin={crate::grid_layout::MIN_PX.to_string()}
                aria-valuemax={crate::grid_layout::MAX_PX.to_string()}
                tabindex="0"
                onkeydown={on_key}
                onpointerdown={on_down}
                onpointermove={on_move}
                onpointerup={on_up.clone()}
                onpointercancel={on_up}
            />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_tables_scroll_one_pixel_per_pixel() {
        let g = Geometry::new(1_000, VIEW_PX);
        assert_eq!(g.spacer_px, 28_000.0);
        assert_eq!(g.first_row(1_000, 0.0), 0);
        assert_eq!(g.first_row(1_000, 28.0 * 10.0 + 5.0), 10);
        assert_eq!(g.scroll_top_for(1_000, 10), 280.0);
    }

    #[test]
    fn two_million_rows_stay_under_the_height_cap_and_reach_the_last_row() {
        let total = 2_000_000;
        let g = Geometry::new(total, VIEW_PX);
        assert!(g.spacer_px <= MAX_SPACER_PX);
        let bottom = g.spacer_px - VIEW_PX;
        assert_eq!(g.first_row(total, bottom), total - g.visible_rows);
        assert_eq!(g.first_row(total, 0.0), 0);
        // Round trip: the scroll position for a row shows that row.
        for row in [1, 559_185, 1_000_000, total - g.visible_rows] {
            let top = g.scroll_top_for(total, row);
            let back = g.first_row(total, top);
            assert!(back.abs_diff(row) <= 1, "row {row} came back as {back}");
        }
    }

    #[test]
    fn a_window_covers_only_rows_it_holds() {
        let w = RowWindow {
            offset: 10,
            rows: vec![vec![]; 5],
            times: vec![Some(7), None, None, None, None],
        };
        assert_eq!(w.time(10), Some(7));
        assert_eq!(w.time(11), None);
        assert_eq!(w.time(9), None);
        assert!(w.covers(10, 5, 100));
        assert!(!w.covers(9, 5, 100));
        assert!(!w.covers(12, 5, 100));
        assert!(w.covers(12, 5, 15), "clamped to the total");
    }
}

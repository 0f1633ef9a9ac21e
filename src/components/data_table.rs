//! A virtualised table for up to millions of rows: only the rows in view are in
//! the DOM, and they come from the worker a window at a time.
//!
//! Chrome caps an element's height near 16.7 million pixels, so at 28 px a row a
//! plain spacer stops at about 600,000 rows. Past [`MAX_SPACER_PX`] the scroll
//! range is compressed: the scroll position maps linearly onto the row range,
//! so the last row stays reachable whatever the count.

use std::rc::Rc;

use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::display::shown_string;
use crate::format::grouped;

pub const ROW_PX: f64 = 28.0;
/// Height of the scrolling viewport.
pub const VIEW_PX: f64 = 560.0;
/// Well under every browser's limit on an element's height.
pub const MAX_SPACER_PX: f64 = 8_000_000.0;
/// Rows fetched around the visible ones, so small scrolls need no round trip.
pub const OVERSCAN: u64 = 20;

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnHead {
    pub key: String,
    pub caption: String,
}

/// A run of rows as the worker sent them: `rows[i]` is row `offset + i` of the
/// current result, its cells in column order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowWindow {
    pub offset: u64,
    pub rows: Vec<Vec<String>>,
}

impl RowWindow {
    fn row(&self, index: u64) -> Option<&Vec<String>> {
        index
            .checked_sub(self.offset)
            .and_then(|i| self.rows.get(i as usize))
    }

    /// Whether every row of `first..first + count` (clamped to `total`) is here.
    pub fn covers(&self, first: u64, count: u64, total: u64) -> bool {
        let end = (first + count).min(total);
        first >= self.offset && end <= self.offset + self.rows.len() as u64
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub spacer_px: f64,
    pub visible_rows: u64,
}

impl Geometry {
    pub fn new(total: u64) -> Self {
        Geometry {
            spacer_px: (total as f64 * ROW_PX).min(MAX_SPACER_PX),
            visible_rows: (VIEW_PX / ROW_PX).ceil() as u64,
        }
    }

    fn compressed(&self, total: u64) -> bool {
        total as f64 * ROW_PX > MAX_SPACER_PX
    }

    /// The first row to show at scroll position `scroll_top`.
    pub fn first_row(&self, total: u64, scroll_top: f64) -> u64 {
        let last_first = total.saturating_sub(self.visible_rows);
        let row = if self.compressed(total) {
            let range = (self.spacer_px - VIEW_PX).max(1.0);
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
            row.min(last_first) as f64 / last_first as f64 * (self.spacer_px - VIEW_PX)
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
    /// Rows `(offset, count)` are needed.
    pub on_range: Callback<(u64, u64)>,
    pub on_sort: Callback<String>,
    pub on_select: Callback<u64>,
}

#[function_component(DataTable)]
pub fn data_table(props: &DataTableProps) -> Html {
    let scroller = use_node_ref();
    let scroll_top = use_state(|| 0.0_f64);
    let geometry = Geometry::new(props.total);
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

    let on_key = {
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
            // Keep the selected row in view.
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
    };

    let header = props.columns.iter().map(|c| {
        let key = c.key.clone();
        let sort = match &props.sort {
            Some((k, desc)) if *k == c.key => if *desc { "descending" } else { "ascending" },
            _ => "none",
        };
        let arrow = match sort {
            "ascending" => " ▲",
            "descending" => " ▼",
            _ => "",
        };
        let onclick = props.on_sort.reform(move |_: MouseEvent| key.clone());
        html! {
            <div role="columnheader" class="grid__head" aria-sort={sort}>
                <button type="button" class="grid__sort" {onclick} title={format!("Sort by {}", c.caption)}>
                    { c.caption.clone() }{ arrow }
                </button>
            </div>
        }
    });

    let width = props.columns.len();
    let rows = (first..(first + count).min(props.total)).map(|index| {
        let cells = props.window.row(index);
        let selected = props.selected == Some(index);
        let onclick = props.on_select.reform(move |_: MouseEvent| index);
        html! {
            <div
                role="row"
                class={classes!("grid__row", selected.then_some("grid__row--selected"), (index % 2 == 1).then_some("grid__row--odd"))}
                aria-rowindex={(index + 2).to_string()}
                aria-selected={selected.to_string()}
                key={index.to_string()}
                {onclick}
            >
                { for (0..width).map(|col| {
                    let text = cells.and_then(|r| r.get(col)).map(|t| shown_string(t)).unwrap_or_default();
                    // Text nodes only: a cell holding "<script>" shows those characters.
                    html! { <div role="gridcell" class="grid__cell" title={text.clone()}>{ text }</div> }
                }) }
            </div>
        }
    });

    let block_top = geometry.block_top(props.total, first, *scroll_top);
    // A short result gets a short box; a long one scrolls inside VIEW_PX.
    let viewport = (props.total.max(1) as f64 * ROW_PX + 2.0).min(VIEW_PX);
    let template = format!("repeat({width}, minmax(140px, 1fr))");
    html! {
        <div
            class="grid"
            role="grid"
            aria-label={props.label.clone()}
            aria-rowcount={(props.total + 1).to_string()}
            aria-colcount={width.to_string()}
            tabindex="0"
            onkeydown={on_key}
        >
            <div role="row" class="grid__header" aria-rowindex="1" style={format!("grid-template-columns: {template}")}>
                { for header }
            </div>
            <div class="grid__scroller" ref={scroller} onscroll={on_scroll} style={format!("height: {viewport}px")}>
                <div class="grid__spacer" style={format!("height: {}px", geometry.spacer_px)}>
                    <div class="grid__rows" style={format!("top: {block_top}px; --grid-columns: {template}")}>
                        { for rows }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_tables_scroll_one_pixel_per_pixel() {
        let g = Geometry::new(1_000);
        assert_eq!(g.spacer_px, 28_000.0);
        assert_eq!(g.first_row(1_000, 0.0), 0);
        assert_eq!(g.first_row(1_000, 28.0 * 10.0 + 5.0), 10);
        assert_eq!(g.scroll_top_for(1_000, 10), 280.0);
    }

    #[test]
    fn two_million_rows_stay_under_the_height_cap_and_reach_the_last_row() {
        let total = 2_000_000;
        let g = Geometry::new(total);
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
        };
        assert!(w.covers(10, 5, 100));
        assert!(!w.covers(9, 5, 100));
        assert!(!w.covers(12, 5, 100));
        assert!(w.covers(12, 5, 15), "clamped to the total");
    }
}

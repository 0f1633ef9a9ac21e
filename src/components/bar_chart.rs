use yew::prelude::*;

use crate::display::{shown, shown_string};
use crate::format::{grouped, percent};

/// One bar: a label (text, never markup), a count and a colour class.
#[derive(Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub count: u64,
    /// A CSS class naming the colour (`outcome--denied`, …), so colours stay in
    /// the stylesheet and follow the theme.
    pub tone: &'static str,
}

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    pub title: String,
    pub bars: Vec<Bar>,
    /// Shares are computed against this total (the bars may not add up to it).
    pub total: u64,
    /// When set, each bar is a button that reports its index (to filter the rows).
    #[prop_or_default]
    pub on_select: Option<Callback<usize>>,
}

/// Horizontal bars drawn as inline SVG by the app itself (no chart library, no
/// request). Each bar carries its count and share as text beside it, so colour is
/// never the only way to read the chart.
#[function_component(BarChart)]
pub fn bar_chart(props: &BarChartProps) -> Html {
    // Bars are drawn in a 100-unit-wide box stretched to the column's width.
    const BAR_W: f64 = 100.0;
    let max = props.bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    html! {
        <figure class="chart">
            <figcaption class="chart__title">{ props.title.clone() }</figcaption>
            <div class="chart__rows">
                { for props.bars.iter().enumerate().map(|(i, b)| {
                    let width = (b.count as f64 / max as f64 * BAR_W).max(if b.count > 0 { 0.8 } else { 0.0 });
                    let label = match &props.on_select {
                        Some(on_select) => {
                            let onclick = on_select.reform(move |_: MouseEvent| i);
                            html! {
                                <button type="button" class="chart__label chart__label--button" title={format!("Show these rows: {}", shown(&b.label))} {onclick}>
                                    { shown_string(&b.label) }
                                </button>
                            }
                        }
                        None => html! { <span class="chart__label" title={shown_string(&b.label)}>{ shown_string(&b.label) }</span> },
                    };
                    html! {
                        <div class="chart__row" key={i}>
                            { label }
                            <svg class="chart__bar" height="18" viewBox={format!("0 0 {BAR_W} 18")} preserveAspectRatio="none" aria-hidden="true">
                                <rect class={classes!("bar", b.tone)} x="0" y="2" width={format!("{width:.1}")} height="14" />
                            </svg>
                            <span class="chart__value">
                                { grouped(b.count) }
                                <span class="chart__share">{ format!(" {}", percent(b.count, props.total)) }</span>
                            </span>
                        </div>
                    }
                }) }
            </div>
        </figure>
    }
}

use std::rc::Rc;

use mfa_lens_core::query::{Bucket, Filter, Timeline};
use yew::prelude::*;

use crate::format::grouped;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub timeline: Rc<Timeline>,
    pub on_filter: Callback<Vec<Filter>>,
    /// What the bars count, plural (`sign-ins` unless said).
    #[prop_or_else(|| AttrValue::from("sign-ins"))]
    pub noun: AttrValue,
}

/// Sign-ins per hour or day, stacked by outcome, drawn as inline SVG. Each bar is
/// focusable and clickable: it shows that bucket's rows in the table.
#[function_component(TimelineChart)]
pub fn timeline_chart(props: &TimelineProps) -> Html {
    const W: f64 = 600.0;
    const H: f64 = 160.0;
    let c = &props.timeline;
    if c.points.is_empty() {
        return html! {};
    }
    let max = c
        .points
        .iter()
        .map(|p| p.counts.iter().sum::<u64>())
        .max()
        .unwrap_or(1)
        .max(1);
    let step = W / c.points.len() as f64;
    // Thin bars for many buckets, never a slab for a single one.
    let bar_w = (step * 0.8).clamp(1.0, 40.0);
    let bars = c.points.iter().enumerate().map(|(i, p)| {
        let x = i as f64 * step + (step - bar_w) / 2.0;
        let mut y = H;
        let total: u64 = p.counts.iter().sum();
        let segments = p.counts.iter().zip(&c.series).map(|(count, series)| {
            let h = *count as f64 / max as f64 * H;
            y -= h;
            html! { <rect class={classes!("bar", format!("outcome--{}", series.replace('_', "-")))} x={format!("{x:.1}")} y={format!("{y:.1}")} width={format!("{bar_w:.1}")} height={format!("{h:.1}")} /> }
        }).collect::<Html>();
        let filters = c.filters(p, None);
        let onclick = props.on_filter.reform(move |_: MouseEvent| filters.clone());
        let title = format!("{}: {} {} — {}", p.label, grouped(total), props.noun,
            c.series.iter().zip(&p.counts).map(|(s, n)| format!("{} {}", s.replace('_', " "), grouped(*n))).collect::<Vec<_>>().join(", "));
        html! {
            <g class="timeline__bar" role="button" tabindex="0" aria-label={title.clone()} {onclick}>
                <title>{ title }</title>
                { segments }
            </g>
        }
    });
    let first = c
        .points
        .first()
        .map(|p| p.label.clone())
        .unwrap_or_default();
    let last = c.points.last().map(|p| p.label.clone()).unwrap_or_default();
    html! {
        <figure class="chart chart--timeline">
            <figcaption class="chart__title">{ chart_title(&props.noun, c.bucket, c.series.len() > 1) }</figcaption>
            <svg class="timeline" viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" role="group" aria-label="Timeline">
                { for bars }
            </svg>
            <div class="timeline__axis"><span>{ first }</span><span>{ last }</span></div>
            <ul class="legend">
                { for c.series.iter().map(|s| html! {
                    <li><span class={classes!("legend__swatch", format!("outcome--{}", s.replace('_', "-")))}></span>{ s.replace('_', " ") }</li>
                }) }
            </ul>
        </figure>
    }
}

/// `Sign-ins per hour, by outcome`; `Requests per day` for a single series.
fn chart_title(noun: &str, bucket: Bucket, by_outcome: bool) -> String {
    let bucket = match bucket {
        Bucket::Hour => "hour",
        _ => "day",
    };
    let mut chars = noun.chars();
    let noun = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
        None => String::new(),
    };
    if by_outcome {
        format!("{noun} per {bucket}, by outcome")
    } else {
        format!("{noun} per {bucket}")
    }
}

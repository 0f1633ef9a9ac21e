use std::rc::Rc;

use mfa_lens_core::classify::outcome_label;
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
    let by_outcome = c.series.len() > 1;
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
        let onclick = {
            let filters = filters.clone();
            props.on_filter.reform(move |_: MouseEvent| filters.clone())
        };
        // A bar is a button: Enter and Space press it too.
        let on_filter = props.on_filter.clone();
        let onkeydown = Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                on_filter.emit(filters.clone());
            }
        });
        let mut title = format!("{}: {} {}", c.when(p), grouped(total), props.noun);
        if by_outcome {
            let parts: Vec<String> = c.series.iter().zip(&p.counts).map(|(s, n)| format!("{} {}", series_label(s), grouped(*n))).collect();
            title.push_str(&format!(" — {}", parts.join(", ")));
        }
        html! {
            <g class="timeline__bar" role="button" tabindex="0" aria-label={title.clone()} {onclick} {onkeydown}>
                <title>{ title }</title>
                { segments }
            </g>
        }
    });
    // Each label stands under the middle of the bar it names; the ones at the
    // ends are held inside the chart.
    let n = c.points.len() as f64;
    let ticks = c.ticks(AXIS_LABELS).into_iter().map(|t| {
        let at = (t.index as f64 + 0.5) / n * 100.0;
        let hold = if at < 8.0 { "timeline__tick--start" } else if at > 92.0 { "timeline__tick--end" } else { "" };
        html! { <span class={classes!("timeline__tick", hold)} style={format!("left: {at:.2}%")}>{ t.label }</span> }
    });
    html! {
        <figure class="chart chart--timeline">
            <figcaption class="chart__title">{ chart_title(&props.noun, c.bucket, by_outcome) }</figcaption>
            <svg class="timeline" viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" role="group" aria-label={format!("{} over time, one bar per {}", props.noun, bucket_word(c.bucket))}>
                { for bars }
            </svg>
            <div class="timeline__axis" aria-hidden="true">{ for ticks }</div>
            if by_outcome {
                <ul class="legend">
                    { for c.series.iter().map(|s| html! {
                        <li><span class={classes!("legend__swatch", format!("outcome--{}", s.replace('_', "-")))}></span>{ series_label(s) }</li>
                    }) }
                </ul>
            }
        </figure>
    }
}

/// Labels under the axis: room for a date each across the chart's width.
const AXIS_LABELS: usize = 7;

/// A series in words: an outcome's label (`No MFA`), else the id as it is.
fn series_label(id: &str) -> String {
    outcome_label(id).map_or_else(|| id.replace('_', " "), str::to_string)
}

fn bucket_word(bucket: Bucket) -> &'static str {
    match bucket {
        Bucket::Hour => "hour",
        _ => "day",
    }
}

/// `Sign-ins per hour, by outcome`; `Requests per day` for a single series.
fn chart_title(noun: &str, bucket: Bucket, by_outcome: bool) -> String {
    let bucket = bucket_word(bucket);
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

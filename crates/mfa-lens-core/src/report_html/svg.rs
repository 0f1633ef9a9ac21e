//! Charts as inline SVG: horizontal bars and a stacked timeline.
//!
//! No script, no external font or image: each chart is a few `<rect>` and
//! `<text>` elements the browser draws from the file alone. Every bar is
//! written with its label, its count and its share, so the colour adds to
//! the words and never carries the meaning alone; an `aria-label` and a
//! `<title>` per mark say the same to a screen reader.

use std::fmt::Write;

use super::escape::Esc;
use super::LIST;
use crate::format::{date, grouped, percent, DateStyle};
use crate::query::{Bucket, Timeline};

/// One bar of a bar chart.
pub struct Bar {
    pub label: String,
    pub count: u64,
    /// An Okabe–Ito hue from [`super::style`].
    pub colour: &'static str,
}

const WIDTH: u32 = 720;
const LABEL_W: u32 = 260;
const BAR_W: u32 = 330;
const ROW_H: u32 = 22;
/// Characters of a label drawn; the whole label is in the bar's `<title>`.
const LABEL_CHARS: usize = 38;

/// A titled bar chart of at most [`LIST`] bars (the rest summed in one
/// "N more" line under it); shares are of `total`.
pub fn bar_chart(out: &mut String, title: &str, bars: &[Bar], total: u64) {
    if bars.is_empty() {
        return;
    }
    let shown = &bars[..bars.len().min(LIST)];
    let max = shown.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let height = ROW_H * shown.len() as u32 + 4;
    let _ = write!(
        out,
        "<figure class=\"chart\"><figcaption><strong>{}</strong></figcaption>\
         <svg role=\"img\" aria-label=\"{}\" \
         width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" \
         font-size=\"12\" font-family=\"system-ui, sans-serif\">",
        Esc(title),
        Esc(title)
    );
    for (i, b) in shown.iter().enumerate() {
        let y = ROW_H * i as u32;
        let w = (u128::from(b.count) * u128::from(BAR_W) / u128::from(max)) as u32;
        let label: String = b.label.chars().take(LABEL_CHARS).collect();
        let cut = if label.len() < b.label.len() {
            "…"
        } else {
            ""
        };
        let figures = format!("{} ({})", grouped(b.count), percent(b.count, total));
        let _ = write!(
            out,
            "<g><title>{}: {}</title>\
             <text x=\"0\" y=\"{}\">{}{cut}</text>\
             <rect x=\"{LABEL_W}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\">{}</text></g>",
            Esc(&b.label),
            figures,
            y + 15,
            Esc(&label),
            y + 4,
            w.max(1),
            ROW_H - 8,
            b.colour,
            LABEL_W + w + 6,
            y + 15,
            figures
        );
    }
    out.push_str("</svg>");
    if bars.len() > shown.len() {
        let rest: u64 = bars[shown.len()..].iter().map(|b| b.count).sum();
        let _ = write!(
            out,
            "<p class=\"more\">and {} more, {} rows</p>",
            grouped((bars.len() - shown.len()) as u64),
            grouped(rest)
        );
    }
    out.push_str("</figure>");
}

/// Bars a timeline draws at most: more points are merged, in order, into
/// this many, so a year of days stays a small drawing.
const TIME_BARS: usize = 120;
const PLOT_H: u32 = 160;

/// A timeline stacked by series, each series coloured by `colour_of` and
/// named in the legend by `label_of`; the first and last buckets (UTC, at
/// the bucket's precision) and the tallest bar are written as text.
pub fn timeline(
    out: &mut String,
    title: &str,
    t: &Timeline,
    label_of: impl Fn(&str) -> String,
    colour_of: impl Fn(&str) -> &'static str,
) {
    if t.points.is_empty() {
        return;
    }
    let per = t.points.len().div_ceil(TIME_BARS);
    let style = match t.bucket {
        Bucket::Hour => DateStyle::Hour,
        _ => DateStyle::Day,
    };
    let groups: Vec<(String, Vec<u64>)> = t
        .points
        .chunks(per)
        .map(|c| {
            let mut sums = vec![0u64; t.series.len()];
            for p in c {
                for (s, n) in sums.iter_mut().zip(&p.counts) {
                    *s += n;
                }
            }
            (date(c[0].start, style), sums)
        })
        .collect();
    let max = groups
        .iter()
        .map(|g| g.1.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let step = WIDTH as f64 / groups.len() as f64;
    let height = PLOT_H + 24;
    let _ = write!(
        out,
        "<figure class=\"chart\"><figcaption><strong>{}</strong> \
         <span class=\"note\">(tallest bar: {} rows)</span></figcaption>\
         <svg role=\"img\" aria-label=\"{}\" width=\"{WIDTH}\" \
         height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" font-size=\"12\" \
         font-family=\"system-ui, sans-serif\">",
        Esc(title),
        grouped(max),
        Esc(title)
    );
    for (i, (label, sums)) in groups.iter().enumerate() {
        let mut top = PLOT_H as f64;
        let x = i as f64 * step;
        let _ = write!(
            out,
            "<g><title>{}: {} rows</title>",
            Esc(label),
            grouped(sums.iter().sum())
        );
        for (series, &n) in t.series.iter().zip(sums) {
            let h = n as f64 * PLOT_H as f64 / max as f64;
            top -= h;
            if n > 0 {
                let _ = write!(
                    out,
                    "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\"/>",
                    (step - 1.0).max(0.5),
                    colour_of(series)
                );
            }
        }
        out.push_str("</g>");
    }
    let (first, last) = (&groups[0].0, &groups[groups.len() - 1].0);
    let _ = write!(
        out,
        "<text x=\"0\" y=\"{}\">{}</text><text x=\"{WIDTH}\" y=\"{}\" text-anchor=\"end\">{}</text></svg>",
        PLOT_H + 18,
        Esc(first),
        PLOT_H + 18,
        Esc(last)
    );
    legend(out, t, &label_of, &colour_of);
    out.push_str("</figure>");
}

/// The series in words, each with its colour swatch and its total.
fn legend(
    out: &mut String,
    t: &Timeline,
    label_of: &impl Fn(&str) -> String,
    colour_of: &impl Fn(&str) -> &'static str,
) {
    out.push_str("<p class=\"note\">");
    for (i, series) in t.series.iter().enumerate() {
        let n: u64 = t.points.iter().filter_map(|p| p.counts.get(i)).sum();
        let _ = write!(
            out,
            "<svg width=\"10\" height=\"10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" fill=\"{}\"/></svg> {}: {} &nbsp; ",
            colour_of(series),
            Esc(&label_of(series)),
            grouped(n)
        );
    }
    if t.undated > 0 {
        let _ = write!(out, "without a date: {}", grouped(t.undated));
    }
    out.push_str("</p>");
}

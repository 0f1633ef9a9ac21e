//! A finding's rows on one time axis: the rejected prompts (or wrong codes,
//! fraud reports, sign-ins) as ticks, the approval as a diamond, a lifted
//! block as a square — shapes as well as colours, so the marks read without
//! colour. Positions are percentages of the width, drawn as HTML, so a
//! shape keeps its form at any width.

use mfa_lens_core::findings::{Mark, MarkKind};
use yew::prelude::*;

use crate::format::grouped;
use crate::grid_layout::{time_text, Zone};

#[derive(Properties, PartialEq)]
pub struct EpisodeChartProps {
    /// In time order (as the core sends them).
    pub marks: Vec<Mark>,
    /// What each kind of mark stands for (the rule's legend).
    pub legend: &'static [(MarkKind, &'static str)],
    pub zone: Zone,
}

#[function_component(EpisodeChart)]
pub fn episode_chart(props: &EpisodeChartProps) -> Html {
    let (Some(first), Some(last)) = (props.marks.first(), props.marks.last()) else {
        return html! {};
    };
    let axis = Axis::new(first.at, last.at);
    let marks = props.marks.iter().map(|m| {
        let class = classes!(
            "episode__mark",
            format!("episode__mark--{}", kind_id(m.kind))
        );
        html! { <span {class} style={format!("left: {:.2}%", axis.percent(m.at))}></span> }
    });
    let legend = props.legend.iter().filter_map(|&(kind, words)| {
        let n = props.marks.iter().filter(|m| m.kind == kind).count() as u64;
        (n > 0).then(|| html! {
            <li>
                <span class={classes!("episode__key", format!("episode__mark--{}", kind_id(kind)))} aria-hidden="true"></span>
                { format!("{} {}", grouped(n), words) }
            </li>
        })
    });
    let start = time_text(Some(first.at), "", props.zone);
    let end = time_text(Some(last.at), "", props.zone);
    // The end's date is left out when it is the start's.
    let end_shown = if end.get(..10) == start.get(..10) {
        end.get(11..).unwrap_or(&end).to_string()
    } else {
        end.clone()
    };
    let words = props
        .legend
        .iter()
        .map(|&(kind, words)| {
            let n = props.marks.iter().filter(|m| m.kind == kind).count();
            format!("{n} {words}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let label = format!("From {start} to {end}: {words}");
    html! {
        <figure class="episode">
            <div class="episode__track" role="img" aria-label={label}>
                <span class="episode__axis"></span>
                { for marks }
            </div>
            <figcaption class="episode__scale">
                <span>{ start }</span>
                // One instant has no span and no end to name.
                if last.at > first.at {
                    <span class="episode__span">{ span_words(last.at - first.at) }</span>
                    <span>{ end_shown }</span>
                }
            </figcaption>
            <ul class="episode__legend">{ for legend }</ul>
        </figure>
    }
}

/// The axis from the first mark to the last, with a margin so that the end
/// marks sit inside the track; a single instant gets a minute either side.
struct Axis {
    from: f64,
    span: f64,
}

impl Axis {
    fn new(first: i64, last: i64) -> Axis {
        let (first, last) = if first == last {
            (first - 60, last + 60)
        } else {
            (first, last)
        };
        let span = (last - first) as f64;
        Axis {
            from: first as f64 - span * 0.03,
            span: span * 1.06,
        }
    }

    fn percent(&self, at: i64) -> f64 {
        ((at as f64 - self.from) / self.span * 100.0).clamp(0.0, 100.0)
    }
}

fn kind_id(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Trigger => "trigger",
        MarkKind::Success => "success",
        MarkKind::Lifted => "lifted",
    }
}

/// A duration in the largest units that say it: "45 s", "7 min 29 s",
/// "3 h 5 min", "2 days 4 h".
pub fn span_words(secs: i64) -> String {
    let secs = secs.max(0);
    let (days, hours, minutes, seconds) =
        (secs / 86_400, secs / 3_600 % 24, secs / 60 % 60, secs % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds} s"),
        (0, 0, _) if seconds > 0 => format!("{minutes} min {seconds} s"),
        (0, 0, _) => format!("{minutes} min"),
        (0, _, 0) => format!("{hours} h"),
        (0, _, _) => format!("{hours} h {minutes} min"),
        (1, 0, _) => "1 day".to_string(),
        (1, _, _) => format!("1 day {hours} h"),
        (_, 0, _) => format!("{days} days"),
        _ => format!("{days} days {hours} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_their_largest_units() {
        assert_eq!(span_words(0), "0 s");
        assert_eq!(span_words(45), "45 s");
        assert_eq!(span_words(449), "7 min 29 s");
        assert_eq!(span_words(600), "10 min");
        assert_eq!(span_words(3 * 3600 + 300), "3 h 5 min");
        assert_eq!(span_words(7200), "2 h");
        assert_eq!(span_words(86_400 + 3600), "1 day 1 h");
        assert_eq!(span_words(2 * 86_400), "2 days");
    }

    #[test]
    fn the_axis_holds_every_mark_inside_the_track() {
        let axis = Axis::new(1_000, 2_000);
        assert!(axis.percent(1_000) > 0.0 && axis.percent(1_000) < 5.0);
        assert!(axis.percent(2_000) > 95.0 && axis.percent(2_000) < 100.0);
        let instant = Axis::new(5_000, 5_000);
        assert!((instant.percent(5_000) - 50.0).abs() < 0.01);
    }
}

//! A timeline's time axis in words: which bars get a label, and what each bar
//! covers, written as people read dates (`1 Sep 2025`, `Sep 2025`,
//! `8 Sep 23:00`) rather than as the ISO stamps the points carry.
//!
//! Labels fall on round steps (every 6 hours, every Monday, every quarter…),
//! each under the first bar of its step, so a label names the bar it stands
//! under; at most the number asked for fit.

use crate::format::{civil, date, DateStyle};

use super::overview::{Bucket, Timeline, TimelinePoint};

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;
/// A daily timeline longer than this is labelled by month.
const MONTHS_AFTER: i64 = 92 * DAY;

/// One axis label, under the bar at `index` of [`Timeline::points`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    pub index: usize,
    pub label: String,
}

/// The unit the labels count in, and the round steps tried, smallest first.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hour,
    Day,
    Month,
}

impl Unit {
    /// The unit's number for a moment: hours or months since 1970, days since
    /// the Monday before 1970 (so weekly steps fall on Mondays).
    fn key(self, secs: i64) -> i64 {
        match self {
            Unit::Hour => secs.div_euclid(HOUR),
            Unit::Day => secs.div_euclid(DAY) + 3,
            Unit::Month => {
                let c = civil(secs);
                (c.year - 1970) * 12 + i64::from(c.month) - 1
            }
        }
    }

    fn steps(self) -> &'static [i64] {
        match self {
            Unit::Hour => &[1, 2, 3, 6, 12, 24, 48, 168],
            Unit::Day => &[1, 2, 7, 14, 28],
            Unit::Month => &[1, 2, 3, 6, 12, 24, 60, 120],
        }
    }
}

impl Timeline {
    /// At most `max` labels for the time axis, on round steps: hours for an
    /// hourly timeline (`8 Sep 2025 23:00` first, then `9 Sep 05:00`), days
    /// for a daily one (`1 Sep 2025`), months for a daily one over more than
    /// three months (`Sep 2025`, under the first bar of the month).
    pub fn ticks(&self, max: usize) -> Vec<Tick> {
        let (Some(first), Some(last)) = (self.points.first(), self.points.last()) else {
            return Vec::new();
        };
        let max = max.max(1) as i64;
        let unit = match self.bucket {
            Bucket::Hour => Unit::Hour,
            _ if last.start - first.start > MONTHS_AFTER => Unit::Month,
            _ => Unit::Day,
        };
        let units = unit.key(last.start) - unit.key(first.start) + 1;
        // The smallest round step that keeps the labels within `max`: a run of
        // `units` numbers holds at most ceil(units / step) multiples of step.
        let fits = |step: i64| (units + step - 1) / step <= max;
        let step = unit
            .steps()
            .iter()
            .copied()
            .find(|&s| fits(s))
            .unwrap_or_else(|| (units + max - 1) / max);
        let mut out: Vec<Tick> = Vec::new();
        let mut previous = None;
        for (index, p) in self.points.iter().enumerate() {
            let key = unit.key(p.start);
            // Only the first bar of its hour, day or month, on a step.
            if previous == Some(key) || key.rem_euclid(step) != 0 {
                previous = Some(key);
                continue;
            }
            previous = Some(key);
            let style = match unit {
                Unit::Month => DateStyle::Month,
                Unit::Day => DateStyle::Day,
                Unit::Hour if out.is_empty() => DateStyle::Hour,
                Unit::Hour => DateStyle::HourInYear,
            };
            out.push(Tick {
                index,
                label: date(p.start, style),
            });
        }
        out
    }

    /// What one bar covers, in words: `1 Sep 2025`, or `8 Sep 2025 23:00–00:00`
    /// for an hour (UTC, as every time the page shows).
    pub fn when(&self, point: &TimelinePoint) -> String {
        match self.bucket {
            Bucket::Hour => format!(
                "{}–{}",
                date(point.start, DateStyle::Hour),
                date(point.start + HOUR, DateStyle::Hour)
                    .rsplit(' ')
                    .next()
                    .unwrap_or_default()
            ),
            _ => date(point.start, DateStyle::Day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A timeline with one bar every `step` seconds from `start`, `n` bars.
    fn timeline(bucket: Bucket, start: i64, step: i64, n: i64) -> Timeline {
        Timeline {
            bucket,
            series: vec!["rows".into()],
            points: (0..n)
                .map(|i| TimelinePoint {
                    start: start + i * step,
                    label: String::new(),
                    counts: vec![1],
                })
                .collect(),
            undated: 0,
            scope: Vec::new(),
        }
    }

    fn labels(t: &Timeline, max: usize) -> Vec<(usize, String)> {
        t.ticks(max)
            .into_iter()
            .map(|t| (t.index, t.label))
            .collect()
    }

    // 2025-09-08T23:00:00Z and 2025-09-01T00:00:00Z (a Monday).
    const SEP8_23H: i64 = 1_757_372_400;
    const SEP1: i64 = 1_756_684_800;

    #[test]
    fn an_hourly_timeline_is_labelled_on_round_hours_with_the_year_once() {
        // 30 hours from 8 Sep 23:00: every 6 hours fits 6 labels.
        let t = timeline(Bucket::Hour, SEP8_23H, HOUR, 30);
        let got = labels(&t, 6);
        assert_eq!(
            got,
            [
                (1, "9 Sep 2025 00:00".to_string()),
                (7, "9 Sep 06:00".into()),
                (13, "9 Sep 12:00".into()),
                (19, "9 Sep 18:00".into()),
                (25, "10 Sep 00:00".into()),
            ]
        );
        // Few bars: each one labelled.
        let short = timeline(Bucket::Hour, SEP8_23H, HOUR, 3);
        assert_eq!(labels(&short, 6).len(), 3);
        assert_eq!(short.when(&short.points[0]), "8 Sep 2025 23:00–00:00");
    }

    #[test]
    fn a_daily_timeline_is_labelled_by_day_then_by_week() {
        let week = timeline(Bucket::Day, SEP1, DAY, 5);
        assert_eq!(
            labels(&week, 8),
            [
                (0, "1 Sep 2025".to_string()),
                (1, "2 Sep 2025".into()),
                (2, "3 Sep 2025".into()),
                (3, "4 Sep 2025".into()),
                (4, "5 Sep 2025".into()),
            ]
        );
        // Thirty days in at most six labels: every Monday.
        let month = timeline(Bucket::Day, SEP1, DAY, 30);
        let got = labels(&month, 6);
        assert_eq!(
            got.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(),
            [
                "1 Sep 2025",
                "8 Sep 2025",
                "15 Sep 2025",
                "22 Sep 2025",
                "29 Sep 2025"
            ]
        );
        assert_eq!(got[1].0, 7);
        assert_eq!(month.when(&month.points[0]), "1 Sep 2025");
    }

    #[test]
    fn a_long_daily_timeline_is_labelled_by_month_under_each_month_s_first_bar() {
        // A year of days from 1 Sep 2025: every other month in six labels,
        // every quarter in four.
        let year = timeline(Bucket::Day, SEP1, DAY, 365);
        let got = labels(&year, 6);
        assert_eq!(
            got.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(),
            ["Sep 2025", "Nov 2025", "Jan 2026", "Mar 2026", "May 2026", "Jul 2026"]
        );
        let got = labels(&year, 4);
        assert_eq!(
            got.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(),
            ["Oct 2025", "Jan 2026", "Apr 2026", "Jul 2026"]
        );
        assert_eq!(got[0].0, 30, "1 Oct is the 31st bar");
        // Sparse bars (only the non-empty days are listed): a month's label
        // goes under its first bar, whatever day that is.
        let mut sparse = timeline(Bucket::Day, SEP1, DAY, 0);
        for (day, _) in [(17, ()), (40, ()), (200, ())] {
            sparse.points.push(TimelinePoint {
                start: SEP1 + day * DAY,
                label: String::new(),
                counts: vec![1],
            });
        }
        assert_eq!(
            labels(&sparse, 12),
            [
                (0, "Sep 2025".to_string()),
                (1, "Oct 2025".into()),
                (2, "Mar 2026".into())
            ]
        );
    }

    #[test]
    fn labels_never_exceed_the_room_and_an_empty_timeline_has_none() {
        for (bucket, step) in [(Bucket::Hour, HOUR), (Bucket::Day, DAY)] {
            for n in [1, 2, 7, 50, 500, 4_000] {
                for max in [1, 3, 7] {
                    let t = timeline(bucket, SEP8_23H, step, n);
                    let got = t.ticks(max);
                    assert!(got.len() <= max, "{n} bars, max {max}: {}", got.len());
                    assert!(!got.is_empty() || n > 1, "a single bar is labelled");
                    assert!(got.windows(2).all(|w| w[0].index < w[1].index));
                }
            }
        }
        assert!(timeline(Bucket::Day, SEP1, DAY, 0).ticks(6).is_empty());
    }
}

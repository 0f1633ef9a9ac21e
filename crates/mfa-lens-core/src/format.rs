//! Numbers and dates as people read them, shared by every face (the page, the
//! CLI and the engine's own diagnostics) so a count or a day is written the
//! same everywhere.

/// 98412 → "98,412": counts read at a glance.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1.2 MB"-style sizes, decimal units as file managers show them.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// A share as a percentage: whole numbers from 10% up, one decimal below (where
/// the decimal matters), "0%" for an empty whole.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    let p = part as f64 * 100.0 / whole as f64;
    if p == 0.0 || p >= 10.0 || p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// Unix seconds as `2025-09-08 23:41:07`: how a table shows a time. The zone
/// is named once, in the column's header, not on every row; `offset_minutes`
/// shifts UTC to the zone shown (0 for UTC).
pub fn clock(secs: i64, offset_minutes: i32) -> String {
    let c = civil(secs + i64::from(offset_minutes) * 60);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// A zone's offset as `UTC+02:00` / `UTC−05:30` (a minus sign, as printed).
pub fn utc_offset(offset_minutes: i32) -> String {
    if offset_minutes == 0 {
        return "UTC".into();
    }
    let sign = if offset_minutes > 0 { '+' } else { '\u{2212}' };
    let m = offset_minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// A moment split into its calendar parts, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

/// Unix seconds as a proleptic Gregorian date and time, UTC (the inverse of H.
/// Hinnant's `days_from_civil`).
pub fn civil(secs: i64) -> Civil {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    Civil {
        year: yoe + era * 400 + i64::from(month <= 2),
        // Both are small and positive by construction.
        month: month as u32,
        day: day as u32,
        hour: (rem / 3600) as u32,
        minute: (rem % 3600 / 60) as u32,
        second: (rem % 60) as u32,
    }
}

/// How much of a date is written: as much as a chart's bucket (or an axis
/// step) needs, never the raw `2025-09-01T00:00:00Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `Sep 2025`
    Month,
    /// `1 Sep 2025`
    Day,
    /// `8 Sep 2025 23:00`
    Hour,
    /// `8 Sep 23:00`, beside labels that already give the year.
    HourInYear,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Unix seconds (UTC) written in `style`: English month abbreviations, day
/// before month, 24-hour clock — one reading in every locale.
pub fn date(secs: i64, style: DateStyle) -> String {
    let c = civil(secs);
    let month = MONTHS[(c.month as usize - 1) % 12];
    match style {
        DateStyle::Month => format!("{month} {}", c.year),
        DateStyle::Day => format!("{} {month} {}", c.day, c.year),
        DateStyle::Hour => format!("{} {month} {} {:02}:{:02}", c.day, c.year, c.hour, c.minute),
        DateStyle::HourInYear => format!("{} {month} {:02}:{:02}", c.day, c.hour, c.minute),
    }
}

#[cfg(test)]
mod tests {
    use super::{civil, clock, date, grouped, human_size, percent, utc_offset, Civil, DateStyle};

    #[test]
    fn thousands_are_separated() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(98_412), "98,412");
        assert_eq!(grouped(2_000_000), "2,000,000");
    }

    #[test]
    fn sizes_and_shares_read_like_a_report() {
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(7_730), "7.7 kB");
        assert_eq!(human_size(104_857_600), "104.9 MB");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(1, 6), "17%");
        assert_eq!(percent(1, 12), "8.3%");
        assert_eq!(percent(0, 0), "0%");
        assert_eq!(percent(2, 4), "50%");
    }

    #[test]
    fn times_read_as_a_clock_in_the_zone_asked() {
        // 2025-09-08T23:41:07Z
        assert_eq!(clock(1_757_374_867, 0), "2025-09-08 23:41:07");
        assert_eq!(clock(1_757_374_867, 120), "2025-09-09 01:41:07");
        assert_eq!(clock(1_757_374_867, -330), "2025-09-08 18:11:07");
        assert_eq!(utc_offset(0), "UTC");
        assert_eq!(utc_offset(120), "UTC+02:00");
        assert_eq!(utc_offset(-330), "UTC\u{2212}05:30");
    }

    #[test]
    fn dates_read_as_day_month_year_at_the_bucket_s_precision() {
        // 2025-09-01T00:00:00Z and 2025-09-08T23:41:07Z.
        let sep1 = 1_756_684_800;
        let late = 1_757_374_867;
        assert_eq!(date(sep1, DateStyle::Month), "Sep 2025");
        assert_eq!(date(sep1, DateStyle::Day), "1 Sep 2025");
        assert_eq!(date(late, DateStyle::Hour), "8 Sep 2025 23:41");
        assert_eq!(date(late, DateStyle::HourInYear), "8 Sep 23:41");
        // The Unix epoch, a leap day and a moment before 1970.
        assert_eq!(date(0, DateStyle::Hour), "1 Jan 1970 00:00");
        assert_eq!(date(951_782_400, DateStyle::Day), "29 Feb 2000");
        assert_eq!(date(-1, DateStyle::Hour), "31 Dec 1969 23:59");
    }

    #[test]
    fn civil_parts_match_the_calendar() {
        assert_eq!(
            civil(1_757_374_867),
            Civil {
                year: 2025,
                month: 9,
                day: 8,
                hour: 23,
                minute: 41,
                second: 7
            }
        );
        // Every month boundary of a leap year lands on day 1.
        let mut secs = 1_704_067_200; // 2024-01-01
        for month in 1..=12 {
            let c = civil(secs);
            assert_eq!((c.year, c.month, c.day), (2024, month, 1));
            let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1];
            secs += days * 86_400;
        }
        assert_eq!(civil(secs).year, 2025);
    }
}

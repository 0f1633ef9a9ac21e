//! Numbers as people read them, shared by every face (the page, the CLI and
//! the engine's own diagnostics) so a count is written the same everywhere.

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
    let iso = crate::store::dates::format_timestamp(secs + i64::from(offset_minutes) * 60);
    // `YYYY-MM-DDTHH:MM:SSZ` → `YYYY-MM-DD HH:MM:SS`
    iso.trim_end_matches('Z').replacen('T', " ", 1)
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

#[cfg(test)]
mod tests {
    use super::{clock, grouped, human_size, percent, utc_offset};

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
}

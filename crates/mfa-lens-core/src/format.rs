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

#[cfg(test)]
mod tests {
    use super::{grouped, human_size, percent};

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
}

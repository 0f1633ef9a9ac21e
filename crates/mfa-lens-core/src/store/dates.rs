//! Timestamps as exports write them.
//!
//! The portal writes ISO 8601 (`2024-05-01T07:58:12Z`, sometimes with fractional
//! seconds or an offset); MFA Server reports write `2019-03-14 15:22:08`; a file
//! re-saved by Excel or written by PowerShell carries the culture of that machine:
//! `5/2/2024 6:14:03 AM`, `02/05/2024 06:14`, `02.05.2024 06:14:03`; a Log
//! Analytics CSV export puts a comma after the date (`5/2/2024, 6:14:03.287 AM`).
//!
//! Day/month order of the culture formats is decided once per file, never per row
//! (a file has one culture): if any value's first number is above 12 the file is
//! day-first; otherwise if any value's second number is above 12 it is
//! month-first; otherwise (every date ambiguous) dotted dates (`dd.mm.yyyy`,
//! German and most of Europe) are day-first, and slashed dates are day-first only
//! when the caller says the file hints at a day-first culture (Excel saved it
//! with `;` between fields, which it does where the comma is the decimal mark —
//! France, Germany, Spain, Italy… all day-first), month-first otherwise
//! (`m/d/yyyy`, the en-US default of PowerShell and Excel). Values without an
//! offset are taken as UTC.

use crate::format::civil;

/// How to read `a/b/yyyy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    DayFirst,
    MonthFirst,
}

impl DayOrder {
    /// Decide for a whole column (see the module documentation for the rule).
    pub fn decide<'a>(values: impl IntoIterator<Item = &'a str>) -> DayOrder {
        Self::decide_with_hint(values, false)
    }

    /// As [`decide`](Self::decide), with the file's hint for all-ambiguous
    /// slashed dates.
    pub fn decide_with_hint<'a>(
        values: impl IntoIterator<Item = &'a str>,
        ambiguous_day_first: bool,
    ) -> DayOrder {
        let mut second_over_12 = false;
        let mut dotted = false;
        for v in values {
            if let Some((a, b, sep)) = leading_pair(v) {
                if a > 12 {
                    return DayOrder::DayFirst;
                }
                if b > 12 {
                    second_over_12 = true;
                }
                if sep == b'.' {
                    dotted = true;
                }
            }
        }
        if second_over_12 || !(dotted || ambiguous_day_first) {
            DayOrder::MonthFirst
        } else {
            DayOrder::DayFirst
        }
    }
}

/// The first two numbers of a culture date (`a/b/yyyy` or `a.b.yyyy`).
fn leading_pair(v: &str) -> Option<(u32, u32, u8)> {
    let mut c = Cursor::new(v.trim().trim_start_matches('\''));
    let a = c.number(1, 2)?;
    let sep = c.one_of(b"/.-")?;
    let b = c.number(1, 2)?;
    c.expect(sep)?;
    c.number(4, 4)?;
    Some((a, b, sep))
}

/// Unix seconds (UTC) for a timestamp in any accepted form; `None` if unreadable.
pub fn parse_timestamp(value: &str, order: DayOrder) -> Option<i64> {
    let v = value.trim().trim_start_matches('\'').trim();
    if v.is_empty() {
        return None;
    }
    parse_iso(v).or_else(|| parse_culture(v, order))
}

/// `YYYY-MM-DD`, then optionally `T` or space and `HH:MM[:SS[.fff]]`, then
/// optionally `Z` or `±HH[:]MM`.
fn parse_iso(v: &str) -> Option<i64> {
    let mut c = Cursor::new(v);
    let y = c.number(4, 4)?;
    c.one_of(b"-/")?;
    let mo = c.number(1, 2)?;
    c.one_of(b"-/")?;
    let d = c.number(1, 2)?;
    let mut secs = 0i64;
    if c.one_of(b"T ").is_some() {
        secs = c.clock()?;
        c.skip_spaces();
        if c.one_of(b"Zz").is_some() {
        } else if let Some(sign) = c.one_of(b"+-") {
            let oh = c.number(2, 2)?;
            let _ = c.expect(b':');
            let om = c.number(2, 2).unwrap_or(0);
            let offset = i64::from(oh * 3600 + om * 60);
            secs -= if sign == b'+' { offset } else { -offset };
        }
    }
    c.skip_spaces();
    if !c.done() {
        return None;
    }
    Some(days_from_civil(y, mo, d)? * 86_400 + secs)
}

/// `a/b/yyyy`, `a.b.yyyy` or `a-b-yyyy`, optionally followed by
/// `h:mm[:ss] [AM|PM]`.
fn parse_culture(v: &str, order: DayOrder) -> Option<i64> {
    let mut c = Cursor::new(v);
    let a = c.number(1, 2)?;
    let sep = c.one_of(b"/.-")?;
    let b = c.number(1, 2)?;
    c.expect(sep)?;
    let y = c.number(4, 4)?;
    // Log Analytics' CSV export writes a comma after the date
    // (`9/19/2023, 1:45:17.287 PM`).
    let _ = c.one_of(b",");
    let (d, mo) = match order {
        DayOrder::DayFirst => (a, b),
        DayOrder::MonthFirst => (b, a),
    };
    let mut secs = 0i64;
    c.skip_spaces();
    if !c.done() {
        secs = c.clock()?;
        c.skip_spaces();
        let rest = c.rest().to_ascii_uppercase();
        let hour = secs / 3600;
        match rest.as_str() {
            "" => {}
            "AM" | "A.M." if hour <= 12 => {
                if hour == 12 {
                    secs -= 12 * 3600;
                }
            }
            "PM" | "P.M." if hour <= 12 => {
                if hour < 12 {
                    secs += 12 * 3600;
                }
            }
            _ => return None,
        }
    }
    Some(days_from_civil(y, mo, d)? * 86_400 + secs)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: u32, m: u32, d: u32) -> Option<i64> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Format Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_timestamp(secs: i64) -> String {
    let c = civil(secs);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// A tiny byte cursor; every step returns `None` instead of running off the end.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            s: s.as_bytes(),
            i: 0,
        }
    }

    fn done(&self) -> bool {
        self.i >= self.s.len()
    }

    fn rest(&self) -> String {
        String::from_utf8_lossy(self.s.get(self.i..).unwrap_or(&[])).into_owned()
    }

    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        let mut n: u32 = 0;
        while self.i - start < max {
            match self.s.get(self.i) {
                Some(b) if b.is_ascii_digit() => {
                    n = n * 10 + u32::from(b - b'0');
                    self.i += 1;
                }
                _ => break,
            }
        }
        (self.i - start >= min).then_some(n)
    }

    fn one_of(&mut self, set: &[u8]) -> Option<u8> {
        let b = *self.s.get(self.i)?;
        if set.contains(&b) {
            self.i += 1;
            Some(b)
        } else {
            None
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.one_of(&[b]).map(|_| ())
    }

    fn skip_spaces(&mut self) {
        while self.s.get(self.i) == Some(&b' ') {
            self.i += 1;
        }
    }

    /// `H:MM[:SS[.fraction]]` → seconds of the day.
    fn clock(&mut self) -> Option<i64> {
        let h = self.number(1, 2)?;
        self.expect(b':')?;
        let m = self.number(2, 2)?;
        let mut s = 0;
        if self.expect(b':').is_some() {
            s = self.number(2, 2)?;
            if self.one_of(b".,").is_some() {
                self.number(1, 9)?;
            }
        }
        if h > 23 || m > 59 || s > 60 {
            return None;
        }
        Some(i64::from(h * 3600 + m * 60 + s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAY_1_2024: i64 = 1_714_521_600;

    #[test]
    fn iso_forms() {
        let t = |s| parse_timestamp(s, DayOrder::MonthFirst);
        assert_eq!(
            t("2024-05-01T07:58:12Z"),
            Some(MAY_1_2024 + 7 * 3600 + 58 * 60 + 12)
        );
        assert_eq!(t("2024-05-01T07:58:12.1234567Z"), t("2024-05-01T07:58:12Z"));
        assert_eq!(t("2024-05-01T09:58:12+02:00"), t("2024-05-01T07:58:12Z"));
        assert_eq!(t("2024-05-01 07:58:12"), t("2024-05-01T07:58:12Z"));
        assert_eq!(t("2024-05-01"), Some(MAY_1_2024));
        assert_eq!(t("2024-02-30T00:00:00Z"), None);
        assert_eq!(t("not a date"), None);
        assert_eq!(t(""), None);
    }

    #[test]
    fn culture_forms_follow_the_file_order() {
        let us = |s| parse_timestamp(s, DayOrder::MonthFirst);
        let eu = |s| parse_timestamp(s, DayOrder::DayFirst);
        assert_eq!(
            us("5/1/2024 7:58 AM"),
            Some(MAY_1_2024 + 7 * 3600 + 58 * 60)
        );
        assert_eq!(us("5/1/2024 12:00:00 AM"), Some(MAY_1_2024));
        assert_eq!(us("5/1/2024 1:00:00 PM"), Some(MAY_1_2024 + 13 * 3600));
        assert_eq!(us("5/1/2024, 1:00:00.287 PM"), Some(MAY_1_2024 + 13 * 3600));
        assert_eq!(
            eu("01/05/2024 07:58"),
            Some(MAY_1_2024 + 7 * 3600 + 58 * 60)
        );
        assert_eq!(
            eu("01.05.2024 07:58:00"),
            Some(MAY_1_2024 + 7 * 3600 + 58 * 60)
        );
        assert_eq!(us("5/1/2024 13:00 PM"), None);
    }

    #[test]
    fn the_day_month_order_is_decided_per_file() {
        assert_eq!(
            DayOrder::decide(["01/05/2024", "13/05/2024"]),
            DayOrder::DayFirst
        );
        assert_eq!(
            DayOrder::decide(["05/01/2024", "05/13/2024"]),
            DayOrder::MonthFirst
        );
        assert_eq!(DayOrder::decide(["05/01/2024"]), DayOrder::MonthFirst);
        assert_eq!(DayOrder::decide(["01.05.2024 07:00"]), DayOrder::DayFirst);
        assert_eq!(
            DayOrder::decide(["2024-05-01T00:00:00Z"]),
            DayOrder::MonthFirst
        );
    }

    #[test]
    fn formatting_inverts_parsing() {
        for s in [
            "2024-05-01T07:58:12Z",
            "1999-12-31T23:59:59Z",
            "2000-02-29T00:00:00Z",
        ] {
            let t = parse_timestamp(s, DayOrder::MonthFirst).unwrap();
            assert_eq!(format_timestamp(t), s);
        }
    }
}

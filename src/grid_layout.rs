//! How wide a grid column is, and how its cells are written: pure functions,
//! tested natively, for the one grid component every table uses.
//!
//! Widths come from the content — the worker sends the most characters a
//! sample of rows holds per column ([`mfa_lens_core::query::text_widths`]) —
//! unless the person dragged the column, in which case their width wins and
//! stays in the URL hash.

use std::collections::BTreeMap;

use mfa_lens_core::format::{clock, utc_offset};
use mfa_lens_core::store::dates::{parse_timestamp, DayOrder};

/// What a column holds, which decides how its cells are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Text,
    /// Right-aligned counts.
    Number,
    /// A time: drawn from the row's parsed time (or an RFC 3339 cell) as
    /// `2025-09-08 23:41:07` in the zone the header names.
    Time,
    /// An `$outcome` id, drawn as its label with its colour.
    Outcome,
}

/// Pixels per character of the grid's 0.85 rem system font, on the wide
/// side of its average: a user name of wide letters (`w`, `m`) must still
/// fit, and a few pixels too many cost nothing.
const CHAR_PX: f64 = 8.4;
/// Cell padding (8 px each side) and the border.
const PAD_PX: f64 = 18.0;
/// Room in a header for the sort arrow and the resize handle.
const HEAD_EXTRA_PX: f64 = 26.0;
pub const MIN_PX: f64 = 56.0;
/// A long free-text column (a failure reason) is capped: its cell shows the
/// start and the whole text is one click away in the row's detail.
pub const AUTO_MAX_PX: f64 = 360.0;
pub const MAX_PX: f64 = 900.0;
/// How far one arrow key press moves a column edge (Shift: four times).
pub const KEY_STEP_PX: f64 = 16.0;

/// The width a column gets from its caption and its longest sampled value.
pub fn auto_px(kind: CellKind, caption: &str, chars: u16) -> f64 {
    let content = match kind {
        // `2025-09-08 23:41:07`, whatever the file wrote: 19 characters,
        // most of them digits, which are wider than the average letter.
        CellKind::Time => 20.5,
        // The label and the colour dot; ids are about as long as labels.
        CellKind::Outcome => f64::from(chars).max(11.0) + 2.0,
        CellKind::Text | CellKind::Number => f64::from(chars),
    };
    let cell = content * CHAR_PX + PAD_PX;
    // Headers are bold: a little wider per character.
    let head = caption.chars().count() as f64 * (CHAR_PX + 0.6) + PAD_PX + HEAD_EXTRA_PX;
    cell.max(head).clamp(MIN_PX, AUTO_MAX_PX).round()
}

/// A width set by hand, kept within what a screen can show.
pub fn clamp_px(px: f64) -> f64 {
    px.clamp(MIN_PX, MAX_PX).round()
}

/// The CSS grid template: fixed widths, the last column taking what is left
/// of a wide window (so the rows reach the right edge) but never less.
pub fn template(widths: &[f64]) -> String {
    let n = widths.len();
    widths
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i + 1 == n {
                format!("minmax({w}px, 1fr)")
            } else {
                format!("{w}px")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Widths set by hand, by column key (the same key in two reports shares it).
pub type Widths = BTreeMap<String, u32>;

/// The zone times are shown in: UTC (the exports' own) or the browser's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    #[default]
    Utc,
    Local,
}

impl Zone {
    /// Minutes east of UTC at `secs` (local time changes offset with the
    /// season, so each instant asks).
    pub fn offset_at(self, secs: i64) -> i32 {
        match self {
            Zone::Utc => 0,
            Zone::Local => local_offset_minutes(secs),
        }
    }

    /// The zone as a header names it: `UTC`, or `local, UTC+02:00`.
    pub fn name(self, now_secs: i64) -> String {
        match self {
            Zone::Utc => "UTC".into(),
            Zone::Local => format!("local, {}", utc_offset(local_offset_minutes(now_secs))),
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Zone::Utc => "utc",
            Zone::Local => "local",
        }
    }
}

/// The browser's offset at `secs`; UTC off the browser (native tests).
fn local_offset_minutes(secs: i64) -> i32 {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
        // JavaScript counts minutes *behind* UTC.
        -(date.get_timezone_offset() as i32)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = secs;
        0
    }
}

/// A time cell: the row's parsed time in `zone`, or, for a cell holding an
/// RFC 3339 UTC stamp (the Users list's first and last seen), that stamp read;
/// anything else as written.
pub fn time_text(parsed: Option<i64>, cell: &str, zone: Zone) -> String {
    match parsed.or_else(|| rfc3339_utc(cell)) {
        Some(secs) => clock(secs, zone.offset_at(secs)),
        None => cell.to_string(),
    }
}

/// The column caption with the zone named once: "Date (UTC)" → "Date (UTC)"
/// or "Date (local, UTC+02:00)"; "First seen" → "First seen (UTC)".
pub fn time_caption(caption: &str, zone: Zone, now_secs: i64) -> String {
    let bare = caption
        .trim()
        .strip_suffix("(UTC)")
        .or_else(|| caption.trim().strip_suffix("(utc)"))
        .unwrap_or(caption)
        .trim_end();
    format!("{bare} ({})", zone.name(now_secs))
}

/// `YYYY-MM-DDTHH:MM:SSZ` (what the core writes) as Unix seconds: only that
/// exact form, so a free-text cell that merely starts like a date stays text.
fn rfc3339_utc(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 20 || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    parse_timestamp(text, DayOrder::MonthFirst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_and_a_long_user_name_get_their_whole_width() {
        let date = auto_px(CellKind::Time, "Date (UTC)", 28);
        assert!(date >= 19.0 * CHAR_PX + PAD_PX, "{date}");
        let user = auto_px(CellKind::Text, "Username", 32);
        assert!(user >= 32.0 * CHAR_PX + PAD_PX, "{user}");
        // A caption longer than its values still fits.
        let code = auto_px(CellKind::Number, "Sign-in error code", 6);
        assert!(code >= 18.0 * CHAR_PX, "{code}");
        // Free text is capped; an empty column keeps a usable minimum.
        assert_eq!(auto_px(CellKind::Text, "Reason", 900), AUTO_MAX_PX);
        assert_eq!(auto_px(CellKind::Text, "", 0), MIN_PX);
    }

    #[test]
    fn the_last_column_takes_the_rest() {
        assert_eq!(template(&[150.0, 90.0]), "150px minmax(90px, 1fr)");
        assert_eq!(clamp_px(5.0), MIN_PX);
        assert_eq!(clamp_px(5_000.0), MAX_PX);
    }

    #[test]
    fn times_are_written_one_way_and_the_zone_once() {
        assert_eq!(
            time_text(Some(1_757_374_867), "9/8/2025 11:41:07 PM", Zone::Utc),
            "2025-09-08 23:41:07"
        );
        assert_eq!(
            time_text(None, "2025-09-08T23:41:07Z", Zone::Utc),
            "2025-09-08 23:41:07"
        );
        assert_eq!(time_text(None, "not a date", Zone::Utc), "not a date");
        assert_eq!(
            time_text(None, "2025-13-08T23:41:07Z", Zone::Utc),
            "2025-13-08T23:41:07Z"
        );
        assert_eq!(time_caption("Date (UTC)", Zone::Utc, 0), "Date (UTC)");
        assert_eq!(time_caption("First seen", Zone::Utc, 0), "First seen (UTC)");
    }

    #[test]
    fn rfc3339_reading_matches_the_core_writing() {
        for secs in [0, 86_399, 951_782_400, 1_757_374_867, 4_102_444_800] {
            let text = mfa_lens_core::format::clock(secs, 0).replacen(' ', "T", 1) + "Z";
            assert_eq!(rfc3339_utc(&text), Some(secs), "{text}");
        }
    }
}

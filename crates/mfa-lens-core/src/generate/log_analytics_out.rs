//! The generated sign-ins as a Log Analytics query result exported to CSV.
//!
//! Written from the same Graph objects as the JSON download
//! ([`super::json_out::for_each_sign_in`]), so the three forms of a round trip
//! hold the same sign-ins. The export's quirks are reproduced: the table
//! schema's column names, ` [UTC]` after the datetime columns, dates in the
//! en-US locale format the portal's exporter uses (`9/19/2023, 1:45:17.000
//! PM`), `ResultType` as text, and the `dynamic` columns and
//! `AuthenticationDetails` as JSON in one cell with their quotes doubled.

use std::io::{self, Write};

use serde_json::Value;

use super::json_out::for_each_sign_in;
use crate::format::civil;
use crate::store::{parse_timestamp, DayOrder};

/// The export's columns: (name, where the value comes from in the object).
const COLUMNS: [(&str, Field); 21] = [
    ("TimeGenerated [UTC]", Field::Date),
    ("Id", Field::Text("id")),
    ("CreatedDateTime [UTC]", Field::Date),
    ("UserPrincipalName", Field::Text("userPrincipalName")),
    ("UserDisplayName", Field::Text("userDisplayName")),
    ("UserId", Field::Text("userId")),
    ("AppDisplayName", Field::Text("appDisplayName")),
    ("ResourceDisplayName", Field::Text("resourceDisplayName")),
    ("IPAddress", Field::Text("ipAddress")),
    ("ClientAppUsed", Field::Text("clientAppUsed")),
    ("UserAgent", Field::Text("userAgent")),
    ("CorrelationId", Field::Text("correlationId")),
    ("ResultType", Field::Code),
    ("ResultDescription", Field::Reason),
    (
        "AuthenticationRequirement",
        Field::Text("authenticationRequirement"),
    ),
    (
        "ConditionalAccessStatus",
        Field::Text("conditionalAccessStatus"),
    ),
    ("Status", Field::Json("status")),
    ("MfaDetail", Field::Json("mfaDetail")),
    ("LocationDetails", Field::Json("location")),
    ("DeviceDetail", Field::Json("deviceDetail")),
    (
        "AuthenticationDetails",
        Field::Json("authenticationDetails"),
    ),
];

#[derive(Clone, Copy)]
enum Field {
    /// `createdDateTime` in the exporter's locale format.
    Date,
    Text(&'static str),
    /// `status.errorCode` as text.
    Code,
    /// `status.failureReason`.
    Reason,
    /// The member as JSON text.
    Json(&'static str),
}

/// Write the export; returns (sign-ins, bytes).
pub fn write_log_analytics(
    sign_ins: &[u8],
    auth: &[u8],
    out: &mut dyn Write,
) -> io::Result<(u64, u64)> {
    let mut bytes = 0u64;
    let mut line = String::with_capacity(2048);
    let mut put = |line: &str, out: &mut dyn Write| -> io::Result<()> {
        bytes += line.len() as u64;
        out.write_all(line.as_bytes())
    };
    for (i, (name, _)) in COLUMNS.iter().enumerate() {
        quote(name, i, &mut line);
    }
    line.push_str("\r\n");
    put(&line, out)?;
    let rows = for_each_sign_in(sign_ins, auth, &mut |o| {
        line.clear();
        for (i, (_, field)) in COLUMNS.iter().enumerate() {
            quote(&value(&o, *field), i, &mut line);
        }
        line.push_str("\r\n");
        put(&line, out)
    })?;
    Ok((rows, bytes))
}

fn value(o: &Value, field: Field) -> String {
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    match field {
        Field::Date => locale_date(&text(o.get("createdDateTime"))),
        Field::Text(key) => text(o.get(key)),
        Field::Code => text(o.pointer("/status/errorCode")),
        Field::Reason => text(o.pointer("/status/failureReason")),
        Field::Json(key) => o.get(key).map_or_else(String::new, Value::to_string),
    }
}

/// `2024-05-01T13:45:17Z` → `5/1/2024, 1:45:17.000 PM`.
fn locale_date(iso: &str) -> String {
    let Some(secs) = parse_timestamp(iso, DayOrder::MonthFirst) else {
        return iso.to_string();
    };
    let c = civil(secs);
    let (y, m, d, h, min, s) = (c.year, c.month, c.day, c.hour, c.minute, c.second);
    let (h12, half) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!("{m}/{d}/{y}, {h12}:{min:02}:{s:02}.000 {half}")
}

/// Append `field`, quoted with its quotes doubled, after a comma unless first.
fn quote(field: &str, index: usize, line: &mut String) {
    if index > 0 {
        line.push(',');
    }
    line.push('"');
    line.push_str(&field.replace('"', "\"\""));
    line.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_the_en_us_exporter_writes_them() {
        assert_eq!(
            locale_date("2023-09-19T13:45:17Z"),
            "9/19/2023, 1:45:17.000 PM"
        );
        assert_eq!(
            locale_date("2023-09-19T00:05:00Z"),
            "9/19/2023, 12:05:00.000 AM"
        );
        assert_eq!(
            locale_date("2023-09-19T12:00:00Z"),
            "9/19/2023, 12:00:00.000 PM"
        );
    }

    #[test]
    fn json_cells_have_their_quotes_doubled() {
        let mut line = String::new();
        quote(r#"{"a":"b"}"#, 1, &mut line);
        assert_eq!(line, r#","{""a"":""b""}""#);
    }
}

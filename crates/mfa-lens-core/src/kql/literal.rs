//! KQL literals: the only way a value from a file, a filter or a setting
//! enters a generated query.
//!
//! Every text is written as a double-quoted escaped string literal, never
//! verbatim (`@"…"`): a verbatim literal cannot hold a line break, and one
//! form for every value keeps the escaping rule in one place. Inside the
//! quotes, `\` and `"` are escaped, tab and line feed use the documented
//! `\t` and `\n`, and every other control character (C0, DEL, C1) and the
//! Unicode line and paragraph separators are written `\uXXXX`, so no value can
//! end the literal, start a new line of the query or hide a character from
//! the person pasting it. Kusto.Language accepts `\uXXXX` beyond the
//! documented escapes; `scripts/kql/kql.test.mjs` checks that it does.
//! Numbers come from typed settings and are written by Rust's formatter, so
//! they hold digits only.

use std::fmt::Write;

use crate::store::dates::format_timestamp;

/// `value` as a KQL string literal.
pub fn string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_code_point(c) => {
                // A control character is a single UTF-16 unit, so four hex
                // digits always suffice.
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters written as `\uXXXX`: controls, and the separators some
/// editors treat as a line break.
fn needs_code_point(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

/// Several values as a comma-separated list of string literals, for `in`,
/// `in~` and `dynamic([...])`.
pub fn strings<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    values
        .into_iter()
        .map(string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Unix seconds (UTC) as a `datetime(…)` literal.
pub fn datetime(secs: i64) -> String {
    format!("datetime({})", format_timestamp(secs))
}

/// A whole number of minutes as a timespan literal (`10m`).
pub fn minutes(n: u32) -> String {
    format!("{n}m")
}

/// A real number as a `real(…)` literal; infinities and NaN by name, since a
/// setting deserialised from JSON is not checked the way the CLI's flags are.
pub fn real(value: f64) -> String {
    if value.is_nan() {
        "real(nan)".to_string()
    } else if value.is_infinite() {
        let sign = if value > 0.0 { '+' } else { '-' };
        format!("real({sign}inf)")
    } else {
        // `Display` never uses an exponent; a fraction point keeps it real.
        let digits = value.to_string();
        if digits.contains('.') {
            format!("real({digits})")
        } else {
            format!("real({digits}.0)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backslashes_and_line_breaks_are_escaped() {
        assert_eq!(string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(
            string("one\ntwo\tthree\rfour"),
            r#""one\ntwo\tthree\u000dfour""#
        );
        assert_eq!(
            string("\u{0}\u{7f}\u{85}\u{2028}"),
            r#""\u0000\u007f\u0085\u2028""#
        );
    }

    #[test]
    fn printable_unicode_and_single_quotes_stay_as_written() {
        assert_eq!(string("José’s 😀 'x'"), "\"José’s 😀 'x'\"");
        assert_eq!(string(""), "\"\"");
    }

    #[test]
    fn a_hostile_value_stays_one_literal() {
        let q = string("x\" | take 1; //");
        assert_eq!(q, r#""x\" | take 1; //""#);
        // The only unescaped quotes are the two that delimit the literal.
        let unescaped = q
            .char_indices()
            .filter(|&(i, c)| c == '"' && (i == 0 || !q[..i].ends_with('\\')))
            .count();
        assert_eq!(unescaped, 2);
    }

    #[test]
    fn numbers_and_times() {
        assert_eq!(strings(["a", "b\""]), r#""a", "b\"""#);
        assert_eq!(datetime(0), "datetime(1970-01-01T00:00:00Z)");
        assert_eq!(minutes(10), "10m");
        assert_eq!(real(3.0), "real(3.0)");
        assert_eq!(real(2.5), "real(2.5)");
        assert_eq!(real(1e20), "real(100000000000000000000.0)");
        assert_eq!(real(f64::INFINITY), "real(+inf)");
        assert_eq!(real(f64::NAN), "real(nan)");
    }
}

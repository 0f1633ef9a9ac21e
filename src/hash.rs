//! The view and the query in the URL hash — never any data — so a reload or a
//! shared link restores what was on screen once the same files are dropped again.
//!
//! Format: `#v=<view>&q=<query as compact JSON, percent-encoded>`.

use mfa_lens_core::query::Query;

use crate::components::tabs::View;

pub fn encode(view: View, query: &Query) -> String {
    let mut out = format!("#v={}", view.id());
    if *query != Query::default() {
        let json = serde_json::to_string(query).unwrap_or_default();
        out.push_str("&q=");
        out.push_str(&percent_encode(&json));
    }
    out
}

/// What a hash asks for; anything unreadable is ignored, never an error.
pub fn decode(hash: &str) -> (Option<View>, Option<Query>) {
    let mut view = None;
    let mut query = None;
    for part in hash.trim_start_matches('#').split('&') {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        match key {
            "v" => view = View::from_id(value),
            "q" => query = percent_decode(value).and_then(|json| serde_json::from_str(&json).ok()),
            _ => {}
        }
    }
    (view, query)
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use mfa_lens_core::query::{DatasetId, Filter, Sort};

    use super::*;

    #[test]
    fn view_and_query_round_trip() {
        let query = Query {
            dataset: DatasetId::SignIns,
            filters: vec![
                Filter::Outcome {
                    values: vec!["denied".into()],
                },
                Filter::Contains {
                    column: "username".into(),
                    text: "ö & = # %".into(),
                },
            ],
            search: "Alice Nguyen".into(),
            sort: Some(Sort {
                column: "date (utc)".into(),
                desc: true,
            }),
            columns: vec!["username".into(), "$outcome".into()],
        };
        let hash = encode(View::Rows, &query);
        assert!(hash.starts_with("#v=rows&q=%7B"));
        assert!(!hash[1..].contains(['#', ' ', '&'].as_slice()) || hash.matches('&').count() == 1);
        assert_eq!(decode(&hash), (Some(View::Rows), Some(query)));
    }

    #[test]
    fn a_default_query_keeps_the_hash_short() {
        assert_eq!(encode(View::Overview, &Query::default()), "#v=overview");
        assert_eq!(decode("#v=overview"), (Some(View::Overview), None));
    }

    #[test]
    fn garbage_is_ignored() {
        assert_eq!(decode("#v=nope&q=%ZZ"), (None, None));
        assert_eq!(decode("#q=%7Bnot json"), (None, None));
        assert_eq!(decode(""), (None, None));
    }
}

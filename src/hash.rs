//! The view and the query in the URL hash — never any data — so a reload or a
//! shared link restores what was on screen once the same files are dropped again.
//!
//! Format: `#v=<view>&q=<query as compact JSON, percent-encoded>`, then, when
//! not the defaults, `&w=<column widths set by hand, JSON>`, `&tz=local` and
//! `&f=<findings thresholds, JSON>`. A query's evidence filter
//! ([`Filter::Rows`]) is left out: it names rows by handles that only hold
//! for the files as loaded in this session.

use mfa_lens_core::findings::FindingSettings;
use mfa_lens_core::query::{Filter, Query};

use crate::components::tabs::View;
use crate::grid_layout::{Widths, Zone};

/// What the URL hash says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Place {
    pub view: Option<View>,
    pub query: Option<Query>,
    pub widths: Widths,
    pub zone: Zone,
    pub settings: FindingSettings,
}

/// How the page is arranged, as the URL hash keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrangement<'a> {
    pub view: View,
    pub query: &'a Query,
    pub widths: &'a Widths,
    pub zone: Zone,
    pub settings: &'a FindingSettings,
}

pub fn encode(a: &Arrangement<'_>) -> String {
    let mut out = format!("#v={}", a.view.id());
    let mut query = a.query.clone();
    query.filters.retain(|f| !matches!(f, Filter::Rows { .. }));
    if query != Query::default() {
        let json = serde_json::to_string(&query).unwrap_or_default();
        out.push_str("&q=");
        out.push_str(&percent_encode(&json));
    }
    if !a.widths.is_empty() {
        let json = serde_json::to_string(a.widths).unwrap_or_default();
        out.push_str("&w=");
        out.push_str(&percent_encode(&json));
    }
    if a.zone != Zone::Utc {
        out.push_str("&tz=");
        out.push_str(a.zone.id());
    }
    if *a.settings != FindingSettings::default() {
        let json = serde_json::to_string(a.settings).unwrap_or_default();
        out.push_str("&f=");
        out.push_str(&percent_encode(&json));
    }
    out
}

/// What a hash asks for; anything unreadable is ignored, never an error.
pub fn decode(hash: &str) -> Place {
    let mut place = Place::default();
    for part in hash.trim_start_matches('#').split('&') {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let json = || percent_decode(value);
        match key {
            "v" => place.view = View::from_id(value),
            "q" => place.query = json().and_then(|j| serde_json::from_str(&j).ok()),
            "w" => {
                place.widths = json()
                    .and_then(|j| serde_json::from_str(&j).ok())
                    .unwrap_or_default()
            }
            "tz" if value == Zone::Local.id() => place.zone = Zone::Local,
            "f" => {
                place.settings = json()
                    .and_then(|j| serde_json::from_str(&j).ok())
                    .unwrap_or_default()
            }
            _ => {}
        }
    }
    place
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
        let widths = Widths::from([("username".to_string(), 300), ("a&b=#c".to_string(), 80)]);
        let mut settings = FindingSettings::default();
        settings.set("mfa_fatigue.min_prompts", 3.0);
        settings.set("prompt_volume.multiple", 2.5);
        // An evidence filter stays out of the link: its row handles hold only
        // for the files as loaded now.
        let mut with_evidence = query.clone();
        with_evidence.filters.push(Filter::Rows {
            label: "evidence".into(),
            rows: vec![mfa_lens_core::query::RowRef(7)],
        });
        let hash = encode(&Arrangement {
            view: View::Rows,
            query: &with_evidence,
            widths: &widths,
            zone: Zone::Local,
            settings: &settings,
        });
        assert!(hash.starts_with("#v=rows&q=%7B"));
        assert_eq!(hash.matches('&').count(), 4, "{hash}");
        assert!(hash.contains("&tz=local&f=%7B"), "{hash}");
        let place = decode(&hash);
        assert_eq!(place.view, Some(View::Rows));
        assert_eq!(place.query, Some(query));
        assert_eq!(place.widths, widths);
        assert_eq!(place.zone, Zone::Local);
        assert_eq!(place.settings, settings);
    }

    #[test]
    fn a_default_query_keeps_the_hash_short() {
        assert_eq!(
            encode(&Arrangement {
                view: View::Overview,
                query: &Query::default(),
                widths: &Widths::new(),
                zone: Zone::Utc,
                settings: &FindingSettings::default(),
            }),
            "#v=overview"
        );
        assert_eq!(decode("#v=overview").view, Some(View::Overview));
        assert_eq!(decode("#v=overview").query, None);
    }

    #[test]
    fn garbage_is_ignored() {
        assert_eq!(
            decode("#v=nope&q=%ZZ&w=%7Bx&tz=mars&f=%7B"),
            Place::default()
        );
        assert_eq!(decode("#q=%7Bnot json"), Place::default());
        assert_eq!(decode(""), Place::default());
    }
}

//! Redaction's guarantees (issue 15, part 6), on every fixture kind and on
//! generated data of every kind:
//!
//! - the Summary JSON of the redacted files equals the originals' in every
//!   count, outcome, reason, method and join figure; the findings have the
//!   same rules, severities and counts (only names and lists of users differ);
//! - no identifying value of the originals (every distinct value of every
//!   identifying column, any case, 3 characters or more) is in the output;
//! - the same key gives the same bytes across runs, file order and chunking;
//!   different keys give different pseudonyms;
//! - the redacted files are read as the same kinds, with no new diagnostics;
//! - IP pseudonyms keep exactly the common prefix of any two addresses.

mod redact_support;

use mfa_lens_core::columns::Personal;
use mfa_lens_core::redact::{FileRedactor, Pseudonyms, Redactor};
use mfa_lens_core::{Summary, Workspace};
use proptest::prelude::*;
use redact_support::*;
use serde_json::Value;

/// The summary without what names people: findings items lose their user,
/// addresses, places and sentences, and are compared as a sorted list; the
/// admins without MFA are compared by number.
fn comparable(ws: &Workspace) -> Value {
    let mut v = serde_json::to_value(Summary::of(ws)).unwrap();
    // Diagnostics are compared by the test below: a copy may have fewer (an
    // Excel re-save's Windows-1252 names become ASCII pseudonyms).
    for file in v["files"].as_array_mut().unwrap() {
        file.as_object_mut().unwrap().remove("diagnostics");
    }
    if let Some(users) = v.pointer_mut("/registration/admins_not_registered_users") {
        *users = Value::from(users.as_array().map_or(0, Vec::len));
    }
    if let Some(Value::Array(items)) = v.pointer_mut("/findings/items") {
        for item in items.iter_mut() {
            let item = item.as_object_mut().unwrap();
            for k in [
                "user",
                "approving_ip",
                "approving_location",
                "explanation",
                "next_steps",
            ] {
                item.remove(k);
            }
        }
        items.sort_by_key(|i| i.to_string());
    }
    v
}

#[test]
fn the_summary_and_findings_of_a_redacted_copy_are_the_originals() {
    for (group, files) in groups() {
        let redacted = redact_all(&mut Redactor::new(&key(7)), &files);
        let (before, after) = (load(&files), load(&redacted));
        assert_eq!(comparable(&after), comparable(&before), "{group}");
    }
}

/// The same kinds, and no diagnostic the original did not have: fewer is
/// possible (see `comparable`).
#[test]
fn redacted_files_are_the_same_kinds_with_no_new_diagnostics() {
    for (group, files) in groups() {
        let redacted = redact_all(&mut Redactor::new(&key(7)), &files);
        let (before, after) = (load(&files), load(&redacted));
        for (b, a) in before.files().iter().zip(after.files()) {
            assert_eq!(a.kind, b.kind, "{group}: {}", b.name);
            let codes = |f: &mfa_lens_core::FileReport| -> Vec<_> {
                f.diagnostics.iter().map(|d| (d.code, d.line)).collect()
            };
            if !b.unreadable {
                let (a, b_codes) = (codes(a), codes(b));
                let new: Vec<_> = a.iter().filter(|d| !b_codes.contains(d)).collect();
                assert!(new.is_empty(), "{group}: {}: new {new:?}", b.name);
            }
        }
    }
}

#[test]
fn no_identifying_value_is_left_in_the_output() {
    let mut checked = 0;
    for (group, files) in groups() {
        let redacted = redact_all(&mut Redactor::new(&key(7)), &files);
        let text: String = redacted.iter().map(|(_, b)| text_of(b)).collect();
        for value in identifying_values(&load(&files)) {
            assert!(!contains_whole(&text, &value), "{group}: {value:?} left in");
            checked += 1;
        }
    }
    assert!(checked > 1_000, "only {checked} values checked");
}

#[test]
fn the_same_key_gives_the_same_bytes_in_any_order_and_chunking() {
    let files: Files = groups().into_iter().flat_map(|(_, f)| f).collect();
    let once = redact_all(&mut Redactor::new(&key(7)), &files);
    assert_eq!(once, redact_all(&mut Redactor::new(&key(7)), &files));
    let mut reversed = files.clone();
    reversed.reverse();
    let mut again = redact_all(&mut Redactor::new(&key(7)), &reversed);
    again.reverse();
    assert_eq!(once, again);
    let mut r = Redactor::new(&key(7));
    for ((name, bytes), (_, whole)) in files.iter().zip(&once) {
        if whole.is_empty() {
            continue;
        }
        for size in [1, 7, 4096, 8193] {
            let (mut file, mut out) = (FileRedactor::new(), Vec::new());
            for chunk in bytes.chunks(size) {
                file.push(&mut r, chunk, &mut out).unwrap();
            }
            file.finish(&mut r, &mut out).unwrap();
            assert!(out == *whole, "{name} in chunks of {size}");
        }
    }
}

#[test]
fn different_keys_give_different_pseudonyms() {
    let files = csvs(&fixtures().join("samples"));
    let a = redact_all(&mut Redactor::new(&key(7)), &files);
    let b = redact_all(&mut Redactor::new(&key(8)), &files);
    for ((name, a), (_, b)) in a.iter().zip(&b) {
        assert_ne!(a, b, "{name}");
    }
    let (p, q) = (Pseudonyms::new(&key(7)), Pseudonyms::new(&key(8)));
    for class in [Personal::User, Personal::Name, Personal::Id, Personal::Ip] {
        let v = "alice@contoso.com";
        let v = if class == Personal::Ip {
            "192.0.2.1"
        } else {
            v
        };
        assert_ne!(p.of(class, v), q.of(class, v), "{class:?}");
    }
}

#[test]
fn a_mapping_is_kept_only_when_asked() {
    let files = csvs(&fixtures().join("samples"));
    let mut r = Redactor::new(&key(7));
    redact_all(&mut r, &files);
    assert!(r.mapping().is_none());
    r.keep_mapping();
    redact_all(&mut r, &files);
    let csv = r.mapping_csv();
    assert!(
        csv.contains("\"user\",\"alice.nguyen@contoso.com\",\"user-"),
        "{csv}"
    );
}

fn common_prefix(a: &[u8], b: &[u8]) -> u32 {
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if x != y {
            return i as u32 * 8 + (x ^ y).leading_zeros();
        }
    }
    a.len() as u32 * 8
}

fn ip_bytes(text: &str) -> Vec<u8> {
    match text.parse::<std::net::IpAddr>().unwrap() {
        std::net::IpAddr::V4(a) => a.octets().to_vec(),
        std::net::IpAddr::V6(a) => a.octets().to_vec(),
    }
}

proptest! {
    #[test]
    fn ipv4_pseudonyms_keep_exactly_the_common_prefix(a: u32, b: u32, shared in 0u32..=32) {
        // Half the time, b shares a's first `shared` bits.
        let mask = if shared == 0 { 0 } else { u32::MAX << (32 - shared) };
        let b = (a & mask) | (b & !mask);
        let p = Pseudonyms::new(&key(3));
        let (x, y) = (std::net::Ipv4Addr::from(a), std::net::Ipv4Addr::from(b));
        let (px, py) = (p.of(Personal::Ip, &x.to_string()), p.of(Personal::Ip, &y.to_string()));
        prop_assert_eq!(
            common_prefix(&ip_bytes(&px), &ip_bytes(&py)),
            common_prefix(&x.octets(), &y.octets())
        );
    }

    #[test]
    fn ipv6_pseudonyms_keep_exactly_the_common_prefix(a: u128, b: u128, shared in 0u32..=128) {
        let mask = if shared == 0 { 0 } else { u128::MAX << (128 - shared) };
        let b = (a & mask) | (b & !mask);
        let p = Pseudonyms::new(&key(3));
        let (x, y) = (std::net::Ipv6Addr::from(a), std::net::Ipv6Addr::from(b));
        let (px, py) = (p.of(Personal::Ip, &x.to_string()), p.of(Personal::Ip, &y.to_string()));
        prop_assert!(px.parse::<std::net::Ipv6Addr>().is_ok());
        prop_assert_eq!(
            common_prefix(&ip_bytes(&px), &ip_bytes(&py)),
            common_prefix(&x.octets(), &y.octets())
        );
    }
}

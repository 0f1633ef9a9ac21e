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

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mfa_lens_core::columns::{personal_of, Personal};
use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::redact::{FileRedactor, Key, Pseudonyms, Redactor};
use mfa_lens_core::{Summary, Workspace};
use proptest::prelude::*;
use serde_json::Value;

type Files = Vec<(String, Vec<u8>)>;

fn key(byte: u8) -> Key {
    Key::from_hex(&format!("{byte:02x}").repeat(32)).unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn csvs(dir: &Path) -> Files {
    let mut files: Files = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Every group of files read together: each fixture alone, each set, the
/// findings fixtures together, and generated files of every kind.
fn groups() -> Vec<(String, Files)> {
    let mut out = Vec::new();
    for dir in ["kinds", "quirks", "samples", "reports"] {
        for file in csvs(&fixtures().join(dir)) {
            out.push((format!("{dir}/{}", file.0), vec![file]));
        }
    }
    out.push(("findings".into(), csvs(&fixtures().join("findings"))));
    for set in std::fs::read_dir(fixtures().join("sets")).unwrap() {
        let path = set.unwrap().path();
        out.push((path.display().to_string(), csvs(&path)));
    }
    let opts = GenOptions {
        rows: 600,
        seed: 5,
        ..GenOptions::default()
    };
    for kind in GenKind::ALL {
        let name = format!("{}.csv", kind.name());
        out.push((name.clone(), vec![(name, generate::to_bytes(kind, &opts))]));
    }
    let (mut sign_ins, mut auth) = (Vec::new(), Vec::new());
    generate::sign_ins_with_auth_details(&opts, &mut sign_ins, &mut auth).unwrap();
    out.push((
        "generated pair".into(),
        vec![
            ("InteractiveSignIns_x.csv".into(), sign_ins),
            ("InteractiveSignIns_AuthDetails_x.csv".into(), auth),
        ],
    ));
    out
}

fn redact_all(r: &mut Redactor, files: &Files) -> Files {
    files
        .iter()
        .map(|(name, bytes)| match r.redact(bytes) {
            Ok((out, _)) => (name.clone(), out),
            // Not a table: nothing is written, as the CLI does.
            Err(_) => (name.clone(), Vec::new()),
        })
        .collect()
}

fn load(files: &Files) -> Workspace {
    let mut ws = Workspace::new();
    for (name, bytes) in files {
        ws.load(name, bytes);
    }
    ws
}

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

/// The text of a file as a lower-case string, whatever its encoding.
fn text_of(bytes: &[u8]) -> String {
    let (text, _, _) = if bytes.starts_with(b"\xFF\xFE") {
        encoding_rs::UTF_16LE.decode(bytes)
    } else if bytes.starts_with(b"\xFE\xFF") {
        encoding_rs::UTF_16BE.decode(bytes)
    } else {
        (String::from_utf8_lossy(bytes), encoding_rs::UTF_8, false)
    };
    text.to_lowercase()
}

/// Every distinct value of every identifying column, as MFA Lens read it,
/// but those the rules keep on purpose (a password source, a phone already
/// masked, a country alone): a value whose pseudonym is itself.
fn identifying_values(ws: &Workspace) -> BTreeSet<String> {
    let p = Pseudonyms::new(&key(99));
    let mut values = BTreeSet::new();
    for f in ws.files() {
        let Some(t) = ws.table(f.id) else { continue };
        for (c, caption) in t.names().iter().enumerate() {
            let Some(class) = personal_of(caption) else {
                continue;
            };
            for row in 0..t.rows() {
                let v = t.get(row, c).trim();
                if v.chars().count() >= 3 && p.of(class, v) != v {
                    values.insert(v.to_lowercase());
                }
            }
        }
    }
    values
}

/// `value` stands in `text` as a whole: not inside a longer word (the
/// block reason "Blocked by administrator" is not in the completion reason
/// "Unblocked by administrator").
fn contains_whole(text: &str, value: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(value).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + value.len()..].chars().next())
    })
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

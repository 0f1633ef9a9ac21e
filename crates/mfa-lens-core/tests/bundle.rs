//! The page's "Download a redacted copy" (issue 15, parts 4 and 6) as the
//! core makes it: one ZIP holding each redacted file under its own name,
//! `summary.json` equal to the Summary JSON of those files, and a README;
//! nothing identifying in any entry; the same key, the same bytes.

mod redact_support;

use std::io::{Cursor, Read};

use mfa_lens_core::redact::{bundle, entry_names, Redactor, README_NAME, SUMMARY_NAME};
use mfa_lens_core::Summary;
use redact_support::*;

/// Every entry of a ZIP, in order, read back with the same crate.
fn unzip(bytes: &[u8]) -> Files {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().to_string(), data)
        })
        .collect()
}

#[test]
fn the_zip_holds_the_redacted_files_their_summary_and_a_readme() {
    for (group, files) in groups() {
        let mut calls = Vec::new();
        let made = bundle(&files, &key(7), |done, total| calls.push((done, total))).unwrap();
        let entries = unzip(&made.zip);
        let mut expected = entry_names(&files);
        expected.retain(|n| !made.skipped.iter().any(|(s, _)| s == n));
        expected.extend([SUMMARY_NAME.to_string(), README_NAME.to_string()]);
        let names: Vec<&String> = entries.iter().map(|(n, _)| n).collect();
        assert_eq!(names, expected.iter().collect::<Vec<_>>(), "{group}");

        // Each file as `mfa-lens redact` writes it (an empty file stays
        // empty), but those left out, and the summary of those.
        let alone: Files = redact_all(&mut Redactor::new(&key(7)), &files)
            .into_iter()
            .filter(|(n, _)| !made.skipped.iter().any(|(s, _)| s == n))
            .collect();
        for (name, bytes) in &alone {
            let entry = entries.iter().find(|(n, _)| n == name).map(|(_, b)| b);
            assert_eq!(entry, Some(bytes), "{group}: {name}");
        }
        let summary = format!(
            "{}\n",
            serde_json::to_string(&Summary::of(&load(&alone))).unwrap()
        );
        let in_zip = String::from_utf8(entries[entries.len() - 2].1.clone()).unwrap();
        assert_eq!(in_zip, summary, "{group}");

        let total: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
        assert_eq!(calls.last(), Some(&(total, total)), "{group}");
        assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0), "{group}");
    }
}

#[test]
fn no_identifying_value_is_in_any_entry() {
    let mut checked = 0;
    for (group, files) in groups() {
        let made = bundle(&files, &key(7), |_, _| {}).unwrap();
        let text: String = unzip(&made.zip).iter().map(|(_, b)| text_of(b)).collect();
        for value in identifying_values(&load(&files)) {
            assert!(
                !contains_whole(&text, &value),
                "{group}: {value:?} in the ZIP"
            );
            checked += 1;
        }
    }
    assert!(checked > 1_000, "only {checked} values checked");
}

#[test]
fn the_same_key_gives_the_same_zip_and_another_key_another() {
    let files = csvs(&fixtures().join("findings"));
    let a = bundle(&files, &key(7), |_, _| {}).unwrap().zip;
    assert_eq!(a, bundle(&files, &key(7), |_, _| {}).unwrap().zip);
    assert_ne!(a, bundle(&files, &key(8), |_, _| {}).unwrap().zip);
}

#[test]
fn names_stay_unique_and_a_workbook_is_left_out() {
    let csv = std::fs::read(fixtures().join("kinds/mfa_server_blocked.csv")).unwrap();
    let workbook = b"PK\x03\x04\x14\x00\x06\x00xl/workbook.xml".repeat(600);
    let files: Files = vec![
        ("a/blocked.csv".into(), csv.clone()),
        ("b\\blocked.csv".into(), csv),
        (
            "summary.json".into(),
            b"\"Username\"\r\n\"x@y.z\"\r\n".to_vec(),
        ),
        ("book.xlsx".into(), workbook),
    ];
    let made = bundle(&files, &key(7), |_, _| {}).unwrap();
    let names: Vec<String> = unzip(&made.zip).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "blocked.csv",
            "blocked (2).csv",
            "summary (2).json",
            "summary.json",
            "README.txt"
        ]
    );
    assert_eq!(made.skipped.len(), 1);
    assert_eq!(made.skipped[0].0, "book.xlsx");
}

/// The worker feeds each file in slices of whatever size the browser reads:
/// any slicing gives the same ZIP as the whole files.
#[test]
fn any_slicing_gives_the_same_zip() {
    use mfa_lens_core::redact::StreamedRedaction;
    let files = csvs(&fixtures().join("findings"));
    let whole = bundle(&files, &key(7), |_, _| {}).unwrap().zip;
    for slice in [1, 7, 4096] {
        let mut r = StreamedRedaction::to_zip(&key(7));
        for (name, bytes) in &files {
            r.begin(name, bytes.len() as u64);
            for chunk in bytes.chunks(slice) {
                r.push(chunk).unwrap();
            }
            r.end().unwrap();
        }
        assert_eq!(
            r.finish_zip().unwrap().zip,
            whole,
            "slices of {slice} bytes"
        );
    }
}

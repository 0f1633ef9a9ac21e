//! A large file read in parts by several shards is the file read whole,
//! byte for byte (issue 17, item 1): the cut is a guess at a record
//! boundary, and every wrong guess must be caught and answered by a whole
//! read, never by a different table.

mod parts_support;

use mfa_lens_core::built::parts::{Preamble, Unmergeable};
use mfa_lens_core::built::BuiltFile;
use mfa_lens_core::generate::{self, GenKind, GenOptions, Rng};
use mfa_lens_core::store::DayOrder;
use mfa_lens_core::DiagnosticCode;
use parts_support::{in_parts, ranges, split_or_whole, whole};
use proptest::prelude::*;

fn generated(kind: GenKind, rows: u64, seed: u64) -> Vec<u8> {
    let opts = GenOptions {
        rows,
        seed,
        ..GenOptions::default()
    };
    generate::to_bytes(kind, &opts)
}

fn same(a: &BuiltFile, b: &BuiltFile) -> bool {
    a.encode() == b.encode()
}

/// Cut `bytes` at the record start nearest after each of `at` (fractions of
/// the file), read in those parts.
fn read_cut_at(name: &str, bytes: &[u8], at: &[f64], seed: u64) -> Result<BuiltFile, Unmergeable> {
    let targets: Vec<u64> = at.iter().map(|f| (f * bytes.len() as f64) as u64).collect();
    let (preamble, ranges) = ranges(name, bytes, &targets).expect("a plain CSV file");
    assert_eq!(
        ranges.len(),
        at.len() + 1,
        "every target found a record start"
    );
    in_parts(name, bytes, preamble, &ranges, &mut Rng::new(seed))
}

#[test]
fn every_export_read_in_parts_is_the_file_read_whole() {
    for (kind, name) in [
        (GenKind::SignIns, "InteractiveSignIns.csv"),
        (GenKind::AuthDetails, "InteractiveSignIns_AuthDetails.csv"),
        (GenKind::NonInteractive, "NonInteractiveSignIns.csv"),
        (GenKind::Activity, "MFAServer_Activity.csv"),
        (GenKind::Registration, "UserRegistrationDetails.csv"),
        (GenKind::MsolMfaStatus, "MsolMfaStatus.csv"),
    ] {
        let bytes = generated(kind, 4_000, 3);
        let expected = whole(name, &bytes, &mut Rng::new(1));
        for parts in [2, 3, 5, 8] {
            let at: Vec<f64> = (1..parts).map(|i| i as f64 / parts as f64).collect();
            let got = read_cut_at(name, &bytes, &at, parts as u64).expect("mergeable");
            assert!(same(&got, &expected), "{name} in {parts} parts");
        }
    }
}

/// Rows whose second value is quoted and spans several lines, written as
/// `inner` says; most of the file's bytes are inside quotes, so a cut
/// target usually falls inside a value.
fn multi_line(rows: usize, inner: impl Fn(usize) -> String) -> Vec<u8> {
    let mut s = String::from("UserPrincipalName,Notes,MFA Status\n");
    for i in 0..rows {
        s.push_str(&format!("user{i}@contoso.com,\"{}\",Enforced\n", inner(i)));
    }
    s.into_bytes()
}

#[test]
fn a_cut_inside_a_quoted_value_moves_to_the_next_record() {
    // The value's lines have one field each: no line start inside it passes
    // the width check.
    let bytes = multi_line(2_000, |i| format!("line one of {i}\nline two\nline three"));
    let expected = whole("notes.csv", &bytes, &mut Rng::new(2));
    let got = read_cut_at("notes.csv", &bytes, &[0.31, 0.5, 0.77], 5).expect("mergeable");
    assert!(same(&got, &expected));
    assert_eq!(got.loaded.as_ref().unwrap().table.rows(), 2_000);
}

#[test]
fn a_wrong_guess_inside_a_quoted_value_is_caught_and_the_file_read_whole() {
    // The quoted value holds lines that look like records of the header's
    // width, so the guess lands inside it; the part before the cut then
    // ends inside quotes.
    let fake_rows = |i: usize| {
        (0..40)
            .map(|j| format!("fake{i}-{j},a,b"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let bytes = multi_line(600, fake_rows);
    let expected = whole("notes.csv", &bytes, &mut Rng::new(3));
    let mut caught = 0;
    for at in [0.2, 0.35, 0.5, 0.65, 0.8] {
        match read_cut_at("notes.csv", &bytes, &[at], 7) {
            Err(Unmergeable::EndedInQuotes) => caught += 1,
            Ok(got) => assert!(same(&got, &expected), "a cut that merged is right"),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert!(caught >= 3, "the test builds wrong guesses: {caught} of 5");
    let (got, _) = split_or_whole("notes.csv", &bytes, 4, &mut Rng::new(4));
    assert!(same(&got, &expected));
}

#[test]
fn a_problem_in_a_later_part_sends_the_file_back_to_a_whole_read() {
    let mut text = String::from_utf8(generated(GenKind::MsolMfaStatus, 3_000, 5)).unwrap();
    let at = text.len() * 3 / 4;
    let line_end = at + text[at..].find('\n').unwrap();
    text.insert_str(
        line_end + 1,
        "a,ragged,row,with,too,many,fields,here,and,more\n",
    );
    let bytes = text.into_bytes();
    assert_eq!(
        read_cut_at("status.csv", &bytes, &[0.5], 1).err(),
        Some(Unmergeable::PartReported)
    );
    let expected = whole("status.csv", &bytes, &mut Rng::new(6));
    let (got, joined) = split_or_whole("status.csv", &bytes, 2, &mut Rng::new(6));
    assert!(!joined);
    assert!(same(&got, &expected));
    let ragged = got.loaded.unwrap().diagnostics;
    assert!(ragged.iter().any(|d| d.code == DiagnosticCode::RaggedRow));
}

#[test]
fn problems_in_the_first_part_keep_their_lines_and_counts() {
    let mut text = String::from_utf8(generated(GenKind::MsolMfaStatus, 3_000, 8)).unwrap();
    let second_line = text.find('\n').unwrap() + 1;
    let third_line = second_line + text[second_line..].find('\n').unwrap() + 1;
    text.insert_str(third_line, "short,row\n");
    let bytes = text.into_bytes();
    let expected = whole("status.csv", &bytes, &mut Rng::new(9));
    let got = read_cut_at("status.csv", &bytes, &[0.4, 0.7], 9).expect("mergeable");
    assert!(same(&got, &expected));
    let file = got.loaded.unwrap();
    let ragged = file
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::RaggedRow);
    assert_eq!(ragged.and_then(|d| d.line), Some(3));
    assert_eq!(file.bad_rows, 1);
}

#[test]
fn the_day_order_and_the_row_count_are_decided_over_the_whole_file() {
    // Every date of the first half is ambiguous; one late date says the
    // file is day-first. Exactly 100,000 rows: probably cut by the portal,
    // though no part alone has that many.
    let mut s = String::from("Date,UserPrincipalName,MFA Status\n");
    for i in 0..100_000 {
        let day = if i == 90_000 { 13 } else { 1 + i % 12 };
        s.push_str(&format!("{day}/05/2024 10:00,u{i}@contoso.com,Enabled\n"));
    }
    let bytes = s.into_bytes();
    let expected = whole("dates.csv", &bytes, &mut Rng::new(10));
    let got = read_cut_at("dates.csv", &bytes, &[0.25, 0.5, 0.75], 11).expect("mergeable");
    assert!(same(&got, &expected));
    let file = got.loaded.unwrap();
    assert_eq!(file.table.day_order(), Some(DayOrder::DayFirst));
    let truncated = file
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::ProbablyTruncated)
        .count();
    assert_eq!(truncated, 1);
}

#[test]
fn only_plain_utf8_csv_is_cut() {
    let csv = generated(GenKind::SignIns, 50, 1);
    assert!(Preamble::find("a.csv", &csv).is_some());
    for kind in [GenKind::SignInsJson, GenKind::LogAnalytics] {
        let bytes = generated(kind, 50, 1);
        assert!(Preamble::find("x", &bytes).is_none(), "{kind:?}");
    }
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            String::from_utf8(csv)
                .unwrap()
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    assert!(Preamble::find("wide.csv", &utf16).is_none());
    // No line end in the head: no header to repeat.
    assert!(Preamble::find("one.csv", b"a,b,c").is_none());
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    /// Cuts anywhere, of any export, in any number of parts: the same file.
    #[test]
    fn no_cut_changes_a_byte(
        kind in prop::sample::select(vec![
            GenKind::SignIns, GenKind::AuthDetails, GenKind::Activity,
            GenKind::Blocked, GenKind::Registration, GenKind::Legacy,
        ]),
        rows in 50u64..2_500,
        seed in any::<u64>(),
        at in proptest::collection::vec(0.0f64..1.0, 1..8),
    ) {
        let bytes = generated(kind, rows, seed);
        let expected = whole("x.csv", &bytes, &mut Rng::new(seed));
        let targets: Vec<u64> = at.iter().map(|f| (f * bytes.len() as f64) as u64).collect();
        let (preamble, ranges) = ranges("x.csv", &bytes, &targets).expect("plain CSV");
        let got = in_parts("x.csv", &bytes, preamble, &ranges, &mut Rng::new(seed ^ 1));
        prop_assert!(got.is_ok(), "{:?}", got.err());
        prop_assert!(same(&got.unwrap(), &expected));
    }
}

//! A file read in one worker (a shard) travels to another as
//! `BuiltFile::encode` bytes and is adopted from `BuiltFile::decode`: the
//! file must come back exactly — every cell, dictionary code and layout,
//! timestamp, detection, column map, diagnostic and the steps — and
//! encoding it again must give the same bytes. Any other bytes (cut short,
//! damaged, garbage) must give a `CodecError`, never a panic.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mfa_lens_core::built::{BuiltFile, CodecErrorKind, FileBuilder};
use mfa_lens_core::columns::ColumnMap;
use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::ingest::LoadedFile;
use mfa_lens_core::store::Table;
use proptest::prelude::*;

/// The file read as a shard reads it, with its step facts.
fn build(name: &str, bytes: &[u8], chunk: usize) -> BuiltFile {
    let mut b = FileBuilder::new(name);
    for c in bytes.chunks(chunk) {
        b.push(c);
    }
    b.finish().with_step_facts()
}

fn same_table(what: &str, a: &Table, b: &Table) {
    assert_eq!(a.names(), b.names(), "{what}: names");
    assert_eq!(a.rows(), b.rows(), "{what}: rows");
    assert_eq!(a.column_count(), b.column_count(), "{what}: columns");
    for c in 0..a.column_count() {
        let (x, y) = (a.column(c).unwrap(), b.column(c).unwrap());
        assert_eq!(
            x.is_dictionary(),
            y.is_dictionary(),
            "{what}: column {c} layout"
        );
        assert_eq!(
            x.dict_values(),
            y.dict_values(),
            "{what}: column {c} values"
        );
        assert_eq!(x.arena_parts(), y.arena_parts(), "{what}: column {c} arena");
        assert_eq!(x.len(), y.len(), "{what}: column {c} length");
        for row in 0..a.rows() {
            assert_eq!(x.get(row), y.get(row), "{what}: cell {row},{c}");
            assert_eq!(x.code(row), y.code(row), "{what}: code {row},{c}");
        }
    }
    for row in 0..a.rows() {
        assert_eq!(a.timestamp(row), b.timestamp(row), "{what}: time of {row}");
    }
    assert_eq!(a.day_order(), b.day_order(), "{what}: day order");
}

fn same_loaded(what: &str, a: &LoadedFile, b: &LoadedFile) {
    assert_eq!(a.detection, b.detection, "{what}: detection");
    assert_eq!(a.map, b.map, "{what}: map");
    assert_eq!(a.bad_rows, b.bad_rows, "{what}: bad rows");
    assert_eq!(a.diagnostics, b.diagnostics, "{what}: diagnostics");
    same_table(what, &a.table, &b.table);
    match (&a.steps, &b.steps) {
        (None, None) => {}
        (Some(x), Some(y)) => same_loaded(&format!("{what} (steps)"), x, y),
        _ => panic!("{what}: steps on one side only"),
    }
}

/// Encode, decode, compare with the original, encode again: the same bytes.
/// Returns the encoding.
fn round_trip(what: &str, file: &BuiltFile) -> Vec<u8> {
    let bytes = file.encode();
    let back = BuiltFile::decode(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(back.name, file.name, "{what}: name");
    assert_eq!(back.fatal, file.fatal, "{what}: fatal");
    assert_eq!(back.facts, file.facts, "{what}: step facts");
    match (&file.loaded, &back.loaded) {
        (None, None) => {}
        (Some(a), Some(b)) => same_loaded(what, a, b),
        _ => panic!("{what}: a table on one side only"),
    }
    assert!(back.encode() == bytes, "{what}: encoding again differs");
    bytes
}

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            fixture_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_fixture_round_trips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    fixture_files(&root, &mut files);
    let (mut tables, mut steps, mut unreadable, mut facts) = (0, 0, 0, 0);
    for p in &files {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(p).unwrap();
        let built = build(&name, &bytes, 64 * 1024);
        round_trip(&p.display().to_string(), &built);
        facts += built.facts.as_ref().map_or(0, Vec::len);
        // And as the coordinator reads one itself, without them.
        let built = BuiltFile {
            facts: None,
            ..built
        };
        round_trip(&format!("{} (no step facts)", p.display()), &built);
        match &built.loaded {
            Some(f) => {
                tables += 1;
                steps += usize::from(f.steps.is_some());
            }
            None => unreadable += 1,
        }
    }
    // The walk saw the fixtures: kinds, quirks, sets, reports, the JSON
    // download and the Log Analytics export (their steps), and the files
    // that are not tables at all.
    assert!(tables > 60, "{tables} tables");
    assert!(steps >= 2, "{steps} files with steps");
    assert!(unreadable >= 3, "{unreadable} unreadable");
    // Auth-details files, and the files that carry their steps, travel
    // with their step facts.
    assert!(facts >= 6, "{facts} files with step facts");
}

#[test]
fn every_generated_kind_round_trips() {
    for kind in GenKind::ALL.into_iter().chain(GenKind::JSON) {
        let opts = GenOptions {
            rows: 3_000,
            seed: 5,
            ..GenOptions::default()
        };
        let bytes = generate::to_bytes(kind, &opts);
        let name = format!("{}.csv", kind.name());
        let built = build(&name, &bytes, 100_003);
        let f = built.loaded.as_ref().unwrap();
        assert_eq!(f.detection.kind.id(), kind.expected_kind_id());
        if GenKind::JSON.contains(&kind) {
            assert!(f.steps.is_some(), "{kind:?} has its steps");
        }
        // Both layouts occur, so both are exercised.
        let dicts = (0..f.table.column_count())
            .filter(|&c| f.table.column(c).unwrap().is_dictionary())
            .count();
        assert!(dicts > 0, "{kind:?}");
        round_trip(kind.name(), &built);
    }
}

#[test]
fn large_dictionaries_keep_their_wider_codes() {
    // 120,000 sign-ins: user columns with over 256 distinct values (two-byte
    // codes) and arena columns past the store's decision point.
    let opts = GenOptions {
        rows: 120_000,
        seed: 3,
        ..GenOptions::default()
    };
    let bytes = generate::to_bytes(GenKind::SignIns, &opts);
    let built = build("InteractiveSignIns.csv", &bytes, 1 << 20);
    let t = &built.loaded.as_ref().unwrap().table;
    let wide = (0..t.column_count())
        .filter_map(|c| t.column(c).unwrap().dict_values())
        .any(|v| v.len() > 256);
    assert!(wide, "a dictionary past 256 values");
    round_trip("120,000 sign-ins", &built);
}

#[test]
fn a_file_cut_short_round_trips() {
    for kind in [
        GenKind::SignIns,
        GenKind::SignInsJson,
        GenKind::LogAnalytics,
    ] {
        let bytes = generate::to_bytes(
            kind,
            &GenOptions {
                rows: 500,
                ..GenOptions::default()
            },
        );
        let half = bytes.len() / 2;
        let mut b = FileBuilder::new(kind.name());
        b.push(&bytes[..half]);
        let built = b.finish_cut_short(half as u64, bytes.len() as u64, "The file went away.");
        assert!(built.loaded.is_some() && !built.fatal.is_empty());
        round_trip(&format!("{kind:?} cut short"), &built);
    }
    // Cut before the header line was complete: no table, only the error.
    let mut b = FileBuilder::new("early.csv");
    b.push(b"\"Date (UTC)\",\"Req");
    let built = b.finish_cut_short(17, 1000, "Gone.");
    assert!(built.loaded.is_none());
    round_trip("cut in the header", &built);
}

#[test]
fn an_unreadable_file_round_trips() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    let built = build("blob.csv", &bytes, 1000);
    assert!(built.loaded.is_none());
    assert_eq!(built.fatal.len(), 1);
    round_trip("binary", &built);
    round_trip("empty", &build("empty.csv", b"", 1));
}

/// The map is encoded, not mapped again from the table's names: the loader
/// trims a byte-order mark from every caption it keeps, which the map's list
/// of duplicated captions still shows.
#[test]
fn the_map_is_kept_where_mapping_the_names_again_would_differ() {
    let built = build(
        "bom.csv",
        "Username,Status,\u{feff}Status\r\na,Success,x\r\n".as_bytes(),
        5,
    );
    let f = built.loaded.as_ref().unwrap();
    let names: Vec<&str> = f.table.names().iter().map(String::as_str).collect();
    assert_ne!(ColumnMap::new(&names), f.map);
    round_trip("bom", &built);
}

/// A JSON download with its steps and an MFA Server report, a few rows
/// each, encoded.
fn small_encodings() -> &'static [Vec<u8>] {
    static ENCODINGS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    ENCODINGS.get_or_init(|| {
        let opts = GenOptions {
            rows: 6,
            ..GenOptions::default()
        };
        [GenKind::SignInsJson, GenKind::Activity]
            .into_iter()
            .map(|k| build(k.name(), &generate::to_bytes(k, &opts), 999).encode())
            .collect()
    })
}

#[test]
fn every_single_byte_change_is_an_error_or_a_consistent_file() {
    for bytes in small_encodings() {
        let mut damaged = bytes.clone();
        for i in 0..bytes.len() {
            for flip in [0x01, 0x80, 0xff] {
                damaged[i] = bytes[i] ^ flip;
                if let Ok(file) = BuiltFile::decode(&damaged) {
                    let again = file.encode();
                    let back = BuiltFile::decode(&again).unwrap();
                    assert!(back.encode() == again, "byte {i} ^ {flip:#x}");
                }
            }
            damaged[i] = bytes[i];
        }
    }
}

#[test]
fn every_cut_of_an_encoding_is_an_error() {
    for bytes in small_encodings() {
        let bytes = bytes.clone();
        for cut in 0..bytes.len() {
            let e = BuiltFile::decode(&bytes[..cut]).unwrap_err();
            assert!(e.offset() <= cut as u64, "cut at {cut}: {e}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        let e = BuiltFile::decode(&longer).unwrap_err();
        assert_eq!(e.kind(), &CodecErrorKind::TrailingBytes { count: 1 });
        assert_eq!(e.offset(), bytes.len() as u64);
    }
}

#[test]
fn another_tag_or_version_is_refused() {
    let bytes = &small_encodings()[0];
    let e = BuiltFile::decode(b"\"Date (UTC)\",Status\r\n").unwrap_err();
    assert_eq!((e.offset(), e.kind()), (0, &CodecErrorKind::NotEncoded));
    let mut other = bytes.clone();
    other[8] += 1;
    let e = BuiltFile::decode(&other).unwrap_err();
    assert_eq!(e.offset(), 8);
    assert!(matches!(
        e.kind(),
        CodecErrorKind::Version {
            found: 3,
            expected: 2
        }
    ));
    assert_eq!(
        e.to_string(),
        "encoded file, byte 8: encoded by codec version 3, this build reads version 2"
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(400),
        ..ProptestConfig::default()
    })]

    /// Arbitrary bytes, with or without the codec's tag and version in
    /// front, give an error or a file, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(
        tail in prop::collection::vec(any::<u8>(), 0..400),
        tagged in any::<bool>(),
    ) {
        let mut bytes = Vec::new();
        if tagged {
            bytes.extend_from_slice(&small_encodings()[1][..12]);
        }
        bytes.extend_from_slice(&tail);
        let _ = BuiltFile::decode(&bytes);
    }

    /// A valid encoding damaged in a few places, cut or lengthened never
    /// panics; whatever still decodes is a consistent file, which encodes
    /// and decodes again to the same bytes.
    #[test]
    fn damaged_encodings_never_panic(
        which in 0usize..2,
        spots in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in prop::option::of(any::<prop::sample::Index>()),
        insert in prop::option::of((any::<prop::sample::Index>(), prop::collection::vec(any::<u8>(), 1..9))),
    ) {
        let mut bytes = small_encodings()[which].clone();
        for (at, v) in spots {
            let i = at.index(bytes.len());
            bytes[i] = v;
        }
        if let Some((at, extra)) = insert {
            let i = at.index(bytes.len());
            bytes.splice(i..i, extra);
        }
        if let Some(at) = cut {
            bytes.truncate(at.index(bytes.len()));
        }
        if let Ok(file) = BuiltFile::decode(&bytes) {
            let again = file.encode();
            let back = BuiltFile::decode(&again).expect("a decoded file encodes validly");
            prop_assert!(back.encode() == again);
        }
    }
}

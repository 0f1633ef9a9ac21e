//! Files read in shards give the summary of files read in place, byte for
//! byte (issue 17).
//!
//! The page reads dropped files in W shard workers: each file goes through a
//! `FileBuilder` there, crosses to the coordinator as `BuiltFile::encode`'s
//! bytes, and is adopted into the one workspace in the place it was dropped
//! (`Workspace::begin_remote`, `adopt`). Which shard reads which file, how
//! its bytes are sliced, and in which order the shards finish must change
//! nothing: the Summary JSON and every file's report are compared as text
//! with the same files read in place, for W = 1, 2, 3 and 8 and random
//! assignments, slicings and completion orders.

mod parts_support;

use mfa_lens_core::built::{BuiltFile, FileBuilder};
use mfa_lens_core::generate::{self, GenKind, GenOptions, Rng};
use mfa_lens_core::join::{
    classify_away, decode_answer, encode_answer, JoinSeen, KeptSignIns, StepFacts,
};
use mfa_lens_core::{FileId, Summary, Workspace};
use proptest::prelude::*;
use std::path::Path;

/// A set with every kind of file the page reads, the join across files
/// (interactive sign-ins and their auth details), the JSON and Log Analytics
/// forms, the findings fixture, and two files that are not tables.
fn files() -> Vec<(String, Vec<u8>)> {
    let opts = GenOptions {
        rows: 300,
        seed: 17,
        ..GenOptions::default()
    };
    let mut files: Vec<(String, Vec<u8>)> = [
        (
            GenKind::SignIns,
            "InteractiveSignIns_2024-05-01_2024-05-02.csv",
        ),
        (
            GenKind::AuthDetails,
            "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv",
        ),
        (
            GenKind::NonInteractive,
            "NonInteractiveSignIns_2024-05-01_2024-05-02.csv",
        ),
        (GenKind::SignIns44, "SignIns_older.csv"),
        (GenKind::AppSignIns, "ServicePrincipalSignIns.csv"),
        (GenKind::MsiSignIns, "ManagedIdentitySignIns.csv"),
        (GenKind::Legacy, "legacy.csv"),
        (GenKind::Activity, "MFAServer_Activity.csv"),
        (GenKind::Blocked, "MFAServer_Blocked.csv"),
        (GenKind::Bypassed, "MFAServer_Bypassed.csv"),
        (GenKind::Registration, "UserRegistrationDetails.csv"),
        (GenKind::MsolMfaStatus, "MsolMfaStatus.csv"),
        (GenKind::SignInsJson, "InteractiveSignIns.json"),
        (GenKind::LogAnalytics, "query_data.csv"),
    ]
    .into_iter()
    .map(|(kind, name)| (name.to_string(), generate::to_bytes(kind, &opts)))
    .collect();
    let findings = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/findings");
    let mut names: Vec<_> = std::fs::read_dir(&findings)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    names.sort();
    for name in names {
        let bytes = std::fs::read(findings.join(&name)).unwrap();
        files.push((format!("findings_{name}"), bytes));
    }
    files.push(("empty.csv".into(), Vec::new()));
    files.push((
        "photo.png".into(),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec(),
    ));
    files
}

/// What the faces show: the Summary JSON and every file's report, as text
/// (with the denial reasons' numbering, which filters and row pages use).
fn shown(ws: &Workspace) -> (String, String) {
    (
        serde_json::to_string_pretty(&Summary::of(ws)).unwrap(),
        format!("{:#?}\n{:?}", ws.files(), ws.reasons().texts()),
    )
}

fn in_place(files: &[(String, Vec<u8>)]) -> (String, String) {
    let mut ws = Workspace::new();
    for (name, bytes) in files {
        let id = ws.begin_file(name);
        for chunk in bytes.chunks(1 << 20) {
            ws.push(id, chunk);
        }
        ws.finish_deferred(id);
    }
    ws.settle();
    shown(&ws)
}

/// The files read by `shards` shards: each file to a random shard, sliced
/// at random sizes, encoded there; the coordinator adopts them in a random
/// order of completion (each shard's own files in its order). A file may
/// also be read in up to `shards` parts, as the page reads a large one
/// (joined, or read whole again where its parts cannot be joined).
/// Sign-ins are then classified in the shards that read them, against the
/// step facts the coordinator hands out (`Workspace::settle_with`).
fn in_shards(files: &[(String, Vec<u8>)], shards: usize, seed: u64) -> (String, String) {
    in_shards_counting(files, shards, seed, Classified::InShards).0
}

/// Where sign-ins are classified once every file is in.
#[derive(Clone, Copy, PartialEq)]
enum Classified {
    /// In the coordinator, from the tables it adopted (`settle`).
    Here,
    /// In the shards that read them (`settle_with`).
    InShards,
}

/// A sign-in file, or part, a shard keeps for the classification round.
struct Kept {
    file: usize,
    part: usize,
    sign_ins: KeptSignIns,
}

/// As [`in_shards`], with how many files were joined from parts.
fn in_shards_counting(
    files: &[(String, Vec<u8>)],
    shards: usize,
    seed: u64,
    classified: Classified,
) -> ((String, String), usize) {
    let mut draw = Rng::new(seed);
    let mut joined = 0;
    let mut ws = Workspace::new();
    let ids: Vec<_> = files
        .iter()
        .map(|(name, _)| ws.begin_remote(name))
        .collect();
    let mut queues: Vec<Vec<(usize, Vec<u8>)>> = vec![Vec::new(); shards];
    let mut kept: Vec<Vec<Kept>> = (0..shards).map(|_| Vec::new()).collect();
    for (i, (name, bytes)) in files.iter().enumerate() {
        let parts = 1 + draw.below_usize(shards);
        let (built, sent) = if parts > 1 {
            parts_support::split_or_whole_keeping(name, bytes, parts, &mut draw)
        } else {
            (parts_support::whole(name, bytes, &mut draw), None)
        };
        joined += usize::from(sent.is_some());
        let shard = draw.below_usize(shards);
        // Now and then a whole file is read by the coordinator itself, as
        // one too large for a shard is: no step facts, nothing kept.
        if sent.is_none() && draw.below_usize(4) == 0 {
            let mut built = built;
            built.facts = None;
            queues[shard].push((i, built.encode()));
            continue;
        }
        // What each shard keeps of what it read: every part where it was
        // read, or the whole file.
        let read: Vec<(usize, BuiltFile)> = match sent {
            Some(sent) => sent
                .iter()
                .map(|b| (draw.below_usize(shards), BuiltFile::decode(b).unwrap()))
                .collect(),
            None => vec![(shard, BuiltFile::decode(&built.encode()).unwrap())],
        };
        for (part, (at, read)) in read.into_iter().enumerate() {
            if let Some(sign_ins) = read.loaded.as_ref().and_then(KeptSignIns::of) {
                kept[at].push(Kept {
                    file: i,
                    part,
                    sign_ins,
                });
            }
        }
        queues[shard].push((i, built.encode()));
    }
    let mut left = files.len();
    while left > 0 {
        let shard = draw.below_usize(shards);
        if queues[shard].is_empty() {
            continue;
        }
        let (i, bytes) = queues[shard].remove(0);
        left -= 1;
        let built = BuiltFile::decode(&bytes).expect("our own encoding decodes");
        let deferred = left > 0 || classified == Classified::InShards;
        ws.adopt(ids[i], built, deferred);
    }
    if classified == Classified::InShards {
        // The round: every shard gets the same facts, answers in bytes.
        let facts = ws.step_facts_bytes();
        let mut seen = JoinSeen::default();
        let mut away = Vec::new();
        for kept in &kept {
            let facts = StepFacts::decode_all(&facts).expect("our own facts decode");
            let refs: Vec<&KeptSignIns> = kept.iter().map(|k| &k.sign_ins).collect();
            let (classes, shard_seen) = classify_away(&facts, &refs);
            let (classes, shard_seen) =
                decode_answer(&encode_answer(&classes, &shard_seen)).expect("answer decodes");
            seen.pool(&shard_seen);
            // In the order the shards answer: the workspace puts each
            // file's parts back in order.
            away.extend(
                kept.iter()
                    .zip(classes)
                    .map(|(k, c)| (ids[k.file], Some(k.part as u32), c)),
            );
        }
        let mut files: Vec<FileId> = away.iter().map(|(id, ..)| *id).collect();
        files.sort();
        files.dedup();
        // Every sign-in file's classes were taken from the shards: none was
        // quietly classified again here.
        assert_eq!(ws.settle_with(away, seen), Some(files.len()));
    }
    (shown(&ws), joined)
}

#[test]
fn every_number_of_shards_gives_the_summary_of_the_files_read_in_place() {
    let files = files();
    let expected = in_place(&files);
    assert!(expected.0.contains("\"sign_ins\""));
    for shards in [1, 2, 3, 8] {
        let (got, joined) = in_shards_counting(&files, shards, shards as u64, Classified::Here);
        if shards > 1 {
            assert!(
                joined > 0,
                "some files were read in parts with {shards} shards"
            );
        }
        assert_eq!(got.0, expected.0, "Summary JSON with {shards} shards");
        assert_eq!(got.1, expected.1, "file reports with {shards} shards");
        let (got, _) = in_shards_counting(&files, shards, shards as u64, Classified::InShards);
        assert_eq!(
            got.0, expected.0,
            "Summary JSON with {shards} shards classifying their sign-ins"
        );
        assert_eq!(got.1, expected.1);
    }
}

#[test]
fn a_file_still_being_read_elsewhere_is_loading_and_counts_nowhere() {
    let files = files();
    let summary = |ws: &Workspace| serde_json::to_string_pretty(&Summary::of(ws)).unwrap();
    let mut ws = Workspace::new();
    let first = ws.load(&files[0].0, &files[0].1);
    let alone = summary(&ws);
    let remote = ws.begin_remote(&files[1].0);
    assert!(ws.files()[1].loading);
    assert!(ws.table(remote).is_none());
    assert_eq!(
        Summary::of(&ws).sign_ins,
        serde_json::from_str::<Summary>(&alone).unwrap().sign_ins
    );
    // A late answer for a file removed meanwhile changes nothing,
    ws.remove(remote);
    let mut builder = FileBuilder::new(&files[1].0);
    builder.push(&files[1].1);
    ws.adopt(remote, builder.finish(), false);
    assert_eq!(ws.files().len(), 1);
    assert_eq!(summary(&ws), alone);
    // nor does one for a file that was read in place.
    ws.adopt(first, FileBuilder::new("other.csv").finish(), false);
    assert_eq!(summary(&ws), alone);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(12),
        ..ProptestConfig::default()
    })]

    /// Any assignment to any number of shards, any slicing, any order of
    /// completion, for any subset of the files in any drop order.
    #[test]
    fn no_assignment_slicing_or_completion_order_changes_a_byte(
        shards in 1usize..=8,
        seed in any::<u64>(),
        keep in 3usize..=21,
    ) {
        let mut all = files();
        let mut draw = Rng::new(seed ^ 0x5eed);
        let mut dropped = Vec::new();
        while !all.is_empty() && dropped.len() < keep {
            dropped.push(all.remove(draw.below_usize(all.len())));
        }
        let expected = in_place(&dropped);
        let got = in_shards(&dropped, shards, seed);
        prop_assert_eq!(got.0, expected.0);
        prop_assert_eq!(got.1, expected.1);
    }
}

/// A large file whose parts could not be joined is read again in the
/// coordinator, in the place it was dropped.
#[test]
fn a_file_read_here_after_all_keeps_its_place() {
    let files = &files()[..4];
    let expected = in_place(files);
    let mut ws = Workspace::new();
    let ids: Vec<_> = files
        .iter()
        .map(|(name, _)| ws.begin_remote(name))
        .collect();
    for (i, (name, bytes)) in files.iter().enumerate().rev() {
        if i == 2 {
            ws.read_here(ids[i]);
            ws.push(ids[i], bytes);
            ws.finish_deferred(ids[i]);
        } else {
            let mut builder = FileBuilder::new(name);
            builder.push(bytes);
            ws.adopt(ids[i], builder.finish(), true);
        }
    }
    assert!(ws.settle());
    assert_eq!(shown(&ws), expected);
}

//! What the coordinator does alone while the shards read (issue 17):
//! `cargo run --release -p mfa-lens-core --example shard_serial -- FOLDER [RUNS]`.
//!
//! Reads every CSV file of FOLDER (for instance the benchmark's 1M set under
//! `target/bench-data/`) as a shard would — `FileBuilder` in 4 MiB slices,
//! its step facts, then `BuiltFile::encode`, keeping what a shard keeps of
//! a sign-in file for the classification round — and then times, on one
//! core, what only the coordinator can do: decoding the files, then
//! settling them either alone (the join and the classification, once,
//! after the last) or with the round (the step facts out, each of two shards classifying its half
//! of the sign-ins, the classes taken in), and the Summary JSON with its
//! findings, which must be the same both ways. The shards' part spreads
//! over cores; the coordinator's bounds how far the load can scale
//! (Amdahl), so it is printed apart: median, fastest and slowest of RUNS
//! (default 3).

use std::time::{Duration, Instant};

use mfa_lens_core::built::{BuiltFile, FileBuilder};
use mfa_lens_core::join::{
    classify_away, decode_answer, encode_answer, JoinSeen, KeptSignIns, StepFacts,
};
use mfa_lens_core::{Summary, Workspace};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(folder) = args.next() else {
        eprintln!("usage: shard_serial FOLDER [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3).max(1);
    let mut paths: Vec<_> = match std::fs::read_dir(&folder) {
        // The exports only: the benchmark keeps a manifest beside them.
        Ok(dir) => dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect(),
        Err(e) => {
            eprintln!("{folder}: {e}");
            std::process::exit(1);
        }
    };
    paths.sort();
    let mut timings: [Vec<Duration>; 7] = Default::default();
    let mut input = 0usize;
    let mut encoded = 0usize;
    for _ in 0..runs {
        let (mut ws, mut built, mut kept) = (Workspace::new(), Vec::new(), Vec::new());
        let start = Instant::now();
        for path in &paths {
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
            let mut builder = FileBuilder::new(name);
            for slice in bytes.chunks(4 << 20) {
                builder.push(slice);
            }
            let id = ws.begin_remote(name);
            let file = builder.finish().with_step_facts();
            // What a shard keeps of a sign-in file for the classification
            // round.
            if let Some(k) = file.loaded.as_ref().and_then(KeptSignIns::of) {
                kept.push((id, k));
            }
            built.push((id, file.encode(), bytes.len()));
        }
        timings[0].push(start.elapsed());
        input = built.iter().map(|(_, _, n)| n).sum();
        encoded = built.iter().map(|(_, b, _)| b.len()).sum();

        let start = Instant::now();
        let decoded: Vec<_> = built
            .into_iter()
            .filter_map(|(id, bytes, _)| Some((id, BuiltFile::decode(&bytes).ok()?)))
            .collect();
        timings[1].push(start.elapsed());

        // Both ways of settling, on the same adopted files: the coordinator
        // joining and classifying alone, and the round where two shards do.
        let mut here = Workspace::new();
        let mut ids = Vec::new();
        for (_, file) in &decoded {
            ids.push(here.begin_remote(&file.name));
        }
        let copies: Vec<BuiltFile> = decoded
            .iter()
            .map(|(_, f)| BuiltFile::decode(&f.encode()).unwrap())
            .collect();
        let start = Instant::now();
        let last = copies.len();
        for (i, file) in copies.into_iter().enumerate() {
            here.adopt(ids[i], file, i + 1 < last);
        }
        timings[2].push(start.elapsed());

        let start = Instant::now();
        for (id, file) in decoded {
            ws.adopt(id, file, true);
        }
        let facts = ws.step_facts_bytes();
        timings[3].push(start.elapsed());

        // Each of two shards: the index from every file's facts, then its
        // half of the sign-ins.
        let halves: Vec<Vec<_>> = (0..2)
            .map(|s| kept.iter().skip(s).step_by(2).collect())
            .collect();
        let mut answers = Vec::new();
        let mut slowest = Duration::ZERO;
        for half in &halves {
            let start = Instant::now();
            let facts = StepFacts::decode_all(&facts).unwrap();
            let refs: Vec<_> = half.iter().map(|(_, k)| k).collect();
            let (classes, seen) = classify_away(&facts, &refs);
            let bytes = encode_answer(&classes, &seen);
            slowest = slowest.max(start.elapsed());
            answers.push((half, bytes));
        }
        timings[4].push(slowest);

        let start = Instant::now();
        let mut seen_all = JoinSeen::default();
        let mut away = Vec::new();
        for (half, bytes) in answers {
            let (classes, seen) = decode_answer(&bytes).unwrap();
            seen_all.pool(&seen);
            away.extend(half.iter().zip(classes).map(|((id, _), c)| (*id, None, c)));
        }
        let taken = ws.settle_with(away, seen_all);
        timings[5].push(start.elapsed());
        assert_eq!(taken, Some(kept.len()));

        let start = Instant::now();
        let summary = Summary::of(&ws);
        timings[6].push(start.elapsed());
        assert_eq!(summary.files.len(), paths.len());
        let same = serde_json::to_string(&Summary::of(&here)).unwrap();
        assert_eq!(serde_json::to_string(&summary).unwrap(), same);
    }
    println!(
        "{} files, {:.0} MB, encoded as {:.0} MB; {runs} runs: median [fastest–slowest]",
        paths.len(),
        input as f64 / 1e6,
        encoded as f64 / 1e6
    );
    let labels = [
        "the shards' part, on one core: read, store, step facts, first half of classifying, encode",
        "coordinator: decode",
        "coordinator alone: adopt, join and classify once",
        "with the round: adopt, and the step facts as bytes",
        "the round, in each of two shards (slowest): index from the facts, classify its half",
        "with the round: the classes taken in (settle_with)",
        "coordinator: Summary JSON with its findings",
    ];
    for (label, times) in labels.iter().zip(&mut timings) {
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{label}: {:.0} ms [{:.0}–{:.0}]",
            ms(times[times.len() / 2]),
            ms(times[0]),
            ms(times[times.len() - 1])
        );
    }
}

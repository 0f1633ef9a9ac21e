//! What the coordinator does alone while the shards read (issue 17):
//! `cargo run --release -p mfa-lens-core --example shard_serial -- FOLDER [RUNS]`.
//!
//! Reads every CSV file of FOLDER (for instance the benchmark's 1M set under
//! `target/bench-data/`) as a shard would — `FileBuilder` in 4 MiB slices,
//! then `BuiltFile::encode` — and then times, on one core, what only the
//! coordinator can do: decoding the files, adopting them (the join and the
//! classification, once, after the last) and the Summary JSON with its
//! findings. The shards' part spreads over cores; this part bounds how far
//! the load can scale (Amdahl), so it is printed apart: median, fastest and
//! slowest of RUNS (default 3).

use std::time::{Duration, Instant};

use mfa_lens_core::built::{BuiltFile, FileBuilder};
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
    let mut timings: [Vec<Duration>; 4] = Default::default();
    let mut input = 0usize;
    let mut encoded = 0usize;
    for _ in 0..runs {
        let (mut ws, mut built) = (Workspace::new(), Vec::new());
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
            built.push((id, builder.finish().encode(), bytes.len()));
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

        let start = Instant::now();
        let last = decoded.len();
        for (i, (id, file)) in decoded.into_iter().enumerate() {
            ws.adopt(id, file, i + 1 < last);
        }
        timings[2].push(start.elapsed());

        let start = Instant::now();
        let summary = Summary::of(&ws);
        timings[3].push(start.elapsed());
        assert_eq!(summary.files.len(), paths.len());
    }
    println!(
        "{} files, {:.0} MB, encoded as {:.0} MB; {runs} runs: median [fastest–slowest]",
        paths.len(),
        input as f64 / 1e6,
        encoded as f64 / 1e6
    );
    let labels = [
        "the shards' part, on one core: read, store, encode",
        "coordinator: decode",
        "coordinator: adopt (join and classify once)",
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

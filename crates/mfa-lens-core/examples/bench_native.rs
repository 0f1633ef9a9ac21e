//! The native side of `./x bench`: the engine on the same files the browser
//! benchmark drops, read the way the page's worker reads them.
//!
//! `cargo run --release -p mfa-lens-core --example bench_native -- RUNS FILE...`
//!
//! Each run starts an empty `Workspace` and feeds every file in 4 MiB slices
//! (the worker's `SLICE_BYTES`) through one reused buffer, finishing all but the
//! last with `finish_deferred`, then builds the summary, as the worker does
//! before the page shows the overview.
//! After the last run it times the benchmark's queries on the loaded rows. It
//! prints one JSON object (times in milliseconds, one entry per run) for
//! `bench/run.mjs` to turn into medians; the files come from the OS cache after
//! the first run, as they do for the browser.

use std::fs::File;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use mfa_lens_core::query::{self, Filter, Query, Sort};
use mfa_lens_core::{Summary, Workspace};

/// The worker's slice size (`src/worker/loader.rs`).
const SLICE_BYTES: usize = 4 << 20;

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3).max(1);
    let files: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if files.is_empty() {
        eprintln!("usage: bench_native RUNS FILE...");
        std::process::exit(2);
    }
    let mut bytes = 0u64;
    let mut rows = 0u64;
    let mut ingest_ms = Vec::new();
    let mut overview_ms = Vec::new();
    let mut ws = Workspace::new();
    let mut buffer = vec![0u8; SLICE_BYTES];
    for _ in 0..runs {
        ws = Workspace::new();
        bytes = 0;
        let started = Instant::now();
        for (i, path) in files.iter().enumerate() {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("file.csv");
            let id = ws.begin_file(name);
            let mut file = File::open(path).unwrap_or_else(|e| fail(path, e));
            loop {
                let n = read_full(&mut file, &mut buffer).unwrap_or_else(|e| fail(path, e));
                if n == 0 {
                    break;
                }
                bytes += n as u64;
                ws.push(id, &buffer[..n]);
            }
            // As the worker does: files with others queued behind them are
            // joined and classified once, with the last.
            if i + 1 < files.len() {
                ws.finish_deferred(id);
            } else {
                ws.finish(id);
            }
        }
        ingest_ms.push(started.elapsed().as_secs_f64() * 1e3);
        let summary = Summary::of(&ws);
        overview_ms.push(started.elapsed().as_secs_f64() * 1e3);
        rows = summary.sign_ins.as_ref().map_or(0, |s| s.total);
        std::hint::black_box(&summary);
    }

    // Like the worker, which keeps text-sort ranks between queries.
    let mut cache = query::SortCache::default();
    let mut queries = Vec::new();
    // BENCH_NATIVE_QUERY=name and BENCH_NATIVE_QUERY_RUNS=n, for profiling one query.
    let only = std::env::var("BENCH_NATIVE_QUERY").unwrap_or_default();
    let query_runs = std::env::var("BENCH_NATIVE_QUERY_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(runs.max(3));
    for (name, q) in bench_queries()
        .into_iter()
        .filter(|(n, _)| n.contains(&only))
    {
        let mut times = Vec::with_capacity(query_runs);
        let mut matched = 0;
        for _ in 0..query_runs {
            let t = Instant::now();
            matched = query::run_cached(&ws, &q, &mut cache).len();
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        queries.push(serde_json::json!({ "name": name, "matched": matched, "ms": times }));
    }
    let out = serde_json::json!({
        "bytes": bytes,
        "sign_ins": rows,
        "ingest_ms": ingest_ms,
        "overview_ms": overview_ms,
        "heap_bytes": ws.heap_bytes(),
        "queries": queries,
    });
    println!("{out}");
}

/// The filters and sorts the browser benchmark applies through the page
/// (`bench/run.mjs` names them the same way).
fn bench_queries() -> Vec<(&'static str, Query)> {
    let base = Query::default();
    vec![
        (
            "search",
            Query {
                search: "declined".into(),
                ..base.clone()
            },
        ),
        (
            "value",
            Query {
                filters: vec![Filter::Equals {
                    column: "status".into(),
                    values: vec!["Failure".into()],
                }],
                ..base.clone()
            },
        ),
        (
            "date-sort",
            Query {
                sort: Some(Sort {
                    column: "date (utc)".into(),
                    desc: false,
                }),
                ..base.clone()
            },
        ),
        (
            "user-sort",
            Query {
                sort: Some(Sort {
                    column: "username".into(),
                    desc: false,
                }),
                ..base
            },
        ),
    ]
}

/// Fills `buffer` unless the file ends first (a short read is not the end).
fn read_full(file: &mut File, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn fail(path: &std::path::Path, e: std::io::Error) -> ! {
    eprintln!("{}: {e}", path.display());
    std::process::exit(1)
}

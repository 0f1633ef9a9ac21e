//! Times the findings rules on generated sign-ins:
//! `cargo run --release -p mfa-lens-core --example findings_speed -- [ROWS] [RUNS]`.
//!
//! Generates ROWS interactive sign-ins (default 1,000,000, over 7 days),
//! loads them into a workspace, then runs every rule with the default
//! thresholds RUNS times (default 9) and prints the median, fastest and
//! slowest run, and what was found. The goal: under a second for
//! 1,000,000 sign-ins natively.

use std::time::{Duration, Instant};

use mfa_lens_core::findings::{self, FindingSettings};
use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::Workspace;

fn main() {
    let mut args = std::env::args().skip(1);
    let rows: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(9).max(1);
    let opts = GenOptions {
        rows,
        seed: 5,
        days: 7,
        ..GenOptions::default()
    };
    let mut csv = Vec::new();
    if let Err(e) = generate::generate(GenKind::SignIns, &opts, &mut csv) {
        eprintln!("generate: {e}");
        return;
    }
    let mut ws = Workspace::new();
    let started = Instant::now();
    ws.load("InteractiveSignIns.csv", &csv);
    println!(
        "sign-ins: {rows} rows, {:.1} MB, loaded in {:.2} s",
        csv.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    drop(csv);
    let settings = FindingSettings::default();
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut found = None;
    for _ in 0..runs {
        let started = Instant::now();
        let f = findings::analyse(&ws, &settings);
        times.push(started.elapsed());
        found = f;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "findings over {rows} sign-ins, {runs} runs: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1])
    );
    if let Some(f) = found {
        println!(
            "found: {} high, {} medium, {} info ({} items)",
            f.counts.high,
            f.counts.medium,
            f.counts.info,
            f.items.len()
        );
        // What the worker posts to the page for the Findings view: every
        // finding with its evidence row references.
        let evidence: usize = f
            .items
            .iter()
            .flat_map(|i| &i.evidence)
            .map(|e| e.rows.len())
            .sum();
        let json = serde_json::to_vec(&f).map_or(0, |v| v.len());
        println!(
            "the Findings answer: {evidence} evidence rows, {:.1} MB of JSON",
            json as f64 / 1e6
        );
    }
}

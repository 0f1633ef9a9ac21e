//! Times the report analyses on generated MFA Server exports:
//! `cargo run --release -p mfa-lens-core --example report_speed -- [ROWS]`.
//!
//! Generates ROWS rows (default 1,000,000) of the activity report and of the
//! blocked and bypassed user histories, loads each into a workspace, and prints
//! per report the time of one analysis, the size of its JSON (what the worker
//! posts to the page) and the time of the summary that now includes the report
//! figures.

use std::time::Instant;

use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::reports::{self, ReportId};
use mfa_lens_core::{Summary, Workspace};

fn main() {
    let rows: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    for (kind, ids) in [
        (
            GenKind::Activity,
            &[ReportId::MfaServer, ReportId::Fraud][..],
        ),
        (GenKind::Blocked, &[ReportId::Blocked, ReportId::Fraud][..]),
        (GenKind::Bypassed, &[ReportId::Bypassed][..]),
    ] {
        let mut csv = Vec::new();
        let opts = GenOptions {
            rows,
            seed: 3,
            ..GenOptions::default()
        };
        if let Err(e) = generate::generate(kind, &opts, &mut csv) {
            eprintln!("generate {}: {e}", kind.name());
            return;
        }
        let mut ws = Workspace::new();
        let started = Instant::now();
        ws.load(&format!("{}.csv", kind.name()), &csv);
        let load = started.elapsed();
        println!(
            "{}: {} rows, {:.1} MB, loaded in {:.2} s",
            kind.name(),
            rows,
            csv.len() as f64 / 1e6,
            load.as_secs_f64()
        );
        drop(csv);
        for &id in ids {
            let started = Instant::now();
            let report = reports::report(&ws, id);
            let took = started.elapsed();
            let json = serde_json::to_string(&report).unwrap_or_default();
            println!(
                "  {:<14} {:>7.1} ms, JSON {:>7.1} kB",
                id.id(),
                took.as_secs_f64() * 1e3,
                json.len() as f64 / 1e3
            );
        }
        let started = Instant::now();
        let _ = Summary::of(&ws);
        println!(
            "  summary        {:>7.1} ms",
            started.elapsed().as_secs_f64() * 1e3
        );
    }
}

//! Prints how fast the workspace loads the same generated sign-ins as the
//! portal's JSON download, as its CSV download (with the auth-details file)
//! and as a Log Analytics CSV export, fed from memory in 1 MiB slices as the
//! faces feed files:
//!
//! ```text
//! cargo run --release -p mfa-lens-core --example json_throughput -- [MEGABYTES] [RUNS]
//! ```
//!
//! MEGABYTES (default 100) sizes the JSON file; the other forms hold the same
//! sign-ins, so their sizes differ. Each form is loaded RUNS times (default 5) into
//! a fresh workspace (reading, storing, joining and classifying); the median,
//! minimum and maximum are printed in MB/s of the input and in sign-ins per
//! second, which is the fair comparison between the two forms.

use std::time::Instant;

use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::Workspace;

/// Seconds to load `files` into a fresh workspace, and the rows it read.
fn load(files: &[(&str, &[u8])]) -> (f64, u64) {
    let start = Instant::now();
    let mut ws = Workspace::new();
    for (name, bytes) in files {
        let id = ws.begin_file(name);
        for chunk in bytes.chunks(1 << 20) {
            ws.push(id, chunk);
        }
        ws.finish_deferred(id);
    }
    ws.settle();
    let seconds = start.elapsed().as_secs_f64();
    let rows = ws.files().first().map_or(0, |f| f.rows);
    (seconds, rows)
}

/// Median, minimum and maximum of `values` (not empty).
fn spread(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    (
        values[values.len() / 2],
        values[0],
        values[values.len() - 1],
    )
}

fn report(label: &str, files: &[(&str, &[u8])], runs: usize) {
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut times = Vec::with_capacity(runs);
    let mut rows = 0;
    for _ in 0..runs {
        let (t, r) = load(files);
        times.push(t);
        rows = r;
    }
    let mb_s = spread(times.iter().map(|t| bytes as f64 / 1e6 / t).collect());
    let rows_s = spread(times.iter().map(|t| rows as f64 / t).collect());
    println!(
        "{label:<28} {:>7.1} MB  {rows:>8} sign-ins  MB/s median {:>6.1} min {:>6.1} max {:>6.1}  \
         sign-ins/s median {:>9.0} min {:>9.0} max {:>9.0}",
        bytes as f64 / 1e6,
        mb_s.0,
        mb_s.1,
        mb_s.2,
        rows_s.0,
        rows_s.1,
        rows_s.2
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let megabytes: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5).max(1);
    let rows = generate::rows_for_bytes_of(GenKind::SignInsJson, megabytes * 1_000_000);
    let opts = GenOptions {
        rows,
        ..GenOptions::default()
    };
    let (mut csv, mut auth) = (Vec::new(), Vec::new());
    generate::sign_ins_with_auth_details(&opts, &mut csv, &mut auth).expect("in memory");
    let json = generate::to_bytes(GenKind::SignInsJson, &opts);
    let log_analytics = generate::to_bytes(GenKind::LogAnalytics, &opts);
    report(
        "portal JSON download",
        &[("InteractiveSignIns.json", &json)],
        runs,
    );
    report(
        "Log Analytics CSV export",
        &[("query_data.csv", &log_analytics)],
        runs,
    );
    report(
        "portal CSV + auth details",
        &[
            ("InteractiveSignIns.csv", &csv),
            ("InteractiveSignIns_AuthDetails.csv", &auth),
        ],
        runs,
    );
}

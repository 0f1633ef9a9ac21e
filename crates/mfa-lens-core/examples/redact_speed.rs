//! Redaction throughput on a generated sign-in export (about 100 MB by
//! default): prints the median, fastest and slowest of several runs in MB/s.
//! A benchmark that prints figures, never a timed test.
//!
//! `cargo run --release -p mfa-lens-core --example redact_speed [MB] [RUNS]`

use std::time::Instant;

use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::redact::{FileRedactor, Key, Redactor};

fn main() {
    let mut args = std::env::args().skip(1);
    let mb: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let opts = GenOptions {
        rows: generate::rows_for_bytes_of(GenKind::SignIns, mb * 1_000_000),
        ..GenOptions::default()
    };
    let input = generate::to_bytes(GenKind::SignIns, &opts);
    let key = Key::from_hex(&"5a".repeat(32)).expect("a valid key");
    let mut rates = Vec::with_capacity(runs);
    let mut out = Vec::with_capacity(input.len() * 2);
    for _ in 0..runs {
        // A fresh redactor each run: the cache starts empty, as in the CLI.
        let mut r = Redactor::new(&key);
        let started = Instant::now();
        let mut file = FileRedactor::new();
        out.clear();
        for chunk in input.chunks(1 << 20) {
            file.push(&mut r, chunk, &mut out).expect("a table");
        }
        file.finish(&mut r, &mut out).expect("a table");
        let secs = started.elapsed().as_secs_f64();
        rates.push(input.len() as f64 / 1e6 / secs);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "redact {:.1} MB ({} rows) x{runs}: median {:.0} MB/s, min {:.0}, max {:.0} (output {:.1} MB)",
        input.len() as f64 / 1e6,
        opts.rows,
        rates[rates.len() / 2],
        rates[0],
        rates[rates.len() - 1],
        out.len() as f64 / 1e6
    );
}

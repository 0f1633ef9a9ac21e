//! Prints how fast a file read in one worker is turned into bytes
//! (`BuiltFile::encode`) and adopted back (`BuiltFile::decode`), the step
//! that carries a shard's table to the workspace:
//!
//! ```text
//! cargo run --release -p mfa-lens-core --example codec_speed -- [MEGABYTES] [RUNS]
//! ```
//!
//! MEGABYTES (default 100) of generated 57-column interactive sign-ins are
//! read once with a `FileBuilder` (in 1 MiB slices, as the faces feed
//! files); the file is then encoded and decoded RUNS times (default 5).
//! Speeds are in MB of the encoding per second (median, minimum, maximum),
//! and, for scale, in MB of the CSV it came from.

use std::time::Instant;

use mfa_lens_core::built::{BuiltFile, FileBuilder};
use mfa_lens_core::generate::{self, GenKind, GenOptions};

/// Median, minimum and maximum.
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

fn spread(mut values: Vec<f64>) -> Spread {
    values.sort_by(f64::total_cmp);
    Spread {
        median: values[values.len() / 2],
        min: values[0],
        max: values[values.len() - 1],
    }
}

/// `times` (seconds) as MB/s of `bytes`.
fn speeds(bytes: usize, times: &[f64]) -> Spread {
    spread(times.iter().map(|t| bytes as f64 / 1e6 / t).collect())
}

fn line(label: &str, encoded: usize, input: usize, times: &[f64]) {
    let e = speeds(encoded, times);
    let i = speeds(input, times);
    println!(
        "{label:<7} MB/s of the encoding: median {:>7.0} min {:>7.0} max {:>7.0}   \
         (of the CSV: median {:>7.0} min {:>7.0} max {:>7.0})",
        e.median, e.min, e.max, i.median, i.min, i.max
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let megabytes: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5).max(1);
    let opts = GenOptions {
        rows: generate::rows_for_bytes_of(GenKind::SignIns, megabytes * 1_000_000),
        ..GenOptions::default()
    };
    let csv = generate::to_bytes(GenKind::SignIns, &opts);

    let start = Instant::now();
    let mut builder = FileBuilder::new("InteractiveSignIns_2024-05-01_2024-05-02.csv");
    for chunk in csv.chunks(1 << 20) {
        builder.push(chunk);
    }
    let built = builder.finish();
    let read = start.elapsed().as_secs_f64();
    let Some(file) = built.loaded.as_ref() else {
        eprintln!("the generated file did not read as a table");
        std::process::exit(1);
    };
    let (rows, heap) = (file.table.rows(), file.table.heap_bytes());

    let mut encode_times = Vec::with_capacity(runs);
    let mut encoded = Vec::new();
    for _ in 0..runs {
        drop(std::mem::take(&mut encoded));
        let start = Instant::now();
        encoded = built.encode();
        encode_times.push(start.elapsed().as_secs_f64());
    }
    let mut decode_times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let back = BuiltFile::decode(&encoded);
        decode_times.push(start.elapsed().as_secs_f64());
        match back {
            Ok(back) if back.loaded.as_ref().map(|f| f.table.rows()) == Some(rows) => {}
            Ok(_) => {
                eprintln!("decoded a different table");
                std::process::exit(1);
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    }

    println!(
        "input   {:.1} MB of CSV, {rows} rows, read in {read:.2} s ({:.0} MB/s); table heap {:.1} MB",
        csv.len() as f64 / 1e6,
        csv.len() as f64 / 1e6 / read,
        heap as f64 / 1e6
    );
    println!(
        "encoded {:.1} MB: {:.1}% of the CSV, {:.1}% of the table's heap ({runs} runs)",
        encoded.len() as f64 / 1e6,
        100.0 * encoded.len() as f64 / csv.len() as f64,
        100.0 * encoded.len() as f64 / heap as f64
    );
    line("encode", encoded.len(), csv.len(), &encode_times);
    line("decode", encoded.len(), csv.len(), &decode_times);
}

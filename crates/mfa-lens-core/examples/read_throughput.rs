//! Prints how fast the streaming reader gets through a file:
//!
//! ```text
//! cargo run --release -p mfa-lens-core --example read_throughput -- FILE [CHUNK_BYTES]
//! ```
//!
//! The file is loaded first, then fed from memory in chunks (1 MiB by default,
//! as the web app slices a `File`), so the figure is the reader's own cost, not
//! the disk's. Three passes; the best is printed.

use mfa_lens_core::read::{Reader, Record, RecordSink};
use mfa_lens_core::Diagnostic;
use std::time::Instant;

/// Touches every field so that nothing is optimised away, allocating nothing.
#[derive(Default)]
struct Tally {
    records: u64,
    fields: u64,
    field_bytes: u64,
    diagnostics: Vec<Diagnostic>,
}

impl RecordSink for Tally {
    fn header(&mut self, record: &Record<'_>) {
        self.fields += record.len() as u64;
    }

    fn record(&mut self, record: &Record<'_>) {
        self.records += 1;
        self.fields += record.len() as u64;
        self.field_bytes += record.iter().map(str::len).sum::<usize>() as u64;
    }

    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: read_throughput FILE [CHUNK_BYTES]");
        std::process::exit(2);
    };
    let chunk: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1 << 20)
        .max(1);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let mut best = f64::INFINITY;
    let mut last = Tally::default();
    let mut buffers = 0;
    for _ in 0..3 {
        let mut tally = Tally::default();
        let start = Instant::now();
        let mut reader = Reader::new(&path);
        for piece in bytes.chunks(chunk) {
            if let Err(e) = reader.push(piece, &mut tally) {
                eprintln!("{}", e.to_diagnostic(&path));
                std::process::exit(1);
            }
        }
        buffers = reader.buffer_bytes();
        if let Err(e) = reader.finish(&mut tally) {
            eprintln!("{}", e.to_diagnostic(&path));
            std::process::exit(1);
        }
        best = best.min(start.elapsed().as_secs_f64());
        last = tally;
    }
    let mb = bytes.len() as f64 / 1e6;
    println!(
        "{path}: {mb:.1} MB, {} records, {} fields, {} field bytes, chunk {chunk} B",
        last.records, last.fields, last.field_bytes
    );
    println!(
        "best of 3: {best:.3} s = {:.0} MB/s, {:.2} M records/s",
        mb / best,
        last.records as f64 / best / 1e6
    );
    println!(
        "reader buffers before finish: {:.1} KiB",
        buffers as f64 / 1024.0
    );
    for d in &last.diagnostics {
        println!("{d}");
    }
}

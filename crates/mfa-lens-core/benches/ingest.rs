//! Ingest benchmarks on generated 57-column sign-in exports (ISSUE-3 item 10):
//!
//! - (a) parse only: `read::Reader` in 1 MiB chunks into a sink that counts fields;
//! - (b) parse + detect + classify + store + summary: `Workspace::load` (1 MiB
//!   chunks) then `Workspace::summary`.
//!
//! Inputs: a ~100 MB export (criterion, `Throughput::Bytes`, 10 samples) and a
//! 1,000,000-row export (manual runs only, to keep a 2-core shared machine usable;
//! set `MFA_LENS_BENCH_QUICK=1` to skip it). Both are generated once, in memory,
//! from a fixed seed. For each input the bench also prints one explicit line with
//! median/min/max MB/s and rows/s of a few manual runs, and the PEAK heap of (b)
//! measured by the counting allocator below, with its ratio to the file size.
//!
//! Run: `cargo bench -p mfa-lens-core --bench ingest`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mfa_lens_core::generate::{self, GenOptions};
use mfa_lens_core::read::{Reader, Record, RecordSink};
use mfa_lens_core::{Diagnostic, Summary, Workspace};

/// Wraps the system allocator and keeps the current and the peak number of live
/// heap bytes, so the bench can report what (b) really holds at its worst moment.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const CHUNK: usize = 1 << 20;
const SEED: u64 = 20_240_501;

/// Counts records and field bytes so the optimiser cannot skip the parse.
#[derive(Default)]
struct CountingSink {
    records: u64,
    field_bytes: u64,
}

impl RecordSink for CountingSink {
    fn header(&mut self, record: &Record<'_>) {
        self.field_bytes += record.len() as u64;
    }

    fn record(&mut self, record: &Record<'_>) {
        self.records += 1;
        self.field_bytes += record.iter().map(str::len).sum::<usize>() as u64;
    }

    fn diagnostic(&mut self, _diagnostic: Diagnostic) {}
}

/// (a) decode + CSV parse only.
fn parse_only(bytes: &[u8]) -> u64 {
    let mut reader = Reader::new("bench.csv");
    let mut sink = CountingSink::default();
    for chunk in bytes.chunks(CHUNK) {
        reader
            .push(chunk, &mut sink)
            .expect("generated input is a table");
    }
    reader
        .finish(&mut sink)
        .expect("generated input is a table");
    assert!(sink.field_bytes > 0);
    sink.records
}

/// (b) everything the page does with a dropped file.
fn parse_store_summary(bytes: &[u8]) -> (u64, Workspace) {
    let mut ws = Workspace::new();
    ws.load("InteractiveSignIns_2024-05-01_2024-05-02.csv", bytes);
    let total = Summary::of(&ws).sign_ins.map(|s| s.total).unwrap_or(0);
    (total, ws)
}

struct Input {
    label: &'static str,
    rows: u64,
    bytes: Vec<u8>,
}

fn input(label: &'static str, rows: u64) -> Input {
    let started = Instant::now();
    let mut bytes = Vec::with_capacity((rows as usize).saturating_mul(1_100));
    generate::sign_ins(
        &GenOptions {
            rows,
            seed: SEED,
            ..GenOptions::default()
        },
        &mut bytes,
    )
    .expect("writing to memory cannot fail");
    eprintln!(
        "[{label}] generated {rows} rows, {:.1} MB in {:.2} s",
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Input { label, rows, bytes }
}

fn stats(mut secs: Vec<f64>) -> (f64, f64, f64) {
    secs.sort_by(f64::total_cmp);
    (secs[secs.len() / 2], secs[0], secs[secs.len() - 1])
}

/// Manual runs: prints median/min/max throughput of (a) and (b), then the peak heap
/// of one (b) run relative to the file size.
fn manual(inp: &Input, runs: usize) {
    let mb = inp.bytes.len() as f64 / 1e6;
    let mut a = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        assert_eq!(parse_only(&inp.bytes), inp.rows);
        a.push(t.elapsed().as_secs_f64());
    }
    let mut b = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let (total, ws) = parse_store_summary(&inp.bytes);
        b.push(t.elapsed().as_secs_f64());
        assert_eq!(total, inp.rows);
        drop(ws);
    }
    for (name, secs) in [("parse-only", a), ("parse+classify+store+summary", b)] {
        let (med, min, max) = stats(secs);
        println!(
            "[{}] {name}: median {:.0} MB/s ({:.0} rows/s); best {:.0} MB/s; worst {:.0} MB/s; {runs} runs, {:.1} MB, {} rows",
            inp.label,
            mb / med,
            inp.rows as f64 / med,
            mb / min,
            mb / max,
            mb,
            inp.rows
        );
    }
    // Peak heap of (b): the input buffer is already live, so measure above it.
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let (_, ws) = parse_store_summary(&inp.bytes);
    let peak = PEAK.load(Ordering::Relaxed) - base;
    let kept = LIVE.load(Ordering::Relaxed).saturating_sub(base);
    println!(
        "[{}] memory of (b): peak {:.1} MB = {:.2}x the file; retained after load {:.1} MB = {:.2}x (engine's own estimate {:.1} MB)",
        inp.label,
        peak as f64 / 1e6,
        peak as f64 / inp.bytes.len() as f64,
        kept as f64 / 1e6,
        kept as f64 / inp.bytes.len() as f64,
        ws.heap_bytes() as f64 / 1e6
    );
}

fn bench(c: &mut Criterion) {
    let hundred_mb = input("100 MB", generate::rows_for_bytes(100_000_000));
    manual(&hundred_mb, 3);

    let mut group = c.benchmark_group("ingest-57col-100MB");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Bytes(hundred_mb.bytes.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("parse-only", "100MB"),
        &hundred_mb.bytes,
        |b, bytes| b.iter(|| parse_only(bytes)),
    );
    group.bench_with_input(
        BenchmarkId::new("parse+classify+store+summary", "100MB"),
        &hundred_mb.bytes,
        |b, bytes| b.iter(|| parse_store_summary(bytes).0),
    );
    group.finish();
    drop(hundred_mb);

    if std::env::var_os("MFA_LENS_BENCH_QUICK").is_none() {
        let million = input("1,000,000 rows", 1_000_000);
        manual(&million, 3);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

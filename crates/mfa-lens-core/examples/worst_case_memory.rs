//! Memory of the worst case for the store: every value distinct, so nothing is
//! shared in a dictionary. `cargo run --release -p mfa-lens-core --example
//! worst_case_memory -- [MB]` prints the store's heap estimate and the process's
//! peak resident memory against the file size (Linux).
use std::fmt::Write as _;

use mfa_lens_core::Workspace;

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let mut csv = String::from("Username,Device ID,Correlation ID\n");
    let mut i = 0u64;
    while csv.len() < mb * 1_000_000 {
        let _ = writeln!(
            csv,
            "user{i:012}@contoso.com,dev-{i:020},corr-{:024x}",
            i.wrapping_mul(0x9e37_79b9_7f4a_7c15)
        );
        i += 1;
    }
    let size = csv.len();
    let mut ws = Workspace::new();
    let id = ws.begin_file("unique.csv");
    for chunk in csv.as_bytes().chunks(4 << 20) {
        ws.push(id, chunk);
    }
    drop(csv);
    ws.finish(id);
    let heap = ws.heap_bytes();
    let peak_kb = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<u64>()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0);
    println!(
        "{i} rows, {:.1} MB: store {:.1} MB = {:.2}x; peak resident {:.1} MB (includes the {:.1} MB of CSV held by this program) ",
        size as f64 / 1e6,
        heap as f64 / 1e6,
        heap as f64 / size as f64,
        peak_kb as f64 / 1e3,
        size as f64 / 1e6
    );
}

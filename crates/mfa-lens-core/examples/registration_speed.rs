//! Measures the Registration view's report on generated exports:
//! `cargo run --release -p mfa-lens-core --example registration_speed -- [USERS] [SIGN_INS]`
//! (defaults 2,000,000 registration rows and 1,000,000 sign-ins).
//!
//! Prints the load time, then the time of one report (what the worker does on
//! each request of the Registration view, including a page deep in the list)
//! and of one summary (whose `registration` section runs the same tally).

use std::time::Instant;

use mfa_lens_core::generate::{generate, GenKind, GenOptions};
use mfa_lens_core::reports::registration::{registration_report, RegistrationRequest};
use mfa_lens_core::{Summary, Workspace};

fn arg(n: usize, default: u64) -> u64 {
    std::env::args()
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

fn bytes(kind: GenKind, rows: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let opts = GenOptions {
        rows,
        seed: 11,
        users: Some(rows.min(2_000_000) as usize),
        ..GenOptions::default()
    };
    if let Err(e) = generate(kind, &opts, &mut out) {
        eprintln!("generate: {e}");
    }
    out
}

fn main() {
    let users = arg(1, 2_000_000);
    let sign_ins = arg(2, 1_000_000);
    let mut ws = Workspace::new();
    let reg = bytes(GenKind::Registration, users);
    let si = bytes(GenKind::SignIns, sign_ins);
    let t = Instant::now();
    ws.load("MFA-UserRegistrationDetails.csv", &reg);
    if sign_ins > 0 {
        ws.load("InteractiveSignIns.csv", &si);
    }
    println!(
        "loaded {} registration rows ({:.0} MB) and {} sign-ins ({:.0} MB) in {:.2?}",
        users,
        reg.len() as f64 / 1e6,
        sign_ins,
        si.len() as f64 / 1e6,
        t.elapsed()
    );
    for (label, offset) in [("first page", 0u64), ("page at 500,000", 500_000)] {
        let t = Instant::now();
        let r = registration_report(&ws, RegistrationRequest { offset, limit: 100 });
        let elapsed = t.elapsed();
        match r {
            Some(r) => println!(
                "report, {label}: {elapsed:.2?} ({} users, {} not registered, {} on the page, sign-in users not registered: {:?})",
                r.users,
                r.not_registered,
                r.unregistered.users.len(),
                r.sign_ins.as_ref().map(|s| s.not_registered.total)
            ),
            None => println!("no report"),
        }
    }
    let t = Instant::now();
    let s = Summary::of(&ws);
    println!(
        "summary (all sections): {:.2?}; registration users {:?}",
        t.elapsed(),
        s.registration.map(|r| r.users)
    );
}

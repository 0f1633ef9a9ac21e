//! Measures the engine on a synthetic 57-column sign-in export:
//! `cargo run --release -p mfa-lens-core --example measure_workspace -- [ROWS]`.
//!
//! Prints the file size, the time to read + store + classify it (fed in 8 MiB
//! slices like the browser), the time of one summary, and the store's heap
//! estimate against the file size. The rows cycle through the scenarios of the
//! portal sample with fresh GUIDs, 5,000 users and advancing timestamps, so the
//! column cardinalities look like a real tenant's.

use std::fmt::Write as _;
use std::time::Instant;

use mfa_lens_core::read::{Reader, Record, RecordSink};
use mfa_lens_core::sign_ins::user_summaries;
use mfa_lens_core::{Summary, Workspace};

const HEADER: &str = "\u{feff}\"Date (UTC)\",\"Request ID\",\"User agent\",\"Correlation ID\",\"User ID\",\"User\",\"Username\",\"User type\",\"Cross tenant access type\",\"Incoming token type\",\"Authentication Protocol\",\"Unique token identifier\",\"Original transfer method\",\"Client credential type\",\"Token Protection - Sign In Session\",\"Token Protection - Sign In Session StatusCode\",\"Application\",\"Application ID \",\"App owner tenant ID\",\"Resource\",\"Resource ID \",\"Resource tenant ID\",\"Resource owner tenant ID\",\"Home tenant ID\",\"Home tenant name\",\"IP address\",\"Location\",\"Status\",\"Sign-in error code\",\"Failure reason\",\"Client app\",\"Device ID\",\"Browser\",\"Operating System\",\"Compliant\",\"Managed\",\"Join Type\",\"Multifactor authentication result\",\"Multifactor authentication auth method\",\"Multifactor authentication auth detail\",\"Authentication requirement\",\"Sign-in identifier\",\"Session ID\",\"IP address (seen by resource)\",\"Through Global Secure Access\",\"Global Secure Access IP address\",\"Autonomous system  number\",\"Flagged for review\",\"Token issuer type\",\"Incoming token type\",\"Token issuer name\",\"Latency\",\"Conditional Access\",\"Managed Identity type\",\"Associated Resource Id\",\"Federated Token Id\",\"Federated Token Issuer\"\r\n";

/// (status, code, failure reason, MFA result, method, requirement, CA)
const SCENARIOS: [(&str, &str, &str, &str, &str, &str, &str); 6] = [
    ("Success", "0", "Other.", "MFA requirement satisfied by claim in the token", "", "Multifactor authentication", "Success"),
    ("Interrupted", "50074", "Strong Authentication is required.", "MFA required in Azure AD", "", "Multifactor authentication", "Success"),
    ("Success", "0", "Other.", "MFA completed in Azure AD", "Mobile app notification", "Multifactor authentication", "Success"),
    ("Failure", "500121", "Authentication failed during strong authentication request.", "MFA denied; user declined the authentication", "Mobile app notification", "Multifactor authentication", "Failure"),
    ("Failure", "50126", "Error validating credentials due to invalid username or password.", "The user didn't enter the right credentials. It's expected to see some number of these errors in your logs due to users making mistakes.", "", "Single-factor authentication", "Not Applied"),
    ("Success", "0", "Other.", "", "", "Single-factor authentication", "Success"),
];

/// A deterministic GUID-shaped string from a counter (splitmix64).
fn guid(out: &mut String, seed: u64) {
    let mut x = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut next = || {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let (a, b) = (next(), next());
    let _ = write!(
        out,
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    );
}

fn generate(rows: usize) -> Vec<u8> {
    let mut s = String::with_capacity(rows * 1300 + HEADER.len());
    s.push_str(HEADER);
    let start = 1_714_521_600u64; // 2024-05-01T00:00:00Z
    for i in 0..rows {
        let (status, code, reason, result, method, req, ca) = SCENARIOS[i % SCENARIOS.len()];
        let user = (i * 7919) % 5000;
        let t = start + (i as u64) * 3;
        let (d, r) = (t / 86_400, t % 86_400);
        let day = 1 + (d - start / 86_400) % 28;
        let _ = write!(
            s,
            "\"2024-05-{day:02}T{:02}:{:02}:{:02}Z\",\"",
            r / 3600,
            (r % 3600) / 60,
            r % 60
        );
        guid(&mut s, i as u64 * 4);
        s.push_str("\",\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0\",\"");
        guid(&mut s, i as u64 * 4 + 1);
        s.push_str("\",\"");
        guid(&mut s, 1_000_000_000 + user as u64);
        let _ = write!(
            s,
            "\",\"User {user}\",\"user{user}@contoso.com\",\"Member\",\"None\",\"None\",\"None\",\"{}\",\"None\",\"None\",\"Unbound\",\"0\",\"OfficeHome\",\"caceb86f-95b6-46c5-b4ba-5acef0867ff7\",\"6861072c-1e75-4a93-8661-abe05b1b90b4\",\"Office 365 Exchange Online\",\"0fcb44b3-fcba-4843-9238-0b6a8c10562b\",\"6762b34f-4e26-4a8e-a032-35a1e58e1b1c\",\"6861072c-1e75-4a93-8661-abe05b1b90b4\",\"6762b34f-4e26-4a8e-a032-35a1e58e1b1c\",\"\",\"198.51.100.{}\",\"Lisbon, Lisboa, PT\",\"{status}\",\"{code}\",\"{reason}\",\"Browser\",\"\",\"Edge 124.0.0\",\"Windows10\",\"False\",\"False\",\"\",\"{result}\",\"{method}\",\"\",\"{req}\",\"user{user}@contoso.com\",\"",
            &format!("{:022x}", (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d))[..22],
            user % 250
        );
        guid(&mut s, i as u64 * 4 + 2);
        let _ = write!(
            s,
            "\",\"\",\"False\",\"\",\"{}\",\"False\",\"Azure AD\",\"None\",\"\",\"{}\",\"{ca}\",\"\",\"\",\"\",\"\"\r\n",
            64496 + user % 16,
            40 + i % 200
        );
    }
    s.into_bytes()
}

fn main() {
    // A number: generate that many rows. Anything else: a CSV file to measure.
    let arg = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "100000".to_string());
    let (rows, bytes) = match arg.parse::<usize>() {
        Ok(rows) => (rows, generate(rows)),
        Err(_) => {
            let bytes = std::fs::read(&arg).unwrap_or_else(|e| panic!("{arg}: {e}"));
            let rows = bytes
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                .saturating_sub(1);
            (rows, bytes)
        }
    };
    let mb = bytes.len() as f64 / 1e6;
    println!("input: {rows} rows, {mb:.1} MB");

    struct Count(u64);
    impl RecordSink for Count {
        fn header(&mut self, _: &Record<'_>) {}
        fn record(&mut self, r: &Record<'_>) {
            self.0 += r.len() as u64;
        }
        fn diagnostic(&mut self, _: mfa_lens_core::Diagnostic) {}
    }
    // Best of three runs (one for huge inputs): the machine is shared.
    let reps = if rows > 500_000 { 1 } else { 3 };
    let mut parse = f64::MAX;
    let mut count = Count(0);
    for _ in 0..reps {
        let t = Instant::now();
        let mut reader = Reader::new("x.csv");
        count = Count(0);
        for chunk in bytes.chunks(8 << 20) {
            let _ = reader.push(chunk, &mut count);
        }
        let _ = reader.finish(&mut count);
        parse = parse.min(t.elapsed().as_secs_f64());
    }
    println!(
        "read only: {parse:.2} s = {:.0} MB/s ({} fields)",
        mb / parse,
        count.0
    );

    // The store alone: rows already split, pushed into a table (skipped for
    // huge inputs, where holding every field as a String would not fit).
    if rows <= 500_000 {
        struct Collect(Vec<Vec<String>>);
        impl RecordSink for Collect {
            fn header(&mut self, _: &Record<'_>) {}
            fn record(&mut self, r: &Record<'_>) {
                self.0.push(r.iter().map(str::to_string).collect());
            }
            fn diagnostic(&mut self, _: mfa_lens_core::Diagnostic) {}
        }
        let mut c = Collect(Vec::new());
        let mut reader = Reader::new("x.csv");
        for chunk in bytes.chunks(8 << 20) {
            let _ = reader.push(chunk, &mut c);
        }
        let _ = reader.finish(&mut c);
        let mut best = f64::MAX;
        for _ in 0..reps {
            let t = Instant::now();
            let mut table =
                mfa_lens_core::store::Table::new((0..57).map(|i| i.to_string()).collect());
            for r in &c.0 {
                table.push_row(r.iter().map(String::as_str));
            }
            best = best.min(t.elapsed().as_secs_f64());
            std::hint::black_box(&table);
        }
        println!("store only: {best:.2} s = {:.0} MB/s", mb / best);
    }

    let mut load = f64::MAX;
    let mut pushing = f64::MAX;
    let mut ws = Workspace::new();
    let mut id = ws.begin_file("placeholder");
    for _ in 0..reps {
        ws = Workspace::new();
        let t = Instant::now();
        id = ws.begin_file("InteractiveSignIns_2024-05-01_2024-05-29.csv");
        for chunk in bytes.chunks(8 << 20) {
            ws.push(id, chunk);
        }
        pushing = pushing.min(t.elapsed().as_secs_f64());
        ws.finish(id);
        load = load.min(t.elapsed().as_secs_f64());
    }
    println!(
        "read + store + classify: {load:.2} s = {:.0} MB/s, {:.0} rows/s",
        mb / load,
        rows as f64 / load
    );
    println!("  of which reading + storing the rows: {pushing:.2} s, finishing (dates, join, classification): {:.2} s", load - pushing);

    let t = Instant::now();
    let summary = Summary::of(&ws);
    let sum = t.elapsed().as_secs_f64();
    let s = summary.sign_ins.as_ref().map(|s| {
        (
            s.total,
            s.satisfied,
            s.denied,
            s.interrupted,
            s.no_mfa,
            s.users,
        )
    });
    println!(
        "summary: {:.0} ms  (total, satisfied, denied, interrupted, no_mfa, users) = {s:?}",
        sum * 1e3
    );
    let t = Instant::now();
    let users = user_summaries(&ws);
    println!(
        "per-user summaries: {} users in {:.0} ms",
        users.len(),
        t.elapsed().as_secs_f64() * 1e3
    );

    let heap = ws.heap_bytes();
    println!(
        "store heap estimate: {:.1} MB = {:.2} x file size",
        heap as f64 / 1e6,
        heap as f64 / bytes.len() as f64
    );
    if let Some(table) = ws.table(id) {
        let dict = (0..table.column_count())
            .filter(|&c| table.column(c).is_some_and(|c| c.is_dictionary()))
            .count();
        println!(
            "columns: {} dictionary, {} arena",
            dict,
            table.column_count() - dict
        );
    }
}

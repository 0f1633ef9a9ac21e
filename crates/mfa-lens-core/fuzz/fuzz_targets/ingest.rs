//! Arbitrary bytes through everything a dropped file goes through: decode, CSV
//! parse, kind detection, classification, join, summary, and the JSON the page and
//! the CLI print. Nothing may panic, and the chunking the bytes arrive in must not
//! change the summary (ISSUE-3 item 2).

#![no_main]

use libfuzzer_sys::fuzz_target;
use mfa_lens_core::Workspace;

fn summary_json(data: &[u8], chunk: usize) -> String {
    let mut ws = Workspace::new();
    let id = ws.begin_file("InteractiveSignIns_2024-05-01_2024-05-02.csv");
    for piece in data.chunks(chunk) {
        ws.push(id, piece);
    }
    ws.finish(id);
    let _ = ws.users();
    serde_json::to_string(&ws.summary()).expect("a summary always serialises")
}

fuzz_target!(|data: &[u8]| {
    // The chunk size comes from the data itself, so libFuzzer explores boundaries
    // without the first bytes of the corpus files being spent on a parameter.
    let mix = data.iter().rev().take(8).fold(data.len(), |acc, &b| {
        acc.wrapping_mul(31).wrapping_add(usize::from(b))
    });
    let chunk = 1 + mix % 4_099;
    let chunked = summary_json(data, chunk);
    let whole = summary_json(data, data.len().max(1));
    assert_eq!(
        chunked, whole,
        "chunks of {chunk} bytes changed the summary"
    );
});

//! Arbitrary bytes through everything a dropped file goes through: decode, CSV
//! parse, kind detection, classification, join, summary, and the JSON the page and
//! the CLI print. Nothing may panic; the chunking the bytes arrive in must not
//! change the summary (ISSUE-3 item 2); and when the bytes are cut into two files,
//! the order the files are loaded in must not change any number.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mfa_lens_core::Workspace;

fn load(files: &[(&str, &[u8])], chunk: usize) -> Workspace {
    let mut ws = Workspace::new();
    for (name, data) in files {
        let id = ws.begin_file(name);
        for piece in data.chunks(chunk) {
            ws.push(id, piece);
        }
        ws.finish(id);
    }
    let _ = ws.users();
    ws
}

fn summary_json(ws: &Workspace) -> serde_json::Value {
    serde_json::to_value(ws.summary()).expect("a summary always serialises")
}

/// Everything but the per-file list, whose order follows the load order.
fn without_files(mut v: serde_json::Value) -> serde_json::Value {
    if let Some(map) = v.as_object_mut() {
        map.remove("files");
    }
    v
}

fuzz_target!(|data: &[u8]| {
    // Parameters come from the data itself, so libFuzzer explores them without the
    // first bytes of the corpus files being spent on them.
    let mix = data.iter().rev().take(8).fold(data.len(), |acc, &b| {
        acc.wrapping_mul(31).wrapping_add(usize::from(b))
    });
    let chunk = 1 + mix % 4_099;
    const NAME: &str = "InteractiveSignIns_2024-05-01_2024-05-02.csv";

    let chunked = summary_json(&load(&[(NAME, data)], chunk));
    let whole = summary_json(&load(&[(NAME, data)], data.len().max(1)));
    assert_eq!(
        chunked, whole,
        "chunks of {chunk} bytes changed the summary"
    );
    serde_json::to_string(&chunked).expect("summary JSON text");

    // Two files cut at a line break: e.g. sign-ins followed by auth details.
    let cut = data
        .iter()
        .enumerate()
        .skip(mix % data.len().max(1))
        .find(|(_, &b)| b == b'\n')
        .map(|(i, _)| i + 1);
    if let Some(cut) = cut.filter(|&c| c < data.len()) {
        let (a, b) = data.split_at(cut);
        const AUTH: &str = "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv";
        let ab = without_files(summary_json(&load(&[(NAME, a), (AUTH, b)], chunk)));
        let ba = without_files(summary_json(&load(&[(AUTH, b), (NAME, a)], chunk)));
        assert_eq!(ab, ba, "load order changed the numbers (cut at {cut})");
    }
});

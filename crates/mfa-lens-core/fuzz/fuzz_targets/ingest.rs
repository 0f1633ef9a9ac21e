//! Arbitrary bytes through everything a dropped file goes through: decode, CSV
//! parse, kind detection, classification, join, summary, and the JSON the page and
//! the CLI print — and then what the viewer does with the rows: every dataset
//! queried, its first page read, the timeline and overview built, and the CSV
//! export written with no cell left starting a formula. Nothing may panic; the chunking the bytes arrive in must not
//! change the summary (ISSUE-3 item 2); and when the bytes are cut into two files,
//! the order the files are loaded in must not change any number.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mfa_lens_core::query::{self, Bucket, DatasetId, Query, FORMULA_STARTS};
use mfa_lens_core::sign_ins::user_summaries;
use mfa_lens_core::{Summary, Workspace};

fn load(files: &[(&str, &[u8])], chunk: usize) -> Workspace {
    let mut ws = Workspace::new();
    for (name, data) in files {
        let id = ws.begin_file(name);
        for piece in data.chunks(chunk) {
            ws.push(id, piece);
        }
        ws.finish(id);
    }
    let _ = user_summaries(&ws);
    ws
}

/// The viewer's path over every dataset the bytes make.
fn view_everything(ws: &Workspace) {
    for dataset in DatasetId::available(ws) {
        let result = query::run(
            ws,
            &Query {
                dataset,
                ..Query::default()
            },
        );
        let _ = query::page(ws, &result, 0, 50, &[]);
        let _ = query::timeline(ws, &result, Bucket::Auto);
        let _ = query::overview(ws, &result, 10);
        let mut csv = Vec::new();
        query::export_csv(ws, &result, &[], &mut csv).expect("export to memory");
        let text = String::from_utf8(csv).expect("the export is UTF-8");
        for field in csv_fields(text.trim_start_matches('\u{feff}')) {
            assert!(
                !field.starts_with(FORMULA_STARTS),
                "an exported cell starts a formula: {field:?}"
            );
        }
    }
}

/// The fields of an RFC 4180 text (quoted fields, doubled quotes inside).
fn csv_fields(text: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',' | '\n') => fields.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

fn summary_json(ws: &Workspace) -> serde_json::Value {
    serde_json::to_value(Summary::of(&ws)).expect("a summary always serialises")
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
    let whole_ws = load(&[(NAME, data)], data.len().max(1));
    view_everything(&whole_ws);
    let whole = summary_json(&whole_ws);
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

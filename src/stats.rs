//! Figures the benchmark (`bench/run.mjs`) and the end-to-end tests read from
//! outside: the size of this module's wasm linear memory, and how many
//! sign-in files the shards classified.
//!
//! Linear memory only ever grows, so its size after a load is the peak the load
//! needed. Both binaries export it (the page's as `window.wasmBindings`, the
//! worker's on its `wasm_bindgen` global), which is how the benchmark weighs the
//! worker that holds the rows against the page that holds only what it shows.
//! Each reads a number and changes nothing.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Bytes of this module's linear memory (its peak: wasm memory never shrinks).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

thread_local! {
    static CLASSIFIED_IN_SHARDS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// In the coordinator: how many sign-in files took their classes from the
/// shards (a file read in parts, from all of its parts' shards) at the last
/// settling of a load (0 when the coordinator classified every file itself).
/// The one outside sign that the classification round ran, rather than its
/// fallback: both give the same answers, by design.
#[wasm_bindgen(js_name = classifiedInShards)]
pub fn classified_in_shards() -> u32 {
    CLASSIFIED_IN_SHARDS.with(|c| c.get())
}

/// The worker notes what its last settling took from the shards.
pub fn note_classified_in_shards(files: usize) {
    CLASSIFIED_IN_SHARDS.with(|c| c.set(u32::try_from(files).unwrap_or(u32::MAX)));
}

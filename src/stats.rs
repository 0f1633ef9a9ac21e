//! One figure the benchmark (`bench/run.mjs`) reads from outside: the size of
//! this module's wasm linear memory.
//!
//! Linear memory only ever grows, so its size after a load is the peak the load
//! needed. Both binaries export it (the page's as `window.wasmBindings`, the
//! worker's on its `wasm_bindgen` global), which is how the benchmark weighs the
//! worker that holds the rows against the page that holds only what it shows.
//! It reads a number and changes nothing.

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

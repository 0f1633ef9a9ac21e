//! Which edition of the page is running: the hosted one (`index.html` and its
//! files, served over HTTP), or the single-file one (`mfa-lens.html`, often
//! opened straight from disk).
//!
//! The single-file edition's start script (scripts/build/single_file.mjs) sets
//! `globalThis.mfaLensSingleFile = { workerUrl }` before the wasm starts: the
//! worker must start from a Blob URL, because browsers will not start one from a
//! file:// URL, and there is no service worker to register.

use wasm_bindgen::JsValue;

/// The global the single-file edition's start script sets.
const SINGLE_FILE_GLOBAL: &str = "mfaLensSingleFile";

/// Where the hosted page's worker is. Trunk names worker files after the binary,
/// without a content hash, so the page can name the loader at run time.
/// Relative: the page may live in any folder.
pub const HOSTED_WORKER_URL: &str = "./mfa-lens-worker_loader.js";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edition {
    Hosted,
    SingleFile { worker_url: String },
}

impl Edition {
    /// The edition of the running page, read once from its global object.
    pub fn current() -> Edition {
        let global = js_sys::global();
        let config = js_sys::Reflect::get(&global, &JsValue::from_str(SINGLE_FILE_GLOBAL))
            .unwrap_or(JsValue::UNDEFINED);
        if config.is_undefined() || config.is_null() {
            return Edition::Hosted;
        }
        let worker_url = js_sys::Reflect::get(&config, &JsValue::from_str("workerUrl"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        Edition::SingleFile { worker_url }
    }

    /// The URL the data worker starts from.
    pub fn worker_url(&self) -> &str {
        match self {
            Edition::Hosted => HOSTED_WORKER_URL,
            Edition::SingleFile { worker_url } => worker_url,
        }
    }

    /// Only the hosted page has a service worker: the single-file edition is
    /// already whole on disk (and service workers do not run from file://).
    pub fn has_service_worker(&self) -> bool {
        matches!(self, Edition::Hosted)
    }
}

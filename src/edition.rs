//! Which edition of the page is running: the hosted one (`index.html` and its
//! files, served over HTTP), or the single-file one (`mfa-lens.html`, often
//! opened straight from disk).
//!
//! The single-file edition's start script (scripts/build/single_file.mjs) sets
//! `globalThis.mfaLensSingleFile = { workerUrl }` before the wasm starts: the
//! worker must start from a Blob URL, because browsers will not start one from a
//! file:// URL, and there is no service worker to register.

use std::cell::OnceCell;

use wasm_bindgen::JsValue;

/// The global the single-file edition's start script sets.
const SINGLE_FILE_GLOBAL: &str = "mfaLensSingleFile";

/// Where the hosted page's worker is. Trunk names worker files after the binary,
/// without a content hash, so the page can name the loader at run time.
/// Relative: the page may live in any folder.
pub const HOSTED_WORKER_URL: &str = "./mfa-lens-worker_loader.js";

/// The two files the hosted loader names: wasm-bindgen's glue and the worker's
/// wasm. Like the loader's name, they follow the binary's name.
const HOSTED_WORKER_GLUE: &str = "./mfa-lens-worker.js";
const HOSTED_WORKER_WASM: &str = "./mfa-lens-worker_bg.wasm";

thread_local! {
    /// The hosted page's shard script as a Blob URL, made once per page.
    static HOSTED_SHARD_URL: OnceCell<Option<String>> = const { OnceCell::new() };
}

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

    /// The URL each shard starts from.
    ///
    /// The hosted page starts its shards from a Blob URL holding the loader's
    /// two lines with absolute URLs, not from the loader file. Shards come and
    /// go with each read, and when a worker started from a file of the page
    /// ends, Chromium asks the server for `sw.js` to look for a new version: a
    /// request after load, heard by the host, on every drop of files. A Blob-URL
    /// worker is no file of the page; it inherits the page's service worker, so
    /// its glue and wasm still come from the offline copy.
    ///
    /// When the Blob cannot be made, the shard starts from the loader file:
    /// it works the same, only with that version check.
    pub fn shard_url(&self) -> String {
        match self {
            Edition::Hosted => HOSTED_SHARD_URL
                .with(|url| url.get_or_init(hosted_shard_url).clone())
                .unwrap_or_else(|| HOSTED_WORKER_URL.to_string()),
            Edition::SingleFile { worker_url } => worker_url.clone(),
        }
    }

    /// Only the hosted page has a service worker: the single-file edition is
    /// already whole on disk (and service workers do not run from file://).
    pub fn has_service_worker(&self) -> bool {
        matches!(self, Edition::Hosted)
    }
}

/// A Blob URL for the hosted loader's script with its files resolved against
/// the page's address (a Blob-URL worker has no folder to resolve them in).
fn hosted_shard_url() -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok()??;
    let script = shard_script(&base)?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = js_sys::Array::of1(&JsValue::from_str(&script));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// The loader's two statements with absolute URLs, each a JSON string (so an
/// address with a quote or backslash stays one string literal).
pub fn shard_script(base: &str) -> Option<String> {
    let absolute = |relative: &str| -> Option<String> {
        let url = web_sys::Url::new_with_base(relative, base).ok()?.href();
        serde_json::to_string(&url).ok()
    };
    Some(format!(
        "importScripts({});wasm_bindgen({{ module_or_path: {} }});",
        absolute(HOSTED_WORKER_GLUE)?,
        absolute(HOSTED_WORKER_WASM)?
    ))
}

//! Saving text the page made (the summary, later the filtered rows) as a file
//! on the user's machine: a Blob, an object URL and a click on a download link.
//! Nothing leaves the browser; the object URL is released straight away.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

pub fn save_text(text: &str, file_name: &str, mime: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    if let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) {
        save_blob(&blob, file_name);
    }
}

/// Saves `blob` (made here or by the worker) as `file_name`.
pub fn save_blob(blob: &Blob, file_name: &str) {
    let Ok(url) = Url::create_object_url_with_blob(blob) else {
        return;
    };
    let document = gloo::utils::document();
    if let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok())
    {
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
    }
    let _ = Url::revoke_object_url(&url);
}

//! Saving what the worker made (the summary, the exported rows, Share's
//! files) as a file on the user's machine: an object URL of its Blob and a
//! click on a download link. Nothing leaves the browser; the object URL is
//! released straight away.

use wasm_bindgen::JsCast;
use web_sys::{Blob, HtmlAnchorElement, Url};

/// Saves `blob` (made by the worker) as `file_name`.
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

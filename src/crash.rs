//! When MFA Lens itself fails: a panic on the page or in the worker, or the
//! worker dying (a panic, or memory it could not get). Bad input never gets
//! here — the core turns it into diagnostics — so this is the last line for
//! bugs: instead of a page that silently stops answering, a visible, announced
//! banner says what happened and offers Reload.
//!
//! The banner is built with plain DOM calls, not Yew: after a panic on the page
//! the wasm instance is dead and Yew can no longer render anything. Its text is
//! set with `textContent`, so whatever a panic message holds stays text.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Shown when the page's own code panics.
pub const PAGE_CRASHED: &str = "Something went wrong inside MFA Lens and this page stopped \
    working. This is a bug in MFA Lens, not a problem with your files, and nothing was sent \
    anywhere. Reload the page, then drop your files again.";

/// Shown when the worker that holds the files dies.
pub const WORKER_CRASHED: &str = "Something went wrong inside MFA Lens: the part of the page \
    that reads and holds your files stopped working, so what was loaded is gone from this tab. \
    This is a bug in MFA Lens, not a problem with your files, and nothing was sent anywhere. \
    Reload the page, then drop your files again.";

/// The query parameter that provokes a panic for the end-to-end tests:
/// `?mfa-lens-test-panic=page` or `=worker`. Nobody types it by accident, the
/// hash (where shared links keep their state) never carries it, and all it can
/// do is break the one tab that asked, which Reload repairs.
pub const TEST_PANIC_PARAM: &str = "mfa-lens-test-panic";

/// Where the test trigger asks for a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestPanic {
    Page,
    Worker,
}

/// The test trigger in a `location.search` string, if any.
pub fn test_panic_in(search: &str) -> Option<TestPanic> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| match pair.split_once('=') {
            Some((TEST_PANIC_PARAM, "page")) => Some(TestPanic::Page),
            Some((TEST_PANIC_PARAM, "worker")) => Some(TestPanic::Worker),
            _ => None,
        })
}

/// The test trigger in this page's URL, if any.
pub fn test_panic() -> Option<TestPanic> {
    let search = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    test_panic_in(&search)
}

/// Turns any panic on the page into the banner (and the console, for a bug
/// report). Through Yew's own setting: its renderer otherwise installs a hook
/// of its own that only logs to the console.
pub fn install_page_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let detail = info.to_string();
        gloo::console::error!(detail.as_str());
        show_banner(PAGE_CRASHED, &detail);
    }));
}

/// Shows the banner at the top of the page, once: the first failure is the one
/// worth reporting, and a worker that panics also fires its `error` event.
pub fn show_banner(message: &str, detail: &str) {
    // Nothing here may panic: a panic inside the panic hook aborts at once.
    let _ = try_show_banner(message, detail);
}

const BANNER_ID: &str = "mfa-lens-crash";

fn try_show_banner(message: &str, detail: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    if document.get_element_by_id(BANNER_ID).is_some() {
        return Some(());
    }
    let body = document.body()?;
    let banner = document.create_element("div").ok()?;
    banner.set_id(BANNER_ID);
    banner.set_class_name("crash");
    banner.set_attribute("role", "alert").ok()?;
    let text = document.create_element("p").ok()?;
    text.set_class_name("crash__message");
    text.set_text_content(Some(message));
    let reload = document.create_element("button").ok()?;
    reload.set_attribute("type", "button").ok()?;
    reload.set_class_name("button");
    reload.set_text_content(Some("Reload"));
    let on_click = Closure::<dyn FnMut()>::new(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    reload
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .ok()?;
    // The button lives until the page is reloaded.
    on_click.forget();
    let details = document.create_element("details").ok()?;
    let summary = document.create_element("summary").ok()?;
    summary.set_text_content(Some("Details for a bug report"));
    let pre = document.create_element("pre").ok()?;
    pre.set_text_content(Some(detail));
    details.append_child(&summary).ok()?;
    details.append_child(&pre).ok()?;
    banner.append_child(&text).ok()?;
    banner.append_child(&reload).ok()?;
    banner.append_child(&details).ok()?;
    body.prepend_with_node_1(&banner).ok()?;
    reload.dyn_ref::<web_sys::HtmlElement>()?.focus().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_trigger_needs_its_exact_parameter() {
        assert_eq!(
            test_panic_in("?mfa-lens-test-panic=page"),
            Some(TestPanic::Page)
        );
        assert_eq!(
            test_panic_in("?a=1&mfa-lens-test-panic=worker"),
            Some(TestPanic::Worker)
        );
        assert_eq!(test_panic_in(""), None);
        assert_eq!(test_panic_in("?mfa-lens-test-panic=yes"), None);
        assert_eq!(test_panic_in("?panic=page"), None);
        assert_eq!(test_panic_in("?xmfa-lens-test-panic=page"), None);
    }
}

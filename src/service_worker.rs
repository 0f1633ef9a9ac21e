//! The page's side of the service worker (`sw.js`, written by the build from
//! `scripts/build/sw.template.js`): registers it, notices when a new version has
//! been installed beside the one controlling the page, and swaps to it only
//! when the person asks ("A new version is available — Reload"). Reloading
//! clears the loaded files, so it is never done behind their back.
//!
//! The decisions are in [`UpdateFlow`], plain Rust tested natively; the rest is
//! the browser glue around it.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};
use yew::Callback;

use crate::edition::Edition;

/// Relative: the worker's scope is the page's folder, wherever that is.
const SERVICE_WORKER_URL: &str = "./sw.js";
/// What the service worker listens for to take over (see sw.template.js).
const SKIP_WAITING: &str = "skip-waiting";

/// What the page does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Nothing,
    /// Show the banner offering the new version.
    Offer,
    /// Reload the page: the new version now controls it.
    Reload,
}

/// The update decisions, apart from the browser so they can be tested.
///
/// A service worker that reaches "installed" while the page is already
/// controlled is a new version waiting for the old one to let go: offer it. On a
/// first visit the page is not controlled yet: the worker activates at once and
/// takes control (`clients.claim()`), which also fires `controllerchange` — that
/// must not reload the page, only a change the person asked for may.
#[derive(Debug, Default)]
pub struct UpdateFlow {
    offered: bool,
    reload_requested: bool,
}

impl UpdateFlow {
    /// A service worker of the registration is in `state`; `controlled` says
    /// whether some service worker controls the page right now.
    pub fn on_worker_state(&mut self, state: ServiceWorkerState, controlled: bool) -> Step {
        if state == ServiceWorkerState::Installed && controlled && !self.offered {
            self.offered = true;
            Step::Offer
        } else {
            Step::Nothing
        }
    }

    /// The person pressed Reload: the waiting worker is told to take over, and
    /// the page reloads once it has.
    pub fn on_reload_requested(&mut self) {
        self.reload_requested = true;
    }

    /// The service worker controlling the page changed.
    pub fn on_controller_change(&mut self) -> Step {
        if self.reload_requested {
            self.reload_requested = false;
            Step::Reload
        } else {
            Step::Nothing
        }
    }
}

/// The registration, for the banner's Reload button.
#[derive(Clone)]
pub struct Updater {
    flow: Rc<RefCell<UpdateFlow>>,
    registration: Rc<RefCell<Option<ServiceWorkerRegistration>>>,
}

impl Updater {
    /// Asks the waiting version to take over; the page reloads when it has.
    pub fn reload(&self) {
        self.flow.borrow_mut().on_reload_requested();
        let waiting = self
            .registration
            .borrow()
            .as_ref()
            .and_then(|r| r.waiting());
        match waiting {
            Some(worker) => {
                let _ = worker.post_message(&JsValue::from_str(SKIP_WAITING));
            }
            // Already gone (another tab took the update): a plain reload gets it.
            None => reload_page(),
        }
    }
}

/// Registers the service worker when the page can have one, calling `on_offer`
/// once when a new version is ready. `None` in a debug build (`trunk serve`
/// must never serve a cached page), in the single-file edition, and where the
/// browser has no service workers (file://, plain HTTP to another machine).
pub fn register(on_offer: Callback<()>) -> Option<Updater> {
    if cfg!(debug_assertions) || !Edition::current().has_service_worker() {
        return None;
    }
    let window = web_sys::window()?;
    let protocol = window.location().protocol().ok()?;
    if protocol != "http:" && protocol != "https:" {
        return None;
    }
    let navigator = window.navigator();
    let has_api =
        js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if !has_api {
        return None;
    }
    let container = navigator.service_worker();
    let updater = Updater {
        flow: Rc::default(),
        registration: Rc::default(),
    };

    // These handlers live as long as the page, like the registration itself.
    let on_controller_change = {
        let flow = updater.flow.clone();
        Closure::<dyn FnMut()>::new(move || {
            if flow.borrow_mut().on_controller_change() == Step::Reload {
                reload_page();
            }
        })
    };
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();

    let updater_ = updater.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let registered =
            wasm_bindgen_futures::JsFuture::from(container.register(SERVICE_WORKER_URL)).await;
        let registration: ServiceWorkerRegistration = match registered {
            Ok(r) => r.unchecked_into(),
            Err(e) => {
                // The page works without it, only not offline.
                gloo::console::warn!(
                    "MFA Lens: no offline copy, the service worker was refused:",
                    e
                );
                return;
            }
        };
        *updater_.registration.borrow_mut() = Some(registration.clone());
        let watch = Watch {
            flow: updater_.flow.clone(),
            container: container.clone(),
            on_offer,
        };
        // The browser may have found the new version before we asked.
        if let Some(waiting) = registration.waiting() {
            watch.check(&waiting);
        }
        if let Some(installing) = registration.installing() {
            watch.follow(&installing);
        }
        let on_update_found = {
            let registration = registration.clone();
            Closure::<dyn FnMut()>::new(move || {
                if let Some(installing) = registration.installing() {
                    watch.follow(&installing);
                }
            })
        };
        registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
        on_update_found.forget();
    });
    Some(updater)
}

/// Watches service workers of one registration on behalf of the flow.
#[derive(Clone)]
struct Watch {
    flow: Rc<RefCell<UpdateFlow>>,
    container: ServiceWorkerContainer,
    on_offer: Callback<()>,
}

impl Watch {
    fn check(&self, worker: &ServiceWorker) {
        let controlled = self.container.controller().is_some();
        if self
            .flow
            .borrow_mut()
            .on_worker_state(worker.state(), controlled)
            == Step::Offer
        {
            self.on_offer.emit(());
        }
    }

    fn follow(&self, worker: &ServiceWorker) {
        self.check(worker);
        let on_state = {
            let watch = self.clone();
            let worker = worker.clone();
            Closure::<dyn FnMut()>::new(move || watch.check(&worker))
        };
        worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    }
}

fn reload_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_install_offers_nothing_and_its_take_over_does_not_reload() {
        let mut flow = UpdateFlow::default();
        assert_eq!(
            flow.on_worker_state(ServiceWorkerState::Installing, false),
            Step::Nothing
        );
        assert_eq!(
            flow.on_worker_state(ServiceWorkerState::Installed, false),
            Step::Nothing
        );
        assert_eq!(
            flow.on_worker_state(ServiceWorkerState::Activated, false),
            Step::Nothing
        );
        // clients.claim() on the first visit: the page must keep its files.
        assert_eq!(flow.on_controller_change(), Step::Nothing);
    }

    #[test]
    fn a_new_version_installed_under_a_controlled_page_is_offered_once() {
        let mut flow = UpdateFlow::default();
        assert_eq!(
            flow.on_worker_state(ServiceWorkerState::Installing, true),
            Step::Nothing
        );
        assert_eq!(
            flow.on_worker_state(ServiceWorkerState::Installed, true),
            Step::Offer
        );
        // Seen again (found waiting, then its state event): one banner only.
        assert_eq!(
            flow.on_worker_state(ServiceWorkerState::Installed, true),
            Step::Nothing
        );
    }

    #[test]
    fn the_page_reloads_only_after_the_person_asked() {
        let mut flow = UpdateFlow::default();
        flow.on_worker_state(ServiceWorkerState::Installed, true);
        // Another tab's Reload activates the new version: this tab is not reloaded.
        assert_eq!(flow.on_controller_change(), Step::Nothing);
        flow.on_reload_requested();
        assert_eq!(flow.on_controller_change(), Step::Reload);
        assert_eq!(
            flow.on_controller_change(),
            Step::Nothing,
            "one reload per request"
        );
    }

    #[test]
    fn a_redundant_worker_is_never_offered() {
        let mut flow = UpdateFlow::default();
        assert_eq!(
            flow.on_worker_state(ServiceWorkerState::Redundant, true),
            Step::Nothing
        );
        assert_eq!(
            flow.on_worker_state(ServiceWorkerState::Activating, true),
            Step::Nothing
        );
    }
}

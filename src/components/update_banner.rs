use yew::prelude::*;

use crate::service_worker::{self, Updater};

/// "A new version is available — Reload": shown when a new deploy has been
/// installed beside the version running this page. A status, not an alert: it
/// must not interrupt someone reading their sign-ins, and reloading clears the
/// loaded files, so the page never does it unasked.
#[function_component(UpdateBanner)]
pub fn update_banner() -> Html {
    let offered = use_state(|| false);
    let updater = use_mut_ref(|| None::<Updater>);
    {
        let offered = offered.clone();
        let updater = updater.clone();
        use_effect_with((), move |_| {
            let on_offer = Callback::from(move |()| offered.set(true));
            *updater.borrow_mut() = service_worker::register(on_offer);
        });
    }
    let on_reload = {
        let updater = updater.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(updater) = updater.borrow().as_ref() {
                updater.reload();
            }
        })
    };
    // The live region stays in the page, empty, so that filling it is announced.
    html! {
        <div class="update-region" role="status" aria-live="polite">
            if *offered {
                <div class="update-banner">
                    <p class="update-banner__text">
                        { "A new version is available — reload to use it. Reloading clears the files loaded on this page." }
                    </p>
                    <button type="button" class="button" onclick={on_reload}>{ "Reload" }</button>
                </div>
            }
        </div>
    }
}

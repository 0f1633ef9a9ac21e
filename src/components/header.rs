use yew::prelude::*;

/// The page title and the one promise that matters most to its users.
#[function_component(Header)]
pub fn header() -> Html {
    html! {
        <header class="page-header">
            <h1>{ "MFA Lens" }</h1>
            <p class="tagline">
                { "Drop your Entra ID MFA exports — sign-in logs, MFA Server reports, registration details — and read what happened. " }
                <strong>{ "Your files never leave this browser." }</strong>
            </p>
        </header>
    }
}

//! Light, dark, or the system's choice: kept in this browser's storage (never
//! sent anywhere) and applied as `data-theme` on the root element, which the
//! stylesheet reads.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

const KEY: &str = "mfa-lens-theme";
const THEMES: [(&str, &str); 3] = [
    ("system", "System theme"),
    ("light", "Light"),
    ("dark", "Dark"),
];

/// The theme stored, or "system".
fn stored() -> String {
    gloo::utils::window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .filter(|t| THEMES.iter().any(|(id, _)| id == t))
        .unwrap_or_else(|| "system".into())
}

/// Sets the root's `data-theme` (none for the system's choice).
pub fn apply(theme: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = if theme == "system" {
            root.remove_attribute("data-theme")
        } else {
            root.set_attribute("data-theme", theme)
        };
    }
}

#[function_component(ThemeSwitch)]
pub fn theme_switch() -> Html {
    let theme = use_state(stored);
    {
        let theme = (*theme).clone();
        use_effect_with(theme, |theme| apply(theme));
    }
    let onchange = {
        let theme = theme.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                let value = select.value();
                if let Some(storage) = gloo::utils::window().local_storage().ok().flatten() {
                    let _ = storage.set_item(KEY, &value);
                }
                theme.set(value);
            }
        })
    };
    html! {
        <label class="theme-switch">
            <span class="visually-hidden">{ "Theme" }</span>
            <select {onchange}>
                { for THEMES.iter().map(|(id, label)| html! {
                    <option value={*id} selected={*theme == *id}>{ *label }</option>
                }) }
            </select>
        </label>
    }
}

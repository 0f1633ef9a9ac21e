use web_sys::KeyboardEvent;
use yew::prelude::*;

/// The page's views. `id` is what the URL hash and the DOM ids use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Overview,
    Rows,
    Users,
    Reference,
    /// Shown only when a registration report is loaded (see [`View::available`]).
    Registration,
}

impl View {
    pub fn from_id(id: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id() == id)
    }

    pub const ALL: [View; 5] = [
        View::Overview,
        View::Rows,
        View::Users,
        View::Registration,
        View::Reference,
    ];

    /// The tabs worth showing for what is loaded: a report's own view only
    /// when a file of that report is there.
    pub fn available(summary: Option<&mfa_lens_core::Summary>) -> Vec<View> {
        let registration = summary.is_some_and(|s| s.registration.is_some());
        View::ALL
            .into_iter()
            .filter(|v| *v != View::Registration || registration)
            .collect()
    }

    pub fn id(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Rows => "rows",
            View::Users => "users",
            View::Reference => "reference",
            View::Registration => "registration",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Rows => "Rows",
            View::Users => "Users",
            View::Reference => "Reference",
            View::Registration => "Registration",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub current: View,
    pub on_select: Callback<View>,
    /// The tabs shown, in order (all of them unless told).
    #[prop_or_else(|| View::ALL.to_vec())]
    pub views: Vec<View>,
}

/// A WAI-ARIA tab list: one tab in the Tab order, arrow keys move between tabs.
#[function_component(Tabs)]
pub fn tabs(props: &TabsProps) -> Html {
    let current = props.current;
    let views = props.views.clone();
    let on_key = {
        let on_select = props.on_select.clone();
        let views = views.clone();
        Callback::from(move |e: KeyboardEvent| {
            let index = views.iter().position(|v| *v == current).unwrap_or(0);
            let n = views.len().max(1);
            let target = match e.key().as_str() {
                "ArrowRight" => (index + 1) % n,
                "ArrowLeft" => (index + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            let Some(&target) = views.get(target) else {
                return;
            };
            e.prevent_default();
            on_select.emit(target);
            // Follow the selection with the focus, as the ARIA pattern expects.
            if let Some(el) =
                gloo::utils::document().get_element_by_id(&format!("tab-{}", target.id()))
            {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Views" onkeydown={on_key}>
            { for views.iter().map(|view| {
                let view = *view;
                let selected = view == current;
                let onclick = props.on_select.reform(move |_: MouseEvent| view);
                html! {
                    <button
                        type="button"
                        role="tab"
                        id={format!("tab-{}", view.id())}
                        class={classes!("tab", selected.then_some("tab--selected"))}
                        aria-selected={selected.to_string()}
                        aria-controls={format!("panel-{}", view.id())}
                        tabindex={if selected { "0" } else { "-1" }}
                        {onclick}
                    >{ view.label() }</button>
                }
            }) }
        </div>
    }
}

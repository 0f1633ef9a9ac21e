use mfa_lens_core::reports::ReportId;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// The page's views. `id` is what the URL hash and the DOM ids use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Overview,
    /// Shown only while a file the findings rules read is loaded.
    Findings,
    Rows,
    Users,
    Reference,
    /// A report view (MFA Server, fraud alerts, …): its tab appears only while
    /// the loaded files hold that report (see [`visible`]).
    Report(ReportId),
    /// Shown only when a registration report is loaded (see [`visible`]).
    Registration,
}

impl View {
    pub fn from_id(id: &str) -> Option<View> {
        View::ALL
            .into_iter()
            .chain(ReportId::ALL.map(View::Report))
            .chain([View::Registration, View::Findings])
            .find(|v| v.id() == id)
    }

    pub const ALL: [View; 4] = [View::Overview, View::Rows, View::Users, View::Reference];

    pub fn id(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Findings => "findings",
            View::Rows => "rows",
            View::Users => "users",
            View::Reference => "reference",
            View::Report(r) => r.id(),
            View::Registration => "registration",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Findings => "Findings",
            View::Rows => "Rows",
            View::Users => "Users",
            View::Reference => "Reference",
            View::Report(r) => r.label(),
            View::Registration => "Registration",
        }
    }
}

/// The tabs to show: the fixed views, with Findings after the Overview when a
/// file the rules read is loaded, and the report views the loaded files hold
/// (and Registration when a registration report is loaded) placed before
/// Reference, which stays last, needing no file.
pub fn visible(available: &[ReportId], registration: bool, findings: bool) -> Vec<View> {
    let mut out: Vec<View> = View::ALL
        .into_iter()
        .filter(|v| *v != View::Reference)
        .collect();
    if findings {
        out.insert(1, View::Findings);
    }
    out.extend(available.iter().map(|&r| View::Report(r)));
    if registration {
        out.push(View::Registration);
    }
    out.push(View::Reference);
    out
}

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub current: View,
    pub on_select: Callback<View>,
    /// The tabs shown, in order (arrow keys move over these only).
    #[prop_or_else(|| View::ALL.to_vec())]
    pub views: Vec<View>,
    /// A count beside a tab's name, with its words for screen readers and
    /// the tooltip ("3 findings: 1 high, 2 info"), and a class for its colour.
    #[prop_or_default]
    pub badges: Vec<TabBadge>,
}

/// A count shown on a tab.
#[derive(Debug, Clone, PartialEq)]
pub struct TabBadge {
    pub view: View,
    pub count: u64,
    pub words: String,
    /// `tab__count--high` and the like.
    pub class: &'static str,
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
            // From the tab that has the focus, not from the one this render
            // shows as selected: keys pressed faster than the page re-renders
            // must each move one tab on.
            let focused = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|el| View::from_id(el.id().strip_prefix("tab-")?))
                .unwrap_or(current);
            let index = views.iter().position(|v| *v == focused).unwrap_or(0);
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
                let badge = props.badges.iter().find(|b| b.view == view).map(|b| html! {
                    <span class={classes!("tab__count", b.class)} title={b.words.clone()}>
                        <span aria-hidden="true">{ b.count.to_string() }</span>
                        <span class="visually-hidden">{ format!(" ({})", b.words) }</span>
                    </span>
                });
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
                    >
                        <span class="tab__label">{ view.label() }</span>
                        { for badge }
                    </button>
                }
            }) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_tabs_sit_before_reference_and_their_ids_read_back() {
        assert_eq!(visible(&[], false, false), View::ALL.to_vec());
        let v = visible(&[ReportId::MfaServer, ReportId::ServerStatus], false, false);
        assert_eq!(v.last(), Some(&View::Reference));
        assert_eq!(v[v.len() - 3], View::Report(ReportId::MfaServer));
        assert_eq!(v[v.len() - 2], View::Report(ReportId::ServerStatus));
        for id in ReportId::ALL {
            assert_eq!(View::from_id(View::Report(id).id()), Some(View::Report(id)));
        }
        assert_eq!(View::from_id("nope"), None);
    }

    #[test]
    fn the_registration_tab_appears_only_with_its_report() {
        assert!(!visible(&[ReportId::Fraud], false, false).contains(&View::Registration));
        let v = visible(&[ReportId::Fraud], true, false);
        assert_eq!(v[v.len() - 2], View::Registration);
        assert_eq!(View::from_id("registration"), Some(View::Registration));
    }

    #[test]
    fn the_findings_tab_comes_right_after_the_overview_when_rules_apply() {
        assert!(!visible(&[ReportId::Fraud], true, false).contains(&View::Findings));
        let v = visible(&[ReportId::Fraud], true, true);
        assert_eq!(&v[..2], &[View::Overview, View::Findings]);
        assert_eq!(View::from_id("findings"), Some(View::Findings));
    }
}

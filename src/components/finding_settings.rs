//! The findings thresholds, each a number field: a change is sent at once and
//! the findings follow. The fields, their defaults, units and meanings come
//! from the core's rule table ([`RULES`]), the one description of the rules.

use mfa_lens_core::findings::{FindingSettings, ThresholdInfo, RULES};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingSettingsProps {
    pub settings: FindingSettings,
    pub on_change: Callback<FindingSettings>,
}

#[function_component(FindingSettingsPanel)]
pub fn finding_settings_panel(props: &FindingSettingsProps) -> Html {
    let rules = RULES
        .iter()
        .filter(|r| !r.thresholds.is_empty())
        .map(|rule| {
            let fields = rule
                .thresholds
                .iter()
                .map(|t| field(t, &props.settings, &props.on_change));
            html! {
                <fieldset class="thresholds__rule">
                    <legend>{ rule.title }</legend>
                    { for fields }
                </fieldset>
            }
        });
    let at_defaults = props.settings == FindingSettings::default();
    let on_reset = props
        .on_change
        .reform(|_: MouseEvent| FindingSettings::default());
    html! {
        <aside class="thresholds" aria-labelledby="thresholds-title">
            <h3 id="thresholds-title">{ "Thresholds" }</h3>
            <p class="thresholds__hint">
                { "Change a number and the findings follow at once. The defaults, and where they come from, are in the Reference tab." }
            </p>
            { for rules }
            <button type="button" class="button" onclick={on_reset} disabled={at_defaults}>
                { "Back to the defaults" }
            </button>
        </aside>
    }
}

fn field(
    t: &'static ThresholdInfo,
    settings: &FindingSettings,
    on_change: &Callback<FindingSettings>,
) -> Html {
    let id = format!("threshold-{}", t.name.replace(['.', '_'], "-"));
    let value = settings.value(t.name).unwrap_or(t.default);
    let oninput = {
        let (settings, on_change) = (*settings, on_change.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            // Half-typed or empty: wait for a number.
            let Ok(v) = input.value().trim().parse::<f64>() else {
                return;
            };
            let mut next = settings;
            if v >= minimum(t) && next.set(t.name, v) && next != settings {
                on_change.emit(next);
            }
        })
    };
    let step = if t.default.fract() == 0.0 && !t.name.ends_with("multiple") {
        "1"
    } else {
        "0.5"
    };
    let changed = (value - t.default).abs() > f64::EPSILON;
    html! {
        <div class={classes!("thresholds__field", changed.then_some("thresholds__field--changed"))}>
            <label for={id.clone()}>{ t.meaning }</label>
            <span class="thresholds__input">
                <input {id} type="number" inputmode="decimal" min={minimum(t).to_string()} {step}
                    value={trim_number(value)} {oninput} />
                <span class="thresholds__unit">{ t.unit }</span>
                <span class="thresholds__default">{ format!("default {}", trim_number(t.default)) }</span>
            </span>
        </div>
    }
}

/// Counts start at one (a finding of zero rows means nothing); windows and
/// multiples may be as small as the person likes.
fn minimum(t: &ThresholdInfo) -> f64 {
    match t.unit {
        "prompts" | "codes" => 1.0,
        _ => 0.0,
    }
}

fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

//! The findings rules in the Reference view, straight from the core's rule
//! table ([`RULES`]): what each looks for, its thresholds and defaults, where
//! the defaults come from and what the exports cannot show it.

use mfa_lens_core::findings::{RuleInfo, RULES};
use yew::prelude::*;

use crate::components::finding_card::severity_word;

#[derive(Properties, PartialEq)]
pub struct RuleReferenceProps {
    /// The Reference search: rules whose words contain it (empty: all).
    #[prop_or_default]
    pub query: AttrValue,
}

#[function_component(RuleReference)]
pub fn rule_reference(props: &RuleReferenceProps) -> Html {
    let needle = props.query.trim().to_lowercase();
    let rules: Vec<&RuleInfo> = RULES.iter().filter(|r| matches(r, &needle)).collect();
    if rules.is_empty() {
        return html! {};
    }
    html! {
        <section class="rules" aria-labelledby="rules-title">
            <h3 id="rules-title">{ format!("Findings rules ({})", rules.len()) }</h3>
            { for rules.into_iter().map(rule) }
        </section>
    }
}

fn matches(r: &RuleInfo, needle: &str) -> bool {
    needle.is_empty()
        || [r.id.id(), r.title, r.finds, r.source, r.cannot_see]
            .iter()
            .any(|t| t.to_lowercase().contains(needle))
}

fn rule(r: &'static RuleInfo) -> Html {
    let severities: Vec<&str> = r.severities.iter().map(|s| severity_word(*s)).collect();
    let thresholds = if r.thresholds.is_empty() {
        html! { <p class="rule__none">{ "No threshold: every occurrence is a finding." }</p> }
    } else {
        html! {
            <table class="report-table rule__thresholds">
                <thead><tr>
                    <th scope="col">{ "Threshold" }</th>
                    <th scope="col" class="num">{ "Default" }</th>
                    <th scope="col">{ "Unit" }</th>
                    <th scope="col">{ "Command-line flag" }</th>
                </tr></thead>
                <tbody>
                    { for r.thresholds.iter().map(|t| html! {
                        <tr>
                            <td>{ t.meaning }</td>
                            <td class="num">{ t.default.to_string() }</td>
                            <td>{ t.unit }</td>
                            <td><code>{ t.flag }</code></td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    };
    html! {
        <details class="rule" data-rule={r.id.id()}>
            <summary>
                <span class="rule__title">{ r.title }</span>
                <code class="rule__id">{ r.id.id() }</code>
                <span class="rule__severities">{ severities.join(" or ") }</span>
            </summary>
            <p>{ r.finds }</p>
            { thresholds }
            <p><strong>{ "Where the defaults come from: " }</strong>{ r.source }</p>
            <p><strong>{ "What the exports cannot show it: " }</strong>{ r.cannot_see }</p>
        </details>
    }
}

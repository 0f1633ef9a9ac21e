//! The MFA Server view's call results as one table: code, outcome class,
//! category, count and share, sortable by any column header (a button, so the
//! keyboard sorts too, with `aria-sort` saying how), each row opening below
//! itself to what the code means and what to do.

use std::collections::BTreeSet;
use std::rc::Rc;

use mfa_lens_core::knowledge::CallOutcome;
use mfa_lens_core::query::DatasetId;
use mfa_lens_core::reports::CallResultCount;
use yew::prelude::*;

use crate::components::report_parts::{plural, rows_button, OnRows};
use crate::format::{grouped, percent};

/// A column the table sorts on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CallColumn {
    Code,
    /// Worst first when descending: failed, did not complete, depends, succeeded.
    Outcome,
    Category,
    Count,
}

impl CallColumn {
    const ALL: [CallColumn; 4] = [
        CallColumn::Code,
        CallColumn::Outcome,
        CallColumn::Category,
        CallColumn::Count,
    ];

    fn title(self) -> &'static str {
        match self {
            CallColumn::Code => "Code",
            CallColumn::Outcome => "Outcome class",
            CallColumn::Category => "Category",
            CallColumn::Count => "Count",
        }
    }

    /// A first click sorts numbers and outcomes worst or largest first, words A to Z.
    fn first_descending(self) -> bool {
        matches!(self, CallColumn::Count | CallColumn::Outcome)
    }
}

/// How bad an outcome class is, for sorting: failed is the worst.
fn severity(outcome: &str) -> u8 {
    match CallOutcome::from_id(outcome) {
        Some(CallOutcome::Failed) | None => 3,
        Some(CallOutcome::DidNotComplete) => 2,
        Some(CallOutcome::Depends) => 1,
        Some(CallOutcome::Succeeded) => 0,
    }
}

/// `results` in the order of `column` (descending when `descending`); ties go
/// most rows first, then by code, so the order never depends on the input's.
pub fn sorted(
    results: &[CallResultCount],
    column: CallColumn,
    descending: bool,
) -> Vec<&CallResultCount> {
    let mut out: Vec<&CallResultCount> = results.iter().collect();
    out.sort_by(|a, b| {
        let primary = match column {
            CallColumn::Code => a.code.cmp(&b.code),
            CallColumn::Outcome => severity(&a.outcome).cmp(&severity(&b.outcome)),
            CallColumn::Category => a.category.to_lowercase().cmp(&b.category.to_lowercase()),
            CallColumn::Count => a.count.cmp(&b.count),
        };
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        primary
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.code.cmp(&b.code))
    });
    out
}

/// The outcome class in words, and the caveat's opening for a `SUCCESS_*` code
/// (one that may be a success is not called "not a success").
fn class_words(outcome: &str) -> (&'static str, &'static str) {
    match CallOutcome::from_id(outcome) {
        Some(o @ CallOutcome::Depends) => (o.title(), "May be a success: "),
        Some(o) => (o.title(), "Not a success: "),
        None => (CallOutcome::Failed.title(), "Not a success: "),
    }
}

#[derive(Properties, PartialEq)]
pub struct CallResultTableProps {
    pub results: Rc<Vec<CallResultCount>>,
    /// What the shares are of: every attempt with a call result.
    pub total: u64,
    pub dataset: DatasetId,
    pub on_rows: OnRows,
}

#[function_component(CallResultTable)]
pub fn call_result_table(props: &CallResultTableProps) -> Html {
    let sort = use_state(|| (CallColumn::Count, true));
    let open = use_state(BTreeSet::<String>::new);
    let (column, descending) = *sort;
    let header = |c: CallColumn| {
        let onclick = {
            let sort = sort.clone();
            Callback::from(move |_: MouseEvent| {
                let (now, desc) = *sort;
                sort.set(if now == c {
                    (c, !desc)
                } else {
                    (c, c.first_descending())
                });
            })
        };
        let aria_sort = (c == column).then_some(if descending {
            "descending"
        } else {
            "ascending"
        });
        let arrow = match aria_sort {
            Some("descending") => "▼",
            Some(_) => "▲",
            None => "",
        };
        let num = matches!(c, CallColumn::Count).then_some("num");
        html! {
            <th scope="col" class={classes!(num)} aria-sort={aria_sort}>
                <button type="button" class="sort-button" {onclick}>
                    { c.title() }<span class="sort-button__arrow" aria-hidden="true">{ arrow }</span>
                </button>
            </th>
        }
    };
    let rows = sorted(&props.results, column, descending).into_iter().map(|c| {
        let expanded = open.contains(&c.code);
        let toggle = {
            let open = open.clone();
            let code = c.code.clone();
            Callback::from(move |_: MouseEvent| {
                let mut next = (*open).clone();
                if !next.remove(&code) {
                    next.insert(code.clone());
                }
                open.set(next);
            })
        };
        let (class, caveat_opening) = class_words(&c.outcome);
        let more_id = format!("call-result-{}", c.code);
        html! {
            <>
                <tr data-code={c.code.clone()} data-outcome={c.outcome.clone()} class={classes!(expanded.then_some("call-table__row--open"))}>
                    <td>
                        <button type="button" class="disclosure" aria-expanded={expanded.to_string()} aria-controls={more_id.clone()} onclick={toggle}>
                            <span class="disclosure__icon" aria-hidden="true">{ if expanded { "▾" } else { "▸" } }</span>
                            <span class="entry__code">{ c.code.clone() }</span>
                        </button>
                        if !c.label.is_empty() {
                            <span class="call-table__label">{ c.label.clone() }</span>
                        }
                        if c.caveat.is_some() {
                            <span class="badge badge--warn">{ caveat_opening.trim_end_matches([':', ' ']).to_lowercase() }</span>
                        }
                    </td>
                    <td><span class={classes!("outcome-tag", format!("outcome--{}", c.outcome.replace('_', "-")))}>{ class }</span></td>
                    <td>{ c.category.clone() }</td>
                    <td class="num">{ grouped(c.count) }</td>
                    <td class="num">{ percent(c.count, props.total) }</td>
                    <td>{ c.filter.clone().map(|f| rows_button("Show these rows", props.dataset, vec![f], &props.on_rows)).unwrap_or_default() }</td>
                </tr>
                if expanded {
                    <tr class="call-table__more" id={more_id}>
                        <td colspan="6">{ more(c, &c.caveat_lead.as_ref().map_or_else(|| caveat_opening.to_string(), |lead| format!("{lead}: "))) }</td>
                    </tr>
                }
            </>
        }
    });
    html! {
        <table class="report-table call-table" aria-label="Call results">
            <thead><tr>
                { for CallColumn::ALL.into_iter().take(3).map(header) }
                { header(CallColumn::Count) }
                <th scope="col" class="num">{ "Share" }</th>
                <th scope="col"><span class="visually-hidden">{ "Rows" }</span></th>
            </tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// What a code means and what to do, with its caveat and, for a code the row
/// decides, how its rows came out.
fn more(c: &CallResultCount, caveat_opening: &str) -> Html {
    let split = (c.outcome == CallOutcome::Depends.id()).then(|| {
        let r = &c.resolved;
        format!(
            "In these rows: {} got in, {} refused, {} not said.",
            grouped(r.succeeded),
            grouped(r.failed),
            grouped(r.depends)
        )
    });
    html! {
        <div class="call-table__explanation">
            if let Some(caveat) = &c.caveat {
                <p class="caveat" role="note"><strong>{ caveat_opening }</strong>{ caveat.clone() }</p>
            }
            if let Some(split) = split {
                <p class="explanation__split">{ split }</p>
            }
            <p>{ c.explanation.clone() }</p>
            <p class="explanation__next"><strong>{ "Next step: " }</strong>{ c.next_step.clone() }</p>
            <p class="muted">{ format!("{} with this code.", plural(c.count, "attempt", "attempts")) }</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mfa_lens_core::classify::ByOutcome;

    fn code(code: &str, outcome: &str, category: &str, count: u64) -> CallResultCount {
        CallResultCount {
            code: code.into(),
            label: String::new(),
            known: true,
            outcome: outcome.into(),
            category: category.into(),
            count,
            resolved: ByOutcome::default(),
            explanation: String::new(),
            next_step: String::new(),
            caveat: None,
            caveat_lead: None,
            filter: None,
        }
    }

    fn order(results: &[CallResultCount], column: CallColumn, descending: bool) -> Vec<&str> {
        sorted(results, column, descending)
            .iter()
            .map(|c| c.code.as_str())
            .collect()
    }

    #[test]
    fn each_column_sorts_both_ways_with_ties_by_count_then_code() {
        let r = [
            code("SUCCESS_WITH_PIN", "depends", "user action", 5),
            code("FAILED_SMS_NOT_SENT", "failed", "telephony", 9),
            code("SUCCESS_NO_PIN", "succeeded", "user action", 9),
            code(
                "SUCCESS_PIN_EXPIRED",
                "did_not_complete",
                "Configuration",
                1,
            ),
        ];
        assert_eq!(
            order(&r, CallColumn::Count, true),
            [
                "FAILED_SMS_NOT_SENT",
                "SUCCESS_NO_PIN",
                "SUCCESS_WITH_PIN",
                "SUCCESS_PIN_EXPIRED"
            ]
        );
        assert_eq!(
            order(&r, CallColumn::Count, false),
            [
                "SUCCESS_PIN_EXPIRED",
                "SUCCESS_WITH_PIN",
                "FAILED_SMS_NOT_SENT",
                "SUCCESS_NO_PIN"
            ]
        );
        assert_eq!(
            order(&r, CallColumn::Code, false),
            [
                "FAILED_SMS_NOT_SENT",
                "SUCCESS_NO_PIN",
                "SUCCESS_PIN_EXPIRED",
                "SUCCESS_WITH_PIN"
            ]
        );
        // Worst class first: failed, did not complete, depends, succeeded.
        assert_eq!(
            order(&r, CallColumn::Outcome, true),
            [
                "FAILED_SMS_NOT_SENT",
                "SUCCESS_PIN_EXPIRED",
                "SUCCESS_WITH_PIN",
                "SUCCESS_NO_PIN"
            ]
        );
        // Categories A to Z whatever their case; equal ones most rows first.
        assert_eq!(
            order(&r, CallColumn::Category, false),
            [
                "SUCCESS_PIN_EXPIRED",
                "FAILED_SMS_NOT_SENT",
                "SUCCESS_NO_PIN",
                "SUCCESS_WITH_PIN"
            ]
        );
    }

    #[test]
    fn a_code_the_row_decides_may_be_a_success_the_others_are_not() {
        assert_eq!(
            class_words("depends"),
            ("May be a success: the row decides", "May be a success: ")
        );
        assert_eq!(
            class_words("did_not_complete"),
            ("Did not complete", "Not a success: ")
        );
        assert_eq!(class_words("failed").1, "Not a success: ");
        assert!(CallColumn::Count.first_descending() && !CallColumn::Code.first_descending());
    }
}

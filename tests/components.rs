//! Component tests: mount real Yew components in headless Chromium and assert on
//! the DOM they render. Run by `./x test` through wasm-bindgen-test-runner. The
//! worker is not started here (its files are not served by the test runner):
//! components take plain props, and the worker path is covered end to end.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use mfa_lens_core::{
    Diagnostic, DiagnosticCode, FileId, FileReport, ReportKind, Severity, Summary,
};
use mfa_lens_web::state::{FileEntry, Phase};
use mfa_lens_web::{
    Bar, BarChart, BarChartProps, FileList, FileListProps, Overview, OverviewProps,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

/// Lets Yew finish rendering: the first render is scheduled on the browser's
/// task queue, so one turn of it must pass before flushing the scheduler.
async fn settle() {
    yew::platform::time::sleep(std::time::Duration::ZERO).await;
    yew::scheduler::flush().await;
}

fn fresh_root() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// The element `selector` finds, as the type the test needs.
fn element<T: JsCast>(root: &Element, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap()
}

/// An attribute of every element `selector` matches, in document order.
fn attributes(root: &Element, selector: &str, name: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| {
            list.item(i)?
                .dyn_into::<Element>()
                .ok()?
                .get_attribute(name)
        })
        .collect()
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

fn loaded(key: u32, name: &str, line: FileReport) -> FileEntry {
    FileEntry {
        key,
        name: name.into(),
        size: 7_730,
        phase: Phase::Loaded(Rc::new(line)),
    }
}

fn line(key: u32, label: &str, rows: u64) -> FileReport {
    FileReport {
        id: FileId(key),
        name: String::new(),
        kind: ReportKind::EntraSignIns,
        label: label.into(),
        variant: None,
        matched_columns: vec!["Username".into(), "Status".into()],
        rows,
        bad_rows: 0,
        loading: false,
        unreadable: false,
        diagnostics: vec![],
    }
}

#[wasm_bindgen_test]
async fn file_list_shows_progress_recognition_and_diagnostics() {
    let root = fresh_root();
    let mut with_notes = line(1, "Entra sign-ins (interactive)", 98_412);
    with_notes.bad_rows = 3;
    with_notes.diagnostics = vec![Diagnostic::new(
        "InteractiveSignIns.csv",
        Some(17),
        Severity::Warning,
        DiagnosticCode::RaggedRow,
        "3 rows had the wrong number of fields.",
    )];
    let mut unreadable = line(2, "Unknown", 0);
    unreadable.unreadable = true;
    unreadable.diagnostics = vec![Diagnostic::new(
        "report.xlsx",
        None,
        Severity::Error,
        DiagnosticCode::ZipOrXlsx,
        "This is an Excel workbook or a ZIP archive, not a CSV file.",
    )];
    let props = FileListProps {
        files: vec![
            FileEntry {
                key: 0,
                name: "big.csv".into(),
                size: 100_000_000,
                phase: Phase::Loading {
                    bytes_read: 25_000_000,
                    rows: 24_000,
                    started_ms: 0.0,
                    now_ms: 1000.0,
                },
            },
            loaded(1, "InteractiveSignIns.csv", with_notes),
            loaded(2, "report.xlsx", unreadable),
        ],
        on_remove: Callback::noop(),
        on_clear: Callback::noop(),
    };
    yew::Renderer::<FileList>::with_root_and_props(root.clone(), props).render();
    settle().await;

    assert_eq!(
        texts(&root, ".file__name"),
        ["big.csv", "InteractiveSignIns.csv", "report.xlsx"]
    );
    assert_eq!(
        texts(&root, ".file__progress-text"),
        ["25.0 MB of 100.0 MB · 24,000 rows · about 3 s left"]
    );
    let progress = root.query_selector("progress").unwrap().unwrap();
    assert_eq!(progress.get_attribute("value").as_deref(), Some("25000000"));
    assert_eq!(
        texts(&root, ".file__kind"),
        ["Entra sign-ins (interactive), 98,412 rows (3 repaired or dropped) — recognised by the columns Username, Status"]
    );
    assert_eq!(
        texts(&root, ".file__diagnostics summary"),
        ["1 note about this file"]
    );
    assert_eq!(
        texts(&root, ".diagnostic"),
        ["warning line 17: 3 rows had the wrong number of fields."]
    );
    assert_eq!(
        texts(&root, "[role=alert]"),
        ["This is an Excel workbook or a ZIP archive, not a CSV file."]
    );
    // A file still loading offers Cancel; loaded ones offer Remove.
    assert!(root
        .query_selector("button[aria-label='Cancel big.csv']")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("button[aria-label='Remove report.xlsx']")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn file_names_render_as_text_never_markup() {
    let root = fresh_root();
    let hostile = "<img src=x onerror=alert(1)>.csv";
    let mut l = line(0, "<script>alert(1)</script>", 1);
    l.matched_columns = vec!["<b>bold</b>".into()];
    let props = FileListProps {
        files: vec![loaded(0, hostile, l)],
        on_remove: Callback::noop(),
        on_clear: Callback::noop(),
    };
    yew::Renderer::<FileList>::with_root_and_props(root.clone(), props).render();
    settle().await;

    assert!(root.query_selector("img, script, b").unwrap().is_none());
    assert_eq!(texts(&root, ".file__name"), [hostile]);
    assert!(texts(&root, ".file__kind")[0].contains("<b>bold</b>"));
}

#[wasm_bindgen_test]
async fn cancel_button_reports_the_file_key() {
    let root = fresh_root();
    let removed = Rc::new(std::cell::Cell::new(None));
    let sink = removed.clone();
    let props = FileListProps {
        files: vec![
            loaded(7, "a.csv", line(7, "x", 1)),
            FileEntry {
                key: 9,
                name: "b.csv".into(),
                size: 10,
                phase: Phase::Loading {
                    bytes_read: 0,
                    rows: 0,
                    started_ms: 0.0,
                    now_ms: 0.0,
                },
            },
        ],
        on_remove: Callback::from(move |key| sink.set(Some(key))),
        on_clear: Callback::noop(),
    };
    yew::Renderer::<FileList>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let button: HtmlElement = element(&root, "button[aria-label='Cancel b.csv']");
    button.click();
    assert_eq!(removed.get(), Some(9));
}

fn sample_summary() -> Rc<Summary> {
    let json = r#"{"schema":"mfa-lens.summary.v1","files":[{"name":"s.csv","kind":"entra-sign-ins","label":"Entra sign-ins","rows":6,"bad_rows":0,"diagnostics":0,"unreadable":false}],
      "sign_ins":{"total":6,"mfa_required":4,"satisfied":2,"denied":1,"interrupted":1,"no_mfa":2,"users":5,"users_mfa_required":3,"users_denied":1,"users_never_completed":1,
      "methods":{"Mobile app notification":2},"denial_reasons":{"user declined the authentication":1},"auth_details_joined":0,"auth_details_rows":0}}"#;
    Rc::new(serde_json::from_str(json).expect("Summary JSON v1 parses"))
}

#[wasm_bindgen_test]
async fn overview_answers_the_questions_with_the_summary_numbers() {
    // The charts the worker sends for the same sample.
    let mut ws = mfa_lens_core::Workspace::new();
    ws.load(
        "InteractiveSignIns_2024-05-01_2024-05-02.csv",
        include_bytes!("../samples/InteractiveSignIns_2024-05-01_2024-05-02.csv"),
    );
    let charts = mfa_lens_core::query::sign_in_charts(&ws).map(Rc::new);
    let root = fresh_root();
    yew::Renderer::<Overview>::with_root_and_props(
        root.clone(),
        OverviewProps {
            summary: sample_summary(),
            charts,
            notes: Default::default(),
            on_filter: Callback::noop(),
            reports: vec![],
            on_open: Callback::noop(),
            on_open_registration: Callback::noop(),
            on_open_findings: Callback::noop(),
        },
    )
    .render();
    settle().await;
    // The lower half (denial reasons, timeline, error codes) comes a task
    // after the rest.
    for _ in 0..100 {
        if root
            .query_selector(".explanation__reason")
            .unwrap()
            .is_some()
        {
            break;
        }
        settle().await;
    }
    assert!(root.query_selector(".overview__later").unwrap().is_none());

    let tiles: Vec<String> = texts(&root, ".tile__label");
    let values: Vec<String> = texts(&root, ".tile__value");
    let tile = |label: &str| {
        values[tiles
            .iter()
            .position(|t| t == label)
            .unwrap_or_else(|| panic!("no tile {label}"))]
        .clone()
    };
    assert_eq!(tile("sign-ins"), "6");
    assert_eq!(tile("MFA required"), "4");
    assert_eq!(tile("satisfied"), "2");
    assert_eq!(tile("denied"), "1");
    assert_eq!(tile("interrupted"), "1");
    assert_eq!(tile("users challenged"), "3");
    assert_eq!(tile("users who never completed"), "1");
    assert_eq!(
        texts(&root, ".chart__title")[..3],
        [
            "Outcome of each sign-in",
            "How MFA was completed",
            "Why MFA was denied"
        ]
    );
    // Completions only: the declined push is not one, though the summary's
    // `methods` counts both rows naming the method.
    let completed = root
        .query_selector_all(".chart")
        .unwrap()
        .item(1)
        .unwrap()
        .dyn_into::<Element>()
        .unwrap();
    assert_eq!(
        completed
            .query_selector(".chart__label")
            .unwrap()
            .unwrap()
            .text_content()
            .as_deref(),
        Some("Mobile app notification")
    );
    assert!(completed
        .query_selector(".chart__value")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default()
        .starts_with("1 "));
    // The denial reason comes with the knowledge base's explanation and next
    // step.
    assert_eq!(
        texts(&root, ".explanation__reason"),
        ["user declined the authentication"]
    );
    assert!(texts(&root, ".explanation__next")[0].starts_with("Next step: "));
}

#[wasm_bindgen_test]
async fn bar_chart_prints_count_and_share_beside_each_bar() {
    let root = fresh_root();
    let clicked = Rc::new(std::cell::Cell::new(None));
    let sink = clicked.clone();
    let props = BarChartProps {
        title: "Outcomes".into(),
        bars: vec![
            Bar {
                label: "Satisfied".into(),
                count: 3,
                tone: "outcome--satisfied",
            },
            Bar {
                label: "Denied".into(),
                count: 1,
                tone: "outcome--denied",
            },
            Bar {
                label: "<i>x</i>".into(),
                count: 0,
                tone: "outcome--none",
            },
        ],
        total: 4,
        on_select: Some(Callback::from(move |i| sink.set(Some(i)))),
    };
    yew::Renderer::<BarChart>::with_root_and_props(root.clone(), props).render();
    settle().await;
    assert_eq!(
        texts(&root, ".chart__label"),
        ["Satisfied", "Denied", "<i>x</i>"]
    );
    assert_eq!(texts(&root, ".chart__value"), ["3 75%", "1 25%", "0 0%"]);
    let widths: Vec<String> = {
        let rects = root.query_selector_all("rect").unwrap();
        (0..rects.length())
            .map(|i| {
                rects
                    .item(i)
                    .unwrap()
                    .dyn_into::<Element>()
                    .unwrap()
                    .get_attribute("width")
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(
        widths,
        ["100.0", "33.3", "0.0"],
        "bars scale to the largest"
    );
    // With a handler, each label is a button reporting its bar.
    let denied: HtmlElement = root
        .query_selector_all("button.chart__label")
        .unwrap()
        .item(1)
        .expect("a button per bar")
        .dyn_into()
        .unwrap();
    denied.click();
    assert_eq!(clicked.get(), Some(1));
    assert!(root.query_selector("i").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn bar_labels_show_bidi_overrides_visibly_in_text_and_tooltip() {
    let root = fresh_root();
    let props = BarChartProps {
        title: "How MFA was completed".into(),
        bars: vec![Bar {
            label: "invoice\u{202E}fdp.exe".into(),
            count: 1,
            tone: "outcome--satisfied",
        }],
        total: 1,
        on_select: None,
    };
    yew::Renderer::<BarChart>::with_root_and_props(root.clone(), props).render();
    settle().await;
    assert_eq!(texts(&root, ".chart__label"), ["invoice[U+202E]fdp.exe"]);
    let label = root.query_selector(".chart__label").unwrap().unwrap();
    assert_eq!(
        label.get_attribute("title").as_deref(),
        Some("invoice[U+202E]fdp.exe")
    );
}

/// The Reference view as the page runs it, with the worker's answer computed
/// in place (the worker itself does not run in these tests).
#[yew::function_component(ReferenceWithWorkerAnswers)]
fn reference_with_worker_answers() -> yew::Html {
    use mfa_lens_web::protocol::{AnswerBody, Shown};
    let query = yew::use_state(String::new);
    let answer = match mfa_lens_web::worker::answer(
        &mfa_lens_core::Workspace::default(),
        &Shown::Reference((*query).clone()),
        None,
    ) {
        AnswerBody::Reference(answer) => Some(answer),
        _ => None,
    };
    let on_search = {
        let query = query.clone();
        Callback::from(move |text: String| query.set(text))
    };
    yew::html! { <mfa_lens_web::Reference query={(*query).clone()} {answer} {on_search} /> }
}

#[wasm_bindgen_test]
async fn reference_search_narrows_the_knowledge_base() {
    let root = fresh_root();
    yew::Renderer::<ReferenceWithWorkerAnswers>::with_root(root.clone()).render();
    settle().await;
    let all: usize = texts(&root, ".entry").len();
    assert!(
        all > 100,
        "the whole knowledge base is listed without a query, got {all}"
    );

    let input: web_sys::HtmlInputElement = element(&root, "input[type=search]");
    input.set_value("FAILED_FRAUD_REPORTED");
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    let codes = texts(&root, ".entry__code");
    assert_eq!(
        codes.first().map(String::as_str),
        Some("FAILED_FRAUD_REPORTED")
    );
    assert!(codes.len() < all);
    // Each entry says what it means, from the core's tables: the call
    // result's outcome class, the MFA result's meaning.
    assert_eq!(
        texts(&root, "[data-code=FAILED_FRAUD_REPORTED] .entry__meaning"),
        ["failed"]
    );
    for (query, code, meaning) in [
        (
            "SUCCESS_SMS_SENT",
            "SUCCESS_SMS_SENT",
            "may be a success: the row decides",
        ),
        (
            "MFA required in Azure AD",
            "mfa required in azure ad",
            "MFA interrupted",
        ),
        (
            "skipped due to location",
            "skipped due to location",
            "MFA satisfied",
        ),
    ] {
        input.set_value(query);
        input
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
        settle().await;
        assert_eq!(
            texts(&root, &format!("[data-code=\"{code}\"] .entry__meaning")),
            [meaning],
            "{query}"
        );
    }
    // A method has no outcome of its own.
    input.set_value("PhoneAppNotification");
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(
        texts(&root, ".entry__title").first().map(String::as_str),
        Some("Mobile app notification")
    );
    assert!(texts(&root, ".entry").first().is_some_and(|_| root
        .query_selector(".entry:first-child .entry__meaning")
        .unwrap()
        .is_none()));
}

#[wasm_bindgen_test]
async fn the_table_renders_only_the_rows_in_view_of_two_million() {
    use mfa_lens_web::components::data_table::{ColumnHead, DataTable, DataTableProps, RowWindow};
    use mfa_lens_web::grid_layout::{CellKind, Zone};
    let root = fresh_root();
    let requested = Rc::new(std::cell::Cell::new(None));
    let sink = requested.clone();
    let rows: Vec<Vec<String>> = (0..60)
        .map(|i| vec![format!("user{i}@contoso.com"), "<b>x</b>".into()])
        .collect();
    let props = DataTableProps {
        label: "Rows".into(),
        columns: Rc::new(vec![
            ColumnHead {
                key: "username".into(),
                caption: "Username".into(),
                kind: CellKind::Text,
                width: 200.0,
            },
            ColumnHead {
                key: "status".into(),
                caption: "Status".into(),
                kind: CellKind::Text,
                width: 90.0,
            },
        ]),
        total: 2_000_000,
        window: Rc::new(RowWindow {
            offset: 0,
            rows,
            times: Vec::new(),
        }),
        sort: Some(("username".into(), true)),
        selected: Some(2),
        epoch: (1, 1),
        on_range: Callback::from(move |r| sink.set(Some(r))),
        on_sort: Callback::noop(),
        on_select: Callback::noop(),
        zone: Zone::Utc,
        on_resize: Callback::noop(),
    };
    yew::Renderer::<DataTable>::with_root_and_props(root.clone(), props).render();
    settle().await;

    let grid = root.query_selector("[role=grid]").unwrap().unwrap();
    assert_eq!(
        grid.get_attribute("aria-rowcount").as_deref(),
        Some("2000001")
    );
    let rendered = root.query_selector_all(".grid__row").unwrap().length();
    assert!(
        rendered > 10 && rendered < 40,
        "only the rows in view are in the DOM, got {rendered}"
    );
    assert_eq!(
        texts(&root, ".grid__row--selected .grid__cell")[0],
        "user2@contoso.com"
    );
    assert!(
        root.query_selector(".grid__cell b").unwrap().is_none(),
        "cells are text"
    );
    let spacer = root.query_selector(".grid__spacer").unwrap().unwrap();
    let height = spacer.get_attribute("style").unwrap();
    assert_eq!(
        height, "height: 8000000px",
        "capped below the browser's element height limit"
    );
    let sorted = root
        .query_selector("[aria-sort=descending]")
        .unwrap()
        .unwrap();
    assert!(sorted.text_content().unwrap().starts_with("Username"));
    // The ARIA grid pattern: the grid owns row groups, which own the rows;
    // the scrolling group is in the Tab order; each column has a resize handle.
    assert_eq!(
        root.query_selector_all("[role=grid] > [role=rowgroup]")
            .unwrap()
            .length(),
        2
    );
    let body = root
        .query_selector("[role=rowgroup].grid__scroller")
        .unwrap()
        .unwrap();
    assert_eq!(body.get_attribute("tabindex").as_deref(), Some("0"));
    let handle = root.query_selector("[role=separator]").unwrap().unwrap();
    assert_eq!(
        handle.get_attribute("aria-label").as_deref(),
        Some("Resize Username")
    );
    assert_eq!(
        handle.get_attribute("aria-valuenow").as_deref(),
        Some("200")
    );
    // The rows shown are all in the window, so nothing needs fetching.
    assert_eq!(requested.get(), None);
}

/// A grid whose answer changes (a sort: same count, same position) while its
/// rows are missing; the button stands for the worker's new answer.
#[yew::function_component(GridAcrossAnswers)]
fn grid_across_answers(props: &GridAcrossAnswersProps) -> yew::Html {
    use mfa_lens_web::components::data_table::{ColumnHead, DataTable, RowWindow};
    let epoch = yew::use_state(|| (1u32, 1u32));
    let next = {
        let epoch = epoch.clone();
        Callback::from(move |_: yew::MouseEvent| epoch.set((epoch.0 + 1, epoch.1)))
    };
    let columns = Rc::new(vec![ColumnHead {
        key: "username".into(),
        caption: "Username".into(),
        kind: mfa_lens_web::grid_layout::CellKind::Text,
        width: 200.0,
    }]);
    yew::html! {
        <>
            <button id="next-answer" onclick={next}>{ "next" }</button>
            <DataTable
                label="Rows"
                {columns}
                total={100}
                epoch={*epoch}
                window={Rc::new(RowWindow::default())}
                sort={None::<(String, bool)>}
                selected={None::<u64>}
                on_range={props.on_range.clone()}
                on_sort={Callback::noop()}
                on_select={Callback::noop()}
            />
        </>
    }
}

#[derive(yew::Properties, PartialEq)]
struct GridAcrossAnswersProps {
    on_range: Callback<(u64, u64)>,
}

#[wasm_bindgen_test]
async fn a_new_answer_with_the_same_count_asks_for_its_rows_again() {
    let root = fresh_root();
    let asked = Rc::new(std::cell::Cell::new(0u32));
    let sink = asked.clone();
    yew::Renderer::<GridAcrossAnswers>::with_root_and_props(
        root.clone(),
        GridAcrossAnswersProps {
            on_range: Callback::from(move |_| sink.set(sink.get() + 1)),
        },
    )
    .render();
    settle().await;
    assert_eq!(asked.get(), 1, "the first answer's rows are asked for");
    let button: HtmlElement = element(&root, "#next-answer");
    button.click();
    settle().await;
    assert_eq!(
        asked.get(),
        2,
        "a sorted answer (same count, same place) asks for its rows too"
    );
}

#[wasm_bindgen_test]
async fn mfa_server_view_shows_the_caveat_and_user_names_as_text() {
    use mfa_lens_core::reports::{self, ReportId};
    use mfa_lens_web::components::mfa_server_view::{MfaServerView, MfaServerViewProps};
    let csv = "Date,Username,Authentication Type,Application Name,Authentication Method,Call Result,Authenticated\n\
               2020-01-01 10:00:00,<img src=x onerror=alert(1)>,NPS Extension,VPN,Phone Call,SUCCESS_NO_PIN_BUT_TIMEOUT,No\n\
               2020-01-01 10:05:00,bob,AD FS,ADFS,Mobile App,SUCCESS_PHONE_APP_AUTHENTICATED,Yes\n";
    let mut ws = mfa_lens_core::Workspace::new();
    ws.load("activity.csv", csv.as_bytes());
    let root = fresh_root();
    yew::Renderer::<MfaServerView>::with_root_and_props(
        root.clone(),
        MfaServerViewProps {
            report: Rc::new(reports::report(&ws, ReportId::MfaServer)),
            timeline: None,
            on_rows: Callback::noop(),
        },
    )
    .render();
    settle().await;
    // The misleading SUCCESS_ code says so in its row; the real success not.
    let warned = texts(&root, "tr[data-code] .badge--warn");
    assert_eq!(warned, ["not a success"]);
    let codes = texts(&root, "tr[data-code] .entry__code");
    assert!(codes.contains(&"SUCCESS_NO_PIN_BUT_TIMEOUT".to_string()));
    // Its row opens to the caveat, and the disclosure says it is open.
    let button: HtmlElement = element(
        &root,
        "tr[data-code=SUCCESS_NO_PIN_BUT_TIMEOUT] button.disclosure",
    );
    assert!(texts(&root, ".caveat").is_empty());
    button.click();
    settle().await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let caveats = texts(&root, "#call-result-SUCCESS_NO_PIN_BUT_TIMEOUT .caveat");
    assert_eq!(caveats.len(), 1, "{caveats:?}");
    assert!(caveats[0].starts_with("Not a success"));
    // A click on the Code header sorts A to Z and says so.
    let header: HtmlElement = element(&root, "th:first-child .sort-button");
    header.click();
    settle().await;
    let th = root.query_selector("th[aria-sort]").unwrap().unwrap();
    assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("ascending"));
    assert!(th.text_content().unwrap().starts_with("Code"));
    let codes = texts(&root, "tr[data-code] .entry__code");
    let mut az = codes.clone();
    az.sort();
    assert_eq!(codes, az);
    // The component chart lists both components.
    let labels = texts(&root, ".chart__label");
    assert!(labels.contains(&"NPS Extension".to_string()), "{labels:?}");
    // The user name is text: no element was made from it.
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(texts(&root, ".report-table td").contains(&"<img src=x onerror=alert(1)>".to_string()));
}

fn registered_user(
    user: &str,
    admin: bool,
) -> mfa_lens_core::reports::registration::RegisteredUser {
    mfa_lens_core::reports::registration::RegisteredUser {
        user: user.into(),
        name: None,
        admin: Some(admin),
        capable: Some(false),
        mfa_state: None,
        sign_ins: None,
    }
}

#[wasm_bindgen_test]
async fn registration_view_answers_in_words_and_its_buttons_report_what_to_show() {
    use mfa_lens_core::knowledge::MethodId;
    use mfa_lens_core::query::{DatasetId, Filter};
    use mfa_lens_core::reports::registration::{
        Admins, MethodCount, RegistrationReport, RegistrationRequest, SignInCheck, SignInList,
        SignInUser, UserPage,
    };
    use mfa_lens_web::components::registration_view::{RegistrationView, RegistrationViewProps};

    let not_registered = vec![Filter::Equals {
        column: "$mfa_registered".into(),
        values: vec!["no".into()],
    }];
    let report = RegistrationReport {
        users: 250,
        registered: 100,
        not_registered: 150,
        methods: vec![
            MethodCount {
                label: "Mobile app notification".into(),
                id: Some(MethodId::MobileAppNotification),
                users: 60,
                spellings: vec![
                    "PhoneAppNotification".into(),
                    "microsoftAuthenticatorPush".into(),
                ],
            },
            MethodCount {
                label: "Mobile phone".into(),
                id: Some(MethodId::MobilePhone),
                users: 10,
                spellings: vec!["Mobile phone".into()],
            },
            MethodCount {
                label: "quantumToken".into(),
                id: None,
                users: 1,
                spellings: vec!["quantumToken".into()],
            },
        ],
        capability: None,
        admins: Some(Admins {
            admins: 3,
            without_mfa: 1,
            list: vec![registered_user("<b>root@contoso.com</b>", true)],
        }),
        mfa_states: vec![],
        unregistered: UserPage {
            total: 150,
            offset: 0,
            users: vec![
                registered_user("<b>root@contoso.com</b>", true),
                registered_user("a@contoso.com", false),
            ],
        },
        sign_ins: Some(SignInCheck {
            sign_in_users: 3,
            not_registered: SignInList {
                total: 1,
                users: vec![SignInUser {
                    user: "a@contoso.com".into(),
                    sign_ins: 4,
                    mfa_satisfied: 0,
                    last_seen: None,
                }],
            },
            not_in_report: SignInList::default(),
        }),
        registered_filter: vec![],
        unregistered_filter: not_registered.clone(),
        admins_filter: vec![],
    };
    let rows = Rc::new(std::cell::RefCell::new(None));
    let pages = Rc::new(std::cell::Cell::new(None));
    let (rows_sink, pages_sink) = (rows.clone(), pages.clone());
    let root = fresh_root();
    yew::Renderer::<RegistrationView>::with_root_and_props(
        root.clone(),
        RegistrationViewProps {
            report: Some(Rc::new(report)),
            request: RegistrationRequest::default(),
            on_page: Callback::from(move |r: RegistrationRequest| pages_sink.set(Some(r.offset))),
            on_rows: Callback::from(move |r| *rows_sink.borrow_mut() = Some(r)),
        },
    )
    .render();
    settle().await;

    assert_eq!(
        texts(&root, "[data-answer=not-registered] .answer__words"),
        ["150 users of 250 have not registered any MFA method (60%). They are listed below."]
    );
    assert_eq!(
        texts(&root, "[data-answer=admins] .answer__words"),
        ["⚠ 1 of 3 admins has no MFA method registered."]
    );
    // Markup in a user name is text, and the flag says "admin" in words.
    assert_eq!(texts(&root, ".flag__user"), ["<b>root@contoso.com</b>"]);
    assert_eq!(texts(&root, ".flag__badge"), ["⚠ Admin, no MFA"]);
    assert!(root.query_selector(".registration b").unwrap().is_none());
    assert_eq!(texts(&root, ".pager__count"), ["1–2 of 150"]);
    // Each method once, under its portal name; the spellings the files used
    // on a line of their own, and an unknown one kept as written.
    assert_eq!(
        texts(&root, ".chart__label"),
        ["Mobile app notification", "Mobile phone", "quantumToken"]
    );
    assert_eq!(
        texts(&root, ".method-spellings__item"),
        [
            "Mobile app notificationwritten as PhoneAppNotification · microsoftAuthenticatorPush",
            "quantumTokennot a method MFA Lens knows: kept as written",
        ]
    );
    // Every button's accessible name starts with the words it shows.
    let buttons = root.query_selector_all("button").unwrap();
    assert!(buttons.length() >= 4);
    for i in 0..buttons.length() {
        let b: Element = buttons.item(i).unwrap().dyn_into().unwrap();
        let visible = b.text_content().unwrap_or_default();
        if let Some(name) = b.get_attribute("aria-label") {
            assert!(name.starts_with(visible.trim()), "{name:?} / {visible:?}");
        }
    }
    assert_eq!(
        root.query_selector("[data-list=sign-in-unregistered] button")
            .unwrap()
            .unwrap()
            .get_attribute("aria-label")
            .as_deref(),
        Some("Show sign-ins of a@contoso.com")
    );

    let click = |selector: &str| {
        let el: HtmlElement = root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no {selector}"))
            .dyn_into()
            .unwrap();
        el.click();
    };
    click("[data-answer=not-registered] button");
    assert_eq!(
        rows.borrow().clone(),
        Some((DatasetId::Registration, not_registered))
    );
    // Next asks for the page after the two shown.
    click(".pager button:last-child");
    assert_eq!(pages.get(), Some(2));
}

#[wasm_bindgen_test]
async fn the_detail_gives_the_verdict_in_words_and_filters_its_fields() {
    use mfa_lens_core::query::{self, Query};
    use mfa_lens_web::components::detail_panel::{DetailPanel, DetailPanelProps};
    let csv = "Date (UTC),Request ID,Username,Status,Sign-in error code,Failure reason,\
               Multifactor authentication result,Multifactor authentication auth method\n\
               2025-09-01T08:00:00Z,r1,ana@contoso.com,Failure,500121,x,\
               MFA denied; user declined the authentication,Mobile app notification\n";
    let mut ws = mfa_lens_core::Workspace::new();
    ws.load("InteractiveSignIns.csv", csv.as_bytes());
    let all = query::run(&ws, &Query::default());
    let detail = query::row_detail(&ws, all.rows[0]).unwrap();
    let root = fresh_root();
    yew::Renderer::<DetailPanel>::with_root_and_props(
        root.clone(),
        DetailPanelProps {
            detail: Rc::new(detail),
            query: Query::default(),
            on_query: Callback::noop(),
        },
    )
    .render();
    settle().await;
    assert_eq!(texts(&root, ".detail__outcome"), ["Denied"]);
    assert_eq!(
        texts(&root, ".detail__code"),
        [
            "user declined the authentication",
            "500121",
            "Mobile app notification"
        ]
    );
    assert_eq!(texts(&root, ".detail__fields dt").len(), 8);
    let input: web_sys::HtmlInputElement = element(&root, ".detail__search input");
    input.set_value("METHOD");
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(
        texts(&root, ".detail__fields dt"),
        ["Multifactor authentication auth method"]
    );
    assert_eq!(
        texts(&root, ".detail__search [role=status]"),
        ["1 of 8 fields"]
    );
}

/// The findings of the findings fixture (every rule fires in it), as the
/// worker finds them.
fn fixture_findings() -> (mfa_lens_core::Workspace, mfa_lens_core::findings::Findings) {
    let mut ws = mfa_lens_core::Workspace::new();
    for (name, bytes) in [
        (
            "InteractiveSignIns_2024-05-01_2024-05-02.csv",
            &include_bytes!("../crates/mfa-lens-core/tests/fixtures/findings/InteractiveSignIns_2024-05-01_2024-05-02.csv")[..],
        ),
        (
            "MFAServer_BlockedUserHistory.csv",
            &include_bytes!("../crates/mfa-lens-core/tests/fixtures/findings/MFAServer_BlockedUserHistory.csv")[..],
        ),
    ] {
        ws.load(name, bytes);
    }
    let found =
        mfa_lens_core::findings::analyse(&ws, &Default::default()).expect("sign-ins are loaded");
    (ws, found)
}

#[wasm_bindgen_test]
async fn a_finding_card_draws_its_episode_and_opens_exactly_its_rows() {
    use mfa_lens_core::findings::RuleId;
    use mfa_lens_core::query::Filter;
    use mfa_lens_web::components::finding_card::{FindingCard, FindingCardProps};

    let (ws, found) = fixture_findings();
    let dave = found
        .items
        .iter()
        .find(|f| f.rule == RuleId::MfaFatigue && f.user == "dave@contoso.com")
        .expect("dave's fatigue episode")
        .clone();
    let datasets = mfa_lens_core::query::datasets(&ws);
    let opened = Rc::new(std::cell::RefCell::new(None));
    let on_rows = {
        let opened = opened.clone();
        Callback::from(move |asked| *opened.borrow_mut() = Some(asked))
    };
    let asked_kql = Rc::new(std::cell::RefCell::new(None));
    let on_kql = {
        let asked = asked_kql.clone();
        Callback::from(move |rule| *asked.borrow_mut() = Some(rule))
    };
    let root = fresh_root();
    yew::Renderer::<FindingCard>::with_root_and_props(
        root.clone(),
        FindingCardProps {
            finding: dave.clone(),
            index: 0,
            settings: found.settings,
            zone: mfa_lens_web::grid_layout::Zone::Utc,
            datasets,
            on_rows,
            on_kql,
        },
    )
    .render();
    settle().await;

    assert_eq!(texts(&root, "h3"), ["MFA fatigue (prompt bombing)"]);
    assert_eq!(texts(&root, ".sev"), ["High"]);
    // Five declined prompts as ticks, the approval as a diamond, each named in
    // the legend with its count.
    assert_eq!(
        root.query_selector_all(".episode__track .episode__mark--trigger")
            .unwrap()
            .length(),
        5
    );
    assert_eq!(
        root.query_selector_all(".episode__track .episode__mark--success")
            .unwrap()
            .length(),
        1
    );
    let legend = texts(&root, ".episode__legend li");
    assert_eq!(legend.len(), 2, "{legend:?}");
    assert!(legend[0].starts_with("5 "), "{legend:?}");
    assert!(legend[1].starts_with("1 "), "{legend:?}");
    // The marks stay inside the track, first at the left, in time order.
    let lefts: Vec<f64> = attributes(&root, ".episode__track .episode__mark", "style")
        .iter()
        .map(|s| {
            s.trim_start_matches("left: ")
                .trim_end_matches('%')
                .parse()
                .unwrap()
        })
        .collect();
    assert!(lefts.windows(2).all(|w| w[0] <= w[1]), "{lefts:?}");
    assert!(
        lefts.iter().all(|&l| (0.0..=100.0).contains(&l)),
        "{lefts:?}"
    );
    assert!(texts(&root, ".finding__facts dd")
        .contains(&"203.0.113.9 (never seen in the user's earlier sign-ins)".to_string()));

    // The evidence button asks for exactly the finding's rows.
    let button: HtmlElement = element(&root, ".finding__evidence button");
    assert!(button
        .text_content()
        .unwrap()
        .starts_with("Show the 6 rows in Rows"));
    button.click();
    let (dataset, filters) = opened
        .borrow_mut()
        .take()
        .expect("the button asked for rows");
    assert_eq!(dataset, dave.evidence[0].dataset);
    match filters.as_slice() {
        [Filter::Rows { label, rows }] => {
            assert_eq!(rows, &dave.evidence[0].rows);
            assert_eq!(label, "MFA fatigue (prompt bombing): dave@contoso.com");
        }
        other => panic!("one Rows filter expected, got {other:?}"),
    }
    // "Copy as KQL" asks for this card's rule.
    let buttons = root
        .query_selector_all(".finding__evidence button")
        .unwrap();
    let kql: HtmlElement = buttons
        .item(buttons.length() - 1)
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(kql.text_content().unwrap(), "Copy as KQL");
    kql.click();
    assert_eq!(*asked_kql.borrow(), Some(RuleId::MfaFatigue));
}

#[wasm_bindgen_test]
async fn the_thresholds_panel_sends_a_changed_number_and_ignores_a_half_typed_one() {
    use mfa_lens_core::findings::FindingSettings;
    use mfa_lens_web::components::finding_settings::{FindingSettingsPanel, FindingSettingsProps};

    let sent = Rc::new(std::cell::RefCell::new(Vec::<FindingSettings>::new()));
    let on_change = {
        let sent = sent.clone();
        Callback::from(move |s| sent.borrow_mut().push(s))
    };
    let root = fresh_root();
    yew::Renderer::<FindingSettingsPanel>::with_root_and_props(
        root.clone(),
        FindingSettingsProps {
            settings: FindingSettings::default(),
            on_change,
        },
    )
    .render();
    settle().await;

    // One field per threshold of the rule table, each with its default shown.
    let fields = root
        .query_selector_all(".thresholds__field input")
        .unwrap()
        .length();
    let thresholds: usize = mfa_lens_core::findings::RULES
        .iter()
        .map(|r| r.thresholds.len())
        .sum();
    assert_eq!(fields as usize, thresholds);
    let input: web_sys::HtmlInputElement = element(&root, "#threshold-mfa-fatigue-min-prompts");
    assert_eq!(input.value(), "5");
    // "Back to the defaults" is off while they are the defaults.
    let reset: Element = element(&root, ".thresholds > button");
    assert!(reset.has_attribute("disabled"));

    for (typed, sends) in [("", false), ("-", false), ("0", false), ("12", true)] {
        input.set_value(typed);
        input
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
        settle().await;
        assert_eq!(!sent.borrow().is_empty(), sends, "typed {typed:?}");
    }
    let last = sent.borrow().last().copied().unwrap();
    assert_eq!(last.mfa_fatigue.min_prompts, 12);
    assert_eq!(
        FindingSettings {
            mfa_fatigue: FindingSettings::default().mfa_fatigue,
            ..last
        },
        FindingSettings::default()
    );
}

/// A bubbling event of `kind` dispatched on `target`, as the browser's own
/// would reach the window's handlers.
fn dispatch(target: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn the_window_says_files_are_coming_once_per_drag_and_when_the_picker_opens() {
    use mfa_lens_web::components::drop_target::{DropTarget, DropTargetProps};
    let root = fresh_root();
    let coming = Rc::new(std::cell::Cell::new(0));
    let sink = coming.clone();
    let props = DropTargetProps {
        on_files: Callback::noop(),
        on_files_coming: Callback::from(move |()| sink.set(sink.get() + 1)),
        children: yew::html! {
            <>
                <p class="inside">{ "text" }</p>
                <input id="file-input" type="file" />
            </>
        },
    };
    yew::Renderer::<DropTarget>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let inside: Element = element(&root, ".inside");
    // Entering the window, then a child: one drag, said once.
    dispatch(&inside, "dragenter");
    dispatch(&inside, "dragenter");
    assert_eq!(coming.get(), 1);
    // Left entirely, then dragged in again: said again.
    dispatch(&inside, "dragleave");
    dispatch(&inside, "dragleave");
    dispatch(&inside, "dragenter");
    assert_eq!(coming.get(), 2);
    // A click elsewhere says nothing; a click of the file input (its picker
    // opens) does.
    dispatch(&inside, "click");
    assert_eq!(coming.get(), 2);
    dispatch(&element(&root, "#file-input"), "click");
    assert_eq!(coming.get(), 3);
}

/// The Rows view with `export` as the worker last reported it; `pressed`
/// counts presses of Export CSV.
fn rows_view_exporting(
    root: &Element,
    export: mfa_lens_web::state::ExportState,
    pressed: Rc<std::cell::Cell<u32>>,
) {
    use mfa_lens_core::query::{DatasetId, Query};
    use mfa_lens_web::components::data_table::{GridPrefs, RowWindow};
    use mfa_lens_web::components::table_view::{TableView, TableViewProps};
    use mfa_lens_web::grid_layout::Zone;
    use mfa_lens_web::protocol::RowsAnswer;
    let query = Query {
        dataset: DatasetId::SignIns,
        ..Query::default()
    };
    let props = TableViewProps {
        datasets: Vec::new(),
        query: query.clone(),
        info: Some(Rc::new(RowsAnswer {
            query,
            dataset_rows: 1_000_000,
            matched: 1_000_000,
            columns: vec![("username".into(), "Username".into())],
            shown: vec!["username".into()],
            widths: vec![20],
            date_column: None,
            elapsed_ms: 3.0,
        })),
        epoch: (1, 1),
        window: Rc::new(RowWindow::default()),
        selected: None,
        detail: None,
        values: None,
        on_query: Callback::noop(),
        on_range: Callback::noop(),
        on_select: Callback::noop(),
        on_values: Callback::noop(),
        on_export: Callback::from(move |()| pressed.set(pressed.get() + 1)),
        export,
        on_kql: Callback::noop(),
        grid: GridPrefs {
            widths: Rc::default(),
            zone: Zone::Utc,
            on_resize: Callback::noop(),
            on_zone: Callback::noop(),
        },
    };
    yew::Renderer::<TableView>::with_root_and_props(root.clone(), props).render();
}

fn export_button(root: &Element) -> HtmlElement {
    let buttons = root.query_selector_all(".toolbar button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i)?.dyn_into::<HtmlElement>().ok())
        .find(|b| b.text_content().as_deref() == Some("Export CSV"))
        .expect("an Export CSV button")
}

#[wasm_bindgen_test]
async fn the_export_shows_its_progress_and_cannot_be_pressed_twice_meanwhile() {
    use mfa_lens_web::state::ExportState;
    let pressed = Rc::new(std::cell::Cell::new(0));

    // Idle: the button works, and there is no bar.
    let idle = fresh_root();
    rows_view_exporting(&idle, ExportState::default(), pressed.clone());
    settle().await;
    assert!(idle.query_selector("progress").unwrap().is_none());
    export_button(&idle).click();
    settle().await;
    assert_eq!(pressed.get(), 1);

    // Writing: rows done of all, a bar with those figures, the button off.
    let busy = fresh_root();
    let writing = ExportState {
        busy: Some((250_000, 1_000_000)),
        failed: None,
    };
    rows_view_exporting(&busy, writing, pressed.clone());
    settle().await;
    assert_eq!(
        texts(&busy, ".table-view__export[role=status] span"),
        vec!["Exporting 250,000 of 1,000,000 rows…"]
    );
    assert_eq!(attributes(&busy, "progress", "value"), vec!["250000"]);
    assert_eq!(attributes(&busy, "progress", "max"), vec!["1000000"]);
    let button = export_button(&busy);
    assert!(button.has_attribute("disabled"));
    button.click();
    settle().await;
    assert_eq!(pressed.get(), 1, "a second press while writing is ignored");

    // Stopped: why, as an alert, and the button works again.
    let stopped = fresh_root();
    let failed = ExportState {
        busy: None,
        failed: Some("The loaded files changed while the rows were being exported".into()),
    };
    rows_view_exporting(&stopped, failed, pressed.clone());
    settle().await;
    assert_eq!(
        texts(&stopped, "[role=alert]"),
        vec!["The loaded files changed while the rows were being exported"]
    );
    assert!(!export_button(&stopped).has_attribute("disabled"));
}

/// The hosted shards' start script names the worker's files in the page's
/// own folder, however deep, and keeps an odd address one string literal.
#[wasm_bindgen_test]
fn the_shard_script_names_the_worker_files_in_the_page_folder() {
    use mfa_lens_web::edition::shard_script;
    assert_eq!(
        shard_script("https://example.test/tools/mfa/index.html#v=rows").as_deref(),
        Some(
            "importScripts(\"https://example.test/tools/mfa/mfa-lens-worker.js\");\
             wasm_bindgen({ module_or_path: \"https://example.test/tools/mfa/mfa-lens-worker_bg.wasm\" });"
        )
    );
    // A quote in a folder's name is escaped by the URL parser, not left to
    // end the string.
    let odd = shard_script("https://example.test/a\"b\\c/").expect("a URL");
    assert!(
        odd.starts_with("importScripts(\"https://example.test/a%22b/c/mfa-lens-worker.js\")"),
        "{odd}"
    );
    assert_eq!(shard_script("not a url"), None);
}

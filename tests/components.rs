//! Component tests: mount real Yew components in headless Chromium and assert on
//! the DOM they render. Run by `./x test` through wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]

use mfa_lens_web::state::{FileStatus, LoadedFile};
use mfa_lens_web::{App, FileList, FileListProps};
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

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

fn file(id: u32, name: &str, size: u64, status: FileStatus) -> LoadedFile {
    LoadedFile {
        id,
        name: name.into(),
        size,
        status,
    }
}

#[wasm_bindgen_test]
async fn file_list_shows_name_size_and_first_line_of_each_file() {
    let root = fresh_root();
    let props = FileListProps {
        files: vec![
            file(
                0,
                "InteractiveSignIns.csv",
                7_730,
                FileStatus::Previewed {
                    first_line: "\"Date (UTC)\",\"Request ID\"".into(),
                },
            ),
            file(
                1,
                "broken.csv",
                12,
                FileStatus::Failed {
                    message: "The browser could not read this file".into(),
                },
            ),
            file(2, "big.csv", 250_000_000, FileStatus::Reading),
        ],
        on_remove: Callback::noop(),
        on_clear: Callback::noop(),
    };
    yew::Renderer::<FileList>::with_root_and_props(root.clone(), props).render();
    settle().await;

    assert_eq!(
        texts(&root, ".file__name"),
        ["InteractiveSignIns.csv", "broken.csv", "big.csv"]
    );
    assert_eq!(
        texts(&root, ".file__size"),
        ["7.7 kB", "12 bytes", "250.0 MB"]
    );
    assert_eq!(
        texts(&root, ".file__first-line"),
        ["\"Date (UTC)\",\"Request ID\""]
    );
    assert_eq!(
        texts(&root, "[role=alert]"),
        ["The browser could not read this file"]
    );
    assert_eq!(texts(&root, ".file__status"), ["Reading…"]);
    assert_eq!(texts(&root, "h2"), ["3 files"]);
}

#[wasm_bindgen_test]
async fn file_names_and_lines_render_as_text_never_markup() {
    let root = fresh_root();
    let hostile = "<img src=x onerror=alert(1)>.csv";
    let props = FileListProps {
        files: vec![file(
            0,
            hostile,
            1,
            FileStatus::Previewed {
                first_line: "<script>alert(1)</script>".into(),
            },
        )],
        on_remove: Callback::noop(),
        on_clear: Callback::noop(),
    };
    yew::Renderer::<FileList>::with_root_and_props(root.clone(), props).render();
    settle().await;

    assert!(root.query_selector("img").unwrap().is_none());
    assert!(root.query_selector("script").unwrap().is_none());
    assert_eq!(texts(&root, ".file__name"), [hostile]);
    assert_eq!(
        texts(&root, ".file__first-line"),
        ["<script>alert(1)</script>"]
    );
}

#[wasm_bindgen_test]
async fn remove_button_reports_the_file_id() {
    let root = fresh_root();
    let removed = std::rc::Rc::new(std::cell::Cell::new(None));
    let sink = removed.clone();
    let props = FileListProps {
        files: vec![
            file(7, "a.csv", 1, FileStatus::Reading),
            file(9, "b.csv", 1, FileStatus::Reading),
        ],
        on_remove: Callback::from(move |id| sink.set(Some(id))),
        on_clear: Callback::noop(),
    };
    yew::Renderer::<FileList>::with_root_and_props(root.clone(), props).render();
    settle().await;

    let button: HtmlElement = root
        .query_selector("button[aria-label='Remove b.csv']")
        .unwrap()
        .expect("a labelled remove button per file")
        .dyn_into()
        .unwrap();
    button.click();
    assert_eq!(removed.get(), Some(9));
}

#[wasm_bindgen_test]
async fn try_the_sample_lists_the_embedded_export_then_clear_empties_the_list() {
    let root = fresh_root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    assert!(texts(&root, ".file__name").is_empty());

    let sample_button = find_button(&root, "Try the sample");
    sample_button.click();
    settle().await;

    assert_eq!(
        texts(&root, ".file__name"),
        [
            "InteractiveSignIns_2024-05-01_2024-05-02.csv",
            "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv"
        ]
    );
    let first_lines = texts(&root, ".file__first-line");
    assert!(
        first_lines[0].starts_with("\"Date (UTC)\",\"Request ID\",\"User agent\""),
        "{first_lines:?}"
    );
    assert!(
        first_lines[1].starts_with("\"Request ID\",\"Date\",\"Authentication method\""),
        "{first_lines:?}"
    );

    find_button(&root, "Clear").click();
    settle().await;
    assert!(texts(&root, ".file__name").is_empty());
}

#[wasm_bindgen_test]
async fn the_file_picker_is_a_keyboard_reachable_button() {
    let root = fresh_root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    let picker = find_button(&root, "Choose files…");
    assert_eq!(picker.tab_index(), 0, "a <button> is in the tab order");
    let input = root
        .query_selector("input[type=file]")
        .unwrap()
        .expect("a file input");
    assert!(input.has_attribute("multiple"));
}

fn find_button(root: &Element, label: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no button labelled {label:?}"))
        .dyn_into()
        .unwrap()
}

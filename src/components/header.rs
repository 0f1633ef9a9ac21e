//! The slim bar at the top of every view: the name, the promise that matters
//! most, the loaded files in one line (which opens their list), Add files and
//! the theme.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::files_line::FilesButton;
use crate::components::theme_switch::ThemeSwitch;
use crate::state::FilesLine;

/// The one file input of the page: the header's Add files and the welcome's
/// Choose files both open it (tests set files on it by this id).
pub const FILE_INPUT_ID: &str = "file-input";

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub files: FilesLine,
    pub files_open: bool,
    pub on_toggle_files: Callback<()>,
    /// Whether the Share panel is open, and its button.
    pub share_open: bool,
    pub on_toggle_share: Callback<()>,
    /// Files picked, as the browser's `FileList`.
    pub on_files: Callback<Option<web_sys::FileList>>,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let on_change = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                on_files.emit(input.files());
                // Picking the same file again must fire `change` again.
                input.set_value("");
            }
        })
    };
    html! {
        <header class="app-header">
            <h1 class="app-header__name">{ "MFA Lens" }</h1>
            <span class="privacy-badge" title="MFA Lens reads your files in this browser: nothing is uploaded, and the page makes no request once it has loaded.">
                { "Nothing leaves this browser" }
            </span>
            <div class="app-header__files">
                if props.files.count > 0 {
                    <FilesButton line={props.files} open={props.files_open} on_toggle={props.on_toggle_files.clone()} />
                }
            </div>
            if props.files.count > 0 {
                <button
                    type="button"
                    class="button"
                    aria-expanded={props.share_open.to_string()}
                    aria-controls="share-panel"
                    onclick={props.on_toggle_share.reform(|_: MouseEvent| ())}
                >
                    { "Share…" }
                </button>
            }
            <button type="button" class="button button--primary" onclick={Callback::from(|_: MouseEvent| open_file_picker())}>
                { "Add files…" }
            </button>
            <ThemeSwitch />
            <input
                id={FILE_INPUT_ID}
                class="visually-hidden"
                type="file"
                multiple=true
                accept=".csv,.txt,.tsv,.json,text/csv,application/json"
                tabindex="-1"
                aria-hidden="true"
                onchange={on_change}
            />
        </header>
    }
}

/// Opens the browser's file picker on the page's one file input.
pub fn open_file_picker() {
    let input = gloo::utils::document()
        .get_element_by_id(FILE_INPUT_ID)
        .and_then(|el| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(el).ok());
    if let Some(input) = input {
        input.click();
    }
}

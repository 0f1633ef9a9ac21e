use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    /// Files dropped or picked, as the browser's `FileList`.
    pub on_files: Callback<Option<web_sys::FileList>>,
    pub on_sample: Callback<()>,
}

/// Where files arrive: drag and drop, or a keyboard-reachable file picker.
#[function_component(DropZone)]
pub fn drop_zone(props: &DropZoneProps) -> Html {
    let dragging = use_state(|| false);
    let input = use_node_ref();

    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Without preventDefault the browser refuses the drop.
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let dragging = dragging.clone();
        let on_files = props.on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            on_files.emit(e.data_transfer().and_then(|dt| dt.files()));
        })
    };
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
    let open_picker = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_sample = props.on_sample.reform(|_: MouseEvent| ());

    let class = classes!("drop-zone", dragging.then_some("drop-zone--active"));
    html! {
        <section
            {class}
            aria-label="Drop exports here"
            ondragover={on_drag_over.clone()}
            ondragenter={on_drag_over}
            ondragleave={on_drag_leave}
            ondrop={on_drop}
        >
            <p class="drop-zone__title">{ "Drop CSV exports here" }</p>
            <p class="drop-zone__hint">
                { "Several files at once are fine: the portal's sign-in download comes as several files." }
            </p>
            <div class="drop-zone__actions">
                <button type="button" class="button button--primary" onclick={open_picker}>
                    { "Choose files…" }
                </button>
                <button type="button" class="button" onclick={on_sample}>{ "Try the sample" }</button>
            </div>
            <input
                ref={input}
                id="file-input"
                class="visually-hidden"
                type="file"
                multiple=true
                accept=".csv,.txt,.tsv,text/csv"
                tabindex="-1"
                aria-hidden="true"
                onchange={on_change}
            />
        </section>
    }
}

use yew::prelude::*;

use crate::components::header::open_file_picker;

#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    pub on_sample: Callback<()>,
}

/// The welcome's invitation while nothing is loaded: where files go (the
/// whole window takes a drop; see `app`), and a keyboard-reachable picker.
#[function_component(DropZone)]
pub fn drop_zone(props: &DropZoneProps) -> Html {
    let on_sample = props.on_sample.reform(|_: MouseEvent| ());
    html! {
        <section class="drop-zone" aria-label="Drop exports here">
            <p class="drop-zone__title">{ "Drop CSV exports anywhere on this page" }</p>
            <p class="drop-zone__hint">
                { "Several files at once are fine: the portal's sign-in download comes as several files." }
            </p>
            <div class="drop-zone__actions">
                <button type="button" class="button button--primary" onclick={Callback::from(|_: MouseEvent| open_file_picker())}>
                    { "Choose files…" }
                </button>
                <button type="button" class="button" onclick={on_sample}>{ "Try the sample" }</button>
            </div>
        </section>
    }
}

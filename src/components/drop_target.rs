//! The whole window takes dropped files: while something is dragged over it, an
//! overlay says so; the drop goes to the same callback as the file picker.
//! Something dragged in, or the file picker opened, is said beforehand
//! (`on_files_coming`), so the workers that will read the files can start
//! while the person is still choosing them.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::DragEvent;
use yew::prelude::*;

use super::header::FILE_INPUT_ID;

#[derive(Properties, PartialEq)]
pub struct DropTargetProps {
    pub on_files: Callback<Option<web_sys::FileList>>,
    /// Files may come soon: something was dragged into the window, or the
    /// page's file input was clicked (its picker opens).
    #[prop_or_default]
    pub on_files_coming: Callback<()>,
    pub children: Html,
}

#[function_component(DropTarget)]
pub fn drop_target(props: &DropTargetProps) -> Html {
    let dragging = use_state(|| false);
    // dragenter and dragleave fire for every child crossed: count them, so
    // the overlay goes only when the pointer has left the window.
    let depth = use_memo((), |_| Rc::new(Cell::new(0u32)));
    let on_enter = {
        let (dragging, depth) = (dragging.clone(), depth.clone());
        let coming = props.on_files_coming.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if depth.get() == 0 {
                coming.emit(());
            }
            depth.set(depth.get() + 1);
            dragging.set(true);
        })
    };
    // The picker opens on a click of the one file input (the buttons that
    // open it click it), which bubbles up to here.
    let on_click = {
        let coming = props.on_files_coming.clone();
        Callback::from(move |e: MouseEvent| {
            let target = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            if target.is_some_and(|t| t.id() == FILE_INPUT_ID) {
                coming.emit(());
            }
        })
    };
    // Without preventDefault on dragover the browser refuses the drop.
    let on_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_leave = {
        let (dragging, depth) = (dragging.clone(), depth.clone());
        Callback::from(move |_: DragEvent| {
            depth.set(depth.get().saturating_sub(1));
            if depth.get() == 0 {
                dragging.set(false);
            }
        })
    };
    let on_drop = {
        let (dragging, depth) = (dragging.clone(), depth.clone());
        let on_files = props.on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            depth.set(0);
            dragging.set(false);
            on_files.emit(e.data_transfer().and_then(|dt| dt.files()));
        })
    };
    html! {
        <div class="app" onclick={on_click} ondragenter={on_enter} ondragover={on_over} ondragleave={on_leave} ondrop={on_drop}>
            { props.children.clone() }
            if *dragging {
                <div class="drop-overlay" role="status">
                    <p class="drop-overlay__text">{ "Drop to add these files — they are read in this browser, never uploaded" }</p>
                </div>
            }
        </div>
    }
}

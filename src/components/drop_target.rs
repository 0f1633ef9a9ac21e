//! The whole window takes dropped files: while something is dragged over it, an
//! overlay says so; the drop goes to the same callback as the file picker.

use std::cell::Cell;
use std::rc::Rc;

use web_sys::DragEvent;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DropTargetProps {
    pub on_files: Callback<Option<web_sys::FileList>>,
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
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            depth.set(depth.get() + 1);
            dragging.set(true);
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
        <div class="app" ondragenter={on_enter} ondragover={on_over} ondragleave={on_leave} ondrop={on_drop}>
            { props.children.clone() }
            if *dragging {
                <div class="drop-overlay" role="status">
                    <p class="drop-overlay__text">{ "Drop to add these files — they are read in this browser, never uploaded" }</p>
                </div>
            }
        </div>
    }
}

//! The files panel: every file's line (what it was read as, its notes, its
//! progress with Cancel, Remove), opened from the header's files line above
//! the tabs, and closed again (Close, Escape, or the files line) to give the
//! view the room.

use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::components::file_list::FileList;
use crate::protocol::FileKey;
use crate::state::FileEntry;

#[derive(Properties, PartialEq)]
pub struct FilesPanelProps {
    pub files: Vec<FileEntry>,
    pub on_remove: Callback<FileKey>,
    pub on_clear: Callback<()>,
    pub on_close: Callback<()>,
}

#[function_component(FilesPanel)]
pub fn files_panel(props: &FilesPanelProps) -> Html {
    let on_key = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div id="files-panel" class="files-panel" onkeydown={on_key}>
            <FileList files={props.files.clone()} on_remove={props.on_remove.clone()} on_clear={props.on_clear.clone()} />
            <div class="files-panel__foot">
                <button type="button" class="button" onclick={on_close}>{ "Close" }</button>
            </div>
        </div>
    }
}

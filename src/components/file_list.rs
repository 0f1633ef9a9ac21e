use yew::prelude::*;

use crate::state::{human_size, FileId, FileStatus, LoadedFile};

#[derive(Properties, PartialEq)]
pub struct FileListProps {
    pub files: Vec<LoadedFile>,
    pub on_remove: Callback<FileId>,
    pub on_clear: Callback<()>,
}

/// One line per dropped file: its name, size and first line.
#[function_component(FileList)]
pub fn file_list(props: &FileListProps) -> Html {
    if props.files.is_empty() {
        return html! {};
    }
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());
    html! {
        <section class="files" aria-label="Loaded files">
            <div class="files__head">
                <h2>{ format!("{} file{}", props.files.len(), if props.files.len() == 1 { "" } else { "s" }) }</h2>
                <button type="button" class="button button--quiet" onclick={on_clear}>{ "Clear" }</button>
            </div>
            <ul class="files__list">
                { for props.files.iter().map(|f| file_item(f, &props.on_remove)) }
            </ul>
        </section>
    }
}

fn file_item(file: &LoadedFile, on_remove: &Callback<FileId>) -> Html {
    let id = file.id;
    let on_remove = on_remove.reform(move |_: MouseEvent| id);
    let detail = match &file.status {
        FileStatus::Reading => html! { <span class="file__status">{ "Reading…" }</span> },
        // Cell content is text, never markup: Yew escapes string children.
        FileStatus::Previewed { first_line } => html! {
            <code class="file__first-line" title="First line of the file">{ first_line.clone() }</code>
        },
        FileStatus::Failed { message } => html! {
            <span class="file__error" role="alert">{ message.clone() }</span>
        },
    };
    html! {
        <li class="file" key={id}>
            <div class="file__meta">
                <span class="file__name">{ file.name.clone() }</span>
                <span class="file__size">{ human_size(file.size) }</span>
                <button
                    type="button"
                    class="button button--quiet button--small"
                    aria-label={format!("Remove {}", file.name)}
                    onclick={on_remove}
                >{ "Remove" }</button>
            </div>
            { detail }
        </li>
    }
}

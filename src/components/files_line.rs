//! The loaded files in one line — count, rows, a badge for problems or notes,
//! a progress bar while reading — as the button that opens the files panel.

use yew::prelude::*;

use crate::format::{grouped, percent};
use crate::state::FilesLine;

#[derive(Properties, PartialEq)]
pub struct FilesButtonProps {
    pub line: FilesLine,
    pub open: bool,
    pub on_toggle: Callback<()>,
}

#[function_component(FilesButton)]
pub fn files_button(props: &FilesButtonProps) -> Html {
    let l = props.line;
    let onclick = props.on_toggle.reform(|_: MouseEvent| ());
    let badge = if l.problems > 0 {
        Some(("badge--bad", plural(l.problems, "problem", "problems")))
    } else if l.notes > 0 {
        Some(("badge--note", plural(l.notes, "note", "notes")))
    } else {
        None
    };
    let reading = (l.loading > 0).then(|| {
        html! {
            <span class="files-line__reading">
                <progress
                    max={l.bytes_loading.max(1).to_string()}
                    value={l.bytes_read.to_string()}
                    aria-label="Reading files"
                />
                { format!("reading {} · {}", plural(l.loading, "file", "files"), percent(l.bytes_read, l.bytes_loading)) }
            </span>
        }
    });
    html! {
        <button
            type="button"
            class={classes!("files-line", props.open.then_some("files-line--open"))}
            aria-expanded={props.open.to_string()}
            aria-controls="files-panel"
            {onclick}
        >
            <span class="files-line__count">{ plural(l.count, "file", "files") }</span>
            <span class="files-line__rows">{ format!("{} rows", grouped(l.rows)) }</span>
            { for badge.map(|(class, text)| html! { <span class={classes!("badge", class)}>{ text }</span> }) }
            { reading.unwrap_or_default() }
            <span class="files-line__caret" aria-hidden="true">{ if props.open { "▴" } else { "▾" } }</span>
        </button>
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n as u64), if n == 1 { one } else { many })
}

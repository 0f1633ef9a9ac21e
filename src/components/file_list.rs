use yew::prelude::*;

use crate::display::shown_string;
use mfa_lens_core::{DiagnosticCode, FileReport, Severity};

use crate::format::{grouped, human_size, seconds_left};
use crate::protocol::FileKey;
use crate::state::{FileEntry, Phase};

#[derive(Properties, PartialEq)]
pub struct FileListProps {
    pub files: Vec<FileEntry>,
    /// Cancel a file still loading, or remove a loaded one.
    pub on_remove: Callback<FileKey>,
    pub on_clear: Callback<()>,
}

/// One line per file: while loading a progress bar with Cancel; once read, what
/// it was recognised as and why, with its diagnostics one click away.
#[function_component(FileList)]
pub fn file_list(props: &FileListProps) -> Html {
    if props.files.is_empty() {
        return html! {};
    }
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());
    let count = props.files.len();
    html! {
        <section class="files" aria-label="Loaded files">
            <div class="files__head">
                <h2>{ format!("{count} file{}", if count == 1 { "" } else { "s" }) }</h2>
                <button type="button" class="button button--quiet" onclick={on_clear}>{ "Clear" }</button>
            </div>
            <ul class="files__list">
                { for props.files.iter().map(|f| file_item(f, &props.on_remove)) }
            </ul>
        </section>
    }
}

fn file_item(file: &FileEntry, on_remove: &Callback<FileKey>) -> Html {
    let key = file.key;
    let loading = matches!(file.phase, Phase::Loading { .. });
    let action = if loading { "Cancel" } else { "Remove" };
    let on_click = on_remove.reform(move |_: MouseEvent| key);
    let body = match &file.phase {
        Phase::Loading {
            bytes_read,
            rows,
            started_ms,
            now_ms,
        } => progress(file.size, *bytes_read, *rows, *started_ms, *now_ms),
        Phase::Loaded(line) => recognition(line),
    };
    html! {
        <li class="file" key={key}>
            <div class="file__meta">
                // Names are text, never markup: Yew escapes string children.
                <span class="file__name">{ shown_string(&file.name) }</span>
                <span class="file__size">{ human_size(file.size) }</span>
                <button
                    type="button"
                    class="button button--quiet button--small"
                    aria-label={format!("{action} {}", file.name)}
                    onclick={on_click}
                >{ action }</button>
            </div>
            { body }
        </li>
    }
}

fn progress(size: u64, bytes_read: u64, rows: u64, started_ms: f64, now_ms: f64) -> Html {
    let left = seconds_left(size, bytes_read, started_ms, now_ms)
        .map(|s| format!(" · about {} s left", s.ceil() as u64))
        .unwrap_or_default();
    let text = format!(
        "{} of {} · {} rows{left}",
        human_size(bytes_read),
        human_size(size),
        grouped(rows)
    );
    html! {
        <div class="file__progress">
            <progress max={size.max(1).to_string()} value={bytes_read.to_string()} aria-label="Reading" />
            <span class="file__progress-text" aria-live="polite">{ text }</span>
        </div>
    }
}

fn recognition(line: &FileReport) -> Html {
    if line.unreadable {
        let message = line
            .diagnostics
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_else(|| "This file could not be read.".into());
        return html! { <p class="file__error" role="alert">{ message }</p> };
    }
    let because = if line.matched_columns.is_empty() {
        String::new()
    } else {
        format!(
            " — recognised by the columns {}",
            line.matched_columns.join(", ")
        )
    };
    let bad = if line.bad_rows > 0 {
        format!(" ({} repaired or dropped)", grouped(line.bad_rows))
    } else {
        String::new()
    };
    html! {
        <>
            <p class="file__kind">
                <strong>{ line.label.clone() }</strong>
                { format!(", {} row{}{bad}{because}", grouped(line.rows), if line.rows == 1 { "" } else { "s" }) }
            </p>
            { cut_short(line) }
            { diagnostics(line) }
        </>
    }
}

fn diagnostics(line: &FileReport) -> Html {
    if line.diagnostics.is_empty() {
        return html! {};
    }
    let n = line.diagnostics.len();
    html! {
        <details class="file__diagnostics">
            <summary>{ format!("{n} note{} about this file", if n == 1 { "" } else { "s" }) }</summary>
            <ul>
                { for line.diagnostics.iter().map(|d| {
                    let place = d.line.map(|l| format!("line {l}: ")).unwrap_or_default();
                    let severity = severity_word(d.severity);
                    html! {
                        <li class={classes!("diagnostic", format!("diagnostic--{severity}"))}>
                            <span class="diagnostic__severity">{ severity }</span>
                            { format!(" {place}{}", d.message) }
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}

/// The severity as the page writes it (and styles it: `diagnostic--warning`).
fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// A file read only in part says so on its line, not only among its notes:
/// every count on the page is short by what was not read.
fn cut_short(line: &FileReport) -> Html {
    line.diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::ReadFailed)
        .map(|d| html! { <p class="file__error" role="alert">{ d.message.clone() }</p> })
        .unwrap_or_default()
}

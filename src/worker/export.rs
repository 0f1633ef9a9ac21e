//! "Export CSV": the rows on screen written a few megabytes at a time, each
//! piece handed to the browser's Blob storage at once, and the Blob of all
//! the pieces sent to the page beside an `Exported` reply.
//!
//! Why not one string: a million sign-ins make more than a gigabyte of CSV.
//! Held whole it would sit in the worker's memory beside the tables (which
//! can never pass 4 GiB together) and then be copied into a string longer
//! than a browser makes. In pieces, the worker holds one piece, the page
//! never holds a row, and between pieces the worker answers the page (the
//! grid keeps scrolling) and says how far it got.
//!
//! The export is of the rows as they were when Export was pressed: their
//! order and columns are taken then, so changing the view or the sort on
//! the way does not change the file. Adding or removing a file does (the
//! rows would point into other tables): the export stops and says so.

use js_sys::Array;
use mfa_lens_core::query::{CsvExport, RowRef};
use web_sys::{Blob, BlobPropertyBag};

use super::loader::yield_to_messages;
use super::{blob_of, post, post_with_blob, SESSION};
use crate::protocol::FromWorker;

/// A piece is handed to the Blob storage once it holds this much: large
/// enough that the per-piece costs (a copy out of wasm, a Blob, a progress
/// message, a turn of the event loop) are noise, small enough that the page
/// sees progress several times a second and the worker answers in between.
const PIECE_BYTES: usize = 4 << 20;

/// Rows written between checks of the piece's size.
const ROWS_PER_RUN: usize = 1024;

/// What the page's download is called.
pub const FILE_NAME: &str = "mfa-lens-rows.csv";

/// The rows of the Rows answer `seq`, exported and posted; or why not.
pub async fn run(seq: u32) {
    match export(seq).await {
        Ok((blob, rows)) => {
            let file_name = FILE_NAME.to_string();
            post_with_blob(&FromWorker::Exported { file_name, rows }, &blob)
        }
        Err(message) => post(&FromWorker::ExportFailed { message }),
    }
}

/// What stays fixed for the whole export.
struct Plan {
    export: CsvExport,
    rows: Vec<RowRef>,
    generation: u32,
}

async fn export(seq: u32) -> Result<(Blob, u64), String> {
    let plan = SESSION.with(|s| {
        let s = s.borrow();
        let rows = s.answers.rows_of(seq)?;
        Some(Plan {
            export: CsvExport::new(&s.loader.workspace, &rows.result, &rows.shown),
            rows: rows.result.rows.clone(),
            generation: s.files.generation,
        })
    });
    let Some(plan) = plan else {
        return Err("The rows changed before the export began, so nothing was saved. Press Export CSV again.".into());
    };
    let total = plan.rows.len() as u64;
    let parts = Array::new();
    let mut piece = Vec::with_capacity(PIECE_BYTES + (64 << 10));
    let mut done = 0usize;
    post(&FromWorker::ExportProgress { done: 0, total });
    let mut header = true;
    loop {
        done = write_piece(&plan, header, done, &mut piece)?;
        header = false;
        // Moved out of wasm memory into the browser's Blob storage at once.
        let blob = blob_of(&piece, "text/csv").ok_or_else(unheld)?;
        parts.push(blob.as_ref());
        piece.clear();
        post(&FromWorker::ExportProgress {
            done: done as u64,
            total,
        });
        if done == plan.rows.len() {
            break;
        }
        yield_to_messages().await;
    }
    let options = BlobPropertyBag::new();
    options.set_type("text/csv");
    let blob = Blob::new_with_blob_sequence_and_options(&parts, &options).map_err(|_| unheld())?;
    Ok((blob, total))
}

fn unheld() -> String {
    "The browser could not hold the exported file, so nothing was saved.".to_string()
}

/// Writes rows from `done` on (after the header, first) until the piece is
/// full or the rows end; returns how many rows are written in all.
fn write_piece(
    plan: &Plan,
    header: bool,
    mut done: usize,
    piece: &mut Vec<u8>,
) -> Result<usize, String> {
    SESSION.with(|s| {
        let s = s.borrow();
        if s.files.generation != plan.generation {
            return Err(
                "The loaded files changed while the rows were being exported, so \
                        nothing was saved (the file would have mixed two sets of rows). Press \
                        Export CSV again."
                    .to_string(),
            );
        }
        let ws = &s.loader.workspace;
        let failed = |_| "The export could not be written.".to_string();
        if header {
            plan.export.write_header(ws, piece).map_err(failed)?;
        }
        while done < plan.rows.len() && piece.len() < PIECE_BYTES {
            let end = (done + ROWS_PER_RUN).min(plan.rows.len());
            plan.export
                .write_rows(ws, &plan.rows[done..end], piece)
                .map_err(failed)?;
            done = end;
        }
        Ok(done)
    })
}

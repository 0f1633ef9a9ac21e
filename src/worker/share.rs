//! "Share": the redacted ZIP and the one-file report, made in the worker from
//! every loaded file. The files are read again from their handles, slice by
//! slice, and each slice goes straight through the core's redactor into the
//! ZIP (or a fresh workspace for a redacted report), so no file is ever held
//! whole a second time. What is made goes to the page as a Blob beside the
//! `Shared` reply, never through the JSON of the protocol.

use mfa_lens_core::redact::{BundleError, Key, StreamedRedaction};
use mfa_lens_core::report_html::{self, ReportOptions};
use mfa_lens_core::store::dates::format_timestamp;

use super::loader::{read_slice, yield_now, Source, SLICE_BYTES};
use super::{blob_of, post, post_with_blob, SESSION};
use crate::format::now_secs;
use crate::protocol::{FromWorker, KeyChoice, ShareAsk};

/// What was made, before it is posted.
struct Made {
    bytes: Vec<u8>,
    mime: &'static str,
    file_name: &'static str,
    key_hex: Option<String>,
    left_out: Vec<String>,
}

/// Makes `ask` and posts it, or says why not.
pub async fn run(ask: ShareAsk, key: KeyChoice) {
    match make(ask, key).await {
        Ok(made) => post_made(ask, made),
        Err(message) => post(&FromWorker::ShareFailed { message }),
    }
}

async fn make(ask: ShareAsk, key: KeyChoice) -> Result<Made, String> {
    let options = SESSION.with(|s| ReportOptions {
        settings: *s.borrow().answers.settings(),
        ..ReportOptions::new(&format_timestamp(now_secs()))
    });
    if ask == (ShareAsk::Report { redacted: false }) {
        let html = SESSION.with(|s| report_html::render(&s.borrow().loader.workspace, &options));
        return Ok(Made {
            bytes: html.into_bytes(),
            mime: "text/html",
            file_name: "mfa-lens-report.html",
            key_hex: None,
            left_out: Vec::new(),
        });
    }
    let (key, key_hex) = match key {
        KeyChoice::Random => {
            let key = Key::random().map_err(|e| e.to_string())?;
            let hex = key.to_hex();
            (key, Some(hex))
        }
        // The person holds the passphrase: there is no key to show.
        KeyChoice::Passphrase(p) => (Key::from_passphrase(&p).map_err(|e| e.to_string())?, None),
    };
    let zip = ask == ShareAsk::RedactedZip;
    let mut redaction = if zip {
        StreamedRedaction::to_zip(&key)
    } else {
        StreamedRedaction::to_workspace(&key)
    };
    redact_loaded(&mut redaction).await?;
    let left_out = redaction
        .skipped()
        .iter()
        .map(|(name, why)| format!("{name}: {why}"))
        .collect();
    if zip {
        let bundle = redaction.finish_zip().map_err(|e| e.to_string())?;
        return Ok(Made {
            bytes: bundle.zip,
            mime: "application/zip",
            file_name: "mfa-lens-redacted.zip",
            key_hex,
            left_out,
        });
    }
    let set = redaction.finish_workspace();
    let options = ReportOptions {
        redacted: true,
        ..options
    };
    Ok(Made {
        bytes: report_html::render(&set.workspace, &options).into_bytes(),
        mime: "text/html",
        file_name: "mfa-lens-report-redacted.html",
        key_hex,
        left_out,
    })
}

/// Every loaded file through `redaction`, slice by slice, with progress.
async fn redact_loaded(redaction: &mut StreamedRedaction) -> Result<(), String> {
    let sources = SESSION.with(|s| s.borrow().loader.sources());
    let total: u64 = sources.iter().map(|(_, size, _)| size).sum();
    let mut done = 0u64;
    let mut buffer = Vec::new();
    let failed = |e: BundleError| e.to_string();
    for (name, size, source) in sources {
        redaction.begin(&name, size);
        let mut offset = 0u64;
        while offset < size {
            let end = (offset + SLICE_BYTES).min(size);
            let slice: &[u8] = match &source {
                Source::Bytes(bytes) => &bytes[offset as usize..end as usize],
                Source::Blob(file) => {
                    read_slice(file, offset, end, &mut buffer)
                        .await
                        .map_err(|cause| format!("{name}: {cause}"))?;
                    &buffer
                }
            };
            redaction.push(slice).map_err(failed)?;
            done += end - offset;
            offset = end;
            post(&FromWorker::ShareProgress { done, total });
            // Let the page paint the progress (reading a File yields anyway).
            yield_now().await;
        }
        redaction.end().map_err(failed)?;
    }
    Ok(())
}

/// The reply, with the file beside it as a Blob.
fn post_made(ask: ShareAsk, made: Made) {
    let reply = FromWorker::Shared {
        ask,
        file_name: made.file_name.to_string(),
        key_hex: made.key_hex,
        left_out: made.left_out,
    };
    match blob_of(&made.bytes, made.mime) {
        Some(blob) => post_with_blob(&reply, &blob),
        None => post(&FromWorker::ShareFailed {
            message: "the browser could not hold the file made".into(),
        }),
    }
}

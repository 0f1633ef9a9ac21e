//! What the page's file lines and tabs show, rebuilt after each change to the
//! files.

use std::collections::HashMap;

use mfa_lens_core::query;
use mfa_lens_core::{FileId, Workspace};

use crate::protocol::{FileKey, Files};

/// The loaded files (read to the end) under the page's keys, and what they
/// offer. The generation is set by [`super::answers::Answers`].
pub fn build(ws: &Workspace, ids: &HashMap<FileKey, FileId>) -> Files {
    let key_of = |id: FileId| ids.iter().find(|(_, v)| **v == id).map(|(k, _)| *k);
    let files = ws
        .files()
        .iter()
        .filter(|r| !r.loading)
        .filter_map(|r| Some((key_of(r.id)?, r.clone())))
        .collect();
    let registration = ws
        .files()
        .iter()
        .any(|f| !f.loading && !f.unreadable && f.kind.is_registration());
    Files {
        generation: 0,
        files,
        datasets: query::datasets(ws),
        reports: mfa_lens_core::reports::available(ws),
        registration,
        // Counted by the answers, which hold the thresholds.
        findings: None,
    }
}

//! What the page's file lines and tabs show, rebuilt after each change to the
//! files.

use std::collections::HashMap;

use mfa_lens_core::query::{self, DatasetId};
use mfa_lens_core::{FileId, ReportKind, Workspace};

use crate::protocol::{DatasetInfo, FileKey, Files};

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
    let registration = ws.files().iter().any(|f| {
        !f.loading
            && f.rows > 0
            && matches!(
                f.kind,
                ReportKind::RegistrationDetails | ReportKind::MsolMfaStatus
            )
    });
    Files {
        generation: 0,
        files,
        datasets: datasets(ws),
        reports: mfa_lens_core::reports::available(ws),
        registration,
    }
}

/// The datasets the loaded files offer, for the table's dataset picker.
fn datasets(ws: &Workspace) -> Vec<DatasetInfo> {
    DatasetId::available(ws)
        .into_iter()
        .map(|id| DatasetInfo {
            id,
            label: id.label(ws),
            // Counting needs no result set: the dataset knows its rows.
            rows: query::Dataset::build(ws, id).rows() as u64,
        })
        .collect()
}

//! Answers to the report views: the core's analysis of one report, whole
//! (every list in it is bounded by the core, so the message stays small even
//! for millions of rows).

use mfa_lens_core::reports::{self, ReportId};

use super::loader::Loader;
use crate::protocol::FromWorker;

pub fn answer(loader: &Loader, id: ReportId) -> FromWorker {
    FromWorker::Report(Box::new(reports::report(&loader.workspace, id)))
}

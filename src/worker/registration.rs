//! The Registration view's answer: the core's report over the workspace,
//! computed afresh on each request (one pass over the registration rows, and
//! over the sign-in user column when sign-ins are loaded) so it can never be
//! stale after a file is added or removed.

use mfa_lens_core::reports::registration::{registration_report, RegistrationRequest};

use super::loader::Loader;
use crate::protocol::FromWorker;

pub fn answer(loader: &Loader, request: RegistrationRequest) -> FromWorker {
    FromWorker::Registration(registration_report(&loader.workspace, request).map(Box::new))
}

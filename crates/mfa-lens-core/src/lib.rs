//! The MFA Lens engine: reads the MFA-related exports that Entra ID / Azure AD
//! administrators download, recognises which report each file is, classifies every
//! row and summarises the lot.
//!
//! This crate knows nothing about browsers. The web app (running it in a Web
//! Worker) and the `mfa-lens` CLI are thin faces over the same functions, so the
//! page and the command line always agree on every number.
//!
//! Pipeline, each stage in its own module (and [`kql`], the same rules as
//! queries for Log Analytics):
//!
//! ```text
//! bytes (any chunking) ─ read::Reader ─ records ─ ingest ─ store::Table ─ classify ─ summary
//!                          (decode, sniff,          (detect kind,      (rules of
//!                           csv-core)                columnar store)    the issue)
//! ```

pub mod built;
pub mod classify;
pub mod columns;
pub mod detect;
pub mod diagnostic;
pub mod error;
pub mod findings;
pub mod format;
pub mod generate;
pub mod ingest;
pub mod join;
pub mod knowledge;
pub mod kql;
pub mod query;
pub mod read;
pub mod redact;
pub mod report_html;
pub mod reports;
pub mod sign_ins;
pub mod source;
pub mod store;
pub mod summary;
pub mod wire;
pub mod workspace;

pub use detect::{detect, Detection, ReportKind};
pub use diagnostic::{Diagnostic, DiagnosticCode, Severity};
pub use error::{Error, ErrorKind, Position};
pub use sign_ins::UserSummary;
pub use summary::Summary;
pub use workspace::{FileId, FileReport, Workspace};

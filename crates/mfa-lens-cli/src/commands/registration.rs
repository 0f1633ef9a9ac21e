//! `mfa-lens registration FILE... [--not-registered]`: the reference
//! document's two PowerShell questions on the command line — the users who
//! have registered for MFA (or, with `--not-registered`, those who have not),
//! one per line, sorted by name, from any registration export (portal, Graph,
//! SDK, MSOnline). The same rules as the page's Registration view and as
//! Summary JSON's `registration` counts.

use std::io::Write;
use std::path::PathBuf;

use mfa_lens_core::reports::registration::registration_users;

use super::load::{load, report_problems};

pub fn run(files: &[PathBuf], not_registered: bool) -> Result<(), String> {
    let (ws, open_failures) = load(files);
    let users = registration_users(&ws, !not_registered);
    let printed = match &users {
        Some(users) => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for u in users {
                writeln!(out, "{u}").map_err(|e| format!("cannot write to stdout: {e}"))?;
            }
            out.flush()
                .map_err(|e| format!("cannot write to stdout: {e}"))?;
            true
        }
        None => false,
    };
    report_problems(&ws, &open_failures)?;
    if printed {
        Ok(())
    } else {
        Err(
            "none of these files is a registration report (the portal's \
             \"User registration details\", its Graph or PowerShell export, or the \
             MSOnline per-user MFA report)"
                .to_string(),
        )
    }
}

//! `mfa-lens redact FILE... --zip OUT.zip`: the page's "Download a redacted
//! copy" on the command line — one ZIP of the redacted files, their
//! `summary.json` and a `README.txt`, made by the same core function
//! (`mfa_lens_core::redact::bundle`), so the two ZIPs hold the same entries.
//!
//! The ZIP is built in memory (as the page builds it), so the inputs are read
//! whole; `--out DIR` streams instead, for exports larger than memory.

use std::path::{Path, PathBuf};

use mfa_lens_core::redact::{bundle, Key};

/// The files' bytes under their file names (never their folders: a path
/// such as `C:\Users\alice\Downloads` names someone).
pub fn read_files(files: &[PathBuf]) -> Result<Vec<(String, Vec<u8>)>, String> {
    files
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .ok_or_else(|| format!("{}: not a file name", path.display()))?
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok((name, bytes))
        })
        .collect()
}

/// Writes the ZIP through `<zip>.part`, renamed when complete.
pub fn write_zip(files: &[PathBuf], key: &Key, zip: &Path) -> Result<(), String> {
    let inputs = read_files(files)?;
    let made = bundle(&inputs, key, |_, _| {}).map_err(|e| e.to_string())?;
    for (name, why) in &made.skipped {
        eprintln!("{name}: left out of the ZIP: {why}");
    }
    let part = zip.with_extension("part");
    std::fs::write(&part, &made.zip).map_err(|e| format!("{}: {e}", part.display()))?;
    std::fs::rename(&part, zip).map_err(|e| format!("{}: {e}", zip.display()))?;
    eprintln!(
        "{} redacted file{} with summary.json and README.txt written to {}",
        inputs.len() - made.skipped.len(),
        if inputs.len() - made.skipped.len() == 1 {
            ""
        } else {
            "s"
        },
        zip.display()
    );
    Ok(())
}

//! Files into one workspace, as every command that reads exports needs them.

use std::fs::File;
use std::io::Read;
use std::path::PathBuf;

use mfa_lens_core::workspace::LOAD_CHUNK;
use mfa_lens_core::Workspace;

/// Read each file in 1 MiB chunks (never whole) into one workspace; the files
/// that could not be opened or read, as messages.
pub fn load(files: &[PathBuf]) -> (Workspace, Vec<String>) {
    let mut ws = Workspace::new();
    let mut open_failures: Vec<String> = Vec::new();
    let mut buf = vec![0u8; LOAD_CHUNK];
    for path in files {
        let name = path.display().to_string();
        let mut file = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                open_failures.push(format!("{name}: cannot open: {e}"));
                continue;
            }
        };
        let id = ws.begin_file(&name);
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => ws.push(id, buf.get(..n).unwrap_or(&[])),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    open_failures.push(format!("{name}: read error: {e}"));
                    break;
                }
            }
        }
        ws.finish(id);
    }
    (ws, open_failures)
}

/// Every diagnostic and open failure on stderr as `file:line: message`; an
/// error naming the files that could not be read at all.
pub fn report_problems(ws: &Workspace, open_failures: &[String]) -> Result<(), String> {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    for report in ws.files() {
        for d in &report.diagnostics {
            // Best effort: a closed stderr must not hide the exit status.
            let _ = writeln!(err, "{d}");
        }
    }
    for f in open_failures {
        let _ = writeln!(err, "{f}");
    }
    let unreadable: Vec<&str> = ws
        .files()
        .iter()
        .filter(|r| r.unreadable)
        .map(|r| r.name.as_str())
        .chain(open_failures.iter().map(|s| s.as_str()))
        .collect();
    if unreadable.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} file(s) could not be read: {}",
            unreadable.len(),
            unreadable.join(", ")
        ))
    }
}

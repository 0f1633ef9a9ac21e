//! `mfa-lens generate`: writes deterministic synthetic exports for tests,
//! benchmarks and demos (same seed ⇒ same bytes). A thin wrapper over
//! `mfa_lens_core::generate`.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use mfa_lens_core::generate::{self, GenKind, GenOptions};

/// What the user asked for.
pub struct Request<'a> {
    /// A generator kind name (`sign-ins`, `activity`, ...) or `portal`.
    pub kind: &'a str,
    pub rows: Option<u64>,
    /// A size such as `100MB`; converted to rows for the kind.
    pub size: Option<&'a str>,
    pub seed: u64,
    pub users: Option<usize>,
    pub days: u32,
    /// File to write (`-` or none: standard output), or the directory for `portal`.
    pub out: Option<&'a Path>,
}

/// Names accepted by `--kind`, for the help text and error messages.
pub fn kind_names() -> String {
    let mut names: Vec<&str> = GenKind::ALL
        .iter()
        .chain(&GenKind::JSON)
        .map(|k| k.name())
        .collect();
    names.push("portal");
    names.join(", ")
}

pub fn run(req: &Request<'_>) -> Result<(), String> {
    let size_kind = if req.kind == "portal" {
        Some(GenKind::SignIns)
    } else {
        GenKind::from_name(req.kind)
    };
    let Some(size_kind) = size_kind else {
        return Err(format!(
            "unknown kind {:?}; use one of: {}",
            req.kind,
            kind_names()
        ));
    };
    let rows = match (req.rows, req.size) {
        (Some(_), Some(_)) => return Err("give either --rows or --size, not both".into()),
        (Some(rows), None) => rows,
        (None, Some(size)) => {
            let bytes = generate::parse_size(size).ok_or_else(|| {
                format!("cannot read the size {size:?} (try 100MB, 1.5GB, 64MiB)")
            })?;
            generate::rows_for_bytes_of(size_kind, bytes)
        }
        (None, None) => GenOptions::default().rows,
    };
    let started = Instant::now();
    if req.kind == "portal" {
        let dir = req.out.ok_or("portal needs --out DIR")?;
        let paths = generate::portal_download(rows, req.seed, dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let bytes: u64 = paths
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        for p in &paths {
            println!("{}", p.display());
        }
        report(rows, bytes, started);
        return Ok(());
    }
    let opts = GenOptions {
        rows,
        seed: req.seed,
        users: req.users,
        days: req.days.max(1),
        ..GenOptions::default()
    };
    let (written, bytes) = match req.out.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let file = create(path)?;
            let mut w = BufWriter::new(file);
            let result = generate::generate(size_kind, &opts, &mut w)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            w.flush().map_err(|e| format!("{}: {e}", path.display()))?;
            result
        }
        None => {
            let stdout = io::stdout();
            let mut lock = stdout.lock();
            generate::generate(size_kind, &opts, &mut lock)
                .map_err(|e| format!("standard output: {e}"))?
        }
    };
    report(written, bytes, started);
    Ok(())
}

fn create(path: &Path) -> Result<std::fs::File, String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// One line on stderr, so stdout stays the CSV (or the list of portal files).
fn report(rows: u64, bytes: u64, started: Instant) {
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    eprintln!(
        "mfa-lens: generated {rows} rows, {bytes} bytes in {secs:.2} s ({:.0} MB/s)",
        bytes as f64 / 1e6 / secs
    );
}

/// `PathBuf` helper for clap's `Option<PathBuf>`.
pub fn as_path(p: &Option<PathBuf>) -> Option<&Path> {
    p.as_deref()
}

//! `mfa-lens redact`: a redacted copy of each export, under its own file name
//! in another folder, in its own format (encoding, delimiter, quoting, line
//! endings). A thin wrapper over `mfa_lens_core::redact`.
//!
//! The key: random unless `--key-hex` or `--passphrase-file` gives one. It is
//! printed (once, to standard error, with its warning) only with
//! `--print-key`: a random key nobody kept is the safest key there is — not
//! even the owner of the data can then confirm a guess against the copy — and
//! whoever wants two redactions to line up has asked for a key anyway.

use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use mfa_lens_core::redact::{FileRedactor, Key, Redacted, Redactor};

/// Bytes read at a time: the whole file is never in memory.
const CHUNK: usize = 1 << 20;

/// What the user asked for.
pub struct Request<'a> {
    pub files: &'a [PathBuf],
    /// A folder for the copies, or (`zip`) one ZIP of them; clap asks for one.
    pub out: Option<&'a Path>,
    pub zip: Option<&'a Path>,
    pub key_hex: Option<&'a str>,
    pub passphrase_file: Option<&'a Path>,
    pub print_key: bool,
    pub mapping_out: Option<&'a Path>,
}

const KEY_WARNING: &str = "Keep this key secret: anyone who holds it and the original \
exports can confirm a guess (compute the pseudonym of a name they suspect and look for it). \
Give it only to those who may see the originals.";

pub fn run(req: &Request<'_>) -> Result<(), String> {
    let (key, random) = key_of(req.key_hex, req.passphrase_file)?;
    match (req.out, req.zip) {
        (Some(out), _) => to_folder(req, &key, out)?,
        (None, Some(zip)) => super::bundle::write_zip(req.files, &key, zip)?,
        (None, None) => return Err("give --out DIR or --zip FILE".into()),
    }
    if req.print_key {
        eprintln!("key: {}\n{KEY_WARNING}", key.to_hex());
    } else if random {
        eprintln!(
            "a random key was used and not kept; give --print-key or --passphrase-file to redact later files alike"
        );
    }
    Ok(())
}

fn to_folder(req: &Request<'_>, key: &Key, out: &Path) -> Result<(), String> {
    let targets = targets(req.files, out)?;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut redactor = Redactor::new(key);
    if req.mapping_out.is_some() {
        redactor.keep_mapping();
    }
    for (input, output) in req.files.iter().zip(&targets) {
        let done = redact_file(&mut redactor, input, output)?;
        report(input, output, &done);
    }
    if let Some(path) = req.mapping_out {
        std::fs::write(path, redactor.mapping_csv())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!(
            "mapping of originals to pseudonyms written to {} — it reverses the redaction: keep it with the originals",
            path.display()
        );
    }
    Ok(())
}

/// The key `--key-hex` or `--passphrase-file` gives, else a random one
/// (the flag says so).
pub fn key_of(
    key_hex: Option<&str>,
    passphrase_file: Option<&Path>,
) -> Result<(Key, bool), String> {
    match (key_hex, passphrase_file) {
        (Some(_), Some(_)) => Err("give either --key-hex or --passphrase-file, not both".into()),
        (Some(hex), None) => Ok((Key::from_hex(hex).map_err(|e| e.to_string())?, false)),
        (None, Some(path)) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let line = text.lines().next().unwrap_or("");
            Ok((
                Key::from_passphrase(line).map_err(|e| e.to_string())?,
                false,
            ))
        }
        (None, None) => Ok((Key::random().map_err(|e| e.to_string())?, true)),
    }
}

/// Each input's output path; refuses to overwrite an input or to write two
/// inputs of the same name to one place.
fn targets(files: &[PathBuf], out: &Path) -> Result<Vec<PathBuf>, String> {
    let mut names = HashSet::new();
    let mut targets = Vec::with_capacity(files.len());
    for f in files {
        let name = f
            .file_name()
            .ok_or_else(|| format!("{}: not a file name", f.display()))?;
        if !names.insert(name.to_os_string()) {
            return Err(format!(
                "two inputs are named {}; redact them into different folders",
                Path::new(name).display()
            ));
        }
        let target = out.join(name);
        let same = match (f.canonicalize(), target.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            return Err(format!(
                "{} would overwrite the original; choose another --out folder",
                target.display()
            ));
        }
        targets.push(target);
    }
    Ok(targets)
}

/// Streams one file into `<output>.part`, renamed when complete, so a failed
/// redaction never leaves a half file under the export's name.
fn redact_file(r: &mut Redactor, input: &Path, output: &Path) -> Result<Redacted, String> {
    let at = |e: &dyn std::fmt::Display| format!("{}: {e}", input.display());
    let mut source = File::open(input).map_err(|e| at(&e))?;
    let part = output.with_extension("part");
    let mut sink = File::create(&part).map_err(|e| format!("{}: {e}", part.display()))?;
    let result = (|| {
        let mut file = FileRedactor::new();
        let (mut chunk, mut out) = (vec![0u8; CHUNK], Vec::with_capacity(CHUNK * 2));
        loop {
            let n = source.read(&mut chunk).map_err(|e| at(&e))?;
            if n == 0 {
                break;
            }
            file.push(r, &chunk[..n], &mut out).map_err(|e| at(&e))?;
            sink.write_all(&out).map_err(|e| at(&e))?;
            out.clear();
        }
        let done = file.finish(r, &mut out).map_err(|e| at(&e))?;
        sink.write_all(&out).map_err(|e| at(&e))?;
        sink.flush().map_err(|e| at(&e))?;
        Ok(done)
    })();
    drop(sink);
    match result {
        Ok(done) => {
            std::fs::rename(&part, output).map_err(|e| format!("{}: {e}", output.display()))?;
            Ok(done)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            Err(e)
        }
    }
}

fn report(input: &Path, output: &Path, done: &Redacted) {
    eprintln!(
        "{} → {}: {} ({} rows, {} values replaced in {})",
        input.display(),
        output.display(),
        done.kind,
        done.rows,
        done.replaced_fields,
        if done.replaced_columns.is_empty() {
            "no column".to_string()
        } else {
            done.replaced_columns.join(", ")
        }
    );
    if done.kind == mfa_lens_core::ReportKind::Unknown {
        eprintln!(
            "  warning: MFA Lens does not know this table; only the columns it recognises by name were replaced — check the rest before sharing"
        );
    }
}

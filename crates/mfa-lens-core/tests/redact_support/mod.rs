//! What the redaction tests share: the fixtures read as groups of files,
//! loading and redacting them, and the leak check (every identifying value
//! of the originals, and whether one stands in a text as a whole).

#![allow(dead_code)] // each test file uses its own part

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mfa_lens_core::columns::personal_of;
use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::redact::{Key, Pseudonyms, Redactor};
use mfa_lens_core::Workspace;

pub type Files = Vec<(String, Vec<u8>)>;

pub fn key(byte: u8) -> Key {
    Key::from_hex(&format!("{byte:02x}").repeat(32)).unwrap()
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn csvs(dir: &Path) -> Files {
    let mut files: Files = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Every group of files read together: each fixture alone, each set, the
/// findings fixtures together, and generated files of every kind.
pub fn groups() -> Vec<(String, Files)> {
    let mut out = Vec::new();
    for dir in ["kinds", "quirks", "samples", "reports"] {
        for file in csvs(&fixtures().join(dir)) {
            out.push((format!("{dir}/{}", file.0), vec![file]));
        }
    }
    out.push(("findings".into(), csvs(&fixtures().join("findings"))));
    for set in std::fs::read_dir(fixtures().join("sets")).unwrap() {
        let path = set.unwrap().path();
        out.push((path.display().to_string(), csvs(&path)));
    }
    let opts = GenOptions {
        rows: 600,
        seed: 5,
        ..GenOptions::default()
    };
    for kind in GenKind::ALL {
        let name = format!("{}.csv", kind.name());
        out.push((name.clone(), vec![(name, generate::to_bytes(kind, &opts))]));
    }
    let (mut sign_ins, mut auth) = (Vec::new(), Vec::new());
    generate::sign_ins_with_auth_details(&opts, &mut sign_ins, &mut auth).unwrap();
    out.push((
        "generated pair".into(),
        vec![
            ("InteractiveSignIns_x.csv".into(), sign_ins),
            ("InteractiveSignIns_AuthDetails_x.csv".into(), auth),
        ],
    ));
    out
}

pub fn redact_all(r: &mut Redactor, files: &Files) -> Files {
    files
        .iter()
        .map(|(name, bytes)| match r.redact(bytes) {
            Ok((out, _)) => (name.clone(), out),
            // Not a table: nothing is written, as the CLI does.
            Err(_) => (name.clone(), Vec::new()),
        })
        .collect()
}

pub fn load(files: &Files) -> Workspace {
    let mut ws = Workspace::new();
    for (name, bytes) in files {
        ws.load(name, bytes);
    }
    ws
}

/// The text of a file as a lower-case string, whatever its encoding.
pub fn text_of(bytes: &[u8]) -> String {
    let (text, _, _) = if bytes.starts_with(b"\xFF\xFE") {
        encoding_rs::UTF_16LE.decode(bytes)
    } else if bytes.starts_with(b"\xFE\xFF") {
        encoding_rs::UTF_16BE.decode(bytes)
    } else {
        (String::from_utf8_lossy(bytes), encoding_rs::UTF_8, false)
    };
    text.to_lowercase()
}

/// Every distinct value of every identifying column, as MFA Lens read it,
/// but those the rules keep on purpose (a password source, a phone already
/// masked, a country alone): a value whose pseudonym is itself.
pub fn identifying_values(ws: &Workspace) -> BTreeSet<String> {
    let p = Pseudonyms::new(&key(99));
    let mut values = BTreeSet::new();
    for f in ws.files() {
        let Some(t) = ws.table(f.id) else { continue };
        for (c, caption) in t.names().iter().enumerate() {
            let Some(class) = personal_of(caption) else {
                continue;
            };
            for row in 0..t.rows() {
                let v = t.get(row, c).trim();
                if v.chars().count() >= 3 && p.of(class, v) != v {
                    values.insert(v.to_lowercase());
                }
            }
        }
    }
    values
}

/// `value` stands in `text` as a whole: not inside a longer word (the
/// block reason "Blocked by administrator" is not in the completion reason
/// "Unblocked by administrator").
pub fn contains_whole(text: &str, value: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(value).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + value.len()..].chars().next())
    })
}

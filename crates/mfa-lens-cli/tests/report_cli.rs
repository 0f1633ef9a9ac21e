//! `mfa-lens report` and `mfa-lens redact --zip` end to end: the report is
//! written with its privacy line and no script, names nobody with
//! `--redact`; the ZIP's summary is what `mfa-lens summary` prints for the
//! redacted files it holds.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn mfa_lens(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mfa-lens"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run mfa-lens")
}

fn findings_files() -> Vec<String> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../mfa-lens-core/tests/fixtures/findings");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    files.sort();
    files
}

fn temp_dir(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mfa-lens-{what}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn args<'a>(head: &[&'a str], files: &'a [String], tail: &[&'a str]) -> Vec<&'a str> {
    let mut out = head.to_vec();
    out.extend(files.iter().map(String::as_str));
    out.extend(tail);
    out
}

#[test]
fn the_report_is_written_and_with_redact_names_nobody() {
    let dir = temp_dir("report");
    let files = findings_files();
    let plain = mfa_lens(
        &dir,
        &args(
            &["report"],
            &files,
            &[
                "--out",
                "plain.html",
                "--made-at",
                "2026-12-05T08:00:00Z",
                "--title",
                "Case 42",
            ],
        ),
    );
    assert!(
        plain.status.success(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    let html = std::fs::read_to_string(dir.join("plain.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<title>Case 42</title>") && html.contains("2026-12-05T08:00:00Z"));
    assert!(html.contains("Contains personal data"));
    assert!(html.contains("carol@contoso.com") && html.contains("mallory@contoso.com"));
    assert!(!html.to_ascii_lowercase().contains("<script"));

    let hex = "07".repeat(32);
    let red = mfa_lens(
        &dir,
        &args(
            &["report"],
            &files,
            &["--out", "red.html", "--redact", "--key-hex", &hex],
        ),
    );
    assert!(
        red.status.success(),
        "{}",
        String::from_utf8_lossy(&red.stderr)
    );
    let html = std::fs::read_to_string(dir.join("red.html")).unwrap();
    assert!(html
        .contains("Redacted copy: names, addresses and identifiers replaced by keyed pseudonyms"));
    for original in [
        "alice@contoso.com",
        "bob@contoso.com",
        "contoso.com",
        "198.51.100.10",
        "Seattle",
    ] {
        assert!(
            !html.contains(original),
            "{original} in the redacted report"
        );
    }
    // The findings are still there, under pseudonyms.
    assert!(html.contains("MFA fatigue (prompt bombing)"));

    let refused = mfa_lens(
        &dir,
        &args(&["report"], &files, &["--out", "x.html", "--key-hex", &hex]),
    );
    assert!(
        !refused.status.success(),
        "a key without --redact is refused"
    );
}

#[test]
fn the_zip_s_summary_is_the_summary_of_its_files() {
    let dir = temp_dir("zip");
    let files = findings_files();
    let made = mfa_lens(&dir, &args(&["redact"], &files, &["--zip", "copy.zip"]));
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let bytes = std::fs::read(dir.join("copy.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names = Vec::new();
    let unpacked = dir.join("unpacked");
    std::fs::create_dir_all(&unpacked).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        let text = String::from_utf8_lossy(&data);
        assert!(!text.contains("alice@contoso.com"), "{}", entry.name());
        std::fs::write(unpacked.join(entry.name()), &data).unwrap();
        names.push(entry.name().to_string());
    }
    let mut expected: Vec<String> = files
        .iter()
        .map(|f| {
            Path::new(f)
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .to_string()
        })
        .collect();
    expected.extend(["summary.json".to_string(), "README.txt".to_string()]);
    assert_eq!(names, expected);

    let csvs = &names[..names.len() - 2];
    let summary = mfa_lens(&unpacked, &args(&["summary"], csvs, &[]));
    let in_zip = std::fs::read_to_string(unpacked.join("summary.json")).unwrap();
    assert_eq!(String::from_utf8_lossy(&summary.stdout), in_zip);
    let readme = std::fs::read_to_string(unpacked.join("README.txt")).unwrap();
    assert!(readme.contains("The key is not included"));

    let both = mfa_lens(
        &dir,
        &args(&["redact"], &files, &["--zip", "a.zip", "--out", "d"]),
    );
    assert!(
        !both.status.success(),
        "--zip and --out together are refused"
    );
}

//! `mfa-lens summary` end to end: real process, real files.

use std::path::PathBuf;
use std::process::Command;

fn samples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../mfa-lens-core/tests/fixtures/samples")
}

fn quirks() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../mfa-lens-core/tests/fixtures/quirks")
}

fn mfa_lens(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mfa-lens"))
        .args(args)
        .output()
        .expect("run mfa-lens")
}

#[test]
fn summary_of_the_portal_pair_is_summary_json_v1() {
    let a = samples().join("InteractiveSignIns_2024-05-01_2024-05-02.csv");
    let b = samples().join("InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv");
    let out = mfa_lens(&[
        "summary".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
        "--pretty".as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("\n  \"schema\""), "not pretty: {stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["schema"], "mfa-lens.summary.v1");
    assert_eq!(v["files"].as_array().unwrap().len(), 2);
    assert_eq!(v["sign_ins"]["total"], 6);
    assert_eq!(v["sign_ins"]["denied"], 1);
    assert_eq!(v["sign_ins"]["auth_details_joined"], 6);
    // Diagnostics go to stderr as file:line: message.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("InteractiveSignIns_2024-05-01_2024-05-02.csv:1: The header names"),
        "{stderr}"
    );
}

#[test]
fn an_unreadable_file_fails_after_printing_the_rest() {
    let good = samples().join("MFA_Report_MSOnline.csv");
    let xlsx = quirks().join("xlsx_renamed.csv");
    let out = mfa_lens(&["summary".as_ref(), good.as_os_str(), xlsx.as_os_str()]);
    assert!(!out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["registration"]["users"], 4);
    assert_eq!(v["files"][1]["unreadable"], true);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("xlsx_renamed.csv"), "{stderr}");
    assert!(
        stderr.contains("Excel workbook or a ZIP archive"),
        "{stderr}"
    );
}

#[test]
fn a_missing_file_is_an_error_too() {
    let out = mfa_lens(&["summary".as_ref(), "/nonexistent/nope.csv".as_ref()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.csv"));
}

fn kinds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../mfa-lens-core/tests/fixtures/kinds")
}

#[test]
fn registration_lists_who_has_and_who_has_not_registered() {
    let portal = kinds().join("UserRegistrationDetails_admins.csv");
    let out = mfa_lens(&["registration".as_ref(), portal.as_os_str()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "alice.nguyen@contoso.com\nBob.Martins@contoso.com\ncarol.diaz@contoso.com\nhenry.ito@contoso.com\n"
    );
    let msol = kinds().join("MFA_Report_MSOnline.csv");
    let out = mfa_lens(&[
        "registration".as_ref(),
        "--not-registered".as_ref(),
        portal.as_os_str(),
        msol.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Users of both reports together, each once: dave is in both.
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "dave.okafor@contoso.com\nfrank.li@contoso.com\ngrace.hopper@contoso.com\nivan.petrov@contoso.com\n"
    );
}

#[test]
fn registration_without_a_registration_report_fails_and_says_why() {
    let sign_ins = samples().join("InteractiveSignIns_2024-05-01_2024-05-02.csv");
    let out = mfa_lens(&["registration".as_ref(), sign_ins.as_os_str()]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("none of these files is a registration report"));
}

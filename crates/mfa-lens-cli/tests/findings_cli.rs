//! `mfa-lens findings` end to end: real process, the core's findings fixtures.

use std::path::PathBuf;
use std::process::Command;

use mfa_lens_core::findings::RULES;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../mfa-lens-core/tests/fixtures/findings")
        .join(name)
}

fn mfa_lens(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mfa-lens"))
        .args(args)
        .output()
        .expect("run mfa-lens")
}

fn sign_ins() -> [PathBuf; 2] {
    [
        fixture("InteractiveSignIns_2024-05-01_2024-05-02.csv"),
        fixture("NonInteractiveSignIns_2024-05-01_2024-05-02.csv"),
    ]
}

#[test]
fn one_line_per_finding_most_urgent_first() {
    let [a, b] = sign_ins();
    let out = mfa_lens(&["findings".as_ref(), a.as_os_str(), b.as_os_str()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 8, "{stdout}");
    assert!(lines[0].starts_with("HIGH   mfa-fatigue"), "{stdout}");
    assert!(lines[0].contains("dave@contoso.com  2024-05-01T10:00:00Z → 2024-05-01T10:04:00Z  5  Revoke the user's sessions"), "{stdout}");
    assert!(lines[7].starts_with("INFO   prompt-volume"), "{stdout}");
    assert!(lines[7].contains("sign-in frequency"), "{stdout}");
    assert!(stdout.contains("Block legacy authentication with a Conditional Access policy"));
}

#[test]
fn json_is_the_summary_section_and_flags_set_thresholds() {
    let [a, b] = sign_ins();
    let out = mfa_lens(&[
        "findings".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
        "--json".as_ref(),
        "--min-prompts".as_ref(),
        "4".as_ref(),
        "--gap-minutes".as_ref(),
        "15".as_ref(),
        "--multiple".as_ref(),
        "2.5".as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["settings"]["mfa_fatigue"]["min_prompts"], 4);
    assert_eq!(v["settings"]["mfa_fatigue"]["gap_minutes"], 15);
    assert_eq!(v["settings"]["prompt_volume"]["multiple"], 2.5);
    let fatigue = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["rule"] == "mfa-fatigue")
        .count();
    assert_eq!(fatigue, 5);
    // The summary with the same files and default flags carries the default section.
    let summary = mfa_lens(&["summary".as_ref(), a.as_os_str(), b.as_os_str()]);
    let s: serde_json::Value = serde_json::from_slice(&summary.stdout).unwrap();
    let defaults = mfa_lens(&[
        "findings".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
        "--json".as_ref(),
    ]);
    let d: serde_json::Value = serde_json::from_slice(&defaults.stdout).unwrap();
    assert_eq!(s["findings"], d);
}

#[test]
fn every_threshold_has_its_flag() {
    let out = mfa_lens(&["findings".as_ref(), "--help".as_ref()]);
    let help = String::from_utf8(out.stdout).unwrap();
    for t in RULES.iter().flat_map(|r| r.thresholds) {
        assert!(help.contains(t.flag), "{} missing from --help", t.flag);
        assert!(
            help.contains(&format!("[default: {}]", t.default)),
            "default of {} not shown",
            t.flag
        );
    }
}

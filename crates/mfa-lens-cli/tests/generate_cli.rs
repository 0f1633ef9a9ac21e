//! `mfa-lens generate` end to end: deterministic output, sizes, kinds, portal
//! folders and clear errors.

use std::process::Command;

fn mfa_lens(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mfa-lens"))
        .args(args)
        .output()
        .expect("run mfa-lens")
}

#[test]
fn same_seed_same_bytes_on_stdout() {
    let a = mfa_lens(&[
        "generate", "--kind", "sign-ins", "--rows", "25", "--seed", "3",
    ]);
    let b = mfa_lens(&[
        "generate", "--kind", "sign-ins", "--rows", "25", "--seed", "3",
    ]);
    let c = mfa_lens(&[
        "generate", "--kind", "sign-ins", "--rows", "25", "--seed", "4",
    ]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(a.stdout, b.stdout);
    assert_ne!(a.stdout, c.stdout);
    assert!(a.stdout.starts_with(b"\xEF\xBB\xBF\"Date (UTC)\""));
    assert_eq!(a.stdout.windows(2).filter(|w| w == b"\r\n").count(), 26);
    assert!(String::from_utf8_lossy(&a.stderr).contains("generated 25 rows"));
}

#[test]
fn size_file_output_and_summary_round_trip() {
    let dir = std::env::temp_dir().join(format!("mfa-lens-cli-gen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("nested/activity.csv");
    let out = mfa_lens(&[
        "generate",
        "--kind",
        "activity",
        "--size",
        "200kB",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let len = std::fs::metadata(&path).unwrap().len() as f64;
    assert!(
        (len / 200_000.0 - 1.0).abs() < 0.1,
        "about 200 kB, got {len}"
    );
    let summary = mfa_lens(&["summary", path.to_str().unwrap()]);
    assert!(summary.status.success());
    let json: serde_json::Value = serde_json::from_slice(&summary.stdout).unwrap();
    assert_eq!(json["files"][0]["kind"], "mfa-server-activity");

    let portal = dir.join("portal");
    let out = mfa_lens(&[
        "generate",
        "--kind",
        "portal",
        "--rows",
        "10",
        "--seed",
        "2",
        "--out",
        portal.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(listed.lines().count(), 3);
    assert!(portal
        .join("InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv")
        .exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_requests_fail_with_a_message() {
    let out = mfa_lens(&["generate", "--kind", "nonsense", "--rows", "1"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown kind") && err.contains("sign-ins-44"),
        "{err}"
    );
    let out = mfa_lens(&["generate", "--size", "huge"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the size"));
    let out = mfa_lens(&["generate", "--kind", "portal", "--rows", "1"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out DIR"));
}

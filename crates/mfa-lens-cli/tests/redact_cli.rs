//! `mfa-lens redact` end to end: each file under its own name, the key only
//! when asked, a mapping only when asked, the originals never overwritten.

use std::path::{Path, PathBuf};
use std::process::Command;

fn mfa_lens(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mfa-lens"))
        .args(args)
        .output()
        .expect("run mfa-lens")
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../mfa-lens-core/tests/fixtures/samples")
        .join(name)
}

#[test]
fn redacts_each_file_by_name_and_prints_the_key_only_when_asked() {
    let dir = std::env::temp_dir().join(format!("mfa-lens-redact-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let input = sample("InteractiveSignIns_2024-05-01_2024-05-02.csv");
    let (i, d) = (input.to_str().unwrap(), dir.to_str().unwrap());
    let quiet = mfa_lens(&["redact", i, "--out", d]);
    assert!(
        quiet.status.success(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
    let said = String::from_utf8_lossy(&quiet.stderr);
    assert!(!said.contains("key: "), "{said}");
    let out = std::fs::read(dir.join(input.file_name().unwrap())).unwrap();
    let text = String::from_utf8_lossy(&out);
    assert!(!text.contains("alice.nguyen@contoso.com") && text.contains("MFA completed"));

    let hex = "07".repeat(32);
    let map = dir.join("map.csv");
    let loud = mfa_lens(&[
        "redact",
        i,
        "--out",
        d,
        "--key-hex",
        &hex,
        "--print-key",
        "--mapping-out",
        map.to_str().unwrap(),
    ]);
    let said = String::from_utf8_lossy(&loud.stderr);
    assert!(
        said.contains(&format!("key: {hex}")) && said.contains("confirm a guess"),
        "{said}"
    );
    assert!(std::fs::read_to_string(&map)
        .unwrap()
        .contains("alice.nguyen@contoso.com"));

    let parent = input.parent().unwrap().to_str().unwrap();
    let refused = mfa_lens(&["redact", i, "--out", parent]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("overwrite the original"));
    let _ = std::fs::remove_dir_all(&dir);
}

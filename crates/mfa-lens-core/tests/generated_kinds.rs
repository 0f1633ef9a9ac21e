//! Every file the generator writes is recognised by the engine as the kind it was
//! meant to be, loads without dropped rows, and summarises to numbers that agree
//! with how it was generated.

use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::{Summary, Workspace};

fn load(files: &[(&str, Vec<u8>)]) -> Workspace {
    let mut ws = Workspace::new();
    for (name, bytes) in files {
        let id = ws.begin_file(name);
        // odd chunk size so boundaries fall inside fields, quotes and CRLF pairs
        for chunk in bytes.chunks(7_777) {
            ws.push(id, chunk);
        }
        ws.finish(id);
    }
    ws
}

#[test]
fn every_generated_kind_is_detected_as_intended() {
    for kind in GenKind::ALL {
        let opts = GenOptions {
            rows: 400,
            seed: 17,
            ..GenOptions::default()
        };
        let bytes = generate::to_bytes(kind, &opts);
        let rows = bytes.split(|&b| b == b'\n').count() as u64 - 2; // header + final empty piece
        let ws = load(&[(kind.name(), bytes)]);
        let summary = Summary::of(&ws);
        let file = &summary.files[0];
        assert_eq!(
            file.kind,
            kind.expected_kind_id(),
            "{kind:?} detected as {}",
            file.kind
        );
        assert_eq!(file.rows, rows, "{kind:?} rows");
        assert_eq!(file.bad_rows, 0, "{kind:?} bad rows");
        assert!(!file.unreadable, "{kind:?}");
    }
}

#[test]
fn generated_sign_ins_summarise_consistently() {
    let opts = GenOptions {
        rows: 5_000,
        seed: 23,
        ..GenOptions::default()
    };
    let (mut s, mut a) = (Vec::new(), Vec::new());
    let written = generate::sign_ins_with_auth_details(&opts, &mut s, &mut a).unwrap();
    let ws = load(&[
        (
            "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv",
            a,
        ),
        ("InteractiveSignIns_2024-05-01_2024-05-02.csv", s),
    ]);
    let summary = Summary::of(&ws);
    assert_eq!(summary.files[0].rows, written.auth_rows);
    let si = summary.sign_ins.expect("sign-in section");
    assert_eq!(si.total, 5_000);
    assert_eq!(
        si.satisfied + si.denied + si.interrupted + si.no_mfa,
        si.total
    );
    assert_eq!(
        si.auth_details_joined, 5_000,
        "every generated sign-in has its steps"
    );
    let required = si.mfa_required as f64 / si.total as f64;
    assert!(
        (0.35..0.45).contains(&required),
        "MFA required share {required}"
    );
    // scenario weights: satisfied ≈ 30%, interrupted ≈ 7%, denied ≈ 3% of all rows
    assert!(
        si.satisfied > 1_200 && si.satisfied < 1_800,
        "satisfied {}",
        si.satisfied
    );
    assert!(si.denied > 75 && si.denied < 250, "denied {}", si.denied);
    assert!(
        si.interrupted > 200 && si.interrupted < 500,
        "interrupted {}",
        si.interrupted
    );
    assert!(si.users > 100 && si.users <= 300, "users {}", si.users);
    assert!(si
        .denial_reasons
        .contains_key("user declined the authentication"));
    assert!(
        si.denial_reasons
            .contains_key("unable to reach the user's phone"),
        "typographic apostrophe folded"
    );
    assert!(si.methods.contains_key("Mobile app notification"));
}

#[test]
fn portal_download_loads_as_one_tenant() {
    let dir = std::env::temp_dir().join(format!("mfa-lens-generated-kinds-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let paths = generate::portal_download_with_limit(1_500, 8, &dir, 1_000).unwrap();
    let files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(p).unwrap(),
            )
        })
        .collect();
    let borrowed: Vec<(&str, Vec<u8>)> =
        files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let summary = Summary::of(&load(&borrowed));
    let kinds: Vec<&str> = summary.files.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["entra-sign-ins", "entra-auth-details", "entra-sign-ins"].repeat(2)
    );
    let si = summary.sign_ins.expect("sign-ins");
    assert_eq!(si.total, 3_000, "1,500 interactive + 1,500 non-interactive");
    assert_eq!(
        si.auth_details_joined, 1_500,
        "steps join the interactive rows only"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn exactly_the_portal_limit_is_flagged_as_probably_cut_off() {
    use mfa_lens_core::DiagnosticCode;
    // MSOnline rows are small, so the 100,000-row files stay cheap in debug builds.
    let flagged = |rows: u64| {
        let bytes = generate::to_bytes(
            GenKind::MsolMfaStatus,
            &GenOptions {
                rows,
                seed: 4,
                ..GenOptions::default()
            },
        );
        let ws = load(&[("MFA_Report.csv", bytes)]);
        let file = &ws.files()[0];
        assert_eq!(file.rows, rows);
        file.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::ProbablyTruncated)
    };
    assert!(flagged(generate::PORTAL_ROW_LIMIT));
    assert!(!flagged(generate::PORTAL_ROW_LIMIT - 1));
}

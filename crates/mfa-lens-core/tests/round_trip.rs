//! The same generated sign-ins as the portal's CSV download with its
//! auth-details file, as the portal's JSON download and as a Log Analytics
//! CSV export: the three Summary JSON `sign_ins` sections are equal, field
//! for field, and so are the findings.
//!
//! What the join defines (`auth_details_joined`, `auth_details_rows`,
//! `auth_details_join_rate`) is compared too: the steps the JSON download and
//! the Log Analytics export carry in each sign-in are joined exactly like the
//! auth-details file's rows (`LoadedFile::steps`),
//! so those figures count the same steps. The `files` section differs by
//! design (two files against one, their kinds) and is not compared.

use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::{Summary, Workspace};

fn summary_of(files: &[(&str, &[u8])]) -> Summary {
    let mut ws = Workspace::new();
    for (name, bytes) in files {
        let id = ws.begin_file(name);
        // 100 KiB slices, like a face that reads a file piece by piece.
        for chunk in bytes.chunks(100 * 1024) {
            ws.push(id, chunk);
        }
        ws.finish_deferred(id);
    }
    ws.settle();
    Summary::of(&ws)
}

fn round_trip(opts: &GenOptions) {
    let (mut csv, mut auth) = (Vec::new(), Vec::new());
    generate::sign_ins_with_auth_details(opts, &mut csv, &mut auth).unwrap();
    let json = generate::to_bytes(GenKind::SignInsJson, opts);
    let log_analytics = generate::to_bytes(GenKind::LogAnalytics, opts);
    let portal = summary_of(&[
        ("InteractiveSignIns_2024-05-01_2024-05-02.csv", &csv),
        (
            "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv",
            &auth,
        ),
    ]);
    let a = portal.sign_ins.clone().unwrap();
    assert!(a.denied > 0 && a.satisfied > 0 && a.interrupted > 0 && a.auth_details_rows > 0);
    for (name, bytes, kind) in [
        ("InteractiveSignIns.json", &json, "entra-sign-ins-json"),
        ("query_data.csv", &log_analytics, "log-analytics-sign-ins"),
    ] {
        let other = summary_of(&[(name, bytes)]);
        assert_eq!(other.files[0].kind, kind);
        assert_eq!(other.files[0].rows, opts.rows, "{kind}");
        assert_eq!(other.files[0].diagnostics, 0, "{kind}");
        assert_eq!(Some(&a), other.sign_ins.as_ref(), "{kind}");
        assert_eq!(portal.findings, other.findings, "{kind}");
    }
}

#[test]
fn the_portal_csv_the_json_download_and_the_log_analytics_export_summarise_alike() {
    for seed in [1, 7, 42] {
        round_trip(&GenOptions {
            rows: 2_000,
            seed,
            ..GenOptions::default()
        });
    }
}

//! A Log Analytics sign-in export saved as CSV: detected as its own kind,
//! its locale dates read as UTC instants, and the same rows whatever the
//! slices it arrives in.

mod slices;

use std::path::PathBuf;

use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::{ReportKind, Summary};
use proptest::prelude::*;

fn fixture() -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/kinds/log_analytics_sign_ins.csv");
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn the_detector_picks_each_sign_in_form() {
    let opts = GenOptions {
        rows: 50,
        ..GenOptions::default()
    };
    let (mut csv, mut auth) = (Vec::new(), Vec::new());
    generate::sign_ins_with_auth_details(&opts, &mut csv, &mut auth).unwrap();
    let cases: [(&str, Vec<u8>, ReportKind); 4] = [
        ("InteractiveSignIns.csv", csv, ReportKind::EntraSignIns),
        (
            "InteractiveSignIns_AuthDetails.csv",
            auth,
            ReportKind::EntraAuthDetails,
        ),
        (
            "InteractiveSignIns.json",
            generate::to_bytes(GenKind::SignInsJson, &opts),
            ReportKind::EntraSignInsJson,
        ),
        (
            "query_data.csv",
            generate::to_bytes(GenKind::LogAnalytics, &opts),
            ReportKind::LogAnalyticsSignIns,
        ),
    ];
    assert_eq!(
        GenKind::SignInsJson.expected_kind_id(),
        "entra-sign-ins-json"
    );
    assert_eq!(
        GenKind::LogAnalytics.expected_kind_id(),
        "log-analytics-sign-ins"
    );
    for (name, bytes, kind) in cases {
        let (ws, _) = slices::load_in(name, &bytes, &[]);
        assert_eq!(ws.files()[0].kind, kind, "{name}");
    }
}

#[test]
fn locale_dates_are_read_as_utc_instants() {
    let (ws, id) = slices::load_in("query_data.csv", &fixture(), &[]);
    let table = ws.table(id).unwrap();
    // 2023-09-19T13:45:16Z (CreatedDateTime, preferred over TimeGenerated)
    // and 2023-09-20T00:00:00Z (12 AM is midnight).
    assert_eq!(table.timestamp(0), Some(1_695_131_116));
    assert_eq!(table.timestamp(2), Some(1_695_168_000));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_slicing_gives_the_same_summary(cuts in prop::collection::vec(0usize..500, 0..10)) {
        let data = fixture();
        let (whole, _) = slices::load_in("query_data.csv", &data, &[]);
        let (sliced, _) = slices::load_in("query_data.csv", &data, &cuts);
        prop_assert_eq!(&whole.files()[0].diagnostics, &sliced.files()[0].diagnostics);
        prop_assert_eq!(Summary::of(&whole), Summary::of(&sliced));
    }
}

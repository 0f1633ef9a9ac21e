//! The portal's JSON download: detected as its own kind, classified as the
//! CSV download with its auth-details file says, and read the same whatever
//! the slices it arrives in.

mod slices;

use std::collections::BTreeMap;
use std::path::PathBuf;

use mfa_lens_core::columns::Role;
use mfa_lens_core::{DiagnosticCode, FileId, ReportKind, Summary, Workspace};
use proptest::prelude::*;
use slices::load_in;

fn bytes(path: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The file's diagnostics about elements that are not sign-ins.
fn malformed(f: &mfa_lens_core::FileReport) -> Vec<&mfa_lens_core::Diagnostic> {
    f.diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::MalformedJson)
        .collect()
}

const QUIRKS: &str = "kinds/entra_sign_ins_json_quirks.json";

/// Every cell of the file's table, row by row.
fn cells(ws: &Workspace, id: FileId) -> Vec<Vec<String>> {
    let t = ws.table(id).unwrap();
    (0..t.rows())
        .map(|r| {
            (0..t.column_count())
                .map(|c| t.get(r, c).to_string())
                .collect()
        })
        .collect()
}

/// Request ID → outcome, for the sign-in files of a workspace.
fn outcomes(ws: &Workspace) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for f in ws.files() {
        let (Some(t), Some(classes)) = (ws.table(f.id), ws.sign_in_classes(f.id)) else {
            continue;
        };
        let header: Vec<&str> = t.names().iter().map(String::as_str).collect();
        let map = mfa_lens_core::columns::ColumnMap::new(&header);
        let col = map.get(Role::RequestId).unwrap();
        for (row, class) in classes.rows.iter().enumerate() {
            out.insert(
                t.get(row, col).to_string(),
                format!("{:?}", class.outcome()),
            );
        }
    }
    out
}

#[test]
fn the_json_download_is_its_own_kind_and_the_csv_is_unchanged() {
    let mut ws = Workspace::new();
    ws.load("InteractiveSignIns.json", &bytes(QUIRKS));
    ws.load(
        "InteractiveSignIns.csv",
        &bytes("samples/InteractiveSignIns_2024-05-01_2024-05-02.csv"),
    );
    let kinds: Vec<ReportKind> = ws.files().iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [ReportKind::EntraSignInsJson, ReportKind::EntraSignIns]
    );
    assert_eq!(ReportKind::EntraSignInsJson.id(), "entra-sign-ins-json");
}

#[test]
fn each_json_sign_in_is_classified_as_its_csv_row_with_auth_details() {
    let mut csv = Workspace::new();
    csv.load(
        "InteractiveSignIns_2024-05-01_2024-05-02.csv",
        &bytes("samples/InteractiveSignIns_2024-05-01_2024-05-02.csv"),
    );
    csv.load(
        "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv",
        &bytes("samples/InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv"),
    );
    let mut json = Workspace::new();
    json.load(
        "InteractiveSignIns_2024-05-01_2024-05-02.json",
        &bytes("samples/InteractiveSignIns_2024-05-01_2024-05-02.json"),
    );
    let (from_csv, from_json) = (outcomes(&csv), outcomes(&json));
    assert_eq!(from_json.len(), 3);
    for (request, outcome) in &from_json {
        assert_eq!(from_csv.get(request), Some(outcome), "request {request}");
    }
}

#[test]
fn a_malformed_element_is_one_diagnostic_at_its_line_and_the_rest_is_kept() {
    let (ws, id) = load_in("download.json", &bytes(QUIRKS), &[]);
    let f = &ws.files()[0];
    assert_eq!(f.rows, 4);
    let bad = malformed(f);
    assert_eq!(bad.len(), 1, "{:?}", f.diagnostics);
    assert_eq!(bad[0].line, Some(31));
    assert!(bad[0].message.contains("byte 2,150"), "{}", bad[0].message);
    assert_eq!(cells(&ws, id).len(), 4);
}

#[test]
fn a_json_object_that_is_no_sign_in_counts_as_none() {
    // A manifest, or another Graph object, dropped by mistake: every
    // sign-in field is optional, but a sign-in has at least an id.
    let manifest = br#"{ "files": [ { "path": "a.csv", "bytes": 10, "rows": 1 } ] }"#;
    let (ws, _) = load_in("manifest.json", manifest, &[]);
    let f = &ws.files()[0];
    assert_eq!(f.rows, 0);
    let bad = malformed(f);
    assert_eq!(bad.len(), 1, "{:?}", f.diagnostics);
    assert!(
        bad[0].message.contains("none of a sign-in's id"),
        "{}",
        bad[0].message
    );
    // Beside real sign-ins, such an element is skipped and they are kept.
    let mixed = br#"[{"id":"a1","userPrincipalName":"x@contoso.com"},{"files":[]},{"createdDateTime":"2024-05-01T10:00:00Z"}]"#;
    let (ws, _) = load_in("mixed.json", mixed, &[]);
    assert_eq!(ws.files()[0].rows, 2);
    assert!(Summary::of(&ws).sign_ins.is_some_and(|s| s.total == 2));
}

#[test]
fn a_download_cut_short_keeps_the_sign_ins_before_the_cut() {
    let data = bytes(QUIRKS);
    // Cut inside Bob's element (the second, from line 17): Alice is kept,
    // Bob's half is reported at the line where it breaks off (19: the
    // diagnostic's line is where the parser stopped, the message gives the
    // element's first byte), and the open array is reported too.
    let bob = data.windows(9).position(|w| w == b"\"id\": \"b2").unwrap();
    let (ws, _) = load_in("download.json", &data[..bob + 100], &[]);
    let f = &ws.files()[0];
    assert_eq!(f.kind, ReportKind::EntraSignInsJson);
    assert_eq!(f.rows, 1, "{:?}", f.diagnostics);
    let codes: Vec<_> = f.diagnostics.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(
        codes,
        [
            (DiagnosticCode::MalformedJson, Some(19)),
            (DiagnosticCode::ProbablyTruncated, None)
        ]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Any slicing gives the same rows, diagnostics and summary.
    #[test]
    fn any_slicing_gives_the_same_rows(cuts in prop::collection::vec(0usize..700, 0..12)) {
        let data = bytes(QUIRKS);
        let (whole, whole_id) = load_in("download.json", &data, &[]);
        let (sliced, sliced_id) = load_in("download.json", &data, &cuts);
        prop_assert_eq!(cells(&whole, whole_id), cells(&sliced, sliced_id));
        prop_assert_eq!(&whole.files()[0].diagnostics, &sliced.files()[0].diagnostics);
        prop_assert_eq!(Summary::of(&whole), Summary::of(&sliced));
    }
}

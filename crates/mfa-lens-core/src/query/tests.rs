//! Tests of the query engine on small hand-built workspaces and the fixtures.

use super::*;
use crate::Workspace;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{path}")).unwrap()
}

/// A sign-in header the detector recognises, with a numeric column.
const SIGN_IN_HEADER: &str = "Date (UTC),Request ID,User,Username,Application,Status,Sign-in error code,Failure reason,Multifactor authentication result,Multifactor authentication auth method,Authentication requirement,Latency\n";

/// Six sign-ins over two days.
const SIGN_INS: &str = "\
2024-05-01T08:00:00Z,r1,Alice,alice@contoso.com,Outlook,Success,0,,MFA completed in Azure AD,Mobile app notification,Multifactor authentication,120
2024-05-01T09:30:00Z,r2,Bob,bob@contoso.com,Teams,Failure,500121,Strong auth failed,MFA denied; user declined the authentication,Mobile app notification,Multifactor authentication,80
2024-05-01T09:45:00Z,r3,Alice,ALICE@contoso.com,Teams,Interrupted,50074,Strong Authentication is required.,MFA required in Azure AD,,Multifactor authentication,5
2024-05-02T10:00:00Z,r4,Carol,carol@contoso.com,Outlook,Failure,50126,Invalid username or password,,,Single-factor authentication,1000
2024-05-02T11:00:00Z,r5,Dave,dave@contoso.com,=cmd|' /C calc'!A0,Success,0,,,,Single-factor authentication,
not a date,r6,Bob,bob@contoso.com,Outlook,Failure,'500121,,MFA denied; fraud code entered,Phone call (standard),Multifactor authentication,7
";

fn sign_in_workspace() -> (Workspace, crate::FileId) {
    let mut ws = Workspace::new();
    let csv = format!("{SIGN_IN_HEADER}{SIGN_INS}");
    let id = ws.load(
        "InteractiveSignIns_2024-05-01_2024-05-02.csv",
        csv.as_bytes(),
    );
    assert_eq!(
        ws.files()[0].kind,
        crate::ReportKind::EntraSignIns,
        "{:?}",
        ws.files()
    );
    (ws, id)
}

fn rows_of(result: &ResultSet) -> Vec<usize> {
    result.rows.iter().map(|r| r.row()).collect()
}

fn q(filters: Vec<Filter>) -> Query {
    Query {
        filters,
        ..Query::default()
    }
}

fn eq(column: &str, values: &[&str]) -> Filter {
    Filter::Equals {
        column: column.into(),
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

#[test]
fn computed_columns_come_from_the_classification() {
    let (ws, _) = sign_in_workspace();
    let all = run(&ws, &Query::default());
    assert_eq!(all.total, 6);
    let keys: Vec<String> = [
        "username",
        "$outcome",
        "$mfa_required",
        "$reason",
        "$category",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let p = page(&ws, &all, 0, 10, &keys);
    assert_eq!(p.columns, keys);
    assert_eq!(
        p.captions,
        [
            "Username",
            "Outcome",
            "MFA required",
            "Denial reason",
            "Category"
        ]
    );
    assert_eq!(
        p.row_cells(0),
        ["alice@contoso.com", "satisfied", "yes", "", ""]
    );
    assert_eq!(
        p.row_cells(1),
        [
            "bob@contoso.com",
            "denied",
            "yes",
            "user declined the authentication",
            "user action"
        ]
    );
    assert_eq!(p.row_cells(2)[1], "interrupted");
    assert_eq!(p.row_cells(3)[1..3], ["no_mfa", "no"]);
    assert_eq!(p.row_cells(5)[3], "fraud code entered");
}

#[test]
fn each_filter_kind_selects_exactly_its_rows() {
    let (ws, _) = sign_in_workspace();
    let r = |f: Vec<Filter>| rows_of(&run(&ws, &q(f)));
    assert_eq!(r(vec![eq("status", &["Failure"])]), [1, 3, 5]);
    assert_eq!(
        r(vec![eq("status", &["Failure", "Interrupted"])]),
        [1, 2, 3, 5]
    );
    // Exact: case and spelling matter for a value list.
    assert_eq!(r(vec![eq("status", &["failure"])]), Vec::<usize>::new());
    assert_eq!(
        r(vec![Filter::Contains {
            column: "application".into(),
            text: "TEAM".into()
        }]),
        [1, 2]
    );
    assert_eq!(
        r(vec![Filter::Outcome {
            values: vec!["denied".into(), "interrupted".into()]
        }]),
        [1, 2, 5]
    );
    // Users match ignoring case: ALICE@ is Alice.
    assert_eq!(
        r(vec![Filter::User {
            user: " Alice@Contoso.com ".into()
        }]),
        [0, 2]
    );
    // [from, to): 2024-05-01T09:30:00Z up to 2024-05-02T10:00:00Z excluded.
    assert_eq!(
        r(vec![Filter::DateRange {
            from: Some(1_714_555_800),
            to: Some(1_714_644_000)
        }]),
        [1, 2]
    );
    // Open end; the undated row never matches a range.
    assert_eq!(
        r(vec![Filter::DateRange {
            from: Some(1_714_555_800),
            to: None
        }]),
        [1, 2, 3, 4]
    );
    // Filters combine with AND.
    assert_eq!(
        r(vec![
            eq("status", &["Failure"]),
            eq("application", &["Outlook"])
        ]),
        [3, 5]
    );
    // An unknown column selects nothing rather than everything.
    assert_eq!(r(vec![eq("no such column", &["x"])]), Vec::<usize>::new());
    // Computed columns filter like any other.
    assert_eq!(r(vec![eq("$mfa_required", &["no"])]), [3, 4]);
}

#[test]
fn global_search_covers_fields_and_computed_columns_ignoring_case() {
    let (ws, _) = sign_in_workspace();
    let s = |text: &str| {
        rows_of(&run(
            &ws,
            &Query {
                search: text.into(),
                ..Query::default()
            },
        ))
    };
    assert_eq!(s("ALICE"), [0, 2]);
    assert_eq!(s("declined"), [1]);
    // "fraud" is in row 5's MFA result and its computed reason.
    assert_eq!(s("fraud"), [5]);
    // The computed outcome is searchable too.
    assert_eq!(s("no_mfa"), [3, 4]);
    assert_eq!(s("500121"), [1, 5]);
    assert_eq!(s("   "), [0, 1, 2, 3, 4, 5]);
    assert_eq!(s("zzz-not-there"), Vec::<usize>::new());
}

#[test]
fn sorting_uses_time_numbers_or_text_and_puts_empty_values_last() {
    let (ws, _) = sign_in_workspace();
    let sorted = |col: &str, desc: bool| {
        rows_of(&run(
            &ws,
            &Query {
                sort: Some(Sort {
                    column: col.into(),
                    desc,
                }),
                ..Query::default()
            },
        ))
    };
    // Dates by timestamp; the unreadable one last both ways.
    assert_eq!(sorted("date (utc)", false), [0, 1, 2, 3, 4, 5]);
    assert_eq!(sorted("date (utc)", true), [4, 3, 2, 1, 0, 5]);
    // Latency is numeric: 5 < 7 < 80 < 120 < 1000, the empty value last.
    assert_eq!(sorted("latency", false), [2, 5, 1, 0, 3, 4]);
    assert_eq!(sorted("latency", true), [3, 0, 1, 5, 2, 4]);
    // Error codes with a leading ' still count as numbers.
    assert_eq!(sorted("sign-in error code", false), [0, 4, 2, 3, 1, 5]);
    // Text folds case; equal values keep file order (stable) both ways.
    // `ALICE@` and `alice@` fold together; the exact bytes then put the
    // capitals first, so the order is total.
    assert_eq!(sorted("username", false), [2, 0, 1, 5, 3, 4]);
    assert_eq!(sorted("username", true), [4, 3, 1, 5, 0, 2]);
    assert_eq!(sorted("$outcome", false), [1, 5, 2, 3, 4, 0]);
    assert_eq!(
        sort_kind(&Dataset::build(&ws, DatasetId::SignIns), 0),
        SortKind::Date
    );
}

#[test]
fn column_infos_pick_the_filter_control_and_sort_kind() {
    let (ws, _) = sign_in_workspace();
    let infos = column_infos(&ws, DatasetId::SignIns);
    let get = |k: &str| infos.iter().find(|c| c.key == k).unwrap();
    assert_eq!(get("date (utc)").filter, FilterControl::DateRange);
    assert_eq!(get("date (utc)").sort, "date");
    assert_eq!(get("latency").sort, "number");
    assert_eq!(get("status").filter, FilterControl::ValueList);
    assert_eq!(get("status").sort, "text");
    assert!(get("status").default && !get("status").computed);
    assert!(get("$outcome").computed && get("$outcome").default);
    assert!(!get("request id").default);
    assert_eq!(infos.len(), 12 + 5);
}

#[test]
fn pages_slice_the_result_and_clamp_at_the_end() {
    let (ws, _) = sign_in_workspace();
    let all = run(&ws, &Query::default());
    let cols = vec!["request id".to_string(), "missing".to_string()];
    let p = page(&ws, &all, 4, 10, &cols);
    assert_eq!(p.columns, ["request id"]);
    assert_eq!(p.row_count(), 2);
    assert_eq!(p.cell(0, 0), "r5");
    assert_eq!(p.cell(1, 0), "r6");
    assert_eq!(p.cell(2, 0), "");
    assert_eq!(p.cell(0, 5), "");
    assert_eq!(page(&ws, &all, 99, 10, &cols).row_count(), 0);
    assert_eq!(
        page(&ws, &all, usize::MAX, usize::MAX, &cols).row_count(),
        0
    );
    // No columns asked: the defaults for sign-ins.
    let d = page(&ws, &all, 0, 1, &[]);
    assert_eq!(
        d.columns,
        [
            "date (utc)",
            "username",
            "application",
            "status",
            "sign-in error code",
            "multifactor authentication auth method",
            "$outcome",
            "$mfa_required",
            "$reason"
        ]
    );
}

#[test]
fn value_counts_count_the_result_rows_most_frequent_first() {
    let (ws, _) = sign_in_workspace();
    let all = run(&ws, &Query::default());
    let vc = value_counts(&ws, &all, "status", 10);
    assert!(vc.low_cardinality);
    assert_eq!(vc.rows, 6);
    assert_eq!(vc.distinct, 3);
    let got: Vec<(&str, u64)> = vc
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.count))
        .collect();
    assert_eq!(got, [("Failure", 3), ("Success", 2), ("Interrupted", 1)]);
    assert!((vc.values[0].share - 0.5).abs() < 1e-9);
    // Counts follow the filtered rows, and top_n cuts the list.
    let failed = run(&ws, &q(vec![eq("status", &["Failure"])]));
    let vc = value_counts(&ws, &failed, "$outcome", 1);
    assert_eq!(vc.distinct, 2);
    assert_eq!(vc.values.len(), 1);
    assert_eq!(
        (vc.values[0].value.as_str(), vc.values[0].count),
        ("denied", 2)
    );
    // The value's filter selects exactly the rows counted.
    let back = run(&ws, &q(vec![vc.values[0].filter("$outcome")]));
    assert_eq!(rows_of(&back), [1, 5]);
}

#[test]
fn overview_counts_outcomes_reasons_codes_and_methods() {
    let (ws, _) = sign_in_workspace();
    let all = run(&ws, &Query::default());
    let o = overview(&ws, &all, 10);
    assert_eq!(o.rows, 6);
    let outcomes: Vec<(&str, u64)> = o
        .outcomes
        .iter()
        .map(|v| (v.value.as_str(), v.count))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("denied", 2),
            ("no_mfa", 2),
            ("interrupted", 1),
            ("satisfied", 1)
        ]
    );
    let reasons: Vec<(&str, u64)> = o
        .denial_reasons
        .iter()
        .map(|v| (v.value.as_str(), v.count))
        .collect();
    assert_eq!(
        reasons,
        [
            ("fraud code entered", 1),
            ("user declined the authentication", 1)
        ]
    );
    assert!((o.denial_reasons[0].share - 0.5).abs() < 1e-9);
    let codes: Vec<(&str, u64)> = o
        .error_codes
        .iter()
        .map(|e| (e.code.as_str(), e.count))
        .collect();
    // "500121" and "'500121" are one code.
    assert_eq!(codes, [("500121", 2), ("50074", 1), ("50126", 1)]);
    assert!(!o.error_codes[0].label.is_empty());
    assert!((o.error_codes[0].share - 0.5).abs() < 1e-9);
    let back = run(&ws, &q(vec![o.error_codes[0].filter.clone()]));
    assert_eq!(rows_of(&back), [1, 5]);
    let methods: Vec<(&str, u64)> = o
        .methods
        .iter()
        .map(|v| (v.value.as_str(), v.count))
        .collect();
    assert_eq!(
        methods,
        [("Mobile app notification", 2), ("Phone call (standard)", 1)]
    );
}

#[test]
fn timeline_buckets_by_hour_or_day_stacked_by_outcome() {
    let (ws, _) = sign_in_workspace();
    let all = run(&ws, &Query::default());
    let t = timeline(&ws, &all, Bucket::Day);
    assert_eq!(t.bucket, Bucket::Day);
    assert_eq!(t.series, SIGN_IN_OUTCOMES);
    assert_eq!(t.undated, 1);
    assert_eq!(t.points.len(), 2);
    assert_eq!(t.points[0].label, "2024-05-01T00:00:00Z");
    // satisfied, denied, interrupted, no_mfa
    assert_eq!(t.points[0].counts, [1, 1, 1, 0]);
    assert_eq!(t.points[1].counts, [0, 0, 0, 2]);
    // Auto: the rows span about a day, so hours; every hour in between listed.
    let h = timeline(&ws, &all, Bucket::Auto);
    assert_eq!(h.bucket, Bucket::Hour);
    assert_eq!(h.points.len(), 28);
    assert_eq!(h.points[1].counts, [0, 1, 1, 0]);
    assert_eq!(h.points[2].counts, [0, 0, 0, 0]);
    // A stacked segment's filters select exactly its rows.
    let seg = h.filters(&h.points[1], Some("denied"));
    assert_eq!(rows_of(&run(&ws, &q(seg))), [1]);
    let bar = h.filters(&h.points[1], None);
    assert_eq!(rows_of(&run(&ws, &q(bar))), [1, 2]);
}

#[test]
fn datasets_line_up_files_of_one_family_by_caption_and_role() {
    let mut ws = Workspace::new();
    let a = ws.load(
        "InteractiveSignIns_2024-06-03_2024-06-04.csv",
        &fixture("kinds/entra_sign_ins_57.csv"),
    );
    let b = ws.load(
        "InteractiveSignIns_2023-03-01_2023-03-02.csv",
        &fixture("kinds/entra_sign_ins_44.csv"),
    );
    let legacy = ws.load(
        "SignIns_2019-06-03_2019-06-04.csv",
        &fixture("kinds/SignIns_2019-06-03_2019-06-04.csv"),
    );
    ws.load(
        "status.csv",
        &fixture("kinds/mfa_server_status_INFERRED.csv"),
    );
    let ds = Dataset::build(&ws, DatasetId::SignIns);
    assert_eq!(ds.members.len(), 3);
    let rows: usize = [a, b, legacy]
        .iter()
        .map(|&id| ws.table(id).unwrap().rows())
        .sum();
    assert_eq!(ds.rows(), rows);
    // One column per caption: the 57-column file already holds every caption
    // of the 44-column one.
    let t57 = ws.table(a).unwrap();
    let fields = ds
        .columns
        .iter()
        .filter(|c| !c.key.starts_with('$'))
        .count();
    let legacy_only = [
        "mfa required",
        "mfa result",
        "mfa auth method",
        "mfa auth detail",
    ];
    assert!(legacy_only.iter().all(|k| ds.column_index(k).is_some()));
    assert!(fields <= t57.column_count() + 8, "{fields}");
    // The repeated caption of the 57-column file gets its own column.
    assert!(ds.column_index("incoming token type#2").is_some());
    // A column the 44-column file lacks reads blank there.
    let ua = ds.column_index("user agent").unwrap();
    let m44 = ds.member(b).unwrap();
    assert!(ds.source(m44, ua).value(0).is_empty());
    assert!(!ds.source(ds.member(a).unwrap(), ua).value(0).is_empty());
    // Dataset menu: sign-ins and server status.
    assert_eq!(
        DatasetId::available(&ws),
        [DatasetId::SignIns, DatasetId::ServerStatus]
    );
    // A legacy row's outcome comes from its MFA Result.
    let legacy_denied = run(
        &ws,
        &q(vec![
            eq("$file", &["SignIns_2019-06-03_2019-06-04.csv"]),
            Filter::Outcome {
                values: vec!["denied".into()],
            },
        ]),
    );
    assert!(!legacy_denied.is_empty());
    assert!(legacy_denied.rows.iter().all(|r| r.file() == legacy));
}

#[test]
fn sorting_and_filtering_span_files_of_different_widths() {
    let mut ws = Workspace::new();
    let wide = ws.load(
        "InteractiveSignIns_2024-06-03_2024-06-04.csv",
        &fixture("kinds/entra_sign_ins_57.csv"),
    );
    let narrow = ws.load(
        "InteractiveSignIns_2023-03-01_2023-03-02.csv",
        &fixture("kinds/entra_sign_ins_44.csv"),
    );
    let keys = vec!["username".to_string(), "date (utc)".to_string()];
    let all = run(&ws, &Query::default());
    let whole = page(&ws, &all, 0, usize::MAX, &keys);
    for (col, desc) in [
        ("username", false),
        ("username", true),
        ("date (utc)", true),
    ] {
        let sorted = run(
            &ws,
            &Query {
                sort: Some(Sort {
                    column: col.into(),
                    desc,
                }),
                ..Query::default()
            },
        );
        assert_eq!(sorted.len(), all.len());
        let p = page(&ws, &sorted, 0, usize::MAX, &keys);
        let c = usize::from(col != "username");
        let values: Vec<&str> = (0..p.row_count()).map(|r| p.cell(r, c)).collect();
        let mut want: Vec<&str> = (0..whole.row_count()).map(|r| whole.cell(r, c)).collect();
        // ISO dates in one format: text order is time order here.
        want.sort_by(|a, b| {
            let o = text::compare_text(a, b);
            if desc {
                o.reverse()
            } else {
                o
            }
        });
        assert_eq!(values, want, "{col} desc={desc}");
    }
    // The 44-column file has no User agent: its rows read "" there, so a
    // value-list filter on "" selects exactly them.
    let blank_agent = run(&ws, &q(vec![eq("user agent", &[""])]));
    assert_eq!(blank_agent.len(), ws.table(narrow).unwrap().rows());
    assert!(blank_agent.rows.iter().all(|r| r.file() == narrow));
    let in_wide = run(
        &ws,
        &q(vec![eq(
            "$file",
            &["InteractiveSignIns_2024-06-03_2024-06-04.csv"],
        )]),
    );
    assert_eq!(in_wide.len(), ws.table(wide).unwrap().rows());
}

#[test]
fn registration_reports_share_one_dataset_lined_up_by_user() {
    let mut ws = Workspace::new();
    let portal = ws.load(
        "UserRegistrationDetails_portal.csv",
        &fixture("kinds/UserRegistrationDetails_portal.csv"),
    );
    let msol = ws.load(
        "MFA_Report_MSOnline.csv",
        &fixture("kinds/MFA_Report_MSOnline.csv"),
    );
    let ds = Dataset::build(&ws, DatasetId::Registration);
    assert_eq!(ds.members.len(), 2);
    // `User principal name` and `UserPrincipalName` are one column.
    let user = ds.role_index(crate::columns::Role::Username).unwrap();
    assert_eq!(ds.columns[user].key, "user principal name");
    let alice = run(
        &ws,
        &Query {
            dataset: DatasetId::Registration,
            filters: vec![Filter::User {
                user: "ALICE.NGUYEN@contoso.com".into(),
            }],
            ..Query::default()
        },
    );
    let files: Vec<crate::FileId> = alice.rows.iter().map(|r| r.file()).collect();
    assert_eq!(files, [portal, msol]);
    // A column only MSOnline has is blank for the portal row.
    let p = page(&ws, &alice, 0, 2, &["mfa status".into(), "$file".into()]);
    assert_eq!(p.row_cells(0), ["", "UserRegistrationDetails_portal.csv"]);
    assert_eq!(p.row_cells(1), ["Enforced", "MFA_Report_MSOnline.csv"]);
}

#[test]
fn row_detail_explains_the_row_and_lists_its_steps_in_order() {
    let mut ws = Workspace::new();
    let s = ws.load(
        "InteractiveSignIns_2024-06-03_2024-06-04.csv",
        &fixture("sets/pair/InteractiveSignIns_2024-06-03_2024-06-04.csv"),
    );
    ws.load(
        "InteractiveSignIns_AuthDetails_2024-06-03_2024-06-04.csv",
        &fixture("sets/pair/InteractiveSignIns_AuthDetails_2024-06-03_2024-06-04.csv"),
    );
    let denied = run(
        &ws,
        &Query {
            filters: vec![Filter::Outcome {
                values: vec!["denied".into()],
            }],
            ..Query::default()
        },
    );
    assert_eq!(denied.len(), 1);
    let d = row_detail(&ws, denied.rows[0]).unwrap();
    assert_eq!(d.kind, "entra-sign-ins");
    assert_eq!(d.fields.len(), ws.table(s).unwrap().column_count());
    assert_eq!(d.fields[0].caption, "Date (UTC)");
    let c = d.classification.as_ref().unwrap();
    assert_eq!(c.outcome, "denied");
    assert_eq!(
        c.reason.as_deref(),
        Some("user declined the authentication")
    );
    assert_eq!(c.category.as_deref(), Some("user action"));
    let reason = d
        .explanations
        .iter()
        .find(|e| e.subject == "denial_reason")
        .unwrap();
    assert!(!reason.explanation.is_empty() && !reason.next_step.is_empty());
    // The two steps of Request ID 5209749f…, password first.
    assert_eq!(d.steps.len(), 2);
    assert_eq!(d.steps[0].method, "Password");
    assert_eq!(d.steps[1].method, "Mobile app notification");
    assert_eq!(
        d.steps[1].result_detail,
        "MFA denied; user declined the authentication"
    );
    assert_eq!(d.steps[1].time.as_deref(), Some("2024-06-03T09:02:10Z"));
    // The user link selects that user's sign-ins, this one included.
    let f = d.user_filter.clone().unwrap();
    let same_user = run(&ws, &q(vec![f]));
    assert!(same_user.rows.contains(&denied.rows[0]));
    assert!(same_user.rows.iter().all(|&r| row_detail(&ws, r)
        .unwrap()
        .user
        .unwrap()
        .to_lowercase()
        == d.user.clone().unwrap().to_lowercase()));
    // Out of range or unknown file: nothing, no panic.
    assert!(row_detail(&ws, RowRef::new(s, 10_000)).is_none());
    assert!(row_detail(&ws, RowRef::new(crate::FileId(99), 0)).is_none());
}

#[test]
fn mfa_server_activity_gets_call_outcome_label_and_explanation() {
    let mut ws = Workspace::new();
    let id = ws.load(
        "MFAServer_activity.csv",
        &fixture("kinds/mfa_server_activity_call_result.csv"),
    );
    let all = run(
        &ws,
        &Query {
            dataset: DatasetId::MfaServerActivity,
            ..Query::default()
        },
    );
    assert_eq!(all.len(), ws.table(id).unwrap().rows());
    let p = page(
        &ws,
        &all,
        0,
        2,
        &[
            "call result".into(),
            "$outcome".into(),
            "$call_label".into(),
        ],
    );
    assert_eq!(p.row_cells(0)[..2], ["SUCCESS_NO_PIN", "succeeded"]);
    assert_eq!(p.row_cells(1)[..2], ["FAILED_PHONE_APP_DENIED", "failed"]);
    assert!(!p.cell(1, 2).is_empty());
    let d = row_detail(&ws, all.rows[1]).unwrap();
    assert_eq!(d.classification.unwrap().outcome, "failed");
    assert!(d.explanations.iter().any(|e| e.subject == "call_result"
        && e.code == "FAILED_PHONE_APP_DENIED"
        && !e.next_step.is_empty()));
    let t = timeline(&ws, &all, Bucket::Day);
    assert_eq!(t.series, CALL_OUTCOMES);
    // The export carries the activity's classification columns.
    let mut out = Vec::new();
    export_csv(&ws, &all, &["username".into()], &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next().unwrap(),
        r#""Username","Outcome","Call result label","Category","File""#
    );
    assert!(lines
        .next()
        .unwrap()
        .starts_with(r#""CONTOSO\alice.nguyen","succeeded","#));
    let failed = run(
        &ws,
        &Query {
            dataset: DatasetId::MfaServerActivity,
            filters: vec![Filter::Outcome {
                values: vec!["failed".into()],
            }],
            ..Query::default()
        },
    );
    assert!(failed.rows.contains(&all.rows[1]));
    assert!(!failed.rows.contains(&all.rows[0]));
}

#[test]
fn users_view_filters_and_sorts_the_engine_summaries() {
    let (ws, _) = sign_in_workspace();
    let all = users(&ws, &UserQuery::default());
    // Alice's two spellings are one user.
    assert_eq!(all.len(), 4);
    let by_denied = users(
        &ws,
        &UserQuery {
            sort: UserColumn::Denied,
            desc: true,
            flags: vec![UserFlag::MfaRequired],
            ..UserQuery::default()
        },
    );
    let names: Vec<&str> = by_denied.iter().map(|u| u.user.as_str()).collect();
    assert_eq!(names, ["bob@contoso.com", "alice@contoso.com"]);
    let searched = users(
        &ws,
        &UserQuery {
            search: "CAROL".into(),
            ..UserQuery::default()
        },
    );
    assert_eq!(searched.len(), 1);
    let never = users(
        &ws,
        &UserQuery {
            flags: vec![UserFlag::NeverSatisfied],
            ..UserQuery::default()
        },
    );
    assert_eq!(never.len(), 1);
    assert_eq!(never[0].user, "bob@contoso.com");
    // Bob's timeline: one dated denied sign-in; the undated one counted apart.
    let t = user_timeline(&ws, "BOB@contoso.com", Bucket::Day);
    assert_eq!(t.undated, 1);
    let total: Vec<u64> = (0..4)
        .map(|s| t.points.iter().map(|p| p.counts[s]).sum())
        .collect();
    assert_eq!(total, [0, 1, 0, 0]);
}

#[test]
fn query_serialises_compactly_and_round_trips() {
    let query = Query {
        dataset: DatasetId::SignIns,
        filters: vec![
            Filter::Outcome {
                values: vec!["denied".into()],
            },
            Filter::DateRange {
                from: Some(1),
                to: None,
            },
        ],
        search: String::new(),
        sort: Some(Sort {
            column: "date (utc)".into(),
            desc: true,
        }),
        columns: vec![],
    };
    let json = serde_json::to_string(&query).unwrap();
    assert_eq!(
        json,
        r#"{"d":"sign_ins","f":[{"t":"outcome","v":["denied"]},{"t":"date_range","from":1}],"s":{"c":"date (utc)","desc":true}}"#
    );
    let back: Query = serde_json::from_str(&json).unwrap();
    assert_eq!(back, query);
    let unknown: Query = serde_json::from_str(r#"{"d":{"unknown":3}}"#).unwrap();
    assert_eq!(unknown.dataset, DatasetId::Unknown(3));
    assert_eq!(
        serde_json::from_str::<Query>("{}").unwrap(),
        Query::default()
    );
}

#[test]
fn unknown_files_are_their_own_dataset() {
    let mut ws = Workspace::new();
    let id = ws.load(
        "devices.csv",
        &fixture("kinds/unknown_device_inventory.csv"),
    );
    let other = ws.load("audit.csv", &fixture("kinds/unknown_audit_log.csv"));
    let r = run(
        &ws,
        &Query {
            dataset: DatasetId::Unknown(id.0),
            search: "not compliant".into(),
            ..Query::default()
        },
    );
    assert!(!r.is_empty());
    assert!(r.rows.iter().all(|x| x.file() == id));
    assert_eq!(
        DatasetId::available(&ws),
        [DatasetId::Unknown(id.0), DatasetId::Unknown(other.0)]
    );
    let p = page(&ws, &r, 0, 1, &[]);
    assert_eq!(p.columns[0], "device name");
}

/// Arena columns (values that hardly repeat) take the byte-scan search and the
/// hash-rank or prefix sort; check them against a naive reference.
#[test]
fn arena_columns_filter_search_and_sort_like_the_reference() {
    let n = 3000usize;
    let mut csv = String::from("Id,User,Note,Long\n");
    let mut rows: Vec<[String; 4]> = Vec::new();
    for i in 0..n {
        let id = format!("ID-{:05}-x", (i * 7919) % n);
        // 1,700 users (an arena that repeats: the hash-rank sort), shared
        // prefixes and mixed case, some rows empty.
        let u = (i * 31) % 1700;
        let user = match (i % 11, u % 2) {
            (0, _) => String::new(),
            (_, 0) => format!("User.Name{u:04}@Contoso.com"),
            _ => format!("user.name{u:04}@contoso.com"),
        };
        let note = format!("note {i} é{}", i % 3);
        // Unique values sharing their first 14 bytes: the prefix sort with
        // full comparisons.
        let long = format!("common-prefix-{}", (i * 7919) % n);
        csv.push_str(&format!("{id},{user},{note},{long}\n"));
        rows.push([id, user, note, long]);
    }
    let mut ws = Workspace::new();
    let file = ws.load("big.csv", csv.as_bytes());
    let table = ws.table(file).unwrap();
    assert!((0..4).all(|c| !table.column(c).unwrap().is_dictionary()));
    let dataset = DatasetId::available(&ws)[0];
    let keys = ["id", "user", "note", "long"];
    // The user column takes the hash-rank sort, the others the prefix sort.
    let distinct = |c: usize| {
        rows.iter()
            .map(|r| r[c].as_str())
            .collect::<std::collections::HashSet<_>>()
            .len()
    };
    assert!(distinct(1) <= super::sort::rank_limit(n));
    assert!(distinct(3) > super::sort::rank_limit(n));
    for (c, key) in keys.iter().enumerate() {
        for desc in [false, true] {
            let got = rows_of(&run(
                &ws,
                &Query {
                    dataset,
                    sort: Some(Sort {
                        column: key.to_string(),
                        desc,
                    }),
                    ..Query::default()
                },
            ));
            let mut want: Vec<usize> = (0..n).collect();
            want.sort_by(|&a, &b| {
                let (x, y) = (&rows[a][c], &rows[b][c]);
                x.is_empty().cmp(&y.is_empty()).then_with(|| {
                    let o = text::compare_text(x, y);
                    if desc {
                        o.reverse()
                    } else {
                        o
                    }
                })
            });
            assert_eq!(got, want, "sort by {key} desc={desc}");
        }
    }
    for needle in ["NAME0012", "é2", "-x", "xx", "5@con"] {
        let lower = needle.to_lowercase();
        let want: Vec<usize> = (0..n)
            .filter(|&i| rows[i][1].to_lowercase().contains(&lower))
            .collect();
        let got = rows_of(&run(
            &ws,
            &Query {
                dataset,
                filters: vec![Filter::Contains {
                    column: "user".into(),
                    text: needle.into(),
                }],
                ..Query::default()
            },
        ));
        assert_eq!(got, want, "contains {needle}");
        let want: Vec<usize> = (0..n)
            .filter(|&i| rows[i].iter().any(|v| v.to_lowercase().contains(&lower)))
            .collect();
        let got = rows_of(&run(
            &ws,
            &Query {
                dataset,
                search: needle.into(),
                ..Query::default()
            },
        ));
        assert_eq!(got, want, "search {needle}");
    }
}

mod export_tests {
    use super::*;

    fn export(ws: &Workspace, result: &ResultSet, keys: &[&str]) -> String {
        let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        let mut out = Vec::new();
        let n = export_csv(ws, result, &keys, &mut out).unwrap();
        assert_eq!(n as usize, result.len());
        assert!(out.starts_with(b"\xEF\xBB\xBF"));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_dangerous_leading_character_is_neutralised() {
        for c in FORMULA_STARTS {
            let value = format!("{c}SUM(A1)");
            let mut out = String::new();
            push_field(&mut out, &value);
            assert_eq!(out, format!("\"'{value}\""), "{c:?}");
        }
        let mut out = String::new();
        push_field(&mut out, "plain, with \"quotes\"\r\nand a line");
        assert_eq!(out, "\"plain, with \"\"quotes\"\"\r\nand a line\"");
        let mut out = String::new();
        push_field(&mut out, "a=b");
        assert_eq!(out, "\"a=b\"");
    }

    #[test]
    fn export_adds_classification_columns_and_quotes_everything() {
        let (ws, _) = sign_in_workspace();
        let result = run(&ws, &q(vec![eq("status", &["Success"])]));
        let text = export(&ws, &result, &["username", "application"]);
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            lines[0],
            r#""Username","Application","Outcome","MFA required","Denial reason","Category","File""#
        );
        assert_eq!(
            lines[1],
            r#""alice@contoso.com","Outlook","satisfied","yes","","","InteractiveSignIns_2024-05-01_2024-05-02.csv""#
        );
        assert_eq!(
            lines[2],
            r#""dave@contoso.com","'=cmd|' /C calc'!A0","no_mfa","no","","","InteractiveSignIns_2024-05-01_2024-05-02.csv""#
        );
        assert_eq!(lines[3], "");
        assert_eq!(lines.len(), 4);
    }

    #[test]
    fn export_round_trips_through_the_reader() {
        let (ws, _) = sign_in_workspace();
        let result = run(
            &ws,
            &Query {
                sort: Some(Sort {
                    column: "latency".into(),
                    desc: true,
                }),
                ..Query::default()
            },
        );
        let keys: Vec<String> = columns(&ws, DatasetId::SignIns)
            .into_iter()
            .map(|c| c.key)
            .collect();
        let text = export(
            &ws,
            &result,
            &keys.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let mut back = Workspace::new();
        let id = back.load("export.csv", text.as_bytes());
        let table = back.table(id).unwrap();
        let p = page(&ws, &result, 0, usize::MAX, &keys);
        assert_eq!(table.rows(), p.row_count());
        assert_eq!(table.column_count(), p.columns.len());
        for r in 0..table.rows() {
            for c in 0..p.columns.len() {
                let original = p.cell(r, c);
                let read = table.get(r, c);
                let expected = if original.starts_with(FORMULA_STARTS) {
                    format!("'{original}")
                } else {
                    original.to_string()
                };
                assert_eq!(read, expected, "row {r} column {}", p.columns[c]);
            }
        }
    }
}

mod properties {
    //! Filters and sorts against a naive reference on random small tables.

    use super::*;
    use proptest::prelude::*;

    const VALUES: [&str; 7] = ["", "a", "A", "b", "ab", "10", "9"];
    /// `Id` keeps every line non-blank (the reader skips blank records).
    const HEADER: &str = "Date,Username,Status,Code,Note,Id\n";

    #[derive(Debug, Clone)]
    struct Row {
        day: Option<u8>,
        user: usize,
        status: usize,
        code: Option<u16>,
        note: usize,
    }

    fn row_strategy() -> impl Strategy<Value = Row> {
        (
            proptest::option::of(1u8..28),
            0usize..VALUES.len(),
            0usize..VALUES.len(),
            proptest::option::of(0u16..300),
            0usize..VALUES.len(),
        )
            .prop_map(|(day, user, status, code, note)| Row {
                day,
                user,
                status,
                code,
                note,
            })
    }

    fn cells(r: &Row) -> [String; 5] {
        [
            r.day
                .map_or(String::new(), |d| format!("2024-05-{d:02}T10:00:00Z")),
            VALUES[r.user].to_string(),
            VALUES[r.status].to_string(),
            r.code.map_or(String::new(), |c| c.to_string()),
            VALUES[r.note].to_string(),
        ]
    }

    fn load(rows: &[Row]) -> Workspace {
        let mut csv = HEADER.to_string();
        for (i, r) in rows.iter().enumerate() {
            csv.push_str(&cells(r).join(","));
            csv.push_str(&format!(",id{i}\n"));
        }
        let mut ws = Workspace::new();
        ws.load("table.csv", csv.as_bytes());
        ws
    }

    fn dataset(ws: &Workspace) -> DatasetId {
        DatasetId::available(ws)[0]
    }

    /// The reference: a plain loop and a plain stable sort. `search` looks in
    /// every cell, the `Id` and the file name (the dataset's `File` column).
    fn naive(
        rows: &[Row],
        status: &[usize],
        contains: &str,
        search: &str,
        desc: bool,
        by: usize,
    ) -> Vec<usize> {
        let search = search.trim().to_lowercase();
        let mut out: Vec<usize> = (0..rows.len())
            .filter(|&i| {
                let c = cells(&rows[i]);
                let found = search.is_empty()
                    || c.iter()
                        .chain([&format!("id{i}"), &"table.csv".to_string()])
                        .any(|v| v.to_lowercase().contains(&search));
                (status.is_empty() || status.iter().any(|&s| VALUES[s] == c[2]))
                    && c[4].to_lowercase().contains(&contains.to_lowercase())
                    && found
            })
            .collect();
        // A column is numeric when every non-empty value of the whole table
        // is a number (and there is one); the date column sorts by time.
        let column: Vec<String> = rows.iter().map(|r| cells(r)[by].clone()).collect();
        let numeric = column.iter().any(|v| !v.is_empty())
            && column
                .iter()
                .all(|v| v.is_empty() || v.parse::<f64>().is_ok());
        let key = |i: usize| -> (bool, String, Option<f64>) {
            let c = cells(&rows[i]);
            let v = c[by].clone();
            let num = match by {
                0 => rows[i].day.map(f64::from),
                _ if numeric => v.parse::<f64>().ok(),
                _ => None,
            };
            (v.is_empty(), v, num)
        };
        out.sort_by(|&a, &b| {
            let (ea, va, na) = key(a);
            let (eb, vb, nb) = key(b);
            ea.cmp(&eb).then_with(|| {
                if ea {
                    return std::cmp::Ordering::Equal;
                }
                let o = match (na, nb) {
                    (Some(x), Some(y)) => x.total_cmp(&y),
                    _ => text::compare_text(&va, &vb),
                };
                if desc {
                    o.reverse()
                } else {
                    o
                }
            })
        });
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn filter_then_sort_matches_the_reference(
            rows in proptest::collection::vec(row_strategy(), 1..40),
            status in proptest::collection::vec(0usize..VALUES.len(), 0..3),
            contains in 0usize..VALUES.len(),
            by in 0usize..5,
            desc in any::<bool>(),
            search in proptest::sample::select(vec!["", "A", "b", "1", "ID1", "05-0", "table", "zz"]),
        ) {
            let ws = load(&rows);
            prop_assert!(matches!(dataset(&ws), DatasetId::Unknown(_)));
            let keys = ["date", "username", "status", "code", "note"];
            let mut filters = vec![Filter::Contains {
                column: "note".into(),
                text: VALUES[contains].into(),
            }];
            if !status.is_empty() {
                filters.push(Filter::Equals {
                    column: "status".into(),
                    values: status.iter().map(|&s| VALUES[s].to_string()).collect(),
                });
            }
            let query = Query {
                dataset: dataset(&ws),
                filters,
                search: search.to_string(),
                sort: Some(Sort { column: keys[by].into(), desc }),
                ..Query::default()
            };
            let got = rows_of(&run(&ws, &query));
            let want = naive(&rows, &status, VALUES[contains], search, desc, by);
            prop_assert_eq!(got, want);
        }

        #[test]
        fn pages_concatenate_to_the_whole(
            rows in proptest::collection::vec(row_strategy(), 0..40),
            size in 1usize..7,
        ) {
            let ws = load(&rows);
            if rows.is_empty() {
                return Ok(());
            }
            let result = run(&ws, &Query { dataset: dataset(&ws), ..Query::default() });
            let keys: Vec<String> = ["username", "note", "$file"].iter().map(|s| s.to_string()).collect();
            let whole = page(&ws, &result, 0, usize::MAX, &keys);
            let mut joined: Vec<Vec<String>> = Vec::new();
            let mut offset = 0;
            loop {
                let p = page(&ws, &result, offset, size, &keys);
                if p.row_count() == 0 { break; }
                for r in 0..p.row_count() {
                    joined.push(p.row_cells(r).iter().map(|s| s.to_string()).collect());
                }
                offset += size;
            }
            let expected: Vec<Vec<String>> = (0..whole.row_count())
                .map(|r| whole.row_cells(r).iter().map(|s| s.to_string()).collect())
                .collect();
            prop_assert_eq!(joined, expected);
            prop_assert_eq!(whole.row_count(), rows.len());
        }

        #[test]
        fn export_round_trips_any_text(
            values in proptest::collection::vec("[ -~\t\r\n=+@é\"]{0,12}", 1..12),
        ) {
            // One column of arbitrary printable text (and the dangerous starts).
            let mut csv = String::from("Note,Id\n");
            let mut wanted = Vec::new();
            for v in &values {
                let mut f = String::new();
                push_field(&mut f, v);
                // Load through our own quoting so any text survives.
                let inner = f.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or("");
                let plain = inner.replace("\"\"", "\"");
                let plain = plain.strip_prefix('\'').filter(|_| v.starts_with(FORMULA_STARTS)).unwrap_or(&plain).to_string();
                prop_assert_eq!(&plain, v);
                csv.push('"');
                csv.push_str(&v.replace('"', "\"\""));
                csv.push_str(&format!("\",id{}\n", wanted.len()));
                wanted.push(v.clone());
            }
            let mut ws = Workspace::new();
            ws.load("notes.csv", csv.as_bytes());
            let result = run(&ws, &Query { dataset: dataset(&ws), ..Query::default() });
            let mut out = Vec::new();
            export_csv(&ws, &result, &["note".to_string()], &mut out).unwrap();
            let mut back = Workspace::new();
            let id = back.load("export.csv", &out);
            let table = back.table(id).unwrap();
            let original = page(&ws, &result, 0, usize::MAX, &["note".to_string()]);
            prop_assert_eq!(table.rows(), original.row_count());
            for r in 0..table.rows() {
                let o = original.cell(r, 0);
                let expected = if o.starts_with(FORMULA_STARTS) { format!("'{o}") } else { o.to_string() };
                prop_assert_eq!(table.get(r, 0), expected.as_str());
            }
        }
    }
}

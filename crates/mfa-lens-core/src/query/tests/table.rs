//! Datasets, filters, global search, sorting, pages and the query format.

use super::*;

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
    assert_eq!(p.times.len(), 2, "one time per row");
    // r5's date is read; r6's is "not a date" and stays unknown.
    assert_eq!(p.times, [Some(1_714_647_600), None]); // 2024-05-02T11:00:00Z
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
            "$outcome",
            "application",
            "status",
            "sign-in error code",
            "multifactor authentication auth method",
            "$mfa_required",
            "$reason"
        ]
    );
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
    // The picker names an unrecognised file by its file name.
    assert_eq!(DatasetId::Unknown(id.0).label(&ws), "devices.csv");
    assert_eq!(DatasetId::Registration.label(&ws), "Registration");
    ws.remove(id);
    assert_eq!(DatasetId::Unknown(id.0).label(&ws), "Other table");
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

#[test]
fn a_file_never_puts_two_of_its_columns_into_one() {
    let mut ws = Workspace::new();
    ws.load(
        "UserRegistrationDetails_portal.csv",
        &fixture("kinds/UserRegistrationDetails_portal.csv"),
    );
    // An MSOnline report whose user column (by meaning) is `UserPrincipalName`
    // and that also carries a column captioned like the portal's user column.
    let msol = ws.load(
        "MFA_Report_MSOnline.csv",
        b"UserPrincipalName,MFA Status,MFA Methods,User principal name\n\
          a@contoso.com,Enforced,PhoneAppNotification,other text\n",
    );
    assert_eq!(
        ws.files()[1].kind,
        crate::ReportKind::MsolMfaStatus,
        "{:?}",
        ws.files()
    );
    let result = run(
        &ws,
        &Query {
            dataset: DatasetId::Registration,
            filters: vec![eq("$file", &["MFA_Report_MSOnline.csv"])],
            ..Query::default()
        },
    );
    assert_eq!(result.rows, [RowRef::new(msol, 0)]);
    let keys = vec![
        "user principal name".to_string(),
        "user principal name#2".to_string(),
    ];
    let p = page(&ws, &result, 0, 1, &keys);
    assert_eq!(p.row_cells(0), ["a@contoso.com", "other text"]);
}

#[test]
fn ten_thousand_columns_line_up_in_time_proportional_to_them() {
    // A hostile file: 10,000 columns, a repeated caption, loaded twice. Lining
    // the columns up once searched every column per caption (cubic: minutes in
    // a release build); it must stay a fraction of a second.
    let mut header: Vec<String> = (0..10_000).map(|i| format!("column {i}")).collect();
    header[9_999] = "column 0".into();
    let csv = format!(
        "{}\n{}\n",
        header.join(","),
        (0..10_000)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut ws = Workspace::new();
    ws.load("wide.csv", csv.as_bytes());
    ws.load("wide_again.csv", csv.as_bytes());
    let started = std::time::Instant::now();
    let d = Dataset::build(&ws, DatasetId::Unknown(ws.files()[0].id.0));
    let elapsed = started.elapsed();
    // The file's own columns, the repeated caption as its own column, plus `$file`.
    assert_eq!(d.columns.len(), 10_001);
    assert_eq!(d.columns[9_999].key, "column 0#2");
    assert_eq!(d.members[0].fields[9_999], Some(9_999));
    assert!(elapsed.as_secs() < 10, "10,000 columns took {elapsed:?}");
}

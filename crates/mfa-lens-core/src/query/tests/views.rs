//! What is built on a result: value counts, overview, timeline, row detail,
//! the MFA Server dataset and the users view.

use super::*;

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
    assert_eq!((c.outcome.as_str(), c.label.as_str()), ("denied", "Denied"));
    assert_eq!(
        c.reason.as_deref(),
        Some("user declined the authentication")
    );
    assert_eq!(c.category.as_deref(), Some("user action"));
    // What happened: the reason, the error code and the method, each once,
    // with a label only where it says more than the code.
    let happened: Vec<(&str, &str, Option<&str>)> = d
        .explanations
        .iter()
        .map(|e| (e.subject.as_str(), e.code.as_str(), e.label.as_deref()))
        .collect();
    assert_eq!(
        happened,
        [
            ("denial_reason", "user declined the authentication", None),
            ("error_code", "500121", Some("MFA failed")),
            ("method", "Mobile app notification", None),
        ]
    );
    assert!(d
        .explanations
        .iter()
        .all(|e| !e.explanation.is_empty() && !e.next_step.is_empty()));
    assert_eq!(d.explanations[0].category.as_deref(), Some("user action"));
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

/// The detail of each row of a small sign-in export.
fn details_of(csv: &str) -> Vec<RowDetail> {
    let mut ws = Workspace::new();
    ws.load(
        "InteractiveSignIns_2025-09-01_2025-09-02.csv",
        csv.as_bytes(),
    );
    let all = run(&ws, &Query::default());
    all.rows
        .iter()
        .map(|&r| row_detail(&ws, r).unwrap())
        .collect()
}

#[test]
fn what_happened_says_each_thing_once_and_never_leaves_a_reason_unsaid() {
    let d = details_of(
        "Date (UTC),Request ID,Username,Status,Sign-in error code,Failure reason,\
         Multifactor authentication result,Multifactor authentication auth method\n\
         2025-09-01T08:00:00Z,r1,ana@contoso.com,Failure,500121,x,,PhoneAppNotification\n\
         2025-09-01T09:00:00Z,r2,ben@contoso.com,Failure,500121,x,MFA denied; the moon is in the wrong phase,\n\
         2025-09-01T10:00:00Z,r3,cy@contoso.com,Success,0,,MFA requirement satisfied by claim in the token,\n",
    );
    let codes =
        |d: &RowDetail| -> Vec<String> { d.explanations.iter().map(|e| e.code.clone()).collect() };
    // 500121 without a result text: the fallback reason restates the code,
    // so the code says it; the MSOnline method name gets the name people know.
    let c = d[0].classification.as_ref().unwrap();
    assert_eq!((c.outcome.as_str(), c.label.as_str()), ("denied", "Denied"));
    assert!(
        codes(&d[0]).contains(&"500121".to_string()),
        "{:?}",
        codes(&d[0])
    );
    assert!(d[0].explanations.iter().all(|e| !e.explanation.is_empty()));
    let method = d[0].explanations.last().unwrap();
    assert_eq!(
        (method.code.as_str(), method.label.as_deref()),
        ("PhoneAppNotification", Some("Mobile app notification"))
    );
    // A reason the knowledge base lacks is still said, once, without advice.
    let unknown = &d[1].explanations[0];
    assert_eq!(
        (unknown.subject.as_str(), unknown.code.as_str()),
        ("denial_reason", "the moon is in the wrong phase")
    );
    assert!(unknown.explanation.is_empty() && unknown.label.is_none());
    // A satisfied text: its verdict in words, its text once.
    let c = d[2].classification.as_ref().unwrap();
    assert_eq!(c.label, "Satisfied");
    assert_eq!(d[2].explanations.len(), 1);
    assert_eq!(d[2].explanations[0].subject, "mfa_result");
    // No row repeats a code or an explanation.
    for detail in &d {
        let mut seen = std::collections::BTreeSet::new();
        for e in &detail.explanations {
            assert!(
                seen.insert(e.code.to_lowercase()),
                "{:?}",
                detail.explanations
            );
            assert!(
                e.explanation.is_empty() || seen.insert(e.explanation.clone()),
                "{:?}",
                detail.explanations
            );
        }
    }
}

#[test]
fn the_field_search_matches_captions_and_values_ignoring_case() {
    let d = &details_of(
        "Date (UTC),Request ID,Username,Status,Sign-in error code,Failure reason,\
         Multifactor authentication result,Multifactor authentication auth method\n\
         2025-09-01T08:00:00Z,r1,Ana.Lund@contoso.com,Success,0,,,\n",
    )[0];
    let matching = |needle: &str| -> Vec<&str> {
        d.fields
            .iter()
            .filter(|f| f.matches(needle))
            .map(|f| f.caption.as_str())
            .collect()
    };
    assert_eq!(matching("").len(), 8);
    assert_eq!(matching("  "), matching(""));
    assert_eq!(matching("USER"), ["Username"]);
    assert_eq!(matching("ana.lund"), ["Username"]);
    assert_eq!(matching("succ"), ["Status"]);
    assert_eq!(matching("request"), ["Request ID"]);
    assert_eq!(matching("multifactor").len(), 2);
    assert!(matching("nowhere").is_empty());
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
    let c = d.classification.clone().unwrap();
    assert_eq!((c.outcome.as_str(), c.label.as_str()), ("failed", "Failed"));
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
fn a_listed_user_selects_exactly_the_rows_counted_for_them() {
    let mut ws = Workspace::new();
    let rows = "\
2024-05-01T08:00:00Z,r1,,,Outlook,Success,0,,,,Single-factor authentication,1
2024-05-01T09:00:00Z,r2,Alice,Alice@Contoso.com,Teams,Success,0,,,,Single-factor authentication,1
2024-05-01T10:00:00Z,r3,,  ,Teams,Success,0,,,,Single-factor authentication,1
";
    ws.load(
        "InteractiveSignIns_2024-05-01_2024-05-02.csv",
        format!("{SIGN_IN_HEADER}{rows}").as_bytes(),
    );
    let listed = users(&ws, &UserQuery::default());
    assert_eq!(listed.len(), 2);
    for u in &listed {
        let selected = run(
            &ws,
            &q(vec![Filter::User {
                user: u.user.clone(),
            }]),
        );
        assert_eq!(selected.len() as u64, u.sign_ins, "{}", u.user);
    }
    // The rows without a user are the user `(unknown)`.
    let unknown = q(vec![Filter::User {
        user: crate::classify::users::UNKNOWN_USER.into(),
    }]);
    assert_eq!(rows_of(&run(&ws, &unknown)), [0, 2]);
}

#[test]
fn facet_counts_ignore_the_columns_own_filter_but_honour_the_others() {
    let (ws, _) = sign_in_workspace();
    let query = q(vec![
        eq("status", &["Failure"]),
        eq("application", &["Outlook"]),
    ]);
    assert_eq!(rows_of(&run(&ws, &query)), [3, 5]);
    // Status list: all statuses among Outlook rows, not just "Failure".
    let status = facet_counts(&ws, &query, "status", 10);
    let got: Vec<(&str, u64)> = status
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.count))
        .collect();
    assert_eq!(got, [("Failure", 2), ("Success", 1)]);
    // Application list: all applications among failed rows.
    let apps = facet_counts(&ws, &query, "application", 10);
    let got: Vec<(&str, u64)> = apps
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.count))
        .collect();
    assert_eq!(got, [("Outlook", 2), ("Teams", 1)]);
    // The outcome filter is the `$outcome` column's own.
    let by_outcome = q(vec![Filter::Outcome {
        values: vec!["denied".into()],
    }]);
    assert_eq!(facet_counts(&ws, &by_outcome, "$outcome", 10).rows, 6);
    assert_eq!(facet_counts(&ws, &by_outcome, "status", 10).rows, 2);
}

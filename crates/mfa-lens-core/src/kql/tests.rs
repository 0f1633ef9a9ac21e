//! The generated KQL: built from the engine's tables, every filter kind,
//! every rule, and values that try to break out of their literal. The
//! Kusto parser's own check is `scripts/kql/kql.test.mjs`.

use expect_test::expect;

use super::literal::string;
use super::outcome::prelude;
use super::*;
use crate::classify::{INTERRUPT_CODES, MFA_REQUIREMENT_TEXTS, STRONG_AUTH_FAILED};
use crate::findings::{FindingSettings, RuleId};
use crate::knowledge::detection::{FATIGUE_REASONS, FRAUD_REASONS, WRONG_CODE_REASONS};
use crate::knowledge::mfa_results::SATISFIED_NEEDLES;
use crate::knowledge::{MfaResultKind, MFA_RESULTS};
use crate::query::{DatasetId, Filter, Query, RowRef};

const ALL: TimeRange = TimeRange {
    from: None,
    to: None,
};

/// What a query adds after the shared prelude.
fn body(query: &str, range: &TimeRange) -> String {
    query
        .strip_prefix(&prelude(range))
        .unwrap_or_else(|| panic!("no prelude:\n{query}"))
        .to_string()
}

fn rows_of(filters: Vec<Filter>, search: &str) -> Result<String, KqlError> {
    let query = Query {
        filters,
        search: search.to_string(),
        ..Query::default()
    };
    rows(&query, &ALL).map(|q| body(&q, &ALL))
}

/// The query with its string literals emptied, so what is left is the
/// query's own structure. Every literal is an escaped `"…"` one
/// ([`literal::string`]); the tests check that no other form appears.
fn outside_literals(query: &str) -> String {
    let mut out = String::new();
    let mut chars = query.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            c => out.push(c),
        }
    }
    out
}

#[test]
fn the_prelude_holds_every_entry_of_the_classifiers_tables() {
    let p = prelude(&ALL);
    let pending = MFA_RESULTS
        .iter()
        .filter(|e| e.kind == MfaResultKind::Interrupted)
        .map(|e| e.reason);
    for text in SATISFIED_NEEDLES
        .iter()
        .chain(&INTERRUPT_CODES)
        .chain(MFA_REQUIREMENT_TEXTS)
        .copied()
        .chain(pending)
        .chain([STRONG_AUTH_FAILED, "500121", "denied;"])
    {
        assert!(p.contains(&string(text)), "{text} missing from\n{p}");
    }
    for table in ["SigninLogs", "AADNonInteractiveUserSignInLogs"] {
        assert!(p.contains(&format!("({table}\n")), "{table}");
    }
    assert!(p.contains("Status = todynamic(tostring(Status))"));
    let structure = outside_literals(&p);
    assert!(
        !structure.contains('@') && !structure.contains('\''),
        "{structure}"
    );
    assert!(p.contains("MfaLensSteps(AuthenticationDetails)"));
}

#[test]
fn the_trim_pattern_is_rusts_whitespace() {
    let class = outcome::whitespace_regex();
    for present in [
        "\\x{9}",
        "\\x{20}",
        "\\x{85}",
        "\\x{a0}",
        "\\x{2028}",
        "\\x{3000}",
    ] {
        assert!(class.contains(present), "{present} in {class}");
    }
    assert!(
        !class.contains("\\x{200b}"),
        "zero-width space is not trimmed"
    );
    assert_eq!(class.matches("\\x{").count(), 25, "{class}");
}

#[test]
fn a_time_range_narrows_each_table_before_the_union() {
    let range = TimeRange {
        from: Some(1_714_521_600),
        to: Some(1_714_608_000),
    };
    let p = prelude(&range);
    let cond = "| where TimeGenerated >= datetime(2024-05-01T00:00:00Z) \
                and TimeGenerated < datetime(2024-05-02T00:00:00Z)";
    assert_eq!(p.matches(cond).count(), 2, "{p}");
    assert!(!prelude(&ALL).contains("| where"));
    let open = prelude(&TimeRange {
        from: None,
        to: Some(0),
    });
    assert_eq!(
        open.matches("| where TimeGenerated < datetime(1970")
            .count(),
        2
    );
}

#[test]
fn every_filter_kind_becomes_a_where() {
    let filters = vec![
        Filter::Equals {
            column: "username".into(),
            values: vec!["a@contoso.com".into(), "b@contoso.com".into()],
        },
        Filter::Contains {
            column: "Multifactor authentication result".into(),
            text: " denied ".into(),
        },
        Filter::DateRange {
            from: Some(0),
            to: None,
        },
        Filter::Outcome {
            values: vec!["denied".into()],
        },
        Filter::User {
            user: " Carol.Diaz@Contoso.com ".into(),
        },
        Filter::Equals {
            column: "$mfa_required".into(),
            values: vec!["yes".into()],
        },
    ];
    expect![[r#"
        MfaLensOutcome
        | where UserPrincipalName in ("a@contoso.com", "b@contoso.com")
        | where MfaResult contains "denied"
        | where TimeGenerated >= datetime(1970-01-01T00:00:00Z)
        | where Outcome in ("denied")
        | where MfaLensUser == "carol.diaz@contoso.com"
        | where iff(MfaRequired, "yes", "no") in ("yes")"#]]
    .assert_eq(&rows_of(filters, "").unwrap());
}

#[test]
fn the_search_looks_in_every_column_and_empty_choices_keep_nothing() {
    let q = rows_of(Vec::new(), " fraud ").unwrap();
    for c in columns::COLUMNS {
        assert!(
            q.contains(&format!("{} contains \"fraud\"", c.text)),
            "{}",
            c.name
        );
    }
    let none = rows_of(vec![Filter::Outcome { values: vec![] }], "").unwrap();
    assert_eq!(none, "MfaLensOutcome\n| where false");
    assert_eq!(rows_of(Vec::new(), "  ").unwrap(), "MfaLensOutcome");
}

#[test]
fn what_has_no_kql_form_is_refused() {
    let rows_filter = Filter::Rows {
        label: "evidence".into(),
        rows: vec![RowRef::new(crate::workspace::FileId(0), 3)],
    };
    assert_eq!(rows_of(vec![rows_filter], ""), Err(KqlError::RowPositions));
    let unknown = Filter::Contains {
        column: "no such column".into(),
        text: "x".into(),
    };
    assert_eq!(
        rows_of(vec![unknown], ""),
        Err(KqlError::UnknownColumn("no such column".into()))
    );
    let other = Query {
        dataset: DatasetId::MfaServerActivity,
        ..Query::default()
    };
    assert_eq!(
        rows(&other, &ALL),
        Err(KqlError::NotSignIns(DatasetId::MfaServerActivity))
    );
}

#[test]
fn a_hostile_value_stays_inside_its_literal() {
    let hostile = "x\" | take 1; //\n| project secret\\";
    let with = |v: &str| {
        rows_of(
            vec![
                Filter::Equals {
                    column: "username".into(),
                    values: vec![v.into()],
                },
                Filter::Contains {
                    column: "application".into(),
                    text: v.into(),
                },
                Filter::User { user: v.into() },
            ],
            v,
        )
        .unwrap()
    };
    let (plain, bad) = (with("x"), with(hostile));
    assert_eq!(outside_literals(&plain), outside_literals(&bad));
    assert_eq!(bad.lines().count(), plain.lines().count());
    assert!(
        bad.contains(r#""x\" | take 1; //\n| project secret\\""#),
        "{bad}"
    );
}

#[test]
fn each_sign_in_rule_is_a_query_with_the_settings_thresholds() {
    let defaults = FindingSettings::default();
    let mut changed = defaults;
    changed.mfa_fatigue.min_prompts = 7;
    changed.mfa_fatigue.gap_minutes = 3;
    changed.code_guessing.min_codes = 4;
    changed.prompt_volume.multiple = 2.5;
    let q = |rule, s: &FindingSettings| body(&finding(rule, s, &ALL).unwrap(), &ALL);
    let fatigue = q(RuleId::MfaFatigue, &defaults);
    assert!(fatigue.contains("| where Count >= 5\n"), "{fatigue}");
    assert!(fatigue.contains("> 10m, 1, 0)"), "{fatigue}");
    assert!(fatigue.contains("(Last + 60m)"), "{fatigue}");
    let fatigue = q(RuleId::MfaFatigue, &changed);
    assert!(fatigue.contains("| where Count >= 7\n") && fatigue.contains("> 3m, 1, 0)"));
    assert!(q(RuleId::CodeGuessing, &changed).contains("| where Densest >= 4\n"));
    let volume = q(RuleId::PromptVolume, &changed);
    assert!(
        volume.contains("max_of(real(20.0), real(2.5) * MfaLensMedian)"),
        "{volume}"
    );
    for (rule, words) in [
        (RuleId::MfaFatigue, FATIGUE_REASONS),
        (RuleId::FraudReported, FRAUD_REASONS),
        (RuleId::CodeGuessing, WRONG_CODE_REASONS),
    ] {
        let text = q(rule, &defaults);
        for w in words {
            assert!(text.contains(&string(w)), "{w} in {}", rule.id());
        }
        assert!(text.contains(&format!("Rule = {}", string(rule.id()))));
    }
}

#[test]
fn rules_on_reports_log_analytics_lacks_say_so() {
    for rule in [RuleId::AdminWithoutMfa, RuleId::BlockLiftedAfterFraud] {
        let err = finding(rule, &FindingSettings::default(), &ALL).unwrap_err();
        assert!(matches!(err, KqlError::NotInLogAnalytics { rule: r, .. } if r == rule));
        assert!(err.to_string().contains("not available in Log Analytics"));
    }
}

#[test]
fn the_overview_names_the_summary_fields() {
    let q = body(&overview(&ALL), &ALL);
    let summary = serde_json::to_value(crate::summary::SignInSummary::default()).unwrap();
    let fields = summary.as_object().unwrap();
    for name in fields.keys().filter(|k| !k.starts_with("auth_details")) {
        assert!(
            q.contains(&format!("{name} = ")),
            "{name} missing from\n{q}"
        );
    }
}

#[test]
fn fraud_query_snapshot() {
    let q = body(
        &finding(RuleId::FraudReported, &FindingSettings::default(), &ALL).unwrap(),
        &ALL,
    );
    expect![[r#"
        MfaLensOutcome | where Outcome == "denied" and not(DenialReason contains "user declined the authentication" or DenialReason contains "user did not respond to mobile app notification" or DenialReason contains "user didn't respond to mobile app notification") and (DenialReason contains "phone app reported fraud" or DenialReason contains "fraud code entered" or DenialReason contains "user reported fraud" or DenialReason contains "fraud reported")
        | summarize Count = count(), First = min(TimeGenerated), Last = max(TimeGenerated) by MfaLensUser
        | extend Severity = "high"
        | project Rule = "fraud-reported", Severity, User = MfaLensUser, First, Last, Count"#]].assert_eq(&q);
}

/// The prelude as a whole, so any change to what every query starts with
/// shows in review.
#[test]
fn prelude_snapshot() {
    expect![[r#"
        let MfaLensTrim = (text: string) { trim("[\\x{9}\\x{a}\\x{b}\\x{c}\\x{d}\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}\\x{2001}\\x{2002}\\x{2003}\\x{2004}\\x{2005}\\x{2006}\\x{2007}\\x{2008}\\x{2009}\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+", text) };
        let MfaLensDenied = (text: string) { text contains "denied;" };
        let MfaLensDenialReason = (text: string) { tolower(replace_string(MfaLensTrim(replace_regex(MfaLensTrim(extract("(?is).*denied;(.*)$", 1, text)), "\\.$", "")), "’", "'")) };
        let MfaLensSatisfiedText = (text: string) { text contains "completed in the cloud" or text contains "has expired due to the policies configured on tenant" or text contains "registration prompted" or text contains "satisfied by claim in the token" or text contains "satisfied by claim provided by external provider" or text contains "satisfied by strong authentication" or text contains "skipped as flow exercised was windows broker logon flow" or text contains "skipped due to app password" or text contains "skipped due to location" or text contains "skipped due to registered device" or text contains "skipped due to remembered device" or text contains "successfully completed" or text contains "mfa completed" or text contains "mfa requirement satisfied" or text contains "redirected to external provider" };
        let MfaLensPendingText = (text: string) { text contains "mfa required in azure ad" or text contains "authentication in progress" };
        let MfaLensRequired = (requirement: string) { MfaLensTrim(requirement) in~ ("multifactor authentication", "multifactorauthentication", "multi-factor authentication", "authentification multifacteur", "autenticación multifactor") };
        let MfaLensUserKey = (user: string) { iff(isempty(MfaLensTrim(user)), "(unknown)", tolower(MfaLensTrim(user))) };
        let MfaLensSteps = (details: string) { iff(array_length(todynamic(details)) > 0, todynamic(details), dynamic([{}])) };
        let MfaLensOutcome = union isfuzzy=true
            (SigninLogs
            | project TimeGenerated, UserPrincipalName, UserDisplayName, AppDisplayName, ResourceDisplayName, ClientAppUsed, IPAddress, ResultType, ResultDescription, AuthenticationRequirement, ConditionalAccessStatus, Id, CorrelationId, OriginalRequestId, UserAgent, Type, AuthenticationDetails, Status = todynamic(tostring(Status)), MfaDetail = todynamic(tostring(MfaDetail)), DeviceDetail = todynamic(tostring(DeviceDetail)), LocationDetails = todynamic(tostring(LocationDetails))),
            (AADNonInteractiveUserSignInLogs
            | project TimeGenerated, UserPrincipalName, UserDisplayName, AppDisplayName, ResourceDisplayName, ClientAppUsed, IPAddress, ResultType, ResultDescription, AuthenticationRequirement, ConditionalAccessStatus, Id, CorrelationId, OriginalRequestId, UserAgent, Type, AuthenticationDetails, Status = todynamic(tostring(Status)), MfaDetail = todynamic(tostring(MfaDetail)), DeviceDetail = todynamic(tostring(DeviceDetail)), LocationDetails = todynamic(tostring(LocationDetails)))
        | extend MfaResult = tostring(Status.additionalDetails), MfaMethod = tostring(MfaDetail.authMethod), MfaAuthDetail = tostring(MfaDetail.authDetail), Place = strcat_delim(", ", tostring(LocationDetails.city), tostring(LocationDetails.state), tostring(LocationDetails.countryOrRegion)), OperatingSystem = tostring(DeviceDetail.operatingSystem), Browser = tostring(DeviceDetail.browser)
        | mv-apply MfaLensStep = MfaLensSteps(AuthenticationDetails) on (
            extend MfaLensDetail = tostring(MfaLensStep.authenticationStepResultDetail)
            | summarize StepDenials = make_list_if(MfaLensDenialReason(MfaLensDetail), MfaLensDenied(MfaLensDetail)), StepSatisfied = countif(MfaLensSatisfiedText(MfaLensDetail)), StepMfaSucceeded = countif(MfaLensRequired(tostring(MfaLensStep.authenticationStepRequirement)) and tostring(MfaLensStep.succeeded) =~ "true"), StepPending = countif(MfaLensPendingText(MfaLensDetail))
            )
        | extend MfaRequired = MfaLensRequired(AuthenticationRequirement)
        | extend DenialReason = case(MfaLensDenied(MfaResult), MfaLensDenialReason(MfaResult), array_length(StepDenials) > 0, tostring(StepDenials[0]), ResultType == "500121", "authentication failed during strong authentication request", "")
        | extend Outcome = case(MfaLensDenied(MfaResult) or array_length(StepDenials) > 0 or ResultType == "500121", "denied", MfaLensSatisfiedText(MfaResult) or StepSatisfied > 0 or StepMfaSucceeded > 0 or (MfaRequired and ResultType == "0"), "satisfied", ResultType in ("50074", "50076", "50079", "50072", "50158") or MfaLensPendingText(MfaResult) or StepPending > 0, "interrupted", "no_mfa")
        | extend MfaLensUser = MfaLensUserKey(UserPrincipalName)
        | project-away StepDenials, StepSatisfied, StepMfaSucceeded, StepPending;
    "#]].assert_eq(&prelude(&ALL));
}

#[test]
fn fatigue_query_snapshot() {
    let q = body(
        &finding(RuleId::MfaFatigue, &FindingSettings::default(), &ALL).unwrap(),
        &ALL,
    );
    expect![[r#"
        let MfaLensSuccesses = MfaLensOutcome | where Outcome == "satisfied" | project MfaLensUser, SuccessAt = TimeGenerated;
        MfaLensOutcome | where Outcome == "denied" and (DenialReason contains "user declined the authentication" or DenialReason contains "user did not respond to mobile app notification" or DenialReason contains "user didn't respond to mobile app notification")
        | sort by MfaLensUser asc, TimeGenerated asc
        | extend MfaLensRun = row_cumsum(iff(MfaLensUser != prev(MfaLensUser) or TimeGenerated - prev(TimeGenerated) > 10m, 1, 0)), MfaLensRow = row_number()
        | summarize Count = count(), First = min(TimeGenerated), Last = max(TimeGenerated) by MfaLensUser, MfaLensRun
        | where Count >= 5
        | join kind=leftouter MfaLensSuccesses on MfaLensUser
        | summarize SuccessAt = minif(SuccessAt, SuccessAt between (First .. (Last + 60m))) by MfaLensUser, MfaLensRun, First, Last, Count
        | extend Severity = iff(isnotnull(SuccessAt), "high", "medium")
        | project Rule = "mfa-fatigue", Severity, User = MfaLensUser, First, Last, Count, ApprovedAt = SuccessAt"#]].assert_eq(&q);
}

#[test]
fn the_loaded_range_covers_every_dated_sign_in_and_nothing_before() {
    let mut ws = crate::Workspace::new();
    assert_eq!(TimeRange::of_loaded_sign_ins(&ws), TimeRange::default());
    ws.load(
        "InteractiveSignIns_2024-05-01_2024-05-02.csv",
        include_bytes!(
            "../../tests/fixtures/findings/InteractiveSignIns_2024-05-01_2024-05-02.csv"
        ),
    );
    // The fixture's sign-ins run from 08:00 to 15:00 on 2024-05-01; the
    // end is open, one second past the last.
    let day = 1_714_521_600; // 2024-05-01T00:00:00Z
    assert_eq!(
        TimeRange::of_loaded_sign_ins(&ws),
        TimeRange {
            from: Some(day + 8 * 3600),
            to: Some(day + 15 * 3600 + 1),
        }
    );
}

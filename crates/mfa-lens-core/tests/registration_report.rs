//! The Registration view's report over every spelling of the registration
//! exports (portal captions, Graph camelCase, SDK PascalCase, hand-built script
//! captions, MSOnline), alone and joined with sign-ins; and its agreement with
//! Summary JSON v1 and with the Rows tab's `Registered for MFA` column.

use std::path::PathBuf;

use mfa_lens_core::generate::{generate, GenKind, GenOptions};
use mfa_lens_core::knowledge::MethodId;
use mfa_lens_core::query::{run, Computed, DatasetId, Query};
use mfa_lens_core::reports::registration::{
    registration_report, registration_users, RegistrationReport, RegistrationRequest,
};
use mfa_lens_core::{Summary, Workspace};

fn fixture(path: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn load(paths: &[&str]) -> Workspace {
    let mut ws = Workspace::new();
    for p in paths {
        let name = p.rsplit('/').next().unwrap_or(p);
        ws.load(name, &fixture(p));
    }
    ws
}

fn report(ws: &Workspace) -> RegistrationReport {
    registration_report(ws, RegistrationRequest::default()).expect("a registration report")
}

/// (label, users) of each method the report lists.
fn methods(r: &RegistrationReport) -> Vec<(&str, u64)> {
    r.methods
        .iter()
        .map(|m| (m.label.as_str(), m.users))
        .collect()
}

fn unregistered_names(r: &RegistrationReport) -> Vec<&str> {
    r.unregistered
        .users
        .iter()
        .map(|u| u.user.as_str())
        .collect()
}

/// Rows of the registration dataset the report's filters select.
fn rows_selected(ws: &Workspace, filters: &[mfa_lens_core::query::Filter]) -> usize {
    run(
        ws,
        &Query {
            dataset: DatasetId::Registration,
            filters: filters.to_vec(),
            ..Query::default()
        },
    )
    .len()
}

#[test]
fn portal_captions_answer_both_questions_and_flag_admins_without_mfa() {
    let ws = load(&["kinds/UserRegistrationDetails_admins.csv"]);
    let r = report(&ws);
    assert_eq!((r.users, r.registered, r.not_registered), (7, 4, 3));
    // The admin without MFA comes first, then the others by name.
    assert_eq!(
        unregistered_names(&r),
        [
            "grace.hopper@contoso.com",
            "dave.okafor@contoso.com",
            "ivan.petrov@contoso.com"
        ]
    );
    let grace = &r.unregistered.users[0];
    assert_eq!(grace.name.as_deref(), Some("Grace Hopper"));
    assert_eq!((grace.admin, grace.capable), (Some(true), Some(false)));
    assert_eq!(grace.sign_ins, None, "no sign-ins loaded");
    assert_eq!(
        methods(&r),
        [
            ("Mobile app notification", 2),
            ("FIDO2 security key", 1),
            ("Mobile phone", 1),
            ("Windows Hello for Business", 1),
        ]
    );
    assert_eq!(r.methods[0].spellings, ["Microsoft Authenticator app"]);
    let admins = r.admins.as_ref().unwrap();
    assert_eq!((admins.admins, admins.without_mfa), (3, 1));
    assert_eq!(admins.list[0].user, "grace.hopper@contoso.com");
    let k = r.capability.as_ref().unwrap();
    assert_eq!(
        (
            k.registered_capable,
            k.registered_not_capable,
            k.not_registered_capable,
            k.not_registered_not_capable,
            k.unknown
        ),
        (3, 1, 0, 3, 0)
    );
    assert!(r.mfa_states.is_empty());
    assert!(r.sign_ins.is_none());
    // "Show these rows" selects exactly those users' rows.
    assert_eq!(rows_selected(&ws, &r.unregistered_filter), 3);
    assert_eq!(rows_selected(&ws, &r.registered_filter), 4);
    assert_eq!(rows_selected(&ws, &r.admins_filter), 1);
}

#[test]
fn graph_sdk_and_script_spellings_give_the_same_answers() {
    // Graph camelCase (Extractor Suite): dave and the guest are not registered.
    let graph = report(&load(&["kinds/MFA-UserRegistrationDetails_graph.csv"]));
    assert_eq!((graph.registered, graph.not_registered), (4, 2));
    assert_eq!(
        unregistered_names(&graph),
        [
            "dave.okafor@contoso.com",
            "partner.user_fabrikam.com#EXT#@contoso.onmicrosoft.com"
        ]
    );
    assert_eq!(graph.admins.as_ref().unwrap().admins, 0);
    assert_eq!(graph.capability.as_ref().unwrap().registered_capable, 4);
    // SDK PascalCase: only bob.
    let sdk = report(&load(&["kinds/UserRegistrationDetails_sdk.csv"]));
    assert_eq!(unregistered_names(&sdk), ["bob.martins@contoso.com"]);
    assert_eq!(
        sdk.unregistered.users[0].name.as_deref(),
        Some("Bob Martins")
    );
    // Hand-built captions (`Is MFA Registered?`), dave on two rows spelled
    // differently: one user.
    let script = report(&load(&["kinds/UserRegistrationDetails_script.csv"]));
    assert_eq!((script.users, script.not_registered), (4, 2));
    assert_eq!(
        unregistered_names(&script),
        ["bob.martins@contoso.com", "dave.okafor@contoso.com"]
    );
    let admins = script.admins.as_ref().unwrap();
    assert_eq!(admins.list.len(), 1);
    assert_eq!(admins.list[0].user, "bob.martins@contoso.com");
}

#[test]
fn msonline_report_is_read_like_the_powershell_questions() {
    // `StrongAuthenticationMethods.Count -eq 0`: an empty MFA Methods cell,
    // whatever the per-user state says (carol is Disabled but has methods).
    let ws = load(&["kinds/MFA_Report_MSOnline.csv"]);
    let r = report(&ws);
    assert_eq!((r.users, r.registered, r.not_registered), (6, 4, 2));
    assert_eq!(
        unregistered_names(&r),
        ["dave.okafor@contoso.com", "frank.li@contoso.com"]
    );
    assert_eq!(
        r.unregistered.users[0].mfa_state.as_deref(),
        Some("Disabled")
    );
    assert_eq!(
        r.mfa_states,
        [
            ("Disabled".to_string(), 3),
            ("Enabled".to_string(), 2),
            ("Enforced".to_string(), 1),
        ]
    );
    assert!(r.capability.is_none() && r.admins.is_none());
    // The two lists the PowerShell questions print, by name.
    assert_eq!(
        registration_users(&ws, true).unwrap(),
        [
            "alice.nguyen@contoso.com",
            "bob.martins@contoso.com",
            "carol.diaz@contoso.com",
            "erin.schmidt@contoso.com"
        ]
    );
    assert_eq!(
        registration_users(&ws, false).unwrap(),
        ["dave.okafor@contoso.com", "frank.li@contoso.com"]
    );
    assert!(r.admins_filter.is_empty());
    assert_eq!(rows_selected(&ws, &r.unregistered_filter), 2);
}

#[test]
fn with_sign_ins_the_users_who_sign_in_unregistered_are_named() {
    let ws = load(&[
        "sets/registration_with_sign_ins/InteractiveSignIns_2024-05-01_2024-05-02.csv",
        "sets/registration_with_sign_ins/UserRegistrationDetails_admins.csv",
    ]);
    let r = report(&ws);
    let s = r.sign_ins.as_ref().expect("sign-ins are loaded");
    assert_eq!(s.sign_in_users, 5);
    assert_eq!(s.not_registered.total, 1);
    let dave = &s.not_registered.users[0];
    assert_eq!(
        (dave.user.as_str(), dave.sign_ins, dave.mfa_satisfied),
        ("dave.okafor@contoso.com", 1, 0)
    );
    assert!(dave.last_seen.is_some());
    // Erin signs in but no report lists her; Bob is written
    // `Bob.Martins@…` in the report and is still matched.
    let missing: Vec<&str> = s
        .not_in_report
        .users
        .iter()
        .map(|u| u.user.as_str())
        .collect();
    assert_eq!(missing, ["erin.schmidt@contoso.com"]);
    // The unregistered page now says how often each signs in, and puts
    // the one who signs in before those who do not.
    let page: Vec<(&str, Option<u64>)> = r
        .unregistered
        .users
        .iter()
        .map(|u| (u.user.as_str(), u.sign_ins))
        .collect();
    assert_eq!(
        page,
        [
            ("grace.hopper@contoso.com", Some(0)),
            ("dave.okafor@contoso.com", Some(1)),
            ("ivan.petrov@contoso.com", Some(0)),
        ]
    );
    // Summary JSON v1 carries the same counts.
    let summary = Summary::of(&ws).registration.unwrap();
    assert_eq!(summary.sign_in_users_not_registered, Some(1));
    assert_eq!(summary.sign_in_users_not_in_report, Some(1));
}

#[test]
fn no_registration_report_means_no_view() {
    let ws =
        load(&["sets/registration_with_sign_ins/InteractiveSignIns_2024-05-01_2024-05-02.csv"]);
    assert!(registration_report(&ws, RegistrationRequest::default()).is_none());
    assert!(registration_users(&ws, false).is_none());
}

fn generated(kind: GenKind, rows: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let opts = GenOptions {
        rows,
        seed: 7,
        ..GenOptions::default()
    };
    generate(kind, &opts, &mut out).unwrap();
    out
}

#[test]
fn pages_of_unregistered_users_line_up_and_agree_with_the_summary_and_the_rows() {
    let mut ws = Workspace::new();
    ws.load(
        "MFA-UserRegistrationDetails.csv",
        &generated(GenKind::Registration, 3_000),
    );
    ws.load("MFA_Report.csv", &generated(GenKind::MsolMfaStatus, 1_000));
    let whole = registration_report(
        &ws,
        RegistrationRequest {
            offset: 0,
            limit: 1_000,
        },
    )
    .unwrap();
    let total = whole.unregistered.total;
    assert!(
        total > 100,
        "the generator makes unregistered users: {total}"
    );
    // Pages of 37 put together are the first 1,000 of the whole order.
    let mut joined = Vec::new();
    let mut offset = 0;
    while offset < total.min(1_000) {
        let page = registration_report(&ws, RegistrationRequest { offset, limit: 37 }).unwrap();
        assert_eq!(page.unregistered.offset, offset);
        joined.extend(page.unregistered.users);
        offset += 37;
    }
    joined.truncate(whole.unregistered.users.len());
    assert_eq!(joined, whole.unregistered.users);
    // Past the end: an empty page, not a panic.
    let past = registration_report(
        &ws,
        RegistrationRequest {
            offset: total + 5,
            limit: 10,
        },
    )
    .unwrap();
    assert!(past.unregistered.users.is_empty());
    assert_eq!(past.unregistered.offset, total);
    // The summary and the report count the same users.
    let s = Summary::of(&ws).registration.unwrap();
    assert_eq!(
        (s.users, s.mfa_registered, s.mfa_not_registered),
        (whole.users, whole.registered, whole.not_registered)
    );
    assert_eq!(whole.not_registered, total);
    // The computed column says "no" on at least one row per unregistered
    // user, and "yes" on the others' rows.
    let no_rows = rows_selected(&ws, &whole.unregistered_filter) as u64;
    assert!(no_rows >= total, "{no_rows} rows for {total} users");
    assert_eq!(
        whole.registered_filter,
        [mfa_lens_core::query::Filter::Equals {
            column: Computed::MfaRegistered.key().into(),
            values: vec!["yes".into()],
        }]
    );
    assert_eq!(
        no_rows + rows_selected(&ws, &whole.registered_filter) as u64,
        ws.files().iter().map(|f| f.rows).sum::<u64>()
    );
}

#[test]
fn msonline_graph_and_portal_spellings_list_each_method_once_under_its_portal_name() {
    // The same users in three vocabularies: MSOnline's `PhoneAppNotification`,
    // Graph's `microsoftAuthenticatorPush`, the portal's `Microsoft
    // Authenticator app` are one method, and a user who has it in all three
    // files counts once.
    let ws = load(&[
        "kinds/MFA_Report_MSOnline.csv",
        "kinds/MFA-UserRegistrationDetails_graph.csv",
        "kinds/UserRegistrationDetails_portal.csv",
    ]);
    let r = report(&ws);
    assert_eq!(r.users, 7);
    assert_eq!(
        methods(&r),
        [
            ("Mobile app notification", 3),
            ("(several, not listed)", 2),
            ("FIDO2 security key", 1),
            ("Mobile phone", 1),
            ("OATH verification code", 1),
            ("Text message", 1),
            ("Windows Hello for Business", 1),
        ]
    );
    let push = &r.methods[0];
    assert_eq!(push.id, Some(MethodId::MobileAppNotification));
    assert_eq!(
        push.spellings,
        [
            "PhoneAppNotification",
            "microsoftAuthenticatorPush",
            "Microsoft Authenticator app"
        ]
    );
    let oath = r
        .methods
        .iter()
        .find(|m| m.label == "OATH verification code");
    assert_eq!(
        oath.map(|m| m.spellings.clone()).unwrap_or_default(),
        ["softwareOneTimePasscode", "Software OATH token"]
    );
    // PowerShell's `System.Object[]` is no method: kept under its own key.
    assert_eq!(r.methods[1].id, None);
    // Summary JSON v1 keeps the spellings as written in `methods` and adds
    // the unified `method_labels`, equal to the view's list.
    let s = Summary::of(&ws).registration.expect("registration");
    assert_eq!(s.methods.get("PhoneAppNotification"), Some(&1));
    assert_eq!(s.methods.get("microsoftAuthenticatorPush"), Some(&3));
    assert_eq!(s.methods.get("Microsoft Authenticator app"), Some(&2));
    let labels: Vec<(&str, u64)> = s
        .method_labels
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    let mut shown = methods(&r);
    shown.sort();
    assert_eq!(labels, shown);
}

#[test]
fn an_unknown_method_spelling_is_kept_as_written_and_counted() {
    let mut ws = Workspace::new();
    ws.load(
        "MFA_Report.csv",
        b"\"UserPrincipalName\",\"MFA Status\",\"MFA Methods\"\r\n\
          \"a@contoso.com\",\"Enabled\",\"quantumToken\"\r\n\
          \"b@contoso.com\",\"Enabled\",\" quantumToken \"\r\n\
          \"c@contoso.com\",\"Enabled\",\"TwoWayVoiceMobile\"\r\n",
    );
    let r = report(&ws);
    assert_eq!(r.registered, 3);
    assert_eq!(
        methods(&r),
        [
            ("quantumToken", 2),
            ("Phone call (Authentication phone)", 1)
        ]
    );
    assert_eq!(r.methods[0].id, None);
    let s = Summary::of(&ws).registration.expect("registration");
    assert_eq!(s.method_labels.get("quantumToken"), Some(&2));
}

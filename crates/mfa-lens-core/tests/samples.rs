//! Every sample of `FORMATS.md` (copied to `tests/fixtures/samples/`): detected as
//! the right kind and summarised as the issue's rules say. The snapshots were
//! checked by hand, row by row; the reasoning is in the comments.

use std::path::PathBuf;

use expect_test::{expect, Expect};
use mfa_lens_core::findings::FindingSettings;
use mfa_lens_core::sign_ins::user_summaries;
use mfa_lens_core::{ReportKind, Summary, Workspace};

fn sample(name: &str) -> (String, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/samples")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (name.to_string(), bytes)
}

fn load(names: &[&str]) -> Workspace {
    let mut ws = Workspace::new();
    for n in names {
        let (name, bytes) = sample(n);
        ws.load(&name, &bytes);
    }
    ws
}

/// The summary without the `files` list (checked separately), pretty-printed.
/// The findings' settings are checked here to be the defaults, and left out
/// of the snapshots, which would all repeat them.
fn sections(ws: &Workspace) -> String {
    let mut v = serde_json::to_value(Summary::of(ws)).unwrap();
    v.as_object_mut().unwrap().remove("files");
    if let Some(findings) = v.get_mut("findings").and_then(|f| f.as_object_mut()) {
        let settings = findings
            .remove("settings")
            .expect("findings carry their settings");
        let defaults = serde_json::to_value(FindingSettings::default()).unwrap();
        assert_eq!(
            settings, defaults,
            "the summary uses the default thresholds"
        );
    }
    serde_json::to_string_pretty(&v).unwrap()
}

fn check(names: &[&str], kinds: &[ReportKind], snapshot: Expect) {
    let ws = load(names);
    let got: Vec<ReportKind> = ws.files().iter().map(|f| f.kind).collect();
    assert_eq!(got, kinds, "{names:?}");
    for f in ws.files() {
        assert!(!f.unreadable, "{}", f.name);
        assert_eq!(f.bad_rows, 0, "{}", f.name);
    }
    snapshot.assert_eq(&sections(&ws));
}

/// The interactive sample with its auth details. Row by row:
/// 1. alice: Success, "MFA requirement satisfied by claim in the token", MFA
///    required → satisfied (rule 2, text); joined step "Previously satisfied" true.
/// 2. bob: Interrupted 50074, "MFA required in Azure AD", MFA required; the
///    joined MFA step is `false` / "Authentication in progress" → no denial, no
///    satisfied text, MFA step not succeeded, status not Success → interrupted
///    (rule 3, code 50074).
/// 3. bob: Success, "MFA completed in Azure AD", Mobile app notification →
///    satisfied.
/// 4. carol: 500121, "MFA denied; user declined the authentication", Mobile app
///    notification → denied, reason "user declined the authentication".
/// 5. dave: 50126, single-factor, the "didn't enter the right credentials" hint
///    (no `denied;`, not a satisfied text), only a failed primary step → no_mfa.
/// 6. erin: 53003, single-factor, empty text, only a primary step → no_mfa.
///
/// total 6 = 2 + 1 + 1 + 2; mfa_required 4 (rows 1–4); users 5; users with MFA
/// required 3 (alice, bob, carol); denied 1 (carol); never completed 1 (carol —
/// bob was interrupted but also satisfied). Methods: rows 3 and 4. Every one of
/// the 6 sign-ins has auth-details rows (9 steps, all 6 Request IDs match).
#[test]
fn interactive_sign_ins_with_auth_details() {
    check(
        &[
            "InteractiveSignIns_2024-05-01_2024-05-02.csv",
            "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv",
        ],
        &[ReportKind::EntraSignIns, ReportKind::EntraAuthDetails],
        expect![[r#"
            {
              "findings": {
                "counts": {
                  "high": 0,
                  "info": 0,
                  "medium": 0
                },
                "items": []
              },
              "schema": "mfa-lens.summary.v1",
              "sign_ins": {
                "auth_details_join_rate": 1.0,
                "auth_details_joined": 6,
                "auth_details_rows": 9,
                "denial_reasons": {
                  "user declined the authentication": 1
                },
                "denied": 1,
                "interrupted": 1,
                "methods": {
                  "Mobile app notification": 2
                },
                "mfa_required": 4,
                "no_mfa": 2,
                "satisfied": 2,
                "total": 6,
                "users": 5,
                "users_denied": 1,
                "users_mfa_required": 3,
                "users_never_completed": 1
              }
            }"#]],
    );
}

/// The 44-column variant: alice satisfied by claim, bob "MFA completed" (push),
/// carol denied (push, 500121). All three MFA-required; carol never completed.
#[test]
fn interactive_44_column_variant() {
    check(
        &["InteractiveSignIns_2023-03-01_2023-03-02_44col-variant.csv"],
        &[ReportKind::EntraSignIns],
        expect![[r#"
            {
              "findings": {
                "counts": {
                  "high": 0,
                  "info": 0,
                  "medium": 0
                },
                "items": []
              },
              "schema": "mfa-lens.summary.v1",
              "sign_ins": {
                "auth_details_joined": 0,
                "auth_details_rows": 0,
                "denial_reasons": {
                  "user declined the authentication": 1
                },
                "denied": 1,
                "interrupted": 0,
                "methods": {
                  "Mobile app notification": 2
                },
                "mfa_required": 3,
                "no_mfa": 0,
                "satisfied": 2,
                "total": 3,
                "users": 3,
                "users_denied": 1,
                "users_mfa_required": 3,
                "users_never_completed": 1
              }
            }"#]],
    );
}

/// The reconstructed 2019 export: alice `MFA Required` Yes + "Azure Multi-Factor
/// Authentication; successfully completed" → satisfied (Text message); carol
/// "…denied; user declined the authentication" → denied; bob "…denied; phone call
/// went to voicemail" → denied; dave MFA Required No, no text → no_mfa. Carol and
/// bob never completed.
#[test]
fn legacy_sign_ins() {
    check(
        &["SignIns_2019-06-03_2019-06-04_RECONSTRUCTED.csv"],
        &[ReportKind::LegacySignIns],
        expect![[r#"
            {
              "findings": {
                "counts": {
                  "high": 0,
                  "info": 0,
                  "medium": 0
                },
                "items": []
              },
              "schema": "mfa-lens.summary.v1",
              "sign_ins": {
                "auth_details_joined": 0,
                "auth_details_rows": 0,
                "denial_reasons": {
                  "phone call went to voicemail": 1,
                  "user declined the authentication": 1
                },
                "denied": 2,
                "interrupted": 0,
                "methods": {
                  "Mobile app notification": 1,
                  "Phone call (Authentication phone)": 1,
                  "Text message": 1
                },
                "mfa_required": 3,
                "no_mfa": 1,
                "satisfied": 1,
                "total": 4,
                "users": 4,
                "users_denied": 2,
                "users_mfa_required": 3,
                "users_never_completed": 2
              }
            }"#]],
    );
}

/// alice SUCCESS_NO_PIN (a `depends` code) with Primary Call Authenticated Yes →
/// succeeded; bob SUCCESS_NO_PIN_BUT_TIMEOUT → did_not_complete; carol
/// FAILED_PHONE_APP_DENIED → failed; dave SUCCESS_SMS_AUTHENTICATED → succeeded;
/// erin FAILED_FRAUD_CODE_ENTERED → failed. Five distinct users.
#[test]
fn mfa_server_activity() {
    check(
        &["MFAServer_AuthenticationAttempts_INFERRED.csv"],
        &[ReportKind::MfaServerActivity],
        expect![[r#"
            {
              "findings": {
                "counts": {
                  "high": 1,
                  "info": 0,
                  "medium": 0
                },
                "items": [
                  {
                    "count": 1,
                    "explanation": "contoso\\erin.schmidt reported an MFA prompt as fraud (1 report in: MFA Server activity). The user is telling you that someone else started the sign-in, so someone else has the password.",
                    "first": "2019-03-14T16:09:47Z",
                    "last": "2019-03-14T16:09:47Z",
                    "next_steps": [
                      "Reset the user's password and revoke the user's sessions.",
                      "Review the sign-ins around the report: the IP address and location the attempts came from, and any other user signing in from there.",
                      "Review the user's registered methods and remove any the user does not recognise.",
                      "Keep the user blocked until the account is known to be safe; unblock only then."
                    ],
                    "rule": "fraud-reported",
                    "severity": "high",
                    "user": "contoso\\erin.schmidt",
                    "via": [
                      "MFA Server activity"
                    ]
                  }
                ]
              },
              "mfa_server": {
                "attempts": 5,
                "by_application": {
                  "ADFS": 1,
                  "OWA": 1,
                  "VPN": 3
                },
                "by_category": {
                  "fraud/security": 1,
                  "telephony": 1,
                  "user action": 3
                },
                "by_component": {
                  "AD FS": 1,
                  "IIS": 1,
                  "RADIUS": 3
                },
                "by_method": {
                  "Mobile App": 1,
                  "Phone Call": 3,
                  "Text Message": 1
                },
                "by_outcome": {
                  "depends": 0,
                  "did_not_complete": 1,
                  "failed": 2,
                  "succeeded": 2
                },
                "call_results": {
                  "FAILED_FRAUD_CODE_ENTERED": 1,
                  "FAILED_PHONE_APP_DENIED": 1,
                  "SUCCESS_NO_PIN": 1,
                  "SUCCESS_NO_PIN_BUT_TIMEOUT": 1,
                  "SUCCESS_SMS_AUTHENTICATED": 1
                },
                "fraud_reports": 1,
                "success_not_succeeded": 1,
                "users": 5
              },
              "schema": "mfa-lens.summary.v1"
            }"#]],
    );
}

/// Blocked Yes, No, Yes → 2 blocks, 1 unblock; Fraud Alert Yes once; users erin
/// (twice) and bob → 2.
#[test]
fn mfa_server_blocked() {
    check(
        &["MFAServer_BlockedUserHistory_INFERRED.csv"],
        &[ReportKind::MfaServerBlocked],
        expect![[r#"
            {
              "blocked_history": {
                "blocks": 2,
                "events": 3,
                "fraud_alerts": 1,
                "unblocks": 1,
                "users": 2,
                "users_blocked_now": 1,
                "users_unblocked_now": 1
              },
              "findings": {
                "counts": {
                  "high": 2,
                  "info": 0,
                  "medium": 0
                },
                "items": [
                  {
                    "count": 1,
                    "explanation": "contoso\\erin.schmidt reported an MFA prompt as fraud (1 report in: Blocked user history). The user is telling you that someone else started the sign-in, so someone else has the password.",
                    "first": "2019-03-14T16:09:50Z",
                    "last": "2019-03-14T16:09:50Z",
                    "next_steps": [
                      "Reset the user's password and revoke the user's sessions.",
                      "Review the sign-ins around the report: the IP address and location the attempts came from, and any other user signing in from there.",
                      "Review the user's registered methods and remove any the user does not recognise.",
                      "Keep the user blocked until the account is known to be safe; unblock only then."
                    ],
                    "rule": "fraud-reported",
                    "severity": "high",
                    "user": "contoso\\erin.schmidt",
                    "via": [
                      "Blocked user history"
                    ]
                  },
                  {
                    "count": 1,
                    "explanation": "contoso\\erin.schmidt reported fraud, and 1 unblock or bypass (unblock) followed within 24 hours, the soonest 16 h after the report. The account was handed back before there was time to make sure it is safe.",
                    "first": "2019-03-14T16:09:50Z",
                    "last": "2019-03-15T08:30:00Z",
                    "next_steps": [
                      "Ask who lifted the block or granted the bypass, and why (the history names the requester and the reason).",
                      "Reset the user's password and revoke the user's sessions before access is restored.",
                      "Review the sign-ins between the fraud report and now for access from unknown places."
                    ],
                    "rule": "block-lifted-after-fraud",
                    "severity": "high",
                    "user": "contoso\\erin.schmidt",
                    "via": [
                      "unblock"
                    ]
                  }
                ]
              },
              "schema": "mfa-lens.summary.v1"
            }"#]],
    );
}

/// Three bypasses for carol, dave, alice; Bypass Used Yes once.
#[test]
fn mfa_server_bypassed() {
    check(
        &["MFAServer_BypassedUserHistory_INFERRED.csv"],
        &[ReportKind::MfaServerBypassed],
        expect![[r#"
            {
              "bypass_history": {
                "events": 3,
                "seconds_granted": 1080,
                "unused": 2,
                "used": 1,
                "users": 3,
                "users_bypassed_repeatedly": 0
              },
              "findings": {
                "counts": {
                  "high": 0,
                  "info": 0,
                  "medium": 0
                },
                "items": []
              },
              "schema": "mfa-lens.summary.v1"
            }"#]],
    );
}

/// Graph camelCase: isMfaRegistered True for alice, bob, carol; False for dave
/// and the guest. Methods per user split on `,`: push (alice, bob), fido2 and
/// WHfB (alice), software OTP (bob), mobilePhone (carol).
#[test]
fn registration_graph_export() {
    check(
        &["MFA-UserRegistrationDetails_extractor-suite-style.csv"],
        &[ReportKind::RegistrationDetails],
        expect![[r#"
            {
              "findings": {
                "counts": {
                  "high": 0,
                  "info": 0,
                  "medium": 0
                },
                "items": []
              },
              "registration": {
                "admins": 1,
                "admins_not_registered": 0,
                "method_labels": {
                  "FIDO2 security key": 1,
                  "Mobile app notification": 2,
                  "Mobile phone": 1,
                  "OATH verification code": 1,
                  "Windows Hello for Business": 1
                },
                "methods": {
                  "fido2SecurityKey": 1,
                  "microsoftAuthenticatorPush": 2,
                  "mobilePhone": 1,
                  "softwareOneTimePasscode": 1,
                  "windowsHelloForBusiness": 1
                },
                "mfa_capable": 3,
                "mfa_not_registered": 2,
                "mfa_registered": 3,
                "registered_not_capable": 0,
                "users": 5
              },
              "schema": "mfa-lens.summary.v1"
            }"#]],
    );
}

/// Portal captions: `Registered` for alice, bob, carol; `Not Registered` for dave.
#[test]
fn registration_portal_export() {
    check(
        &["UserRegistrationDetails_portal_INFERRED.csv"],
        &[ReportKind::RegistrationDetails],
        expect![[r#"
            {
              "findings": {
                "counts": {
                  "high": 0,
                  "info": 0,
                  "medium": 0
                },
                "items": []
              },
              "registration": {
                "admins": 1,
                "admins_not_registered": 0,
                "method_labels": {
                  "FIDO2 security key": 1,
                  "Mobile app notification": 2,
                  "Mobile phone": 1,
                  "OATH verification code": 1,
                  "Windows Hello for Business": 1
                },
                "methods": {
                  "FIDO2 security key": 1,
                  "Microsoft Authenticator app": 2,
                  "Mobile phone": 1,
                  "Software OATH token": 1,
                  "Windows Hello for Business": 1
                },
                "mfa_capable": 3,
                "mfa_not_registered": 1,
                "mfa_registered": 3,
                "registered_not_capable": 0,
                "users": 4
              },
              "schema": "mfa-lens.summary.v1"
            }"#]],
    );
}

/// MSOnline: `System.Object[]` twice (alice, carol) → registered under
/// "(several, not listed)"; bob PhoneAppNotification; dave empty → not registered.
#[test]
fn msol_report() {
    check(
        &["MFA_Report_MSOnline.csv"],
        &[ReportKind::MsolMfaStatus],
        expect![[r#"
            {
              "findings": {
                "counts": {
                  "high": 0,
                  "info": 0,
                  "medium": 0
                },
                "items": []
              },
              "registration": {
                "method_labels": {
                  "(several, not listed)": 2,
                  "Mobile app notification": 1
                },
                "methods": {
                  "(several, not listed)": 2,
                  "PhoneAppNotification": 1
                },
                "mfa_not_registered": 1,
                "mfa_registered": 3,
                "mfa_states": {
                  "Disabled": 2,
                  "Enabled": 1,
                  "Enforced": 1
                },
                "users": 4
              },
              "schema": "mfa-lens.summary.v1"
            }"#]],
    );
}

/// Auth details alone: recognised, no `sign_ins` section, and a diagnostic
/// asking for the matching sign-ins.
#[test]
fn auth_details_alone_are_recognised_and_flagged() {
    let ws = load(&["InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv"]);
    let f = &ws.files()[0];
    assert_eq!(f.kind, ReportKind::EntraAuthDetails);
    assert_eq!(f.rows, 9);
    assert!(f
        .diagnostics
        .iter()
        .any(|d| d.code == mfa_lens_core::DiagnosticCode::AuthDetailsWithoutSignIns));
    assert!(Summary::of(&ws).sign_ins.is_none());
}

/// Auth details before or after the sign-ins, or added, removed and added back:
/// the same numbers.
#[test]
fn file_order_does_not_change_the_summary() {
    let sign_ins = "InteractiveSignIns_2024-05-01_2024-05-02.csv";
    let details = "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv";
    let after = load(&[sign_ins, details]);
    let before = load(&[details, sign_ins]);
    assert_eq!(Summary::of(&after).sign_ins, Summary::of(&before).sign_ins);
    assert_eq!(user_summaries(&after), user_summaries(&before));
    assert_eq!(Summary::of(&after).sign_ins.unwrap().auth_details_joined, 6);

    let mut ws = load(&[sign_ins]);
    assert_eq!(Summary::of(&ws).sign_ins.unwrap().auth_details_joined, 0);
    let (name, bytes) = sample(details);
    let id = ws.load(&name, &bytes);
    assert_eq!(Summary::of(&ws).sign_ins, Summary::of(&after).sign_ins);
    ws.remove(id);
    assert_eq!(Summary::of(&ws).sign_ins.unwrap().auth_details_joined, 0);
    assert!(Summary::of(&ws)
        .sign_ins
        .unwrap()
        .auth_details_join_rate
        .is_none());
}

/// Per-user view of the pair: bob has one interrupted and one satisfied row;
/// carol's last denial reason is the push she declined.
#[test]
fn per_user_summaries() {
    let ws = load(&[
        "InteractiveSignIns_2024-05-01_2024-05-02.csv",
        "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv",
    ]);
    let users = serde_json::to_string_pretty(&user_summaries(&ws)).unwrap();
    expect![[r#"
        [
          {
            "user": "bob.martins@contoso.com",
            "sign_ins": 2,
            "mfa_required": 2,
            "satisfied": 1,
            "denied": 0,
            "interrupted": 1,
            "methods": {
              "Mobile app notification": 1
            },
            "last_denial_reason": null,
            "first_seen": "2024-05-01T08:14:03Z",
            "last_seen": "2024-05-01T08:14:31Z"
          },
          {
            "user": "alice.nguyen@contoso.com",
            "sign_ins": 1,
            "mfa_required": 1,
            "satisfied": 1,
            "denied": 0,
            "interrupted": 0,
            "methods": {},
            "last_denial_reason": null,
            "first_seen": "2024-05-01T07:58:12Z",
            "last_seen": "2024-05-01T07:58:12Z"
          },
          {
            "user": "carol.diaz@contoso.com",
            "sign_ins": 1,
            "mfa_required": 1,
            "satisfied": 0,
            "denied": 1,
            "interrupted": 0,
            "methods": {
              "Mobile app notification": 1
            },
            "last_denial_reason": "user declined the authentication",
            "first_seen": "2024-05-01T02:11:04Z",
            "last_seen": "2024-05-01T02:11:04Z"
          },
          {
            "user": "dave.okafor@contoso.com",
            "sign_ins": 1,
            "mfa_required": 0,
            "satisfied": 0,
            "denied": 0,
            "interrupted": 0,
            "methods": {},
            "last_denial_reason": null,
            "first_seen": "2024-05-01T03:40:59Z",
            "last_seen": "2024-05-01T03:40:59Z"
          },
          {
            "user": "erin.schmidt@contoso.com",
            "sign_ins": 1,
            "mfa_required": 0,
            "satisfied": 0,
            "denied": 0,
            "interrupted": 0,
            "methods": {},
            "last_denial_reason": null,
            "first_seen": "2024-05-01T11:02:47Z",
            "last_seen": "2024-05-01T11:02:47Z"
          }
        ]"#]]
    .assert_eq(&users);
}

/// Every sample together: each section present once, users counted across files.
#[test]
fn all_samples_together() {
    let mut names: Vec<String> =
        std::fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/samples"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv"))
            .collect();
    names.sort();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let ws = load(&refs);
    assert!(ws.files().iter().all(|f| f.kind != ReportKind::Unknown));
    let s = Summary::of(&ws);
    let sign_ins = s.sign_ins.unwrap();
    // 6 + 3 + 4 sign-in rows; users alice, bob, carol, dave, erin across the
    // modern, 44-column and legacy files.
    assert_eq!(sign_ins.total, 13);
    assert_eq!(sign_ins.users, 5);
    // Registration: the portal, Graph and MSOnline files name the same four
    // people plus the guest: 5 distinct users.
    assert_eq!(s.registration.unwrap().users, 5);
    assert!(s.mfa_server.is_some() && s.blocked_history.is_some() && s.bypass_history.is_some());
}

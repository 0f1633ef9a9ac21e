//! The knowledge base against the reference documents: every documented code,
//! reason and method is present with the right label and class, and the per-row
//! text rules behave exactly as the engine issue defines them.

use std::collections::{BTreeMap, HashSet};

use mfa_lens_core::knowledge::{
    all_entries, auth_method, call_result, denial_reason, error_code, explain, is_satisfied_text,
    mfa_result, normalise_query, search, CallOutcome, Entry, MfaResultKind, AUTH_METHODS,
    CALL_RESULTS, ERROR_CODES, MFA_RESULTS,
};

/// The fixture's sections: `[name]` followed by one entry per line.
fn reference() -> BTreeMap<String, Vec<String>> {
    let text = include_str!("fixtures/reference_vocabulary.txt");
    let mut sections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("# ") {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(name.to_string());
            sections.entry(name.to_string()).or_default();
        } else if let Some(name) = &current {
            sections
                .entry(name.clone())
                .or_default()
                .push(line.to_string());
        } else {
            panic!("fixture line outside a section: {line}");
        }
    }
    sections
}

fn section(name: &str) -> Vec<String> {
    reference()
        .remove(name)
        .unwrap_or_else(|| panic!("fixture has no [{name}] section"))
}

fn fold(text: &str) -> String {
    text.replace('\u{2019}', "'").to_lowercase()
}

#[test]
fn every_documented_call_result_is_present_with_its_label() {
    let documented = section("call_results");
    assert_eq!(documented.len(), 45);
    assert_eq!(CALL_RESULTS.len(), 45);
    for line in &documented {
        let (code, label) = line.split_once(" | ").expect("CODE | Description");
        let entry = call_result(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(entry.code, code);
        assert_eq!(entry.label, label, "{code}");
    }
}

#[test]
fn call_result_outcome_classes_are_exactly_the_issues() {
    let reference = reference();
    let class_of = |code: &str| {
        for (section, outcome) in [
            ("outcome succeeded", CallOutcome::Succeeded),
            ("outcome depends", CallOutcome::Depends),
            ("outcome did_not_complete", CallOutcome::DidNotComplete),
        ] {
            if reference[section].iter().any(|listed| listed == code) {
                return outcome;
            }
        }
        CallOutcome::Failed
    };
    assert_eq!(reference["outcome succeeded"].len(), 9);
    assert_eq!(reference["outcome depends"].len(), 3);
    assert_eq!(reference["outcome did_not_complete"].len(), 10);
    for entry in CALL_RESULTS {
        assert_eq!(entry.outcome, class_of(entry.code), "{}", entry.code);
    }
    let failed = CALL_RESULTS
        .iter()
        .filter(|entry| entry.outcome == CallOutcome::Failed)
        .count();
    assert_eq!(failed, 45 - 9 - 3 - 10);
    for code in [
        "SUCCESS_INVALID_INPUT",
        "SUCCESS_USER_BLOCKED",
        "CONFIG_ISSUE",
    ] {
        assert_eq!(
            call_result(code).map(|e| e.outcome),
            Some(CallOutcome::Failed)
        );
    }
}

#[test]
fn every_documented_satisfied_reason_is_present() {
    let documented = section("satisfied");
    assert_eq!(documented.len(), 12);
    for reason in &documented {
        let entry = mfa_result(reason).unwrap_or_else(|| panic!("{reason} missing"));
        assert_eq!(entry.reason, fold(reason));
        assert_eq!(entry.kind, MfaResultKind::Satisfied);
        assert!(entry
            .legacy_text
            .starts_with("Azure Multi-Factor Authentication"));
        assert!(
            entry.modern_text.starts_with("MFA "),
            "{}",
            entry.modern_text
        );
    }
    // The 12 reasons plus the redirect, which the reference lists as its own group.
    let satisfied: Vec<_> = MFA_RESULTS
        .iter()
        .filter(|entry| entry.kind == MfaResultKind::Satisfied)
        .map(|entry| entry.reason)
        .collect();
    assert_eq!(satisfied.len(), 13);
    let redirect = "redirected to external provider for multi-factor authentication";
    for reason in satisfied {
        assert!(
            reason == redirect || documented.iter().any(|doc| fold(doc) == reason),
            "{reason} is not in the reference"
        );
    }
}

#[test]
fn every_documented_denied_reason_is_present_plus_the_fraud_report() {
    let documented = section("denied");
    assert_eq!(documented.len(), 22);
    for reason in &documented {
        let entry = mfa_result(reason).unwrap_or_else(|| panic!("{reason} missing"));
        assert_eq!(entry.reason, fold(reason));
        assert_eq!(entry.kind, MfaResultKind::Denied);
        let modern = format!("MFA denied; {reason}");
        let legacy = format!("Azure Multi-Factor Authentication denied; {reason}");
        assert_eq!(denial_reason(&modern).as_deref(), Some(entry.reason));
        assert_eq!(denial_reason(&legacy).as_deref(), Some(entry.reason));
        assert_eq!(mfa_result(&legacy).map(|e| e.reason), Some(entry.reason));
    }
    let denied: Vec<_> = MFA_RESULTS
        .iter()
        .filter(|entry| entry.kind == MfaResultKind::Denied)
        .collect();
    assert_eq!(denied.len(), 22 + 1);
    let fraud = mfa_result("MFA denied; Phone App Reported Fraud").expect("fraud report");
    assert_eq!(fraud.reason, "phone app reported fraud");
    assert_eq!(fraud.modern_text, "MFA denied; Phone App Reported Fraud");
}

#[test]
fn every_documented_method_is_present_by_its_exact_name() {
    let documented = section("methods");
    assert_eq!(documented.len(), 6);
    for name in &documented {
        let method = auth_method(name).unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(method.name, name);
    }
    for modern in [
        "OATH verification code",
        "Previously satisfied",
        "Password",
        "FIDO2 security key",
        "Windows Hello for Business",
        "Passkey",
        "Temporary Access Pass",
        "Certificate-based authentication",
        "microsoftAuthenticatorPush",
        "softwareOneTimePasscode",
        "mobilePhone",
        "PhoneAppNotification",
        "Phone call",
        "Text message",
    ] {
        assert!(auth_method(modern).is_some(), "{modern} missing");
    }
}

#[test]
fn every_error_code_of_formats_section_5_1_is_present() {
    let documented = section("error_codes");
    assert!(documented.len() >= 39);
    for code in &documented {
        let code: u32 = code.parse().expect("numeric code");
        assert!(error_code(code).is_some(), "{code} missing");
    }
    let status = |code| error_code(code).map(|entry| format!("{:?}", entry.status));
    assert_eq!(status(50074).as_deref(), Some("Interrupted"));
    assert_eq!(status(500121).as_deref(), Some("Failure"));
    assert_eq!(status(0).as_deref(), Some("Success"));
}

#[test]
fn every_entry_is_explained_and_no_key_is_listed_twice() {
    for entry in all_entries() {
        assert!(!entry.explanation().trim().is_empty(), "{entry:?}");
        assert!(!entry.next_step().trim().is_empty(), "{entry:?}");
        assert!(!entry.title().trim().is_empty(), "{entry:?}");
    }
    let mut seen = HashSet::new();
    for entry in CALL_RESULTS {
        assert!(
            seen.insert(entry.code.to_ascii_lowercase()),
            "{}",
            entry.code
        );
    }
    for entry in MFA_RESULTS {
        assert!(seen.insert(entry.reason.to_string()), "{}", entry.reason);
        assert_eq!(entry.reason, fold(entry.reason), "reason must be folded");
    }
    let mut codes = HashSet::new();
    for entry in ERROR_CODES {
        assert!(codes.insert(entry.code), "{}", entry.code);
    }
    let mut method_names = HashSet::new();
    for method in AUTH_METHODS {
        for name in std::iter::once(method.name).chain(method.aliases()) {
            assert!(method_names.insert(name.to_lowercase()), "{name}");
        }
    }
}

#[test]
fn denial_reason_follows_the_issue_rule() {
    let cases = [
        (
            "MFA denied; user declined the authentication",
            Some("user declined the authentication"),
        ),
        (
            "Azure Multi-Factor Authentication denied; user is blocked",
            Some("user is blocked"),
        ),
        (
            "MFA denied; unable to reach the user\u{2019}s phone",
            Some("unable to reach the user's phone"),
        ),
        ("MFA denied; Service error.", Some("service error")),
        ("MFA DENIED; User Is Blocked .", Some("user is blocked")),
        (
            "Azure Multi-Factor Authentication denied; MFA denied; user not found",
            Some("user not found"),
        ),
        ("MFA denied;   ", Some("")),
        ("MFA completed in Azure AD", None),
        ("User denied", None),
        ("", None),
    ];
    for (text, expected) in cases {
        assert_eq!(denial_reason(text).as_deref(), expected, "{text:?}");
    }
}

#[test]
fn satisfied_text_follows_the_issue_rule() {
    for reason in section("satisfied") {
        assert!(is_satisfied_text(&reason), "{reason}");
        assert!(is_satisfied_text(&reason.to_uppercase()), "{reason}");
        assert!(is_satisfied_text(&format!("MFA {reason}")), "{reason}");
    }
    for text in [
        "MFA completed in Azure AD",
        "MFA requirement satisfied by claim in the token",
        "MFA successfully completed",
        "Azure Multi-Factor Authentication; successfully completed",
        "Redirected to external provider for multi-factor authentication",
        "mfa completed in microsoft entra id",
    ] {
        assert!(is_satisfied_text(text), "{text}");
    }
    for text in [
        "",
        "MFA",
        "MFA required in Azure AD",
        "Authentication in progress",
        "MFA denied; user declined the authentication",
        "User approved",
        "Correct password",
        "The user didn't enter the right credentials.\u{a0}It's expected to see some number of \
         these errors in your logs due to users making mistakes.",
        "skipped due to policy",
        "MFA complete",
    ] {
        assert!(!is_satisfied_text(text), "{text}");
    }
}

fn first(query: &str) -> Option<String> {
    explain(query).map(|entry| format!("{}:{}", entry.kind_label(), entry.code_or_name()))
}

#[test]
fn search_ranks_exact_then_prefix_then_substring() {
    assert_eq!(
        first("500121").as_deref(),
        Some("Sign-in error code:500121")
    );
    assert_eq!(
        first("AADSTS500121").as_deref(),
        Some("Sign-in error code:500121")
    );
    assert_eq!(
        first("aadsts 50074").as_deref(),
        Some("Sign-in error code:50074")
    );
    assert_eq!(
        first("UserStrongAuthClientAuthNRequiredInterrupt").as_deref(),
        Some("Sign-in error code:50074")
    );

    let codes: Vec<_> = search("success_with_pin")
        .iter()
        .map(|entry| entry.code_or_name().into_owned())
        .collect();
    assert_eq!(
        codes[..2],
        ["SUCCESS_WITH_PIN", "SUCCESS_WITH_PIN_BUT_TIMEOUT"]
    );

    assert_eq!(
        first("MFA denied; user is blocked.").as_deref(),
        Some("MFA result:user is blocked")
    );
    assert_eq!(
        first("Azure Multi-Factor Authentication denied; user declined the authentication")
            .as_deref(),
        Some("MFA result:user declined the authentication")
    );
    assert_eq!(
        first("MFA completed in Azure AD").as_deref(),
        Some("MFA result:completed in the cloud")
    );
    assert_eq!(
        first("pin entered").as_deref(),
        Some("MFA Server call result:SUCCESS_WITH_PIN")
    );
    assert_eq!(
        first("Passkey (Microsoft Authenticator)").as_deref(),
        Some("Authentication method:Passkey")
    );
    // The export's Failure reason text, as written or with its placeholder filled.
    assert_eq!(
        first("Authentication failed during strong authentication request.").as_deref(),
        Some("Sign-in error code:500121")
    );
    assert_eq!(first("Other.").as_deref(), Some("Sign-in error code:0"));
    assert_eq!(
        first(
            "Due to a configuration change made by your administrator, or because you moved to \
             a new location, you must use multi-factor authentication to access 'Office 365'."
        )
        .as_deref(),
        Some("Sign-in error code:50076")
    );
    // A key containing the word beats an explanation mentioning it.
    let voicemail = search("voicemail");
    assert_eq!(
        voicemail
            .first()
            .map(|entry| entry.code_or_name().into_owned()),
        Some("phone call went to voicemail".to_string())
    );
    assert!(voicemail
        .iter()
        .any(|entry| entry.code_or_name() == "SUCCESS_NO_PIN_BUT_TIMEOUT"));
    // Every word must be found somewhere in the entry.
    assert!(search("voicemail fido2").is_empty());
    assert!(explain("no such thing at all").is_none());
    assert!(explain("   ").is_none());
}

#[test]
fn empty_query_lists_the_whole_knowledge_base_in_a_stable_order() {
    let everything = search("");
    let total = CALL_RESULTS.len() + MFA_RESULTS.len() + ERROR_CODES.len() + AUTH_METHODS.len();
    assert_eq!(everything.len(), total);
    let keys = |entries: &[Entry]| {
        entries
            .iter()
            .map(|entry| format!("{}:{}", entry.kind_label(), entry.code_or_name()))
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&everything), keys(&search("  ")));
    assert_eq!(
        everything
            .first()
            .map(|e| e.code_or_name().into_owned())
            .as_deref(),
        Some("SUCCESS_WITH_PIN")
    );
}

#[test]
fn entries_serialise_with_a_type_tag_and_snake_case_values() {
    let entry = explain("FAILED_FRAUD_REPORTED").expect("known code");
    let json = serde_json::to_value(entry).expect("serialisable");
    assert_eq!(json["type"], "call_result");
    assert_eq!(json["code"], "FAILED_FRAUD_REPORTED");
    assert_eq!(json["outcome"], "failed");
    assert_eq!(json["category"], "fraud_security");

    let entry = explain("MFA denied; user is blocked").expect("known text");
    let json = serde_json::to_value(entry).expect("serialisable");
    assert_eq!(json["type"], "mfa_result");
    assert_eq!(json["kind"], "denied");

    let json = serde_json::to_value(explain("50074").expect("known")).expect("serialisable");
    assert_eq!(json["type"], "error_code");
    assert_eq!(json["status"], "interrupted");
    assert_eq!(json["mfa"], "mfa_required");

    let json = serde_json::to_value(explain("fido2").expect("known")).expect("serialisable");
    assert_eq!(json["type"], "auth_method");
    assert_eq!(json["strength"], "phishing_resistant");
}

proptest::proptest! {
    // Each case runs a full search over the knowledge base; 64 cases keep the
    // debug-build test quick.
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Lookups take whatever a user pastes or a file holds; none may panic, and the
    /// best match is always the first search result.
    #[test]
    fn lookups_never_panic(text in "\\PC{0,60}") {
        let best = explain(&text).map(|entry| entry.code_or_name().into_owned());
        let listed = search(&text);
        if normalise_query(&text).is_empty() {
            // Blank or punctuation only: nothing to explain, everything listed.
            proptest::prop_assert!(best.is_none());
            proptest::prop_assert_eq!(listed.len(), all_entries().count());
        } else {
            proptest::prop_assert_eq!(best, listed.first().map(|entry| entry.code_or_name().into_owned()));
        }
        let _ = mfa_result(&text);
        let _ = auth_method(&text);
        let _ = call_result(&text);
        let _ = is_satisfied_text(&text);
        let _ = denial_reason(&text);
    }
}

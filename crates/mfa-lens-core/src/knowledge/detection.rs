//! The vocabularies the findings rules ([`crate::findings`]) match rows with:
//! denial reasons, MFA Server call results, client apps and applications.
//!
//! Each is public data, one table per question, so the rules, the fraud view
//! and the page's Reference view read the same list and a wording added here
//! is recognised everywhere at once. Reasons are written the way
//! [`super::denial_reason`] normalises them (lower case, plain apostrophe, no
//! trailing dot); a row's reason matches an entry when it *contains* it, so a
//! wording with a prefix or suffix of its own is still recognised. Client apps
//! and applications are matched whole, ignoring case and surrounding spaces.

/// Denial reasons of a prompt the user rejected or left unanswered: the
/// rejected prompts of the `mfa-fatigue` rule.
pub const FATIGUE_REASONS: &[&str] = &[
    "user declined the authentication",
    "user did not respond to mobile app notification",
    "user didn't respond to mobile app notification",
];

/// Denial reasons saying the user reported the prompt as fraud
/// (`fraud-reported`, and the fraud view's sign-in source).
pub const FRAUD_REASONS: &[&str] = &[
    "phone app reported fraud",
    "fraud code entered",
    "user reported fraud",
    "fraud reported",
];

/// Denial reasons of a wrong, reused or stale verification code
/// (`code-guessing`).
pub const WRONG_CODE_REASONS: &[&str] = &[
    "invalid mobile app verification code",
    "invalid verification code",
    "incorrect verification code",
    "invalid oath code",
    "incorrect oath code",
    "user entered incorrect code",
    "entered incorrect code too many times",
    "verification code already used once",
    "too many wrong codes",
];

/// MFA Server call results of a push the user denied or never answered
/// (`mfa-fatigue`).
pub const FATIGUE_CALL_RESULTS: &[&str] =
    &["FAILED_PHONE_APP_DENIED", "FAILED_PHONE_APP_NO_RESPONSE"];

/// MFA Server call results of a fraud report (`fraud-reported`, the fraud
/// view and the activity report's fraud count).
pub const FRAUD_CALL_RESULTS: &[&str] = &["FAILED_FRAUD_CODE_ENTERED", "FAILED_FRAUD_REPORTED"];

/// MFA Server call results of a wrong, reused or old code (`code-guessing`).
pub const WRONG_CODE_CALL_RESULTS: &[&str] = &[
    "FAILED_OATH_CODE_INCORRECT",
    "FAILED_OATH_CODE_PIN_INCORRECT",
    "FAILED_OATH_CODE_DUPLICATE",
    "FAILED_OATH_CODE_OLD",
    "FAILED_SMS_OTP_INCORRECT",
    "FAILED_SMS_OTP_PIN_INCORRECT",
];

/// `Client app` values of legacy-authentication protocols, as the sign-in
/// exports write them. These clients send the password alone: no MFA prompt
/// can ever be shown to them (`single-factor-access`).
pub const LEGACY_CLIENT_APPS: &[&str] = &[
    "Exchange ActiveSync",
    "IMAP4",
    "IMAP",
    "POP3",
    "POP",
    "Authenticated SMTP",
    "SMTP",
    "MAPI Over HTTP",
    "Exchange Web Services",
    "Outlook Anywhere (RPC over HTTP)",
    "Outlook Anywhere",
    "AutoDiscover",
    "Offline Address Book",
    "Exchange Online PowerShell",
    "Reporting Web Services",
    "Other clients",
];

/// `Application` values of administrative tools: a single-factor sign-in to
/// one of them is a password alone standing between an attacker and tenant
/// administration (`single-factor-access`).
pub const ADMIN_APPLICATIONS: &[&str] = &[
    "Azure Portal",
    "Microsoft Azure PowerShell",
    "Microsoft Azure CLI",
    "Microsoft Graph Command Line Tools",
    "Microsoft Graph PowerShell",
    "Graph Explorer",
    "Azure Active Directory PowerShell",
    "Microsoft Exchange Online Remote PowerShell",
    "Microsoft Exchange REST API Based Powershell",
    "Microsoft Entra admin center",
    "Microsoft 365 admin center",
    "Microsoft Intune portal extension",
];

/// MFA results that mean no prompt was shown for this sign-in: the proof came
/// from the token, an earlier sign-in, a trusted place or device, or an
/// exempt flow (`prompt-volume` does not count these as prompts). Each is a
/// reason of [`super::MFA_RESULTS`].
pub const NOT_PROMPTED_RESULTS: &[&str] = &[
    "satisfied by claim in the token",
    "skipped as flow exercised was windows broker logon flow",
    "skipped due to app password",
    "skipped due to location",
    "skipped due to registered device",
    "skipped due to remembered device",
];

/// Does a normalised denial reason contain one of `table`'s wordings?
pub fn reason_in(table: &[&str], reason: &str) -> bool {
    table
        .iter()
        .any(|w| super::ascii::contains_ci(reason.as_bytes(), w.as_bytes()))
}

/// Is `value` (trimmed) one of `table`'s entries, ignoring ASCII case?
pub fn value_in(table: &[&str], value: &str) -> bool {
    let v = value.trim();
    table.iter().any(|w| w.eq_ignore_ascii_case(v))
}

/// Does a normalised denial reason say fraud was reported?
pub fn is_fraud_reason(reason: &str) -> bool {
    reason_in(FRAUD_REASONS, reason)
}

/// Is an MFA Server call result a fraud report?
pub fn is_fraud_call_result(code: &str) -> bool {
    value_in(FRAUD_CALL_RESULTS, code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{call_result, mfa_result, MfaResultKind, MFA_RESULTS};

    #[test]
    fn every_call_result_named_is_a_known_code() {
        for code in FATIGUE_CALL_RESULTS
            .iter()
            .chain(FRAUD_CALL_RESULTS)
            .chain(WRONG_CODE_CALL_RESULTS)
        {
            assert!(call_result(code).is_some(), "{code}");
        }
    }

    #[test]
    fn reasons_are_written_as_denial_reason_normalises_them() {
        for r in FATIGUE_REASONS
            .iter()
            .chain(FRAUD_REASONS)
            .chain(WRONG_CODE_REASONS)
            .chain(NOT_PROMPTED_RESULTS)
        {
            assert_eq!(*r, r.to_lowercase().trim_end_matches('.'), "{r}");
        }
        assert!(reason_in(
            FATIGUE_REASONS,
            "user didn't respond to mobile app notification"
        ));
        assert!(is_fraud_reason("phone app reported fraud"));
        assert!(!is_fraud_reason("user declined the authentication"));
    }

    #[test]
    fn not_prompted_results_are_the_satisfied_results_that_reuse_earlier_proof() {
        for r in NOT_PROMPTED_RESULTS {
            let entry = mfa_result(r).unwrap_or_else(|| panic!("{r}"));
            assert_eq!(entry.kind, MfaResultKind::Satisfied, "{r}");
        }
        // Every cache/bypass satisfied result of the knowledge base is listed.
        for e in MFA_RESULTS.iter().filter(|e| {
            e.kind == MfaResultKind::Satisfied
                && e.category == crate::knowledge::Category::CacheBypass
        }) {
            assert!(NOT_PROMPTED_RESULTS.contains(&e.reason), "{}", e.reason);
        }
    }
}

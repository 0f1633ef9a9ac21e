//! The sign-in error codes (AADSTS numbers, the `Sign-in error code` column) that
//! matter when reading MFA in a sign-in export.
//!
//! Each code says what it means *for MFA*: was MFA asked for, did it fail, or did the
//! sign-in end before MFA was ever reached. That distinction is the whole point: a
//! wrong password (50126) is not an MFA failure, while 500121 is. The AADSTS names
//! are Microsoft's; labels, explanations and next steps are written for this tool.

use serde::Serialize;

use super::Category;

/// The `Status` the portal's CSV export typically shows for a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInStatus {
    Success,
    Failure,
    Interrupted,
}

/// What an error code tells about MFA for the sign-in it appears on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MfaRelevance {
    /// MFA was required and the sign-in stopped to ask for it (an interrupt, usually
    /// followed by another row with the outcome).
    MfaRequired,
    /// The user must register an MFA method before going on.
    MfaRegistrationRequired,
    /// The MFA step itself failed.
    MfaFailed,
    /// An earlier MFA is too old for the policy; the user must do it again.
    MfaExpired,
    /// A policy blocked the sign-in; MFA may or may not have been done before it.
    PolicyBlock,
    /// The sign-in ended before MFA (wrong password, locked or disabled account).
    MfaNotReached,
    /// The code says nothing about MFA; read the MFA result text instead.
    NotMfa,
}

/// One sign-in error code.
#[derive(Debug, Serialize)]
pub struct ErrorCode {
    pub code: u32,
    /// The AADSTS name where Microsoft documents one, else empty.
    pub name: &'static str,
    /// A short human label.
    pub label: &'static str,
    /// The `Failure reason` text exports show with this code, where documented (else
    /// empty). Placeholders such as `'{resource}'` are sometimes left unfilled.
    pub failure_reason: &'static str,
    /// The portal Status this code typically carries.
    pub status: SignInStatus,
    pub mfa: MfaRelevance,
    pub category: Category,
    pub explanation: &'static str,
    pub next_step: &'static str,
}

/// Finds a sign-in error code.
pub fn error_code(code: u32) -> Option<&'static ErrorCode> {
    ERROR_CODES.iter().find(|entry| entry.code == code)
}

/// Finds a code by the failure reason the logs write for it, such as
/// `Authentication failed during strong authentication request.` (500121).
/// Case, surrounding spaces and one trailing `.` do not matter; a reason
/// with a placeholder (an application name, …) is never matched whole.
pub fn error_code_by_reason(text: &str) -> Option<&'static ErrorCode> {
    let trim = |t: &str| {
        let t = t.trim();
        t.strip_suffix('.').unwrap_or(t).trim_end().to_string()
    };
    let wanted = trim(text);
    if wanted.is_empty() {
        return None;
    }
    ERROR_CODES.iter().find(|entry| {
        !entry.failure_reason.contains('{')
            && trim(entry.failure_reason).eq_ignore_ascii_case(&wanted)
    })
}

use Category::{Configuration, FraudSecurity, Service, Telephony, UserAction};
use MfaRelevance::{
    MfaExpired, MfaFailed, MfaNotReached, MfaRegistrationRequired, MfaRequired, NotMfa, PolicyBlock,
};
use SignInStatus::{Failure, Interrupted, Success};

/// The codes of FORMATS.md §5.1 first (ascending), then other codes the portal shows
/// as `Interrupted`.
pub static ERROR_CODES: &[ErrorCode] = &[
    ErrorCode {
        code: 0,
        name: "",
        label: "Success",
        failure_reason: "Other.",
        status: Success,
        mfa: NotMfa,
        category: UserAction,
        explanation: "The sign-in succeeded. The code alone does not say whether MFA was done: the \
            Failure reason column reads \"Other.\" here, which is not an error.",
        next_step: "Read the MFA result and authentication requirement columns to see whether MFA was \
            required and how it was satisfied.",
    },
    ErrorCode {
        code: 50053,
        name: "IdsLocked",
        label: "Account locked or sign-in from a malicious IP",
        failure_reason: "",
        status: Failure,
        mfa: MfaNotReached,
        category: FraudSecurity,
        explanation: "The account was locked after too many wrong passwords (smart lockout), or the \
            sign-in was blocked because its IP address is known for malicious activity. The password \
            step failed, so MFA was never reached.",
        next_step: "Check for many failed sign-ins from varied IPs (password spraying). If the user \
            locked themselves out, wait for the lockout to end or reset the password.",
    },
    ErrorCode {
        code: 50055,
        name: "InvalidPasswordExpiredPassword",
        label: "Password expired",
        failure_reason: "The password is expired.",
        status: Interrupted,
        mfa: MfaNotReached,
        category: UserAction,
        explanation: "The user's password has expired and must be changed before the sign-in can go on.",
        next_step: "Have the user change the password (self-service reset or on-premises change if the \
            account is synchronised).",
    },
    ErrorCode {
        code: 50057,
        name: "UserDisabled",
        label: "Account disabled",
        failure_reason: "The user account is disabled.",
        status: Failure,
        mfa: MfaNotReached,
        category: Configuration,
        explanation: "The account is disabled, so the sign-in was refused before any MFA.",
        next_step: "Confirm the account should be disabled. Attempts on a disabled account of a leaver \
            can mean someone is using an old password.",
    },
    ErrorCode {
        code: 50058,
        name: "UserInformationNotProvided",
        label: "Silent sign-in had no session",
        failure_reason: "Session information is not sufficient for single-sign-on.",
        status: Interrupted,
        mfa: NotMfa,
        category: Service,
        explanation: "An application tried to sign the user in silently and there was no usable session. \
            Applications do this routinely before showing a sign-in page.",
        next_step: "Usually nothing to do. Look at the user's next sign-in for the real outcome.",
    },
    ErrorCode {
        code: 50072,
        name: "UserStrongAuthEnrollmentRequiredInterrupt",
        label: "MFA registration required (interactive)",
        failure_reason: "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '{identifier}'",
        status: Interrupted,
        mfa: MfaRegistrationRequired,
        category: Configuration,
        explanation: "MFA applies to the user but no method is registered, so the sign-in paused to send \
            them to register one.",
        next_step: "Look for the following sign-in to see whether registration finished. Make sure it \
            was the real user who registered, especially for accounts that never had MFA.",
    },
    ErrorCode {
        code: 50074,
        name: "UserStrongAuthClientAuthNRequiredInterrupt",
        label: "MFA required, prompt issued",
        failure_reason: "Strong Authentication is required.",
        status: Interrupted,
        mfa: MfaRequired,
        category: UserAction,
        explanation: "The password was right and MFA is required, so the sign-in stopped to ask for the \
            second factor. This is a normal step; the answer is recorded on a later row.",
        next_step: "Find the user's next sign-in (same application, seconds later). If none follows, the \
            user abandoned the prompt or never received it.",
    },
    ErrorCode {
        code: 50076,
        name: "UserStrongAuthClientAuthNRequired",
        label: "MFA required, not performed",
        failure_reason: "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'.",
        status: Failure,
        mfa: MfaRequired,
        category: UserAction,
        explanation: "MFA is required (by Conditional Access, per-user MFA or a new location) but the \
            request could not show a prompt, typically a background or token-refresh request. The \
            application has to send the user through an interactive sign-in.",
        next_step: "Usually harmless in non-interactive logs. If the user is stuck, have them sign out \
            and in again in the application; legacy clients that cannot prompt need modern \
            authentication.",
    },
    ErrorCode {
        code: 50078,
        name: "UserStrongAuthExpired",
        label: "MFA too old for the policy",
        failure_reason: "",
        status: Failure,
        mfa: MfaExpired,
        category: Configuration,
        explanation: "The MFA the user did earlier has expired under the administrator's policy, so it \
            must be done again.",
        next_step: "The user just needs to complete MFA again. Review sign-in frequency settings if \
            users are prompted more than intended.",
    },
    ErrorCode {
        code: 50079,
        name: "UserStrongAuthEnrollmentRequired",
        label: "MFA registration required (non-interactive)",
        failure_reason: "",
        status: Failure,
        mfa: MfaRegistrationRequired,
        category: Configuration,
        explanation: "The user must use MFA but has not registered a method (or, if federated, the \
            identity provider did not supply the MFA claim); this request could not show the \
            registration page.",
        next_step: "Have the user sign in interactively (for example at the My Sign-ins page) to \
            register a method; for federated users check the MFA claim issued by the identity \
            provider.",
    },
    ErrorCode {
        code: 50086,
        name: "SasNonRetryableError",
        label: "MFA service error (not retryable)",
        failure_reason: "",
        status: Failure,
        mfa: MfaFailed,
        category: Service,
        explanation: "The strong-authentication service hit an error during the MFA step.",
        next_step: "Check Microsoft service health for that time and have the user try again later; \
            open a support case if it keeps failing.",
    },
    ErrorCode {
        code: 50087,
        name: "SasRetryableError",
        label: "MFA service error (retryable)",
        failure_reason: "",
        status: Failure,
        mfa: MfaFailed,
        category: Service,
        explanation: "A temporary error occurred in the strong-authentication service during the MFA \
            step.",
        next_step: "Have the user retry; only investigate if it repeats.",
    },
    ErrorCode {
        code: 50088,
        name: "",
        label: "Too many MFA calls or texts",
        failure_reason: "",
        status: Failure,
        mfa: MfaFailed,
        category: Telephony,
        explanation: "The limit on phone calls and text messages for MFA was reached, so no call or text \
            was sent.",
        next_step: "Wait a few minutes before retrying. Look for an account receiving many prompts \
            (someone trying a stolen password) and move users to the authenticator app.",
    },
    ErrorCode {
        code: 50097,
        name: "DeviceAuthenticationRequired",
        label: "Device authentication required",
        failure_reason: "Device authentication is required",
        status: Failure,
        mfa: NotMfa,
        category: Configuration,
        explanation: "The sign-in had to prove which device it came from, and did not. This is a device \
            check, not an MFA step.",
        next_step: "Check the device's registration state (joined or registered) and that the browser \
            or app can present the device identity.",
    },
    ErrorCode {
        code: 50125,
        name: "PasswordResetRegistrationRequiredInterrupt",
        label: "Password-reset registration interrupt",
        failure_reason: "Sign-in was interrupted due to a password reset or password registration entry.",
        status: Interrupted,
        mfa: NotMfa,
        category: UserAction,
        explanation: "The sign-in paused so the user could register or confirm information for \
            self-service password reset.",
        next_step: "Nothing to fix; the following sign-in shows the outcome.",
    },
    ErrorCode {
        code: 50126,
        name: "InvalidUserNameOrPassword",
        label: "Wrong username or password",
        failure_reason: "Error validating credentials due to invalid username or password.",
        status: Failure,
        mfa: MfaNotReached,
        category: UserAction,
        explanation: "The username or password was wrong, so MFA was never reached. The MFA result \
            column may still hold a hint about wrong credentials; that is not an MFA result.",
        next_step: "A few of these are normal typing mistakes. Many against one account, or one \
            password tried on many accounts, is a guessing or spraying attack: check the source IPs.",
    },
    ErrorCode {
        code: 50131,
        name: "ConditionalAccessFailed",
        label: "Conditional Access check failed",
        failure_reason: "",
        status: Failure,
        mfa: PolicyBlock,
        category: Configuration,
        explanation: "A Conditional Access condition failed, for example the device state or suspicious \
            activity.",
        next_step: "Open the Conditional Access tab of the sign-in to see which policy and which \
            condition failed.",
    },
    ErrorCode {
        code: 50140,
        name: "KmsiInterrupt",
        label: "\"Stay signed in?\" prompt",
        failure_reason: "This occurred due to 'Keep me signed in' interrupt when the user was signing in.",
        status: Interrupted,
        mfa: NotMfa,
        category: UserAction,
        explanation: "The sign-in paused to ask the user whether to stay signed in. This is expected and \
            may come after MFA was already completed.",
        next_step: "Nothing to fix. Read the MFA result column of this row, and the next row, for the \
            MFA outcome.",
    },
    ErrorCode {
        code: 50155,
        name: "DeviceAuthenticationFailed",
        label: "Device authentication failed",
        failure_reason: "",
        status: Failure,
        mfa: NotMfa,
        category: Configuration,
        explanation: "The device presented for the sign-in could not be authenticated.",
        next_step: "Check the device object exists and is enabled; re-register or re-join the device if \
            it was deleted or its certificate is stale.",
    },
    ErrorCode {
        code: 50158,
        name: "ExternalSecurityChallenge",
        label: "External security challenge not satisfied",
        failure_reason: "",
        status: Failure,
        mfa: MfaRequired,
        category: Configuration,
        explanation: "The sign-in needed a challenge from an external provider (a third-party MFA or \
            custom control) that was not satisfied.",
        next_step: "Check the external provider's logs for the user at that time and the configuration \
            of the custom control or federation.",
    },
    ErrorCode {
        code: 50181,
        name: "",
        label: "One-time passcode failure",
        failure_reason: "",
        status: Failure,
        mfa: MfaFailed,
        category: UserAction,
        explanation: "A sign-in step using a one-time passcode (such as a code sent by text message) \
            failed.",
        next_step: "Have the user request a new code and enter it promptly; check the number on file if \
            codes do not arrive.",
    },
    ErrorCode {
        code: 50199,
        name: "CmsiInterrupt",
        label: "User confirmation required",
        failure_reason: "",
        status: Failure,
        mfa: NotMfa,
        category: UserAction,
        explanation: "The sign-in paused to ask the user to confirm they meant to sign in to this app \
            (a safety prompt for some app types).",
        next_step: "Nothing to fix; the next row shows the outcome.",
    },
    ErrorCode {
        code: 53000,
        name: "DeviceNotCompliant",
        label: "Device not compliant",
        failure_reason: "",
        status: Failure,
        mfa: PolicyBlock,
        category: Configuration,
        explanation: "Conditional Access requires a compliant device and this one is not (or is not \
            managed).",
        next_step: "Check the device in Intune: enrolment and which compliance setting fails.",
    },
    ErrorCode {
        code: 53001,
        name: "DeviceNotDomainJoined",
        label: "Device not domain joined",
        failure_reason: "",
        status: Failure,
        mfa: PolicyBlock,
        category: Configuration,
        explanation: "Conditional Access requires a hybrid joined device and this one is not.",
        next_step: "Check the device's join state, or let the user use a managed device.",
    },
    ErrorCode {
        code: 53002,
        name: "ApplicationUsedIsNotAnApprovedApp",
        label: "App not approved",
        failure_reason: "",
        status: Failure,
        mfa: PolicyBlock,
        category: Configuration,
        explanation: "Conditional Access requires an approved client app and this one is not on the list.",
        next_step: "Have the user use an approved app (for example Outlook mobile instead of the \
            built-in mail app).",
    },
    ErrorCode {
        code: 53003,
        name: "BlockedByConditionalAccess",
        label: "Blocked by Conditional Access",
        failure_reason: "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
        status: Failure,
        mfa: PolicyBlock,
        category: Configuration,
        explanation: "A Conditional Access policy blocked the sign-in. This often happens after the \
            password and even MFA succeeded, so do not read it as an MFA failure.",
        next_step: "Open the Conditional Access tab of the sign-in to see which policy blocked it, and \
            check whether the MFA step succeeded before the block.",
    },
    ErrorCode {
        code: 53004,
        name: "ProofUpBlockedDueToRisk",
        label: "MFA registration blocked by risk",
        failure_reason: "",
        status: Failure,
        mfa: MfaRegistrationRequired,
        category: FraudSecurity,
        explanation: "The user must register for MFA, but registration was refused because the sign-in \
            looked risky.",
        next_step: "Check the user's risk in Identity Protection. Once safe, let the user register from \
            a trusted place or with a Temporary Access Pass.",
    },
    ErrorCode {
        code: 53010,
        name: "ProofUpBlockedDueToSecurityInfoAcr",
        label: "MFA registration not allowed from here",
        failure_reason: "",
        status: Failure,
        mfa: MfaRegistrationRequired,
        category: Configuration,
        explanation: "The organisation only allows registering MFA methods from certain locations or \
            devices, and this sign-in did not qualify.",
        next_step: "Have the user register from an allowed network or device, or review the Conditional \
            Access policy on registering security information.",
    },
    ErrorCode {
        code: 53011,
        name: "",
        label: "Blocked by risk in home tenant",
        failure_reason: "",
        status: Failure,
        mfa: PolicyBlock,
        category: FraudSecurity,
        explanation: "The user was blocked because their home tenant rates them as risky.",
        next_step: "For a guest, the home organisation must clear the risk; for your own user, review it \
            in Identity Protection.",
    },
    ErrorCode {
        code: 530032,
        name: "BlockedByConditionalAccessOnSecurityPolicy",
        label: "Blocked by a security policy",
        failure_reason: "",
        status: Failure,
        mfa: PolicyBlock,
        category: Configuration,
        explanation: "A security policy set by the administrator blocked this request.",
        next_step: "Check the Conditional Access tab of the sign-in and the tenant's security policies \
            for the rule that matched.",
    },
    ErrorCode {
        code: 530034,
        name: "DelegatedAdminBlockedDueToSuspiciousActivity",
        label: "Delegated admin blocked for suspicious activity",
        failure_reason: "",
        status: Failure,
        mfa: PolicyBlock,
        category: FraudSecurity,
        explanation: "A delegated (partner) administrator's access was blocked because of suspicious \
            activity.",
        next_step: "Contact the partner to investigate the administrator account before restoring \
            access.",
    },
    ErrorCode {
        code: 530035,
        name: "BlockedBySecurityDefaults",
        label: "Blocked by security defaults",
        failure_reason: "",
        status: Failure,
        mfa: PolicyBlock,
        category: Configuration,
        explanation: "Security defaults blocked the request, typically legacy authentication that cannot \
            do MFA.",
        next_step: "Move the client to modern authentication; legacy protocols (IMAP, POP, SMTP auth) \
            cannot satisfy MFA.",
    },
    ErrorCode {
        code: 500121,
        name: "",
        label: "MFA failed",
        failure_reason: "Authentication failed during strong authentication request.",
        status: Failure,
        mfa: MfaFailed,
        category: UserAction,
        explanation: "The strong authentication (MFA) step failed: the user denied the prompt, did not \
            answer, entered a wrong code, or reported fraud. The MFA result text or the auth details \
            say which.",
        next_step: "Read the MFA result of the row (\"MFA denied; ...\"). Repeated failures the user did \
            not cause mean someone has the password: reset it and revoke sessions.",
    },
    ErrorCode {
        code: 65001,
        name: "DelegationDoesNotExist",
        label: "Consent missing",
        failure_reason: "The user or administrator has not consented to use the application with ID '{identifier}'{namePhrase}. Send an interactive authorization request for this user and resource.",
        status: Interrupted,
        mfa: NotMfa,
        category: Configuration,
        explanation: "The user or an administrator has not consented to the application using the \
            requested permissions.",
        next_step: "Grant consent for the application (admin consent if users may not consent), or let \
            the user consent interactively.",
    },
    ErrorCode {
        code: 70043,
        name: "BadTokenDueToSignInFrequency",
        label: "Session expired by sign-in frequency",
        failure_reason: "",
        status: Failure,
        mfa: MfaExpired,
        category: Configuration,
        explanation: "The refresh token expired because of a Conditional Access sign-in frequency \
            setting, so the user must sign in again (and repeat MFA if required).",
        next_step: "Expected under that policy. Review the sign-in frequency if users are prompted too \
            often.",
    },
    ErrorCode {
        code: 70044,
        name: "BadTokenDueToSignInFrequency",
        label: "Session expired by sign-in frequency",
        failure_reason: "",
        status: Failure,
        mfa: MfaExpired,
        category: Configuration,
        explanation: "The session expired because of a Conditional Access sign-in frequency setting, so \
            the user must sign in again (and repeat MFA if required).",
        next_step: "Expected under that policy. Review the sign-in frequency if users are prompted too \
            often.",
    },
    ErrorCode {
        code: 81010,
        name: "DesktopSsoAuthTokenInvalid",
        label: "Seamless SSO ticket invalid",
        failure_reason: "Seamless SSO failed because the user's Kerberos ticket has expired or is invalid.",
        status: Interrupted,
        mfa: NotMfa,
        category: Configuration,
        explanation: "Seamless single sign-on failed because the user's Kerberos ticket was expired or \
            invalid; the user is asked for credentials instead.",
        next_step: "Usually harmless. If it is constant, check the Seamless SSO computer account's \
            Kerberos key and roll it over.",
    },
    ErrorCode {
        code: 90014,
        name: "MissingRequiredField",
        label: "Request missing a required field",
        failure_reason: "",
        status: Failure,
        mfa: NotMfa,
        category: Configuration,
        explanation: "The request sent by the application lacked a field the protocol requires. This is \
            an application problem, not an MFA problem.",
        next_step: "Check which application sent it; if it is your own, fix the request it builds, else \
            contact its vendor.",
    },
    ErrorCode {
        code: 90072,
        name: "PassThroughUserMfaError",
        label: "External user cannot satisfy MFA here",
        failure_reason: "",
        status: Failure,
        mfa: MfaFailed,
        category: Configuration,
        explanation: "The external (guest) account used does not exist in this tenant, so it cannot meet \
            the tenant's MFA requirement.",
        next_step: "Invite the user as a guest first, or have them sign in with an account of this \
            tenant.",
    },
    // Codes that the portal shows as `Interrupted` (FORMATS.md §1.8), listed so the
    // Status column can be explained; none of them is an MFA outcome.
    ErrorCode {
        code: 16000,
        name: "InteractionRequired",
        label: "User interaction required",
        failure_reason: "",
        status: Interrupted,
        mfa: NotMfa,
        category: UserAction,
        explanation: "The sign-in needs the user to do something (often pick or confirm an account), so \
            a silent attempt stopped.",
        next_step: "Usually nothing to do; look at the next sign-in for the outcome.",
    },
    ErrorCode {
        code: 16001,
        name: "UserAccountSelectionInvalid",
        label: "Account picker choice invalid",
        failure_reason: "",
        status: Interrupted,
        mfa: NotMfa,
        category: UserAction,
        explanation: "The account the user picked in the account chooser could not be used; the user is \
            asked to choose again.",
        next_step: "Usually nothing to do; have the user clear cached accounts if it repeats.",
    },
    ErrorCode {
        code: 16003,
        name: "SsoUserAccountNotFoundInResourceTenant",
        label: "Account not in this tenant",
        failure_reason: "",
        status: Interrupted,
        mfa: NotMfa,
        category: Configuration,
        explanation: "The account used has not been added to the tenant that owns the resource.",
        next_step: "Invite the user as a guest, or have them sign in with an account of the right \
            tenant.",
    },
    ErrorCode {
        code: 50059,
        name: "MissingTenantRealmAndNoUserInformationProvided",
        label: "Tenant not identified",
        failure_reason: "",
        status: Interrupted,
        mfa: NotMfa,
        category: Service,
        explanation: "The request did not say which tenant or user it was for, so the user is asked.",
        next_step: "Usually nothing to do; look at the next sign-in for the outcome.",
    },
    ErrorCode {
        code: 50127,
        name: "BrokerAppNotInstalled",
        label: "Broker app required",
        failure_reason: "",
        status: Interrupted,
        mfa: NotMfa,
        category: Configuration,
        explanation: "The application needs an authentication broker (such as the Authenticator or \
            Company Portal app) that is not installed.",
        next_step: "Have the user install the broker app on the device.",
    },
    ErrorCode {
        code: 50129,
        name: "DeviceIsNotWorkplaceJoined",
        label: "Device registration required",
        failure_reason: "",
        status: Interrupted,
        mfa: NotMfa,
        category: Configuration,
        explanation: "The resource requires a registered device and this one is not registered.",
        next_step: "Have the user register the device (workplace join) and try again.",
    },
    ErrorCode {
        code: 50143,
        name: "SessionMismatch",
        label: "Session belongs to another user",
        failure_reason: "",
        status: Interrupted,
        mfa: NotMfa,
        category: UserAction,
        explanation: "The session in the browser belongs to a different user or tenant than the one \
            requested.",
        next_step: "Have the user sign out of other accounts or use a private window.",
    },
    ErrorCode {
        code: 50144,
        name: "InvalidPasswordExpiredOnPremPassword",
        label: "On-premises password expired",
        failure_reason: "",
        status: Interrupted,
        mfa: MfaNotReached,
        category: UserAction,
        explanation: "The user's Active Directory password has expired and must be changed.",
        next_step: "Have the user change the password on-premises or through password writeback.",
    },
    ErrorCode {
        code: 51006,
        name: "ForceReauthDueToInsufficientAuth",
        label: "Windows authentication needed",
        failure_reason: "",
        status: Interrupted,
        mfa: NotMfa,
        category: Configuration,
        explanation: "The session lacked the integrated Windows authentication claim the request needs, \
            so the user must sign in again.",
        next_step: "Usually nothing to do; check the federation or device sign-in if it repeats.",
    },
    ErrorCode {
        code: 52004,
        name: "DelegationDoesNotExistForLinkedIn",
        label: "LinkedIn consent missing",
        failure_reason: "",
        status: Interrupted,
        mfa: NotMfa,
        category: UserAction,
        explanation: "The user has not consented to access LinkedIn resources.",
        next_step: "Nothing to fix unless the feature is wanted; the user can consent when prompted.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_mfa_codes() {
        let mfa = |code| error_code(code).map(|entry| entry.mfa);
        assert_eq!(mfa(500121), Some(MfaFailed));
        assert_eq!(mfa(50074), Some(MfaRequired));
        assert_eq!(mfa(50126), Some(MfaNotReached));
        assert_eq!(mfa(53003), Some(PolicyBlock));
        assert_eq!(mfa(1), None);
    }
}

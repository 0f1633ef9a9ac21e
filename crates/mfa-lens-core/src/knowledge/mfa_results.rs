//! The MFA results a sign-in row can carry: how MFA was satisfied, or why it was
//! denied.
//!
//! The reasons are Microsoft's documented list (12 ways to satisfy MFA, 22 denial
//! reasons), plus the redirect to an external provider that the reference lists on
//! its own, plus the fraud report that Microsoft Sentinel documents in its modern
//! form (`MFA denied; Phone App Reported Fraud`). The same reason shows up in two
//! spellings: the 2018-2020 sign-ins export prefixes it with "Azure Multi-Factor
//! Authentication", today's export with "MFA". Both spellings resolve to one entry.
//!
//! [`denial_reason`] and [`is_satisfied_text`] run on every sign-in row, so they do
//! their work on bytes without allocating; [`mfa_result`] is for explaining one text
//! and may allocate.

use serde::{Deserialize, Serialize};

use super::ascii::{contains_ci, starts_with_ci};
use super::Category;

/// What a result text means for the sign-in: MFA satisfied, denied, or
/// asked for and not (yet) answered — the classifier's outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MfaResultKind {
    Satisfied,
    Denied,
    /// The prompt was shown and the row ends there: the sign-in is
    /// interrupted unless something else on the row settles it.
    Interrupted,
}

/// One MFA result reason with its legacy and modern spellings.
#[derive(Debug, Serialize)]
pub struct MfaResult {
    /// The reason in lower case with a plain apostrophe, e.g.
    /// `user declined the authentication`. For denials this is exactly what
    /// [`denial_reason`] returns, so summaries can be keyed on it.
    pub reason: &'static str,
    pub kind: MfaResultKind,
    /// The 2018-2020 export's `MFA Result` spelling.
    pub legacy_text: &'static str,
    /// Today's `Multifactor authentication result` / `Result detail` spelling.
    pub modern_text: &'static str,
    pub category: Category,
    pub explanation: &'static str,
    pub next_step: &'static str,
}

/// The reason after the last `denied;` of an MFA result text, normalised the way the
/// summary counts it: trimmed, lower-cased, typographic apostrophes (’) folded to
/// `'`, one trailing `.` removed. `None` when the text holds no `denied;` (in any
/// case). Allocates only when a denial is found.
///
/// `MFA denied; user declined the authentication` → `user declined the authentication`.
pub fn denial_reason(text: &str) -> Option<String> {
    let start = after_last_denied(text.as_bytes())?;
    // `start` follows an ASCII ';', so it is a character boundary.
    let rest = text.get(start..)?;
    Some(normalise_reason(rest))
}

/// True if an MFA result text says MFA was satisfied: it contains (in any case) one
/// of the documented satisfied reasons, or `MFA completed`, `MFA requirement
/// satisfied`, `successfully completed` or `Redirected to external provider`.
///
/// This only reads the text; the classifier checks for a denial first.
pub fn is_satisfied_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < SHORTEST_SATISFIED_NEEDLE {
        return false;
    }
    // Shift-and over the first PREFIX bytes of every needle at once: bit
    // `PREFIX * k + j` of `state` is set when the last `j + 1` bytes equal the first
    // `j + 1` bytes of needle `k`. One table load per byte; a full comparison only
    // where a whole prefix matched.
    let mut state: u64 = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        state = ((state << 1) | PREFIX_STARTS) & PREFIX_BYTE_MASKS[usize::from(byte)];
        let mut complete = state & PREFIX_ENDS;
        while complete != 0 {
            let bit = complete.trailing_zeros() as usize;
            complete &= complete - 1;
            let start = (index + 1).saturating_sub(PREFIX);
            let matched = SATISFIED_NEEDLES
                .get(bit / PREFIX)
                .zip(bytes.get(start..))
                .is_some_and(|(needle, rest)| starts_with_ci(rest, needle.as_bytes()));
            if matched {
                return true;
            }
        }
    }
    false
}

/// True if an MFA result text says MFA was asked for and not answered on
/// this row (`MFA required in Azure AD`, `Authentication in progress`): it
/// contains, in any case, the reason of an [`MfaResultKind::Interrupted`]
/// entry. Only reads the text; the classifier checks denials and
/// satisfactions first.
pub fn is_interrupted_text(text: &str) -> bool {
    MFA_RESULTS
        .iter()
        .filter(|entry| entry.kind == MfaResultKind::Interrupted)
        .any(|entry| contains_ci(text.as_bytes(), entry.reason.as_bytes()))
}

/// Finds the knowledge-base entry for a result text: the bare reason, the legacy or
/// the modern spelling, or any text with `denied;` followed by a known reason. Case,
/// typographic apostrophes and a trailing `.` do not matter.
pub fn mfa_result(text: &str) -> Option<&'static MfaResult> {
    if let Some(reason) = denial_reason(text) {
        return MFA_RESULTS.iter().find(|entry| {
            entry.kind == MfaResultKind::Denied && same_reason(entry.reason, &reason)
        });
    }
    let wanted = normalise_reason(text);
    if wanted.is_empty() {
        return None;
    }
    if let Some(entry) = MFA_RESULTS.iter().find(|entry| {
        same_reason(entry.reason, &wanted)
            || normalise_reason(entry.legacy_text) == wanted
            || normalise_reason(entry.modern_text) == wanted
    }) {
        return Some(entry);
    }
    let without_prefix = strip_known_prefix(&wanted);
    MFA_RESULTS
        .iter()
        .find(|entry| entry.reason == without_prefix)
        .or_else(|| {
            // Newer portal builds say "Microsoft Entra ID" where older ones said "Azure AD".
            let renamed = wanted.replace("microsoft entra id", "azure ad");
            MFA_RESULTS
                .iter()
                .find(|entry| normalise_reason(entry.modern_text) == renamed)
        })
}

/// The word whose `;` starts a denial reason (`MFA denied; …`), matched in
/// any ASCII case. The KQL generator ([`crate::kql`]) writes the same test.
pub const DENIED_WORD: &str = "denied";

/// The typographic apostrophe (’) that reasons are folded from, to `'`.
pub const TYPOGRAPHIC_APOSTROPHE: char = '\u{2019}';

/// Byte offset just after the last `denied;` (any ASCII case).
fn after_last_denied(bytes: &[u8]) -> Option<usize> {
    const WORD: &[u8] = DENIED_WORD.as_bytes();
    let mut end = bytes.len();
    while let Some(semicolon) = bytes[..end].iter().rposition(|&byte| byte == b';') {
        let follows_word = semicolon
            .checked_sub(WORD.len())
            .is_some_and(|start| starts_with_ci(&bytes[start..semicolon], WORD));
        if follows_word {
            return Some(semicolon + 1);
        }
        end = semicolon;
    }
    None
}

/// Two normalised reasons that say the same, a contraction spelled out or
/// not: the sign-in logs write "user didn't respond to mobile app
/// notification" where the documented reason says "did not" (the findings'
/// fatigue rule already takes both, `detection::FATIGUE_REASONS`).
fn same_reason(known: &str, seen: &str) -> bool {
    known == seen || (seen.contains("n't") && known == seen.replace("n't", " not"))
}

/// Trim, drop one trailing `.`, lower-case, fold `’` to `'`.
fn normalise_reason(text: &str) -> String {
    let trimmed = text.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed).trim_end();
    if trimmed.is_ascii() {
        // The usual case: one allocation, no per-character work.
        return trimmed.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        if c == TYPOGRAPHIC_APOSTROPHE {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Removes the group prefix a satisfied result is written with (`Azure Multi-Factor
/// Authentication;`, `MFA requirement`, `MFA`), leaving the bare reason.
fn strip_known_prefix(normalised: &str) -> &str {
    const PREFIXES: &[&str] = &[
        "azure multi-factor authentication;",
        "azure multi-factor authentication",
        "azure mfa",
        "mfa requirement",
        "mfa",
    ];
    PREFIXES
        .iter()
        .find_map(|prefix| normalised.strip_prefix(prefix))
        .map_or(normalised, str::trim_start)
}

/// Phrases that mark a satisfied result (lower case ASCII): the 12 documented reasons
/// and the four extra forms of the issue's rule. Public so that the KQL
/// generator ([`crate::kql`]) writes the same list into its queries.
pub const SATISFIED_NEEDLES: &[&str] = &[
    "completed in the cloud",
    "has expired due to the policies configured on tenant",
    "registration prompted",
    "satisfied by claim in the token",
    "satisfied by claim provided by external provider",
    "satisfied by strong authentication",
    "skipped as flow exercised was windows broker logon flow",
    "skipped due to app password",
    "skipped due to location",
    "skipped due to registered device",
    "skipped due to remembered device",
    "successfully completed",
    "mfa completed",
    "mfa requirement satisfied",
    "redirected to external provider",
];

/// How many leading bytes of each needle the shift-and prefilter tracks: four bits
/// per needle, so all 15 needles fit in one `u64`.
const PREFIX: usize = 4;

const _: () = assert!(SATISFIED_NEEDLES.len() * PREFIX <= 64, "state is a u64");

/// Bit `PREFIX * k` for every needle `k`: where a match may begin at any byte.
const PREFIX_STARTS: u64 = prefix_bits(0);
/// Bit `PREFIX * k + PREFIX - 1` for every needle `k`: a whole prefix matched.
const PREFIX_ENDS: u64 = prefix_bits(PREFIX - 1);

/// For each byte value: bit `PREFIX * k + j` is set when byte `j` of needle `k` is
/// that byte in either case.
static PREFIX_BYTE_MASKS: [u64; 256] = prefix_byte_masks();

const fn prefix_bits(offset: usize) -> u64 {
    let mut bits = 0;
    let mut index = 0;
    while index < SATISFIED_NEEDLES.len() {
        bits |= 1 << (index * PREFIX + offset);
        index += 1;
    }
    bits
}

const fn prefix_byte_masks() -> [u64; 256] {
    let mut table = [0u64; 256];
    let mut index = 0;
    while index < SATISFIED_NEEDLES.len() {
        let needle = SATISFIED_NEEDLES[index].as_bytes();
        let mut offset = 0;
        while offset < PREFIX {
            let bit = 1 << (index * PREFIX + offset);
            table[needle[offset] as usize] |= bit;
            table[needle[offset].to_ascii_uppercase() as usize] |= bit;
            offset += 1;
        }
        index += 1;
    }
    table
}

/// Length of the shortest needle (`mfa completed`); shorter texts cannot match.
const SHORTEST_SATISFIED_NEEDLE: usize = 13;

use Category::{CacheBypass, Configuration, FraudSecurity, Service, Telephony, UserAction};
use MfaResultKind::{Denied, Interrupted, Satisfied};

/// Every satisfied and denied MFA result, satisfied first, each group in the order of
/// the reference document; then the two texts of a prompt left unanswered on
/// the row (the classifier's interrupted texts).
pub static MFA_RESULTS: &[MfaResult] = &[
    MfaResult {
        reason: "completed in the cloud",
        kind: Satisfied,
        legacy_text: "Azure Multi-Factor Authentication; completed in the cloud",
        modern_text: "MFA completed in Azure AD",
        category: UserAction,
        explanation: "The user was prompted for a second factor by Entra ID itself and passed it during \
            this sign-in.",
        next_step: "Nothing to fix. The method used is in the auth method column or the auth details \
            file.",
    },
    MfaResult {
        reason: "has expired due to the policies configured on tenant",
        kind: Satisfied,
        legacy_text: "Azure Multi-Factor Authentication; has expired due to the policies configured on tenant",
        modern_text: "MFA has expired due to the policies configured on tenant",
        category: Configuration,
        explanation: "An earlier MFA had aged out under the tenant's sign-in frequency or session \
            settings, so the user had to prove the second factor again; this row records that \
            re-check as satisfied.",
        next_step: "Nothing to fix for the user. If users complain about frequent prompts, review the \
            sign-in frequency in the Conditional Access session controls.",
    },
    MfaResult {
        reason: "registration prompted",
        kind: Satisfied,
        legacy_text: "Azure Multi-Factor Authentication; registration prompted",
        modern_text: "MFA registration prompted",
        category: Configuration,
        explanation: "The user had no MFA method yet and was sent to register one; registering counts as \
            meeting the MFA requirement for this sign-in.",
        next_step: "Make sure the person who registered is really the account owner (an attacker with \
            the password could register their own phone). Check the user's registered methods.",
    },
    MfaResult {
        reason: "satisfied by claim in the token",
        kind: Satisfied,
        legacy_text: "Azure Multi-Factor Authentication; satisfied by claim in the token",
        modern_text: "MFA requirement satisfied by claim in the token",
        category: CacheBypass,
        explanation: "No prompt was shown: the session or refresh token already carried proof of an \
            earlier MFA, and that proof was reused. This is normal for follow-up sign-ins, and also \
            what a stolen, replayed session token looks like.",
        next_step: "Find the earlier sign-in where MFA was actually performed. If there is none, or it \
            came from an unfamiliar IP or device, investigate token theft and revoke the user's \
            sessions.",
    },
    MfaResult {
        reason: "satisfied by claim provided by external provider",
        kind: Satisfied,
        legacy_text: "Azure Multi-Factor Authentication; satisfied by claim provided by external provider",
        modern_text: "MFA requirement satisfied by claim provided by external provider",
        category: Configuration,
        explanation: "The second factor was performed by a federated or external identity provider \
            (for example AD FS or a third-party MFA), which told Entra ID that MFA had been done.",
        next_step: "Nothing to fix. To see how the user proved the factor, look in the external \
            provider's own logs.",
    },
    MfaResult {
        reason: "satisfied by strong authentication",
        kind: Satisfied,
        legacy_text: "Azure Multi-Factor Authentication; satisfied by strong authentication",
        modern_text: "MFA requirement satisfied by strong authentication",
        category: UserAction,
        explanation: "The first sign-in step already counted as multifactor (for example a FIDO2 key, \
            Windows Hello or certificate sign-in), so no separate prompt was needed.",
        next_step: "Nothing to fix.",
    },
    MfaResult {
        reason: "skipped as flow exercised was windows broker logon flow",
        kind: Satisfied,
        legacy_text: "Azure Multi-Factor Authentication; skipped as flow exercised was Windows broker logon flow",
        modern_text: "MFA skipped as flow exercised was Windows broker logon flow",
        category: CacheBypass,
        explanation: "MFA was not asked for because the sign-in came through the Windows logon broker \
            (the device's own sign-in), which Entra ID exempts.",
        next_step: "Nothing to fix. If this flow should require MFA, review the Conditional Access \
            policies that target the device sign-in.",
    },
    MfaResult {
        reason: "skipped due to app password",
        kind: Satisfied,
        legacy_text: "Azure Multi-Factor Authentication; skipped due to app password",
        modern_text: "MFA skipped due to app password",
        category: CacheBypass,
        explanation: "An app password was used, which by design lets an older client sign in without a \
            second factor.",
        next_step: "Find the client still using app passwords, move it to modern authentication, then \
            disable app passwords: they are a standing MFA bypass.",
    },
    MfaResult {
        reason: "skipped due to location",
        kind: Satisfied,
        legacy_text: "Azure Multi-Factor Authentication; skipped due to location",
        modern_text: "MFA skipped due to location",
        category: CacheBypass,
        explanation: "MFA was not asked for because the sign-in came from a trusted IP range or named \
            location configured to skip it.",
        next_step: "Confirm the source IP really belongs to your network, and that the trusted ranges \
            in the MFA service settings or named locations are still correct.",
    },
    MfaResult {
        reason: "skipped due to registered device",
        kind: Satisfied,
        legacy_text: "Azure Multi-Factor Authentication; skipped due to registered device",
        modern_text: "MFA skipped due to registered device",
        category: CacheBypass,
        explanation: "MFA was not asked for because the sign-in came from a device registered in the \
            tenant and policy allows that device in without a prompt.",
        next_step: "Nothing to fix. Check the device in the Devices list if it is not one you \
            recognise.",
    },
    MfaResult {
        reason: "skipped due to remembered device",
        kind: Satisfied,
        legacy_text: "Azure Multi-Factor Authentication; skipped due to remembered device",
        modern_text: "MFA skipped due to remembered device",
        category: CacheBypass,
        explanation: "MFA was not asked for because the user had ticked \"remember MFA on this device\" \
            on this browser or device within the allowed number of days.",
        next_step: "Nothing to fix. If the device may be lost or shared, have the user's remembered \
            devices revoked so every device prompts again.",
    },
    MfaResult {
        reason: "successfully completed",
        kind: Satisfied,
        legacy_text: "Azure Multi-Factor Authentication; successfully completed",
        modern_text: "MFA successfully completed",
        category: UserAction,
        explanation: "The user was prompted for a second factor and passed it.",
        next_step: "Nothing to fix.",
    },
    MfaResult {
        reason: "redirected to external provider for multi-factor authentication",
        kind: Satisfied,
        legacy_text: "Redirected to external provider for multi-factor authentication",
        modern_text: "Redirected to external provider for multi-factor authentication",
        category: Configuration,
        explanation: "The user was sent to an external MFA provider (a custom control or federated \
            identity provider) to do the second factor there.",
        next_step: "Check the external provider's logs to see whether the user completed it; Entra ID \
            only records the hand-over.",
    },
    MfaResult {
        reason: "authentication in-progress",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; authentication in-progress",
        modern_text: "MFA denied; authentication in-progress",
        category: UserAction,
        explanation: "The MFA prompt was still waiting for the user when this attempt was recorded, so \
            it did not count as passed.",
        next_step: "Look for the next sign-in of the same user a few seconds later: it usually shows \
            the real outcome. A long run of these means the user is not answering.",
    },
    MfaResult {
        reason: "duplicate authentication attempt",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; duplicate authentication attempt",
        modern_text: "MFA denied; duplicate authentication attempt",
        category: Configuration,
        explanation: "A second MFA request arrived while one for the same user was still open, and it \
            was turned down. Clients that retry quickly (VPN, RADIUS, NPS extension) cause this.",
        next_step: "Raise the timeout of the client sending the requests (60 seconds is typical for \
            RADIUS) and disable its retries.",
    },
    MfaResult {
        reason: "entered incorrect code too many times",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; entered incorrect code too many times",
        modern_text: "MFA denied; entered incorrect code too many times",
        category: UserAction,
        explanation: "Several wrong verification codes were entered in a row and the attempt was \
            stopped.",
        next_step: "Ask the user whether they were struggling with codes. If not, someone may be \
            guessing with their password: reset it and review the sign-ins.",
    },
    MfaResult {
        reason: "invalid authentication",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; invalid authentication",
        modern_text: "MFA denied; invalid authentication",
        category: Service,
        explanation: "The answer to the MFA challenge could not be validated by the service.",
        next_step: "Have the user retry. If it repeats, re-register the method (re-add the \
            authenticator app or phone) and check service health for that time.",
    },
    MfaResult {
        reason: "invalid mobile app verification code",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; invalid mobile app verification code",
        modern_text: "MFA denied; invalid mobile app verification code",
        category: UserAction,
        explanation: "The code typed from the authenticator app was wrong or had already changed.",
        next_step: "Ask the user to type the code currently shown for this account. If codes are always \
            rejected, check the phone's clock is set automatically, or re-register the app.",
    },
    MfaResult {
        reason: "misconfiguration",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; misconfiguration",
        modern_text: "MFA denied; misconfiguration",
        category: Configuration,
        explanation: "Something in the tenant's or user's MFA setup stopped the challenge from being \
            carried out.",
        next_step: "Review the user's registered methods and the tenant's MFA settings (enabled \
            methods, per-user MFA state, NPS or AD FS adapter configuration) for the method used.",
    },
    MfaResult {
        reason: "phone call went to voicemail",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; phone call went to voicemail",
        modern_text: "MFA denied; phone call went to voicemail",
        category: Telephony,
        explanation: "The verification call was answered by voicemail, so nobody pressed the key.",
        next_step: "Ask the user to keep the phone at hand with calls allowed, check the number rings \
            their own phone, or move them to the authenticator app.",
    },
    MfaResult {
        reason: "phone number has an invalid format",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; phone number has an invalid format",
        modern_text: "MFA denied; phone number has an invalid format",
        category: Configuration,
        explanation: "The phone number stored for the user cannot be dialled as written.",
        next_step: "Correct the number in the user's authentication methods (country code plus digits \
            only).",
    },
    MfaResult {
        reason: "service error",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; service error",
        modern_text: "MFA denied; service error",
        category: Service,
        explanation: "The MFA service failed while handling the request; the user did nothing wrong.",
        next_step: "Check the Microsoft service health history for that time and have the user retry. \
            Open a support case if many users are affected.",
    },
    MfaResult {
        reason: "unable to reach the user's phone",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; unable to reach the user's phone",
        modern_text: "MFA denied; unable to reach the user's phone",
        category: Telephony,
        explanation: "The call or text could not get through to the user's phone (no signal, \
            disconnected number, carrier block).",
        next_step: "Call or text the number on file yourself. Update it if it is wrong; otherwise offer \
            the authenticator app, which also works over Wi-Fi.",
    },
    MfaResult {
        reason: "unable to send the mobile app notification to the device",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; unable to send the mobile app notification to the device",
        modern_text: "MFA denied; unable to send the mobile app notification to the device",
        category: Service,
        explanation: "The push notification could not be delivered to the registered device, for \
            example because the app was removed or the phone was replaced.",
        next_step: "Have the user open the authenticator app and check it still lists the account; if \
            not, delete the old registration and register the app again.",
    },
    MfaResult {
        reason: "unable to send the mobile app notification",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; unable to send the mobile app notification",
        modern_text: "MFA denied; unable to send the mobile app notification",
        category: Service,
        explanation: "The push notification could not be sent, so the user never saw a prompt.",
        next_step: "Check the phone is online and allows notifications for the app; let the user use a \
            code from the app meanwhile, and re-register the app if it keeps failing.",
    },
    MfaResult {
        reason: "user declined the authentication",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; user declined the authentication",
        modern_text: "MFA denied; user declined the authentication",
        category: UserAction,
        explanation: "The user pressed Deny on the prompt (or rejected the call).",
        next_step: "Ask the user why. If they were not signing in, the password is known to someone \
            else: reset it, revoke sessions and review the sign-in's IP and location.",
    },
    MfaResult {
        reason: "user did not respond to mobile app notification",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; user did not respond to mobile app notification",
        modern_text: "MFA denied; user did not respond to mobile app notification",
        category: UserAction,
        explanation: "The push notification was sent but neither approved nor denied before it timed \
            out.",
        next_step: "Ask whether the notification arrived. Unanswered prompts the user did not cause \
            point to someone trying their password.",
    },
    MfaResult {
        reason: "user does not have any verification methods registered",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; user does not have any verification methods registered",
        modern_text: "MFA denied; user does not have any verification methods registered",
        category: Configuration,
        explanation: "MFA was required but the user has no method to answer it with, and could not \
            register one during this sign-in.",
        next_step: "Help the user register a method (issue a Temporary Access Pass if they cannot sign \
            in), and check the registration policy allows them to register.",
    },
    MfaResult {
        reason: "user entered incorrect code",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; user entered incorrect code",
        modern_text: "MFA denied; user entered incorrect code",
        category: UserAction,
        explanation: "The verification code typed by the user was wrong.",
        next_step: "Have the user retry with the newest code. For app codes that never work, check the \
            phone's clock or re-register the app.",
    },
    MfaResult {
        reason: "user entered incorrect pin",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; user entered incorrect PIN",
        modern_text: "MFA denied; user entered incorrect PIN",
        category: UserAction,
        explanation: "The PIN the user entered during the MFA prompt was wrong.",
        next_step: "Have the user retry, or reset the PIN if they no longer know it.",
    },
    MfaResult {
        reason: "user hung up the phone call without succeeding the authentication",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; user hung up the phone call without succeeding the authentication",
        modern_text: "MFA denied; user hung up the phone call without succeeding the authentication",
        category: UserAction,
        explanation: "The user answered the verification call and hung up before pressing the key.",
        next_step: "Ask whether the call was expected. A call the user did not expect means someone \
            else has the password; otherwise explain which key to press.",
    },
    MfaResult {
        reason: "user is blocked",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; user is blocked",
        modern_text: "MFA denied; user is blocked",
        category: FraudSecurity,
        explanation: "The user is blocked from MFA, by an administrator or automatically after a fraud \
            report, so every attempt is refused.",
        next_step: "Check why the block was set (block/unblock history, fraud alerts). Unblock only \
            after confirming the account is safe.",
    },
    MfaResult {
        reason: "user never entered the verification code",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; user never entered the verification code",
        modern_text: "MFA denied; user never entered the verification code",
        category: UserAction,
        explanation: "A code was asked for (text message or app code) and nothing was entered before \
            the prompt expired.",
        next_step: "Ask whether the text arrived or the user had the app at hand; check the number on \
            file for text messages.",
    },
    MfaResult {
        reason: "user not found",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; user not found",
        modern_text: "MFA denied; user not found",
        category: Configuration,
        explanation: "The MFA service had no record of this user, so it could not challenge them.",
        next_step: "Check the user exists and is synchronised to the directory the MFA service uses \
            (for MFA Server: imported with the right username format).",
    },
    MfaResult {
        reason: "verification code already used once",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; verification code already used once",
        modern_text: "MFA denied; verification code already used once",
        category: UserAction,
        explanation: "The code had already been accepted once; each code works only a single time.",
        next_step: "Have the user wait for a new code. If the user did not reuse it, someone else may \
            have captured it: review the sign-in.",
    },
    MfaResult {
        reason: "phone app reported fraud",
        kind: Denied,
        legacy_text: "Azure Multi-Factor Authentication denied; Phone App Reported Fraud",
        modern_text: "MFA denied; Phone App Reported Fraud",
        category: FraudSecurity,
        explanation: "The user reported the prompt as fraud from the authenticator app: they say they \
            did not start this sign-in.",
        next_step: "Treat the password as compromised: reset it, revoke sessions, review the sign-in's \
            IP and device, and check whether the report blocked the user.",
    },
    MfaResult {
        reason: "mfa required in azure ad",
        kind: Interrupted,
        legacy_text: "MFA required in Azure AD",
        modern_text: "MFA required in Azure AD",
        category: UserAction,
        explanation: "Entra ID asked for a second factor and the row stops there: it records the \
            prompt, not its answer. The user may have answered on a following row, given up, or \
            closed the window.",
        next_step: "Look for the same user's next sign-in (same correlation ID, or a minute later). \
            If none follows, ask whether the prompt appeared; many unanswered prompts for one user \
            can mean someone else is typing their password.",
    },
    MfaResult {
        reason: "authentication in progress",
        kind: Interrupted,
        legacy_text: "Authentication in progress",
        modern_text: "Authentication in progress",
        category: UserAction,
        explanation: "The second factor was asked for and still waited for the user's answer when \
            the row was written; how it ended is on a later row, if anywhere.",
        next_step: "Find the later row of the same sign-in (correlation ID). Without one, the user \
            left the prompt unanswered.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_satisfied_reason_is_a_needle() {
        for entry in MFA_RESULTS.iter().filter(|entry| entry.kind == Satisfied) {
            assert!(is_satisfied_text(entry.reason), "{}", entry.reason);
            assert!(
                is_satisfied_text(entry.legacy_text),
                "{}",
                entry.legacy_text
            );
            assert!(
                is_satisfied_text(entry.modern_text),
                "{}",
                entry.modern_text
            );
        }
    }

    #[test]
    fn needle_constants_match_the_needles() {
        let shortest = SATISFIED_NEEDLES.iter().map(|n| n.len()).min();
        assert_eq!(shortest, Some(SHORTEST_SATISFIED_NEEDLE));
        for needle in SATISFIED_NEEDLES {
            assert!(needle.is_ascii() && *needle == needle.to_ascii_lowercase());
            assert!(needle.len() >= PREFIX);
        }
    }

    #[test]
    fn denial_reason_of_every_denied_text_is_its_reason() {
        for entry in MFA_RESULTS.iter().filter(|entry| entry.kind == Denied) {
            assert_eq!(
                denial_reason(entry.legacy_text).as_deref(),
                Some(entry.reason)
            );
            assert_eq!(
                denial_reason(entry.modern_text).as_deref(),
                Some(entry.reason)
            );
            assert!(
                !is_satisfied_text(entry.modern_text),
                "{}",
                entry.modern_text
            );
        }
    }

    #[test]
    fn interrupted_texts_are_the_interrupted_entries() {
        assert!(is_interrupted_text("MFA required in Azure AD"));
        assert!(is_interrupted_text("  AUTHENTICATION IN PROGRESS. "));
        assert!(!is_interrupted_text(
            "MFA denied; authentication in-progress"
        ));
        assert!(!is_interrupted_text("MFA completed in Azure AD"));
        for entry in MFA_RESULTS {
            assert_eq!(
                is_interrupted_text(entry.modern_text),
                entry.kind == Interrupted,
                "{}",
                entry.modern_text
            );
            assert!(!is_satisfied_text(entry.modern_text) || entry.kind == Satisfied);
        }
    }

    #[test]
    fn prefix_stripping_finds_bare_reason() {
        assert_eq!(
            strip_known_prefix("mfa skipped due to location"),
            "skipped due to location"
        );
        assert_eq!(strip_known_prefix("user not found"), "user not found");
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
                "MFA DENIED;  Unable to reach the user\u{2019}s phone. ",
                Some("unable to reach the user's phone"),
            ),
            (
                "MFA denied; x denied; Service error.",
                Some("service error"),
            ),
            ("denied;", Some("")),
            ("MFA completed in Azure AD", None),
            ("denied", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(denial_reason(text).as_deref(), expected, "{text:?}");
        }
    }

    #[test]
    fn mfa_result_accepts_every_spelling() {
        let reason = |text: &str| mfa_result(text).map(|entry| entry.reason);
        assert_eq!(
            reason("MFA completed in Azure AD"),
            Some("completed in the cloud")
        );
        assert_eq!(
            reason("MFA completed in Microsoft Entra ID"),
            Some("completed in the cloud")
        );
        assert_eq!(
            reason("Azure Multi-Factor Authentication; successfully completed"),
            Some("successfully completed")
        );
        assert_eq!(
            reason("Azure Multi-Factor Authentication skipped due to location."),
            Some("skipped due to location")
        );
        assert_eq!(
            reason("USER ENTERED INCORRECT PIN"),
            Some("user entered incorrect pin")
        );
        assert_eq!(
            reason("MFA denied; Phone App Reported Fraud"),
            Some("phone app reported fraud")
        );
        assert_eq!(
            reason("unable to reach the user\u{2019}s phone"),
            Some("unable to reach the user's phone")
        );
        assert_eq!(reason("MFA denied; something new"), None);
        assert_eq!(
            reason("MFA required in Azure AD"),
            Some("mfa required in azure ad")
        );
        assert_eq!(
            mfa_result("Authentication in progress.").map(|entry| entry.kind),
            Some(Interrupted)
        );
        assert_eq!(reason("  "), None);
    }

    /// The plain definition the fast search must agree with.
    fn naive_is_satisfied(text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        SATISFIED_NEEDLES
            .iter()
            .any(|needle| lower.contains(needle))
    }

    proptest::proptest! {
        #[test]
        fn fast_search_agrees_with_the_definition(
            prefix in "[ a-zA-Z;.é’]{0,20}",
            needle in proptest::sample::select(SATISFIED_NEEDLES),
            cut in 0usize..60,
            suffix in "[ a-zA-Z;.]{0,20}",
        ) {
            // Whole needles, truncated needles (near misses) and random surroundings.
            let needle = &needle[..cut.min(needle.len())];
            let text = format!("{prefix}{needle}{suffix}");
            proptest::prop_assert_eq!(is_satisfied_text(&text), naive_is_satisfied(&text));
            let upper = text.to_uppercase();
            proptest::prop_assert_eq!(is_satisfied_text(&upper), naive_is_satisfied(&upper));
        }

        #[test]
        fn denial_reason_agrees_with_the_definition(text in "[ a-zA-Z;.’]{0,40}(denied;|DENIED;)?[ a-zA-Z;.’]{0,20}") {
            let lower = text.to_lowercase();
            let expected = lower.rfind("denied;").map(|at| {
                let rest = text[at + "denied;".len()..].trim();
                let rest = rest.strip_suffix('.').unwrap_or(rest).trim_end();
                rest.replace('\u{2019}', "'").to_lowercase()
            });
            proptest::prop_assert_eq!(denial_reason(&text), expected);
        }
    }

    #[test]
    fn a_contraction_finds_the_documented_reason() {
        for text in [
            "user didn't respond to mobile app notification",
            "MFA denied; user didn\u{2019}t respond to mobile app notification.",
        ] {
            assert_eq!(
                mfa_result(text).map(|e| e.reason),
                Some("user did not respond to mobile app notification"),
                "{text}"
            );
        }
        // Only a contraction: another reason stays unknown.
        assert!(mfa_result("user didn't like the prompt").is_none());
    }
}

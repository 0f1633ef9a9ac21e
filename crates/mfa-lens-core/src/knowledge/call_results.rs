//! The 45 call result codes of the MFA Server (and NPS extension / AD FS adapter)
//! activity report download.
//!
//! The codes and their short descriptions are Microsoft's; the outcome class of each
//! code is fixed by the engine issue, because the names mislead: several `SUCCESS_*`
//! codes mean the user did *not* get in (the call was placed successfully, not the
//! sign-in). Every explanation and next step below is written for the helpdesk
//! engineer looking at one row of the report.

use serde::Serialize;

use super::{CallOutcome, Category};
use CallOutcome::{Depends, DidNotComplete, Failed, Succeeded};
use Category::{CacheBypass, Configuration, FraudSecurity, Service, Telephony, UserAction};

/// One MFA Server call result code, as found in the `Call Result` /
/// `Primary Call Result` column of the downloaded activity report.
#[derive(Debug, Serialize)]
pub struct CallResult {
    /// The code exactly as the report writes it, e.g. `SUCCESS_WITH_PIN`.
    pub code: &'static str,
    /// Microsoft's short description of the code, e.g. `PIN Entered`.
    pub label: &'static str,
    /// Whether the user got in, as far as the code alone can tell.
    pub outcome: CallOutcome,
    /// Where to look for the cause.
    pub category: Category,
    /// What happened, in plain words.
    pub explanation: &'static str,
    /// What to check or do next.
    pub next_step: &'static str,
}

/// The warning a `SUCCESS_*` code needs where its name misleads: a short lead
/// and a sentence, in our own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Caveat {
    pub lead: &'static str,
    pub text: &'static str,
}

impl CallResult {
    /// The caveat of a `SUCCESS_*` code that does not simply mean the user
    /// got in, from its outcome class: a `depends` code may be a success (the
    /// row's Authenticated column decides); the others are not one. `None`
    /// for every other code.
    pub fn success_caveat(&self) -> Option<Caveat> {
        if !self.code.starts_with("SUCCESS_") {
            return None;
        }
        let not_a_success = "Not a success";
        match self.outcome {
            Succeeded => None,
            Depends => Some(Caveat {
                lead: "May be a success — the row's Authenticated column decides",
                text: "SUCCESS in the name only says the call was answered or the message sent, \
                       not that the user got in.",
            }),
            DidNotComplete => Some(Caveat {
                lead: not_a_success,
                text: "SUCCESS in the name, yet the user never finished: this is not a sign-in.",
            }),
            Failed => Some(Caveat {
                lead: not_a_success,
                text: "SUCCESS in the name, yet the user was refused.",
            }),
        }
    }
}

/// Finds a call result by its code: surrounding spaces are ignored and the case
/// does not matter, because hand-edited reports sometimes lower-case the column.
pub fn call_result(code: &str) -> Option<&'static CallResult> {
    let code = code.trim();
    CALL_RESULTS
        .iter()
        .find(|entry| entry.code.eq_ignore_ascii_case(code))
}

/// Every call result code of the activity report, in the order of Microsoft's table.
pub static CALL_RESULTS: &[CallResult] = &[
    CallResult {
        code: "SUCCESS_WITH_PIN",
        label: "PIN Entered",
        outcome: Depends,
        category: UserAction,
        explanation: "May be a success: the row's Authenticated column decides. The user typed \
            digits and pressed # during the phone call: if the PIN was right the user got in, but a wrong PIN, or a user \
            configured for Standard mode who typed digits, produces the same code with a denied \
            authentication.",
        next_step: "Look at the row's Authenticated column. If it says the user was denied, confirm \
            whether the user is meant to be in PIN mode or Standard mode, and reset the PIN if they \
            no longer know it.",
    },
    CallResult {
        code: "SUCCESS_NO_PIN",
        label: "Only # Entered",
        outcome: Depends,
        category: UserAction,
        explanation: "May be a success: the row's Authenticated column decides. The user answered \
            the call and pressed only #: for a user in Standard mode that is exactly right and the sign-in succeeded; for a \
            user in PIN mode it means the PIN was skipped and the sign-in was denied. The code alone \
            does not say which.",
        next_step: "Check the Authenticated column of the row and the user's mode (Standard or PIN) \
            in the MFA Server user settings. A PIN-mode user who keeps pressing only # needs to be \
            told to enter the PIN before #.",
    },
    CallResult {
        code: "SUCCESS_WITH_PIN_BUT_TIMEOUT",
        label: "# Not Pressed After Entry",
        outcome: DidNotComplete,
        category: UserAction,
        explanation: "Despite the name, the user did not get in. Digits were typed but the closing # \
            never came, so nothing was sent to the server and the call timed out.",
        next_step: "Remind the user that the entry only counts once # is pressed. If it happens \
            repeatedly on one phone, test that the handset sends touch tones (DTMF) correctly.",
    },
    CallResult {
        code: "SUCCESS_NO_PIN_BUT_TIMEOUT",
        label: "No Phone Input - Timed Out",
        outcome: DidNotComplete,
        category: Telephony,
        explanation: "Despite the name, this is a failure. The call was picked up but nobody pressed \
            anything before the timeout; most often voicemail answered the call.",
        next_step: "Ask whether the phone was on silent, forwarded or out of reach. Check that the \
            number on file rings the user's own phone and not a shared line with voicemail; \
            consider moving the user to the mobile app.",
    },
    CallResult {
        code: "SUCCESS_PIN_EXPIRED",
        label: "PIN Expired and Not Changed",
        outcome: DidNotComplete,
        category: UserAction,
        explanation: "Despite the name, the user did not get in. Their PIN had expired, the call asked \
            for a new one, and the change was never finished.",
        next_step: "Have the user retry and complete the PIN change during the call, or reset the PIN \
            for them in the MFA Server console or user portal.",
    },
    CallResult {
        code: "SUCCESS_USED_CACHE",
        label: "Used Cache",
        outcome: Succeeded,
        category: CacheBypass,
        explanation: "The user got in without a second factor because the same username had passed MFA \
            recently, inside the caching window configured on the server.",
        next_step: "Nothing to fix. If no one should skip MFA this way, review the caching settings \
            (length of the window) on the MFA Server.",
    },
    CallResult {
        code: "SUCCESS_BYPASSED_AUTH",
        label: "Bypassed Auth",
        outcome: Succeeded,
        category: CacheBypass,
        explanation: "The user got in without a second factor because an administrator had granted a \
            one-time bypass for them.",
        next_step: "Open the Bypassed User History report to see who granted the bypass, when and for \
            how long, and confirm it was requested through the normal process.",
    },
    CallResult {
        code: "SUCCESS_USED_IP_BASED_CACHE",
        label: "Used IP-based Cache",
        outcome: Succeeded,
        category: CacheBypass,
        explanation: "The user got in without a second factor because the same username, authentication \
            type, application and source IP address had passed MFA within the caching window.",
        next_step: "Nothing to fix. If the source IP is shared (a proxy or NAT address), consider \
            whether IP-based caching lets other people ride on one user's MFA.",
    },
    CallResult {
        code: "SUCCESS_USED_APP_BASED_CACHE",
        label: "Used App-based Cache",
        outcome: Succeeded,
        category: CacheBypass,
        explanation: "The user got in without a second factor because the same username, authentication \
            type and application had passed MFA within the caching window, from any address.",
        next_step: "Nothing to fix. Review the caching window if this application should prompt every \
            time.",
    },
    CallResult {
        code: "SUCCESS_INVALID_INPUT",
        label: "Invalid Phone Input",
        outcome: Failed,
        category: Telephony,
        explanation: "Despite the name, the user was denied. The phone sent tones the server could not \
            read: a fax or modem answered, or the user typed * inside the PIN.",
        next_step: "Confirm the number on file belongs to a voice phone the user carries, and tell the \
            user to enter only digits followed by #.",
    },
    CallResult {
        code: "SUCCESS_USER_BLOCKED",
        label: "User is Blocked",
        outcome: Failed,
        category: FraudSecurity,
        explanation: "Despite the name, the user was denied: their phone number is blocked. A block is \
            set by an administrator, by the user during a call, or automatically after a fraud alert.",
        next_step: "Check the Blocked User History and fraud alerts for this user. If the block came \
            from a fraud report, treat it as a possible compromise (reset the password, review recent \
            sign-ins) before unblocking.",
    },
    CallResult {
        code: "SUCCESS_SMS_AUTHENTICATED",
        label: "Text Message Authenticated",
        outcome: Succeeded,
        category: UserAction,
        explanation: "With two-way text messages, the user replied with the correct one-time passcode \
            (and PIN where required) and got in.",
        next_step: "Nothing to fix. Text messages are a weak factor; plan moving the user to the mobile \
            app or a phishing-resistant method.",
    },
    CallResult {
        code: "SUCCESS_SMS_SENT",
        label: "Text Message Sent",
        outcome: Depends,
        category: Telephony,
        explanation: "May be a success: the row's Authenticated column decides. Only the sending is \
            recorded: the text message with the one-time passcode left the service; whether the user then typed the \
            code into the application, and got in, this code does not say.",
        next_step: "Look at the row's Authenticated column. If the user was denied, ask whether the \
            text arrived and check the mobile number on file and any carrier filtering of short-code \
            messages.",
    },
    CallResult {
        code: "SUCCESS_PHONE_APP_AUTHENTICATED",
        label: "Mobile App Authenticated",
        outcome: Succeeded,
        category: UserAction,
        explanation: "The user approved the request in the mobile app and got in.",
        next_step: "Nothing to fix. If the user says they did not sign in at that time, treat the \
            approval as a possible MFA fatigue attack and investigate the sign-in.",
    },
    CallResult {
        code: "SUCCESS_OATH_CODE_PENDING",
        label: "OATH Code Pending",
        outcome: DidNotComplete,
        category: UserAction,
        explanation: "Despite the name, the user did not get in. They were asked for the code from \
            their OATH token or authenticator app and never entered one.",
        next_step: "Ask the user whether they saw the code prompt and still have the token or app. If \
            the token is lost, disable it and register a new one.",
    },
    CallResult {
        code: "SUCCESS_OATH_CODE_VERIFIED",
        label: "OATH Code Verified",
        outcome: Succeeded,
        category: UserAction,
        explanation: "The user typed a valid code from their OATH token or authenticator app and got in.",
        next_step: "Nothing to fix.",
    },
    CallResult {
        code: "SUCCESS_FALLBACK_OATH_CODE_VERIFIED",
        label: "Fallback OATH Code Verified",
        outcome: Succeeded,
        category: UserAction,
        explanation: "The user's primary method was denied, and the user then got in with a valid OATH \
            code as the fallback.",
        next_step: "The user got in, but the primary method is failing. Find the earlier denied attempt \
            for this user and fix that method (phone number, app registration).",
    },
    CallResult {
        code: "SUCCESS_FALLBACK_SECURITY_QUESTIONS_ANSWERED",
        label: "Fallback Security Questions Answered",
        outcome: Succeeded,
        category: UserAction,
        explanation: "The user's primary method was denied, and the user then got in by answering their \
            security questions as the fallback.",
        next_step: "The user got in, but with a weak fallback. Fix the primary method and check that \
            the answers have not been guessed by someone else if the user did not expect the prompt.",
    },
    CallResult {
        code: "FAILED_PHONE_BUSY",
        label: "Auth Already In Progress",
        outcome: Failed,
        category: Configuration,
        explanation: "A second request arrived for a user whose MFA was still being processed, so it \
            was refused. RADIUS clients that resend the same request (short timeouts, retries) are \
            the usual cause.",
        next_step: "Raise the RADIUS timeout on the client (VPN, NPS, gateway) above the time a user \
            needs to answer, typically 60 seconds, and turn off client retries for this server.",
    },
    CallResult {
        code: "CONFIG_ISSUE",
        label: "Phone Unreachable",
        outcome: Failed,
        category: Telephony,
        explanation: "The call could not be completed: it was not placed, or it rang out, hit a busy \
            signal, or reached a number that is disconnected or no longer in service.",
        next_step: "Call the number on file yourself. Correct it if it is out of date; if it works, \
            ask the user about call blocking or coverage, and offer the mobile app instead.",
    },
    CallResult {
        code: "FAILED_INVALID_PHONENUMBER",
        label: "Invalid Phone Number Format",
        outcome: Failed,
        category: Configuration,
        explanation: "The stored phone number is not in a format that can be dialled. Numbers must be \
            digits only, and for country code +1 exactly 10 digits.",
        next_step: "Fix the phone number on the user's record (country code separate, digits only, no \
            letters or punctuation) and ask the user to try again.",
    },
    CallResult {
        code: "FAILED_USER_HUNGUP_ON_US",
        label: "User Hung Up the Phone",
        outcome: DidNotComplete,
        category: UserAction,
        explanation: "The user answered the verification call and hung up without pressing any key.",
        next_step: "Ask the user whether the call was expected. If they hung up on purpose because they \
            were not signing in, treat it as a possible password compromise; otherwise explain the \
            key to press.",
    },
    CallResult {
        code: "FAILED_INVALID_EXTENSION",
        label: "Invalid Extension",
        outcome: Failed,
        category: Configuration,
        explanation: "The phone extension on file contains characters the dialler cannot use. Only \
            digits, commas, * and # are allowed, with an optional @ at the start.",
        next_step: "Correct the extension on the user's record, using commas for pauses if the switch \
            needs them.",
    },
    CallResult {
        code: "FAILED_FRAUD_CODE_ENTERED",
        label: "Fraud Code Entered",
        outcome: Failed,
        category: FraudSecurity,
        explanation: "The user pressed the fraud code during the call, saying they did not start this \
            sign-in. The attempt was denied and their phone number was blocked.",
        next_step: "Treat it as a likely stolen password: contact the user out of band, reset the \
            password, review their recent sign-ins, then unblock the number.",
    },
    CallResult {
        code: "FAILED_SERVER_ERROR",
        label: "Unable to Place Call",
        outcome: Failed,
        category: Service,
        explanation: "The MFA service itself could not place the call; the user's phone was never rung.",
        next_step: "Check the service health pages and the MFA Server logs for errors at that time. If \
            it persists for one number, check the number; if for everyone, open a support case.",
    },
    CallResult {
        code: "FAILED_SMS_NOT_SENT",
        label: "Text Message Could Not Be Sent",
        outcome: Failed,
        category: Telephony,
        explanation: "The text message with the passcode could not be sent, so the attempt was denied.",
        next_step: "Check that the number on file is a mobile number that can receive texts, and \
            whether the service had delivery problems at that time; offer the mobile app or a call.",
    },
    CallResult {
        code: "FAILED_SMS_OTP_INCORRECT",
        label: "Text Message OTP Incorrect",
        outcome: Failed,
        category: UserAction,
        explanation: "The user typed a passcode that does not match the one in the text message, so the \
            attempt was denied.",
        next_step: "Ask the user to use the newest text only (older texts hold old codes). Repeated \
            wrong codes from an unexpected location can mean someone is guessing.",
    },
    CallResult {
        code: "FAILED_SMS_OTP_PIN_INCORRECT",
        label: "Text Message OTP + PIN Incorrect",
        outcome: Failed,
        category: UserAction,
        explanation: "The passcode from the text, the user's PIN, or both were wrong, so the attempt was \
            denied.",
        next_step: "Confirm the user knows their PIN and types it together with the newest code; reset \
            the PIN if needed.",
    },
    CallResult {
        code: "FAILED_SMS_MAX_OTP_RETRY_REACHED",
        label: "Exceeded Maximum Text Message OTP Attempts",
        outcome: Failed,
        category: UserAction,
        explanation: "Too many wrong passcodes were entered for one text message, and the attempt was \
            stopped.",
        next_step: "Find out whether the user was struggling or someone else was guessing. Have the \
            user start a new sign-in to get a fresh code.",
    },
    CallResult {
        code: "FAILED_PHONE_APP_DENIED",
        label: "Mobile App Denied",
        outcome: Failed,
        category: UserAction,
        explanation: "The user pressed Deny on the mobile app notification.",
        next_step: "Ask the user why they denied it. If they did not start the sign-in, someone has \
            their password: reset it and review the sign-in's location and device.",
    },
    CallResult {
        code: "FAILED_PHONE_APP_INVALID_PIN",
        label: "Mobile App Invalid PIN",
        outcome: Failed,
        category: UserAction,
        explanation: "The user entered a wrong PIN in the mobile app, so the attempt was denied.",
        next_step: "Have the user retry with the right PIN, or reset their PIN.",
    },
    CallResult {
        code: "FAILED_PHONE_APP_PIN_NOT_CHANGED",
        label: "Mobile App PIN Not Changed",
        outcome: DidNotComplete,
        category: UserAction,
        explanation: "The mobile app required the user to change the PIN and the change was not \
            finished, so the user never got in.",
        next_step: "Have the user retry and complete the PIN change in the app, or reset the PIN.",
    },
    CallResult {
        code: "FAILED_FRAUD_REPORTED",
        label: "Fraud Reported",
        outcome: Failed,
        category: FraudSecurity,
        explanation: "The user reported fraud from the mobile app, saying they did not start this \
            sign-in. The attempt was denied.",
        next_step: "Treat it as a likely stolen password: contact the user out of band, reset the \
            password, review recent sign-ins and any block that the report created.",
    },
    CallResult {
        code: "FAILED_PHONE_APP_NO_RESPONSE",
        label: "Mobile App No Response",
        outcome: DidNotComplete,
        category: UserAction,
        explanation: "The notification was sent to the mobile app but the user neither approved nor \
            denied it before the timeout.",
        next_step: "Ask whether the notification arrived. If not, check the phone's notification \
            settings and connectivity, or re-register the app; a string of these for one user can \
            also mean someone is testing a stolen password.",
    },
    CallResult {
        code: "FAILED_PHONE_APP_ALL_DEVICES_BLOCKED",
        label: "Mobile App All Devices Blocked",
        outcome: Failed,
        category: Configuration,
        explanation: "Every mobile app device registered for the user had stopped answering \
            notifications and has been blocked, so no notification could be sent.",
        next_step: "Remove the stale app registrations and have the user activate the mobile app again \
            on the phone they use now.",
    },
    CallResult {
        code: "FAILED_PHONE_APP_NOTIFICATION_FAILED",
        label: "Mobile App Notification Failed",
        outcome: Failed,
        category: Service,
        explanation: "Sending the notification to the user's mobile app failed, so the user was never \
            prompted.",
        next_step: "Check whether the phone was offline or the app was removed or restored to a new \
            phone; have the user open the app and, if needed, re-register it. Offer a code from the \
            app as a fallback.",
    },
    CallResult {
        code: "FAILED_PHONE_APP_INVALID_RESULT",
        label: "Mobile App Invalid Result",
        outcome: Failed,
        category: Service,
        explanation: "The mobile app sent back an answer the service could not understand.",
        next_step: "Have the user update the app to the current version; if it continues, remove and \
            re-register the app for that user.",
    },
    CallResult {
        code: "FAILED_OATH_CODE_INCORRECT",
        label: "OATH Code Incorrect",
        outcome: Failed,
        category: UserAction,
        explanation: "The code typed from the OATH token or authenticator app was wrong, so the attempt \
            was denied.",
        next_step: "Ask the user to use the code currently shown for the right account. If codes are \
            always rejected, check the token's time sync or re-register the token.",
    },
    CallResult {
        code: "FAILED_OATH_CODE_PIN_INCORRECT",
        label: "OATH Code + PIN Incorrect",
        outcome: Failed,
        category: UserAction,
        explanation: "The OATH code, the user's PIN, or both were wrong, so the attempt was denied.",
        next_step: "Confirm the user knows their PIN and how to combine it with the code; reset the \
            PIN if needed.",
    },
    CallResult {
        code: "FAILED_OATH_CODE_DUPLICATE",
        label: "Duplicate OATH Code",
        outcome: Failed,
        category: UserAction,
        explanation: "The OATH code had already been used once; each code is accepted only one time, \
            so the attempt was denied.",
        next_step: "Ask the user to wait for the next code. If the user did not reuse it, someone else \
            may have seen the code: review the sign-in.",
    },
    CallResult {
        code: "FAILED_OATH_CODE_OLD",
        label: "OATH Code Out of Date",
        outcome: Failed,
        category: UserAction,
        explanation: "The OATH code is older than a code that was already accepted, so it was refused.",
        next_step: "Ask the user to enter the code currently displayed. For a hardware token that \
            keeps producing stale codes, resynchronise or replace it.",
    },
    CallResult {
        code: "FAILED_OATH_TOKEN_TIMEOUT",
        label: "OATH Code Result Timeout",
        outcome: DidNotComplete,
        category: UserAction,
        explanation: "The user entered the OATH code too late; the MFA attempt had already expired.",
        next_step: "Have the user start a new sign-in and enter the code promptly. If it keeps \
            happening, check the timeouts of the client in front of the server (VPN, RADIUS).",
    },
    CallResult {
        code: "FAILED_SECURITY_QUESTIONS_TIMEOUT",
        label: "Security Questions Result Timeout",
        outcome: DidNotComplete,
        category: UserAction,
        explanation: "The user answered the security questions too late; the MFA attempt had already \
            expired.",
        next_step: "Have the user retry and answer promptly, and fix the primary method so the \
            fallback is not needed.",
    },
    CallResult {
        code: "FAILED_AUTH_RESULT_TIMEOUT",
        label: "Auth Result Timeout",
        outcome: DidNotComplete,
        category: UserAction,
        explanation: "The user took too long to finish the MFA attempt and it expired.",
        next_step: "Ask the user what delayed them (missed call, late notification). If many users \
            see this, compare the client's timeout with the time needed to answer.",
    },
    CallResult {
        code: "FAILED_AUTHENTICATION_THROTTLED",
        label: "Authentication Throttled",
        outcome: Failed,
        category: Service,
        explanation: "The service refused the attempt because too many requests had been made in a \
            short time.",
        next_step: "Look for a burst of attempts for this user or from one client: a misconfigured \
            application retrying, or someone trying a stolen password. Wait before retrying.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case_and_spaces() {
        let entry = call_result("  success_with_pin ").map(|entry| entry.label);
        assert_eq!(entry, Some("PIN Entered"));
        assert!(call_result("SUCCESS").is_none());
        assert!(call_result("").is_none());
    }

    #[test]
    fn every_success_code_that_is_not_a_success_says_so() {
        for entry in CALL_RESULTS {
            if entry.code.starts_with("SUCCESS_") && entry.outcome != Succeeded {
                let opening = if entry.outcome == Depends {
                    "May be a success: the row's Authenticated column decides."
                } else {
                    "Despite the name"
                };
                assert!(
                    entry.explanation.starts_with(opening),
                    "{} must open with {opening:?}",
                    entry.code
                );
            }
        }
    }

    #[test]
    fn the_three_depends_codes_may_be_a_success_and_the_others_are_not_one() {
        let depends: Vec<&str> = CALL_RESULTS
            .iter()
            .filter(|entry| entry.outcome == Depends)
            .map(|entry| entry.code)
            .collect();
        assert_eq!(
            depends,
            ["SUCCESS_WITH_PIN", "SUCCESS_NO_PIN", "SUCCESS_SMS_SENT"]
        );
        for entry in CALL_RESULTS {
            let caveat = entry.success_caveat();
            let misleading = entry.code.starts_with("SUCCESS_") && entry.outcome != Succeeded;
            assert_eq!(caveat.is_some(), misleading, "{}", entry.code);
            let Some(caveat) = caveat else { continue };
            if entry.outcome == Depends {
                assert_eq!(
                    caveat.lead,
                    "May be a success — the row's Authenticated column decides"
                );
                assert!(!caveat.text.contains("not a sign-in"), "{}", entry.code);
            } else {
                assert_eq!(caveat.lead, "Not a success", "{}", entry.code);
            }
        }
    }
}

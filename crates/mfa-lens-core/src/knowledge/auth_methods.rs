//! Authentication methods, under every name the exports use for them.
//!
//! One method has many spellings: the 2018-era sign-ins report (`Phone call
//! (Office phone)`), today's sign-ins and auth details (`Mobile app notification`,
//! `OATH verification code`), the registration report captions (`Microsoft
//! Authenticator app`), Graph keys (`microsoftAuthenticatorPush`) and the old
//! MSOnline method types (`PhoneAppNotification`). They all resolve to one entry here,
//! so the page can say how strong the method is and what to do about it.

use serde::Serialize;

/// How much a method protects against phishing and SIM or phone-number takeover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodStrength {
    /// Bound to the site and the device: a phishing page cannot relay it.
    PhishingResistant,
    /// A real second factor, but one a user can be tricked into approving or typing
    /// into a phishing page.
    Strong,
    /// Phone-based (text or voice): depends on the phone network and number.
    Weak,
    /// Not a second factor on its own (a password, or a method only used for
    /// self-service password reset).
    FirstFactorOnly,
    /// Nothing was performed in this sign-in; an earlier MFA was reused.
    Reused,
}

/// One authentication method.
#[derive(Debug, Serialize)]
pub struct AuthMethod {
    /// The name used in sign-in exports where there is one.
    pub name: &'static str,
    /// Other spellings: registration captions, Graph keys, legacy method types.
    pub aliases: &'static [&'static str],
    pub strength: MethodStrength,
    pub explanation: &'static str,
    pub next_step: &'static str,
}

/// Finds a method by its name or any alias, ignoring case and surrounding spaces.
/// A name with a detail in brackets that is not itself known, such as
/// `Passkey (Microsoft Authenticator)`, resolves to the part before the bracket.
pub fn auth_method(name: &str) -> Option<&'static AuthMethod> {
    let name = name.trim();
    find_exact(name).or_else(|| {
        let (before_bracket, _) = name.split_once('(')?;
        find_exact(before_bracket.trim())
    })
}

fn find_exact(name: &str) -> Option<&'static AuthMethod> {
    if name.is_empty() {
        return None;
    }
    AUTH_METHODS.iter().find(|method| {
        method.name.eq_ignore_ascii_case(name)
            || method
                .aliases
                .iter()
                .any(|alias| alias.eq_ignore_ascii_case(name))
    })
}

use MethodStrength::{FirstFactorOnly, PhishingResistant, Reused, Strong, Weak};

/// The six methods of the 2018-era reference first, then today's methods.
pub static AUTH_METHODS: &[AuthMethod] = &[
    AuthMethod {
        name: "Text message",
        aliases: &["SMS", "OneWaySMS", "Text message sign-in"],
        strength: Weak,
        explanation: "A one-time code sent by text message to the user's mobile number. It relies on \
            the phone number, which can be hijacked (SIM swap, number porting), and the code can be \
            typed into a phishing page.",
        next_step: "Keep it as a fallback only; move users to the Authenticator app or a passkey.",
    },
    AuthMethod {
        name: "Mobile app notification",
        aliases: &[
            "PhoneAppNotification",
            "push",
            "App notification",
            "microsoftAuthenticatorPush",
            "Microsoft Authenticator app",
            "Microsoft Authenticator - notification",
            "Microsoft Authenticator push",
        ],
        strength: Strong,
        explanation: "A notification in the Microsoft Authenticator app that the user approves (with \
            number matching on current versions). Users can be worn down by repeated prompts.",
        next_step: "If a user approved a sign-in they did not start, treat the password as stolen. Make \
            sure number matching and location context are shown.",
    },
    AuthMethod {
        name: "Phone call (Authentication phone)",
        aliases: &["Phone call", "TwoWayVoiceMobile", "voiceMobile", "Voice"],
        strength: Weak,
        explanation: "A voice call to the user's authentication (mobile) phone, answered by pressing a \
            key. It depends on the phone network and can go to voicemail.",
        next_step: "Keep it as a fallback; when calls fail, check the number and coverage, and move the \
            user to the Authenticator app.",
    },
    AuthMethod {
        name: "Mobile app verification code",
        aliases: &["PhoneAppOTP", "App code", "Microsoft Authenticator - code"],
        strength: Strong,
        explanation: "A six-digit code shown in the Authenticator app and typed by the user. It works \
            offline but can be typed into a phishing page.",
        next_step: "If codes are rejected, check the phone's clock is set automatically.",
    },
    AuthMethod {
        name: "Phone call (Office phone)",
        aliases: &["TwoWayVoiceOffice", "voiceOffice", "Office Call", "officePhone", "Office phone"],
        strength: Weak,
        explanation: "A voice call to the user's office phone, answered by pressing a key. It only works \
            where the user sits next to that phone.",
        next_step: "Check the number and extension on file if calls fail; offer the Authenticator app \
            for remote work.",
    },
    AuthMethod {
        name: "Phone call (Alternate authentication phone)",
        aliases: &[
            "TwoWayVoiceAlternateMobile",
            "voiceAlternateMobile",
            "Alternate Mobile Call",
            "alternateMobilePhone",
            "Alternate Mobile Phone",
        ],
        strength: Weak,
        explanation: "A voice call to the user's alternate phone number, answered by pressing a key.",
        next_step: "Confirm the alternate number still belongs to the user; stale alternate numbers are \
            a takeover risk.",
    },
    AuthMethod {
        name: "Mobile phone",
        aliases: &["mobilePhone"],
        strength: Weak,
        explanation: "A registered mobile number, usable for text messages and voice calls.",
        next_step: "Check the number is current; encourage a stronger method alongside it.",
    },
    AuthMethod {
        name: "OATH verification code",
        aliases: &[
            "oath",
            "SoftwareOTP",
            "softwareOneTimePasscode",
            "hardwareOneTimePasscode",
            "Software OATH token",
            "Hardware OATH token",
        ],
        strength: Strong,
        explanation: "A time-based code from an OATH token: a hardware key fob or a software \
            authenticator app. Sign-in logs use this one name for both kinds.",
        next_step: "If codes are refused, resynchronise the hardware token or check the phone's clock; \
            disable tokens reported lost.",
    },
    AuthMethod {
        name: "Previously satisfied",
        aliases: &[],
        strength: Reused,
        explanation: "No method was used in this sign-in: an MFA done earlier in the session was \
            accepted again.",
        next_step: "Find the earlier sign-in that performed MFA; if there is none from a familiar place, \
            investigate a replayed token.",
    },
    AuthMethod {
        name: "Password",
        aliases: &["Password in the cloud", "Password Hash Sync", "Pass-through Authentication"],
        strength: FirstFactorOnly,
        explanation: "The password step (checked in the cloud, by hash sync or by pass-through \
            authentication). It is the first factor, never MFA on its own.",
        next_step: "For failures, look at the error code (50126 wrong password, 50053 lockout, 50055 \
            expired).",
    },
    AuthMethod {
        name: "FIDO2 security key",
        aliases: &["Fido2", "fido2SecurityKey"],
        strength: PhishingResistant,
        explanation: "A hardware security key (USB, NFC) that signs in with a key bound to the site, so \
            a phishing page cannot use it.",
        next_step: "Nothing to fix. If a key is lost, delete it from the user's methods.",
    },
    AuthMethod {
        name: "Windows Hello for Business",
        aliases: &["windowsHelloForBusiness", "WHfB"],
        strength: PhishingResistant,
        explanation: "Sign-in with a PIN or biometric that unlocks a key stored in the device's TPM; the \
            key never leaves the device.",
        next_step: "Nothing to fix. Problems are usually device provisioning: check the device's \
            registration.",
    },
    AuthMethod {
        name: "Passkey",
        aliases: &[
            "passKeyDeviceBound",
            "passKeyDeviceBoundAuthenticator",
            "passKeyDeviceBoundWindowsHello",
        ],
        strength: PhishingResistant,
        explanation: "A FIDO2 credential stored on a device or in the Authenticator app, bound to the \
            site so it cannot be phished.",
        next_step: "Nothing to fix. Remove the passkey from the user's methods if the device is lost.",
    },
    AuthMethod {
        name: "Temporary Access Pass",
        aliases: &["temporaryAccessPass", "TAP"],
        strength: Strong,
        explanation: "A time-limited passcode issued by an administrator, used to sign in or to register \
            other methods.",
        next_step: "Check who issued the pass and when; a pass used by someone other than the user \
            means the account is compromised.",
    },
    AuthMethod {
        name: "Certificate-based authentication",
        aliases: &["CBA", "certificateBasedAuthConfiguration", "X.509 certificate"],
        strength: PhishingResistant,
        explanation: "Sign-in with a certificate (smart card or device certificate) issued by a trusted \
            authority.",
        next_step: "For failures, check the certificate's validity and revocation and the tenant's \
            certificate authority settings.",
    },
    AuthMethod {
        name: "Microsoft Authenticator passwordless",
        aliases: &[
            "microsoftAuthenticatorPasswordless",
            "Microsoft Passwordless phone sign-in",
            "Passwordless phone sign-in",
        ],
        strength: Strong,
        explanation: "Phone sign-in with the Authenticator app instead of a password: the user matches \
            a number and unlocks the phone.",
        next_step: "Nothing to fix. For stronger phishing resistance, consider a passkey in the \
            Authenticator app.",
    },
    AuthMethod {
        name: "macOS secure enclave key",
        aliases: &["macOsSecureEnclaveKey", "Platform Credential for macOS"],
        strength: PhishingResistant,
        explanation: "A key kept in the Mac's secure enclave and used by the platform sign-in, much like \
            Windows Hello for Business.",
        next_step: "Nothing to fix. Problems usually come from the device's single sign-on \
            configuration.",
    },
    AuthMethod {
        name: "Email",
        aliases: &["Email OTP", "Email one-time passcode"],
        strength: FirstFactorOnly,
        explanation: "A code sent by email. For members it only serves self-service password reset; it \
            does not satisfy MFA.",
        next_step: "Do not count it as an MFA method when checking whether users are registered.",
    },
    AuthMethod {
        name: "Security questions",
        aliases: &["securityQuestion", "Security question"],
        strength: FirstFactorOnly,
        explanation: "Answers to security questions. They only serve self-service password reset (and \
            as an MFA Server fallback), and are easily guessed or researched.",
        next_step: "Prefer other reset methods; never rely on them as MFA.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_spelling() {
        let name = |text: &str| auth_method(text).map(|method| method.name);
        assert_eq!(
            name(" microsoftauthenticatorpush "),
            Some("Mobile app notification")
        );
        assert_eq!(name("Passkey (Microsoft Authenticator)"), Some("Passkey"));
        assert_eq!(
            name("Phone call (Office phone)"),
            Some("Phone call (Office phone)")
        );
        assert_eq!(
            name("Phone call"),
            Some("Phone call (Authentication phone)")
        );
        assert_eq!(name("(nothing"), None);
        assert_eq!(name(""), None);
    }
}

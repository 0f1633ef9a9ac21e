//! Authentication methods, under every name the exports use for them: the one
//! table of method names.
//!
//! One method has many spellings: the 2018-era sign-ins report (`Phone call
//! (Office phone)`), today's sign-ins and auth details (`Mobile app notification`,
//! `OATH verification code`), the registration report captions (`Microsoft
//! Authenticator app`), Graph keys (`microsoftAuthenticatorPush`) and the old
//! MSOnline method types (`PhoneAppNotification`). They all resolve to one entry
//! here, with one [`MethodId`] and one name shown on screen ([`AuthMethod::name`],
//! the Entra portal's own wording). The classifier's summaries, the Registration
//! view, the Overview's method chart and the Reference view all read this table
//! ([`method_label`]), so a method is never listed twice under two spellings.
//! A spelling the table does not know is kept as written, never dropped.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

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

/// Which method, whatever the spelling: the canonical id of a row of
/// [`AUTH_METHODS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodId {
    TextMessage,
    MobileAppNotification,
    PhoneCallAuthenticationPhone,
    MobileAppVerificationCode,
    PhoneCallOfficePhone,
    PhoneCallAlternatePhone,
    MobilePhone,
    OathVerificationCode,
    PreviouslySatisfied,
    Password,
    Fido2SecurityKey,
    WindowsHelloForBusiness,
    Passkey,
    TemporaryAccessPass,
    CertificateBasedAuthentication,
    AuthenticatorPasswordless,
    MacOsSecureEnclaveKey,
    Email,
    SecurityQuestions,
}

/// Where a spelling of a method comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The Entra admin center: sign-in logs, auth details, the registration
    /// blade's captions, the registration and reset events.
    Portal,
    /// Microsoft Graph (and the exports built on it): `methodsRegistered`,
    /// preferred-method and `authenticationMethodsUsed` values.
    Graph,
    /// The MSOnline PowerShell module's `StrongAuthenticationMethods` types.
    MsOnline,
    /// Short forms people and scripts write.
    Other,
}

impl Source {
    /// The source for people.
    pub const fn label(self) -> &'static str {
        match self {
            Source::Portal => "Entra portal",
            Source::Graph => "Microsoft Graph",
            Source::MsOnline => "MSOnline PowerShell",
            Source::Other => "other tools",
        }
    }
}

/// One authentication method.
#[derive(Debug, Serialize)]
pub struct AuthMethod {
    pub id: MethodId,
    /// The name shown on screen for every spelling: the Entra portal's wording
    /// (its sign-in logs' caption where the method appears there). Itself a
    /// portal spelling.
    pub name: &'static str,
    /// Every other spelling, with where it comes from; matched ignoring case.
    pub spellings: &'static [(Source, &'static str)],
    pub strength: MethodStrength,
    pub explanation: &'static str,
    pub next_step: &'static str,
}

impl AuthMethod {
    /// Every spelling but the name, in the table's order.
    pub fn aliases(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.spellings.iter().map(|(_, text)| *text)
    }

    /// The spellings from `source`; for the portal, the name first.
    pub fn spellings_from(&self, source: Source) -> Vec<&'static str> {
        let name = (source == Source::Portal).then_some(self.name);
        name.into_iter()
            .chain(
                self.spellings
                    .iter()
                    .filter(move |(s, _)| *s == source)
                    .map(|(_, text)| *text),
            )
            .collect()
    }
}

/// Finds a method by its name or any spelling, ignoring case and surrounding spaces.
/// A name with a detail in brackets that is not itself known, such as
/// `Passkey (Microsoft Authenticator)`, resolves to the part before the bracket.
pub fn auth_method(name: &str) -> Option<&'static AuthMethod> {
    let name = name.trim();
    find_exact(name).or_else(|| {
        let (before_bracket, _) = name.split_once('(')?;
        find_exact(before_bracket.trim())
    })
}

/// The name a method spelling is shown and counted under: the method's
/// [`AuthMethod::name`] when the table knows the spelling, else the spelling
/// itself, trimmed — an unknown method is kept as written, never dropped.
pub fn method_label(spelling: &str) -> Cow<'_, str> {
    match auth_method(spelling) {
        Some(method) => Cow::Borrowed(method.name),
        None => Cow::Borrowed(spelling.trim()),
    }
}

fn find_exact(name: &str) -> Option<&'static AuthMethod> {
    if name.is_empty() {
        return None;
    }
    AUTH_METHODS.iter().find(|method| {
        method.name.eq_ignore_ascii_case(name)
            || method
                .aliases()
                .any(|alias| alias.eq_ignore_ascii_case(name))
    })
}

use MethodStrength::{FirstFactorOnly, PhishingResistant, Reused, Strong, Weak};
use Source::{Graph, MsOnline, Other, Portal};

/// The six methods of the 2018-era reference first, then today's methods.
pub static AUTH_METHODS: &[AuthMethod] = &[
    AuthMethod {
        id: MethodId::TextMessage,
        name: "Text message",
        spellings: &[
            (Graph, "SMS"),
            (MsOnline, "OneWaySMS"),
            (Other, "Text message sign-in"),
        ],
        strength: Weak,
        explanation: "A one-time code sent by text message to the user's mobile number. It relies on \
            the phone number, which can be hijacked (SIM swap, number porting), and the code can be \
            typed into a phishing page.",
        next_step: "Keep it as a fallback only; move users to the Authenticator app or a passkey.",
    },
    AuthMethod {
        id: MethodId::MobileAppNotification,
        name: "Mobile app notification",
        spellings: &[
            (Portal, "Microsoft Authenticator app"),
            (Portal, "App notification"),
            (Portal, "Microsoft Authenticator - notification"),
            (Graph, "microsoftAuthenticatorPush"),
            (Graph, "push"),
            (Graph, "Authenticator App"),
            (MsOnline, "PhoneAppNotification"),
            (Other, "Microsoft Authenticator push"),
        ],
        strength: Strong,
        explanation: "A notification in the Microsoft Authenticator app that the user approves (with \
            number matching on current versions). Users can be worn down by repeated prompts.",
        next_step: "If a user approved a sign-in they did not start, treat the password as stolen. Make \
            sure number matching and location context are shown.",
    },
    AuthMethod {
        id: MethodId::PhoneCallAuthenticationPhone,
        name: "Phone call (Authentication phone)",
        spellings: &[
            (Portal, "Phone call"),
            (Graph, "voiceMobile"),
            (Graph, "Voice"),
            (MsOnline, "TwoWayVoiceMobile"),
        ],
        strength: Weak,
        explanation: "A voice call to the user's authentication (mobile) phone, answered by pressing a \
            key. It depends on the phone network and can go to voicemail.",
        next_step: "Keep it as a fallback; when calls fail, check the number and coverage, and move the \
            user to the Authenticator app.",
    },
    AuthMethod {
        id: MethodId::MobileAppVerificationCode,
        name: "Mobile app verification code",
        spellings: &[
            (Portal, "App code"),
            (Portal, "Microsoft Authenticator - code"),
            (Graph, "App Verification code"),
            (MsOnline, "PhoneAppOTP"),
        ],
        strength: Strong,
        explanation: "A six-digit code shown in the Authenticator app and typed by the user. It works \
            offline but can be typed into a phishing page.",
        next_step: "If codes are rejected, check the phone's clock is set automatically.",
    },
    AuthMethod {
        id: MethodId::PhoneCallOfficePhone,
        name: "Phone call (Office phone)",
        spellings: &[
            (Portal, "Office phone"),
            (Portal, "Office Call"),
            (Graph, "officePhone"),
            (Graph, "voiceOffice"),
            (MsOnline, "TwoWayVoiceOffice"),
        ],
        strength: Weak,
        explanation: "A voice call to the user's office phone, answered by pressing a key. It only works \
            where the user sits next to that phone.",
        next_step: "Check the number and extension on file if calls fail; offer the Authenticator app \
            for remote work.",
    },
    AuthMethod {
        id: MethodId::PhoneCallAlternatePhone,
        name: "Phone call (Alternate authentication phone)",
        spellings: &[
            (Portal, "Alternate Mobile Phone"),
            (Portal, "Alternate Mobile Call"),
            (Graph, "alternateMobilePhone"),
            (Graph, "voiceAlternateMobile"),
            (MsOnline, "TwoWayVoiceAlternateMobile"),
        ],
        strength: Weak,
        explanation: "A voice call to the user's alternate phone number, answered by pressing a key.",
        next_step: "Confirm the alternate number still belongs to the user; stale alternate numbers are \
            a takeover risk.",
    },
    AuthMethod {
        id: MethodId::MobilePhone,
        name: "Mobile phone",
        spellings: &[
            (Graph, "mobilePhone"),
        ],
        strength: Weak,
        explanation: "A registered mobile number, usable for text messages and voice calls.",
        next_step: "Check the number is current; encourage a stronger method alongside it.",
    },
    AuthMethod {
        id: MethodId::OathVerificationCode,
        name: "OATH verification code",
        spellings: &[
            (Portal, "Software OATH token"),
            (Portal, "Hardware OATH token"),
            (Graph, "oath"),
            (Graph, "softwareOneTimePasscode"),
            (Graph, "hardwareOneTimePasscode"),
            (Graph, "SoftwareOTP"),
        ],
        strength: Strong,
        explanation: "A time-based code from an OATH token: a hardware key fob or a software \
            authenticator app. Sign-in logs use this one name for both kinds.",
        next_step: "If codes are refused, resynchronise the hardware token or check the phone's clock; \
            disable tokens reported lost.",
    },
    AuthMethod {
        id: MethodId::PreviouslySatisfied,
        name: "Previously satisfied",
        spellings: &[],
        strength: Reused,
        explanation: "No method was used in this sign-in: an MFA done earlier in the session was \
            accepted again.",
        next_step: "Find the earlier sign-in that performed MFA; if there is none from a familiar place, \
            investigate a replayed token.",
    },
    AuthMethod {
        id: MethodId::Password,
        name: "Password",
        spellings: &[
            (Portal, "Password in the cloud"),
            (Portal, "Password Hash Sync"),
            (Portal, "Pass-through Authentication"),
            (Graph, "PHS"),
            (Graph, "PTA"),
        ],
        strength: FirstFactorOnly,
        explanation: "The password step (checked in the cloud, by hash sync or by pass-through \
            authentication). It is the first factor, never MFA on its own.",
        next_step: "For failures, look at the error code (50126 wrong password, 50053 lockout, 50055 \
            expired).",
    },
    AuthMethod {
        id: MethodId::Fido2SecurityKey,
        name: "FIDO2 security key",
        spellings: &[
            (Graph, "fido2SecurityKey"),
            (Graph, "Fido2"),
            (Graph, "FIDO"),
        ],
        strength: PhishingResistant,
        explanation: "A hardware security key (USB, NFC) that signs in with a key bound to the site, so \
            a phishing page cannot use it.",
        next_step: "Nothing to fix. If a key is lost, delete it from the user's methods.",
    },
    AuthMethod {
        id: MethodId::WindowsHelloForBusiness,
        name: "Windows Hello for Business",
        spellings: &[
            (Graph, "windowsHelloForBusiness"),
            (Other, "WHfB"),
        ],
        strength: PhishingResistant,
        explanation: "Sign-in with a PIN or biometric that unlocks a key stored in the device's TPM; the \
            key never leaves the device.",
        next_step: "Nothing to fix. Problems are usually device provisioning: check the device's \
            registration.",
    },
    AuthMethod {
        id: MethodId::Passkey,
        name: "Passkey",
        spellings: &[
            (Graph, "passKeyDeviceBound"),
            (Graph, "passKeyDeviceBoundAuthenticator"),
            (Graph, "passKeyDeviceBoundWindowsHello"),
        ],
        strength: PhishingResistant,
        explanation: "A FIDO2 credential stored on a device or in the Authenticator app, bound to the \
            site so it cannot be phished.",
        next_step: "Nothing to fix. Remove the passkey from the user's methods if the device is lost.",
    },
    AuthMethod {
        id: MethodId::TemporaryAccessPass,
        name: "Temporary Access Pass",
        spellings: &[
            (Graph, "temporaryAccessPass"),
            (Other, "TAP"),
        ],
        strength: Strong,
        explanation: "A time-limited passcode issued by an administrator, used to sign in or to register \
            other methods.",
        next_step: "Check who issued the pass and when; a pass used by someone other than the user \
            means the account is compromised.",
    },
    AuthMethod {
        id: MethodId::CertificateBasedAuthentication,
        name: "Certificate-based authentication",
        spellings: &[
            (Graph, "certificateBasedAuthConfiguration"),
            (Other, "CBA"),
            (Other, "X.509 certificate"),
        ],
        strength: PhishingResistant,
        explanation: "Sign-in with a certificate (smart card or device certificate) issued by a trusted \
            authority.",
        next_step: "For failures, check the certificate's validity and revocation and the tenant's \
            certificate authority settings.",
    },
    AuthMethod {
        id: MethodId::AuthenticatorPasswordless,
        name: "Microsoft Authenticator passwordless",
        spellings: &[
            (Portal, "Microsoft Passwordless phone sign-in"),
            (Portal, "Passwordless phone sign-in"),
            (Graph, "microsoftAuthenticatorPasswordless"),
        ],
        strength: Strong,
        explanation: "Phone sign-in with the Authenticator app instead of a password: the user matches \
            a number and unlocks the phone.",
        next_step: "Nothing to fix. For stronger phishing resistance, consider a passkey in the \
            Authenticator app.",
    },
    AuthMethod {
        id: MethodId::MacOsSecureEnclaveKey,
        name: "macOS secure enclave key",
        spellings: &[
            (Portal, "Platform Credential for macOS"),
            (Graph, "macOsSecureEnclaveKey"),
        ],
        strength: PhishingResistant,
        explanation: "A key kept in the Mac's secure enclave and used by the platform sign-in, much like \
            Windows Hello for Business.",
        next_step: "Nothing to fix. Problems usually come from the device's single sign-on \
            configuration.",
    },
    AuthMethod {
        id: MethodId::Email,
        name: "Email",
        spellings: &[
            (Other, "Email OTP"),
            (Other, "Email one-time passcode"),
        ],
        strength: FirstFactorOnly,
        explanation: "A code sent by email. For members it only serves self-service password reset; it \
            does not satisfy MFA.",
        next_step: "Do not count it as an MFA method when checking whether users are registered.",
    },
    AuthMethod {
        id: MethodId::SecurityQuestions,
        name: "Security questions",
        spellings: &[
            (Portal, "Security question"),
            (Graph, "securityQuestion"),
        ],
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

    /// Every method spelling FORMATS.md records, by source, and the one name
    /// each is shown under.
    #[test]
    fn every_documented_spelling_maps_to_one_portal_name() {
        let cases: &[(&str, &[&str])] = &[
            // MSOnline `StrongAuthenticationMethods.MethodType` (FORMATS §4.5).
            ("Text message", &["OneWaySMS"]),
            ("Phone call (Authentication phone)", &["TwoWayVoiceMobile"]),
            ("Phone call (Office phone)", &["TwoWayVoiceOffice"]),
            (
                "Phone call (Alternate authentication phone)",
                &["TwoWayVoiceAlternateMobile"],
            ),
            ("Mobile app verification code", &["PhoneAppOTP"]),
            (
                "Mobile app notification",
                &[
                    "PhoneAppNotification",
                    // Graph `methodsRegistered` (§4.2) and the portal caption (§4.1).
                    "microsoftAuthenticatorPush",
                    "Microsoft Authenticator app",
                    // Preferred / system-preferred values, documented and real.
                    "push",
                    // The registration and reset events' "Method used".
                    "App notification",
                    // The sign-in logs (§1.9, §5).
                    "Mobile app notification",
                    // Graph `authenticationDetails` documented example.
                    "Authenticator App",
                ],
            ),
            ("Mobile phone", &["mobilePhone", "Mobile phone"]),
            (
                "Phone call (Office phone)",
                &["officePhone", "Office phone", "voiceOffice", "Office Call"],
            ),
            (
                "Phone call (Alternate authentication phone)",
                &[
                    "alternateMobilePhone",
                    "Alternate Mobile Phone",
                    "voiceAlternateMobile",
                    "Alternate Mobile Call",
                ],
            ),
            (
                "Phone call (Authentication phone)",
                &["voiceMobile", "Voice", "Phone call", "Phone Call"],
            ),
            ("Text message", &["sms", "SMS", "Text message"]),
            (
                "Mobile app verification code",
                &["App code", "App Verification code"],
            ),
            (
                "OATH verification code",
                &[
                    "oath",
                    "softwareOneTimePasscode",
                    "hardwareOneTimePasscode",
                    "Software OATH token",
                    "Hardware OATH token",
                    "SoftwareOTP",
                    "OATH verification code",
                ],
            ),
            (
                "FIDO2 security key",
                &["fido2SecurityKey", "FIDO2 security key", "Fido2", "FIDO"],
            ),
            (
                "Windows Hello for Business",
                &["windowsHelloForBusiness", "Windows Hello for Business"],
            ),
            (
                "Microsoft Authenticator passwordless",
                &[
                    "microsoftAuthenticatorPasswordless",
                    "Microsoft Passwordless phone sign-in",
                ],
            ),
            (
                "Temporary Access Pass",
                &["temporaryAccessPass", "Temporary Access Pass"],
            ),
            ("macOS secure enclave key", &["macOsSecureEnclaveKey"]),
            (
                "Passkey",
                &[
                    "passKeyDeviceBound",
                    "passKeyDeviceBoundAuthenticator",
                    "passKeyDeviceBoundWindowsHello",
                    "Passkey (Microsoft Authenticator)",
                ],
            ),
            (
                "Certificate-based authentication",
                &[
                    "Certificate-based authentication",
                    "certificateBasedAuthConfiguration",
                ],
            ),
            ("Email", &["email", "Email"]),
            (
                "Security questions",
                &["securityQuestion", "Security questions"],
            ),
            (
                "Password",
                &[
                    "Password",
                    "Password in the cloud",
                    "Password Hash Sync",
                    "PTA",
                    "PHS",
                ],
            ),
            ("Previously satisfied", &["Previously satisfied"]),
        ];
        for (label, spellings) in cases {
            for spelling in *spellings {
                for written in [
                    spelling.to_string(),
                    spelling.to_uppercase(),
                    format!("  {}  ", spelling.to_lowercase()),
                ] {
                    assert_eq!(method_label(&written), *label, "{written:?}");
                }
            }
        }
    }

    #[test]
    fn an_unknown_spelling_is_kept_as_written() {
        assert_eq!(method_label(" quantumEntanglement "), "quantumEntanglement");
        assert_eq!(
            method_label("(several, not listed)"),
            "(several, not listed)"
        );
        assert_eq!(method_label(""), "");
    }

    #[test]
    fn each_method_has_one_id_and_its_name_is_a_portal_spelling() {
        let mut ids = std::collections::HashSet::new();
        for method in AUTH_METHODS {
            assert!(ids.insert(method.id), "{:?} twice", method.id);
            assert_eq!(
                method.spellings_from(Source::Portal).first(),
                Some(&method.name)
            );
            assert!(method.aliases().all(|a| a.trim() == a && !a.is_empty()));
        }
        let push = auth_method("push").expect("push");
        assert_eq!(
            push.spellings_from(Source::MsOnline),
            ["PhoneAppNotification"]
        );
        assert_eq!(
            push.spellings_from(Source::Graph),
            ["microsoftAuthenticatorPush", "push", "Authenticator App"]
        );
    }
}

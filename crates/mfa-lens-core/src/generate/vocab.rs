//! Value vocabularies for generated exports: display strings as they appear in real
//! files (FORMATS.md §1.8, §3.1, §4), ordered most-common first so that
//! `Rng::skewed` gives a Zipf-like spread.

/// (Application, Application ID, Resource, Resource ID). Most-used first.
pub const APPS: &[(&str, &str, &str, &str)] = &[
    (
        "Microsoft Teams",
        "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
        "Microsoft Teams Services",
        "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe",
    ),
    (
        "Office 365 Exchange Online",
        "00000002-0000-0ff1-ce00-000000000000",
        "Office 365 Exchange Online",
        "00000002-0000-0ff1-ce00-000000000000",
    ),
    (
        "OfficeHome",
        "4765445b-32c6-49b0-83e6-1d93765276ca",
        "Microsoft Graph",
        "00000003-0000-0000-c000-000000000000",
    ),
    (
        "Microsoft Office",
        "d3590ed6-52b3-4102-aeff-aad2292ab01c",
        "Office 365 SharePoint Online",
        "00000003-0000-0ff1-ce00-000000000000",
    ),
    (
        "Microsoft Authentication Broker",
        "29d9ed98-a469-4536-ade2-f981bc1d605e",
        "Device Registration Service",
        "01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9",
    ),
    (
        "Azure Portal",
        "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
        "Windows Azure Service Management API",
        "797f4846-ba00-4fd7-ba43-dac1f8f63013",
    ),
    (
        "Outlook Mobile",
        "27922004-5251-4030-b22d-91ecd9a37ea4",
        "Office 365 Exchange Online",
        "00000002-0000-0ff1-ce00-000000000000",
    ),
    (
        "OneDrive SyncEngine",
        "ab9b8c07-8f02-4f72-87fa-80105867a763",
        "OneDrive",
        "b4bddae8-ab25-483e-8670-df09b9f1d0ea",
    ),
    (
        "My Signins",
        "19db86c3-b2b9-44cc-b339-36da233a3be2",
        "Microsoft Graph",
        "00000003-0000-0000-c000-000000000000",
    ),
    (
        "Microsoft Edge",
        "ecd6b820-32c2-49b6-98a6-444530e5a77a",
        "Microsoft Graph",
        "00000003-0000-0000-c000-000000000000",
    ),
    (
        "Azure Virtual Desktop Client",
        "a85cf173-4192-42f8-81fa-777a763e6e2c",
        "Windows Virtual Desktop",
        "9cdead84-a844-4324-93f2-b2e6bb768d07",
    ),
    (
        "Contoso Expenses",
        "5b0b2a9e-7f3c-4c8e-9c43-2b1f0e7d6a11",
        "Contoso Expenses API",
        "8d2c6f1e-3a4b-4c5d-8e9f-0a1b2c3d4e5f",
    ),
    (
        "Contoso HR Portal",
        "0c7e5f9a-1b2c-4d3e-9f8a-7b6c5d4e3f2a",
        "Contoso HR Portal",
        "0c7e5f9a-1b2c-4d3e-9f8a-7b6c5d4e3f2a",
    ),
    (
        "Visual Studio Code",
        "aebc6443-996d-45c2-90f0-388ff96faa56",
        "Microsoft Graph",
        "00000003-0000-0000-c000-000000000000",
    ),
];

/// (City, State, Country code) joined by the portal as "City, State, CC".
pub const LOCATIONS: &[&str] = &[
    "Seattle, Washington, US",
    "London, England, GB",
    "Toronto, Ontario, CA",
    "Frankfurt am Main, Hessen, DE",
    "Lisbon, Lisboa, PT",
    "Paris, Ile-De-France, FR",
    "Madrid, Madrid, ES",
    "Amsterdam, Noord-Holland, NL",
    "Dublin, Dublin, IE",
    "Sydney, New South Wales, AU",
    "Bengaluru, Karnataka, IN",
    "Tokyo, Tokyo, JP",
    "Sao Paulo, Sao Paulo, BR",
    "Bucharest, Bucuresti, RO",
    "Johannesburg, Gauteng, ZA",
    "Singapore, Central Singapore, SG",
];

/// (User agent, Browser, Operating System, Client app). User agents contain commas.
pub const CLIENTS: &[(&str, &str, &str, &str)] = &[
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0", "Edge 124.0.0", "Windows10", "Browser"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", "Chrome 124.0.0", "Windows10", "Browser"),
    ("Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.2", "", "Windows10", "Mobile Apps and Desktop clients"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", "Safari 17.4", "MacOs", "Browser"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", "Mobile Safari 17.4", "Ios 17.4", "Mobile Apps and Desktop clients"),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36", "Chrome Mobile 124.0.6367", "Android 14", "Mobile Apps and Desktop clients"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "Firefox 125.0", "Linux", "Browser"),
];

/// Values of `Join Type`, most common first.
pub const JOIN_TYPES: &[&str] = &[
    "",
    "Microsoft Entra joined",
    "Microsoft Entra hybrid joined",
    "Microsoft Entra registered",
];

/// Methods in `Multifactor authentication auth method` (and AuthDetails), weighted.
pub const MFA_METHODS: &[(&str, u32)] = &[
    ("Mobile app notification", 60),
    ("Text message", 15),
    ("Mobile app verification code", 8),
    ("OATH verification code", 6),
    ("Phone call", 6),
    ("FIDO2 security key", 3),
    ("Windows Hello for Business", 2),
];

/// Denial reasons (the text after "MFA denied; "), weighted as they appear in practice.
pub const DENIAL_REASONS: &[(&str, u32)] = &[
    ("user declined the authentication", 30),
    ("user did not respond to mobile app notification", 28),
    ("user entered incorrect code", 10),
    ("duplicate authentication attempt", 6),
    ("Phone App Reported Fraud", 3),
    ("user never entered the verification code", 5),
    ("unable to reach the user\u{2019}s phone", 3),
    ("phone call went to voicemail", 3),
    (
        "user hung up the phone call without succeeding the authentication",
        2,
    ),
    ("user is blocked", 2),
    ("entered incorrect code too many times", 2),
    ("user does not have any verification methods registered", 2),
    ("invalid mobile app verification code", 2),
    (
        "unable to send the mobile app notification to the device",
        1,
    ),
    ("service error", 1),
];

/// The 50126 hint that lands in the MFA result column (FORMATS §1.4, §5.2).
pub const BAD_PASSWORD_HINT: &str = "The user didn't enter the right credentials. \u{a0}It's expected to see some number of these errors in your logs due to users making mistakes.";

pub const FIRST_NAMES: &[&str] = &[
    "adele", "alex", "allan", "ben", "bianca", "carlos", "chloe", "dana", "diego", "elena", "emma",
    "farid", "fatima", "gail", "grace", "hana", "hiro", "ian", "ines", "ivan", "jamal", "julia",
    "kai", "kofi", "lara", "lena", "liam", "lucia", "marco", "maya", "megan", "miguel", "nadia",
    "noah", "nora", "olga", "omar", "paula", "pedro", "priya", "quinn", "rafael", "rosa", "sara",
    "sofia", "tariq", "tom", "uma", "victor", "wendy", "xavier", "yara", "yuki", "zane", "zoe",
    "amir", "bruno", "celine", "dmitri", "eva",
];

pub const LAST_NAMES: &[&str] = &[
    "vance", "walker", "park", "ramos", "stone", "haddad", "ruiz", "tanaka", "nguyen", "martins",
    "diaz", "okafor", "schmidt", "li", "rossi", "khan", "becker", "reddy", "hugo", "ng", "petrov",
    "costa", "mensah", "fischer", "berg", "aziz", "silva", "baker", "lima", "chen", "adams",
    "brown", "clark", "dubois", "evans", "garcia", "hughes", "ito", "jensen", "kowalski", "lopez",
    "moreau", "nakamura", "olsen", "patel", "quintero", "rahman", "santos", "turner", "ueda",
    "vargas", "weber", "xu", "yilmaz", "zhang", "murphy", "kim", "novak", "popescu", "sato",
];

/// MFA Server call results with weights that look like a normal day (FORMATS §3.1).
pub const CALL_RESULTS: &[(&str, u32)] = &[
    ("SUCCESS_PHONE_APP_AUTHENTICATED", 300),
    ("SUCCESS_NO_PIN", 180),
    ("SUCCESS_SMS_AUTHENTICATED", 90),
    ("SUCCESS_WITH_PIN", 60),
    ("SUCCESS_USED_CACHE", 50),
    ("SUCCESS_OATH_CODE_VERIFIED", 40),
    ("SUCCESS_SMS_SENT", 25),
    ("SUCCESS_NO_PIN_BUT_TIMEOUT", 30),
    ("FAILED_PHONE_APP_NO_RESPONSE", 28),
    ("FAILED_PHONE_APP_DENIED", 14),
    ("SUCCESS_USED_IP_BASED_CACHE", 10),
    ("SUCCESS_USED_APP_BASED_CACHE", 6),
    ("FAILED_USER_HUNGUP_ON_US", 8),
    ("FAILED_SMS_OTP_INCORRECT", 6),
    ("FAILED_OATH_CODE_INCORRECT", 5),
    ("SUCCESS_BYPASSED_AUTH", 4),
    ("SUCCESS_INVALID_INPUT", 4),
    ("SUCCESS_WITH_PIN_BUT_TIMEOUT", 3),
    ("CONFIG_ISSUE", 3),
    ("FAILED_PHONE_BUSY", 3),
    ("SUCCESS_USER_BLOCKED", 2),
    ("FAILED_FRAUD_CODE_ENTERED", 1),
    ("FAILED_FRAUD_REPORTED", 1),
    ("FAILED_AUTH_RESULT_TIMEOUT", 2),
    ("FAILED_PHONE_APP_NOTIFICATION_FAILED", 2),
    ("FAILED_SERVER_ERROR", 1),
    ("SUCCESS_PIN_EXPIRED", 1),
    ("SUCCESS_OATH_CODE_PENDING", 1),
    ("FAILED_SMS_NOT_SENT", 1),
];

/// Call results after which the user was authenticated.
pub fn call_authenticated(code: &str) -> bool {
    matches!(
        code,
        "SUCCESS_PHONE_APP_AUTHENTICATED"
            | "SUCCESS_NO_PIN"
            | "SUCCESS_SMS_AUTHENTICATED"
            | "SUCCESS_WITH_PIN"
            | "SUCCESS_USED_CACHE"
            | "SUCCESS_OATH_CODE_VERIFIED"
            | "SUCCESS_USED_IP_BASED_CACHE"
            | "SUCCESS_USED_APP_BASED_CACHE"
            | "SUCCESS_BYPASSED_AUTH"
    )
}

/// Graph `methodsRegistered` names, weighted.
pub const REGISTERED_METHODS: &[(&str, u32)] = &[
    ("microsoftAuthenticatorPush", 70),
    ("softwareOneTimePasscode", 25),
    ("mobilePhone", 30),
    ("windowsHelloForBusiness", 15),
    ("fido2SecurityKey", 5),
    ("email", 10),
    ("officePhone", 3),
    ("microsoftAuthenticatorPasswordless", 6),
];

/// MSOnline `StrongAuthenticationMethods.MethodType` values.
pub const MSOL_METHODS: &[&str] = &[
    "PhoneAppNotification",
    "OneWaySMS",
    "TwoWayVoiceMobile",
    "PhoneAppOTP",
    "TwoWayVoiceOffice",
    "TwoWayVoiceAlternateMobile",
];

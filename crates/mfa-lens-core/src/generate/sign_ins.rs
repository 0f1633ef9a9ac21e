//! Entra sign-in exports: interactive (57 or 44 columns), non-interactive, and the
//! matching `InteractiveSignIns_AuthDetails` rows (1–2 per sign-in, same Request ID).
//!
//! Each row is drawn from a weighted table of scenarios (claim in token, push
//! approved, push denied, 50074 interrupt, wrong password, CA block, ...) chosen so
//! that about 40% of sign-ins require MFA, as in a tenant with a "require MFA"
//! Conditional Access policy for some apps. Every field is written straight into
//! the output buffer: no `String` per field.

use std::io::{self, Write};

use super::headers::{AUTH_DETAILS, SIGN_INS_44, SIGN_INS_57};
use super::out::{format_guid, format_ip, iso_utc, CsvOut, Style};
use super::population::{Population, User};
use super::rng::Rng;
use super::vocab::{
    APPS, BAD_PASSWORD_HINT, CLIENTS, DENIAL_REASONS, JOIN_TYPES, LOCATIONS, MFA_METHODS,
};

/// Which sign-in header to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInColumns {
    /// The current 57-column export.
    C57,
    /// The 2022–2023 44-column export.
    C44,
}

/// What happened in one sign-in; decides every MFA-related field and the auth steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    ClaimInToken,
    MfaCompleted,
    MfaSuccessfullyCompleted,
    RequiredSuccessNoText,
    Interrupt50074,
    Interrupt50076,
    Interrupt50079,
    Interrupt50072,
    Denied,
    Denied500121NoText,
    CaBlockAfterMfa,
    SingleSuccess,
    BadPassword,
    CaBlock,
    Locked,
    Kmsi,
    SsoInterrupt,
    SignInFrequency,
}

use Scenario::*;

/// (scenario, weight per 1,000 interactive sign-ins). MFA required ≈ 40%.
const INTERACTIVE: &[(Scenario, u32)] = &[
    (ClaimInToken, 150),
    (MfaCompleted, 95),
    (MfaSuccessfullyCompleted, 25),
    (RequiredSuccessNoText, 20),
    (Interrupt50074, 60),
    (Interrupt50072, 5),
    (Denied, 25),
    (Denied500121NoText, 5),
    (CaBlockAfterMfa, 10),
    (Interrupt50076, 5),
    (SingleSuccess, 470),
    (BadPassword, 60),
    (CaBlock, 25),
    (Locked, 5),
    (Kmsi, 25),
    (SsoInterrupt, 15),
];

/// Non-interactive sign-ins are token refreshes: mostly claims in the token.
const NON_INTERACTIVE: &[(Scenario, u32)] = &[
    (ClaimInToken, 330),
    (RequiredSuccessNoText, 20),
    (Interrupt50076, 40),
    (Interrupt50079, 10),
    (SingleSuccess, 520),
    (SignInFrequency, 40),
    (BadPassword, 15),
    (CaBlock, 25),
];

impl Scenario {
    fn mfa_required(self) -> bool {
        !matches!(
            self,
            SingleSuccess | BadPassword | CaBlock | Locked | Kmsi | SsoInterrupt | SignInFrequency
        )
    }

    /// (Status, Sign-in error code, Failure reason).
    fn status(self) -> (&'static str, &'static str, &'static str) {
        match self {
            ClaimInToken | MfaCompleted | MfaSuccessfullyCompleted | RequiredSuccessNoText | SingleSuccess => {
                ("Success", "0", "Other.")
            }
            Interrupt50074 => ("Interrupted", "50074", "Strong Authentication is required."),
            Interrupt50076 => ("Failure", "50076", "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'."),
            Interrupt50079 => ("Failure", "50079", "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '{resource}'."),
            Interrupt50072 => ("Interrupted", "50072", "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '{identifier}'"),
            Denied | Denied500121NoText => ("Failure", "500121", "Authentication failed during strong authentication request."),
            CaBlockAfterMfa | CaBlock => ("Failure", "53003", "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance."),
            BadPassword => ("Failure", "50126", "Error validating credentials due to invalid username or password."),
            Locked => ("Failure", "50053", "Account is locked because the user tried to sign in too many times with an incorrect user ID or password."),
            Kmsi => ("Interrupted", "50140", "This occurred due to 'Keep me signed in' interrupt when the user was signing in."),
            SsoInterrupt => ("Interrupted", "50058", "Session information is not sufficient for single-sign-on."),
            SignInFrequency => ("Failure", "70044", "The session has expired or is invalid due to sign-in frequency checks by conditional access."),
        }
    }
}

/// Options for a sign-in file.
#[derive(Debug, Clone, Copy)]
pub struct SignInOptions {
    pub rows: u64,
    pub seed: u64,
    pub columns: SignInColumns,
    pub interactive: bool,
    /// First second covered (Unix time); rows are spread over `[start, end)`, newest first.
    pub start: i64,
    pub end: i64,
}

/// Counts of what was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub rows: u64,
    pub bytes: u64,
    pub auth_rows: u64,
    pub auth_bytes: u64,
}

/// Per-row values picked before writing, so the sign-in row and its auth steps agree.
struct Draw<'p> {
    user: &'p User,
    scenario: Scenario,
    time: i64,
    request: [u8; 16],
    method: &'static str,
    reason: &'static str,
    app: usize,
    client: usize,
    location: usize,
    ip_last: u8,
}

/// Writes sign-ins to `out` and, when given, their auth-detail steps to `auth`.
pub fn write(
    opts: &SignInOptions,
    population: &Population,
    out: &mut dyn Write,
    mut auth: Option<&mut dyn Write>,
) -> io::Result<Written> {
    let mut rng = Rng::derive(opts.seed, if opts.interactive { 0x51 } else { 0x52 });
    let table = if opts.interactive {
        INTERACTIVE
    } else {
        NON_INTERACTIVE
    };
    let weights: Vec<u32> = table.iter().map(|t| t.1).collect();
    let method_weights: Vec<u32> = MFA_METHODS.iter().map(|m| m.1).collect();
    let reason_weights: Vec<u32> = DENIAL_REASONS.iter().map(|m| m.1).collect();

    let mut csv = CsvOut::new(out, Style::PORTAL);
    match opts.columns {
        SignInColumns::C57 => csv.header(&SIGN_INS_57)?,
        SignInColumns::C44 => csv.header(&SIGN_INS_44)?,
    }
    let mut auth_csv = match auth.as_mut() {
        Some(w) => {
            let mut a = CsvOut::new(&mut **w, Style::PORTAL);
            a.header(&AUTH_DETAILS)?;
            Some(a)
        }
        None => None,
    };

    let span = (opts.end - opts.start).max(1);
    let mut text = String::with_capacity(256);
    let rows = opts.rows;
    for i in 0..rows {
        let user = population.pick(&mut rng);
        let scenario = table[rng.weighted(&weights)].0;
        // newest first, like the portal; a little jitter so times are not evenly spaced
        let step = span as f64 / rows.max(1) as f64;
        let time = opts.end - 1 - (i as f64 * step) as i64 - rng.below(step.max(1.0) as u64) as i64;
        let method = if rng.chance(0.8) {
            MFA_METHODS[user.method].0
        } else {
            MFA_METHODS[rng.weighted(&method_weights)].0
        };
        let draw = Draw {
            user,
            scenario,
            time: time.max(opts.start),
            request: rng.guid(),
            method,
            reason: DENIAL_REASONS[rng.weighted(&reason_weights)].0,
            app: rng.skewed(APPS.len()),
            client: if rng.chance(0.85) {
                user.client
            } else {
                rng.skewed(CLIENTS.len())
            },
            location: if rng.chance(0.9) {
                user.home
            } else {
                rng.below_usize(LOCATIONS.len())
            },
            ip_last: if rng.chance(0.9) {
                user.ip[3]
            } else {
                1 + rng.below(254) as u8
            },
        };
        write_row(&mut csv, &draw, opts, population, &mut rng, &mut text);
        csv.end_row()?;
        if let Some(a) = auth_csv.as_mut() {
            write_auth_steps(a, &draw, &mut text)?;
        }
    }
    let (rows, bytes) = csv.finish()?;
    let (auth_rows, auth_bytes) = match auth_csv {
        Some(a) => a.finish()?,
        None => (0, 0),
    };
    Ok(Written {
        rows,
        bytes,
        auth_rows,
        auth_bytes,
    })
}

/// The `Multifactor authentication result` text, built in a reused buffer.
fn mfa_result(d: &Draw<'_>, buf: &mut String) {
    buf.clear();
    let text: &str = match d.scenario {
        ClaimInToken => "MFA requirement satisfied by claim in the token",
        MfaCompleted | CaBlockAfterMfa => "MFA completed in Azure AD",
        MfaSuccessfullyCompleted => "MFA successfully completed",
        Interrupt50074 | Interrupt50072 => "MFA required in Azure AD",
        Denied => {
            buf.push_str("MFA denied; ");
            buf.push_str(d.reason);
            return;
        }
        BadPassword => BAD_PASSWORD_HINT,
        _ => "",
    };
    buf.push_str(text);
}

fn shows_method(s: Scenario) -> bool {
    matches!(
        s,
        MfaCompleted | MfaSuccessfullyCompleted | Denied | Denied500121NoText | CaBlockAfterMfa
    )
}

fn write_row(
    csv: &mut CsvOut<'_>,
    d: &Draw<'_>,
    opts: &SignInOptions,
    pop: &Population,
    rng: &mut Rng,
    text: &mut String,
) {
    let c57 = opts.columns == SignInColumns::C57;
    let (app, app_id, resource, resource_id) = APPS[d.app];
    let (ua, browser, os, client_app) = CLIENTS[d.client];
    let (status, code, failure) = d.scenario.status();
    let user = d.user;
    let tenant = format_guid(&pop.tenant);
    let mut ip = [0u8; 15];
    let ip_len = format_ip(&[user.ip[0], user.ip[1], user.ip[2], d.ip_last], &mut ip);
    mfa_result(d, text);
    let requirement = if d.scenario.mfa_required() {
        "Multifactor authentication"
    } else {
        "Single-factor authentication"
    };
    let managed = user.client < 2;

    csv.plain(&iso_utc(d.time)); // Date (UTC)
    csv.guid(&d.request); // Request ID
    if c57 {
        csv.field(ua); // User agent
    }
    csv.guid(&rng.guid()); // Correlation ID
    csv.guid(&user.id); // User ID
    csv.field(&user.display); // User
    csv.field(&user.upn); // Username
    csv.field("Member"); // User type
    csv.field("None"); // Cross tenant access type
    csv.field(if d.scenario == ClaimInToken && !opts.interactive {
        "Primary refresh token"
    } else {
        "None"
    }); // Incoming token type
    csv.field("None"); // Authentication Protocol
    csv.plain(&token_id(rng)); // Unique token identifier
    if c57 {
        csv.field("None"); // Original transfer method
    }
    csv.field("None"); // Client credential type
    if c57 {
        csv.field("Unbound"); // Token Protection - Sign In Session
        csv.field("0"); // Token Protection - Sign In Session StatusCode
    }
    csv.field(app); // Application
    csv.field(app_id); // Application ID
    if c57 {
        csv.field("f8cdef31-a31e-4b4a-93e4-5f571e91255a"); // App owner tenant ID
    }
    csv.field(resource); // Resource
    csv.field(resource_id); // Resource ID
    csv.plain(&tenant); // Resource tenant ID
    if c57 {
        csv.field("f8cdef31-a31e-4b4a-93e4-5f571e91255a"); // Resource owner tenant ID
    }
    csv.plain(&tenant); // Home tenant ID
    csv.field(""); // Home tenant name
    csv.plain(&ip[..ip_len]); // IP address
    csv.field(LOCATIONS[d.location]); // Location
    csv.field(status);
    csv.field(code);
    csv.field(failure);
    csv.field(client_app);
    if managed {
        csv.guid(&device_id(user)); // Device ID
    } else {
        csv.field("");
    }
    csv.field(browser);
    csv.field(os);
    csv.field(if managed { "True" } else { "False" }); // Compliant
    csv.field(if managed { "True" } else { "False" }); // Managed
    csv.field(if managed {
        JOIN_TYPES[1 + user.client % 2]
    } else {
        JOIN_TYPES[0]
    }); // Join Type
    csv.field(text); // Multifactor authentication result
    csv.field(if shows_method(d.scenario) {
        d.method
    } else {
        ""
    }); // auth method
    csv.field(if shows_method(d.scenario) && d.method == "Text message" {
        "+X XXXXXXXX42"
    } else {
        ""
    }); // auth detail
    csv.field(requirement);
    csv.field(&user.upn); // Sign-in identifier
    if c57 {
        csv.guid(&session_id(user, d.time)); // Session ID
    }
    csv.field(""); // IP address (seen by resource)
    if c57 {
        csv.field("False"); // Through Global Secure Access
        csv.field(""); // Global Secure Access IP address
    }
    csv.number(64_496 + (d.location as u64 % 16)); // Autonomous system  number
    csv.field("False"); // Flagged for review
    csv.field("Azure AD"); // Token issuer type
    csv.field("None"); // Incoming token type (the duplicate)
    csv.field(""); // Token issuer name
    csv.number(40 + rng.below(400)); // Latency
    csv.field(match d.scenario {
        CaBlock | CaBlockAfterMfa => "Failure",
        s if s.mfa_required() => "Success",
        _ => "Not Applied",
    }); // Conditional Access
    if c57 {
        for _ in 0..4 {
            csv.field(""); // Managed Identity type, Associated Resource Id, Federated Token Id/Issuer
        }
    }
}

/// The steps the AuthDetails file shows for this sign-in: a primary step, then the
/// MFA step when MFA was attempted. A claim in the token is a single MFA step.
fn write_auth_steps(a: &mut CsvOut<'_>, d: &Draw<'_>, text: &mut String) -> io::Result<()> {
    let date = iso_utc(d.time);
    let primary_date = iso_utc(d.time - 12);
    if d.scenario == ClaimInToken {
        step(
            a,
            d,
            &date,
            "Previously satisfied",
            "",
            "true",
            "MFA requirement satisfied by claim in the token",
            true,
        );
        return a.end_row();
    }
    let (ok, detail) = match d.scenario {
        BadPassword => (
            "false",
            "Invalid username or password or Invalid on-premise username or password.",
        ),
        Locked => ("false", "Account is locked"),
        _ => ("true", "Correct password"),
    };
    step(
        a,
        d,
        &primary_date,
        "Password",
        password_source(d.user),
        ok,
        detail,
        false,
    );
    a.end_row()?;
    let mfa: Option<(&str, &str)> = match d.scenario {
        MfaCompleted | CaBlockAfterMfa => Some(("true", "MFA completed in Azure AD")),
        MfaSuccessfullyCompleted | RequiredSuccessNoText => {
            Some(("true", "MFA successfully completed"))
        }
        Interrupt50074 => Some(("false", "Authentication in progress")),
        Denied500121NoText => Some(("false", "")),
        Denied => None,
        _ => return Ok(()),
    };
    match mfa {
        Some((ok, detail)) => step(a, d, &date, d.method, "", ok, detail, true),
        None => {
            text.clear();
            text.push_str("MFA denied; ");
            text.push_str(d.reason);
            step(a, d, &date, d.method, "", "false", text, true)
        }
    }
    a.end_row()
}

#[allow(clippy::too_many_arguments)]
fn step(
    a: &mut CsvOut<'_>,
    d: &Draw<'_>,
    date: &[u8; 20],
    method: &str,
    detail: &str,
    ok: &str,
    result: &str,
    mfa: bool,
) {
    a.guid(&d.request);
    a.plain(date);
    a.field(method);
    a.field(detail);
    a.field(ok);
    a.field(result);
    a.field(if mfa {
        "Multifactor authentication"
    } else {
        "Primary authentication"
    });
}

fn password_source(user: &User) -> &'static str {
    match user.id[0] % 4 {
        0 => "Password Hash Sync",
        1 => "Pass-through Authentication",
        _ => "Password in the cloud",
    }
}

fn device_id(user: &User) -> [u8; 16] {
    let mut g = user.id;
    g.reverse();
    g[6] = (g[6] & 0x0F) | 0x40;
    g[8] = (g[8] & 0x3F) | 0x80;
    g
}

fn session_id(user: &User, time: i64) -> [u8; 16] {
    let mut r = Rng::new(
        u64::from_le_bytes([
            user.id[0], user.id[1], user.id[2], user.id[3], user.id[4], user.id[5], user.id[6],
            user.id[7],
        ]) ^ (time / 86_400) as u64,
    );
    r.guid()
}

/// 22 characters of base64url, like Entra's unique token identifiers.
fn token_id(rng: &mut Rng) -> [u8; 22] {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = [0u8; 22];
    let mut bits = rng.next_u64();
    for (i, o) in out.iter_mut().enumerate() {
        if i == 10 {
            bits = rng.next_u64();
        }
        *o = ALPHABET[(bits & 63) as usize];
        bits >>= 6;
    }
    // A leading '-' would invite Excel's formula guard; the portal data rarely has one.
    if out[0] == b'-' {
        out[0] = b'A';
    }
    out
}

//! The smaller exports: service-principal and managed-identity sign-ins, the
//! 2018–2020 legacy sign-ins file, the MFA Server reports (activity, blocked and
//! bypassed user history) and the registration reports (Graph, MSOnline).

use std::io::{self, Write};

use super::headers::{
    APP_SIGN_INS, LEGACY_SIGN_INS, MFA_SERVER_ACTIVITY, MFA_SERVER_BLOCKED, MFA_SERVER_BYPASSED,
    MSI_SIGN_INS, MSOL_MFA_STATUS, REGISTRATION_GRAPH,
};
use super::out::{format_guid, iso_utc, space_utc, CsvOut, Style};
use super::population::Population;
use super::rng::Rng;
use super::vocab::{
    call_authenticated, APPS, CALL_RESULTS, DENIAL_REASONS, LOCATIONS, MSOL_METHODS,
    REGISTERED_METHODS,
};

/// Rows are spread over `[start, end)` seconds, newest first.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub start: i64,
    pub end: i64,
}

impl Span {
    fn time(&self, i: u64, rows: u64) -> i64 {
        let span = (self.end - self.start).max(1) as u128;
        let offset = (u128::from(i) * span / u128::from(rows.max(1))) as i64;
        (self.end - 1 - offset).max(self.start)
    }
}

const SERVICE_PRINCIPALS: &[&str] = &[
    "contoso-backup-job",
    "contoso-hr-sync",
    "contoso-report-bot",
    "contoso-ci-deploy",
    "contoso-crm-connector",
    "contoso-func-orders",
    "contoso-vm-build01",
    "contoso-logic-invoices",
];

/// Service-principal (22 columns) or managed-identity (26 columns) sign-ins.
pub fn app_sign_ins(
    rows: u64,
    seed: u64,
    span: Span,
    managed_identity: bool,
    pop: &Population,
    out: &mut dyn Write,
) -> io::Result<(u64, u64)> {
    let mut rng = Rng::derive(seed, if managed_identity { 0x61 } else { 0x60 });
    let mut csv = CsvOut::new(out, Style::PORTAL);
    csv.header(if managed_identity {
        &MSI_SIGN_INS
    } else {
        &APP_SIGN_INS
    })?;
    let tenant = format_guid(&pop.tenant);
    for i in 0..rows {
        let sp = SERVICE_PRINCIPALS[rng.skewed(SERVICE_PRINCIPALS.len())];
        let (_, _, resource, resource_id) = APPS[rng.skewed(APPS.len())];
        let failed = rng.chance(0.03);
        csv.plain(&iso_utc(span.time(i, rows)));
        csv.guid(&rng.guid()); // Request ID
        csv.guid(&rng.guid()); // Correlation ID
        let sp_id = Rng::derive(seed, sp.len() as u64 * 31 + u64::from(sp.as_bytes()[9])).guid();
        csv.guid(&sp_id); // Service principal ID
        csv.field(sp);
        if managed_identity {
            csv.field("");
        } else {
            csv.guid(&Rng::derive(seed, 0x4B ^ sp.len() as u64).guid()); // Credential key ID
        }
        csv.field(""); // Credential thumbprint
        csv.field(sp); // Application
        csv.guid(&sp_id); // Application ID
        csv.plain(&tenant); // App owner tenant ID
        csv.field(resource);
        csv.field(resource_id);
        csv.plain(&tenant); // Resource tenant ID
        csv.field("f8cdef31-a31e-4b4a-93e4-5f571e91255a"); // Resource owner tenant ID
        csv.plain(&tenant); // Home tenant ID
        csv.field("");
        csv.field(if managed_identity {
            ""
        } else {
            "198.51.100.200"
        });
        csv.field(LOCATIONS[7]);
        csv.field(if failed { "Failure" } else { "Success" });
        csv.field(if failed { "7000215" } else { "0" });
        csv.field(if failed { "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID." } else { "Other." });
        csv.field("Not Applied");
        if managed_identity {
            csv.field(if rng.chance(0.7) {
                "System Assigned"
            } else {
                "User Assigned"
            });
            csv.field("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-apps/providers/Microsoft.Web/sites/contoso-app");
            csv.field("");
            csv.field("");
        }
        csv.end_row()?;
    }
    csv.finish()
}

/// The 2018–2020 single-file export: `MFA Required` Yes/No, `MFA Result` in the
/// "Azure Multi-Factor Authentication[ denied]; reason" form.
pub fn legacy_sign_ins(
    rows: u64,
    seed: u64,
    span: Span,
    pop: &Population,
    out: &mut dyn Write,
) -> io::Result<(u64, u64)> {
    const SATISFIED: &[&str] = &[
        "Azure Multi-Factor Authentication; successfully completed",
        "Azure Multi-Factor Authentication; satisfied by claim in the token",
        "Azure Multi-Factor Authentication; completed in the cloud",
        "Azure Multi-Factor Authentication; skipped due to remembered device",
        "Azure Multi-Factor Authentication; skipped due to location",
    ];
    const METHODS: &[&str] = &[
        "Mobile app notification",
        "Text message",
        "Phone call (Authentication phone)",
        "Mobile app verification code",
    ];
    let mut rng = Rng::derive(seed, 0x70);
    let mut csv = CsvOut::new(out, Style::PORTAL);
    csv.header(&LEGACY_SIGN_INS)?;
    let mut text = String::with_capacity(128);
    for i in 0..rows {
        let user = pop.pick(&mut rng);
        let required = rng.chance(0.4);
        let roll = rng.below(100);
        text.clear();
        let (status, code, reason) = if !required {
            if roll < 90 {
                ("Success", "0", "")
            } else {
                (
                    "Failure",
                    "50126",
                    "Invalid username or password or Invalid on-premise username or password.",
                )
            }
        } else if roll < 80 {
            text.push_str(SATISFIED[rng.skewed(SATISFIED.len())]);
            ("Success", "0", "")
        } else if roll < 90 {
            text.push_str("Azure Multi-Factor Authentication denied; ");
            text.push_str(DENIAL_REASONS[rng.skewed(DENIAL_REASONS.len())].0);
            (
                "Failure",
                "500121",
                "Authentication failed during strong authentication request.",
            )
        } else {
            ("Failure", "50074", "User did not pass the MFA challenge.")
        };
        let method = if required && !text.is_empty() {
            METHODS[rng.skewed(METHODS.len())]
        } else {
            ""
        };
        csv.plain(&iso_utc(span.time(i, rows)));
        csv.guid(&rng.guid());
        csv.guid(&rng.guid());
        csv.guid(&user.id);
        csv.field(&user.display);
        csv.field(&user.upn);
        let (app, app_id, _, _) = APPS[rng.skewed(APPS.len())];
        csv.field(app_id);
        csv.field(app);
        csv.field("203.0.113.24");
        csv.field(LOCATIONS[user.home]);
        csv.field(status);
        csv.field(code);
        csv.field(reason);
        csv.field("Browser");
        csv.field("");
        csv.field("Chrome 74.0.3729");
        csv.field("Windows 10");
        csv.field(if required { "Yes" } else { "No" });
        csv.field(&text);
        csv.field(method);
        csv.field(if method == "Text message" {
            "+X XXXXXXXX64"
        } else {
            ""
        });
        csv.field(if status == "Success" {
            "Success"
        } else if required {
            "Failure"
        } else {
            "Not Applied"
        });
        csv.end_row()?;
    }
    csv.finish()
}

/// MFA Server authentication attempts (GDPR field names, INFERRED layout).
pub fn mfa_server_activity(
    rows: u64,
    seed: u64,
    span: Span,
    pop: &Population,
    out: &mut dyn Write,
) -> io::Result<(u64, u64)> {
    let mut rng = Rng::derive(seed, 0x80);
    let weights: Vec<u32> = CALL_RESULTS.iter().map(|c| c.1).collect();
    let mut csv = CsvOut::new(out, Style::PORTAL);
    csv.header(&MFA_SERVER_ACTIVITY)?;
    let mut sam = String::with_capacity(64);
    for i in 0..rows {
        let user = pop.pick(&mut rng);
        let code = CALL_RESULTS[rng.weighted(&weights)].0;
        let method = if code.contains("PHONE_APP") {
            "Mobile App"
        } else if code.contains("SMS") {
            "Text Message"
        } else if code.contains("OATH") {
            "OATH Token"
        } else {
            "Phone Call"
        };
        let authenticated = if call_authenticated(code) {
            "Yes"
        } else {
            "No"
        };
        sam.clear();
        sam.push_str("CONTOSO\\");
        sam.push_str(&user.sam);
        csv.plain(&space_utc(span.time(i, rows)));
        csv.field(&sam);
        csv.field(&user.first);
        csv.field(&user.last);
        csv.field(&user.upn);
        csv.field("Default");
        csv.field(method);
        csv.field(if method == "Phone Call" {
            "Standard"
        } else {
            ""
        });
        csv.field(if method == "Text Message" {
            "One-Way"
        } else {
            ""
        });
        csv.field(if method == "Text Message" { "OTP" } else { "" });
        csv.field(if method == "Mobile App" {
            "Standard"
        } else {
            ""
        });
        csv.field(if method == "OATH Token" {
            "Standard"
        } else {
            ""
        });
        let kind = rng.below_usize(3);
        csv.field(["RADIUS", "IIS", "AD FS"][kind]);
        csv.field(["VPN", "OWA", "ADFS"][kind]);
        let phone = matches!(method, "Phone Call" | "Text Message");
        csv.field(if phone { "1" } else { "" });
        if phone {
            csv.number(4_255_550_000 + u64::from(user.ip[3]));
        } else {
            csv.field("");
        }
        csv.field("");
        csv.field(authenticated);
        csv.field(code);
        for _ in 0..5 {
            csv.field(""); // backup call columns
        }
        csv.field(authenticated);
        csv.field(code);
        let ip = user.ip;
        let mut tmp = [0u8; 15];
        let len = super::out::format_ip(&ip, &mut tmp);
        csv.plain(&tmp[..len]);
        csv.end_row()?;
    }
    csv.finish()
}

/// MFA Server blocked user history: blocks, unblocks, fraud alerts.
pub fn mfa_server_blocked(
    rows: u64,
    seed: u64,
    span: Span,
    pop: &Population,
    out: &mut dyn Write,
) -> io::Result<(u64, u64)> {
    let mut rng = Rng::derive(seed, 0x81);
    let mut csv = CsvOut::new(out, Style::PORTAL);
    csv.header(&MFA_SERVER_BLOCKED)?;
    let mut sam = String::with_capacity(64);
    for i in 0..rows {
        let user = pop.pick(&mut rng);
        let roll = rng.below(10);
        let (blocked, reason, lockout, fraud) = match roll {
            0..=2 => ("Yes", "Fraud alert reported during phone call", "No", "Yes"),
            3..=4 => (
                "Yes",
                "Account lockout - too many denied PIN attempts",
                "Yes",
                "No",
            ),
            5 => ("Yes", "Blocked by administrator", "No", "No"),
            _ => ("No", "", "No", "No"),
        };
        sam.clear();
        sam.push_str("CONTOSO\\");
        sam.push_str(&user.sam);
        let t = span.time(i, rows);
        csv.plain(&space_utc(t));
        csv.field(if blocked == "No" || roll == 5 {
            "admin@contoso.com"
        } else {
            ""
        });
        csv.field(&sam);
        csv.field("1");
        csv.number(4_255_550_000 + u64::from(user.ip[3]));
        csv.field("");
        csv.field("");
        csv.field("");
        csv.field(blocked);
        csv.field(reason);
        if blocked == "No" {
            csv.plain(&space_utc(t));
            csv.field("Unblocked by administrator");
        } else {
            csv.field("");
            csv.field("");
        }
        csv.field(lockout);
        csv.field(fraud);
        csv.field("No");
        csv.field("en");
        csv.end_row()?;
    }
    csv.finish()
}

/// MFA Server bypassed user history (one-time bypasses).
pub fn mfa_server_bypassed(
    rows: u64,
    seed: u64,
    span: Span,
    pop: &Population,
    out: &mut dyn Write,
) -> io::Result<(u64, u64)> {
    const REASONS: &[&str] = &[
        "Lost phone - help desk ticket",
        "Travelling, no signal",
        "Phone replaced",
        "New phone not yet activated",
    ];
    let mut rng = Rng::derive(seed, 0x82);
    let mut csv = CsvOut::new(out, Style::PORTAL);
    csv.header(&MFA_SERVER_BYPASSED)?;
    let mut sam = String::with_capacity(64);
    for i in 0..rows {
        let user = pop.pick(&mut rng);
        let used = rng.chance(0.6);
        sam.clear();
        sam.push_str("CONTOSO\\");
        sam.push_str(&user.sam);
        let t = span.time(i, rows);
        csv.plain(&space_utc(t));
        csv.number([120, 300, 600, 900][rng.below_usize(4)]);
        csv.field(if rng.chance(0.5) {
            "admin@contoso.com"
        } else {
            "helpdesk@contoso.com"
        });
        csv.field(&sam);
        csv.field("1");
        csv.number(4_255_550_000 + u64::from(user.ip[3]));
        csv.field("");
        csv.field("");
        csv.field("");
        csv.field(REASONS[rng.skewed(REASONS.len())]);
        if used {
            csv.plain(&space_utc(t + 95));
            csv.field("Used");
        } else {
            csv.field("");
            csv.field("Expired");
        }
        csv.field(if used { "Yes" } else { "No" });
        csv.end_row()?;
    }
    csv.finish()
}

/// Graph `userRegistrationDetails` as the Extractor Suite writes it: one row per user.
pub fn registration_graph(
    rows: u64,
    seed: u64,
    pop: &Population,
    out: &mut dyn Write,
) -> io::Result<(u64, u64)> {
    let mut rng = Rng::derive(seed, 0x90);
    let weights: Vec<u32> = REGISTERED_METHODS.iter().map(|m| m.1).collect();
    let mut csv = CsvOut::new(out, Style::POWERSHELL);
    csv.header(&REGISTRATION_GRAPH)?;
    let mut methods = String::with_capacity(128);
    for user in pop.users.iter().take(rows as usize) {
        methods.clear();
        let mut chosen = [false; 8];
        if user.registered {
            let n = 1 + rng.skewed(3);
            for _ in 0..n {
                let m = rng.weighted(&weights);
                if !chosen[m] {
                    chosen[m] = true;
                    if !methods.is_empty() {
                        methods.push_str(", ");
                    }
                    methods.push_str(REGISTERED_METHODS[m].0);
                }
            }
        }
        let reg = if user.registered { "True" } else { "False" };
        csv.guid(&user.id);
        csv.field(&user.upn);
        csv.field(&user.display);
        csv.field("member");
        csv.field(if rng.chance(0.02) { "True" } else { "False" });
        csv.field(reg);
        csv.field("True");
        csv.field(reg);
        csv.field(reg);
        csv.field(reg);
        csv.field(if chosen[3] || chosen[4] {
            "True"
        } else {
            "False"
        });
        csv.field(&methods);
        csv.field("True");
        csv.field(if !user.registered {
            ""
        } else if chosen[0] {
            "PhoneAppNotification"
        } else if chosen[2] {
            "Sms, Voice"
        } else {
            "SoftwareOTP"
        });
        csv.field(if !user.registered {
            "none"
        } else if chosen[0] {
            "push"
        } else if chosen[2] {
            "sms"
        } else {
            "oath"
        });
        csv.field("6/2/2024 6:14:03 AM");
        csv.field("");
        csv.field("");
        csv.field("");
        csv.end_row()?;
    }
    csv.finish()
}

/// The MSOnline per-user MFA report, `System.Object[]` where a user has several methods.
pub fn msol_mfa_status(
    rows: u64,
    seed: u64,
    pop: &Population,
    out: &mut dyn Write,
) -> io::Result<(u64, u64)> {
    let mut rng = Rng::derive(seed, 0x91);
    let mut csv = CsvOut::new(out, Style::POWERSHELL);
    csv.header(&MSOL_MFA_STATUS)?;
    for user in pop.users.iter().take(rows as usize) {
        csv.field(&user.upn);
        csv.field(["Enforced", "Enabled", "Disabled"][rng.below_usize(3)]);
        csv.field(if !user.registered {
            ""
        } else if rng.chance(0.5) {
            "System.Object[]"
        } else {
            MSOL_METHODS[rng.skewed(MSOL_METHODS.len())]
        });
        csv.end_row()?;
    }
    csv.finish()
}

//! Which report a file is, decided from its header.
//!
//! Users rename downloads, so the header decides and the file name only breaks
//! ties. Each kind has a fingerprint: roles that must all be present (`required`),
//! at least one of a set (`any_of`), roles that must be absent (`forbidden`), and
//! supporting roles that add to the score. The best-scoring kind wins; on a tie the
//! kind the file name hints at wins. Fingerprints (FORMATS.md §6.2):
//!
//! | kind | must have | at least one of | must not have |
//! |---|---|---|---|
//! | `entra-sign-ins` | Username, Status | Multifactor authentication result / auth method, Authentication requirement, Sign-in error code | MFA Required / MFA Result (legacy) |
//! | `legacy-sign-ins` | Username | MFA Required, MFA Result, MFA Auth Method | |
//! | `entra-app-sign-ins` | | Service principal ID / name, Managed Identity type | Username |
//! | `entra-auth-details` | Request ID, Authentication method, Succeeded | | Username |
//! | `mfa-server-activity` | | Primary Call Result, Call Result, Overall Result | Succeeded |
//! | `mfa-server-activity` | Result | Authentication Type, (Primary Call / Overall) Authenticated | Succeeded |
//! | `mfa-server-blocked` | | Blocked, Block Reason, Block By Username | |
//! | `mfa-server-bypassed` | | Bypass Seconds, Bypass Used, Bypass By Username, Bypass Reason | |
//! | `mfa-server-status` | Server name | Version, Last communication, Status | |
//! | `fraud-alerts` | | Fraud Alert, Fraud Alert Reason, Fraud Code Entered | Blocked, Block Reason |
//! | `registration-details` | Username | MFA registered, MFA capable, Methods registered | |
//! | `msol-mfa-status` | MFA Status, MFA Methods | | |

use serde::Serialize;

use crate::columns::{ColumnMap, Role};

/// The reports MFA Lens knows. Ids are stable: the page, the CLI and the
/// Summary JSON all use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReportKind {
    EntraSignIns,
    /// The portal's JSON download of sign-ins (read by `read::json`, its
    /// rows under the portal CSV's captions).
    EntraSignInsJson,
    /// A Log Analytics `SigninLogs` / `AADNonInteractiveUserSignInLogs` query
    /// result exported to CSV (read by `read::log_analytics`, its rows under
    /// the portal CSV's captions).
    LogAnalyticsSignIns,
    EntraAuthDetails,
    EntraAppSignIns,
    LegacySignIns,
    MfaServerActivity,
    MfaServerBlocked,
    MfaServerBypassed,
    MfaServerStatus,
    FraudAlerts,
    RegistrationDetails,
    MsolMfaStatus,
    Unknown,
}

impl ReportKind {
    pub const ALL: [ReportKind; 14] = [
        ReportKind::EntraSignIns,
        ReportKind::EntraSignInsJson,
        ReportKind::LogAnalyticsSignIns,
        ReportKind::EntraAuthDetails,
        ReportKind::EntraAppSignIns,
        ReportKind::LegacySignIns,
        ReportKind::MfaServerActivity,
        ReportKind::MfaServerBlocked,
        ReportKind::MfaServerBypassed,
        ReportKind::MfaServerStatus,
        ReportKind::FraudAlerts,
        ReportKind::RegistrationDetails,
        ReportKind::MsolMfaStatus,
        ReportKind::Unknown,
    ];

    /// The stable machine id.
    pub fn id(self) -> &'static str {
        match self {
            ReportKind::EntraSignIns => "entra-sign-ins",
            ReportKind::EntraSignInsJson => "entra-sign-ins-json",
            ReportKind::LogAnalyticsSignIns => "log-analytics-sign-ins",
            ReportKind::EntraAuthDetails => "entra-auth-details",
            ReportKind::EntraAppSignIns => "entra-app-sign-ins",
            ReportKind::LegacySignIns => "legacy-sign-ins",
            ReportKind::MfaServerActivity => "mfa-server-activity",
            ReportKind::MfaServerBlocked => "mfa-server-blocked",
            ReportKind::MfaServerBypassed => "mfa-server-bypassed",
            ReportKind::MfaServerStatus => "mfa-server-status",
            ReportKind::FraudAlerts => "fraud-alerts",
            ReportKind::RegistrationDetails => "registration-details",
            ReportKind::MsolMfaStatus => "msol-mfa-status",
            ReportKind::Unknown => "unknown",
        }
    }

    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            ReportKind::EntraSignIns => "Entra sign-ins",
            ReportKind::EntraSignInsJson => "Entra sign-ins (JSON download)",
            ReportKind::LogAnalyticsSignIns => "Log Analytics sign-ins (CSV export)",
            ReportKind::EntraAuthDetails => "Entra sign-in authentication details",
            ReportKind::EntraAppSignIns => "Entra service principal / managed identity sign-ins",
            ReportKind::LegacySignIns => "Azure AD sign-ins (2018–2020 export)",
            ReportKind::MfaServerActivity => "MFA Server activity report",
            ReportKind::MfaServerBlocked => "MFA Server blocked user history",
            ReportKind::MfaServerBypassed => "MFA Server bypassed user history",
            ReportKind::MfaServerStatus => "MFA Server status",
            ReportKind::FraudAlerts => "MFA fraud alerts",
            ReportKind::RegistrationDetails => "User registration details",
            ReportKind::MsolMfaStatus => "MSOnline per-user MFA report",
            ReportKind::Unknown => "Unrecognised table",
        }
    }

    /// Rows of this kind are sign-ins counted in `sign_ins`.
    pub fn is_sign_ins(self) -> bool {
        matches!(
            self,
            ReportKind::EntraSignIns
                | ReportKind::EntraSignInsJson
                | ReportKind::LogAnalyticsSignIns
                | ReportKind::LegacySignIns
        )
    }

    /// A registration report: registration details in any spelling, or the
    /// MSOnline report (the Registration view, the `registration` section
    /// and the Rows tab's registration dataset read these).
    pub fn is_registration(self) -> bool {
        matches!(
            self,
            ReportKind::RegistrationDetails | ReportKind::MsolMfaStatus
        )
    }

    /// Lower-case fragments of a file name that suggest this kind.
    fn name_hints(self) -> &'static [&'static str] {
        match self {
            ReportKind::EntraSignIns => &["interactivesignins", "signins"],
            // Never detected from a header: the readers that rewrite these
            // files into the portal's shape set them (`source.rs`).
            ReportKind::EntraSignInsJson | ReportKind::LogAnalyticsSignIns => &[],
            ReportKind::EntraAuthDetails => &["authdetails"],
            ReportKind::EntraAppSignIns => &["applicationsignins", "appsignins", "msisignins"],
            ReportKind::LegacySignIns => &["signins"],
            ReportKind::MfaServerActivity => &["activity", "attempts", "usage"],
            ReportKind::MfaServerBlocked => &["blocked"],
            ReportKind::MfaServerBypassed => &["bypass"],
            ReportKind::MfaServerStatus => &["status"],
            ReportKind::FraudAlerts => &["fraud"],
            ReportKind::RegistrationDetails => &["registration"],
            ReportKind::MsolMfaStatus => &["msol", "mfa_report"],
            ReportKind::Unknown => &[],
        }
    }
}

impl std::fmt::Display for ReportKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// Serialised as its stable id.
impl Serialize for ReportKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// Read back from its stable id (the page receives file reports from the
/// worker); an id this build does not know is an error, never a guess.
impl<'de> serde::Deserialize<'de> for ReportKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = std::borrow::Cow::<'de, str>::deserialize(d)?;
        ReportKind::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown report kind `{id}`")))
    }
}

impl Serialize for Detection {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Detection", 4)?;
        st.serialize_field("kind", self.kind.id())?;
        st.serialize_field("variant", &self.variant)?;
        st.serialize_field("score", &self.score)?;
        st.serialize_field("matched_columns", &self.matched_columns)?;
        st.end()
    }
}

/// The verdict on one header, with the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub kind: ReportKind,
    /// e.g. "interactive, 57 columns" for sign-ins.
    pub variant: Option<String>,
    /// Higher is surer; 0 for `unknown`.
    pub score: u32,
    /// The header captions (as written) that the fingerprint matched.
    pub matched_columns: Vec<String>,
}

impl Detection {
    /// The kind's label with the variant, e.g. "Entra sign-ins (interactive)".
    pub fn label(&self) -> String {
        match (self.kind, &self.variant) {
            (ReportKind::EntraSignIns, Some(v)) => {
                let flavour = v.split(',').next().unwrap_or(v).trim();
                if flavour.ends_with("columns") {
                    self.kind.label().to_string()
                } else {
                    format!("{} ({})", self.kind.label(), flavour)
                }
            }
            _ => self.kind.label().to_string(),
        }
    }
}

struct Fingerprint {
    kind: ReportKind,
    required: &'static [Role],
    any_of: &'static [Role],
    forbidden: &'static [Role],
    supporting: &'static [Role],
}

const ACTIVITY_SUPPORT: &[Role] = &[
    Role::PrimaryCallResult,
    Role::CallResult,
    Role::OverallResult,
    Role::Result,
    Role::PrimaryCallAuthenticated,
    Role::OverallAuthenticated,
    Role::Authenticated,
    Role::AuthenticationType,
    Role::AuthMethod,
    Role::Application,
    Role::Username,
    Role::Date,
];

const FINGERPRINTS: &[Fingerprint] = &[
    Fingerprint {
        kind: ReportKind::EntraSignIns,
        required: &[Role::Username, Role::Status],
        any_of: &[
            Role::MfaResult,
            Role::MfaMethod,
            Role::AuthRequirement,
            Role::ErrorCode,
        ],
        forbidden: &[Role::LegacyMfaRequired, Role::LegacyMfaResult],
        supporting: &[
            Role::Date,
            Role::RequestId,
            Role::FailureReason,
            Role::MfaDetail,
            Role::IpAddress,
            Role::Location,
            Role::ConditionalAccess,
            Role::ClientApp,
            Role::Application,
        ],
    },
    Fingerprint {
        kind: ReportKind::LegacySignIns,
        required: &[Role::Username],
        any_of: &[
            Role::LegacyMfaRequired,
            Role::LegacyMfaResult,
            Role::LegacyMfaMethod,
        ],
        forbidden: &[],
        supporting: &[
            Role::Date,
            Role::RequestId,
            Role::Status,
            Role::ErrorCode,
            Role::LegacyMfaDetail,
            Role::IpAddress,
            Role::Application,
        ],
    },
    Fingerprint {
        kind: ReportKind::EntraAppSignIns,
        required: &[],
        any_of: &[
            Role::ServicePrincipalId,
            Role::ServicePrincipalName,
            Role::ManagedIdentityType,
        ],
        forbidden: &[Role::Username],
        supporting: &[
            Role::Date,
            Role::RequestId,
            Role::Status,
            Role::ErrorCode,
            Role::IpAddress,
        ],
    },
    Fingerprint {
        kind: ReportKind::EntraAuthDetails,
        required: &[Role::RequestId, Role::AuthMethod, Role::Succeeded],
        any_of: &[],
        forbidden: &[Role::Username],
        supporting: &[
            Role::Date,
            Role::AuthMethodDetail,
            Role::ResultDetail,
            Role::Requirement,
        ],
    },
    Fingerprint {
        kind: ReportKind::MfaServerActivity,
        required: &[],
        any_of: &[
            Role::PrimaryCallResult,
            Role::CallResult,
            Role::OverallResult,
        ],
        forbidden: &[Role::Succeeded],
        supporting: ACTIVITY_SUPPORT,
    },
    // A bare `Result` column is too common (audit logs have one) to mean MFA
    // Server on its own: it needs an MFA Server companion column.
    Fingerprint {
        kind: ReportKind::MfaServerActivity,
        required: &[Role::Result],
        any_of: &[
            Role::AuthenticationType,
            Role::PrimaryCallAuthenticated,
            Role::OverallAuthenticated,
            Role::Authenticated,
        ],
        forbidden: &[Role::Succeeded],
        supporting: ACTIVITY_SUPPORT,
    },
    Fingerprint {
        kind: ReportKind::MfaServerBlocked,
        required: &[],
        any_of: &[Role::Blocked, Role::BlockReason, Role::BlockByUsername],
        forbidden: &[],
        supporting: &[
            Role::Blocked,
            Role::BlockReason,
            Role::BlockByUsername,
            Role::FraudAlert,
            Role::CompletionTimestamp,
            Role::CompletionReason,
            Role::Username,
            Role::Date,
        ],
    },
    Fingerprint {
        kind: ReportKind::MfaServerBypassed,
        required: &[],
        any_of: &[
            Role::BypassSeconds,
            Role::BypassUsed,
            Role::BypassByUsername,
            Role::BypassReason,
        ],
        forbidden: &[],
        supporting: &[
            Role::BypassSeconds,
            Role::BypassUsed,
            Role::BypassByUsername,
            Role::BypassReason,
            Role::CompletionTimestamp,
            Role::CompletionReason,
            Role::Username,
            Role::Date,
        ],
    },
    Fingerprint {
        kind: ReportKind::MfaServerStatus,
        required: &[Role::ServerName],
        any_of: &[Role::ServerVersion, Role::LastCommunication, Role::Status],
        forbidden: &[Role::Username],
        supporting: &[Role::ServerVersion, Role::LastCommunication, Role::Status],
    },
    Fingerprint {
        kind: ReportKind::FraudAlerts,
        required: &[],
        any_of: &[
            Role::FraudAlert,
            Role::FraudAlertReason,
            Role::FraudCodeEntered,
        ],
        forbidden: &[Role::Blocked, Role::BlockReason],
        supporting: &[
            Role::FraudAlert,
            Role::FraudAlertReason,
            Role::FraudCodeEntered,
            Role::Username,
            Role::Date,
            Role::CompletionTimestamp,
            Role::CompletionReason,
        ],
    },
    Fingerprint {
        kind: ReportKind::RegistrationDetails,
        required: &[Role::Username],
        any_of: &[
            Role::IsMfaRegistered,
            Role::IsMfaCapable,
            Role::MethodsRegistered,
        ],
        forbidden: &[],
        supporting: &[
            Role::IsMfaRegistered,
            Role::IsMfaCapable,
            Role::MethodsRegistered,
            Role::IsAdmin,
        ],
    },
    Fingerprint {
        kind: ReportKind::MsolMfaStatus,
        required: &[Role::MfaStatus, Role::MfaMethods],
        any_of: &[],
        forbidden: &[],
        supporting: &[Role::Username],
    },
];

/// Decide the kind of a file from its header captions; `file_name` only breaks ties
/// and names the sign-in variant (interactive / non-interactive).
pub fn detect(header: &[&str], file_name: &str) -> Detection {
    detect_with_map(&ColumnMap::new(header), header, file_name)
}

/// As [`detect`], for a header already mapped.
pub fn detect_with_map(map: &ColumnMap, header: &[&str], file_name: &str) -> Detection {
    let lower_name: String = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .to_lowercase()
        .replace(['-', ' '], "");
    let mut best: Option<(u32, bool, &Fingerprint, Vec<Role>)> = None;
    for fp in FINGERPRINTS {
        let Some((score, roles)) = score(fp, map) else {
            continue;
        };
        let hinted = fp.kind.name_hints().iter().any(|h| lower_name.contains(h));
        let better = match &best {
            None => true,
            Some((s, h, _, _)) => score > *s || (score == *s && hinted && !h),
        };
        if better {
            best = Some((score, hinted, fp, roles));
        }
    }
    let Some((score, _, fp, roles)) = best else {
        return Detection {
            kind: ReportKind::Unknown,
            variant: None,
            score: 0,
            matched_columns: Vec::new(),
        };
    };
    let mut matched: Vec<usize> = roles.iter().filter_map(|&r| map.get(r)).collect();
    matched.sort_unstable();
    matched.dedup();
    let matched_columns = matched
        .into_iter()
        .filter_map(|i| {
            header
                .get(i)
                .map(|c| c.trim().trim_matches('"').to_string())
        })
        .collect();
    Detection {
        kind: fp.kind,
        variant: variant(fp.kind, map.len(), &lower_name),
        score,
        matched_columns,
    }
}

/// `None` when the fingerprint does not apply; otherwise the score and the roles
/// that contributed to it.
fn score(fp: &Fingerprint, map: &ColumnMap) -> Option<(u32, Vec<Role>)> {
    if fp.required.iter().any(|&r| !map.has(r)) || fp.forbidden.iter().any(|&r| map.has(r)) {
        return None;
    }
    if !fp.any_of.is_empty() && !fp.any_of.iter().any(|&r| map.has(r)) {
        return None;
    }
    let mut roles: Vec<Role> = Vec::new();
    for &r in fp.required.iter().chain(fp.any_of).chain(fp.supporting) {
        if map.has(r) && !roles.contains(&r) {
            roles.push(r);
        }
    }
    // Required and distinguishing columns weigh more than supporting ones.
    let strong = fp
        .required
        .iter()
        .chain(fp.any_of)
        .filter(|&&r| map.has(r))
        .count() as u32;
    let total = roles.len() as u32;
    Some((strong * 3 + total, roles))
}

fn variant(kind: ReportKind, columns: usize, lower_name: &str) -> Option<String> {
    if kind != ReportKind::EntraSignIns {
        return None;
    }
    let flavour = if lower_name.contains("noninteractive") {
        Some("non-interactive")
    } else if lower_name.contains("interactive") {
        Some("interactive")
    } else {
        None
    };
    let width = format!("{columns} columns");
    Some(match flavour {
        Some(f) => format!("{f}, {width}"),
        None => width,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGN_INS_57: &str = "Date (UTC),Request ID,User agent,Correlation ID,User ID,User,Username,User type,Cross tenant access type,Incoming token type,Authentication Protocol,Unique token identifier,Original transfer method,Client credential type,Token Protection - Sign In Session,Token Protection - Sign In Session StatusCode,Application,Application ID ,App owner tenant ID,Resource,Resource ID ,Resource tenant ID,Resource owner tenant ID,Home tenant ID,Home tenant name,IP address,Location,Status,Sign-in error code,Failure reason,Client app,Device ID,Browser,Operating System,Compliant,Managed,Join Type,Multifactor authentication result,Multifactor authentication auth method,Multifactor authentication auth detail,Authentication requirement,Sign-in identifier,Session ID,IP address (seen by resource),Through Global Secure Access,Global Secure Access IP address,Autonomous system  number,Flagged for review,Token issuer type,Incoming token type,Token issuer name,Latency,Conditional Access,Managed Identity type,Associated Resource Id,Federated Token Id,Federated Token Issuer";

    fn split(h: &str) -> Vec<&str> {
        h.split(',').collect()
    }

    #[test]
    fn the_57_column_sign_in_header_is_detected_with_variant() {
        let h = split(SIGN_INS_57);
        assert_eq!(h.len(), 57);
        let d = detect(&h, "NonInteractiveSignIns_2024-05-01_2024-05-02.csv");
        assert_eq!(d.kind, ReportKind::EntraSignIns);
        assert_eq!(d.variant.as_deref(), Some("non-interactive, 57 columns"));
        assert_eq!(d.label(), "Entra sign-ins (non-interactive)");
        assert!(d
            .matched_columns
            .contains(&"Multifactor authentication result".to_string()));
    }

    #[test]
    fn detection_ignores_column_order_and_file_name() {
        let mut h = split(SIGN_INS_57);
        h.reverse();
        assert_eq!(detect(&h, "whatever.csv").kind, ReportKind::EntraSignIns);
        assert_eq!(
            detect(&h, "MFA_Report_MSOnline.csv").kind,
            ReportKind::EntraSignIns
        );
    }

    #[test]
    fn each_kind_has_a_recognisable_header() {
        let cases: &[(&str, ReportKind)] = &[
            ("Request ID,Date,Authentication method,Authentication method detail,Succeeded,Result detail,Requirement", ReportKind::EntraAuthDetails),
            ("Date (UTC),Request ID,Username,Status,MFA Required,MFA Result,MFA Auth Method", ReportKind::LegacySignIns),
            ("Date (UTC),Request ID,Service principal ID,Service principal name,Status,Sign-in error code", ReportKind::EntraAppSignIns),
            ("Timestamp,Username,Authentication Method,Primary Call Authenticated,Primary Call Result,Overall Result", ReportKind::MfaServerActivity),
            ("Timestamp,Username,Call Result", ReportKind::MfaServerActivity),
            ("Timestamp,Username,Authentication Type,Result", ReportKind::MfaServerActivity),
            ("Date (UTC),Service,Activity,Result,Actor", ReportKind::Unknown),
            ("Fraud Alert Timestamp,Username,Fraud Code Entered,Fraud Alert Reason", ReportKind::FraudAlerts),
            ("Block Timestamp,Block By Username,Username,Blocked,Block Reason,Fraud Alert", ReportKind::MfaServerBlocked),
            ("Bypass Timestamp,Bypass Seconds,Bypass By Username,Username,Bypass Reason,Bypass Used", ReportKind::MfaServerBypassed),
            ("Server Name,Version,Status,Last Communication", ReportKind::MfaServerStatus),
            ("Timestamp,Username,Phone Number,Fraud Alert", ReportKind::FraudAlerts),
            ("id,userPrincipalName,isMfaRegistered,isMfaCapable,methodsRegistered", ReportKind::RegistrationDetails),
            ("UserPrincipalName,IsMfaRegistered,MethodsRegistered", ReportKind::RegistrationDetails),
            ("Display Name,User Principal Name,Is Admin?,Is MFA Capable?,Is MFA Registered?", ReportKind::RegistrationDetails),
            ("UserPrincipalName,MFA Status,MFA Methods", ReportKind::MsolMfaStatus),
            ("Nom d'utilisateur,Statut,Code d'erreur de connexion,Exigence d’authentification", ReportKind::EntraSignIns),
            ("Fecha (UTC),Nombre de usuario,Estado,Requisito de autenticación,Motivo del error", ReportKind::EntraSignIns),
            ("a,b,c", ReportKind::Unknown),
        ];
        for (header, kind) in cases {
            assert_eq!(detect(&split(header), "x.csv").kind, *kind, "{header}");
        }
    }

    #[test]
    fn kind_ids_are_unique_and_stable() {
        let ids: Vec<&str> = ReportKind::ALL.iter().map(|k| k.id()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
        assert_eq!(ReportKind::MsolMfaStatus.id(), "msol-mfa-status");
    }
}

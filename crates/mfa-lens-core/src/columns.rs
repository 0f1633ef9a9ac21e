//! Column names → meanings.
//!
//! Exports spell the same column many ways: `Date (UTC)` or `Date`, `Application ID `
//! with a trailing space, `Autonomous system  number` with two, `"Username"` with its
//! quotes left on by a careless re-save, French or Spanish captions when the portal
//! speaks another language, Graph camelCase or SDK PascalCase for registration data.
//! Everything downstream asks for a [`Role`] instead of a caption, so this module is
//! the only place that knows the spellings.

/// What a column means to the engine. Columns without a role are still stored and
/// shown; they just take no part in detection or classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    // Shared by several reports.
    /// The row's time: `Date (UTC)`, `Date`, `Timestamp`, `Block Timestamp`, …
    Date,
    RequestId,
    /// The user: `Username`, `User name`, `UPN`, `userPrincipalName`, …
    Username,
    Status,
    Application,
    /// `Authentication Method` (auth details step, MFA Server attempt).
    AuthMethod,

    // Sign-ins.
    ErrorCode,
    FailureReason,
    MfaResult,
    MfaMethod,
    MfaDetail,
    AuthRequirement,
    IpAddress,
    Location,
    ConditionalAccess,
    ClientApp,
    /// Present in service-principal and managed-identity sign-in files.
    ServicePrincipalId,
    ServicePrincipalName,
    ManagedIdentityType,

    // 2018–2020 single-file sign-ins.
    LegacyMfaRequired,
    LegacyMfaResult,
    LegacyMfaMethod,
    LegacyMfaDetail,

    // Auth details.
    AuthMethodDetail,
    Succeeded,
    ResultDetail,
    Requirement,

    // MFA Server activity.
    PrimaryCallResult,
    CallResult,
    Result,
    OverallResult,
    PrimaryCallAuthenticated,
    OverallAuthenticated,
    Authenticated,
    AuthenticationType,

    // MFA Server blocked users / fraud alerts.
    BlockByUsername,
    Blocked,
    BlockReason,
    FraudAlert,
    FraudAlertReason,
    FraudCodeEntered,
    CompletionTimestamp,
    CompletionReason,

    // MFA Server bypassed users.
    BypassSeconds,
    BypassByUsername,
    BypassReason,
    BypassUsed,

    // MFA Server status.
    ServerName,
    ServerVersion,
    LastCommunication,

    // Registration details.
    IsMfaRegistered,
    IsMfaCapable,
    IsAdmin,
    MethodsRegistered,

    // MSOnline per-user MFA report.
    MfaStatus,
    MfaMethods,
}

impl Role {
    /// Number of roles, for tables indexed by role.
    pub const COUNT: usize = Role::MfaMethods as usize + 1;
}

/// Every accepted spelling, already in [`normalize`]d form.
const ALIASES: &[(&str, Role)] = &[
    // Date.
    ("date (utc)", Role::Date),
    ("date", Role::Date),
    ("timestamp", Role::Date),
    ("block timestamp", Role::Date),
    ("bypass timestamp", Role::Date),
    ("fraud alert timestamp", Role::Date),
    ("fraud timestamp", Role::Date),
    ("createddatetime", Role::Date),
    ("fecha (utc)", Role::Date),
    ("fecha", Role::Date),
    // Request ID.
    ("request id", Role::RequestId),
    ("requestid", Role::RequestId),
    ("id de la demande", Role::RequestId),
    ("id de solicitud", Role::RequestId),
    ("id. de solicitud", Role::RequestId),
    // User.
    ("username", Role::Username),
    ("user name", Role::Username),
    ("upn", Role::Username),
    ("user principal name", Role::Username),
    ("userprincipalname", Role::Username),
    ("nom d'utilisateur", Role::Username),
    ("nombre de usuario", Role::Username),
    ("nom d'utilisateur principal", Role::Username),
    ("nombre principal de usuario", Role::Username),
    // Status.
    ("status", Role::Status),
    ("statut", Role::Status),
    ("état", Role::Status),
    ("estado", Role::Status),
    // Application.
    ("application", Role::Application),
    ("application name", Role::Application),
    ("app display name", Role::Application),
    ("aplicación", Role::Application),
    // Authentication method (auth details step / MFA Server).
    ("authentication method", Role::AuthMethod),
    ("méthode d'authentification", Role::AuthMethod),
    ("método de autenticación", Role::AuthMethod),
    // Sign-in error code.
    ("sign-in error code", Role::ErrorCode),
    ("error code", Role::ErrorCode),
    ("code d'erreur de connexion", Role::ErrorCode),
    ("code d'erreur", Role::ErrorCode),
    ("código de error de inicio de sesión", Role::ErrorCode),
    ("código de error", Role::ErrorCode),
    // Failure reason.
    ("failure reason", Role::FailureReason),
    ("raison de l'échec", Role::FailureReason),
    ("motivo del error", Role::FailureReason),
    // Modern MFA columns.
    ("multifactor authentication result", Role::MfaResult),
    (
        "résultat de l'authentification multifacteur",
        Role::MfaResult,
    ),
    ("resultado de la autenticación multifactor", Role::MfaResult),
    ("multifactor authentication auth method", Role::MfaMethod),
    ("méthode d'authentification multifacteur", Role::MfaMethod),
    ("método de autenticación multifactor", Role::MfaMethod),
    ("multifactor authentication auth detail", Role::MfaDetail),
    ("détail de l'authentification multifacteur", Role::MfaDetail),
    ("detalle de la autenticación multifactor", Role::MfaDetail),
    ("authentication requirement", Role::AuthRequirement),
    ("exigence d'authentification", Role::AuthRequirement),
    ("requisito de autenticación", Role::AuthRequirement),
    // Other sign-in columns.
    ("ip address", Role::IpAddress),
    ("adresse ip", Role::IpAddress),
    ("dirección ip", Role::IpAddress),
    ("location", Role::Location),
    ("emplacement", Role::Location),
    ("ubicación", Role::Location),
    ("conditional access", Role::ConditionalAccess),
    ("accès conditionnel", Role::ConditionalAccess),
    ("acceso condicional", Role::ConditionalAccess),
    ("client app", Role::ClientApp),
    ("application cliente", Role::ClientApp),
    ("aplicación cliente", Role::ClientApp),
    ("service principal id", Role::ServicePrincipalId),
    ("service principal name", Role::ServicePrincipalName),
    ("managed identity type", Role::ManagedIdentityType),
    // Legacy single-file sign-ins.
    ("mfa required", Role::LegacyMfaRequired),
    ("mfa result", Role::LegacyMfaResult),
    ("mfa auth method", Role::LegacyMfaMethod),
    ("mfa authentication method", Role::LegacyMfaMethod),
    ("mfa auth detail", Role::LegacyMfaDetail),
    ("mfa authentication detail", Role::LegacyMfaDetail),
    // Auth details.
    ("authentication method detail", Role::AuthMethodDetail),
    ("succeeded", Role::Succeeded),
    ("result detail", Role::ResultDetail),
    ("requirement", Role::Requirement),
    // MFA Server activity.
    ("primary call result", Role::PrimaryCallResult),
    ("call result", Role::CallResult),
    ("result", Role::Result),
    ("overall result", Role::OverallResult),
    ("primary call authenticated", Role::PrimaryCallAuthenticated),
    ("overall authenticated", Role::OverallAuthenticated),
    ("authenticated", Role::Authenticated),
    ("authentication type", Role::AuthenticationType),
    // Blocked user history / fraud alerts.
    ("block by username", Role::BlockByUsername),
    ("blocked by", Role::BlockByUsername),
    ("blocked", Role::Blocked),
    ("block reason", Role::BlockReason),
    ("fraud alert", Role::FraudAlert),
    ("fraud alert reason", Role::FraudAlertReason),
    ("fraud reason", Role::FraudAlertReason),
    ("fraud code entered", Role::FraudCodeEntered),
    ("completion timestamp", Role::CompletionTimestamp),
    ("completion reason", Role::CompletionReason),
    // Bypassed user history.
    ("bypass seconds", Role::BypassSeconds),
    ("bypass by username", Role::BypassByUsername),
    ("bypassed by", Role::BypassByUsername),
    ("bypass reason", Role::BypassReason),
    ("bypass used", Role::BypassUsed),
    // Server status (column names are not documented; the portal showed these).
    ("server name", Role::ServerName),
    ("server", Role::ServerName),
    ("mfa server", Role::ServerName),
    ("version", Role::ServerVersion),
    ("server version", Role::ServerVersion),
    ("last communication", Role::LastCommunication),
    ("last communicated", Role::LastCommunication),
    ("last communication time", Role::LastCommunication),
    ("last contact", Role::LastCommunication),
    // Registration details: portal captions, Graph camelCase, SDK PascalCase
    // (case-folded to the same thing) and hand-built script captions.
    ("mfa registered", Role::IsMfaRegistered),
    ("ismfaregistered", Role::IsMfaRegistered),
    ("is mfa registered", Role::IsMfaRegistered),
    ("is mfa registered?", Role::IsMfaRegistered),
    ("mfa capable", Role::IsMfaCapable),
    ("ismfacapable", Role::IsMfaCapable),
    ("is mfa capable", Role::IsMfaCapable),
    ("is mfa capable?", Role::IsMfaCapable),
    ("admin", Role::IsAdmin),
    ("isadmin", Role::IsAdmin),
    ("is admin", Role::IsAdmin),
    ("is admin?", Role::IsAdmin),
    ("methods registered", Role::MethodsRegistered),
    ("methodsregistered", Role::MethodsRegistered),
    // MSOnline.
    ("mfa status", Role::MfaStatus),
    ("mfa methods", Role::MfaMethods),
];

/// What a column says about a person or an organisation, and so how redaction
/// ([`crate::redact`]) replaces its values. Columns with no class are copied
/// byte for byte: codes, results, reasons, methods, dates, applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Personal {
    /// A user principal name, username, e-mail address or `DOMAIN\user`,
    /// including the MFA Server histories' "by" columns.
    User,
    /// A display, first or last name.
    Name,
    /// A user, device, tenant, request, correlation or session ID. (A
    /// service principal's ID names an application, often the same GUID as
    /// its Application ID, and applications are kept.)
    Id,
    /// An IPv4 or IPv6 address.
    Ip,
    /// A phone number or extension.
    Phone,
    /// `City, State, CC`: city and state replaced, country kept.
    Location,
    /// A method's detail: a masked phone, a device name or the password source.
    MethodDetail,
    /// Other free text that can carry names (device and server names, the
    /// reasons an administrator typed): a pseudonym starting with this word.
    Text(&'static str),
}

impl Role {
    /// The class of the columns playing this role, for redaction. Going
    /// through the role covers every spelling [`ALIASES`] knows.
    pub fn personal(self) -> Option<Personal> {
        Some(match self {
            Role::Username | Role::BlockByUsername | Role::BypassByUsername => Personal::User,
            Role::RequestId => Personal::Id,
            Role::IpAddress => Personal::Ip,
            Role::Location => Personal::Location,
            Role::MfaDetail | Role::LegacyMfaDetail | Role::AuthMethodDetail => {
                Personal::MethodDetail
            }
            Role::ServerName => Personal::Text("Server"),
            Role::BlockReason | Role::BypassReason => Personal::Text("Reason"),
            _ => return None,
        })
    }
}

/// Identifying columns that take no part in detection or classification (so
/// they have no [`Role`]), in [`normalize`]d form. With [`Role::personal`] this
/// is the one list of what redaction replaces.
const PERSONAL_CAPTIONS: &[(&str, Personal)] = &[
    // Users.
    ("sign-in identifier", Personal::User),
    ("email address", Personal::User),
    ("e-mail address", Personal::User),
    ("email", Personal::User),
    ("primary user upn", Personal::User),
    ("alternatesigninname", Personal::User),
    // Names.
    ("user", Personal::Name),
    ("utilisateur", Personal::Name),
    ("usuario", Personal::Name),
    ("name", Personal::Name),
    ("display name", Personal::Name),
    ("userdisplayname", Personal::Name),
    ("user display name", Personal::Name),
    ("first name", Personal::Name),
    ("last name", Personal::Name),
    ("home tenant name", Personal::Text("Tenant")),
    // Identifiers.
    ("id", Personal::Id),
    ("user id", Personal::Id),
    ("userid", Personal::Id),
    ("id utilisateur", Personal::Id),
    ("id. de usuario", Personal::Id),
    ("object id", Personal::Id),
    ("correlation id", Personal::Id),
    ("correlationid", Personal::Id),
    ("id de corrélation", Personal::Id),
    ("id. de correlación", Personal::Id),
    ("device id", Personal::Id),
    ("id d'appareil", Personal::Id),
    ("id. de dispositivo", Personal::Id),
    ("session id", Personal::Id),
    ("unique token identifier", Personal::Id),
    ("credential key id", Personal::Id),
    ("credential thumbprint", Personal::Id),
    ("federated token id", Personal::Id),
    ("home tenant id", Personal::Id),
    ("resource tenant id", Personal::Id),
    ("resource owner tenant id", Personal::Id),
    ("app owner tenant id", Personal::Id),
    ("associated resource id", Personal::Text("Resource")),
    // Addresses.
    ("ip address (seen by resource)", Personal::Ip),
    ("global secure access ip address", Personal::Ip),
    ("initiating ip address", Personal::Ip),
    ("ipaddress", Personal::Ip),
    // Phones.
    ("phone number", Personal::Phone),
    ("phone number formatted", Personal::Phone),
    ("primary call phone number", Personal::Phone),
    ("backup call phone number", Personal::Phone),
    ("primary call extension", Personal::Phone),
    ("backup call extension", Personal::Phone),
    ("extension", Personal::Phone),
    ("clean extension", Personal::Phone),
    ("mfaphonenumbers", Personal::Phone),
    // Devices.
    ("device name", Personal::Text("Device")),
    ("device", Personal::Text("Device")),
];

/// The redaction class of a caption: through its role, or from
/// [`PERSONAL_CAPTIONS`]; `None` means the column is copied as it is.
pub fn personal_of(caption: &str) -> Option<Personal> {
    let key = normalize(caption);
    let by_role = ALIASES
        .iter()
        .find(|(alias, _)| *alias == key)
        .and_then(|&(_, role)| role.personal());
    by_role.or_else(|| {
        PERSONAL_CAPTIONS
            .iter()
            .find(|(caption, _)| *caption == key)
            .map(|&(_, class)| class)
    })
}

/// The comparable form of a column caption: surrounding BOM remnants and quotes
/// stripped, trimmed, lower-cased, typographic apostrophes folded to `'`, and runs
/// of whitespace collapsed to one space. `"Autonomous system  number"` and
/// `autonomous system number` compare equal; so do `Exigence d’authentification`
/// and `exigence d'authentification`.
pub fn normalize(caption: &str) -> String {
    let trimmed = caption
        .trim_matches(|c: char| c == '\u{feff}' || c.is_whitespace() || c == '"')
        // A UTF-8 BOM decoded as Windows-1252 leaves these three characters behind.
        .trim_start_matches("ï»¿")
        .trim_matches(|c: char| c.is_whitespace() || c == '"');
    let mut out = String::with_capacity(trimmed.len());
    let mut pending_space = false;
    for c in trimmed.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        match c {
            '\u{2019}' | '\u{2018}' => out.push('\''),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The role of a caption, if it has one.
pub fn role_of(caption: &str) -> Option<Role> {
    let key = normalize(caption);
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == key)
        .map(|&(_, role)| role)
}

/// Which column (by position) plays each role in one file's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    by_role: [Option<usize>; Role::COUNT],
    /// Normalised captions, one per column, positionally.
    normalized: Vec<String>,
    /// Captions that occur more than once, in their original spelling.
    duplicates: Vec<String>,
}

impl ColumnMap {
    /// Map a header. Duplicated captions are kept positionally; the first
    /// occurrence is the one a role points to.
    pub fn new(header: &[&str]) -> Self {
        let mut normalized: Vec<String> = Vec::with_capacity(header.len());
        let mut duplicates = Vec::new();
        for caption in header {
            let key = normalize(caption);
            if !key.is_empty() && normalized.contains(&key) {
                let shown = caption.trim().to_string();
                if !duplicates.contains(&shown) {
                    duplicates.push(shown);
                }
            }
            normalized.push(key);
        }
        Self::from_parts(normalized, duplicates)
    }

    /// The map whose [`normalized`](Self::normalized) captions and
    /// [`duplicates`](Self::duplicates) these are: the roles follow from the
    /// normalised captions alone, as in [`new`](Self::new). How a map
    /// crosses between workers (`built::codec`): the raw captions are not
    /// kept, and the table's names are not them (the loader trims a
    /// byte-order mark), so mapping the names again could differ.
    pub(crate) fn from_parts(normalized: Vec<String>, duplicates: Vec<String>) -> Self {
        let mut by_role = [None; Role::COUNT];
        for (i, key) in normalized.iter().enumerate() {
            if let Some(&(_, role)) = ALIASES.iter().find(|(alias, _)| *alias == key.as_str()) {
                let slot = &mut by_role[role as usize];
                if slot.is_none() {
                    *slot = Some(i);
                }
            }
        }
        ColumnMap {
            by_role,
            normalized,
            duplicates,
        }
    }

    /// The column playing `role`, if the header has one.
    pub fn get(&self, role: Role) -> Option<usize> {
        self.by_role[role as usize]
    }

    pub fn has(&self, role: Role) -> bool {
        self.get(role).is_some()
    }

    /// Normalised captions, positionally.
    pub fn normalized(&self) -> &[String] {
        &self.normalized
    }

    /// Captions that appear more than once (e.g. `Incoming token type`).
    pub fn duplicates(&self) -> &[String] {
        &self.duplicates
    }

    pub fn len(&self) -> usize {
        self.normalized.len()
    }

    pub fn is_empty(&self) -> bool {
        self.normalized.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_the_known_header_quirks() {
        assert_eq!(normalize("Application ID "), "application id");
        assert_eq!(
            normalize("Autonomous system  number"),
            "autonomous system number"
        );
        assert_eq!(normalize("\u{feff}\"Date (UTC)\""), "date (utc)");
        assert_eq!(normalize("ï»¿Date"), "date");
        assert_eq!(
            normalize("Exigence d\u{2019}authentification"),
            "exigence d'authentification"
        );
        assert_eq!(normalize("  MFA\tResult "), "mfa result");
    }

    #[test]
    fn roles_cover_english_french_spanish_and_registration_spellings() {
        assert_eq!(role_of("Date (UTC)"), Some(Role::Date));
        assert_eq!(role_of("Date"), Some(Role::Date));
        assert_eq!(role_of("User name"), Some(Role::Username));
        assert_eq!(role_of("Nom d’utilisateur"), Some(Role::Username));
        assert_eq!(
            role_of("Exigence d’authentification"),
            Some(Role::AuthRequirement)
        );
        assert_eq!(
            role_of("Requisito de autenticación"),
            Some(Role::AuthRequirement)
        );
        assert_eq!(
            role_of("Méthode d'authentification multifacteur"),
            Some(Role::MfaMethod)
        );
        assert_eq!(role_of("Code d'erreur de connexion"), Some(Role::ErrorCode));
        assert_eq!(role_of("isMfaRegistered"), Some(Role::IsMfaRegistered));
        assert_eq!(role_of("IsMfaRegistered"), Some(Role::IsMfaRegistered));
        assert_eq!(role_of("Is MFA Capable?"), Some(Role::IsMfaCapable));
        assert_eq!(role_of("MFA registered"), Some(Role::IsMfaRegistered));
        assert_eq!(role_of("MFA Result"), Some(Role::LegacyMfaResult));
        assert_eq!(
            role_of("Primary Call Result"),
            Some(Role::PrimaryCallResult)
        );
        assert_eq!(role_of("Incoming token type"), None);
    }

    #[test]
    fn duplicate_captions_are_kept_and_the_first_wins() {
        let header = [
            "Username",
            "Incoming token type",
            "Status",
            "Incoming token type",
            "User name",
        ];
        let map = ColumnMap::new(&header);
        assert_eq!(map.len(), 5);
        assert_eq!(map.get(Role::Username), Some(0));
        assert_eq!(map.get(Role::Status), Some(2));
        assert_eq!(map.duplicates(), ["Incoming token type"]);
    }
}

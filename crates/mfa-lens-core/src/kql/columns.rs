//! The columns a generated query may name: the one fixed table between the
//! page's column keys and Log Analytics' sign-in columns.
//!
//! Filters name columns by the page's dataset key (a normalised caption such
//! as `username`, or a computed `$outcome`); a key is looked up here by its
//! [`Role`] or its `$` key, or by the Log Analytics name itself, and a key
//! found nowhere is an error. So a column name in a query is always one of
//! these constants: no text from a user or a file becomes an identifier.

use crate::columns::{normalize, role_of, Role};

/// One column of [`super::outcome`]'s `MfaLensOutcome` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KqlColumn {
    /// Its name in the query's rows.
    pub name: &'static str,
    /// The expression of its value as text (the name, unless the column is
    /// not a string).
    pub text: &'static str,
    /// The meaning a page column must have to be this column.
    pub role: Option<Role>,
    /// The page's computed column key (`$outcome`) it answers.
    pub key: Option<&'static str>,
    /// How the prelude computes it after the union; `None` for a column
    /// read as it is from both tables or set by the classification.
    pub derived: Option<&'static str>,
}

const fn read(name: &'static str, role: Option<Role>) -> KqlColumn {
    KqlColumn {
        name,
        text: name,
        role,
        key: None,
        derived: None,
    }
}

const fn derived(name: &'static str, role: Option<Role>, expr: &'static str) -> KqlColumn {
    KqlColumn {
        name,
        text: name,
        role,
        key: None,
        derived: Some(expr),
    }
}

const fn computed(name: &'static str, text: &'static str, key: &'static str) -> KqlColumn {
    KqlColumn {
        name,
        text,
        role: None,
        key: Some(key),
        derived: None,
    }
}

/// String columns read from both tables as they are (the types agree).
/// Roles only where the Log Analytics column holds what the portal's does:
/// `Id` is the portal's Request ID, `ResultType` its sign-in error code.
pub const COLUMNS: &[KqlColumn] = &[
    read("UserPrincipalName", Some(Role::Username)),
    read("UserDisplayName", None),
    read("AppDisplayName", Some(Role::Application)),
    read("ResourceDisplayName", None),
    read("ClientAppUsed", Some(Role::ClientApp)),
    read("IPAddress", Some(Role::IpAddress)),
    read("ResultType", Some(Role::ErrorCode)),
    read("ResultDescription", Some(Role::FailureReason)),
    read("AuthenticationRequirement", Some(Role::AuthRequirement)),
    read("ConditionalAccessStatus", Some(Role::ConditionalAccess)),
    read("Id", Some(Role::RequestId)),
    read("CorrelationId", None),
    read("OriginalRequestId", None),
    read("UserAgent", None),
    read("Type", None),
    derived(
        "MfaResult",
        Some(Role::MfaResult),
        "tostring(Status.additionalDetails)",
    ),
    derived(
        "MfaMethod",
        Some(Role::MfaMethod),
        "tostring(MfaDetail.authMethod)",
    ),
    derived(
        "MfaAuthDetail",
        Some(Role::MfaDetail),
        "tostring(MfaDetail.authDetail)",
    ),
    derived(
        "Place",
        Some(Role::Location),
        "strcat_delim(\", \", tostring(LocationDetails.city), tostring(LocationDetails.state), \
         tostring(LocationDetails.countryOrRegion))",
    ),
    derived(
        "OperatingSystem",
        None,
        "tostring(DeviceDetail.operatingSystem)",
    ),
    derived("Browser", None, "tostring(DeviceDetail.browser)"),
    computed("Outcome", "Outcome", "$outcome"),
    computed("DenialReason", "DenialReason", "$reason"),
    computed("MfaRequired", MFA_REQUIRED_TEXT, "$mfa_required"),
];

/// `MfaRequired` (a bool) as the page's `$mfa_required` writes it.
const MFA_REQUIRED_TEXT: &str = "iff(MfaRequired, \"yes\", \"no\")";

/// Columns that are `dynamic` in `SigninLogs` and `string` in
/// `AADNonInteractiveUserSignInLogs`: each table's value goes through
/// `todynamic(tostring(…))`, which leaves a dynamic value as it was and
/// parses a string, so the union has one dynamic column of each name.
pub const NORMALISED_DYNAMIC: &[&str] = &["Status", "MfaDetail", "DeviceDetail", "LocationDetails"];

/// The column a page key or a Log Analytics name stands for.
pub fn resolve(key: &str) -> Option<&'static KqlColumn> {
    let key = key.trim();
    if key.starts_with('$') {
        return COLUMNS.iter().find(|c| c.key == Some(key));
    }
    if let Some(role) = role_of(&normalize(key)) {
        if let Some(c) = COLUMNS.iter().find(|c| c.role == Some(role)) {
            return Some(c);
        }
    }
    COLUMNS.iter().find(|c| c.name.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{yes_no, Computed};

    #[test]
    fn page_keys_roles_and_log_analytics_names_resolve() {
        assert_eq!(
            resolve("username").map(|c| c.name),
            Some("UserPrincipalName")
        );
        assert_eq!(
            resolve("Sign-in error code").map(|c| c.name),
            Some("ResultType")
        );
        assert_eq!(resolve("request id").map(|c| c.name), Some("Id"));
        assert_eq!(resolve("$outcome").map(|c| c.name), Some("Outcome"));
        assert_eq!(
            resolve("resultdescription").map(|c| c.name),
            Some("ResultDescription")
        );
        assert_eq!(resolve("Browser").map(|c| c.name), Some("Browser"));
        assert_eq!(resolve("date (utc)"), None);
        assert_eq!(resolve("$file"), None);
        assert_eq!(resolve("UserPrincipalName | take 1"), None);
    }

    #[test]
    fn computed_keys_are_the_pages() {
        for (key, computed) in [
            ("$outcome", Computed::Outcome),
            ("$reason", Computed::DenialReason),
            ("$mfa_required", Computed::MfaRequired),
        ] {
            assert_eq!(computed.key(), key);
            assert!(resolve(key).is_some(), "{key}");
        }
        let expected = format!(
            "iff(MfaRequired, \"{}\", \"{}\")",
            yes_no(true),
            yes_no(false)
        );
        assert_eq!(MFA_REQUIRED_TEXT, expected);
    }
}

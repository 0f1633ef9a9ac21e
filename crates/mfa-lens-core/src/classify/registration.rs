//! The registration rows' rules: is a row registered for MFA, which methods
//! does it list, is it MFA capable.
//!
//! They live with the other row rules, not in the Registration report, because
//! three places read a registration row and must read it alike: the report
//! ([`crate::reports::registration`]), Summary JSON v1's `registration`
//! section (counted by that report's tally) and the Rows tab's computed
//! `Registered for MFA` column ([`crate::query`]), which must show exactly
//! what the counts count.
//!
//! - A registration-details row is registered when its `MFA registered` flag
//!   says `True`/`Yes`/`Registered`; without that column, when it lists a
//!   method. An MSOnline row is registered when it lists a method, exactly
//!   like the reference document's PowerShell questions.
//! - `MFA capable` is `True`/`Yes`/`Capable`.

use crate::columns::{ColumnMap, Role};
use crate::detect::ReportKind;
use crate::store::Table;

use super::is_yes;

/// Registered-methods key for PowerShell's `System.Object[]` (several
/// methods it did not write out).
pub const SEVERAL_METHODS: &str = "(several, not listed)";

/// A registration flag: `True`, `Yes`, `Registered` (any case).
pub fn is_registered_value(v: &str) -> bool {
    is_yes(v) || v.trim().eq_ignore_ascii_case("registered")
}

/// `True`, `Yes`, `Capable` (any case).
pub fn is_capable_value(v: &str) -> bool {
    is_yes(v) || v.trim().eq_ignore_ascii_case("capable")
}

/// Split a registered-methods cell into method names.
pub fn registered_methods(cell: &str) -> Vec<&str> {
    let cell = cell.trim();
    if cell.eq_ignore_ascii_case("System.Object[]") || cell.eq_ignore_ascii_case("System.String[]")
    {
        return vec![SEVERAL_METHODS];
    }
    cell.split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .collect()
}

/// The column holding a file's registered methods.
pub fn methods_column(kind: ReportKind, map: &ColumnMap) -> Option<usize> {
    if kind == ReportKind::MsolMfaStatus {
        map.get(Role::MfaMethods)
    } else {
        map.get(Role::MethodsRegistered)
    }
}

/// Is `row` of a registration file registered for MFA?
pub fn row_is_registered(kind: ReportKind, table: &Table, map: &ColumnMap, row: usize) -> bool {
    match (kind, map.get(Role::IsMfaRegistered)) {
        (ReportKind::RegistrationDetails, Some(c)) => is_registered_value(table.get(row, c)),
        _ => methods_column(kind, map)
            .is_some_and(|c| !registered_methods(table.get(row, c)).is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_values_and_method_lists() {
        assert!(is_registered_value("Registered"));
        assert!(is_registered_value(" registered "));
        assert!(is_registered_value("True"));
        assert!(!is_registered_value("Not Registered"));
        assert!(is_capable_value("Capable") && is_capable_value("TRUE"));
        assert!(!is_capable_value("Not Capable"));
        assert_eq!(
            registered_methods("microsoftAuthenticatorPush, fido2SecurityKey"),
            ["microsoftAuthenticatorPush", "fido2SecurityKey"]
        );
        assert_eq!(
            registered_methods("Mobile phone, , Email"),
            ["Mobile phone", "Email"]
        );
        assert_eq!(registered_methods("System.Object[]"), [SEVERAL_METHODS]);
        assert_eq!(registered_methods("System.String[]"), [SEVERAL_METHODS]);
        assert!(registered_methods(" ").is_empty());
    }
}

//! One sign-in object of the portal's JSON download, as the portal CSV's row
//! and its auth-details rows.
//!
//! Everything downstream (detection, the columnar store, the join, the
//! classifier, Rows, Users, findings, Summary JSON) already knows the portal
//! CSV's captions, so a JSON sign-in is written in exactly that shape: its
//! fields under the CSV's captions ([`SIGN_IN_HEADER`]), with the portal's
//! wording for the values the JSON spells in camelCase, and its
//! `authenticationDetails` as the rows the portal's separate auth-details file
//! would hold ([`STEP_HEADER`]). Strings are borrowed from the element's bytes
//! when they contain no escape, so most fields are never copied before the
//! store takes them.

use std::borrow::Cow;

use serde::Deserialize;

/// The portal CSV captions a JSON sign-in is written under.
pub const SIGN_IN_HEADER: [&str; 22] = [
    "Date (UTC)",
    "Request ID",
    "Correlation ID",
    "User ID",
    "User",
    "Username",
    "Application",
    "Resource",
    "IP address",
    "Location",
    "Status",
    "Sign-in error code",
    "Failure reason",
    "Additional Details",
    "Client app",
    "Browser",
    "Operating System",
    "Multifactor authentication result",
    "Multifactor authentication auth method",
    "Multifactor authentication auth detail",
    "Authentication requirement",
    "Conditional Access",
];

/// The portal auth-details file's captions, for the steps.
pub const STEP_HEADER: [&str; 7] = [
    "Request ID",
    "Date",
    "Authentication method",
    "Authentication method detail",
    "Succeeded",
    "Result detail",
    "Requirement",
];

pub(super) type Text<'a> = Option<Cow<'a, str>>;

/// The fields of a Graph `signIn` object MFA Lens reads; the rest is skipped.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignIn<'a> {
    #[serde(borrow, default)]
    pub(super) id: Text<'a>,
    #[serde(borrow, default)]
    pub(super) created_date_time: Text<'a>,
    #[serde(borrow, default)]
    pub(super) correlation_id: Text<'a>,
    #[serde(borrow, default)]
    pub(super) user_id: Text<'a>,
    #[serde(borrow, default)]
    pub(super) user_display_name: Text<'a>,
    #[serde(borrow, default)]
    pub(super) user_principal_name: Text<'a>,
    #[serde(borrow, default)]
    pub(super) app_display_name: Text<'a>,
    #[serde(borrow, default)]
    pub(super) resource_display_name: Text<'a>,
    #[serde(borrow, default)]
    pub(super) ip_address: Text<'a>,
    #[serde(borrow, default)]
    pub(super) client_app_used: Text<'a>,
    #[serde(borrow, default)]
    pub(super) authentication_requirement: Text<'a>,
    #[serde(borrow, default)]
    pub(super) conditional_access_status: Text<'a>,
    #[serde(borrow, default)]
    pub(super) status: Option<Status<'a>>,
    #[serde(borrow, default)]
    pub(super) device_detail: Option<Device<'a>>,
    #[serde(borrow, default)]
    pub(super) location: Option<Location<'a>>,
    #[serde(borrow, default)]
    pub(super) mfa_detail: Option<MfaDetail<'a>>,
    #[serde(borrow, default)]
    pub(super) authentication_details: Option<Vec<Step<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Status<'a> {
    /// Graph writes a number; some exporters a string.
    #[serde(default)]
    pub(super) error_code: Option<serde_json::Value>,
    #[serde(borrow, default)]
    pub(super) failure_reason: Text<'a>,
    #[serde(borrow, default)]
    pub(super) additional_details: Text<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Device<'a> {
    #[serde(borrow, default)]
    pub(super) operating_system: Text<'a>,
    #[serde(borrow, default)]
    pub(super) browser: Text<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Location<'a> {
    #[serde(borrow, default)]
    pub(super) city: Text<'a>,
    #[serde(borrow, default)]
    pub(super) state: Text<'a>,
    #[serde(borrow, default)]
    pub(super) country_or_region: Text<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MfaDetail<'a> {
    #[serde(borrow, default)]
    pub(super) auth_method: Text<'a>,
    #[serde(borrow, default)]
    pub(super) auth_detail: Text<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Step<'a> {
    #[serde(borrow, default)]
    pub(super) authentication_step_date_time: Text<'a>,
    #[serde(borrow, default)]
    pub(super) authentication_method: Text<'a>,
    #[serde(borrow, default)]
    pub(super) authentication_method_detail: Text<'a>,
    #[serde(default)]
    pub(super) succeeded: Option<bool>,
    #[serde(borrow, default)]
    pub(super) authentication_step_result_detail: Text<'a>,
    #[serde(borrow, default)]
    pub(super) authentication_step_requirement: Text<'a>,
}

/// A record being written: the fields back to back and where each ends, the
/// shape [`super::Record::new`] borrows.
#[derive(Debug, Default)]
pub struct RowText {
    pub text: String,
    pub ends: Vec<usize>,
}

impl RowText {
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    fn push(&mut self, value: &str) {
        self.text.push_str(value);
        self.ends.push(self.text.len());
    }

    /// Send `fields` as a header record to `sink`.
    pub fn send_header(&mut self, fields: &[&str], line: u64, sink: &mut dyn super::RecordSink) {
        self.clear();
        for f in fields {
            self.push(f);
        }
        sink.header(&super::Record::new(line, &self.text, &self.ends));
    }

    fn push_opt(&mut self, value: &Text<'_>) {
        self.push(value.as_deref().unwrap_or(""));
    }
}

impl SignIn<'_> {
    /// Whether the object is a sign-in at all: every field is optional (the
    /// portal leaves some out), so any JSON object would parse, and a
    /// manifest or another Graph object dropped by mistake would count as a
    /// sign-in of empty cells. A sign-in always has at least one of these.
    pub fn is_sign_in(&self) -> bool {
        [
            &self.id,
            &self.created_date_time,
            &self.correlation_id,
            &self.user_id,
            &self.user_principal_name,
        ]
        .iter()
        .any(|field| field.as_deref().is_some_and(|v| !v.is_empty()))
    }

    /// Write the sign-in under [`SIGN_IN_HEADER`].
    pub fn write_row(&self, out: &mut RowText) {
        out.clear();
        let status = self.status.as_ref();
        let code = status.and_then(|s| s.error_code.as_ref()).map(code_text);
        out.push_opt(&self.created_date_time);
        out.push_opt(&self.id);
        out.push_opt(&self.correlation_id);
        out.push_opt(&self.user_id);
        out.push_opt(&self.user_display_name);
        out.push_opt(&self.user_principal_name);
        out.push_opt(&self.app_display_name);
        out.push_opt(&self.resource_display_name);
        out.push_opt(&self.ip_address);
        out.push(&self.location.as_ref().map(place).unwrap_or_default());
        out.push(match code.as_deref() {
            None => "",
            Some("0") => "Success",
            Some(_) => "Failure",
        });
        out.push(code.as_deref().unwrap_or(""));
        out.push_opt(&status.and_then(|s| s.failure_reason.clone()));
        out.push_opt(&status.and_then(|s| s.additional_details.clone()));
        out.push_opt(&self.client_app_used);
        let device = self.device_detail.as_ref();
        out.push_opt(&device.and_then(|d| d.browser.clone()));
        out.push_opt(&device.and_then(|d| d.operating_system.clone()));
        // The portal's "Multifactor authentication result" is the status'
        // additional details (the same text, e.g. "MFA completed in Azure AD").
        out.push_opt(&status.and_then(|s| s.additional_details.clone()));
        let mfa = self.mfa_detail.as_ref();
        out.push_opt(&mfa.and_then(|m| m.auth_method.clone()));
        out.push_opt(&mfa.and_then(|m| m.auth_detail.clone()));
        out.push(requirement_caption(
            self.authentication_requirement.as_deref().unwrap_or(""),
        ));
        out.push(ca_caption(
            self.conditional_access_status.as_deref().unwrap_or(""),
        ));
    }

    /// How many `authenticationDetails` steps the sign-in has.
    pub fn steps(&self) -> usize {
        self.authentication_details.as_ref().map_or(0, Vec::len)
    }

    /// Write step `i` under [`STEP_HEADER`].
    pub fn write_step(&self, i: usize, out: &mut RowText) {
        out.clear();
        let Some(step) = self.authentication_details.as_ref().and_then(|s| s.get(i)) else {
            return;
        };
        out.push_opt(&self.id);
        out.push_opt(&step.authentication_step_date_time);
        out.push_opt(&step.authentication_method);
        out.push_opt(&step.authentication_method_detail);
        out.push(match step.succeeded {
            Some(true) => "true",
            Some(false) => "false",
            None => "",
        });
        out.push_opt(&step.authentication_step_result_detail);
        out.push_opt(&step.authentication_step_requirement);
    }
}

/// The error code as the CSV writes it: a number's digits, a string as is.
fn code_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// "City, State, CC", as the portal CSV's Location column.
fn place(l: &Location<'_>) -> String {
    [&l.city, &l.state, &l.country_or_region]
        .iter()
        .filter_map(|p| p.as_deref())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Graph's `authenticationRequirement` in the portal's words.
pub fn requirement_caption(value: &str) -> &str {
    match value {
        "multiFactorAuthentication" => "Multifactor authentication",
        "singleFactorAuthentication" => "Single-factor authentication",
        other => other,
    }
}

/// Graph's `conditionalAccessStatus` in the portal's words.
pub fn ca_caption(value: &str) -> &str {
    match value {
        "success" => "Success",
        "failure" => "Failure",
        "notApplied" => "Not Applied",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_denied_sign_in_becomes_the_portal_row_and_its_steps() {
        let json = br#"{"id":"r1","createdDateTime":"2024-05-01T02:11:04Z",
            "userPrincipalName":"carol@contoso.com","authenticationRequirement":"multiFactorAuthentication",
            "status":{"errorCode":500121,"failureReason":"Authentication failed.","additionalDetails":"MFA denied; user declined the authentication"},
            "location":{"city":"Bucharest","state":null,"countryOrRegion":"RO"},
            "mfaDetail":{"authMethod":"Mobile app notification","authDetail":null},
            "authenticationDetails":[{"authenticationMethod":"Password","succeeded":true,"authenticationStepRequirement":"Primary authentication"},
              {"authenticationMethod":"Mobile app notification","succeeded":false,"authenticationStepResultDetail":"MFA denied; user declined the authentication","authenticationStepRequirement":"Multifactor authentication"}]}"#;
        let s: SignIn<'_> = serde_json::from_slice(json).unwrap();
        let mut row = RowText::default();
        s.write_row(&mut row);
        assert_eq!(row.ends.len(), SIGN_IN_HEADER.len());
        let field = |name: &str| {
            let i = SIGN_IN_HEADER.iter().position(|h| *h == name).unwrap();
            let start = if i == 0 { 0 } else { row.ends[i - 1] };
            row.text[start..row.ends[i]].to_string()
        };
        assert_eq!(field("Status"), "Failure");
        assert_eq!(field("Sign-in error code"), "500121");
        assert_eq!(field("Location"), "Bucharest, RO");
        assert_eq!(
            field("Authentication requirement"),
            "Multifactor authentication"
        );
        assert_eq!(
            field("Multifactor authentication result"),
            "MFA denied; user declined the authentication"
        );
        assert_eq!(s.steps(), 2);
        s.write_step(1, &mut row);
        assert_eq!(row.ends.len(), STEP_HEADER.len());
        assert!(row.text.starts_with("r1"));
        assert!(row.text.contains("false"));
    }
}

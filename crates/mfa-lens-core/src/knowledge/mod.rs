//! The knowledge base: every code and result text that MFA exports contain, with a
//! label, an outcome class, a category and an explanation with a next step written
//! for the person troubleshooting. Embedded at compile time as static tables, one
//! file per vocabulary, so the page works offline and lookups cost nothing.
//!
//! INTERFACE CONTRACT (names stay):
//! `call_result(code)`, `CALL_RESULTS`, `mfa_result(text)`, `MFA_RESULTS`,
//! `error_code(code)`, `ERROR_CODES`, `auth_method(name)`, `AUTH_METHODS`,
//! `method_label(spelling)`,
//! `search(query)`, `explain(query)`, `all_entries()`.
//!
//! Two functions implement the engine issue's text rules and run on every sign-in
//! row: [`denial_reason`] (the reason after the last `denied;`) and
//! [`is_satisfied_text`] (a satisfied MFA result). Neither allocates unless a denial
//! is found.
//!
//! Codes, documented labels and reason texts are facts carried over from Microsoft's
//! documentation (see `tests/fixtures/reference_vocabulary.txt`); every explanation
//! and next step is written for this project.

use serde::{Deserialize, Serialize};

mod ascii;
pub mod auth_methods;
pub mod call_results;
mod card;
pub mod detection;
pub mod error_codes;
pub mod mfa_results;
pub mod search;

pub use auth_methods::{
    auth_method, method_label, AuthMethod, MethodId, MethodStrength, Source, AUTH_METHODS,
};
pub use call_results::{call_result, CallResult, Caveat, CALL_RESULTS};
pub use card::Card;
pub use error_codes::{
    error_code, error_code_by_reason, ErrorCode, MfaRelevance, SignInStatus, ERROR_CODES,
};
pub use mfa_results::{
    denial_reason, is_interrupted_text, is_satisfied_text, mfa_result, MfaResult, MfaResultKind,
    MFA_RESULTS,
};
pub use search::{all_entries, explain, normalise_query, search, Entry};

/// The entry that explains a denial reason as the summaries count it: an MFA
/// result's reason (`user declined the authentication`), or — for the sign-ins
/// denied with error 500121 and no result text, which the classifier files
/// under the code's failure reason — that error code.
pub fn denial_reason_entry(reason: &str) -> Option<Entry> {
    mfa_result(reason)
        .map(Entry::MfaResult)
        .or_else(|| error_code_by_reason(reason).map(Entry::ErrorCode))
}

/// What a MFA Server call result means for whether the user got in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    Succeeded,
    /// The code alone does not say; the row's Authenticated column does.
    Depends,
    /// The user never finished.
    DidNotComplete,
    Failed,
}

impl CallOutcome {
    /// The outcome's id: its serialised name, the value of the Rows tab's
    /// `$outcome` column and a chart series.
    pub const fn id(self) -> &'static str {
        match self {
            CallOutcome::Succeeded => "succeeded",
            CallOutcome::Depends => "depends",
            CallOutcome::DidNotComplete => "did_not_complete",
            CallOutcome::Failed => "failed",
        }
    }

    /// The outcome class for people, as the Reference view writes it.
    pub const fn label(self) -> &'static str {
        match self {
            CallOutcome::Succeeded => "succeeded",
            CallOutcome::Depends => "may be a success: the row decides",
            CallOutcome::DidNotComplete => "did not complete",
            CallOutcome::Failed => "failed",
        }
    }

    /// [`label`](Self::label) as a table cell starts it: capitalised.
    pub const fn title(self) -> &'static str {
        match self {
            CallOutcome::Succeeded => "Succeeded",
            CallOutcome::Depends => "May be a success: the row decides",
            CallOutcome::DidNotComplete => "Did not complete",
            CallOutcome::Failed => "Failed",
        }
    }

    /// The outcome of an id ([`CallOutcome::id`]).
    pub fn from_id(id: &str) -> Option<CallOutcome> {
        [
            CallOutcome::Succeeded,
            CallOutcome::Depends,
            CallOutcome::DidNotComplete,
            CallOutcome::Failed,
        ]
        .into_iter()
        .find(|o| o.id() == id)
    }

    pub const ALL: [CallOutcome; 4] = [
        CallOutcome::Succeeded,
        CallOutcome::Failed,
        CallOutcome::DidNotComplete,
        CallOutcome::Depends,
    ];
}

impl MfaResultKind {
    /// The meaning's id, its serialised name: the classifier's outcome id.
    pub const fn id(self) -> &'static str {
        match self {
            MfaResultKind::Satisfied => "satisfied",
            MfaResultKind::Denied => "denied",
            MfaResultKind::Interrupted => "interrupted",
        }
    }

    /// What the result means for the sign-in, for people.
    pub const fn label(self) -> &'static str {
        match self {
            MfaResultKind::Satisfied => "MFA satisfied",
            MfaResultKind::Denied => "MFA denied",
            MfaResultKind::Interrupted => "MFA interrupted",
        }
    }
}

/// Where to look for the cause of a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    UserAction,
    Telephony,
    Configuration,
    FraudSecurity,
    Service,
    CacheBypass,
}

impl Category {
    /// The category as the issue and the page write it, e.g. `fraud/security`.
    pub fn label(self) -> &'static str {
        match self {
            Category::UserAction => "user action",
            Category::Telephony => "telephony",
            Category::Configuration => "configuration",
            Category::FraudSecurity => "fraud/security",
            Category::Service => "service",
            Category::CacheBypass => "cache/bypass",
        }
    }
}

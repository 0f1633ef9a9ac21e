//! An entry as a face shows it, owned. The page's UI thread does not carry the
//! knowledge base (it would double the page's download): the worker looks
//! entries up and sends these.

use serde::{Deserialize, Serialize};

use super::search::Entry;
use super::{CallOutcome, MfaResultKind};

/// What a person reads about one code, result text or method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// The vocabulary, for people: "MFA Server call result", "Sign-in error code", …
    pub kind: String,
    /// The code, reason or method name as it appears in exports.
    pub code: String,
    /// The documented label, the modern result text or the method name.
    pub title: String,
    /// Where to look for the cause (`fraud/security`, …); methods have none.
    pub category: Option<String>,
    pub explanation: String,
    pub next_step: String,
    /// A call result's outcome class (the table the classifier reads).
    #[serde(default)]
    pub call_outcome: Option<CallOutcome>,
    /// What an MFA result text means: satisfied, denied or interrupted.
    #[serde(default)]
    pub meaning: Option<MfaResultKind>,
}

impl Entry {
    pub fn card(&self) -> Card {
        Card {
            kind: self.kind_label().to_string(),
            code: self.code_or_name().into_owned(),
            title: self.title().to_string(),
            category: self.category().map(|c| c.label().to_string()),
            explanation: self.explanation().to_string(),
            next_step: self.next_step().to_string(),
            call_outcome: match self {
                Entry::CallResult(c) => Some(c.outcome),
                _ => None,
            },
            meaning: match self {
                Entry::MfaResult(m) => Some(m.kind),
                _ => None,
            },
        }
    }
}

//! The classification rules of the engine issue, row by row.
//!
//! Sign-ins (first matching rule wins):
//! 1. `denied` — an MFA result text (`Multifactor authentication result`, legacy
//!    `MFA Result`, or a joined auth-details step's `Result detail`) contains
//!    `denied;`; the reason is what follows the last `denied;`, normalised by
//!    [`knowledge::denial_reason`]. Error code 500121 without such text is also
//!    denied, reason [`STRONG_AUTH_FAILED`].
//! 2. `satisfied` — an MFA result text is a satisfied text
//!    ([`knowledge::is_satisfied_text`]), or a joined MFA step (Requirement
//!    "Multifactor authentication") has Succeeded true, or MFA was required and
//!    Status is Success.
//! 3. `interrupted` — error code 50074, 50076, 50079, 50072 or 50158, or an MFA
//!    result text says "MFA required in Azure AD" / "Authentication in progress"
//!    ([`knowledge::is_interrupted_text`], the knowledge base's interrupted
//!    entries).
//! 4. `no_mfa` — everything else.
//!
//! The texts repeat a lot, so each distinct value of a dictionary-encoded column is
//! classified once and rows only look up their value's class.
//!
//! The other row rules live beside these: [`registration`] (is a registration
//! row registered for MFA) and [`users`] (which user a row belongs to). Every
//! layer above reads rows through them, so a row means one thing everywhere.

use serde::{Deserialize, Serialize};

use crate::columns::{ColumnMap, Role};
use crate::knowledge::{self, CallOutcome};
use crate::store::{Column, FxHashMap, Table};

mod alone;
pub mod registration;
pub mod users;

pub use alone::SignInsAlone;

/// Reason recorded for error 500121 when no MFA result text says why.
pub const STRONG_AUTH_FAILED: &str = "authentication failed during strong authentication request";

/// The sign-in error code of a failed strong authentication request: denied
/// even without an MFA result text saying why.
pub const STRONG_AUTH_CODE: &str = "500121";

/// The sign-in error code of a successful sign-in.
pub const SUCCESS_CODE: &str = "0";

/// The spellings of an MFA `Authentication requirement` (the portal's English,
/// French and Spanish captions, Graph's enum), compared trimmed and ignoring
/// ASCII case.
pub const MFA_REQUIREMENT_TEXTS: &[&str] = &[
    "multifactor authentication",
    "multifactorauthentication",
    "multi-factor authentication",
    "authentification multifacteur",
    "autenticación multifactor",
];

/// Sign-in error codes that mean "MFA was asked for and the sign-in stopped there".
pub const INTERRUPT_CODES: [&str; 5] = ["50074", "50076", "50079", "50072", "50158"];

/// The MFA outcome of one sign-in row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Outcome {
    NoMfa = 0,
    Satisfied = 1,
    Denied = 2,
    Interrupted = 3,
}

impl Outcome {
    /// The outcome's id: the value of the Rows tab's `$outcome` column and a
    /// chart series.
    pub const fn id(self) -> &'static str {
        match self {
            Outcome::NoMfa => "no_mfa",
            Outcome::Satisfied => "satisfied",
            Outcome::Denied => "denied",
            Outcome::Interrupted => "interrupted",
        }
    }

    /// The outcome in words, as every view writes it.
    pub const fn label(self) -> &'static str {
        match self {
            Outcome::NoMfa => "No MFA",
            Outcome::Satisfied => "Satisfied",
            Outcome::Denied => "Denied",
            Outcome::Interrupted => "Interrupted",
        }
    }

    pub const ALL: [Outcome; 4] = [
        Outcome::Satisfied,
        Outcome::Denied,
        Outcome::Interrupted,
        Outcome::NoMfa,
    ];

    /// The outcome of an id ([`Outcome::id`]).
    pub fn from_id(id: &str) -> Option<Outcome> {
        [
            Outcome::NoMfa,
            Outcome::Satisfied,
            Outcome::Denied,
            Outcome::Interrupted,
        ]
        .into_iter()
        .find(|o| o.id() == id)
    }
}

/// The words for an outcome id of a sign-in ([`Outcome`]) or of an MFA Server
/// attempt ([`CallOutcome`]): `no_mfa` → `No MFA`, `did_not_complete` → `Did
/// not complete`. `None` for any other text.
pub fn outcome_label(id: &str) -> Option<&'static str> {
    Outcome::from_id(id)
        .map(Outcome::label)
        .or_else(|| CallOutcome::from_id(id).map(CallOutcome::title))
}

/// One row's classification packed in a byte: outcome in bits 0–1, "MFA
/// required" in bit 2, "has joined auth-details rows" in bit 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RowClass(u8);

impl RowClass {
    const REQUIRED: u8 = 0b100;
    const JOINED: u8 = 0b1000;

    pub fn new(outcome: Outcome, mfa_required: bool, joined: bool) -> Self {
        let mut b = outcome as u8;
        if mfa_required {
            b |= Self::REQUIRED;
        }
        if joined {
            b |= Self::JOINED;
        }
        RowClass(b)
    }

    pub fn outcome(self) -> Outcome {
        match self.0 & 0b11 {
            1 => Outcome::Satisfied,
            2 => Outcome::Denied,
            3 => Outcome::Interrupted,
            _ => Outcome::NoMfa,
        }
    }

    /// The class as one byte, for the shards' codec.
    pub fn to_byte(self) -> u8 {
        self.0
    }

    /// A class from [`to_byte`](Self::to_byte); `None` for a byte no class
    /// makes.
    pub fn from_byte(b: u8) -> Option<RowClass> {
        (b & !(0b11 | Self::REQUIRED | Self::JOINED) == 0).then_some(RowClass(b))
    }

    pub fn mfa_required(self) -> bool {
        self.0 & Self::REQUIRED != 0
    }

    pub fn joined(self) -> bool {
        self.0 & Self::JOINED != 0
    }
}

/// Denial reasons interned across the workspace; code 0 means "no reason".
#[derive(Debug, Clone, Default)]
pub struct Reasons {
    values: Vec<String>,
    index: FxHashMap<String, u32>,
}

impl Reasons {
    /// The code of `reason` (≥ 1), adding it when new.
    pub fn intern(&mut self, reason: String) -> u32 {
        if let Some(&c) = self.index.get(&reason) {
            return c;
        }
        self.values.push(reason.clone());
        let code = self.values.len() as u32;
        self.index.insert(reason, code);
        code
    }

    /// The reason for a code; `None` for 0 or an unknown code.
    pub fn get(&self, code: u32) -> Option<&str> {
        let i = usize::try_from(code).ok()?.checked_sub(1)?;
        self.values.get(i).map(String::as_str)
    }

    /// Every reason, in the order interned: code `i + 1` is `texts()[i]`.
    /// Interning another list's texts in this order is how codes made in
    /// another worker are put in this list's terms with the same order a
    /// single pass would have given them.
    pub fn texts(&self) -> &[String] {
        &self.values
    }

    /// Interns each of `texts` in order; the code of `texts[i]` here is
    /// the result's `[i + 1]` (index 0 stays "no reason").
    pub fn intern_all(&mut self, texts: &[String]) -> Vec<u32> {
        std::iter::once(0)
            .chain(texts.iter().map(|t| self.intern(t.clone())))
            .collect()
    }
}

/// What an MFA result text says, before precedence is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextClass {
    #[default]
    Silent,
    /// Contains `denied;`; the interned reason code.
    Denied(u32),
    Satisfied,
    /// "MFA required in Azure AD" / "Authentication in progress".
    Pending,
}

/// Classify one MFA result / result detail text.
pub fn text_class(text: &str, reasons: &mut Reasons) -> TextClass {
    if text.is_empty() {
        return TextClass::Silent;
    }
    if let Some(reason) = knowledge::denial_reason(text) {
        return TextClass::Denied(reasons.intern(reason));
    }
    if knowledge::is_satisfied_text(text) {
        return TextClass::Satisfied;
    }
    if knowledge::is_interrupted_text(text) {
        return TextClass::Pending;
    }
    TextClass::Silent
}

/// `yes` / `true` (any case, trimmed) — the spellings of a positive flag.
pub fn is_yes(value: &str) -> bool {
    let v = value.trim();
    v.eq_ignore_ascii_case("yes") || v.eq_ignore_ascii_case("true") || v == "1"
}

/// `no` / `false` (any case, trimmed).
pub fn is_no(value: &str) -> bool {
    let v = value.trim();
    v.eq_ignore_ascii_case("no") || v.eq_ignore_ascii_case("false") || v == "0"
}

/// `Authentication requirement` says MFA (display text or the Graph enum).
pub fn is_mfa_requirement(value: &str) -> bool {
    let v = value.trim();
    MFA_REQUIREMENT_TEXTS
        .iter()
        .any(|text| v.eq_ignore_ascii_case(text))
}

/// `Status` says the sign-in succeeded (English, French, Spanish captions).
pub fn is_success_status(value: &str) -> bool {
    let v = value.trim();
    v.eq_ignore_ascii_case("success")
        || v.eq_ignore_ascii_case("succeeded")
        || v.eq_ignore_ascii_case("opération réussie")
        || v.eq_ignore_ascii_case("réussite")
        || v.eq_ignore_ascii_case("correcto")
        || v.eq_ignore_ascii_case("éxito")
}

/// What the auth-details rows of one Request ID add to its sign-in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JoinedSteps {
    /// The first denial reason among the steps' Result details (0 = none).
    pub denied_reason: u32,
    /// A step's Result detail is a satisfied text.
    pub satisfied_text: bool,
    /// An MFA step (Requirement "Multifactor authentication") has Succeeded true.
    pub mfa_step_succeeded: bool,
    /// A step's Result detail says the prompt was pending.
    pub pending_text: bool,
}

impl JoinedSteps {
    /// Fold one auth-details step in.
    pub fn add(&mut self, requirement: &str, succeeded: &str, detail: TextClass) {
        if is_mfa_requirement(requirement) && succeeded.trim().eq_ignore_ascii_case("true") {
            self.mfa_step_succeeded = true;
        }
        match detail {
            TextClass::Denied(r) if self.denied_reason == 0 => self.denied_reason = r,
            TextClass::Satisfied => self.satisfied_text = true,
            TextClass::Pending => self.pending_text = true,
            _ => {}
        }
    }

    /// Folds in what a later set of steps of the same Request ID says, as
    /// adding its rows one by one after these would (the first denial
    /// reason stays the first).
    pub fn merge(&mut self, later: JoinedSteps) {
        if self.denied_reason == 0 {
            self.denied_reason = later.denied_reason;
        }
        self.satisfied_text |= later.satisfied_text;
        self.mfa_step_succeeded |= later.mfa_step_succeeded;
        self.pending_text |= later.pending_text;
    }
}

/// Per-value memo for a column: dictionary columns classify each distinct value
/// once; arena columns classify per row.
pub struct ValueMemo<T> {
    by_code: Option<Vec<Option<T>>>,
}

impl<T: Copy> ValueMemo<T> {
    pub fn new(column: Option<&Column>) -> Self {
        ValueMemo {
            by_code: column
                .and_then(Column::dict_values)
                .map(|v| vec![None; v.len()]),
        }
    }

    #[inline]
    pub fn get(&mut self, column: Option<&Column>, row: usize, f: impl FnOnce(&str) -> T) -> T {
        let Some(column) = column else {
            return f("");
        };
        match (column.code(row), self.by_code.as_mut()) {
            (Some(code), Some(memo)) => {
                let code = code as usize;
                if let Some(Some(v)) = memo.get(code) {
                    return *v;
                }
                let v = f(column.get(row));
                if let Some(slot) = memo.get_mut(code) {
                    *slot = Some(v);
                }
                v
            }
            _ => f(column.get(row)),
        }
    }
}

/// The classification of every row of one sign-in table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignInClasses {
    pub rows: Vec<RowClass>,
    /// Denial reason code per row (0 = none), into the workspace's [`Reasons`].
    pub reasons: Vec<u32>,
}

impl SignInClasses {
    pub fn heap_bytes(&self) -> usize {
        self.rows.capacity() + self.reasons.capacity() * 4
    }
}

/// Classify every row of a sign-in table. `joined` looks up a Request ID's
/// auth-details steps, whose denial reasons are codes into `reasons` too.
///
/// The two halves of [`SignInsAlone`] in one go, for a table and its steps that
/// live in one place; a shard runs them apart (`SignInsAlone::of` where the
/// file is read, [`SignInsAlone::classify`] once the steps are known).
pub fn classify_sign_ins<'j>(
    table: &Table,
    map: &ColumnMap,
    reasons: &mut Reasons,
    joined: impl Fn(&str) -> Option<&'j JoinedSteps>,
) -> SignInClasses {
    let alone = SignInsAlone::of(table, map, reasons);
    let request = map.get(Role::RequestId).and_then(|c| table.column(c));
    alone.classify(|row| request_steps(request, row, &joined), |r| r)
}

/// The steps of a row's Request ID (a blank ID has none).
pub fn request_steps<'j>(
    request: Option<&Column>,
    row: usize,
    joined: impl Fn(&str) -> Option<&'j JoinedSteps>,
) -> Option<&'j JoinedSteps> {
    let id = request?.get(row).trim();
    if id.is_empty() {
        None
    } else {
        joined(id)
    }
}

/// The call result of an MFA Server activity row and the column it came from:
/// `Primary Call Result`, else `Call Result`, else `Result`, else `Overall Result`
/// (the first present and non-empty).
pub fn call_result_of<'t>(
    table: &'t Table,
    map: &ColumnMap,
    row: usize,
) -> Option<(&'t str, Role)> {
    [
        Role::PrimaryCallResult,
        Role::CallResult,
        Role::Result,
        Role::OverallResult,
    ]
    .into_iter()
    .find_map(|role| {
        let v = table.get(row, map.get(role)?).trim();
        (!v.is_empty()).then_some((v, role))
    })
}

/// MFA Server attempts counted by [`call_outcome`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ByOutcome {
    pub succeeded: u64,
    pub failed: u64,
    pub did_not_complete: u64,
    pub depends: u64,
}

impl ByOutcome {
    /// Counts one attempt.
    pub fn add(&mut self, outcome: CallOutcome) {
        match outcome {
            CallOutcome::Succeeded => self.succeeded += 1,
            CallOutcome::Failed => self.failed += 1,
            CallOutcome::DidNotComplete => self.did_not_complete += 1,
            CallOutcome::Depends => self.depends += 1,
        }
    }
}

/// The outcome of an MFA Server attempt: the knowledge base's class of the code;
/// for `depends` codes the row's authenticated column decides when it has a
/// yes/no value (the one paired with the result column first, then Overall,
/// Primary Call, plain Authenticated). Unknown codes count as failed, like the
/// issue's "every other code".
pub fn call_outcome(
    table: &Table,
    map: &ColumnMap,
    row: usize,
    code: &str,
    from: Role,
) -> CallOutcome {
    let outcome = knowledge::call_result(code).map_or(CallOutcome::Failed, |c| c.outcome);
    if outcome != CallOutcome::Depends {
        return outcome;
    }
    let paired = match from {
        Role::PrimaryCallResult => Role::PrimaryCallAuthenticated,
        Role::OverallResult => Role::OverallAuthenticated,
        _ => Role::Authenticated,
    };
    for role in [
        paired,
        Role::OverallAuthenticated,
        Role::PrimaryCallAuthenticated,
        Role::Authenticated,
    ] {
        let Some(col) = map.get(role) else { continue };
        let v = table.get(row, col);
        if is_yes(v) {
            return CallOutcome::Succeeded;
        }
        if is_no(v) {
            return CallOutcome::Failed;
        }
    }
    CallOutcome::Depends
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reason filed for a 500121 without result text is the code's own
    /// failure reason, so the knowledge base explains it by that code.
    #[test]
    fn the_500121_fallback_reason_is_explained_by_its_error_code() {
        match knowledge::denial_reason_entry(STRONG_AUTH_FAILED) {
            Some(knowledge::Entry::ErrorCode(e)) => assert_eq!(e.code, 500121),
            other => panic!("{STRONG_AUTH_FAILED:?} explained by {other:?}"),
        }
        // An MFA result's reason is still explained by the MFA result.
        assert!(matches!(
            knowledge::denial_reason_entry("user declined the authentication"),
            Some(knowledge::Entry::MfaResult(_))
        ));
        assert!(knowledge::denial_reason_entry("something new").is_none());
    }

    #[test]
    fn every_outcome_id_has_words_and_nothing_else_does() {
        let words: Vec<_> = ["satisfied", "denied", "interrupted", "no_mfa"]
            .into_iter()
            .chain(["succeeded", "failed", "did_not_complete", "depends"])
            .map(|id| outcome_label(id).unwrap())
            .collect();
        assert_eq!(
            words,
            [
                "Satisfied",
                "Denied",
                "Interrupted",
                "No MFA",
                "Succeeded",
                "Failed",
                "Did not complete",
                "May be a success: the row decides"
            ]
        );
        assert_eq!(outcome_label("No MFA"), None);
        assert_eq!(outcome_label(""), None);
    }

    fn table(header: &[&str], rows: &[&[&str]]) -> (Table, ColumnMap) {
        let mut t = Table::new(header.iter().map(|s| s.to_string()).collect());
        for r in rows {
            t.push_row(r.iter().copied());
        }
        (t, ColumnMap::new(header))
    }

    const H: &[&str] = &[
        "Request ID",
        "Username",
        "Status",
        "Sign-in error code",
        "Multifactor authentication result",
        "Authentication requirement",
    ];

    fn classify(rows: &[&[&str]]) -> (Vec<Outcome>, Vec<Option<String>>) {
        let (t, m) = table(H, rows);
        let mut reasons = Reasons::default();
        let c = classify_sign_ins(&t, &m, &mut reasons, |_| None);
        (
            c.rows.iter().map(|r| r.outcome()).collect(),
            c.reasons
                .iter()
                .map(|&r| reasons.get(r).map(str::to_string))
                .collect(),
        )
    }

    #[test]
    fn each_rule_in_order() {
        let (o, r) = classify(&[
            &[
                "1",
                "a",
                "Failure",
                "500121",
                "MFA denied; user declined the authentication",
                "Multifactor authentication",
            ],
            &[
                "2",
                "a",
                "Failure",
                "500121",
                "",
                "Multifactor authentication",
            ],
            &[
                "3",
                "a",
                "Success",
                "0",
                "MFA requirement satisfied by claim in the token",
                "Multifactor authentication",
            ],
            &["4", "a", "Success", "0", "", "multiFactorAuthentication"],
            &[
                "5",
                "a",
                "Interrupted",
                "50074",
                "MFA required in Azure AD",
                "Multifactor authentication",
            ],
            &[
                "6",
                "a",
                "Failure",
                "50126",
                "The user didn't enter the right credentials.",
                "Single-factor authentication",
            ],
            &["7", "a", "Success", "0", "", "Single-factor authentication"],
            &["8", "a", "Failure", "0", "Authentication in progress", ""],
            &[
                "9",
                "a",
                "Failure",
                "50074",
                "Azure Multi-Factor Authentication denied; user is blocked.",
                "",
            ],
        ]);
        use Outcome::*;
        assert_eq!(
            o,
            [
                Denied,
                Denied,
                Satisfied,
                Satisfied,
                Interrupted,
                NoMfa,
                NoMfa,
                Interrupted,
                Denied
            ]
        );
        assert_eq!(r[0].as_deref(), Some("user declined the authentication"));
        assert_eq!(r[1].as_deref(), Some(STRONG_AUTH_FAILED));
        assert_eq!(r[8].as_deref(), Some("user is blocked"));
        assert_eq!(r[2], None);
    }

    #[test]
    fn joined_steps_decide_when_the_row_is_silent() {
        let (t, m) = table(
            H,
            &[
                &[
                    "r1",
                    "a",
                    "Failure",
                    "50074",
                    "",
                    "Multifactor authentication",
                ],
                &["r2", "a", "Success", "0", "", ""],
            ],
        );
        let mut reasons = Reasons::default();
        let mut denied = JoinedSteps::default();
        let cls = text_class(
            "MFA denied; user did not respond to mobile app notification",
            &mut reasons,
        );
        denied.add("Multifactor authentication", "false", cls);
        let mut ok = JoinedSteps::default();
        ok.add("Multifactor authentication", "TRUE", TextClass::Silent);
        let c = classify_sign_ins(&t, &m, &mut reasons, |id| match id {
            "r1" => Some(&denied),
            "r2" => Some(&ok),
            _ => None,
        });
        assert_eq!(c.rows[0].outcome(), Outcome::Denied);
        assert_eq!(
            reasons.get(c.reasons[0]),
            Some("user did not respond to mobile app notification")
        );
        assert!(c.rows[0].joined());
        assert_eq!(c.rows[1].outcome(), Outcome::Satisfied);
        assert!(!c.rows[1].mfa_required());
    }

    #[test]
    fn a_primary_step_success_does_not_satisfy_mfa() {
        let mut s = JoinedSteps::default();
        s.add("Primary authentication", "true", TextClass::Silent);
        assert!(!s.mfa_step_succeeded);
    }

    #[test]
    fn mfa_server_call_results_and_the_depends_rule() {
        let header = [
            "Username",
            "Primary Call Authenticated",
            "Primary Call Result",
            "Overall Result",
        ];
        let (t, m) = table(
            &header,
            &[
                &["a", "Yes", "SUCCESS_NO_PIN", "SUCCESS_NO_PIN"],
                &["b", "No", "SUCCESS_WITH_PIN", ""],
                &["c", "", "", "FAILED_PHONE_APP_DENIED"],
                &["d", "", "SUCCESS_SMS_SENT", ""],
                &["e", "No", "SUCCESS_NO_PIN_BUT_TIMEOUT", ""],
            ],
        );
        let got: Vec<(String, CallOutcome)> = (0..5)
            .map(|r| {
                let (code, role) = call_result_of(&t, &m, r).unwrap();
                (code.to_string(), call_outcome(&t, &m, r, code, role))
            })
            .collect();
        assert_eq!(got[0], ("SUCCESS_NO_PIN".into(), CallOutcome::Succeeded));
        assert_eq!(got[1], ("SUCCESS_WITH_PIN".into(), CallOutcome::Failed));
        assert_eq!(
            got[2],
            ("FAILED_PHONE_APP_DENIED".into(), CallOutcome::Failed)
        );
        assert_eq!(got[3], ("SUCCESS_SMS_SENT".into(), CallOutcome::Depends));
        assert_eq!(got[4].1, CallOutcome::DidNotComplete);
    }
}

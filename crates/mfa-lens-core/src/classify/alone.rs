//! A sign-in's classification in two halves: what its own row says, and
//! then what its Request ID's auth-details steps add.
//!
//! Why two: the first half needs only the sign-in's table, so it runs where
//! the file is read (a shard, beside the reading); the second needs the
//! steps of every auth-details file, which may have been read by another
//! shard. Splitting at this seam means the only thing that crosses between
//! workers for the join is a Request ID and four step facts
//! ([`crate::join::StepFacts`]), never a row. The workspace runs the same
//! two halves when everything is in one place, so a row's class cannot
//! depend on where it was read.

use crate::columns::{ColumnMap, Role};
use crate::store::Table;

use super::{
    is_mfa_requirement, is_success_status, is_yes, text_class, JoinedSteps, Outcome, Reasons,
    RowClass, SignInClasses, TextClass, ValueMemo, INTERRUPT_CODES, STRONG_AUTH_CODE,
    STRONG_AUTH_FAILED,
};

/// What every row of a sign-in table says on its own, before its steps are
/// looked up: the MFA result text's class, whether MFA was required, whether
/// the sign-in succeeded, and what its error code means.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignInsAlone {
    /// Per row, packed: the text class (bits 0–1, see [`Flags`]), required
    /// (bit 2), success (bit 3), the error code's kind (bits 4–5).
    flags: Vec<u8>,
    /// The reason of a denied MFA result text, else 0 — a code into the
    /// [`Reasons`] given to [`SignInsAlone::of`].
    text_reasons: Vec<u32>,
    /// [`STRONG_AUTH_FAILED`]'s code in that list.
    strong_auth_reason: u32,
}

/// The bit layout of [`SignInsAlone::flags`].
struct Flags;

impl Flags {
    const TEXT: u8 = 0b11;
    const SILENT: u8 = 0;
    const DENIED: u8 = 1;
    const SATISFIED: u8 = 2;
    const PENDING: u8 = 3;
    const REQUIRED: u8 = 1 << 2;
    const SUCCESS: u8 = 1 << 3;
    const CODE_SHIFT: u8 = 4;
    /// An error code that means "MFA was asked for and the sign-in stopped".
    const CODE_INTERRUPT: u8 = 1;
    /// 500121, a failed strong authentication.
    const CODE_STRONG_AUTH: u8 = 2;
}

impl SignInsAlone {
    /// The first half for every row of `table`. Reasons are interned into
    /// `reasons` in row order, starting with [`STRONG_AUTH_FAILED`], as one
    /// pass over the table always has.
    pub fn of(table: &Table, map: &ColumnMap, reasons: &mut Reasons) -> SignInsAlone {
        let col = |role: Role| map.get(role).and_then(|c| table.column(c));
        let result_col = col(Role::MfaResult).or_else(|| col(Role::LegacyMfaResult));
        let requirement_col = col(Role::AuthRequirement);
        let legacy_required_col = col(Role::LegacyMfaRequired);
        let status_col = col(Role::Status);
        let code_col = col(Role::ErrorCode);

        let strong_auth_reason = reasons.intern(STRONG_AUTH_FAILED.to_string());
        let mut text_memo = ValueMemo::new(result_col);
        let mut req_memo = ValueMemo::new(requirement_col);
        let mut legacy_memo = ValueMemo::new(legacy_required_col);
        let mut status_memo = ValueMemo::new(status_col);
        let mut code_memo = ValueMemo::new(code_col);

        let n = table.rows();
        let mut out = SignInsAlone {
            flags: Vec::with_capacity(n),
            text_reasons: Vec::with_capacity(n),
            strong_auth_reason,
        };
        for row in 0..n {
            let (text_bits, text_reason) =
                match text_memo.get(result_col, row, |t| text_class(t, reasons)) {
                    TextClass::Silent => (Flags::SILENT, 0),
                    TextClass::Denied(r) => (Flags::DENIED, r),
                    TextClass::Satisfied => (Flags::SATISFIED, 0),
                    TextClass::Pending => (Flags::PENDING, 0),
                };
            let required = (requirement_col.is_some()
                && req_memo.get(requirement_col, row, is_mfa_requirement))
                || (legacy_required_col.is_some()
                    && legacy_memo.get(legacy_required_col, row, is_yes));
            let success = status_memo.get(status_col, row, is_success_status);
            let code_kind = code_memo.get(code_col, row, |c| {
                let c = c.trim().trim_start_matches('\'');
                if c == STRONG_AUTH_CODE {
                    Flags::CODE_STRONG_AUTH
                } else if INTERRUPT_CODES.contains(&c) {
                    Flags::CODE_INTERRUPT
                } else {
                    0
                }
            });
            let mut flags = text_bits | (code_kind << Flags::CODE_SHIFT);
            if required {
                flags |= Flags::REQUIRED;
            }
            if success {
                flags |= Flags::SUCCESS;
            }
            out.flags.push(flags);
            out.text_reasons.push(text_reason);
        }
        out
    }

    pub fn rows(&self) -> usize {
        self.flags.len()
    }

    pub fn heap_bytes(&self) -> usize {
        self.flags.capacity() + self.text_reasons.capacity() * 4
    }

    /// The second half: each row's class once `steps(row)` gives the steps
    /// of its Request ID. `step_reason` puts a step's denial reason code in
    /// the terms of the list [`of`](Self::of) interned into (the identity
    /// when the steps were folded with that same list).
    pub fn classify<'j>(
        &self,
        mut steps: impl FnMut(usize) -> Option<&'j JoinedSteps>,
        mut step_reason: impl FnMut(u32) -> u32,
    ) -> SignInClasses {
        let n = self.rows();
        let mut out = SignInClasses {
            rows: Vec::with_capacity(n),
            reasons: Vec::with_capacity(n),
        };
        for (row, (&flags, &text_reason)) in self.flags.iter().zip(&self.text_reasons).enumerate() {
            let joined = steps(row);
            let s = joined.copied().unwrap_or_default();
            let text = flags & Flags::TEXT;
            let required = flags & Flags::REQUIRED != 0;
            let success = flags & Flags::SUCCESS != 0;
            let code_kind = flags >> Flags::CODE_SHIFT;
            // First matching rule wins (the module doc of `classify`).
            let (outcome, reason) = if text == Flags::DENIED {
                (Outcome::Denied, text_reason)
            } else if s.denied_reason != 0 {
                (Outcome::Denied, step_reason(s.denied_reason))
            } else if code_kind == Flags::CODE_STRONG_AUTH {
                (Outcome::Denied, self.strong_auth_reason)
            } else if text == Flags::SATISFIED
                || s.satisfied_text
                || s.mfa_step_succeeded
                || (required && success)
            {
                (Outcome::Satisfied, 0)
            } else if code_kind == Flags::CODE_INTERRUPT || text == Flags::PENDING || s.pending_text
            {
                (Outcome::Interrupted, 0)
            } else {
                (Outcome::NoMfa, 0)
            };
            out.rows
                .push(RowClass::new(outcome, required, joined.is_some()));
            out.reasons.push(reason);
        }
        out
    }
}

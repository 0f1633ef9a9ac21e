//! What the join needs from one auth-details file, and nothing more: each
//! Request ID once, with the four facts its steps give a sign-in's
//! classification ([`JoinedSteps`]), and the denial reasons they name.
//!
//! This is what crosses between workers when auth-details rows and their
//! sign-ins were read by different shards: about 45 bytes per Request ID,
//! against the 1–2 KB an auth-details row takes in the export. A shard
//! computes it from the file it read; the coordinator hands every file's
//! facts, in the order the files were dropped, to the shards that hold
//! sign-ins, and each builds the same [`JoinIndex`] from them.
//!
//! The bytes ([`StepFacts::encode_into`]):
//!
//! ```text
//! rows (u64), reasons (strs), ids (str: every Request ID back to back),
//! ends (u32s: where each ID ends in ids), denial reason codes (u32s),
//! step flags (bytes: satisfied text 1, MFA step succeeded 2, pending 4)
//! ```

use crate::classify::JoinedSteps;
use crate::columns::ColumnMap;
use crate::store::Table;
use crate::wire::{
    put_bytes, put_len, put_slice, put_str, put_strs, put_u64, CodecError, CodecErrorKind, Reader,
};

use super::JoinIndex;

/// One auth-details file's steps, folded by Request ID (see the module doc).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepFacts {
    /// Every Request ID, in order of its first row, back to back.
    ids: String,
    /// Where each Request ID ends in `ids`.
    ends: Vec<u32>,
    /// Per Request ID; `denied_reason` is a code into `reasons`.
    steps: Vec<JoinedSteps>,
    /// Denial reasons, in the order the file's rows first gave them.
    reasons: Vec<String>,
    /// Rows with a Request ID.
    rows: u64,
}

/// The fewest bytes one file's facts take: the rows and the five lengths
/// (reasons, ids, ends, codes, flags), all empty. A count of facts is
/// checked against it before anything is allocated.
pub const MIN_ENCODED_LEN: usize = 6 * 8;

const SATISFIED: u8 = 1;
const MFA_SUCCEEDED: u8 = 2;
const PENDING: u8 = 4;

impl StepFacts {
    /// The facts of every row of one auth-details table.
    pub fn of(table: &Table, map: &ColumnMap) -> StepFacts {
        let mut index = JoinIndex::default();
        index.add_table(table, map);
        index.to_facts()
    }

    /// The facts of a file read in parts, from its parts' facts in file
    /// order: a Request ID whose steps straddle a cut is folded as one.
    pub fn concat(parts: &[StepFacts]) -> StepFacts {
        let mut index = JoinIndex::default();
        for part in parts {
            index.add(part);
        }
        index.to_facts()
    }

    pub(super) fn from_parts<'a>(
        entries: impl Iterator<Item = (&'a str, JoinedSteps)>,
        reasons: Vec<String>,
        rows: u64,
    ) -> StepFacts {
        let mut facts = StepFacts {
            reasons,
            rows,
            ..StepFacts::default()
        };
        for (id, steps) in entries {
            facts.ids.push_str(id);
            facts.ends.push(facts.ids.len() as u32);
            facts.steps.push(steps);
        }
        facts
    }

    /// Distinct Request IDs.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Auth-details rows with a Request ID.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The denial reasons `steps`' codes point into (code `i + 1` is `[i]`).
    pub fn reasons(&self) -> &[String] {
        &self.reasons
    }

    /// Each Request ID with its steps, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, JoinedSteps)> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .zip(&self.steps)
            .map(|((start, &end), &steps)| (&self.ids[start as usize..end as usize], steps))
    }

    pub fn heap_bytes(&self) -> usize {
        self.ids.capacity()
            + self.ends.capacity() * 4
            + self.steps.capacity() * std::mem::size_of::<JoinedSteps>()
            + self.reasons.iter().map(String::capacity).sum::<usize>()
    }

    /// The facts as bytes (the module doc), for [`decode`](Self::decode).
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        put_u64(out, self.rows);
        put_strs(out, &self.reasons);
        put_str(out, &self.ids);
        put_slice(out, &self.ends);
        let codes: Vec<u32> = self.steps.iter().map(|s| s.denied_reason).collect();
        put_slice(out, &codes);
        let flags: Vec<u8> = self.steps.iter().map(flags_of).collect();
        put_bytes(out, &flags);
    }

    /// Facts from what [`encode_into`](Self::encode_into) wrote, checked:
    /// ends that rise within the text and on character boundaries, one
    /// code and one flag byte per Request ID, codes that name a reason.
    pub fn decode(r: &mut Reader<'_>) -> Result<StepFacts, CodecError> {
        let rows = r.u64("auth-details rows")?;
        let reasons = r.strings("denial reasons")?;
        let ids = r.str("Request IDs")?.to_string();
        let at = r.offset();
        let ends: Vec<u32> = r.slice("Request ID ends")?;
        let mut start = 0usize;
        for (i, &end) in ends.iter().enumerate() {
            let end = end as usize;
            if end < start || end > ids.len() || !ids.is_char_boundary(end) {
                return Err(CodecError::new(
                    at,
                    CodecErrorKind::BadEnd {
                        what: "Request ID end",
                        column: 0,
                        row: i,
                        end: end as u64,
                    },
                ));
            }
            start = end;
        }
        if start != ids.len() {
            return Err(CodecError::new(
                at,
                CodecErrorKind::BadEnd {
                    what: "text after the last Request ID",
                    column: 0,
                    row: ends.len(),
                    end: ids.len() as u64,
                },
            ));
        }
        let at = r.offset();
        let codes: Vec<u32> = r.slice("denial reason codes")?;
        let flags = r.bytes("step flags")?;
        for (what, found) in [
            ("denial reason codes", codes.len()),
            ("step flags", flags.len()),
        ] {
            if found != ends.len() {
                return Err(CodecError::new(
                    at,
                    CodecErrorKind::WrongLength {
                        what,
                        found: found as u64,
                        expected: ends.len() as u64,
                    },
                ));
            }
        }
        check_reason_codes(&codes, reasons.len(), at)?;
        let mut steps = Vec::with_capacity(ends.len());
        for (&code, &flag) in codes.iter().zip(flags) {
            if flag & !(SATISFIED | MFA_SUCCEEDED | PENDING) != 0 {
                return Err(r.error(CodecErrorKind::BadTag {
                    what: "step flags",
                    tag: flag,
                }));
            }
            steps.push(JoinedSteps {
                denied_reason: code,
                satisfied_text: flag & SATISFIED != 0,
                mfa_step_succeeded: flag & MFA_SUCCEEDED != 0,
                pending_text: flag & PENDING != 0,
            });
        }
        Ok(StepFacts {
            ids,
            ends,
            steps,
            reasons,
            rows,
        })
    }

    /// Several files' facts, in order, as one buffer.
    pub fn encode_all<'f>(all: impl ExactSizeIterator<Item = &'f StepFacts>) -> Vec<u8> {
        let mut out = Vec::new();
        put_len(&mut out, all.len());
        for facts in all {
            facts.encode_into(&mut out);
        }
        out
    }

    /// What [`encode_all`](Self::encode_all) wrote; nothing may follow.
    pub fn decode_all(bytes: &[u8]) -> Result<Vec<StepFacts>, CodecError> {
        let mut r = Reader::new(bytes);
        let n = r.count(MIN_ENCODED_LEN, "files' step facts")?;
        let all = (0..n)
            .map(|_| StepFacts::decode(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        r.finish()?;
        Ok(all)
    }
}

/// Every code names one of `reasons` reasons (0 is "none"); the error
/// points at `at`, where the codes start.
pub(super) fn check_reason_codes(codes: &[u32], reasons: usize, at: u64) -> Result<(), CodecError> {
    match codes
        .iter()
        .enumerate()
        .find(|(_, &c)| c as usize > reasons)
    {
        None => Ok(()),
        Some((row, &code)) => Err(CodecError::new(
            at,
            CodecErrorKind::CodeOutOfRange {
                column: 0,
                row,
                code,
                values: reasons,
            },
        )),
    }
}

fn flags_of(s: &JoinedSteps) -> u8 {
    let mut f = 0;
    if s.satisfied_text {
        f |= SATISFIED;
    }
    if s.mfa_step_succeeded {
        f |= MFA_SUCCEEDED;
    }
    if s.pending_text {
        f |= PENDING;
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[[&str; 4]]) -> (Table, ColumnMap) {
        let header = ["Request ID", "Succeeded", "Result detail", "Requirement"];
        let mut t = Table::new(header.iter().map(|s| s.to_string()).collect());
        for r in rows {
            t.push_row(r.iter().copied());
        }
        (t, ColumnMap::new(&header))
    }

    const MFA: &str = "Multifactor authentication";

    fn rows() -> Vec<[&'static str; 4]> {
        vec![
            [
                "r1",
                "false",
                "MFA denied; user declined the authentication",
                MFA,
            ],
            ["r2", "true", "MFA completed in Azure AD", MFA],
            ["r1", "true", "MFA denied; fraud code entered", MFA],
            ["r3", "false", "MFA required in Azure AD", MFA],
            ["", "true", "MFA completed in Azure AD", MFA],
            ["r2", "false", "MFA denied; fraud code entered", MFA],
        ]
    }

    #[test]
    fn facts_fold_each_request_once_and_read_back_from_bytes() {
        let (t, map) = table(&rows());
        let facts = StepFacts::of(&t, &map);
        assert_eq!((facts.len(), facts.rows()), (3, 5));
        let ids: Vec<&str> = facts.iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ["r1", "r2", "r3"]);
        let (_, r1) = facts.iter().next().unwrap();
        assert_eq!(
            facts.reasons()[r1.denied_reason as usize - 1],
            "user declined the authentication"
        );
        assert!(r1.mfa_step_succeeded);

        let mut bytes = Vec::new();
        facts.encode_into(&mut bytes);
        let back = StepFacts::decode(&mut Reader::new(&bytes)).unwrap();
        assert_eq!(back, facts);
        let all = StepFacts::encode_all([&facts, &StepFacts::default()].into_iter());
        assert_eq!(
            StepFacts::decode_all(&all).unwrap(),
            vec![facts, StepFacts::default()]
        );
    }

    #[test]
    fn an_index_of_facts_equals_an_index_of_rows_wherever_the_file_was_cut() {
        let all = rows();
        let (t, map) = table(&all);
        let mut whole = JoinIndex::default();
        whole.add_table(&t, &map);
        for cut in 0..=all.len() {
            let (a, am) = table(&all[..cut]);
            let (b, bm) = table(&all[cut..]);
            let facts = StepFacts::concat(&[StepFacts::of(&a, &am), StepFacts::of(&b, &bm)]);
            assert_eq!(facts, whole.to_facts(), "cut after row {cut}");
            let mut index = JoinIndex::default();
            index.add(&facts);
            assert_eq!(index.to_facts(), whole.to_facts());
        }
    }

    #[test]
    fn damaged_bytes_are_an_error_never_a_panic() {
        let (t, map) = table(&rows());
        let mut bytes = Vec::new();
        StepFacts::of(&t, &map).encode_into(&mut bytes);
        for len in 0..bytes.len() {
            assert!(StepFacts::decode(&mut Reader::new(&bytes[..len])).is_err());
        }
        for i in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0xA5;
            // Either refused or read as some facts: never a panic.
            let _ = StepFacts::decode(&mut Reader::new(&damaged));
        }
        let last = bytes.len() - 1;
        bytes[last] = 0x80;
        assert!(matches!(
            StepFacts::decode(&mut Reader::new(&bytes))
                .unwrap_err()
                .kind(),
            CodecErrorKind::BadTag { .. }
        ));
    }
}

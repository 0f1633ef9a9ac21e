//! Sign-ins classified where they were read (a shard), and brought back.
//!
//! The shard ran the first half of the classification while reading
//! ([`SignInsAlone`], with reasons interned into a list of the file's own);
//! once every auth-details file is read, the coordinator sends it every
//! file's [`StepFacts`] and the shard runs the second half
//! ([`classify_away`]). What comes back is one byte and one reason code per
//! row, the file's own list of reasons, and which Request IDs were looked
//! up: the workspace puts the codes in its own list's terms
//! ([`ClassesAway::into_terms_of`]) in file order, which gives every
//! reason the code one pass over all files would have given it.
//!
//! The bytes ([`encode_answer`]):
//!
//! ```text
//! request IDs (u64), facts rows (u64), matched (u64s)
//! files (u64), each: reasons (strs), row classes (bytes), reason codes (u32s)
//! ```

use crate::classify::{Reasons, RowClass, SignInClasses, SignInsAlone};
use crate::columns::Role;
use crate::ingest::LoadedFile;
use crate::store::Column;
use crate::wire::{
    put_bytes, put_len, put_slice, put_strs, put_u64, CodecError, CodecErrorKind, Reader,
};

use super::facts::check_reason_codes;
use super::{JoinIndex, StepFacts};

/// One sign-in file's (or part's) classes, with reason codes into
/// `reasons`: the list of the worker that classified it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassesAway {
    pub classes: SignInClasses,
    pub reasons: Vec<String>,
}

impl ClassesAway {
    /// The classes with codes into `global`, interning this file's reasons
    /// there in their own order.
    pub fn into_terms_of(mut self, global: &mut Reasons) -> SignInClasses {
        let codes = global.intern_all(&self.reasons);
        for r in &mut self.classes.reasons {
            *r = codes.get(*r as usize).copied().unwrap_or(0);
        }
        self.classes
    }
}

/// What a worker that classified sign-ins saw of the join.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JoinSeen {
    /// Distinct Request IDs in the facts it was given.
    pub request_ids: u64,
    /// Auth-details rows behind those facts: with `request_ids`, how the
    /// workspace checks the facts were the ones it holds.
    pub facts_rows: u64,
    /// [`JoinIndex::matched_bits`].
    pub matched: Vec<u64>,
}

impl JoinSeen {
    /// Pools what two workers given the same facts saw.
    pub fn pool(&mut self, other: &JoinSeen) {
        if self.matched.len() < other.matched.len() {
            self.matched.resize(other.matched.len(), 0);
        }
        for (a, b) in self.matched.iter_mut().zip(&other.matched) {
            *a |= b;
        }
        self.request_ids = self.request_ids.max(other.request_ids);
        self.facts_rows = self.facts_rows.max(other.facts_rows);
    }

    pub fn matched_count(&self) -> usize {
        self.matched.iter().map(|w| w.count_ones() as usize).sum()
    }
}

/// A sign-in file (or part) kept where it was read, waiting for the step
/// facts: the first half of its classification, the reasons that half
/// interned, and its Request IDs — about 45 bytes a row, where the row
/// itself took 1–2 KB.
#[derive(Debug, Clone)]
pub struct KeptSignIns {
    alone: SignInsAlone,
    reasons: Reasons,
    request: Option<Column>,
}

impl KeptSignIns {
    /// The first half for a file read here; `None` when it is not a
    /// sign-in file.
    pub fn of(file: &LoadedFile) -> Option<KeptSignIns> {
        let (alone, reasons) = first_half(file)?;
        Some(KeptSignIns {
            alone,
            reasons,
            request: request_column(file).cloned(),
        })
    }

    pub fn rows(&self) -> usize {
        self.alone.rows()
    }

    pub fn heap_bytes(&self) -> usize {
        self.alone.heap_bytes() + self.request.as_ref().map_or(0, Column::heap_bytes)
    }

    /// The second half, against `index`.
    pub fn classify(&self, index: &JoinIndex<'_>) -> ClassesAway {
        second_half(
            &self.alone,
            self.reasons.clone(),
            self.request.as_ref(),
            index,
        )
    }
}

/// Both halves for a sign-in file where it is (the workspace's own
/// classification): what [`KeptSignIns`] does in a shard, without keeping a
/// copy of the Request IDs. `None` when it is not a sign-in file.
pub fn classify_in_place(file: &LoadedFile, index: &JoinIndex<'_>) -> Option<ClassesAway> {
    let (alone, reasons) = first_half(file)?;
    Some(second_half(&alone, reasons, request_column(file), index))
}

/// The first half, with the reasons it interned into a list of the file's own.
fn first_half(file: &LoadedFile) -> Option<(SignInsAlone, Reasons)> {
    if !file.detection.kind.is_sign_ins() {
        return None;
    }
    let mut reasons = Reasons::default();
    let alone = SignInsAlone::of(&file.table, &file.map, &mut reasons);
    Some((alone, reasons))
}

fn second_half(
    alone: &SignInsAlone,
    mut reasons: Reasons,
    request: Option<&Column>,
    index: &JoinIndex<'_>,
) -> ClassesAway {
    let classes = index.classify(alone, &mut reasons, request);
    ClassesAway {
        classes,
        reasons: reasons.texts().to_vec(),
    }
}

fn request_column(file: &LoadedFile) -> Option<&Column> {
    file.map
        .get(Role::RequestId)
        .and_then(|c| file.table.column(c))
}

/// The second half of the classification for every kept file, against
/// the index of every file's `facts` (in the workspace's file order).
pub fn classify_away(facts: &[StepFacts], kept: &[&KeptSignIns]) -> (Vec<ClassesAway>, JoinSeen) {
    let mut index = JoinIndex::default();
    for f in facts {
        index.add(f);
    }
    let classes = kept.iter().map(|k| k.classify(&index)).collect();
    let seen = JoinSeen {
        request_ids: index.request_ids() as u64,
        facts_rows: index.rows,
        matched: index.matched_bits(),
    };
    (classes, seen)
}

/// A shard's answer as bytes, for [`decode_answer`].
pub fn encode_answer(classes: &[ClassesAway], seen: &JoinSeen) -> Vec<u8> {
    let mut out = Vec::new();
    put_u64(&mut out, seen.request_ids);
    put_u64(&mut out, seen.facts_rows);
    put_slice(&mut out, &seen.matched);
    put_len(&mut out, classes.len());
    for c in classes {
        put_strs(&mut out, &c.reasons);
        let rows: Vec<u8> = c.classes.rows.iter().map(|r| r.to_byte()).collect();
        put_bytes(&mut out, &rows);
        put_slice(&mut out, &c.classes.reasons);
    }
    out
}

/// What [`encode_answer`] wrote, checked: a row class byte that means
/// something, one code per row, codes that name a reason.
pub fn decode_answer(bytes: &[u8]) -> Result<(Vec<ClassesAway>, JoinSeen), CodecError> {
    let mut r = Reader::new(bytes);
    let seen = JoinSeen {
        request_ids: r.u64("request IDs")?,
        facts_rows: r.u64("facts rows")?,
        matched: r.slice("matched Request IDs")?,
    };
    let n = r.count(3 * 8, "files classified")?;
    let mut all = Vec::with_capacity(n);
    for _ in 0..n {
        let reasons = r.strings("reasons")?;
        let at = r.offset();
        let rows = r
            .bytes("row classes")?
            .iter()
            .map(|&b| RowClass::from_byte(b).ok_or(b))
            .collect::<Result<Vec<_>, u8>>()
            .map_err(|tag| {
                CodecError::new(
                    at,
                    CodecErrorKind::BadTag {
                        what: "row class",
                        tag,
                    },
                )
            })?;
        let at = r.offset();
        let codes: Vec<u32> = r.slice("reason codes")?;
        if codes.len() != rows.len() {
            return Err(CodecError::new(
                at,
                CodecErrorKind::WrongLength {
                    what: "reason codes",
                    found: codes.len() as u64,
                    expected: rows.len() as u64,
                },
            ));
        }
        check_reason_codes(&codes, reasons.len(), at)?;
        all.push(ClassesAway {
            classes: SignInClasses {
                rows,
                reasons: codes,
            },
            reasons,
        });
    }
    r.finish()?;
    Ok((all, seen))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Outcome;

    fn answer() -> (Vec<ClassesAway>, JoinSeen) {
        let classes = ClassesAway {
            classes: SignInClasses {
                rows: vec![
                    RowClass::new(Outcome::Denied, true, true),
                    RowClass::new(Outcome::Satisfied, true, false),
                    RowClass::new(Outcome::Denied, false, false),
                ],
                reasons: vec![2, 0, 1],
            },
            reasons: vec!["fraud code entered".into(), "user declined".into()],
        };
        let seen = JoinSeen {
            request_ids: 70,
            facts_rows: 90,
            matched: vec![0b1011, 1 << 5],
        };
        (vec![classes, ClassesAway::default()], seen)
    }

    #[test]
    fn an_answer_reads_back_and_its_reasons_take_the_workspace_numbering() {
        let (classes, seen) = answer();
        let bytes = encode_answer(&classes, &seen);
        let (back, back_seen) = decode_answer(&bytes).unwrap();
        assert_eq!((&back, &back_seen), (&classes, &seen));
        assert_eq!(back_seen.matched_count(), 4);

        // The workspace already knows one of the file's reasons: the file's
        // other one comes after it, and every code follows its text.
        let mut global = Reasons::default();
        global.intern("user declined".into());
        let c = back[0].clone().into_terms_of(&mut global);
        assert_eq!(global.texts(), ["user declined", "fraud code entered"]);
        assert_eq!(c.reasons, [1, 0, 2]);
    }

    #[test]
    fn a_damaged_answer_is_an_error_never_a_panic() {
        let (classes, seen) = answer();
        let bytes = encode_answer(&classes, &seen);
        for len in 0..bytes.len() {
            assert!(decode_answer(&bytes[..len]).is_err(), "cut at {len}");
        }
        for i in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0x5A;
            let _ = decode_answer(&damaged);
        }
        // A row class no rule gives: the first file's first row byte comes
        // after the figures, the matched bits, the count of files and the
        // file's reasons and row count.
        let reasons: usize = classes[0].reasons.iter().map(|r| 8 + r.len()).sum();
        let at = 8 + 8 + (8 + 8 * seen.matched.len()) + 8 + (8 + reasons) + 8;
        assert_eq!(bytes[at], classes[0].classes.rows[0].to_byte());
        let mut bad = bytes.clone();
        bad[at] = 0x40;
        assert!(matches!(
            decode_answer(&bad).unwrap_err().kind(),
            CodecErrorKind::BadTag {
                what: "row class",
                tag: 0x40
            }
        ));
    }
}

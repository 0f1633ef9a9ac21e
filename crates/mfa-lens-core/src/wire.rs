//! Little-endian bytes for the codec that carries a file read in one worker
//! (a shard) to the worker that adopts it (`built::codec`, `store::codec`).
//!
//! Writing is a handful of `put_*` functions on a `Vec<u8>`; reading is a
//! [`Reader`] that checks every length against the bytes left before it
//! takes or allocates anything, checks UTF-8, and answers a [`CodecError`]
//! saying what it was reading and at which byte. The encoded bytes come from
//! our own code in another worker, but a bug there, a transfer cut short or
//! a version mismatch must become an error the page can show, never a panic
//! (the worker would die with every file in it) and never a wrong table.
//!
//! Numbers are little-endian on the wire whatever the machine (wasm32 and
//! x86-64 are both little-endian, so on them a vector of codes is written
//! and read as one straight copy the compiler turns into `memcpy`-like
//! loops). Lengths and counts are `u64`, so an encoding does not depend on
//! the width of `usize`.
//!
//! This module sits at the bottom of the core: it imports nothing from it.

use std::fmt;

/// A fixed-size number as little-endian bytes.
pub trait Le: Copy {
    /// Bytes on the wire.
    const SIZE: usize;
    /// Write `self` into `out`, which is exactly [`Le::SIZE`] bytes.
    fn put(self, out: &mut [u8]);
    /// Read from exactly [`Le::SIZE`] bytes.
    fn get(bytes: &[u8]) -> Self;
}

macro_rules! le {
    ($($t:ty),*) => {$(
        impl Le for $t {
            const SIZE: usize = std::mem::size_of::<$t>();
            #[inline]
            fn put(self, out: &mut [u8]) {
                out.copy_from_slice(&self.to_le_bytes());
            }
            #[inline]
            fn get(bytes: &[u8]) -> Self {
                let mut a = [0u8; std::mem::size_of::<$t>()];
                a.copy_from_slice(bytes);
                <$t>::from_le_bytes(a)
            }
        }
    )*};
}

le!(u8, u16, u32, u64, i64);

pub fn put_u8(out: &mut Vec<u8>, v: u8) {
    out.push(v);
}

pub fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A length or count (`usize` on the machine, `u64` on the wire).
pub fn put_len(out: &mut Vec<u8>, n: usize) {
    put_u64(out, n as u64);
}

/// Length-prefixed bytes, copied as one block.
pub fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_len(out, bytes.len());
    out.extend_from_slice(bytes);
}

/// Length-prefixed UTF-8.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

/// A count of strings, then each.
pub fn put_strs<S: AsRef<str>>(out: &mut Vec<u8>, items: &[S]) {
    put_len(out, items.len());
    for s in items {
        put_str(out, s.as_ref());
    }
}

/// The count of `items`, then the items back to back: the buffer grows once
/// and is filled in one pass (a few gigabytes a second, where a
/// `extend_from_slice` per value would check capacity on every row).
pub fn put_slice<T: Le>(out: &mut Vec<u8>, items: &[T]) {
    put_len(out, items.len());
    let start = out.len();
    out.resize(start + items.len() * T::SIZE, 0);
    for (dst, &v) in out[start..].chunks_exact_mut(T::SIZE).zip(items) {
        v.put(dst);
    }
}

/// Reads what the `put_*` functions wrote, refusing anything that does not
/// fit in the bytes left.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    /// Byte offset of the next read from the start of the input.
    pub fn offset(&self) -> u64 {
        self.at as u64
    }

    /// Bytes not yet read.
    pub fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    /// An error about what starts at the current offset.
    pub fn error(&self, kind: CodecErrorKind) -> CodecError {
        CodecError::new(self.offset(), kind)
    }

    /// The next `n` bytes of `what`.
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], CodecError> {
        if n > self.left() {
            return Err(self.truncated(n as u64, what));
        }
        let out = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(out)
    }

    fn truncated(&self, needed: u64, what: &'static str) -> CodecError {
        self.error(CodecErrorKind::Truncated {
            what,
            needed,
            left: self.left() as u64,
        })
    }

    pub fn u8(&mut self, what: &'static str) -> Result<u8, CodecError> {
        self.number(what)
    }

    pub fn u32(&mut self, what: &'static str) -> Result<u32, CodecError> {
        self.number(what)
    }

    pub fn u64(&mut self, what: &'static str) -> Result<u64, CodecError> {
        self.number(what)
    }

    fn number<T: Le>(&mut self, what: &'static str) -> Result<T, CodecError> {
        self.take(T::SIZE, what).map(T::get)
    }

    /// A count of items that take at least `item_bytes` each: refused unless
    /// that many bytes are left, so a damaged count can never make the
    /// decoder reserve more memory than the input could fill.
    pub fn count(&mut self, item_bytes: usize, what: &'static str) -> Result<usize, CodecError> {
        let start = self.offset();
        let n = self.u64(what)?;
        let needed = n.saturating_mul(item_bytes.max(1) as u64);
        if needed > self.left() as u64 {
            return Err(CodecError::new(
                start,
                CodecErrorKind::Truncated {
                    what,
                    needed,
                    left: self.left() as u64,
                },
            ));
        }
        // Fits in the bytes left, so it fits in a usize.
        Ok(n as usize)
    }

    /// Length-prefixed bytes.
    pub fn bytes(&mut self, what: &'static str) -> Result<&'a [u8], CodecError> {
        let n = self.count(1, what)?;
        self.take(n, what)
    }

    /// Length-prefixed UTF-8.
    pub fn str(&mut self, what: &'static str) -> Result<&'a str, CodecError> {
        let start = self.offset() + 8;
        let bytes = self.bytes(what)?;
        std::str::from_utf8(bytes).map_err(|e| {
            CodecError::new(
                start + e.valid_up_to() as u64,
                CodecErrorKind::InvalidUtf8 { what },
            )
        })
    }

    /// A count of strings, then each (as [`put_strs`] wrote them).
    pub fn strings(&mut self, what: &'static str) -> Result<Vec<String>, CodecError> {
        let n = self.count(8, what)?;
        (0..n).map(|_| self.str(what).map(str::to_string)).collect()
    }

    /// A count, then that many numbers (as [`put_slice`] wrote them).
    pub fn slice<T: Le>(&mut self, what: &'static str) -> Result<Vec<T>, CodecError> {
        let n = self.count(T::SIZE, what)?;
        let bytes = self.take(n * T::SIZE, what)?;
        Ok(bytes.chunks_exact(T::SIZE).map(T::get).collect())
    }

    /// The input must end here.
    pub fn finish(self) -> Result<(), CodecError> {
        match self.left() {
            0 => Ok(()),
            n => Err(self.error(CodecErrorKind::TrailingBytes { count: n as u64 })),
        }
    }
}

/// Encoded bytes that do not decode. Shaped like the `csv` crate's error (and
/// [`crate::Error`]): a boxed kind, so `Result<_, CodecError>` stays small,
/// with the byte offset where the problem starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecError(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    offset: u64,
    kind: CodecErrorKind,
}

/// What was wrong with the bytes. `what` names the field being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodecErrorKind {
    /// The bytes do not start with the codec's tag: not an encoded file.
    NotEncoded,
    /// Encoded by another version of the codec (another build of the page).
    Version { found: u32, expected: u32 },
    /// The bytes end (or a length points) past the end of the input.
    Truncated {
        what: &'static str,
        needed: u64,
        left: u64,
    },
    /// Text that is not UTF-8; the offset is the first bad byte.
    InvalidUtf8 { what: &'static str },
    /// A tag byte that means nothing in its place.
    BadTag { what: &'static str, tag: u8 },
    /// A vector whose length is not the one its table or header requires.
    WrongLength {
        what: &'static str,
        found: u64,
        expected: u64,
    },
    /// A dictionary code with no value behind it.
    CodeOutOfRange {
        column: usize,
        row: usize,
        code: u32,
        values: usize,
    },
    /// The same value twice in one dictionary (each value has one code).
    DuplicateValue { column: usize, code: usize },
    /// A text end offset that is below the previous one, past the text, or
    /// inside a character; or text left after the last end.
    BadEnd {
        what: &'static str,
        column: usize,
        row: usize,
        end: u64,
    },
    /// A report kind id this build does not know.
    UnknownKind { id: String },
    /// Diagnostics that do not read back.
    Diagnostics { message: String },
    /// Files nested deeper than any reader makes them.
    TooDeep { depth: usize },
    /// Bytes after the end of the encoding.
    TrailingBytes { count: u64 },
}

impl CodecError {
    pub fn new(offset: u64, kind: CodecErrorKind) -> Self {
        CodecError(Box::new(Inner { offset, kind }))
    }

    pub fn kind(&self) -> &CodecErrorKind {
        &self.0.kind
    }

    /// Byte offset in the encoded input where the problem starts.
    pub fn offset(&self) -> u64 {
        self.0.offset
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "encoded file, byte {}: ", self.offset())?;
        match self.kind() {
            CodecErrorKind::NotEncoded => f.write_str("not an encoded MFA Lens file"),
            CodecErrorKind::Version { found, expected } => write!(
                f,
                "encoded by codec version {found}, this build reads version {expected}"
            ),
            CodecErrorKind::Truncated { what, needed, left } => write!(
                f,
                "{what} needs {needed} bytes but only {left} are left (cut short or a wrong length)"
            ),
            CodecErrorKind::InvalidUtf8 { what } => write!(f, "{what} is not valid UTF-8"),
            CodecErrorKind::BadTag { what, tag } => write!(f, "{what} has an unknown tag {tag}"),
            CodecErrorKind::WrongLength {
                what,
                found,
                expected,
            } => write!(f, "{what} has {found} entries where {expected} are required"),
            CodecErrorKind::CodeOutOfRange {
                column,
                row,
                code,
                values,
            } => write!(
                f,
                "column {column}, row {row}: code {code} points past the dictionary's {values} values"
            ),
            CodecErrorKind::DuplicateValue { column, code } => write!(
                f,
                "column {column}: dictionary value {code} repeats an earlier value"
            ),
            CodecErrorKind::BadEnd {
                what,
                column,
                row,
                end,
            } => write!(
                f,
                "column {column}, {what} {row}: end offset {end} goes backwards, past the text or \
                 inside a character, or leaves text unused"
            ),
            CodecErrorKind::UnknownKind { id } => write!(f, "unknown report kind `{id}`"),
            CodecErrorKind::Diagnostics { message } => {
                write!(f, "diagnostics do not read back: {message}")
            }
            CodecErrorKind::TooDeep { depth } => {
                write!(f, "files nested {depth} deep (a file's steps have no steps)")
            }
            CodecErrorKind::TrailingBytes { count } => {
                write!(f, "{count} bytes after the end of the encoding")
            }
        }
    }
}

impl std::error::Error for CodecError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_strings_and_slices_read_back() {
        let mut out = Vec::new();
        put_u8(&mut out, 7);
        put_u32(&mut out, 0xdead_beef);
        put_u64(&mut out, u64::MAX - 1);
        put_str(&mut out, "héllo");
        put_strs(&mut out, &["a", "", "ü"]);
        put_slice(&mut out, &[1u16, 300, u16::MAX]);
        put_slice(&mut out, &[i64::MIN, -1, 0, i64::MAX]);
        put_slice::<u32>(&mut out, &[]);
        let mut r = Reader::new(&out);
        assert_eq!(r.u8("a").unwrap(), 7);
        assert_eq!(r.u32("b").unwrap(), 0xdead_beef);
        assert_eq!(r.u64("c").unwrap(), u64::MAX - 1);
        assert_eq!(r.str("d").unwrap(), "héllo");
        assert_eq!(r.strings("e").unwrap(), ["a", "", "ü"]);
        assert_eq!(r.slice::<u16>("f").unwrap(), [1, 300, u16::MAX]);
        assert_eq!(r.slice::<i64>("g").unwrap(), [i64::MIN, -1, 0, i64::MAX]);
        assert!(r.slice::<u32>("h").unwrap().is_empty());
        r.finish().unwrap();
    }

    #[test]
    fn the_wire_is_little_endian() {
        let mut out = Vec::new();
        put_slice(&mut out, &[0x0102_0304u32]);
        assert_eq!(out, [1, 0, 0, 0, 0, 0, 0, 0, 4, 3, 2, 1]);
    }

    #[test]
    fn a_huge_count_is_refused_before_anything_is_reserved() {
        let mut out = Vec::new();
        put_u64(&mut out, u64::MAX);
        out.extend_from_slice(&[0; 16]);
        let e = Reader::new(&out).slice::<u32>("codes").unwrap_err();
        assert_eq!(e.offset(), 0);
        assert_eq!(
            e.kind(),
            &CodecErrorKind::Truncated {
                what: "codes",
                needed: u64::MAX,
                left: 16
            }
        );
        let e = Reader::new(&out).strings("names").unwrap_err();
        assert!(matches!(e.kind(), CodecErrorKind::Truncated { .. }));
    }

    #[test]
    fn bad_utf8_is_reported_at_its_byte() {
        let mut out = Vec::new();
        put_bytes(&mut out, b"ab\xffc");
        let e = Reader::new(&out).str("name").unwrap_err();
        assert_eq!(e.offset(), 10);
        assert_eq!(e.kind(), &CodecErrorKind::InvalidUtf8 { what: "name" });
        assert_eq!(
            e.to_string(),
            "encoded file, byte 10: name is not valid UTF-8"
        );
    }

    #[test]
    fn short_input_and_trailing_bytes_are_errors() {
        let e = Reader::new(&[1, 2, 3]).u32("score").unwrap_err();
        assert_eq!(
            e.kind(),
            &CodecErrorKind::Truncated {
                what: "score",
                needed: 4,
                left: 3
            }
        );
        let mut r = Reader::new(&[1, 2, 3]);
        r.u8("tag").unwrap();
        let e = r.finish().unwrap_err();
        assert_eq!(e.offset(), 1);
        assert_eq!(e.kind(), &CodecErrorKind::TrailingBytes { count: 2 });
    }
}

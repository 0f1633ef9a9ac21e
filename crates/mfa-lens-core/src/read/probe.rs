//! Decisions taken once, on the first bytes of the file, before any text is
//! decoded: which encoding (byte-order mark, or the NUL pattern of UTF-16 without
//! one) and whether the file is a table at all (ZIP/.xlsx, PDF, binary).
//!
//! The decisions look at exactly the first [`PROBE_LEN`] bytes (or the whole file
//! when it is shorter), never at "whatever the first chunk happened to hold", so
//! that they cannot depend on how the input was sliced.

use crate::error::{Error, ErrorKind, Position};
use crate::read::TextEncoding;

/// How many leading bytes the probe looks at. 8 KiB holds the whole header line of
/// every known export (the 57-column sign-in header is about 1 KiB) plus a few
/// rows, enough to tell text from binary without delaying the first records.
pub(crate) const PROBE_LEN: usize = 8 * 1024;

/// What the probe decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Probe {
    pub(crate) encoding: TextEncoding,
    /// Length of the byte-order mark to skip.
    pub(crate) bom_len: usize,
    /// UTF-16 recognised from its NUL bytes, without a byte-order mark.
    pub(crate) utf16_without_bom: bool,
}

/// Examines the first bytes of a file. `prefix` is the first [`PROBE_LEN`] bytes,
/// or the whole file if it is shorter.
pub(crate) fn probe(prefix: &[u8]) -> Result<Probe, Error> {
    if let Some(kind) = container_magic(prefix) {
        return Err(Error::new(kind));
    }
    let found = |encoding, bom_len| Probe {
        encoding,
        bom_len,
        utf16_without_bom: false,
    };
    if prefix.starts_with(b"\xFF\xFE") {
        return Ok(found(TextEncoding::Utf16Le, 2));
    }
    if prefix.starts_with(b"\xFE\xFF") {
        return Ok(found(TextEncoding::Utf16Be, 2));
    }
    // UTF-8 by its own mark is never taken for BOM-less UTF-16, but the mark
    // does not make binary data behind it text.
    let utf8_mark = prefix.starts_with(b"\xEF\xBB\xBF");
    if !utf8_mark {
        if let Some(encoding) = utf16_from_nul_pattern(prefix) {
            return Ok(Probe {
                encoding,
                bom_len: 0,
                utf16_without_bom: true,
            });
        }
    }
    if let Some(pos) = binary_position(prefix) {
        return Err(Error::new(ErrorKind::Binary { pos }));
    }
    Ok(if utf8_mark {
        found(TextEncoding::Utf8Bom, 3)
    } else {
        found(TextEncoding::Utf8, 0)
    })
}

/// Files that are containers rather than text: every ZIP local-file, empty-archive
/// or spanned-archive signature (an .xlsx is a ZIP), the OLE2 compound file of a
/// legacy .xls workbook (reported as a workbook too: that is what it is) and PDF.
fn container_magic(prefix: &[u8]) -> Option<ErrorKind> {
    const WORKBOOK_SIGNATURES: [&[u8]; 4] = [
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"PK\x07\x08",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    ];
    if WORKBOOK_SIGNATURES
        .iter()
        .any(|sig| prefix.starts_with(sig))
    {
        return Some(ErrorKind::ZipOrXlsx);
    }
    if prefix.starts_with(b"%PDF") {
        return Some(ErrorKind::Pdf);
    }
    None
}

/// UTF-16 text saved without a byte-order mark. The header of every export is
/// ASCII, and an ASCII character in UTF-16 is one NUL byte next to one printable
/// byte: NUL second in little-endian, first in big-endian. Count the units that
/// look like ASCII in each byte order; one order must clearly win (at least 16
/// such units, or a quarter of all units in a tiny file, and eight times as many
/// as the other order).
///
/// Counting *ASCII-looking* units rather than NULs alone keeps binary files with
/// NULs everywhere (and runs of `00 00`) from passing as text.
fn utf16_from_nul_pattern(prefix: &[u8]) -> Option<TextEncoding> {
    let units = prefix.len() / 2;
    let textual = |b: u8| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7E);
    let (mut little, mut big) = (0usize, 0usize);
    for pair in prefix.chunks_exact(2) {
        little += usize::from(textual(pair[0]) && pair[1] == 0);
        big += usize::from(pair[0] == 0 && textual(pair[1]));
    }
    let wins = |winner: usize, loser: usize| {
        winner >= 2 && (winner >= 16 || winner * 4 >= units) && loser * 8 <= winner
    };
    if wins(little, big) {
        Some(TextEncoding::Utf16Le)
    } else if wins(big, little) {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Where the probe sees binary data in what should be 8-bit or UTF-8 text: the
/// first NUL byte, or — when more than one byte in ten, and at least four bytes,
/// are control characters other than tab, line feed, form feed and carriage
/// return — the first such byte. A stray control character in a real export (a
/// pasted escape code, an old Ctrl-Z end-of-file mark) is tolerated even in a
/// tiny file.
fn binary_position(prefix: &[u8]) -> Option<Position> {
    let at = |offset: usize| Position {
        byte: offset as u64,
        line: line_of(prefix, offset),
        record: 0,
    };
    if let Some(offset) = prefix.iter().position(|&b| b == 0) {
        return Some(at(offset));
    }
    let is_control = |b: &u8| *b < 0x20 && !matches!(*b, b'\t' | b'\n' | b'\r' | 0x0C);
    let controls = prefix.iter().filter(|b| is_control(b)).count();
    if controls >= 4 && controls * 10 > prefix.len() {
        return prefix.iter().position(is_control).map(at);
    }
    None
}

/// 1-based physical line of `offset` within `prefix`.
fn line_of(prefix: &[u8], offset: usize) -> u64 {
    let mut counter = crate::read::lines::LineCounter::default();
    counter.count(prefix.get(..offset).unwrap_or(prefix));
    counter.current_line()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(prefix: &[u8]) -> Option<ErrorKind> {
        probe(prefix).err().map(|e| e.kind().clone())
    }

    #[test]
    fn byte_order_marks() {
        assert_eq!(
            probe(b"\xEF\xBB\xBFa,b").unwrap().encoding,
            TextEncoding::Utf8Bom
        );
        assert_eq!(probe(b"\xEF\xBB\xBFa,b").unwrap().bom_len, 3);
        assert_eq!(
            probe(b"\xFF\xFEa\0").unwrap().encoding,
            TextEncoding::Utf16Le
        );
        assert_eq!(
            probe(b"\xFE\xFF\0a").unwrap().encoding,
            TextEncoding::Utf16Be
        );
        assert_eq!(probe(b"a,b\n").unwrap().encoding, TextEncoding::Utf8);
    }

    #[test]
    fn utf16_without_bom_from_nuls() {
        let le = probe(b"a\0,\0b\0\n\0").unwrap();
        assert_eq!(
            (le.encoding, le.bom_len, le.utf16_without_bom),
            (TextEncoding::Utf16Le, 0, true)
        );
        let be = probe(b"\0a\0,\0b").unwrap();
        assert_eq!(
            (be.encoding, be.utf16_without_bom),
            (TextEncoding::Utf16Be, true)
        );
    }

    #[test]
    fn containers_are_refused() {
        assert_eq!(kind(b"PK\x03\x04rest"), Some(ErrorKind::ZipOrXlsx));
        assert_eq!(kind(b"PK\x05\x06"), Some(ErrorKind::ZipOrXlsx));
        assert_eq!(kind(b"%PDF-1.7"), Some(ErrorKind::Pdf));
        assert_eq!(
            kind(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"),
            Some(ErrorKind::ZipOrXlsx)
        );
        // "PK" alone is a perfectly good header.
        assert_eq!(kind(b"PK,Name\n1,a\n"), None);
    }

    #[test]
    fn nul_in_8bit_text_is_binary_with_position() {
        let err = probe(b"a,b\nc,\0d\n").unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::Binary {
                pos: Position {
                    byte: 6,
                    line: 2,
                    record: 0
                }
            }
        );
    }

    #[test]
    fn a_utf8_mark_does_not_hide_binary() {
        let err = probe(b"\xEF\xBB\xBFa\0b").unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::Binary {
                pos: Position {
                    byte: 4,
                    line: 1,
                    record: 0
                }
            }
        );
    }

    #[test]
    fn many_control_bytes_are_binary_but_one_is_not() {
        assert!(kind(b"a,b\x01\x02\x03\x04\n").is_some());
        assert_eq!(kind(b"Name,Value\nalice,esc\x1b[0m here\n"), None);
        assert_eq!(kind(b"a\tb\r\n\x0c"), None);
        assert_eq!(kind(b"a,b\r\n\x1a"), None);
    }
}

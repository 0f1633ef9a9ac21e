//! One file's text, record by record: the header is read for its columns'
//! classes ([`personal_of`]), and in every later record only the fields of
//! identifying columns are rewritten; every other byte — other fields with
//! their quotes, delimiters, line breaks, blank lines, an Excel `sep=` line,
//! a repeated header — is copied as it came.
//!
//! The header is found as the reader finds it (first non-blank line, an
//! Excel `sep=` line naming the delimiter, else the delimiter counted on the
//! header line), so both see the same columns.

use std::borrow::Cow;

use super::scan::{unescape, Field, Scanner};
use super::{Redactor, RECORD_LIMIT};
use crate::columns::{personal_of, Personal};
use crate::detect::{detect, ReportKind};
use crate::read::sniff::{delimiter_of, excel_sep_line, HeaderScan};

/// The header's columns, once read.
#[derive(Debug)]
pub(crate) struct Columns {
    pub captions: Vec<String>,
    pub classes: Vec<Option<Personal>>,
    pub kind: ReportKind,
}

#[derive(Debug, Default)]
pub(crate) struct Rewriter {
    pending: Vec<u8>,
    head: HeaderScan,
    scanner: Option<Scanner>,
    pub columns: Option<Columns>,
    pub rows: u64,
    pub replaced: u64,
}

/// A record longer than [`RECORD_LIMIT`]: an unclosed quote, most likely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLong;

impl Rewriter {
    /// Takes the next text, writes every record it completes to `out`.
    pub(crate) fn push(
        &mut self,
        r: &mut Redactor,
        text: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), TooLong> {
        self.pending.extend_from_slice(text);
        self.run(r, false, out);
        if self.pending.len() > RECORD_LIMIT {
            return Err(TooLong);
        }
        Ok(())
    }

    /// The input has ended: writes what is left.
    pub(crate) fn finish(&mut self, r: &mut Redactor, out: &mut Vec<u8>) {
        self.run(r, true, out);
        out.append(&mut self.pending);
    }

    fn run(&mut self, r: &mut Redactor, eof: bool, out: &mut Vec<u8>) {
        if self.scanner.is_none() {
            self.scanner = self.sniff(eof);
        }
        let Some(mut scanner) = self.scanner.take() else {
            return;
        };
        let mut pending = std::mem::take(&mut self.pending);
        let mut emitted = 0;
        while let Some((start, end)) = scanner.next(&pending, eof) {
            out.extend_from_slice(&pending[emitted..start]);
            self.record(r, &pending, &scanner, (start, end), out);
            emitted = end;
        }
        let done = emitted.min(scanner.record_start());
        out.extend_from_slice(&pending[emitted..done]);
        pending.drain(..done);
        scanner.shift(done);
        self.pending = pending;
        self.scanner = Some(scanner);
    }

    /// The delimiter, from the first non-blank line, as the reader decides it.
    fn sniff(&mut self, eof: bool) -> Option<Scanner> {
        let (start, end) = match self.head.first_line(&self.pending) {
            Some(line) => line,
            None if eof => (
                self.head.line_start().min(self.pending.len()),
                self.pending.len(),
            ),
            None => return None,
        };
        // The reader never sees the byte-order mark; neither may the first
        // field, or a quoted first caption would look unquoted.
        let mark = "\u{feff}".as_bytes();
        let line = &self.pending[start..end];
        let (line, start) = match line.strip_prefix(mark) {
            Some(rest) => (rest, start + mark.len()),
            None => (line, start),
        };
        Some(match excel_sep_line(line) {
            Some(delimiter) => Scanner::new(delimiter, end),
            None => Scanner::new(delimiter_of(line), start),
        })
    }

    fn record(
        &mut self,
        r: &mut Redactor,
        buf: &[u8],
        s: &Scanner,
        (start, end): (usize, usize),
        out: &mut Vec<u8>,
    ) {
        let Some(columns) = &self.columns else {
            out.extend_from_slice(&buf[start..end]);
            if !is_blank(buf, &s.fields) {
                self.columns = Some(read_header(buf, &s.fields));
            }
            return;
        };
        if is_repeated_header(buf, &s.fields, &columns.captions) {
            out.extend_from_slice(&buf[start..end]);
            return;
        }
        self.rows += 1;
        let mut copied = start;
        for (field, class) in s.fields.iter().zip(&columns.classes) {
            let Some(class) = *class else { continue };
            let value = unescape(&buf[field.start..field.end]);
            let text = decode(&value);
            if text.trim().is_empty() {
                continue;
            }
            out.extend_from_slice(&buf[copied..field.start]);
            let quoted = buf[field.start] == b'"';
            write_field(
                out,
                r.pseudonym(class, &text),
                quoted,
                field.open,
                s.delimiter(),
            );
            copied = field.end;
            self.replaced += 1;
        }
        out.extend_from_slice(&buf[copied..end]);
    }
}

/// Text of a field: UTF-8, or Windows-1252 when it is not (an Excel re-save),
/// as the reader decodes it.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

fn caption(buf: &[u8], f: &Field) -> String {
    let value = unescape(&buf[f.start..f.end]);
    decode(&value)
        .trim()
        .trim_start_matches('\u{feff}')
        .to_string()
}

fn read_header(buf: &[u8], fields: &[Field]) -> Columns {
    let captions: Vec<String> = fields.iter().map(|f| caption(buf, f)).collect();
    let classes = captions.iter().map(|c| personal_of(c)).collect();
    let names: Vec<&str> = captions.iter().map(String::as_str).collect();
    let kind = detect(&names, "").kind;
    Columns {
        captions,
        classes,
        kind,
    }
}

/// Nothing but whitespace and delimiters, and no quote: the reader skips it.
fn is_blank(buf: &[u8], fields: &[Field]) -> bool {
    fields
        .iter()
        .all(|f| buf[f.start..f.end].iter().all(u8::is_ascii_whitespace))
}

/// The header again (two exports pasted together): the reader skips it, so
/// it must stay the header, not become pseudonyms.
/// The test is the reader's (`ingest`): every field trimmed equals its
/// caption. The first field is compared without allocating, as it almost
/// always differs.
fn is_repeated_header(buf: &[u8], fields: &[Field], captions: &[String]) -> bool {
    let first_differs = || {
        let f = fields[0];
        let value = unescape(&buf[f.start..f.end]);
        let value = value.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&value);
        value.trim_ascii() != captions[0].as_bytes()
    };
    fields.len() == captions.len()
        && !captions.is_empty()
        && !first_differs()
        && fields
            .iter()
            .zip(captions)
            .all(|(f, c)| caption(buf, f) == *c)
}

/// Writes a pseudonym where a field was: quoted if it was (and left open if
/// the input ended inside its quotes), and quoted anyway if it has to be.
fn write_field(out: &mut Vec<u8>, value: &str, quoted: bool, open: bool, delimiter: u8) {
    let needs = value
        .bytes()
        .any(|b| b == delimiter || b == b'"' || b == b'\r' || b == b'\n');
    if !quoted && !needs {
        out.extend_from_slice(value.as_bytes());
        return;
    }
    out.push(b'"');
    for b in value.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    if !open {
        out.push(b'"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Key;

    fn redact(input: &[u8]) -> String {
        let mut r = Redactor::new(&Key::from_hex(&"07".repeat(32)).unwrap());
        String::from_utf8(r.redact(input).unwrap().0).unwrap()
    }

    #[test]
    fn only_identifying_fields_change_and_a_repeated_header_stays() {
        let input = b"\xEF\xBB\xBFsep=;\r\nDate;Username;Status\r\n\r\n1;\"a@b.c\";Success\n\"Date\";Username;Status\r\n2;;\"x\"\"y\"";
        let out = redact(input);
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(lines[0], "\u{feff}sep=;\r");
        assert_eq!(lines[1], "Date;Username;Status\r");
        assert_eq!(lines[2], "\r");
        assert!(lines[3].starts_with("1;\"user-") && lines[3].ends_with(".example\";Success"));
        assert_eq!(lines[4], "\"Date\";Username;Status\r");
        assert_eq!(lines[5], "2;;\"x\"\"y\"");
    }

    #[test]
    fn a_quoted_first_caption_behind_a_byte_order_mark_is_read_as_quoted() {
        let out = redact(b"\xEF\xBB\xBF\"User,name\",Username\n\"User,name\",Username\nx,a@b.c\n");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[1], "\"User,name\",Username",
            "a repeated header stays"
        );
        assert!(lines[2].starts_with("x,user-"), "{out}");
    }
}

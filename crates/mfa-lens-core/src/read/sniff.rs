//! Finding the header line in the first decoded text and deciding the delimiter
//! from it: Excel's `sep=X` line when there is one, otherwise whichever of
//! `,` `;` tab `|` occurs most often outside quotes.
//!
//! Why the header line only: it is the one line every export has, it contains no
//! free text (so a `;` inside a user agent cannot outvote the commas), and it is
//! short. Ties and a header without any candidate (a one-column file) mean comma,
//! which is what the portal writes.

/// The candidate delimiters in tie-break order: comma first because the portal
/// writes commas; `;` is what Excel writes in locales with a decimal comma.
pub(crate) const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Incremental search for the first non-blank line of a growing buffer, so that
/// a header delivered one byte at a time is scanned once in total, not once per
/// byte.
#[derive(Debug, Default)]
pub(crate) struct HeaderScan {
    /// Next byte of the buffer to look at.
    pos: usize,
    /// Where the line being scanned starts.
    line_start: usize,
    in_quotes: bool,
    /// The line being scanned has something besides whitespace.
    has_text: bool,
}

impl HeaderScan {
    /// Continues scanning `head` (which only ever grows). Returns the byte range
    /// of the first non-blank line, without its line break, once that line is
    /// complete. A line break inside quotes does not end the line.
    pub(crate) fn first_line(&mut self, head: &[u8]) -> Option<(usize, usize)> {
        while let Some(&byte) = head.get(self.pos) {
            let at = self.pos;
            self.pos += 1;
            match byte {
                b'"' => {
                    self.in_quotes = !self.in_quotes;
                    self.has_text = true;
                }
                b'\r' | b'\n' if !self.in_quotes => {
                    if self.has_text {
                        return Some((self.line_start, at));
                    }
                    self.line_start = self.pos;
                }
                b' ' | b'\t' | b'\x0C' | b'\x0B' => {}
                _ => self.has_text = true,
            }
        }
        None
    }

    /// The start of the line being scanned, for deciding from an incomplete line.
    pub(crate) fn line_start(&self) -> usize {
        self.line_start
    }
}

/// The delimiter named by an Excel `sep=X` line, accepting surrounding quotes,
/// whitespace and trailing delimiters (`"sep=;";;` after a round trip through
/// another spreadsheet).
pub(crate) fn excel_sep_line(line: &[u8]) -> Option<u8> {
    let line = line.trim_ascii_start();
    let line = line.strip_prefix(b"\"").unwrap_or(line);
    let (prefix, rest) = (line.get(..4)?, line.get(4..)?);
    if !prefix.eq_ignore_ascii_case(b"sep=") {
        return None;
    }
    let (&delimiter, tail) = rest.split_first()?;
    let usable = delimiter == b'\t' || (delimiter.is_ascii_punctuation() && delimiter != b'"');
    let tail_ok = tail
        .iter()
        .all(|&b| b == b'"' || b == delimiter || b.is_ascii_whitespace());
    (usable && tail_ok).then_some(delimiter)
}

/// The candidate occurring most often outside double quotes in `line`; comma on
/// a tie or when none occurs.
pub(crate) fn delimiter_of(line: &[u8]) -> u8 {
    let mut counts = [0usize; CANDIDATES.len()];
    let mut in_quotes = false;
    for &byte in line {
        if byte == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            if let Some(i) = CANDIDATES.iter().position(|&c| c == byte) {
                counts[i] += 1;
            }
        }
    }
    let mut best = 0;
    for (i, &count) in counts.iter().enumerate() {
        if count > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_frequent_outside_quotes_wins() {
        assert_eq!(delimiter_of(b"a;b;c"), b';');
        assert_eq!(delimiter_of(b"a\tb\tc,d"), b'\t');
        assert_eq!(delimiter_of(b"\"a;b;c\",d"), b',');
        assert_eq!(delimiter_of(b"a|b|c|d;e"), b'|');
    }

    #[test]
    fn ties_and_single_columns_mean_comma() {
        assert_eq!(delimiter_of(b"a;b,c"), b',');
        assert_eq!(delimiter_of(b"a;b\tc"), b';');
        assert_eq!(delimiter_of(b"Username"), b',');
    }

    #[test]
    fn excel_sep_lines() {
        assert_eq!(excel_sep_line(b"sep=;"), Some(b';'));
        assert_eq!(excel_sep_line(b"\"sep=,\""), Some(b','));
        assert_eq!(excel_sep_line(b"SEP=|"), Some(b'|'));
        assert_eq!(excel_sep_line(b"\"sep=;\";;"), Some(b';'));
        assert_eq!(excel_sep_line(b"sep=\t"), Some(b'\t'));
        assert_eq!(excel_sep_line(b"sep="), None);
        assert_eq!(excel_sep_line(b"sep=;x"), None);
        assert_eq!(excel_sep_line(b"separator,b"), None);
    }

    #[test]
    fn header_scan_skips_blank_lines_and_quoted_breaks() {
        let head = b"\r\n  \n\"a\nb\",c\r\nrest";
        let mut scan = HeaderScan::default();
        let (start, end) = scan.first_line(head).unwrap();
        assert_eq!(&head[start..end], b"\"a\nb\",c");
    }

    #[test]
    fn header_scan_resumes_across_calls() {
        let full = b"a,b\nc";
        let mut scan = HeaderScan::default();
        assert_eq!(scan.first_line(&full[..2]), None);
        assert_eq!(scan.first_line(&full[..3]), None);
        assert_eq!(scan.first_line(&full[..]), Some((0, 3)));
    }
}

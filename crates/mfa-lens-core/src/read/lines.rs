//! Physical line counting over the decoded text.
//!
//! A line break is `\n`, `\r\n` or a lone `\r`, each counted once, wherever it is
//! (inside a quoted field too: a record with an embedded newline spans several
//! physical lines, and the next record's line number says so). The counter sees
//! every decoded byte exactly once, in order, whatever the chunking, so a `\r\n`
//! split across two slices is still one break.

/// Counts line breaks in a byte stream fed in pieces.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LineCounter {
    breaks: u64,
    /// The last byte seen was `\r`: a `\n` right after it belongs to the same break.
    after_cr: bool,
    /// Bytes have been seen since the last line break.
    open_line: bool,
}

impl LineCounter {
    /// Number of complete line breaks seen so far.
    #[cfg(test)]
    pub(crate) fn breaks(&self) -> u64 {
        self.breaks
    }

    /// 1-based line on which the next byte will be.
    pub(crate) fn current_line(&self) -> u64 {
        self.breaks.saturating_add(1)
    }

    /// Physical lines: breaks, plus the last line when it has no break.
    pub(crate) fn lines(&self) -> u64 {
        self.breaks.saturating_add(u64::from(self.open_line))
    }

    /// Whether the last byte seen was a `\r`.
    #[cfg(test)]
    pub(crate) fn after_cr(&self) -> bool {
        self.after_cr
    }

    /// Accounts for `bytes`, the next piece of the stream.
    ///
    /// Each `\r` counts as a break, and each `\n` counts unless it directly
    /// follows a `\r`. This runs over every byte of the file, so the two counts
    /// are taken in one pass shaped for the compiler to vectorise (fixed-size
    /// blocks with byte-wide sums), and the `\r\n` pairs are only looked for
    /// when a piece holds both characters: `csv_core` stops right after a
    /// record's `\r`, so in a CRLF file the `\r` and its `\n` nearly always
    /// arrive in different pieces and the pair is caught by `after_cr`.
    #[inline]
    pub(crate) fn count(&mut self, bytes: &[u8]) {
        let Some(&last) = bytes.last() else {
            return;
        };
        let (newlines, returns) = count_breaks(bytes);
        let mut pairs = u64::from(self.after_cr && bytes[0] == b'\n');
        if newlines > 0 && returns > 0 {
            pairs += bytes
                .iter()
                .zip(&bytes[1..])
                .filter(|&(&a, &b)| a == b'\r' && b == b'\n')
                .count() as u64;
        }
        let added = (newlines + returns).saturating_sub(pairs);
        self.breaks = self.breaks.saturating_add(added);
        self.after_cr = last == b'\r';
        self.open_line = last != b'\r' && last != b'\n';
    }

    /// The 1-based line of the byte that would follow `bytes` if they were counted,
    /// without counting them.
    pub(crate) fn line_after(&self, bytes: &[u8]) -> u64 {
        let mut probe = *self;
        probe.count(bytes);
        probe.current_line()
    }
}

/// Numbers of `\n` and `\r` in `bytes`.
#[inline]
fn count_breaks(bytes: &[u8]) -> (u64, u64) {
    const BLOCK: usize = 64;
    let (mut newlines, mut returns) = (0u64, 0u64);
    let mut blocks = bytes.chunks_exact(BLOCK);
    for block in &mut blocks {
        // At most 64 per block, so a byte-wide sum cannot overflow.
        let (mut n, mut r) = (0u8, 0u8);
        for &b in block {
            n += u8::from(b == b'\n');
            r += u8::from(b == b'\r');
        }
        newlines += u64::from(n);
        returns += u64::from(r);
    }
    for &b in blocks.remainder() {
        newlines += u64::from(b == b'\n');
        returns += u64::from(b == b'\r');
    }
    (newlines, returns)
}

#[cfg(test)]
mod tests {
    use super::LineCounter;

    fn count_in_pieces(pieces: &[&[u8]]) -> u64 {
        let mut counter = LineCounter::default();
        for piece in pieces {
            counter.count(piece);
        }
        counter.breaks()
    }

    #[test]
    fn each_kind_of_break_counts_once() {
        assert_eq!(count_in_pieces(&[b"a\nb\r\nc\rd"]), 3);
        assert_eq!(count_in_pieces(&[b"\r\r\n\n"]), 3);
        assert_eq!(count_in_pieces(&[b"no break"]), 0);
    }

    #[test]
    fn crlf_split_between_pieces_is_one_break() {
        assert_eq!(count_in_pieces(&[b"a\r", b"\nb"]), 1);
        assert_eq!(count_in_pieces(&[b"a\r", b"", b"\nb"]), 1);
        assert_eq!(count_in_pieces(&[b"a\r", b"b\n"]), 2);
    }

    #[test]
    fn long_pieces_count_the_same_as_bytes_one_by_one() {
        let text: Vec<u8> = (0..1000u32)
            .map(|i| match i % 7 {
                0 => b'\r',
                3 => b'\n',
                5 if i % 3 == 0 => b'\n',
                _ => b'x',
            })
            .collect();
        let one_by_one: Vec<&[u8]> = text.chunks(1).collect();
        assert_eq!(count_in_pieces(&[&text]), count_in_pieces(&one_by_one));
        let mut piecewise = LineCounter::default();
        for chunk in text.chunks(100) {
            piecewise.count(chunk);
        }
        assert_eq!(piecewise.breaks(), count_in_pieces(&one_by_one));
    }

    #[test]
    fn line_after_does_not_consume() {
        let mut counter = LineCounter::default();
        counter.count(b"x\r");
        assert_eq!(counter.line_after(b"\ny\n"), 3);
        assert_eq!(counter.current_line(), 2);
        assert!(counter.after_cr());
    }
}

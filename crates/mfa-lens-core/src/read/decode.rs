//! Incremental transcoding of the raw bytes to UTF-8, whatever the chunking.
//!
//! UTF-8 input is validated and handed on without copying. A sequence that is not
//! UTF-8 is read as Windows-1252, *that sequence only*: the bytes around it that
//! are valid UTF-8 stay UTF-8. Why not switch the rest of the file to
//! Windows-1252 at the first bad byte: the files that reach us with bad bytes are
//! either exports re-saved by Excel as "CSV" on Western Windows (every accented
//! letter is a single byte, which is never valid UTF-8, so each one falls back and
//! comes out right) or several exports pasted together in different encodings; a
//! whole-file switch would turn the valid UTF-8 part of the second kind into
//! mojibake (`é` → `Ã©`), the per-sequence fallback gets both right. The price is
//! that two Windows-1252 letters that happen to form a valid UTF-8 pair (`Ã©`)
//! read as one letter, which real names essentially never contain.
//!
//! UTF-16 goes through `encoding_rs`'s streaming decoder; an unpaired surrogate
//! becomes U+FFFD.
//!
//! Every undecodable sequence is reported to [`TextOut::undecodable`] just before
//! its replacement text, so the next stage can name the line it is on.

use encoding_rs::{DecoderResult, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Receives decoded text. Every slice passed to `text` is valid UTF-8 and the
/// slices concatenate to the decoded file.
pub(crate) trait TextOut {
    fn text(&mut self, utf8: &[u8]);
    /// The text that follows replaces bytes that could not be decoded.
    fn undecodable(&mut self);
}

/// UTF-8 with a per-sequence Windows-1252 fallback.
#[derive(Debug, Default)]
pub(crate) struct Utf8Decoder {
    /// The start of a multi-byte sequence cut off at the end of the last chunk.
    carry: [u8; 4],
    carry_len: usize,
}

impl Utf8Decoder {
    pub(crate) fn push(&mut self, input: &[u8], out: &mut impl TextOut) {
        let input = self.complete_carry(input, out);
        self.decode(input, out);
    }

    /// End of input: a sequence still cut off is undecodable.
    pub(crate) fn finish(&mut self, out: &mut impl TextOut) {
        let carry = self.carry;
        let len = std::mem::take(&mut self.carry_len);
        if let Some(bytes) = carry.get(..len) {
            if !bytes.is_empty() {
                fallback(bytes, out);
            }
        }
    }

    /// Finishes the sequence carried over from the previous chunk with the first
    /// bytes of `input`, and returns the rest of `input`.
    ///
    /// The carried bytes plus up to three new ones are validated together, so
    /// the decision (one valid character, or an invalid sequence of the same
    /// length `std` would report for the unsplit text) is the one the unsplit file
    /// gets.
    fn complete_carry<'a>(&mut self, input: &'a [u8], out: &mut impl TextOut) -> &'a [u8] {
        if self.carry_len == 0 {
            return input;
        }
        let carried = self.carry_len;
        let take = input.len().min(3);
        let mut joined = [0u8; 8];
        joined[..carried].copy_from_slice(&self.carry[..carried]);
        joined[carried..carried + take].copy_from_slice(&input[..take]);
        let joined = &joined[..carried + take];
        let used = match std::str::from_utf8(joined) {
            Err(e) if e.valid_up_to() == 0 => match e.error_len() {
                Some(bad) => {
                    fallback(&joined[..bad], out);
                    bad
                }
                // Still cut off (a cut-off sequence is at most 3 bytes, so it
                // fits): everything so far is carried again.
                None if joined.len() <= self.carry.len() => {
                    self.carry[..joined.len()].copy_from_slice(joined);
                    self.carry_len = joined.len();
                    return &[];
                }
                None => {
                    fallback(joined, out);
                    joined.len()
                }
            },
            // The carried lead byte starts a character that is now complete.
            _ => {
                let len = utf8_len(joined[0]).min(joined.len());
                out.text(&joined[..len]);
                len
            }
        };
        self.carry_len = 0;
        input.get(used.saturating_sub(carried)..).unwrap_or(&[])
    }

    fn decode(&mut self, mut input: &[u8], out: &mut impl TextOut) {
        loop {
            match std::str::from_utf8(input) {
                Ok(_) => {
                    if !input.is_empty() {
                        out.text(input);
                    }
                    return;
                }
                Err(e) => {
                    let (valid, rest) = input.split_at(e.valid_up_to());
                    if !valid.is_empty() {
                        out.text(valid);
                    }
                    match e.error_len() {
                        Some(bad) => {
                            let (bad, after) = rest.split_at(bad.min(rest.len()));
                            fallback(bad, out);
                            input = after;
                        }
                        None => {
                            // A sequence cut off by the chunk boundary (at most 3 bytes).
                            let len = rest.len().min(self.carry.len());
                            self.carry[..len].copy_from_slice(&rest[..len]);
                            self.carry_len = len;
                            return;
                        }
                    }
                }
            }
        }
    }
}

/// Length of the UTF-8 sequence announced by a lead byte.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xF7 => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Reads bytes that are not UTF-8 as Windows-1252 (every byte maps to a
/// character, so nothing is lost).
fn fallback(bytes: &[u8], out: &mut impl TextOut) {
    out.undecodable();
    let mut decoder = WINDOWS_1252.new_decoder_without_bom_handling();
    // Each byte becomes at most 3 UTF-8 bytes; sequences are at most 4 bytes.
    let mut buf = [0u8; 16];
    for piece in bytes.chunks(4) {
        let (_, _, written, _) = decoder.decode_to_utf8(piece, &mut buf, false);
        out.text(&buf[..written]);
    }
}

/// UTF-16 (either byte order) with `encoding_rs`'s streaming decoder.
pub(crate) struct Utf16Decoder {
    inner: encoding_rs::Decoder,
    buf: Box<[u8]>,
}

impl std::fmt::Debug for Utf16Decoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Utf16Decoder").finish_non_exhaustive()
    }
}

/// Size of the UTF-8 staging buffer for UTF-16 input: large enough that the
/// per-call overhead vanishes, small enough not to matter for memory.
const UTF16_STAGING: usize = 64 * 1024;

impl Utf16Decoder {
    /// Bytes of buffer held.
    pub(crate) fn buffer_bytes(&self) -> usize {
        self.buf.len()
    }

    pub(crate) fn new(big_endian: bool) -> Self {
        let encoding = if big_endian { UTF_16BE } else { UTF_16LE };
        Utf16Decoder {
            // The probe has already removed the byte-order mark.
            inner: encoding.new_decoder_without_bom_handling(),
            buf: vec![0u8; UTF16_STAGING].into_boxed_slice(),
        }
    }

    pub(crate) fn push(&mut self, input: &[u8], out: &mut impl TextOut) {
        self.run(input, false, out);
    }

    pub(crate) fn finish(&mut self, out: &mut impl TextOut) {
        self.run(&[], true, out);
    }

    fn run(&mut self, mut input: &[u8], last: bool, out: &mut impl TextOut) {
        loop {
            let (result, read, written) =
                self.inner
                    .decode_to_utf8_without_replacement(input, &mut self.buf, last);
            if written > 0 {
                out.text(&self.buf[..written]);
            }
            input = input.get(read..).unwrap_or(&[]);
            match result {
                DecoderResult::InputEmpty => return,
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(_, _) => {
                    out.undecodable();
                    out.text("\u{FFFD}".as_bytes());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect {
        text: String,
        undecodable: Vec<usize>,
    }

    impl TextOut for Collect {
        fn text(&mut self, utf8: &[u8]) {
            self.text
                .push_str(std::str::from_utf8(utf8).expect("decoder emitted invalid UTF-8"));
        }
        fn undecodable(&mut self) {
            self.undecodable.push(self.text.len());
        }
    }

    fn utf8_in_pieces(bytes: &[u8], piece: usize) -> Collect {
        let mut out = Collect::default();
        let mut decoder = Utf8Decoder::default();
        for chunk in bytes.chunks(piece) {
            decoder.push(chunk, &mut out);
        }
        decoder.finish(&mut out);
        out
    }

    #[test]
    fn split_multibyte_characters_decode_identically() {
        let text = "Zoë, Łukasz 日本 😀 end".as_bytes();
        for piece in 1..=text.len() {
            let out = utf8_in_pieces(text, piece);
            assert_eq!(out.text, "Zoë, Łukasz 日本 😀 end", "piece size {piece}");
            assert!(out.undecodable.is_empty());
        }
    }

    #[test]
    fn windows_1252_bytes_fall_back_per_sequence() {
        // "José" in Windows-1252, then "€" (0x80) and valid UTF-8 "ü" afterwards.
        let bytes = b"Jos\xE9 \x80 \xC3\xBC";
        for piece in 1..=bytes.len() {
            let out = utf8_in_pieces(bytes, piece);
            assert_eq!(out.text, "José € ü", "piece size {piece}");
            assert_eq!(out.undecodable, vec![3, 6], "piece size {piece}");
        }
    }

    #[test]
    fn truncated_sequence_at_end_falls_back() {
        for piece in 1..=4 {
            let out = utf8_in_pieces(b"ab\xE2\x82", piece);
            assert_eq!(out.text, "ab\u{e2}\u{201a}", "piece size {piece}");
            assert_eq!(out.undecodable, vec![2]);
        }
    }

    #[test]
    fn utf16_split_units_and_surrogates() {
        let text = "a,b\r\nÄ,😀\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, big) in [(le, false), (be, true)] {
            for piece in 1..=bytes.len() {
                let mut out = Collect::default();
                let mut decoder = Utf16Decoder::new(big);
                for chunk in bytes.chunks(piece) {
                    decoder.push(chunk, &mut out);
                }
                decoder.finish(&mut out);
                assert_eq!(out.text, text);
                assert!(out.undecodable.is_empty());
            }
        }
    }

    #[test]
    fn unpaired_surrogate_and_odd_byte_are_reported() {
        // 'a', a lone high surrogate, 'b', then one stray byte.
        let bytes = [b'a', 0, 0x00, 0xD8, b'b', 0, b'c'];
        let mut out = Collect::default();
        let mut decoder = Utf16Decoder::new(false);
        decoder.push(&bytes, &mut out);
        decoder.finish(&mut out);
        assert_eq!(out.text, "a\u{FFFD}b\u{FFFD}");
        assert_eq!(out.undecodable.len(), 2);
    }
}

//! The CSV stage: decoded UTF-8 text in slices of any size → records, with
//! physical line numbers, bounded buffers and tallies of what had to be repaired.
//!
//! Parsing is `csv_core`'s push DFA (RFC 4180 quoting, doubled quotes, embedded
//! line breaks, CRLF / LF / CR). Around it this stage adds:
//!
//! - **Header sniffing.** Text is held back until the first non-blank line is
//!   complete (or [`SNIFF_LIMIT`](super::SNIFF_LIMIT) bytes have arrived without one): it may be an
//!   Excel `sep=X` line, which is dropped, and otherwise names the delimiter.
//! - **Line numbers.** Every byte passes through one [`LineCounter`] in order;
//!   a record's line is the line of its first byte.
//! - **Blank lines.** `csv_core` already skips empty lines. This stage also skips
//!   a record whose fields are all whitespace *and which has no quotes at all*
//!   (a line of spaces, or the `;;;;;` rows Excel writes below a table it saved).
//!   A quoted empty value (`""`) is data, so a one-column file keeps its empty
//!   values when they are quoted; an unquoted empty line cannot be told from a
//!   blank line by anyone, so it is skipped.
//! - **Limits.** A field longer than [`FIELD_LIMIT`](super::FIELD_LIMIT) is cut at that size (at a
//!   character boundary) while it streams by, so an unterminated quote near the
//!   top of a 200 MB file costs 1 MiB, not 200 MB. Fields beyond [`COLUMN_LIMIT`](super::COLUMN_LIMIT)
//!   are dropped. The row is kept either way and the tallies say so.

use crate::read::limits::{ReadLimits, Repairs};
use crate::read::lines::LineCounter;
use crate::read::simple_record::{read_simple, Within};
use crate::read::sniff::{self, HeaderScan};
use crate::read::Record;
use crate::read::RecordSink;
use csv_core::ReadRecordResult;

/// Size of the buffer that swallows the bytes of a field being cut short.
const SCRATCH_LEN: usize = 64 * 1024;

/// Number of field ends the scratch buffers take per call.
const SCRATCH_ENDS: usize = 256;

/// Where the bytes `csv_core` writes go while a record is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Into the record buffer.
    Keep,
    /// The current field has reached [`FIELD_LIMIT`](super::FIELD_LIMIT): its remaining bytes are
    /// dropped, and whatever follows its end is copied back into the record.
    CutField,
    /// The record has [`COLUMN_LIMIT`](super::COLUMN_LIMIT) fields: everything else is dropped.
    DropRest,
}

#[derive(Debug)]
enum Phase {
    /// Holding text back until the header line is complete.
    Sniffing {
        head: Vec<u8>,
        scan: HeaderScan,
    },
    Parsing,
}

/// The CSV stage. See the module documentation.
#[derive(Debug)]
pub(crate) struct Records {
    limits: ReadLimits,
    phase: Phase,
    delimiter: Option<u8>,
    core: csv_core::Reader,
    lines: LineCounter,
    /// Unescaped bytes of the current record. Its length is its capacity (it is
    /// zero-filled when it grows); `out_len` bytes are used.
    out: Vec<u8>,
    out_len: usize,
    /// Field ends of the current record, in `out` coordinates.
    ends: Vec<usize>,
    ends_len: usize,
    scratch: Vec<u8>,
    scratch_ends: Vec<usize>,
    mode: Mode,
    /// Bytes of the current record that `csv_core` wrote but that were dropped;
    /// `csv_core` reports field ends as if nothing was dropped.
    dropped: usize,
    record_cut: bool,
    record_wide: bool,
    at_record_start: bool,
    record_line: u64,
    /// Input bytes `csv_core` consumed for the current record.
    raw_len: usize,
    seen_header: bool,
    pub(crate) data_records: u64,
    pub(crate) blank_records: u64,
    pub(crate) repairs: Repairs,
}

impl Records {
    pub(crate) fn new(limits: ReadLimits) -> Self {
        let limits = limits.at_least_one();
        Records {
            limits,
            phase: Phase::Sniffing {
                head: Vec::new(),
                scan: HeaderScan::default(),
            },
            delimiter: None,
            core: csv_core::Reader::new(),
            lines: LineCounter::default(),
            out: vec![0; limits.field_bytes.clamp(16, 4096)],
            out_len: 0,
            ends: vec![0; limits.columns.min(64)],
            ends_len: 0,
            scratch: Vec::new(),
            scratch_ends: Vec::new(),
            mode: Mode::Keep,
            dropped: 0,
            record_cut: false,
            record_wide: false,
            at_record_start: true,
            record_line: 1,
            raw_len: 0,
            seen_header: false,
            data_records: 0,
            blank_records: 0,
            repairs: Repairs::default(),
        }
    }

    /// Bytes of buffer held: the record buffers, the scratch buffers and the
    /// header search buffer while it exists.
    pub(crate) fn buffer_bytes(&self) -> usize {
        let words = self.ends.capacity() + self.scratch_ends.capacity();
        let head = match &self.phase {
            Phase::Sniffing { head, .. } => head.capacity(),
            Phase::Parsing => 0,
        };
        self.out.capacity() + self.scratch.capacity() + head + words * std::mem::size_of::<usize>()
    }

    pub(crate) fn limits(&self) -> ReadLimits {
        self.limits
    }

    pub(crate) fn delimiter(&self) -> Option<u8> {
        self.delimiter
    }

    pub(crate) fn seen_header(&self) -> bool {
        self.seen_header
    }

    /// Physical lines in the text: line breaks, plus one for a last line without
    /// a break.
    pub(crate) fn line_count(&self) -> u64 {
        self.lines.lines()
    }

    /// The next slice of decoded text (valid UTF-8).
    pub(crate) fn push(&mut self, mut text: &[u8], sink: &mut dyn RecordSink) {
        if let Phase::Sniffing { head, scan } = &mut self.phase {
            // Never take in more than the sniff limit, so the moment of decision
            // is the same for every chunking.
            let room = self.limits.sniff_bytes.saturating_sub(head.len());
            let (now, later) = text.split_at(room.min(text.len()));
            head.extend_from_slice(now);
            text = later;
            let found = scan.first_line(head);
            if found.is_none() && head.len() < self.limits.sniff_bytes {
                return;
            }
            self.end_sniffing(found, sink);
        }
        self.parse(text, sink);
    }

    /// An undecodable sequence: its replacement text comes next.
    pub(crate) fn undecodable(&mut self) {
        let line = match &self.phase {
            Phase::Sniffing { head, .. } => self.lines.line_after(head),
            Phase::Parsing => self.lines.current_line(),
        };
        self.repairs.undecodable.note(line);
    }

    /// End of the text: decide the delimiter if still sniffing, then deliver the
    /// last record.
    pub(crate) fn finish(&mut self, sink: &mut dyn RecordSink) {
        if let Phase::Sniffing { .. } = self.phase {
            self.end_sniffing(None, sink);
        }
        if self.at_record_start {
            return;
        }
        if self.detect_open_quote() {
            // The line break ended the record, exactly as the end of input would.
            self.end_record(false, sink);
            return;
        }
        while !self.step_final(sink) {}
    }

    /// Decides the delimiter from the header line (or from what arrived, when no
    /// complete line did), drops an Excel `sep=` line and parses the held text.
    fn end_sniffing(&mut self, line: Option<(usize, usize)>, sink: &mut dyn RecordSink) {
        let Phase::Sniffing { head, scan } = std::mem::replace(&mut self.phase, Phase::Parsing)
        else {
            return;
        };
        let (start, end) = line.unwrap_or((scan.line_start().min(head.len()), head.len()));
        // A second byte-order mark (a file that got one added twice, or a UTF-8
        // mark inside UTF-16) is not part of the first column's name.
        let mark = if head.starts_with("\u{FEFF}".as_bytes()) {
            3
        } else {
            0
        };
        let header = head.get(start.max(mark)..end).unwrap_or(&[]);
        let mut rest_from = mark;
        let delimiter = match sniff::excel_sep_line(header) {
            Some(delimiter) => {
                self.lines.count(head.get(mark..end).unwrap_or(&[]));
                rest_from = end.max(mark);
                delimiter
            }
            None => sniff::delimiter_of(header),
        };
        self.delimiter = Some(delimiter);
        self.core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        // `csv_core` strips a UTF-8 byte-order mark from the first bytes it is
        // given, but only if the first slice holds all three bytes. The decoder
        // has already removed the file's mark, so a line break (skipped as an
        // empty line) is read first and `csv_core` never strips anything.
        let (_, _, _, _) = self
            .core
            .read_record(b"\n", &mut [0u8; 1], &mut [0usize; 1]);
        let mut rest = head;
        rest.drain(..rest_from);
        self.parse(&rest, sink);
    }

    fn parse(&mut self, mut input: &[u8], sink: &mut dyn RecordSink) {
        while !input.is_empty() {
            if self.at_record_start {
                let skip = input
                    .iter()
                    .position(|&b| b != b'\r' && b != b'\n')
                    .unwrap_or(input.len());
                self.lines.count(&input[..skip]);
                input = &input[skip..];
                if input.is_empty() {
                    return;
                }
                self.begin_record();
                if let Some(taken) = self.simple_record(input, sink) {
                    input = &input[taken..];
                    continue;
                }
            }
            self.step_input(&mut input, sink);
        }
    }

    /// Reads the record at the start of `input` without `csv_core` when it is
    /// simple (see `simple_record`), delivering it as `csv_core`'s reading
    /// would have; the bytes it took, or `None` and nothing changed.
    fn simple_record(&mut self, input: &[u8], sink: &mut dyn RecordSink) -> Option<usize> {
        let within = Within {
            delimiter: self.delimiter?,
            field_bytes: self.limits.field_bytes,
            columns: self.limits.columns,
        };
        let record = read_simple(input, within, &mut self.out, &mut self.ends)?;
        let taken = &input[..record.consumed];
        self.lines.count(taken);
        self.raw_len = taken.len();
        self.out_len = record.out_len;
        self.ends_len = record.fields;
        self.end_record(true, sink);
        Some(record.consumed)
    }

    fn begin_record(&mut self) {
        self.at_record_start = false;
        self.record_line = self.lines.current_line();
        self.raw_len = 0;
    }

    fn step_input(&mut self, input: &mut &[u8], sink: &mut dyn RecordSink) {
        let (res, nin) = self.step_raw(input);
        let consumed = &input[..nin.min(input.len())];
        self.lines.count(consumed);
        self.raw_len = self.raw_len.saturating_add(consumed.len());
        *input = &input[consumed.len()..];
        self.react(res, true, sink);
    }

    /// One call with the end-of-input marker; `true` once the input is done.
    fn step_final(&mut self, sink: &mut dyn RecordSink) -> bool {
        let (res, _) = self.step_raw(&[]);
        let done = matches!(res, ReadRecordResult::Record | ReadRecordResult::End);
        self.react(res, false, sink);
        done
    }

    /// One call into `csv_core`, with the output going where `mode` says.
    fn step_raw(&mut self, input: &[u8]) -> (ReadRecordResult, usize) {
        match self.mode {
            Mode::Keep => {
                let out = self.out.get_mut(self.out_len..).unwrap_or(&mut []);
                let ends = self.ends.get_mut(self.ends_len..).unwrap_or(&mut []);
                let (res, nin, nout, nend) = self.core.read_record(input, out, ends);
                self.keep_output(nout, nend);
                (res, nin)
            }
            Mode::CutField | Mode::DropRest => {
                self.ensure_scratch();
                let (res, nin, nout, nend) =
                    self.core
                        .read_record(input, &mut self.scratch, &mut self.scratch_ends);
                if self.mode == Mode::CutField {
                    self.resume_after_cut(nout, nend);
                } else {
                    self.dropped = self.dropped.saturating_add(nout);
                }
                (res, nin)
            }
        }
    }

    /// Allocates the scratch buffers on first use. Their sizes follow the limits
    /// (64 KiB and 256 ends with the defaults) so that tests with tiny limits
    /// also fill them.
    fn ensure_scratch(&mut self) {
        if self.scratch.is_empty() {
            let bytes = self
                .limits
                .field_bytes
                .saturating_mul(2)
                .clamp(4, SCRATCH_LEN);
            let ends = (self.limits.columns / 2).clamp(2, SCRATCH_ENDS);
            self.scratch = vec![0; bytes];
            self.scratch_ends = vec![0; ends];
        }
    }

    fn keep_output(&mut self, nout: usize, nend: usize) {
        let first_new = self.ends_len;
        self.out_len += nout;
        self.ends_len += nend;
        if self.dropped > 0 {
            for end in &mut self.ends[first_new..self.ends_len] {
                *end = end.saturating_sub(self.dropped);
            }
        }
    }

    /// While a field is being cut, `csv_core` writes into the scratch buffer: the
    /// rest of the long field, then possibly its end and the next fields, which
    /// are moved back into the record.
    fn resume_after_cut(&mut self, nout: usize, nend: usize) {
        let written_from = self.out_len + self.dropped;
        let Some(&field_end) = self.scratch_ends.get(..nend).and_then(|e| e.first()) else {
            self.dropped = self.dropped.saturating_add(nout);
            return;
        };
        let tail = field_end.saturating_sub(written_from).min(nout);
        self.dropped = self.dropped.saturating_add(tail);
        self.mode = Mode::Keep;
        self.push_end(self.out_len);
        let follow = &self.scratch[tail..nout];
        if self.mode == Mode::Keep {
            let need = self.out_len + follow.len();
            if need > self.out.len() {
                self.out.resize(need.next_power_of_two(), 0);
            }
            self.out[self.out_len..need].copy_from_slice(follow);
            self.out_len = need;
        }
        for i in 1..nend {
            if self.mode != Mode::Keep {
                break;
            }
            let end = self.scratch_ends[i].saturating_sub(self.dropped);
            self.push_end(end);
        }
    }

    /// The record has as many fields as it may keep: drop everything else,
    /// including bytes of the next field already copied into the record.
    fn start_dropping(&mut self) {
        self.mode = Mode::DropRest;
        self.record_wide = true;
        let kept = self.ends_len.checked_sub(1).map_or(0, |i| self.ends[i]);
        self.dropped = self
            .dropped
            .saturating_add(self.out_len.saturating_sub(kept));
        self.out_len = kept.min(self.out_len);
    }

    /// Appends a field end, or switches to dropping when the record is full.
    fn push_end(&mut self, end: usize) {
        if self.ends_len >= self.limits.columns {
            self.start_dropping();
            return;
        }
        if self.ends_len == self.ends.len() {
            self.grow_ends();
        }
        self.ends[self.ends_len] = end;
        self.ends_len += 1;
    }

    fn grow_ends(&mut self) {
        let len = (self.ends.len().max(8) * 2).min(self.limits.columns);
        self.ends.resize(len, 0);
    }

    /// Acts on what `csv_core` said. "Full" results only concern the record
    /// buffers when they really are full: after a cut the call wrote into the
    /// scratch buffers, whose filling up means nothing for the record.
    fn react(&mut self, res: ReadRecordResult, terminated: bool, sink: &mut dyn RecordSink) {
        let keeping = self.mode == Mode::Keep;
        match res {
            ReadRecordResult::InputEmpty | ReadRecordResult::End => {}
            ReadRecordResult::OutputFull => {
                if keeping && self.out_len == self.out.len() {
                    self.output_full();
                }
            }
            ReadRecordResult::OutputEndsFull => {
                if keeping && self.ends_len == self.ends.len() {
                    if self.ends.len() >= self.limits.columns {
                        self.start_dropping();
                    } else {
                        self.grow_ends();
                    }
                }
            }
            ReadRecordResult::Record => self.end_record(terminated, sink),
        }
    }

    /// The record buffer is full: grow it, unless the field being read has
    /// reached the limit, in which case cut it there and drop the rest of it.
    fn output_full(&mut self) {
        if self.mode != Mode::Keep {
            return;
        }
        let field_start = self.ends_len.checked_sub(1).map_or(0, |i| self.ends[i]);
        let field_len = self.out_len.saturating_sub(field_start);
        let limit = self.limits.field_bytes;
        // Strictly longer: the byte just past the limit must be at hand to know
        // whether the limit falls inside a character.
        if field_len > limit {
            let keep = char_floor(&self.out[field_start..self.out_len], limit);
            self.dropped = self.dropped.saturating_add(field_len - keep);
            self.out_len = field_start + keep;
            self.record_cut = true;
            self.mode = Mode::CutField;
        } else {
            let len = (self.out.len() * 2).max(16);
            self.out.resize(len, 0);
        }
    }

    /// `csv_core` has no way to say whether it is inside a quoted field, so at
    /// the end of the input it is shown one line break first: inside quotes the
    /// break becomes part of the value (one byte out, no record), anywhere else
    /// it ends the record exactly as the end of input would. The extra byte is
    /// then accounted as dropped, so it never reaches the record.
    ///
    /// Returns `true` when the break ended the record (it still has to be
    /// delivered).
    fn detect_open_quote(&mut self) -> bool {
        loop {
            let (res, _) = match self.mode {
                Mode::Keep if self.out_len == self.out.len() => {
                    self.output_full();
                    continue;
                }
                Mode::Keep
                    if self.ends_len == self.ends.len()
                        && self.ends.len() < self.limits.columns =>
                {
                    self.grow_ends();
                    continue;
                }
                _ => self.peek_with_break(),
            };
            match res {
                ReadRecordResult::OutputEndsFull => self.start_dropping(),
                ReadRecordResult::Record => return true,
                _ => return false,
            }
        }
    }

    fn peek_with_break(&mut self) -> (ReadRecordResult, usize) {
        let (res, nin, nout, nend) = match self.mode {
            Mode::Keep => {
                let out = self.out.get_mut(self.out_len..).unwrap_or(&mut []);
                let ends = self.ends.get_mut(self.ends_len..).unwrap_or(&mut []);
                self.core.read_record(b"\n", out, ends)
            }
            _ => {
                self.ensure_scratch();
                self.core
                    .read_record(b"\n", &mut self.scratch, &mut self.scratch_ends)
            }
        };
        match res {
            ReadRecordResult::InputEmpty if nout == 1 => {
                self.repairs.unterminated_quote = Some(self.record_line);
                self.dropped = self.dropped.saturating_add(1);
            }
            ReadRecordResult::Record => {
                // The break ended the record: same as the end of input.
                match self.mode {
                    Mode::Keep => self.keep_output(nout, nend),
                    Mode::CutField => self.resume_after_cut(nout, nend),
                    Mode::DropRest => {}
                }
            }
            _ => {}
        }
        (res, nin)
    }

    fn end_record(&mut self, terminated: bool, sink: &mut dyn RecordSink) {
        self.cut_long_fields();
        if self.is_blank(terminated) {
            self.blank_records = self.blank_records.saturating_add(1);
            if !self.seen_header && self.ends_len > 1 {
                self.repairs.empty_header.get_or_insert(self.record_line);
            }
        } else {
            if self.record_cut {
                self.repairs.long_fields.note(self.record_line);
            }
            if self.record_wide {
                self.repairs.wide_rows.note(self.record_line);
            }
            self.deliver(sink);
        }
        self.out_len = 0;
        self.ends_len = 0;
        self.dropped = 0;
        self.mode = Mode::Keep;
        self.record_cut = false;
        self.record_wide = false;
        self.at_record_start = true;
    }

    fn deliver(&mut self, sink: &mut dyn RecordSink) {
        let ends = &self.ends[..self.ends_len];
        let bytes = &self.out[..self.out_len];
        debug_assert!(
            std::str::from_utf8(bytes).is_ok(),
            "record buffer must be UTF-8: {bytes:?}"
        );
        debug_assert_eq!(
            ends.last().copied(),
            Some(bytes.len()),
            "text ends with the last field"
        );
        // SAFETY: `bytes` is valid UTF-8, by construction:
        // - every slice given to `push` is valid UTF-8 (the decoders' contract:
        //   `Utf8Decoder` passes on only what `std::str::from_utf8` accepted or
        //   what `encoding_rs` produced, `Utf16Decoder` only `encoding_rs` output),
        //   and the sniffing buffer only ever drops a prefix ending at an ASCII
        //   line break or a whole U+FEFF;
        // - `csv_core` copies input bytes to the output in order and leaves out
        //   only the quote, the delimiter and line breaks, all ASCII (the
        //   delimiter is one of the candidates or the ASCII byte of a `sep=` line),
        //   and removing ASCII bytes from UTF-8 leaves UTF-8;
        // - this stage only truncates at field ends or at character boundaries
        //   (`char_floor`), moves whole fields, never keeps the probe byte of
        //   `detect_open_quote`, and when it drops extra fields it also drops
        //   their bytes already copied (`start_dropping`), so the text ends
        //   exactly at the last kept field's end.
        // The `debug_assert!` above checks this on every record in the test
        // suite, whose property tests feed random text, random damage and random
        // chunkings. Validating again here cost about 5% of the reader's time.
        let text = unsafe { std::str::from_utf8_unchecked(bytes) };
        let record = Record::new(self.record_line, text, ends);
        if self.seen_header {
            self.data_records = self.data_records.saturating_add(1);
            sink.record(&record);
        } else {
            self.seen_header = true;
            sink.header(&record);
        }
    }

    /// A field can exceed the limit without the buffer ever filling (the buffer
    /// grew for an earlier, wider record). Cut it exactly as [`Self::output_full`]
    /// would have, so the result never depends on the buffer's history.
    fn cut_long_fields(&mut self) {
        let limit = self.limits.field_bytes;
        if self.out_len <= limit {
            return;
        }
        let mut write = 0;
        let mut start = 0;
        for i in 0..self.ends_len {
            let end = self.ends[i].clamp(start, self.out_len);
            let keep = char_floor(&self.out[start..end], limit);
            if keep < end - start {
                self.record_cut = true;
            }
            if write != start {
                self.out.copy_within(start..start + keep, write);
            }
            write += keep;
            self.ends[i] = write;
            start = end;
        }
        self.dropped = self.dropped.saturating_add(self.out_len - write);
        self.out_len = write;
    }

    /// Blank: fields all whitespace and the raw record is exactly those fields,
    /// their delimiters and the line break — so no quotes were involved.
    fn is_blank(&self, terminated: bool) -> bool {
        if self.record_wide || self.repairs.unterminated_quote == Some(self.record_line) {
            return false;
        }
        let text = &self.out[..self.out_len];
        if !text.iter().all(|b| b.is_ascii_whitespace()) {
            return false;
        }
        let fields = self.ends_len.max(1);
        let unquoted_len = self.out_len + self.dropped + (fields - 1) + usize::from(terminated);
        self.raw_len == unquoted_len
    }
}

/// The largest length `<= limit` that ends on a character boundary of `bytes`
/// (valid UTF-8).
fn char_floor(bytes: &[u8], limit: usize) -> usize {
    if bytes.len() <= limit {
        return bytes.len();
    }
    let mut at = limit;
    while at > 0 && (bytes[at] & 0xC0) == 0x80 {
        at -= 1;
    }
    at
}

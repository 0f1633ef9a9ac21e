//! The elements of a top-level JSON array, found in a byte stream one slice at
//! a time.
//!
//! The portal's "Download JSON" is one array of sign-in objects, and a month of
//! a large tenant is hundreds of megabytes: parsing it as one document would
//! hold all of it (and its tree) in memory. This splitter only tracks what it
//! needs to know where an element ends — inside a string or not, after a
//! backslash or not, and the bracket depth — and hands each element's bytes on
//! whole, so the memory is one element, whatever the file.
//!
//! It also accepts a stream of objects without the array (one per line, as
//! Graph PowerShell and the Extractor Suite write them): after a complete
//! value, a `,` or whitespace separates the next. Anything unexpected between
//! elements is gathered as an element of its own, so the parser downstream
//! reports it with its position instead of the splitter guessing a recovery.

/// An element longer than this is dropped (and reported): a real sign-in is a
/// few kilobytes, so this only bounds what a damaged file (a string never
/// closed) can make the reader hold.
pub const ELEMENT_LIMIT: usize = 8 << 20;

/// One element's bytes and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element<'a> {
    pub bytes: &'a [u8],
    /// 1-based line of the element's first byte.
    pub line: u64,
    /// Byte offset of the element's first byte in the file.
    pub offset: u64,
    /// The element was longer than [`ELEMENT_LIMIT`]; `bytes` is its start.
    pub cut: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first significant byte (a UTF-8 byte-order mark is skipped).
    Start,
    /// Between elements: whitespace, `,` or the closing `]`.
    Between,
    /// Inside an element.
    Value,
    /// After the closing `]`.
    End,
}

/// The incremental splitter; see the module documentation.
#[derive(Debug)]
pub struct Splitter {
    state: State,
    /// The stream is an array (it began with `[`).
    array: bool,
    depth: u32,
    in_string: bool,
    escape: bool,
    buf: Vec<u8>,
    cut: bool,
    start_line: u64,
    start_offset: u64,
    line: u64,
    offset: u64,
    /// Bytes of a possible byte-order mark seen at the very start.
    bom: u8,
    /// Bytes after the closing `]` that are not whitespace.
    pub trailing: u64,
}

impl Default for Splitter {
    fn default() -> Self {
        Splitter {
            state: State::Start,
            array: false,
            depth: 0,
            in_string: false,
            escape: false,
            buf: Vec::new(),
            cut: false,
            start_line: 1,
            start_offset: 0,
            line: 1,
            offset: 0,
            bom: 0,
            trailing: 0,
        }
    }
}

impl Splitter {
    /// Feed the next slice; `emit` receives every element completed in it.
    pub fn push(&mut self, chunk: &[u8], emit: &mut dyn FnMut(Element<'_>)) {
        for &b in chunk {
            self.byte(b, emit);
            self.offset += 1;
            if b == b'\n' {
                self.line += 1;
            }
        }
    }

    /// The input is complete: a value still open is emitted as it is (the
    /// parser then says what is missing). True when the array was closed, or
    /// when the stream was not an array and ended between values.
    pub fn finish(&mut self, emit: &mut dyn FnMut(Element<'_>)) -> bool {
        if self.state == State::Value {
            self.end_value(emit);
            self.state = State::Between;
            return false;
        }
        self.state == State::End || (!self.array && self.state == State::Between)
    }

    /// Whether the stream began with `[`.
    pub fn is_array(&self) -> bool {
        self.array
    }

    fn byte(&mut self, b: u8, emit: &mut dyn FnMut(Element<'_>)) {
        match self.state {
            State::Start => self.start(b),
            State::Between => self.between(b),
            State::Value => self.value(b, emit),
            State::End => {
                if !b.is_ascii_whitespace() {
                    self.trailing += 1;
                }
            }
        }
    }

    fn start(&mut self, b: u8) {
        const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
        if self.offset < 3 && self.bom as u64 == self.offset && b == BOM[self.offset as usize] {
            self.bom += 1;
            return;
        }
        if b.is_ascii_whitespace() {
            return;
        }
        self.state = State::Between;
        if b == b'[' {
            self.array = true;
        } else {
            self.between(b);
        }
    }

    fn between(&mut self, b: u8) {
        if b.is_ascii_whitespace() || b == b',' {
            return;
        }
        if b == b']' && self.array {
            self.state = State::End;
            return;
        }
        self.state = State::Value;
        self.depth = 0;
        self.in_string = false;
        self.escape = false;
        self.cut = false;
        self.start_line = self.line;
        self.start_offset = self.offset;
        self.buf.clear();
        self.scan(b);
        self.keep(b);
    }

    fn value(&mut self, b: u8, emit: &mut dyn FnMut(Element<'_>)) {
        if !self.in_string && self.depth == 0 && (b == b',' || b == b']' || is_space(b)) {
            // A scalar (or junk) element ends at a separator.
            self.end_value(emit);
            self.state = State::Between;
            self.between(b);
            return;
        }
        self.scan(b);
        self.keep(b);
        if !self.in_string && self.depth == 0 && (b == b'}' || b == b']') {
            self.end_value(emit);
            self.state = State::Between;
        }
    }

    /// Track strings, escapes and nesting for one byte of an element.
    fn scan(&mut self, b: u8) {
        if self.in_string {
            if self.escape {
                self.escape = false;
            } else if b == b'\\' {
                self.escape = true;
            } else if b == b'"' {
                self.in_string = false;
            }
            return;
        }
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    fn keep(&mut self, b: u8) {
        if self.buf.len() < ELEMENT_LIMIT {
            self.buf.push(b);
        } else {
            self.cut = true;
        }
    }

    fn end_value(&mut self, emit: &mut dyn FnMut(Element<'_>)) {
        emit(Element {
            bytes: &self.buf,
            line: self.start_line,
            offset: self.start_offset,
            cut: self.cut,
        });
        self.buf.clear();
    }
}

fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(chunks: &[&[u8]]) -> (Vec<(String, u64, u64)>, bool) {
        let mut s = Splitter::default();
        let mut out = Vec::new();
        let mut emit = |e: Element<'_>| {
            out.push((
                String::from_utf8_lossy(e.bytes).into_owned(),
                e.line,
                e.offset,
            ))
        };
        for c in chunks {
            s.push(c, &mut emit);
        }
        let closed = s.finish(&mut emit);
        (out, closed)
    }

    #[test]
    fn brackets_and_quotes_inside_strings_do_not_end_an_element() {
        let (els, closed) = split(&[b"[{\"a\":\"}],\\\"[\"},\n {\"b\":[1,{}]}]"]);
        assert!(closed);
        assert_eq!(
            els,
            vec![
                ("{\"a\":\"}],\\\"[\"}".to_string(), 1, 1),
                ("{\"b\":[1,{}]}".to_string(), 2, 18)
            ]
        );
    }

    #[test]
    fn any_split_point_gives_the_same_elements() {
        let text = b"\xEF\xBB\xBF[ {\"x\":\"a\\\\\"}, 12 , {\"y\":{\"z\":\"]\"}} ]";
        let whole = split(&[text]);
        assert_eq!(whole.0.len(), 3);
        for i in 0..text.len() {
            assert_eq!(split(&[&text[..i], &text[i..]]), whole, "split at {i}");
        }
    }

    #[test]
    fn a_stream_of_objects_without_the_array_is_read_too() {
        let (els, closed) = split(&[b"{\"a\":1}\n{\"b\":2}\n"]);
        assert!(closed);
        assert_eq!(els.len(), 2);
        assert_eq!(els[1].1, 2);
    }

    #[test]
    fn an_array_never_closed_is_reported_and_its_open_element_emitted() {
        let (els, closed) = split(&[b"[{\"a\":1},{\"b\":"]);
        assert!(!closed);
        assert_eq!(els.last().unwrap().0, "{\"b\":");
    }
}

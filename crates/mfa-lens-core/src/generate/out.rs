//! A CSV writer made for speed: fields are appended to one reused byte buffer that
//! is handed to the destination in large blocks, so generating 100 MB costs no
//! allocation per field and one `write_all` per megabyte.

use std::io::{self, Write};

/// How the rows are punctuated. The portal writes every field quoted, comma
/// separated, CRLF terminated, after a UTF-8 byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub delimiter: u8,
    pub quote_all: bool,
    pub crlf: bool,
    pub bom: bool,
}

impl Style {
    /// What the Entra portal writes.
    pub const PORTAL: Style = Style {
        delimiter: b',',
        quote_all: true,
        crlf: true,
        bom: true,
    };
    /// PowerShell `Export-Csv` (Graph / MSOnline scripts): quoted, CRLF, no BOM.
    pub const POWERSHELL: Style = Style {
        delimiter: b',',
        quote_all: true,
        crlf: true,
        bom: false,
    };
}

const FLUSH_AT: usize = 1 << 20;

/// Buffers rows and writes them to `W` in blocks of about 1 MiB.
pub struct CsvOut<'w> {
    out: &'w mut dyn Write,
    buf: Vec<u8>,
    style: Style,
    at_row_start: bool,
    rows: u64,
    bytes: u64,
}

impl<'w> CsvOut<'w> {
    pub fn new(out: &'w mut dyn Write, style: Style) -> Self {
        let mut buf = Vec::with_capacity(FLUSH_AT + 64 * 1024);
        if style.bom {
            buf.extend_from_slice(b"\xEF\xBB\xBF");
        }
        CsvOut {
            out,
            buf,
            style,
            at_row_start: true,
            rows: 0,
            bytes: 0,
        }
    }

    /// Writes the header row (it is not counted as a data row).
    pub fn header(&mut self, names: &[&str]) -> io::Result<()> {
        for name in names {
            self.field(name);
        }
        self.end_line()
    }

    #[inline]
    fn separator(&mut self) {
        if self.at_row_start {
            self.at_row_start = false;
        } else {
            self.buf.push(self.style.delimiter);
        }
    }

    /// Appends one text field, quoting and escaping as the style requires.
    #[inline]
    pub fn field(&mut self, value: &str) {
        self.separator();
        let bytes = value.as_bytes();
        let delimiter = self.style.delimiter;
        let special = |b: &u8| *b == b'"' || *b == delimiter || *b == b'\n' || *b == b'\r';
        if self.style.quote_all || bytes.iter().any(special) {
            self.buf.push(b'"');
            if bytes.contains(&b'"') {
                for &b in bytes {
                    if b == b'"' {
                        self.buf.push(b'"');
                    }
                    self.buf.push(b);
                }
            } else {
                self.buf.extend_from_slice(bytes);
            }
            self.buf.push(b'"');
        } else {
            self.buf.extend_from_slice(bytes);
        }
    }

    /// Appends a field whose bytes are known to need no escaping (digits, GUIDs,
    /// dates), written straight from a stack buffer.
    #[inline]
    pub fn plain(&mut self, bytes: &[u8]) {
        self.separator();
        if self.style.quote_all {
            self.buf.push(b'"');
            self.buf.extend_from_slice(bytes);
            self.buf.push(b'"');
        } else {
            self.buf.extend_from_slice(bytes);
        }
    }

    pub fn guid(&mut self, g: &[u8; 16]) {
        self.plain(&format_guid(g));
    }

    pub fn number(&mut self, n: u64) {
        let mut tmp = [0u8; 20];
        let len = format_u64(n, &mut tmp);
        self.plain(&tmp[20 - len..]);
    }

    /// Ends a data row.
    pub fn end_row(&mut self) -> io::Result<()> {
        self.rows += 1;
        self.end_line()
    }

    fn end_line(&mut self) -> io::Result<()> {
        if self.style.crlf {
            self.buf.extend_from_slice(b"\r\n");
        } else {
            self.buf.push(b'\n');
        }
        self.at_row_start = true;
        if self.buf.len() >= FLUSH_AT {
            self.flush_buffer()?;
        }
        Ok(())
    }

    fn flush_buffer(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.bytes += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    /// Writes what is left and returns (data rows, bytes written).
    pub fn finish(mut self) -> io::Result<(u64, u64)> {
        self.flush_buffer()?;
        self.out.flush()?;
        Ok((self.rows, self.bytes))
    }
}

/// Dotted IPv4 into `out`; returns the length used.
pub fn format_ip(ip: &[u8; 4], out: &mut [u8; 15]) -> usize {
    let mut len = 0;
    for (i, &octet) in ip.iter().enumerate() {
        if i > 0 {
            out[len] = b'.';
            len += 1;
        }
        let mut tmp = [0u8; 20];
        let n = format_u64(u64::from(octet), &mut tmp);
        out[len..len + n].copy_from_slice(&tmp[20 - n..]);
        len += n;
    }
    len
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lower-case, as Entra writes GUIDs.
pub fn format_guid(g: &[u8; 16]) -> [u8; 36] {
    let mut out = [b'-'; 36];
    let mut pos = 0;
    for (i, &b) in g.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            pos += 1;
        }
        out[pos] = HEX[usize::from(b >> 4)];
        out[pos + 1] = HEX[usize::from(b & 0x0F)];
        pos += 2;
    }
    out
}

/// Writes `n` right-aligned into `tmp` and returns how many digits it took.
pub fn format_u64(mut n: u64, tmp: &mut [u8; 20]) -> usize {
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    tmp.len() - i
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) → days since 1970-01-01.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn two(out: &mut [u8], at: usize, v: u32) {
    out[at] = b'0' + (v / 10 % 10) as u8;
    out[at + 1] = b'0' + (v % 10) as u8;
}

fn year4(out: &mut [u8], at: usize, y: i64) {
    let y = y.clamp(0, 9999) as u32;
    two(out, at, y / 100);
    two(out, at + 2, y % 100);
}

/// `2024-05-01T07:58:12Z` (the sign-in export's `Date (UTC)`).
pub fn iso_utc(epoch_seconds: i64) -> [u8; 20] {
    let (y, mo, d) = civil_from_days(epoch_seconds.div_euclid(86_400));
    let secs = epoch_seconds.rem_euclid(86_400) as u32;
    let mut out = *b"0000-00-00T00:00:00Z";
    year4(&mut out, 0, y);
    two(&mut out, 5, mo);
    two(&mut out, 8, d);
    two(&mut out, 11, secs / 3600);
    two(&mut out, 14, secs / 60 % 60);
    two(&mut out, 17, secs % 60);
    out
}

/// `2019-03-14 15:22:08` (MFA Server reports, INFERRED format).
pub fn space_utc(epoch_seconds: i64) -> [u8; 19] {
    let iso = iso_utc(epoch_seconds);
    let mut out = [0u8; 19];
    out.copy_from_slice(&iso[..19]);
    out[10] = b' ';
    out
}

/// `2024-05-01` (portal file names).
pub fn ymd(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_format() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        let d = days_from_civil(2024, 5, 1);
        assert_eq!(civil_from_days(d), (2024, 5, 1));
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(
            &iso_utc(d * 86_400 + 7 * 3600 + 58 * 60 + 12),
            b"2024-05-01T07:58:12Z"
        );
        assert_eq!(&space_utc(d * 86_400 + 59), b"2024-05-01 00:00:59");
        assert_eq!(ymd(d), "2024-05-01");
    }

    #[test]
    fn guid_and_number_formatting() {
        let g = [
            0xf7, 0x6f, 0xf7, 0x62, 0xaf, 0xf6, 0x44, 0xd2, 0x8c, 0xa1, 0x57, 0x72, 0x11, 0x1b,
            0x88, 0x02,
        ];
        assert_eq!(&format_guid(&g), b"f76ff762-aff6-44d2-8ca1-5772111b8802");
        let mut tmp = [0u8; 20];
        let n = format_u64(500_121, &mut tmp);
        assert_eq!(&tmp[20 - n..], b"500121");
        let n = format_u64(0, &mut tmp);
        assert_eq!(&tmp[20 - n..], b"0");
        let n = format_u64(u64::MAX, &mut tmp);
        assert_eq!(&tmp[20 - n..], b"18446744073709551615");
    }

    #[test]
    fn fields_are_quoted_and_escaped() {
        let mut sink = Vec::new();
        let mut out = CsvOut::new(&mut sink, Style::PORTAL);
        out.header(&["a", "b"]).unwrap();
        out.field("say \"hi\", ok");
        out.number(42);
        out.end_row().unwrap();
        assert_eq!(out.finish().unwrap(), (1, 35));
        assert_eq!(
            sink,
            b"\xEF\xBB\xBF\"a\",\"b\"\r\n\"say \"\"hi\"\", ok\",\"42\"\r\n"
        );

        let mut sink = Vec::new();
        let style = Style {
            delimiter: b';',
            quote_all: false,
            crlf: false,
            bom: false,
        };
        let mut out = CsvOut::new(&mut sink, style);
        out.field("x;y");
        out.field("plain");
        out.end_row().unwrap();
        out.finish().unwrap();
        assert_eq!(sink, b"\"x;y\";plain\n");
    }
}

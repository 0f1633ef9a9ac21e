//! Property tests: chunking never changes what the reader delivers, arbitrary
//! bytes never make it panic, and properly quoted tables read back unchanged.

mod reader_support;

use mfa_lens_core::read::ReadLimits;
use mfa_lens_core::DiagnosticCode;
use proptest::prelude::*;
use reader_support::{read, read_in, read_with, Outcome, Row};

/// Characters that exercise quoting, delimiters, line breaks and multi-byte text.
fn field_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::char::range('a', 'e'),
        1 => Just(' '),
        1 => Just('"'),
        1 => Just(','),
        1 => Just(';'),
        1 => Just('\t'),
        1 => Just('|'),
        1 => Just('\r'),
        1 => Just('\n'),
        1 => Just('é'),
        1 => Just('日'),
        1 => Just('😀'),
    ]
}

fn field() -> impl Strategy<Value = String> {
    prop::collection::vec(field_char(), 0..8).prop_map(|c| c.into_iter().collect())
}

fn table() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(field(), 1..5), 1..8)
}

/// Longer fields and wider rows, to push past tiny limits.
fn wide_table() -> impl Strategy<Value = Vec<Vec<String>>> {
    let long_field =
        prop::collection::vec(field_char(), 0..30).prop_map(|c| c.into_iter().collect());
    prop::collection::vec(prop::collection::vec(long_field, 1..8), 1..6)
}

fn delimiter() -> impl Strategy<Value = u8> {
    prop::sample::select(vec![b',', b';', b'\t', b'|'])
}

fn line_end() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["\r\n", "\n", "\r"])
}

#[derive(Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16LeBom,
    Utf16BeBom,
    Utf16LeBare,
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop::sample::select(vec![
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Utf16LeBom,
        Encoding::Utf16BeBom,
        Encoding::Utf16LeBare,
    ])
}

fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    let utf16 = |bom: bool, big: bool| {
        let units = bom
            .then_some(0xFEFF_u16)
            .into_iter()
            .chain(text.encode_utf16());
        units
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    };
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        Encoding::Utf16LeBom => utf16(true, false),
        Encoding::Utf16BeBom => utf16(true, true),
        Encoding::Utf16LeBare => utf16(false, false),
    }
}

/// Quotes a field when it needs it, or when `always` says so.
fn write_field(field: &str, delimiter: u8, always: bool) -> String {
    let special = field
        .bytes()
        .any(|b| b == delimiter || b == b'"' || b == b'\r' || b == b'\n');
    if always || special || field.trim().is_empty() {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// CSV text of `rows` where fields are written raw (quoted or not at random),
/// so the text may well be malformed: good for the chunking property.
fn sloppy_csv(rows: &[Vec<String>], delimiter: u8, end: &str, quote_mask: u64) -> String {
    let mut text = String::new();
    let mut bit = 0;
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|f| {
                bit = (bit + 1) % 64;
                if quote_mask >> bit & 1 == 1 {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        text.push_str(&fields.join(&(delimiter as char).to_string()));
        text.push_str(end);
    }
    text
}

/// Breaks `bytes` into pieces whose sizes cycle through `sizes`.
fn chunked(bytes: &[u8], sizes: &[usize]) -> Outcome {
    read_in(bytes, sizes)
}

/// Replaces a few bytes by high bytes that are often not UTF-8.
fn damage(mut bytes: Vec<u8>, spots: &[(usize, u8)]) -> Vec<u8> {
    for &(at, value) in spots {
        if !bytes.is_empty() {
            let i = at % bytes.len();
            bytes[i] = value;
        }
    }
    bytes
}

proptest! {
    // 400 cases by default; `PROPTEST_CASES=20000` for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(400),
        ..ProptestConfig::default()
    })]

    /// (a) Records, lines and diagnostics are identical for every chunking.
    #[test]
    fn chunking_never_changes_the_result(
        rows in table(),
        delimiter in delimiter(),
        end in line_end(),
        quote_mask in any::<u64>(),
        encoding in encoding(),
        sep_line in any::<bool>(),
        spots in prop::collection::vec((any::<usize>(), 0x80u8..=0xFF), 0..3),
        sizes in prop::collection::vec(1usize..40, 1..6),
    ) {
        let mut text = String::new();
        if sep_line {
            text.push_str(&format!("sep={}{end}", delimiter as char));
        }
        text.push_str(&sloppy_csv(&rows, delimiter, end, quote_mask));
        let mut bytes = encode(&text, encoding);
        if matches!(encoding, Encoding::Utf8 | Encoding::Utf8Bom) {
            bytes = damage(bytes, &spots);
        }
        let whole = read(&bytes);
        prop_assert!(!whole.misordered);
        prop_assert_eq!(&chunked(&bytes, &sizes), &whole);
        prop_assert_eq!(&chunked(&bytes, &[1]), &whole);
    }

    /// (a') The same with tiny limits, so that cutting long fields, dropping
    /// extra columns and deciding the delimiter without a complete header line
    /// are all exercised, and their results are chunking-independent too.
    #[test]
    fn chunking_never_changes_the_result_at_the_limits(
        rows in wide_table(),
        delimiter in delimiter(),
        end in line_end(),
        quote_mask in any::<u64>(),
        encoding in encoding(),
        field_bytes in 1usize..12,
        columns in 1usize..6,
        sniff_bytes in 1usize..30,
        sep_line in prop::sample::select(vec!["", "sep=;", "\"sep=|\";;;;;;;;;;;;;;;;;;;;;;;;;;;;;"]),
        sizes in prop::collection::vec(1usize..40, 1..6),
    ) {
        let limits = ReadLimits { field_bytes, columns, sniff_bytes };
        let sep_end = if sep_line.is_empty() { "" } else { end };
        let text = format!("{sep_line}{sep_end}{}", sloppy_csv(&rows, delimiter, end, quote_mask));
        let bytes = encode(&text, encoding);
        let whole = read_with(&bytes, &[usize::MAX], limits);
        prop_assert!(!whole.misordered);
        for row in whole.header.iter().chain(&whole.rows) {
            prop_assert!(row.fields.len() <= columns);
            prop_assert!(row.fields.iter().all(|f| f.len() <= field_bytes));
        }
        prop_assert_eq!(&read_with(&bytes, &sizes, limits), &whole);
        prop_assert_eq!(&read_with(&bytes, &[1], limits), &whole);
    }

    /// (b) Arbitrary bytes never panic, and are chunking-independent too, both
    /// inside the probed prefix and after it.
    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        prefix in prop::sample::select(vec!["none", "csv", "utf8-bom", "utf16le-bom", "utf16be-bom"]),
        sizes in prop::collection::vec(1usize..300, 1..5),
    ) {
        let mut input = Vec::new();
        match prefix {
            // Past the 8 KiB probe, so the bytes reach the streaming stages.
            "csv" => while input.len() < 9000 {
                input.extend_from_slice(b"\"a\",b,c\r\n");
            },
            "utf8-bom" => input.extend_from_slice(b"\xEF\xBB\xBF"),
            "utf16le-bom" => input.extend_from_slice(b"\xFF\xFE"),
            "utf16be-bom" => input.extend_from_slice(b"\xFE\xFF"),
            _ => {}
        }
        input.extend_from_slice(&bytes);
        let whole = read(&input);
        prop_assert!(!whole.misordered);
        prop_assert_eq!(&chunked(&input, &sizes), &whole);
    }

    /// (c) A table written with proper quoting reads back field for field, on
    /// the lines where each record starts.
    #[test]
    fn quoted_tables_round_trip(
        header in prop::collection::vec("[A-Za-z][A-Za-z0-9 ]{0,6}", 1..5),
        rows in prop::collection::vec(prop::collection::vec(field(), 1..5), 0..8),
        delimiter in delimiter(),
        end in line_end(),
        always_quote in any::<bool>(),
        encoding in encoding(),
        sizes in prop::collection::vec(1usize..64, 1..4),
    ) {
        let d = delimiter as char;
        let mut text = String::new();
        let mut expected = Vec::new();
        let mut line = 1u64;
        let mut header = header;
        if matches!(encoding, Encoding::Utf16LeBare) {
            // UTF-16 without a byte-order mark is recognised from ASCII text near
            // the start, as every export header is; a one-letter header followed
            // by rows of emoji is not recognisable.
            header.insert(0, "User principal name".to_string());
        }
        let needs_sep = header.len() == 1 && delimiter != b',';
        if needs_sep {
            text.push_str(&format!("sep={d}{end}"));
            line += 1;
        }
        let all = std::iter::once(header.clone()).chain(rows.iter().cloned());
        for fields in all {
            let written: Vec<String> =
                fields.iter().map(|f| write_field(f, delimiter, always_quote)).collect();
            let record = written.join(&d.to_string());
            expected.push(Row { line, fields });
            // Physical lines: every \n, \r\n and lone \r counts once.
            let breaks = record.replace("\r\n", "\n").matches(['\r', '\n']).count() as u64;
            line += breaks + 1;
            text.push_str(&record);
            text.push_str(end);
        }
        let bytes = encode(&text, encoding);
        let out = chunked(&bytes, &sizes);
        prop_assert_eq!(out.delimiter, Some(delimiter));
        prop_assert_eq!(out.header.as_ref(), expected.first());
        prop_assert_eq!(&out.rows[..], &expected[1..]);
        let expected_codes = match encoding {
            Encoding::Utf16LeBare => vec![(DiagnosticCode::Utf16WithoutBom, None)],
            _ => vec![],
        };
        prop_assert_eq!(out.codes(), expected_codes);
        prop_assert_eq!(out.stats().lines, line - 1);
    }
}

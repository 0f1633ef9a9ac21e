//! Encodings, files that are not tables, and the repairs the reader reports.

mod reader_support;

use mfa_lens_core::read::{ReadLimits, TextEncoding, COLUMN_LIMIT, FIELD_LIMIT};
use mfa_lens_core::{DiagnosticCode, ErrorKind, Position, Severity};
use reader_support::{read, read_in, row};

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = (bom.then_some(0xFEFF_u16))
        .into_iter()
        .chain(text.encode_utf16());
    for unit in units {
        if big_endian {
            bytes.extend_from_slice(&unit.to_be_bytes());
        } else {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
    }
    bytes
}

#[test]
fn utf16_with_bom_both_byte_orders() {
    let text = "Username\tMFA Status\r\nzoë@contoso.com\tEnabled\r\n";
    for (big, expected) in [
        (false, TextEncoding::Utf16Le),
        (true, TextEncoding::Utf16Be),
    ] {
        let out = read(&utf16(text, big, true));
        assert_eq!(out.encoding, Some(expected));
        assert_eq!(out.delimiter, Some(b'\t'));
        assert_eq!(out.header, Some(row(1, &["Username", "MFA Status"])));
        assert_eq!(out.rows, vec![row(2, &["zoë@contoso.com", "Enabled"])]);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    }
}

#[test]
fn utf16_without_bom_is_decoded_and_said_so() {
    let text = "A,B\r\n1,2\r\n";
    for (big, expected) in [
        (false, TextEncoding::Utf16Le),
        (true, TextEncoding::Utf16Be),
    ] {
        let out = read(&utf16(text, big, false));
        assert_eq!(out.encoding, Some(expected));
        assert_eq!(out.rows, vec![row(2, &["1", "2"])]);
        assert_eq!(out.codes(), vec![(DiagnosticCode::Utf16WithoutBom, None)]);
        assert_eq!(out.diagnostics[0].severity, Severity::Info);
    }
}

#[test]
fn utf16_split_at_every_byte_reads_the_same() {
    let bytes = utf16(
        "Nom d’utilisateur;Statut\r\n\"Zoë\";Opération réussie\r\n",
        false,
        true,
    );
    let whole = read(&bytes);
    assert_eq!(whole.rows, vec![row(2, &["Zoë", "Opération réussie"])]);
    for size in 1..8 {
        assert_eq!(read_in(&bytes, &[size]), whole, "size {size}");
    }
}

#[test]
fn damaged_utf16_is_replaced_and_reported_once() {
    let mut bytes = utf16("A,B\r\nx,", false, true);
    bytes.extend_from_slice(&0xD800_u16.to_le_bytes()); // lone surrogate
    bytes.extend_from_slice(&utf16("\r\ny,", false, false));
    bytes.extend_from_slice(&0xDC00_u16.to_le_bytes());
    let out = read(&bytes);
    assert_eq!(
        out.rows,
        vec![row(2, &["x", "\u{FFFD}"]), row(3, &["y", "\u{FFFD}"])]
    );
    assert_eq!(out.codes(), vec![(DiagnosticCode::InvalidUtf16, Some(2))]);
    assert!(out.diagnostics[0].message.starts_with("2 characters"));
}

#[test]
fn windows_1252_fallback_names_first_line_once() {
    let out = read(b"Name,City\r\nJos\xE9,M\xFCnchen\r\nZo\xEB,Paris\r\nok,\xC3\xA9\r\n");
    assert_eq!(
        out.rows,
        vec![
            row(2, &["José", "München"]),
            row(3, &["Zoë", "Paris"]),
            row(4, &["ok", "é"]),
        ]
    );
    assert_eq!(out.codes(), vec![(DiagnosticCode::InvalidUtf8, Some(2))]);
    assert_eq!(out.diagnostics[0].severity, Severity::Warning);
    assert!(out.diagnostics[0].message.starts_with("3 byte sequences"));
    assert_eq!(out.encoding, Some(TextEncoding::Windows1252));
}

#[test]
fn invalid_byte_while_the_header_is_held_back_gets_its_line() {
    let out = read(b"\n\nCaf\xE9;B\n1;2\n");
    assert_eq!(out.header, Some(row(3, &["Café", "B"])));
    assert_eq!(out.codes(), vec![(DiagnosticCode::InvalidUtf8, Some(3))]);
}

#[test]
fn empty_inputs_are_errors() {
    for input in [
        &b""[..],
        b"\xEF\xBB\xBF",
        b"  \r\n\t\n",
        b"sep=;\r\n",
        b"\xFF\xFE",
    ] {
        let out = read(input);
        assert_eq!(out.error().kind(), &ErrorKind::Empty, "{input:?}");
        assert!(out.header.is_none());
    }
}

#[test]
fn containers_and_binary_are_refused_with_position() {
    assert_eq!(
        read(b"PK\x03\x04\x14\x00\x06\x00").error().kind(),
        &ErrorKind::ZipOrXlsx
    );
    assert_eq!(read(b"%PDF-1.4\n%\xE2\xE3").error().kind(), &ErrorKind::Pdf);
    let out = read(b"a,b\nc,d\n\x7fELF\x02\x01\x01\x00\x00");
    let error = out.error();
    assert_eq!(
        error.position(),
        Some(Position {
            byte: 15,
            line: 3,
            record: 0
        })
    );
    assert_eq!(
        error.to_diagnostic("x.csv").code,
        DiagnosticCode::BinaryFile
    );
    assert!(
        out.header.is_none(),
        "nothing is delivered from a binary file"
    );
}

#[test]
fn after_an_error_pushes_are_ignored_and_finish_repeats_it() {
    let mut reader = mfa_lens_core::read::Reader::new("book.xlsx");
    let mut sink = reader_support::Outcome::default();
    let mut zip = b"PK\x03\x04".to_vec();
    zip.resize(9000, b'x');
    let first = reader.push(&zip, &mut sink).unwrap_err();
    assert_eq!(first.kind(), &ErrorKind::ZipOrXlsx);
    assert_eq!(reader.push(b"a,b\n1,2\n", &mut sink), Err(first.clone()));
    assert_eq!(reader.finish(&mut sink), Err(first.clone()));
    assert_eq!(reader.finish(&mut sink), Err(first));
    assert!(sink.header.is_none() && sink.rows.is_empty());
}

#[test]
fn unterminated_quote_keeps_partial_record_and_says_so() {
    let out = read(b"A,B\r\n1,2\r\n3,\"never closed\r\n4,5\r\n");
    assert_eq!(
        out.rows,
        vec![
            row(2, &["1", "2"]),
            row(3, &["3", "never closed\r\n4,5\r\n"])
        ]
    );
    assert_eq!(
        out.codes(),
        vec![(DiagnosticCode::UnterminatedQuote, Some(3))]
    );
    // A closed quote at the very end is fine, and so is an empty quoted last field.
    assert!(read(b"A,B\n1,\"x\"").diagnostics.is_empty());
    assert_eq!(read(b"A,B\n1,\"\"").rows, vec![row(2, &["1", ""])]);
    let open_empty = read(b"A,B\n1,\"");
    assert_eq!(open_empty.rows, vec![row(2, &["1", ""])]);
    assert_eq!(
        open_empty.codes(),
        vec![(DiagnosticCode::UnterminatedQuote, Some(2))]
    );
}

#[test]
fn long_fields_are_cut_at_a_char_boundary_and_tallied() {
    // 'é' is two bytes, so the limit falls inside a character.
    let long = "é".repeat(FIELD_LIMIT / 2 + 10);
    let input = format!("A,B,C\nx,{long},y\nshort,row,z\nq,{long},\n");
    for sizes in [&[usize::MAX][..], &[4096], &[1 << 20], &[7, 100_000]] {
        let out = read_in(input.as_bytes(), sizes);
        assert_eq!(out.rows.len(), 3);
        let cut = &out.rows[0].fields[1];
        assert_eq!(cut.len(), FIELD_LIMIT, "{sizes:?}");
        assert!(long.starts_with(cut.as_str()));
        assert_eq!(out.rows[0].fields[2], "y");
        assert_eq!(out.rows[1], row(3, &["short", "row", "z"]));
        assert_eq!(out.rows[2].fields[2], "");
        assert_eq!(
            out.codes(),
            vec![(DiagnosticCode::FieldTooLong, Some(2))],
            "{sizes:?}"
        );
        assert!(out.diagnostics[0].message.starts_with("2 rows"));
    }
}

#[test]
fn ten_megabyte_unterminated_field_stays_bounded() {
    let mut input = b"A,B\n1,\"".to_vec();
    input.resize(input.len() + 10 * FIELD_LIMIT, b'z');
    // Memory while the field streams by: the cut field plus fixed buffers, not
    // the 10 MiB of input.
    let mut reader = mfa_lens_core::read::Reader::new("big.csv");
    let mut sink = reader_support::Outcome::default();
    let mut most = 0;
    for chunk in input.chunks(1 << 20) {
        reader.push(chunk, &mut sink).unwrap();
        most = most.max(reader.buffer_bytes());
    }
    reader.finish(&mut sink).unwrap();
    assert!(most <= 2 * FIELD_LIMIT + (1 << 20), "held {most} bytes");
    assert!(
        most >= FIELD_LIMIT,
        "the kept part of the field is held: {most}"
    );

    let out = read_in(&input, &[1 << 20]);
    assert_eq!(out.rows.len(), 1);
    assert_eq!(out.rows[0].fields[1].len(), FIELD_LIMIT);
    assert_eq!(
        out.codes(),
        vec![
            (DiagnosticCode::UnterminatedQuote, Some(2)),
            (DiagnosticCode::FieldTooLong, Some(2)),
        ]
    );
}

#[test]
fn too_many_columns_keeps_the_first_and_is_tallied_once() {
    let wide = vec!["v"; COLUMN_LIMIT + 5].join(",");
    let input = format!("A,B\n{wide}\n1,2\n{wide}\n");
    for sizes in [&[usize::MAX][..], &[1000], &[3, 17]] {
        let out = read_in(input.as_bytes(), sizes);
        assert_eq!(out.rows.len(), 3);
        assert_eq!(out.rows[0].fields.len(), COLUMN_LIMIT);
        assert_eq!(out.rows[0].line, 2);
        assert_eq!(out.rows[1], row(3, &["1", "2"]));
        assert_eq!(out.rows[2].line, 4);
        assert_eq!(out.codes(), vec![(DiagnosticCode::TooManyColumns, Some(2))]);
        assert!(out.diagnostics[0].message.starts_with("2 rows"));
    }
    // Exactly at the limit is fine.
    let exact = vec!["v"; COLUMN_LIMIT].join(",");
    let out = read(format!("A\n{exact}").as_bytes());
    assert_eq!(out.rows[0].fields.len(), COLUMN_LIMIT);
    assert!(out.diagnostics.is_empty());
}

#[test]
fn header_without_line_end_within_sniff_limit() {
    let mut input = vec![b'a'; mfa_lens_core::read::SNIFF_LIMIT + 10];
    input[5] = b';';
    input.extend_from_slice(b"\n1;2\n");
    for sizes in [&[usize::MAX][..], &[65536], &[999_999, 3]] {
        let out = read_in(&input, sizes);
        assert_eq!(out.delimiter, Some(b';'));
        assert_eq!(out.rows, vec![row(2, &["1", "2"])]);
    }
}

#[test]
fn many_fields_after_a_cut_field_are_not_mistaken_for_too_many() {
    // The first row makes the field-end buffer as large as the column limit;
    // in the second, hundreds of fields follow a field that is cut, so they
    // arrive through the scratch buffers in one call.
    let limits = ReadLimits {
        field_bytes: 4,
        columns: 300,
        sniff_bytes: 1 << 20,
    };
    let first = vec!["a"; 300].join(",");
    // Longer than the record buffer grown for the first row, so it is cut while
    // it streams by rather than after the record ends.
    let second = format!("long{},{}", "x".repeat(4000), vec!["b"; 280].join(","));
    let input = format!("{first}\n{second}\n");
    for sizes in [&[usize::MAX][..], &[5]] {
        let out = reader_support::read_with(input.as_bytes(), sizes, limits);
        assert_eq!(out.rows.len(), 1);
        assert_eq!(out.rows[0].fields.len(), 281, "{sizes:?}");
        assert_eq!(out.rows[0].fields[0], "long");
        assert!(out.rows[0].fields[1..].iter().all(|f| f == "b"));
        assert_eq!(
            out.codes(),
            vec![(DiagnosticCode::FieldTooLong, Some(2))],
            "{sizes:?}"
        );
    }
}

#[test]
fn fields_after_a_cut_field_survive_small_scratch_buffers() {
    // Tiny limits make the scratch buffers tiny too (8 bytes, 2 ends), so the
    // fields after the cut one arrive over several calls that each fill them.
    let limits = ReadLimits {
        field_bytes: 4,
        columns: 4,
        sniff_bytes: 64,
    };
    let input = format!("A,B,C,D\n{},b,c,d\n", "x".repeat(24));
    for sizes in [&[usize::MAX][..], &[1], &[3], &[10, 1]] {
        let out = reader_support::read_with(input.as_bytes(), sizes, limits);
        assert_eq!(
            out.rows,
            vec![row(2, &["xxxx", "b", "c", "d"])],
            "{sizes:?}"
        );
        assert_eq!(
            out.codes(),
            vec![(DiagnosticCode::FieldTooLong, Some(2))],
            "{sizes:?}"
        );
    }
}

#[test]
fn bytes_of_a_dropped_column_never_leak_into_the_record() {
    // Found by the property test: with tiny limits the bytes copied back after
    // a cut field can belong to a column beyond the limit (here the start of a
    // multi-byte character); they must go with that column.
    let limits = ReadLimits {
        field_bytes: 2,
        columns: 1,
        sniff_bytes: 1,
    };
    let input =
        "\"aaaaaéaaaaa\";;;\"\";;\"\"\n;;\"\";\"\r\"\n😀,a,,aaa,日a,aaa;,aaaa日\"aa;aaaa;a,é\n";
    for sizes in [&[usize::MAX][..], &[1], &[7]] {
        let out = reader_support::read_with(input.as_bytes(), sizes, limits);
        assert_eq!(out.header, Some(row(1, &["aa"])), "{sizes:?}");
        assert_eq!(
            out.rows,
            vec![row(2, &[";;"]), row(3, &["\n"])],
            "{sizes:?}"
        );
    }
}

#[test]
fn a_header_of_bare_separators_is_skipped_and_reported_with_its_line() {
    // Excel leaves `,,,,` above a table whose first row is empty; with no real
    // header the first data row becomes the header, and the person must know.
    let out = read(b"\r\n,,,\r\nA,B,C,D\r\n1,2,3,4\r\n,,,\r\n5,6,7,8\r\n");
    assert_eq!(out.header_fields(), vec!["A", "B", "C", "D"]);
    assert_eq!(
        out.rows,
        vec![row(4, &["1", "2", "3", "4"]), row(6, &["5", "6", "7", "8"])]
    );
    assert_eq!(out.codes(), vec![(DiagnosticCode::EmptyHeader, Some(2))]);
    // The same bytes in one-byte chunks say the same.
    let sizes = [1usize; 64];
    assert_eq!(
        read_in(b"\r\n,,,\r\nA,B,C,D\r\n1,2,3,4\r\n", &sizes).codes(),
        out.codes()
    );
    // Blank lines (no separators) before the header are not a header at all, and
    // a separator line after the header is an ordinary blank row.
    assert!(read(b"\r\n\r\nA,B\r\n1,2\r\n,\r\n").diagnostics.is_empty());
}

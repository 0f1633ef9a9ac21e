//! The reader's behaviour on small hand-written inputs, with exact expectations.

mod reader_support;

use mfa_lens_core::read::TextEncoding;
use reader_support::{read, read_in, row};

#[test]
fn header_then_records_with_line_numbers() {
    let out = read(b"Date,User,Status\n2024-05-01,alice,Success\n2024-05-01,bob,Failure\n");
    assert_eq!(out.header, Some(row(1, &["Date", "User", "Status"])));
    assert_eq!(
        out.rows,
        vec![
            row(2, &["2024-05-01", "alice", "Success"]),
            row(3, &["2024-05-01", "bob", "Failure"]),
        ]
    );
    assert!(!out.misordered);
    assert_eq!(out.encoding, Some(TextEncoding::Utf8));
    assert_eq!(out.delimiter, Some(b','));
    let stats = out.stats();
    assert_eq!((stats.lines, stats.records, stats.blank_records), (3, 2, 0));
    assert!(out.diagnostics.is_empty());
}

#[test]
fn quoting_doubled_quotes_and_embedded_newlines() {
    let input = b"\"a\",\"b\"\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",z\r\nlast,row";
    let out = read(input);
    assert_eq!(out.header, Some(row(1, &["a", "b"])));
    assert_eq!(
        out.rows,
        vec![
            row(2, &["x, y", "say \"hi\""]),
            row(3, &["two\r\nlines", "z"]),
            row(5, &["last", "row"]),
        ]
    );
    assert_eq!(out.stats().lines, 5);
}

#[test]
fn cr_only_and_mixed_line_endings_count_lines() {
    let out = read(b"h1,h2\ra,b\r\nc,d\ne,f\r");
    assert_eq!(
        out.rows,
        vec![
            row(2, &["a", "b"]),
            row(3, &["c", "d"]),
            row(4, &["e", "f"])
        ]
    );
    assert_eq!(out.stats().lines, 4);
}

#[test]
fn blank_and_whitespace_lines_are_skipped_but_counted_as_lines() {
    let out = read(b"\n\r\n  \nName,Value\n\n   \n\t\na,1\n,\n \t, \n\"\",\"\"\n");
    assert_eq!(out.header, Some(row(4, &["Name", "Value"])));
    assert_eq!(
        out.rows,
        vec![row(8, &["a", "1"]), row(11, &["", ""])],
        "whitespace and delimiters only is blank, quoted empty values are data"
    );
    assert_eq!(out.stats().lines, 11);
    assert_eq!(out.stats().blank_records, 5);
}

#[test]
fn excel_trailing_delimiter_rows_are_blank() {
    let out = read(
        b"A;B;C
1;2;3
;;
;;
",
    );
    assert_eq!(out.rows, vec![row(2, &["1", "2", "3"])]);
    assert_eq!(out.stats().blank_records, 2);
    assert_eq!(out.stats().records, 1);
}

#[test]
fn one_column_file_keeps_quoted_empty_values() {
    let out = read(b"Username\nalice\n\"\"\n\nbob\n");
    assert_eq!(
        out.rows,
        vec![row(2, &["alice"]), row(3, &[""]), row(5, &["bob"])]
    );
}

#[test]
fn utf8_bom_is_removed_and_reported() {
    let out = read(b"\xEF\xBB\xBF\"Date (UTC)\",\"Request ID\"\r\n\"x\",\"y\"\r\n");
    assert_eq!(out.header, Some(row(1, &["Date (UTC)", "Request ID"])));
    assert_eq!(out.encoding, Some(TextEncoding::Utf8Bom));
    assert_eq!(out.rows, vec![row(2, &["x", "y"])]);
}

#[test]
fn semicolon_tab_and_pipe_are_sniffed() {
    for (delimiter, name) in [(b';', "semicolon"), (b'\t', "tab"), (b'|', "pipe")] {
        let d = delimiter as char;
        let text = format!("A{d}B{d}C\n1{d}2,5{d}3\n");
        let out = read(text.as_bytes());
        assert_eq!(out.delimiter, Some(delimiter), "{name}");
        assert_eq!(out.rows, vec![row(2, &["1", "2,5", "3"])], "{name}");
    }
}

#[test]
fn excel_sep_line_sets_delimiter_and_is_skipped() {
    for input in [
        &b"sep=;\r\nA;B\r\n1;2\r\n"[..],
        b"\xEF\xBB\xBFsep=;\r\nA;B\r\n1;2\r\n",
        b"\"sep=;\"\r\nA;B\r\n1;2\r\n",
    ] {
        let out = read(input);
        assert_eq!(out.delimiter, Some(b';'));
        assert_eq!(out.header, Some(row(2, &["A", "B"])));
        assert_eq!(out.rows, vec![row(3, &["1", "2"])]);
    }
    // The sep line wins over the header's own majority.
    let out = read(b"sep=|\nA,B,C|D\n");
    assert_eq!(out.header, Some(row(2, &["A,B,C", "D"])));
}

#[test]
fn header_split_across_chunks_is_sniffed_the_same() {
    let input = b"A;B;C\n1;2;3\n";
    for size in 1..input.len() {
        let out = read_in(input, &[size]);
        assert_eq!(out.delimiter, Some(b';'), "size {size}");
        assert_eq!(out.rows, vec![row(2, &["1", "2", "3"])], "size {size}");
    }
}

#[test]
fn a_second_byte_order_mark_is_not_part_of_the_header() {
    let out = read(b"\xEF\xBB\xBF\xEF\xBB\xBFsep=;\nUser;Status\nalice;ok\n");
    assert_eq!(out.header, Some(row(2, &["User", "Status"])));
    let out = read(b"\xEF\xBB\xBF\xEF\xBB\xBFUser,Status\nalice,ok\n");
    assert_eq!(out.header, Some(row(1, &["User", "Status"])));
    // Further inside the text it is ordinary data.
    let out = read(b"A,B\n\xEF\xBB\xBFx,y\n");
    assert_eq!(out.rows, vec![row(2, &["\u{FEFF}x", "y"])]);
}

//! The real-format samples (invented data) read exactly, in any chunking, and in
//! the shapes Excel gives them when an administrator re-saves them.

mod reader_support;

use mfa_lens_core::read::TextEncoding;
use reader_support::{read, read_in, Outcome};
use std::path::PathBuf;

struct Sample {
    file: &'static str,
    encoding: TextEncoding,
    columns: usize,
    rows: usize,
    first_column: &'static str,
    last_column: &'static str,
    first_cell: &'static str,
}

const SAMPLES: &[Sample] = &[
    Sample {
        file: "InteractiveSignIns_2024-05-01_2024-05-02.csv",
        encoding: TextEncoding::Utf8Bom,
        columns: 57,
        rows: 6,
        first_column: "Date (UTC)",
        last_column: "Federated Token Issuer",
        first_cell: "2024-05-01T07:58:12Z",
    },
    Sample {
        file: "InteractiveSignIns_2023-03-01_2023-03-02_44col-variant.csv",
        encoding: TextEncoding::Utf8Bom,
        columns: 44,
        rows: 3,
        first_column: "Date (UTC)",
        last_column: "Conditional Access",
        first_cell: "2023-03-01T07:58:12Z",
    },
    Sample {
        file: "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv",
        encoding: TextEncoding::Utf8Bom,
        columns: 7,
        rows: 9,
        first_column: "Request ID",
        last_column: "Requirement",
        first_cell: "f76ff762-aff6-44d2-8ca1-5772111b8802",
    },
    Sample {
        file: "MFA-UserRegistrationDetails_extractor-suite-style.csv",
        encoding: TextEncoding::Utf8,
        columns: 19,
        rows: 5,
        first_column: "id",
        last_column: "MfaSmsSignInStates",
        first_cell: "5004857e-61f3-45b5-8337-f2143e4f1740",
    },
    Sample {
        file: "MFAServer_AuthenticationAttempts_INFERRED.csv",
        encoding: TextEncoding::Utf8Bom,
        columns: 27,
        rows: 5,
        first_column: "Timestamp",
        last_column: "Initiating IP Address",
        first_cell: "2019-03-14 15:22:08",
    },
    Sample {
        file: "MFAServer_BlockedUserHistory_INFERRED.csv",
        encoding: TextEncoding::Utf8Bom,
        columns: 16,
        rows: 3,
        first_column: "Block Timestamp",
        last_column: "Language",
        first_cell: "2019-03-14 16:09:50",
    },
    Sample {
        file: "MFAServer_BypassedUserHistory_INFERRED.csv",
        encoding: TextEncoding::Utf8Bom,
        columns: 13,
        rows: 3,
        first_column: "Bypass Timestamp",
        last_column: "Bypass Used",
        first_cell: "2019-03-14 17:00:00",
    },
    Sample {
        file: "MFA_Report_MSOnline.csv",
        encoding: TextEncoding::Utf8,
        columns: 3,
        rows: 4,
        first_column: "UserPrincipalName",
        last_column: "MFA Methods",
        first_cell: "alice.nguyen@contoso.com",
    },
    Sample {
        file: "SignIns_2019-06-03_2019-06-04_RECONSTRUCTED.csv",
        encoding: TextEncoding::Utf8Bom,
        columns: 22,
        rows: 4,
        first_column: "Date (UTC)",
        last_column: "Conditional Access",
        first_cell: "2019-06-03T09:12:44Z",
    },
    Sample {
        file: "UserRegistrationDetails_portal_INFERRED.csv",
        encoding: TextEncoding::Utf8Bom,
        columns: 15,
        rows: 4,
        first_column: "User principal name",
        last_column: "Last updated time",
        first_cell: "alice.nguyen@contoso.com",
    },
];

fn load(file: &str) -> Vec<u8> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "samples",
        file,
    ]
    .iter()
    .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn check(sample: &Sample, out: &Outcome, encoding: TextEncoding, delimiter: u8, first_line: u64) {
    let name = sample.file;
    assert_eq!(out.encoding, Some(encoding), "{name}");
    assert_eq!(out.delimiter, Some(delimiter), "{name}");
    let header = out.header_fields();
    assert_eq!(header.len(), sample.columns, "{name}");
    assert_eq!(header.first().copied(), Some(sample.first_column), "{name}");
    assert_eq!(header.last().copied(), Some(sample.last_column), "{name}");
    assert_eq!(
        out.header.as_ref().map(|h| h.line),
        Some(first_line),
        "{name}"
    );
    assert_eq!(out.rows.len(), sample.rows, "{name}");
    // The Windows-1252 variant spells alice with accents.
    let first_cell = out.rows[0].fields[0].replace("aliçé", "alice");
    assert_eq!(first_cell, sample.first_cell, "{name}");
    for (i, row) in out.rows.iter().enumerate() {
        assert_eq!(row.fields.len(), sample.columns, "{name} row {i}");
        assert_eq!(row.line, first_line + 1 + i as u64, "{name} row {i}");
    }
    assert_eq!(out.stats().records, sample.rows as u64, "{name}");
}

#[test]
fn every_sample_reads_exactly() {
    for sample in SAMPLES {
        let out = read(&load(sample.file));
        check(sample, &out, sample.encoding, b',', 1);
        assert!(
            out.diagnostics.is_empty(),
            "{}: {:?}",
            sample.file,
            out.diagnostics
        );
        assert_eq!(out.stats().lines, sample.rows as u64 + 1, "{}", sample.file);
    }
}

#[test]
fn sign_in_export_keeps_its_header_quirks() {
    let out = read(&load("InteractiveSignIns_2024-05-01_2024-05-02.csv"));
    let header = out.header_fields();
    let count = |name: &str| header.iter().filter(|h| **h == name).count();
    assert_eq!(
        count("Incoming token type"),
        2,
        "the duplicated column stays twice"
    );
    assert_eq!(
        count("Application ID "),
        1,
        "trailing space kept: matching trims, not the reader"
    );
    assert_eq!(count("Autonomous system  number"), 1, "double space kept");
}

#[test]
fn every_sample_reads_the_same_in_any_chunking() {
    for sample in SAMPLES {
        let bytes = load(sample.file);
        let whole = read(&bytes);
        for sizes in [&[1][..], &[2], &[3], &[7, 1, 64], &[1000], &[4096, 1]] {
            assert_eq!(read_in(&bytes, sizes), whole, "{} {sizes:?}", sample.file);
        }
    }
}

/// Writes records back as CSV, quoting every field, as Excel does when needed.
fn write(out: &Outcome, delimiter: char, end: &str) -> String {
    let mut text = String::new();
    for row in out.header.iter().chain(&out.rows) {
        let fields: Vec<String> = row
            .fields
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        text.push_str(&fields.join(&delimiter.to_string()));
        text.push_str(end);
    }
    text
}

#[test]
fn excel_resaves_read_the_same_records() {
    for sample in SAMPLES {
        let original = read(&load(sample.file));
        let fields = |o: &Outcome| -> Vec<Vec<String>> {
            o.header
                .iter()
                .chain(&o.rows)
                .map(|r| r.fields.clone())
                .collect()
        };

        // European Excel: `sep=;` first line, semicolons, no byte-order mark,
        // Windows-1252 ("é" written as the single byte 0xE9), CRLF.
        let semicolon =
            format!("sep=;\r\n{}", write(&original, ';', "\r\n")).replace("alice", "aliçé");
        let cp1252: Vec<u8> = semicolon.chars().map(|c| c as u32 as u8).collect();
        let out = read(&cp1252);
        check(sample, &out, sample.encoding_after_cp1252(), b';', 2);
        let expected: Vec<Vec<String>> = fields(&original)
            .into_iter()
            .map(|r| r.into_iter().map(|f| f.replace("alice", "aliçé")).collect())
            .collect();
        assert_eq!(fields(&out), expected, "{}", sample.file);

        // "Unicode text": UTF-16LE with a byte-order mark, tab-separated.
        let tabbed = write(&original, '\t', "\r\n");
        let utf16: Vec<u8> = std::iter::once(0xFEFF_u16)
            .chain(tabbed.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect();
        let out = read_in(&utf16, &[333]);
        check(sample, &out, TextEncoding::Utf16Le, b'\t', 1);
        assert_eq!(fields(&out), fields(&original), "{}", sample.file);
        assert!(out.diagnostics.is_empty());

        // Unix line endings after a trip through a script.
        let out = read(write(&original, ',', "\n").as_bytes());
        check(sample, &out, TextEncoding::Utf8, b',', 1);
        assert_eq!(fields(&out), fields(&original), "{}", sample.file);
    }
}

impl Sample {
    /// A sample mentioning "alice" gets non-ASCII letters in the Windows-1252
    /// variant, which the reader reports as a fallback.
    fn encoding_after_cp1252(&self) -> TextEncoding {
        let text = String::from_utf8(load(self.file)).unwrap_or_default();
        if text.contains("alice") {
            TextEncoding::Windows1252
        } else {
            TextEncoding::Utf8
        }
    }
}

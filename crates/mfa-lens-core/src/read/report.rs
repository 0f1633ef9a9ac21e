//! The words of the reader's diagnostics: what happened, where first, how often,
//! and what the person at the keyboard can do about it.

use crate::diagnostic::{Diagnostic, DiagnosticCode, Severity};
use crate::read::limits::Repairs;
use crate::read::{Reader, RecordSink, TextEncoding};

/// The diagnostics about the whole file, once each, in a fixed order.
pub(crate) fn report(reader: &Reader, sink: &mut dyn RecordSink) {
    let file = reader.file.as_str();
    let is_utf16 = matches!(
        reader.encoding,
        Some(TextEncoding::Utf16Le | TextEncoding::Utf16Be)
    );
    if reader.utf16_without_bom {
        let order = if reader.encoding == Some(TextEncoding::Utf16Be) {
            "big-endian"
        } else {
            "little-endian"
        };
        sink.diagnostic(Diagnostic::new(
            file,
            None,
            Severity::Info,
            DiagnosticCode::Utf16WithoutBom,
            format!(
                "This file is UTF-16 ({order}) text without the byte-order mark that \
                 normally announces it. It was recognised from its byte pattern and \
                 decoded as UTF-16; nothing was lost."
            ),
        ));
    }
    let Repairs {
        undecodable,
        long_fields,
        wide_rows,
        unterminated_quote,
        empty_header,
    } = reader.records.repairs;
    let limits = reader.records.limits();
    if let Some(line) = empty_header {
        sink.diagnostic(Diagnostic::new(
            file,
            Some(line),
            Severity::Warning,
            DiagnosticCode::EmptyHeader,
            format!(
                "Line {line} has column separators but no column names (every field is \
                 empty); it was skipped and the next line with text was used as the \
                 header. If that line is data rather than column names, the file has no \
                 header: download the export again."
            ),
        ));
    }
    if let Some(line) = undecodable.first_line {
        let count = undecodable.count;
        let (code, message) = if is_utf16 {
            (
                DiagnosticCode::InvalidUtf16,
                format!(
                    "{} in this UTF-16 file could not be decoded, the first on line \
                     {line}; each was replaced with the replacement character \
                     U+FFFD. The file was probably damaged or cut in the middle of \
                     a character.",
                    plural(count, "character", "characters"),
                ),
            )
        } else {
            (
                DiagnosticCode::InvalidUtf8,
                format!(
                    "{} in this file {} not valid UTF-8, the first on line {line}. \
                     Those bytes were read as Windows-1252, the encoding Excel uses \
                     when it saves \"CSV\" on Western-European Windows, so accented \
                     letters there should read correctly. If names look garbled, save \
                     the file again as \"CSV UTF-8\" and reload it.",
                    plural(count, "byte sequence", "byte sequences"),
                    if count == 1 { "is" } else { "are" },
                ),
            )
        };
        sink.diagnostic(Diagnostic::new(
            file,
            Some(line),
            Severity::Warning,
            code,
            message,
        ));
    }
    if let Some(line) = unterminated_quote {
        sink.diagnostic(Diagnostic::new(
            file,
            Some(line),
            Severity::Warning,
            DiagnosticCode::UnterminatedQuote,
            format!(
                "A quoted value in the row starting on line {line} is never closed, so \
                 everything from there to the end of the file was read as that one last \
                 row; it was kept but is probably incomplete or damaged. The file may \
                 have been cut off during the download or edited by hand."
            ),
        ));
    }
    if let Some(line) = long_fields.first_line {
        sink.diagnostic(Diagnostic::new(
            file,
            Some(line),
            Severity::Warning,
            DiagnosticCode::FieldTooLong,
            format!(
                "{} had a value longer than {}, the first on line {line}. Those values \
                 were cut at that length and the rows kept. A value this long usually \
                 comes from a quote that was opened and never closed.",
                plural(long_fields.count, "row", "rows"),
                size_words(limits.field_bytes),
            ),
        ));
    }
    if let Some(line) = wide_rows.first_line {
        sink.diagnostic(Diagnostic::new(
            file,
            Some(line),
            Severity::Warning,
            DiagnosticCode::TooManyColumns,
            format!(
                "{} had more than {columns} columns, the first on line {line}. Only the \
                 first {columns} columns of those rows were kept; no MFA export is \
                 anywhere near that wide, so the delimiter or the file itself is probably \
                 not what it seems.",
                plural(wide_rows.count, "row", "rows"),
                columns = limits.columns,
            ),
        ));
    }
}

/// "1 MiB", "100 bytes".
fn size_words(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else {
        plural(bytes as u64, "byte", "bytes")
    }
}

/// "1 row", "3 rows".
fn plural(count: u64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

//! Fatal errors: a file that cannot be read as a table at all (empty, binary, an
//! .xlsx). Shaped like the `csv` crate's error: a boxed kind, so `Result<_, Error>`
//! stays one pointer wide on the hot path, with the position where it happened.

use crate::diagnostic::{Diagnostic, DiagnosticCode, Severity};

/// Where in the input something happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    /// Byte offset from the start of the file.
    pub byte: u64,
    /// 1-based physical line.
    pub line: u64,
    /// 0-based record index (the header is record 0).
    pub record: u64,
}

/// A fatal problem with a whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<ErrorKind>);

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Zero bytes, or only whitespace.
    Empty,
    /// Starts with `PK`: an .xlsx or .zip, not a CSV.
    ZipOrXlsx,
    /// Starts with `%PDF`.
    Pdf,
    /// Control bytes where text should be.
    Binary { pos: Position },
}

impl Error {
    pub fn new(kind: ErrorKind) -> Self {
        Error(Box::new(kind))
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    pub fn position(&self) -> Option<Position> {
        match *self.0 {
            ErrorKind::Binary { pos } => Some(pos),
            _ => None,
        }
    }

    /// The same problem as a diagnostic for `file`, in plain words.
    pub fn to_diagnostic(&self, file: &str) -> Diagnostic {
        let (code, message) = match *self.0 {
            ErrorKind::Empty => (
                DiagnosticCode::EmptyFile,
                "The file is empty: it has no header and no rows. Download the export again.",
            ),
            ErrorKind::ZipOrXlsx => (
                DiagnosticCode::ZipOrXlsx,
                "This is an Excel workbook or a ZIP archive, not a CSV file. Open it in Excel and \
                 save it as \"CSV UTF-8\", or unzip it and drop the .csv files inside.",
            ),
            ErrorKind::Pdf => (
                DiagnosticCode::PdfFile,
                "This is a PDF document, not a CSV export. Download the report as CSV from the portal.",
            ),
            ErrorKind::Binary { .. } => (
                DiagnosticCode::BinaryFile,
                "This file contains binary data, not text. It is not a CSV export.",
            ),
        };
        let line = self.position().map(|p| p.line);
        Diagnostic::new(file, line, Severity::Error, code, message)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_diagnostic("input").message)
    }
}

impl std::error::Error for Error {}

//! Diagnostics: every problem found in an input becomes one of these, carrying the
//! file name and line, and the rows that could be read are kept. Nothing in the
//! engine panics on bad input; this is how it speaks instead.

use serde::{Deserialize, Serialize};

/// How much a diagnostic matters to the person reading the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, nothing was lost (e.g. "decoded as UTF-16").
    Info,
    /// Something was repaired or may be incomplete (ragged row, probable truncation).
    Warning,
    /// The file, or part of it, could not be used.
    Error,
}

/// A stable, machine-readable name for each kind of problem. The page groups
/// diagnostics by it and tests assert on it, so variants are only ever added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticCode {
    EmptyFile,
    HeaderOnly,
    BinaryFile,
    ZipOrXlsx,
    PdfFile,
    Utf16WithoutBom,
    InvalidUtf8,
    /// Damaged UTF-16 (an unpaired surrogate, an odd trailing byte).
    InvalidUtf16,
    UnterminatedQuote,
    RaggedRow,
    DuplicateHeader,
    EmptyHeader,
    RepeatedHeader,
    FieldTooLong,
    TooManyColumns,
    UnknownKind,
    ProbablyTruncated,
    AuthDetailsWithoutSignIns,
    LowJoinRate,
    NoReportOnlyResults,
    DecodedAs,
    /// The source stopped delivering bytes part-way (in the browser: the file
    /// was moved, deleted or changed on disk after it was picked).
    ReadFailed,
    /// Refused before reading: larger than what the face can hold.
    TooLarge,
    /// An element of a JSON download that is not a sign-in object (broken
    /// JSON, a wrong type), or text after the array.
    MalformedJson,
}

/// One problem in one file, at one line when the problem has a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based physical line in the file where the record starts, when known.
    pub line: Option<u64>,
    pub severity: Severity,
    pub code: DiagnosticCode,
    /// Plain words for the person at the keyboard, including what to do.
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        file: impl Into<String>,
        line: Option<u64>,
        severity: Severity,
        code: DiagnosticCode,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            severity,
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

//! The portal's JSON download of sign-ins, read as it streams in.
//!
//! [`JsonReader`] is the JSON counterpart of [`super::Reader`]: slices of any
//! size in, records out to a [`RecordSink`]. The [`json_split`] splitter finds
//! each element; serde parses it into the borrowed [`SignIn`]; the sign-in goes
//! to one sink under the portal CSV's captions and its authentication steps to
//! another under the auth-details file's captions, so the rest of the engine
//! sees what it would see for the CSV download and its auth-details file.
//!
//! A malformed element costs that element only: it becomes a diagnostic with
//! its line and byte offset, and the elements around it are kept. The first
//! [`REPORTED_ELEMENTS`] are reported one by one (the position is what the
//! person needs to look at the file); the rest are counted in one message.

use super::json_sign_in::{RowText, SignIn, SIGN_IN_HEADER, STEP_HEADER};
use super::json_split::{Element, Splitter, ELEMENT_LIMIT};
use super::{Record, RecordSink};
use crate::diagnostic::{Diagnostic, DiagnosticCode, Severity};
use crate::format::grouped;

/// Malformed elements reported each with its own position.
pub const REPORTED_ELEMENTS: u64 = 5;

/// The streaming JSON sign-in reader; see the module documentation.
#[derive(Debug)]
pub struct JsonReader {
    file: String,
    splitter: Splitter,
    row: RowText,
    header_sent: bool,
    /// Elements read as sign-ins.
    pub elements: u64,
    /// Elements that were not sign-in objects.
    pub malformed: u64,
}

/// Where the reader's output goes: the sign-ins and their steps.
pub struct JsonSinks<'s> {
    pub sign_ins: &'s mut dyn RecordSink,
    pub steps: &'s mut dyn RecordSink,
}

impl JsonReader {
    pub fn new(file_name: &str) -> Self {
        JsonReader {
            file: file_name.to_string(),
            splitter: Splitter::default(),
            row: RowText::default(),
            header_sent: false,
            elements: 0,
            malformed: 0,
        }
    }

    /// Feed the next slice (any size, split anywhere).
    pub fn push(&mut self, chunk: &[u8], sinks: &mut JsonSinks<'_>) {
        self.send_header(sinks);
        self.split(Some(chunk), sinks);
    }

    /// The input is complete: the element left open, the count of malformed
    /// elements beyond those reported, and an array never closed are reported.
    /// The rows read are kept in every case.
    pub fn finish(&mut self, sinks: &mut JsonSinks<'_>) {
        self.send_header(sinks);
        let closed = self.split(None, sinks);
        if !closed {
            let message = "The JSON array ends without its closing `]`: the download was \
                           probably cut short. The sign-ins before the cut were kept; \
                           download the file again to be sure nothing is missing."
                .to_string();
            self.diag(
                None,
                Severity::Warning,
                DiagnosticCode::ProbablyTruncated,
                message,
                sinks,
            );
        }
        if self.splitter.trailing > 0 {
            let message = "There is text after the JSON array's closing `]`; it was ignored \
                           (two downloads pasted into one file?)."
                .to_string();
            self.diag(
                None,
                Severity::Warning,
                DiagnosticCode::MalformedJson,
                message,
                sinks,
            );
        }
        if self.malformed > REPORTED_ELEMENTS {
            let more = self.malformed - REPORTED_ELEMENTS;
            let message = format!(
                "{} more element{} could not be read as sign-ins and {} skipped.",
                grouped(more),
                if more == 1 { "" } else { "s" },
                if more == 1 { "was" } else { "were" }
            );
            self.diag(
                None,
                Severity::Error,
                DiagnosticCode::MalformedJson,
                message,
                sinks,
            );
        }
    }

    /// Run the splitter over `chunk`, or to the end with `None` (then: did
    /// the input end where it may?), each element to the sinks.
    fn split(&mut self, chunk: Option<&[u8]>, sinks: &mut JsonSinks<'_>) -> bool {
        let JsonReader {
            file,
            splitter,
            row,
            elements,
            malformed,
            ..
        } = self;
        let mut state = ElementState {
            file,
            row,
            elements,
            malformed,
            sinks,
        };
        let mut emit = |e: Element<'_>| state.element(e);
        match chunk {
            Some(chunk) => {
                splitter.push(chunk, &mut emit);
                true
            }
            None => splitter.finish(&mut emit),
        }
    }

    fn send_header(&mut self, sinks: &mut JsonSinks<'_>) {
        if self.header_sent {
            return;
        }
        self.header_sent = true;
        self.row.send_header(&SIGN_IN_HEADER, 1, sinks.sign_ins);
        self.row.send_header(&STEP_HEADER, 1, sinks.steps);
    }

    fn diag(
        &self,
        line: Option<u64>,
        severity: Severity,
        code: DiagnosticCode,
        message: String,
        sinks: &mut JsonSinks<'_>,
    ) {
        let d = Diagnostic::new(self.file.clone(), line, severity, code, message);
        sinks.sign_ins.diagnostic(d);
    }
}

/// The reader's parts an element needs, borrowed apart from the splitter.
struct ElementState<'r, 's> {
    file: &'r str,
    row: &'r mut RowText,
    elements: &'r mut u64,
    malformed: &'r mut u64,
    sinks: &'r mut JsonSinks<'s>,
}

impl ElementState<'_, '_> {
    fn element(&mut self, e: Element<'_>) {
        let parsed = if e.cut {
            let why = format!("it is longer than {} MiB", ELEMENT_LIMIT >> 20);
            Err((why, e.line))
        } else {
            serde_json::from_slice::<SignIn<'_>>(e.bytes)
                .map_err(|err| (describe(&err), e.line + (err.line() as u64).max(1) - 1))
                .and_then(|sign_in| match sign_in.is_sign_in() {
                    true => Ok(sign_in),
                    false => Err((NOT_A_SIGN_IN.to_string(), e.line)),
                })
        };
        match parsed {
            Ok(sign_in) => {
                *self.elements += 1;
                sign_in.write_row(self.row);
                let line = e.line;
                let r = Record::new(line, &self.row.text, &self.row.ends);
                self.sinks.sign_ins.record(&r);
                for i in 0..sign_in.steps() {
                    sign_in.write_step(i, self.row);
                    let r = Record::new(line, &self.row.text, &self.row.ends);
                    self.sinks.steps.record(&r);
                }
            }
            Err((why, line)) => {
                *self.malformed += 1;
                if *self.malformed <= REPORTED_ELEMENTS {
                    let message = format!(
                        "The element starting at byte {} is not a sign-in object ({why}); it \
                         was skipped and the others were kept.",
                        grouped(e.offset)
                    );
                    self.sinks.sign_ins.diagnostic(Diagnostic::new(
                        self.file.to_string(),
                        Some(line),
                        Severity::Error,
                        DiagnosticCode::MalformedJson,
                        message,
                    ));
                }
            }
        }
    }
}

/// Why an object that parses is still not a sign-in.
const NOT_A_SIGN_IN: &str =
    "it has none of a sign-in's id, createdDateTime, correlationId, userId or userPrincipalName";

/// serde's error without its position inside the element (the diagnostic
/// carries the line in the file, and the message the element's byte offset).
fn describe(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.find(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

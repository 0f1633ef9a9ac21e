//! A Log Analytics query result over `SigninLogs` /
//! `AADNonInteractiveUserSignInLogs` exported to CSV, read as the portal
//! CSV's rows and its auth-details rows.
//!
//! The export names its columns as the table schema does (`ResultType`,
//! `UserPrincipalName`, ` [UTC]` after datetime columns) and writes the
//! `dynamic` columns (`Status`, `MfaDetail`, `LocationDetails`,
//! `DeviceDetail`) and the `AuthenticationDetails` string as JSON text in one
//! cell (its quotes doubled by CSV quoting, which the CSV reader already
//! undoes). [`LogAnalyticsSink`] sits between the CSV reader and the loader:
//! on a header that is such an export it parses those cells with serde into
//! the same [`SignIn`] the JSON download gives, so the rows reach the store
//! under the portal's captions and the steps are joined like the portal's
//! auth-details file; any other header passes through untouched.
//!
//! Dates stay as the exporter's locale wrote them (`9/19/2023, 1:45:17.287
//! PM`): the store decides the day/month order once per file, as for every
//! culture date (see [`crate::store::DayOrder`]). The error code is
//! `ResultType` (a string there); the MFA result is `Status.additionalDetails`.

use std::borrow::Cow;

use serde::Deserialize;

use super::json_sign_in::{
    Device, Location, MfaDetail, RowText, SignIn, Status, Step, SIGN_IN_HEADER, STEP_HEADER,
};
use super::{Record, RecordSink};
use crate::diagnostic::{Diagnostic, DiagnosticCode, Severity};

/// Columns that only a Log Analytics sign-in export has together.
const FINGERPRINT: [&str; 3] = ["resulttype", "userprincipalname", "authenticationdetails"];

/// Where each column the reader uses sits in the export's header.
#[derive(Debug, Default, Clone)]
struct Columns {
    names: Vec<String>,
}

impl Columns {
    /// The export's column called `name` (case and ` [UTC]` ignored).
    fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

/// The export's column name without ` [UTC]`, lower-cased.
fn key(caption: &str) -> String {
    let c = caption.trim().trim_start_matches('\u{feff}');
    c.strip_suffix("[UTC]")
        .unwrap_or(c)
        .trim()
        .to_ascii_lowercase()
}

/// Is `header` a Log Analytics sign-in export?
pub fn is_log_analytics(header: &Record<'_>) -> bool {
    let keys: Vec<String> = header.iter().map(key).collect();
    FINGERPRINT.iter().all(|f| keys.iter().any(|k| k == f))
}

/// The adapter's state across records.
#[derive(Debug, Default)]
pub struct LogAnalyticsState {
    /// `Some` once the header said this is an export to rewrite.
    columns: Option<Columns>,
    row: RowText,
    /// Rows with a JSON cell that could not be read, and the first one's line.
    bad_cells: u64,
    first_bad: Option<(u64, String)>,
}

impl LogAnalyticsState {
    /// The header was a Log Analytics export.
    pub fn is_active(&self) -> bool {
        self.columns.is_some()
    }
}

/// The [`RecordSink`] the CSV reader feeds: see the module documentation.
pub struct LogAnalyticsSink<'s> {
    pub state: &'s mut LogAnalyticsState,
    pub sign_ins: &'s mut dyn RecordSink,
    pub steps: &'s mut dyn RecordSink,
}

impl RecordSink for LogAnalyticsSink<'_> {
    fn header(&mut self, record: &Record<'_>) {
        if !is_log_analytics(record) {
            return self.sign_ins.header(record);
        }
        self.state.columns = Some(Columns {
            names: record.iter().map(key).collect(),
        });
        self.state
            .row
            .send_header(&SIGN_IN_HEADER, record.line(), self.sign_ins);
        self.state
            .row
            .send_header(&STEP_HEADER, record.line(), self.steps);
    }

    fn record(&mut self, record: &Record<'_>) {
        let Some(columns) = &self.state.columns else {
            return self.sign_ins.record(record);
        };
        let mut bad = None;
        let sign_in = sign_in(columns, record, &mut bad);
        if let Some(column) = bad {
            self.state.bad_cells += 1;
            self.state.first_bad.get_or_insert((record.line(), column));
        }
        let row = &mut self.state.row;
        sign_in.write_row(row);
        self.sign_ins
            .record(&Record::new(record.line(), &row.text, &row.ends));
        for i in 0..sign_in.steps() {
            sign_in.write_step(i, row);
            self.steps
                .record(&Record::new(record.line(), &row.text, &row.ends));
        }
    }

    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self.sign_ins.diagnostic(diagnostic);
    }
}

impl LogAnalyticsState {
    /// The one message for the JSON cells that could not be read.
    pub fn finish(&mut self, file: &str, sink: &mut dyn RecordSink) {
        if let Some((line, column)) = self.first_bad.take() {
            let n = self.bad_cells;
            sink.diagnostic(Diagnostic::new(
                file.to_string(),
                Some(line),
                Severity::Warning,
                DiagnosticCode::MalformedJson,
                format!(
                    "{n} row{s} had a JSON cell that could not be read (the first at this \
                     line, column {column}); the row was kept with that cell's fields empty.",
                    s = if n == 1 { "" } else { "s" }
                ),
            ));
        }
    }
}

/// One export row as a sign-in; `bad` names the first JSON cell not read.
fn sign_in<'r>(c: &Columns, r: &Record<'r>, bad: &mut Option<String>) -> SignIn<'r> {
    let text = |name: &str| -> Option<Cow<'r, str>> {
        c.find(name).and_then(|i| r.get(i)).map(Cow::Borrowed)
    };
    let date = text("createddatetime")
        .filter(|d| !d.is_empty())
        .or_else(|| text("timegenerated"));
    let mut status: Option<Status<'r>> = cell(c, r, "status", bad);
    let code = text("resulttype").filter(|t| !t.is_empty());
    if let Some(code) = &code {
        let s = status.get_or_insert_with(Status::default);
        s.error_code = Some(serde_json::Value::String(code.to_string()));
        if s.failure_reason.is_none() {
            s.failure_reason = text("resultdescription");
        }
    }
    SignIn {
        id: text("id").or_else(|| text("originalrequestid")),
        created_date_time: date,
        correlation_id: text("correlationid"),
        user_id: text("userid"),
        user_display_name: text("userdisplayname"),
        user_principal_name: text("userprincipalname"),
        app_display_name: text("appdisplayname"),
        resource_display_name: text("resourcedisplayname"),
        ip_address: text("ipaddress"),
        client_app_used: text("clientappused"),
        authentication_requirement: text("authenticationrequirement"),
        conditional_access_status: text("conditionalaccessstatus"),
        status,
        device_detail: cell::<Device<'r>>(c, r, "devicedetail", bad),
        location: cell::<Location<'r>>(c, r, "locationdetails", bad),
        mfa_detail: cell::<MfaDetail<'r>>(c, r, "mfadetail", bad),
        authentication_details: cell::<Vec<Step<'r>>>(c, r, "authenticationdetails", bad),
    }
}

/// The JSON in column `name`, if present and not empty, borrowing the
/// record's text where no escape forces a copy.
fn cell<'r, T: Deserialize<'r>>(
    c: &Columns,
    r: &Record<'r>,
    name: &str,
    bad: &mut Option<String>,
) -> Option<T> {
    let text = c.find(name).and_then(|i| r.get(i))?.trim();
    if text.is_empty() || text == "{}" || text == "[]" {
        return None;
    }
    match serde_json::from_str(text) {
        Ok(v) => Some(v),
        Err(_) => {
            bad.get_or_insert_with(|| name.to_string());
            None
        }
    }
}

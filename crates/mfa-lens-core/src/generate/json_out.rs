//! The generated sign-ins as the portal's JSON download.
//!
//! The JSON is written *from* the generated portal CSV and its auth-details
//! file, row by row, so the three forms of a round trip hold the same
//! sign-ins by construction: a difference in their summaries can only come
//! from a reader, which is what the round-trip tests are for. Each sign-in
//! becomes a Graph `signIn` object (camelCase names, `status`, `location`,
//! `deviceDetail`, `mfaDetail`, `authenticationDetails` with its steps), one
//! per line inside the array. Keys come out in alphabetical order, not
//! Graph's: FORMATS §2.3 says not to depend on the order, and the reader
//! does not.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{json, Map, Value};

use crate::diagnostic::Diagnostic;
use crate::read::{Reader, Record, RecordSink};

/// Write the sign-ins of `sign_ins` (a portal CSV) with the steps of `auth`
/// (its auth-details file) as one JSON array; returns (sign-ins, bytes).
pub fn write_json(sign_ins: &[u8], auth: &[u8], out: &mut dyn Write) -> io::Result<(u64, u64)> {
    let mut bytes = 0u64;
    let mut put = |b: &[u8], out: &mut dyn Write| -> io::Result<()> {
        bytes += b.len() as u64;
        out.write_all(b)
    };
    put(b"[", out)?;
    let mut first = true;
    let rows = for_each_sign_in(sign_ins, auth, &mut |object| {
        put(if first { b"\n" } else { b",\n" }, out)?;
        first = false;
        put(&serde_json::to_vec(&object).map_err(io::Error::other)?, out)
    })?;
    put(b"\n]\n", out)?;
    Ok((rows, bytes))
}

/// Each sign-in of `sign_ins` (a portal CSV) with the steps of `auth` (its
/// auth-details file) as a Graph `signIn` object, in file order; returns how
/// many. The auth details are held (a few short fields per step); the
/// sign-ins stream through.
pub(super) fn for_each_sign_in(
    sign_ins: &[u8],
    auth: &[u8],
    emit: &mut dyn FnMut(Value) -> io::Result<()>,
) -> io::Result<u64> {
    let mut steps = Steps::default();
    read_all(auth, &mut steps);
    let mut writer = ObjectSink {
        header: Header::default(),
        steps: steps.by_request,
        emit,
        rows: 0,
        error: None,
    };
    read_all(sign_ins, &mut writer);
    match writer.error {
        Some(e) => Err(e),
        None => Ok(writer.rows),
    }
}

fn read_all(bytes: &[u8], sink: &mut dyn RecordSink) {
    let mut reader = Reader::new("generated.csv");
    // Generated files are well-formed tables: neither call can fail.
    let _ = reader.push(bytes, sink);
    let _ = reader.finish(sink);
}

/// Column name → position, from a header record. Names are trimmed: the
/// portal's header has `Application ID ` with a trailing space.
#[derive(Default)]
struct Header(HashMap<String, usize>);

impl Header {
    fn set(&mut self, record: &Record<'_>) {
        self.0 = record
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_string(), i))
            .collect();
    }

    fn field<'r>(&self, record: &Record<'r>, name: &str) -> &'r str {
        self.0.get(name).and_then(|&i| record.get(i)).unwrap_or("")
    }
}

/// The auth-details rows as `authenticationDetails` values per Request ID.
#[derive(Default)]
struct Steps {
    header: Header,
    by_request: HashMap<String, Vec<Value>>,
}

impl RecordSink for Steps {
    fn header(&mut self, record: &Record<'_>) {
        self.header.set(record);
    }

    fn record(&mut self, record: &Record<'_>) {
        let f = |name: &str| self.header.field(record, name);
        let step = json!({
            "authenticationStepDateTime": f("Date"),
            "authenticationMethod": f("Authentication method"),
            "authenticationMethodDetail": f("Authentication method detail"),
            "succeeded": f("Succeeded").eq_ignore_ascii_case("true"),
            "authenticationStepResultDetail": f("Result detail"),
            "authenticationStepRequirement": f("Requirement"),
        });
        let id = f("Request ID").to_string();
        self.by_request.entry(id).or_default().push(step);
    }

    fn diagnostic(&mut self, _: Diagnostic) {}
}

/// Hands each sign-in record on as an object as it is read.
struct ObjectSink<'e> {
    header: Header,
    steps: HashMap<String, Vec<Value>>,
    emit: &'e mut dyn FnMut(Value) -> io::Result<()>,
    rows: u64,
    error: Option<io::Error>,
}

impl RecordSink for ObjectSink<'_> {
    fn header(&mut self, record: &Record<'_>) {
        self.header.set(record);
    }

    fn record(&mut self, record: &Record<'_>) {
        if self.error.is_some() {
            return;
        }
        let id = self.header.field(record, "Request ID");
        let steps = self.steps.remove(id).unwrap_or_default();
        let object = sign_in_object(&|name| self.header.field(record, name), steps);
        self.rows += 1;
        if let Err(e) = (self.emit)(object) {
            self.error = Some(e);
        }
    }

    fn diagnostic(&mut self, _: Diagnostic) {}
}

/// One portal CSV row (its fields by caption) as a Graph `signIn` object.
fn sign_in_object<'r>(f: &dyn Fn(&str) -> &'r str, steps: Vec<Value>) -> Value {
    let code: Value = match f("Sign-in error code").parse::<i64>() {
        Ok(n) => n.into(),
        Err(_) => f("Sign-in error code").into(),
    };
    let mut place = f("Location").splitn(3, ", ");
    let mut o = Map::new();
    let mut put = |k: &str, v: Value| {
        o.insert(k.to_string(), v);
    };
    for (key, caption) in PLAIN_FIELDS {
        put(key, f(caption).into());
    }
    put(
        "conditionalAccessStatus",
        graph_word(f("Conditional Access")).into(),
    );
    put(
        "authenticationRequirement",
        graph_word(f("Authentication requirement")).into(),
    );
    put(
        "status",
        json!({
            "errorCode": code,
            "failureReason": f("Failure reason"),
            "additionalDetails": f("Multifactor authentication result"),
        }),
    );
    put(
        "deviceDetail",
        json!({"operatingSystem": f("Operating System"), "browser": f("Browser")}),
    );
    put(
        "location",
        json!({
            "city": place.next().unwrap_or(""),
            "state": place.next().unwrap_or(""),
            "countryOrRegion": place.next().unwrap_or(""),
        }),
    );
    put(
        "mfaDetail",
        json!({
            "authMethod": non_empty(f("Multifactor authentication auth method")),
            "authDetail": non_empty(f("Multifactor authentication auth detail")),
        }),
    );
    put("authenticationDetails", Value::Array(steps));
    Value::Object(o)
}

/// Graph names written as the portal CSV has them.
const PLAIN_FIELDS: [(&str, &str); 13] = [
    ("id", "Request ID"),
    ("createdDateTime", "Date (UTC)"),
    ("userDisplayName", "User"),
    ("userPrincipalName", "Username"),
    ("userId", "User ID"),
    ("appId", "Application ID"),
    ("appDisplayName", "Application"),
    ("resourceDisplayName", "Resource"),
    ("ipAddress", "IP address"),
    ("clientAppUsed", "Client app"),
    ("userAgent", "User agent"),
    ("correlationId", "Correlation ID"),
    ("uniqueTokenIdentifier", "Unique token identifier"),
];

/// The portal's caption as Graph's camelCase value (the inverse of the
/// reader's `requirement_caption` and `ca_caption`).
fn graph_word(caption: &str) -> &str {
    match caption {
        "Multifactor authentication" => "multiFactorAuthentication",
        "Single-factor authentication" => "singleFactorAuthentication",
        "Success" => "success",
        "Failure" => "failure",
        "Not Applied" => "notApplied",
        other => other,
    }
}

/// Graph writes `null` where the portal CSV has an empty cell.
fn non_empty(text: &str) -> Value {
    if text.is_empty() {
        Value::Null
    } else {
        text.into()
    }
}

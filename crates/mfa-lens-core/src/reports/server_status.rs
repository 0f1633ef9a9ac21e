//! Server status: the MFA Servers of the account, their version, status and
//! last contact, and the ones that have gone quiet.
//!
//! The report is a snapshot, and the file does not say when it was taken, so
//! "silent" is measured against the newest last-contact time in the loaded
//! files (the moment the freshest server last spoke), not against today: a
//! report downloaded a year ago still flags the server that had stopped
//! talking then. A server is flagged when it was silent for more than
//! [`SILENT_AFTER`] seconds before that moment, or when its last contact
//! cannot be read.

use serde::{Deserialize, Serialize};

use crate::columns::Role;
use crate::query::{Dataset, DatasetId};
use crate::store::dates::{format_timestamp, parse_timestamp};
use crate::store::DayOrder;
use crate::workspace::Workspace;

use super::{cell, duration_words, Count, MAX_ITEMS, NOT_GIVEN};

/// One day: servers report in far more often than that.
pub const SILENT_AFTER: i64 = 86_400;

/// One server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Server {
    pub name: String,
    pub version: String,
    pub status: String,
    pub last_contact: Option<String>,
    /// Seconds between this server's last contact and the newest one.
    pub silent_for_seconds: Option<i64>,
    /// The same in words (`17 days`).
    pub silent_for: Option<String>,
    pub flagged: bool,
    /// Why the server is flagged, in plain words.
    pub why: Option<String>,
    pub file: String,
}

/// The server status report's analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ServerStatusReport {
    pub servers_total: u64,
    pub flagged: u64,
    /// The newest last contact in the files, the reference for "silent".
    pub newest: Option<String>,
    pub silent_after_seconds: i64,
    /// Flagged first, then by name; at most [`MAX_ITEMS`].
    pub servers: Vec<Server>,
    /// Servers per version, most first.
    pub versions: Vec<Count>,
    /// Servers per status text, most first.
    pub statuses: Vec<Count>,
}

fn tally(values: impl Iterator<Item = String>) -> Vec<Count> {
    let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
    for v in values {
        let v = if v.is_empty() {
            NOT_GIVEN.to_string()
        } else {
            v
        };
        *counts.entry(v).or_insert(0) += 1;
    }
    let mut out: Vec<Count> = counts
        .into_iter()
        .map(|(value, count)| Count {
            value,
            count,
            filter: None,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    out
}

/// The server status report's analysis.
pub fn analyse(ws: &Workspace) -> ServerStatusReport {
    let ds = Dataset::build(ws, DatasetId::ServerStatus);
    let mut rows: Vec<(Server, Option<i64>)> = Vec::new();
    for m in &ds.members {
        let (t, map) = (m.table, &m.map);
        // The last-contact column is not the file's date column, so its
        // day/month order is decided here, once for the file.
        let last_col = map.get(Role::LastCommunication);
        let order = last_col.map_or(DayOrder::MonthFirst, |c| {
            DayOrder::decide((0..t.rows()).map(|r| t.get(r, c)))
        });
        for row in 0..t.rows() {
            let last = last_col.and_then(|c| parse_timestamp(t.get(row, c), order));
            rows.push((
                Server {
                    name: cell(t, map, Role::ServerName, row).to_string(),
                    version: cell(t, map, Role::ServerVersion, row).to_string(),
                    status: cell(t, map, Role::Status, row).to_string(),
                    last_contact: last.map(format_timestamp),
                    silent_for_seconds: None,
                    silent_for: None,
                    flagged: false,
                    why: None,
                    file: m.name.to_string(),
                },
                last,
            ));
        }
    }
    let newest = rows.iter().filter_map(|(_, t)| *t).max();
    let mut r = ServerStatusReport {
        servers_total: rows.len() as u64,
        newest: newest.map(format_timestamp),
        silent_after_seconds: SILENT_AFTER,
        versions: tally(rows.iter().map(|(s, _)| s.version.clone())),
        statuses: tally(rows.iter().map(|(s, _)| s.status.clone())),
        ..ServerStatusReport::default()
    };
    let mut servers: Vec<Server> = rows
        .into_iter()
        .map(|(mut s, last)| {
            match (last, newest) {
                (Some(l), Some(n)) => {
                    let silent = n - l;
                    s.silent_for_seconds = Some(silent);
                    s.silent_for = Some(duration_words(silent));
                    if silent > SILENT_AFTER {
                        s.flagged = true;
                        s.why = Some(format!(
                            "No contact for {} before the newest contact in the report: \
                             check that the server is running and can reach the MFA service.",
                            duration_words(silent)
                        ));
                    }
                }
                _ => {
                    s.flagged = true;
                    s.why = Some(
                        "The last contact is missing or unreadable, so MFA Lens cannot tell \
                         whether this server still reports in."
                            .to_string(),
                    );
                }
            }
            s
        })
        .collect();
    r.flagged = servers.iter().filter(|s| s.flagged).count() as u64;
    servers.sort_by(|a, b| {
        b.flagged
            .cmp(&a.flagged)
            .then_with(|| b.silent_for_seconds.cmp(&a.silent_for_seconds))
            .then_with(|| a.name.cmp(&b.name))
    });
    servers.truncate(MAX_ITEMS);
    r.servers = servers;
    r
}

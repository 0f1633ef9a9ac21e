//! Deterministic synthetic exports of every kind MFA Lens reads, for tests,
//! benchmarks and demos: same seed ⇒ same bytes, on every machine.
//!
//! The files look like the real downloads (FORMATS.md): the exact headers with
//! their quirks, UTF-8 BOM, CRLF, every field quoted, realistic value spreads
//! (about 40% of interactive sign-ins require MFA; outcomes mixed with plausible
//! reasons; user agents containing commas; a few hundred to tens of thousands of
//! users; a few apps and locations account for most rows). All data is invented:
//! `@contoso.com` users and RFC 5737 addresses.
//!
//! Output streams into any `std::io::Write` through a reused 1 MiB buffer, so
//! 100 MB are generated in well under a second natively.
//!
//! ```
//! use mfa_lens_core::generate::{self, GenKind, GenOptions};
//! let mut csv = Vec::new();
//! generate::generate(GenKind::SignIns, &GenOptions { rows: 10, seed: 7, ..GenOptions::default() }, &mut csv).unwrap();
//! assert!(csv.starts_with(b"\xEF\xBB\xBF\"Date (UTC)\",\"Request ID\""));
//! ```

pub mod headers;
mod json_out;
mod log_analytics_out;
mod other_kinds;
mod out;
mod population;
mod rng;
mod sign_ins;
mod vocab;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use out::{days_from_civil, Style};
pub use population::{default_users, Population};
pub use rng::Rng;
pub use sign_ins::{SignInColumns, Written};

use other_kinds::Span;

/// The largest number of rows one portal download holds.
pub const PORTAL_ROW_LIMIT: u64 = 100_000;

/// Every kind of file the generator writes. `name()` is the CLI spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GenKind {
    /// Interactive sign-ins, current 57-column header.
    SignIns,
    /// Interactive sign-ins, 2022–2023 44-column header.
    SignIns44,
    /// Non-interactive sign-ins (57 columns).
    NonInteractive,
    /// `InteractiveSignIns_AuthDetails` for the interactive sign-ins of the same options.
    AuthDetails,
    /// Service-principal sign-ins (22 columns).
    AppSignIns,
    /// Managed-identity sign-ins (26 columns).
    MsiSignIns,
    /// The 2018–2020 single-file export with MFA Required / MFA Result.
    Legacy,
    /// MFA Server authentication attempts.
    Activity,
    /// MFA Server blocked user history.
    Blocked,
    /// MFA Server bypassed user history.
    Bypassed,
    /// Graph user registration details (one row per user; `rows` = users).
    Registration,
    /// MSOnline per-user MFA status (one row per user; `rows` = users).
    MsolMfaStatus,
    /// The interactive sign-ins of [`GenKind::SignIns`] with their
    /// [`GenKind::AuthDetails`] steps, as the portal's JSON download.
    SignInsJson,
    /// The same sign-ins as a Log Analytics `SigninLogs` query result
    /// exported to CSV.
    LogAnalytics,
}

impl GenKind {
    /// Every CSV kind (the tests over "every generated kind" read these as
    /// tables); the JSON download is in [`GenKind::JSON`].
    pub const ALL: [GenKind; 12] = [
        GenKind::SignIns,
        GenKind::SignIns44,
        GenKind::NonInteractive,
        GenKind::AuthDetails,
        GenKind::AppSignIns,
        GenKind::MsiSignIns,
        GenKind::Legacy,
        GenKind::Activity,
        GenKind::Blocked,
        GenKind::Bypassed,
        GenKind::Registration,
        GenKind::MsolMfaStatus,
    ];

    /// The forms whose rows the readers rewrite into the portal CSV's shape
    /// (the JSON download, the Log Analytics export): not in [`GenKind::ALL`],
    /// whose tests read the generated CSV's own columns.
    pub const JSON: [GenKind; 2] = [GenKind::SignInsJson, GenKind::LogAnalytics];

    pub fn name(self) -> &'static str {
        match self {
            GenKind::SignIns => "sign-ins",
            GenKind::SignIns44 => "sign-ins-44",
            GenKind::NonInteractive => "non-interactive",
            GenKind::AuthDetails => "auth-details",
            GenKind::AppSignIns => "app-sign-ins",
            GenKind::MsiSignIns => "msi-sign-ins",
            GenKind::Legacy => "legacy",
            GenKind::Activity => "activity",
            GenKind::Blocked => "blocked",
            GenKind::Bypassed => "bypassed",
            GenKind::Registration => "registration",
            GenKind::MsolMfaStatus => "msol",
            GenKind::SignInsJson => "sign-ins-json",
            GenKind::LogAnalytics => "log-analytics",
        }
    }

    pub fn from_name(name: &str) -> Option<GenKind> {
        GenKind::ALL
            .into_iter()
            .chain(GenKind::JSON)
            .find(|k| k.name() == name)
    }

    /// The detected kind id the engine must report for this file (ISSUE-3 item 3).
    pub fn expected_kind_id(self) -> &'static str {
        match self {
            GenKind::SignIns | GenKind::SignIns44 | GenKind::NonInteractive => "entra-sign-ins",
            GenKind::AuthDetails => "entra-auth-details",
            GenKind::AppSignIns | GenKind::MsiSignIns => "entra-app-sign-ins",
            GenKind::Legacy => "legacy-sign-ins",
            GenKind::Activity => "mfa-server-activity",
            GenKind::Blocked => "mfa-server-blocked",
            GenKind::Bypassed => "mfa-server-bypassed",
            GenKind::Registration => "registration-details",
            GenKind::MsolMfaStatus => "msol-mfa-status",
            GenKind::SignInsJson => "entra-sign-ins-json",
            GenKind::LogAnalytics => "log-analytics-sign-ins",
        }
    }
}

/// What to generate. `Default` is 1,000 rows, seed 1, one day from 2024-05-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenOptions {
    /// Data rows (for registration reports: users).
    pub rows: u64,
    pub seed: u64,
    /// Users in the invented tenant; `None` picks one from `rows` (300–50,000).
    pub users: Option<usize>,
    /// First day covered, in days since 1970-01-01.
    pub start_day: i64,
    /// Number of days covered (at least 1).
    pub days: u32,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            rows: 1_000,
            seed: 1,
            users: None,
            start_day: days_from_civil(2024, 5, 1),
            days: 1,
        }
    }
}

impl GenOptions {
    fn span(&self) -> Span {
        let start = self.start_day.saturating_mul(86_400);
        Span {
            start,
            end: start.saturating_add(i64::from(self.days.max(1)) * 86_400),
        }
    }

    fn population(&self, kind: GenKind) -> Population {
        let count = match kind {
            GenKind::Registration | GenKind::MsolMfaStatus => self.rows.min(10_000_000) as usize,
            _ => self.users.unwrap_or_else(|| default_users(self.rows)),
        };
        Population::new(count, self.seed)
    }

    fn sign_in_options(
        &self,
        columns: SignInColumns,
        interactive: bool,
    ) -> sign_ins::SignInOptions {
        let span = self.span();
        sign_ins::SignInOptions {
            rows: self.rows,
            seed: self.seed,
            columns,
            interactive,
            start: span.start,
            end: span.end,
        }
    }
}

/// Writes one file of `kind` to `out`; returns (data rows, bytes).
pub fn generate(kind: GenKind, opts: &GenOptions, out: &mut dyn Write) -> io::Result<(u64, u64)> {
    let pop = opts.population(kind);
    let span = opts.span();
    let sign_in_file = |columns, interactive, out: &mut dyn Write| -> io::Result<(u64, u64)> {
        let w = sign_ins::write(&opts.sign_in_options(columns, interactive), &pop, out, None)?;
        Ok((w.rows, w.bytes))
    };
    match kind {
        GenKind::SignIns => sign_in_file(SignInColumns::C57, true, out),
        GenKind::SignIns44 => sign_in_file(SignInColumns::C44, true, out),
        GenKind::NonInteractive => sign_in_file(SignInColumns::C57, false, out),
        GenKind::AuthDetails => {
            let o = opts.sign_in_options(SignInColumns::C57, true);
            let w = sign_ins::write(&o, &pop, &mut io::sink(), Some(out))?;
            Ok((w.auth_rows, w.auth_bytes))
        }
        GenKind::AppSignIns => {
            other_kinds::app_sign_ins(opts.rows, opts.seed, span, false, &pop, out)
        }
        GenKind::MsiSignIns => {
            other_kinds::app_sign_ins(opts.rows, opts.seed, span, true, &pop, out)
        }
        GenKind::Legacy => other_kinds::legacy_sign_ins(opts.rows, opts.seed, span, &pop, out),
        GenKind::Activity => {
            other_kinds::mfa_server_activity(opts.rows, opts.seed, span, &pop, out)
        }
        GenKind::Blocked => other_kinds::mfa_server_blocked(opts.rows, opts.seed, span, &pop, out),
        GenKind::Bypassed => {
            other_kinds::mfa_server_bypassed(opts.rows, opts.seed, span, &pop, out)
        }
        GenKind::Registration => other_kinds::registration_graph(opts.rows, opts.seed, &pop, out),
        GenKind::MsolMfaStatus => other_kinds::msol_mfa_status(opts.rows, opts.seed, &pop, out),
        GenKind::SignInsJson | GenKind::LogAnalytics => {
            let (mut csv, mut auth) = (Vec::new(), Vec::new());
            let o = opts.sign_in_options(SignInColumns::C57, true);
            sign_ins::write(&o, &pop, &mut csv, Some(&mut auth))?;
            if kind == GenKind::SignInsJson {
                json_out::write_json(&csv, &auth, out)
            } else {
                log_analytics_out::write_log_analytics(&csv, &auth, out)
            }
        }
    }
}

/// Interactive 57-column sign-ins into `out` (the benchmarks' input).
pub fn sign_ins(opts: &GenOptions, out: &mut dyn Write) -> io::Result<(u64, u64)> {
    generate(GenKind::SignIns, opts, out)
}

/// Interactive sign-ins and their AuthDetails steps, joined by Request ID.
pub fn sign_ins_with_auth_details(
    opts: &GenOptions,
    sign_ins_out: &mut dyn Write,
    auth_out: &mut dyn Write,
) -> io::Result<Written> {
    let pop = opts.population(GenKind::SignIns);
    sign_ins::write(
        &opts.sign_in_options(SignInColumns::C57, true),
        &pop,
        sign_ins_out,
        Some(auth_out),
    )
}

/// One file of `kind` as bytes.
pub fn to_bytes(kind: GenKind, opts: &GenOptions) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = generate(kind, opts, &mut bytes);
    bytes
}

/// How many rows of the 57-column sign-in export make about `target_bytes`.
pub fn rows_for_bytes(target_bytes: u64) -> u64 {
    rows_for_bytes_of(GenKind::SignIns, target_bytes)
}

/// How many rows of `kind` make about `target_bytes` (measured on a 2,000-row sample).
pub fn rows_for_bytes_of(kind: GenKind, target_bytes: u64) -> u64 {
    const SAMPLE: u64 = 2_000;
    let header = to_bytes(
        kind,
        &GenOptions {
            rows: 0,
            ..GenOptions::default()
        },
    )
    .len() as u64;
    let sample = to_bytes(
        kind,
        &GenOptions {
            rows: SAMPLE,
            ..GenOptions::default()
        },
    )
    .len() as u64;
    let per_row = (sample.saturating_sub(header) / SAMPLE).max(1);
    target_bytes.saturating_sub(header).div_ceil(per_row).max(1)
}

/// Parses sizes such as `100MB`, `1.5GB`, `250k`, `4096` (decimal units; `MiB`/`GiB` binary).
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let value: f64 = number.parse().ok()?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = value * factor;
    (bytes.is_finite() && (0.0..1e15).contains(&bytes)).then_some(bytes as u64)
}

/// Writes what an administrator gets by downloading `total_rows` interactive sign-ins
/// (and as many non-interactive ones) from the portal, one day per download: files of
/// at most 100,000 rows named `InteractiveSignIns_<start>_<end>.csv`,
/// `InteractiveSignIns_AuthDetails_<start>_<end>.csv` and
/// `NonInteractiveSignIns_<start>_<end>.csv`, all about the same invented users.
/// Returns the paths written, in that order per day.
pub fn portal_download(total_rows: u64, seed: u64, dir: &Path) -> io::Result<Vec<PathBuf>> {
    portal_download_with_limit(total_rows, seed, dir, PORTAL_ROW_LIMIT)
}

/// `portal_download` with another per-file row limit (tests use a small one).
pub fn portal_download_with_limit(
    total_rows: u64,
    seed: u64,
    dir: &Path,
    limit: u64,
) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let files = total_rows.div_ceil(limit.max(1)).max(1);
    let first_day = days_from_civil(2024, 5, 1);
    let users = default_users(total_rows);
    let pop = Population::new(users, seed);
    let mut written = Vec::new();
    for i in 0..files {
        // balanced shares, none above the limit
        let rows = total_rows / files + u64::from(i < total_rows % files);
        let day = first_day + i as i64;
        let (from, to) = (out::ymd(day), out::ymd(day + 1));
        let day_seed = seed ^ (i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let base = sign_ins::SignInOptions {
            rows,
            seed: day_seed,
            columns: SignInColumns::C57,
            interactive: true,
            start: day * 86_400,
            end: (day + 1) * 86_400,
        };
        let interactive = dir.join(format!("InteractiveSignIns_{from}_{to}.csv"));
        let auth = dir.join(format!("InteractiveSignIns_AuthDetails_{from}_{to}.csv"));
        let non_interactive = dir.join(format!("NonInteractiveSignIns_{from}_{to}.csv"));
        {
            let mut s = io::BufWriter::new(std::fs::File::create(&interactive)?);
            let mut a = io::BufWriter::new(std::fs::File::create(&auth)?);
            sign_ins::write(&base, &pop, &mut s, Some(&mut a))?;
        }
        {
            let mut n = io::BufWriter::new(std::fs::File::create(&non_interactive)?);
            let opts = sign_ins::SignInOptions {
                interactive: false,
                ..base
            };
            sign_ins::write(&opts, &pop, &mut n, None)?;
        }
        written.extend([interactive, auth, non_interactive]);
    }
    Ok(written)
}

#[cfg(test)]
mod tests;

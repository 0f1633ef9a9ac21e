//! Generator tests that need no engine: determinism, exact headers, row counts,
//! realistic proportions, the Request ID join, the portal split. Detection of every
//! generated file by the engine is tested in `tests/generated_kinds.rs`.

use super::*;

/// The 57-column header exactly as FORMATS.md §1.4 prints it (copied from the real export).
const FORMATS_57: &str = "Date (UTC),Request ID,User agent,Correlation ID,User ID,User,Username,User type,Cross tenant access type,Incoming token type,Authentication Protocol,Unique token identifier,Original transfer method,Client credential type,Token Protection - Sign In Session,Token Protection - Sign In Session StatusCode,Application,Application ID ,App owner tenant ID,Resource,Resource ID ,Resource tenant ID,Resource owner tenant ID,Home tenant ID,Home tenant name,IP address,Location,Status,Sign-in error code,Failure reason,Client app,Device ID,Browser,Operating System,Compliant,Managed,Join Type,Multifactor authentication result,Multifactor authentication auth method,Multifactor authentication auth detail,Authentication requirement,Sign-in identifier,Session ID,IP address (seen by resource),Through Global Secure Access,Global Secure Access IP address,Autonomous system  number,Flagged for review,Token issuer type,Incoming token type,Token issuer name,Latency,Conditional Access,Managed Identity type,Associated Resource Id,Federated Token Id,Federated Token Issuer";

/// FORMATS.md §1.5.
const FORMATS_44: &str = "Date (UTC),Request ID,Correlation ID,User ID,User,Username,User type,Cross tenant access type,Incoming token type,Authentication Protocol,Unique token identifier,Client credential type,Application,Application ID ,Resource,Resource ID ,Resource tenant ID,Home tenant ID,Home tenant name,IP address,Location,Status,Sign-in error code,Failure reason,Client app,Device ID,Browser,Operating System,Compliant,Managed,Join Type,Multifactor authentication result,Multifactor authentication auth method,Multifactor authentication auth detail,Authentication requirement,Sign-in identifier,IP address (seen by resource),Autonomous system  number,Flagged for review,Token issuer type,Incoming token type,Token issuer name,Latency,Conditional Access";

/// A minimal RFC 4180 splitter for checking generated output (independent of the
/// engine's reader): returns the records of `text` as vectors of fields.
fn records(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "generated text ends without a line break"
    );
    out
}

fn text(kind: GenKind, rows: u64, seed: u64) -> String {
    let bytes = to_bytes(
        kind,
        &GenOptions {
            rows,
            seed,
            ..GenOptions::default()
        },
    );
    let s = String::from_utf8(bytes).expect("generated text is UTF-8");
    s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name:?}"))
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    for kind in GenKind::ALL {
        let opts = GenOptions {
            rows: 300,
            seed: 42,
            ..GenOptions::default()
        };
        let a = to_bytes(kind, &opts);
        let b = to_bytes(kind, &opts);
        assert_eq!(a, b, "{kind:?} is not deterministic");
        let c = to_bytes(kind, &GenOptions { seed: 43, ..opts });
        assert_ne!(a, c, "{kind:?} ignores the seed");
    }
}

#[test]
fn sign_in_headers_are_exactly_the_portal_ones_with_bom_and_crlf() {
    let bytes = to_bytes(
        GenKind::SignIns,
        &GenOptions {
            rows: 3,
            ..GenOptions::default()
        },
    );
    assert!(bytes.starts_with(b"\xEF\xBB\xBF\"Date (UTC)\","));
    let s = text(GenKind::SignIns, 3, 1);
    let recs = records(&s);
    assert_eq!(recs[0].join(","), FORMATS_57);
    assert!(
        s.contains("\r\n") && !s.replace("\r\n", "").contains('\n'),
        "CRLF line ends only"
    );
    assert_eq!(
        records(&text(GenKind::SignIns44, 3, 1))[0].join(","),
        FORMATS_44
    );
    assert_eq!(
        records(&text(GenKind::NonInteractive, 3, 1))[0].join(","),
        FORMATS_57
    );
    assert_eq!(
        records(&text(GenKind::AuthDetails, 3, 1))[0].join(","),
        "Request ID,Date,Authentication method,Authentication method detail,Succeeded,Result detail,Requirement"
    );
    assert_eq!(
        records(&text(GenKind::MsolMfaStatus, 3, 1))[0].join(","),
        "UserPrincipalName,MFA Status,MFA Methods"
    );
}

#[test]
fn every_field_is_quoted_and_rows_are_rectangular() {
    for kind in GenKind::ALL {
        let s = text(kind, 200, 5);
        let recs = records(&s);
        let width = recs[0].len();
        assert!(
            recs.iter().all(|r| r.len() == width),
            "{kind:?} has ragged rows"
        );
        let first_data_line = s.split("\r\n").nth(1).unwrap_or("");
        assert!(
            first_data_line.starts_with('"') && first_data_line.ends_with('"'),
            "{kind:?}: {first_data_line}"
        );
    }
}

#[test]
fn row_counts_are_exact() {
    for kind in GenKind::ALL {
        if kind == GenKind::AuthDetails {
            continue; // 1–2 steps per sign-in, checked below
        }
        for rows in [0u64, 1, 17, 1_000] {
            let opts = GenOptions {
                rows,
                seed: 9,
                ..GenOptions::default()
            };
            let mut sink = Vec::new();
            let (written, bytes) = generate(kind, &opts, &mut sink).unwrap();
            assert_eq!(written, rows, "{kind:?}");
            assert_eq!(bytes, sink.len() as u64, "{kind:?} byte count");
            assert_eq!(
                records(
                    std::str::from_utf8(&sink)
                        .unwrap()
                        .trim_start_matches('\u{feff}')
                )
                .len() as u64,
                rows + 1
            );
        }
    }
}

#[test]
fn auth_details_steps_join_their_sign_ins() {
    let opts = GenOptions {
        rows: 2_000,
        seed: 3,
        ..GenOptions::default()
    };
    let (mut s, mut a) = (Vec::new(), Vec::new());
    let w = sign_ins_with_auth_details(&opts, &mut s, &mut a).unwrap();
    assert_eq!(w.rows, 2_000);
    assert!(
        w.auth_rows >= 2_000 && w.auth_rows <= 4_000,
        "1–2 steps per sign-in, got {}",
        w.auth_rows
    );
    let sign_ins = records(
        std::str::from_utf8(&s)
            .unwrap()
            .trim_start_matches('\u{feff}'),
    );
    let steps = records(
        std::str::from_utf8(&a)
            .unwrap()
            .trim_start_matches('\u{feff}'),
    );
    assert_eq!(steps.len() as u64, w.auth_rows + 1);
    let rid = column(&sign_ins[0], "Request ID");
    let ids: std::collections::HashSet<&str> =
        sign_ins[1..].iter().map(|r| r[rid].as_str()).collect();
    assert_eq!(ids.len(), 2_000, "request IDs are unique");
    let mut per_request = std::collections::HashMap::<&str, u32>::new();
    for step in &steps[1..] {
        assert!(
            ids.contains(step[0].as_str()),
            "step for an unknown sign-in"
        );
        *per_request.entry(step[0].as_str()).or_default() += 1;
    }
    assert_eq!(per_request.len(), 2_000, "every sign-in has steps");
    assert!(per_request.values().all(|&n| (1..=2).contains(&n)));
    // the same options give the same AuthDetails file alone
    assert_eq!(to_bytes(GenKind::AuthDetails, &opts), a);
}

#[test]
fn interactive_values_are_realistic() {
    let s = text(GenKind::SignIns, 20_000, 11);
    let recs = records(&s);
    let h = &recs[0];
    let (req, res, ua, user) = (
        column(h, "Authentication requirement"),
        column(h, "Multifactor authentication result"),
        column(h, "User agent"),
        column(h, "Username"),
    );
    let rows = &recs[1..];
    let required = rows
        .iter()
        .filter(|r| r[req] == "Multifactor authentication")
        .count() as f64
        / rows.len() as f64;
    assert!(
        (0.35..0.45).contains(&required),
        "about 40% MFA required, got {required}"
    );
    let denied = rows
        .iter()
        .filter(|r| r[res].starts_with("MFA denied; "))
        .count();
    assert!(
        denied > 200 && denied < 1_000,
        "a few percent denied, got {denied}"
    );
    assert!(rows
        .iter()
        .any(|r| r[res] == "MFA requirement satisfied by claim in the token"));
    assert!(rows.iter().any(|r| r[res] == "MFA required in Azure AD"));
    assert!(rows
        .iter()
        .all(|r| r[ua].is_empty() || r[ua].contains("Mozilla/5.0")));
    assert!(
        rows.iter().filter(|r| r[ua].contains(',')).count() > rows.len() / 2,
        "user agents contain commas"
    );
    let users: std::collections::HashSet<&str> = rows.iter().map(|r| r[user].as_str()).collect();
    assert!(
        users.len() > 100 && users.len() <= 500,
        "hundreds of users, got {}",
        users.len()
    );
    assert!(users.iter().all(|u| u.ends_with("@contoso.com")));
    let ip = column(h, "IP address");
    assert!(rows
        .iter()
        .all(|r| ["192.0.2.", "198.51.100.", "203.0.113."]
            .iter()
            .any(|p| r[ip].starts_with(p))));
}

#[test]
fn dates_stay_inside_the_range_newest_first() {
    let s = text(GenKind::SignIns, 500, 2);
    let recs = records(&s);
    let dates: Vec<&str> = recs[1..].iter().map(|r| r[0].as_str()).collect();
    assert!(dates
        .iter()
        .all(|d| d.starts_with("2024-05-01T") && d.ends_with('Z') && d.len() == 20));
    assert!(
        dates.windows(2).filter(|w| w[0] < w[1]).count() < dates.len() / 10,
        "mostly newest first"
    );
}

#[test]
fn sizes_parse_and_rows_for_bytes_is_close() {
    assert_eq!(parse_size("100MB"), Some(100_000_000));
    assert_eq!(parse_size("1.5 GB"), Some(1_500_000_000));
    assert_eq!(parse_size("64MiB"), Some(64 * 1024 * 1024));
    assert_eq!(parse_size("4096"), Some(4096));
    assert_eq!(parse_size("lots"), None);
    assert_eq!(parse_size("12XB"), None);
    let rows = rows_for_bytes(2_000_000);
    let bytes = to_bytes(
        GenKind::SignIns,
        &GenOptions {
            rows,
            ..GenOptions::default()
        },
    )
    .len() as f64;
    assert!(
        (bytes / 2e6 - 1.0).abs() < 0.05,
        "{rows} rows gave {bytes} bytes"
    );
}

#[test]
fn portal_download_splits_at_the_row_limit_by_day() {
    let dir = std::env::temp_dir().join(format!("mfa-lens-portal-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // the split logic with a small limit (the real 100,000 would be slow in debug builds)
    const LIMIT: u64 = 1_000;
    let paths = portal_download_with_limit(2_501, 5, &dir, LIMIT).unwrap();
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "InteractiveSignIns_2024-05-01_2024-05-02.csv",
            "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv",
            "NonInteractiveSignIns_2024-05-01_2024-05-02.csv",
            "InteractiveSignIns_2024-05-02_2024-05-03.csv",
            "InteractiveSignIns_AuthDetails_2024-05-02_2024-05-03.csv",
            "NonInteractiveSignIns_2024-05-02_2024-05-03.csv",
            "InteractiveSignIns_2024-05-03_2024-05-04.csv",
            "InteractiveSignIns_AuthDetails_2024-05-03_2024-05-04.csv",
            "NonInteractiveSignIns_2024-05-03_2024-05-04.csv",
        ]
    );
    let mut total = 0;
    for (i, p) in paths.iter().enumerate() {
        if i % 3 == 1 {
            continue;
        }
        let bytes = std::fs::read(p).unwrap();
        let lines = bytes.windows(2).filter(|w| w == b"\r\n").count() as u64 - 1;
        assert!(lines <= LIMIT, "{} has {lines} rows", p.display());
        if i % 3 == 0 {
            total += lines;
            let day = &names[i]["InteractiveSignIns_".len().."InteractiveSignIns_".len() + 10];
            let text = String::from_utf8_lossy(&bytes[..2000]).into_owned();
            assert!(
                text.contains(&format!("\"{day}T")),
                "rows of {} are dated {day}",
                names[i]
            );
        }
    }
    assert_eq!(total, 2_501);
    let _ = std::fs::remove_dir_all(&dir);
}

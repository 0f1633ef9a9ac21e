//! Times the table's queries on 1,000,000 generated sign-in rows:
//! `cargo run --release -p mfa-lens-core --example query_speed -- [ROWS] [RUNS]`.
//!
//! Loads one synthetic 57-column interactive sign-in export
//! ([`mfa_lens_core::generate`]), then runs each query RUNS times (default 7)
//! and prints median / min / max milliseconds. The viewer's target is 100 ms
//! per filter or sort in wasm, which is roughly twice the native time.

use std::time::Instant;

use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::query::{self, Bucket, Filter, Query, Sort};
use mfa_lens_core::Workspace;

fn main() {
    let mut args = std::env::args().skip(1);
    let rows: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(7).max(1);
    // Optional: only the cases whose name contains this text.
    let only = args.next().unwrap_or_default();
    let bytes = generate::to_bytes(
        GenKind::SignIns,
        &GenOptions {
            rows,
            seed: 42,
            days: 7,
            ..GenOptions::default()
        },
    );
    let t = Instant::now();
    let mut ws = Workspace::new();
    ws.load("InteractiveSignIns_2024-05-01_2024-05-08.csv", &bytes);
    drop(bytes);
    if let Some(table) = ws.files().first().and_then(|f| ws.table(f.id)) {
        let arenas: Vec<&str> = (0..table.column_count())
            .filter(|&c| table.column(c).is_some_and(|c| !c.is_dictionary()))
            .filter_map(|c| table.names().get(c).map(String::as_str))
            .collect();
        println!("arena columns: {arenas:?}");
    }
    println!(
        "loaded {} rows in {:.0} ms",
        ws.files().first().map_or(0, |f| f.rows),
        t.elapsed().as_secs_f64() * 1e3
    );
    let base = Query::default();
    let cases: Vec<(&str, Query)> = vec![
        (
            "text filter (Username contains \"ad\"; an arena column here)",
            Query {
                filters: vec![Filter::Contains {
                    column: "username".into(),
                    text: "ad".into(),
                }],
                ..base.clone()
            },
        ),
        (
            "text filter (User agent contains \"iphone\"; a dictionary column)",
            Query {
                filters: vec![Filter::Contains {
                    column: "user agent".into(),
                    text: "iphone".into(),
                }],
                ..base.clone()
            },
        ),
        (
            "value filter (Outcome = denied)",
            Query {
                filters: vec![Filter::Outcome {
                    values: vec!["denied".into()],
                }],
                ..base.clone()
            },
        ),
        (
            "value filter (Status = Failure)",
            Query {
                filters: vec![Filter::Equals {
                    column: "status".into(),
                    values: vec!["Failure".into()],
                }],
                ..base.clone()
            },
        ),
        (
            "sort by date (descending)",
            Query {
                sort: Some(Sort {
                    column: "date (utc)".into(),
                    desc: true,
                }),
                ..base.clone()
            },
        ),
        (
            "sort by user (text)",
            Query {
                sort: Some(Sort {
                    column: "username".into(),
                    desc: false,
                }),
                ..base.clone()
            },
        ),
        (
            "value filter + sort by date (Outcome in denied/interrupted, newest first)",
            Query {
                filters: vec![Filter::Outcome {
                    values: vec!["denied".into(), "interrupted".into()],
                }],
                sort: Some(Sort {
                    column: "date (utc)".into(),
                    desc: true,
                }),
                ..base.clone()
            },
        ),
        (
            "sort by error code (numeric)",
            Query {
                sort: Some(Sort {
                    column: "sign-in error code".into(),
                    desc: false,
                }),
                ..base.clone()
            },
        ),
        (
            "global search (\"contoso\" hits every row)",
            Query {
                search: "contoso".into(),
                ..base.clone()
            },
        ),
        (
            "global search (\"50074\")",
            Query {
                search: "50074".into(),
                ..base.clone()
            },
        ),
        (
            "global search (\"declined\")",
            Query {
                search: "declined".into(),
                ..base.clone()
            },
        ),
    ];
    for (name, q) in cases.iter().filter(|(n, _)| n.contains(only.as_str())) {
        let mut times = Vec::with_capacity(runs);
        let mut n = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let r = query::run(&ws, q);
            times.push(t.elapsed().as_secs_f64() * 1e3);
            n = r.len();
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "{name}: {n} rows; median {:.1} ms, min {:.1}, max {:.1}",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    }

    if !only.is_empty() {
        return;
    }
    // What the page asks for once a result is there (over all rows, by date).
    let all = query::run(
        &ws,
        &Query {
            sort: Some(Sort {
                column: "date (utc)".into(),
                desc: true,
            }),
            ..base.clone()
        },
    );
    let time = |name: &str, f: &mut dyn FnMut() -> usize| {
        let mut times = Vec::with_capacity(runs);
        let mut n = 0;
        for _ in 0..runs {
            let t = Instant::now();
            n = f();
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "{name}: {n}; median {:.1} ms, min {:.1}, max {:.1}",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    };
    time(
        "page of 100 rows at offset 500,000 (default columns)",
        &mut || query::page(&ws, &all, 500_000, 100, &[]).row_count(),
    );
    time("value counts of Application (all rows)", &mut || {
        query::value_counts(&ws, &all, "application", 50).distinct
    });
    time(
        "overview (outcomes, reasons, error codes, methods)",
        &mut || query::overview(&ws, &all, 10).error_codes.len(),
    );
    time("timeline (auto buckets)", &mut || {
        query::timeline(&ws, &all, Bucket::Auto).points.len()
    });
    time("row detail", &mut || {
        all.rows
            .get(12_345)
            .and_then(|&r| query::row_detail(&ws, r))
            .map_or(0, |d| d.fields.len())
    });
    time(
        "users table (engine summaries, sorted by denied)",
        &mut || {
            query::users(
                &ws,
                &query::UserQuery {
                    sort: query::UserColumn::Denied,
                    desc: true,
                    ..Default::default()
                },
            )
            .len()
        },
    );
    let denied = query::run(
        &ws,
        &Query {
            filters: vec![Filter::Outcome {
                values: vec!["denied".into()],
            }],
            ..base.clone()
        },
    );
    time(
        "CSV export of the denied rows (default columns)",
        &mut || {
            let mut out = Vec::new();
            query::export_csv(&ws, &denied, &[], &mut out).map_or(0, |n| n as usize)
        },
    );
}

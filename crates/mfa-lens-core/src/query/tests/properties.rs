//! Filters and sorts against a naive reference on random small tables.

use super::*;
use proptest::prelude::*;

const VALUES: [&str; 7] = ["", "a", "A", "b", "ab", "10", "9"];
/// `Id` keeps every line non-blank (the reader skips blank records).
const HEADER: &str = "Date,Username,Status,Code,Note,Id\n";

#[derive(Debug, Clone)]
struct Row {
    day: Option<u8>,
    user: usize,
    status: usize,
    code: Option<u16>,
    note: usize,
}

fn row_strategy() -> impl Strategy<Value = Row> {
    (
        proptest::option::of(1u8..28),
        0usize..VALUES.len(),
        0usize..VALUES.len(),
        proptest::option::of(0u16..300),
        0usize..VALUES.len(),
    )
        .prop_map(|(day, user, status, code, note)| Row {
            day,
            user,
            status,
            code,
            note,
        })
}

fn cells(r: &Row) -> [String; 5] {
    [
        r.day
            .map_or(String::new(), |d| format!("2024-05-{d:02}T10:00:00Z")),
        VALUES[r.user].to_string(),
        VALUES[r.status].to_string(),
        r.code.map_or(String::new(), |c| c.to_string()),
        VALUES[r.note].to_string(),
    ]
}

fn load(rows: &[Row]) -> Workspace {
    let mut csv = HEADER.to_string();
    for (i, r) in rows.iter().enumerate() {
        csv.push_str(&cells(r).join(","));
        csv.push_str(&format!(",id{i}\n"));
    }
    let mut ws = Workspace::new();
    ws.load("table.csv", csv.as_bytes());
    ws
}

fn dataset(ws: &Workspace) -> DatasetId {
    DatasetId::available(ws)[0]
}

/// The reference: a plain loop and a plain stable sort. `search` looks in
/// every cell, the `Id` and the file name (the dataset's `File` column).
fn naive(
    rows: &[Row],
    status: &[usize],
    contains: &str,
    search: &str,
    desc: bool,
    by: usize,
) -> Vec<usize> {
    let search = search.trim().to_lowercase();
    let mut out: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            let c = cells(&rows[i]);
            let found = search.is_empty()
                || c.iter()
                    .chain([&format!("id{i}"), &"table.csv".to_string()])
                    .any(|v| v.to_lowercase().contains(&search));
            (status.is_empty() || status.iter().any(|&s| VALUES[s] == c[2]))
                && c[4].to_lowercase().contains(&contains.to_lowercase())
                && found
        })
        .collect();
    // A column is numeric when every non-empty value of the whole table
    // is a number (and there is one); the date column sorts by time.
    let column: Vec<String> = rows.iter().map(|r| cells(r)[by].clone()).collect();
    let numeric = column.iter().any(|v| !v.is_empty())
        && column
            .iter()
            .all(|v| v.is_empty() || v.parse::<f64>().is_ok());
    let key = |i: usize| -> (bool, String, Option<f64>) {
        let c = cells(&rows[i]);
        let v = c[by].clone();
        let num = match by {
            0 => rows[i].day.map(f64::from),
            _ if numeric => v.parse::<f64>().ok(),
            _ => None,
        };
        (v.is_empty(), v, num)
    };
    out.sort_by(|&a, &b| {
        let (ea, va, na) = key(a);
        let (eb, vb, nb) = key(b);
        ea.cmp(&eb).then_with(|| {
            if ea {
                return std::cmp::Ordering::Equal;
            }
            let o = match (na, nb) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                _ => text::compare_text(&va, &vb),
            };
            if desc {
                o.reverse()
            } else {
                o
            }
        })
    });
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn filter_then_sort_matches_the_reference(
        rows in proptest::collection::vec(row_strategy(), 1..40),
        status in proptest::collection::vec(0usize..VALUES.len(), 0..3),
        contains in 0usize..VALUES.len(),
        by in 0usize..5,
        desc in any::<bool>(),
        search in proptest::sample::select(vec!["", "A", "b", "1", "ID1", "05-0", "table", "zz"]),
    ) {
        let ws = load(&rows);
        prop_assert!(matches!(dataset(&ws), DatasetId::Unknown(_)));
        let keys = ["date", "username", "status", "code", "note"];
        let mut filters = vec![Filter::Contains {
            column: "note".into(),
            text: VALUES[contains].into(),
        }];
        if !status.is_empty() {
            filters.push(Filter::Equals {
                column: "status".into(),
                values: status.iter().map(|&s| VALUES[s].to_string()).collect(),
            });
        }
        let query = Query {
            dataset: dataset(&ws),
            filters,
            search: search.to_string(),
            sort: Some(Sort { column: keys[by].into(), desc }),
            ..Query::default()
        };
        let got = rows_of(&run(&ws, &query));
        let want = naive(&rows, &status, VALUES[contains], search, desc, by);
        prop_assert_eq!(got, want);
    }

    #[test]
    fn pages_concatenate_to_the_whole(
        rows in proptest::collection::vec(row_strategy(), 0..40),
        size in 1usize..7,
    ) {
        let ws = load(&rows);
        if rows.is_empty() {
            return Ok(());
        }
        let result = run(&ws, &Query { dataset: dataset(&ws), ..Query::default() });
        let keys: Vec<String> = ["username", "note", "$file"].iter().map(|s| s.to_string()).collect();
        let whole = page(&ws, &result, 0, usize::MAX, &keys);
        let mut joined: Vec<Vec<String>> = Vec::new();
        let mut offset = 0;
        loop {
            let p = page(&ws, &result, offset, size, &keys);
            if p.row_count() == 0 { break; }
            for r in 0..p.row_count() {
                joined.push(p.row_cells(r).iter().map(|s| s.to_string()).collect());
            }
            offset += size;
        }
        let expected: Vec<Vec<String>> = (0..whole.row_count())
            .map(|r| whole.row_cells(r).iter().map(|s| s.to_string()).collect())
            .collect();
        prop_assert_eq!(joined, expected);
        prop_assert_eq!(whole.row_count(), rows.len());
    }

    #[test]
    fn an_export_written_in_runs_is_the_whole_export(
        rows in proptest::collection::vec(row_strategy(), 1..40),
        cuts in proptest::collection::vec(0usize..40, 0..6),
        by in 0usize..5,
    ) {
        // The page writes an export a few megabytes at a time; the file saved
        // must be what the CLI writes in one go, wherever the runs end.
        let ws = load(&rows);
        let keys = ["date", "username", "status", "code", "note"];
        let query = Query {
            dataset: dataset(&ws),
            sort: Some(Sort { column: keys[by].into(), desc: false }),
            ..Query::default()
        };
        let result = run(&ws, &query);
        let keys: Vec<String> = keys[..by + 1].iter().map(|k| k.to_string()).collect();
        let mut whole = Vec::new();
        export_csv(&ws, &result, &keys, &mut whole).unwrap();

        let export = CsvExport::new(&ws, &result, &keys);
        let mut pieces = Vec::new();
        export.write_header(&ws, &mut pieces).unwrap();
        let mut ends: Vec<usize> = cuts.iter().map(|&c| c.min(result.len())).collect();
        ends.push(result.len());
        ends.sort_unstable();
        let (mut start, mut written) = (0, 0);
        for end in ends {
            written += export.write_rows(&ws, &result.rows[start..end], &mut pieces).unwrap();
            start = end;
        }
        prop_assert_eq!(written as usize, result.len());
        prop_assert_eq!(String::from_utf8(pieces).unwrap(), String::from_utf8(whole).unwrap());
    }

    #[test]
    fn export_round_trips_any_text(
        values in proptest::collection::vec("[ -~\t\r\n=+@é\"]{0,12}", 1..12),
    ) {
        // One column of arbitrary printable text (and the dangerous starts).
        let mut csv = String::from("Note,Id\n");
        let mut wanted = Vec::new();
        for v in &values {
            let mut f = String::new();
            push_field(&mut f, v);
            // Load through our own quoting so any text survives.
            let inner = f.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or("");
            let plain = inner.replace("\"\"", "\"");
            let plain = plain.strip_prefix('\'').filter(|_| v.starts_with(FORMULA_STARTS)).unwrap_or(&plain).to_string();
            prop_assert_eq!(&plain, v);
            csv.push('"');
            csv.push_str(&v.replace('"', "\"\""));
            csv.push_str(&format!("\",id{}\n", wanted.len()));
            wanted.push(v.clone());
        }
        let mut ws = Workspace::new();
        ws.load("notes.csv", csv.as_bytes());
        let result = run(&ws, &Query { dataset: dataset(&ws), ..Query::default() });
        let mut out = Vec::new();
        export_csv(&ws, &result, &["note".to_string()], &mut out).unwrap();
        let mut back = Workspace::new();
        let id = back.load("export.csv", &out);
        let table = back.table(id).unwrap();
        let original = page(&ws, &result, 0, usize::MAX, &["note".to_string()]);
        prop_assert_eq!(table.rows(), original.row_count());
        for r in 0..table.rows() {
            let o = original.cell(r, 0);
            let expected = if o.starts_with(FORMULA_STARTS) { format!("'{o}") } else { o.to_string() };
            prop_assert_eq!(table.get(r, 0), expected.as_str());
        }
    }
}

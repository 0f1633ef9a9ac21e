//! CSV export: quoting, neutralisation, classification columns, round trip.

use super::*;

fn export(ws: &Workspace, result: &ResultSet, keys: &[&str]) -> String {
    let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    let mut out = Vec::new();
    let n = export_csv(ws, result, &keys, &mut out).unwrap();
    assert_eq!(n as usize, result.len());
    assert!(out.starts_with(b"\xEF\xBB\xBF"));
    String::from_utf8(out).unwrap()
}

#[test]
fn every_dangerous_leading_character_is_neutralised() {
    for c in FORMULA_STARTS {
        let value = format!("{c}SUM(A1)");
        let mut out = String::new();
        push_field(&mut out, &value);
        assert_eq!(out, format!("\"'{value}\""), "{c:?}");
    }
    let mut out = String::new();
    push_field(&mut out, "plain, with \"quotes\"\r\nand a line");
    assert_eq!(out, "\"plain, with \"\"quotes\"\"\r\nand a line\"");
    let mut out = String::new();
    push_field(&mut out, "a=b");
    assert_eq!(out, "\"a=b\"");
}

#[test]
fn export_adds_classification_columns_and_quotes_everything() {
    let (ws, _) = sign_in_workspace();
    let result = run(&ws, &q(vec![eq("status", &["Success"])]));
    let text = export(&ws, &result, &["username", "application"]);
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        lines[0],
        r#""Username","Application","Outcome","MFA required","Denial reason","Category","File""#
    );
    assert_eq!(
        lines[1],
        r#""alice@contoso.com","Outlook","satisfied","yes","","","InteractiveSignIns_2024-05-01_2024-05-02.csv""#
    );
    assert_eq!(
        lines[2],
        r#""dave@contoso.com","'=cmd|' /C calc'!A0","no_mfa","no","","","InteractiveSignIns_2024-05-01_2024-05-02.csv""#
    );
    assert_eq!(lines[3], "");
    assert_eq!(lines.len(), 4);
}

#[test]
fn export_round_trips_through_the_reader() {
    let (ws, _) = sign_in_workspace();
    let result = run(
        &ws,
        &Query {
            sort: Some(Sort {
                column: "latency".into(),
                desc: true,
            }),
            ..Query::default()
        },
    );
    let keys: Vec<String> = columns(&ws, DatasetId::SignIns)
        .into_iter()
        .map(|c| c.key)
        .collect();
    let text = export(
        &ws,
        &result,
        &keys.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let mut back = Workspace::new();
    let id = back.load("export.csv", text.as_bytes());
    let table = back.table(id).unwrap();
    let p = page(&ws, &result, 0, usize::MAX, &keys);
    assert_eq!(table.rows(), p.row_count());
    assert_eq!(table.column_count(), p.columns.len());
    for r in 0..table.rows() {
        for c in 0..p.columns.len() {
            let original = p.cell(r, c);
            let read = table.get(r, c);
            let expected = if original.starts_with(FORMULA_STARTS) {
                format!("'{original}")
            } else {
                original.to_string()
            };
            assert_eq!(read, expected, "row {r} column {}", p.columns[c]);
        }
    }
}

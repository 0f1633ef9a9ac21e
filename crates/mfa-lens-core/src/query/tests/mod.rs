//! Tests of the query engine on small hand-built workspaces and the fixtures:
//! the table (datasets, filters, search, sort, pages), the views built on a
//! result (counts, overview, timeline, detail, users), the export, and
//! property tests against naive references.

mod export;
mod properties;
mod table;
mod views;

use super::*;
use crate::Workspace;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{path}")).unwrap()
}

/// A sign-in header the detector recognises, with a numeric column.
const SIGN_IN_HEADER: &str = "Date (UTC),Request ID,User,Username,Application,Status,Sign-in error code,Failure reason,Multifactor authentication result,Multifactor authentication auth method,Authentication requirement,Latency\n";

/// Six sign-ins over two days.
const SIGN_INS: &str = "\
2024-05-01T08:00:00Z,r1,Alice,alice@contoso.com,Outlook,Success,0,,MFA completed in Azure AD,Mobile app notification,Multifactor authentication,120
2024-05-01T09:30:00Z,r2,Bob,bob@contoso.com,Teams,Failure,500121,Strong auth failed,MFA denied; user declined the authentication,Mobile app notification,Multifactor authentication,80
2024-05-01T09:45:00Z,r3,Alice,ALICE@contoso.com,Teams,Interrupted,50074,Strong Authentication is required.,MFA required in Azure AD,,Multifactor authentication,5
2024-05-02T10:00:00Z,r4,Carol,carol@contoso.com,Outlook,Failure,50126,Invalid username or password,,,Single-factor authentication,1000
2024-05-02T11:00:00Z,r5,Dave,dave@contoso.com,=cmd|' /C calc'!A0,Success,0,,,,Single-factor authentication,
not a date,r6,Bob,bob@contoso.com,Outlook,Failure,'500121,,MFA denied; fraud code entered,Phone call (standard),Multifactor authentication,7
";

fn sign_in_workspace() -> (Workspace, crate::FileId) {
    let mut ws = Workspace::new();
    let csv = format!("{SIGN_IN_HEADER}{SIGN_INS}");
    let id = ws.load(
        "InteractiveSignIns_2024-05-01_2024-05-02.csv",
        csv.as_bytes(),
    );
    assert_eq!(
        ws.files()[0].kind,
        crate::ReportKind::EntraSignIns,
        "{:?}",
        ws.files()
    );
    (ws, id)
}

fn rows_of(result: &ResultSet) -> Vec<usize> {
    result.rows.iter().map(|r| r.row()).collect()
}

fn q(filters: Vec<Filter>) -> Query {
    Query {
        filters,
        ..Query::default()
    }
}

fn eq(column: &str, values: &[&str]) -> Filter {
    Filter::Equals {
        column: column.into(),
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

//! The workspace as the page and the CLI use it: any chunking gives the same
//! answer, no input makes it panic, one bad file leaves the others alone, and the
//! join diagnostics fire when the files do not belong together.

use std::path::PathBuf;

use mfa_lens_core::sign_ins::user_summaries;
use mfa_lens_core::{DiagnosticCode, ReportKind, Summary, Workspace};
use proptest::prelude::*;

fn sample(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/samples")
        .join(name);
    std::fs::read(path).unwrap()
}

const SIGN_INS: &str = "InteractiveSignIns_2024-05-01_2024-05-02.csv";
const DETAILS: &str = "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv";
const ACTIVITY: &str = "MFAServer_AuthenticationAttempts_INFERRED.csv";

/// Feed `bytes` cut at the given sizes (cycled), then finish.
fn load_chunked(ws: &mut Workspace, name: &str, bytes: &[u8], sizes: &[usize]) {
    let id = ws.begin_file(name);
    let mut rest = bytes;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes
            .get(i % sizes.len().max(1))
            .copied()
            .unwrap_or(1)
            .clamp(1, rest.len());
        let (chunk, tail) = rest.split_at(n);
        ws.push(id, chunk);
        rest = tail;
        i += 1;
    }
    ws.finish(id);
}

fn whole(names: &[&str]) -> Workspace {
    let mut ws = Workspace::new();
    for n in names {
        ws.load(n, &sample(n));
    }
    ws
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn chunking_never_changes_the_summary(sizes in proptest::collection::vec(1usize..700, 1..12)) {
        let names = [SIGN_INS, DETAILS, ACTIVITY];
        let expected = whole(&names);
        let mut ws = Workspace::new();
        for n in names {
            load_chunked(&mut ws, n, &sample(n), &sizes);
        }
        prop_assert_eq!(Summary::of(&ws), Summary::of(&expected));
        prop_assert_eq!(user_summaries(&ws), user_summaries(&expected));
        prop_assert_eq!(ws.files(), expected.files());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048),
                                   split in 1usize..300) {
        let mut ws = Workspace::new();
        ws.load(SIGN_INS, &sample(SIGN_INS));
        load_chunked(&mut ws, "random.csv", &bytes, &[split]);
        let s = Summary::of(&ws);
        let _ = user_summaries(&ws);
        // Whatever the random file was, the real one still counts the same.
        prop_assert!(s.sign_ins.as_ref().map_or(0, |s| s.total) >= 6);
        prop_assert_eq!(s.files.len(), 2);
    }

    #[test]
    fn arbitrary_text_rows_under_a_sign_in_header_never_panic(
        rows in proptest::collection::vec("[ -~\"\r\n;,|\t’é]{0,120}", 0..20)
    ) {
        let mut text = String::from("Date (UTC),Request ID,Username,Status,Sign-in error code,Multifactor authentication result,Multifactor authentication auth method,Authentication requirement\n");
        for r in &rows {
            text.push_str(r);
            text.push('\n');
        }
        let mut ws = Workspace::new();
        ws.load("x.csv", text.as_bytes());
        let s = Summary::of(&ws);
        if let Some(si) = s.sign_ins {
            prop_assert_eq!(si.total, si.satisfied + si.denied + si.interrupted + si.no_mfa);
            prop_assert!(si.users <= si.total.max(1));
        }
    }
}

#[test]
fn an_unreadable_file_is_marked_and_the_others_are_untouched() {
    let alone = Summary::of(&whole(&[SIGN_INS]));
    let mut ws = Workspace::new();
    ws.load(
        "book.xlsx",
        b"PK\x03\x04\x14\x00\x06\x00binary workbook bytes",
    );
    ws.load(SIGN_INS, &sample(SIGN_INS));
    ws.load("empty.csv", b"");
    let files = ws.files();
    assert!(files[0].unreadable);
    assert_eq!(files[0].diagnostics[0].code, DiagnosticCode::ZipOrXlsx);
    assert!(!files[1].unreadable);
    assert!(files[2].unreadable);
    assert_eq!(files[2].diagnostics[0].code, DiagnosticCode::EmptyFile);
    assert_eq!(Summary::of(&ws).sign_ins, alone.sign_ins);
    // Pushing to a finished or unknown file is ignored.
    let id = files[1].id;
    ws.push(id, b"more bytes");
    ws.finish(id);
    assert_eq!(Summary::of(&ws).sign_ins, alone.sign_ins);
}

#[test]
fn low_join_rate_is_reported_on_the_auth_details_file() {
    let mut details = String::from("Request ID,Date,Authentication method,Authentication method detail,Succeeded,Result detail,Requirement\n");
    // One step belongs to a loaded sign-in, nine to sign-ins that are not loaded.
    details.push_str("f76ff762-aff6-44d2-8ca1-5772111b8802,2024-05-01T07:58:12Z,Previously satisfied,,true,MFA requirement satisfied by claim in the token,Multifactor authentication\n");
    for i in 0..9 {
        details.push_str(&format!("00000000-0000-0000-0000-00000000000{i},2024-05-01T07:58:12Z,Password,,true,Correct password,Primary authentication\n"));
    }
    let mut ws = Workspace::new();
    ws.load(SIGN_INS, &sample(SIGN_INS));
    let id = ws.load("details.csv", details.as_bytes());
    let report = ws.files().iter().find(|f| f.id == id).unwrap();
    assert_eq!(report.kind, ReportKind::EntraAuthDetails);
    let low = report
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::LowJoinRate)
        .expect("low join rate");
    assert!(low.message.starts_with("Only 10%"), "{}", low.message);
    let s = Summary::of(&ws).sign_ins.unwrap();
    assert_eq!(s.auth_details_joined, 1);
    assert_eq!(s.auth_details_join_rate, Some(0.1));
    // With the real details the rate is 100% and the warning goes away.
    ws.remove(id);
    let id = ws.load(DETAILS, &sample(DETAILS));
    let report = ws.files().iter().find(|f| f.id == id).unwrap();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn clear_forgets_everything() {
    let mut ws = whole(&[SIGN_INS, DETAILS]);
    ws.clear();
    assert!(ws.files().is_empty());
    let s = Summary::of(&ws);
    assert!(s.files.is_empty() && s.sign_ins.is_none());
    assert_eq!(ws.heap_bytes(), 0);
}

/// Excel re-save in a `;` locale writes `03/06/2024 07:58` for 3 June: every
/// date in the file is ambiguous, and the `;` decides day-first. The file name
/// (`…2024-06-03…` in the portal's pattern) agrees.
#[test]
fn excel_semicolon_dates_are_read_day_first() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/quirks/excel_resave_semicolon.csv");
    let mut ws = Workspace::new();
    ws.load("excel_resave_semicolon.csv", &std::fs::read(path).unwrap());
    let users = user_summaries(&ws);
    assert!(!users.is_empty());
    for u in &users {
        let first = u.first_seen.as_deref().unwrap_or_default();
        assert!(first.starts_with("2024-06-03T"), "{}: {first}", u.user);
    }
    let adele = users.iter().find(|u| u.user.starts_with("adele")).unwrap();
    assert_eq!(adele.first_seen.as_deref(), Some("2024-06-03T07:58:00Z"));
}

#[test]
fn a_file_known_not_to_be_a_table_says_so_before_its_end() {
    let mut ws = Workspace::new();
    let binary = ws.begin_file("noise.csv");
    ws.push(binary, &[0u8; 8 * 1024]);
    assert!(ws.is_unreadable(binary), "8 KiB of NULs decide it");
    let text = ws.begin_file("fine.csv");
    ws.push(text, b"Username,Status\r\na,Success\r\n");
    assert!(!ws.is_unreadable(text));
    ws.finish(text);
    assert!(!ws.is_unreadable(text));
    ws.finish(binary);
    assert!(ws.is_unreadable(binary));
    assert_eq!(
        ws.files()[0].diagnostics[0].code,
        DiagnosticCode::BinaryFile
    );
}
/// Loads `names` with `finish_deferred` for every file, as the page's worker
/// does while more files are queued.
fn deferred(names: &[&str]) -> (Workspace, Vec<mfa_lens_core::FileId>) {
    let mut ws = Workspace::new();
    let mut ids = Vec::new();
    for n in names {
        let id = ws.begin_file(n);
        ws.push(id, &sample(n));
        ws.finish_deferred(id);
        ids.push(id);
    }
    (ws, ids)
}

#[test]
fn deferred_files_are_hidden_until_settled_then_equal_finished_ones() {
    let names = [DETAILS, SIGN_INS, ACTIVITY];
    let (mut ws, ids) = deferred(&names);
    // Finished but not settled: still loading, in no table and no summary.
    assert!(ws.files().iter().all(|f| f.loading));
    assert!(ids.iter().all(|&id| ws.table(id).is_none()));
    assert!(Summary::of(&ws).sign_ins.is_none());
    assert_eq!(ws.rows_loaded(ids[1]), 6);

    assert!(ws.settle());
    assert!(!ws.settle(), "nothing left to settle");
    let expected = whole(&names);
    assert_eq!(Summary::of(&ws), Summary::of(&expected));
    assert_eq!(user_summaries(&ws), user_summaries(&expected));
    assert_eq!(ws.files(), expected.files());
    // The auth details, read first, are joined to the sign-ins read after them.
    assert_eq!(
        Summary::of(&ws).sign_ins.map(|s| s.auth_details_rows),
        Summary::of(&expected).sign_ins.map(|s| s.auth_details_rows)
    );
}

#[test]
fn a_plain_finish_or_a_removal_settles_the_deferred_files_too() {
    let (mut ws, _) = deferred(&[DETAILS, SIGN_INS]);
    ws.load(ACTIVITY, &sample(ACTIVITY));
    assert!(ws.files().iter().all(|f| !f.loading));
    assert_eq!(
        Summary::of(&ws),
        Summary::of(&whole(&[DETAILS, SIGN_INS, ACTIVITY]))
    );

    let (mut ws, ids) = deferred(&[SIGN_INS, ACTIVITY]);
    ws.remove(ids[1]);
    assert_eq!(Summary::of(&ws), Summary::of(&whole(&[SIGN_INS])));
}

/// A source that stops part-way (the browser lost the file) keeps the complete
/// rows read so far, drops the row cut in the middle, and says so on the file.
#[test]
fn a_file_cut_short_keeps_its_complete_rows_and_says_so() {
    let bytes = sample(SIGN_INS);
    let mut whole = Workspace::default();
    whole.load(SIGN_INS, &bytes);
    let all_rows = whole.files()[0].rows;
    assert!(all_rows > 3);

    // Cut in the middle of a record: after the header and two whole rows
    // plus half of the third line.
    let line_ends: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let cut = (line_ends[2] + line_ends[3]) / 2;
    let mut ws = Workspace::default();
    let id = ws.begin_file(SIGN_INS);
    ws.push(id, &bytes[..cut]);
    ws.finish_cut_short(
        id,
        cut as u64,
        bytes.len() as u64,
        "The source vanished.",
        false,
    );
    let report = &ws.files()[0];
    assert!(!report.unreadable, "what was read is kept");
    assert!(!report.loading);
    assert_eq!(report.rows, 2, "the half row is dropped, not stored half");
    let d = &report.diagnostics[0];
    assert_eq!(d.code, DiagnosticCode::ReadFailed);
    assert!(
        d.message.starts_with("The source vanished."),
        "{}",
        d.message
    );
    assert!(d.message.contains(&format!(
        "of {} bytes",
        mfa_lens_core::format::grouped(bytes.len() as u64)
    )));
    assert!(d.message.contains("2 complete rows"), "{}", d.message);

    // Cut before the header ends: nothing is used, and it says that.
    let mut ws = Workspace::default();
    let id = ws.begin_file(SIGN_INS);
    ws.push(id, &bytes[..10]);
    ws.finish_cut_short(id, 10, bytes.len() as u64, "Gone.", false);
    let report = &ws.files()[0];
    assert!(report.unreadable);
    assert_eq!(report.diagnostics[0].code, DiagnosticCode::ReadFailed);
    assert!(report.diagnostics[0]
        .message
        .contains("before the header line"));
}

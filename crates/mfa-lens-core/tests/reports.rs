//! The report analyses (`mfa_lens_core::reports`) over fixture files whose
//! captions differ from the documented ones (`tests/fixtures/reports/`:
//! `User name`, `UPN`, `Blocked By`, `Bypassed By`, `Server`, `Last Contact`,
//! `Fraud Timestamp`, a `;` file, a day-first date), the documented layouts
//! (`tests/fixtures/kinds/`), and generated files for the bounds. Every
//! expected number was counted by hand from the fixture rows.

use std::path::{Path, PathBuf};

use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::query::{DatasetId, Filter};
use mfa_lens_core::reports::{
    self, BlockAction, BlockState, FraudSource, ReportId, MAX_ITEMS, NOT_GIVEN,
};
use mfa_lens_core::{Summary, Workspace};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn load(rels: &[&str]) -> Workspace {
    let mut ws = Workspace::new();
    for rel in rels {
        let path = fixture(rel);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        ws.load(&name, &bytes);
    }
    ws
}

fn generated(kind: GenKind, rows: u64) -> Workspace {
    let mut csv = Vec::new();
    let opts = GenOptions {
        rows,
        seed: 11,
        ..GenOptions::default()
    };
    generate::generate(kind, &opts, &mut csv).unwrap();
    let mut ws = Workspace::new();
    ws.load(&format!("{}.csv", kind.name()), &csv);
    ws
}

fn user_filter(user: &str) -> Filter {
    Filter::User {
        user: user.to_string(),
    }
}

#[test]
fn activity_with_other_captions_counts_components_methods_and_results() {
    let ws = load(&["reports/MFAServer_Activity_variant.csv"]);
    assert_eq!(
        reports::available(&ws),
        [ReportId::MfaServer, ReportId::Fraud]
    );
    let r = reports::activity::analyse(&ws);
    assert_eq!((r.attempts, r.users, r.without_result), (8, 3, 1));
    assert_eq!(r.first.as_deref(), Some("2020-02-03T08:00:00Z"));
    assert_eq!(r.last.as_deref(), Some("2020-02-03T08:35:00Z"));
    let o = &r.by_outcome;
    assert_eq!(
        (o.succeeded, o.failed, o.did_not_complete, o.depends),
        (2, 3, 1, 1)
    );
    let comps: Vec<(&str, u64)> = r
        .by_component
        .items
        .iter()
        .map(|c| (c.value.as_str(), c.count))
        .collect();
    assert_eq!(
        comps,
        [("NPS Extension", 4), ("User Portal", 3), (NOT_GIVEN, 1)]
    );
    assert_eq!(
        r.by_component.items[0].filter,
        Some(Filter::Equals {
            column: "authentication type".into(),
            values: vec!["NPS Extension".into()],
        })
    );
    assert_eq!(r.by_component.items[2].filter, None);
    assert_eq!(r.by_application.items[0].value, "VPN");
    assert_eq!(r.by_application.items[0].count, 5);
    assert_eq!(r.by_method.distinct, 4);
    assert_eq!(r.success_not_succeeded, 3);
    assert_eq!(r.fraud_reports, 1);

    let pin = r
        .call_results
        .iter()
        .find(|c| c.code == "SUCCESS_WITH_PIN")
        .unwrap();
    assert_eq!(pin.count, 2);
    assert_eq!((pin.resolved.succeeded, pin.resolved.failed), (1, 1));
    assert_eq!(pin.outcome, "depends");
    assert!(pin.caveat.is_some());
    assert!(!pin.explanation.is_empty());
    let timeout = r
        .call_results
        .iter()
        .find(|c| c.code == "SUCCESS_NO_PIN_BUT_TIMEOUT")
        .unwrap();
    assert_eq!(timeout.category, "telephony");
    // The filter selects the spelling the file used, in the column it came from.
    assert_eq!(
        timeout.filter,
        Some(Filter::Equals {
            column: "call result".into(),
            values: vec!["success_no_pin_but_timeout".into()],
        })
    );
    let app = r
        .call_results
        .iter()
        .find(|c| c.code == "SUCCESS_PHONE_APP_AUTHENTICATED")
        .unwrap();
    assert_eq!(app.caveat, None);
    let unknown = r
        .call_results
        .iter()
        .find(|c| c.code == "FAILED_NEW_THING")
        .unwrap();
    assert!(!unknown.known);
    assert_eq!(unknown.outcome, "failed");

    let users: Vec<(&str, u64, u64, u64)> = r
        .top_users
        .iter()
        .map(|u| (u.user.as_str(), u.attempts, u.succeeded, u.not_succeeded))
        .collect();
    assert_eq!(
        users,
        [
            ("CONTOSO\\ivan.petrov", 3, 1, 2),
            ("CONTOSO\\judy.kim", 3, 0, 1),
            ("CONTOSO\\hana.ito", 2, 1, 1),
        ]
    );
    assert_eq!(r.top_users[1].undecided, 1);
    // Judy's latest row has no result; her latest code is the one before.
    assert_eq!(
        r.top_users[1].last_code.as_deref(),
        Some("FAILED_NEW_THING")
    );
    assert_eq!(r.top_users[0].filter, user_filter("CONTOSO\\ivan.petrov"));
    assert_eq!(r.users_with_failures, 3);
}

#[test]
fn activity_report_agrees_with_the_summary_on_the_documented_layout() {
    let ws = load(&["kinds/mfa_server_activity.csv"]);
    let r = reports::activity::analyse(&ws);
    let s = Summary::of(&ws).mfa_server.unwrap();
    assert_eq!(r.by_outcome, s.by_outcome);
    assert_eq!(r.attempts, s.attempts);
    let total: u64 = r.call_results.iter().map(|c| c.count).sum();
    assert_eq!(total, s.call_results.values().sum::<u64>());
    assert_eq!(s.by_component.get("AD FS"), Some(&6));
    assert_eq!(s.by_component.get("RADIUS"), Some(&5));
    assert_eq!(s.by_component.get("IIS"), Some(&6));
    assert_eq!(s.by_method.get("Phone Call"), Some(&10));
    // SUCCESS_WITH_PIN (Bob, No), SUCCESS_SMS_SENT (No),
    // SUCCESS_NO_PIN_BUT_TIMEOUT, SUCCESS_USER_BLOCKED, SUCCESS_INVALID_INPUT.
    assert_eq!(s.success_not_succeeded, 5);
    assert_eq!(s.fraud_reports, 1);
}

#[test]
fn blocked_history_builds_timelines_and_the_state_now() {
    let ws = load(&["reports/MFAServer_Blocked_variant.csv"]);
    let r = reports::blocked::analyse(&ws);
    assert_eq!(
        (r.events, r.blocks, r.unblocks, r.fraud_alerts),
        (6, 3, 2, 1)
    );
    assert_eq!(
        (r.users, r.users_blocked_now, r.users_unblocked_now),
        (3, 1, 2)
    );
    let names: Vec<(&str, BlockState)> = r
        .user_list
        .iter()
        .map(|u| (u.user.as_str(), u.state_now))
        .collect();
    assert_eq!(
        names,
        [
            ("CONTOSO\\ivan.petrov", BlockState::Blocked),
            ("CONTOSO\\hana.ito", BlockState::Unblocked),
            ("CONTOSO\\judy.kim", BlockState::Unblocked),
        ]
    );
    // Judy's rows are out of order in the file: the timeline sorts them, and
    // the unblock (later) decides.
    let judy = &r.user_list[2];
    assert_eq!(
        judy.events.iter().map(|e| e.action).collect::<Vec<_>>(),
        [BlockAction::Block, BlockAction::Unblock]
    );
    assert_eq!(judy.events[0].by, "");
    assert_eq!(
        judy.events[0].reason,
        "Account lockout - too many denied PIN attempts"
    );
    let hana = &r.user_list[1];
    assert!(hana.events[0].fraud_alert);
    assert_eq!(hana.events[1].by, "helpdesk@contoso.com");
    assert_eq!(
        hana.events[1].completed.as_deref(),
        Some("2020-02-04T09:00:00Z")
    );
    // An unreadable Blocked value is listed but does not change the state.
    let ivan = &r.user_list[0];
    assert_eq!(ivan.events[1].action, BlockAction::Other);
    let requesters: Vec<(&str, u64)> = r
        .by_requester
        .items
        .iter()
        .map(|c| (c.value.as_str(), c.count))
        .collect();
    assert_eq!(
        requesters,
        [
            (NOT_GIVEN, 3),
            ("admin@contoso.com", 2),
            ("helpdesk@contoso.com", 1)
        ]
    );
    let s = Summary::of(&ws).blocked_history.unwrap();
    assert_eq!((s.users_blocked_now, s.users_unblocked_now), (1, 2));
}

#[test]
fn bypasses_list_newest_first_and_flag_repeat_users() {
    let ws = load(&["reports/MFAServer_Bypassed_variant.csv"]);
    let r = reports::bypassed::analyse(&ws);
    assert_eq!((r.events, r.users, r.used, r.unused), (4, 2, 2, 1));
    assert_eq!(r.seconds_granted, 1200);
    assert_eq!(r.users_bypassed_repeatedly, 1);
    assert_eq!(r.user_list[0].user, "CONTOSO\\hana.ito");
    assert_eq!(r.user_list[0].bypasses, 3);
    assert!(r.user_list[0].repeated);
    assert!(!r.user_list[1].repeated);
    assert_eq!(r.bypasses[0].user, "CONTOSO\\ivan.petrov");
    assert_eq!(r.bypasses[0].seconds, None);
    assert_eq!(r.bypasses[0].used, Some(true));
    assert_eq!(r.bypasses[1].granted_by, "admin@contoso.com");
    assert_eq!(r.bypasses[1].used, None);
    assert_eq!(r.bypasses[3].when.as_deref(), Some("2020-02-03T09:00:00Z"));
    let s = Summary::of(&ws).bypass_history.unwrap();
    assert_eq!(
        (
            s.used,
            s.unused,
            s.users_bypassed_repeatedly,
            s.seconds_granted
        ),
        (2, 1, 1, 1200)
    );
}

#[test]
fn documented_bypass_layout_keeps_its_used_count() {
    let ws = load(&["kinds/mfa_server_bypassed.csv"]);
    let s = Summary::of(&ws).bypass_history.unwrap();
    assert_eq!((s.events, s.users, s.used, s.unused), (6, 4, 3, 3));
    // Carol is bypassed three times (one with a different case).
    assert_eq!(s.users_bypassed_repeatedly, 1);
}

#[test]
fn server_status_flags_silent_servers_against_the_newest_contact() {
    let ws = load(&["reports/MFAServer_Status_variant.csv"]);
    assert_eq!(reports::available(&ws), [ReportId::ServerStatus]);
    let r = reports::server_status::analyse(&ws);
    assert_eq!(r.servers_total, 4);
    assert_eq!(r.newest.as_deref(), Some("2020-03-16T12:00:00Z"));
    assert_eq!(r.flagged, 2);
    let order: Vec<(&str, bool)> = r
        .servers
        .iter()
        .map(|s| (s.name.as_str(), s.flagged))
        .collect();
    assert_eq!(
        order,
        [
            ("MFA-OLD.contoso.com", true),
            ("MFA-NEW.contoso.com", true),
            ("MFA02.contoso.com", false),
            ("MFA01.contoso.com", false),
        ]
    );
    // Day-first dates (16/03): 1 March 09:00 to 16 March 12:00.
    assert_eq!(
        r.servers[0].silent_for_seconds,
        Some(15 * 86_400 + 3 * 3600)
    );
    assert_eq!(r.servers[0].silent_for.as_deref(), Some("15 days"));
    assert_eq!(r.servers[2].silent_for.as_deref(), Some("3 h"));
    assert!(r.servers[1].why.as_deref().unwrap().contains("unreadable"));
    assert_eq!(r.versions[0].value, "8.0.3.0");
    assert_eq!(r.versions[0].count, 2);
}

#[test]
fn documented_status_layout_flags_the_offline_server() {
    let ws = load(&["kinds/mfa_server_status_INFERRED.csv"]);
    let r = reports::server_status::analyse(&ws);
    assert_eq!(r.flagged, 1);
    assert_eq!(r.servers[0].name, "MFA-DR.contoso.com");
    assert_eq!(r.servers[0].status, "Offline");
}

#[test]
fn fraud_reports_from_every_source_with_what_followed() {
    let ws = load(&[
        "reports/FraudAlerts_variant.csv",
        "reports/MFAServer_Activity_variant.csv",
        "reports/MFAServer_Blocked_variant.csv",
        "kinds/entra_sign_ins_57.csv",
    ]);
    let r = reports::fraud::analyse(&ws);
    assert_eq!((r.alerts, r.incidents, r.users), (5, 3, 3));
    assert!(r.blocked_history_loaded);
    // Hana's three rows (alert, call result, block) are followed by the block
    // and its lifting the next day.
    assert_eq!((r.blocked_after, r.unblocked_later), (3, 3));
    assert_eq!(r.users_still_blocked, 0);
    let hana = r
        .user_list
        .iter()
        .find(|u| u.user == "CONTOSO\\hana.ito")
        .unwrap();
    assert_eq!((hana.alerts, hana.incidents), (3, 1));
    assert_eq!(hana.state_now, BlockState::Unblocked);
    let from_activity = r
        .alert_list
        .iter()
        .find(|a| a.source == FraudSource::Activity)
        .unwrap();
    assert_eq!(from_activity.what, "FAILED_FRAUD_REPORTED");
    assert_eq!(from_activity.blocked, Some(true));
    assert_eq!(
        from_activity.blocked_at.as_deref(),
        Some("2020-02-03T08:05:03Z")
    );
    assert_eq!(
        from_activity.unblocked_at.as_deref(),
        Some("2020-02-04T09:00:00Z")
    );
    assert_eq!(from_activity.dataset, DatasetId::MfaServerActivity);
    let gail = r
        .alert_list
        .iter()
        .find(|a| a.source == FraudSource::SignIns)
        .unwrap();
    assert_eq!(gail.user, "gail.ruiz@contoso.com");
    assert!(gail.what.contains("fraud"), "{}", gail.what);
    assert_eq!(gail.blocked, Some(false));
    // Newest first: the sign-in of 2024 leads.
    assert_eq!(r.alert_list[0].source, FraudSource::SignIns);
    let kurt = r
        .alert_list
        .iter()
        .find(|a| a.user == "CONTOSO\\kurt.weber")
        .unwrap();
    assert_eq!(kurt.source, FraudSource::FraudAlerts);
    assert_eq!(kurt.blocked, Some(false));
}

#[test]
fn without_a_blocked_history_what_followed_is_unknown() {
    let ws = load(&["kinds/fraud_alerts_INFERRED.csv"]);
    assert_eq!(reports::available(&ws), [ReportId::Fraud]);
    let r = reports::fraud::analyse(&ws);
    assert_eq!((r.alerts, r.users), (2, 2));
    assert!(!r.blocked_history_loaded);
    assert!(r.alert_list.iter().all(|a| a.blocked.is_none()));
}

#[test]
fn sign_ins_alone_offer_the_fraud_view_only_with_a_fraud_denial() {
    let with = load(&["kinds/entra_sign_ins_57.csv"]);
    assert_eq!(reports::available(&with), [ReportId::Fraud]);
    let without = load(&["kinds/entra_sign_ins_44.csv"]);
    assert!(reports::available(&without).is_empty());
}

#[test]
fn lists_stay_bounded_and_totals_stay_exact_on_large_files() {
    let ws = generated(GenKind::Bypassed, 3_000);
    let r = reports::bypassed::analyse(&ws);
    assert_eq!(r.events, 3_000);
    assert_eq!(r.bypasses.len(), MAX_ITEMS);
    assert!(r.bypasses.windows(2).all(|w| w[0].when >= w[1].when));
    assert!(r.user_list.len() <= MAX_ITEMS);

    let ws = generated(GenKind::Activity, 5_000);
    let r = reports::activity::analyse(&ws);
    assert_eq!(r.attempts, 5_000);
    assert!(r.top_users.len() <= MAX_ITEMS);
    let s = Summary::of(&ws).mfa_server.unwrap();
    assert_eq!(r.by_outcome, s.by_outcome);
    assert_eq!(s.by_component.values().sum::<u64>(), 5_000);

    let ws = generated(GenKind::Blocked, 3_000);
    let r = reports::blocked::analyse(&ws);
    assert_eq!(r.events, 3_000);
    assert!(r.user_list.len() <= MAX_ITEMS);
    assert!(r
        .user_list
        .iter()
        .all(|u| u.events.len() <= reports::blocked::EVENTS_PER_USER));
    let json = serde_json::to_string(&reports::report(&ws, ReportId::Blocked)).unwrap();
    assert!(json.len() < 2_000_000, "{} bytes", json.len());
}

#[test]
fn reports_round_trip_through_json() {
    let ws = load(&[
        "reports/FraudAlerts_variant.csv",
        "reports/MFAServer_Activity_variant.csv",
        "reports/MFAServer_Blocked_variant.csv",
        "reports/MFAServer_Bypassed_variant.csv",
        "reports/MFAServer_Status_variant.csv",
    ]);
    assert_eq!(reports::available(&ws), ReportId::ALL);
    for id in ReportId::ALL {
        let r = reports::report(&ws, id);
        assert_eq!(r.id(), id);
        let json = serde_json::to_string(&r).unwrap();
        let back: reports::Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }
}

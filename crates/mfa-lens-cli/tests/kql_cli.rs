//! `mfa-lens kql` end to end: the real process prints the core's queries,
//! reads its flags, and refuses what has no KQL form. The Kusto parser's
//! check of the same output is `scripts/kql/kql.test.mjs`.

use std::process::{Command, Output};

use mfa_lens_core::findings::{FindingSettings, RULES};
use mfa_lens_core::kql::{self, TimeRange};

fn mfa_lens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mfa-lens"))
        .args(args)
        .output()
        .expect("run mfa-lens")
}

fn stdout(args: &[&str]) -> String {
    let out = mfa_lens(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn stderr_of_failure(args: &[&str]) -> String {
    let out = mfa_lens(args);
    assert!(!out.status.success(), "{args:?} should fail");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn overview_is_the_cores_query_for_the_range() {
    let text = stdout(&[
        "kql",
        "overview",
        "--from",
        "2024-05-01T00:00:00Z",
        "--to",
        "2024-05-02T02:00:00+02:00",
    ]);
    let range = TimeRange {
        from: Some(1_714_521_600),
        to: Some(1_714_608_000),
    };
    assert_eq!(text, format!("{}\n", kql::overview(&range)));
    let err = stderr_of_failure(&["kql", "overview", "--from", "05/01/2024"]);
    assert!(err.contains("not an RFC 3339 time"), "{err}");
    let err = stderr_of_failure(&[
        "kql",
        "overview",
        "--from",
        "2024-05-02T00:00:00Z",
        "--to",
        "2024-05-01T00:00:00Z",
    ]);
    assert!(err.contains("--from must be earlier than --to"), "{err}");
}

#[test]
fn rows_reads_each_filter_word() {
    let text = stdout(&[
        "kql",
        "rows",
        "--filter",
        "Username=a@contoso.com",
        "--filter",
        "Username=b@contoso.com",
        "--filter",
        "Application~Portal",
        "--filter",
        "outcome=denied",
        "--filter",
        "search=fraud",
    ]);
    assert!(
        text.contains("\n| where UserPrincipalName in (\"a@contoso.com\", \"b@contoso.com\")\n")
    );
    assert!(text.contains("\n| where AppDisplayName contains \"Portal\"\n"));
    assert!(text.contains("\n| where Outcome in (\"denied\")\n"));
    assert!(text.contains(" or DenialReason contains \"fraud\""));
    for bad in ["Username", "date=yesterday..", "Status=Success"] {
        let err = stderr_of_failure(&["kql", "rows", "--filter", bad]);
        assert!(err.starts_with("mfa-lens: "), "{bad}: {err}");
    }
    let err = stderr_of_failure(&["kql", "rows", "--filter", "Status=Success"]);
    assert!(err.contains("the columns are UserPrincipalName, "), "{err}");
}

#[test]
fn the_help_documents_the_filter_words() {
    let help = stdout(&["kql", "rows", "--help"]);
    for word in [
        "search=TEXT",
        "outcome=",
        "user=NAME",
        "date=FROM..TO",
        "COLUMN=VALUE",
        "COLUMN~TEXT",
    ] {
        assert!(help.contains(word), "{word} missing from\n{help}");
    }
}

#[test]
fn findings_lists_every_rule_and_takes_the_threshold_flags() {
    let all = stdout(&["kql", "findings"]);
    for rule in RULES {
        assert!(
            all.contains(&format!("// {}: ", rule.id.id())),
            "{}",
            rule.id.id()
        );
    }
    assert_eq!(all.matches("not available in Log Analytics").count(), 2);

    let tuned = stdout(&[
        "kql",
        "findings",
        "--rule",
        "mfa-fatigue",
        "--min-prompts",
        "8",
        "--gap-minutes",
        "4",
    ]);
    let mut settings = FindingSettings::default();
    settings.mfa_fatigue.min_prompts = 8;
    settings.mfa_fatigue.gap_minutes = 4;
    let expected = kql::finding(RULES[0].id, &settings, &TimeRange::default()).unwrap();
    assert_eq!(tuned, format!("{expected}\n"));

    let err = stderr_of_failure(&["kql", "findings", "--rule", "admin-without-mfa"]);
    assert!(err.contains("not available in Log Analytics"), "{err}");
    let err = stderr_of_failure(&["kql", "findings", "--rule", "nope"]);
    assert!(err.contains("the rules are mfa-fatigue"), "{err}");
    let err = stderr_of_failure(&["kql", "findings", "--multiple=-1"]);
    assert!(err.contains("--multiple"), "{err}");
}

//! `mfa-lens explain` as a user runs it: the real binary, its stdout, stderr and
//! exit status.

use std::process::{Command, Output};

fn explain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mfa-lens"))
        .arg("explain")
        .args(args)
        .output()
        .expect("the mfa-lens binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn known_error_code_prints_its_entry() {
    let output = explain(&["AADSTS500121"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("Kind:          Sign-in error code"), "{text}");
    assert!(text.contains("Code:          500121"), "{text}");
    assert!(text.contains("MFA relevance: mfa failed"), "{text}");
    assert!(
        text.contains("Log text:      Authentication failed during strong authentication request."),
        "{text}"
    );
    assert!(text.contains("Next step:"), "{text}");
}

#[test]
fn call_result_shows_its_outcome_class() {
    let output = explain(&["success_sms_sent"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("Label:         Text Message Sent"), "{text}");
    assert!(text.contains("Outcome:       depends"), "{text}");
}

#[test]
fn result_text_given_as_several_words_finds_the_reason() {
    // The shell splits an unquoted text into words; main.rs joins them again.
    let output = explain(&[
        "MFA",
        "denied;",
        "user",
        "declined",
        "the",
        "authentication",
    ]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.contains("Reason:        user declined the authentication"),
        "{text}"
    );
    assert!(text.contains("Result:        denied"), "{text}");
    assert!(text.contains("Category:      user action"), "{text}");
}

#[test]
fn unknown_query_fails_with_a_helpful_message() {
    let output = explain(&["qqq-not-a-code"]);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("qqq-not-a-code"), "{message}");
    assert!(message.contains("500121"), "{message}");
}

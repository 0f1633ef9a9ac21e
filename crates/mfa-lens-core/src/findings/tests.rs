//! Unit tests of the rules' tables and settings; the rules over files are in
//! `tests/findings.rs`.

use super::*;

#[test]
fn every_threshold_in_rules_is_a_setting_with_its_default() {
    let defaults = FindingSettings::default();
    let mut names = Vec::new();
    for rule in RULES {
        for t in rule.thresholds {
            assert_eq!(defaults.value(t.name), Some(t.default), "{}", t.name);
            assert!(t.flag.starts_with("--"), "{}", t.flag);
            names.push(t.name);
        }
    }
    // Every field of the settings is described: its JSON has as many leaves.
    let json = serde_json::to_value(defaults).unwrap();
    let leaves: usize = json
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_object().map_or(1, |o| o.len()))
        .sum();
    assert_eq!(names.len(), leaves);
    for (rule, section) in json.as_object().unwrap() {
        for field in section.as_object().unwrap().keys() {
            let path = format!("{rule}.{field}");
            assert!(names.contains(&path.as_str()), "{path} not in RULES");
        }
    }
}

#[test]
fn every_rule_is_described_once_in_order() {
    let ids: Vec<&str> = RULES.iter().map(|r| r.id.id()).collect();
    assert_eq!(
        ids,
        [
            "mfa-fatigue",
            "fraud-reported",
            "code-guessing",
            "prompt-volume",
            "admin-without-mfa",
            "block-lifted-after-fraud",
            "single-factor-access",
        ]
    );
    for r in RULES {
        assert_eq!(rule_info(r.id).id, r.id);
        assert_eq!(serde_json::to_value(r.id).unwrap(), r.id.id());
        assert!(!r.severities.is_empty() && !r.cannot_see.is_empty() && !r.source.is_empty());
    }
}

#[test]
fn settings_are_set_by_name_and_refuse_nonsense() {
    let mut s = FindingSettings::default();
    assert!(s.set("mfa_fatigue.min_prompts", 7.0));
    assert_eq!(s.mfa_fatigue.min_prompts, 7);
    assert!(s.set("prompt_volume.multiple", 2.5));
    assert_eq!(s.prompt_volume.multiple, 2.5);
    assert!(!s.set("mfa_fatigue.nope", 1.0));
    assert!(!s.set("code_guessing.min_codes", -1.0));
    assert!(!s.set("code_guessing.min_codes", f64::NAN));
    assert_eq!(s.code_guessing.min_codes, 10);
}

#[test]
fn settings_round_trip_and_missing_fields_take_defaults() {
    let s: FindingSettings =
        serde_json::from_str(r#"{"mfa_fatigue": {"min_prompts": 3}}"#).unwrap();
    assert_eq!(s.mfa_fatigue.min_prompts, 3);
    assert_eq!(s.mfa_fatigue.gap_minutes, 10);
    assert_eq!(s.code_guessing, CodeGuessingSettings::default());
    let back: FindingSettings = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
}

#[test]
fn severities_sort_high_first() {
    let mut v = vec![Severity::Info, Severity::High, Severity::Medium];
    v.sort();
    assert_eq!(v, [Severity::High, Severity::Medium, Severity::Info]);
}

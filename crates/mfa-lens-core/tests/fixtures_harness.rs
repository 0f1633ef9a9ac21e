//! Runs every fixture that has a hand-computed expectation: `kinds/X.csv` (or
//! `X.json`) and `quirks/X.csv` with `X.expect.json`, and each `sets/<name>/` directory with one
//! `expect.json` (files loaded in the order its `files[].name` lists them).
//!
//! Expectations are partial Summary JSON v1 (see `tests/fixtures/README.md`):
//! keys present must match, `null` means "absent", `files` must have the same
//! length and match element by element, the data-keyed maps are compared whole
//! (zero counts dropped), and `_diagnostics` lists codes that must occur.

use std::path::{Path, PathBuf};

use mfa_lens_core::{Summary, Workspace};
use serde_json::{Map, Value};

const WHOLE_MAPS: [&str; 3] = ["methods", "denial_reasons", "call_results"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Load files into a workspace in 64 KiB chunks (a different chunking from the
/// CLI's 1 MiB, so chunk boundaries land in new places).
fn load(paths: &[PathBuf]) -> Workspace {
    let mut ws = Workspace::new();
    for p in paths {
        let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let id = ws.begin_file(&name);
        for chunk in bytes.chunks(64 * 1024) {
            ws.push(id, chunk);
        }
        ws.finish(id);
    }
    ws
}

fn drop_zeros(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| v.as_u64() != Some(0))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Compare `expected` (partial) with `actual`, pushing one line per mismatch.
fn compare(
    path: &str,
    key: &str,
    expected: &Value,
    actual: Option<&Value>,
    errors: &mut Vec<String>,
) {
    match (expected, actual) {
        (Value::Null, None) => {}
        (Value::Null, Some(a)) => errors.push(format!("{path}: expected absent, got {a}")),
        (_, None) => errors.push(format!("{path}: missing (expected {expected})")),
        (Value::Object(e), Some(a)) if WHOLE_MAPS.contains(&key) || (key == "methods") => {
            let (e, a) = (drop_zeros(&Value::Object(e.clone())), drop_zeros(a));
            if e != a {
                errors.push(format!("{path}: expected map {e}, got {a}"));
            }
        }
        (Value::Object(e), Some(Value::Object(a))) => compare_objects(path, e, a, errors),
        (Value::Array(e), Some(Value::Array(a))) => {
            if e.len() != a.len() {
                errors.push(format!(
                    "{path}: expected {} entries, got {}",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (ei, ai)) in e.iter().zip(a).enumerate() {
                compare(&format!("{path}[{i}]"), "", ei, Some(ai), errors);
            }
        }
        (e, Some(a)) => {
            let same = match (e.as_f64(), a.as_f64()) {
                (Some(x), Some(y)) => (x - y).abs() < 1e-9,
                _ => e == a,
            };
            if !same {
                errors.push(format!("{path}: expected {e}, got {a}"));
            }
        }
    }
}

fn compare_objects(
    path: &str,
    e: &Map<String, Value>,
    a: &Map<String, Value>,
    errors: &mut Vec<String>,
) {
    for (k, ev) in e {
        if k == "_diagnostics" {
            continue;
        }
        compare(&format!("{path}.{k}"), k, ev, a.get(k), errors);
    }
}

fn check(label: &str, paths: &[PathBuf], expect: &Value, errors: &mut Vec<String>) {
    let ws = load(paths);
    let actual = serde_json::to_value(Summary::of(&ws)).unwrap();
    let before = errors.len();
    if let (Value::Object(e), Value::Object(a)) = (expect, &actual) {
        compare_objects(label, e, a, errors);
    }
    if let Some(Value::Array(codes)) = expect.get("_diagnostics") {
        let present: Vec<String> = ws
            .files()
            .iter()
            .flat_map(|f| f.diagnostics.iter())
            .map(|d| {
                serde_json::to_value(d.code)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        for c in codes {
            let c = c.as_str().unwrap_or_default();
            if !present.iter().any(|p| p == c) {
                errors.push(format!(
                    "{label}: diagnostic {c} missing (have {present:?})"
                ));
            }
        }
    }
    if errors.len() > before {
        errors.push(format!("{label}: actual summary {actual}"));
    }
}

#[test]
fn every_fixture_matches_its_expectation() {
    let mut errors = Vec::new();
    let mut checked = 0;
    for dir in ["kinds", "quirks"] {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(fixtures().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".expect.json"))
            .collect();
        entries.sort();
        for expect_path in entries {
            let s = expect_path.to_string_lossy();
            // The data file is `X.csv`, or `X.json` for the JSON download.
            let stem = s.trim_end_matches(".expect.json").to_string();
            let Some(csv) = [".csv", ".json"]
                .iter()
                .map(|ext| PathBuf::from(stem.clone() + ext))
                .find(|p| p.exists())
            else {
                continue;
            };
            let expect: Value =
                serde_json::from_str(&std::fs::read_to_string(&expect_path).unwrap()).unwrap();
            let label = format!("{dir}/{}", csv.file_name().unwrap().to_string_lossy());
            check(&label, &[csv], &expect, &mut errors);
            checked += 1;
        }
    }
    let sets = fixtures().join("sets");
    let mut set_dirs: Vec<PathBuf> = std::fs::read_dir(&sets)
        .map(|rd| {
            rd.map(|e| e.unwrap().path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    set_dirs.sort();
    for dir in set_dirs {
        let expect: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expect.json")).unwrap())
                .unwrap();
        let paths: Vec<PathBuf> = expect["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| dir.join(f["name"].as_str().unwrap()))
            .collect();
        let label = format!("sets/{}", dir.file_name().unwrap().to_string_lossy());
        check(&label, &paths, &expect, &mut errors);
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} fixtures found");
    assert!(
        errors.is_empty(),
        "{} mismatches:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

#[test]
fn the_partial_comparison_catches_mismatches() {
    let actual: Value = serde_json::json!({
        "files": [{"name": "a.csv", "rows": 2}],
        "sign_ins": {"total": 3, "methods": {"Text message": 1, "Phone call": 0}},
    });
    let mut errors = Vec::new();
    let ok = serde_json::json!({"files": [{"rows": 2}], "sign_ins": {"methods": {"Text message": 1}}, "registration": null});
    compare_objects(
        "ok",
        ok.as_object().unwrap(),
        actual.as_object().unwrap(),
        &mut errors,
    );
    assert!(errors.is_empty(), "{errors:?}");
    for bad in [
        serde_json::json!({"files": [{"rows": 3}]}),
        serde_json::json!({"files": [{"rows": 2}, {"rows": 1}]}),
        serde_json::json!({"sign_ins": {"total": 4}}),
        serde_json::json!({"sign_ins": {"methods": {}}}),
        serde_json::json!({"sign_ins": null}),
        serde_json::json!({"mfa_server": {"attempts": 0}}),
    ] {
        let mut errors = Vec::new();
        compare_objects(
            "bad",
            bad.as_object().unwrap(),
            actual.as_object().unwrap(),
            &mut errors,
        );
        assert!(!errors.is_empty(), "{bad} was accepted");
    }
}

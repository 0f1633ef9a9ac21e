//! The README's "When one browser is not enough" shows the overview query
//! as `mfa-lens kql overview` prints it today, so the pasted text never lags
//! behind the rules it was generated from.

use std::path::PathBuf;

use mfa_lens_core::kql::{overview, TimeRange};

#[test]
fn the_readme_shows_the_current_overview_query() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let section = readme
        .split("\n## When one browser is not enough\n")
        .nth(1)
        .expect("the README has the section");
    let shown = section
        .split("```kql\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the section shows a kql block");
    assert_eq!(
        shown,
        overview(&TimeRange::default()),
        "update the README's overview with `mfa-lens kql overview`"
    );
}

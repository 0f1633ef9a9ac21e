//! The one-file report (issue 15, part 5) on every fixture set: no script,
//! no event attribute, no request, a print stylesheet, the summary's figures
//! where the page shows them, every finding's title and user; markup in a
//! cell stays text; a redacted report names nobody; a large tenant gives a
//! small report.

mod redact_support;

use mfa_lens_core::findings::{self, rule_info, FindingSettings};
use mfa_lens_core::format::grouped;
use mfa_lens_core::generate::{self, GenKind, GenOptions};
use mfa_lens_core::redact::redact_workspace;
use mfa_lens_core::report_html::{escape, render, ReportOptions};
use mfa_lens_core::{Summary, Workspace};
use redact_support::*;

const MADE_AT: &str = "2026-12-05T08:00:00Z";

fn report(ws: &Workspace) -> String {
    render(ws, &ReportOptions::new(MADE_AT))
}

/// The fixture groups a report is checked on: the findings files, each set,
/// each kind alone.
fn fixture_groups() -> Vec<(String, Files)> {
    groups()
        .into_iter()
        .filter(|(name, _)| {
            name == "findings" || name.contains("sets") || name.starts_with("kinds/")
        })
        .collect()
}

/// Every tag of the document: data is escaped, so each `<` opens one.
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or(""))
        .collect()
}

/// The attribute names and values of a tag (values always in double quotes).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag.split_once(char::is_whitespace).map_or("", |x| x.1);
    while let Some((name, after)) = rest.split_once('=') {
        let after = after.trim_start();
        assert!(after.starts_with('"'), "unquoted attribute in <{tag}>");
        let (value, next) = after[1..].split_once('"').expect("closed quote");
        out.push((name.trim().to_ascii_lowercase(), value.to_string()));
        rest = next;
    }
    out
}

/// No script, no event handler, nothing fetched.
fn assert_safe(group: &str, html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{group}: a script");
    assert!(!lower.contains("url("), "{group}: a CSS url()");
    assert!(!lower.contains("@import"), "{group}: a CSS import");
    for tag in tags(html) {
        let name = tag
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        assert!(
            !["script", "iframe", "img", "link", "object", "embed", "form", "a"]
                .contains(&name.as_str()),
            "{group}: <{tag}>"
        );
        for (attr, value) in attributes(tag) {
            assert!(!attr.starts_with("on"), "{group}: {attr}= in <{tag}>");
            if ["src", "href", "xlink:href", "action", "xmlns"].contains(&attr.as_str()) {
                panic!("{group}: {attr}=\"{value}\" in <{tag}>");
            }
        }
    }
}

#[test]
fn every_fixture_set_gives_a_safe_printable_report_with_its_figures() {
    let groups = fixture_groups();
    assert!(groups.len() > 20, "only {} groups", groups.len());
    for (group, files) in groups {
        let ws = load(&files);
        let html = report(&ws);
        assert_safe(&group, &html);
        assert!(html.contains("@media print"), "{group}");
        assert!(html.contains("break-inside: avoid"), "{group}");
        assert!(html.contains(MADE_AT), "{group}");
        let s = Summary::of(&ws);
        for f in &s.files {
            assert!(
                html.contains(&format!("<td>{}</td>", escape(&f.name))),
                "{group}: {}",
                f.name
            );
        }
        if let Some(si) = &s.sign_ins {
            let tile = format!(
                "<div class=\"tile__value\">{}</div><div class=\"tile__label\">sign-ins</div>",
                grouped(si.total)
            );
            assert!(html.contains(&tile), "{group}: {tile}");
            let denied = format!(
                "<div class=\"tile__value\">{}</div><div class=\"tile__label\">denied</div>",
                grouped(si.denied)
            );
            assert!(html.contains(&denied), "{group}: {denied}");
            for reason in si.denial_reasons.keys() {
                assert!(html.contains(&escape(reason)), "{group}: {reason}");
            }
        }
        if let Some(m) = &s.mfa_server {
            let tile = format!(
                "<div class=\"tile__value\">{}</div><div class=\"tile__label\">attempts</div>",
                grouped(m.attempts)
            );
            assert!(html.contains(&tile), "{group}: {tile}");
        }
        for id in mfa_lens_core::reports::available(&ws) {
            assert!(
                html.contains(&format!("data-view=\"{}\"", id.id())),
                "{group}: {id:?}"
            );
        }
    }
}

#[test]
fn every_finding_is_in_the_report_with_its_title_and_user() {
    let files = csvs(&fixtures().join("findings"));
    let ws = load(&files);
    let html = report(&ws);
    let found = findings::analyse(&ws, &FindingSettings::default()).unwrap();
    assert!(found.items.len() >= 5, "{} findings", found.items.len());
    for f in &found.items {
        let title = escape(rule_info(f.rule).title);
        let card = format!("data-rule=\"{}\"", f.rule.id());
        assert!(html.contains(&card), "{card}");
        assert!(html.contains(&title), "{title}");
        assert!(
            html.contains(&format!("<strong>User:</strong> {}", escape(&f.user))),
            "{}",
            f.user
        );
        assert!(html.contains(&escape(&f.explanation)), "{}", f.explanation);
    }
    let c = found.counts;
    let line = format!(
        "{} findings</strong>: {} high",
        c.high + c.medium + c.info,
        c.high
    );
    assert!(html.contains(&line), "{line}");
    assert!(html.contains("Contains personal data"));
}

#[test]
fn markup_in_the_data_stays_text() {
    let original = std::fs::read(fixtures().join("kinds/mfa_server_blocked.csv")).unwrap();
    let hostile = String::from_utf8(original)
        .unwrap()
        .replace(
            "CONTOSO\\erin.schmidt",
            "<script>alert(1)</script>\"\"onmouseover=x</style>",
        )
        .replace(
            "Fraud alert reported during phone call",
            "<img src=x onerror=alert(1)>",
        );
    let mut ws = Workspace::new();
    ws.load("<b>evil\".csv", hostile.as_bytes());
    let options = ReportOptions {
        title: "</title><script>alert(2)</script>".into(),
        ..ReportOptions::new(MADE_AT)
    };
    let html = render(&ws, &options);
    assert_safe("hostile", &html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=x&lt;/style&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;b&gt;evil&quot;.csv"));
    assert!(html.contains("<title>&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;</title>"));
    assert_eq!(html.matches("</style>").count(), 1);
}

#[test]
fn a_redacted_report_names_nobody_and_says_so() {
    let mut checked = 0;
    for (group, files) in fixture_groups() {
        let set = redact_workspace(&files, &key(7)).unwrap();
        let options = ReportOptions {
            redacted: true,
            ..ReportOptions::new(MADE_AT)
        };
        let html = render(&set.workspace, &options);
        assert!(html.contains(
            "Redacted copy: names, addresses and identifiers replaced by keyed pseudonyms"
        ));
        assert!(!html.contains("Contains personal data"));
        // As the page and the files would show them: escaped, any case.
        let text = html.to_lowercase();
        for value in identifying_values(&load(&files)) {
            assert!(
                !contains_whole(&text, &escape(&value)),
                "{group}: {value:?} in the report"
            );
            checked += 1;
        }
        // The same figures as the originals' report.
        let (a, b) = (Summary::of(&load(&files)), Summary::of(&set.workspace));
        assert_eq!(
            a.sign_ins.map(|s| s.total),
            b.sign_ins.map(|s| s.total),
            "{group}"
        );
    }
    assert!(checked > 300, "only {checked} values checked");
}

#[test]
fn a_large_tenant_gives_a_small_report() {
    let opts = GenOptions {
        rows: 100_000,
        seed: 11,
        ..GenOptions::default()
    };
    let bytes = generate::to_bytes(GenKind::SignIns, &opts);
    let mut ws = Workspace::new();
    ws.load("InteractiveSignIns_big.csv", &bytes);
    let html = report(&ws);
    assert_safe("100k", &html);
    assert!(html.contains("100,000"));
    assert!(html.len() < 400_000, "{} bytes", html.len());
    eprintln!("report of 100,000 sign-ins: {} bytes", html.len());
}

/// The words a reader sees: the stylesheet dropped, each tag a line break.
fn visible_text(html: &str) -> String {
    let body = html.split("</style>").nth(1).unwrap_or(html);
    let mut out = String::new();
    for (i, part) in body.split(['<', '>']).enumerate() {
        // Even parts are text between tags, odd parts are tags.
        let part = part.trim();
        if i % 2 == 0 && !part.is_empty() {
            out.push_str(part);
            out.push('\n');
        }
    }
    out
}

#[test]
fn the_blocked_history_report_reads_as_expected() {
    let files = csvs(&fixtures().join("kinds"))
        .into_iter()
        .filter(|(n, _)| n == "mfa_server_blocked.csv")
        .collect();
    let text = visible_text(&report(&load(&files)));
    expect_test::expect_file!["report_html.blocked.txt"].assert_eq(&text);
}

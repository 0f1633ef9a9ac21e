//! The findings, one card each, in the Findings view's order and words:
//! severity, the rule's title ([`rule_info`]), the user, the window, what
//! was counted, the rule's own facts, the explanation and the next steps.

use std::fmt::Write;

use super::escape::Esc;
use super::LIST;
use crate::findings::{rule_info, Finding, Findings, Severity};
use crate::format::grouped;

pub fn findings(out: &mut String, f: &Findings) {
    let c = f.counts;
    let total = c.total();
    out.push_str("<section class=\"findings\"><h2>Findings</h2>");
    if total == 0 {
        out.push_str(
            "<p>No findings: no attack or risky gap the rules look for shows in these files.</p>",
        );
    } else {
        let _ = write!(
            out,
            "<p><strong>{} findings</strong>: {} high, {} medium, {} info.</p>",
            grouped(total),
            grouped(c.high),
            grouped(c.medium),
            grouped(c.info)
        );
    }
    for item in f.items.iter().take(LIST) {
        card(out, item);
    }
    if f.items.len() > LIST {
        let _ = write!(
            out,
            "<p class=\"more\">and {} more findings (the Findings view lists them all)</p>",
            grouped((f.items.len() - LIST) as u64)
        );
    }
    out.push_str("</section>");
}

/// The severity as the Findings view writes it, and its tone.
fn severity(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::High => ("High", "tone--bad"),
        Severity::Medium => ("Medium", "tone--warn"),
        Severity::Info => ("Info", ""),
    }
}

fn card(out: &mut String, f: &Finding) {
    let info = rule_info(f.rule);
    let (word, tone) = severity(f.severity);
    let counted = info.counted_word(f.count);
    let window = match (&f.first, &f.last) {
        (Some(a), Some(b)) if a == b => a.clone(),
        (Some(a), Some(b)) => format!("{a} – {b}"),
        _ => "no date in the files".to_string(),
    };
    let _ = write!(
        out,
        "<article class=\"card {tone}\" data-rule=\"{}\"><h3><span class=\"severity severity--{}\">{word}</span>{}</h3>\
         <p><strong>User:</strong> {} · <strong>When (UTC):</strong> {} · <strong>{}</strong> {}</p>",
        f.rule.id(),
        f.severity.id(),
        Esc(info.title),
        Esc(&f.user),
        Esc(&window),
        grouped(f.count),
        Esc(counted)
    );
    facts(out, f, info.via);
    let _ = write!(out, "<p>{}</p>", Esc(&f.explanation));
    if !f.next_steps.is_empty() {
        out.push_str("<p><strong>Next steps</strong></p><ul>");
        for step in &f.next_steps {
            let _ = write!(out, "<li>{}</li>", Esc(step));
        }
        out.push_str("</ul>");
    }
    out.push_str("</article>");
}

/// The rule's own facts, each a line: the approval, where it came from, the
/// way in, the busiest day.
fn facts(out: &mut String, f: &Finding, via: &str) {
    let seen = |v: Option<bool>| match v {
        Some(true) => " (seen in the user's earlier sign-ins)",
        Some(false) => " (never seen in the user's earlier sign-ins)",
        None => "",
    };
    let mut lines: Vec<(&str, String)> = Vec::new();
    match (f.approved_after, &f.approved_at) {
        (Some(true), Some(at)) => lines.push(("Success followed at", at.clone())),
        (Some(false), _) => lines.push(("Afterwards", "no success followed".into())),
        _ => {}
    }
    if let Some(ip) = &f.approving_ip {
        lines.push((
            "Approving IP address",
            format!("{ip}{}", seen(f.ip_seen_before)),
        ));
    }
    if let Some(place) = &f.approving_location {
        lines.push((
            "Approving location",
            format!("{place}{}", seen(f.location_seen_before)),
        ));
    }
    if !f.via.is_empty() && !via.is_empty() {
        lines.push((via, f.via.join(", ")));
    }
    if let Some(day) = &f.busiest_day {
        lines.push(("Busiest day (UTC)", day.clone()));
    }
    if let Some(n) = f.sign_ins {
        lines.push(("Sign-ins in the loaded files", grouped(n)));
    }
    if lines.is_empty() {
        return;
    }
    out.push_str("<ul class=\"facts\">");
    for (what, value) in lines {
        let _ = write!(
            out,
            "<li><strong>{}:</strong> {}</li>",
            Esc(what),
            Esc(&value)
        );
    }
    out.push_str("</ul>");
}

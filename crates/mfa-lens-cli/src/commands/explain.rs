//! `mfa-lens explain CODE_OR_TEXT`: prints the knowledge-base entry that best matches
//! a call result code, a sign-in error code, an MFA result text or a method name,
//! followed by a few other entries that also match.

use mfa_lens_core::knowledge::{search, Entry, Source};
use serde::Serialize;

/// How many other matches to list under "See also".
const SEE_ALSO_LIMIT: usize = 5;
/// Width the explanation paragraphs are wrapped to.
const WIDTH: usize = 78;

pub fn run(query: &str) -> Result<(), String> {
    let text = render(query).ok_or_else(|| {
        format!(
            "nothing in the knowledge base matches {:?}. Try a call result code \
             (FAILED_PHONE_APP_DENIED), a sign-in error code (500121 or AADSTS50074), an MFA \
             result text (\"MFA denied; user declined the authentication\") or a method name \
             (\"Mobile app notification\").",
            query.trim()
        )
    })?;
    print!("{text}");
    Ok(())
}

/// The full text for a query, or `None` when nothing matches.
fn render(query: &str) -> Option<String> {
    if query.trim().is_empty() {
        return None;
    }
    let matches = search(query);
    let (best, others) = matches.split_first()?;
    let mut out = describe(best);
    if !others.is_empty() {
        out.push_str("\nSee also:\n");
        for entry in others.iter().take(SEE_ALSO_LIMIT) {
            let key = entry.code_or_name();
            let title = entry.title();
            if key == title {
                out.push_str(&format!("  - {}: {key}\n", entry.kind_label()));
            } else {
                out.push_str(&format!("  - {}: {key} ({title})\n", entry.kind_label()));
            }
        }
        if others.len() > SEE_ALSO_LIMIT {
            out.push_str(&format!(
                "  ... and {} more\n",
                others.len() - SEE_ALSO_LIMIT
            ));
        }
    }
    Some(out)
}

/// One entry as labelled lines.
fn describe(entry: &Entry) -> String {
    let mut lines: Vec<(&str, String)> = vec![("Kind", entry.kind_label().to_string())];
    match entry {
        Entry::CallResult(result) => {
            lines.push(("Code", result.code.to_string()));
            lines.push(("Label", result.label.to_string()));
            lines.push(("Outcome", words(&result.outcome)));
        }
        Entry::MfaResult(result) => {
            lines.push(("Reason", result.reason.to_string()));
            lines.push(("Result", words(&result.kind)));
            lines.push(("Modern text", result.modern_text.to_string()));
            lines.push(("Legacy text", result.legacy_text.to_string()));
        }
        Entry::ErrorCode(code) => {
            lines.push(("Code", code.code.to_string()));
            if !code.name.is_empty() {
                lines.push(("Name", code.name.to_string()));
            }
            lines.push(("Label", code.label.to_string()));
            if !code.failure_reason.is_empty() {
                lines.push(("Log text", code.failure_reason.to_string()));
            }
            lines.push(("Status", words(&code.status)));
            lines.push(("MFA relevance", words(&code.mfa)));
        }
        Entry::AuthMethod(method) => {
            lines.push(("Name", method.name.to_string()));
            // Every other spelling, by where it is written.
            for (source, caption) in [
                (Source::Portal, "Portal"),
                (Source::Graph, "Graph"),
                (Source::MsOnline, "MSOnline"),
                (Source::Other, "Also written"),
            ] {
                let spellings: Vec<&str> = method
                    .spellings_from(source)
                    .into_iter()
                    .filter(|s| *s != method.name)
                    .collect();
                if !spellings.is_empty() {
                    lines.push((caption, spellings.join(", ")));
                }
            }
            lines.push(("Strength", words(&method.strength)));
        }
    }
    if let Some(category) = entry.category() {
        lines.push(("Category", category.label().to_string()));
    }
    let mut out = String::new();
    for (name, value) in lines {
        out.push_str(&format!("{:<15}{value}\n", format!("{name}:")));
    }
    out.push_str("\nExplanation:\n");
    out.push_str(&wrap(entry.explanation(), "  "));
    out.push_str("\nNext step:\n");
    out.push_str(&wrap(entry.next_step(), "  "));
    out
}

/// A unit enum's serde name made readable: `did_not_complete` → `did not complete`.
fn words<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name.replace('_', " "),
        _ => String::from("?"),
    }
}

/// Greedy word wrap to [`WIDTH`] columns, each line indented.
fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.len() + 1 + word.len() > WIDTH {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_within_width() {
        let text = "word ".repeat(60);
        let wrapped = wrap(&text, "  ");
        assert!(wrapped.lines().count() > 1);
        assert!(wrapped
            .lines()
            .all(|line| line.len() <= WIDTH && line.starts_with("  ")));
        assert_eq!(wrapped.split_whitespace().count(), 60);
    }

    #[test]
    fn renders_outcome_and_category() {
        let text = render("success_no_pin_but_timeout").unwrap_or_default();
        assert!(
            text.contains("Code:          SUCCESS_NO_PIN_BUT_TIMEOUT"),
            "{text}"
        );
        assert!(text.contains("Outcome:       did not complete"), "{text}");
        assert!(text.contains("Category:      telephony"), "{text}");
        assert!(text.contains("Next step:"), "{text}");
    }

    #[test]
    fn lists_at_most_five_others() {
        let text = render("user").unwrap_or_default();
        let see_also = text.lines().filter(|line| line.starts_with("  - ")).count();
        assert_eq!(see_also, SEE_ALSO_LIMIT, "{text}");
        assert!(text.contains("... and "), "{text}");
        assert!(render("   ").is_none());
    }
}

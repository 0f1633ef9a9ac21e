//! One search over the whole knowledge base, for `mfa-lens explain` and for the web
//! page's Reference view.
//!
//! Ranking is deliberately simple and predictable: an exact code or text first, then
//! codes and names that start with the query (or long texts the query starts with,
//! such as a failure reason with its placeholder filled in), then those that
//! contain it, then
//! entries whose explanation mentions it, then entries that contain every word of
//! the query. Ties keep the tables' own order, so the same query always lists the
//! same entries in the same order, and the empty query lists everything.

use std::borrow::Cow;

use serde::Serialize;

use super::{
    auth_method, mfa_result, AuthMethod, CallResult, Category, ErrorCode, MfaResult, AUTH_METHODS,
    CALL_RESULTS, ERROR_CODES, MFA_RESULTS,
};

/// One knowledge-base entry of any vocabulary. Serialises as the entry's own fields
/// plus a `type` tag (`call_result`, `mfa_result`, `error_code`, `auth_method`).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Entry {
    CallResult(&'static CallResult),
    MfaResult(&'static MfaResult),
    ErrorCode(&'static ErrorCode),
    AuthMethod(&'static AuthMethod),
}

impl Entry {
    /// Which vocabulary the entry belongs to, for people.
    pub fn kind_label(&self) -> &'static str {
        match self {
            Entry::CallResult(_) => "MFA Server call result",
            Entry::MfaResult(_) => "MFA result",
            Entry::ErrorCode(_) => "Sign-in error code",
            Entry::AuthMethod(_) => "Authentication method",
        }
    }

    /// A short human title: the documented label, the modern result text or the
    /// method name.
    pub fn title(&self) -> &'static str {
        match self {
            Entry::CallResult(entry) => entry.label,
            Entry::MfaResult(entry) => entry.modern_text,
            Entry::ErrorCode(entry) => entry.label,
            Entry::AuthMethod(entry) => entry.name,
        }
    }

    /// The key as it appears in exports: the code, the reason or the method name.
    pub fn code_or_name(&self) -> Cow<'static, str> {
        match self {
            Entry::CallResult(entry) => Cow::Borrowed(entry.code),
            Entry::MfaResult(entry) => Cow::Borrowed(entry.reason),
            Entry::ErrorCode(entry) => Cow::Owned(entry.code.to_string()),
            Entry::AuthMethod(entry) => Cow::Borrowed(entry.name),
        }
    }

    pub fn explanation(&self) -> &'static str {
        match self {
            Entry::CallResult(entry) => entry.explanation,
            Entry::MfaResult(entry) => entry.explanation,
            Entry::ErrorCode(entry) => entry.explanation,
            Entry::AuthMethod(entry) => entry.explanation,
        }
    }

    pub fn next_step(&self) -> &'static str {
        match self {
            Entry::CallResult(entry) => entry.next_step,
            Entry::MfaResult(entry) => entry.next_step,
            Entry::ErrorCode(entry) => entry.next_step,
            Entry::AuthMethod(entry) => entry.next_step,
        }
    }

    /// Where to look for the cause; methods have no category.
    pub fn category(&self) -> Option<Category> {
        match self {
            Entry::CallResult(entry) => Some(entry.category),
            Entry::MfaResult(entry) => Some(entry.category),
            Entry::ErrorCode(entry) => Some(entry.category),
            Entry::AuthMethod(_) => None,
        }
    }

    /// The names an entry is looked up by, normalised like a query.
    fn keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        match self {
            Entry::CallResult(entry) => {
                keys.extend([entry.code, entry.label].map(normalise));
            }
            Entry::MfaResult(entry) => {
                keys.extend([entry.reason, entry.legacy_text, entry.modern_text].map(normalise));
            }
            Entry::ErrorCode(entry) => {
                keys.push(entry.code.to_string());
                keys.push(format!("aadsts{}", entry.code));
                keys.extend([entry.name, entry.label].map(normalise));
                // Up to the first unfilled placeholder, so a text with the
                // placeholder filled in still starts with the key.
                let failure_reason = entry.failure_reason.split('{').next().unwrap_or_default();
                keys.push(normalise(failure_reason.trim_end_matches([' ', '\''])));
            }
            Entry::AuthMethod(entry) => {
                keys.push(normalise(entry.name));
                keys.extend(entry.aliases().map(normalise));
            }
        }
        keys.retain(|key| !key.is_empty());
        keys
    }

    fn body(&self) -> String {
        normalise(&format!("{} {}", self.explanation(), self.next_step()))
    }

    fn is_same(&self, other: &Entry) -> bool {
        match (self, other) {
            (Entry::CallResult(a), Entry::CallResult(b)) => std::ptr::eq(*a, *b),
            (Entry::MfaResult(a), Entry::MfaResult(b)) => std::ptr::eq(*a, *b),
            (Entry::ErrorCode(a), Entry::ErrorCode(b)) => std::ptr::eq(*a, *b),
            (Entry::AuthMethod(a), Entry::AuthMethod(b)) => std::ptr::eq(*a, *b),
            _ => false,
        }
    }
}

/// Every entry of the knowledge base in a fixed order: call results, MFA results,
/// error codes, methods, each in its table's order.
pub fn all_entries() -> impl Iterator<Item = Entry> {
    CALL_RESULTS
        .iter()
        .map(Entry::CallResult)
        .chain(MFA_RESULTS.iter().map(Entry::MfaResult))
        .chain(ERROR_CODES.iter().map(Entry::ErrorCode))
        .chain(AUTH_METHODS.iter().map(Entry::AuthMethod))
}

/// All entries matching `query`, best first (see the module documentation for the
/// ranking). Case, typographic apostrophes, a trailing `.` and an `AADSTS` prefix do
/// not matter. The empty query returns every entry in [`all_entries`] order.
pub fn search(query: &str) -> Vec<Entry> {
    let wanted = normalise_query(query);
    if wanted.is_empty() {
        return all_entries().collect();
    }
    // A result text such as "MFA denied; user is blocked." or a method written as
    // "Passkey (Microsoft Authenticator)" names one entry exactly, whatever its form.
    let named_entries = [
        mfa_result(query).map(Entry::MfaResult),
        auth_method(query).map(Entry::AuthMethod),
    ];
    let words: Vec<&str> = wanted
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| matches!(c, ';' | ',' | '.' | ':')))
        .filter(|word| !word.is_empty())
        .collect();

    let mut ranked: Vec<(u8, Entry)> = all_entries()
        .filter_map(|entry| {
            let named = named_entries
                .iter()
                .flatten()
                .any(|found| found.is_same(&entry));
            rank(&entry, &wanted, &words, named).map(|rank| (rank, entry))
        })
        .collect();
    // Stable: equal ranks keep the table order.
    ranked.sort_by_key(|(rank, _)| *rank);
    ranked.into_iter().map(|(_, entry)| entry).collect()
}

/// The single best entry for `query`, or `None` if nothing matches or the query is
/// empty.
pub fn explain(query: &str) -> Option<Entry> {
    if normalise_query(query).is_empty() {
        return None;
    }
    search(query).into_iter().next()
}

/// A query that begins with a key at least this long (a whole failure reason or
/// result text, followed by more detail) counts as a prefix match.
const LONG_KEY: usize = 16;

/// Lower rank is better; `None` means no match.
fn rank(entry: &Entry, wanted: &str, words: &[&str], named: bool) -> Option<u8> {
    let keys = entry.keys();
    if named || keys.iter().any(|key| key == wanted) {
        return Some(0);
    }
    let starts_with_long_key =
        |key: &String| key.len() >= LONG_KEY && wanted.starts_with(key.as_str());
    if keys
        .iter()
        .any(|key| key.starts_with(wanted) || starts_with_long_key(key))
    {
        return Some(1);
    }
    if keys.iter().any(|key| key.contains(wanted)) {
        return Some(2);
    }
    let body = entry.body();
    if body.contains(wanted) {
        return Some(3);
    }
    let all_words_found = !words.is_empty()
        && words
            .iter()
            .all(|word| body.contains(word) || keys.iter().any(|key| key.contains(word)));
    all_words_found.then_some(4)
}

/// Trim, lower-case, fold `’` to `'`, collapse inner spaces, drop one trailing `.`.
fn normalise(text: &str) -> String {
    let folded = text.replace('\u{2019}', "'").to_lowercase();
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.strip_suffix('.') {
        Some(stripped) => stripped.trim_end().to_string(),
        None => collapsed,
    }
}

/// A query as [`search`] compares it: like [`normalise`], and `AADSTS500121` /
/// `AADSTS 500121` become `500121`. Public because a query that normalises to
/// nothing (only spaces or punctuation) lists everything, and callers may want to
/// say so.
pub fn normalise_query(query: &str) -> String {
    let normalised = normalise(query);
    match normalised.strip_prefix("aadsts") {
        Some(rest) if rest.trim_start().starts_with(|c: char| c.is_ascii_digit()) => {
            rest.trim_start().to_string()
        }
        _ => normalised,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_queries() {
        assert_eq!(normalise_query("  AADSTS500121 "), "500121");
        assert_eq!(normalise_query("aadsts 50074"), "50074");
        assert_eq!(normalise_query("AADSTSx"), "aadstsx");
        assert_eq!(normalise_query("User\u{2019}s   Phone."), "user's phone");
    }
}

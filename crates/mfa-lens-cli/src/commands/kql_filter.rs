//! The `--filter` words of `mfa-lens kql rows`, read into the page's
//! [`Query`], so the command line asks exactly what the Rows view can.
//!
//! One filter per `--filter`, all of them holding together:
//!
//! - `search=TEXT` — the global search (any column contains TEXT);
//! - `outcome=ID` — satisfied, denied, interrupted or no_mfa;
//! - `user=NAME` — the user's rows (case and spaces ignored);
//! - `date=FROM..TO` — RFC 3339 times, either side may be left empty;
//! - `COLUMN=VALUE` — the column is exactly VALUE;
//! - `COLUMN~TEXT` — the column contains TEXT, ignoring case.
//!
//! The first `=` or `~` ends the name, so a value may hold either. Two
//! `outcome=` or two `COLUMN=` of the same column are alternatives (one
//! filter with both values, as the page's value list makes), since both
//! holding at once could never match. A column is a caption of the portal's
//! download (`Username`, `Sign-in error code`), a Log Analytics name
//! (`UserPrincipalName`, `ResultType`) or a computed `$outcome`, `$reason`,
//! `$mfa_required`.

use mfa_lens_core::query::{Filter, Query};
use mfa_lens_core::store::dates::{parse_timestamp, DayOrder};

/// `query` with the filters of `words` added.
pub fn add_filters(mut query: Query, words: &[String]) -> Result<Query, String> {
    for word in words {
        let at = word
            .find(['=', '~'])
            .ok_or_else(|| format!("--filter {word:?}: expected NAME=VALUE or NAME~TEXT"))?;
        let (name, value) = (word[..at].trim(), &word[at + 1..]);
        let contains = word[at..].starts_with('~');
        if name.is_empty() {
            return Err(format!(
                "--filter {word:?}: no column name before the = or ~"
            ));
        }
        let filter = match (name.to_ascii_lowercase().as_str(), contains) {
            ("search", false) => {
                query.search = value.to_string();
                continue;
            }
            ("outcome", false) => Filter::Outcome {
                values: vec![value.to_string()],
            },
            ("user", false) => Filter::User {
                user: value.to_string(),
            },
            ("date", false) => date_range(word, value)?,
            (_, true) => Filter::Contains {
                column: name.to_string(),
                text: value.to_string(),
            },
            (_, false) => Filter::Equals {
                column: name.to_string(),
                values: vec![value.to_string()],
            },
        };
        push(&mut query.filters, filter);
    }
    Ok(query)
}

/// Adds `filter`, joining the values of an `Outcome` or an `Equals` on the
/// same column already there.
fn push(filters: &mut Vec<Filter>, filter: Filter) {
    for f in filters.iter_mut() {
        match (f, &filter) {
            (Filter::Outcome { values }, Filter::Outcome { values: new }) => {
                values.extend(new.iter().cloned());
                return;
            }
            (
                Filter::Equals { column, values },
                Filter::Equals {
                    column: other,
                    values: new,
                },
            ) if column == other => {
                values.extend(new.iter().cloned());
                return;
            }
            _ => {}
        }
    }
    filters.push(filter);
}

/// `FROM..TO` as a date range.
fn date_range(word: &str, value: &str) -> Result<Filter, String> {
    let (from, to) = value
        .split_once("..")
        .ok_or_else(|| format!("--filter {word:?}: expected date=FROM..TO"))?;
    Ok(Filter::DateRange {
        from: time(from)?,
        to: time(to)?,
    })
}

/// An RFC 3339 time (or an empty side of a range) in Unix seconds.
pub fn time(text: &str) -> Result<Option<i64>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    // An RFC 3339 time starts with its four-digit year; the core's reader
    // takes other spellings that would be ambiguous here.
    let iso = text
        .trim()
        .get(..4)
        .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()));
    match parse_timestamp(text, DayOrder::MonthFirst) {
        Some(t) if iso => Ok(Some(t)),
        _ => Err(format!(
            "{text:?} is not an RFC 3339 time (e.g. 2024-05-01T00:00:00Z)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn each_word_is_its_filter() {
        let q = add_filters(
            Query::default(),
            &words(&[
                "Username=a@contoso.com",
                "outcome=denied",
                "Application~portal",
                "Username=b=c",
                "outcome=interrupted",
                "user= Dave ",
                "date=2024-05-01T00:00:00Z..",
                "search=x~y",
            ]),
        )
        .unwrap();
        assert_eq!(q.search, "x~y");
        assert_eq!(
            q.filters,
            vec![
                Filter::Equals {
                    column: "Username".into(),
                    values: vec!["a@contoso.com".into(), "b=c".into()],
                },
                Filter::Outcome {
                    values: vec!["denied".into(), "interrupted".into()],
                },
                Filter::Contains {
                    column: "Application".into(),
                    text: "portal".into(),
                },
                Filter::User {
                    user: " Dave ".into()
                },
                Filter::DateRange {
                    from: Some(1_714_521_600),
                    to: None
                },
            ]
        );
    }

    #[test]
    fn malformed_words_are_refused() {
        for bad in [
            "nothing",
            "=x",
            "date=2024-05-01",
            "date=05/01/2024..",
            "~x",
        ] {
            assert!(
                add_filters(Query::default(), &words(&[bad])).is_err(),
                "{bad}"
            );
        }
        assert_eq!(time(" ").unwrap(), None);
        assert_eq!(
            time("2024-05-01T02:00:00+02:00").unwrap(),
            Some(1_714_521_600)
        );
    }
}

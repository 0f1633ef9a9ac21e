//! `City, State, CC` → `City <hex>, State <hex>, CC`.
//!
//! The country stays: it is what the findings rules and most readers need,
//! and a country alone rarely points to a person. City and state are keyed
//! pseudonyms of their own (same city → same pseudonym, so "seen from this
//! place before" still holds). The separators and any empty part
//! (`, , GB`) are kept as written.

use super::Pseudonyms;
use crate::columns::Personal;

pub(crate) fn pseudonym(p: &Pseudonyms, value: &str) -> String {
    let parts: Vec<&str> = value.split(',').collect();
    let last = parts.len() - 1;
    let mut out = String::with_capacity(value.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let text = part.trim();
        let word = match i {
            _ if text.is_empty() => None,
            _ if i == last && is_country(text) => None,
            0 => Some("City"),
            _ => Some("State"),
        };
        match word {
            None => out.push_str(part),
            Some(word) => {
                let start = part.len() - part.trim_start().len();
                out.push_str(&part[..start]);
                out.push_str(&p.of(Personal::Text(word), text));
                out.push_str(&part[start + text.len()..]);
            }
        }
    }
    out
}

/// A two-letter country code, as the portal writes the country.
fn is_country(text: &str) -> bool {
    text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Key;

    #[test]
    fn city_and_state_are_replaced_and_the_country_kept() {
        let p = Pseudonyms::new(&Key::from_hex(&"02".repeat(32)).unwrap());
        let out = pseudonym(&p, "Seattle, Washington, US");
        let parts: Vec<&str> = out.split(", ").collect();
        assert_eq!(parts.len(), 3, "{out}");
        assert!(parts[0].starts_with("City ") && parts[1].starts_with("State "));
        assert_eq!(parts[2], "US");
        assert_eq!(pseudonym(&p, ", , GB"), ", , GB");
        assert!(pseudonym(&p, "Lisbon, PT").ends_with(", PT"));
        assert!(pseudonym(&p, "Lisbon").starts_with("City "));
    }
}

//! Phone numbers → the same text with every digit but the last two of each
//! number written `X`, as the portal itself shows them (`+X XXXXXXXX64`).
//! The last two digits let an administrator tell a user's two phones apart
//! without saying which phones they are. No key is involved: a mask hides
//! by removing, not by replacing.

/// Masks each number of a list (`,` `;` `|` separate numbers).
pub(crate) fn mask(value: &str) -> String {
    value
        .split_inclusive([',', ';', '|'])
        .map(mask_one)
        .collect()
}

fn mask_one(number: &str) -> String {
    let digits = number.bytes().filter(u8::is_ascii_digit).count();
    let mut left = digits.saturating_sub(2);
    number
        .chars()
        .map(|c| {
            if c.is_ascii_digit() && left > 0 {
                left -= 1;
                'X'
            } else {
                c
            }
        })
        .collect()
}

/// Text that is a phone number, masked or not: digits and `X` with the
/// punctuation numbers are written with, and at least two digits or `X`.
pub(crate) fn looks_like_phone(value: &str) -> bool {
    let v = value.trim();
    let marks = v
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'X' || *c == 'x')
        .count();
    marks >= 2
        && v.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, 'X' | 'x' | '+' | ' ' | '-' | '(' | ')' | '.')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_but_the_last_two_digits_are_masked() {
        assert_eq!(mask("4255550142"), "XXXXXXXX42");
        assert_eq!(mask("+1 (425) 555-0142"), "+X (XXX) XXX-XX42");
        assert_eq!(mask("+X XXXXXXXX64"), "+X XXXXXXXX64");
        assert_eq!(mask("12"), "12");
        assert_eq!(
            mask("+1 4255550101, +1 4255550102"),
            "+X XXXXXXXX01, +X XXXXXXXX02"
        );
    }

    #[test]
    fn phones_are_told_from_names() {
        assert!(looks_like_phone("+X XXXXXXXX64"));
        assert!(looks_like_phone("+1 (425) 555-0142"));
        assert!(!looks_like_phone("Alice's iPhone"));
        assert!(!looks_like_phone("X"));
    }
}

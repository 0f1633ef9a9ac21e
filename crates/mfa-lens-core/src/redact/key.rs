//! The redaction key: 256 secret bits from which every pseudonym follows.
//!
//! Whoever holds the key and an original value can compute its pseudonym and
//! so confirm a guess ("is `user-…` alice@contoso.com?"); without the key the
//! pseudonyms say nothing. So the key is random by default, lives only in
//! memory, and is shown or written only when the person asks. A key given as
//! hex or derived from a passphrase lets two redactions of the same tenant line
//! up (the same user gets the same pseudonym in both).

use std::fmt;

use sha2::Sha256;

/// Salt of the passphrase derivation. Fixed and public on purpose: the same
/// passphrase must give the same key on every machine, so that two people can
/// redact their halves of an investigation alike. A fixed salt means a
/// passphrase is only as strong as itself: choose a long one.
pub const PASSPHRASE_SALT: &[u8] = b"mfa-lens.redact.v1";

/// PBKDF2-HMAC-SHA256 rounds for a passphrase: OWASP's 2023 figure for this
/// function, which makes each guess cost about a second's fraction natively.
pub const PASSPHRASE_ROUNDS: u32 = 600_000;

/// A 256-bit redaction key. Its `Debug` form hides the bits, so a key never
/// reaches a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Key([u8; 32]);

/// Why a key could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// Not 64 hexadecimal digits.
    BadHex,
    /// An empty passphrase would be a key everybody knows.
    EmptyPassphrase,
    /// The operating system (or the browser) gave no random bytes.
    NoRandomness(String),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::BadHex => f.write_str("a key is 64 hexadecimal digits (256 bits)"),
            KeyError::EmptyPassphrase => f.write_str("the passphrase is empty"),
            KeyError::NoRandomness(why) => write!(f, "no random source: {why}"),
        }
    }
}

impl std::error::Error for KeyError {}

impl Key {
    /// A fresh key from the system's random source.
    pub fn random() -> Result<Key, KeyError> {
        let mut bits = [0u8; 32];
        getrandom::getrandom(&mut bits).map_err(|e| KeyError::NoRandomness(e.to_string()))?;
        Ok(Key(bits))
    }

    /// A key written as 64 hexadecimal digits (either case, surrounding
    /// whitespace ignored).
    pub fn from_hex(text: &str) -> Result<Key, KeyError> {
        let text = text.trim().as_bytes();
        if text.len() != 64 {
            return Err(KeyError::BadHex);
        }
        let mut bits = [0u8; 32];
        for (byte, pair) in bits.iter_mut().zip(text.chunks_exact(2)) {
            let high = hex_value(pair[0]).ok_or(KeyError::BadHex)?;
            let low = hex_value(pair[1]).ok_or(KeyError::BadHex)?;
            *byte = high << 4 | low;
        }
        Ok(Key(bits))
    }

    /// The key a passphrase stands for: PBKDF2-HMAC-SHA256 with
    /// [`PASSPHRASE_SALT`] and [`PASSPHRASE_ROUNDS`]. Surrounding whitespace
    /// and line breaks (a passphrase file's last line) are not part of it.
    pub fn from_passphrase(passphrase: &str) -> Result<Key, KeyError> {
        Self::from_passphrase_rounds(passphrase, PASSPHRASE_ROUNDS)
    }

    /// [`Key::from_passphrase`] with another number of rounds (tests).
    pub(crate) fn from_passphrase_rounds(passphrase: &str, rounds: u32) -> Result<Key, KeyError> {
        let passphrase = passphrase.trim();
        if passphrase.is_empty() {
            return Err(KeyError::EmptyPassphrase);
        }
        let mut bits = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<Sha256>(passphrase.as_bytes(), PASSPHRASE_SALT, rounds, &mut bits);
        Ok(Key(bits))
    }

    /// The key as 64 lower-case hexadecimal digits, to show once or keep.
    pub fn to_hex(&self) -> String {
        super::hex(&self.0)
    }

    pub(crate) fn bits(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(hidden)")
    }
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_rejects_what_is_not_a_key() {
        let text = "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";
        let key = Key::from_hex(text).unwrap();
        assert_eq!(key.to_hex(), text.to_ascii_lowercase());
        assert_eq!(Key::from_hex(&text[1..]), Err(KeyError::BadHex));
        assert_eq!(
            Key::from_hex(&text.replace('0', "g")),
            Err(KeyError::BadHex)
        );
    }

    #[test]
    fn random_keys_differ_and_debug_hides_them() {
        let (a, b) = (Key::random().unwrap(), Key::random().unwrap());
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), "Key(hidden)");
    }

    #[test]
    fn passphrases_derive_stable_keys() {
        let a = Key::from_passphrase_rounds("correct horse", 10).unwrap();
        assert_eq!(
            a,
            Key::from_passphrase_rounds(" correct horse\n", 10).unwrap()
        );
        assert_ne!(a, Key::from_passphrase_rounds("correct horse", 11).unwrap());
        assert_ne!(a, Key::from_passphrase_rounds("Correct horse", 10).unwrap());
        assert_eq!(
            Key::from_passphrase_rounds("  ", 10),
            Err(KeyError::EmptyPassphrase)
        );
    }
}

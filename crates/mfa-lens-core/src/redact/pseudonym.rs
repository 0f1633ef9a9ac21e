//! Values → pseudonyms, one function per [`Personal`] class.
//!
//! Every pseudonym is HMAC-SHA-256 under the redaction key over a *domain* (a
//! short tag naming the class) and the *normalised* value. The domain keeps the
//! classes apart: the same text as a user and as a city gives unrelated
//! pseudonyms, so no column can be used to decode another. Normalising first
//! is what makes the analysis survive: `Alice@Contoso.com` and
//! ` alice@contoso.com` are one user to MFA Lens ([`fold_user`]), so they are
//! one pseudonym too, and every count stays the same.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{hex, ip, location, phone, Key};
use crate::classify::users::fold_user;
use crate::columns::Personal;
use crate::knowledge::auth_methods::auth_method;

type HmacSha256 = Hmac<Sha256>;

/// Computes pseudonyms under one key. Cloning the keyed MAC reuses the key's
/// padded blocks, so each pseudonym costs two or three SHA-256 blocks.
#[derive(Clone)]
pub struct Pseudonyms {
    mac: HmacSha256,
}

impl Pseudonyms {
    pub fn new(key: &Key) -> Self {
        let mac = HmacSha256::new_from_slice(key.bits()).expect("HMAC takes keys of any length");
        Pseudonyms { mac }
    }

    /// The MAC of `value` in `domain`. The domain ends at a NUL, which no
    /// domain contains, so (domain, value) pairs cannot run into each other.
    pub(crate) fn mac(&self, domain: &str, value: &[u8]) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(value);
        mac.finalize().into_bytes().into()
    }

    /// The replacement of a non-empty value of class `class`.
    pub fn of(&self, class: Personal, value: &str) -> String {
        match class {
            Personal::User => self.user(value),
            Personal::Name => self.label("User", value),
            Personal::Id => self.id(value),
            Personal::Ip => ip::pseudonym(self, value),
            Personal::Phone => phone::mask(value),
            Personal::Location => location::pseudonym(self, value),
            Personal::MethodDetail => self.method_detail(value),
            Personal::Text(word) => self.label(word, value),
        }
    }

    /// `user-<16 hex>@<domain pseudonym>`: the whole folded name decides the
    /// user part, the domain alone decides the domain, so users of one domain
    /// still share one. `DOMAIN\user` takes its NetBIOS domain as the domain;
    /// a bare name gets no domain.
    fn user(&self, value: &str) -> String {
        let mut folded = String::new();
        fold_user(value, &mut folded);
        let user = hex(&self.mac("user", folded.as_bytes())[..8]);
        let domain = match folded.rsplit_once('@') {
            Some((_, domain)) => Some(domain),
            None => folded.split_once('\\').map(|(domain, _)| domain),
        };
        match domain {
            Some(domain) => {
                let d = hex(&self.mac("domain", domain.as_bytes())[..5]);
                format!("user-{user}@d{d}.example")
            }
            None => format!("user-{user}"),
        }
    }

    /// `<Word> <12 hex>` over the value trimmed, lower-cased and with its
    /// runs of whitespace made one space.
    fn label(&self, word: &str, value: &str) -> String {
        let folded = fold_text(value);
        let domain = format!("text:{word}");
        format!("{word} {}", hex(&self.mac(&domain, folded.as_bytes())[..6]))
    }

    /// A GUID-shaped pseudonym (version 4, RFC 4122 variant) of the value
    /// trimmed and lower-cased, so a Request ID written in either case joins
    /// its auth-details rows as before.
    fn id(&self, value: &str) -> String {
        let folded = value.trim().to_lowercase();
        let mut b: [u8; 16] = self.mac("id", folded.as_bytes())[..16]
            .try_into()
            .expect("16 of 32 bytes");
        b[6] = 0x40 | (b[6] & 0x0f);
        b[8] = 0x80 | (b[8] & 0x3f);
        let h = hex(&b);
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }

    /// A method's detail says which password check ran (kept: MFA Lens reads
    /// it as a method), which phone (masked like every phone) or which device
    /// (a pseudonym). A bracket could hold a device's name, so a method name
    /// is kept only without one.
    fn method_detail(&self, value: &str) -> String {
        if !value.contains('(') && auth_method(value).is_some() {
            return value.to_string();
        }
        if phone::looks_like_phone(value) {
            return phone::mask(value);
        }
        self.label("Device", value)
    }
}

/// Trimmed, lower-cased, whitespace runs collapsed.
pub(crate) fn fold_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> Pseudonyms {
        Pseudonyms::new(&Key::from_hex(&"ab".repeat(32)).unwrap())
    }

    #[test]
    fn one_user_in_any_case_is_one_pseudonym_and_a_domain_stays_shared() {
        let p = p();
        let a = p.of(Personal::User, "Alice@Contoso.com");
        assert_eq!(a, p.of(Personal::User, " alice@contoso.com "));
        let b = p.of(Personal::User, "bob@contoso.com");
        assert_ne!(a, b);
        let domain = |s: &str| s.split_once('@').unwrap().1.to_string();
        assert_eq!(domain(&a), domain(&b));
        assert_ne!(
            domain(&a),
            domain(&p.of(Personal::User, "bob@fabrikam.com"))
        );
        assert!(a.starts_with("user-") && a.ends_with(".example"), "{a}");
        let sam = p.of(Personal::User, "CONTOSO\\tom");
        assert_eq!(sam, p.of(Personal::User, "contoso\\TOM"));
        assert!(sam.contains('@'), "{sam}");
        assert!(!p.of(Personal::User, "tom").contains('@'));
    }

    #[test]
    fn ids_are_guid_shaped_and_case_blind() {
        let p = p();
        let id = p.of(Personal::Id, "F76FF762-AFF6-44D2-8CA1-5772111B8802");
        assert_eq!(
            id,
            p.of(Personal::Id, "f76ff762-aff6-44d2-8ca1-5772111b8802")
        );
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(id.split('-').map(str::len).eq([8, 4, 4, 4, 12]));
    }

    #[test]
    fn classes_are_kept_apart_by_their_domain() {
        let p = p();
        let name = p.of(Personal::Name, "Alice Nguyen");
        assert_eq!(name, p.of(Personal::Name, " alice   nguyen"));
        assert!(name.starts_with("User "));
        let device = p.of(Personal::Text("Device"), "Alice Nguyen");
        assert_ne!(&name[5..], &device[7..]);
    }

    #[test]
    fn method_details_keep_password_sources_and_hide_devices() {
        let p = p();
        let keep = "Password Hash Sync";
        assert_eq!(p.of(Personal::MethodDetail, keep), keep);
        assert_eq!(
            p.of(Personal::MethodDetail, "+X XXXXXXXX64"),
            "+X XXXXXXXX64"
        );
        assert_eq!(
            p.of(Personal::MethodDetail, "+1 425 555 0164"),
            "+X XXX XXX XX64"
        );
        let device = p.of(Personal::MethodDetail, "Alice's iPhone");
        assert!(device.starts_with("Device "), "{device}");
        let bracket = p.of(Personal::MethodDetail, "Password (Alice)");
        assert!(bracket.starts_with("Device "), "{bracket}");
    }
}

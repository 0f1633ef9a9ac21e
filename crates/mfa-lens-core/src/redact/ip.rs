//! IP addresses → addresses of the same family, prefix-preserving.
//!
//! The idea is Crypto-PAn's (Xu, Fan, Ammar, Moon, 2002): bit `i` of the
//! pseudonym is bit `i` of the address flipped or not by a keyed function of
//! the bits *before* it. Two addresses that share their first `k` bits then
//! share the first `k` bits of their pseudonyms, for every `k` — so a /24 in
//! IPv4 or a /48 in IPv6 stays one network — and the mapping is one-to-one,
//! so distinct addresses stay distinct.
//!
//! Where Crypto-PAn spends a block cipher call per bit, this spends one MAC
//! per *byte*: the MAC of the bytes before it (in a domain naming the family
//! and the position) gives 256 bits, and the 255 nodes of the byte's binary
//! prefix tree (the empty prefix, the two one-bit prefixes, …, the 128
//! seven-bit prefixes) each take one of them as their flip bit. Four MACs for
//! an IPv4 address, sixteen for IPv6.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::Pseudonyms;

/// The pseudonym of an address written in `value`; text that is not an
/// address becomes an `Address <hex>` label, so nothing is left in clear.
pub(crate) fn pseudonym(p: &Pseudonyms, value: &str) -> String {
    match value.trim().parse::<IpAddr>() {
        Ok(IpAddr::V4(a)) => Ipv4Addr::from(permute(p, "ip4", a.octets())).to_string(),
        Ok(IpAddr::V6(a)) => Ipv6Addr::from(permute(p, "ip6", a.octets())).to_string(),
        Err(_) => p.of(crate::columns::Personal::Text("Address"), value),
    }
}

/// The prefix-preserving permutation of an address's bytes.
pub(crate) fn permute<const N: usize>(p: &Pseudonyms, family: &str, bytes: [u8; N]) -> [u8; N] {
    let mut out = [0u8; N];
    for i in 0..N {
        let domain = format!("{family}:{i}");
        let flips = p.mac(&domain, &bytes[..i]);
        out[i] = permute_byte(&flips, bytes[i]);
    }
    out
}

/// One byte through its prefix tree: at depth `d` the node is `1` followed by
/// the byte's first `d` bits; its flip bit is bit `node` of `flips`.
fn permute_byte(flips: &[u8; 32], byte: u8) -> u8 {
    let (mut out, mut node) = (0u8, 1usize);
    for d in 0..8 {
        let bit = (byte >> (7 - d)) & 1;
        let flip = (flips[node / 8] >> (node % 8)) & 1;
        out = (out << 1) | (bit ^ flip);
        node = node * 2 + usize::from(bit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Key;

    #[test]
    fn every_byte_tree_is_a_permutation() {
        let flips: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(97) ^ 0x5a);
        let mut seen = [false; 256];
        for b in 0..=255u8 {
            seen[permute_byte(&flips, b) as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn addresses_keep_their_family_and_text_is_labelled() {
        let p = Pseudonyms::new(&Key::from_hex(&"01".repeat(32)).unwrap());
        let v4 = pseudonym(&p, "203.0.113.24");
        assert!(v4.parse::<Ipv4Addr>().is_ok(), "{v4}");
        assert_ne!(v4, "203.0.113.24");
        let v6 = pseudonym(&p, "2001:db8::1");
        assert!(v6.parse::<Ipv6Addr>().is_ok(), "{v6}");
        assert_eq!(v6, pseudonym(&p, "2001:DB8:0::1"));
        assert!(pseudonym(&p, "not an address").starts_with("Address "));
    }
}
